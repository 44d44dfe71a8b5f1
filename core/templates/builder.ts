import type { Locale } from '../types.js';
import { absRange, addr, col, colNumber, onSheet, parseCell, parseRange, range } from './a1.js';
import type {
  Block,
  CellSpec,
  ChartRequest,
  ColumnSpec,
  ConditionalFormat,
  FormatGrid,
  FormatRange,
  NamedRange,
  PrintSetup,
  SheetDesc,
  StyleName,
  StyleRange,
  TableLayout,
  Validation,
  WorkbookDesc,
} from './types.js';

export const BLANK: CellSpec = Object.freeze({ v: null });
/** A value written as data: text is never read as a formula. */
export const v = (x: number | string | boolean | null | undefined): CellSpec =>
  x === undefined || x === null ? BLANK : { v: x };
/** A native formula (body without "="). */
export const f = (body: string): CellSpec => ({ f: `=${body}` });

/**
 * A formula written once with "{r}" where the row goes, compiled to a function of the row so that
 * thousands of rows cost one string join each.
 */
export function perRow(body: string): (row: number) => CellSpec {
  const parts = `=${body}`.split('{r}');
  if (parts.length === 1) {
    const spec: CellSpec = { f: parts[0]! };
    return () => spec;
  }
  return (row) => ({ f: parts.join(String(row)) });
}

/**
 * A formula with named places ("{r}", "{q}", "{a}", ...) compiled once; each call fills the places
 * with numbers in the order of `places`.
 */
export function formulaTemplate(body: string, places: readonly string[]): (...values: number[]) => CellSpec {
  const text = `=${body}`;
  const pieces: string[] = [];
  const slots: number[] = [];
  const re = new RegExp(places.map((p) => `\\{${p}\\}`).join('|'), 'g');
  let last = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    pieces.push(text.slice(last, m.index));
    slots.push(places.indexOf(m[0].slice(1, -1)));
    last = m.index + m[0].length;
  }
  pieces.push(text.slice(last));
  if (slots.length === 0) {
    const spec: CellSpec = { f: text };
    return () => spec;
  }
  const buf: string[] = new Array(pieces.length * 2 - 1);
  return (...values: number[]) => {
    buf[0] = pieces[0]!;
    for (let i = 0; i < slots.length; i++) {
      buf[2 * i + 1] = String(values[slots[i]!]);
      buf[2 * i + 2] = pieces[i + 1]!;
    }
    return { f: buf.join('') };
  };
}

export interface ColumnDef {
  /** Field name in the table layout. */
  readonly key: string;
  readonly header: string;
  readonly width: number;
  readonly hidden?: boolean;
  readonly style: StyleName;
  readonly numFmt?: string;
  /** The cell of data row `i` (0-based) at sheet row `row`. */
  readonly cell: (i: number, row: number) => CellSpec;
}

/** A hidden helper column whose header is its key; `cell` gets the data row index and the sheet row. */
export function helperColumn(key: string, cell: (i: number, row: number) => CellSpec): ColumnDef {
  return { key, header: key, width: 8, hidden: true, style: 'formula', cell };
}

export interface TableSpec {
  readonly key: string;
  /** First column (1-based). */
  readonly at: number;
  readonly headerRow: number;
  readonly rows: number;
  readonly columns: readonly ColumnDef[];
}

/** Rows of a table: its header row and `count` data rows under it (lastRow < firstRow when there are none). */
export interface TableRows {
  readonly headerRow: number;
  readonly firstRow: number;
  readonly lastRow: number;
}

export function tableRows(headerRow: number, count: number): TableRows {
  return { headerRow, firstRow: headerRow + 1, lastRow: headerRow + count };
}

/** The data rows of a table in columns c1..c2: "C7:F16". */
export function dataRange(rows: TableRows, c1: number, c2 = c1): string {
  return range(c1, rows.firstRow, c2, rows.lastRow);
}

/**
 * Column numbers of adjacent columns, one per key in order from column `first`:
 * columnsFrom(1, ['no', 'kpi']) is { no: 1, kpi: 2 }.
 */
export function columnsFrom<K extends string>(first: number, keys: readonly K[]): Readonly<Record<K, number>> {
  const out = {} as Record<K, number>;
  keys.forEach((k, i) => (out[k] = first + i));
  return out;
}

/** The letters of each column: { no: 'A', kpi: 'B' } (a table layout's columns). */
export function columnLetters<K extends string>(columns: Readonly<Record<K, number>>): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const k of Object.keys(columns) as K[]) out[k] = col(columns[k]);
  return out;
}

/** The rightmost column of columns made by columnsFrom. */
export function lastColumnOf(columns: Readonly<Record<string, number>>): number {
  return Math.max(...Object.values(columns));
}

/** The first free row below something that ends at row `above` (or a table's last row), after `gap` empty rows. */
export function placeBelow(above: number | { readonly lastRow: number }, gap = 0): number {
  return (typeof above === 'number' ? above : above.lastRow) + 1 + gap;
}

/** The first free column right of something that ends at column `left` (or a table's last column), after `gap` empty columns. */
export function placeBeside(left: number | { readonly lastColumn: number }, gap = 0): number {
  return (typeof left === 'number' ? left : left.lastColumn) + 1 + gap;
}

export interface PlacedTable {
  readonly layout: TableLayout;
  readonly firstColumn: number;
  readonly lastColumn: number;
  /** Column number of a field. */
  readonly c: (key: string) => number;
  /** Column letters of a field. */
  readonly L: (key: string) => string;
  readonly firstRow: number;
  readonly lastRow: number;
  /** "$X$5:$X$104": a field's data rows. */
  readonly colRange: (key: string) => string;
}

export class SheetBuilder {
  private readonly blocks: Block[] = [];
  private readonly styles: StyleRange[] = [];
  private readonly formats: FormatRange[] = [];
  private readonly formatGrids: FormatGrid[] = [];
  private readonly validations: Validation[] = [];
  private readonly conditionalFormats: ConditionalFormat[] = [];
  private readonly merges: string[] = [];
  private readonly charts: ChartRequest[] = [];
  private readonly tables: TableLayout[] = [];
  private readonly cells: Record<string, string> = {};
  private readonly columns: ColumnSpec[] = [];
  private frozen: { rows: number; columns: number } | undefined;
  private active: string | undefined;

  constructor(
    readonly key: string,
    readonly name: string,
    private readonly opts: { hidden?: boolean; protect: boolean },
  ) {}

  width(c: number, width: number, hidden = false): void {
    while (this.columns.length < c) this.columns.push({ width: 10 });
    this.columns[c - 1] = hidden ? { width, hidden: true } : { width };
  }

  /** Writes a rectangle of cells at column c, row r. */
  put(c: number, r: number, cells: CellSpec[][]): void {
    if (cells.length === 0 || cells[0]!.length === 0) return;
    this.blocks.push({ at: addr(c, r), cells });
  }

  /** One row of cells. */
  row(c: number, r: number, cells: CellSpec[]): void {
    this.put(c, r, [cells]);
  }

  style(rng: string, style: StyleName): void {
    this.styles.push({ range: rng, style });
  }

  format(rng: string, numFmt: string): void {
    this.formats.push({ range: rng, numFmt });
  }

  /** Number formats cell by cell from `at` ([row][column]), written after the range formats. */
  formatGrid(at: string, numFmts: string[][]): void {
    if (numFmts.length > 0 && numFmts[0]!.length > 0) this.formatGrids.push({ at, numFmts });
  }

  validate(v: Validation): void {
    this.validations.push(v);
  }

  conditional(rng: string, formula: string, style: ConditionalFormat['style']): void {
    this.conditionalFormats.push({ range: rng, formula: `=${formula}`, style });
  }

  merge(rng: string): void {
    this.merges.push(rng);
  }

  chart(c: ChartRequest): void {
    this.charts.push(c);
  }

  freeze(rows: number, columns: number): void {
    this.frozen = { rows, columns };
  }

  /** The cell the cursor lands on; its input range is listed first among the styles. */
  focus(address: string): void {
    this.active = address;
  }

  /** Records the layout of a table written cell by cell. */
  layout(t: TableLayout): void {
    this.tables.push(t);
  }

  cell(role: string, address: string): void {
    this.cells[role] = address;
  }

  /**
   * Writes a text in row 1 of a hidden column right of everything on the sheet (a generated
   * sheet's recipe, read back when the sheet is updated). Returns the cell.
   */
  stamp(text: string): string {
    let right = this.columns.length;
    for (const b of this.blocks) right = Math.max(right, parseCell(b.at).col + (b.cells[0]?.length ?? 1) - 1);
    for (const x of [...this.styles.map((st) => st.range), ...this.formats.map((fm) => fm.range), ...this.merges]) {
      right = Math.max(right, parseRange(x).right);
    }
    const c = right + 1;
    this.put(c, 1, [[v(text)]]);
    this.width(c, 2, true);
    return addr(c, 1);
  }

  /** A merged title across columns c1..c2 of row r. */
  title(c1: number, c2: number, r: number, text: string): void {
    this.row(c1, r, [v(text)]);
    this.merge(range(c1, r, c2, r));
    this.style(range(c1, r, c2, r), 'title');
  }

  /** A line of text in one style, merged across c1..c2. */
  line(c1: number, c2: number, r: number, text: string, style: StyleName): void {
    this.row(c1, r, [v(text)]);
    if (c2 > c1) this.merge(range(c1, r, c2, r));
    this.style(range(c1, r, c2, r), style);
  }

  /**
   * A table: a header row and `rows` data rows, written as two blocks; styles, number formats
   * and widths per run of like columns; the layout is recorded for programs that read it.
   */
  table(spec: TableSpec): PlacedTable {
    const { at, headerRow, rows, columns } = spec;
    const firstRow = headerRow + 1;
    const lastRow = headerRow + Math.max(rows, 0);
    const index = new Map<string, number>();
    columns.forEach((c, i) => index.set(c.key, at + i));
    this.row(at, headerRow, columns.map((c) => v(c.header === '' ? null : c.header)));
    this.style(range(at, headerRow, at + columns.length - 1, headerRow), 'header');
    columns.forEach((c, i) => this.width(at + i, c.width, c.hidden ?? false));
    if (rows > 0) {
      const cells: CellSpec[][] = new Array(rows);
      const makers = columns.map((c) => c.cell);
      const width = makers.length;
      for (let i = 0; i < rows; i++) {
        const r = firstRow + i;
        const line: CellSpec[] = new Array(width);
        for (let j = 0; j < width; j++) line[j] = makers[j]!(i, r);
        cells[i] = line;
      }
      this.put(at, firstRow, cells);
      // Styles and formats over runs of adjacent columns that share them.
      let runStart = 0;
      for (let j = 1; j <= columns.length; j++) {
        if (j === columns.length || columns[j]!.style !== columns[runStart]!.style) {
          this.style(range(at + runStart, firstRow, at + j - 1, lastRow), columns[runStart]!.style);
          runStart = j;
        }
      }
      runStart = 0;
      for (let j = 1; j <= columns.length; j++) {
        if (j === columns.length || columns[j]!.numFmt !== columns[runStart]!.numFmt) {
          const fmt = columns[runStart]!.numFmt;
          if (fmt !== undefined) this.format(range(at + runStart, firstRow, at + j - 1, lastRow), fmt);
          runStart = j;
        }
      }
    }
    const letters: Record<string, string> = {};
    for (const [k, c] of index) letters[k] = col(c);
    const layout: TableLayout = { key: spec.key, headerRow, firstRow, lastRow, columns: letters };
    this.tables.push(layout);
    const c = (key: string): number => {
      const n = index.get(key);
      if (n === undefined) throw new Error(`table ${spec.key} has no column ${key}`);
      return n;
    };
    return {
      layout,
      firstColumn: at,
      lastColumn: at + columns.length - 1,
      c,
      L: (key) => col(c(key)),
      firstRow,
      lastRow,
      colRange: (key) => absRange(c(key), firstRow, c(key), Math.max(lastRow, firstRow)),
    };
  }

  build(): SheetDesc {
    const styles = [...this.styles];
    if (this.active !== undefined) {
      const [c, r] = [/[A-Z]+/.exec(this.active)![0], Number(/\d+/.exec(this.active)![0])];
      const at = styles.findIndex((s) => {
        if (s.style !== 'input') return false;
        const [a, b = a] = s.range.split(':');
        const inCols = colNumber(/[A-Z]+/.exec(a!)![0]) <= colNumber(c) && colNumber(c) <= colNumber(/[A-Z]+/.exec(b!)![0]);
        const inRows = Number(/\d+/.exec(a!)![0]) <= r && r <= Number(/\d+/.exec(b!)![0]);
        return inCols && inRows;
      });
      if (at > 0) styles.unshift(...styles.splice(at, 1));
    }
    return {
      key: this.key,
      name: this.name,
      ...(this.opts.hidden ? { hidden: true } : {}),
      columns: this.columns,
      ...(this.frozen ? { frozen: this.frozen } : {}),
      blocks: this.blocks,
      styles,
      formats: this.formats,
      ...(this.formatGrids.length > 0 ? { formatGrids: this.formatGrids } : {}),
      validations: this.validations,
      conditionalFormats: this.conditionalFormats,
      merges: this.merges,
      protect: this.opts.protect,
      charts: this.charts,
      ...(this.active !== undefined ? { activeCell: this.active } : {}),
      tables: this.tables,
      cells: this.cells,
      ...(this.opts.hidden ? {} : printOf({
        columns: this.columns,
        blocks: this.blocks,
        styles,
        merges: this.merges,
        charts: this.charts,
        tables: this.tables,
        frozen: this.frozen,
      })),
    };
  }
}

/** Printable width of A4 landscape with 0.25 in side margins, in points. */
const PAGE_WIDTH_PT = (11.69 - 0.5) * 72;
/** The smallest scale that keeps 11-pt cell text at 8 pt or more on paper. */
export const MIN_PRINT_SCALE = 0.75;

/** A column of `width` characters on paper at 100 %, in points (Excel: 7 px per character + 5 px, 96 dpi). */
const widthPt = (width: number): number => (width * 7 + 5) * 0.75;

/**
 * The default page setup, derived from where things are: one print area per group of visible
 * columns with content (hidden helper columns and empty spacer columns separate groups, so side
 * tables print on pages of their own instead of shrinking the main table); the main table's area
 * first. A sheet with frozen header rows repeats the main table's header row on every page and
 * prints one page wide when that keeps text legible (MIN_PRINT_SCALE), else across pages with its
 * frozen columns repeated; a sheet without frozen rows is a report that prints each area on one page.
 */
function printOf(s: {
  readonly columns: readonly ColumnSpec[];
  readonly blocks: readonly Block[];
  readonly styles: readonly StyleRange[];
  readonly merges: readonly string[];
  readonly charts: readonly ChartRequest[];
  readonly tables: readonly TableLayout[];
  readonly frozen: { rows: number; columns: number } | undefined;
}): { print: PrintSetup } | Record<string, never> {
  const hidden = (c: number) => s.columns[c - 1]?.hidden === true;
  const top = new Map<number, number>();
  const bottom = new Map<number, number>();
  const mark = (c1: number, c2: number, r1: number, r2: number) => {
    for (let c = c1; c <= c2; c++) {
      if (hidden(c)) continue;
      top.set(c, Math.min(top.get(c) ?? r1, r1));
      bottom.set(c, Math.max(bottom.get(c) ?? r2, r2));
    }
  };
  for (const b of s.blocks) {
    const at = parseCell(b.at);
    mark(at.col, at.col + (b.cells[0]?.length ?? 1) - 1, at.row, at.row + b.cells.length - 1);
  }
  for (const x of [...s.styles.map((st) => st.range), ...s.merges]) {
    const r = parseRange(x);
    mark(r.left, r.right, r.top, r.bottom);
  }
  const charts = s.charts.map((c) => parseCell(c.anchor));
  const used = [...top.keys()].sort((a, b) => a - b);
  if (used.length === 0) return {};
  // Runs of adjacent used columns, joined where a merged range spans two of them.
  let groups: [number, number][] = [];
  for (const c of used) {
    const last = groups[groups.length - 1];
    if (last && last[1] === c - 1) last[1] = c;
    else groups.push([c, c]);
  }
  for (const m of s.merges) {
    const r = parseRange(m);
    const hit = groups.filter(([a, b]) => a <= r.right && b >= r.left);
    if (hit.length > 1) {
      const joined: [number, number] = [hit[0]![0], hit[hit.length - 1]![1]];
      groups = [...groups.filter((g) => !hit.includes(g)), joined].sort((x, y) => x[0] - y[0]);
    }
  }
  const areas = groups.map(([a, b]) => {
    let r1 = Infinity;
    let r2 = 0;
    for (let c = a; c <= b; c++) {
      if (top.has(c)) r1 = Math.min(r1, top.get(c)!);
      if (bottom.has(c)) r2 = Math.max(r2, bottom.get(c)!);
    }
    return { c1: a, c2: b, r1, r2 };
  });
  // A chart prints in the area whose columns hold its anchor, else in an area of its own.
  for (const at of charts) {
    const area = areas.find((x) => x.c1 <= at.col && at.col <= x.c2);
    if (area) area.r2 = Math.max(area.r2, at.row);
    else areas.push({ c1: at.col, c2: at.col, r1: at.row, r2: at.row });
  }
  const visibleCount = (t: TableLayout) => Object.values(t.columns).filter((l) => !hidden(colNumber(l))).length;
  const main = [...s.tables]
    .filter((t) => visibleCount(t) > 0)
    .sort((x, y) => (y.lastRow - y.firstRow + 1) * visibleCount(y) - (x.lastRow - x.firstRow + 1) * visibleCount(x))[0];
  const mainCol = main ? Math.min(...Object.values(main.columns).map(colNumber).filter((c) => !hidden(c))) : areas[0]!.c1;
  const first = Math.max(0, areas.findIndex((x) => x.c1 <= mainCol && mainCol <= x.c2));
  const ordered = [areas[first]!, ...areas.filter((_, i) => i !== first)];
  const frozenRows = s.frozen?.rows ?? 0;
  const frozenCols = s.frozen?.columns ?? 0;
  const lead = ordered[0]!;
  let width = 0;
  for (let c = lead.c1; c <= lead.c2; c++) if (!hidden(c)) width += widthPt(s.columns[c - 1]?.width ?? 8.43);
  const fits = width * MIN_PRINT_SCALE <= PAGE_WIDTH_PT;
  const print: PrintSetup = {
    areas: ordered.map((x) => range(x.c1, x.r1, x.c2, x.r2)),
    ...(frozenRows > 0 && main && main.headerRow <= frozenRows ? { titleRows: `${main.headerRow}:${main.headerRow}` } : {}),
    ...(frozenRows > 0 && !fits && frozenCols > 0 ? { titleColumns: `${col(lead.c1)}:${col(lead.c1 + frozenCols - 1)}` } : {}),
    fitWidth: fits,
    ...(frozenRows === 0 ? { fitHeight: true } : {}),
  };
  return { print };
}

/** Characters Excel refuses in a sheet name, control characters, and halves of a surrogate pair. */
const BAD_SHEET_CHARS = /[\\/?*[\]:\u0000-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Apostrophes and spaces at either end (Excel refuses a name that begins or ends with an apostrophe). */
const SHEET_ENDS = /^['\s]+|['\s]+$/g;
/** Excel keeps this sheet name for itself (change tracking). */
const RESERVED_SHEET = 'history';

/** The first `max` UTF-16 units of `s`, never half a surrogate pair. */
function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const high = s.charCodeAt(max - 1);
  return s.slice(0, high >= 0xd800 && high <= 0xdbff ? max - 1 : max);
}

/**
 * A sheet name not taken yet (case-insensitive): "KPI计划", then "KPI计划 (2)", ... within 31
 * characters, without the characters Excel refuses, not beginning or ending with an apostrophe, and
 * never "History".
 */
export function freeSheetName(base: string, taken: ReadonlySet<string>): string {
  const clean = cut(String(base).replace(BAD_SHEET_CHARS, ' ').replace(SHEET_ENDS, ''), 31).replace(SHEET_ENDS, '') || 'Sheet';
  const free = (name: string) => name.toLowerCase() !== RESERVED_SHEET && !taken.has(name.toLowerCase());
  if (free(clean)) return clean;
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const name = cut(clean, 31 - suffix.length).replace(SHEET_ENDS, '') + suffix;
    if (free(name)) return name;
  }
}

/** A workbook name not taken yet (case-insensitive): "KPI_Directions", then "KPI_Directions_2", ... */
export function freeName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base.toLowerCase())) return base;
  for (let n = 2; ; n++) {
    const name = `${base}_${n}`;
    if (!taken.has(name.toLowerCase())) return name;
  }
}

/** Collects the sheets and names of one generation, keeping every new name free. */
export class WorkbookBuilder {
  private readonly sheets: SheetBuilder[] = [];
  private readonly names: NamedRange[] = [];
  private readonly takenSheets: Set<string>;
  private readonly takenNames: Set<string>;
  private listsMade: unknown;
  /** Workbook names made, by the base asked for. */
  private readonly bases = new Map<string, string>();

  /**
   * `pinned` gives names to use as they are instead of free ones: sheet names by sheet key and
   * workbook names by base (a generated set made again with the names it has in the workbook).
   */
  constructor(
    readonly lang: Locale,
    existingSheets: readonly string[] = [],
    existingNames: readonly string[] = [],
    private readonly pinned: { readonly sheets?: Readonly<Record<string, string>>; readonly names?: Readonly<Record<string, string>> } = {},
  ) {
    this.takenSheets = new Set(existingSheets.map((s) => s.toLowerCase()));
    this.takenNames = new Set(existingNames.map((s) => s.toLowerCase()));
  }

  /** The sheet made under a key (the first one), if any. */
  sheetOf(key: string): SheetBuilder | undefined {
    return this.sheets.find((s) => s.key === key);
  }

  /** Sheet names made so far, by key (the first sheet of each key). */
  sheetNames(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const s of this.sheets) if (!(s.key in out)) out[s.key] = s.name;
    return out;
  }

  /** Workbook names made so far, by the base asked for. */
  nameBases(): Record<string, string> {
    return Object.fromEntries(this.bases);
  }

  sheet(key: string, baseName: string, opts: { hidden?: boolean; protect?: boolean } = {}): SheetBuilder {
    const pinned = this.pinned.sheets?.[key];
    const name = pinned !== undefined && !this.sheets.some((s) => s.key === key) ? pinned : freeSheetName(baseName, this.takenSheets);
    this.takenSheets.add(name.toLowerCase());
    const s = new SheetBuilder(key, name, { hidden: opts.hidden ?? false, protect: opts.protect ?? true });
    this.sheets.push(s);
    return s;
  }

  /** Adds a workbook name for a range of a sheet and returns the (free) name to use in formulas. */
  name(base: string, sheet: string, c1: number, r1: number, c2: number, r2: number): string {
    const pinned = this.pinned.names?.[base];
    const name = pinned !== undefined && !this.bases.has(base) ? pinned : freeName(base, this.takenNames);
    this.takenNames.add(name.toLowerCase());
    if (!this.bases.has(base)) this.bases.set(base, name);
    this.names.push({ name, ref: onSheet(sheet, absRange(c1, r1, c2, r2)) });
    return name;
  }

  /** State shared by the generators of one workbook (the lists sheet is made once). */
  memo<T>(make: () => T): T {
    if (this.listsMade === undefined) this.listsMade = make();
    return this.listsMade as T;
  }

  build(): WorkbookDesc {
    const built = this.sheets.map((s) => s.build());
    // The hidden lists sheet goes last, after the sheets people use.
    const visible = built.filter((s) => !s.hidden);
    const hidden = built.filter((s) => s.hidden);
    return { sheets: [...visible, ...hidden], names: this.names, lang: this.lang };
  }
}
