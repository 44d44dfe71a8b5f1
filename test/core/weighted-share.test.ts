import { describe, expect, it } from 'vitest';
import { WEIGHTED_SHARE } from '../../core/functions/weighted-share.js';
import { col, err, errCell, errorOf, expectResult } from './helpers.js';

describe('WEIGHTED_SHARE: examples from the contract', () => {
  it('WEIGHTED_SHARE(50000, {1.8;1.5;1.5;1.5;1.2})', () => {
    expectResult(WEIGHTED_SHARE(50000, [1.8, 1.5, 1.5, 1.5, 1.2]), [[12000], [10000], [10000], [10000], [8000]]);
  });
  it('WEIGHTED_SHARE(100, {1;1;1}, , 2)', () => {
    expectResult(WEIGHTED_SHARE(100, [1, 1, 1], undefined, 2), [[33.34], [33.33], [33.33]]);
  });
});

describe('WEIGHTED_SHARE: proportional split', () => {
  it('splits by weight', () => {
    expectResult(WEIGHTED_SHARE(1000, col(1, 3)), [[250], [750]]);
    expectResult(WEIGHTED_SHARE(100, col(1, 1, 1)), [[100 / 3], [100 / 3], [100 / 3]]);
    expectResult(WEIGHTED_SHARE(1, col(0, 1)), [[0], [1]]);
  });
  it('splits by weight × factor', () => {
    expectResult(WEIGHTED_SHARE(1000, col(100, 200), col(1.5, 0.5)), [[600], [400]]);
    expectResult(WEIGHTED_SHARE(1000, col(8000, 10000, 12000), col(1.2, 1, 0.5)), [
      [(1000 * 9600) / 25600],
      [(1000 * 10000) / 25600],
      [(1000 * 6000) / 25600],
    ]);
  });
  it('a 1x1 factor is repeated', () => {
    expectResult(WEIGHTED_SHARE(1000, col(1, 3), 2), [[250], [750]]);
  });
  it.each([null, undefined, '', []])('blank factors %j are 1', (factors) => {
    expectResult(WEIGHTED_SHARE(1000, col(1, 3), factors), [[250], [750]]);
  });
  it('the result has the shape of weights', () => {
    expectResult(
      WEIGHTED_SHARE(100, [
        [1, 1],
        [1, 2],
      ]),
      [
        [20, 20],
        [20, 40],
      ],
    );
    expectResult(WEIGHTED_SHARE(100, [[1, 3]]), [[25, 75]]);
    expectResult(WEIGHTED_SHARE(100, 7), 100);
    expectResult(WEIGHTED_SHARE(100, [[7]]), 100);
  });
  it('a negative total is split like its absolute value, then negated', () => {
    expectResult(WEIGHTED_SHARE(-1000, col(1, 3)), [[-250], [-750]]);
    expectResult(WEIGHTED_SHARE(-100, col(1, 1, 1), null, 2), [[-33.34], [-33.33], [-33.33]]);
    expectResult(WEIGHTED_SHARE(-10, col(1, 1, 1), null, 0), [[-4], [-3], [-3]]);
  });
  it('reads numbers typed as text', () => {
    expectResult(WEIGHTED_SHARE('1000', col('1', '３'), col('100%', ' 1 ')), [[250], [750]]);
    expectResult(WEIGHTED_SHARE(' 1e3 ', col(1, 3), null, '0'), [[250], [750]]);
  });
});

describe('WEIGHTED_SHARE: blanks', () => {
  it('a blank weight or factor: that row gets "" and is left out', () => {
    expectResult(WEIGHTED_SHARE(100, col(1, null, 3)), [[25], [''], [75]]);
    expectResult(WEIGHTED_SHARE(100, col(1, '  ', 3)), [[25], [''], [75]]);
    expectResult(WEIGHTED_SHARE(100, col(1, 1, 3), col(1, null, 1)), [[25], [''], [75]]);
    expectResult(WEIGHTED_SHARE(100, col(1, null, 3), null, 2), [[25], [''], [75]]);
  });
  it('every row blank: every share ""', () => {
    expectResult(WEIGHTED_SHARE(100, col(null, null, null)), [[''], [''], ['']]);
    expectResult(WEIGHTED_SHARE(100, col(1, 1), col(null, '')), [[''], ['']]);
    expectResult(WEIGHTED_SHARE(100, col(null, null), null, 2), [[''], ['']]);
  });
  it.each([null, undefined, '', '  '])('a blank total %j is #VALUE!', (total) => {
    expectResult(WEIGHTED_SHARE(total, col(1, 1)), err('#VALUE!', 'total'));
  });
  it.each([null, undefined, ''])('blank decimals %j do not round', (d) => {
    expectResult(WEIGHTED_SHARE(100, col(1, 1, 1), null, d), [[100 / 3], [100 / 3], [100 / 3]]);
  });
});

describe('WEIGHTED_SHARE: coupled rows give one error', () => {
  it('an error cell anywhere', () => {
    expectResult(WEIGHTED_SHARE(100, col(1, errCell('#N/A', 'missing'), 3)), err('#N/A', 'missing'));
    expectResult(WEIGHTED_SHARE(100, col(1, 1, 3), col(1, errCell('#REF!'), 1)), err('#REF!'));
    expectResult(WEIGHTED_SHARE(errCell('#DIV/0!'), col(1, 1)), err('#DIV/0!'));
    expectResult(WEIGHTED_SHARE(100, col(1, 1), null, errCell('#NUM!')), err('#NUM!'));
  });
  it('text in any row is #VALUE!', () => {
    expectResult(WEIGHTED_SHARE(100, col(1, 'abc', 3)), err('#VALUE!', 'weights'));
    expectResult(WEIGHTED_SHARE(100, col(1, 1, 3), col(1, '1,5', 1)), err('#VALUE!', 'factors'));
    expectResult(WEIGHTED_SHARE(100, col(1, true)), err('#VALUE!', 'weights'));
  });
  it('a negative value in any row is #NUM!', () => {
    expectResult(WEIGHTED_SHARE(100, col(1, -1, 3)), err('#NUM!'));
    expectResult(WEIGHTED_SHARE(100, col(1, 1, 3), col(1, -0.5, 1)), err('#NUM!'));
    expectResult(WEIGHTED_SHARE(100, col(1, -1, 3), null, 2), err('#NUM!'));
  });
  it('Σ = 0 is #DIV/0!', () => {
    expectResult(WEIGHTED_SHARE(100, col(0, 0)), err('#DIV/0!'));
    expectResult(WEIGHTED_SHARE(100, col(1, 2), col(0, 0)), err('#DIV/0!'));
    expectResult(WEIGHTED_SHARE(100, col(0, null), null, 2), err('#DIV/0!'));
  });
  it('text or a boolean total is #VALUE!', () => {
    expectResult(WEIGHTED_SHARE('abc', col(1, 1)), err('#VALUE!', 'WEIGHTED_SHARE: total must be a number, got "abc"'));
    expectResult(WEIGHTED_SHARE('¥100', col(1, 1)), err('#VALUE!', 'total'));
    expectResult(WEIGHTED_SHARE(true, col(1, 1)), err('#VALUE!', 'total'));
  });
  it('total and decimals do not broadcast', () => {
    errorOf(WEIGHTED_SHARE(col(100, 200), col(1, 1)));
    errorOf(WEIGHTED_SHARE(100, col(1, 1), null, col(1, 2)));
  });
  it('different sizes of weights and factors are #VALUE!', () => {
    expectResult(
      WEIGHTED_SHARE(100, col(1, 1, 1), col(1, 1, 1, 1)),
      err('#VALUE!', 'ranges must have the same size (3x1 and 4x1)'),
    );
  });
});

describe('WEIGHTED_SHARE: decimals (largest remainder)', () => {
  it('hands the remainder to the largest remainders first', () => {
    expectResult(WEIGHTED_SHARE(1, col(1, 2, 3), null, 0), [[0], [0], [1]]);
    expectResult(WEIGHTED_SHARE(10, col(1, 1, 1), null, 0), [[4], [3], [3]]);
    expectResult(WEIGHTED_SHARE(100, col(1, 2, 4), null, 0), [[14], [29], [57]]);
    expectResult(WEIGHTED_SHARE(100, col(1, 1, 1, 1, 1, 1), null, 1), [[16.7], [16.7], [16.7], [16.7], [16.6], [16.6]]);
  });
  it('equal remainders: the earlier row first', () => {
    expectResult(WEIGHTED_SHARE(1, col(2, 1, 2), null, 0), [[1], [0], [0]]);
    expectResult(WEIGHTED_SHARE(2, col(1, 1, 1), null, 0), [[1], [1], [0]]);
    expectResult(WEIGHTED_SHARE(1, col(1, null, 1), null, 0), [[1], [''], [0]]);
    expectResult(WEIGHTED_SHARE(0.01, col(1, 1, 1, 1), null, 2), [[0.01], [0], [0], [0]]);
  });
  it('rounds the total as ROUND does: 100.005 gives 100.01', () => {
    expectResult(WEIGHTED_SHARE(100.005, [[1], [null]], null, 2), [[100.01], ['']]);
    expectResult(WEIGHTED_SHARE(100.005, 1, null, 2), 100.01);
    expectResult(WEIGHTED_SHARE(100.005, col(1, 1), null, 2), [[50.01], [50]]);
    expectResult(WEIGHTED_SHARE(1.005, col(1, 1), null, 2), [[0.51], [0.5]]);
    expectResult(WEIGHTED_SHARE(-100.005, col(1, 1), null, 2), [[-50.01], [-50]]);
    expectResult(WEIGHTED_SHARE(2.5, 1, null, 0), 3);
    expectResult(WEIGHTED_SHARE(-2.5, 1, null, 0), -3);
  });
  it('shares add up exactly to the rounded total', () => {
    const shares = WEIGHTED_SHARE(1000000, col(3, 7, 11, 13, 17, 19, 23), null, 2) as number[][];
    const cents = shares.reduce((s, [x]) => s + Math.round(x! * 100), 0);
    expect(cents).toBe(100000000);
    for (const [x] of shares) expect(Math.round(x! * 100) / 100).toBe(x);
    const tenths = WEIGHTED_SHARE(0.3, col(1, 1, 1), null, 1);
    expectResult(tenths, [[0.1], [0.1], [0.1]]);
  });
  it('decimals 0 and 10 are accepted', () => {
    expectResult(WEIGHTED_SHARE(7, col(1, 1), null, 0), [[4], [3]]);
    expectResult(WEIGHTED_SHARE(1, col(1, 1, 1), null, 10), [[0.3333333334], [0.3333333333], [0.3333333333]]);
    expectResult(WEIGHTED_SHARE(1, col(1, 1), null, '２'), [[0.5], [0.5]]);
  });
  it.each([-1, 11, 1.5, 100, -0.5])('decimals %d is #NUM!', (d) => {
    expectResult(WEIGHTED_SHARE(100, col(1, 1, 1), null, d), err('#NUM!', 'decimals'));
  });
  it('text or a boolean for decimals is #VALUE!', () => {
    expectResult(WEIGHTED_SHARE(100, col(1, 1, 1), null, 'two'), err('#VALUE!', 'decimals'));
    expectResult(WEIGHTED_SHARE(100, col(1, 1, 1), null, true), err('#VALUE!', 'decimals'));
  });
  it('a zero share is 0, not -0', () => {
    const r = WEIGHTED_SHARE(-1, col(1, 2, 3), null, 0) as number[][];
    expect(Object.is(r[0]![0], 0)).toBe(true);
    expect(Object.is(r[1]![0], 0)).toBe(true);
    expect(r[2]![0]).toBe(-1);
  });
});

describe('WEIGHTED_SHARE: never NaN or ±Infinity', () => {
  it('gives an error for non-finite values', () => {
    errorOf(WEIGHTED_SHARE(NaN, col(1, 1)));
    errorOf(WEIGHTED_SHARE(100, col(Infinity, 1)));
    errorOf(WEIGHTED_SHARE(100, col(1e308, 1e308)));
  });
  it('quotas of more than 1e9 units keep every unit', () => {
    expectResult(WEIGHTED_SHARE(153748, col(7, 14), null, 10), [[51249.3333333333], [102498.6666666667]]);
    expectResult(WEIGHTED_SHARE(1e12, col(1, 2), null, 2), [[333333333333.33], [666666666666.67]]);
  });
  it('a tiny total is split without underflow', () => {
    expect(WEIGHTED_SHARE(-1e-9, col(5e-324, 5e-324))).toEqual([[-5e-10], [-5e-10]]);
  });
  it('huge weights with decimals still split the total', () => {
    expectResult(WEIGHTED_SHARE(1000, col(1e300, 1e300, 2e300), null, 2), [[250], [250], [500]]);
    expectResult(WEIGHTED_SHARE(1e8, col(1e300, 1e300, 2e300), null, 2), [[2.5e7], [2.5e7], [5e7]]);
    expectResult(WEIGHTED_SHARE(1e10, col(1e300, 1e300, 2e300)), [[2.5e9], [2.5e9], [5e9]]);
  });
});
