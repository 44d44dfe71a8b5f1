/**
 * The KPI Kit scoring core: pure functions over plain values and 2-D arrays. No host, DOM or
 * Node API is used here; hosts convert their values in and out.
 */
import { kpiband } from './functions/kpiband.js';
import { kpicurve } from './functions/kpicurve.js';
import { kpirating } from './functions/kpirating.js';
import { kpiscore } from './functions/kpiscore.js';
import { nps } from './functions/nps.js';
import { score360 } from './functions/score360.js';
import { weightedScore } from './functions/weighted-score.js';
import { weightedShare } from './functions/weighted-share.js';
import type { FunctionDef } from './registry.js';

export { KPIBAND } from './functions/kpiband.js';
export { KPICURVE } from './functions/kpicurve.js';
export { KPIRATING } from './functions/kpirating.js';
export { KPISCORE } from './functions/kpiscore.js';
export { NPS } from './functions/nps.js';
export { SCORE360 } from './functions/score360.js';
export { WEIGHTED_SCORE } from './functions/weighted-score.js';
export { WEIGHTED_SHARE } from './functions/weighted-share.js';
export { setLocale, getLocale, resolveLocale } from './i18n.js';
export { isKpiError } from './errors.js';
export { exampleFormula, exampleResult, formulaArg } from './registry.js';
export type { Example, FunctionDef, FunctionMeta, ParamMeta, ParamKind } from './registry.js';
export type { Cell, ErrorCode, KpiError, Locale, Localized, Matrix, Result, ResultCell } from './types.js';
export { ERROR_CODES, LOCALES } from './types.js';

/** Every function with its metadata, in the order the reference lists them. */
export const FUNCTIONS: readonly FunctionDef[] = [
  kpiscore,
  kpiband,
  kpicurve,
  kpirating,
  weightedScore,
  weightedShare,
  score360,
  nps,
];
