import { describe, expect, it } from 'vitest';
import { WEIGHTED_SCORE } from '../../core/functions/weighted-score.js';
import { col, err, errCell, errorOf, expectResult } from './helpers.js';

describe('WEIGHTED_SCORE: example from the contract', () => {
  it('scores {1.2; 0.9; 1.0}, weights {60%; 20%; 20%} give 1.1', () => {
    expectResult(WEIGHTED_SCORE([1.2, 0.9, 1.0], [0.6, 0.2, 0.2]), 1.1);
    expectResult(WEIGHTED_SCORE(col(1.2, 0.9, 1.0), col(0.6, 0.2, 0.2)), 1.1);
    expectResult(WEIGHTED_SCORE(col(1.2, 0.9, 1.0), col('60%', '20%', '20%')), 1.1);
  });
});

describe('WEIGHTED_SCORE: weights', () => {
  it('may be points and need not sum to 100%', () => {
    expectResult(WEIGHTED_SCORE(col(1.2, 0.9, 1.0), col(3, 1, 1)), 1.1);
    expectResult(WEIGHTED_SCORE(col(1.2, 0.9, 1.0), col(30, 10, 10)), 1.1);
    expectResult(WEIGHTED_SCORE(col(1, 0.5), col(0.3, 0.2)), 0.8);
  });
  it('a blank weight counts as 0', () => {
    expectResult(WEIGHTED_SCORE(col(1.2, 0.9, 1.0), col(0.6, null, 0.2)), 1.15);
    expectResult(WEIGHTED_SCORE(col(1.2, 0.9, 1.0), col(0.6, '  ', 0.2)), 1.15);
  });
  it('a negative weight on any row is #NUM!', () => {
    expectResult(WEIGHTED_SCORE(col(1.2, 0.9, 1.0), col(0.6, -0.2, 0.6)), err('#NUM!'));
    expectResult(WEIGHTED_SCORE(col(1.2, null, 1.0), col(0.6, -0.2, 0.6)), err('#NUM!'));
    expectResult(WEIGHTED_SCORE(col(1.2, null, 1.0), col(0.6, '-20%', 0.6), 'zero'), err('#NUM!'));
  });
  it('Σ weight of the counted rows = 0 is #DIV/0!', () => {
    expectResult(WEIGHTED_SCORE(col(1.2, 0.9), col(0, 0)), err('#DIV/0!'));
    expectResult(WEIGHTED_SCORE(col(1.2, null), col(0, 1)), err('#DIV/0!'));
    expectResult(WEIGHTED_SCORE(col(1.2, 0.9), col(null, null)), err('#DIV/0!'));
  });
  it('a 1x1 weight is repeated', () => {
    expectResult(WEIGHTED_SCORE(col(1, 2, 3), 5), 2);
    expectResult(WEIGHTED_SCORE(col(1, 2, 3), [[5]]), 2);
  });
});

describe('WEIGHTED_SCORE: blanks', () => {
  it('skip (default) leaves a blank score and its weight out', () => {
    expectResult(WEIGHTED_SCORE(col(1.2, null, 1.0), col(0.6, 0.2, 0.2)), 1.15);
    expectResult(WEIGHTED_SCORE(col(1.2, '', 1.0), col(0.6, 0.2, 0.2), 'skip'), 1.15);
    expectResult(WEIGHTED_SCORE(col(1.2, '   ', 1.0), col(0.6, 0.2, 0.2), null), 1.15);
  });
  it('zero counts a blank score as 0', () => {
    expectResult(WEIGHTED_SCORE(col(1.2, null, 1.0), col(0.6, 0.2, 0.2), 'zero'), 0.92);
  });
  it.each([
    ['skip', 1.15],
    ['SKIP', 1.15],
    [' Skip ', 1.15],
    ['跳过', 1.15],
    ['zero', 0.92],
    ['Zero', 0.92],
    ['按零计', 0.92],
    ['', 1.15],
    [undefined, 1.15],
    [[['zero']], 0.92],
  ])('blanks %j', (blanks, expected) => {
    expectResult(WEIGHTED_SCORE(col(1.2, null, 1.0), col(0.6, 0.2, 0.2), blanks), expected);
  });
  it('an unknown blanks option is #VALUE! listing the options', () => {
    const e = errorOf(WEIGHTED_SCORE(col(1.2, null, 1.0), col(0.6, 0.2, 0.2), 'ignore'));
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toContain('skip');
    expect(e.message).toContain('zero');
    expectResult(WEIGHTED_SCORE(col(1.2, null, 1.0), col(0.6, 0.2, 0.2), 0), err('#VALUE!', 'skip'));
    expectResult(WEIGHTED_SCORE(col(1.2, null, 1.0), col(0.6, 0.2, 0.2), true), err('#VALUE!', 'blanks'));
  });
  it('every score blank gives ""', () => {
    expectResult(WEIGHTED_SCORE(col(null, null, null), col(0.6, 0.2, 0.2)), '');
    expectResult(WEIGHTED_SCORE(col(null, '', '  '), col(0.6, 0.2, 0.2), 'zero'), '');
    expectResult(WEIGHTED_SCORE(null, 1), '');
    expectResult(WEIGHTED_SCORE(col(null, null), col(0, 0)), '');
  });
});

describe('WEIGHTED_SCORE: values', () => {
  it('reads numbers typed as text', () => {
    expectResult(WEIGHTED_SCORE(col('120%', '９０％', ' 1 '), col('0.6', '２０％', '2e-1')), 1.1);
  });
  it('text that is not a number is #VALUE! naming the argument', () => {
    expectResult(
      WEIGHTED_SCORE(col(1.2, 'abc', 1.0), col(0.6, 0.2, 0.2)),
      err('#VALUE!', 'WEIGHTED_SCORE: scores must be a number, got "abc"'),
    );
    expectResult(WEIGHTED_SCORE(col(1.2, 0.9, 1.0), col(0.6, '20 %%', 0.2)), err('#VALUE!', 'weights'));
    expectResult(WEIGHTED_SCORE(col(1.2, 0.9, 1.0), col(0.6, '1,000', 0.2)), err('#VALUE!', 'weights'));
  });
  it('booleans are #VALUE!', () => {
    expectResult(WEIGHTED_SCORE(col(1.2, true), col(0.5, 0.5)), err('#VALUE!', 'scores'));
    expectResult(WEIGHTED_SCORE(col(1.2, 1), col(0.5, false)), err('#VALUE!', 'weights'));
  });
  it('any error cell makes the result that error', () => {
    expectResult(WEIGHTED_SCORE(col(1.2, errCell('#N/A', 'no data'), 1.0), col(0.6, 0.2, 0.2)), err('#N/A', 'no data'));
    expectResult(WEIGHTED_SCORE(col(1.2, 0.9, 1.0), col(0.6, errCell('#REF!'), 0.2)), err('#REF!'));
    expectResult(WEIGHTED_SCORE(col(1.2, 0.9, 1.0), col(0.6, 0.2, 0.2), errCell('#DIV/0!')), err('#DIV/0!'));
    expectResult(WEIGHTED_SCORE(col(null, null), col(errCell('#NUM!'), 1)), err('#NUM!'));
  });
  it('returns one number for 2-D ranges', () => {
    expectResult(
      WEIGHTED_SCORE(
        [
          [1, 2],
          [3, 4],
        ],
        [
          [1, 1],
          [1, 1],
        ],
      ),
      2.5,
    );
    expectResult(WEIGHTED_SCORE([[1, 2, 3]], [[1, 0, 1]]), 2);
  });
  it('different sizes are #VALUE!', () => {
    expectResult(
      WEIGHTED_SCORE(col(1, 2, 3), col(1, 1, 1, 1)),
      err('#VALUE!', 'ranges must have the same size (3x1 and 4x1)'),
    );
  });
  it('a single score and weight', () => {
    expectResult(WEIGHTED_SCORE(0.9, 1), 0.9);
    expectResult(WEIGHTED_SCORE(0.9, 0), err('#DIV/0!'));
  });
});

describe('WEIGHTED_SCORE: never NaN or ±Infinity', () => {
  it('gives an error for non-finite values and overflow', () => {
    errorOf(WEIGHTED_SCORE(col(NaN, 1), col(1, 1)));
    errorOf(WEIGHTED_SCORE(col(1, 1), col(Infinity, 1)));
    errorOf(WEIGHTED_SCORE(col(1e308, 1e308), col(1e308, 1e308)));
  });
});
