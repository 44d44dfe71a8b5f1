/**
 * The host side of the confirm step, shared by the Excel engine and the Sheets server code: a
 * sheet's values read into the proposal the pane shows (one row per column of the user's table,
 * with the roles proposed and the cells that give no value), and the confirmed mapping checked
 * and turned into the input of generateReviewFromUserPlan. No host API here: the hosts read the
 * values and pass them in.
 */
import { readExport } from '../core/templates/export.js';
import type { PlanMapping } from '../core/templates/options.js';
import { ROLES, readTable, type Role } from '../core/templates/read-table.js';
import { USER_FIELDS, readUserPlan, type UserPlanInput, type UserPlanMapping } from '../core/templates/user-plan.js';
import type { Locale } from '../core/types.js';
import { APP_TEXT } from './app-text.js';
import type { TableProposal, UserPlanRequest } from './bridge.js';

/** A user's table is read from this block of the sheet (from A1). */
export const TABLE_READ_ROWS = 500;
export const TABLE_READ_COLUMNS = 40;
/** A review reads at most this many plan rows. */
const MAX_LINES = 200;
const SAMPLES = 2;

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

const blank = (v: unknown) => text(v).replace(/[\s\u3000]+/g, '') === '';

function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function letters(index: number): string {
  let x = index + 1;
  let out = '';
  while (x > 0) {
    const rem = (x - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    x = Math.floor((x - 1) / 26);
  }
  return out;
}

/**
 * The proposal for a sheet's values (`display`: the same cells as shown, for the samples; the
 * values where absent), or null when the sheet holds nothing. Where no row reads as a header,
 * the first row with text is taken as the header and every column is left for the user to name.
 */
export function proposeTable(sheet: string, values: readonly (readonly unknown[])[], lang: Locale, display?: readonly (readonly unknown[])[]): TableProposal | null {
  const rows = values.slice(0, TABLE_READ_ROWS).map((r) => (Array.isArray(r) ? r.slice(0, TABLE_READ_COLUMNS) : []));
  const read = readTable(rows, { prefer: ['kpi', 'target', 'weight'], maxRows: MAX_LINES });
  let headerRow: number;
  let headerRows = 1;
  let firstRow: number;
  let lastRow: number;
  let columns: { letter: string; header: string; role?: Role }[];
  if (read !== null) {
    headerRow = read.headerRow;
    headerRows = read.headerRows;
    firstRow = read.firstRow;
    lastRow = read.lastRow;
    columns = read.columns.map((c) => ({ letter: c.letter, header: c.header, ...(c.role !== undefined ? { role: c.role } : {}) }));
  } else {
    const at = rows.findIndex((r) => r.some((v) => !blank(v)));
    if (at < 0) return null;
    headerRow = at + 1;
    firstRow = headerRow + 1;
    let last = rows.length;
    while (last > firstRow && rows[last - 1]!.every(blank)) last--;
    lastRow = Math.min(last, firstRow + MAX_LINES - 1);
    columns = rows[at]!.map((v, i) => ({ letter: letters(i), header: text(v).trim() }));
  }
  const shown = display ?? values;
  const cols = columns
    .map((c) => {
      const i = colIndex(c.letter);
      const samples: string[] = [];
      for (let r = firstRow; r <= lastRow && samples.length < SAMPLES; r++) {
        const s = text(shown[r - 1]?.[i]).trim();
        if (s !== '') samples.push(s.length > 40 ? `${s.slice(0, 39)}…` : s);
      }
      return { ...c, samples };
    })
    .filter((c) => c.header !== '' || c.samples.length > 0 || c.role !== undefined);
  const proposal: TableProposal = { sheet, headerRow, headerRows, firstRow, lastRow: Math.max(lastRow, firstRow), columns: cols, problems: [] };
  const mapping = mappingOf(proposal, Object.fromEntries(cols.filter((c) => c.role !== undefined).map((c) => [c.role!, c.letter])));
  if (mapping !== undefined) return { ...proposal, problems: problemsOf(sheet, rows, mapping, lang) };
  const shownRows = display?.slice(0, TABLE_READ_ROWS).map((r) => (Array.isArray(r) ? r.slice(0, TABLE_READ_COLUMNS) : []));
  return exportProposal(sheet, rows, shownRows) ?? proposal;
}

/** Problems a proposal carries at most (they travel between the host and the page). */
const MAX_PROBLEMS = 200;

/**
 * A sheet that reads as a system export (an employee column, and a KPI and a value column or
 * columns of KPIs) proposed as the export reader reads it: its columns and roles, and every cell
 * the review could not use; undefined for any other sheet.
 */
function exportProposal(sheet: string, values: readonly (readonly unknown[])[], display: readonly (readonly unknown[])[] | undefined): TableProposal | undefined {
  const ex = readExport(values, display ?? null, { sheet });
  if (ex === null || ex.roles.employee === undefined) return undefined;
  if (ex.shape === 'wide' ? Object.keys(ex.kpiColumns).length === 0 : ex.roles.kpi === undefined || ex.roles.actual === undefined) return undefined;
  return {
    sheet,
    headerRow: ex.headerRow,
    headerRows: ex.headerRows,
    firstRow: ex.firstRow,
    lastRow: ex.lastRow,
    columns: ex.columns
      .filter((c) => c.header !== '' || c.samples.length > 0 || c.role !== undefined || c.kpi !== undefined)
      .map((c) => ({ letter: c.letter, header: c.header, samples: c.samples, ...(c.role !== undefined ? { role: c.role } : {}), ...(c.kpi !== undefined ? { kpi: c.kpi } : {}) })),
    problems: ex.problems.slice(0, MAX_PROBLEMS).map((p) => ({ cell: p.cell, field: p.field, text: p.text, message: p.message })),
  };
}

/** The user-plan mapping for roles → letters, or undefined without a KPI, target and weight column. */
function mappingOf(p: Pick<TableProposal, 'headerRow' | 'firstRow' | 'lastRow'>, roles: Partial<Record<Role, string>>): UserPlanMapping | undefined {
  const columns: Partial<Record<string, string>> = {};
  for (const f of USER_FIELDS) if (roles[f] !== undefined) columns[f] = roles[f];
  if (columns.kpi === undefined || columns.target === undefined || columns.weight === undefined) return undefined;
  return { headerRow: p.headerRow, firstRow: p.firstRow, lastRow: p.lastRow, columns: columns as UserPlanMapping['columns'] };
}

function problemsOf(sheet: string, values: readonly (readonly unknown[])[], mapping: UserPlanMapping, lang: Locale): TableProposal['problems'] {
  const read = readUserPlan({ sheet, values, mapping }, lang);
  return read.problems.map((p) => ({ cell: p.cell, field: p.field, text: p.text, message: p.message }));
}

/**
 * The confirmed mapping checked (it comes from the page) and made the input of
 * generateReviewFromUserPlan; an Error with the message in `lang` when it cannot be used.
 */
export function userPlanInput(request: UserPlanRequest, values: readonly (readonly unknown[])[], lang: Locale): UserPlanInput {
  const t = APP_TEXT[lang] ?? APP_TEXT.en;
  const m = request?.mapping;
  const sheet = request?.sheet;
  const whole = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 1;
  const bad = () => new Error(t.confirmInvalid);
  if (typeof sheet !== 'string' || sheet === '' || typeof m !== 'object' || m === null) throw bad();
  if (!whole(m.headerRow) || !whole(m.firstRow) || !whole(m.lastRow) || m.firstRow <= m.headerRow || m.lastRow < m.firstRow) throw bad();
  if (m.lastRow - m.firstRow + 1 > MAX_LINES) throw bad();
  const roles: Partial<Record<Role, string>> = {};
  const used = new Set<string>();
  for (const [role, col] of Object.entries(m.columns ?? {})) {
    if (!(ROLES as readonly string[]).includes(role) || typeof col !== 'string' || !/^[A-Z]{1,2}$/.test(col) || colIndex(col) >= TABLE_READ_COLUMNS) throw bad();
    if (used.has(col)) throw bad();
    used.add(col);
    roles[role as Role] = col;
  }
  const mapping = mappingOf(m, roles);
  if (mapping === undefined) throw bad();
  // Only the rows and columns the mapping reads are kept (a Sheets job carries them between calls).
  const width = Math.max(...Object.values(mapping.columns).map((c) => colIndex(c as string))) + 1;
  const rows = values.slice(0, mapping.lastRow).map((r) => (Array.isArray(r) ? r.slice(0, width) : []));
  return { sheet, values: rows, mapping };
}
