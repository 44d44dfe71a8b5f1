/**
 * The worked example that `npm run demo` prints: a sales rep's review and a bonus pool split,
 * computed with the core functions.
 */
import { KPIRATING, KPISCORE, WEIGHTED_SCORE, WEIGHTED_SHARE, isKpiError } from '../core/index.js';
import { formatTable, money, percent } from './text.js';

export interface ReviewKpi {
  readonly name: string;
  readonly unit: string;
  readonly direction: 'higher' | 'lower';
  readonly target: number;
  readonly actual: number;
  readonly weight: number;
}

/** Wang Fang's quarter: revenue, satisfaction, new customers and churn (lower is better). */
export const SALES_REVIEW: readonly ReviewKpi[] = [
  { name: 'Revenue 销售额', unit: '10k CNY 万元', direction: 'higher', target: 1200, actual: 1380, weight: 0.5 },
  { name: 'Customer satisfaction 客户满意度', unit: 'points 分', direction: 'higher', target: 90, actual: 86, weight: 0.2 },
  { name: 'New customers 新客户数', unit: 'customers 家', direction: 'higher', target: 40, actual: 46, weight: 0.15 },
  { name: 'Churn rate 客户流失率', unit: '%', direction: 'lower', target: 0.05, actual: 0.04, weight: 0.15 },
];

export const BONUS_POOL = 50_000;

/** The team sharing the pool; the first one is the sales rep above, whose score is computed. */
export const TEAM: readonly { readonly name: string; readonly base: number; readonly score: number | null }[] = [
  { name: 'Wang Fang 王芳', base: 8_500, score: null },
  { name: 'Li Lei 李雷', base: 9_200, score: 1.25 },
  { name: 'Zhao Min 赵敏', base: 7_800, score: 0.93 },
  { name: 'Chen Jing 陈静', base: 10_300, score: 1.02 },
  { name: 'Liu Yang 刘洋', base: 6_900, score: 0.71 },
];

function num(value: unknown, what: string): number {
  if (typeof value === 'number') return value;
  if (isKpiError(value)) throw new Error(`${what}: ${value.code} ${value.message}`);
  throw new Error(`${what}: expected a number, got ${JSON.stringify(value)}`);
}

function column(result: unknown, what: string): unknown[] {
  if (!Array.isArray(result)) throw new Error(`${what}: expected a column, got ${JSON.stringify(result)}`);
  return result.map((row: unknown) => (Array.isArray(row) ? row[0] : row));
}

export interface ExampleResult {
  readonly scores: readonly number[];
  readonly total: number;
  readonly grade: string;
  readonly coefficient: number;
  readonly team: readonly { name: string; base: number; score: number; grade: string; coefficient: number; share: number }[];
  readonly sum: number;
}

/** Computes the example with the core: one call per column, as a sheet would. */
export function computeExample(): ExampleResult {
  const col = <T>(pick: (k: ReviewKpi) => T): T[][] => SALES_REVIEW.map((k) => [pick(k)]);
  const scores = column(
    KPISCORE(col((k) => k.actual), col((k) => k.target), col((k) => k.direction)),
    'KPISCORE',
  ).map((s, i) => num(s, `KPISCORE row ${i + 1}`));
  const total = num(WEIGHTED_SCORE(scores.map((s) => [s]), col((k) => k.weight)), 'WEIGHTED_SCORE');
  const grade = String(KPIRATING(total));
  const coefficient = num(KPIRATING(total, undefined, 3), 'KPIRATING');

  const teamScores = TEAM.map((e) => e.score ?? total);
  const grades = column(KPIRATING(teamScores.map((s) => [s])), 'KPIRATING').map(String);
  const coefficients = column(KPIRATING(teamScores.map((s) => [s]), undefined, 3), 'KPIRATING').map((c, i) =>
    num(c, `KPIRATING row ${i + 1}`),
  );
  const shares = column(
    WEIGHTED_SHARE(BONUS_POOL, TEAM.map((e) => [e.base]), coefficients.map((c) => [c]), 2),
    'WEIGHTED_SHARE',
  ).map((s, i) => num(s, `WEIGHTED_SHARE row ${i + 1}`));
  // Sum in cents, as finance checks it.
  const sum = shares.reduce((a, s) => a + Math.round(s * 100), 0) / 100;
  return {
    scores,
    total,
    grade,
    coefficient,
    team: TEAM.map((e, i) => ({
      name: e.name,
      base: e.base,
      score: teamScores[i] ?? 0,
      grade: grades[i] ?? '',
      coefficient: coefficients[i] ?? 0,
      share: shares[i] ?? 0,
    })),
    sum,
  };
}

function plain(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : String(n);
}

/** The example as terminal text. */
export function renderExample(r: ExampleResult = computeExample()): string {
  const review = formatTable(
    ['KPI 指标', 'Unit 单位', 'Direction 方向', 'Target 目标', 'Actual 实际', 'Weight 权重', 'KPISCORE 完成率'],
    SALES_REVIEW.map((k, i) => [
      k.name,
      k.unit,
      k.direction === 'lower' ? 'lower 越低越好' : 'higher 越高越好',
      k.unit === '%' ? percent(k.target, 0) : plain(k.target),
      k.unit === '%' ? percent(k.actual, 0) : plain(k.actual),
      percent(k.weight, 0),
      percent(r.scores[i] ?? 0),
    ]),
    ['left', 'left', 'left', 'right', 'right', 'right', 'right'],
  );
  const team = formatTable(
    ['Employee 员工', 'Base salary 基本工资', 'Score 得分', 'Grade 等级', 'Coefficient 系数', 'Base × coef. 基数×系数', 'Bonus 奖金'],
    r.team.map((e) => [
      e.name,
      money(e.base),
      percent(e.score),
      e.grade,
      e.coefficient.toFixed(1),
      money(e.base * e.coefficient),
      money(e.share),
    ]),
    ['left', 'right', 'right', 'left', 'right', 'right', 'right'],
  );
  const ok = Math.round(r.sum * 100) === Math.round(BONUS_POOL * 100);
  return [
    '1. A sales rep\'s quarterly review 销售代表季度考核 — Wang Fang 王芳, 2026 Q4',
    '',
    review,
    '',
    `   =WEIGHTED_SCORE(scores, weights)   ${percent(r.total, 2)}   (weighted score 加权得分)`,
    `   =KPIRATING(score)                  ${r.grade}        (grade 等级)`,
    `   =KPIRATING(score, , 3)             ${r.coefficient.toFixed(1)}      (coefficient 绩效系数)`,
    '',
    `2. Bonus pool 奖金池 ${money(BONUS_POOL)}, split by base salary × coefficient 按基本工资×系数分配`,
    '   =WEIGHTED_SHARE(pool, bases, coefficients, 2): largest remainder, to the cent 最大余额法，精确到分',
    '',
    team,
    '',
    `   Sum of bonuses 奖金合计 ${money(r.sum)} ${ok ? '=' : '≠'} pool 奖金池 ${money(BONUS_POOL)} ${ok ? '✓' : '✗'}`,
  ].join('\n');
}
