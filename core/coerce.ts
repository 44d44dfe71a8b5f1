import { describe, isKpiError, kpiError } from './errors.js';
import { HOST } from './host.js';
import type { Cell, KpiError, Matrix } from './types.js';

/** Marks a blank argument after coercion. */
export const BLANK = Symbol('blank');
export type Blank = typeof BLANK;

const SPACES = /^[\s\u3000]*$/;

/** One host value to a cell: undefined and text of only spaces are blank; odd JS values are errors. */
export function normalizeCell(v: unknown, fn: string, arg: string): Cell {
  if (HOST.input !== undefined && forHost(v)) v = HOST.input(v);
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'number':
    case 'boolean':
      return v;
    case 'string':
      return SPACES.test(v) ? null : v;
    default:
      if (isKpiError(v)) {
        const message = (v as { message?: unknown }).message;
        return { code: v.code, message: typeof message === 'string' ? message : v.code };
      }
      return kpiError('#VALUE!', 'unsupported', { fn, arg });
  }
}

/**
 * Any argument to a rectangular matrix: a value is 1x1, a 1-D array is a column, short rows are
 * padded with blanks, an empty array is one blank cell.
 */
export function toMatrix(v: unknown, fn: string, arg: string): Matrix {
  if (!Array.isArray(v)) return [[normalizeCell(v, fn, arg)]];
  if (v.length === 0) return [[null]];
  let width = 0;
  let nested = false;
  for (let i = 0; i < v.length; i++) {
    const r: unknown = v[i];
    if (Array.isArray(r)) {
      nested = true;
      if (r.length > width) width = r.length;
    } else if (width < 1) width = 1;
  }
  if (!nested) {
    const out: Matrix = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = [normalizeCell(v[i], fn, arg)];
    return out;
  }
  if (width === 0) width = 1;
  const out: Matrix = new Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const r: unknown = v[i];
    out[i] = Array.isArray(r) && r.length === width && isClean(r) ? (r as Cell[]) : normalizeRow(r, width, fn, arg);
  }
  return out;
}

/** Values a host binding converts: objects (error cells, dates) and text that starts with "#". */
function forHost(v: unknown): boolean {
  return typeof v === 'string' ? v.charCodeAt(0) === 35 : typeof v === 'object' && v !== null;
}

/** A row whose cells are already what normalizeCell would give can be used as it is. */
function isClean(r: unknown[]): boolean {
  const host = HOST.input !== undefined;
  for (let c = 0; c < r.length; c++) {
    const x = r[c];
    const t = typeof x;
    if (t === 'number' || t === 'boolean' || x === null) continue;
    if (t === 'string' && !SPACES.test(x as string) && !(host && (x as string).charCodeAt(0) === 35)) continue;
    return false;
  }
  return true;
}

function normalizeRow(r: unknown, width: number, fn: string, arg: string): Cell[] {
  const row: unknown[] = Array.isArray(r) ? r : [r];
  const out: Cell[] = new Array(width);
  for (let c = 0; c < width; c++) {
    const x: unknown = row[c];
    out[c] = Array.isArray(x) ? kpiError('#VALUE!', 'unsupported', { fn, arg }) : normalizeCell(x, fn, arg);
  }
  return out;
}

const FULL_WIDTH = /[\uFF10-\uFF19\uFF05\uFF0E\uFF0B\uFF0D\uFF45\uFF25]/g;
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?%?$/i;

/**
 * Text typed as a number: trimmed, plain or exponent notation, optional %, full-width digits
 * and ％ too. Anything else ("1,000", "¥85") is not a number and gives undefined.
 */
export function parseNumberText(s: string): number | undefined {
  const t = s
    .replace(FULL_WIDTH, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
  if (!NUMBER_TEXT.test(t)) return undefined;
  const pct = t.endsWith('%');
  const n = Number(pct ? t.slice(0, -1) : t);
  if (!Number.isFinite(n)) return undefined;
  return pct ? n / 100 : n;
}

/** Text that is not a number: a header label in a table's first row. */
export function isLabel(c: Cell): boolean {
  return typeof c === 'string' && parseNumberText(c) === undefined;
}

/**
 * A cell where a number is needed: the number, BLANK, or a #VALUE! / #NUM! error naming the
 * argument. Error cells are returned as they are.
 */
export function toNumber(c: Cell, fn: string, arg: string): number | Blank | KpiError {
  if (c === null) return BLANK;
  if (typeof c === 'number') {
    return Number.isFinite(c) ? c : kpiError('#NUM!', 'notFinite', { fn, arg });
  }
  if (typeof c === 'string') {
    const n = parseNumberText(c);
    return n === undefined ? kpiError('#VALUE!', 'notNumber', { fn, arg, got: describe(c) }) : n;
  }
  if (typeof c === 'boolean') return kpiError('#VALUE!', 'notNumber', { fn, arg, got: describe(c) });
  return c;
}

/** A required number: blank is a #VALUE! naming the argument. */
export function requireNumber(c: Cell, fn: string, arg: string): number | KpiError {
  const n = toNumber(c, fn, arg);
  return n === BLANK ? kpiError('#VALUE!', 'blankArg', { fn, arg }) : n;
}

/** An optional number: blank gives the default. */
export function optionalNumber<D>(c: Cell, fn: string, arg: string, dflt: D): number | D | KpiError {
  const n = toNumber(c, fn, arg);
  return n === BLANK ? dflt : n;
}

/** An argument toMatrix reads as 1x1: a value, [x], [[x]], [] or [[]]. Looks at no cell. */
export function isSingle(v: unknown): boolean {
  if (!Array.isArray(v)) return true;
  if (v.length > 1) return false;
  const first: unknown = v[0];
  return !(Array.isArray(first) && first.length > 1);
}

/** A whole-call setting: one value (a 1x1 range is fine). */
export function singleCell(v: unknown, fn: string, arg: string): Cell {
  const m = toMatrix(v, fn, arg);
  if (m.length !== 1 || m[0]!.length !== 1) return kpiError('#VALUE!', 'singleValue', { fn, arg });
  return m[0]![0]!;
}

/** Case-insensitive option words, English and Chinese, each list led by its canonical name. */
export type OptionTable<K extends string> = Record<K, readonly string[]>;

export function parseOption<K extends string>(
  c: Cell,
  table: OptionTable<K>,
  fn: string,
  arg: string,
  dflt: NoInfer<K>,
): K | KpiError {
  if (c === null) return dflt;
  if (isKpiError(c)) return c;
  if (typeof c === 'string' || typeof c === 'number') {
    const word = (typeof c === 'number' ? String(c) : c).replace(/^[\s\u3000]+|[\s\u3000]+$/g, '').toLowerCase();
    for (const key of Object.keys(table) as K[]) {
      if (table[key].includes(word)) return key;
    }
  }
  const options = (Object.values(table) as string[][]).map((words) => words.join('/')).join(', ');
  return kpiError('#VALUE!', 'badOption', { fn, arg, options, got: describe(c) });
}

/** Rounds as the spreadsheet ROUND does: half away from zero, on the number shown to 15 digits. */
export function roundHalfAway(x: number, digits: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const abs = Math.abs(x);
  if (digits >= 0 && digits <= 15) {
    // Away from a tie, scaling in binary gives the same whole number as the decimal route.
    const p = POWERS[digits]!;
    const y = abs * p;
    if (y < 2 ** 52) {
      const fl = Math.floor(y);
      const frac = y - fl;
      if (Math.abs(frac - 0.5) > 1e-9 + y * 1e-14) return (Math.sign(x) * (frac < 0.5 ? fl : fl + 1)) / p;
    }
  }
  const shown = Number(abs.toPrecision(15));
  const scaled = Math.round(shiftDecimal(shown, digits));
  // Past about 1e298 the scaled value overflows; such a number has no decimals to round.
  if (!Number.isFinite(scaled)) return Number.isFinite(shown) ? Math.sign(x) * shown : x;
  return Math.sign(x) * shiftDecimal(scaled, -digits);
}

const POWERS = Array.from({ length: 16 }, (_, i) => 10 ** i);

/** x × 10^digits done on the decimal text, so 100.005 shifted by 2 is exactly 10000.5. */
export function shiftDecimal(x: number, digits: number): number {
  const [mantissa, exp] = x.toExponential().split('e');
  return Number(`${mantissa}e${Number(exp) + digits}`);
}

/** The value that bounds are compared with (ROUND(x, 10)), so float noise never changes a grade. */
export function forCompare(x: number): number {
  return roundHalfAway(x, 10);
}
