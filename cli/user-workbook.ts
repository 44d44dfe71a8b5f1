/**
 * A user's own workbook on the command line: read with exceljs (sheets, values, merges), the KPI
 * table found in it, and the generated sheets added to that same workbook object, so that the
 * user's sheets are written back as exceljs read them (values, formulas, styles, merges,
 * validation) and the new sheets sit beside them.
 */
import ExcelJS from 'exceljs';
import { readTable, type TableRead } from '../core/templates/read-table.js';
import type { WorkbookDesc } from '../core/templates/types.js';
import { buildWorkbook, writeFileSafely } from './xlsx.js';

export interface UserSheet {
  readonly name: string;
  readonly hidden: boolean;
  /** Values from A1: values[row - 1][column - 1]; formulas give their cached result. */
  readonly values: unknown[][];
  /** Merged areas as A1 ranges ("C3:E3"). */
  readonly merges: string[];
}

export interface UserWorkbook {
  readonly workbook: ExcelJS.Workbook;
  readonly sheets: readonly UserSheet[];
  /** Workbook names already defined (new names must differ). */
  readonly names: readonly string[];
}

/** A cell's value as the table readers take it: numbers, text, booleans, null; errors as their code text. */
export function plainCell(value: ExcelJS.CellValue): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    const o = value as unknown as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text?: unknown }[]).map((r) => (typeof r.text === 'string' ? r.text : '')).join('');
    if (typeof o.error === 'string') return o.error;
    if ('formula' in o || 'sharedFormula' in o) return o.result === undefined ? null : plainCell(o.result as ExcelJS.CellValue);
    if (typeof o.text === 'string') return o.text;
    if (typeof o.text === 'object' && o.text !== null) return plainCell(o.text as ExcelJS.CellValue);
  }
  return null;
}

/** Reads a workbook file: every sheet's values and merges. */
export async function readUserWorkbook(path: string): Promise<UserWorkbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheets: UserSheet[] = [];
  workbook.eachSheet((ws) => {
    const values: unknown[][] = [];
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      const line: unknown[] = [];
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        // A merged area holds its value in the top-left cell only.
        if (cell.isMerged && cell.master !== cell) return;
        line[c - 1] = plainCell(cell.value);
      });
      for (let i = 0; i < line.length; i++) if (line[i] === undefined) line[i] = null;
      values[r - 1] = line;
    });
    for (let i = 0; i < values.length; i++) if (values[i] === undefined) values[i] = [];
    const merges = ((ws.model as unknown as { merges?: unknown }).merges ?? []) as unknown[];
    sheets.push({ name: ws.name, hidden: ws.state !== 'visible', values, merges: merges.filter((m): m is string => typeof m === 'string') });
  });
  const names = (workbook.definedNames as unknown as { model: { name: string }[] }).model.map((n) => n.name);
  return { workbook, sheets, names };
}

/** The table of a sheet, read as a plan (a header that names KPI, target and weight is preferred). */
export function readPlanTable(sheet: UserSheet): TableRead | null {
  return readTable(sheet.values, { merges: sheet.merges, prefer: ['kpi', 'target', 'weight'], searchRows: 20 });
}

/** The sheet asked for, or the first visible sheet whose table names KPI, target and weight. */
export function pickPlanSheet(book: UserWorkbook, name?: string): { sheet: UserSheet; table: TableRead | null } | undefined {
  if (name !== undefined) {
    const sheet = book.sheets.find((s) => s.name === name) ?? book.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
    return sheet ? { sheet, table: readPlanTable(sheet) } : undefined;
  }
  for (const sheet of book.sheets) {
    if (sheet.hidden) continue;
    const table = readPlanTable(sheet);
    if (table !== null && table.missing.length === 0) return { sheet, table };
  }
  return undefined;
}

/**
 * Adds the sheets of a description to an existing exceljs workbook: the description is rendered
 * on its own by the .xlsx renderer, and each of its worksheets is copied (its model: cells,
 * styles, merges, validation, conditional formats, protection, views) into `target`, after the
 * sheets already there; its workbook names are added too. The sheets already in `target` are
 * not touched.
 */
export async function addDescSheets(target: ExcelJS.Workbook, desc: WorkbookDesc): Promise<void> {
  const made = await buildWorkbook(desc);
  const taken = new Set(target.worksheets.map((w) => w.name.toLowerCase()));
  for (const sheet of desc.sheets) {
    if (taken.has(sheet.name.toLowerCase())) throw new Error(`the workbook already has a sheet named "${sheet.name}"`);
  }
  for (const from of made.worksheets) {
    const to = target.addWorksheet(from.name);
    const model = from.model as unknown as Record<string, unknown>;
    to.model = { ...model, id: to.id, name: from.name } as unknown as ExcelJS.WorksheetModel;
    to.state = from.state;
  }
  for (const n of desc.names) target.definedNames.add(n.ref, n.name);
  target.calcProperties.fullCalcOnLoad = true;
}

/**
 * Writes a workbook to `path`. Without `overwrite` an existing file is left alone (EEXIST);
 * with it, the file is written beside the target and renamed over it.
 */
export async function writeWorkbookFile(workbook: ExcelJS.Workbook, path: string, overwrite: boolean): Promise<void> {
  await writeFileSafely(Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer), path, { overwrite });
}
