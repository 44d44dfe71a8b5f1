/**
 * An in-memory Excel for the Office.js subset the template renderer uses, honest where it matters:
 * calls are queued and applied at sync() in order (a failing call rejects the sync; calls before it
 * stay applied, as in Excel); loaded properties are readable only after load() + sync(); it refuses
 * what Excel refuses (writes to locked cells of a protected sheet, protecting twice, taken or invalid
 * sheet and workbook names, ragged or mis-sized arrays, requests over 5 MB, missing sheets), and it
 * parses strings written to cells the way Excel parses typed text. It counts syncs, request bytes
 * and calls, can fail the n-th call, and gives a WorkbookSnapshot of what it holds.
 */
import { addr, col as colLetters, colNumber, parseRange, rangeAddress } from '../../core/templates/a1.js';
import { fromR1C1, toR1C1 } from '../../core/templates/r1c1.js';
import { validationKey, type ChartSnapshot, type SheetSnapshot, type SnapCell, type WorkbookSnapshot } from '../renderers/snapshot.js';

export const EXCEL_REQUEST_LIMIT = 5 * 1024 * 1024;
const MAX_ROWS = 1_048_576;
const MAX_COLS = 16_384;

/** Like OfficeExtension.Error: a code and a message. */
export class FakeOfficeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RichApi.Error';
  }
}

const fail = (code: string, message: string): never => {
  throw new FakeOfficeError(code, message);
};

interface Rect {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

type Value = string | number | boolean;
interface Cell {
  v?: Value;
  f?: string;
}

export interface Fmt {
  numberFormat?: string;
  fill?: string;
  font?: { name?: string; size?: number; bold?: boolean; italic?: boolean; color?: string };
  borders?: Record<string, { style?: string; color?: string; weight?: string }>;
  horizontal?: string;
  vertical?: string;
  wrap?: boolean;
  locked?: boolean;
}

interface ValidationRecord {
  rule: Record<string, Record<string, unknown>>;
  ignoreBlanks: boolean;
  errorAlert?: { message?: string; showAlert?: boolean; style?: string; title?: string };
  prompt?: { message?: string; showPrompt?: boolean; title?: string };
}

interface CfRecord {
  range: string;
  type: string;
  formula?: string;
  fill?: string;
  font?: string;
}

interface ChartRecord {
  type: string;
  title: string;
  source: string;
  categories: string;
  series: { name: string; values: string }[];
  anchor: string;
}

export interface SheetModel {
  id: string;
  name: string;
  visibility: 'Visible' | 'Hidden' | 'VeryHidden';
  cells: Map<number, Cell>;
  fmts: Map<number, Fmt>;
  merges: Rect[];
  validations: Map<number, ValidationRecord>;
  cfs: CfRecord[];
  frozen: { rows: number; columns: number };
  columnWidths: Map<number, number>;
  hiddenColumns: Set<number>;
  rowHeights: Map<number, number>;
  protected: boolean;
  protectionOptions?: Record<string, unknown>;
  charts: ChartRecord[];
  activeCell?: string;
}

const key = (row: number, col: number): number => row * MAX_COLS + (col - 1);
const rowOf = (k: number): number => Math.floor(k / MAX_COLS);
const colOf = (k: number): number => (k % MAX_COLS) + 1;

function parseAddress(address: string): { sheet?: string; rect: Rect } {
  let a = address.trim();
  let sheet: string | undefined;
  const bang = a.lastIndexOf('!');
  if (bang >= 0) {
    sheet = a.slice(0, bang);
    if (sheet.startsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
    a = a.slice(bang + 1);
  }
  a = a.replace(/\$/g, '');
  const whole = /^([A-Za-z]{1,3}):([A-Za-z]{1,3})$/.exec(a);
  if (whole) {
    const c1 = colNumber(whole[1]!);
    const c2 = colNumber(whole[2]!);
    return { ...(sheet !== undefined ? { sheet } : {}), rect: { top: 1, bottom: MAX_ROWS, left: Math.min(c1, c2), right: Math.max(c1, c2) } };
  }
  const rows = /^([0-9]+):([0-9]+)$/.exec(a);
  if (rows) {
    const r1 = Number(rows[1]);
    const r2 = Number(rows[2]);
    return { ...(sheet !== undefined ? { sheet } : {}), rect: { top: Math.min(r1, r2), bottom: Math.max(r1, r2), left: 1, right: MAX_COLS } };
  }
  try {
    return { ...(sheet !== undefined ? { sheet } : {}), rect: { ...parseRange(a) } };
  } catch {
    return fail('InvalidArgument', `bad address "${address}"`);
  }
}

const rectText = (r: Rect): string => rangeAddress(r);
const rows = (r: Rect): number => r.bottom - r.top + 1;
const cols = (r: Rect): number => r.right - r.left + 1;
const isWholeColumns = (r: Rect): boolean => r.top === 1 && r.bottom === MAX_ROWS;

function* cellsOf(r: Rect): Generator<[number, number]> {
  for (let row = r.top; row <= r.bottom; row++) for (let c = r.left; c <= r.right; c++) yield [row, c];
}

/** What Excel makes of a string typed into a cell. */
export function parseTyped(text: string): Cell | null {
  if (text === '') return null;
  if (text.startsWith("'")) return text.length > 1 ? { v: text.slice(1) } : null;
  if (text.startsWith('=') && text.length > 1) return { f: text };
  const t = text.trim();
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return { v: Number(t) };
  if (/^[+-]?(\d+\.?\d*|\.\d+)%$/.test(t)) return { v: Number(t.slice(0, -1)) / 100 };
  if (/^\d{1,4}\/\d{1,2}(\/\d{1,4})?$/.test(t)) return { v: 45000 + t.length }; // a date serial
  if (/^(true|false)$/i.test(t)) return { v: t.toLowerCase() === 'true' };
  if (/^[+-]/.test(t) && t.length > 1) return { f: `=${t}` };
  if (t.startsWith('@') && t.length > 1) return { f: `=${t.slice(1)}` };
  return { v: text };
}

const SHEET_NAME_BAD = /[[\]:*?/\\]/;
const NAME_RE = /^[A-Za-z_\\][A-Za-z0-9_.\\]*$/;
const LOOKS_LIKE_CELL = /^([A-Za-z]{1,3}[0-9]+|[Rr][0-9]*[Cc][0-9]*|[RrCc])$/;

interface Op {
  readonly bytes: number;
  readonly what: string;
  readonly apply: () => void;
}

const jsonBytes = (v: unknown): number => {
  const s = JSON.stringify(v);
  return s === undefined ? 0 : s.length;
};

/** A property of a proxy that can be read only after load() and sync(). */
class Loadable {
  protected loadedValues = new Map<string, unknown>();
  protected readonly fake: FakeExcel;
  constructor(fake: FakeExcel) {
    this.fake = fake;
  }
  protected read<T>(prop: string): T {
    if (!this.loadedValues.has(prop)) fail('PropertyNotLoaded', `The property '${prop}' is not available. Load it and call sync() first.`);
    return this.loadedValues.get(prop) as T;
  }
}

function loadList(props?: string | string[] | Record<string, unknown>): string[] {
  if (props === undefined) return [];
  if (typeof props === 'string') return props.split(',').map((p) => p.trim()).filter(Boolean);
  if (Array.isArray(props)) return props.flatMap((p) => loadList(p));
  const select = (props as { select?: string }).select;
  return select ? loadList(select) : Object.keys(props);
}

/** A sheet name as formulas write it: quoted, quotes doubled. */
function quoteSheetName(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

const BARE_CHAR = /[A-Za-z0-9_.\u0080-\uffff]/;

/**
 * The formula with every reference to sheet `name` ('name'! or name!) replaced by `by` (which
 * includes its "!"); string literals are left alone.
 */
export function replaceSheetRefs(text: string, name: string, by: string): string {
  const lower = name.toLowerCase();
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && !(text[j] === '"' && text[j + 1] !== '"')) j += text[j] === '"' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === "'") {
      let j = i + 1;
      while (j < text.length && !(text[j] === "'" && text[j + 1] !== "'")) j += text[j] === "'" ? 2 : 1;
      const inner = text.slice(i + 1, j).replace(/''/g, "'");
      if (text[j + 1] === '!' && inner.toLowerCase() === lower) {
        out += by;
        i = j + 2;
      } else {
        out += text.slice(i, j + 1);
        i = j + 1;
      }
      continue;
    }
    if (BARE_CHAR.test(ch) && !(i > 0 && BARE_CHAR.test(text[i - 1]!))) {
      let j = i;
      while (j < text.length && BARE_CHAR.test(text[j]!)) j++;
      if (text[j] === '!' && text.slice(i, j).toLowerCase() === lower) {
        out += by;
        i = j + 1;
      } else {
        out += text.slice(i, j);
        i = j;
      }
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/** What Excel does to references when a sheet is renamed (`by` = "'New'!") or deleted (`by` = "#REF!"). */
function rewriteSheetRefs(m: WorkbookModel, name: string, by: string): void {
  for (const sheet of m.sheets) {
    for (const cell of sheet.cells.values()) if (cell.f !== undefined) cell.f = replaceSheetRefs(cell.f, name, by);
    for (const cf of sheet.cfs) if (cf.formula !== undefined) cf.formula = replaceSheetRefs(cf.formula, name, by);
    const seen = new Set<ValidationRecord>();
    for (const v of sheet.validations.values()) {
      if (seen.has(v)) continue;
      seen.add(v);
      const [kind] = Object.keys(v.rule);
      const body = kind !== undefined ? v.rule[kind] : undefined;
      if (body && typeof body.source === 'string') v.rule = { ...v.rule, [kind!]: { ...body, source: replaceSheetRefs(body.source, name, by) } };
      if (body && typeof body.formula === 'string') v.rule = { ...v.rule, [kind!]: { ...body, formula: replaceSheetRefs(body.formula, name, by) } };
    }
  }
  if (!by.startsWith('#')) for (const n of m.names.values()) n.ref = replaceSheetRefs(n.ref, name, by);
}

/** The bounding box of a sheet's used cells (within `within`); null when none. */
function usedRect(sheet: SheetModel, valuesOnly: boolean, within?: Rect): Rect | null {
  let top = Infinity;
  let left = Infinity;
  let bottom = 0;
  let right = 0;
  const see = (k: number): void => {
    const r = rowOf(k);
    const c = colOf(k);
    if (within && (r < within.top || r > within.bottom || c < within.left || c > within.right)) return;
    top = Math.min(top, r);
    bottom = Math.max(bottom, r);
    left = Math.min(left, c);
    right = Math.max(right, c);
  };
  for (const [k, cell] of sheet.cells) if (cell.f !== undefined || (cell.v !== undefined && cell.v !== '')) see(k);
  if (!valuesOnly) for (const k of sheet.fmts.keys()) see(k);
  return bottom === 0 ? null : { top, left, bottom, right };
}

// ---- Proxies ----

class FakeRangeFormatFont {
  constructor(private readonly range: FakeRange) {}
  set name(v: string) {
    this.range.format.setFmt('font.name', v, (f) => ({ ...f, font: { ...f.font, name: v } }));
  }
  set size(v: number) {
    this.range.format.setFmt('font.size', v, (f) => ({ ...f, font: { ...f.font, size: v } }));
  }
  set bold(v: boolean) {
    this.range.format.setFmt('font.bold', v, (f) => ({ ...f, font: { ...f.font, bold: v } }));
  }
  set italic(v: boolean) {
    this.range.format.setFmt('font.italic', v, (f) => ({ ...f, font: { ...f.font, italic: v } }));
  }
  set color(v: string) {
    this.range.format.setFmt('font.color', v, (f) => ({ ...f, font: { ...f.font, color: v } }));
  }
}

class FakeBorder {
  constructor(
    private readonly range: FakeRange,
    private readonly index: string,
  ) {}
  private set(prop: 'style' | 'color' | 'weight', v: string): void {
    this.range.format.setFmt(`borders.${this.index}.${prop}`, v, (f) => ({
      ...f,
      borders: { ...f.borders, [this.index]: { ...f.borders?.[this.index], [prop]: v } },
    }));
  }
  set style(v: string) {
    this.set('style', v);
  }
  set color(v: string) {
    this.set('color', v);
  }
  set weight(v: string) {
    this.set('weight', v);
  }
}

const BORDER_INDEXES = new Set(['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight', 'InsideHorizontal', 'InsideVertical', 'DiagonalDown', 'DiagonalUp']);

class FakeRangeFormat {
  readonly font: FakeRangeFormatFont;
  readonly fill: { color: string; clear: () => void };
  readonly borders: { getItem: (index: string) => FakeBorder };
  readonly protection: { locked: boolean };
  constructor(private readonly range: FakeRange) {
    this.font = new FakeRangeFormatFont(range);
    const self = this;
    this.fill = {
      set color(v: string) {
        self.setFmt('fill.color', v, (f) => ({ ...f, fill: v }));
      },
      get color(): string {
        return fail('PropertyNotLoaded', 'fill.color');
      },
      clear: () => self.setFmt('fill.clear', null, (f) => {
        const { fill: _drop, ...rest } = f;
        return rest;
      }),
    };
    this.borders = {
      getItem: (index: string) => {
        if (!BORDER_INDEXES.has(index)) fail('InvalidArgument', `bad border index ${index}`);
        return new FakeBorder(range, index);
      },
    };
    this.protection = {
      set locked(v: boolean) {
        self.setFmt('protection.locked', v, (f) => ({ ...f, locked: v }));
      },
      get locked(): boolean {
        return fail('PropertyNotLoaded', 'protection.locked');
      },
    };
  }
  /** A format change of every cell of the range; refused on a protected sheet. */
  setFmt(what: string, arg: unknown, change: (f: Fmt) => Fmt): void {
    const range = this.range;
    range.queue(`format.${what}`, arg, (sheet, rect) => {
      if (sheet.protected) fail('AccessDenied', `The sheet "${sheet.name}" is protected (format.${what}).`);
      if (isWholeColumns(rect)) fail('FakeUnsupported', `format.${what} on whole columns ${rectText(rect)}: format cell ranges`);
      const memo = new Map<Fmt | undefined, Fmt>();
      for (const [r, c] of cellsOf(rect)) {
        const k = key(r, c);
        const old = sheet.fmts.get(k);
        let next = memo.get(old);
        if (!next) {
          next = change(old ?? {});
          memo.set(old, next);
        }
        sheet.fmts.set(k, next);
      }
    });
  }
  set horizontalAlignment(v: string) {
    this.setFmt('horizontalAlignment', v, (f) => ({ ...f, horizontal: v }));
  }
  set verticalAlignment(v: string) {
    this.setFmt('verticalAlignment', v, (f) => ({ ...f, vertical: v }));
  }
  set wrapText(v: boolean) {
    this.setFmt('wrapText', v, (f) => ({ ...f, wrap: v }));
  }
  set columnWidth(v: number) {
    this.range.queue('format.columnWidth', v, (sheet, rect) => {
      if (sheet.protected && !sheet.protectionOptions?.allowFormatColumns) fail('AccessDenied', 'protected: columnWidth');
      if (!(v >= 0 && v <= 255 * 7.5)) fail('InvalidArgument', `bad column width ${v}`);
      for (let c = rect.left; c <= rect.right; c++) sheet.columnWidths.set(c, v);
    });
  }
  set rowHeight(v: number) {
    this.range.queue('format.rowHeight', v, (sheet, rect) => {
      if (sheet.protected && !sheet.protectionOptions?.allowFormatRows) fail('AccessDenied', 'protected: rowHeight');
      if (!(v >= 0 && v <= 409)) fail('InvalidArgument', `bad row height ${v}`);
      if (rows(rect) > 100_000) fail('FakeUnsupported', 'rowHeight on whole sheet');
      for (let r = rect.top; r <= rect.bottom; r++) sheet.rowHeights.set(r, v);
    });
  }
}

class FakeDataValidation {
  constructor(private readonly range: FakeRange) {}
  private each(what: string, arg: unknown, change: (old: ValidationRecord | undefined) => ValidationRecord): void {
    this.range.queue(`dataValidation.${what}`, arg, (sheet, rect) => {
      if (sheet.protected) fail('AccessDenied', `The sheet "${sheet.name}" is protected (dataValidation).`);
      const memo = new Map<ValidationRecord | undefined, ValidationRecord>();
      for (const [r, c] of cellsOf(rect)) {
        const k = key(r, c);
        const old = sheet.validations.get(k);
        let next = memo.get(old);
        if (!next) {
          next = change(old);
          memo.set(old, next);
        }
        sheet.validations.set(k, next);
      }
    });
  }
  set rule(rule: Record<string, Record<string, unknown>>) {
    const fake = this.range.fakeRef;
    this.each('rule', rule, () => {
      const kinds = Object.keys(rule);
      if (kinds.length !== 1) fail('InvalidArgument', 'a validation rule has exactly one type');
      const kind = kinds[0]!;
      const body = rule[kind]!;
      if (kind === 'list') {
        const source = body.source;
        if (typeof source !== 'string' || source === '') fail('InvalidArgument', 'list source');
        const src = source as string;
        if (src.startsWith('=')) {
          const ref = src.slice(1);
          if (NAME_RE.test(ref) && !fake.model.names.has(ref.toLowerCase())) fail('InvalidArgument', `the name ${ref} does not exist`);
        } else if (src.length > 255) fail('InvalidArgument', 'list longer than 255 characters');
      } else if (kind === 'decimal' || kind === 'wholeNumber') {
        const ops = ['Between', 'NotBetween', 'EqualTo', 'NotEqualTo', 'GreaterThan', 'LessThan', 'GreaterThanOrEqualTo', 'LessThanOrEqualTo'];
        if (!ops.includes(String(body.operator))) fail('InvalidArgument', `operator ${String(body.operator)}`);
        if (body.formula1 === undefined) fail('InvalidArgument', 'formula1');
        if ((body.operator === 'Between' || body.operator === 'NotBetween') && body.formula2 === undefined) fail('InvalidArgument', 'formula2');
      } else if (kind === 'custom') {
        if (typeof body.formula !== 'string' || !(body.formula as string).startsWith('=')) fail('InvalidArgument', 'custom formula');
      } else {
        fail('FakeUnsupported', `validation type ${kind}`);
      }
      return { rule, ignoreBlanks: true };
    });
  }
  set ignoreBlanks(v: boolean) {
    this.each('ignoreBlanks', v, (old) => ({ ...(old ?? { rule: {} }), ignoreBlanks: v }));
  }
  set errorAlert(v: { message?: string; showAlert?: boolean; style?: string; title?: string }) {
    if ((v.message ?? '').length > 225) this.range.queueFail('dataValidation.errorAlert', v, 'InvalidArgument', 'error message over 225 characters');
    else if ((v.title ?? '').length > 32) this.range.queueFail('dataValidation.errorAlert', v, 'InvalidArgument', 'title over 32 characters');
    else this.each('errorAlert', v, (old) => ({ ...(old ?? { rule: {}, ignoreBlanks: true }), errorAlert: v }));
  }
  set prompt(v: { message?: string; showPrompt?: boolean; title?: string }) {
    if ((v.message ?? '').length > 255) this.range.queueFail('dataValidation.prompt', v, 'InvalidArgument', 'prompt over 255 characters');
    else if ((v.title ?? '').length > 32) this.range.queueFail('dataValidation.prompt', v, 'InvalidArgument', 'title over 32 characters');
    else this.each('prompt', v, (old) => ({ ...(old ?? { rule: {}, ignoreBlanks: true }), prompt: v }));
  }
}

class FakeConditionalFormats {
  constructor(private readonly range: FakeRange) {}
  add(type: string): { custom: { rule: { formula: string }; format: { fill: { color: string }; font: { color: string } } } } {
    const holder: { rec?: CfRecord } = {};
    const range = this.range;
    range.queue('conditionalFormats.add', type, (sheet, rect) => {
      if (sheet.protected) fail('AccessDenied', 'protected: conditional formats');
      const rec: CfRecord = { range: rectText(rect), type };
      sheet.cfs.push(rec);
      holder.rec = rec;
    });
    const set = (what: string, v: string, apply: (rec: CfRecord) => void): void => {
      range.queue(`conditionalFormat.${what}`, v, () => {
        if (!holder.rec) fail('ItemNotFound', 'conditional format');
        apply(holder.rec!);
      });
    };
    return {
      custom: {
        rule: {
          set formula(v: string) {
            set('rule.formula', v, (r) => {
              if (!v.startsWith('=')) fail('InvalidArgument', 'formula');
              r.formula = v;
            });
          },
          get formula(): string {
            return fail('PropertyNotLoaded', 'formula');
          },
        },
        format: {
          fill: {
            set color(v: string) {
              set('fill.color', v, (r) => (r.fill = v));
            },
            get color(): string {
              return fail('PropertyNotLoaded', 'color');
            },
          },
          font: {
            set color(v: string) {
              set('font.color', v, (r) => (r.font = v));
            },
            get color(): string {
              return fail('PropertyNotLoaded', 'color');
            },
          },
        },
      },
    };
  }
}

export class FakeRange extends Loadable {
  readonly format: FakeRangeFormat;
  readonly dataValidation: FakeDataValidation;
  readonly conditionalFormats: FakeConditionalFormats;
  constructor(
    fake: FakeExcel,
    readonly sheet: FakeWorksheet,
    readonly address: string,
    rect: Rect | (() => Rect),
  ) {
    super(fake);
    this.rectOf = typeof rect === 'function' ? rect : () => rect;
    this.format = new FakeRangeFormat(this);
    this.dataValidation = new FakeDataValidation(this);
    this.conditionalFormats = new FakeConditionalFormats(this);
  }
  /** The cells, resolved when a call is applied (a used range is known only then). */
  private readonly rectOf: () => Rect;
  get rect(): Rect {
    return this.rectOf();
  }
  get fakeRef(): FakeExcel {
    return this.fake;
  }
  /** The smallest range holding this one and `other` (on the same sheet). */
  getBoundingRect(other: FakeRange | string): FakeRange {
    const o = typeof other === 'string' ? this.sheet.getRange(other) : other;
    return new FakeRange(this.fake, this.sheet, `bounding(${this.address},${o.address})`, () => {
      const a = this.rect;
      const b = o.rect;
      return { top: Math.min(a.top, b.top), left: Math.min(a.left, b.left), bottom: Math.max(a.bottom, b.bottom), right: Math.max(a.right, b.right) };
    });
  }
  /** Row `i` (0-based) of this range. */
  getRow(i: number): FakeRange {
    return new FakeRange(this.fake, this.sheet, `row(${this.address},${i})`, () => {
      const r = this.rect;
      if (i < 0 || r.top + i > r.bottom) fail('InvalidArgument', `row ${i} is outside ${this.address}`);
      return { top: r.top + i, bottom: r.top + i, left: r.left, right: r.right };
    });
  }
  /** The used cells of this range (values and formulas with `valuesOnly`); none: ItemNotFound, as Excel. */
  getUsedRange(valuesOnly = false): FakeRange {
    return new FakeRange(this.fake, this.sheet, `used(${this.address})`, () => {
      const used = usedRect(this.sheet.resolve(), valuesOnly, this.rect);
      return used ?? fail('ItemNotFound', `no used cells in ${this.address}`);
    });
  }
  queue(what: string, arg: unknown, apply: (sheet: SheetModel, rect: Rect) => void): void {
    this.fake.enqueue(what, jsonBytes([this.address, arg]) + 32, () => apply(this.sheet.resolve(), this.rect));
  }
  queueFail(what: string, arg: unknown, code: string, message: string): void {
    this.fake.enqueue(what, jsonBytes([this.address, arg]) + 32, () => fail(code, message));
  }
  private checkShape(data: unknown): unknown[][] {
    const rect = this.rect;
    if (!Array.isArray(data) || data.length !== rows(rect)) {
      return fail('InvalidArgument', `The number of rows in the array (${Array.isArray(data) ? data.length : 'none'}) does not match the range ${this.address}.`);
    }
    for (const row of data) {
      if (!Array.isArray(row) || row.length !== cols(rect)) fail('InvalidArgument', `The number of columns in a row does not match the range ${this.address}.`);
    }
    return data as unknown[][];
  }
  private writeCells(what: string, data: unknown, toCell: (v: unknown, row: number, col: number) => Cell | null | undefined): void {
    this.queue(what, data, (sheet, rect) => {
      const grid = this.checkShape(data);
      for (const [r, c] of cellsOf(rect)) {
        const v = grid[r - rect.top]![c - rect.left];
        if (v === null || v === undefined) continue;
        if (sheet.protected && (sheet.fmts.get(key(r, c))?.locked ?? true)) {
          fail('AccessDenied', `The cell ${addr(c, r)} of the protected sheet "${sheet.name}" is locked.`);
        }
      }
      for (const [r, c] of cellsOf(rect)) {
        const v = grid[r - rect.top]![c - rect.left];
        if (v === null || v === undefined) continue;
        const cell = toCell(v, r, c);
        if (cell === undefined) continue;
        if (cell === null) sheet.cells.delete(key(r, c));
        else sheet.cells.set(key(r, c), cell);
      }
    });
  }
  private static constant(v: unknown): Cell | null {
    if (typeof v === 'string') return parseTyped(v);
    if (typeof v === 'number') return Number.isFinite(v) ? { v } : fail('InvalidArgument', `${v} is not a number Excel takes`);
    if (typeof v === 'boolean') return { v };
    return fail('InvalidArgument', `unsupported cell value ${JSON.stringify(v)}`);
  }
  set values(data: unknown[][]) {
    this.writeCells('values', data, (v) => FakeRange.constant(v));
  }
  set formulas(data: unknown[][]) {
    this.writeCells('formulas', data, (v) => FakeRange.constant(v));
  }
  set formulasR1C1(data: unknown[][]) {
    this.writeCells('formulasR1C1', data, (v, r, c) => {
      if (typeof v === 'string' && v.startsWith('=')) return { f: fromR1C1(v, r, c) };
      return FakeRange.constant(v);
    });
  }
  set numberFormat(data: unknown[][]) {
    this.queue('numberFormat', data, (sheet, rect) => {
      if (sheet.protected) fail('AccessDenied', 'protected: numberFormat');
      const grid = this.checkShape(data);
      for (const [r, c] of cellsOf(rect)) {
        const v = grid[r - rect.top]![c - rect.left];
        if (v === null || v === undefined) continue;
        if (typeof v !== 'string') fail('InvalidArgument', 'number format must be text');
        const k = key(r, c);
        sheet.fmts.set(k, { ...sheet.fmts.get(k), numberFormat: v as string });
      }
    });
  }
  set columnHidden(v: boolean) {
    this.queue('columnHidden', v, (sheet, rect) => {
      if (sheet.protected && !sheet.protectionOptions?.allowFormatColumns) fail('AccessDenied', 'protected: columnHidden');
      for (let c = rect.left; c <= rect.right; c++) {
        if (v) sheet.hiddenColumns.add(c);
        else sheet.hiddenColumns.delete(c);
      }
    });
  }
  merge(across = false): void {
    this.queue('merge', across, (sheet, rect) => {
      if (sheet.protected) fail('AccessDenied', 'protected: merge');
      if (across) fail('FakeUnsupported', 'merge across');
      for (const m of sheet.merges) {
        if (m.left <= rect.right && rect.left <= m.right && m.top <= rect.bottom && rect.top <= m.bottom) fail('InvalidOperation', 'overlapping merge');
      }
      // Excel keeps the top-left value only.
      for (const [r, c] of cellsOf(rect)) if (r !== rect.top || c !== rect.left) sheet.cells.delete(key(r, c));
      sheet.merges.push({ ...rect });
    });
  }
  copyFrom(source: FakeRange | string, copyType = 'All', skipBlanks = false, transpose = false): void {
    const src = typeof source === 'string' ? this.sheet.rangeFromAddress(source) : source;
    this.queue('copyFrom', [src.address, copyType, skipBlanks, transpose], (sheet, rect) => {
      if (transpose || skipBlanks) fail('FakeUnsupported', 'copyFrom with transpose or skipBlanks');
      if (!['All', 'Formulas', 'Formats'].includes(copyType)) fail('FakeUnsupported', `copy type ${copyType}`);
      const from = src.sheet.resolve();
      const s = src.rect;
      const tile = rows(rect) % rows(s) === 0 && cols(rect) % cols(s) === 0;
      const dest: Rect = tile ? rect : { top: rect.top, left: rect.left, bottom: rect.top + rows(s) - 1, right: rect.left + cols(s) - 1 };
      if (dest.bottom > MAX_ROWS || dest.right > MAX_COLS) fail('InvalidArgument', 'copy beyond the sheet');
      const contents = copyType !== 'Formats';
      const formats = copyType !== 'Formulas';
      if (sheet.protected) {
        if (formats) fail('AccessDenied', 'protected: copy formats');
        for (const [r, c] of cellsOf(dest)) if (sheet.fmts.get(key(r, c))?.locked ?? true) fail('AccessDenied', `locked cell ${addr(c, r)}`);
      }
      // Read the source first (it may overlap the destination).
      const srcCells: (Cell | undefined)[][] = [];
      const srcFmts: (Fmt | undefined)[][] = [];
      for (let r = s.top; r <= s.bottom; r++) {
        srcCells.push([]);
        srcFmts.push([]);
        for (let c = s.left; c <= s.right; c++) {
          srcCells[r - s.top]!.push(from.cells.get(key(r, c)));
          srcFmts[r - s.top]!.push(from.fmts.get(key(r, c)));
        }
      }
      const r1c1 = new Map<string, string>();
      for (const [r, c] of cellsOf(dest)) {
        const i = (r - dest.top) % rows(s);
        const j = (c - dest.left) % cols(s);
        if (contents) {
          const cell = srcCells[i]![j];
          if (!cell) sheet.cells.delete(key(r, c));
          else if (cell.f !== undefined) {
            const mk = `${i}:${j}`;
            let rel = r1c1.get(mk);
            if (rel === undefined) {
              rel = toR1C1(cell.f, s.top + i, s.left + j);
              r1c1.set(mk, rel);
            }
            let f: string;
            try {
              f = fromR1C1(rel, r, c);
            } catch {
              f = '=#REF!';
            }
            sheet.cells.set(key(r, c), { f });
          } else sheet.cells.set(key(r, c), { ...cell });
        }
        if (formats) {
          const fm = srcFmts[i]![j];
          if (fm) sheet.fmts.set(key(r, c), fm);
          else sheet.fmts.delete(key(r, c));
        }
      }
    });
  }
  select(): void {
    this.fake.enqueue('select', jsonBytes(this.address) + 32, () => {
      const sheet = this.sheet.resolve();
      if (this.fake.model.activeSheet !== sheet.id) fail('InvalidOperation', 'select() on a sheet that is not active');
      sheet.activeCell = rectText(this.rect);
    });
  }
  load(props?: string | string[]): this {
    const list = loadList(props);
    this.fake.enqueue('load', 32, () => {
      const sheet = this.sheet.resolve();
      const rect = this.rect;
      for (const p of list) {
        if (p === 'values' || p === 'formulas') {
          const out: unknown[][] = [];
          for (let r = rect.top; r <= rect.bottom; r++) {
            const row: unknown[] = [];
            for (let c = rect.left; c <= rect.right; c++) {
              const cell = sheet.cells.get(key(r, c));
              // A formula's value is what setComputed last gave it (the fake computes nothing), else 0.
              row.push(cell === undefined ? '' : p === 'formulas' && cell.f !== undefined ? cell.f : cell.f !== undefined ? (cell.v ?? 0) : cell.v);
            }
            out.push(row);
          }
          this.loadedValues.set(p, out);
        } else if (p === 'address') this.loadedValues.set(p, `${sheet.name}!${rectText(rect)}`);
        else if (p === 'rowCount') this.loadedValues.set(p, rows(rect));
        else if (p === 'columnCount') this.loadedValues.set(p, cols(rect));
        else if (p === 'rowIndex') this.loadedValues.set(p, rect.top - 1);
        else if (p === 'columnIndex') this.loadedValues.set(p, rect.left - 1);
        else fail('FakeUnsupported', `load ${p}`);
      }
    });
    return this;
  }
  get values(): unknown[][] {
    return this.read('values');
  }
  get formulas(): unknown[][] {
    return this.read('formulas');
  }
  get rowCount(): number {
    return this.read('rowCount');
  }
}

class FakeChart {
  readonly title: { text: string };
  readonly series: {
    getItemAt: (i: number) => { name: string; setXAxisValues: (r: FakeRange) => void; setValues: (r: FakeRange) => void };
    add: (name?: string) => { name: string; setXAxisValues: (r: FakeRange) => void; setValues: (r: FakeRange) => void };
  };
  constructor(
    private readonly fake: FakeExcel,
    private readonly holder: { rec?: ChartRecord },
  ) {
    const self = this;
    const q = (what: string, arg: unknown, apply: (rec: ChartRecord) => void): void =>
      fake.enqueue(`chart.${what}`, jsonBytes(arg) + 32, () => {
        if (!holder.rec) fail('ItemNotFound', 'chart');
        apply(holder.rec!);
      });
    this.title = {
      set text(v: string) {
        q('title', v, (r) => (r.title = v));
      },
      get text(): string {
        return fail('PropertyNotLoaded', 'title.text');
      },
    };
    const seriesAt = (index: () => number) => ({
      set name(v: string) {
        q('series.name', v, (r) => {
          const s = r.series[index()];
          if (!s) fail('ItemNotFound', 'series');
          s!.name = v;
        });
      },
      get name(): string {
        return fail('PropertyNotLoaded', 'name');
      },
      setXAxisValues: (range: FakeRange) =>
        q('series.setXAxisValues', range.address, (r) => {
          if (!r.series[index()]) fail('ItemNotFound', 'series');
          r.categories = rectText(range.rect);
        }),
      setValues: (range: FakeRange) =>
        q('series.setValues', range.address, (r) => {
          const s = r.series[index()];
          if (!s) fail('ItemNotFound', 'series');
          s!.values = rectText(range.rect);
        }),
    });
    this.series = {
      getItemAt: (i: number) => seriesAt(() => i),
      add: (name?: string) => {
        let at = -1;
        q('series.add', name ?? '', (r) => {
          at = r.series.length;
          r.series.push({ name: name ?? '', values: '' });
        });
        return seriesAt(() => at);
      },
    };
    void self;
  }
  setPosition(start: string | FakeRange, end?: string | FakeRange): void {
    const s = typeof start === 'string' ? start : rectText(start.rect);
    void end;
    this.fake.enqueue('chart.setPosition', jsonBytes([s]) + 32, () => {
      if (!this.holder.rec) fail('ItemNotFound', 'chart');
      this.holder.rec!.anchor = rectText(parseAddress(s).rect);
    });
  }
}

export class FakeWorksheet extends Loadable {
  readonly protection: { protect: (options?: Record<string, unknown>, password?: string) => void; unprotect: (password?: string) => void; load: (p?: string) => void; readonly protected: boolean };
  readonly freezePanes: { freezeAt: (r: FakeRange | string) => void; freezeRows: (n?: number) => void; freezeColumns: (n?: number) => void; unfreeze: () => void };
  readonly charts: { add: (type: string, source: FakeRange, seriesBy?: string) => FakeChart };
  constructor(
    fake: FakeExcel,
    /** Resolves the model at apply time: throws ItemNotFound when the sheet is gone. */
    private readonly target: () => SheetModel | undefined,
    private readonly label: string,
  ) {
    super(fake);
    const loaded = this.loadedValues;
    const q = (what: string, arg: unknown, apply: (s: SheetModel) => void): void =>
      fake.enqueue(`worksheet.${what}`, jsonBytes([label, arg]) + 32, () => apply(this.resolve()));
    this.protection = {
      protect: (options?: Record<string, unknown>, password?: string) =>
        q('protect', options ?? {}, (s) => {
          if (s.protected) fail('InvalidOperation', `The sheet "${s.name}" is already protected.`);
          void password;
          s.protected = true;
          s.protectionOptions = { ...options };
        }),
      unprotect: () =>
        q('unprotect', null, (s) => {
          s.protected = false;
          delete s.protectionOptions;
        }),
      load: () => q('protection.load', null, (s) => loaded.set('protection.protected', s.protected)),
      get protected(): boolean {
        if (!loaded.has('protection.protected')) fail('PropertyNotLoaded', 'protection.protected');
        return loaded.get('protection.protected') as boolean;
      },
    };
    const freeze = (rowsN: number, colsN: number) => (s: SheetModel) => {
      if (s.protected) fail('AccessDenied', 'protected: freeze panes');
      s.frozen = { rows: rowsN, columns: colsN };
    };
    this.freezePanes = {
      freezeAt: (r: FakeRange | string) => {
        const rect = typeof r === 'string' ? parseAddress(r).rect : r.rect;
        q('freezeAt', rectText(rect), (s) => {
          if (rect.top !== 1 || rect.left !== 1) fail('InvalidArgument', 'freezeAt needs a range from A1');
          freeze(rect.bottom, rect.right)(s);
        });
      },
      freezeRows: (n = 1) => q('freezeRows', n, freeze(n, 0)),
      freezeColumns: (n = 1) => q('freezeColumns', n, freeze(0, n)),
      unfreeze: () => q('unfreeze', null, freeze(0, 0)),
    };
    this.charts = {
      add: (type: string, source: FakeRange, seriesBy = 'Auto') => {
        const holder: { rec?: ChartRecord } = {};
        q('charts.add', [type, source.address, seriesBy], (s) => {
          if (s.protected) fail('AccessDenied', 'protected: charts');
          source.sheet.resolve();
          const rect = source.rect;
          if (cols(rect) !== 1 && seriesBy === 'Columns') fail('FakeUnsupported', 'charts from several columns');
          const rec: ChartRecord = { type, title: '', source: rectText(rect), categories: '', series: [{ name: '', values: rectText(rect) }], anchor: 'A1' };
          s.charts.push(rec);
          holder.rec = rec;
        });
        return new FakeChart(fake, holder);
      },
    };
  }
  resolve(): SheetModel {
    const s = this.target();
    if (!s || !this.fake.model.sheets.includes(s)) return fail('ItemNotFound', `The sheet ${this.label} does not exist.`);
    return s;
  }
  rangeFromAddress(address: string): FakeRange {
    const parsed = parseAddress(address);
    if (parsed.sheet !== undefined) {
      const name = parsed.sheet;
      const other = new FakeWorksheet(this.fake, () => this.fake.model.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase()), name);
      return new FakeRange(this.fake, other, rectText(parsed.rect), parsed.rect);
    }
    return new FakeRange(this.fake, this, rectText(parsed.rect), parsed.rect);
  }
  getRange(address = 'A1:XFD1048576'): FakeRange {
    const parsed = parseAddress(address);
    if (parsed.sheet !== undefined) fail('InvalidArgument', 'getRange takes an address without a sheet');
    const text = isWholeColumns(parsed.rect) ? `${colLetters(parsed.rect.left)}:${colLetters(parsed.rect.right)}` : rectText(parsed.rect);
    return new FakeRange(this.fake, this, text, parsed.rect);
  }
  getUsedRangeOrNullObject(): FakeRange & { isNullObject: boolean } {
    fail('FakeUnsupported', 'getUsedRangeOrNullObject');
    throw new Error('unreachable');
  }
  /** The used range (cells with values or formulas with `valuesOnly`, else formats too); a blank sheet gives A1, as Excel. */
  getUsedRange(valuesOnly = false): FakeRange {
    return new FakeRange(this.fake, this, 'usedRange', () => usedRect(this.resolve(), valuesOnly) ?? { top: 1, left: 1, bottom: 1, right: 1 });
  }
  /** Moves the sheet to a 0-based tab position (others shift), as Excel. */
  set position(v: number) {
    this.fake.enqueue('worksheet.position', jsonBytes([this.label, v]) + 32, () => {
      const s = this.resolve();
      const m = this.fake.model;
      if (!Number.isInteger(v) || v < 0 || v >= m.sheets.length) fail('InvalidArgument', `bad position ${v}`);
      if (m.structureProtected) fail('AccessDenied', 'the workbook structure is protected');
      m.sheets.splice(m.sheets.indexOf(s), 1);
      m.sheets.splice(v, 0, s);
    });
  }
  get position(): number {
    return this.read('position');
  }
  set visibility(v: 'Visible' | 'Hidden' | 'VeryHidden') {
    this.fake.enqueue('worksheet.visibility', jsonBytes([this.label, v]) + 32, () => {
      const s = this.resolve();
      if (v !== 'Visible') {
        const others = this.fake.model.sheets.filter((x) => x !== s && x.visibility === 'Visible');
        if (others.length === 0) fail('InvalidOperation', 'a workbook needs a visible sheet');
        if (this.fake.model.activeSheet === s.id) this.fake.model.activeSheet = others[0]!.id;
      }
      s.visibility = v;
    });
  }
  get visibility(): 'Visible' | 'Hidden' | 'VeryHidden' {
    return this.read('visibility');
  }
  get name(): string {
    return this.read('name');
  }
  set name(v: string) {
    this.fake.enqueue('worksheet.name', jsonBytes([this.label, v]) + 32, () => {
      const s = this.resolve();
      checkSheetName(v);
      if (this.fake.model.sheets.some((x) => x !== s && x.name.toLowerCase() === v.toLowerCase())) fail('ItemAlreadyExists', `A sheet named "${v}" already exists.`);
      // Excel follows the rename in every formula, name, validation and conditional format.
      if (s.name !== v) rewriteSheetRefs(this.fake.model, s.name, quoteSheetName(v) + '!');
      s.name = v;
    });
  }
  get id(): string {
    return this.read('id');
  }
  setLoaded(model: SheetModel, props: string[]): void {
    for (const p of props) {
      if (p === 'name') this.loadedValues.set(p, model.name);
      else if (p === 'id') this.loadedValues.set(p, model.id);
      else if (p === 'visibility') this.loadedValues.set(p, model.visibility);
      else if (p === 'position') this.loadedValues.set(p, this.fake.model.sheets.indexOf(model));
      else fail('FakeUnsupported', `load worksheet ${p}`);
    }
  }
  load(props?: string | string[]): this {
    const list = loadList(props);
    this.fake.enqueue('worksheet.load', 32, () => this.setLoaded(this.resolve(), list));
    return this;
  }
  activate(): void {
    this.fake.enqueue('worksheet.activate', jsonBytes(this.label) + 32, () => {
      const s = this.resolve();
      if (s.visibility !== 'Visible') fail('InvalidOperation', 'activate a hidden sheet');
      this.fake.model.activeSheet = s.id;
    });
  }
  delete(): void {
    this.fake.enqueue('worksheet.delete', jsonBytes(this.label) + 32, () => {
      const s = this.resolve();
      const m = this.fake.model;
      if (s.visibility === 'Visible' && !m.sheets.some((x) => x !== s && x.visibility === 'Visible')) fail('InvalidOperation', 'cannot delete the last visible sheet');
      m.sheets.splice(m.sheets.indexOf(s), 1);
      const quoted = `'${s.name.replace(/'/g, "''")}'!`;
      for (const n of m.names.values()) if (n.ref.includes(quoted) || n.ref.startsWith(`${s.name}!`)) n.ref = '#REF!';
      // Formulas elsewhere that referred to it now refer to nothing.
      rewriteSheetRefs(m, s.name, '#REF!');
      if (m.activeSheet === s.id) m.activeSheet = m.sheets.find((x) => x.visibility === 'Visible')?.id;
    });
  }
}

class FakeWorksheetCollection extends Loadable {
  constructor(fake: FakeExcel) {
    super(fake);
  }
  add(name?: string): FakeWorksheet {
    const holder: { model?: SheetModel } = {};
    const label = name ?? '(new sheet)';
    this.fake.enqueue('worksheets.add', jsonBytes(name ?? null) + 32, () => {
      const m = this.fake.model;
      let n = name;
      if (n === undefined) {
        let i = m.sheets.length + 1;
        while (m.sheets.some((s) => s.name.toLowerCase() === `sheet${i}`)) i++;
        n = `Sheet${i}`;
      }
      checkSheetName(n);
      if (m.sheets.some((s) => s.name.toLowerCase() === n!.toLowerCase())) fail('ItemAlreadyExists', `A sheet named "${n}" already exists.`);
      if (m.structureProtected) fail('AccessDenied', 'the workbook structure is protected');
      holder.model = this.fake.newSheet(n);
    });
    return new FakeWorksheet(this.fake, () => holder.model, label);
  }
  getItem(name: string): FakeWorksheet {
    return new FakeWorksheet(this.fake, () => this.fake.model.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase() || s.id === name), name);
  }
  getActiveWorksheet(): FakeWorksheet {
    const id = this.fake.model.activeSheet;
    return new FakeWorksheet(this.fake, () => this.fake.model.sheets.find((s) => s.id === id), '(active)');
  }
  load(props?: string | string[]): this {
    const list = loadList(props).map((p) => p.replace(/^items\//, ''));
    this.fake.enqueue('worksheets.load', 32, () => {
      const items = this.fake.model.sheets.map((model) => {
        const w = new FakeWorksheet(this.fake, () => model, model.name);
        w.setLoaded(model, list);
        return w;
      });
      this.loadedValues.set('items', items);
    });
    return this;
  }
  get items(): FakeWorksheet[] {
    return this.read('items');
  }
}

function checkSheetName(n: string): void {
  if (n.trim() === '' || n.length > 31 || SHEET_NAME_BAD.test(n) || n.startsWith("'") || n.endsWith("'") || n.toLowerCase() === 'history') {
    fail('InvalidArgument', `"${n}" is not a valid sheet name`);
  }
}

class FakeNamedItem extends Loadable {
  constructor(
    fake: FakeExcel,
    private readonly lookup: string,
    loaded?: { name: string; formula: string },
  ) {
    super(fake);
    if (loaded) {
      this.loadedValues.set('name', loaded.name);
      this.loadedValues.set('formula', `=${loaded.formula}`);
    }
  }
  get name(): string {
    return this.read('name');
  }
  get formula(): string {
    return this.read('formula');
  }
  /** Points the name elsewhere (formulas using the name follow it). */
  set formula(v: string) {
    this.fake.enqueue('name.formula', jsonBytes([this.lookup, v]) + 32, () => {
      const n = this.fake.model.names.get(this.lookup.toLowerCase());
      if (!n) fail('ItemNotFound', `The name ${this.lookup} does not exist.`);
      if (typeof v !== 'string' || !v.startsWith('=')) fail('InvalidArgument', 'a name refers to a formula starting with =');
      n!.ref = v.slice(1);
    });
  }
  delete(): void {
    this.fake.enqueue('name.delete', jsonBytes(this.lookup) + 32, () => {
      if (!this.fake.model.names.delete(this.lookup.toLowerCase())) fail('ItemNotFound', `The name ${this.lookup} does not exist.`);
    });
  }
}

class FakeNameCollection extends Loadable {
  constructor(fake: FakeExcel) {
    super(fake);
  }
  add(name: string, reference: string | FakeRange, comment?: string): FakeNamedItem {
    const ref = typeof reference === 'string' ? reference : null;
    this.fake.enqueue('names.add', jsonBytes([name, ref ?? (reference as FakeRange).address, comment ?? null]) + 32, () => {
      const m = this.fake.model;
      if (!NAME_RE.test(name) || LOOKS_LIKE_CELL.test(name) || name.length > 255 || /^(true|false)$/i.test(name)) fail('InvalidArgument', `"${name}" is not a valid name`);
      if (m.names.has(name.toLowerCase())) fail('ItemAlreadyExists', `The name ${name} already exists.`);
      let text: string;
      if (ref === null) {
        const r = reference as FakeRange;
        const s = r.sheet.resolve();
        text = `'${s.name.replace(/'/g, "''")}'!$${colLetters(r.rect.left)}$${r.rect.top}:$${colLetters(r.rect.right)}$${r.rect.bottom}`;
      } else {
        if (!ref.startsWith('=')) fail('InvalidArgument', 'a name refers to a formula starting with =');
        text = ref.slice(1);
        const bang = text.lastIndexOf('!');
        if (bang > 0) {
          let sheet = text.slice(0, bang);
          if (sheet.startsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
          if (!m.sheets.some((x) => x.name.toLowerCase() === sheet.toLowerCase())) fail('InvalidArgument', `no sheet ${sheet}`);
        }
      }
      m.names.set(name.toLowerCase(), { name, ref: text });
    });
    return new FakeNamedItem(this.fake, name);
  }
  getItem(name: string): FakeNamedItem {
    return new FakeNamedItem(this.fake, name);
  }
  load(props?: string | string[]): this {
    void props;
    this.fake.enqueue('names.load', 32, () => {
      this.loadedValues.set(
        'items',
        [...this.fake.model.names.values()].map((n) => new FakeNamedItem(this.fake, n.name, { name: n.name, formula: n.ref })),
      );
    });
    return this;
  }
  get items(): FakeNamedItem[] {
    return this.read('items');
  }
}

export interface WorkbookModel {
  sheets: SheetModel[];
  names: Map<string, { name: string; ref: string }>;
  activeSheet?: string;
  structureProtected?: boolean;
}

/** Options of a fake host. */
export interface FakeExcelOptions {
  /** Bytes per request Excel accepts (Excel on the web: 5 MB). */
  readonly requestLimit?: number;
}

export class FakeExcel {
  readonly model: WorkbookModel = { sheets: [], names: new Map() };
  /** Number of context.sync() calls. */
  syncs = 0;
  /** Milliseconds spent doing what Excel would do with the requests (applying them), not the caller's. */
  hostMs = 0;
  /** Bytes of each request sent by a sync (requests with no calls are not counted). */
  readonly requests: number[] = [];
  /** Number of calls queued so far (every property set, method and load). */
  ops = 0;
  private queue: { n: number; op: Op }[] = [];
  private failures = new Map<number, string>();
  private hooks: ((sync: number) => void)[] = [];
  private nextId = 1;
  private readonly requestLimit: number;
  readonly context: {
    workbook: {
      worksheets: FakeWorksheetCollection;
      names: FakeNameCollection;
      application: { suspendScreenUpdatingUntilNextSync: () => void };
      getActiveWorksheet?: () => FakeWorksheet;
    };
    trackedObjects: { add: (o: unknown) => void; remove: (o: unknown) => void };
    sync: () => Promise<void>;
  };

  constructor(options: FakeExcelOptions = {}) {
    this.requestLimit = options.requestLimit ?? EXCEL_REQUEST_LIMIT;
    const worksheets = new FakeWorksheetCollection(this);
    this.context = {
      workbook: {
        worksheets,
        names: new FakeNameCollection(this),
        application: {
          suspendScreenUpdatingUntilNextSync: () => this.enqueue('application.suspendScreenUpdatingUntilNextSync', 32, () => undefined),
        },
      },
      trackedObjects: { add: () => undefined, remove: () => undefined },
      sync: () => this.sync(),
    };
    this.addSheet('Sheet1');
  }

  /** The context typed as Office.js's (the renderer's parameter type). */
  get excelContext(): Excel.RequestContext {
    return this.context as unknown as Excel.RequestContext;
  }

  newSheet(name: string): SheetModel {
    const s: SheetModel = {
      id: `{SHEET-${this.nextId++}}`,
      name,
      visibility: 'Visible',
      cells: new Map(),
      fmts: new Map(),
      merges: [],
      validations: new Map(),
      cfs: [],
      frozen: { rows: 0, columns: 0 },
      columnWidths: new Map(),
      hiddenColumns: new Set(),
      rowHeights: new Map(),
      protected: false,
      charts: [],
    };
    this.model.sheets.push(s);
    this.model.activeSheet ??= s.id;
    return s;
  }

  // ---- Set-up helpers (outside any request) ----

  /** Adds a sheet directly, with cells given as typed text or values ("=A1" is a formula). */
  addSheet(name: string, cells: Record<string, Value> = {}, opts: { protected?: boolean; hidden?: boolean } = {}): SheetModel {
    checkSheetName(name);
    if (this.model.sheets.some((s) => s.name.toLowerCase() === name.toLowerCase())) throw new Error(`sheet ${name} exists`);
    const s = this.newSheet(name);
    for (const [a, v] of Object.entries(cells)) {
      const { rect } = parseAddress(a);
      const c = typeof v === 'string' ? parseTyped(v) : { v };
      if (c) s.cells.set(key(rect.top, rect.left), c);
    }
    if (opts.protected) {
      s.protected = true;
      s.protectionOptions = {};
    }
    if (opts.hidden) s.visibility = 'Hidden';
    return s;
  }

  addName(name: string, ref: string): void {
    this.model.names.set(name.toLowerCase(), { name, ref: ref.replace(/^=/, '') });
  }

  sheet(name: string): SheetModel | undefined {
    return this.model.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  }

  /** Deletes a sheet directly (as a user would), e.g. from a beforeSync hook. */
  removeSheet(name: string): void {
    const s = this.sheet(name);
    if (s) this.model.sheets.splice(this.model.sheets.indexOf(s), 1);
  }

  /**
   * What Excel would have computed: the value of each formula cell of `sheet` from a grid from A1
   * (e.g. HyperFormula's). Errors ({ error: "#N/A" }) are read back as their text, as Office.js
   * gives them. A formula written later has no value until given one again.
   */
  setComputed(sheet: string, grid: readonly (readonly unknown[])[]): void {
    const s = this.sheet(sheet);
    if (!s) throw new Error(`no sheet ${sheet}`);
    for (const [k, cell] of s.cells) {
      if (cell.f === undefined) continue;
      const x = grid[rowOf(k) - 1]?.[colOf(k) - 1];
      const v = typeof x === 'object' && x !== null && 'error' in x ? String((x as { error: unknown }).error) : x;
      if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') cell.v = v;
      else delete cell.v;
    }
  }

  /** A copy of this workbook (sheets, names, ids to come), counters at zero. */
  clone(): FakeExcel {
    const copy = new FakeExcel({ requestLimit: this.requestLimit });
    const model = structuredClone(this.model);
    copy.model.sheets = model.sheets;
    copy.model.names = model.names;
    if (model.activeSheet !== undefined) copy.model.activeSheet = model.activeSheet;
    else delete copy.model.activeSheet;
    if (model.structureProtected !== undefined) copy.model.structureProtected = model.structureProtected;
    copy.nextId = this.nextId;
    return copy;
  }

  /** Runs `hook(syncNumber)` before each sync applies its calls (1-based), to change the workbook meanwhile. */
  beforeSync(hook: (sync: number) => void): void {
    this.hooks.push(hook);
  }

  /** Makes the n-th queued call (1-based, counted over the fake's life) fail at sync with `code`. */
  failAt(n: number, code = 'GeneralException'): void {
    this.failures.set(n, code);
  }

  // ---- Requests ----

  enqueue(what: string, bytes: number, apply: () => void): void {
    this.ops++;
    this.queue.push({ n: this.ops, op: { bytes, what, apply } });
  }

  async sync(): Promise<void> {
    this.syncs++;
    const batch = this.queue;
    this.queue = [];
    for (const h of this.hooks) h(this.syncs);
    await Promise.resolve();
    if (batch.length === 0) return;
    const started = performance.now();
    try {
      this.apply(batch);
    } finally {
      this.hostMs += performance.now() - started;
    }
  }

  private apply(batch: { n: number; op: Op }[]): void {
    const bytes = batch.reduce((n, q) => n + q.op.bytes, 0);
    this.requests.push(bytes);
    // An oversized request is refused whole, before any of it runs.
    if (bytes > this.requestLimit || batch.some((q) => this.failures.get(q.n) === 'RequestPayloadSizeLimitExceeded')) {
      throw new FakeOfficeError('RequestPayloadSizeLimitExceeded', `The request payload size (${bytes}) has exceeded the limit.`);
    }
    for (const { n, op } of batch) {
      const injected = this.failures.get(n);
      if (injected !== undefined) throw new FakeOfficeError(injected, `injected failure at call ${n} (${op.what})`);
      try {
        op.apply();
      } catch (e) {
        if (e instanceof FakeOfficeError) throw e;
        throw new FakeOfficeError('GeneralException', `${op.what}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  /** Like Excel.run: runs the batch on the context and sends what it left queued. */
  async run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> {
    const result = await batch(this.excelContext);
    if (this.queue.length > 0) await this.sync();
    return result;
  }

  // ---- What the workbook holds ----

  snapshot(): WorkbookSnapshot {
    const names: Record<string, string> = {};
    for (const n of [...this.model.names.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) names[n.name] = n.ref;
    return { sheets: this.model.sheets.map((s) => sheetSnapshot(s, this.model.activeSheet === s.id)), names };
  }
}

const byRowCol = (a: number, b: number): number => a - b;

function sheetSnapshot(s: SheetModel, active: boolean): SheetSnapshot {
  const cells: Record<string, SnapCell> = {};
  for (const k of [...s.cells.keys()].sort(byRowCol)) {
    const c = s.cells.get(k)!;
    const a = addr(colOf(k), rowOf(k));
    if (c.f !== undefined) cells[a] = { f: c.f };
    else if (c.v !== undefined && c.v !== '') cells[a] = { v: c.v };
  }
  const numFmts: Record<string, string> = {};
  const unlocked: string[] = [];
  for (const k of [...s.fmts.keys()].sort(byRowCol)) {
    const f = s.fmts.get(k)!;
    const a = addr(colOf(k), rowOf(k));
    if (f.numberFormat !== undefined && f.numberFormat !== 'General') numFmts[a] = f.numberFormat;
    if (s.protected && f.locked === false) unlocked.push(a);
  }
  const validations: Record<string, string> = {};
  for (const k of [...s.validations.keys()].sort(byRowCol)) {
    const v = s.validations.get(k)!;
    const text = validationText(v);
    if (text !== null) validations[addr(colOf(k), rowOf(k))] = text;
  }
  const styleOf = (fill?: string): string => {
    const f = (fill ?? '').toUpperCase();
    return f === '#FFC7CE' ? 'bad' : f === '#C6EFCE' ? 'good' : f === '#FFEB9C' ? 'warn' : `fill:${f}`;
  };
  const charts: ChartSnapshot[] = s.charts.map((c) => ({
    type: c.type === 'BarClustered' ? 'bar' : c.type === 'ColumnClustered' ? 'column' : (c.type as 'bar'),
    title: c.title,
    categories: c.categories,
    series: c.series.map((x) => ({ name: x.name, values: x.values })),
    anchor: c.anchor,
  }));
  return {
    name: s.name,
    hidden: s.visibility !== 'Visible',
    cells,
    numFmts,
    merges: s.merges.map(rectText).sort(),
    frozen: { ...s.frozen },
    hiddenColumns: [...s.hiddenColumns].sort((a, b) => a - b),
    validations,
    conditionalFormats: s.cfs.map((c) => `${c.range}|${c.formula ?? ''}|${styleOf(c.fill)}`).sort(),
    protected: s.protected,
    unlocked,
    charts,
    ...(active && s.activeCell ? { activeCell: s.activeCell } : {}),
  };
}

const UNBOUNDED = 1e307;

function validationText(v: ValidationRecord): string | null {
  const kind = Object.keys(v.rule)[0];
  if (kind === undefined) return null;
  const body = v.rule[kind]!;
  const allowBlank = v.ignoreBlanks;
  if (kind === 'list') return validationKey({ type: 'list', source: String(body.source), allowBlank });
  if (kind === 'custom') return validationKey({ type: 'custom', formula: String(body.formula), allowBlank });
  if (kind === 'decimal') {
    const num = (x: unknown): number | undefined => {
      const n = Number(x);
      return Number.isFinite(n) && Math.abs(n) < UNBOUNDED ? n : undefined;
    };
    let min: number | undefined;
    let max: number | undefined;
    if (body.operator === 'Between') {
      min = num(body.formula1);
      max = num(body.formula2);
    } else if (body.operator === 'GreaterThanOrEqualTo') min = num(body.formula1);
    else if (body.operator === 'LessThanOrEqualTo') max = num(body.formula1);
    else return `decimal?${String(body.operator)}`;
    return validationKey({ type: 'decimal', ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}), allowBlank });
  }
  return `${kind}?`;
}
