import { BLANK, isLabel, singleCell, toMatrix, toNumber } from '../coerce.js';
import { describe, isKpiError, kpiError } from '../errors.js';
import { GROUPS_360, SINGLE_RATER_GROUPS, normalizeWord } from '../options.js';
import { L, defineFunction } from '../registry.js';
import { at, commonSize, finite, firstError, firstErrorIn } from '../shape.js';
import type { Cell, KpiError, Matrix, ResultCell } from '../types.js';

const FN = 'SCORE360';

const ALIASES = new Map<string, string>();
for (const [key, words] of Object.entries(GROUPS_360)) for (const w of words) ALIASES.set(w, key);

/** The group a label names: a standard group for any of its aliases, else the label itself. */
export function canonicalGroup(label: Cell): string | null | KpiError {
  if (label === null) return null;
  if (isKpiError(label)) return label;
  if (typeof label === 'boolean') {
    const options = Object.values(GROUPS_360).map((w) => w.join('/')).join(', ');
    return kpiError('#VALUE!', 'badOption', { fn: FN, arg: 'groups', options, got: describe(label) });
  }
  const word = normalizeWord(String(label));
  return ALIASES.get(word) ?? word;
}

function readGroupWeights(m: Matrix): Map<string, number> | null | KpiError {
  const weights = new Map<string, number>();
  let first = true;
  let any = false;
  for (let r = 0; r < m.length; r++) {
    const label = m[r]![0] ?? null;
    const weight = m[r]![1] ?? null;
    if (label === null && weight === null) continue;
    any = true;
    const header = first && isLabel(weight);
    first = false;
    if (header || label === null) continue;
    const g = canonicalGroup(label);
    if (isKpiError(g)) return g;
    const n = toNumber(weight, FN, 'group_weights');
    if (isKpiError(n)) return kpiError(n.code, 'groupWeightText', { fn: FN, row: r + 1, got: describe(weight) });
    const value = n === BLANK ? 0 : n;
    if (value < 0) return kpiError('#NUM!', 'negativeValue', { fn: FN, arg: 'group_weights', got: describe(value) });
    if (!weights.has(g!)) weights.set(g!, value);
  }
  return any ? weights : null;
}

export function SCORE360(ratings?: unknown, groups?: unknown, group_weights?: unknown, min_raters?: unknown): ResultCell {
  const r = toMatrix(ratings, FN, 'ratings');
  const g = toMatrix(groups, FN, 'groups');
  const gw = toMatrix(group_weights, FN, 'group_weights');
  const mr = singleCell(min_raters, FN, 'min_raters');
  const size = commonSize(FN, [r, g]);
  if (isKpiError(size)) return size;
  const err = firstErrorIn(r) ?? firstErrorIn(g) ?? firstErrorIn(gw) ?? firstError([mr]);
  if (err) return err;
  if (r.every((row) => row.every((c) => c === null))) return '';

  const stats = new Map<string, { sum: number; n: number }>();
  let index = 0;
  for (let i = 0; i < size.rows; i++) {
    for (let j = 0; j < size.cols; j++) {
      index++;
      const rating = toNumber(at(r, i, j), FN, 'ratings');
      if (isKpiError(rating)) return rating;
      if (rating === BLANK) continue;
      const group = canonicalGroup(at(g, i, j));
      if (isKpiError(group)) return group;
      if (group === null) return kpiError('#VALUE!', 'blankGroup', { fn: FN, row: index });
      const s = stats.get(group) ?? { sum: 0, n: 0 };
      s.sum += rating;
      s.n += 1;
      stats.set(group, s);
    }
  }
  const weights = readGroupWeights(gw);
  if (isKpiError(weights)) return weights;
  const mn = toNumber(mr, FN, 'min_raters');
  if (isKpiError(mn)) return mn;
  const minRaters = mn === BLANK ? 3 : mn;
  if (!Number.isInteger(minRaters) || minRaters < 1) {
    return kpiError('#NUM!', 'minRaters', { fn: FN, got: describe(minRaters) });
  }

  let total = 0;
  let weightSum = 0;
  for (const [group, s] of stats) {
    const needed = SINGLE_RATER_GROUPS.includes(group) ? 1 : minRaters;
    if (s.n < needed) continue;
    if (group === 'self' && !weights?.has('self')) continue;
    const w = weights === null ? 1 : (weights.get(group) ?? 0);
    total += (w * s.sum) / s.n;
    weightSum += w;
  }
  if (weightSum === 0) return kpiError('#N/A', 'notEnoughRaters', { fn: FN });
  return finite(FN, total / weightSum);
}

export const score360 = defineFunction(
  {
    name: FN,
    description: L(
      '360-degree / collaboration score: the weighted mean of rater-group means; groups with too few raters are dropped for anonymity.',
      '360 度 / 协作评价得分：各评价组平均分的加权平均；人数不足的组为保护匿名而不计入。',
    ),
    returns: 'value',
    params: [
      { name: 'ratings', kind: 'perRow', title: L('ratings', '评分'), description: L('The ratings, e.g. 1–5.', '各条评分，例如 1–5 分。') },
      {
        name: 'groups',
        kind: 'perRow',
        title: L('groups', '评价组'),
        description: L(
          'The rater group of each rating: self, manager, peer, report, customer (自评, 上级, 同事, 下级, 客户) or any other label.',
          '每条评分的评价组：自评、上级、同事/平级、下级、客户/内部客户（self, manager, peer, report, customer），或其他任意标签。',
        ),
      },
      {
        name: 'group_weights',
        kind: 'table',
        optional: true,
        title: L('group_weights', '组权重'),
        description: L(
          'Two columns group | weight. Default: equal weights over the groups shown; self counts only when given a weight.',
          '两列：评价组 | 权重。默认各显示组权重相同；自评仅在给出权重时计入。',
        ),
      },
      {
        name: 'min_raters',
        kind: 'setting',
        optional: true,
        title: L('min_raters', '最少评价人数'),
        description: L('Fewest ratings a group needs to be shown (default 3; manager and self need 1).', '评价组显示所需的最少评分数（默认 3；上级和自评只需 1）。'),
      },
    ],
    examples: [
      {
        args: [
          [4, 3, 4, 5, 5, 4, 5],
          ['manager', 'peer', 'peer', 'peer', 'report', 'report', 'self'],
          [
            ['manager', 0.4],
            ['peer', 0.3],
            ['report', 0.3],
          ],
        ],
        result: 4,
      },
    ],
  },
  SCORE360,
);
