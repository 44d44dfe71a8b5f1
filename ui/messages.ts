/**
 * Words for what an insert did or why it failed, from the host-neutral outcome and error codes.
 * No DOM here; the app and the tests share these.
 */
import type { TemplateKind } from '../core/templates/options.js';
import { RENDER_ERROR_CODES, isRenderError, type RenderErrorCode, type RenderOutcome } from '../core/templates/render.js';
import type { AppText } from './app-text.js';
import type { UpdateReport } from './bridge.js';
import { fill } from './text.js';

/** The result message: which sheets were added, how many rows the main one has, what to do next. */
export function outcomeLines(t: AppText, kind: TemplateKind, outcome: RenderOutcome): string[] {
  const visible = outcome.sheets.filter((s) => !s.hidden);
  const hidden = outcome.sheets.filter((s) => s.hidden);
  const main = visible.find((s) => s.name === outcome.activeSheet) ?? visible[visible.length - 1] ?? outcome.sheets[0];
  const quote = (name: string) => `“${name}”`;
  const rows = String(main?.rows ?? 0);
  const hint = t.hint[kind];
  const lines: string[] = [];
  if (visible.length <= 1) {
    lines.push(fill(main && main.rows > 0 ? t.addedOne : t.addedOneNoRows, { sheet: main?.name ?? '', rows, hint }));
  } else {
    const sheets = visible.map((s) => quote(s.name)).join(t.listSep);
    lines.push(fill(main && main.rows > 0 ? t.addedMany : t.addedManyNoRows, { sheets, sheet: main?.name ?? '', rows, hint }));
  }
  if (hidden.length > 0) lines.push(fill(t.hidden, { sheets: hidden.map((s) => quote(s.name)).join(t.listSep) }));
  if (outcome.names.length > 0) lines.push(fill(t.names, { count: String(outcome.names.length), first: outcome.names[0]! }));
  if (outcome.activeSheet !== '') lines.push(fill(t.cursor, { sheet: outcome.activeSheet, cell: outcome.activeCell }));
  return lines;
}

/** A failed insert as the UI understands it. */
export interface Failure {
  readonly code: RenderErrorCode | 'option' | 'unknown';
  readonly detail: string;
  readonly rollbackFailed: boolean;
  /** Sheets the user must delete by hand when undoing failed, where the host knows them. */
  readonly sheets: readonly string[];
}

/** Reads what a bridge rejected with: a RenderError (with `sheets` where known) or a localized option message. */
export function toFailure(e: unknown): Failure {
  if (isRenderError(e)) {
    const sheets = (e as { sheets?: unknown }).sheets;
    return {
      code: (RENDER_ERROR_CODES as readonly string[]).includes(e.code) ? e.code : 'hostError',
      detail: e.detail,
      rollbackFailed: e.rollbackFailed,
      sheets: Array.isArray(sheets) ? sheets.filter((s): s is string => typeof s === 'string') : [],
    };
  }
  if (e instanceof Error && e.name === 'OptionError') return { code: 'option', detail: e.message, rollbackFailed: false, sheets: [] };
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'unknown', detail: message, rollbackFailed: false, sheets: [] };
}

/** The error message: what happened and what to do, then whether the workbook is untouched. */
export function failureLines(t: AppText, f: Failure, errors: Readonly<Partial<Record<RenderErrorCode, string>>> = {}): string[] {
  const lines: string[] = [];
  if (f.code === 'option') lines.push(f.detail);
  else if (f.code === 'unknown') lines.push(fill(t.unknownError, { detail: f.detail }));
  else {
    lines.push(errors[f.code] ?? t.errors[f.code]);
    if (f.detail !== '' && (f.code === 'hostError' || f.code === 'badDescription')) lines.push(fill(t.hostDetail, { detail: f.detail }));
  }
  if (!f.rollbackFailed) lines.push(t.leftAsWas);
  else if (f.sheets.length > 0) lines.push(fill(t.rollbackFailed, { sheets: f.sheets.map((s) => `“${s}”`).join(t.listSep) }));
  else lines.push(t.rollbackFailedUnknown);
  return lines;
}

/** What an update did: employees kept, added, archived (and where), KPI lines added, formulas written back. */
export function reportLines(t: AppText, report: UpdateReport): string[] {
  const names = (list: readonly string[]) => list.join(t.listSep);
  const lines = [fill(t.reportKept, { count: String(report.kept) })];
  if (report.added.length > 0) lines.push(fill(t.reportAdded, { count: String(report.added.length), names: names(report.added) }));
  if (report.archived.length > 0) {
    lines.push(fill(t.reportArchived, { sheet: report.archiveSheet ?? '', count: String(report.archived.length), names: names(report.archived) }));
  }
  if (report.kpisAdded > 0) lines.push(fill(t.reportKpis, { count: String(report.kpisAdded) }));
  if (report.restored.length > 0) lines.push(fill(t.reportRestored, { cells: names(report.restored) }));
  return lines;
}

/** A bad option, rejected before anything is written: its message is already in the user's language. */
export class OptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OptionError';
  }
}

/**
 * A formula cut into pieces that may wrap: after "(" and after ", " only, so numbers and names
 * never break inside.
 */
export function formulaParts(formula: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < formula.length; i++) {
    const ch = formula[i];
    const end = ch === '(' ? i + 1 : ch === ',' && formula[i + 1] === ' ' ? i + 2 : -1;
    if (end > 0) {
      parts.push(formula.slice(start, end));
      start = end;
    }
  }
  if (start < formula.length) parts.push(formula.slice(start));
  return parts;
}

/** The default period label: this quarter. */
export function currentPeriod(lang: 'en' | 'zh-CN', now = new Date()): string {
  const q = Math.floor(now.getMonth() / 3) + 1;
  return lang === 'en' ? `${now.getFullYear()} Q${q}` : `${now.getFullYear()}年第${'一二三四'[q - 1]}季度`;
}
