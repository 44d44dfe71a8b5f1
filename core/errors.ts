import { getLocale } from './i18n.js';
import { MESSAGES, format, type MessageKey } from './messages.js';
import { paramTitle } from './registry.js';
import { ERROR_CODES, type ErrorCode, type KpiError } from './types.js';

const CODES = new Set<string>(ERROR_CODES);

/** Builds an error value with its message in the current language. */
export function kpiError(
  code: ErrorCode,
  key: MessageKey,
  params: Record<string, string | number> = {},
): KpiError {
  const locale = getLocale();
  const { fn, arg } = params;
  if (locale !== 'en' && typeof fn === 'string' && typeof arg === 'string') {
    const title = paramTitle(fn, arg)?.[locale];
    if (title && title !== arg) params = { ...params, arg: `${title}（${arg}）` };
  }
  return { code, message: format(MESSAGES[locale][key], params) };
}

export function isKpiError(v: unknown): v is KpiError {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    CODES.has((v as { code?: unknown }).code as string)
  );
}

/** How a value is named inside a message: text in quotes, booleans as TRUE / FALSE. */
export function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') return String(v);
  if (isKpiError(v)) return v.code;
  return String(v);
}
