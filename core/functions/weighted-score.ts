import { BLANK, parseOption, singleCell, toMatrix, toNumber } from '../coerce.js';
import { describe, isKpiError, kpiError } from '../errors.js';
import { BLANK_MODES } from '../options.js';
import { L, defineFunction } from '../registry.js';
import { at, commonSize, finite, firstErrorIn } from '../shape.js';
import type { ResultCell } from '../types.js';

const FN = 'WEIGHTED_SCORE';

export function WEIGHTED_SCORE(scores?: unknown, weights?: unknown, blanks?: unknown): ResultCell {
  const s = toMatrix(scores, FN, 'scores');
  const w = toMatrix(weights, FN, 'weights');
  const size = commonSize(FN, [s, w]);
  if (isKpiError(size)) return size;
  const mode = parseOption(singleCell(blanks, FN, 'blanks'), BLANK_MODES, FN, 'blanks', 'skip');
  const err = firstErrorIn(s) ?? firstErrorIn(w);
  if (err) return err;
  if (isKpiError(mode)) return mode;
  if (s.every((row) => row.every((c) => c === null))) return '';
  let sum = 0;
  let weightSum = 0;
  for (let r = 0; r < size.rows; r++) {
    for (let c = 0; c < size.cols; c++) {
      const sc = toNumber(at(s, r, c), FN, 'scores');
      if (isKpiError(sc)) return sc;
      const wc = toNumber(at(w, r, c), FN, 'weights');
      if (isKpiError(wc)) return wc;
      const weight = wc === BLANK ? 0 : wc;
      if (weight < 0) return kpiError('#NUM!', 'negativeValue', { fn: FN, arg: 'weights', got: describe(weight) });
      if (sc === BLANK && mode === 'skip') continue;
      sum += (sc === BLANK ? 0 : sc) * weight;
      weightSum += weight;
    }
  }
  if (weightSum === 0) return kpiError('#DIV/0!', 'weightsSumZero', { fn: FN });
  return finite(FN, sum / weightSum);
}

export const weightedScore = defineFunction(
  {
    name: FN,
    description: L(
      'Weighted overall score Σ(score × weight) / Σ(weight); blank scores are skipped by default.',
      '加权得分 Σ(得分 × 权重) / Σ(权重)；默认跳过空白得分。',
    ),
    returns: 'value',
    params: [
      { name: 'scores', kind: 'perRow', title: L('scores', '得分'), description: L('The scores, one per KPI.', '各 KPI 的得分。') },
      {
        name: 'weights',
        kind: 'perRow',
        title: L('weights', '权重'),
        description: L('Weights of the same size: percentages or points; need not sum to 100%.', '同样大小的权重：百分比或分值均可，不必合计 100%。'),
      },
      {
        name: 'blanks',
        kind: 'setting',
        optional: true,
        title: L('blanks', '空白处理'),
        description: L('"skip" (default, 跳过): leave blank scores out; "zero" (按零计): count them as 0.', '"skip"/跳过（默认）：不计空白得分；"zero"/按零计：空白按 0 计。'),
      },
    ],
    examples: [{ args: [[1.2, 0.9, 1.0], [0.6, 0.2, 0.2]], result: 1.1 }],
  },
  WEIGHTED_SCORE,
);
