import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, FUNCTIONS, KPIRATING, KPISCORE, WEIGHTED_SHARE, isKpiError } from '../../core/index.js';
import type { FunctionDef } from '../../core/index.js';
import { splitUnits } from '../../core/functions/weighted-share.js';

const RUNS = 1500;

const numberLike = fc.oneof(
  fc.double(),
  fc.integer({ min: -20, max: 20 }),
  fc.double({ min: -2, max: 2, noNaN: true }),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 1, -1, 1e308, -1e308, 5e-324, 2 ** 53, 0.1 + 0.7, 100.005),
);

const words = fc.constantFrom(
  '85',
  '85%',
  '８５％',
  ' 1e2 ',
  '-1',
  '1',
  '0',
  '1,000',
  '¥85',
  'abc',
  '',
  '   ',
  '\u3000',
  'higher',
  'LOWER',
  'lower_ratio',
  'exact',
  '反向',
  '越高越好',
  'linear',
  'step',
  '阶梯',
  'skip',
  'zero',
  '按零计',
  'manager',
  'peers',
  'self',
  '上级',
  '同事',
  'customer',
  'Vendor',
  'Infinity',
  'NaN',
  '1e999',
  '-0',
  '.5',
);

const textLike = fc.oneof(
  words,
  fc.string(),
  fc.double().map(String),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => `${x * 100}%`),
  fc.integer({ min: 0, max: 999 }).map((n) =>
    String(n).replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)),
  ),
);

const errorObject = fc.oneof(
  fc.record({ code: fc.constantFrom(...ERROR_CODES), message: fc.string() }),
  fc.record({ code: fc.constantFrom(...ERROR_CODES) }),
  fc.record({ code: fc.constantFrom(...ERROR_CODES), message: fc.anything() }),
  fc.record({ code: fc.constantFrom('#FOO', '#NULL!', 'VALUE', 42), message: fc.string() }),
);

const oddValue = fc.oneof(
  fc.object(),
  fc.bigInt(),
  fc.string().map((s) => Symbol(s)),
  fc.constantFrom(
    () => 1,
    function named() {
      return 0;
    },
    new Date(0),
    new Date(NaN),
    new Map(),
    /x/,
    Object.create(null) as object,
    new Number(5),
    new String('85'),
  ),
);

const scalar: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: numberLike },
  { weight: 3, arbitrary: textLike },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 2, arbitrary: fc.constantFrom(null, undefined) },
  { weight: 1, arbitrary: errorObject },
  { weight: 1, arbitrary: oddValue },
);

const row = fc.array(scalar, { maxLength: 4 });
const anyArg: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: scalar },
  { weight: 2, arbitrary: fc.array(scalar, { maxLength: 5 }) },
  { weight: 2, arbitrary: fc.array(row, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.constantFrom([], [[]], [[], []], [null], [[null]]) },
  { weight: 1, arbitrary: fc.array(fc.oneof(scalar, row), { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.array(fc.array(row, { maxLength: 2 }), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.sparseArray(scalar, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.array(fc.sparseArray(scalar, { maxLength: 3 }), { maxLength: 3 }) },
);

/** The same shapes, filled with values that mostly compute: finite numbers, blanks, words. */
const sensibleScalar: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -200, max: 200, noNaN: true }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 10 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, '', 0, 1, 2) },
  { weight: 1, arbitrary: words },
);
const sensibleArg: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: sensibleScalar },
  { weight: 2, arbitrary: fc.array(sensibleScalar, { minLength: 1, maxLength: 4 }) },
  { weight: 1, arbitrary: fc.array(fc.array(sensibleScalar, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 5 }) },
);

const CODES = new Set<string>(ERROR_CODES);

function checkCell(v: unknown): void {
  switch (typeof v) {
    case 'number':
      expect(Number.isFinite(v), `number ${v}`).toBe(true);
      return;
    case 'string':
    case 'boolean':
      return;
    default:
      expect(isKpiError(v), `cell ${String(v)}`).toBe(true);
      expect(CODES.has((v as { code: string }).code)).toBe(true);
      expect(typeof (v as { message: unknown }).message).toBe('string');
  }
}

/** Rows x columns of an argument as the contract reads it (1-D is a column, ragged rows padded). */
function shapeOf(v: unknown): [number, number] {
  if (!Array.isArray(v) || v.length === 0) return [1, 1];
  let nested = false;
  let width = 1;
  for (let i = 0; i < v.length; i++) {
    const r: unknown = v[i];
    if (Array.isArray(r)) {
      nested = true;
      width = Math.max(width, r.length);
    }
  }
  return [v.length, nested ? width : 1];
}

/** The broadcast shape of the per-row arguments, or null when they do not fit together. */
function broadcastShape(f: FunctionDef, args: unknown[]): [number, number] | null {
  let size: [number, number] = [1, 1];
  f.params.forEach((p, i) => {
    if (p.kind !== 'perRow' || size === null) return;
    let s = shapeOf(args[i]);
    if (f.name === 'WEIGHTED_SHARE' && p.name === 'factors' && isBlankArg(args[i])) s = [1, 1];
    if (s[0] === 1 && s[1] === 1) return;
    if (size[0] === 1 && size[1] === 1) size = s;
    else if (size[0] !== s[0] || size[1] !== s[1]) size = null as unknown as [number, number];
  });
  return size;
}

function isBlankArg(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') return v.trim() === '';
  if (Array.isArray(v)) return v.length === 0 || (v.length === 1 && isBlankArg(Array.isArray(v[0]) ? v[0][0] : v[0]) && (!Array.isArray(v[0]) || v[0].length <= 1));
  return false;
}

function checkCall(f: FunctionDef, args: unknown[]): void {
  let result: unknown;
  expect(() => {
    result = f.impl(...args);
  }).not.toThrow();
  if (Array.isArray(result)) {
    expect(f.returns).toBe('range');
    const shape = broadcastShape(f, args);
    expect(shape, 'an array result needs fitting ranges').not.toBeNull();
    const [rows, cols] = shape!;
    expect(rows * cols, 'an array result needs a range larger than 1x1').toBeGreaterThan(1);
    expect(result.length).toBe(rows);
    for (const r of result as unknown[]) {
      expect(Array.isArray(r)).toBe(true);
      expect((r as unknown[]).length).toBe(cols);
      for (const c of r as unknown[]) checkCell(c);
    }
  } else {
    checkCell(result);
    const shape = broadcastShape(f, args);
    if (f.returns === 'range' && shape !== null && shape[0] * shape[1] > 1) {
      expect(isKpiError(result), 'a single value for a range argument must be a whole-call error').toBe(true);
    }
  }
}

describe('properties: any input', () => {
  for (const f of FUNCTIONS) {
    it(`${f.name} never throws, never gives NaN or ±Infinity, and spills the broadcast shape`, () => {
      fc.assert(
        fc.property(fc.array(anyArg, { minLength: 0, maxLength: f.params.length + 1 }), (args) => {
          checkCall(f, args);
        }),
        { numRuns: RUNS },
      );
    });
    it(`${f.name} on mostly valid values`, () => {
      fc.assert(
        fc.property(fc.array(sensibleArg, { minLength: f.params.length, maxLength: f.params.length }), (args) => {
          checkCall(f, args);
        }),
        { numRuns: RUNS },
      );
    });
  }
  it('a mismatch of sizes is #VALUE!', () => {
    for (const f of FUNCTIONS) {
      const perRow = f.params.map((p, i) => [p, i] as const).filter(([p]) => p.kind === 'perRow');
      if (perRow.length < 2) continue;
      const args: unknown[] = f.params.map(() => undefined);
      args[perRow[0]![1]] = [1, 2, 3];
      args[perRow[1]![1]] = [1, 2, 3, 4];
      if (f.name === 'KPICURVE') args[1] = [[0, 0], [1, 1]];
      const r = f.impl(...args);
      expect(isKpiError(r), f.name).toBe(true);
      expect((r as { code: string }).code, f.name).toBe('#VALUE!');
    }
  });
});

/** ROUND(|total|, d) in whole units of 10^-d, on the 15 significant digits shown, in BigInt. */
function roundedUnits(total: number, d: number): bigint {
  const [mant, exp] = Math.abs(total).toExponential(14).split('e') as [string, string];
  const m = BigInt(mant.replace('.', ''));
  const k = Number(exp) - 14 + d;
  if (k >= 0) return m * 10n ** BigInt(k);
  const div = 10n ** BigInt(-k);
  const q = m / div;
  return 2n * (m % div) >= div ? q + 1n : q;
}

const weightCell = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: 0, max: 1e6, noNaN: true }) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, '', 0, 1e-9, 1e300) },
);

describe('properties: WEIGHTED_SHARE', () => {
  it('with decimals, the shares add up exactly to the rounded total, each within one unit of its quota', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 }),
        fc.oneof(
          fc.double({ min: -1e5, max: 1e5, noNaN: true }),
          fc.integer({ min: -1e6, max: 1e6 }),
          fc.integer({ min: -1e7, max: 1e7 }).map((c) => c / 100),
          fc.constantFrom(100.005, 1.005, 0.285, -2.5, 0.5, 1e-7, 0),
        ),
        fc.array(weightCell, { minLength: 1, maxLength: 12 }),
        fc.option(fc.array(weightCell, { minLength: 1, maxLength: 12 }), { nil: undefined }),
        (d, total, weights, factorsRaw) => {
          let factors = factorsRaw === undefined ? undefined : weights.map((_, i) => factorsRaw[i % factorsRaw.length]);
          // One blank cell for factors is the omitted argument: f = 1.
          if (factors?.length === 1 && (factors[0] === null || factors[0] === '')) factors = undefined;
          const parts = weights.map((w, i) => {
            const f = factors === undefined ? 1 : factors[i];
            return w === null || w === '' || f === null || f === '' ? null : (w as number) * (f as number);
          });
          const filled = parts.filter((p): p is number => p !== null);
          const sum = filled.reduce((a, b) => a + b, 0);
          const r = WEIGHTED_SHARE(total, weights, factors, d);
          if (filled.length === 0) {
            const cells = Array.isArray(r) ? r.flat() : [r];
            expect(cells.every((c) => c === '')).toBe(true);
            return;
          }
          if (sum === 0) {
            expect(r).toMatchObject({ code: '#DIV/0!' });
            return;
          }
          if (!Number.isFinite(sum)) {
            expect(isKpiError(r)).toBe(true);
            return;
          }
          const units = roundedUnits(total, d);
          if (units > BigInt(Number.MAX_SAFE_INTEGER)) {
            expect(r).toMatchObject({ code: '#NUM!' });
            return;
          }
          // A share of more than 15 significant digits cannot be shown exactly in a cell.
          if (units > 10n ** 15n) return;
          const cells = (Array.isArray(r) ? r.flat() : [r]) as unknown[];
          expect(cells.length).toBe(weights.length);
          const scale = 10 ** d;
          let given = 0n;
          cells.forEach((c, i) => {
            if (parts[i] === null) {
              expect(c).toBe('');
              return;
            }
            expect(typeof c).toBe('number');
            const u = Math.round((c as number) * scale);
            expect(Math.abs((c as number) * scale - u)).toBeLessThan(1e-6 * Math.max(1, Math.abs(u)));
            if (total > 0) expect(c as number).toBeGreaterThanOrEqual(0);
            if (total < 0) expect(c as number).toBeLessThanOrEqual(0);
            expect(Object.is(c, -0)).toBe(false);
            const quota = Number(units) * (parts[i]! / sum);
            expect(Math.abs(Math.abs(u) - quota)).toBeLessThan(1 + 1e-6 * Math.max(1, quota));
            given += BigInt(Math.abs(u));
          });
          expect(given).toBe(units);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('splitUnits hands out exactly the units, up to the largest safe integer', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })),
        fc.array(fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 9 })), {
          minLength: 1,
          maxLength: 12,
        }),
        (units, parts) => {
          const sum = parts.reduce((a, b) => a + b, 0);
          fc.pre(sum > 0);
          const split = splitUnits(units, parts, sum);
          expect(split.reduce((a, b) => a + b, 0)).toBe(units);
          split.forEach((u, i) => {
            expect(Number.isInteger(u)).toBe(true);
            expect(u).toBeGreaterThanOrEqual(0);
            const quota = units * (parts[i]! / sum);
            expect(Math.abs(u - quota)).toBeLessThan(1 + 1e-15 * units);
          });
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('without decimals, the shares are proportional and add up to the total', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        fc.array(weightCell, { minLength: 1, maxLength: 12 }),
        (total, weights) => {
          const parts = weights.map((w) => (w === null || w === '' ? null : (w as number)));
          const sum = parts.reduce<number>((a, b) => a + (b ?? 0), 0);
          const r = WEIGHTED_SHARE(total, weights);
          if (parts.every((p) => p === null)) return;
          if (sum === 0) {
            expect(r).toMatchObject({ code: '#DIV/0!' });
            return;
          }
          const cells = (Array.isArray(r) ? r.flat() : [r]) as unknown[];
          let acc = 0;
          cells.forEach((c, i) => {
            if (parts[i] === null) {
              expect(c).toBe('');
              return;
            }
            expect(typeof c).toBe('number');
            const expected = total * (parts[i]! / sum);
            expect(Math.abs((c as number) - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(total)));
            acc += c as number;
          });
          expect(Math.abs(acc - total)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(total)));
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('properties: KPISCORE', () => {
  const value = fc.oneof(
    fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    fc.integer({ min: -1000, max: 1000 }),
  );
  const target = value.filter((t) => Math.abs(t) >= 1e-3);
  it('higher + lower = 2 for every nonzero target (no clamping)', () => {
    fc.assert(
      fc.property(value, target, (a, t) => {
        const hi = KPISCORE(a, t, 'higher', null, -1e300);
        const lo = KPISCORE(a, t, 'lower', null, -1e300);
        expect(typeof hi).toBe('number');
        expect(typeof lo).toBe('number');
        const h = hi as number;
        const l = lo as number;
        expect(Math.abs(h + l - 2)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(h), Math.abs(l)));
        expect(Math.abs(h - (1 + (a - t) / Math.abs(t)))).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(h)));
      }),
      { numRuns: 3000 },
    );
  });
  it('the result lies between floor and cap', () => {
    fc.assert(
      fc.property(
        value,
        target,
        fc.constantFrom('higher', 'lower', 'exact', 'lower_ratio'),
        fc.double({ min: -10, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        (a, t, dir, floor, span) => {
          const r = KPISCORE(a, t, dir, floor + span, floor);
          if (isKpiError(r)) {
            expect(dir).toBe('lower_ratio');
            return;
          }
          expect(r as number).toBeGreaterThanOrEqual(floor);
          expect(r as number).toBeLessThanOrEqual(floor + span);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('properties: KPIRATING', () => {
  const RANK: Record<string, number> = { D: 0, C: 1, B: 2, A: 3, S: 4 };
  it('is monotone in score with the default bands', () => {
    const score = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.double({ min: 0.5, max: 1.3, noNaN: true }),
      fc.constantFrom(0.6, 0.8, 1, 1.2, 0.1 + 0.7, 0.8 - 1e-12, 0.8 - 1e-9),
    );
    fc.assert(
      fc.property(score, score, (x, y) => {
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        const g1 = KPIRATING(lo) as string;
        const g2 = KPIRATING(hi) as string;
        expect(RANK[g1]).toBeDefined();
        expect(RANK[g2]).toBeDefined();
        expect(RANK[g1]!).toBeLessThanOrEqual(RANK[g2]!);
        expect(KPIRATING(lo, null, 3) as number).toBeLessThanOrEqual(KPIRATING(hi, null, 3) as number);
      }),
      { numRuns: 3000 },
    );
  });
});
