/**
 * Loads the built bundles the way the hosts do: dist/excel/functions.js in a `vm` context with a
 * CustomFunctions stand-in, dist/gsheets/Code.js in a `vm` context with Apps Script stand-ins, and
 * dist/core/index.js as an ES module. Also turns core-style arguments into each host's form.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = join(ROOT, 'dist');

type CoreModule = typeof import('../../core/index.js');

let corePromise: Promise<CoreModule> | undefined;

/** The built core module (dist/core/index.js). */
export function loadCore(): Promise<CoreModule> {
  corePromise ??= import(pathToFileURL(join(DIST, 'core/index.js')).href) as Promise<CoreModule>;
  return corePromise;
}

export interface CoreError {
  code: string;
  message: string;
}

export function isCoreError(v: unknown): v is CoreError {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as CoreError).code === 'string';
}

/** Stand-in for CustomFunctions.Error: the code and the message Excel would show. */
export class ExcelError {
  readonly code: string;
  readonly message?: string;
  constructor(code: string, message?: string) {
    this.code = code;
    if (message !== undefined) this.message = message;
  }
}

export const EXCEL_ERROR_CODE = {
  invalidValue: '#VALUE!',
  notAvailable: '#N/A',
  divisionByZero: '#DIV/0!',
  invalidNumber: '#NUM!',
  nullReference: '#NULL!',
  invalidName: '#NAME?',
  invalidReference: '#REF!',
} as const;

export type HostFunction = (...args: unknown[]) => unknown;

export interface ExcelHost {
  readonly functions: Map<string, HostFunction>;
  readonly context: vm.Context;
}

/** Runs dist/excel/functions.js as Excel's shared runtime would, optionally with Office's display language. */
export function loadExcel(options: { displayLanguage?: string; officeReady?: boolean } = {}): ExcelHost {
  const functions = new Map<string, HostFunction>();
  const sandbox: Record<string, unknown> = {
    CustomFunctions: {
      associate(id: string, fn: HostFunction) {
        functions.set(id, fn);
      },
      Error: ExcelError,
      ErrorCode: EXCEL_ERROR_CODE,
    },
  };
  if (options.displayLanguage !== undefined) {
    sandbox.Office = {
      context: { displayLanguage: options.displayLanguage },
      onReady: (cb: () => void) => {
        if (options.officeReady !== false) cb();
        return Promise.resolve({ host: 'Excel', platform: 'PC' });
      },
    };
  }
  const context = vm.createContext(sandbox);
  vm.runInContext(readFileSync(join(DIST, 'excel/functions.js'), 'utf8'), context, { filename: 'functions.js' });
  return { functions, context };
}

export interface SheetsHost {
  readonly context: vm.Context;
  call(name: string, ...args: unknown[]): unknown;
  /** What the stand-ins recorded: menus added, sidebars shown, formulas written. */
  readonly log: {
    menus: { title: string; items: { label: string; fn: string }[] }[];
    sidebars: { title: string; content: string }[];
    formulas: string[];
  };
}

/** Runs dist/gsheets/Code.js as Apps Script would, with Session and SpreadsheetApp stand-ins. */
export function loadSheets(
  options: { locale?: string; timeZone?: string; sessionFails?: boolean; spreadsheetLocale?: string; addonOnly?: boolean } = {},
): SheetsHost {
  const log: SheetsHost['log'] = { menus: [], sidebars: [], formulas: [] };
  const sidebarHtml = readFileSync(join(DIST, 'gsheets/Sidebar.html'), 'utf8');
  const sandbox: Record<string, unknown> = {
    Session: {
      getActiveUserLocale: () => {
        if (options.sessionFails) throw new Error('Session is not available here');
        return options.locale ?? 'en';
      },
    },
    SpreadsheetApp: {
      getActiveSpreadsheet: () => ({
        getSpreadsheetLocale: () => options.spreadsheetLocale ?? 'en_US',
        getSpreadsheetTimeZone: () => {
          if (options.timeZone === undefined) throw new Error('no spreadsheet here');
          return options.timeZone;
        },
      }),
      getUi: () => {
        const menu = (title: string) => {
          const items: { label: string; fn: string }[] = [];
          const m = {
            addItem(label: string, fn: string) {
              items.push({ label, fn });
              return m;
            },
            addToUi() {
              log.menus.push({ title, items });
            },
          };
          return m;
        };
        return {
          createMenu: (title: string) => {
            if (options.addonOnly) throw new Error('add-ons use the add-on menu');
            return menu(title);
          },
          createAddonMenu: () => menu('Extensions'),
          showSidebar: (page: { title: string; content: string }) => log.sidebars.push({ title: page.title, content: page.content }),
        };
      },
      getActiveSheet: () => ({
        getActiveCell: () => ({
          setFormula: (f: string) => log.formulas.push(f),
          getA1Notation: () => 'B2',
        }),
      }),
    },
    HtmlService: {
      createHtmlOutputFromFile: (name: string) => {
        if (name !== 'Sidebar') throw new Error(`no file ${name}`);
        const page = {
          title: '',
          content: sidebarHtml,
          getContent: () => page.content,
          setContent: (c: string) => {
            page.content = c;
            return page;
          },
          setTitle: (t: string) => {
            page.title = t;
            return page;
          },
        };
        return page;
      },
    },
    Utilities: {
      formatDate: (d: Date, tz: string, pattern: string) => {
        if (pattern !== "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'") throw new Error(`unexpected pattern ${pattern}`);
        const parts = new Intl.DateTimeFormat('en-CA', {
          timeZone: tz,
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
          second: '2-digit',
          hourCycle: 'h23',
        }).formatToParts(d);
        const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
        const ms = String(d.getTime() % 1000).padStart(3, '0');
        return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}.${ms}Z`;
      },
    },
  };
  const context = vm.createContext(sandbox);
  vm.runInContext(readFileSync(join(DIST, 'gsheets/Code.js'), 'utf8'), context, { filename: 'Code.js' });
  return {
    context,
    log,
    call(name: string, ...args: unknown[]) {
      const fn = (context as Record<string, unknown>)[name];
      if (typeof fn !== 'function') throw new Error(`Code.js defines no function ${name}`);
      return (fn as HostFunction)(...args);
    },
  };
}

/** A cell as Excel hands it to a custom function with `any` / `matrix` parameters. */
function excelCell(v: unknown, blank: null | ''): unknown {
  if (v === null || v === undefined) return blank;
  if (isCoreError(v)) return new ExcelError(v.code, v.message);
  return v;
}

/** A core-style argument as Excel passes it: always a 2-D array, null when omitted. */
export function toExcelArg(v: unknown, blank: null | '' = null): unknown {
  if (v === undefined) return null;
  if (!Array.isArray(v)) return [[excelCell(v, blank)]];
  if (v.length === 0) return [[blank]];
  if (!v.some(Array.isArray)) return v.map((x) => [excelCell(x, blank)]);
  const rows = v.map((r: unknown) => (Array.isArray(r) ? r : [r]));
  const width = Math.max(...rows.map((r) => r.length));
  return rows.map((r) => Array.from({ length: width }, (_, c) => excelCell(r[c], blank)));
}

/** A cell as Sheets hands it: blanks are "", error cells arrive as their error text. */
function sheetsCell(v: unknown): unknown {
  if (v === null || v === undefined) return '';
  if (isCoreError(v)) return v.message && v.message !== v.code ? `${v.code} ${v.message}` : v.code;
  return v;
}

/** A core-style argument as Sheets passes it: a value, a 2-D array for a range, undefined when omitted. */
export function toSheetsArg(v: unknown): unknown {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) return sheetsCell(v);
  if (v.length === 0) return '';
  if (!v.some(Array.isArray)) return v.map((x) => [sheetsCell(x)]);
  const rows = v.map((r: unknown) => (Array.isArray(r) ? r : [r]));
  const width = Math.max(...rows.map((r) => r.length));
  return rows.map((r) => Array.from({ length: width }, (_, c) => sheetsCell(r[c])));
}

/** Equal as results: numbers to 1e-9, everything else exactly, arrays cell by cell. */
export function sameResult(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    return a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameResult(x, b[i]));
  }
  if (a instanceof ExcelError || b instanceof ExcelError) {
    return a instanceof ExcelError && b instanceof ExcelError && a.code === b.code && a.message === b.message;
  }
  if (isCoreError(a) || isCoreError(b)) {
    return isCoreError(a) && isCoreError(b) && a.code === b.code && a.message === b.message;
  }
  return Object.is(a, b) || a === b;
}

/** What Excel should show for a core result cell. */
export function expectedExcelCell(v: unknown): unknown {
  if (!isCoreError(v)) return v;
  if (v.code === '#REF!') return new ExcelError('#VALUE!', `#REF! ${v.message}`);
  return new ExcelError(v.code, v.message);
}

/** What the Excel function returns for a core result: range results are always 2-D. */
export function expectedExcel(result: unknown, returns: 'value' | 'range'): unknown {
  if (Array.isArray(result)) return result.map((row: unknown[]) => row.map(expectedExcelCell));
  const cell = expectedExcelCell(result);
  return returns === 'range' ? [[cell]] : cell;
}

export type SheetsOutcome = { value: unknown } | { thrown: string };

/** What the Sheets function gives for a core result: a thrown message for a single error, error text inside arrays. */
export function expectedSheets(result: unknown): SheetsOutcome {
  if (Array.isArray(result)) {
    return { value: result.map((row: unknown[]) => row.map((c) => (isCoreError(c) ? `${c.code} ${c.message}` : c))) };
  }
  if (isCoreError(result)) return { thrown: `${result.code} ${result.message}` };
  return { value: result };
}

export function runSheets(host: SheetsHost, name: string, args: unknown[]): SheetsOutcome {
  try {
    return { value: host.call(name, ...args) };
  } catch (e) {
    // Errors thrown inside the vm context are not instances of this realm's Error.
    const message = typeof e === 'object' && e !== null && 'message' in e ? (e as { message: unknown }).message : e;
    return { thrown: String(message) };
  }
}
