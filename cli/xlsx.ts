/**
 * The .xlsx renderer: writes a host-neutral WorkbookDesc to an Excel file with exceljs.
 * Content comes from the description only; this module decides how things look on paper and on
 * screen (named styles, page setup), never what a cell holds.
 *
 * exceljs writes no charts: the chart requests are added to the written file as native charts
 * (see chart.ts).
 */
import { writeFile, rename, unlink } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import ExcelJS from 'exceljs';
import type {
  CellSpec,
  ConditionalFormat,
  SheetDesc,
  StyleName,
  Validation,
  WorkbookDesc,
} from '../core/templates/types.js';
import { addr, parseCell, parseRange, rangeAddress, type RangeRef } from '../core/templates/a1.js';
import { addCharts } from './chart.js';
import { displayWidth } from './text.js';

type Fill = ExcelJS.FillPattern;
type Border = Partial<ExcelJS.Borders>;

const INK = 'FF1F2937';
const NAVY = 'FF1F3864';
const GRID = 'FFBFC7D5';
const FONT = 'Calibri';

const thin = (argb: string): ExcelJS.Border => ({ style: 'thin', color: { argb } });
const boxed = (argb: string): Border => ({ top: thin(argb), left: thin(argb), bottom: thin(argb), right: thin(argb) });
const solid = (argb: string): Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb }, bgColor: { argb } });

/** The look of each named style. Input cells are unlocked; everything else stays locked. */
export const NAMED_STYLES: Readonly<Record<StyleName, Readonly<Partial<ExcelJS.Style>>>> = {
  title: {
    font: { name: FONT, family: 2, size: 16, bold: true, color: { argb: NAVY } },
    alignment: { vertical: 'middle', horizontal: 'left' },
  },
  subtitle: {
    font: { name: FONT, family: 2, size: 11, italic: true, color: { argb: 'FF475569' } },
    alignment: { vertical: 'middle', horizontal: 'left' },
  },
  header: {
    font: { name: FONT, family: 2, size: 11, bold: true, color: { argb: 'FFFFFFFF' } },
    fill: solid('FF1F4E78'),
    border: boxed('FF1F4E78'),
    alignment: { vertical: 'middle', horizontal: 'center', wrapText: true },
  },
  input: {
    font: { name: FONT, family: 2, size: 11, color: { argb: 'FF0B3D91' } },
    fill: solid('FFFFF7D6'),
    border: boxed('FFE3C868'),
    alignment: { vertical: 'middle' },
    protection: { locked: false },
  },
  formula: {
    font: { name: FONT, family: 2, size: 11, color: { argb: INK } },
    border: boxed(GRID),
    alignment: { vertical: 'middle' },
    protection: { locked: true },
  },
  total: {
    font: { name: FONT, family: 2, size: 11, bold: true, color: { argb: NAVY } },
    fill: solid('FFE8EEF7'),
    border: {
      top: { style: 'thin', color: { argb: NAVY } },
      bottom: { style: 'double', color: { argb: NAVY } },
      left: thin(GRID),
      right: thin(GRID),
    },
    alignment: { vertical: 'middle' },
    protection: { locked: true },
  },
  note: {
    font: { name: FONT, family: 2, size: 9, italic: true, color: { argb: 'FF64748B' } },
    alignment: { vertical: 'top', horizontal: 'left' },
  },
};

/** Conditional format looks: Excel's standard light red / green / yellow. */
export const CONDITIONAL_STYLES: Readonly<Record<ConditionalFormat['style'], { fill: string; font: string }>> = {
  bad: { fill: 'FFFFC7CE', font: 'FF9C0006' },
  good: { fill: 'FFC6EFCE', font: 'FF006100' },
  warn: { fill: 'FFFFEB9C', font: 'FF9C5700' },
};

/** Excel's limits on data validation texts (characters). */
const PROMPT_MAX = 255;
const ERROR_MAX = 225;
const LIST_LITERAL_MAX = 255;

function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

function stripEquals(formula: string): string {
  const f = formula.trim();
  return f.startsWith('=') ? f.slice(1) : f;
}

interface CellLook {
  style?: StyleName;
  numFmt?: string;
}

/** Cell looks are shared objects (exceljs caches styles by identity); they are never mutated. */
class LookCache {
  private readonly cache = new Map<string, Partial<ExcelJS.Style>>();

  get(look: CellLook): Partial<ExcelJS.Style> {
    const key = `${look.style ?? ''}\u0000${look.numFmt ?? ''}`;
    let style = this.cache.get(key);
    if (!style) {
      const base = look.style ? NAMED_STYLES[look.style] : {};
      style = structuredClone({ ...base, ...(look.numFmt ? { numFmt: look.numFmt } : {}) }) as Partial<ExcelJS.Style>;
      this.cache.set(key, style);
    }
    return style;
  }
}

function forEachCell(r: RangeRef, fn: (row: number, col: number) => void): void {
  for (let row = r.top; row <= r.bottom; row++) {
    for (let col = r.left; col <= r.right; col++) fn(row, col);
  }
}

const KEY_COLS = 16_384;
const key = (row: number, col: number): number => row * KEY_COLS + col;

function cellValue(spec: CellSpec, where: string): ExcelJS.CellValue {
  if ('f' in spec) {
    const formula = stripEquals(spec.f);
    if (formula.length === 0) throw new Error(`${where}: empty formula`);
    return { formula } as ExcelJS.CellFormulaValue;
  }
  const v = spec.v;
  if (v === null) return null;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`${where}: ${v} is not a finite number`);
    return v;
  }
  // Strings are written as text: a value that begins with = + - @ is never a formula.
  return v;
}

function validationModel(v: Validation): ExcelJS.DataValidation {
  const common = {
    allowBlank: v.allowBlank,
    showErrorMessage: true,
    errorStyle: 'stop' as const,
    error: clip(v.message, ERROR_MAX),
    showInputMessage: true,
    prompt: clip(v.message, PROMPT_MAX),
  };
  switch (v.type) {
    case 'list': {
      let formula: string;
      if (typeof v.source === 'string') {
        formula = stripEquals(v.source);
      } else {
        const items = [...v.source];
        for (const item of items) {
          if (item.includes(',') || item.includes('"')) {
            throw new Error(`validation list item "${item}" may not contain a comma or a quote`);
          }
        }
        formula = `"${items.join(',')}"`;
        if (formula.length - 2 > LIST_LITERAL_MAX) {
          throw new Error(`validation list for ${v.range} is longer than ${LIST_LITERAL_MAX} characters: use a named range`);
        }
      }
      return { type: 'list', formulae: [formula], ...common };
    }
    case 'decimal': {
      if (v.min !== undefined && v.max !== undefined) {
        return { type: 'decimal', operator: 'between', formulae: [v.min, v.max], ...common };
      }
      if (v.min !== undefined) {
        return { type: 'decimal', operator: 'greaterThanOrEqual', formulae: [v.min], ...common };
      }
      if (v.max !== undefined) {
        return { type: 'decimal', operator: 'lessThanOrEqual', formulae: [v.max], ...common };
      }
      return { type: 'decimal', operator: 'between', formulae: [-1e307, 1e307], ...common };
    }
    case 'custom':
      return { type: 'custom', formulae: [stripEquals(v.formula)], ...common };
  }
}

/** Header rows wrap their text: give them the height the longest header needs. */
function headerRowHeights(sheet: SheetDesc, values: Map<number, string>, looks: Map<number, CellLook>): Map<number, number> {
  const widths = sheet.columns.map((c) => c.width);
  const hidden = new Set(sheet.columns.flatMap((c, i) => (c.hidden ? [i + 1] : [])));
  const mergedWidth = new Map<number, number>();
  for (const m of sheet.merges) {
    const r = parseRange(m);
    let w = 0;
    for (let c = r.left; c <= r.right; c++) w += widths[c - 1] ?? 9;
    mergedWidth.set(key(r.top, r.left), w);
  }
  const heights = new Map<number, number>();
  for (const [k, look] of looks) {
    if (look.style !== 'header') continue;
    const text = values.get(k);
    if (!text) continue;
    const row = Math.floor(k / KEY_COLS);
    const col = k % KEY_COLS;
    if (hidden.has(col)) continue;
    const width = mergedWidth.get(k) ?? widths[col - 1] ?? 9;
    const lines = text
      .split('\n')
      .reduce((n, part) => n + Math.max(1, Math.ceil((displayWidth(part) * 1.2) / Math.max(1, width - 1.5))), 0);
    const h = Math.min(96, lines * 15 + 5);
    heights.set(row, Math.max(heights.get(row) ?? 20, h));
  }
  return heights;
}

async function renderSheet(wb: ExcelJS.Workbook, sheet: SheetDesc, looks: LookCache): Promise<void> {
  const firstInput = sheet.styles.find((s) => s.style === 'input');
  const activeCell = firstInput ? addr(parseRange(firstInput.range).left, parseRange(firstInput.range).top) : 'A1';
  const frozen = sheet.frozen && (sheet.frozen.rows > 0 || sheet.frozen.columns > 0) ? sheet.frozen : undefined;
  const view: Partial<ExcelJS.WorksheetView> = frozen
    ? {
        state: 'frozen',
        xSplit: frozen.columns,
        ySplit: frozen.rows,
        topLeftCell: addr(frozen.columns + 1, frozen.rows + 1),
        activeCell,
      }
    : { state: 'normal', activeCell };

  const ws = wb.addWorksheet(sheet.name, {
    state: sheet.hidden ? 'hidden' : 'visible',
    views: [view],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
      ...(frozen && frozen.rows > 0 && !sheet.name.includes("'") ? { printTitlesRow: `1:${frozen.rows}` } : {}),
    },
  });

  sheet.columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = c.width;
    if (c.hidden) col.hidden = true;
  });

  // Values and formulas, block by block.
  const texts = new Map<number, string>();
  for (const block of sheet.blocks) {
    const at = parseCell(block.at);
    const width = block.cells[0]?.length ?? 0;
    block.cells.forEach((rowCells, i) => {
      if (rowCells.length !== width) {
        throw new Error(`sheet "${sheet.name}", block at ${block.at}: row ${i + 1} has ${rowCells.length} cells, expected ${width}`);
      }
      const row = ws.getRow(at.row + i);
      rowCells.forEach((spec, j) => {
        const where = `sheet "${sheet.name}" ${addr(at.col + j, at.row + i)}`;
        const value = cellValue(spec, where);
        if (value !== null) row.getCell(at.col + j).value = value;
        if ('v' in spec && typeof spec.v === 'string') texts.set(key(at.row + i, at.col + j), spec.v);
      });
    });
  }

  // Styles and number formats, merged per cell, then assigned as shared style objects.
  const cellLooks = new Map<number, CellLook>();
  for (const s of sheet.styles) {
    forEachCell(parseRange(s.range), (r, c) => {
      const k = key(r, c);
      const prev = cellLooks.get(k);
      cellLooks.set(k, { ...prev, style: s.style });
    });
  }
  for (const f of sheet.formats) {
    forEachCell(parseRange(f.range), (r, c) => {
      const k = key(r, c);
      const prev = cellLooks.get(k);
      cellLooks.set(k, { ...prev, numFmt: f.numFmt });
    });
  }
  for (const [k, look] of cellLooks) {
    ws.getCell(Math.floor(k / KEY_COLS), k % KEY_COLS).style = looks.get(look);
  }
  for (const [row, height] of headerRowHeights(sheet, texts, cellLooks)) ws.getRow(row).height = height;
  for (const s of sheet.styles) {
    if (s.style === 'title') {
      const r = parseRange(s.range);
      for (let row = r.top; row <= r.bottom; row++) ws.getRow(row).height = 28;
    }
  }

  for (const m of sheet.merges) ws.mergeCells(rangeAddress(parseRange(m)));

  // One rule per range (sqref), not one per cell; exceljs keeps this collection off its typings.
  const validations = (ws as unknown as { dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void } })
    .dataValidations;
  for (const v of sheet.validations) validations.add(rangeAddress(parseRange(v.range)), validationModel(v));

  let priority = 1;
  for (const cf of sheet.conditionalFormats) {
    const look = CONDITIONAL_STYLES[cf.style];
    ws.addConditionalFormatting({
      ref: rangeAddress(parseRange(cf.range)),
      rules: [
        {
          type: 'expression',
          priority: priority++,
          formulae: [stripEquals(cf.formula)],
          style: {
            fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: look.fill } },
            font: { color: { argb: look.font } },
          },
        },
      ],
    });
  }

  if (sheet.protect) {
    await ws.protect('', {
      selectLockedCells: true,
      selectUnlockedCells: true,
      formatColumns: true,
      formatRows: true,
      autoFilter: true,
      sort: false,
    });
  }
}

const NAME_REF = /^(?:'(?:[^']|'')+'|[^'!]+)!\$[A-Z]{1,3}\$[0-9]+(?::\$[A-Z]{1,3}\$[0-9]+)?$/;

/** Builds the exceljs workbook for a description. Throws on a description it cannot write. */
export async function buildWorkbook(desc: WorkbookDesc): Promise<ExcelJS.Workbook> {
  const seen = new Set<string>();
  for (const s of desc.sheets) {
    const lower = s.name.toLowerCase();
    if (seen.has(lower)) throw new Error(`two sheets are named "${s.name}"`);
    seen.add(lower);
  }
  if (desc.sheets.length > 0 && desc.sheets.every((s) => s.hidden)) {
    throw new Error('a workbook needs at least one visible sheet');
  }
  const wb = new ExcelJS.Workbook();
  wb.creator = 'KPI Kit';
  wb.created = new Date(0);
  wb.modified = new Date(0);
  wb.calcProperties.fullCalcOnLoad = true;
  const firstVisible = desc.sheets.findIndex((s) => !s.hidden);
  wb.views = [{ x: 0, y: 0, width: 28800, height: 17000, firstSheet: 0, activeTab: Math.max(0, firstVisible), visibility: 'visible' }];

  const looks = new LookCache();
  for (const sheet of desc.sheets) await renderSheet(wb, sheet, looks);

  for (const n of desc.names) {
    if (!/^[A-Za-z_\\][A-Za-z0-9_.]*$/.test(n.name)) throw new Error(`"${n.name}" is not a valid workbook name`);
    if (!NAME_REF.test(n.ref)) throw new Error(`name ${n.name}: "${n.ref}" is not an absolute sheet range`);
    wb.definedNames.add(n.ref, n.name);
  }
  return wb;
}

/** The .xlsx file for a description, in memory, with its charts. */
export async function xlsxBuffer(desc: WorkbookDesc): Promise<Buffer> {
  const wb = await buildWorkbook(desc);
  const data = await wb.xlsx.writeBuffer();
  return addCharts(Buffer.from(data as ArrayBuffer), desc.sheets);
}

export interface WriteOptions {
  /** Replace an existing file (default true). With false, an existing file is left alone and an error with code EEXIST is thrown. */
  readonly overwrite?: boolean;
}

/**
 * Writes the description to `path`. The workbook is built in memory first, so a description that
 * cannot be written leaves no file. Replacing: the file is written beside the target and renamed
 * over it, so readers see the old file or the new one, never half of one.
 */
export async function writeXlsx(desc: WorkbookDesc, path: string, options: WriteOptions = {}): Promise<void> {
  const buffer = await xlsxBuffer(desc);
  if (options.overwrite === false) {
    // 'wx' creates the file only if it does not exist yet, in one step.
    try {
      await writeFile(path, buffer, { flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') await unlink(path).catch(() => undefined);
      throw err;
    }
    return;
  }
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await writeFile(tmp, buffer);
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}
