/**
 * The reading of a system export as roles per column (employee, KPI, value, date; or one column
 * per KPI, named by its header): what is proposed, what a change does, what stops it, and the
 * request it makes. No DOM here.
 */
import type { AppText } from './app-text.js';
import type { ExportRequest, TableProposal } from './bridge.js';
import { assignRole } from './mapping-table.js';
import { fill } from './text.js';

export const EXPORT_ROLES = ['employee', 'kpi', 'actual', 'period', 'wide'] as const;
export type ExportRole = (typeof EXPORT_ROLES)[number];
export type Roles = Readonly<Record<string, ExportRole | ''>>;

/** The active sheet, in the export choice. */
export const ACTIVE_EXPORT = '*active*';

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?%?$/;
export const numeric = (s: string) => NUMBER.test(s.trim().replace(/,/g, ''));

/**
 * Roles per column letter as first proposed: the reader's employee, KPI, value and date columns;
 * without a KPI column, every other column with a number under a header is read as one KPI's
 * values (a wide export); with a KPI column but no value column, the first other column with a
 * number is the value.
 */
export function proposedExportRoles(p: TableProposal): Record<string, ExportRole | ''> {
  const roles: Record<string, ExportRole | ''> = {};
  for (const c of p.columns) {
    roles[c.letter] = c.kpi !== undefined ? 'wide' : c.role === 'employee' || c.role === 'kpi' || c.role === 'actual' || c.role === 'period' ? c.role : '';
  }
  // Read as an export by the host: as proposed.
  if (p.columns.some((c) => c.kpi !== undefined || c.role === 'actual')) return roles;
  const held = new Set(Object.values(roles));
  const free = p.columns.filter((c) => roles[c.letter] === '' && c.role === undefined && c.samples.some(numeric));
  if (!held.has('kpi')) {
    if (!held.has('actual')) for (const c of free) if (c.header.trim() !== '') roles[c.letter] = 'wide';
  } else if (!held.has('actual') && free[0]) roles[free[0].letter] = 'actual';
  return roles;
}

/** A role given to one column leaves the column that held it (one KPI value column per KPI: many may hold 'wide'). */
export function assignExportRole(roles: Roles, letter: string, role: ExportRole | ''): Record<string, ExportRole | ''> {
  return assignRole(roles, letter, role, 'wide');
}

/** Why the roles cannot be sent yet, in words; empty when they can. */
export function exportIssues(p: TableProposal, roles: Roles, t: AppText): string[] {
  const held = new Set(Object.values(roles));
  const wide = p.columns.filter((c) => roles[c.letter] === 'wide');
  const issues: string[] = [];
  const missing: ExportRole[] = [];
  if (!held.has('employee')) missing.push('employee');
  if (wide.length > 0 && (held.has('kpi') || held.has('actual'))) issues.push(t.exportBoth);
  else if (wide.length === 0) for (const r of ['kpi', 'actual'] as const) if (!held.has(r)) missing.push(r);
  if (missing.length > 0) issues.unshift(fill(t.confirmMissing, { roles: missing.map((r) => t.exportRoles[r]).join(t.listSep) }));
  for (const c of wide) if (c.header.trim() === '') issues.push(fill(t.exportNoHeader, { column: c.letter }));
  const byHeader = new Map<string, string[]>();
  for (const c of wide) if (c.header.trim() !== '') byHeader.set(c.header.trim(), [...(byHeader.get(c.header.trim()) ?? []), c.letter]);
  for (const letters of byHeader.values()) if (letters.length > 1) issues.push(fill(t.exportSameHeader, { columns: letters.join(t.listSep) }));
  return issues;
}

/** The request for the confirmed roles. */
export function exportRequestOf(p: TableProposal, roles: Roles): ExportRequest {
  const columns: Partial<Record<'employee' | 'kpi' | 'actual' | 'period', string>> = {};
  const kpiColumns: Record<string, string> = {};
  for (const c of p.columns) {
    const r = roles[c.letter];
    if (r === 'wide') kpiColumns[c.kpi ?? c.header.trim()] = c.letter;
    else if (r) columns[r] = c.letter;
  }
  return {
    sheet: p.sheet,
    mapping: { headerRow: p.headerRow, firstRow: p.firstRow, lastRow: p.lastRow, columns, ...(Object.keys(kpiColumns).length > 0 ? { kpiColumns } : {}) },
  };
}

