/**
 * KPISCORE and WEIGHTED_SHARE read ranges of plain numbers without normalising each cell. These
 * properties hold that path to the general one: the same result bit for bit (-0, denormals, huge
 * values, errors and their messages, host error forms), and a fall back to the general path, with
 * its result, when one cell anywhere is not a finite number.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { KPISCORE, WEIGHTED_SHARE } from '../../core/index.js';
import { kpiscoreGeneral, kpiscoreNumbers } from '../../core/functions/kpiscore.js';
import { weightedShareGeneral, weightedShareNumbers } from '../../core/functions/weighted-share.js';
import { setHostAdapter } from '../../core/host.js';
import { setLocale } from '../../core/i18n.js';
import type { KpiError, Locale } from '../../core/types.js';

const RUNS = 400;

afterEach(() => {
  setHostAdapter({});
  setLocale('en');
});

/** Equal as values, numbers compared with Object.is (so -0 is not 0), errors by code and message. */
function same(a: unknown, b: unknown, where = 'result'): void {
  if (typeof a === 'number' || typeof b === 'number') {
    expect(Object.is(a, b), `${where}: ${String(a)} vs ${String(b)}`).toBe(true);
    return;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    expect(Array.isArray(a) && Array.isArray(b), where).toBe(true);
    const x = a as unknown[];
    const y = b as unknown[];
    expect(x.length, where).toBe(y.length);
    for (let i = 0; i < x.length; i++) same(x[i], y[i], `${where}[${i}]`);
    return;
  }
  expect(a, where).toEqual(b);
}

const SPECIAL = [-0, 0, 5e-324, -5e-324, 1e-310, -1e-310, 2.2250738585072014e-308, 1e308, -1e308, Number.MAX_VALUE, 1, -1, 100, 0.1 + 0.2];

/** Any finite number, with the awkward ones often. */
const finite = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.double({ min: -500, max: 500, noNaN: true }),
  fc.integer({ min: -300, max: 300 }),
  fc.constantFrom(...SPECIAL),
);
const nonNegative = fc.oneof(
  fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }),
  fc.double({ min: 0, max: 1000, noNaN: true }),
  fc.integer({ min: 0, max: 300 }),
  fc.constantFrom(...SPECIAL.filter((x) => !(x < 0))),
);

/** A block of numbers as a host passes a range: rows of one width, a column most often. */
function block(cell: fc.Arbitrary<number>, rows: number, cols: number): fc.Arbitrary<number[][]> {
  return fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows });
}
const shape = fc.record({
  rows: fc.integer({ min: 1, max: 30 }),
  cols: fc.oneof({ weight: 4, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: 2, max: 4 }) }),
}).filter((s) => s.rows * s.cols > 1);

/** A single value for an argument that is broadcast: a number, [[number]], or a setting cell. */
function scalar<T>(values: fc.Arbitrary<T>): fc.Arbitrary<T | T[][]> {
  return fc.oneof({ weight: 3, arbitrary: values }, { weight: 1, arbitrary: values.map((v) => [[v]]) });
}

const locale = fc.constantFrom<Locale>('en', 'zh-CN');

/** No host, or one that turns error cells into text inside ranges (as Sheets does) or tags them (as Excel does). */
type HostKind = 'none' | 'text' | 'object';
const hostKind = fc.constantFrom<HostKind>('none', 'text', 'object');
function useHost(kind: HostKind): void {
  if (kind === 'none') setHostAdapter({});
  else if (kind === 'text') setHostAdapter({ input: (v) => v, errorCell: (e: KpiError) => `${e.code} ${e.message}` });
  else setHostAdapter({ errorCell: (e: KpiError) => ({ host: true, code: e.code, message: e.message }) });
}

const directions = fc.constantFrom(undefined, null, '', 'higher', 'lower', 'lower_ratio', 'exact', 1, -1, '反向', '越接近目标越好', 'sideways', true);
const capCell = fc.oneof(fc.constantFrom(undefined, null, '', '120%', 'no', 1.2, 1, 0.5, -1, 0), finite);
const floorCell = fc.oneof(fc.constantFrom(undefined, null, '', '-50%', 'no', 0, 0.5, 2, -1), finite);
const baselineCell = fc.oneof(fc.constantFrom(undefined, null, '', 'x', 0, 50, -10), finite);

/** KPISCORE arguments whose actual and target are numbers: a block each, or one a single number. */
const scoreArgs = shape.chain(({ rows, cols }) =>
  fc.record({
    actual: fc.oneof({ weight: 4, arbitrary: block(finite, rows, cols) }, { weight: 1, arbitrary: scalar(finite) }),
    target: fc.oneof(
      { weight: 3, arbitrary: block(fc.oneof(finite, fc.constant(0)), rows, cols) },
      { weight: 1, arbitrary: scalar(fc.oneof(finite, fc.constant(0))) },
    ),
    direction: scalar(directions),
    cap: scalar(capCell),
    floor: scalar(floorCell),
    baseline: scalar(baselineCell),
    rows: fc.constant(rows),
    cols: fc.constant(cols),
  }),
).filter((a) => Array.isArray(a.actual) && (a.actual.length > 1 || a.actual[0]!.length > 1) || (Array.isArray(a.target) && (a.target.length > 1 || a.target[0]!.length > 1)));

/** Cells that are not finite numbers, each read differently by the general path. */
const notNumber = fc.constantFrom<unknown>(
  null,
  undefined,
  '',
  '  ',
  '85%',
  '１２０',
  'abc',
  '#N/A',
  true,
  false,
  NaN,
  Infinity,
  -Infinity,
  { code: '#N/A', message: 'lookup' },
  { code: '#NAME?', message: 'from the sheet' },
  new Date(0),
  [1],
);

/** Puts `cell` at one position of a block, or puts a value or a short row where a row was. */
function spoil(m: number[][], pos: number, cell: unknown, how: 'cell' | 'row' | 'short'): unknown[][] {
  const rows = m.map((r) => [...r]) as unknown[][];
  const cols = m[0]!.length;
  const r = Math.floor(pos / cols) % rows.length;
  // A row that is not an array (a value where the row should be); [1] there would be a row of numbers.
  if (how === 'row') rows[r] = (Array.isArray(cell) ? [cell] : cell) as unknown[];
  // A short row; a block of one row would just become a smaller block, so its cell is spoilt instead.
  else if (how === 'short' && rows.length > 1) rows[r] = cols === 1 ? [] : rows[r]!.slice(1);
  else rows[r]![pos % cols] = cell;
  return rows;
}

describe('KPISCORE over numbers', () => {
  it('gives the general result bit for bit, errors and host forms included', () => {
    fc.assert(
      fc.property(scoreArgs, hostKind, locale, (a, host, loc) => {
        setLocale(loc);
        useHost(host);
        const args = [a.actual, a.target, a.direction, a.cap, a.floor, a.baseline] as const;
        const fast = kpiscoreNumbers(...args);
        expect(fast, 'the numeric path takes a block of numbers').not.toBeUndefined();
        same(fast, kpiscoreGeneral(...args));
        same(KPISCORE(...args), fast);
      }),
      { numRuns: RUNS },
    );
  });

  it('leaves for the general path at the first cell that is not a finite number, wherever it is', () => {
    fc.assert(
      fc.property(
        scoreArgs.filter((a) => Array.isArray(a.actual) && Array.isArray(a.target) && a.target.length === a.actual.length && a.target[0]!.length === a.actual[0]!.length),
        fc.nat(),
        notNumber,
        fc.constantFrom<'cell' | 'row' | 'short'>('cell', 'cell', 'cell', 'row', 'short'),
        fc.boolean(),
        hostKind,
        (a, pos, cell, how, inActual, host) => {
          useHost(host);
          const actual = inActual ? spoil(a.actual as number[][], pos, cell, how) : a.actual;
          const target = inActual ? a.target : spoil(a.target as number[][], pos, cell, how);
          const args = [actual, target, a.direction, a.cap, a.floor, a.baseline] as const;
          expect(kpiscoreNumbers(...args)).toBeUndefined();
          same(KPISCORE(...args), kpiscoreGeneral(...args));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('hands no number to the host adapter and converts option cells once', () => {
    const seen: unknown[] = [];
    setHostAdapter({ input: (v) => (seen.push(v), v instanceof Date ? 1.5 : v) });
    const actual = [[120], [80], [-0], [5e-324]];
    expect(KPISCORE(actual, 100, 'lower', new Date(0))).toEqual(kpiscoreGeneral(actual, 100, 'lower', 1.5));
    expect(seen).toHaveLength(1);
    // A cell that sends the call to the general path: the cap is still converted only once.
    seen.length = 0;
    const mixed = [[120], [80], ['#N/A lookup']];
    const result = KPISCORE(mixed, 100, 'lower', new Date(0));
    expect(seen).toEqual([new Date(0), '#N/A lookup']);
    expect(result).toEqual(kpiscoreGeneral(mixed, 100, 'lower', 1.5));
  });

  it('keeps single values and other calls on the general path', () => {
    expect(kpiscoreNumbers(120, 100)).toBeUndefined();
    expect(kpiscoreNumbers([[120]], [[100]])).toBeUndefined();
    expect(kpiscoreNumbers([120, 80], 100)).toBeUndefined();
    expect(kpiscoreNumbers([[1], [2]], [[1], [2], [3]])).toBeUndefined();
    expect(kpiscoreNumbers([[1], [2]], 100, [['higher'], ['lower']])).toBeUndefined();
    expect(KPISCORE([[1], [2]], [[1], [2], [3]])).toEqual(kpiscoreGeneral([[1], [2]], [[1], [2], [3]]));
    expect(KPISCORE([[120], [80]], [[100], [0]])).toEqual([[1.2], [{ code: '#DIV/0!', message: 'KPISCORE: target is 0: give a baseline' }]]);
  });
});

const decimalsCell = fc.constantFrom<unknown>(undefined, null, '', 0, 2, 10, 11, -1, 2.5, '2', 'x', [[2]], [[1, 2]], { code: '#N/A', message: 'x' });

/** WEIGHTED_SHARE arguments whose total, weights and factors are non-negative numbers. */
const shareArgs = shape.chain(({ rows, cols }) =>
  fc.record({
    total: scalar(finite),
    weights: fc.oneof(
      { weight: 6, arbitrary: block(nonNegative, rows, cols) },
      { weight: 1, arbitrary: block(fc.constantFrom(0, -0), rows, cols) },
      { weight: 1, arbitrary: block(fc.constantFrom(1e308, Number.MAX_VALUE, 5e-324), rows, cols) },
    ),
    factors: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(undefined, null) },
      { weight: 1, arbitrary: scalar(nonNegative) },
      { weight: 2, arbitrary: block(nonNegative, rows, cols) },
    ),
    decimals: decimalsCell,
  }),
);

describe('WEIGHTED_SHARE over numbers', () => {
  it('gives the general result bit for bit, with and without decimals', () => {
    fc.assert(
      fc.property(shareArgs, hostKind, locale, (a, host, loc) => {
        setLocale(loc);
        useHost(host);
        const args = [a.total, a.weights, a.factors, a.decimals] as const;
        const fast = weightedShareNumbers(...args);
        expect(fast, 'the numeric path takes a block of numbers').not.toBeUndefined();
        same(fast, weightedShareGeneral(...args));
        same(WEIGHTED_SHARE(...args), fast);
      }),
      { numRuns: RUNS },
    );
  });

  it('leaves for the general path at the first weight or factor that is not a non-negative number', () => {
    fc.assert(
      fc.property(
        shareArgs.filter((a) => Array.isArray(a.factors) && a.factors.length === a.weights.length && a.factors[0]!.length === a.weights[0]!.length),
        fc.nat(),
        fc.oneof(notNumber, fc.constantFrom<unknown>(-1, -5e-324, -1e308)),
        fc.constantFrom<'cell' | 'row' | 'short'>('cell', 'cell', 'cell', 'row', 'short'),
        fc.boolean(),
        hostKind,
        (a, pos, cell, how, inWeights, host) => {
          useHost(host);
          const weights = inWeights ? spoil(a.weights, pos, cell, how) : a.weights;
          const factors = inWeights ? a.factors : spoil(a.factors as number[][], pos, cell, how);
          const args = [a.total, weights, factors, a.decimals] as const;
          expect(weightedShareNumbers(...args)).toBeUndefined();
          same(WEIGHTED_SHARE(...args), weightedShareGeneral(...args));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('keeps a total that is not a number, and single values, on the general path', () => {
    const w = [[1], [2], [3]];
    for (const total of ['100', null, [[1], [2]], NaN, Infinity, { code: '#N/A', message: 'x' }]) {
      expect(weightedShareNumbers(total, w)).toBeUndefined();
      same(WEIGHTED_SHARE(total, w), weightedShareGeneral(total, w));
    }
    expect(weightedShareNumbers(100, [[5]])).toBeUndefined();
    expect(weightedShareNumbers(100, [1, 2])).toBeUndefined();
    expect(WEIGHTED_SHARE(100, [[1], [1], [1]], undefined, 2)).toEqual([[33.34], [33.33], [33.33]]);
  });
});
