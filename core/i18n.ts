import type { Locale } from './types.js';

let current: Locale = 'en';

/**
 * Maps any language tag a host reports ("zh", "zh-Hans-CN", "zh_CN" as spreadsheet locales are
 * written, "en-US", ...) to a supported locale.
 */
export function resolveLocale(tag: unknown): Locale {
  if (typeof tag !== 'string') return 'en';
  return /^zh(?![a-z0-9])/i.test(tag.trim()) ? 'zh-CN' : 'en';
}

/** Hosts call this with the user's display language; messages follow it. */
export function setLocale(tag: unknown): Locale {
  current = resolveLocale(tag);
  return current;
}

export function getLocale(): Locale {
  return current;
}
