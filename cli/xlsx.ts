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
import JSZip from 'jszip';
import type {
  CellSpec,
  ConditionalFormat,
  PrintSetup,
  SheetDesc,
  StyleName,
  Validation,
  WorkbookDesc,
} from '../core/templates/types.js';
import { abs, addr, col, colNumber, parseCell, parseRange, quoteSheet, range, rangeAddress, type RangeRef } from '../core/templates/a1.js';
import { CONDITIONAL_LOOKS, FONT, LOOKS, type Edge, type Look } from '../core/templates/looks.js';
import { addCharts, CHART_COLUMNS, CHART_ROWS } from './chart.js';
import { displayWidth } from './text.js';

type Fill = ExcelJS.FillPattern;
type Border = Partial<ExcelJS.Borders>;

/**
 * The Chinese workbook's font: 等线 (DengXian), Excel's default for Chinese. A font name in .xlsx is
 * one name; charset 134 (GB2312) tells Excel which script it is for, and where 等线 is missing
 * (LibreOffice on Linux) the Chinese fallback (Noto Sans CJK SC) draws it.
 */
export const CJK_FONT = '等线';
const CJK_CHARSET = 134;

const solid = (argb: string): Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb }, bgColor: { argb } });

type Lang = NonNullable<WorkbookDesc['lang']>;

/** "#1F4E78" as exceljs writes colours: "FF1F4E78". */
const argb = (hex: string): string => `FF${hex.slice(1).toUpperCase()}`;

function border(b: NonNullable<Look['borders']>): Border {
  const edge = (e: Edge): ExcelJS.Border => ({ style: e.double ? 'double' : 'thin', color: { argb: argb(e.color) } });
  return { top: edge(b.top), left: edge(b.left), bottom: edge(b.bottom), right: edge(b.right) };
}

/** One look (core/templates/looks.ts) as an exceljs style in the given font. */
function styleOf(look: Look, face: Partial<ExcelJS.Font>): Partial<ExcelJS.Style> {
  return {
    font: {
      ...face,
      size: look.size,
      ...(look.bold ? { bold: true } : {}),
      ...(look.italic ? { italic: true } : {}),
      color: { argb: argb(look.color) },
    },
    ...(look.fill ? { fill: solid(argb(look.fill)) } : {}),
    ...(look.borders ? { border: border(look.borders) } : {}),
    alignment: {
      vertical: look.vertical,
      ...(look.horizontal ? { horizontal: look.horizontal } : {}),
      ...(look.wrap ? { wrapText: true } : {}),
    },
    protection: { locked: look.locked },
  };
}

/** The look of each named style in a language's font. Input cells are unlocked; everything else stays locked. */
export function namedStyles(lang: Lang = 'en'): Readonly<Record<StyleName, Readonly<Partial<ExcelJS.Style>>>> {
  const face: Partial<ExcelJS.Font> =
    lang === 'zh-CN' ? { name: CJK_FONT, family: 2, charset: CJK_CHARSET } : { name: FONT, family: 2 };
  return Object.fromEntries(
    (Object.keys(LOOKS) as StyleName[]).map((name) => [name, styleOf(LOOKS[name], face)]),
  ) as Record<StyleName, Partial<ExcelJS.Style>>;
}

/** The named styles of an English workbook. */
export const NAMED_STYLES = namedStyles('en');

/** Conditional format looks (core/templates/looks.ts) as exceljs writes colours. */
export const CONDITIONAL_STYLES: Readonly<Record<ConditionalFormat['style'], { fill: string; font: string }>> = Object.fromEntries(
  Object.entries(CONDITIONAL_LOOKS).map(([k, l]) => [k, { fill: argb(l.fill), font: argb(l.font) }]),
) as Record<ConditionalFormat['style'], { fill: string; font: string }>;

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
  /** Long text wraps within its column (set by the renderer, see wrapRows). */
  wrap?: boolean;
  /** The cell holds a number. */
  number?: boolean;
}

/** Cell looks are shared objects (exceljs caches styles by identity); they are never mutated. */
class LookCache {
  private readonly cache = new Map<string, Partial<ExcelJS.Style>>();

  constructor(private readonly styles: Readonly<Record<StyleName, Readonly<Partial<ExcelJS.Style>>>> = NAMED_STYLES) {}

  get(look: CellLook): Partial<ExcelJS.Style> {
    const key = `${look.style ?? ''}\u0000${look.numFmt ?? ''}\u0000${look.wrap ? 1 : 0}${look.number ? 1 : 0}`;
    let style = this.cache.get(key);
    if (!style) {
      const base = look.style ? this.styles[look.style] : {};
      const made = structuredClone({ ...base, ...(look.numFmt ? { numFmt: look.numFmt } : {}) }) as Partial<ExcelJS.Style>;
      if (look.wrap) made.alignment = { vertical: 'top', ...made.alignment, wrapText: true };
      // Numbers keep Calibri's narrow digits in every language: the columns are measured in them.
      if ((look.numFmt || look.number) && made.font && made.font.name !== FONT) made.font = { ...made.font, name: FONT, charset: undefined };
      style = made;
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

/**
 * Width of text in Excel's column unit (the width of a digit of the 11-pt body font): Latin
 * letters of Calibri average under one (wider when bold, or drawn by a fallback font in a Chinese
 * workbook), Chinese characters a full em, about 2.1 digits. Averages of Latin text err on the wide
 * side: a spare line is white space, a missing one cuts text.
 */
function textUnits(text: string, bold: boolean, lang: Lang): number {
  // Where 等线 is missing, Latin letters of a Chinese workbook fall back to a wide face (DejaVu Sans).
  const latin = lang === 'zh-CN' ? (bold ? 1.4 : 1.25) : bold ? 0.88 : 0.8;
  let w = 0;
  for (const ch of text) w += displayWidth(ch) === 2 ? 2.1 : latin;
  return w;
}

/**
 * Lines a text takes in a column `width` characters wide, wrapped as Excel and LibreOffice wrap:
 * at explicit line breaks, at spaces, and between Chinese characters.
 */
export function wrappedLines(text: string, width: number, bold: boolean, lang: Lang): number {
  const room = Math.max(1, width - 0.5);
  let lines = 0;
  for (const paragraph of text.split('\n')) {
    // Words (with the space after them) and single wide characters are the pieces a line takes whole.
    const pieces = paragraph.match(/[^\s\u2E80-\uA4CF\uF900-\uFAFF\uFF00-\uFF60]+\s*|[\u2E80-\uA4CF\uF900-\uFAFF\uFF00-\uFF60]\s*|\s+/g) ?? [];
    let n = 1;
    let used = 0;
    for (const piece of pieces) {
      const w = textUnits(piece.trimEnd(), bold, lang);
      const full = textUnits(piece, bold, lang);
      if (used > 0 && used + w > room) {
        n++;
        used = 0;
      }
      if (w > room) {
        // A word longer than the line is cut where the line ends.
        n += Math.ceil(w / room) - 1;
        used = w % room;
      } else {
        used += full;
      }
    }
    lines += n;
  }
  return lines;
}

/** Height in points of one line of 11-pt text: Chinese faces (Noto Sans CJK, 等线) need more. */
const lineHeight = (lang: Lang): number => (lang === 'zh-CN' ? 16.5 : 15);

/**
 * Rows whose text needs more than one line: header rows (which always wrap) and cells of tables
 * and notes whose text is longer than its column. Returns the row heights and the cells to wrap.
 */
function wrapRows(
  sheet: SheetDesc,
  values: Map<number, string>,
  looks: Map<number, CellLook>,
  lang: Lang,
): { heights: Map<number, number>; wrap: number[] } {
  const widths = sheet.columns.map((c) => c.width);
  const hidden = new Set(sheet.columns.flatMap((c, i) => (c.hidden ? [i + 1] : [])));
  const mergedWidth = new Map<number, number>();
  for (const m of sheet.merges) {
    const r = parseRange(m);
    let w = 0;
    for (let c = r.left; c <= r.right; c++) if (!hidden.has(c)) w += widths[c - 1] ?? 9;
    mergedWidth.set(key(r.top, r.left), w);
  }
  // Rows that hold table cells (any style but notes and titles).
  const sharedRows = new Set<number>();
  for (const [k, look] of looks) {
    if (look.style && look.style !== 'note' && look.style !== 'title' && look.style !== 'subtitle') sharedRows.add(Math.floor(k / KEY_COLS));
  }
  const heights = new Map<number, number>();
  const wrap: number[] = [];
  for (const [k, text] of values) {
    const look = looks.get(k);
    const style = look?.style;
    if (!style || style === 'title') continue;
    const row = Math.floor(k / KEY_COLS);
    if (style === 'subtitle' || (style === 'note' && lang === 'zh-CN')) {
      // A line of Chinese text needs a little more than the default row.
      if (lang === 'zh-CN' && !sharedRows.has(row)) heights.set(row, Math.max(heights.get(row) ?? 0, lineHeight(lang) + 3));
      if (style === 'subtitle') continue;
    }
    const c = k % KEY_COLS;
    if (hidden.has(c)) continue;
    const width = mergedWidth.get(k) ?? widths[c - 1] ?? 9;
    const lines = wrappedLines(text, width, style === 'header' || style === 'total', lang);
    if (style !== 'header') {
      if (lines <= 1) continue;
      // A note beside a table (a side table's note in a row of the main table) does not make the
      // table's row tall: it keeps to its line.
      if (style === 'note' && sharedRows.has(row)) continue;
      wrap.push(k);
    }
    const h = Math.min(150, lines * lineHeight(lang) + 5);
    heights.set(row, Math.max(heights.get(row) ?? (style === 'header' ? 20 : 15), h));
  }
  return { heights, wrap };
}

/** Narrow margins (Excel's "Narrow"), in inches: room for a wide table on A4 landscape. */
const MARGINS = { left: 0.25, right: 0.25, top: 0.6, bottom: 0.6, header: 0.25, footer: 0.25 };
/** The scale of an area too wide for one legible page: it prints across pages at this size. */
const ACROSS_SCALE = 75;

/** The print areas as written: an area that holds a chart's anchor is widened to the whole chart. */
export function printAreas(sheet: SheetDesc): string[] {
  return (sheet.print?.areas ?? []).map((a) => {
    let r = parseRange(a);
    for (const chart of sheet.charts) {
      const at = parseCell(chart.anchor);
      if (at.col >= r.left && at.col <= r.right && at.row >= r.top && at.row <= r.bottom) {
        r = { ...r, right: Math.max(r.right, at.col + CHART_COLUMNS - 1), bottom: Math.max(r.bottom, at.row + CHART_ROWS - 1) };
      }
    }
    return range(r.left, r.top, r.right, r.bottom);
  });
}

function pageSetup(print: PrintSetup | undefined): Partial<ExcelJS.PageSetup> {
  const common: Partial<ExcelJS.PageSetup> = { paperSize: 9, orientation: 'landscape', horizontalCentered: false, margins: MARGINS };
  if (print && print.fitWidth === false) return { ...common, fitToPage: false, scale: ACROSS_SCALE };
  return { ...common, fitToPage: true, fitToWidth: 1, fitToHeight: print?.fitHeight ? 1 : 0 };
}

async function renderSheet(wb: ExcelJS.Workbook, sheet: SheetDesc, looks: LookCache, lang: Lang): Promise<void> {
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
    // Print areas and title rows are workbook names, written after exceljs (see printNames).
    pageSetup: pageSetup(sheet.print),
    // Every printed page says which sheet it is and which page of the sheet.
    headerFooter: { oddFooter: '&L&A&R&P / &N' },
  });

  sheet.columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = c.width;
    if (c.hidden) col.hidden = true;
  });

  // Values and formulas, block by block.
  const texts = new Map<number, string>();
  const numbers = new Set<number>();
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
        if ('v' in spec && typeof spec.v === 'number') numbers.add(key(at.row + i, at.col + j));
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
  // Per-cell formats (a column whose rows differ), after the range formats: they win.
  for (const g of sheet.formatGrids ?? []) {
    const at = parseCell(g.at);
    g.numFmts.forEach((line, i) => {
      line.forEach((numFmt, j) => {
        const k = key(at.row + i, at.col + j);
        const { numFmt: _old, ...prev } = cellLooks.get(k) ?? {};
        cellLooks.set(k, numFmt === '' || numFmt.toLowerCase() === 'general' ? prev : { ...prev, numFmt });
      });
    });
  }
  for (const k of numbers) {
    const look = cellLooks.get(k);
    if (look) cellLooks.set(k, { ...look, number: true });
  }
  for (const [k, look] of cellLooks) {
    ws.getCell(Math.floor(k / KEY_COLS), k % KEY_COLS).style = looks.get(look);
  }
  const { heights, wrap } = wrapRows(sheet, texts, cellLooks, lang);
  for (const k of wrap) {
    const look = { ...cellLooks.get(k), wrap: true };
    cellLooks.set(k, look);
    ws.getCell(Math.floor(k / KEY_COLS), k % KEY_COLS).style = looks.get(look);
  }
  for (const [row, height] of heights) ws.getRow(row).height = height;
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

  const lang: Lang = desc.lang ?? 'en';
  const looks = new LookCache(namedStyles(lang));
  for (const sheet of desc.sheets) await renderSheet(wb, sheet, looks, lang);

  for (const n of desc.names) {
    if (!/^[A-Za-z_\\][A-Za-z0-9_.]*$/.test(n.name)) throw new Error(`"${n.name}" is not a valid workbook name`);
    if (!NAME_REF.test(n.ref)) throw new Error(`name ${n.name}: "${n.ref}" is not an absolute sheet range`);
    wb.definedNames.add(n.ref, n.name);
  }
  return wb;
}

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The workbook names that set up printing: _xlnm.Print_Area (several areas joined by commas, as
 * Excel writes them) and _xlnm.Print_Titles, one each per sheet, scoped by the sheet's position.
 */
export function printNames(sheets: readonly SheetDesc[]): string[] {
  const names: string[] = [];
  sheets.forEach((sheet, i) => {
    if (sheet.hidden) return;
    // Without a print setup the frozen rows repeat on every page.
    const frozenRows = sheet.frozen?.rows ?? 0;
    const print: PrintSetup = sheet.print ?? { areas: [], ...(frozenRows > 0 ? { titleRows: `1:${frozenRows}` } : {}) };
    const q = quoteSheet(sheet.name);
    const areas = printAreas(sheet).map((a) => {
      const r = parseRange(a);
      return `${q}!${abs(r.left, r.top)}:${abs(r.right, r.bottom)}`;
    });
    if (areas.length > 0) names.push(`<definedName name="_xlnm.Print_Area" localSheetId="${i}">${escapeXml(areas.join(','))}</definedName>`);
    const titles: string[] = [];
    if (print.titleColumns) {
      const [a, b = a] = print.titleColumns.split(':');
      titles.push(`${q}!$${col(colNumber(a!))}:$${col(colNumber(b!))}`);
    }
    if (print.titleRows) {
      const [a, b = a] = print.titleRows.split(':');
      titles.push(`${q}!$${Number(a)}:$${Number(b)}`);
    }
    if (titles.length > 0) names.push(`<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${escapeXml(titles.join(','))}</definedName>`);
  });
  return names;
}

async function addPrintNames(xlsx: Buffer, sheets: readonly SheetDesc[]): Promise<Buffer> {
  const names = printNames(sheets);
  if (names.length === 0) return xlsx;
  const zip = await JSZip.loadAsync(xlsx);
  const part = 'xl/workbook.xml';
  let xml = (await zip.file(part)?.async('string')) ?? '';
  if (xml.includes('</definedNames>')) xml = xml.replace('</definedNames>', `${names.join('')}</definedNames>`);
  else if (xml.includes('<calcPr')) xml = xml.replace('<calcPr', `<definedNames>${names.join('')}</definedNames><calcPr`);
  else throw new Error('workbook.xml has no place for defined names');
  zip.file(part, xml);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** The .xlsx file for a description, in memory, with its charts and its print setup. */
export async function xlsxBuffer(desc: WorkbookDesc): Promise<Buffer> {
  const wb = await buildWorkbook(desc);
  const data = await wb.xlsx.writeBuffer();
  const withCharts = await addCharts(Buffer.from(data as ArrayBuffer), desc.sheets);
  return addPrintNames(withCharts, desc.sheets);
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
  await writeFileSafely(await xlsxBuffer(desc), path, options);
}

/**
 * Writes a finished file's bytes to `path`: with `overwrite: false` only if no file is there (in one
 * step), otherwise beside the target and renamed over it, so readers see the old file or the new
 * one, never half of one.
 */
export async function writeFileSafely(buffer: Buffer, path: string, options: WriteOptions = {}): Promise<void> {
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

/**
 * Replaces sheets of an exceljs workbook by the sheets of a description with the same names (at
 * the same positions), and adds the description's other sheets at the end. Workbook names of the
 * description replace names of the same name; every other sheet and name is left as it was.
 */
export async function replaceDescSheets(target: ExcelJS.Workbook, desc: WorkbookDesc): Promise<void> {
  const made = await buildWorkbook(desc);
  type Ordered = ExcelJS.Worksheet & { orderNo: number };
  for (const [i, from] of made.worksheets.entries()) {
    const old = target.worksheets.find((w) => w.name.toLowerCase() === from.name.toLowerCase()) as Ordered | undefined;
    const orderNo = old?.orderNo;
    if (old) target.removeWorksheet(old.id);
    const to = target.addWorksheet(`kpi-new-${i}`) as Ordered;
    const model = from.model as unknown as Record<string, unknown>;
    to.model = { ...model, id: to.id, name: from.name } as unknown as ExcelJS.WorksheetModel;
    to.state = from.state;
    if (orderNo !== undefined) to.orderNo = orderNo;
  }
  const names = target.definedNames as unknown as { model: { name: string; ranges: string[] }[] };
  const mine = new Set(desc.names.map((n) => n.name.toLowerCase()));
  names.model = names.model.filter((n) => !mine.has(n.name.toLowerCase()));
  for (const n of desc.names) target.definedNames.add(n.ref, n.name);
  target.calcProperties.fullCalcOnLoad = true;
}
