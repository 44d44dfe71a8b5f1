import { forCompare, optionalNumber, requireNumber, toMatrix } from '../coerce.js';
import { isKpiError, kpiError } from '../errors.js';
import { L, defineFunction } from '../registry.js';
import { broadcast, firstError } from '../shape.js';
import type { Cell, ResultCell } from '../types.js';

const FN = 'KPIBAND';

/**
 * Pay on a threshold / target / maximum curve. `points` are [x, pay] from threshold to maximum,
 * increasing or decreasing in x. The value is compared as ROUND(actual, 10) and interpolated as
 * it is.
 */
export function bandPay(actual: number, points: readonly (readonly [number, number])[], step: boolean): number {
  const up = points[1]![0] > points[0]![0];
  const a = forCompare(actual);
  const reached = (x: number) => (up ? a >= x : a <= x);
  if (!reached(points[0]![0])) return 0;
  let i = 0;
  while (i + 1 < points.length && reached(points[i + 1]![0])) i++;
  const [x0, p0] = points[i]!;
  if (step || i === points.length - 1 || a === x0) return p0;
  const [x1, p1] = points[i + 1]!;
  return p0 + ((actual - x0) * (p1 - p0)) / (x1 - x0);
}

function bandCell(cells: Cell[]): ResultCell {
  const err = firstError(cells);
  if (err) return err;
  const [actual, threshold, target, maximum, payThreshold, payTarget, payMaximum] = cells as Cell[];
  if (actual === null) return '';
  const a = requireNumber(actual!, FN, 'actual');
  if (isKpiError(a)) return a;
  const th = requireNumber(threshold!, FN, 'threshold');
  if (isKpiError(th)) return th;
  const tg = requireNumber(target!, FN, 'target');
  if (isKpiError(tg)) return tg;
  const mx = requireNumber(maximum!, FN, 'maximum');
  if (isKpiError(mx)) return mx;
  const pTh = optionalNumber(payThreshold!, FN, 'pay_threshold', 0.5);
  if (isKpiError(pTh)) return pTh;
  const pTg = optionalNumber(payTarget!, FN, 'pay_target', 1);
  if (isKpiError(pTg)) return pTg;
  const pMx = optionalNumber(payMaximum!, FN, 'pay_maximum', 1.5);
  if (isKpiError(pMx)) return pMx;
  const ordered = (th < tg && tg < mx) || (th > tg && tg > mx);
  if (!ordered) return kpiError('#NUM!', 'bandOrder', { fn: FN });
  return bandPay(a, [[th, pTh], [tg, pTg], [mx, pMx]], false);
}

export function KPIBAND(
  actual?: unknown,
  threshold?: unknown,
  target?: unknown,
  maximum?: unknown,
  pay_threshold?: unknown,
  pay_target?: unknown,
  pay_maximum?: unknown,
) {
  return broadcast(
    FN,
    [
      toMatrix(actual, FN, 'actual'),
      toMatrix(threshold, FN, 'threshold'),
      toMatrix(target, FN, 'target'),
      toMatrix(maximum, FN, 'maximum'),
      toMatrix(pay_threshold, FN, 'pay_threshold'),
      toMatrix(pay_target, FN, 'pay_target'),
      toMatrix(pay_maximum, FN, 'pay_maximum'),
    ],
    bandCell,
  );
}

export const kpiband = defineFunction(
  {
    name: FN,
    description: L(
      'Payout factor from a threshold / target / maximum curve; lower is better when the three decrease.',
      '按门槛值 / 目标值 / 最高值曲线计算支付系数；三者递减时为越低越好。',
    ),
    returns: 'range',
    params: [
      { name: 'actual', kind: 'perRow', title: L('actual', '实际值'), description: L('The result to pay on, or a column of them.', '用于计算支付的实际结果，可为一列。') },
      { name: 'threshold', kind: 'perRow', title: L('threshold', '门槛值'), description: L('Worse than this pays 0; at it pays pay_threshold.', '差于门槛值支付 0；等于门槛值支付门槛系数。') },
      { name: 'target', kind: 'perRow', title: L('target', '目标值'), description: L('Pays pay_target.', '达到目标值时支付目标系数。') },
      { name: 'maximum', kind: 'perRow', title: L('maximum', '最高值'), description: L('At or beyond this pays pay_maximum.', '达到或超过最高值时支付最高系数。') },
      { name: 'pay_threshold', kind: 'perRow', optional: true, title: L('pay_threshold', '门槛系数'), description: L('Pay at the threshold. Default 0.5.', '门槛值处的支付系数，默认 0.5。') },
      { name: 'pay_target', kind: 'perRow', optional: true, title: L('pay_target', '目标系数'), description: L('Pay at the target. Default 1.', '目标值处的支付系数，默认 1。') },
      { name: 'pay_maximum', kind: 'perRow', optional: true, title: L('pay_maximum', '最高系数'), description: L('Pay at the maximum. Default 1.5.', '最高值处的支付系数，默认 1.5。') },
    ],
    examples: [
      { args: [0.79, 0.8, 1, 1.2], result: 0 },
      { args: [0.9, 0.8, 1, 1.2], result: 0.75 },
      { args: [1.1, 0.8, 1, 1.2], result: 1.25 },
      { args: [1.5, 0.8, 1, 1.2], result: 1.5 },
      { args: [95, 110, 100, 90], result: 1.25 },
    ],
  },
  KPIBAND,
);
