import { describe, expect, it } from 'vitest';
import { KPIRATING } from '../../core/functions/kpirating.js';
import { KPISCORE } from '../../core/functions/kpiscore.js';
import { col, err, errCell, errorOf, expectResult } from './helpers.js';

const CUSTOM = [
  [0.6, 'C', 0.6],
  [1.2, 'S', 1.5],
  [null, 'D', 0],
  [0.8, 'B', 1],
  [1, 'A', 1.2],
];

describe('KPIRATING: examples from the contract', () => {
  it('follows the examples', () => {
    expectResult(KPIRATING(1.05), 'A');
    expectResult(KPIRATING(0.5), 'D');
    expectResult(KPIRATING(1.25, undefined, 3), 1.5);
  });
  it('grades KPISCORE(0.08, 0.1) as B despite float noise', () => {
    const score = KPISCORE(0.08, 0.1);
    expect(score).toBe(0.7999999999999999);
    expectResult(KPIRATING(score), 'B');
    expectResult(KPIRATING(score, undefined, 3), 1);
  });
});

describe('KPIRATING: default bands', () => {
  it.each([
    [100, 'S', 1.5],
    [1.2, 'S', 1.5],
    [1.19, 'A', 1.2],
    [1, 'A', 1.2],
    [0.99, 'B', 1],
    [0.8, 'B', 1],
    [0.79, 'C', 0.6],
    [0.6, 'C', 0.6],
    [0.59, 'D', 0],
    [0, 'D', 0],
    [-5, 'D', 0],
    [1e300, 'S', 1.5],
    [-1e300, 'D', 0],
  ] as const)('score %d is %s with coefficient %d', (score, grade, coefficient) => {
    expectResult(KPIRATING(score), grade);
    expectResult(KPIRATING(score, null, 2), grade);
    expectResult(KPIRATING(score, null, 3), coefficient);
  });
  it('column 1 gives the lower bound, blank for the catch-all', () => {
    expectResult(KPIRATING(1.05, null, 1), 1);
    expectResult(KPIRATING(0.3, null, 1), '');
  });
  it.each([null, undefined, '', '  ', []])('bands %j take the default', (bands) => {
    expectResult(KPIRATING(0.85, bands), 'B');
  });
  it('column 4 is beyond the default table', () => {
    expectResult(KPIRATING(0.85, null, 4), err('#REF!'));
  });
});

describe('KPIRATING: comparison with ROUND(score, 10)', () => {
  it('float noise below a bound counts as at the bound', () => {
    expectResult(KPIRATING(0.1 + 0.7), 'B');
    expectResult(KPIRATING(1.2 - 1e-12), 'S');
    expectResult(KPIRATING(0.6 - 4e-11), 'C');
  });
  it('a real gap below a bound is below it', () => {
    expectResult(KPIRATING(0.8 - 1e-9), 'C');
    expectResult(KPIRATING(0.79999999), 'C');
  });
});

describe('KPIRATING: bands', () => {
  it('rows in any order: the greatest lower bound ≤ score wins', () => {
    expectResult(KPIRATING(1.3, CUSTOM), 'S');
    expectResult(KPIRATING(1.05, CUSTOM), 'A');
    expectResult(KPIRATING(0.8, CUSTOM), 'B');
    expectResult(KPIRATING(0.7, CUSTOM, 3), 0.6);
    expectResult(KPIRATING(0.1, CUSTOM), 'D');
  });
  it('equal bounds: the first row wins', () => {
    const bands = [
      [0.5, 'first', 1],
      [0.5, 'second', 2],
      [0, 'low', 0],
    ];
    expectResult(KPIRATING(0.7, bands), 'first');
    expectResult(KPIRATING(0.5, bands, 3), 1);
  });
  it('a blank bound is the catch-all below every other bound', () => {
    const bands = [
      [null, 'none', 0],
      [0.5, 'pass', 1],
    ];
    expectResult(KPIRATING(0.4, bands), 'none');
    expectResult(KPIRATING(-100, bands), 'none');
    expectResult(KPIRATING(0.5, bands), 'pass');
    expectResult(KPIRATING(0.4, [['  ', 'none'], [0.5, 'pass']]), 'none');
  });
  it('a score below every bound without a catch-all is #N/A', () => {
    const bands = [
      [0.5, 'pass', 1],
      [0.9, 'good', 1.2],
    ];
    expectResult(KPIRATING(0.4, bands), err('#N/A', 'score is below the lowest band'));
    expectResult(KPIRATING(0.4, bands, 3), err('#N/A', 'score is below the lowest band'));
    expectResult(KPIRATING(0.5, bands), 'pass');
  });
  it('a first row whose bound is text is a header', () => {
    const bands = [
      ['Lower bound', 'Grade', 'Coefficient'],
      [0.9, 'Good', 1.1],
      [0, 'Poor', 0.5],
    ];
    expectResult(KPIRATING(0.95, bands), 'Good');
    expectResult(KPIRATING(0.95, bands, 3), 1.1);
    expectResult(KPIRATING(0.1, bands), 'Poor');
    expectResult(KPIRATING(0.95, [['下限', '等级'], [0.9, '优'], [0, '差']]), '优');
  });
  it('text bounds after the first row are #VALUE!', () => {
    expectResult(KPIRATING(0.95, [[0.9, 'Good'], ['x', 'Poor']]), err('#VALUE!'));
    expectResult(KPIRATING(0.95, [['h', 'g'], ['h2', 'g2'], [0, 'Poor']]), err('#VALUE!'));
    expectResult(KPIRATING(0.95, [[0.9, 'Good'], ['1,000', 'Poor']]), err('#VALUE!'));
  });
  it('bounds typed as numbers in text are numbers', () => {
    const bands = [
      ['90%', 'Good'],
      ['0', 'Poor'],
    ];
    expectResult(KPIRATING(0.95, bands), 'Good');
    expectResult(KPIRATING(0.5, bands), 'Poor');
  });
  it('an error in the bands makes the whole result that error', () => {
    const bands = [
      [0.9, 'Good'],
      [errCell('#REF!', 'deleted'), 'Poor'],
    ];
    expectResult(KPIRATING(0.95, bands), err('#REF!', 'deleted'));
    expectResult(KPIRATING(col(0.95, 0.1), bands), err('#REF!'));
    expectResult(KPIRATING(col(0.95, 0.1), [[0.9, 'Good'], ['x', 'Poor']]), err('#VALUE!'));
    expectResult(KPIRATING(col(0.95, 0.1), errCell('#N/A')), err('#N/A'));
  });
  it('a blank grade cell gives ""', () => {
    const bands = [
      [0.5, null, 1],
      [0, 'low', 0],
    ];
    expectResult(KPIRATING(0.6, bands), '');
    expectResult(KPIRATING(0.6, bands, 3), 1);
    expectResult(KPIRATING(0.6, [[0.5, 'mid'], [0, 'low', 9]], 3), '');
  });
  it('returns numbers and text as they are in the table', () => {
    expectResult(KPIRATING(0.6, [[0.5, 1.25], [0, 0]]), 1.25);
    expectResult(KPIRATING(0.6, [[0.5, '优秀'], [0, '合格']]), '优秀');
  });
});

describe('KPIRATING: column', () => {
  it('picks the column as VLOOKUP does', () => {
    expectResult(KPIRATING(1.05, CUSTOM, 1), 1);
    expectResult(KPIRATING(1.05, CUSTOM, 2), 'A');
    expectResult(KPIRATING(1.05, CUSTOM, 3), 1.2);
  });
  it('truncates a fraction', () => {
    expectResult(KPIRATING(1.05, CUSTOM, 2.9), 'A');
    expectResult(KPIRATING(1.05, CUSTOM, 3.99), 1.2);
    expectResult(KPIRATING(1.05, CUSTOM, 1.5), 1);
  });
  it('above the width is #REF!', () => {
    expectResult(KPIRATING(1.05, CUSTOM, 4), err('#REF!'));
    expectResult(KPIRATING(1.05, CUSTOM, 100), err('#REF!'));
    expectResult(KPIRATING(0.95, [[0.5], [0]]), err('#REF!'));
  });
  it('below 1 is #VALUE!', () => {
    expectResult(KPIRATING(1.05, CUSTOM, 0), err('#VALUE!'));
    expectResult(KPIRATING(1.05, CUSTOM, 0.5), err('#VALUE!'));
    expectResult(KPIRATING(1.05, CUSTOM, -1), err('#VALUE!'));
  });
  it('blank takes the default 2; text numbers are read', () => {
    expectResult(KPIRATING(1.05, CUSTOM, null), 'A');
    expectResult(KPIRATING(1.05, CUSTOM, ''), 'A');
    expectResult(KPIRATING(1.05, CUSTOM, '3'), 1.2);
    expectResult(KPIRATING(1.05, CUSTOM, '３'), 1.2);
  });
  it('text and booleans are #VALUE! naming column', () => {
    expectResult(KPIRATING(1.05, CUSTOM, 'grade'), err('#VALUE!', 'column'));
    expectResult(KPIRATING(1.05, CUSTOM, true), err('#VALUE!', 'column'));
  });
});

describe('KPIRATING: score', () => {
  it.each([null, undefined, '', '   ', []])('a blank score %j gives ""', (s) => {
    expectResult(KPIRATING(s), '');
    expectResult(KPIRATING(s, CUSTOM, 3), '');
  });
  it('reads numbers typed as text', () => {
    expectResult(KPIRATING('105%'), 'A');
    expectResult(KPIRATING('１０５％'), 'A');
    expectResult(KPIRATING(' 1.25 ', null, 3), 1.5);
  });
  it('rejects other text and booleans naming score', () => {
    expectResult(KPIRATING('abc'), err('#VALUE!', 'KPIRATING: score must be a number, got "abc"'));
    expectResult(KPIRATING('1,05'), err('#VALUE!', 'score'));
    expectResult(KPIRATING(false), err('#VALUE!', 'score'));
  });
  it('passes input errors through', () => {
    expectResult(KPIRATING(errCell('#DIV/0!')), err('#DIV/0!'));
    expectResult(KPIRATING(1, null, errCell('#N/A')), err('#N/A'));
    expectResult(KPIRATING(null, null, errCell('#N/A')), err('#N/A'));
  });
  it('checks score before column', () => {
    expectResult(KPIRATING('abc', null, 0), err('#VALUE!', 'score'));
    expectResult(KPIRATING(null, null, 'x'), '');
  });
});

describe('KPIRATING: broadcasting', () => {
  it('a column of scores gives a column of grades', () => {
    expectResult(KPIRATING(col(1.3, 1.05, 0.85, 0.65, 0.2, null)), [['S'], ['A'], ['B'], ['C'], ['D'], ['']]);
    expectResult(KPIRATING([1.3, 0.2], null, 3), [[1.5], [0]]);
  });
  it('a column of columns', () => {
    expectResult(KPIRATING(1.25, null, col(1, 2, 3)), [[1.2], ['S'], [1.5]]);
    expectResult(KPIRATING(col(1.25, 0.5), null, col(2, 3)), [['S'], [0]]);
  });
  it('2-D scores', () => {
    expectResult(
      KPIRATING([
        [1.3, 1.05],
        [0.85, 0.2],
      ]),
      [
        ['S', 'A'],
        ['B', 'D'],
      ],
    );
  });
  it('a bad row is an error in that cell only', () => {
    expectResult(KPIRATING(col(1.3, 'x', errCell('#N/A'), 0.7), null, col(2, 2, 2, 9)), [
      ['S'],
      [err('#VALUE!', 'score')],
      [err('#N/A')],
      [err('#REF!')],
    ]);
  });
  it('different sizes are #VALUE!', () => {
    expectResult(KPIRATING(col(1, 2, 3), null, col(2, 2, 2, 2)), err('#VALUE!', 'ranges must have the same size (3x1 and 4x1)'));
  });
});

describe('KPIRATING: never NaN or ±Infinity', () => {
  it('non-finite scores give an error', () => {
    errorOf(KPIRATING(NaN));
    errorOf(KPIRATING(Infinity));
    errorOf(KPIRATING(-Infinity));
  });
});
