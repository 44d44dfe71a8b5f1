/**
 * Google Sheets add-on: the core functions in Apps Script's form, the menu and the sidebar. The
 * build bundles this file as the global `KPIKit` and appends top-level `function NAME(...)` stubs
 * (with the `@customfunction` JSDoc Sheets reads) that call `KPIKit.functions.NAME`.
 */
import { FUNCTIONS } from '../core/index.js';
import { resolveLocale, setLocale } from '../core/i18n.js';
import { setHostAdapter } from '../core/host.js';
import type { FunctionDef } from '../core/registry.js';
import { ERROR_CODES, type KpiError, type Locale, type Result } from '../core/types.js';
import { UI_TEXT } from '../ui/text.js';

/** Error text as Sheets shows it in a cell, and as this add-on writes it inside array results. */
const ERROR_TEXT = /^(#VALUE!|#DIV\/0!|#NUM!|#N\/A|#REF!|#NAME\?|#NULL!|#ERROR!|#SPILL!|#CALC!)(?:\s+([\s\S]*))?$/;
const CORE_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/** Days from 1899-12-30 to 1970-01-01: the spreadsheet serial number of the Unix epoch. */
const EPOCH_SERIAL = 25569;
const DAY_MS = 86400000;

/** The Apps Script locale tag ("zh_CN", "en_US", ...) as the core names it; null for no answer. */
function localeOf(read: () => unknown): Locale | null {
  try {
    const tag = read();
    return typeof tag === 'string' && tag !== '' ? resolveLocale(tag) : null;
  } catch {
    return null;
  }
}

const sessionLocale = () => localeOf(() => Session.getActiveUserLocale());
const spreadsheetLocale = () => localeOf(() => SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetLocale());

/**
 * The locale found in this execution. Apps Script loads the script afresh for every execution
 * (each custom function call, menu item or sidebar call), so a module variable lives exactly as
 * long as one execution: the host is asked once, not once per call.
 */
let executionLocale: Locale | undefined;

/**
 * The user's language as the core names it (Apps Script reports "zh_CN", "en_US", ...): the
 * user's own setting (Session), else the spreadsheet's locale (File > Settings), else English.
 * Asked of the host once per execution.
 */
export function userLocale(): Locale {
  executionLocale ??= sessionLocale() ?? spreadsheetLocale() ?? 'en';
  return executionLocale;
}

/**
 * The language of a custom function's messages: the spreadsheet's locale, which a custom function
 * may read (Session is refused there, and every refused call costs time inside the 30 s limit).
 * Session only where the spreadsheet gives no answer. Asked once per execution.
 */
export function functionLocale(): Locale {
  executionLocale ??= spreadsheetLocale() ?? sessionLocale() ?? 'en';
  return executionLocale;
}

let sheetTimeZone: string | null | undefined;

/** A date cell as the serial number the sheet shows, in the spreadsheet's time zone. */
function dateSerial(d: Date): unknown {
  const t = d.getTime();
  if (!Number.isFinite(t)) return { code: '#VALUE!', message: String(d) };
  if (sheetTimeZone === undefined) {
    try {
      sheetTimeZone = SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetTimeZone();
    } catch {
      sheetTimeZone = null;
    }
  }
  if (sheetTimeZone) {
    try {
      const local = Utilities.formatDate(d, sheetTimeZone, "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");
      return Date.parse(local) / DAY_MS + EPOCH_SERIAL;
    } catch {
      // Fall back to the script's own offset below.
    }
  }
  return (t - d.getTimezoneOffset() * 60000) / DAY_MS + EPOCH_SERIAL;
}

/** One cell Sheets hands in: error text becomes an error value, a date its serial number. */
function inputCell(v: unknown): unknown {
  if (typeof v === 'string') {
    if (v.charCodeAt(0) !== 35) return v;
    const m = ERROR_TEXT.exec(v);
    if (!m) return v;
    const code = m[1]!;
    const rest = m[2] ?? '';
    if (CORE_CODES.has(code)) return { code, message: rest !== '' ? rest : code };
    return { code: '#VALUE!', message: v };
  }
  if (isDate(v)) return dateSerial(v);
  return v;
}

/** Dates from any realm (tests hand them in from outside the script's context). */
function isDate(v: unknown): v is Date {
  return typeof v === 'object' && v !== null && Object.prototype.toString.call(v) === '[object Date]';
}

export function errorText(e: KpiError): string {
  return `${e.code} ${e.message}`;
}

/**
 * A core result in Sheets' form. Sheets has no per-cell errors: inside an array the cell shows the
 * error text; a single error is thrown, so the cell shows #ERROR! with the message.
 */
export function sheetsResult(r: Result): unknown {
  // Errors inside arrays already became text in the core's pass (see setHostAdapter below).
  if (Array.isArray(r)) return r;
  if (typeof r === 'object' && r !== null) throw new Error(errorText(r));
  return r;
}

export function wrap(def: FunctionDef): (...args: unknown[]) => unknown {
  const n = def.params.length;
  const impl = def.impl;
  return function kpiFunction(...args: unknown[]): unknown {
    setLocale(functionLocale());
    return sheetsResult(impl(...args.slice(0, n)));
  };
}

// Sheets' values in and out are converted inside the core's own pass over each range.
setHostAdapter({ input: inputCell, errorCell: errorText });

/** The custom functions by sheet name; the generated top-level stubs call these. */
export const functions: Record<string, (...args: unknown[]) => unknown> = {};
for (const def of FUNCTIONS) functions[def.name] = wrap(def);

/** Menu words for the templates item (the function reference's come from UI_TEXT). */
const MENU_TEMPLATES: Record<Locale, string> = { en: 'Templates', 'zh-CN': '模板' };

/**
 * Adds the menu KPI Kit > Templates, Function reference. A script bound to the spreadsheet (what
 * `npm run deploy:gsheets` pushes) gets a menu of its own; where Sheets allows only the add-on
 * menu, the items go under Extensions instead.
 */
export function onOpen(): void {
  const locale = userLocale();
  const t = UI_TEXT[locale];
  const ui = SpreadsheetApp.getUi();
  let menu: GoogleAppsScript.Base.Menu;
  try {
    menu = ui.createMenu(t.menuTitle);
  } catch {
    menu = ui.createAddonMenu();
  }
  menu.addItem(MENU_TEMPLATES[locale], 'showTemplates').addItem(t.menuReference, 'showReference').addToUi();
}

export function onInstall(): void {
  onOpen();
}

/** The sidebar page in the user's language, opened on `view`. */
function showSidebar(view: 'templates' | 'reference'): void {
  const locale = userLocale();
  const page = HtmlService.createHtmlOutputFromFile('Sidebar');
  let html = page.getContent().replace('data-locale=""', `data-locale="${locale}"`);
  html = html.includes('data-view=""')
    ? html.replace('data-view=""', `data-view="${view}"`)
    : html.replace(/<html\b/i, (tag) => `${tag} data-view="${view}"`);
  page.setContent(html);
  page.setTitle(UI_TEXT[locale].title);
  SpreadsheetApp.getUi().showSidebar(page);
}

/** Opens the function reference in the sidebar, in the user's language. */
export function showReference(): void {
  showSidebar('reference');
}

/** Opens the sidebar on the template gallery. */
export function showTemplates(): void {
  showSidebar('templates');
}

const KNOWN = new Set(FUNCTIONS.map((f) => f.name));

/** Called from the sidebar: writes one of the add-on's formulas into the active cell. */
export function insertFormula(formula: unknown): string {
  const name = typeof formula === 'string' ? /^=([A-Z0-9_]+)\(/.exec(formula)?.[1] : undefined;
  if (typeof formula !== 'string' || name === undefined || !KNOWN.has(name)) {
    throw new Error(`Not a KPI Kit formula: ${String(formula)}`);
  }
  const cell = SpreadsheetApp.getActiveSheet().getActiveCell();
  cell.setFormula(formula);
  return cell.getA1Notation();
}
