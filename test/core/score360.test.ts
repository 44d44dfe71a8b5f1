import { describe, expect, it } from 'vitest';
import { SCORE360 } from '../../core/functions/score360.js';
import { col, err, errCell, errorOf, expectResult } from './helpers.js';

const RATINGS = [4, 3, 4, 5, 5, 4, 5];
const GROUPS = ['manager', 'peer', 'peer', 'peer', 'report', 'report', 'self'];
const WEIGHTS = [
  ['manager', 0.4],
  ['peer', 0.3],
  ['report', 0.3],
];

describe('SCORE360: example from the contract', () => {
  it('manager {4}, peers {3,4,5}, reports {5,4} dropped, self left out → 4', () => {
    expectResult(SCORE360(RATINGS, GROUPS, WEIGHTS), 4);
    expectResult(SCORE360(col(...RATINGS), col(...GROUPS), WEIGHTS), 4);
  });
});

describe('SCORE360: groups and weights', () => {
  it('equal weights over the shown groups by default', () => {
    expectResult(SCORE360(RATINGS, GROUPS), 4);
    expectResult(SCORE360([5, 3, 4, 5], ['manager', 'peer', 'peer', 'peer']), 4.5);
    expectResult(SCORE360([5, 3, 4, 5, 2, 2, 2], ['manager', 'peer', 'peer', 'peer', 'customer', 'customer', 'customer']), 11 / 3);
  });
  it('each group score is the mean of its ratings', () => {
    expectResult(SCORE360([3, 4, 5, 5], ['peer', 'peer', 'peer', 'peer']), 4.25);
  });
  it('rescales the weights over the groups shown', () => {
    expectResult(SCORE360(RATINGS, GROUPS, [['manager', 40], ['peer', 30], ['report', 30]]), 4);
    expectResult(SCORE360(RATINGS, GROUPS, [['manager', '40%'], ['peer', '30%'], ['report', '30%']]), 4);
    expectResult(SCORE360([5, 3, 3, 3], ['manager', 'peer', 'peer', 'peer'], [['manager', 1], ['peer', 3]]), 3.5);
  });
  it('a shown group missing from the range counts with weight 0', () => {
    expectResult(SCORE360(RATINGS, GROUPS, [['manager', 1]]), 4);
    expectResult(SCORE360([5, 3, 3, 3], ['manager', 'peer', 'peer', 'peer'], [['peer', 1]]), 3);
    expectResult(SCORE360([5, 3, 3, 3], ['manager', 'peer', 'peer', 'peer'], [['peer', null], ['manager', 2]]), 5);
  });
  it('any other label is a group of its own, matched case-insensitively', () => {
    expectResult(SCORE360([5, 2, 2, 2], ['manager', 'Vendor', 'vendor', 'VENDOR ']), 3.5);
    expectResult(SCORE360([5, 2, 2], ['manager', 'vendor', 'vendor']), 5);
    expectResult(SCORE360([5, 2, 2, 2], ['manager', 'vendor', 'vendor', 'vendor'], [['manager', 1], ['Vendor', 3]]), 2.75);
  });
  it('labels are case-insensitive, plurals and Chinese too', () => {
    const labels = ['MANAGER', 'Peers', 'peer', ' PEER ', 'reports', 'Report', 'Self'];
    expectResult(SCORE360(RATINGS, labels, WEIGHTS), 4);
    const zh = ['上级', '同事', '平级', '同事', '下级', '下级', '自评'];
    expectResult(SCORE360(RATINGS, zh, WEIGHTS), 4);
    expectResult(SCORE360(RATINGS, GROUPS, [['上级', 0.4], ['同事', 0.3], ['下级', 0.3]]), 4);
    expectResult(SCORE360(RATINGS, GROUPS, [['Managers', 0.4], ['PEERS', 0.3], ['reports', 0.3]]), 4);
    expectResult(SCORE360([5, 2, 3, 4], ['上级', '客户', '内部客户', 'customers']), 4);
    expectResult(SCORE360([5, 2, 3, 4], ['manager', 'customer', 'Customer', '客户'], [['客户', 1], ['manager', 1]]), 4);
  });
});

describe('SCORE360: self', () => {
  it('is left out unless group_weights gives it a weight', () => {
    expectResult(SCORE360([4, 5], ['manager', 'self']), 4);
    expectResult(SCORE360([4, 5], ['manager', 'self'], [['manager', 0.8], ['self', 0.2]]), 4.2);
    expectResult(SCORE360([4, 5], ['manager', '自评'], [['上级', 0.8], ['自评', 0.2]]), 4.2);
  });
  it('alone, without a weight, is not enough', () => {
    expectResult(SCORE360([5], ['self']), err('#N/A', 'not enough raters'));
  });
  it('alone, with a weight, is shown with 1 rating', () => {
    expectResult(SCORE360([5], ['self'], [['self', 1]]), 5);
  });
});

describe('SCORE360: anonymity', () => {
  it('drops a group with fewer than min_raters ratings (default 3)', () => {
    expectResult(SCORE360([4, 5, 4], ['manager', 'report', 'report']), 4);
    expectResult(SCORE360([4, 5, 4, 3], ['manager', 'report', 'report', 'report']), 4);
  });
  it('manager needs only 1', () => {
    expectResult(SCORE360([2], ['manager']), 2);
    expectResult(SCORE360([2, 4], ['manager', 'manager']), 3);
  });
  it('min_raters sets the threshold', () => {
    expectResult(SCORE360(RATINGS, GROUPS, WEIGHTS, 2), 0.4 * 4 + 0.3 * 4 + 0.3 * 4.5);
    expectResult(SCORE360(RATINGS, GROUPS, WEIGHTS, 1), 0.4 * 4 + 0.3 * 4 + 0.3 * 4.5);
    expectResult(SCORE360(RATINGS, GROUPS, WEIGHTS, 4), 4);
    expectResult(SCORE360(RATINGS, GROUPS, WEIGHTS, '2'), 0.4 * 4 + 0.3 * 4 + 0.3 * 4.5);
    expectResult(SCORE360(RATINGS, GROUPS, WEIGHTS, null), 4);
    expectResult(SCORE360(RATINGS, GROUPS, WEIGHTS, ''), 4);
  });
  it('blank ratings do not count as raters', () => {
    expectResult(SCORE360([4, 3, null, 5], ['manager', 'peer', 'peer', 'peer']), 4);
    expectResult(SCORE360([4, 3, null, 5, 4], ['manager', 'peer', 'peer', 'peer', 'peer']), 4);
  });
  it.each([0, -1, 1.5, 2.5])('min_raters %d is #NUM!', (n) => {
    expectResult(SCORE360(RATINGS, GROUPS, WEIGHTS, n), err('#NUM!', 'min_raters'));
  });
  it('min_raters as text that is not a number or a boolean is #VALUE!', () => {
    expectResult(SCORE360(RATINGS, GROUPS, WEIGHTS, 'three'), err('#VALUE!', 'min_raters'));
    expectResult(SCORE360(RATINGS, GROUPS, WEIGHTS, true), err('#VALUE!', 'min_raters'));
  });
  it('no group shown is #N/A', () => {
    expectResult(SCORE360([4, 5], ['peer', 'peer']), err('#N/A', 'not enough raters'));
    expectResult(SCORE360([4, 5], ['peer', 'self']), err('#N/A', 'not enough raters'));
  });
  it('no shown group with a weight above 0 is #N/A', () => {
    expectResult(SCORE360([4, 3, 4, 5], ['manager', 'peer', 'peer', 'peer'], [['report', 1]]), err('#N/A', 'not enough raters'));
    expectResult(SCORE360([4, 3, 4, 5], ['manager', 'peer', 'peer', 'peer'], [['manager', 0], ['peer', 0]]), err('#N/A'));
    expectResult(SCORE360([4, 4, 4], ['manager', 'report', 'report'], [['report', 1]]), err('#N/A'));
  });
});

describe('SCORE360: blanks, text and errors', () => {
  it('every rating blank gives ""', () => {
    expectResult(SCORE360([null, '', '  '], ['manager', 'peer', 'peer']), '');
    expectResult(SCORE360([null, null], [null, null]), '');
    expectResult(SCORE360(null, null), '');
  });
  it('a rating with a blank label is #VALUE!', () => {
    expectResult(SCORE360([4, 3], ['manager', null]), err('#VALUE!'));
    expectResult(SCORE360([4, 3], ['manager', '  ']), err('#VALUE!'));
  });
  it('a blank rating may have a blank label', () => {
    expectResult(SCORE360([4, null], ['manager', null]), 4);
  });
  it('reads ratings typed as text', () => {
    expectResult(SCORE360(['4', ' 3 ', '４', '5'], ['manager', 'peer', 'peer', 'peer']), 4);
  });
  it('a rating that is not a number is #VALUE!', () => {
    expectResult(SCORE360([4, 'good'], ['manager', 'peer']), err('#VALUE!', 'ratings'));
    expectResult(SCORE360([4, true], ['manager', 'peer']), err('#VALUE!', 'ratings'));
  });
  it('a boolean label is #VALUE!', () => {
    expectResult(SCORE360([4, 3], ['manager', true]), err('#VALUE!'));
  });
  it('a weight that is not a number is #VALUE!', () => {
    expectResult(SCORE360(RATINGS, GROUPS, [['manager', 0.4], ['peer', 'high']]), err('#VALUE!'));
  });
  it('an error cell anywhere makes the result that error', () => {
    expectResult(SCORE360([4, errCell('#N/A', 'no form')], ['manager', 'peer']), err('#N/A', 'no form'));
    expectResult(SCORE360([4, 3], ['manager', errCell('#REF!')]), err('#REF!'));
    expectResult(SCORE360(RATINGS, GROUPS, [['manager', errCell('#DIV/0!')]]), err('#DIV/0!'));
    expectResult(SCORE360(RATINGS, GROUPS, WEIGHTS, errCell('#NUM!')), err('#NUM!'));
    expectResult(SCORE360([null, null], ['manager', 'peer'], errCell('#REF!')), err('#REF!'));
  });
  it('ratings and groups of different sizes are #VALUE!', () => {
    expectResult(
      SCORE360(col(4, 3, 4), col('manager', 'peer', 'peer', 'peer')),
      err('#VALUE!', 'ranges must have the same size (3x1 and 4x1)'),
    );
  });
  it('one label for every rating', () => {
    expectResult(SCORE360([3, 4, 5], 'peer'), 4);
  });
  it('2-D ranges', () => {
    expectResult(
      SCORE360(
        [
          [4, 3],
          [4, 5],
        ],
        [
          ['manager', 'peer'],
          ['peer', 'peer'],
        ],
      ),
      4,
    );
  });
  it('never gives NaN or ±Infinity', () => {
    errorOf(SCORE360([NaN], ['manager']));
    errorOf(SCORE360([4], ['manager'], [['manager', Infinity]]));
    errorOf(SCORE360([1e308, 1e308], ['manager', 'manager']));
    const r = SCORE360([4, 4], ['manager', 'peer'], [['manager', 1e308], ['peer', 1e308]], 1);
    expect(r === 4 || (typeof r === 'object' && r !== null)).toBe(true);
  });
});
