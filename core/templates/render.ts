/**
 * What every in-workbook renderer (Office.js, SpreadsheetApp) reports back, host-neutral: the
 * progress of a render, what it added, and why it failed. The UI turns these into localized
 * words; renderers never show text of their own.
 */
import type { WorkbookDesc } from './types.js';

/** Why a render stopped. After any of these the workbook is as it was before the render. */
export const RENDER_ERROR_CODES = [
  /** The host lacks a requirement set templates need (Excel below ExcelApi 1.8). */
  'unsupported',
  /** A request would exceed the host's payload limit even in the smallest chunk. */
  'payloadTooLarge',
  /** A sheet or range the render needs is protected. */
  'protected',
  /** A sheet the render made or reads was deleted or renamed meanwhile. */
  'sheetGone',
  /** A sheet or workbook name the render chose was taken meanwhile. */
  'nameTaken',
  /** The host's time limit would be reached (Apps Script's 6 minutes). */
  'timeLimit',
  /** Another insert is running in the same spreadsheet; nothing was written. */
  'busy',
  /** Someone else changed a typed cell of the sheets being updated; nothing was rewritten. */
  'edited',
  /** The description itself cannot be written (a ragged block, a bad address). */
  'badDescription',
  /** Anything else the host refused; `detail` holds its words. */
  'hostError',
] as const;
export type RenderErrorCode = (typeof RENDER_ERROR_CODES)[number];

/** A render failure: a code the UI localizes, and the host's own words for the details line. */
export class RenderError extends Error {
  constructor(
    readonly code: RenderErrorCode,
    readonly detail: string = '',
    /** True when undoing the partial render failed too, so the workbook may hold leftovers. */
    readonly rollbackFailed = false,
  ) {
    super(detail !== '' ? `${code}: ${detail}` : code);
    this.name = 'RenderError';
  }
}

export function isRenderError(e: unknown): e is RenderError {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'RenderError' && typeof (e as { code?: unknown }).code === 'string';
}

/** Progress of one render, for a progress bar: `done` of `total` steps. */
export interface RenderProgress {
  readonly done: number;
  readonly total: number;
}

export type ProgressCallback = (p: RenderProgress) => void;

/** One sheet a render added. */
export interface AddedSheet {
  readonly key: string;
  readonly name: string;
  /** Data rows of its main table (employees, KPIs, ratees, ...); 0 where it has none. */
  readonly rows: number;
  readonly hidden: boolean;
}

/** What a render added, for the result message ("Added sheet 'KPI Review (2)' with 240 rows"). */
export interface RenderOutcome {
  readonly sheets: readonly AddedSheet[];
  readonly names: readonly string[];
  /** The sheet and cell where the cursor was put: the first input cell. */
  readonly activeSheet: string;
  readonly activeCell: string;
}

/** The main table's data rows of a sheet: the table with the most rows. */
function mainRows(sheet: WorkbookDesc['sheets'][number]): number {
  let best = 0;
  for (const t of sheet.tables ?? []) best = Math.max(best, t.lastRow - t.firstRow + 1);
  return best;
}

/** The outcome a complete render of `desc` reports (the same in every host). */
export function renderOutcome(desc: WorkbookDesc): RenderOutcome {
  const visible = desc.sheets.filter((s) => !s.hidden);
  const main = visible[visible.length - 1] ?? desc.sheets[0];
  return {
    sheets: desc.sheets.map((s) => ({ key: s.key, name: s.name, rows: mainRows(s), hidden: Boolean(s.hidden) })),
    names: desc.names.map((n) => n.name),
    activeSheet: main?.name ?? '',
    activeCell: main?.activeCell ?? 'A1',
  };
}
