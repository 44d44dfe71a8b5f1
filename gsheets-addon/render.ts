/**
 * The Sheets renderer: writes a WorkbookDesc into the open spreadsheet with SpreadsheetApp, in
 * steps that each fit one google.script.run call. Every step is a plain function of the
 * spreadsheet, the description and a small state (what the render created so far), so a later
 * call regenerates the same description and continues where the previous call stopped.
 *
 * Writes are batched: values per block group (text keeps its apostrophe marker), formulas per
 * run of one relative R1C1 formula (a RangeList per formula) or per rectangle of formulas, number
 * formats and looks per RangeList (per-cell formats one grid per call), and the rules (validation, conditional formats, protection)
 * per range the description names.
 */
import { parseCell, parseRange, rangeAddress, type RangeRef } from '../core/templates/a1.js';
import { hostText } from '../core/templates/index.js';
import { RenderError, type RenderErrorCode } from '../core/templates/render.js';
import { toR1C1 } from '../core/templates/r1c1.js';
import type { CellSpec, ConditionalFormat, FormatGrid, SheetDesc, StyleName, Validation, WorkbookDesc } from '../core/templates/types.js';
import { BODY_SIZE, CONDITIONAL_LOOKS, LOOKS, type Look } from '../core/templates/looks.js';
import type { Morph } from './morph.js';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Range = GoogleAppsScript.Spreadsheet.Range;

/** A new sheet in Sheets has this many rows and columns; a render grows it where it needs more. */
export const NEW_SHEET_ROWS = 1000;
export const NEW_SHEET_COLUMNS = 26;

/** What a render has created so far: undone in this order's reverse when a step fails. */
export interface RenderState {
  /** Sheets the render inserted, by name. */
  created: string[];
  /** Workbook names the render added. */
  names: string[];
}

/**
 * Sheets looked up in one call, by name; the ranges of workbook names the call set or read; the
 * ranges each sheet's look and rules steps set things on (`sheetRanges`), by sheet name.
 */
export type StepCache = Map<string, Sheet> & {
  named?: Map<string, Range>;
  handles?: Map<string, Map<string, Range>>;
  /** New sheets that go right before an existing sheet (the one they replace), by name. */
  before?: ReadonlyMap<string, string>;
  /** New sheets made from a copy of an existing sheet (see morph.ts), by name. */
  morph?: ReadonlyMap<string, Morph>;
  /** Workbook names set after the render (by a swap) whose ranges the sheets' handles hold too. */
  later?: WorkbookDesc['names'];
  /**
   * An update's: the sheet (as the render names it) the user is left on, the one they updated
   * from, instead of the description's last sheet. It is inserted last, so it is active after
   * the inserts (an inserted sheet becomes the active one); `landed` says it was in this call.
   */
  land?: string;
  landed?: boolean;
};

/** The steps of one render, in order: each is run by `runStep`. */
export function renderSteps(desc: WorkbookDesc): string[] {
  const each = (kind: string) => desc.sheets.map((_, i) => `${kind}:${i}`);
  return ['create', ...each('content'), 'names', ...each('look'), ...each('rules'), 'finish'];
}

/** Names of sheets and workbook names as they are now (read once, compared case-insensitively). */
export interface LiveNames {
  readonly sheets: readonly string[];
  readonly names: readonly string[];
}

export function readLiveNames(ss: Spreadsheet): LiveNames {
  return {
    sheets: ss.getSheets().map((s) => s.getName()),
    names: ss.getNamedRanges().map((n) => n.getName()),
  };
}

/** Runs one step. Throws as the host does; `runStepSafely` turns that into a RenderError after rollback. */
export function runStep(
  ss: Spreadsheet,
  desc: WorkbookDesc,
  step: string,
  state: RenderState,
  live?: LiveNames,
  /** Sheets already looked up in this call, by name. */
  cache: StepCache = new Map<string, Sheet>(),
): void {
  const [kind, index] = step.split(':');
  const sheetDesc = index === undefined ? undefined : desc.sheets[Number(index)];
  if (index !== undefined && sheetDesc === undefined) throw new RenderError('badDescription', `no sheet ${index}`);
  switch (kind) {
    case 'create':
      return createSheets(ss, desc, state, live ?? readLiveNames(ss), cache);
    case 'content': {
      const sheet = sheetOf(ss, sheetDesc!.name, cache);
      const morph = cache.morph?.get(sheetDesc!.name);
      // On a copy, old content the new does not write over goes first.
      if (morph && morph.clear.length === 1) sheet.getRange(morph.clear[0]!).clearContent();
      else if (morph && morph.clear.length > 1) sheet.getRangeList([...morph.clear]).clearContent();
      return writeContent(sheet, sheetDesc!, morph !== undefined, handlesOf(sheet, sheetDesc!, desc, cache));
    }
    case 'names':
      return writeNames(ss, desc, state, cache);
    case 'look':
      if (cache.morph?.has(sheetDesc!.name)) {
        if (cache.morph.get(sheetDesc!.name)!.formatsHeld) return;
        return writeFormatGrids(sheetOf(ss, sheetDesc!.name, cache), sheetDesc!, desc, cache);
      }
      return writeLook(sheetOf(ss, sheetDesc!.name, cache), sheetDesc!, desc, cache);
    case 'rules':
      if (cache.morph?.has(sheetDesc!.name)) return writeProtection(sheetOf(ss, sheetDesc!.name, cache), sheetDesc!, desc, cache);
      return writeRules(ss, sheetOf(ss, sheetDesc!.name, cache), sheetDesc!, desc, cache);
    case 'finish':
      return finish(ss, desc, cache);
    default:
      throw new RenderError('badDescription', `unknown step ${step}`);
  }
}

function sheetOf(ss: Spreadsheet, name: string, cache: Map<string, Sheet>): Sheet {
  let sheet = cache.get(name);
  if (!sheet) {
    const found = ss.getSheetByName(name);
    if (!found) throw new RenderError('sheetGone', name);
    sheet = found;
    cache.set(name, sheet);
  }
  return sheet;
}

// ---------------------------------------------------------------------------------------------
// Sheets

/** Rows and columns a sheet's content reaches. */
export function extent(s: SheetDesc): { rows: number; columns: number } {
  let rows = 1;
  let columns = Math.max(1, s.columns.length);
  const grow = (r: RangeRef) => {
    rows = Math.max(rows, r.bottom);
    columns = Math.max(columns, r.right);
  };
  for (const b of s.blocks) {
    const at = parseCell(b.at);
    grow({ top: at.row, left: at.col, bottom: at.row + b.cells.length - 1, right: at.col + (b.cells[0]?.length ?? 1) - 1 });
  }
  for (const x of [...s.styles, ...s.formats, ...s.validations, ...s.conditionalFormats]) grow(parseRange(x.range));
  for (const g of s.formatGrids ?? []) grow(formatGridRect(g));
  for (const m of s.merges) grow(parseRange(m));
  for (const c of s.charts) {
    grow(parseRange(c.anchor));
    grow(parseRange(c.categories));
    for (const x of c.series) grow(parseRange(x.values));
  }
  if (s.activeCell) grow(parseRange(s.activeCell));
  if (s.frozen) {
    rows = Math.max(rows, s.frozen.rows + 1);
    columns = Math.max(columns, s.frozen.columns + 1);
  }
  return { rows, columns };
}

/** Checks the names against the spreadsheet, inserts the sheets at the end and grows them. */
export function createSheets(ss: Spreadsheet, desc: WorkbookDesc, state: RenderState, live: LiveNames, cache: StepCache = new Map<string, Sheet>()): void {
  const taken = new Set(live.sheets.map((n) => n.toLowerCase()));
  for (const s of desc.sheets) if (taken.has(s.name.toLowerCase())) throw new RenderError('nameTaken', s.name);
  const names = new Set(live.names.map((n) => n.toLowerCase()));
  for (const n of desc.names) if (names.has(n.name.toLowerCase())) throw new RenderError('nameTaken', n.name);
  if (desc.sheets.length > 0 && desc.sheets.every((s) => s.hidden)) throw new RenderError('badDescription', 'no visible sheet');
  // New sheets go at the end, or right before the sheet they replace.
  const order = [...live.sheets];
  const land = desc.sheets.filter((s) => s.name === cache.land);
  for (const s of [...desc.sheets.filter((x) => x.name !== cache.land), ...land]) {
    const before = cache.before?.get(s.name);
    const at = before === undefined ? -1 : order.findIndex((n) => n.toLowerCase() === before.toLowerCase());
    const index = at < 0 ? order.length : at;
    order.splice(index, 0, s.name);
    const morph = cache.morph?.get(s.name);
    if (morph) {
      // A copy of the sheet it replaces, its tables grown or shrunk by rows inserted or deleted inside them.
      const template = sheetOf(ss, morph.from, cache);
      const sheet = ss.insertSheet(s.name, index, { template });
      state.created.push(s.name);
      cache.set(s.name, sheet);
      if (cache.land !== undefined) cache.landed = s.name === cache.land;
      for (const op of morph.ops) {
        if ('insertAfter' in op) sheet.insertRowsAfter(op.insertAfter, op.rows);
        else sheet.deleteRows(op.deleteFrom, op.rows);
      }
      continue;
    }
    const sheet = ss.insertSheet(s.name, index);
    state.created.push(s.name);
    cache.set(s.name, sheet);
    if (cache.land !== undefined) cache.landed = s.name === cache.land;
    const { rows, columns } = extent(s);
    if (rows > NEW_SHEET_ROWS) sheet.insertRowsAfter(NEW_SHEET_ROWS, rows - NEW_SHEET_ROWS);
    if (columns > NEW_SHEET_COLUMNS) sheet.insertColumnsAfter(NEW_SHEET_COLUMNS, columns - NEW_SHEET_COLUMNS);
  }
}

// ---------------------------------------------------------------------------------------------
// Values and formulas

interface Rect extends RangeRef {}

const area = (r: Rect) => (r.bottom - r.top + 1) * (r.right - r.left + 1);
const union = (a: Rect, b: Rect): Rect => ({
  top: Math.min(a.top, b.top),
  left: Math.min(a.left, b.left),
  bottom: Math.max(a.bottom, b.bottom),
  right: Math.max(a.right, b.right),
});

/**
 * Groups rectangles into fewer, larger ones where little is wasted: two groups are joined when
 * their bounding box holds at most half again their cells plus a small margin.
 */
export function clusterRects(rects: readonly Rect[]): Rect[] {
  const groups = rects.map((r) => ({ box: r, cells: area(r) }));
  for (let joined = true; joined; ) {
    joined = false;
    outer: for (let i = 0; i < groups.length; i++) {
      for (let j = i + 1; j < groups.length; j++) {
        const a = groups[i]!;
        const b = groups[j]!;
        const box = union(a.box, b.box);
        const overlap = a.box.left <= b.box.right && b.box.left <= a.box.right && a.box.top <= b.box.bottom && b.box.top <= a.box.bottom;
        if (overlap || area(box) <= (a.cells + b.cells) * 1.5 + 400) {
          groups[i] = { box, cells: a.cells + b.cells };
          groups.splice(j, 1);
          joined = true;
          break outer;
        }
      }
    }
  }
  return groups.map((g) => g.box);
}

function blockRect(b: SheetDesc['blocks'][number]): Rect {
  const at = parseCell(b.at);
  const width = b.cells[0]?.length ?? 0;
  b.cells.forEach((row, i) => {
    if (row.length !== width) throw new RenderError('badDescription', `block at ${b.at}: row ${i + 1} has ${row.length} cells, expected ${width}`);
  });
  return { top: at.row, left: at.col, bottom: at.row + b.cells.length - 1, right: at.col + width - 1 };
}

/** The rectangle of a per-cell format grid; a ragged or empty grid is a bad description. */
export function formatGridRect(g: FormatGrid): Rect {
  const at = parseCell(g.at);
  const width = g.numFmts[0]?.length ?? 0;
  if (g.numFmts.length === 0 || width === 0) throw new RenderError('badDescription', `format grid at ${g.at} is empty`);
  g.numFmts.forEach((row, i) => {
    if (row.length !== width) throw new RenderError('badDescription', `format grid at ${g.at}: row ${i + 1} has ${row.length} formats, expected ${width}`);
  });
  return { top: at.row, left: at.col, bottom: at.row + g.numFmts.length - 1, right: at.col + width - 1 };
}

/** A value as setValues must receive it: text with the apostrophe marker, so it stays text. */
function hostValue(v: number | string | boolean | null): number | string | boolean {
  if (v === null) return '';
  if (typeof v === 'string') return v === '' ? '' : hostText(v);
  if (typeof v === 'number' && !Number.isFinite(v)) throw new RenderError('badDescription', `${v} is not a finite number`);
  return v;
}

const isFormula = (c: CellSpec | undefined): c is { f: string } => c !== undefined && 'f' in c;
const isBlank = (c: CellSpec | undefined): boolean => c === undefined || ('v' in c && (c.v === null || c.v === ''));

/** What a cell of a content grid receives: text with its apostrophe marker, a number, a boolean or an A1 formula. */
type HostCell = number | string | boolean;

/**
 * Content writes of a sheet: groups of blocks (clustered as `clusterRects` does), each one
 * rectangle written with one setValues. Values go as setValues receives them (text keeps its
 * apostrophe marker, so it stays text) and formulas as their A1 text, which Sheets reads as a
 * formula, as typed; cells of the rectangle that no block fills get ''. Where blocks overlap,
 * the later block's cell is written.
 */
/** The blocks a sheet's content writes (with `blanks`, blank ones too) and the rectangles that write them. */
function contentPlan(s: SheetDesc, blanks: boolean): { blocks: SheetDesc['blocks']; boxes: Rect[]; rects: Rect[] } {
  const blocks = blanks ? s.blocks.filter((b) => b.cells.length > 0) : s.blocks.filter((b) => b.cells.some((row) => row.some((c) => !isBlank(c))));
  const boxes = blocks.map(blockRect);
  return { blocks, boxes, rects: clusterRects(boxes) };
}

export function contentWrites(s: SheetDesc, blanks = false): { rect: Rect; cells: HostCell[][] }[] {
  const { blocks, boxes, rects } = contentPlan(s, blanks);
  return rects.map((rect) => {
    const cells: HostCell[][] = [];
    for (let r = rect.top; r <= rect.bottom; r++) cells.push(new Array<HostCell>(rect.right - rect.left + 1).fill(''));
    blocks.forEach((b, k) => {
      const box = boxes[k]!;
      if (box.top < rect.top || box.bottom > rect.bottom || box.left < rect.left || box.right > rect.right) return;
      b.cells.forEach((row, i) =>
        row.forEach((c, j) => {
          cells[box.top - rect.top + i]![box.left - rect.left + j] = isFormula(c) ? formulaText(c.f) : hostValue(c.v);
        }),
      );
    });
    return { rect, cells };
  });
}

/** A formula as typed into a cell: one leading "=". */
function formulaText(f: string): string {
  if (typeof f !== 'string' || !f.startsWith('=') || f.length < 2) throw new RenderError('badDescription', `"${String(f)}" is not a formula`);
  return f;
}

const rangeOf = (sheet: Sheet, r: Rect): Range => sheet.getRange(r.top, r.left, r.bottom - r.top + 1, r.right - r.left + 1);

/**
 * Writes a sheet's content; over a copy of an old sheet (`over`), blank blocks too, clearing what
 * was there. The rectangles come from the sheet's handles where given (see sheetRanges).
 */
export function writeContent(sheet: Sheet, s: SheetDesc, over = false, handles?: ReadonlyMap<string, Range>): void {
  for (const w of contentWrites(s, over)) (handles?.get(rangeAddress(w.rect)) ?? rangeOf(sheet, w.rect)).setValues(w.cells);
}

// ---------------------------------------------------------------------------------------------
// Names

/** Sheet and range of an absolute reference "'KPI Lists'!$A$2:$A$9". */
export function splitRef(ref: string): { sheet: string; range: string } {
  const bang = ref.lastIndexOf('!');
  if (bang < 0) throw new RenderError('badDescription', `"${ref}" names no sheet`);
  let sheet = ref.slice(0, bang);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return { sheet, range: ref.slice(bang + 1).replace(/\$/g, '') };
}

/** Ranges of a sheet in one call: getRange for one, a RangeList's ranges for several. */
export function rangesOf(sheet: Sheet, a1s: readonly string[]): Range[] {
  if (a1s.length === 0) return [];
  if (a1s.length === 1) return [sheet.getRange(a1s[0]!)];
  return sheet.getRangeList([...a1s]).getRanges();
}

export function writeNames(ss: Spreadsheet, desc: WorkbookDesc, state: RenderState, cache: StepCache = new Map<string, Sheet>()): void {
  const todo = desc.names.filter((n) => !state.names.includes(n.name));
  const bySheet = new Map<string, { name: string; range: string }[]>();
  for (const n of todo) {
    const { sheet, range } = splitRef(n.ref);
    const list = bySheet.get(sheet) ?? [];
    list.push({ name: n.name, range: canonical(range) });
    bySheet.set(sheet, list);
  }
  for (const [sheet, list] of bySheet) {
    const s = desc.sheets.find((x) => x.name.toLowerCase() === sheet.toLowerCase());
    const target = sheetOf(ss, sheet, cache);
    let ranges: Range[];
    if (s) {
      const handles = handlesOf(target, s, desc, cache);
      ranges = list.map((x) => handles.get(x.range)!);
    } else {
      // A name on a sheet of the user's (a system export) may reach below its last row, kept free
      // for rows to come: Sheets refuses a range beyond a sheet's grid, so it ends at the grid's edge.
      const rows = target.getMaxRows();
      const columns = target.getMaxColumns();
      const clip = (a1: string): string => {
        const r = parseRange(a1);
        const bottom = Math.min(r.bottom, rows);
        const right = Math.min(r.right, columns);
        return rangeAddress({ top: Math.min(r.top, bottom), left: Math.min(r.left, right), bottom, right });
      };
      ranges = rangesOf(target, list.map((x) => clip(x.range)));
    }
    list.forEach((x, i) => {
      ss.setNamedRange(x.name, ranges[i]!);
      state.names.push(x.name);
      // Rules later in this call refer to the name's range without looking it up again.
      (cache.named ??= new Map()).set(x.name.toLowerCase(), ranges[i]!);
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Looks: number formats, styles, widths, hidden columns, merges, frozen panes

/** What Sheets sets of each named style (core/templates/looks.ts): body-size text keeps Sheets' own size. */
export interface SheetsLook {
  readonly size?: number;
  readonly bold?: boolean;
  readonly italic?: boolean;
  readonly color: string;
  readonly fill?: string;
  readonly border?: string;
  readonly align?: 'center' | 'left';
  readonly wrap?: boolean;
}

function sheetsLook(l: Look): SheetsLook {
  return {
    ...(l.size !== BODY_SIZE ? { size: l.size } : {}),
    ...(l.bold ? { bold: true } : {}),
    ...(l.italic ? { italic: true } : {}),
    color: l.color,
    ...(l.fill ? { fill: l.fill } : {}),
    // One border colour a range: the top edge's.
    ...(l.borders ? { border: l.borders.top.color } : {}),
    ...(l.horizontal === 'center' ? { align: 'center' as const } : {}),
    ...(l.wrap ? { wrap: true } : {}),
  };
}

export const STYLE_LOOKS: Readonly<Record<StyleName, SheetsLook>> = Object.fromEntries(
  (Object.keys(LOOKS) as StyleName[]).map((name) => [name, sheetsLook(LOOKS[name])]),
) as Record<StyleName, SheetsLook>;

export { CONDITIONAL_LOOKS };

/** Sheets measures columns in pixels; the description in characters. */
export const columnPixels = (chars: number): number => Math.round(chars * 7 + 5);

/** Ranges grouped by a key, in the order keys first appear. */
function groupBy<T>(items: readonly T[], key: (t: T) => string, range: (t: T) => string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const it of items) {
    const k = key(it);
    const list = out.get(k);
    if (list) list.push(range(it));
    else out.set(k, [range(it)]);
  }
  return out;
}

const canonical = (a1: string): string => rangeAddress(parseRange(a1));

/** The parts of `a` outside `b` (at most four rectangles). */
function subtract(a: Rect, b: Rect): Rect[] {
  if (a.left > b.right || b.left > a.right || a.top > b.bottom || b.top > a.bottom) return [a];
  const out: Rect[] = [];
  if (a.top < b.top) out.push({ ...a, bottom: b.top - 1 });
  if (a.bottom > b.bottom) out.push({ ...a, top: b.bottom + 1 });
  const top = Math.max(a.top, b.top);
  const bottom = Math.min(a.bottom, b.bottom);
  if (a.left < b.left) out.push({ top, bottom, left: a.left, right: b.left - 1 });
  if (a.right > b.right) out.push({ top, bottom, left: b.right + 1, right: a.right });
  return out;
}

/**
 * Each style's ranges, without the cells a later range of another style takes over (the last
 * style named for a cell is its style, as in the .xlsx renderer), in the order styles first appear.
 */
export function effectiveStyles(styles: SheetDesc['styles']): Map<StyleName, string[]> {
  const out = new Map<StyleName, string[]>();
  styles.forEach((x, i) => {
    let parts: Rect[] = [parseRange(x.range)];
    for (const later of styles.slice(i + 1)) {
      if (later.style === x.style) continue;
      const b = parseRange(later.range);
      parts = parts.flatMap((p) => subtract(p, b));
      if (parts.length === 0) break;
    }
    const list = out.get(x.style) ?? [];
    for (const p of parts) list.push(rangeAddress(p));
    out.set(x.style, list);
  });
  for (const [k, v] of out) if (v.length === 0) out.delete(k);
  return out;
}

/** Width of a column in a new sheet, in pixels. */
export const DEFAULT_COLUMN_PIXELS = 100;

/**
 * setColumnWidths calls that leave every visible column as wide as the description says, in as
 * few calls as possible: a call may span columns that a later call narrows or widens again
 * (painted in order, the fewest strokes of a "strange printer"), and hidden columns take any
 * width, so runs go across them. A first call that would only set Sheets' default width is left out.
 */
export function columnWidthWrites(cols: readonly { width: number; hidden?: boolean }[]): { start: number; count: number; px: number }[] {
  // Runs of visible columns of one width (hidden columns between them join the run).
  const segs: { first: number; last: number; px: number }[] = [];
  cols.forEach((c, i) => {
    if (c.hidden) return;
    const px = columnPixels(c.width);
    const prev = segs[segs.length - 1];
    if (prev && prev.px === px) prev.last = i;
    else segs.push({ first: i, last: i, px });
  });
  const m = segs.length;
  if (m === 0) return [];
  const dp: number[][] = Array.from({ length: m + 1 }, () => new Array<number>(m + 1).fill(0));
  const choice: number[][] = Array.from({ length: m + 1 }, () => new Array<number>(m + 1).fill(-1));
  const at = (i: number, j: number) => (i > j ? 0 : dp[i]![j]!);
  for (let i = m - 1; i >= 0; i--) {
    for (let j = i; j < m; j++) {
      let best = at(i + 1, j) + 1;
      let pick = -1;
      for (let k = i + 1; k <= j; k++) {
        if (segs[k]!.px !== segs[i]!.px) continue;
        const cost = at(i + 1, k - 1) + at(k, j);
        if (cost < best) {
          best = cost;
          pick = k;
        }
      }
      dp[i]![j] = best;
      choice[i]![j] = pick;
    }
  }
  // Strokes over segments, in the order they are painted; the first one covers segment i.
  const paint = (i: number, j: number): { from: number; to: number; px: number }[] => {
    if (i > j) return [];
    const k = choice[i]![j]!;
    if (k < 0) return [{ from: i, to: i, px: segs[i]!.px }, ...paint(i + 1, j)];
    const [first, ...rest] = paint(k, j);
    return [{ from: i, to: first!.to, px: segs[i]!.px }, ...rest, ...paint(i + 1, k - 1)];
  };
  const strokes = paint(0, m - 1).map((x) => {
    // Hidden columns right after a stroke take its width too (a hidden column may be shown again).
    let end = segs[x.to]!.last;
    while (end + 1 < cols.length && cols[end + 1]!.hidden) end++;
    return { first: segs[x.from]!.first, end, px: x.px };
  });
  const out: { start: number; count: number; px: number }[] = [];
  strokes.forEach((x, i) => {
    const under = strokes.slice(0, i).some((y) => y.first <= x.end && x.first <= y.end);
    if (x.px === DEFAULT_COLUMN_PIXELS && !under) return;
    out.push({ start: x.first + 1, count: x.end - x.first + 1, px: x.px });
  });
  return out;
}

/**
 * Merges as calls: single-row merges of the same columns on consecutive rows become one
 * mergeAcross over their rectangle; any other merge is its own.
 */
export function mergeWrites(merges: readonly string[]): { rect: Rect; across: boolean }[] {
  const rects = merges.map((m) => parseRange(m)).sort((a, b) => a.left - b.left || a.right - b.right || a.top - b.top);
  const out: { rect: Rect; across: boolean }[] = [];
  for (const r of rects) {
    const prev = out[out.length - 1];
    const single = r.top === r.bottom && r.right > r.left;
    if (prev && single && prev.rect.left === r.left && prev.rect.right === r.right && prev.rect.bottom + 1 === r.top && (prev.across || prev.rect.top === prev.rect.bottom)) {
      prev.rect = { ...prev.rect, bottom: r.top };
      prev.across = true;
    } else out.push({ rect: { ...r }, across: false });
  }
  return out;
}

/** One property a look sets: the RangeList call and its value. */
export type LookProp = readonly ['color' | 'size' | 'bold' | 'italic' | 'fill' | 'border' | 'align' | 'wrap', string];

function lookProps(style: StyleName): LookProp[] {
  const look = STYLE_LOOKS[style];
  if (!look) throw new RenderError('badDescription', `unknown style ${style}`);
  const out: LookProp[] = [['color', look.color]];
  if (look.size !== undefined) out.push(['size', String(look.size)]);
  if (look.bold) out.push(['bold', '']);
  if (look.italic) out.push(['italic', '']);
  if (look.fill) out.push(['fill', look.fill]);
  if (look.border) out.push(['border', look.border]);
  if (look.align) out.push(['align', look.align]);
  if (look.wrap) out.push(['wrap', '']);
  return out;
}

/**
 * The looks of a sheet as RangeLists and the properties set on each: one list per style, except
 * that properties several styles share (the same value) go once on a list of all their ranges
 * when that takes fewer calls (a list costs one call, each property on it one more). Each range
 * stays the range it is in its style, so borders outline the same rectangles.
 */
export function styleWrites(styles: SheetDesc['styles']): { ranges: string[]; props: LookProp[] }[] {
  const eff = effectiveStyles(styles);
  const byStyle = new Map<StyleName, LookProp[]>();
  for (const style of eff.keys()) byStyle.set(style, lookProps(style));
  // The styles sharing each property, then the properties sharing one set of styles.
  const holders = new Map<string, { prop: LookProp; styles: StyleName[] }>();
  for (const [style, props] of byStyle) {
    for (const p of props) {
      const k = p.join('\u0000');
      const h = holders.get(k);
      if (h) h.styles.push(style);
      else holders.set(k, { prop: p, styles: [style] });
    }
  }
  const sets = new Map<string, { styles: StyleName[]; props: LookProp[] }>();
  for (const h of holders.values()) {
    if (h.styles.length < 2) continue;
    const k = h.styles.join(',');
    const set = sets.get(k);
    if (set) set.props.push(h.prop);
    else sets.set(k, { styles: h.styles, props: [h.prop] });
  }
  const shared: { ranges: string[]; props: LookProp[] }[] = [];
  for (const set of sets.values()) {
    if (1 + set.props.length >= set.styles.length * set.props.length) continue;
    shared.push({ ranges: set.styles.flatMap((st) => eff.get(st)!), props: set.props });
    for (const st of set.styles) byStyle.set(st, byStyle.get(st)!.filter((p) => !set.props.some((q) => q.join() === p.join())));
  }
  const own = [...byStyle].filter(([, props]) => props.length > 0).map(([st, props]) => ({ ranges: eff.get(st)!, props }));
  return [...own, ...shared];
}

/** What a look or a number format is set on: a RangeList, or one Range. */
interface Formattable {
  setNumberFormat(f: string): unknown;
  setFontColor(c: string): unknown;
  setFontSize(n: number): unknown;
  setFontWeight(w: string): unknown;
  setFontStyle(s: string): unknown;
  setBackground(c: string): unknown;
  setBorder(...a: unknown[]): unknown;
  setHorizontalAlignment(a: string): unknown;
  setWrap(w: boolean): unknown;
}

/**
 * Every range of a sheet that the render sets something on one range at a time (a workbook name,
 * a number format or look on a single range, a merge, a validation grid or rule, a conditional
 * format, the open input cells), in one list, so one getRangeList and one getRanges serve them all.
 */
export function sheetRanges(s: SheetDesc, names: WorkbookDesc['names'] = []): string[] {
  const out: string[] = [];
  for (const r of contentPlan(s, false).rects) out.push(rangeAddress(r));
  for (const n of names) {
    const { sheet, range } = splitRef(n.ref);
    if (sheet.toLowerCase() === s.name.toLowerCase()) out.push(canonical(range));
  }
  for (const ranges of groupBy(s.formats, (f) => f.numFmt, (f) => canonical(f.range)).values()) if (ranges.length === 1) out.push(ranges[0]!);
  for (const g of s.formatGrids ?? []) out.push(rangeAddress(formatGridRect(g)));
  for (const w of styleWrites(s.styles)) if (w.ranges.length === 1) out.push(w.ranges[0]!);
  for (const m of mergeWrites(s.merges)) out.push(rangeAddress(m.rect));
  const v = validationPlan(s);
  for (const g of v.grids) out.push(rangeAddress(g.box));
  for (const c of v.custom) out.push(canonical(c.range));
  for (const cf of s.conditionalFormats) out.push(canonical(cf.range));
  if (s.protect) out.push(...(effectiveStyles(s.styles).get('input') ?? []));
  return [...new Set(out)];
}

/**
 * The ranges a copy of an old sheet is written through (see morph.ts): its content, its workbook
 * names, its per-cell formats (unless the copy holds them already) and its open input cells; the
 * rest the copy holds already.
 */
export function copyRanges(s: SheetDesc, names: WorkbookDesc['names'] = [], formatsHeld = false): string[] {
  const out = contentPlan(s, true).rects.map(rangeAddress);
  for (const n of names) {
    const { sheet, range } = splitRef(n.ref);
    if (sheet.toLowerCase() === s.name.toLowerCase()) out.push(canonical(range));
  }
  if (!formatsHeld) for (const g of s.formatGrids ?? []) out.push(rangeAddress(formatGridRect(g)));
  if (s.protect) out.push(...(effectiveStyles(s.styles).get('input') ?? []));
  return [...new Set(out)];
}

/** The ranges of `sheetRanges` (of `copyRanges` for a copy), got once per call and sheet. */
export function handlesOf(sheet: Sheet, s: SheetDesc, desc: WorkbookDesc, cache: StepCache): Map<string, Range> {
  cache.handles ??= new Map();
  let handles = cache.handles.get(s.name);
  if (!handles) {
    const names = cache.later ? [...desc.names, ...cache.later] : desc.names;
    const morph = cache.morph?.get(s.name);
    const wanted = morph ? copyRanges(s, names, morph.formatsHeld) : sheetRanges(s, names);
    const got = rangesOf(sheet, wanted);
    handles = new Map(wanted.map((a, i) => [a, got[i]!]));
    cache.handles.set(s.name, handles);
  }
  return handles;
}

/** Per-cell number formats, one setNumberFormats per grid. */
export function writeFormatGrids(sheet: Sheet, s: SheetDesc, desc: WorkbookDesc, cache: StepCache = new Map()): void {
  if ((s.formatGrids ?? []).length === 0) return;
  const handles = handlesOf(sheet, s, desc, cache);
  for (const g of s.formatGrids ?? []) handles.get(rangeAddress(formatGridRect(g)))!.setNumberFormats(g.numFmts.map((row) => [...row]));
}

export function writeLook(sheet: Sheet, s: SheetDesc, desc: WorkbookDesc, cache: StepCache = new Map()): void {
  const handles = handlesOf(sheet, s, desc, cache);
  const target = (ranges: string[]): Formattable => (ranges.length === 1 ? handles.get(ranges[0]!)! : sheet.getRangeList(ranges)) as unknown as Formattable;
  for (const [fmt, ranges] of groupBy(s.formats, (f) => f.numFmt, (f) => canonical(f.range))) target(ranges).setNumberFormat(fmt);
  // Per-cell formats after the range formats, one setNumberFormats per grid.
  writeFormatGrids(sheet, s, desc, cache);
  for (const w of styleWrites(s.styles)) {
    const list = target(w.ranges);
    for (const [kind, value] of w.props) {
      if (kind === 'color') list.setFontColor(value);
      else if (kind === 'size') list.setFontSize(Number(value));
      else if (kind === 'bold') list.setFontWeight('bold');
      else if (kind === 'italic') list.setFontStyle('italic');
      else if (kind === 'fill') list.setBackground(value);
      else if (kind === 'border') list.setBorder(true, true, true, true, null, null, value, SpreadsheetApp.BorderStyle.SOLID);
      else if (kind === 'align') list.setHorizontalAlignment(value);
      else list.setWrap(true);
    }
  }
  for (const w of columnWidthWrites(s.columns)) sheet.setColumnWidths(w.start, w.count, w.px);
  const cols = s.columns;
  for (let i = 0; i < cols.length; ) {
    if (!cols[i]!.hidden) {
      i++;
      continue;
    }
    let j = i;
    while (j < cols.length && cols[j]!.hidden) j++;
    sheet.hideColumns(i + 1, j - i);
    i = j;
  }
  for (const m of mergeWrites(s.merges)) {
    const r = handles.get(rangeAddress(m.rect))!;
    if (m.across) r.mergeAcross();
    else r.merge();
  }
  if (s.frozen && s.frozen.rows > 0) sheet.setFrozenRows(s.frozen.rows);
  if (s.frozen && s.frozen.columns > 0) sheet.setFrozenColumns(s.frozen.columns);
}

// ---------------------------------------------------------------------------------------------
// Rules: data validation and conditional formats

/** Bounds Sheets' number rules use for "any number". */
export const ANY_NUMBER = 1e307;

function listRange(ss: Spreadsheet, sheet: Sheet, source: string, desc: WorkbookDesc, cache: StepCache): Range {
  const text = source.trim().replace(/^=/, '');
  const named = desc.names.find((n) => n.name.toLowerCase() === text.toLowerCase());
  cache.named ??= new Map();
  const known = named ? cache.named.get(named.name.toLowerCase()) : undefined;
  if (known) return known;
  let range: Range;
  if (named) {
    const found = ss.getRangeByName(named.name);
    if (!found) throw new RenderError('sheetGone', named.name);
    range = found;
  } else if (text.includes('!')) {
    range = ss.getRange(text);
  } else {
    range = sheet.getRange(text.replace(/\$/g, ''));
  }
  if (named) cache.named.set(named.name.toLowerCase(), range);
  return range;
}

type Rule = GoogleAppsScript.Spreadsheet.DataValidation;

/** What a validation requires, without where and its message. */
const criteriaKey = (v: Validation): string => {
  const { range: _where, message: _message, allowBlank: _blank, ...what } = v;
  return JSON.stringify(what);
};

/**
 * One rule object per distinct rule of a sheet, all from one builder: the builder refuses
 * invalid entries once, then takes each distinct criteria once and each message it needs, and
 * builds (a built rule keeps the settings it was built with).
 */
function buildRules(ss: Spreadsheet, sheet: Sheet, validations: readonly Validation[], desc: WorkbookDesc, cache: StepCache): Map<string, Rule> {
  const distinct = new Map<string, Validation>();
  for (const v of validations) distinct.set(`${criteriaKey(v)}|${v.message}`, v);
  const byCriteria = new Map<string, Validation[]>();
  for (const v of distinct.values()) {
    const list = byCriteria.get(criteriaKey(v));
    if (list) list.push(v);
    else byCriteria.set(criteriaKey(v), [v]);
  }
  const out = new Map<string, Rule>();
  if (distinct.size === 0) return out;
  const b = SpreadsheetApp.newDataValidation().setAllowInvalid(false);
  let help: string | undefined;
  for (const list of byCriteria.values()) {
    const v = list[0]!;
    switch (v.type) {
      case 'list':
        if (typeof v.source === 'string') b.requireValueInRange(listRange(ss, sheet, v.source, desc, cache), true);
        else b.requireValueInList([...v.source], true);
        break;
      case 'decimal':
        if (v.min !== undefined && v.max !== undefined) b.requireNumberBetween(v.min, v.max);
        else if (v.min !== undefined) b.requireNumberGreaterThanOrEqualTo(v.min);
        else if (v.max !== undefined) b.requireNumberLessThanOrEqualTo(v.max);
        else b.requireNumberBetween(-ANY_NUMBER, ANY_NUMBER);
        break;
      case 'custom':
        b.requireFormulaSatisfied(v.formula.trim().startsWith('=') ? v.formula.trim() : `=${v.formula.trim()}`);
        break;
    }
    for (const x of list) {
      if (x.message !== help) b.setHelpText(x.message);
      help = x.message;
      out.set(`${criteriaKey(x)}|${x.message}`, b.build());
    }
  }
  return out;
}

/**
 * Where a sheet's validations go. Lists and number rules hold no cell reference: written as grids
 * of rules, a few rectangles per sheet (a rectangle that one rule fills is set on its range). A
 * custom rule's formula is relative to the top-left of the range it is set on: a rule for one
 * cell that no other cell shares goes in a grid too (its cell is its top-left either way); any
 * other custom rule is set on its range.
 */
function validationPlan(s: SheetDesc): { plain: Validation[]; custom: Validation[]; rects: Rect[]; grids: { box: Rect; members: number[] }[] } {
  const cellsOfRule = new Map<string, number>();
  for (const v of s.validations) {
    const k = `${criteriaKey(v)}|${v.message}`;
    cellsOfRule.set(k, (cellsOfRule.get(k) ?? 0) + area(parseRange(v.range)));
  }
  const inGrid = (v: Validation) => v.type !== 'custom' || cellsOfRule.get(`${criteriaKey(v)}|${v.message}`) === 1;
  const plain = s.validations.filter(inGrid);
  const custom = s.validations.filter((v) => !inGrid(v));
  const rects = plain.map((v) => parseRange(v.range));
  const grids: { box: Rect; members: number[] }[] = clusterRects(rects).map((box) => ({ box, members: [] }));
  rects.forEach((r, i) => grids.find((g) => r.top >= g.box.top && r.bottom <= g.box.bottom && r.left >= g.box.left && r.right <= g.box.right)!.members.push(i));
  return { plain, custom, rects, grids };
}

/**
 * Validation, conditional formats and, for a protected sheet, its warning-only protection with
 * the input cells left open. The ranges they name come from the sheet's one list of ranges
 * (`sheetRanges`, shared with the look step in the same call). The sheet is new (the render
 * inserted it), so its conditional format list is written whole without reading it first.
 */
export function writeRules(ss: Spreadsheet, sheet: Sheet, s: SheetDesc, desc: WorkbookDesc, cache: StepCache = new Map()): void {
  const rules = buildRules(ss, sheet, s.validations, desc, cache);
  const ruleOf = (v: Validation) => rules.get(`${criteriaKey(v)}|${v.message}`)!;
  const { plain, custom, rects, grids } = validationPlan(s);
  const single = (g: { box: Rect; members: number[] }) => g.members.length === 1 && area(rects[g.members[0]!]!) === area(g.box);
  const cfs = s.conditionalFormats.map((cf) => {
    const f = cf.formula.trim();
    return { ...cf, formula: f.startsWith('=') ? f : `=${f}`, range: canonical(cf.range) };
  });
  const handles = handlesOf(sheet, s, desc, cache);

  for (const g of grids) {
    if (single(g)) {
      handles.get(rangeAddress(g.box))!.setDataValidation(ruleOf(plain[g.members[0]!]!));
      continue;
    }
    const grid: (Rule | null)[][] = [];
    for (let r = g.box.top; r <= g.box.bottom; r++) grid.push(new Array<Rule | null>(g.box.right - g.box.left + 1).fill(null));
    for (const i of g.members) {
      const rect = rects[i]!;
      const rule = ruleOf(plain[i]!);
      for (let r = rect.top; r <= rect.bottom; r++) for (let c = rect.left; c <= rect.right; c++) grid[r - g.box.top]![c - g.box.left] = rule;
    }
    handles.get(rangeAddress(g.box))!.setDataValidations(grid);
  }
  for (const v of custom) handles.get(canonical(v.range))!.setDataValidation(ruleOf(v));

  if (cfs.length > 0) {
    // Rules with one formula that refers to fixed cells only (the same wherever it stands) and
    // one look share a rule over all their ranges; any other rule keeps its own range.
    const groups: { formula: string; style: ConditionalFormat['style']; ranges: string[] }[] = [];
    for (const cf of cfs) {
      const fixed = toR1C1(cf.formula, 1, 1) === toR1C1(cf.formula, 2, 2);
      const g = fixed ? groups.find((x) => x.formula === cf.formula && x.style === cf.style) : undefined;
      if (g) g.ranges.push(cf.range);
      else groups.push({ formula: cf.formula, style: cf.style, ranges: [cf.range] });
    }
    // One builder: rules of one look are built one after another, each setting only what
    // differs from the rule built before it. The list keeps the description's order.
    const b = SpreadsheetApp.newConditionalFormatRule();
    const built = new Map<number, GoogleAppsScript.Spreadsheet.ConditionalFormatRule>();
    const order = [...groups.keys()].sort((x, y) => {
      const sx = groups.findIndex((g) => g.style === groups[x]!.style);
      const sy = groups.findIndex((g) => g.style === groups[y]!.style);
      return sx - sy || x - y;
    });
    let last: { style?: string; formula?: string; ranges?: string } = {};
    for (const i of order) {
      const g = groups[i]!;
      const look = CONDITIONAL_LOOKS[g.style];
      if (g.style !== last.style) b.setBackground(look.fill).setFontColor(look.font);
      if (g.formula !== last.formula) b.whenFormulaSatisfied(g.formula);
      const where = g.ranges.join(',');
      if (where !== last.ranges) b.setRanges(g.ranges.map((r) => handles.get(r)!));
      last = { style: g.style, formula: g.formula, ranges: where };
      built.set(i, b.build());
    }
    sheet.setConditionalFormatRules(groups.map((_, i) => built.get(i)!));
  }

  writeProtection(sheet, s, desc, cache);
}

/**
 * A protected sheet's warning-only protection with its input cells open. On a copy of an old
 * sheet, protect() gives the protection the copy may have kept, set anew all the same.
 */
export function writeProtection(sheet: Sheet, s: SheetDesc, desc: WorkbookDesc, cache: StepCache = new Map()): void {
  if (!s.protect) return;
  const inputs = effectiveStyles(s.styles).get('input') ?? [];
  const handles = inputs.length > 0 ? handlesOf(sheet, s, desc, cache) : undefined;
  const protection = sheet.protect().setWarningOnly(true);
  if (inputs.length > 0) protection.setUnprotectedRanges(inputs.map((a) => handles!.get(a)!));
}

// ---------------------------------------------------------------------------------------------
// Finish: protection, charts, the cursor, hidden sheets

export function finish(ss: Spreadsheet, desc: WorkbookDesc, cache: StepCache = new Map<string, Sheet>()): void {
  for (const s of desc.sheets) {
    if (cache.morph?.has(s.name)) continue;
    const sheet = sheetOf(ss, s.name, cache);
    for (const c of s.charts) {
      const builder = sheet
        .newChart()
        .setChartType(c.type === 'bar' ? Charts.ChartType.BAR : Charts.ChartType.COLUMN)
        .addRange(sheet.getRange(canonical(c.categories)));
      for (const x of c.series) builder.addRange(sheet.getRange(canonical(x.values)));
      const at = parseCell(c.anchor);
      const series: Record<number, { labelInLegend: string }> = {};
      c.series.forEach((x, i) => (series[i] = { labelInLegend: x.name }));
      sheet.insertChart(builder.setPosition(at.row, at.col, 0, 0).setOption('title', c.title).setOption('series', series).build());
    }
  }
  const visible = desc.sheets.filter((s) => !s.hidden);
  const main = visible[visible.length - 1];
  if (cache.land !== undefined) {
    // An update: the sheet updated from, active already when inserted last in this call.
    if (!cache.landed) ss.setActiveSheet(sheetOf(ss, cache.land, cache));
  } else if (main) {
    const sheet = sheetOf(ss, main.name, cache);
    ss.setActiveSheet(sheet);
    sheet.setActiveSelection(canonical(main.activeCell ?? 'A1'));
  }
  for (const s of desc.sheets) if (s.hidden) sheetOf(ss, s.name, cache).hideSheet();
}

// ---------------------------------------------------------------------------------------------
// Failure and rollback

/** The code of a failure, from a RenderError or the host's words. */
export function errorCode(e: unknown): { code: RenderErrorCode; detail: string } {
  if (e instanceof RenderError || (typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'RenderError')) {
    const r = e as RenderError;
    return { code: r.code, detail: r.detail };
  }
  const detail = e instanceof Error ? e.message : String(e);
  if (/already exists|is already (taken|in use)/i.test(detail)) return { code: 'nameTaken', detail };
  if (/protected/i.test(detail)) return { code: 'protected', detail };
  if (/maximum execution time|timed out/i.test(detail)) return { code: 'timeLimit', detail };
  if (/sheet.*(not found|deleted|does not exist)|(not found|deleted).*sheet/i.test(detail)) return { code: 'sheetGone', detail };
  return { code: 'hostError', detail };
}

/** Removes what the render created: its workbook names, then its sheets. Throws when that fails too. */
export function rollback(ss: Spreadsheet, state: RenderState): void {
  let failed: unknown;
  for (const name of [...state.names].reverse()) {
    try {
      if (ss.getRangeByName(name)) ss.removeNamedRange(name);
      state.names.splice(state.names.indexOf(name), 1);
    } catch (e) {
      failed ??= e;
    }
  }
  for (const name of [...state.created].reverse()) {
    try {
      const sheet = ss.getSheetByName(name);
      if (sheet) ss.deleteSheet(sheet);
      state.created.splice(state.created.indexOf(name), 1);
    } catch (e) {
      failed ??= e;
    }
  }
  if (failed !== undefined) throw failed;
}

/** A failure as google.script.run carries it: an Error whose message is JSON { code, detail, rollbackFailed }. */
export function failure(e: unknown, rollbackFailed = false): Error {
  const { code, detail } = errorCode(e);
  const err = new Error(JSON.stringify({ code, detail, ...(rollbackFailed ? { rollbackFailed: true } : {}) }));
  err.name = 'RenderFailure';
  return err;
}

/** True for an error `failure` made. */
export function isFailure(e: unknown): boolean {
  return e instanceof Error && e.name === 'RenderFailure';
}

/** Runs one step; on a failure inside it undoes the whole render and throws `failure(...)`. */
export function runStepSafely(
  ss: Spreadsheet,
  desc: WorkbookDesc,
  step: string,
  state: RenderState,
  live?: LiveNames,
  cache?: StepCache,
): void {
  try {
    runStep(ss, desc, step, state, live, cache);
  } catch (e) {
    let rollbackFailed = false;
    try {
      rollback(ss, state);
    } catch {
      rollbackFailed = true;
    }
    throw failure(e, rollbackFailed);
  }
}

/** Renders a whole description in one go (tests, and hosts without a time limit). */
export function renderDesc(ss: Spreadsheet, desc: WorkbookDesc, state: RenderState = { created: [], names: [] }): void {
  const cache: StepCache = new Map<string, Sheet>();
  for (const step of renderSteps(desc)) runStepSafely(ss, desc, step, state, undefined, cache);
}
