import { isSingle, optionalNumber, parseOption, requireNumber, toMatrix } from '../coerce.js';
import { isKpiError, kpiError } from '../errors.js';
import { DIRECTIONS, type Direction } from '../options.js';
import { HOST } from '../host.js';
import { defineFunction } from '../registry.js';
import { blockSize, broadcast, finite, firstError, numberBlock, numberIn, type NumberBlock, type Size } from '../shape.js';
import type { Cell, KpiError, Matrix, Result, ResultCell } from '../types.js';

const FN = 'KPISCORE';

/** Achievement before clamping, for one row. */
export function rawScore(
  a: number,
  t: number,
  dir: Direction,
  baseline: number | null,
): number | KpiError {
  if (dir === 'lower_ratio') {
    if (baseline !== null) return kpiError('#NUM!', 'lowerRatioBaseline', { fn: FN });
    if (a <= 0 || t <= 0) return kpiError('#NUM!', 'lowerRatioPositive', { fn: FN });
    return t / a;
  }
  if (baseline === null) {
    if (t === 0) return kpiError('#DIV/0!', 'targetZero', { fn: FN });
    switch (dir) {
      case 'higher':
        return t > 0 ? a / t : (a - t + Math.abs(t)) / Math.abs(t);
      case 'lower':
        return 1 - (a - t) / Math.abs(t);
      case 'exact':
        return 1 - Math.abs(a - t) / Math.abs(t);
    }
  }
  const b = baseline;
  if (t === b) return kpiError('#DIV/0!', 'targetEqualsBaseline', { fn: FN });
  switch (dir) {
    case 'higher':
      if (t < b) return kpiError('#NUM!', 'higherNeedsAbove', { fn: FN });
      return (a - b) / (t - b);
    case 'lower':
      if (t > b) return kpiError('#NUM!', 'lowerNeedsBelow', { fn: FN });
      return (a - b) / (t - b);
    case 'exact':
      return 1 - Math.abs(a - t) / Math.abs(t - b);
  }
}

function scoreCell(cells: Cell[]): ResultCell {
  const err = firstError(cells);
  if (err) return err;
  const [actual, target, direction, cap, floor, baseline] = cells as [Cell, Cell, Cell, Cell, Cell, Cell];
  if (actual === null) return '';
  const a = requireNumber(actual, FN, 'actual');
  if (isKpiError(a)) return a;
  const t = requireNumber(target, FN, 'target');
  if (isKpiError(t)) return t;
  const dir = parseOption(direction, DIRECTIONS, FN, 'direction', 'higher');
  if (isKpiError(dir)) return dir;
  const hi = optionalNumber(cap, FN, 'cap', null);
  if (isKpiError(hi)) return hi;
  const lo = optionalNumber(floor, FN, 'floor', 0);
  if (isKpiError(lo)) return lo;
  const b = optionalNumber(baseline, FN, 'baseline', null);
  if (isKpiError(b)) return b;
  const raw = rawScore(a, t, dir, b);
  if (isKpiError(raw)) return raw;
  if (hi !== null && hi < lo) return kpiError('#NUM!', 'capBelowFloor', { fn: FN, cap: hi, floor: lo });
  return Math.max(lo, hi === null ? raw : Math.min(hi, raw));
}

export function KPISCORE(
  actual?: unknown,
  target?: unknown,
  direction?: unknown,
  cap?: unknown,
  floor?: unknown,
  baseline?: unknown,
): Result {
  const plan = numbersPlan(actual, target, direction, cap, floor, baseline);
  if (plan === undefined) return kpiscoreGeneral(actual, target, direction, cap, floor, baseline);
  // The settings are converted once, for this path and for the general one if a cell sends it there.
  const settings = settingMatrices(direction, cap, floor, baseline);
  return (
    scoreNumbers(plan, settings) ??
    broadcast(FN, [toMatrix(actual, FN, 'actual'), toMatrix(target, FN, 'target'), ...settings], scoreCell)
  );
}

/** KPISCORE for any arguments: every cell normalised, checked and scored on its own. */
export function kpiscoreGeneral(
  actual?: unknown,
  target?: unknown,
  direction?: unknown,
  cap?: unknown,
  floor?: unknown,
  baseline?: unknown,
): Result {
  return broadcast(
    FN,
    [
      toMatrix(actual, FN, 'actual'),
      toMatrix(target, FN, 'target'),
      ...settingMatrices(direction, cap, floor, baseline),
    ],
    scoreCell,
  );
}

function settingMatrices(direction: unknown, cap: unknown, floor: unknown, baseline: unknown): Matrix[] {
  return [
    toMatrix(direction, FN, 'direction'),
    toMatrix(cap, FN, 'cap'),
    toMatrix(floor, FN, 'floor'),
    toMatrix(baseline, FN, 'baseline'),
  ];
}

interface NumbersPlan {
  readonly actual: NumberBlock;
  readonly target: NumberBlock;
  readonly size: Size;
}

/**
 * Whether a call can take the numeric path, looking at no cell beyond the first: actual and target
 * a finite number or a 2-D array (at least one larger than 1x1, sizes agreeing), every setting a
 * single value.
 */
function numbersPlan(
  actual: unknown,
  target: unknown,
  direction: unknown,
  cap: unknown,
  floor: unknown,
  baseline: unknown,
): NumbersPlan | undefined {
  const am = numberBlock(actual);
  if (am === undefined) return undefined;
  const tm = numberBlock(target);
  if (tm === undefined) return undefined;
  const size = blockSize([am, tm]);
  if (size === undefined || (size.rows === 1 && size.cols === 1)) return undefined;
  if (!isSingle(direction) || !isSingle(cap) || !isSingle(floor) || !isSingle(baseline)) return undefined;
  return { actual: am, target: tm, size };
}

/**
 * KPISCORE over ranges of finite numbers (the usual column of actuals against a column or a
 * single target) with the other arguments single values: the same result as the general path,
 * without normalising each cell. Undefined for any other call, or at the first cell of actual or
 * target that is not a finite number.
 */
export function kpiscoreNumbers(
  actual?: unknown,
  target?: unknown,
  direction?: unknown,
  cap?: unknown,
  floor?: unknown,
  baseline?: unknown,
): Result | undefined {
  const plan = numbersPlan(actual, target, direction, cap, floor, baseline);
  return plan === undefined ? undefined : scoreNumbers(plan, settingMatrices(direction, cap, floor, baseline));
}

/**
 * rawScore without a baseline, one function per direction: the same numbers, and NaN where
 * rawScore gives an error (the cell then goes to the general code, which says which).
 */
const NO_BASELINE: Readonly<Record<Direction, (a: number, t: number) => number>> = {
  higher: (a, t) => (t > 0 ? a / t : t < 0 ? (a - t + Math.abs(t)) / Math.abs(t) : NaN),
  lower: (a, t) => (t !== 0 ? 1 - (a - t) / Math.abs(t) : NaN),
  exact: (a, t) => (t !== 0 ? 1 - Math.abs(a - t) / Math.abs(t) : NaN),
  lower_ratio: (a, t) => (a > 0 && t > 0 ? t / a : NaN),
};

/**
 * A column of actuals against a column of targets or one target, one direction's formula, no
 * baseline. Numbers and other results are put in separate array literals, so that the usual rows
 * stay arrays of plain doubles.
 */
function scoreColumn(
  aRows: readonly unknown[],
  tRows: readonly unknown[] | undefined,
  tValue: number,
  kernel: (a: number, t: number) => number,
  bottom: number,
  top: number | null,
  slow: (a: number, t: number) => ResultCell,
): Result | undefined {
  const rows = aRows.length;
  const out: ResultCell[][] = new Array(rows);
  for (let r = 0; r < rows; r++) {
    const a = numberIn(aRows[r], 0, 1);
    const t = tRows === undefined ? tValue : numberIn(tRows[r], 0, 1);
    if (a !== a || t !== t) return undefined;
    const raw = kernel(a, t);
    const v = Math.max(bottom, top === null ? raw : Math.min(top, raw));
    if (v - v === 0) out[r] = [v];
    else out[r] = [slow(a, t)];
  }
  return out;
}

/**
 * The numeric path over its plan, the settings given as their 1x1 matrices. Numbers pass every
 * host adapter as they are; each cell whose result is not a finite number (an error, or bad
 * settings) is computed by the general per-cell code.
 */
function scoreNumbers(plan: NumbersPlan, settings: Matrix[]): Result | undefined {
  const [dc, cc, fc, bc] = settings.map((m) => m[0]![0]!) as [Cell, Cell, Cell, Cell];
  // The settings read once, as scoreCell reads them for every row.
  const dir = parseOption(dc, DIRECTIONS, FN, 'direction', 'higher');
  const hi = optionalNumber(cc, FN, 'cap', null);
  const lo = optionalNumber(fc, FN, 'floor', 0);
  const b = optionalNumber(bc, FN, 'baseline', null);
  const ok =
    !isKpiError(dir) && !isKpiError(hi) && !isKpiError(lo) && !isKpiError(b) && !(hi !== null && hi < lo);
  const d = dir as Direction;
  const top = hi as number | null;
  const bottom = lo as number;
  const base = b as number | null;

  const toHost = HOST.errorCell;
  /** A cell whose result is not a finite number: the general per-cell code, as broadcast runs it. */
  const slow = (a: number, t: number): ResultCell => {
    const v = finite(FN, scoreCell([a, t, dc, cc, fc, bc]));
    return toHost !== undefined && typeof v === 'object' ? (toHost(v) as ResultCell) : v;
  };
  const aRows = plan.actual.rows;
  const tRows = plan.target.rows;
  const aValue = plan.actual.value;
  const tValue = plan.target.value;
  const { rows, cols } = plan.size;
  // A column of actuals without a baseline (the usual call): the direction's formula chosen once.
  if (cols === 1 && ok && base === null && aRows !== undefined) return scoreColumn(aRows, tRows, tValue, NO_BASELINE[d], bottom, top, slow);
  // Each cell is checked as it is read; the first that is not a finite number leaves the loop.
  const out: ResultCell[][] = new Array(rows);
  for (let r = 0; r < rows; r++) {
    const ar: unknown = aRows === undefined ? undefined : aRows[r];
    const tr: unknown = tRows === undefined ? undefined : tRows[r];
    const row: ResultCell[] = new Array(cols);
    for (let c = 0; c < cols; c++) {
      const a = aRows === undefined ? aValue : numberIn(ar, c, cols);
      const t = tRows === undefined ? tValue : numberIn(tr, c, cols);
      if (a !== a || t !== t) return undefined;
      if (ok) {
        const raw = rawScore(a, t, d, base);
        if (typeof raw === 'number') {
          const v = Math.max(bottom, top === null ? raw : Math.min(top, raw));
          if (v - v === 0) {
            row[c] = v;
            continue;
          }
        }
      }
      row[c] = slow(a, t);
    }
    out[r] = row;
  }
  return out;
}

export const kpiscore = defineFunction(
  {
    name: FN,
    description: {
      en: 'Achievement (completion rate) of a KPI: actual against target, by direction, clamped to cap and floor.',
      'zh-CN': 'KPI 完成率：按指标方向比较实际值与目标值，并限制在上限与下限之间。',
    },
    returns: 'range',
    params: [
      {
        name: 'actual',
        kind: 'perRow',
        title: { en: 'actual', 'zh-CN': '实际值' },
        description: {
          en: 'The actual result, or a column of them. A blank actual gives a blank.',
          'zh-CN': '实际完成值，可为一列。实际值为空时结果为空。',
        },
      },
      {
        name: 'target',
        kind: 'perRow',
        title: { en: 'target', 'zh-CN': '目标值' },
        description: { en: 'The target value.', 'zh-CN': '目标值。' },
      },
      {
        name: 'direction',
        kind: 'perRow',
        optional: true,
        title: { en: 'direction', 'zh-CN': '方向' },
        description: {
          en: '"higher" (default, 1), "lower" (-1), "lower_ratio" or "exact"; Chinese words such as 越低越好 too.',
          'zh-CN': '"higher"/正向/越高越好（默认，1）、"lower"/反向/越低越好（-1）、"lower_ratio"/反向比值 或 "exact"/越接近目标越好（适度）。',
        },
      },
      {
        name: 'cap',
        kind: 'perRow',
        optional: true,
        title: { en: 'cap', 'zh-CN': '上限' },
        description: { en: 'Highest achievement counted, e.g. 1.2. Blank: no cap.', 'zh-CN': '完成率上限，例如 1.2。为空表示不封顶。' },
      },
      {
        name: 'floor',
        kind: 'perRow',
        optional: true,
        title: { en: 'floor', 'zh-CN': '下限' },
        description: { en: 'Lowest achievement given. Default 0.', 'zh-CN': '完成率下限，默认 0。' },
      },
      {
        name: 'baseline',
        kind: 'perRow',
        optional: true,
        title: { en: 'baseline', 'zh-CN': '基线值' },
        description: {
          en: 'Starting value: achievement is (actual − baseline) / (target − baseline).',
          'zh-CN': '起点值：完成率 =（实际值 − 基线值）/（目标值 − 基线值）。',
        },
      },
    ],
    examples: [
      { args: [120, 100], result: 1.2 },
      { args: [80, 100, 'lower'], result: 1.2 },
      { args: [120, 100, 'lower'], result: 0.8 },
      { args: [-50, -50], result: 1 },
      { args: [0, -50], result: 2 },
      { args: [-100, -50], result: 0 },
      { args: [42, 45, undefined, undefined, undefined, 32], result: 10 / 13 },
      { args: [130, 100, undefined, 1.2], result: 1.2 },
      { args: [90, 100, 'exact'], result: 0.9 },
    ],
  },
  KPISCORE,
);
