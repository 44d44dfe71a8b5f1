/// <reference types="custom-functions-runtime" />
/**
 * Excel custom functions: registers every core function with CustomFunctions.associate under its
 * sheet name (the namespace KPI comes from the manifest). Loading this file touches no DOM; it may
 * run before Office is ready, so the display language is read when it becomes available.
 */
import { FUNCTIONS } from '../core/index.js';
import { setLocale } from '../core/i18n.js';
import { setHostAdapter } from '../core/host.js';
import type { FunctionDef } from '../core/registry.js';
import { ERROR_CODES, type ErrorCode, type KpiError, type Result } from '../core/types.js';

const CORE_CODES = new Set<string>(ERROR_CODES);

/**
 * Core error codes to Excel's. Excel shows #REF! only for input errors, not for errors a custom
 * function returns, so a #REF! result is given as #VALUE! with the code at the head of its message.
 */
const EXCEL_CODE: Record<ErrorCode, 'invalidValue' | 'divisionByZero' | 'invalidNumber' | 'notAvailable'> = {
  '#VALUE!': 'invalidValue',
  '#DIV/0!': 'divisionByZero',
  '#NUM!': 'invalidNumber',
  '#N/A': 'notAvailable',
  '#REF!': 'invalidValue',
};

let localeKnown = false;

/** Reads Office's display language once it is there; before Office is ready messages stay in English. */
function syncLocale(): void {
  if (localeKnown) return;
  try {
    if (typeof Office === 'undefined' || !Office.context) return;
    const lang = Office.context.displayLanguage;
    if (typeof lang === 'string' && lang !== '') {
      setLocale(lang);
      localeKnown = true;
    }
  } catch {
    // Office.context is not readable yet: keep the default until a later call.
  }
}

function isObject(v: unknown): v is object {
  return typeof v === 'object' && v !== null;
}

/** An error cell Excel hands in: core codes pass as they are, others (#NAME?, #NULL!, #SPILL!, ...) become #VALUE!. */
function inputCell(v: unknown): unknown {
  if (!isObject(v) || Array.isArray(v)) return v;
  const code = (v as { code?: unknown }).code;
  if (typeof code !== 'string' || CORE_CODES.has(code) || code.charAt(0) !== '#') return v;
  const message = (v as { message?: unknown }).message;
  return { code: '#VALUE!', message: typeof message === 'string' && message !== '' ? `${code} ${message}` : code };
}

export function excelError(e: KpiError): CustomFunctions.Error {
  const key = EXCEL_CODE[e.code] ?? 'invalidValue';
  const codes = CustomFunctions.ErrorCode as unknown as Record<string, CustomFunctions.ErrorCode> | undefined;
  const code = codes?.[key] ?? (key === 'invalidValue' ? '#VALUE!' : e.code);
  const message = e.code === '#REF!' ? `#REF! ${e.message}` : e.message;
  return new CustomFunctions.Error(code as CustomFunctions.ErrorCode, message);
}

/** A core result in Excel's form: errors become CustomFunctions.Error in their own cells. */
export function excelResult(def: FunctionDef, r: Result): unknown {
  // Errors inside arrays already took Excel's form in the core's pass (see setHostAdapter below).
  if (Array.isArray(r)) return r;
  const cell = isObject(r) ? excelError(r) : r;
  return def.returns === 'range' ? [[cell]] : cell;
}

/** Excel's invocation object (function name, address, ...): an object that is neither a range nor an error. */
function isInvocation(v: unknown): boolean {
  return isObject(v) && !Array.isArray(v) && typeof (v as { code?: unknown }).code !== 'string';
}

/**
 * The function Excel calls. Excel adds an invocation object after the arguments; it is dropped,
 * also when omitted optional arguments leave it in an earlier place.
 */
export function wrap(def: FunctionDef): (...args: unknown[]) => unknown {
  const n = def.params.length;
  const impl = def.impl;
  return function kpiFunction(...args: unknown[]): unknown {
    syncLocale();
    let count = Math.min(args.length, n + 1);
    if (count > 0 && isInvocation(args[count - 1])) count--;
    return excelResult(def, impl(...args.slice(0, Math.min(count, n))));
  };
}

if (typeof Office !== 'undefined' && typeof Office.onReady === 'function') {
  try {
    void Office.onReady(() => syncLocale());
  } catch {
    // Office.onReady is not usable here: calls read the language themselves.
  }
}

// Excel's values in and out are converted inside the core's own pass over each range.
setHostAdapter({ input: inputCell, errorCell: excelError });

if (typeof CustomFunctions !== 'undefined' && typeof CustomFunctions.associate === 'function') {
  for (const def of FUNCTIONS) CustomFunctions.associate(def.name, wrap(def));
}
