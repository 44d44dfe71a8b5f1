import { BLANK, forCompare, toMatrix, toNumber } from '../coerce.js';
import { describe, isKpiError, kpiError } from '../errors.js';
import { L, defineFunction } from '../registry.js';
import { firstErrorIn } from '../shape.js';
import type { ResultCell } from '../types.js';

const FN = 'NPS';

export function NPS(responses?: unknown): ResultCell {
  const m = toMatrix(responses, FN, 'responses');
  const err = firstErrorIn(m);
  if (err) return err;
  let promoters = 0;
  let detractors = 0;
  let answers = 0;
  for (const row of m) {
    for (const c of row) {
      const n = toNumber(c, FN, 'responses');
      if (isKpiError(n)) return n;
      if (n === BLANK) continue;
      const x = forCompare(n);
      if (!Number.isInteger(x) || x < 0 || x > 10) return kpiError('#NUM!', 'npsRange', { fn: FN, got: describe(n) });
      answers++;
      if (x >= 9) promoters++;
      else if (x <= 6) detractors++;
    }
  }
  if (answers === 0) return kpiError('#N/A', 'noResponses', { fn: FN });
  return ((promoters - detractors) / answers) * 100;
}

export const nps = defineFunction(
  {
    name: FN,
    description: L(
      'Net Promoter Score of 0–10 answers: % promoters (9–10) minus % detractors (0–6), from −100 to 100.',
      '净推荐值（NPS）：0–10 分回答中推荐者（9–10）占比减去贬损者（0–6）占比，范围 −100 到 100。',
    ),
    returns: 'value',
    params: [
      {
        name: 'responses',
        kind: 'table',
        title: L('responses', '回答'),
        description: L('Survey answers, whole numbers from 0 to 10; blanks are ignored.', '调查回答，0 到 10 的整数；空白忽略。'),
      },
    ],
    examples: [{ args: [[10, 9, 8, 7, 6, 0, 10, 9, 9, 3]], result: 20 }],
  },
  NPS,
);
