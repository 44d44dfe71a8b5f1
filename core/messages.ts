import type { Locale } from './types.js';

/**
 * Every message the functions can show, in every language. `{name}` is filled in from the
 * parameters. The zh-CN table is typed against the English keys, so a missing translation does
 * not compile, and test/core/registry.test.ts checks that no text is empty.
 */
const en = {
  notNumber: '{fn}: {arg} must be a number, got {got}',
  blankArg: '{fn}: {arg} is blank',
  notFinite: '{fn}: {arg} must be a finite number',
  unsupported: '{fn}: {arg} holds a value of an unsupported kind',
  sizeMismatch: '{fn}: ranges must have the same size ({a} and {b})',
  badOption: '{fn}: {arg} must be one of {options}, got {got}',
  singleValue: '{fn}: {arg} must be a single value, not a range',
  resultTooLarge: '{fn}: the result is too large to show',
  targetZero: '{fn}: target is 0: give a baseline',
  lowerRatioPositive: '{fn}: lower_ratio needs actual and target above 0',
  lowerRatioBaseline: '{fn}: lower_ratio takes no baseline',
  targetEqualsBaseline: '{fn}: target equals baseline',
  higherNeedsAbove: '{fn}: higher needs a target above the baseline',
  lowerNeedsBelow: '{fn}: lower needs a target below the baseline',
  capBelowFloor: '{fn}: cap ({cap}) is below floor ({floor})',
  bandOrder: '{fn}: threshold, target and maximum must be in order',
  curveOrder: '{fn}: curve points must be in order',
  curveTooShort: '{fn}: a curve needs at least 2 points',
  curveHalfRow: '{fn}: curve row {row} has only one of x and pay',
  curveText: '{fn}: curve row {row} must hold numbers, got {got}',
  bandsTextBound: '{fn}: bands row {row}: the lower bound must be a number, got {got}',
  columnBelowOne: '{fn}: column must be 1 or more, got {got}',
  columnTooWide: '{fn}: column {col} is beyond the bands table ({width} columns)',
  belowLowestBand: '{fn}: score is below the lowest band',
  negativeValue: '{fn}: {arg} must not be negative, got {got}',
  weightsSumZero: '{fn}: the weights of the counted rows add up to 0',
  sharesSumZero: '{fn}: weight × factor adds up to 0',
  decimalsRange: '{fn}: decimals must be a whole number from 0 to 10, got {got}',
  totalTooLarge: '{fn}: total is too large to split to {d} decimals',
  blankGroup: '{fn}: the rating in row {row} has no group',
  groupWeightText: '{fn}: group_weights row {row}: the weight must be a number, got {got}',
  notEnoughRaters: '{fn}: not enough raters',
  minRaters: '{fn}: min_raters must be a whole number of 1 or more, got {got}',
  npsRange: '{fn}: answer {got} is not a whole number from 0 to 10',
  noResponses: '{fn}: no responses',
} as const;

export type MessageKey = keyof typeof en;

const zhCN: Record<MessageKey, string> = {
  notNumber: '{fn}：{arg}必须是数字，收到 {got}',
  blankArg: '{fn}：{arg}为空',
  notFinite: '{fn}：{arg}必须是有限的数字',
  unsupported: '{fn}：{arg}的值类型不受支持',
  sizeMismatch: '{fn}：各区域的大小必须相同（{a} 与 {b}）',
  badOption: '{fn}：{arg}必须是 {options} 之一，收到 {got}',
  singleValue: '{fn}：{arg}必须是单个值，不能是区域',
  resultTooLarge: '{fn}：结果太大，无法显示',
  targetZero: '{fn}：目标值为 0，请提供基线值',
  lowerRatioPositive: '{fn}：lower_ratio（反向比值）要求实际值和目标值都大于 0',
  lowerRatioBaseline: '{fn}：lower_ratio（反向比值）不接受基线值',
  targetEqualsBaseline: '{fn}：目标值等于基线值',
  higherNeedsAbove: '{fn}：正向指标的目标值必须高于基线值',
  lowerNeedsBelow: '{fn}：反向指标的目标值必须低于基线值',
  capBelowFloor: '{fn}：上限（{cap}）低于下限（{floor}）',
  bandOrder: '{fn}：门槛值、目标值和最高值必须依次排列',
  curveOrder: '{fn}：曲线各点必须依次排列',
  curveTooShort: '{fn}：曲线至少需要 2 个点',
  curveHalfRow: '{fn}：曲线第 {row} 行只填写了 x 和支付值中的一个',
  curveText: '{fn}：曲线第 {row} 行必须是数字，收到 {got}',
  bandsTextBound: '{fn}：等级表第 {row} 行：下限必须是数字，收到 {got}',
  columnBelowOne: '{fn}：列号必须大于或等于 1，收到 {got}',
  columnTooWide: '{fn}：列号 {col} 超出了等级表的范围（共 {width} 列）',
  belowLowestBand: '{fn}：得分低于最低等级',
  negativeValue: '{fn}：{arg}不能为负数，收到 {got}',
  weightsSumZero: '{fn}：计入的各行权重之和为 0',
  sharesSumZero: '{fn}：权重 × 系数之和为 0',
  decimalsRange: '{fn}：小数位数必须是 0 到 10 之间的整数，收到 {got}',
  totalTooLarge: '{fn}：总额太大，无法精确到 {d} 位小数分配',
  blankGroup: '{fn}：第 {row} 行的评分没有评价组',
  groupWeightText: '{fn}：组权重第 {row} 行：权重必须是数字，收到 {got}',
  notEnoughRaters: '{fn}：评价人数不足',
  minRaters: '{fn}：min_raters（最少评价人数）必须是大于或等于 1 的整数，收到 {got}',
  npsRange: '{fn}：回答 {got} 不是 0 到 10 之间的整数',
  noResponses: '{fn}：没有回答',
};

export const MESSAGES: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

export function format(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in params ? String(params[key]) : whole,
  );
}
