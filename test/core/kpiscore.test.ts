import { afterEach, describe, expect, it } from 'vitest';
import { KPISCORE } from '../../core/functions/kpiscore.js';
import { setLocale } from '../../core/i18n.js';
import { col, err, errCell, errorOf, expectResult } from './helpers.js';

afterEach(() => {
  setLocale('en');
});

describe('KPISCORE: examples from the contract', () => {
  it.each([
    [[120, 100], 1.2],
    [[80, 100, 'lower'], 1.2],
    [[120, 100, 'lower'], 0.8],
    [[-50, -50], 1],
    [[0, -50], 2],
    [[-100, -50], 0],
    [[42, 45, undefined, undefined, undefined, 32], 10 / 13],
    [[130, 100, undefined, 1.2], 1.2],
    [[90, 100, 'exact'], 0.9],
  ] as const)('KPISCORE(%j) = %d', (args, expected) => {
    expectResult(KPISCORE(...args), expected);
  });
});

describe('KPISCORE: higher', () => {
  it('is A/T for a positive target', () => {
    expectResult(KPISCORE(85, 100), 0.85);
    expectResult(KPISCORE(0, 100), 0);
    expectResult(KPISCORE(250, 100), 2.5);
  });
  it('is (A − T + |T|)/|T| for a negative target', () => {
    expectResult(KPISCORE(-25, -50), 1.5);
    expectResult(KPISCORE(-75, -50), 0.5);
    expectResult(KPISCORE(50, -50), 3);
  });
  it('is #DIV/0! for a zero target without baseline', () => {
    expectResult(KPISCORE(5, 0), err('#DIV/0!', 'target is 0: give a baseline'));
    expectResult(KPISCORE(0, 0), err('#DIV/0!', 'target is 0: give a baseline'));
  });
  it('clamps a negative result at the default floor 0', () => {
    expectResult(KPISCORE(-10, 100), 0);
    expectResult(KPISCORE(-150, -50), 0);
  });
});

describe('KPISCORE: lower', () => {
  it('is 2 − A/T for a positive target', () => {
    expectResult(KPISCORE(50, 100, 'lower'), 1.5);
    expectResult(KPISCORE(100, 100, 'lower'), 1);
    expectResult(KPISCORE(190, 100, 'lower'), 0.1);
  });
  it('is 1 − (A − T)/|T| for a negative target', () => {
    expectResult(KPISCORE(-60, -50, 'lower'), 1.2);
    expectResult(KPISCORE(-40, -50, 'lower'), 0.8);
  });
  it('is #DIV/0! for a zero target without baseline', () => {
    expectResult(KPISCORE(5, 0, 'lower'), err('#DIV/0!', 'target is 0: give a baseline'));
  });
  it('clamps at the floor', () => {
    expectResult(KPISCORE(300, 100, 'lower'), 0);
  });
  it('mirrors higher around 1 for every nonzero target', () => {
    for (const [a, t] of [
      [120, 100],
      [-30, -50],
      [7, 3],
      [0.3, -0.1],
    ] as const) {
      const hi = KPISCORE(a, t, 'higher', undefined, -1e9) as number;
      const lo = KPISCORE(a, t, 'lower', undefined, -1e9) as number;
      expect(hi + lo).toBeCloseTo(2, 9);
    }
  });
});

describe('KPISCORE: lower_ratio', () => {
  it('is T/A', () => {
    expectResult(KPISCORE(80, 100, 'lower_ratio'), 1.25);
    expectResult(KPISCORE(200, 100, 'lower_ratio'), 0.5);
  });
  it('needs actual and target above 0', () => {
    const msg = 'lower_ratio needs actual and target above 0';
    expectResult(KPISCORE(0, 100, 'lower_ratio'), err('#NUM!', msg));
    expectResult(KPISCORE(-5, 100, 'lower_ratio'), err('#NUM!', msg));
    expectResult(KPISCORE(5, 0, 'lower_ratio'), err('#NUM!', msg));
    expectResult(KPISCORE(5, -100, 'lower_ratio'), err('#NUM!', msg));
  });
  it('takes no baseline', () => {
    expectResult(KPISCORE(80, 100, 'lower_ratio', null, null, 50), err('#NUM!', 'lower_ratio takes no baseline'));
  });
});

describe('KPISCORE: exact', () => {
  it('is 1 − |A − T|/|T|', () => {
    expectResult(KPISCORE(110, 100, 'exact'), 0.9);
    expectResult(KPISCORE(100, 100, 'exact'), 1);
    expectResult(KPISCORE(200, 100, 'exact'), 0);
    expectResult(KPISCORE(-45, -50, 'exact'), 0.9);
    expectResult(KPISCORE(-55, -50, 'exact'), 0.9);
  });
  it('clamps below the floor', () => {
    expectResult(KPISCORE(250, 100, 'exact'), 0);
    expectResult(KPISCORE(250, 100, 'exact', null, -1), -0.5);
  });
  it('is #DIV/0! for a zero target', () => {
    expectResult(KPISCORE(1, 0, 'exact'), err('#DIV/0!'));
  });
});

describe('KPISCORE: direction words', () => {
  it.each([
    [1, 1.2],
    ['1', 1.2],
    ['higher', 1.2],
    ['HIGHER', 1.2],
    [' Higher ', 1.2],
    ['正向', 1.2],
    ['越高越好', 1.2],
    [-1, 0.8],
    ['-1', 0.8],
    ['lower', 0.8],
    ['Lower', 0.8],
    ['反向', 0.8],
    ['越低越好', 0.8],
    ['lower_ratio', 100 / 120],
    ['LOWER_RATIO', 100 / 120],
    ['反向比值', 100 / 120],
    ['exact', 0.8],
    ['EXACT', 0.8],
    ['适度', 0.8],
    ['目标值最佳', 0.8],
  ] as const)('direction %j', (direction, expected) => {
    expectResult(KPISCORE(120, 100, direction), expected);
  });
  it.each([null, undefined, '', '   ', '\u3000', []])('blank direction %j is higher', (direction) => {
    expectResult(KPISCORE(120, 100, direction), 1.2);
  });
  it.each(['up', 'high', 2, 0, 0.5, '2', 'higher lower'])('unknown direction %j lists the options', (direction) => {
    const e = errorOf(KPISCORE(120, 100, direction));
    expect(e.code).toBe('#VALUE!');
    for (const word of ['higher', 'lower', 'lower_ratio', 'exact']) expect(e.message).toContain(word);
  });
  it.each([true, false])('boolean direction %j is #VALUE!', (direction) => {
    expectResult(KPISCORE(120, 100, direction), err('#VALUE!', 'direction'));
  });
});

describe('KPISCORE: baseline', () => {
  it('is (A − B)/(T − B) for higher', () => {
    expectResult(KPISCORE(42, 45, null, null, null, 32), 10 / 13);
    expectResult(KPISCORE(5, 0, null, null, null, -10), 1.5);
    expectResult(KPISCORE(50, 100, null, null, null, 0), 0.5);
  });
  it('is (A − B)/(T − B) for lower', () => {
    expectResult(KPISCORE(15, 10, 'lower', null, null, 20), 0.5);
    expectResult(KPISCORE(5, 10, 'lower', null, null, 20), 1.5);
    expectResult(KPISCORE(-3, 0, 'lower', null, null, 10), 1.3);
  });
  it('is 1 − |A − T|/|T − B| for exact', () => {
    expectResult(KPISCORE(40, 45, 'exact', null, null, 32), 8 / 13);
    expectResult(KPISCORE(50, 45, 'exact', null, null, 32), 8 / 13);
    expectResult(KPISCORE(50, 45, 'exact', null, null, 55), 0.5);
  });
  it('is #DIV/0! when target equals baseline', () => {
    expectResult(KPISCORE(5, 10, null, null, null, 10), err('#DIV/0!'));
    expectResult(KPISCORE(5, 10, 'lower', null, null, 10), err('#DIV/0!'));
    expectResult(KPISCORE(5, 10, 'exact', null, null, 10), err('#DIV/0!'));
  });
  it('needs T > B for higher and T < B for lower', () => {
    expectResult(KPISCORE(5, 10, 'higher', null, null, 20), err('#NUM!', 'higher'));
    expectResult(KPISCORE(5, 20, 'lower', null, null, 10), err('#NUM!', 'lower'));
  });
});

describe('KPISCORE: cap and floor', () => {
  it('caps', () => {
    expectResult(KPISCORE(130, 100, null, 1.2), 1.2);
    expectResult(KPISCORE(110, 100, null, 1.2), 1.1);
    expectResult(KPISCORE(130, 100, null, '120%'), 1.2);
  });
  it('has no cap when blank', () => {
    expectResult(KPISCORE(500, 100, null, null), 5);
    expectResult(KPISCORE(500, 100, null, ''), 5);
  });
  it('floors', () => {
    expectResult(KPISCORE(10, 100, null, null, 0.5), 0.5);
    expectResult(KPISCORE(-150, -50, null, null, -5), -1);
    expectResult(KPISCORE(-150, -50, null, null, ''), 0);
  });
  it('allows cap equal to floor', () => {
    expectResult(KPISCORE(120, 100, null, 1, 1), 1);
    expectResult(KPISCORE(20, 100, null, 1, 1), 1);
  });
  it('is #NUM! for a cap below the floor', () => {
    expectResult(KPISCORE(1, 1, null, 0.5, 0.8), err('#NUM!'));
    expectResult(KPISCORE(1, 1, null, -0.5), err('#NUM!'));
  });
  it('takes a negative cap with a floor below it', () => {
    expectResult(KPISCORE(0, -50, null, -0.5, -2), -0.5);
    expectResult(KPISCORE(-150, -50, null, -0.5, -2), -1);
  });
});

describe('KPISCORE: blanks', () => {
  it.each([null, undefined, '', '   ', '\u3000', ' \t ', []])('a blank actual %j gives ""', (actual) => {
    expectResult(KPISCORE(actual, 100), '');
  });
  it('a blank actual gives "" whatever the other arguments hold', () => {
    expectResult(KPISCORE(null, null), '');
    expectResult(KPISCORE(null, 'abc', 'nonsense', 'x', 'y', 'z'), '');
    expectResult(KPISCORE(null, 0), '');
  });
  it.each([null, undefined, '', '  '])('a blank target %j next to an actual is #VALUE! naming it', (target) => {
    expectResult(KPISCORE(120, target), err('#VALUE!', 'target'));
  });
  it('omitted optionals take their defaults', () => {
    expectResult(KPISCORE(120, 100), 1.2);
    expectResult(KPISCORE(120, 100, null, null, null, null), 1.2);
    expectResult(KPISCORE(120, 100, '', '', '', ''), 1.2);
    expectResult(KPISCORE(120, 100, '  ', '  ', '  ', '  '), 1.2);
    expectResult(KPISCORE(-150, -50, undefined, undefined, undefined, undefined), 0);
  });
});

describe('KPISCORE: numbers typed as text', () => {
  it.each([
    ['85', 100, 0.85],
    ['85%', 1, 0.85],
    ['８５％', 1, 0.85],
    ['８５', 100, 0.85],
    [' 1e2 ', 100, 1],
    ['1E2', 100, 1],
    ['  85%  ', 1, 0.85],
    ['-25', '-50', 1.5],
    ['0.5', '1', 0.5],
    ['.5', 1, 0.5],
    [85, '100', 0.85],
    [85, '１００', 0.85],
    [1, '100%', 1],
  ] as const)('KPISCORE(%j, %j) = %d', (a, t, expected) => {
    expectResult(KPISCORE(a, t), expected);
  });
  it('names the argument and the text', () => {
    const e = errorOf(KPISCORE(85, 'abc'));
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toBe('KPISCORE: target must be a number, got "abc"');
  });
  it.each(['1,000', '¥85', '85元', 'abc', '1.2.3', '--1', 'e5', '%', '0x10', 'Infinity', 'NaN'])(
    'rejects %j as an actual',
    (text) => {
      expectResult(KPISCORE(text, 100), err('#VALUE!', 'actual'));
    },
  );
  it.each(['1,000', '¥85'])('rejects %j in optional numbers', (text) => {
    expectResult(KPISCORE(120, 100, null, text), err('#VALUE!', 'cap'));
    expectResult(KPISCORE(120, 100, null, null, text), err('#VALUE!', 'floor'));
    expectResult(KPISCORE(120, 100, null, null, null, text), err('#VALUE!', 'baseline'));
  });
  it('rejects booleans where a number is needed', () => {
    expectResult(KPISCORE(true, 100), err('#VALUE!', 'actual'));
    expectResult(KPISCORE(false, 100), err('#VALUE!', 'actual'));
    expectResult(KPISCORE(100, true), err('#VALUE!', 'target'));
    expectResult(KPISCORE(100, 100, null, true), err('#VALUE!', 'cap'));
    expectResult(KPISCORE(100, 100, null, null, false), err('#VALUE!', 'floor'));
    expectResult(KPISCORE(100, 100, null, null, null, true), err('#VALUE!', 'baseline'));
  });
});

describe('KPISCORE: errors in inputs', () => {
  it('passes an input error through', () => {
    expectResult(KPISCORE(errCell('#N/A', 'missing'), 100), err('#N/A', 'missing'));
    expectResult(KPISCORE(120, errCell('#DIV/0!')), err('#DIV/0!'));
    expectResult(KPISCORE(120, 100, errCell('#REF!')), err('#REF!'));
    expectResult(KPISCORE(120, 100, null, errCell('#NUM!')), err('#NUM!'));
    expectResult(KPISCORE(120, 100, null, null, errCell('#VALUE!')), err('#VALUE!'));
    expectResult(KPISCORE(120, 100, null, null, null, errCell('#N/A')), err('#N/A'));
  });
  it('puts an input error in the matching cell only', () => {
    expectResult(KPISCORE(col(120, errCell('#N/A'), 80), 100), [[1.2], [err('#N/A')], [0.8]]);
    expectResult(KPISCORE(120, col(100, errCell('#REF!'), 200)), [[1.2], [err('#REF!')], [0.6]]);
  });
  it('reports an error in the first argument that holds one', () => {
    expectResult(KPISCORE(errCell('#N/A'), errCell('#REF!')), err('#N/A'));
  });
});

describe('KPISCORE: order of checks', () => {
  it('input errors come before a blank actual', () => {
    expectResult(KPISCORE(null, errCell('#REF!')), err('#REF!'));
    expectResult(KPISCORE(null, 100, errCell('#N/A')), err('#N/A'));
  });
  it('a blank actual comes before every other check', () => {
    expectResult(KPISCORE(null, 'abc'), '');
    expectResult(KPISCORE(null, 100, 'nonsense'), '');
    expectResult(KPISCORE(null, 0), '');
  });
  it('each argument own checks run in argument order', () => {
    expectResult(KPISCORE('abc', 'xyz'), err('#VALUE!', 'actual'));
    expectResult(KPISCORE(120, 'xyz', 'nonsense'), err('#VALUE!', 'target'));
    expectResult(KPISCORE(120, null, 'nonsense'), err('#VALUE!', 'target'));
    expectResult(KPISCORE(120, 100, 'nonsense', 'x'), err('#VALUE!', 'direction'));
    expectResult(KPISCORE(120, 100, null, 'x', 'y'), err('#VALUE!', 'cap'));
    expectResult(KPISCORE(120, 100, null, null, 'y', 'z'), err('#VALUE!', 'floor'));
  });
  it('own checks come before the checks between arguments', () => {
    expectResult(KPISCORE(120, 0, 'nonsense'), err('#VALUE!', 'direction'));
    expectResult(KPISCORE(120, 0, null, 'x'), err('#VALUE!', 'cap'));
    expectResult(KPISCORE(120, 100, null, 0.5, 'y'), err('#VALUE!', 'floor'));
    expectResult(KPISCORE(120, 10, null, null, null, 'z'), err('#VALUE!', 'baseline'));
  });
});

describe('KPISCORE: broadcasting', () => {
  it('a column of actuals against one target', () => {
    expectResult(KPISCORE(col(120, 80, null), 100), [[1.2], [0.8], ['']]);
  });
  it('a 1-D array is a column', () => {
    expectResult(KPISCORE([120, 80, 100], 100), [[1.2], [0.8], [1]]);
  });
  it('a 1x1 range is repeated', () => {
    expectResult(KPISCORE(col(120, 80), [[100]]), [[1.2], [0.8]]);
    expectResult(KPISCORE([[120]], col(100, 200)), [[1.2], [0.6]]);
  });
  it('all 1x1 gives a single value', () => {
    expectResult(KPISCORE([[120]], [[100]]), 1.2);
    expectResult(KPISCORE([120], [100], ['lower']), 0.8);
  });
  it('columns of every argument, directions too', () => {
    expectResult(
      KPISCORE(col(120, 120, 80, 90), col(100, 100, 100, 100), col('higher', 'lower', 'lower_ratio', 'exact')),
      [[1.2], [0.8], [1.25], [0.9]],
    );
    expectResult(
      KPISCORE(col(130, 130), 100, null, col(1.2, null), col(0, 0)),
      [[1.2], [1.3]],
    );
  });
  it('2-D ranges element by element', () => {
    expectResult(
      KPISCORE(
        [
          [120, 80],
          [100, 50],
        ],
        [
          [100, 100],
          [100, 200],
        ],
      ),
      [
        [1.2, 0.8],
        [1, 0.25],
      ],
    );
    expectResult(KPISCORE([[120, 80, 60]], 100), [[1.2, 0.8, 0.6]]);
  });
  it('short rows are padded with blanks', () => {
    expectResult(KPISCORE([[120, 80], [100]], 100), [
      [1.2, 0.8],
      [1, ''],
    ]);
  });
  it('different sizes are #VALUE! naming both', () => {
    expectResult(
      KPISCORE(col(1, 2, 3), col(1, 2, 3, 4)),
      err('#VALUE!', 'ranges must have the same size (3x1 and 4x1)'),
    );
    expectResult(KPISCORE([[1, 2, 3]], col(1, 2, 3)), err('#VALUE!', 'ranges must have the same size (1x3 and 3x1)'));
    expectResult(KPISCORE(col(1, 2), 100, col('higher', 'lower', 'exact')), err('#VALUE!', '(2x1 and 3x1)'));
  });
  it('a bad row is an error in that cell only', () => {
    expectResult(
      KPISCORE(col(120, 5, 'abc', 80, null, 80), col(100, 0, 100, 100, 100, 100), col(null, null, null, 'bad', null, 'lower_ratio')),
      [[1.2], [err('#DIV/0!')], [err('#VALUE!', 'actual')], [err('#VALUE!', 'direction')], [''], [1.25]],
    );
  });
});

describe('KPISCORE: never NaN or ±Infinity', () => {
  it('non-finite inputs give an error', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      errorOf(KPISCORE(bad, 100));
      errorOf(KPISCORE(100, bad));
      errorOf(KPISCORE(100, 100, null, bad));
      errorOf(KPISCORE(100, 100, null, null, bad));
      errorOf(KPISCORE(100, 100, null, null, null, bad));
    }
  });
  it('an overflow below the floor is the floor', () => {
    expectResult(KPISCORE(1e308, 1e-10, 'lower', null, -5), -5);
  });
  it('an overflowing result gives an error', () => {
    errorOf(KPISCORE(1e308, 1e-10));
    errorOf(KPISCORE(1e308, -1e-10));
    errorOf(KPISCORE(-1e308, 1e-10, 'lower'));
    errorOf(KPISCORE(1e-10, 1e308, 'lower_ratio'));
  });
  it('unsupported values give an error', () => {
    errorOf(KPISCORE({}, 100));
    errorOf(KPISCORE(100, () => 1));
    errorOf(KPISCORE(100, 100, Symbol('x')));
    errorOf(KPISCORE(BigInt(5), 100));
    errorOf(KPISCORE([[[120]]], 100));
  });
});

describe('KPISCORE: messages follow the locale', () => {
  it('gives Chinese messages under zh-CN', () => {
    setLocale('zh-CN');
    const e = errorOf(KPISCORE(5, 0));
    expect(e.code).toBe('#DIV/0!');
    expect(e.message).toContain('目标值为 0');
  });
});
