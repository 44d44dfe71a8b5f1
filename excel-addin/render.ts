/// <reference types="office-js" />
/**
 * The Excel renderer: writes a template's WorkbookDesc into the open workbook with Office.js, the
 * same workbook the .xlsx renderer writes to a file. New sheets only; existing sheets and names are
 * never touched, except in replace mode (an update, RenderOptions.replace), where the sheets named
 * are swapped for the new ones in one closing request. Work is queued in requests of bounded size (Excel on the web refuses requests over
 * 5 MB) with a sync and a pause between them, so desktop Excel is never blocked for long. If
 * anything fails, the sheets and names this render added are deleted again and a RenderError says
 * why.
 */
import { parseCell, parseRange, col as colLetters, rangeAddress } from '../core/templates/a1.js';
import { RenderError, isRenderError, renderOutcome, type ProgressCallback, type RenderOutcome } from '../core/templates/render.js';
import type { ConditionalFormat, FormatGrid, NamedRange, SheetDesc, StyleName, Validation, WorkbookDesc } from '../core/templates/types.js';
import { mapSheetRefs } from '../core/templates/formula-refs.js';
import { planBlock, type Rect } from './render-plan.js';
import { excelFeatures, type ExcelFeatures } from './support.js';
import { displayWidth } from '../core/text-width.js';
import { CONDITIONAL_LOOKS, FONT, LOOKS as NEUTRAL_LOOKS, type Edge as NeutralEdge, type Look as NeutralLook } from '../core/templates/looks.js';

export interface RenderOptions {
  /** Largest request sent at once, in bytes of arguments (default 2 MB; Excel on the web allows 5 MB). */
  readonly maxRequestBytes?: number;
  /** Awaited between requests, so the host stays responsive (default: a zero timeout). */
  readonly pause?: () => Promise<void>;
  /** The host's requirement sets (default: read from Office). */
  readonly features?: ExcelFeatures;
  /**
   * The description generated again for the sheet and workbook names in the workbook now. Where
   * given, a name another user took between the check and the write is not refused: what was
   * added is undone and the render starts again with the next free names (at most
   * NAME_ATTEMPTS renders in all). The description's formulas name its sheets, so the whole
   * description is generated again, not only its names.
   */
  readonly regenerate?: (context: WorkbookNames) => WorkbookDesc;
  /**
   * Replace mode (an update): sheets of the workbook that the description's sheets of the same
   * names replace. The new sheets are written under passing names (their formulas, validations
   * and names referring to the passing names), then one closing request deletes the old sheets and
   * the workbook names that pointed into them, gives the new sheets their final names (Excel
   * follows the rename in every reference) and tab positions, and points names the description
   * shares with the old sheets at the new ones (the names stay, so formulas using them keep
   * working). Until that request the old sheets are untouched; any failure before it deletes what
   * was added.
   */
  readonly replace?: readonly string[];
  /**
   * Replace mode: queues reads in the last request before the swap and gives a check, called once
   * they arrived, that is true when what the replacement was made from is unchanged. False:
   * RenderError('edited'), what was added is deleted, the old sheets are untouched.
   */
  readonly verify?: (context: Excel.RequestContext) => () => boolean;
  /**
   * Replace mode: the workbook's sheets and names as the caller read them in this Excel.run just
   * before, so the render does not read them again (one sync fewer).
   */
  readonly known?: KnownWorkbook;
  /**
   * Replace mode: the sheet (by its final name) to leave the user on, at A1, as Sheets does after
   * an update; by default the last visible sheet, on its first input cell.
   */
  readonly land?: string;
}

/** Sheets (with id and tab position) and workbook names (with their formulas) as read. */
export interface KnownWorkbook {
  readonly sheets: readonly { readonly name: string; readonly id: string; readonly position: number }[];
  readonly names: readonly { readonly name: string; readonly formula: string }[];
}

/** The sheet and workbook names in a workbook, as the template generator takes them. */
export interface WorkbookNames {
  readonly existingSheets: string[];
  readonly existingNames: string[];
}

/** Renders tried, with names chosen afresh each time, before a name clash is reported. */
export const NAME_ATTEMPTS = 3;

export const DEFAULT_MAX_REQUEST_BYTES = 2 * 1024 * 1024;
/** Per queued call: the object path and method name Office.js sends besides the arguments. */
const CALL_BYTES = 64;

// ---- Looks: core/templates/looks.ts in Office.js's terms. ----

interface Edge {
  readonly style: 'Continuous' | 'Double';
  readonly color: string;
}

interface Look {
  readonly font: { readonly size: number; readonly bold?: boolean; readonly italic?: boolean; readonly color: string };
  readonly fill?: string;
  readonly borders?: { readonly top: Edge; readonly bottom: Edge; readonly left: Edge; readonly right: Edge };
  readonly horizontal?: 'Left' | 'Center';
  readonly vertical: 'Center' | 'Top';
  readonly wrap?: boolean;
  readonly locked: boolean;
}

/** Office.js names for the host-neutral looks of core/templates/looks.ts. */
function excelLook(l: NeutralLook): Look {
  const edge = (e: NeutralEdge): Edge => ({ style: e.double ? 'Double' : 'Continuous', color: e.color });
  return {
    font: { size: l.size, ...(l.bold ? { bold: true } : {}), ...(l.italic ? { italic: true } : {}), color: l.color },
    ...(l.fill ? { fill: l.fill } : {}),
    ...(l.borders
      ? { borders: { top: edge(l.borders.top), bottom: edge(l.borders.bottom), left: edge(l.borders.left), right: edge(l.borders.right) } }
      : {}),
    ...(l.horizontal ? { horizontal: l.horizontal === 'center' ? 'Center' : 'Left' } : {}),
    vertical: l.vertical === 'top' ? 'Top' : 'Center',
    ...(l.wrap ? { wrap: true } : {}),
    locked: l.locked,
  };
}

export const LOOKS: Readonly<Record<StyleName, Look>> = Object.fromEntries(
  (Object.keys(NEUTRAL_LOOKS) as StyleName[]).map((name) => [name, excelLook(NEUTRAL_LOOKS[name])]),
) as Record<StyleName, Look>;

export { CONDITIONAL_LOOKS };

/** Excel's limits on data validation texts (characters). */
const PROMPT_MAX = 255;
const ERROR_MAX = 225;
const LIST_LITERAL_MAX = 255;

function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Column width in characters → points (Excel: about 7 px per character plus 5 px; 0.75 pt per px). */
export function widthPoints(chars: number): number {
  return Math.round((chars * 7 + 5) * 0.75 * 100) / 100;
}

const rectAddress = (r: Rect): string => rangeAddress(r);

// ---- Steps: Office.js calls queued later, with the bytes they add to a request. ----

interface Step {
  readonly bytes: number;
  readonly run: () => void;
}

const callBytes = (...args: unknown[]): number => CALL_BYTES + JSON.stringify(args).length;

interface SheetHandle {
  ws?: Excel.Worksheet;
}

/**
 * The calls that give a range a named look. On cells no earlier style touched (`fresh`), Excel's
 * defaults (no fill, no borders, not bold, locked, ...) are left as they are instead of set again.
 */
function styleSteps(ws: () => Excel.Worksheet, range: string, look: Look, fresh: boolean): Step[] {
  const edges: [Excel.BorderIndex | `${Excel.BorderIndex}`, Edge | undefined][] = [
    ['EdgeTop', look.borders?.top],
    ['EdgeBottom', look.borders?.bottom],
    ['EdgeLeft', look.borders?.left],
    ['EdgeRight', look.borders?.right],
    ['InsideHorizontal', look.borders?.bottom],
    ['InsideVertical', look.borders?.left],
  ];
  let calls = 3;
  if (!fresh || look.font.bold) calls++;
  if (!fresh || look.font.italic) calls++;
  if (!fresh || look.fill) calls++;
  for (const [, edge] of edges) if (edge) calls += edge.style === 'Continuous' ? 3 : 2;
  else if (!fresh) calls++;
  if (!fresh || look.horizontal) calls++;
  calls++;
  if (!fresh || look.wrap) calls++;
  if (!fresh || !look.locked) calls++;
  const bytes = calls * (CALL_BYTES + range.length + 12);
  return [
    {
      bytes,
      run: () => {
        const f = ws().getRange(range).format;
        f.font.name = FONT;
        f.font.size = look.font.size;
        f.font.color = look.font.color;
        if (!fresh || look.font.bold) f.font.bold = Boolean(look.font.bold);
        if (!fresh || look.font.italic) f.font.italic = Boolean(look.font.italic);
        if (look.fill) f.fill.color = look.fill;
        else if (!fresh) f.fill.clear();
        for (const [index, edge] of edges) {
          if (edge) {
            const border = f.borders.getItem(index as Excel.BorderIndex);
            border.style = edge.style;
            border.color = edge.color;
            if (edge.style === 'Continuous') border.weight = 'Thin';
          } else if (!fresh) {
            f.borders.getItem(index as Excel.BorderIndex).style = 'None';
          }
        }
        if (!fresh || look.horizontal) f.horizontalAlignment = look.horizontal ?? 'General';
        f.verticalAlignment = look.vertical;
        if (!fresh || look.wrap) f.wrapText = Boolean(look.wrap);
        if (!fresh || !look.locked) f.protection.locked = look.locked;
      },
    },
  ];
}

const overlaps = (a: Rect, b: Rect): boolean => a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;

function validationRule(v: Validation): Excel.DataValidationRule {
  switch (v.type) {
    case 'list': {
      let source: string;
      if (typeof v.source === 'string') {
        source = v.source.trim().startsWith('=') ? v.source.trim() : `=${v.source.trim()}`;
      } else {
        for (const item of v.source) {
          if (item.includes(',') || item.includes('"')) throw new RangeError(`validation list item "${item}" may not contain a comma or a quote`);
        }
        source = v.source.join(',');
        if (source.length > LIST_LITERAL_MAX) throw new RangeError(`validation list for ${v.range} is longer than ${LIST_LITERAL_MAX} characters`);
      }
      return { list: { inCellDropDown: true, source } };
    }
    case 'decimal': {
      if (v.min !== undefined && v.max !== undefined) return { decimal: { formula1: v.min, formula2: v.max, operator: 'Between' } };
      if (v.min !== undefined) return { decimal: { formula1: v.min, operator: 'GreaterThanOrEqualTo' } };
      if (v.max !== undefined) return { decimal: { formula1: v.max, operator: 'LessThanOrEqualTo' } };
      return { decimal: { formula1: -1e307, formula2: 1e307, operator: 'Between' } };
    }
    case 'custom': {
      const f = v.formula.trim();
      return { custom: { formula: f.startsWith('=') ? f : `=${f}` } };
    }
  }
}

/** Header rows wrap their text: the height the longest header needs (as the .xlsx renderer does). */
function headerRowHeights(sheet: SheetDesc): Map<number, number> {
  const widths = sheet.columns.map((c) => c.width);
  const hidden = new Set(sheet.columns.flatMap((c, i) => (c.hidden ? [i + 1] : [])));
  const merged = new Map<string, number>();
  for (const m of sheet.merges) {
    const r = parseRange(m);
    let w = 0;
    for (let c = r.left; c <= r.right; c++) w += widths[c - 1] ?? 9;
    merged.set(`${r.top}:${r.left}`, w);
  }
  const texts = new Map<string, string>();
  for (const b of sheet.blocks) {
    const at = parseCell(b.at);
    b.cells.forEach((row, i) =>
      row.forEach((spec, j) => {
        if ('v' in spec && typeof spec.v === 'string') texts.set(`${at.row + i}:${at.col + j}`, spec.v);
      }),
    );
  }
  const heights = new Map<number, number>();
  for (const s of sheet.styles) {
    if (s.style !== 'header') continue;
    const r = parseRange(s.range);
    for (let row = r.top; row <= r.bottom; row++) {
      for (let c = r.left; c <= r.right; c++) {
        const text = texts.get(`${row}:${c}`);
        if (!text || hidden.has(c)) continue;
        const width = merged.get(`${row}:${c}`) ?? widths[c - 1] ?? 9;
        const lines = text
          .split('\n')
          .reduce((n, part) => n + Math.max(1, Math.ceil((displayWidth(part) * 1.2) / Math.max(1, width - 1.5))), 0);
        heights.set(row, Math.max(heights.get(row) ?? 20, Math.min(96, lines * 15 + 5)));
      }
    }
  }
  return heights;
}

interface Plan {
  /** Every call after the sheets are added, in order. */
  readonly steps: Step[];
  readonly handles: SheetHandle[];
  /** The first steps that give the sheets their names and add the workbook names: no content before them. */
  readonly nameSteps: number;
}

/** Where each request starts in `steps` when requests hold at most `budget` bytes. */
function requestStarts(steps: readonly Step[], from: number, budget: number): number[] {
  const starts: number[] = [];
  let bytes = 0;
  for (let i = from; i < steps.length; i++) {
    const b = steps[i]!.bytes;
    if (i === from || bytes + b > budget) {
      starts.push(i);
      bytes = 0;
    }
    bytes += b;
  }
  return starts;
}

/** Requests are halved after a payload refusal, down to this size. */
const MIN_REQUEST_BYTES = 64 * 1024;

/** A sheet's steps being queued: `at` queues calls on a range of the sheet. */
interface SheetQueue {
  readonly ws: () => Excel.Worksheet;
  readonly steps: Step[];
  readonly at: (range: string, bytes: number, run: (r: Excel.Range) => void) => void;
}

/** The steps that write one sheet, in order; `last` comes after every sheet's body (protection). */
function sheetSteps(
  sheet: SheetDesc,
  handle: SheetHandle,
  features: ExcelFeatures,
  pieceBytes: number,
): { body: Step[]; last: Step[] } {
  const ws = (): Excel.Worksheet => handle.ws!;
  const steps: Step[] = [];
  const at = (range: string, bytes: number, run: (r: Excel.Range) => void): void => {
    steps.push({ bytes: bytes + CALL_BYTES, run: () => run(ws().getRange(range)) });
  };
  const q: SheetQueue = { ws, steps, at };
  columnSteps(q, sheet);
  valueSteps(q, sheet, features, pieceBytes);
  formatSteps(q, sheet, features, pieceBytes);
  formatGridSteps(q, sheet, pieceBytes);
  lookSteps(q, sheet);
  validationSteps(q, sheet);
  conditionalSteps(q, sheet);
  frozenSteps(q, sheet);
  chartSteps(q, sheet);
  return { body: steps, last: protectionSteps(q, sheet) };
}

/** Column widths and hidden helper columns, consecutive equal columns together. */
function columnSteps({ at }: SheetQueue, sheet: SheetDesc): void {
  const cols = sheet.columns;
  for (let i = 0; i < cols.length; ) {
    let j = i;
    while (j + 1 < cols.length && cols[j + 1]!.width === cols[i]!.width && Boolean(cols[j + 1]!.hidden) === Boolean(cols[i]!.hidden)) j++;
    const range = `${colLetters(i + 1)}:${colLetters(j + 1)}`;
    const width = widthPoints(cols[i]!.width);
    const hide = Boolean(cols[i]!.hidden);
    at(range, CALL_BYTES + 2 * range.length + 20, (r) => {
      r.format.columnWidth = width;
      if (hide) r.columnHidden = true;
    });
    i = j + 1;
  }
}

/** Values and formulas. */
function valueSteps({ ws, at }: SheetQueue, sheet: SheetDesc, features: ExcelFeatures, pieceBytes: number): void {
  for (const block of sheet.blocks) {
    for (const step of planBlock(block, features.copyFrom, pieceBytes)) {
      if (step.kind === 'write') {
        const address = rectAddress(step.rect);
        const data = step.data;
        at(address, step.bytes + address.length, (r) => {
          r.formulas = data as unknown[][];
        });
      } else {
        const dest = rectAddress(step.dest);
        const source = rectAddress(step.source);
        at(dest, 60 + source.length, (r) => {
          r.copyFrom(ws().getRange(source), 'Formulas', false, false);
        });
      }
    }
  }
}

/** Number formats: per range; with copyFrom the first cell's format is copied over the rest. */
function formatSteps({ ws, at }: SheetQueue, sheet: SheetDesc, features: ExcelFeatures, pieceBytes: number): void {
  for (const f of sheet.formats) {
    const r = parseRange(f.range);
    const first = `${colLetters(r.left)}${r.top}`;
    const rows = r.bottom - r.top + 1;
    const width = r.right - r.left + 1;
    if (rows * width === 1) {
      at(first, f.numFmt.length + 8, (x) => {
        x.numberFormat = [[f.numFmt]];
      });
    } else if (features.copyFrom) {
      at(first, f.numFmt.length + 8, (x) => {
        x.numberFormat = [[f.numFmt]];
      });
      const all = rangeAddress(r);
      at(all, 60 + first.length, (x) => {
        x.copyFrom(ws().getRange(first), 'Formats', false, false);
      });
    } else {
      const rowBytes = width * (JSON.stringify(f.numFmt).length + 1) + 2;
      const per = Math.max(1, Math.floor(pieceBytes / rowBytes));
      for (let top = r.top; top <= r.bottom; top += per) {
        const bottom = Math.min(r.bottom, top + per - 1);
        const n = bottom - top + 1;
        const address = rangeAddress({ top, bottom, left: r.left, right: r.right });
        at(address, n * rowBytes, (x) => {
          x.numberFormat = Array.from({ length: n }, () => new Array<string>(width).fill(f.numFmt));
        });
      }
    }
  }
}

/** The rectangle a format grid covers. */
export function formatGridRect(g: FormatGrid): Rect {
  const at = parseCell(g.at);
  const width = g.numFmts[0]?.length ?? 0;
  return { top: at.row, left: at.col, bottom: at.row + g.numFmts.length - 1, right: at.col + width - 1 };
}

/**
 * Per-cell number formats: 2-D numberFormat arrays of the grid's shape, after the range formats,
 * in pieces of rows no bigger than `pieceBytes` (as values are).
 */
function formatGridSteps({ at }: SheetQueue, sheet: SheetDesc, pieceBytes: number): void {
  for (const g of sheet.formatGrids ?? []) {
    const r = formatGridRect(g);
    let top = 0;
    while (top < g.numFmts.length) {
      let bytes = 2;
      let bottom = top;
      const piece: string[][] = [];
      while (bottom < g.numFmts.length) {
        const row = g.numFmts[bottom]!;
        const rowBytes = JSON.stringify(row).length + 1;
        if (piece.length > 0 && bytes + rowBytes > pieceBytes) break;
        piece.push([...row]);
        bytes += rowBytes;
        bottom++;
      }
      const address = rangeAddress({ top: r.top + top, bottom: r.top + bottom - 1, left: r.left, right: r.right });
      at(address, bytes + address.length, (x) => {
        x.numberFormat = piece;
      });
      top = bottom;
    }
  }
}

/** Styles (a later range wins over an earlier one, as in the .xlsx renderer), row heights, merges. */
function lookSteps({ ws, steps, at }: SheetQueue, sheet: SheetDesc): void {
  const styled: Rect[] = [];
  for (const s of sheet.styles) {
    const rect = parseRange(s.range);
    const fresh = !styled.some((r) => overlaps(r, rect));
    styled.push(rect);
    steps.push(...styleSteps(ws, rangeAddress(rect), LOOKS[s.style], fresh));
  }
  for (const s of sheet.styles) {
    if (s.style !== 'title') continue;
    at(rangeAddress(parseRange(s.range)), 20, (r) => {
      r.format.rowHeight = 28;
    });
  }
  for (const [row, height] of headerRowHeights(sheet)) {
    at(`A${row}`, 20, (r) => {
      r.format.rowHeight = height;
    });
  }
  for (const m of sheet.merges) {
    at(rangeAddress(parseRange(m)), 10, (r) => r.merge(false));
  }
}

/** Data validation. */
function validationSteps({ at }: SheetQueue, sheet: SheetDesc): void {
  for (const v of sheet.validations) {
    const rule = validationRule(v);
    const range = rangeAddress(parseRange(v.range));
    const error = clip(v.message, ERROR_MAX);
    const prompt = clip(v.message, PROMPT_MAX);
    at(range, JSON.stringify(rule).length + error.length + prompt.length + 4 * (CALL_BYTES + range.length), (r) => {
      const dv = r.dataValidation;
      dv.rule = rule;
      dv.ignoreBlanks = v.allowBlank;
      dv.errorAlert = { message: error, showAlert: true, style: 'Stop', title: '' };
      dv.prompt = { message: prompt, showPrompt: true, title: '' };
    });
  }
}

/** Conditional formats. */
function conditionalSteps({ at }: SheetQueue, sheet: SheetDesc): void {
  for (const cf of sheet.conditionalFormats) {
    const look = CONDITIONAL_LOOKS[cf.style];
    const formula = cf.formula.trim().startsWith('=') ? cf.formula.trim() : `=${cf.formula.trim()}`;
    at(rangeAddress(parseRange(cf.range)), formula.length + 4 * (CALL_BYTES + cf.range.length), (r) => {
      const c = r.conditionalFormats.add('Custom');
      c.custom.rule.formula = formula;
      c.custom.format.fill.color = look.fill;
      c.custom.format.font.color = look.font;
    });
  }
}

/** Frozen panes. */
function frozenSteps({ ws, steps }: SheetQueue, sheet: SheetDesc): void {
  const fr = sheet.frozen;
  if (!fr || !(fr.rows > 0 || fr.columns > 0)) return;
  steps.push({
    bytes: CALL_BYTES + 20,
    run: () => {
      const panes = ws().freezePanes;
      if (fr.rows > 0 && fr.columns > 0) panes.freezeAt(ws().getRange(`A1:${colLetters(fr.columns)}${fr.rows}`));
      else if (fr.rows > 0) panes.freezeRows(fr.rows);
      else panes.freezeColumns(fr.columns);
    },
  });
}

/** Charts: a clustered bar (or column) chart of the series against the categories. */
function chartSteps({ ws, steps }: SheetQueue, sheet: SheetDesc): void {
  for (const chart of sheet.charts) {
    const first = chart.series[0];
    if (!first) continue;
    steps.push({
      bytes: callBytes(chart) + 8 * CALL_BYTES * (1 + chart.series.length),
      run: () => {
        const sheetObj = ws();
        const type = chart.type === 'bar' ? 'BarClustered' : 'ColumnClustered';
        const c = sheetObj.charts.add(type, sheetObj.getRange(rangeAddress(parseRange(first.values))), 'Columns');
        c.title.text = chart.title;
        const anchor = parseCell(chart.anchor);
        c.setPosition(chart.anchor, `${colLetters(anchor.col + 7)}${anchor.row + 15}`);
        const s0 = c.series.getItemAt(0);
        s0.name = first.name;
        s0.setXAxisValues(sheetObj.getRange(rangeAddress(parseRange(chart.categories))));
        for (const more of chart.series.slice(1)) {
          const s = c.series.add(more.name);
          s.setValues(sheetObj.getRange(rangeAddress(parseRange(more.values))));
          s.setXAxisValues(sheetObj.getRange(rangeAddress(parseRange(chart.categories))));
        }
      },
    });
  }
}

/** Protection comes last: every write before it would be refused on a protected sheet. */
function protectionSteps({ ws }: SheetQueue, sheet: SheetDesc): Step[] {
  if (!sheet.protect) return [];
  return [
    {
      bytes: CALL_BYTES + 120,
      run: () =>
        ws().protection.protect({
          allowFormatColumns: true,
          allowFormatRows: true,
          allowAutoFilter: true,
          allowSort: false,
          allowEditObjects: false,
          selectionMode: 'Normal',
        }),
    },
  ];
}

/** Every step of a render, packed into requests of at most `maxBytes`. */
function plan(context: Excel.RequestContext, desc: WorkbookDesc, features: ExcelFeatures, maxBytes: number, closing = true): Plan {
  const handles: SheetHandle[] = desc.sheets.map(() => ({}));
  const steps: Step[] = [];
  namingSteps(steps, context, desc, handles);
  const nameSteps = steps.length;
  // Pieces small enough that requests can still be halved down to MIN_REQUEST_BYTES.
  const pieceBytes = Math.max(4096, Math.min(Math.floor(maxBytes / 4), MIN_REQUEST_BYTES / 2));
  const lasts: Step[] = [];
  desc.sheets.forEach((sheet, i) => {
    const { body, last } = sheetSteps(sheet, handles[i]!, features, pieceBytes);
    steps.push(...body);
    lasts.push(...last);
  });
  steps.push(...lasts);
  if (closing) closingSteps(steps, desc, handles);
  return { steps, handles, nameSteps };
}

/** The sheets' own names (they were added under passing names, see renderOnce), then the workbook names. */
function namingSteps(steps: Step[], context: Excel.RequestContext, desc: WorkbookDesc, handles: readonly SheetHandle[]): void {
  desc.sheets.forEach((sheet, i) => {
    const name = sheet.name;
    steps.push({
      bytes: callBytes(name),
      run: () => {
        handles[i]!.ws!.name = name;
      },
    });
  });
  // Names before anything refers to them (list validations name their source).
  for (const n of desc.names) {
    const ref = n.ref.startsWith('=') ? n.ref : `=${n.ref}`;
    steps.push({ bytes: callBytes(n.name, ref), run: () => void context.workbook.names.add(n.name, ref) });
  }
}

/** The visible sheet named `land` (any case) and its index in the description, if there is one. */
function landingSheet(desc: WorkbookDesc, land: string | undefined): { s: SheetDesc; i: number } | undefined {
  if (land === undefined) return undefined;
  const i = desc.sheets.findIndex((s) => !s.hidden && s.name.toLowerCase() === land.toLowerCase());
  return i < 0 ? undefined : { s: desc.sheets[i]!, i };
}

/** The cursor: the last visible sheet, on its first input cell (or `landing` at A1); then hidden sheets are hidden. */
function closingSteps(steps: Step[], desc: WorkbookDesc, handles: readonly SheetHandle[], landing?: { s: SheetDesc; i: number }): void {
  const visible = desc.sheets.map((s, i) => ({ s, i })).filter(({ s }) => !s.hidden);
  const target = landing ?? visible[visible.length - 1];
  if (target) {
    const cell = landing ? 'A1' : (target.s.activeCell ?? 'A1');
    steps.push({
      bytes: CALL_BYTES * 2 + cell.length,
      run: () => {
        const ws = handles[target.i]!.ws!;
        ws.activate();
        ws.getRange(cell).select();
      },
    });
  }
  desc.sheets.forEach((s, i) => {
    if (!s.hidden) return;
    steps.push({
      bytes: CALL_BYTES + 10,
      run: () => {
        handles[i]!.ws!.visibility = 'Hidden';
      },
    });
  });
}

function checkDescription(desc: WorkbookDesc): void {
  const seen = new Set<string>();
  for (const s of desc.sheets) {
    const lower = s.name.toLowerCase();
    if (seen.has(lower)) throw new RangeError(`two sheets are named "${s.name}"`);
    seen.add(lower);
    for (const r of [
      ...s.styles.map((x) => x.range),
      ...s.formats.map((x) => x.range),
      ...s.validations.map((x) => x.range),
      ...s.conditionalFormats.map((x) => x.range),
      ...s.merges,
      ...s.charts.flatMap((c) => [c.categories, c.anchor, ...c.series.map((x) => x.values)]),
      ...(s.activeCell ? [s.activeCell] : []),
    ]) {
      parseRange(r);
    }
    for (const g of s.formatGrids ?? []) {
      parseCell(g.at);
      const width = g.numFmts[0]?.length ?? 0;
      if (width === 0 || g.numFmts.some((row) => row.length !== width)) throw new RangeError(`the format grid at ${g.at} is empty or ragged`);
    }
  }
  const names = new Set<string>();
  for (const n of desc.names) {
    const lower = n.name.toLowerCase();
    if (names.has(lower)) throw new RangeError(`two workbook names are "${n.name}"`);
    names.add(lower);
  }
}

/** The RenderError for a host error (an OfficeExtension.Error carries a code). */
export function renderErrorOf(e: unknown): RenderError {
  if (isRenderError(e)) return e;
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  const message = e instanceof Error ? e.message : typeof e === 'object' && e !== null ? String((e as { message?: unknown }).message ?? '') : String(e);
  switch (code) {
    case 'RequestPayloadSizeLimitExceeded':
      return new RenderError('payloadTooLarge', message);
    case 'AccessDenied':
      return new RenderError('protected', message);
    case 'ItemNotFound':
      return new RenderError('sheetGone', message);
    case 'ItemAlreadyExists':
      return new RenderError('nameTaken', message);
    default:
      return new RenderError('hostError', message);
  }
}

const defaultPause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

interface Before {
  readonly names: Set<string>;
}

/** What this render created so far, for undoing it. */
interface Created {
  /** Ids of the sheets it added (known once the request that added them went through). */
  readonly sheetIds: Set<string>;
  /** The passing names its sheets had when added: no one else's sheet has them. */
  readonly passingPrefix: string;
}

/**
 * Deletes what this render added: its workbook names first (they refer to its sheets), then its
 * sheets. Only what is certainly its own: sheets by id or passing name, names that are new and
 * refer where the description's do.
 */
async function rollback(context: Excel.RequestContext, desc: WorkbookDesc, before: Before, created: Created): Promise<WorkbookNames> {
  const sheets = context.workbook.worksheets;
  sheets.load('items/name,items/id');
  const names = context.workbook.names;
  names.load('items/name,items/formula');
  await context.sync();
  const ourNames = new Map(desc.names.map((n) => [n.name.toLowerCase(), canonicalRef(n.ref)]));
  const left: WorkbookNames = { existingSheets: [], existingNames: [] };
  let any = false;
  for (const n of names.items) {
    const lower = n.name.toLowerCase();
    if (!before.names.has(lower) && ourNames.get(lower) === canonicalRef(n.formula)) {
      n.delete();
      any = true;
    } else left.existingNames.push(n.name);
  }
  for (const s of sheets.items) {
    if (created.sheetIds.has(s.id) || s.name.startsWith(created.passingPrefix)) {
      s.delete();
      any = true;
    } else left.existingSheets.push(s.name);
  }
  if (any) await context.sync();
  return left;
}

const canonicalRef = (ref: string): string => ref.trim().replace(/^=/, '').toLowerCase();

/** A sheet name no one else uses, for a sheet until it takes its own name (at most 31 characters). */
function passingPrefix(): string {
  return `~KPI ${Math.random().toString(36).slice(2, 8)} `;
}

/**
 * Writes `desc` into the workbook of `context` as new sheets and names, reporting progress after
 * each request. Resolves with what was added; rejects with a RenderError, the workbook then being
 * as it was. With `options.regenerate`, a name taken by someone else meanwhile is replaced by the
 * next free one (the outcome names the sheets as they were added).
 */
export async function renderWorkbook(
  context: Excel.RequestContext,
  desc: WorkbookDesc,
  onProgress?: ProgressCallback,
  options: RenderOptions = {},
): Promise<RenderOutcome> {
  const features = options.features ?? excelFeatures();
  if (!features.templates) throw new RenderError('unsupported', 'ExcelApi 1.8');
  if (options.replace && options.replace.length > 0) return renderReplacing(context, desc, options.replace, onProgress, options, features);
  let current = desc;
  for (let attempt = 1; ; attempt++) {
    const result = await renderOnce(context, current, onProgress, options, features);
    if ('outcome' in result) return result.outcome;
    if (!options.regenerate || attempt >= NAME_ATTEMPTS) throw result.error;
    try {
      current = options.regenerate(result.names);
    } catch (e) {
      throw new RenderError('badDescription', e instanceof Error ? e.message : String(e));
    }
  }
}

/** A render that found a name taken before writing any content, and undid what it added. */
interface Clash {
  readonly error: RenderError;
  /** The sheet and workbook names in the workbook now. */
  readonly names: WorkbookNames;
}

/** One render of `desc`: its outcome, or a name clash found before any content was written. */
async function renderOnce(
  context: Excel.RequestContext,
  desc: WorkbookDesc,
  onProgress: ProgressCallback | undefined,
  options: RenderOptions,
  features: ExcelFeatures,
): Promise<{ outcome: RenderOutcome } | Clash> {
  const maxBytes = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
  const pause = options.pause ?? defaultPause;
  const work = checkedPlan(context, desc, features, maxBytes);
  const found = await namesBefore(context, desc);
  if ('error' in found) return found;

  // First request: the sheets, under passing names, so that what this render added is known for
  // certain even when a request fails halfway (another user may take a name meanwhile).
  const created: Created = { sheetIds: new Set(), passingPrefix: passingPrefix() };
  const budget = Math.floor(maxBytes * 0.9);
  const starts = requestStarts(work.steps, 0, budget);
  const run: Progress = { done: 0, total: starts.length + 1, sending: -1 };
  onProgress?.({ done: run.done, total: run.total });
  try {
    await addSheets(context, work, created, features);
    onProgress?.({ done: ++run.done, total: run.total });
    await sendSteps(context, work, starts, budget, run, pause, features, onProgress);
  } catch (e) {
    // A request stops at its first refused call: a name refused in a request that starts among
    // the naming steps came before any content.
    return undo(context, desc, found.before, created, e, run.sending < work.nameSteps);
  }
  return { outcome: renderOutcome(desc) };
}

/** The plan of a render; a description that cannot be planned is a badDescription. */
function checkedPlan(context: Excel.RequestContext, desc: WorkbookDesc, features: ExcelFeatures, maxBytes: number, closing = true): Plan {
  try {
    checkDescription(desc);
    return plan(context, desc, features, maxBytes, closing);
  } catch (e) {
    throw new RenderError('badDescription', e instanceof Error ? e.message : String(e));
  }
}

/** What is there already: a taken name means nothing is written (a Clash). */
async function namesBefore(context: Excel.RequestContext, desc: WorkbookDesc): Promise<{ before: Before } | Clash> {
  const sheets = context.workbook.worksheets;
  sheets.load('items/name');
  const names = context.workbook.names;
  names.load('items/name');
  try {
    await context.sync();
  } catch (e) {
    throw renderErrorOf(e);
  }
  const before: Before = { names: new Set(names.items.map((n) => n.name.toLowerCase())) };
  const now: WorkbookNames = { existingSheets: sheets.items.map((s) => s.name), existingNames: names.items.map((n) => n.name) };
  const taken = new Set(now.existingSheets.map((n) => n.toLowerCase()));
  for (const s of desc.sheets) if (taken.has(s.name.toLowerCase())) return { error: new RenderError('nameTaken', s.name), names: now };
  for (const n of desc.names) if (before.names.has(n.name.toLowerCase())) return { error: new RenderError('nameTaken', n.name), names: now };
  return { before };
}

/** The requests of a render as they are sent. */
interface Progress {
  done: number;
  total: number;
  /** The first step of the request being sent (-1: the request that adds the sheets). */
  sending: number;
}

/** The request that adds the sheets under passing names, and notes their ids. */
async function addSheets(context: Excel.RequestContext, work: Plan, created: Created, features: ExcelFeatures): Promise<void> {
  if (features.suspendScreenUpdating) context.workbook.application.suspendScreenUpdatingUntilNextSync();
  work.handles.forEach((h, i) => {
    h.ws = context.workbook.worksheets.add(`${created.passingPrefix}${i + 1}`);
    h.ws.load('id');
  });
  await context.sync();
  for (const h of work.handles) created.sheetIds.add(h.ws!.id);
}

/**
 * Sends the plan's steps request by request, with a pause before each: `starts` are where the
 * requests start in the steps, when requests hold at most `budget` bytes.
 */
async function sendSteps(
  context: Excel.RequestContext,
  work: Plan,
  starts: number[],
  budget: number,
  run: Progress,
  pause: () => Promise<void>,
  features: ExcelFeatures,
  onProgress: ProgressCallback | undefined,
  /** Queues more calls (reads) at the end of the last request. */
  last?: () => void,
  /** Queues calls at the start of the first request (sent again if that request is refused as too large). */
  first?: () => void,
): Promise<void> {
  let r = 0;
  while (r < starts.length) {
    const from = starts[r]!;
    const to = starts[r + 1] ?? work.steps.length;
    await pause();
    if (features.suspendScreenUpdating) context.workbook.application.suspendScreenUpdatingUntilNextSync();
    if (r === 0) first?.();
    for (let i = from; i < to; i++) work.steps[i]!.run();
    if (r === starts.length - 1) last?.();
    run.sending = from;
    try {
      await context.sync();
    } catch (e) {
      // Excel refuses an oversized request before running any of it: send the rest in smaller ones.
      const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
      if (code !== 'RequestPayloadSizeLimitExceeded' || budget <= MIN_REQUEST_BYTES) throw e;
      // Half of what was refused, so a refusal far below the budget is not repeated step by step.
      let refused = 0;
      for (let i = from; i < to; i++) refused += work.steps[i]!.bytes;
      budget = Math.max(MIN_REQUEST_BYTES, Math.floor(Math.min(budget, refused) / 2));
      starts = [...starts.slice(0, r), ...requestStarts(work.steps, from, budget)];
      run.total = run.done + starts.length - r;
      continue;
    }
    r++;
    onProgress?.({ done: ++run.done, total: run.total });
  }
}

/** Undoes a failed render: a Clash if a name was refused `beforeContent`, else the error. */
async function undo(
  context: Excel.RequestContext,
  desc: WorkbookDesc,
  before: Before,
  created: Created,
  e: unknown,
  beforeContent: boolean,
): Promise<Clash> {
  const error = renderErrorOf(e);
  let left: WorkbookNames;
  try {
    left = await rollback(context, desc, before, created);
  } catch {
    throw new RenderError(error.code, error.detail, true);
  }
  if (error.code === 'nameTaken' && beforeContent) return { error, names: left };
  throw error;
}

// ---- Replace mode (updating a generated sheet set) ----

export { mapSheetRefs };

/** The sheet with its formulas referring to other sheets as `rename` says. */
function renamedSheet(sheet: SheetDesc, name: string, rename: (text: string) => string): SheetDesc {
  return {
    ...sheet,
    name,
    blocks: sheet.blocks.map((b) => ({ ...b, cells: b.cells.map((row) => row.map((c) => ('f' in c ? { f: rename(c.f) } : c))) })),
    validations: sheet.validations.map((v) =>
      v.type === 'list' && typeof v.source === 'string' ? { ...v, source: rename(v.source) } : v.type === 'custom' ? { ...v, formula: rename(v.formula) } : v,
    ),
    conditionalFormats: sheet.conditionalFormats.map((c) => ({ ...c, formula: rename(c.formula) })),
  };
}

interface OldSheet {
  readonly id: string;
  readonly name: string;
  readonly position: number;
}

/** Replace mode: see RenderOptions.replace. */
async function renderReplacing(
  context: Excel.RequestContext,
  desc: WorkbookDesc,
  replace: readonly string[],
  onProgress: ProgressCallback | undefined,
  options: RenderOptions,
  features: ExcelFeatures,
): Promise<RenderOutcome> {
  const maxBytes = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
  const pause = options.pause ?? defaultPause;
  const lower = (n: string): string => n.toLowerCase();
  const replaced = new Set(replace.map(lower));
  for (const name of replace) {
    if (!desc.sheets.some((s) => lower(s.name) === lower(name))) throw new RenderError('badDescription', `no sheet of the description replaces "${name}"`);
  }

  // What is there now (one sync, unless the caller just read it).
  let known = options.known;
  if (!known) {
    const sheets = context.workbook.worksheets;
    sheets.load('items/name,items/id,items/position');
    const names = context.workbook.names;
    names.load('items/name,items/formula');
    try {
      await context.sync();
    } catch (e) {
      throw renderErrorOf(e);
    }
    known = {
      sheets: sheets.items.map((s) => ({ name: s.name, id: s.id, position: s.position })),
      names: names.items.map((n) => ({ name: n.name, formula: String(n.formula) })),
    };
  }
  const old = new Map<string, OldSheet>();
  for (const s of known.sheets) if (replaced.has(lower(s.name))) old.set(lower(s.name), s);
  for (const name of replace) if (!old.has(lower(name))) throw new RenderError('sheetGone', name);
  const taken = new Set(known.sheets.map((s) => lower(s.name)));
  for (const s of desc.sheets) if (!replaced.has(lower(s.name)) && taken.has(lower(s.name))) throw new RenderError('nameTaken', s.name);
  const intoOld = (formula: string): boolean => mapSheetRefs(formula, (sheet) => (replaced.has(lower(sheet)) ? '' : undefined)) !== formula;
  const existing = new Map(known.names.map((n) => [lower(n.name), n.formula]));
  const added: NamedRange[] = [];
  const repoint: NamedRange[] = [];
  for (const n of desc.names) {
    const formula = existing.get(lower(n.name));
    if (formula === undefined) added.push(n);
    else if (intoOld(formula)) repoint.push(n);
    else throw new RenderError('nameTaken', n.name);
  }
  const ours = new Set(desc.names.map((n) => lower(n.name)));
  const drop = known.names.filter((n) => !ours.has(lower(n.name)) && intoOld(n.formula)).map((n) => n.name);

  // The description as written before the swap: every sheet under a passing name, and every
  // formula, validation and new name referring to the sheets by those names.
  const prefix = passingPrefix();
  const passing = new Map<string, string>();
  desc.sheets.forEach((s, i) => passing.set(lower(s.name), `${prefix}${i + 1}`));
  const rename = (text: string): string => mapSheetRefs(text, (sheet) => passing.get(lower(sheet)));
  const pre: WorkbookDesc = {
    ...desc,
    sheets: desc.sheets.map((s) => renamedSheet(s, passing.get(lower(s.name))!, rename)),
    names: added.map((n) => ({ ...n, ref: rename(n.ref) })),
  };
  const work = checkedPlan(context, pre, features, maxBytes, false);
  const before: Before = { names: new Set(existing.keys()) };
  const created: Created = { sheetIds: new Set(), passingPrefix: prefix };
  const budget = Math.floor(maxBytes * 0.9);
  const starts = requestStarts(work.steps, 0, budget);
  const run: Progress = { done: 0, total: starts.length + 1, sending: -1 };
  onProgress?.({ done: run.done, total: run.total });
  let check: (() => boolean) | undefined;
  // The sheets are added in the first request: until the swap they carry passing names, so what
  // this render added is known even when that request fails halfway.
  const addAll = (): void => {
    work.handles.forEach((h, i) => {
      h.ws = context.workbook.worksheets.add(`${prefix}${i + 1}`);
      h.ws.load('id');
    });
  };
  const verify = (): void => {
    check = options.verify?.(context);
  };
  try {
    if (starts.length > 0) await sendSteps(context, work, starts, budget, run, pause, features, onProgress, verify, addAll);
    else {
      addAll();
      verify();
      await context.sync();
    }
    for (const h of work.handles) created.sheetIds.add(h.ws!.id);
    if (check && !check()) throw new RenderError('edited');
  } catch (e) {
    await undo(context, pre, before, created, e, false);
  }

  // The swap, in one request: new sheets that replace none take their names first, then the old
  // sheets are deleted (a refusal up to there changes nothing of the user's), then the rest.
  const olds = [...old.values()].sort((a, b) => a.position - b.position);
  const sheetsOf = desc.sheets.map((s, i) => ({ s, i }));
  const fresh = sheetsOf.filter(({ s }) => !replaced.has(lower(s.name)));
  const finals = sheetsOf.filter(({ s }) => replaced.has(lower(s.name)));
  const landed = landingSheet(desc, options.land);
  const swap = (present: (o: OldSheet) => boolean, dropNow: readonly string[]): void => {
    if (features.suspendScreenUpdating) context.workbook.application.suspendScreenUpdatingUntilNextSync();
    for (const { s, i } of fresh) work.handles[i]!.ws!.name = s.name;
    for (const o of olds) if (present(o)) context.workbook.worksheets.getItem(o.id).delete();
    for (const n of dropNow) context.workbook.names.getItem(n).delete();
    for (const { s, i } of finals) work.handles[i]!.ws!.name = s.name;
    for (const n of repoint) context.workbook.names.getItem(n.name).formula = n.ref.startsWith('=') ? n.ref : `=${n.ref}`;
    // Back where the old sheets were, in tab order.
    for (const o of olds) {
      const at = finals.find(({ s }) => lower(s.name) === lower(o.name))!;
      work.handles[at.i]!.ws!.position = o.position;
    }
    const closing: Step[] = [];
    closingSteps(closing, desc, work.handles, landed);
    for (const step of closing) step.run();
  };
  await pause();
  try {
    swap(() => true, drop);
    await context.sync();
  } catch (e) {
    await finishSwap(context, e, olds, drop, swap, () => undo(context, pre, before, created, e, false));
  }
  onProgress?.({ done: ++run.done, total: run.total });
  const outcome = renderOutcome(desc);
  return landed ? { ...outcome, activeSheet: landed.s.name, activeCell: 'A1' } : outcome;
}

/**
 * After a refused swap: where every old sheet is still there nothing of the swap ran, so what was
 * added is deleted; where some old sheet is gone already, the swap is finished rather than leave
 * neither the old sheets nor the new ones.
 */
async function finishSwap(
  context: Excel.RequestContext,
  e: unknown,
  olds: readonly OldSheet[],
  drop: readonly string[],
  swap: (present: (o: OldSheet) => boolean, dropNow: readonly string[]) => void,
  undoAll: () => Promise<unknown>,
): Promise<void> {
  const error = renderErrorOf(e);
  let ids: Set<string>;
  let nameSet: Set<string>;
  try {
    const sheets = context.workbook.worksheets;
    sheets.load('items/id');
    const names = context.workbook.names;
    names.load('items/name');
    await context.sync();
    ids = new Set(sheets.items.map((s) => s.id));
    nameSet = new Set(names.items.map((n) => n.name.toLowerCase()));
  } catch {
    throw new RenderError(error.code, error.detail, true);
  }
  if (olds.every((o) => ids.has(o.id))) {
    await undoAll();
    throw error;
  }
  try {
    swap(
      (o) => ids.has(o.id),
      drop.filter((n) => nameSet.has(n.toLowerCase())),
    );
    await context.sync();
  } catch {
    throw new RenderError(error.code, error.detail, true);
  }
}
