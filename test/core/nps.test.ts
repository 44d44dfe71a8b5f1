import { describe, it } from 'vitest';
import { NPS } from '../../core/functions/nps.js';
import { col, err, errCell, errorOf, expectResult } from './helpers.js';

describe('NPS: example from the contract', () => {
  it('{10; 9; 8; 7; 6; 0; 10; 9; 9; 3} is 20', () => {
    expectResult(NPS([10, 9, 8, 7, 6, 0, 10, 9, 9, 3]), 20);
    expectResult(NPS(col(10, 9, 8, 7, 6, 0, 10, 9, 9, 3)), 20);
  });
});

describe('NPS: categories', () => {
  it('promoters 9–10, detractors 0–6, passives 7–8', () => {
    expectResult(NPS([9, 10, 10]), 100);
    expectResult(NPS([0, 1, 2, 3, 4, 5, 6]), -100);
    expectResult(NPS([7, 8, 7]), 0);
    expectResult(NPS([9, 6]), 0);
    expectResult(NPS([10, 8, 8, 8]), 25);
    expectResult(NPS([10, 6, 6]), -100 / 3);
    expectResult(NPS(5), -100);
    expectResult(NPS(9), 100);
  });
  it('ignores blank cells', () => {
    expectResult(NPS([10, null, '', '  ', 0]), 0);
    expectResult(NPS([10, null, 10, 6]), 100 / 3);
    expectResult(NPS([[10, null], [null, 8]]), 50);
  });
  it('reads 2-D ranges', () => {
    expectResult(
      NPS([
        [10, 9],
        [6, 7],
      ]),
      25,
    );
  });
  it('reads numbers typed as text', () => {
    expectResult(NPS(['10', ' 9 ', '６', '1e1']), 50);
  });
  it('compares the answer rounded to 10 decimals', () => {
    expectResult(NPS([0.1 * 3 * 10]), -100);
    expectResult(NPS([9 - 1e-12]), 100);
    expectResult(NPS([6 + 1e-11]), -100);
  });
});

describe('NPS: errors', () => {
  it('an answer that is not a whole number from 0 to 10 is #NUM!', () => {
    expectResult(NPS([10, 11]), err('#NUM!'));
    expectResult(NPS([10, -1]), err('#NUM!'));
    expectResult(NPS([10, 8.5]), err('#NUM!'));
    expectResult(NPS([10, '90%']), err('#NUM!'));
    expectResult(NPS([10, 9 - 1e-9]), err('#NUM!'));
  });
  it('text that is not a number is #VALUE!', () => {
    expectResult(NPS([10, 'abc']), err('#VALUE!'));
    expectResult(NPS([10, '1,0']), err('#VALUE!'));
    expectResult(NPS([10, true]), err('#VALUE!'));
  });
  it('no answers is #N/A', () => {
    expectResult(NPS([null, '', '  ']), err('#N/A', 'no responses'));
    expectResult(NPS(), err('#N/A', 'no responses'));
    expectResult(NPS([]), err('#N/A', 'no responses'));
  });
  it('an error cell gives that error', () => {
    expectResult(NPS([10, errCell('#REF!', 'gone'), 9]), err('#REF!', 'gone'));
    expectResult(NPS(errCell('#DIV/0!')), err('#DIV/0!'));
  });
  it('never gives NaN or ±Infinity', () => {
    errorOf(NPS([NaN]));
    errorOf(NPS([Infinity, 9]));
  });
});
