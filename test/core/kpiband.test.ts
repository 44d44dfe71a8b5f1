import { describe, expect, it } from 'vitest';
import { KPIBAND } from '../../core/functions/kpiband.js';
import { col, err, errCell, errorOf, expectResult } from './helpers.js';

describe('KPIBAND: examples from the contract', () => {
  it.each([
    [[0.79, 0.8, 1, 1.2], 0],
    [[0.9, 0.8, 1, 1.2], 0.75],
    [[1.1, 0.8, 1, 1.2], 1.25],
    [[1.5, 0.8, 1, 1.2], 1.5],
    [[95, 110, 100, 90], 1.25],
  ] as const)('KPIBAND(%j) = %d', (args, expected) => {
    expectResult(KPIBAND(...args), expected);
  });
});

describe('KPIBAND: increasing curve', () => {
  it.each([
    [0, 0],
    [0.79, 0],
    [0.8, 0.5],
    [0.85, 0.625],
    [1, 1],
    [1.05, 1.125],
    [1.2, 1.5],
    [1.21, 1.5],
    [100, 1.5],
    [-5, 0],
  ])('actual %d pays %d with the default pays', (a, expected) => {
    expectResult(KPIBAND(a, 0.8, 1, 1.2), expected);
  });
  it('uses the given pays', () => {
    expectResult(KPIBAND(0.8, 0.8, 1, 1.2, 0, 1, 2), 0);
    expectResult(KPIBAND(0.9, 0.8, 1, 1.2, 0, 1, 2), 0.5);
    expectResult(KPIBAND(1.1, 0.8, 1, 1.2, 0, 1, 2), 1.5);
    expectResult(KPIBAND(1.3, 0.8, 1, 1.2, 0, 1, 2), 2);
    expectResult(KPIBAND(0.79, 0.8, 1, 1.2, 0.7, 1, 2), 0);
    expectResult(KPIBAND(0.8, 0.8, 1, 1.2, 0.7, 1, 2), 0.7);
    expectResult(KPIBAND(90, 80, 100, 150, 0.2, 1, 3), 0.6);
  });
  it('blank pays take their defaults', () => {
    expectResult(KPIBAND(0.8, 0.8, 1, 1.2, null, null, null), 0.5);
    expectResult(KPIBAND(1, 0.8, 1, 1.2, '', '', ''), 1);
    expectResult(KPIBAND(1.5, 0.8, 1, 1.2, '  ', undefined, undefined), 1.5);
    expectResult(KPIBAND(0.9, 0.8, 1, 1.2, null, 2), 1.25);
  });
});

describe('KPIBAND: decreasing curve (lower is better)', () => {
  it.each([
    [120, 0],
    [110.5, 0],
    [110, 0.5],
    [105, 0.75],
    [100, 1],
    [95, 1.25],
    [90, 1.5],
    [50, 1.5],
    [-10, 1.5],
  ])('actual %d pays %d', (a, expected) => {
    expectResult(KPIBAND(a, 110, 100, 90), expected);
  });
  it('uses the given pays', () => {
    expectResult(KPIBAND(105, 110, 100, 90, 0, 1, 2), 0.5);
    expectResult(KPIBAND(95, 110, 100, 90, 0, 1, 2), 1.5);
  });
});

describe('KPIBAND: threshold, target and maximum in order', () => {
  it.each([
    [0.8, 1.2, 1],
    [1, 0.8, 1.2],
    [1.2, 0.8, 1],
    [0.8, 0.8, 1.2],
    [0.8, 1, 1],
    [1, 1, 1],
    [110, 90, 100],
    [110, 110, 90],
  ])('(%d, %d, %d) is #NUM!', (th, tg, mx) => {
    expectResult(KPIBAND(1, th, tg, mx), err('#NUM!', 'threshold, target and maximum must be in order'));
  });
});

describe('KPIBAND: comparison with ROUND(actual, 10)', () => {
  it('float noise below a bound counts as at the bound', () => {
    expect(0.1 + 0.7).toBeLessThan(0.8);
    expectResult(KPIBAND(0.1 + 0.7, 0.8, 1, 1.2), 0.5);
    expectResult(KPIBAND(0.8 - 1e-12, 0.8, 1, 1.2), 0.5);
    expectResult(KPIBAND(1 - 1e-12, 0.8, 1, 1.2), 1);
    expectResult(KPIBAND(1.2 - 1e-12, 0.8, 1, 1.2), 1.5);
    expectResult(KPIBAND(110 + 1e-12, 110, 100, 90), 0.5);
  });
  it('a real gap below a bound is below it', () => {
    expectResult(KPIBAND(0.8 - 1e-9, 0.8, 1, 1.2), 0);
    expectResult(KPIBAND(110 + 1e-9, 110, 100, 90), 0);
  });
  it('interpolates with the value as it is', () => {
    const a = 0.90000000000004;
    const r = KPIBAND(a, 0.8, 1, 1.2, 0, 1e9, 2e9) as number;
    expect(Math.abs(r - ((a - 0.8) * 1e9) / 0.2)).toBeLessThan(1e-6);
    expect(Math.abs(r - 5e8)).toBeGreaterThan(1e-5);
  });
});

describe('KPIBAND: blanks, text and booleans', () => {
  it.each([null, undefined, '', '   ', []])('a blank actual %j gives ""', (a) => {
    expectResult(KPIBAND(a, 0.8, 1, 1.2), '');
    expectResult(KPIBAND(a, null, null, null), '');
  });
  it('a blank required argument is #VALUE! naming it', () => {
    expectResult(KPIBAND(0.9, null, 1, 1.2), err('#VALUE!', 'threshold'));
    expectResult(KPIBAND(0.9, 0.8, '', 1.2), err('#VALUE!', 'target'));
    expectResult(KPIBAND(0.9, 0.8, 1, '  '), err('#VALUE!', 'maximum'));
    expectResult(KPIBAND(0.9, 0.8, 1), err('#VALUE!', 'maximum'));
  });
  it('reads numbers typed as text', () => {
    expectResult(KPIBAND('90%', '80%', '100%', '120%'), 0.75);
    expectResult(KPIBAND('９０％', '８０％', '１００％', '１２０％'), 0.75);
    expectResult(KPIBAND(' 95 ', '110', '100', '90', '0.5', '1', '1.5'), 1.25);
    expectResult(KPIBAND('9e1', 80, 100, 120), 0.75);
  });
  it('rejects text that is not a number, naming the argument', () => {
    expectResult(KPIBAND('abc', 0.8, 1, 1.2), err('#VALUE!', 'KPIBAND: actual must be a number, got "abc"'));
    expectResult(KPIBAND(0.9, '1,000', 1, 1.2), err('#VALUE!', 'threshold'));
    expectResult(KPIBAND(0.9, 0.8, '¥1', 1.2), err('#VALUE!', 'target'));
    expectResult(KPIBAND(0.9, 0.8, 1, 'max'), err('#VALUE!', 'maximum'));
    expectResult(KPIBAND(0.9, 0.8, 1, 1.2, 'x'), err('#VALUE!', 'pay_threshold'));
    expectResult(KPIBAND(0.9, 0.8, 1, 1.2, null, 'x'), err('#VALUE!', 'pay_target'));
    expectResult(KPIBAND(0.9, 0.8, 1, 1.2, null, null, 'x'), err('#VALUE!', 'pay_maximum'));
  });
  it('rejects booleans', () => {
    expectResult(KPIBAND(true, 0.8, 1, 1.2), err('#VALUE!', 'actual'));
    expectResult(KPIBAND(0.9, false, 1, 1.2), err('#VALUE!', 'threshold'));
    expectResult(KPIBAND(0.9, 0.8, 1, 1.2, true), err('#VALUE!', 'pay_threshold'));
  });
});

describe('KPIBAND: errors and order of checks', () => {
  it('passes input errors through', () => {
    expectResult(KPIBAND(errCell('#N/A'), 0.8, 1, 1.2), err('#N/A'));
    expectResult(KPIBAND(0.9, 0.8, errCell('#REF!'), 1.2), err('#REF!'));
    expectResult(KPIBAND(0.9, 0.8, 1, 1.2, null, null, errCell('#DIV/0!')), err('#DIV/0!'));
    expectResult(KPIBAND(null, errCell('#NUM!'), 1, 1.2), err('#NUM!'));
  });
  it('checks each argument in order, then the order of the bounds', () => {
    expectResult(KPIBAND('x', 'y', 1, 1.2), err('#VALUE!', 'actual'));
    expectResult(KPIBAND(0.9, 'y', 'z', 1.2), err('#VALUE!', 'threshold'));
    expectResult(KPIBAND(0.9, 1, 1, 1, 'p'), err('#VALUE!', 'pay_threshold'));
    expectResult(KPIBAND(0.9, 1, 1, null), err('#VALUE!', 'maximum'));
    expectResult(KPIBAND(null, 1, 1, 1), '');
  });
});

describe('KPIBAND: broadcasting', () => {
  it('a column of actuals', () => {
    expectResult(KPIBAND(col(0.79, 0.9, 1.1, 1.5, null), 0.8, 1, 1.2), [[0], [0.75], [1.25], [1.5], ['']]);
  });
  it('a column of curves, one per row, increasing and decreasing', () => {
    expectResult(
      KPIBAND(col(0.9, 95), col(0.8, 110), col(1, 100), col(1.2, 90), col(0.5, 0), col(1, 1), col(1.5, 2)),
      [[0.75], [1.5]],
    );
  });
  it('2-D element by element', () => {
    expectResult(
      KPIBAND(
        [
          [0.9, 1.1],
          [0.5, 2],
        ],
        0.8,
        1,
        1.2,
      ),
      [
        [0.75, 1.25],
        [0, 1.5],
      ],
    );
  });
  it('a bad row is an error in that cell only', () => {
    expectResult(
      KPIBAND(col(0.9, 0.9, 'x', errCell('#N/A'), 0.9), col(0.8, 1.2, 0.8, 0.8, 0.8), 1, 1.2),
      [[0.75], [err('#NUM!')], [err('#VALUE!', 'actual')], [err('#N/A')], [0.75]],
    );
  });
  it('different sizes are #VALUE!', () => {
    expectResult(
      KPIBAND(col(1, 2, 3), col(1, 2, 3, 4), 1, 1.2),
      err('#VALUE!', 'ranges must have the same size (3x1 and 4x1)'),
    );
  });
  it('all 1x1 gives one value', () => {
    expectResult(KPIBAND([[0.9]], [[0.8]], [1], 1.2), 0.75);
  });
});

describe('KPIBAND: never NaN or ±Infinity', () => {
  it('gives an error for non-finite input', () => {
    errorOf(KPIBAND(NaN, 0.8, 1, 1.2));
    errorOf(KPIBAND(0.9, Infinity, 1, 1.2));
  });
  it('pays the maximum far beyond it', () => {
    expectResult(KPIBAND(1e300, 0.8, 1, 1.2), 1.5);
    expectResult(KPIBAND(-1e300, 110, 100, 90), 1.5);
  });
});
