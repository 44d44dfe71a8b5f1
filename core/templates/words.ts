import type { OptionTable } from '../coerce.js';
import { DIRECTIONS, GROUPS_360, type Direction, type Group360 } from '../options.js';
import type { Locale } from '../types.js';

export { DIRECTIONS, GROUPS_360 };
export type { Direction, Group360 };

/** Balanced-scorecard perspectives and the words (both languages) the formulas understand. */
export const PERSPECTIVES = {
  financial: ['financial', 'finance', '财务'],
  customer: ['customer', 'customers', '客户'],
  process: ['internal process', 'internal processes', 'process', '内部流程', '内部运营', '流程'],
  learning: ['learning and growth', 'learning & growth', 'learning', '学习与成长', '学习成长'],
} as const satisfies OptionTable<string>;
export type Perspective = keyof typeof PERSPECTIVES;
export const PERSPECTIVE_KEYS = Object.keys(PERSPECTIVES) as Perspective[];

export const PERIODS = ['month', 'quarter', 'year'] as const;
export type Period = (typeof PERIODS)[number];

export const DIRECTION_KEYS = Object.keys(DIRECTIONS) as Direction[];
export const GROUP_KEYS = Object.keys(GROUPS_360) as Group360[];

/** The Chinese word the `exact` direction is shown as (目标值最佳 and 适度 are read too). */
export const EXACT_ZH = '越接近目标越好';

/** The word each option is shown as, per language (what generators write into cells). */
export const DISPLAY: {
  readonly direction: Readonly<Record<Locale, Readonly<Record<Direction, string>>>>;
  readonly group: Readonly<Record<Locale, Readonly<Record<Group360, string>>>>;
  readonly perspective: Readonly<Record<Locale, Readonly<Record<Perspective, string>>>>;
  readonly period: Readonly<Record<Locale, Readonly<Record<Period, string>>>>;
} = {
  direction: {
    en: { higher: 'higher', lower: 'lower', lower_ratio: 'lower_ratio', exact: 'exact' },
    'zh-CN': { higher: '越高越好', lower: '越低越好', lower_ratio: '反向比值', exact: EXACT_ZH },
  },
  group: {
    en: { self: 'self', manager: 'manager', peer: 'peer', report: 'report', customer: 'customer' },
    'zh-CN': { self: '自评', manager: '上级', peer: '同事', report: '下级', customer: '内部客户' },
  },
  perspective: {
    en: { financial: 'Financial', customer: 'Customer', process: 'Internal process', learning: 'Learning and growth' },
    'zh-CN': { financial: '财务', customer: '客户', process: '内部流程', learning: '学习与成长' },
  },
  period: {
    en: { month: 'monthly', quarter: 'quarterly', year: 'yearly' },
    'zh-CN': { month: '月度', quarter: '季度', year: '年度' },
  },
};

const OTHER: Record<Locale, Locale> = { en: 'zh-CN', 'zh-CN': 'en' };

/**
 * The choices a dropdown offers: the sheet language's words first, then the other language's,
 * then the remaining accepted words of the table (numbers are typed, not picked, and left out).
 */
export function choices<K extends string>(
  table: OptionTable<K>,
  display: Readonly<Record<Locale, Readonly<Record<K, string>>>>,
  lang: Locale,
): string[] {
  const out: string[] = [];
  const add = (w: string) => {
    if (/^[-+]?\d/.test(w)) return;
    if (!out.some((x) => x.toLowerCase() === w.toLowerCase())) out.push(w);
  };
  const keys = Object.keys(table) as K[];
  for (const k of keys) add(display[lang][k]);
  for (const k of keys) add(display[OTHER[lang]][k]);
  for (const k of keys) for (const w of table[k]) add(w);
  return out;
}

/** Every accepted word with its option's position (1-based) in the table: the formulas' lookup list. */
export function wordCodes<K extends string>(table: OptionTable<K>): { word: string; code: number }[] {
  const out: { word: string; code: number }[] = [];
  (Object.keys(table) as K[]).forEach((k, i) => {
    for (const w of table[k]) out.push({ word: w.toLowerCase(), code: i + 1 });
  });
  return out;
}

/** Short period words that earlier sheets wrote and people still type; the period list accepts them. */
export const PERIOD_SHORT: Readonly<Record<Period, string>> = { month: '月', quarter: '季', year: '年' };

/** The period choices: the sheet language's words, then the other language's, then the short words. */
export function periodChoices(lang: Locale): string[] {
  return [
    ...PERIODS.map((p) => DISPLAY.period[lang][p]),
    ...PERIODS.map((p) => DISPLAY.period[OTHER[lang]][p]),
    ...PERIODS.map((p) => PERIOD_SHORT[p]),
  ];
}
