/**
 * Inputs for the host parity tests, in the core's form: every registry example is added by the
 * tests themselves; these are the edges (blanks, text numbers, Chinese options, error cells,
 * per-cell errors in arrays, size mismatches).
 */

export interface Case {
  readonly fn: string;
  readonly label: string;
  readonly args: readonly unknown[];
}

const NA = { code: '#N/A', message: 'lookup found nothing' };
const DIV = { code: '#DIV/0!', message: '#DIV/0!' };

const BANDS = [
  ['bound', 'grade', 'coefficient'],
  [1.2, 'S', 1.5],
  [1, 'A', 1.2],
  [0.8, 'B', 1],
  [null, 'D', 0],
];
const BANDS_NO_CATCH_ALL = [
  [1.2, 'S', 1.5],
  [1, 'A', 1.2],
  [0.8, 'B', 1],
];
const CURVE = [
  [0.6, 0],
  [1, 1],
  [1.2, 1.5],
];

/** Every registry example of the functions, then the edge cases below. */
export function allCases(functions: readonly { name: string; examples: readonly { args: readonly unknown[] }[] }[]): Case[] {
  const examples: Case[] = [];
  for (const def of functions) {
    def.examples.forEach((ex, i) => examples.push({ fn: def.name, label: `example ${i + 1}`, args: ex.args }));
  }
  return [...examples, ...EDGE_CASES];
}

function c(fn: string, label: string, ...args: unknown[]): Case {
  return { fn, label, args };
}

export const EDGE_CASES: readonly Case[] = [
  // KPISCORE
  c('KPISCORE', 'blank actual', null, 100),
  c('KPISCORE', 'blank actual as empty text', '', 100),
  c('KPISCORE', 'spaces only actual', '   ', 100),
  c('KPISCORE', 'blank target', 120, null),
  c('KPISCORE', 'text numbers', ' 120 ', '100'),
  c('KPISCORE', 'percent text', '85%', 1),
  c('KPISCORE', 'full-width percent', '８５％', 1),
  c('KPISCORE', 'exponent text', '1.2e2', 100),
  c('KPISCORE', 'thousands separator is text', '1,000', 100),
  c('KPISCORE', 'currency is text', '¥85', 100),
  c('KPISCORE', 'text actual', 'abc', 100),
  c('KPISCORE', 'boolean actual', true, 100),
  c('KPISCORE', 'zero target', 120, 0),
  c('KPISCORE', 'Chinese lower', 120, 100, '越低越好'),
  c('KPISCORE', 'Chinese reverse', 80, 100, '反向'),
  c('KPISCORE', 'Chinese lower_ratio', 80, 100, '反向比值'),
  c('KPISCORE', 'Chinese exact', 110, 100, '适度'),
  c('KPISCORE', 'Chinese higher', 90, 100, '正向'),
  c('KPISCORE', 'direction -1', 80, 100, -1),
  c('KPISCORE', 'direction "-1"', 80, 100, '-1'),
  c('KPISCORE', 'direction upper case', 80, 100, 'LOWER'),
  c('KPISCORE', 'unknown direction', 80, 100, 'sideways'),
  c('KPISCORE', 'boolean direction', 80, 100, true),
  c('KPISCORE', 'lower_ratio with zero actual', 0, 10, 'lower_ratio'),
  c('KPISCORE', 'lower_ratio with a baseline', 50, 100, 'lower_ratio', null, null, 10),
  c('KPISCORE', 'cap below floor', 130, 100, null, 1, 1.2),
  c('KPISCORE', 'negative cap with floor below', 50, 100, null, -0.5, -1),
  c('KPISCORE', 'baseline equals target', 50, 100, null, null, null, 100),
  c('KPISCORE', 'higher with target below baseline', 50, 10, 'higher', null, null, 100),
  c('KPISCORE', 'lower with baseline', 60, 50, 'lower', null, null, 100),
  c('KPISCORE', 'exact with baseline', 95, 100, 'exact', null, null, 80),
  c('KPISCORE', 'error cell actual', NA, 100),
  c('KPISCORE', 'error cell target', 100, DIV),
  c('KPISCORE', 'column with per-cell errors', [120, null, 80, 'x', NA, '95%'], [100, 100, 0, 100, 100, 1]),
  c('KPISCORE', 'column against one target', [[120], [90], [null], [100]], 100),
  c('KPISCORE', 'column of directions', [120, 120, 120, 120], 100, ['higher', 'lower', '适度', 'nope']),
  c('KPISCORE', '2x2 ranges', [[1, 2], [3, 4]], [[2, 2], [2, 0]]),
  c('KPISCORE', 'size mismatch', [1, 2, 3], [1, 2, 3, 4]),
  c('KPISCORE', 'short rows padded', [[1, 2], [3]], 2),
  c('KPISCORE', 'empty array is blank', [], 100),
  c('KPISCORE', 'caps per row', [130, 130], [100, 100], null, [1.2, null]),

  // KPIBAND
  c('KPIBAND', 'at threshold', 0.8, 0.8, 1, 1.2),
  c('KPIBAND', 'custom pays', 1.1, 0.8, 1, 1.2, 0.2, 1, 2),
  c('KPIBAND', 'out of order', 1, 1, 1, 1.2),
  c('KPIBAND', 'blank actual', null, 0.8, 1, 1.2),
  c('KPIBAND', 'text threshold', 0.9, 'low', 1, 1.2),
  c('KPIBAND', 'decreasing, worse than threshold', 120, 110, 100, 90),
  c('KPIBAND', 'column of actuals', [0.5, 0.8, 0.9, 1, 1.1, 1.2, 2, null, 'x'], 0.8, 1, 1.2),
  c('KPIBAND', 'column of thresholds', [0.9, 0.9], [0.8, 0.85], 1, 1.2),
  c('KPIBAND', 'percent texts', '90%', '80%', '100%', '120%'),

  // KPICURVE
  c('KPICURVE', 'exactly at a point', 1, CURVE),
  c('KPICURVE', 'below the first point', 0.5, CURVE),
  c('KPICURVE', 'step between points', 1.1, CURVE, '阶梯'),
  c('KPICURVE', 'linear in Chinese', 1.1, CURVE, '线性'),
  c('KPICURVE', 'blank row ends the curve', 1.5, [[0.6, 0], [1, 1], [null, null], [9, 9]]),
  c('KPICURVE', 'half row', 1, [[0.6, 0], [1, null], [1.2, 1.5]]),
  c('KPICURVE', 'one point', 1, [[1, 1]]),
  c('KPICURVE', 'out of order', 1, [[0.6, 0], [1.2, 1], [1, 1.5]]),
  c('KPICURVE', 'decreasing curve', 95, [[110, 0.5], [100, 1], [90, 1.5]]),
  c('KPICURVE', 'header row', 0.8, [['x', 'pay'], [0.6, 0], [1, 1]]),
  c('KPICURVE', 'extra columns ignored', 0.8, [[0.6, 0, 'a'], [1, 1, 'b']]),
  c('KPICURVE', 'column of actuals', [0.5, 0.8, 1.1, null, 'x', NA], CURVE),
  c('KPICURVE', 'error in the curve', 0.8, [[0.6, 0], [1, DIV]]),
  c('KPICURVE', 'unknown mode', 0.8, CURVE, 'smooth'),

  // KPIRATING
  c('KPIRATING', 'float noise at a bound', 0.08 / 0.1),
  c('KPIRATING', 'custom bands with header', 0.9, BANDS),
  c('KPIRATING', 'coefficient column', 1.3, BANDS, 3),
  c('KPIRATING', 'catch-all row', 0.1, BANDS),
  c('KPIRATING', 'below every band', 0.5, BANDS_NO_CATCH_ALL),
  c('KPIRATING', 'column 0', 1, BANDS, 0),
  c('KPIRATING', 'column beyond the table', 1, BANDS, 9),
  c('KPIRATING', 'fractional column', 1, BANDS, 2.9),
  c('KPIRATING', 'blank score', null),
  c('KPIRATING', 'text score', 'good'),
  c('KPIRATING', 'column of scores', [1.25, 1.05, 0.85, 0.65, 0.2, null, 'x', NA]),
  c('KPIRATING', 'column of scores, coefficients', [1.25, 1.05, 0.85], undefined, 3),
  c('KPIRATING', 'text bound in the middle', 1, [[1.2, 'S'], ['high', 'A'], [0.8, 'B']]),

  // WEIGHTED_SCORE
  c('WEIGHTED_SCORE', 'blank skipped', [1.2, null, 1], [0.6, 0.2, 0.2]),
  c('WEIGHTED_SCORE', 'blank as zero', [1.2, null, 1], [0.6, 0.2, 0.2], 'zero'),
  c('WEIGHTED_SCORE', 'blank as zero in Chinese', [1.2, null, 1], [0.6, 0.2, 0.2], '按零计'),
  c('WEIGHTED_SCORE', 'skip in Chinese', [1.2, null, 1], [0.6, 0.2, 0.2], '跳过'),
  c('WEIGHTED_SCORE', 'every score blank', [null, null], [0.5, 0.5]),
  c('WEIGHTED_SCORE', 'negative weight', [1, 1], [0.5, -0.5]),
  c('WEIGHTED_SCORE', 'weights add up to 0', [1, 1], [0, 0]),
  c('WEIGHTED_SCORE', 'error cell', [1, NA], [0.5, 0.5]),
  c('WEIGHTED_SCORE', 'points as weights', [1.2, 0.9], [30, 10]),
  c('WEIGHTED_SCORE', 'percent texts', ['120%', '90%'], ['60%', '40%']),
  c('WEIGHTED_SCORE', 'size mismatch', [1, 1, 1], [1, 1]),
  c('WEIGHTED_SCORE', 'unknown blanks option', [1, 1], [1, 1], 'ignore'),

  // WEIGHTED_SHARE
  c('WEIGHTED_SHARE', 'with factors', 100000, [8000, 10000, 12000], [1.2, 1, 0.6]),
  c('WEIGHTED_SHARE', 'to the cent with factors', 100000, [8000, 10000, 12000], [1.2, 1, 0.6], 2),
  c('WEIGHTED_SHARE', 'half cent rounds away from zero', 100.005, [1, 1, 1], undefined, 2),
  c('WEIGHTED_SHARE', 'negative total', -100, [1, 1, 1], undefined, 2),
  c('WEIGHTED_SHARE', 'blank weight row', 100, [1, null, 1]),
  c('WEIGHTED_SHARE', 'every row blank', 100, [null, null]),
  c('WEIGHTED_SHARE', 'error in one row', 100, [1, NA, 1]),
  c('WEIGHTED_SHARE', 'negative weight', 100, [1, -1, 1]),
  c('WEIGHTED_SHARE', 'weights add up to 0', 100, [0, 0]),
  c('WEIGHTED_SHARE', 'blank total', null, [1, 1]),
  c('WEIGHTED_SHARE', 'decimals out of range', 100, [1, 1], undefined, 11),
  c('WEIGHTED_SHARE', 'fractional decimals', 100, [1, 1], undefined, 1.5),
  c('WEIGHTED_SHARE', 'text weights', '100', ['1', '２']),
  c('WEIGHTED_SHARE', 'factors size mismatch', 100, [1, 1, 1], [1, 1]),
  c('WEIGHTED_SHARE', 'a row of weights', 90, [[1, 2, 3]], undefined, 0),

  // SCORE360
  c('SCORE360', 'Chinese labels', [4, 3, 4, 5, 5], ['上级', '同事', '同事', '平级', '下级'], [['上级', 0.5], ['同事', 0.5]]),
  c('SCORE360', 'equal weights', [4, 3, 4, 5, 4], ['manager', 'peer', 'peer', 'peer', 'self']),
  c('SCORE360', 'min_raters 1', [4, 5, 3], ['manager', 'report', 'customer'], undefined, 1),
  c('SCORE360', 'min_raters 0', [4, 5], ['manager', 'report'], undefined, 0),
  c('SCORE360', 'blank label', [4, 5], ['manager', null]),
  c('SCORE360', 'every rating blank', [null, null], ['manager', 'peer']),
  c('SCORE360', 'not enough raters', [4, 5], ['peer', 'peer']),
  c('SCORE360', 'self weighted', [4, 5], ['manager', 'self'], [['manager', 0.5], ['self', 0.5]]),
  c('SCORE360', 'error rating', [4, NA], ['manager', 'peer']),
  c('SCORE360', 'other labels and plurals', [4, 4, 5, 3, 3, 3], ['manager', 'Peers', 'peers', 'board', 'board', 'board']),
  c('SCORE360', 'header in group weights', [4, 3, 4, 5], ['manager', 'peer', 'peer', 'peer'], [['group', 'weight'], ['manager', 1], ['peer', 1]]),

  // NPS
  c('NPS', 'a 2-D range', [[10, 9, 8], [7, 6, 0]]),
  c('NPS', 'blanks ignored', [10, null, 0, null]),
  c('NPS', 'every cell blank', [null, null]),
  c('NPS', 'out of scale', [10, 11]),
  c('NPS', 'not whole', [9.5]),
  c('NPS', 'text answer', [10, 'yes']),
  c('NPS', 'full-width digits', ['９', '１０', '３']),
  c('NPS', 'error cell', [10, NA]),
  c('NPS', 'single value', 9),
];

/** Cases whose core result is a known error, for checking each host's error form. */
export const ERROR_CASES: readonly { readonly fn: string; readonly args: readonly unknown[]; readonly code: string }[] = [
  { fn: 'KPISCORE', args: [120, 0], code: '#DIV/0!' },
  { fn: 'KPISCORE', args: ['abc', 100], code: '#VALUE!' },
  { fn: 'KPISCORE', args: [-5, 10, 'lower_ratio'], code: '#NUM!' },
  { fn: 'KPIRATING', args: [0.5, BANDS_NO_CATCH_ALL], code: '#N/A' },
  { fn: 'KPIRATING', args: [1, BANDS, 9], code: '#REF!' },
  { fn: 'NPS', args: [[null]], code: '#N/A' },
  { fn: 'WEIGHTED_SCORE', args: [[1, 1], [0, 0]], code: '#DIV/0!' },
];
