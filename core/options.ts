import type { OptionTable } from './coerce.js';

/**
 * Option words the functions and the templates' formulas understand, lower-case, each list led by
 * the canonical English word. Templates write these same lists into their hidden lists sheet.
 */
export const DIRECTIONS = {
  higher: ['higher', '1', '正向', '越高越好'],
  lower: ['lower', '-1', '反向', '越低越好'],
  lower_ratio: ['lower_ratio', '反向比值'],
  exact: ['exact', '越接近目标越好', '适度', '目标值最佳'],
} as const satisfies OptionTable<string>;
export type Direction = keyof typeof DIRECTIONS;

export const CURVE_MODES = {
  linear: ['linear', '线性'],
  step: ['step', '阶梯'],
} as const satisfies OptionTable<string>;
export type CurveMode = keyof typeof CURVE_MODES;

export const BLANK_MODES = {
  skip: ['skip', '跳过'],
  zero: ['zero', '按零计'],
} as const satisfies OptionTable<string>;
export type BlankMode = keyof typeof BLANK_MODES;

/** The standard 360 groups; any other label is a group of its own. */
export const GROUPS_360 = {
  self: ['self', '自评'],
  manager: ['manager', 'managers', '上级'],
  peer: ['peer', 'peers', '同事', '平级'],
  report: ['report', 'reports', '下级'],
  customer: ['customer', 'customers', '客户', '内部客户'],
} as const satisfies OptionTable<string>;
export type Group360 = keyof typeof GROUPS_360;

/** Groups that are shown with a single rating (they are one person). */
export const SINGLE_RATER_GROUPS: readonly string[] = ['manager', 'self'];

/** Default grade bands: lower bound | grade | coefficient. The blank bound is the catch-all. */
export const DEFAULT_BANDS: readonly (readonly [number | null, string, number])[] = [
  [1.2, 'S', 1.5],
  [1.0, 'A', 1.2],
  [0.8, 'B', 1.0],
  [0.6, 'C', 0.6],
  [null, 'D', 0],
];

export function normalizeWord(s: string): string {
  return s.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '').toLowerCase();
}
