/**
 * The .xlsx side of the renderer comparison: writes a description with the .xlsx renderer, reads
 * the file back with exceljs and gives its WorkbookSnapshot; and recalculates any snapshot in
 * HyperFormula, so the workbooks three renderers wrote can be compared by value too.
 */
import ExcelJS from 'exceljs';
import { HyperFormula, type RawCellContent, type Sheets } from 'hyperformula';
import { addr, parseCell, parseRange } from '../../core/templates/a1.js';
import type { WorkbookDesc } from '../../core/templates/types.js';
import { readSheet, type EngineValue } from '../../cli/hyperformula.js';
import { xlsxBuffer } from '../../cli/xlsx.js';
import { validationKey, type SheetSnapshot, type SnapCell, type WorkbookSnapshot } from './snapshot.js';

/** Fill colours of conditional formats (cli/xlsx.ts CONDITIONAL_STYLES) back to their style. */
const CF_STYLE_BY_FILL: Record<string, string> = { FFFFC7CE: 'bad', FFC6EFCE: 'good', FFFFEB9C: 'warn' };
const UNBOUNDED = 1e307;

function byRowThenColumn(a: string, b: string): number {
  const p = parseCell(a);
  const q = parseCell(b);
  return p.row - q.row || p.col - q.col;
}

function snapCell(value: ExcelJS.CellValue): SnapCell | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return { v: value };
  if (typeof value === 'string') return value === '' ? null : { v: value };
  if (typeof value === 'object' && 'formula' in value && typeof value.formula === 'string') return { f: `=${value.formula}` };
  if (typeof value === 'object' && 'richText' in value) return { v: value.richText.map((r) => r.text).join('') };
  throw new Error(`unexpected cell value ${JSON.stringify(value)}`);
}

function bound(x: unknown): number | undefined {
  const n = typeof x === 'number' ? x : typeof x === 'string' && x.trim() !== '' ? Number(x) : undefined;
  return n === undefined || !Number.isFinite(n) || Math.abs(n) >= UNBOUNDED ? undefined : n;
}

function validationOf(dv: ExcelJS.DataValidation): string {
  const formula = String(dv.formulae?.[0] ?? '');
  switch (dv.type) {
    case 'list': {
      const source = formula.startsWith('"') ? formula.slice(1, -1) : `=${formula}`;
      return validationKey({ type: 'list', source, allowBlank: Boolean(dv.allowBlank) });
    }
    case 'decimal': {
      const [a, b] = dv.formulae ?? [];
      const op = dv.operator ?? 'between';
      const min = op === 'between' || op === 'greaterThanOrEqual' ? bound(a) : undefined;
      const max = op === 'between' ? bound(b) : op === 'lessThanOrEqual' ? bound(a) : undefined;
      return validationKey({ type: 'decimal', ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}), allowBlank: Boolean(dv.allowBlank) });
    }
    case 'custom':
      return validationKey({ type: 'custom', formula: `=${formula}`, allowBlank: Boolean(dv.allowBlank) });
    default:
      throw new Error(`unexpected validation type ${dv.type}`);
  }
}

function sheetSnapshot(ws: ExcelJS.Worksheet): SheetSnapshot {
  const cells: Record<string, SnapCell> = {};
  const numFmts: Record<string, string> = {};
  const unlocked: string[] = [];
  const protectedSheet = Boolean((ws as unknown as { sheetProtection?: { sheet?: boolean } }).sheetProtection?.sheet);
  ws.eachRow({ includeEmpty: true }, (row, r) => {
    row.eachCell({ includeEmpty: true }, (cell, c) => {
      const a = addr(c, r);
      if (cell.isMerged && cell.master !== cell) return;
      const s = snapCell(cell.value);
      if (s) cells[a] = s;
      if (cell.numFmt && cell.numFmt !== 'General') numFmts[a] = cell.numFmt;
      if (protectedSheet && cell.style?.protection?.locked === false) unlocked.push(a);
    });
  });
  const validations: Record<string, string> = {};
  const model = (ws as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model;
  for (const [address, dv] of Object.entries(model)) {
    const key = validationOf(dv);
    const r = parseRange(address.replace(/^range:/, ''));
    for (let row = r.top; row <= r.bottom; row++) for (let c = r.left; c <= r.right; c++) validations[addr(c, row)] = key;
  }
  const conditionalFormats: string[] = [];
  const formattings = (ws as unknown as { conditionalFormattings?: ExcelJS.ConditionalFormattingOptions[] }).conditionalFormattings;
  for (const cf of formattings ?? []) {
    for (const rule of cf.rules) {
      const fill = (rule as { style?: { fill?: { bgColor?: { argb?: string } } } }).style?.fill?.bgColor?.argb ?? '';
      const formula = (rule as { formulae?: string[] }).formulae?.[0] ?? '';
      conditionalFormats.push(`${cf.ref}|=${formula}|${CF_STYLE_BY_FILL[fill] ?? fill}`);
    }
  }
  const view = ws.views[0] as (Partial<ExcelJS.WorksheetViewFrozen> & { activeCell?: string }) | undefined;
  const frozen = view?.state === 'frozen' ? { rows: view.ySplit ?? 0, columns: view.xSplit ?? 0 } : { rows: 0, columns: 0 };
  const hiddenColumns: number[] = [];
  (ws.columns ?? []).forEach((c, i) => {
    if (c.hidden) hiddenColumns.push(i + 1);
  });
  const merges = [...((ws as unknown as { model: { merges?: string[] } }).model.merges ?? [])].sort();
  return {
    name: ws.name,
    hidden: ws.state !== 'visible',
    cells,
    numFmts,
    merges,
    frozen,
    hiddenColumns,
    validations,
    conditionalFormats: conditionalFormats.sort(),
    protected: protectedSheet,
    unlocked: unlocked.sort(byRowThenColumn),
    charts: [],
    ...(view?.activeCell ? { activeCell: view.activeCell } : {}),
  };
}

/** The snapshot of the .xlsx file the .xlsx renderer writes for a description. */
export async function xlsxSnapshot(desc: WorkbookDesc): Promise<WorkbookSnapshot> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await xlsxBuffer(desc)) as unknown as ExcelJS.Buffer);
  const names: Record<string, string> = {};
  for (const n of wb.definedNames.model as { name: string; ranges: string[] }[]) names[n.name] = n.ranges.join(',');
  return { sheets: wb.worksheets.map(sheetSnapshot), names };
}

/** A snapshot cell as HyperFormula raw content (text as text, formulas as formulas). */
function raw(c: SnapCell): RawCellContent {
  if ('f' in c) return c.f;
  return typeof c.v === 'string' ? `'${c.v}` : c.v;
}

/** Recalculates a snapshot in HyperFormula: the computed values of every sheet, by name. */
export function recalculate(snapshot: WorkbookSnapshot): Map<string, EngineValue[][]> {
  const sheets: Sheets = {};
  for (const s of snapshot.sheets) {
    const grid: RawCellContent[][] = [];
    for (const [a, c] of Object.entries(s.cells)) {
      const p = parseCell(a);
      const row = (grid[p.row - 1] ??= []);
      row[p.col - 1] = raw(c);
    }
    for (let r = 0; r < grid.length; r++) {
      const row = (grid[r] ??= []);
      for (let c = 0; c < row.length; c++) if (row[c] === undefined) row[c] = null;
    }
    sheets[s.name] = grid;
  }
  const names = Object.entries(snapshot.names).map(([name, ref]) => ({ name, expression: `=${ref}` }));
  const hf = HyperFormula.buildFromSheets(sheets, { licenseKey: 'gpl-v3', useArrayArithmetic: true }, names);
  try {
    return new Map(snapshot.sheets.map((s) => [s.name, readSheet(hf, s.name)]));
  } finally {
    hf.destroy();
  }
}
