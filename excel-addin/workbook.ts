/// <reference types="office-js" />
/**
 * The open workbook as the template generator needs it: the names already taken, the plan tables
 * a review can read, and one Excel.run per user action around the renderer.
 */
import { findPlanTable } from '../core/templates/find-plan.js';
import { col } from '../core/templates/a1.js';
import type { ProgressCallback, RenderOutcome } from '../core/templates/render.js';
import type { WorkbookDesc } from '../core/templates/types.js';
import type { Locale } from '../core/types.js';
import type { PlanChoice, TableProposal } from '../ui/bridge.js';
import { TABLE_READ_COLUMNS, TABLE_READ_ROWS, proposeTable } from '../ui/proposal.js';
import { isKitPlan } from '../core/templates/find-plan.js';
import { renderWorkbook, type RenderOptions } from './render.js';
import { excelFeatures } from './support.js';

/** Rows and columns of a sheet read when looking for a plan table. */
export const PLAN_READ_ROWS = 220;
export const PLAN_READ_COLUMNS = 40;

/** Sheet and workbook names already in the workbook (one sync). */
export async function readWorkbookContext(context: Excel.RequestContext): Promise<{ existingSheets: string[]; existingNames: string[] }> {
  const sheets = context.workbook.worksheets;
  sheets.load('items/name');
  const names = context.workbook.names;
  names.load('items/name');
  await context.sync();
  return { existingSheets: sheets.items.map((s) => s.name), existingNames: names.items.map((n) => n.name) };
}

/**
 * Visible sheets that hold a plan table (two syncs: the sheets, then the first
 * PLAN_READ_ROWS x PLAN_READ_COLUMNS cells of each visible one).
 */
export async function readPlanChoices(context: Excel.RequestContext): Promise<PlanChoice[]> {
  const sheets = context.workbook.worksheets;
  sheets.load('items/name,items/visibility');
  await context.sync();
  const reads = sheets.items
    .filter((s) => s.visibility === 'Visible')
    .map((s) => {
      const range = s.getRange(`A1:${col(PLAN_READ_COLUMNS)}${PLAN_READ_ROWS}`);
      range.load('values');
      return { sheet: s.name, range };
    });
  if (reads.length === 0) return [];
  await context.sync();
  const out: PlanChoice[] = [];
  for (const { sheet, range } of reads) {
    const mapping = findPlanTable(sheet, trimmed(range.values as unknown[][]));
    if (mapping) {
      const kit = isKitPlan(range.values as unknown[][], mapping);
      out.push({ sheet, mapping, kpis: mapping.lastRow - mapping.firstRow + 1, ...(kit ? {} : { own: true }) });
    }
  }
  return out;
}

/** What a read of a sheet's values gives: the sheet's name, its values, and the workbook's sheet and workbook names. */
interface SheetRead {
  sheet: string;
  values: unknown[][];
  existingSheets: string[];
  existingNames: string[];
}

/** Loads `range`'s values with the sheet's name and the workbook's sheet and workbook names, in one sync. */
async function readWithNames(context: Excel.RequestContext, ws: Excel.Worksheet, range: Excel.Range): Promise<SheetRead> {
  ws.load('name');
  range.load('values');
  const sheets = context.workbook.worksheets;
  sheets.load('items/name');
  const names = context.workbook.names;
  names.load('items/name');
  await context.sync();
  return {
    sheet: ws.name,
    values: trimmed(range.values as unknown[][]),
    existingSheets: sheets.items.map((s) => s.name),
    existingNames: names.items.map((n) => n.name),
  };
}

/**
 * The values of a user's table, from A1 (TABLE_READ_ROWS x TABLE_READ_COLUMNS), with the sheet
 * and workbook names, in one sync; the active sheet without `sheet`.
 */
export function readSheetValues(context: Excel.RequestContext, sheet?: string): Promise<SheetRead> {
  const ws = sheet === undefined ? context.workbook.worksheets.getActiveWorksheet() : context.workbook.worksheets.getItem(sheet);
  return readWithNames(context, ws, ws.getRange(`A1:${col(TABLE_READ_COLUMNS)}${TABLE_READ_ROWS}`));
}

/**
 * Every value of a sheet from A1 to its last used cell (a system export the review's actuals come
 * from: all its rows, for the roster), with the sheet and workbook names, in one sync.
 */
export function readUsedValues(context: Excel.RequestContext, sheet: string): Promise<SheetRead> {
  const ws = context.workbook.worksheets.getItem(sheet);
  return readWithNames(context, ws, ws.getRange('A1').getBoundingRect(ws.getUsedRange(true)));
}

/** A sheet's table as a proposal for the confirm step (one Excel.run, one sync). */
export async function readTableProposal(context: Excel.RequestContext, lang: Locale, sheet?: string): Promise<TableProposal | null> {
  const read = await readSheetValues(context, sheet);
  return proposeTable(read.sheet, read.values, lang);
}

/** The values without their trailing empty rows. */
function trimmed(values: unknown[][]): unknown[][] {
  let n = values.length;
  while (n > 0 && (values[n - 1] ?? []).every((v) => v === '' || v === null || v === undefined)) n--;
  return values.slice(0, n);
}

/**
 * Renders `desc` in one Excel.run, merged into one undo step where Excel can (ExcelApi 1.20). With
 * `options.regenerate`, a sheet or workbook name another user takes meanwhile is replaced by the
 * next free one (see RenderOptions.regenerate).
 */
export async function runTemplate(desc: WorkbookDesc, onProgress?: ProgressCallback, options: RenderOptions = {}): Promise<RenderOutcome> {
  const features = options.features ?? excelFeatures();
  const batch = (context: Excel.RequestContext): Promise<RenderOutcome> => renderWorkbook(context, desc, onProgress, { ...options, features });
  return features.mergeUndoGroup ? Excel.run({ mergeUndoGroup: true }, batch) : Excel.run(batch);
}
