import { isLabel, parseOption, requireNumber, toMatrix, toNumber } from '../coerce.js';
import { describe, isKpiError, kpiError } from '../errors.js';
import { CURVE_MODES } from '../options.js';
import { L, defineFunction } from '../registry.js';
import { broadcast, firstError } from '../shape.js';
import type { Cell, KpiError, Matrix, ResultCell } from '../types.js';
import { bandPay } from './kpiband.js';

const FN = 'KPICURVE';

/**
 * Reads `x | pay` rows up to the first blank row; a first row of two labels is a header. Cells
 * after the second column and after the blank row are ignored, error cells there too.
 */
export function readCurve(m: Matrix): [number, number][] | KpiError {
  const points: [number, number][] = [];
  for (let r = 0; r < m.length; r++) {
    const x = m[r]![0] ?? null;
    const pay = m[r]![1] ?? null;
    if (x === null && pay === null) break;
    const err = firstError([x, pay]);
    if (err) return err;
    if (r === 0 && isLabel(x) && isLabel(pay)) continue;
    if (x === null || pay === null) return kpiError('#VALUE!', 'curveHalfRow', { fn: FN, row: r + 1 });
    const nx = toNumber(x, FN, 'curve');
    const np = toNumber(pay, FN, 'curve');
    for (const [n, c] of [[nx, x], [np, pay]] as const) {
      if (isKpiError(n)) return kpiError(n.code, 'curveText', { fn: FN, row: r + 1, got: describe(c) });
    }
    points.push([nx as number, np as number]);
  }
  if (points.length < 2) return kpiError('#NUM!', 'curveTooShort', { fn: FN });
  const up = points[1]![0] > points[0]![0];
  for (let i = 1; i < points.length; i++) {
    const d = points[i]![0] - points[i - 1]![0];
    if (up ? d <= 0 : d >= 0) return kpiError('#NUM!', 'curveOrder', { fn: FN });
  }
  return points;
}

export function KPICURVE(actual?: unknown, curve?: unknown, mode?: unknown) {
  const points = readCurve(toMatrix(curve, FN, 'curve'));
  if (isKpiError(points)) return points;
  return broadcast(FN, [toMatrix(actual, FN, 'actual'), toMatrix(mode, FN, 'mode')], (cells): ResultCell => {
    const err = firstError(cells);
    if (err) return err;
    if (cells[0] === null) return '';
    const a = requireNumber(cells[0]!, FN, 'actual');
    if (isKpiError(a)) return a;
    const m = parseOption(cells[1]!, CURVE_MODES, FN, 'mode', 'linear');
    if (isKpiError(m)) return m;
    return bandPay(a, points, m === 'step');
  });
}

const CURVE = [
  [0.6, 0],
  [1, 1],
  [1.2, 1.5],
];

export const kpicurve = defineFunction(
  {
    name: FN,
    description: L(
      'Payout or score from a curve of any number of points, interpolated or in steps.',
      '按任意多个点组成的曲线计算支付系数或得分，可线性插值或阶梯取值。',
    ),
    returns: 'range',
    params: [
      { name: 'actual', kind: 'perRow', title: L('actual', '实际值'), description: L('The result, or a column of them.', '实际结果，可为一列。') },
      {
        name: 'curve',
        kind: 'table',
        title: L('curve', '曲线'),
        description: L(
          'Two columns x | pay, from worst to best; worse than the first point pays 0.',
          '两列：x | 支付值，从差到好排列；差于第一个点支付 0。',
        ),
      },
      {
        name: 'mode',
        kind: 'perRow',
        optional: true,
        title: L('mode', '方式'),
        description: L('"linear" (default, 线性) or "step" (阶梯).', '"linear"/线性（默认）或 "step"/阶梯。'),
      },
    ],
    examples: [
      { args: [0.8, CURVE], result: 0.5 },
      { args: [0.8, CURVE, 'step'], result: 0 },
      { args: [1.1, CURVE, 'step'], result: 1 },
      { args: [2, CURVE], result: 1.5 },
      {
        args: [1313, [[620, 0.5], [1997, 1], [2400, 1.5], [3324, 2], [4000, 3]]],
        result: ((1313 - 620) * 0.5) / (1997 - 620) + 0.5,
      },
    ],
  },
  KPICURVE,
);
