import { BLANK, requireNumber, roundHalfAway, shiftDecimal, singleCell, toMatrix, toNumber } from '../coerce.js';
import { describe, isKpiError, kpiError } from '../errors.js';
import { L, defineFunction } from '../registry.js';
import { at, blockSize, commonSize, finite, firstError, firstErrorIn, numberBlock, numberIn, type Size } from '../shape.js';
import type { Cell, KpiError, Matrix, Result, ResultCell } from '../types.js';

const FN = 'WEIGHTED_SHARE';

/**
 * Largest-remainder split of `units` (a whole number of the smallest unit) by `parts`: each row
 * gets INT(ROUND(q, 6)) of its exact quota q, and the units left over go one each to the rows with
 * the largest ROUND(q − floor, 6), the earlier row first on ties. Templates write the same steps.
 */
export function splitUnits(units: number, parts: ArrayLike<number>, sum: number): number[] {
  const floors = new Array<number>(parts.length).fill(0);
  const rems = new Float64Array(parts.length);
  let given = 0;
  for (let i = 0; i < parts.length; i++) {
    const q = proportion(units, parts[i]!, sum);
    // ROUND(q, 6) works on 15 significant digits: from 1e9 on it would change whole units.
    const fl = Math.floor(q < 1e9 ? roundHalfAway(q, 6) : q);
    floors[i] = fl;
    rems[i] = roundHalfAway(q - fl, 6);
    given += fl;
  }
  const left = units - given;
  if (left !== 0) {
    // One numeric sort: larger remainder first, then the earlier row (rems have 6 decimals).
    const n = parts.length;
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = (1e6 - Math.round(rems[i]! * 1e6)) * n + i;
    keys.sort();
    for (let k = 0; k < left && k < n; k++) floors[keys[k]! % n]! += 1;
    // Float error in quotas near 2^53 can leave the floors above the total: take the excess back
    // one unit each from the smallest remainders, the later row first.
    for (let k = n - 1, taken = 0; taken < -left && k >= 0; k--) {
      const i = keys[k]! % n;
      if (floors[i]! > 0) {
        floors[i]! -= 1;
        taken++;
      }
    }
  }
  return floors;
}

/** total × part / sum, without overflow or underflow in the product. */
function proportion(total: number, part: number, sum: number): number {
  const product = total * part;
  return Number.isFinite(product) && Math.abs(product) >= 1e-300 ? product / sum : total * (part / sum);
}

function isBlankMatrix(m: Matrix): boolean {
  return m.length === 1 && m[0]!.length === 1 && m[0]![0] === null;
}

export function WEIGHTED_SHARE(total?: unknown, weights?: unknown, factors?: unknown, decimals?: unknown): Result {
  return (
    weightedShareNumbers(total, weights, factors, decimals) ?? weightedShareGeneral(total, weights, factors, decimals)
  );
}

const ONE_FACTOR = numberBlock(1)!;

/**
 * WEIGHTED_SHARE of a number split by a range of non-negative finite numbers (factors blank, one
 * number or a range of them): the same result as the general path, without normalising each
 * cell. Undefined, before anything is converted, for any other call; each cell is checked as it
 * is read and the first that is not a non-negative finite number leaves for the general path.
 */
export function weightedShareNumbers(total?: unknown, weights?: unknown, factors?: unknown, decimals?: unknown): Result | undefined {
  const tm = numberBlock(total);
  if (tm === undefined || tm.rows !== undefined) return undefined;
  const wm = numberBlock(weights);
  if (wm === undefined) return undefined;
  const fm = factors === undefined || factors === null ? ONE_FACTOR : numberBlock(factors);
  if (fm === undefined) return undefined;
  const size = blockSize([wm, fm]);
  if (size === undefined || (size.rows === 1 && size.cols === 1)) return undefined;

  const { rows, cols } = size;
  const parts = new Float64Array(rows * cols);
  const wRows = wm.rows;
  const fRows = fm.rows;
  const wValue = wm.value;
  const fValue = fm.value;
  for (let r = 0, k = 0; r < rows; r++) {
    const wr: unknown = wRows === undefined ? undefined : wRows[r];
    const fr: unknown = fRows === undefined ? undefined : fRows[r];
    for (let c = 0; c < cols; c++, k++) {
      const w = wRows === undefined ? wValue : numberIn(wr, c, cols);
      const f = fRows === undefined ? fValue : numberIn(fr, c, cols);
      // NaN (not a finite number) and negative values fail both tests: their errors come from the general path.
      if (!(w >= 0 && f >= 0)) return undefined;
      parts[k] = w * f;
    }
  }
  const d = singleCell(decimals, FN, 'decimals');
  if (isKpiError(d)) return d;
  return shares(tm.value, size, parts, null, d);
}

/** WEIGHTED_SHARE for any arguments: every cell normalised and checked on its own. */
export function weightedShareGeneral(total?: unknown, weights?: unknown, factors?: unknown, decimals?: unknown): Result {
  const t = singleCell(total, FN, 'total');
  const w = toMatrix(weights, FN, 'weights');
  const fRaw = toMatrix(factors, FN, 'factors');
  const f: Matrix = isBlankMatrix(fRaw) ? [[1]] : fRaw;
  const d = singleCell(decimals, FN, 'decimals');
  const size = commonSize(FN, [w, f]);
  if (isKpiError(size)) return size;

  const err = firstError([t]) ?? firstErrorIn(w) ?? firstErrorIn(f) ?? firstError([d]);
  if (err) return err;
  const tot = requireNumber(t, FN, 'total');
  if (isKpiError(tot)) return tot;

  const n = size.rows * size.cols;
  const parts = new Float64Array(n);
  const filled = new Uint8Array(n);
  let anyFilled = false;
  for (let r = 0, k = 0; r < size.rows; r++) {
    for (let c = 0; c < size.cols; c++, k++) {
      const p = part(at(w, r, c), at(f, r, c));
      if (p === null) continue;
      if (typeof p !== 'number') return p;
      parts[k] = p;
      filled[k] = 1;
      anyFilled = true;
    }
  }
  return anyFilled ? shares(tot, size, parts, filled, d) : shares(tot, size, parts, NONE_FILLED, d);

  function part(wc: Cell, fc: Cell): number | null | KpiError {
    const wn = toNumber(wc, FN, 'weights');
    if (isKpiError(wn)) return wn;
    const fn = toNumber(fc, FN, 'factors');
    if (isKpiError(fn)) return fn;
    if (wn !== BLANK && wn < 0) return kpiError('#NUM!', 'negativeValue', { fn: FN, arg: 'weights', got: describe(wn) });
    if (fn !== BLANK && fn < 0) return kpiError('#NUM!', 'negativeValue', { fn: FN, arg: 'factors', got: describe(fn) });
    if (wn === BLANK || fn === BLANK) return null;
    return wn * fn;
  }
}

/**
 * total × part / sum for every row of one column, each part filled: the number rows are their own
 * array literal, so they stay arrays of plain doubles.
 */
function proportionColumn(tot: number, parts: Float64Array, sum: number): ResultCell[][] {
  const out: ResultCell[][] = new Array(parts.length);
  for (let k = 0; k < parts.length; k++) {
    const v = proportion(tot, parts[k]!, sum);
    out[k] = v - v === 0 ? [v] : [finite(FN, v)];
  }
  return out;
}

/** Marks a call where no row has both a weight and a factor: every result is blank. */
const NONE_FILLED = new Uint8Array(0);

/**
 * The shares once the parts (weight × factor per position, 0 where blank) are known: `filled`
 * marks the positions with a part (null: all of them; NONE_FILLED: none); `d` is the decimals cell.
 */
function shares(tot: number, size: Size, parts: Float64Array, filled: Uint8Array | null, d: Cell): Result {
  const n = size.rows * size.cols;
  let places: number | null = null;
  const dn = toNumber(d, FN, 'decimals');
  if (isKpiError(dn)) return dn;
  if (dn !== BLANK) {
    if (!Number.isInteger(dn) || dn < 0 || dn > 10) {
      return kpiError('#NUM!', 'decimalsRange', { fn: FN, got: describe(dn) });
    }
    places = dn;
  }

  /** The result in the shape of weights, one value per position, built without intermediate arrays. */
  const shape = (value: (k: number) => ResultCell): Result => {
    if (size.rows === 1 && size.cols === 1) return value(0);
    const out: ResultCell[][] = new Array(size.rows);
    for (let r = 0, k = 0; r < size.rows; r++) {
      const row: ResultCell[] = new Array(size.cols);
      for (let c = 0; c < size.cols; c++, k++) row[c] = value(k);
      out[r] = row;
    }
    return out;
  };
  if (filled === NONE_FILLED) return shape(() => '');
  let sum = 0;
  for (let k = 0; k < n; k++) sum += parts[k]!;
  if (sum === 0) return kpiError('#DIV/0!', 'sharesSumZero', { fn: FN });
  if (!Number.isFinite(sum)) return kpiError('#NUM!', 'resultTooLarge', { fn: FN });

  if (places === null) {
    if (filled === null && size.cols === 1) return proportionColumn(tot, parts, sum);
    return shape((k) => (filled === null || filled[k] ? finite(FN, proportion(tot, parts[k]!, sum)) : ''));
  }
  const units = Math.round(shiftDecimal(Number(Math.abs(tot).toPrecision(15)), places));
  if (!Number.isSafeInteger(units)) {
    return kpiError('#NUM!', 'totalTooLarge', { fn: FN, d: places });
  }
  const sign = tot < 0 ? -1 : 1;
  const scale = 10 ** places;
  const split = splitUnits(units, parts, sum);
  return shape((k) => {
    const u = split[k]!;
    return filled === null || filled[k] ? (u === 0 ? 0 : (sign * u) / scale) : '';
  });

}

export const weightedShare = defineFunction(
  {
    name: FN,
    description: L(
      'Splits a total (a bonus pool) in proportion to weight × factor; with decimals the shares add up exactly to the total.',
      '按 权重 × 系数 的比例分配总额（如奖金池）；指定小数位时各份之和恰好等于总额。',
    ),
    returns: 'range',
    params: [
      { name: 'total', kind: 'setting', title: L('total', '总额'), description: L('The amount to split, e.g. the bonus pool.', '要分配的总额，例如奖金池。') },
      { name: 'weights', kind: 'perRow', title: L('weights', '权重'), description: L('One weight per row, e.g. base salaries. A blank row gets a blank.', '每行一个权重，例如基本工资。空白行结果为空。') },
      {
        name: 'factors',
        kind: 'perRow',
        optional: true,
        title: L('factors', '系数'),
        description: L('Multipliers of the same size, e.g. rating coefficients. Default 1.', '同样大小的乘数，例如绩效系数。默认 1。'),
      },
      {
        name: 'decimals',
        kind: 'setting',
        optional: true,
        title: L('decimals', '小数位数'),
        description: L(
          'Round each share to this many decimals (0–10), handing the remainder to the largest remainders so the sum is exact.',
          '每份保留的小数位数（0–10），按最大余数法分配尾差，使合计精确等于总额。',
        ),
      },
    ],
    examples: [
      { args: [50000, [1.8, 1.5, 1.5, 1.5, 1.2]], result: [[12000], [10000], [10000], [10000], [8000]] },
      { args: [100, [1, 1, 1], undefined, 2], result: [[33.34], [33.33], [33.33]] },
    ],
  },
  WEIGHTED_SHARE,
);
