import { describe, expect, it } from 'vitest';
import { KPICURVE } from '../../core/functions/kpicurve.js';
import { col, err, errCell, errorOf, expectResult } from './helpers.js';

const CURVE = [
  [0.6, 0],
  [1, 1],
  [1.2, 1.5],
];
const SALES = [
  [620, 0.5],
  [1997, 1],
  [2400, 1.5],
  [3324, 2],
  [4000, 3],
];
const COST = [
  [120, 0],
  [100, 1],
  [80, 2],
];

describe('KPICURVE: examples from the contract', () => {
  it('follows the examples', () => {
    expectResult(KPICURVE(0.8, CURVE), 0.5);
    expectResult(KPICURVE(0.8, CURVE, 'step'), 0);
    expectResult(KPICURVE(1.1, CURVE, 'step'), 1);
    expectResult(KPICURVE(2, CURVE), 1.5);
    expectResult(KPICURVE(1313, SALES), ((1313 - 620) * 0.5) / (1997 - 620) + 0.5);
  });
});

describe('KPICURVE: linear', () => {
  it.each([
    [0.5, 0],
    [0.6, 0],
    [0.7, 0.25],
    [1, 1],
    [1.1, 1.25],
    [1.2, 1.5],
    [5, 1.5],
    [-1, 0],
  ])('actual %d pays %d', (a, expected) => {
    expectResult(KPICURVE(a, CURVE), expected);
  });
  it('pays 0 worse than the first point even where its pay is above 0', () => {
    expectResult(KPICURVE(619, SALES), 0);
    expectResult(KPICURVE(620, SALES), 0.5);
    expectResult(KPICURVE(0, SALES), 0);
  });
  it('interpolates between any two points', () => {
    expectResult(KPICURVE(2862, SALES), 1.75);
    expectResult(KPICURVE(3662, SALES), 2.5);
    expectResult(KPICURVE(4000, SALES), 3);
    expectResult(KPICURVE(99999, SALES), 3);
  });
  it('runs lower-is-better when x decreases', () => {
    expectResult(KPICURVE(130, COST), 0);
    expectResult(KPICURVE(120, COST), 0);
    expectResult(KPICURVE(110, COST), 0.5);
    expectResult(KPICURVE(100, COST), 1);
    expectResult(KPICURVE(90, COST), 1.5);
    expectResult(KPICURVE(50, COST), 2);
  });
  it('takes a two-point curve', () => {
    expectResult(KPICURVE(0.5, [[0, 0], [1, 100]]), 50);
  });
});

describe('KPICURVE: step', () => {
  it.each([
    [0.5, 0],
    [0.6, 0],
    [0.99, 0],
    [1, 1],
    [1.19, 1],
    [1.2, 1.5],
    [9, 1.5],
  ])('actual %d pays %d', (a, expected) => {
    expectResult(KPICURVE(a, CURVE, 'step'), expected);
  });
  it('pays the last point reached', () => {
    expectResult(KPICURVE(619, SALES, 'step'), 0);
    expectResult(KPICURVE(620, SALES, 'step'), 0.5);
    expectResult(KPICURVE(1313, SALES, 'step'), 0.5);
    expectResult(KPICURVE(1997, SALES, 'step'), 1);
    expectResult(KPICURVE(3500, SALES, 'step'), 2);
    expectResult(KPICURVE(4000, SALES, 'step'), 3);
    expectResult(KPICURVE(90, COST, 'step'), 1);
    expectResult(KPICURVE(121, COST, 'step'), 0);
  });
});

describe('KPICURVE: mode words', () => {
  it.each([
    ['linear', 0.5],
    ['LINEAR', 0.5],
    [' Linear ', 0.5],
    ['线性', 0.5],
    ['step', 0],
    ['STEP', 0],
    ['阶梯', 0],
    [null, 0.5],
    ['', 0.5],
    ['  ', 0.5],
  ])('mode %j', (mode, expected) => {
    expectResult(KPICURVE(0.8, CURVE, mode), expected);
  });
  it('an unknown mode is #VALUE! listing the options', () => {
    const e = errorOf(KPICURVE(0.8, CURVE, 'steps'));
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toContain('linear');
    expect(e.message).toContain('step');
    expectResult(KPICURVE(0.8, CURVE, 1), err('#VALUE!', 'linear'));
    expectResult(KPICURVE(0.8, CURVE, true), err('#VALUE!', 'mode'));
  });
});

describe('KPICURVE: reading the curve', () => {
  it('needs points in strict order', () => {
    const msg = 'curve points must be in order';
    expectResult(KPICURVE(0.8, [[0.6, 0], [1, 1], [0.9, 1.5]]), err('#NUM!', msg));
    expectResult(KPICURVE(0.8, [[0.6, 0], [0.6, 1]]), err('#NUM!', msg));
    expectResult(KPICURVE(0.8, [[0.6, 0], [1, 1], [1, 1.5]]), err('#NUM!', msg));
    expectResult(KPICURVE(0.8, [[120, 0], [100, 1], [110, 2]]), err('#NUM!', msg));
  });
  it('needs at least 2 points', () => {
    expectResult(KPICURVE(0.8, [[0.6, 0]]), err('#NUM!'));
    expectResult(KPICURVE(0.8, [[0.6, 0], [null, null], [1, 1]]), err('#NUM!'));
    expectResult(KPICURVE(0.8, [[null, null], [0.6, 0], [1, 1]]), err('#NUM!'));
  });
  it('ends the curve at a blank row', () => {
    const curve = [[0.6, 0], [1, 1], [null, null], [1.2, 1.5]];
    expectResult(KPICURVE(2, curve), 1);
    expectResult(KPICURVE(0.8, curve), 0.5);
    expectResult(KPICURVE(2, [[0.6, 0], [1, 1], ['', '  '], [1.2, 1.5]]), 1);
    expectResult(KPICURVE(2, [[0.6, 0], [1, 1], [null, null], ['abc', 'x']]), 1);
    expectResult(KPICURVE(2, [[0.6, 0], [1, 1], [null, null], [0.5, null]]), 1);
  });
  it('a row with only one of x and pay is #VALUE!', () => {
    expectResult(KPICURVE(0.8, [[0.6, 0], [1, null], [1.2, 1.5]]), err('#VALUE!'));
    expectResult(KPICURVE(0.8, [[0.6, 0], [null, 1], [1.2, 1.5]]), err('#VALUE!'));
    expectResult(KPICURVE(0.8, [[0.6, 0], [1, 1], [1.2, '  ']]), err('#VALUE!'));
    expectResult(KPICURVE(0.8, [[0.6, 0], [1, 1], [1.2]]), err('#VALUE!'));
  });
  it('text that is not a number inside the curve is #VALUE!', () => {
    expectResult(KPICURVE(0.8, [[0.6, 0], ['abc', 1], [1.2, 1.5]]), err('#VALUE!'));
    expectResult(KPICURVE(0.8, [[0.6, 0], [1, '1,000'], [1.2, 1.5]]), err('#VALUE!'));
    expectResult(KPICURVE(0.8, [[0.6, 0], [1, true], [1.2, 1.5]]), err('#VALUE!'));
  });
  it('reads numbers typed as text', () => {
    expectResult(KPICURVE(0.8, [['60%', '0'], ['100%', ' 1 '], ['１２０％', '1.5']]), 0.5);
  });
  it('ignores columns after the second', () => {
    const curve = [
      [0.6, 0, 'threshold', 99],
      [1, 1, 'target', true],
      [1.2, 1.5, null, 'x'],
    ];
    expectResult(KPICURVE(0.8, curve), 0.5);
    expectResult(KPICURVE(2, curve), 1.5);
    expectResult(KPICURVE(2, [[0.6, 0, 'a'], [1, 1, 'b'], [null, null, 'c'], [1.2, 1.5, 'd']]), 1);
  });
  it('ignores error cells after the second column and after the blank row', () => {
    const curve = [
      [0.6, 0, errCell('#N/A')],
      [1, 1, errCell('#REF!')],
      [null, null],
      [errCell('#DIV/0!'), 2],
    ];
    expectResult(KPICURVE(0.8, curve), 0.5);
    expectResult(KPICURVE(3, curve), 1);
  });
  it('an error in the curve makes the whole result that error', () => {
    const curve = [[0.6, 0], [1, errCell('#N/A', 'lookup failed')], [1.2, 1.5]];
    expectResult(KPICURVE(0.8, curve), err('#N/A', 'lookup failed'));
    expectResult(KPICURVE(col(0.8, 1, 2), curve), err('#N/A'));
    expectResult(KPICURVE(col(0.8, 1, 2), [[0.6, 0], [0.6, 1]]), err('#NUM!'));
    expectResult(KPICURVE(col(0.8, 1, 2), [[0.6, 0], ['x', 1]]), err('#VALUE!'));
    expectResult(KPICURVE(col(0.8, 1), errCell('#REF!')), err('#REF!'));
  });
  it('a missing or blank curve is an error', () => {
    errorOf(KPICURVE(0.8));
    errorOf(KPICURVE(0.8, null));
    errorOf(KPICURVE(0.8, []));
  });
});

describe('KPICURVE: comparison with ROUND(actual, 10)', () => {
  it('float noise below a point counts as at the point', () => {
    expect(0.1 + 0.7).toBeLessThan(0.8);
    const curve = [[0.8, 0.5], [1, 1]];
    expectResult(KPICURVE(0.1 + 0.7, curve), 0.5);
    expectResult(KPICURVE(0.1 + 0.7, curve, 'step'), 0.5);
    expectResult(KPICURVE(1 - 1e-12, curve, 'step'), 1);
    expectResult(KPICURVE(0.8 - 1e-9, curve), 0);
  });
  it('interpolates with the value as it is', () => {
    const a = 0.70000000000004;
    const r = KPICURVE(a, [[0.6, 0], [1, 4e9]]) as number;
    expect(Math.abs(r - ((a - 0.6) * 4e9) / 0.4)).toBeLessThan(1e-6);
    expect(Math.abs(r - 1e9)).toBeGreaterThan(1e-5);
  });
});

describe('KPICURVE: actual', () => {
  it.each([null, undefined, '', '   ', []])('a blank actual %j gives ""', (a) => {
    expectResult(KPICURVE(a, CURVE), '');
  });
  it('reads numbers typed as text', () => {
    expectResult(KPICURVE('80%', CURVE), 0.5);
    expectResult(KPICURVE('８０％', CURVE), 0.5);
    expectResult(KPICURVE(' 8e-1 ', CURVE), 0.5);
  });
  it('rejects other text and booleans naming actual', () => {
    expectResult(KPICURVE('abc', CURVE), err('#VALUE!', 'KPICURVE: actual must be a number, got "abc"'));
    expectResult(KPICURVE('¥85', CURVE), err('#VALUE!', 'actual'));
    expectResult(KPICURVE(true, CURVE), err('#VALUE!', 'actual'));
  });
  it('passes input errors into the matching cell', () => {
    expectResult(KPICURVE(errCell('#DIV/0!'), CURVE), err('#DIV/0!'));
    expectResult(KPICURVE(col(0.8, errCell('#N/A'), 'x', null, 2), CURVE), [
      [0.5],
      [err('#N/A')],
      [err('#VALUE!', 'actual')],
      [''],
      [1.5],
    ]);
  });
  it('checks actual before mode', () => {
    expectResult(KPICURVE('x', CURVE, 'bad'), err('#VALUE!', 'actual'));
    expectResult(KPICURVE(null, CURVE, 'bad'), '');
    expectResult(KPICURVE(0.8, CURVE, errCell('#REF!')), err('#REF!'));
  });
});

describe('KPICURVE: broadcasting', () => {
  it('a column of actuals gives a column of pays', () => {
    expectResult(KPICURVE(col(0.5, 0.8, 1.1, 2, null), CURVE), [[0], [0.5], [1.25], [1.5], ['']]);
    expectResult(KPICURVE([0.8, 1.1], CURVE), [[0.5], [1.25]]);
  });
  it('a column of modes', () => {
    expectResult(KPICURVE(col(0.8, 0.8), CURVE, col('linear', 'step')), [[0.5], [0]]);
    expectResult(KPICURVE(0.8, CURVE, col('linear', 'step')), [[0.5], [0]]);
  });
  it('2-D actuals', () => {
    expectResult(
      KPICURVE(
        [
          [0.8, 1.1],
          [0.2, 3],
        ],
        CURVE,
      ),
      [
        [0.5, 1.25],
        [0, 1.5],
      ],
    );
  });
  it('the curve does not broadcast: one value for one actual', () => {
    expectResult(KPICURVE(0.8, CURVE), 0.5);
    expectResult(KPICURVE([[0.8]], CURVE), 0.5);
  });
  it('different sizes are #VALUE!', () => {
    expectResult(
      KPICURVE(col(1, 2, 3), CURVE, col('step', 'step', 'step', 'step')),
      err('#VALUE!', 'ranges must have the same size (3x1 and 4x1)'),
    );
  });
});

describe('KPICURVE: never NaN or ±Infinity', () => {
  it('non-finite values give an error', () => {
    errorOf(KPICURVE(NaN, CURVE));
    errorOf(KPICURVE(Infinity, CURVE));
    errorOf(KPICURVE(0.8, [[0.6, 0], [Infinity, 1]]));
  });
  it('far beyond the last point pays the last pay', () => {
    expectResult(KPICURVE(1e300, CURVE), 1.5);
    expectResult(KPICURVE(-1e300, COST), 2);
  });
});
