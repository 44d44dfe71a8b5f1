/**
 * The eight functions with hostile arguments, through the core and through both built bundles
 * (dist/excel/functions.js with the CustomFunctions stand-ins, dist/gsheets/Code.js with the
 * Apps Script stand-ins): nothing throws past the boundary, no cell is NaN or infinite, results
 * have their shape, and the three agree cell by cell as the host parity tests define agreement.
 * Run `npm run build` first.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ExcelError,
  expectedExcel,
  expectedSheets,
  isCoreError,
  loadCore,
  loadExcel,
  loadSheets,
  runSheets,
  sameResult,
  toExcelArg,
  toSheetsArg,
  type ExcelHost,
  type HostFunction,
  type SheetsHost,
  type SheetsOutcome,
} from '../hosts/hosts.js';
import { COUNT, OPTION_WORDS, argOf, check, mixedCell, rangeOf, sharedCell, wildCell } from './arbitraries.js';

type Core = Awaited<ReturnType<typeof loadCore>>;
type Def = Core['FUNCTIONS'][number];

let core: Core;
let excel: ExcelHost;
let sheets: SheetsHost;
let sheetsZh: SheetsHost;
let excelZh: ExcelHost;

const INVOCATION = { functionName: 'KPI.TEST', address: 'Sheet1!A1' };
const CORE_CODES = ['#VALUE!', '#DIV/0!', '#NUM!', '#N/A', '#REF!'];
const SHEETS_THROWN = /^#(VALUE!|DIV\/0!|NUM!|N\/A|REF!) \S/;
/** Functions whose result has the shape of their per-row arguments. */
const BROADCAST = new Set(['KPISCORE', 'KPIBAND', 'KPICURVE', 'KPIRATING', 'WEIGHTED_SHARE']);

const NAMES = ['KPISCORE', 'KPIBAND', 'KPICURVE', 'KPIRATING', 'WEIGHTED_SCORE', 'WEIGHTED_SHARE', 'SCORE360', 'NPS'];
const def = (name: string): Def => core.FUNCTIONS.find((f) => f.name === name)!;

function coreCall(name: string, args: readonly unknown[]): unknown {
  return (core as unknown as Record<string, HostFunction>)[name]!(...args);
}

function excelCall(host: ExcelHost, name: string, args: readonly unknown[]): unknown {
  const full = def(name).params.map((_, i) => toExcelArg(args[i]));
  return host.functions.get(name)!(...full, INVOCATION);
}

function sheetsCall(host: SheetsHost, name: string, args: readonly unknown[]): SheetsOutcome {
  return runSheets(host, name, args.map(toSheetsArg));
}

function sameOutcome(a: SheetsOutcome, b: SheetsOutcome): boolean {
  if ('thrown' in a || 'thrown' in b) return 'thrown' in a && 'thrown' in b && a.thrown === b.thrown;
  return sameResult(a.value, b.value);
}

const show = (v: unknown): string => {
  try {
    return JSON.stringify(v, (_k, x: unknown) =>
      typeof x === 'number' && !Number.isFinite(x) ? String(x) : typeof x === 'bigint' ? `${x}n` : typeof x === 'symbol' ? String(x) : x,
    );
  } catch {
    return String(v);
  }
};

/** What is wrong with one result cell, if anything. */
function badCell(c: unknown, errorOk: (e: unknown) => boolean): string | undefined {
  if (typeof c === 'number') return Number.isFinite(c) ? undefined : `non-finite ${c}`;
  if (typeof c === 'string' || typeof c === 'boolean') return undefined;
  if (errorOk(c)) return undefined;
  return `not a cell: ${show(c)}`;
}

/** What is wrong with a result: a 2-D, rectangular, non-empty array of good cells, or one good cell. */
function badResult(r: unknown, errorOk: (e: unknown) => boolean, returns?: 'value' | 'range'): string | undefined {
  if (!Array.isArray(r)) {
    if (returns === 'range') return `range function gave a single value ${show(r)}`;
    return badCell(r, errorOk);
  }
  if (returns === 'value') return `value function gave an array ${show(r)}`;
  if (r.length === 0) return 'empty array';
  const width = Array.isArray(r[0]) ? (r[0] as unknown[]).length : -1;
  if (width < 1) return `bad first row ${show(r[0])}`;
  for (const row of r) {
    if (!Array.isArray(row) || row.length !== width) return `ragged or 1-D result ${show(r)}`;
    for (const c of row) {
      const bad = badCell(c, errorOk);
      if (bad) return bad;
    }
  }
  return undefined;
}

const coreErrorOk = (e: unknown) => isCoreError(e) && CORE_CODES.includes(e.code) && typeof e.message === 'string' && e.message !== '';
const excelErrorOk = (e: unknown) => e instanceof ExcelError && ['#VALUE!', '#DIV/0!', '#NUM!', '#N/A'].includes(e.code) && typeof e.message === 'string';

function tryCall(f: () => unknown): { value: unknown } | { thrown: unknown } {
  try {
    return { value: f() };
  } catch (e) {
    return { thrown: e };
  }
}

/** Arguments of one function: per-row ones are cells or ranges, tables are ranges, settings cells. */
function argsFor(d: Def, cell: fc.Arbitrary<unknown>): fc.Arbitrary<unknown[]> {
  const one = d.params.map((p) => (p.kind === 'table' ? fc.oneof(cell, rangeOf(cell)) : p.kind === 'setting' ? fc.oneof({ weight: 4, arbitrary: cell }, { weight: 1, arbitrary: rangeOf(cell) }) : argOf(cell)));
  return fc.tuple(...one, fc.nat({ max: d.params.length })).map((xs) => {
    const n = xs.pop() as number;
    // Sometimes trailing optional arguments are left out altogether.
    return n === 0 ? xs : xs.slice(0, Math.max(d.params.filter((p) => !p.optional).length, xs.length - n));
  });
}

/** Words for the parameters that take a word (direction, mode, blanks, raters' groups). */
const WORD_PARAMS = new Set(['direction', 'mode', 'blanks', 'groups']);
const word = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...OPTION_WORDS, 'higher', 'lower', 'exact', 'linear', 'step', 'manager', 'peer') }, { weight: 1, arbitrary: sharedCell });
/** A table of numbers two or three wide (a curve, bands, group weights), sometimes with a header or a hostile cell. */
const numberTable = fc.array(fc.tuple(fc.oneof({ weight: 5, arbitrary: fc.double({ min: 0, max: 2, noNaN: true }) }, { weight: 1, arbitrary: sharedCell }), fc.oneof({ weight: 3, arbitrary: fc.double({ min: 0, max: 2, noNaN: true }) }, { weight: 1, arbitrary: fc.constantFrom('S', 'A', 'B', 'manager', 'peer') }), fc.double({ min: 0, max: 2, noNaN: true })), { minLength: 1, maxLength: 5 }).chain((rows) =>
  // Curves read upward, bands downward: either order, as users write them.
  fc.boolean().map((up) => [...rows].sort((a, b) => (typeof a[0] === 'number' && typeof b[0] === 'number' ? (up ? a[0] - b[0] : b[0] - a[0]) : 0))),
);
const groupTable = fc.array(fc.tuple(fc.constantFrom('manager', 'peer', 'self', 'report', 'customer', '上级', 'x'), fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), sharedCell)), { minLength: 1, maxLength: 5 });

/**
 * Arguments of a known shape: per-row ones are single cells or columns of one common length, so
 * the result's rows can be told in advance; cells mostly plain, so that results are often numbers.
 */
function shapedArgs(d: Def): fc.Arbitrary<{ args: unknown[]; rows: number }> {
  return fc.integer({ min: 2, max: 6 }).chain((rows) => {
    const one = d.params.map((p) => {
      const given = WORD_PARAMS.has(p.name) ? word : mixedCell;
      // Optional arguments are mostly left out, as in most formulas.
      const cell = p.optional ? fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: given }) : given;
      if (p.kind === 'perRow') return fc.oneof({ weight: 2, arbitrary: cell }, { weight: 1, arbitrary: fc.array(cell, { minLength: rows, maxLength: rows }) });
      if (p.kind === 'table') return fc.oneof({ weight: 1, arbitrary: mixedCell }, { weight: 1, arbitrary: rangeOf(mixedCell) }, { weight: 3, arbitrary: p.name === 'group_weights' ? groupTable : numberTable });
      return cell;
    });
    return fc.tuple(...one).map((args) => ({ args, rows }));
  });
}

/** An error cell only the hosts have (#NAME?, #NULL!, #SPILL!, #CALC!), with or without a message. */
const hostOnlyError = fc.record({ code: fc.constantFrom('#NAME?', '#NULL!', '#SPILL!', '#CALC!'), message: fc.constantFrom(undefined, 'bad name', 'x') }).map((e) => ({ hostOnly: true, ...e }));

/** Host-only errors as the core sees them once a host hands them in: #VALUE! naming the code. */
function forCore(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(forCore);
  if (typeof v === 'object' && v !== null && 'hostOnly' in v) {
    const e = v as unknown as { code: string; message?: string };
    return { code: '#VALUE!', message: e.message ? `${e.code} ${e.message}` : e.code };
  }
  return v;
}

/** Host-only errors in the form toExcelArg and toSheetsArg turn into each host's error cell. */
function forHosts(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(forHosts);
  if (typeof v === 'object' && v !== null && 'hostOnly' in v) {
    const e = v as unknown as { code: string; message?: string };
    return e.message === undefined ? { code: e.code } : { code: e.code, message: e.message };
  }
  return v;
}

const CHECK_RUNS = { parity: 2500, wild: 1000, shape: 800, zh: 200, hostErrors: 300 };

beforeAll(async () => {
  core = await loadCore();
  core.setLocale('en');
  excel = loadExcel();
  sheets = loadSheets({ timeZone: 'UTC' });
  excelZh = loadExcel({ displayLanguage: 'zh-CN' });
  sheetsZh = loadSheets({ locale: 'zh_CN', spreadsheetLocale: 'zh_CN', timeZone: 'Asia/Shanghai' });
});

afterAll(() => {
  core.setLocale('en');
  console.log(`functions: ${COUNT.cases} generated cases`);
});

describe.each(NAMES)('%s with hostile arguments', (name) => {
  it('core, Excel and Sheets never throw past the boundary, give finite cells, and agree cell by cell', () => {
    const d = def(name);
    const args = fc.oneof(argsFor(d, sharedCell), shapedArgs(d).map((x) => x.args));
    check(CHECK_RUNS.parity, args, (args) => {
      const c = tryCall(() => coreCall(name, args));
      if ('thrown' in c) throw new Error(`core threw ${String(c.thrown)} for ${show(args)}`);
      const coreBad = badResult(c.value, coreErrorOk);
      if (coreBad) throw new Error(`core: ${coreBad} for ${show(args)}`);

      const x = tryCall(() => excelCall(excel, name, args));
      if ('thrown' in x) throw new Error(`Excel threw ${String(x.thrown)} for ${show(args)}`);
      const excelBad = badResult(x.value, excelErrorOk, d.returns);
      if (excelBad) throw new Error(`Excel: ${excelBad} for ${show(args)}`);
      const wantExcel = expectedExcel(c.value, d.returns);
      if (!sameResult(x.value, wantExcel)) throw new Error(`Excel ${show(x.value)} but core ${show(wantExcel)} for ${show(args)}`);

      const s = sheetsCall(sheets, name, args);
      if ('thrown' in s) {
        if (!SHEETS_THROWN.test(s.thrown)) throw new Error(`Sheets threw "${s.thrown}" for ${show(args)}`);
      } else {
        const sheetsBad = badResult(s.value, () => false);
        if (sheetsBad) throw new Error(`Sheets: ${sheetsBad} for ${show(args)}`);
      }
      const wantSheets = expectedSheets(c.value);
      if (!sameOutcome(s, wantSheets)) throw new Error(`Sheets ${show(s)} but core ${show(wantSheets)} for ${show(args)}`);
    });
  });

  it('takes things no cell holds (dates, objects, symbols, big integers, nested arrays) without throwing or giving NaN', () => {
    const d = def(name);
    const cell = fc.oneof(sharedCell, wildCell);
    check(CHECK_RUNS.wild, argsFor(d, cell), (args) => {
      const c = tryCall(() => coreCall(name, args));
      if ('thrown' in c) throw new Error(`core threw ${String(c.thrown)} for ${show(args)}`);
      const coreBad = badResult(c.value, coreErrorOk);
      if (coreBad) throw new Error(`core: ${coreBad} for ${show(args)}`);
      const x = tryCall(() => excelCall(excel, name, args));
      if ('thrown' in x) throw new Error(`Excel threw ${String(x.thrown)} for ${show(args)}`);
      const excelBad = badResult(x.value, excelErrorOk, d.returns);
      if (excelBad) throw new Error(`Excel: ${excelBad} for ${show(args)}`);
      const s = sheetsCall(sheets, name, args);
      if ('thrown' in s) {
        if (!SHEETS_THROWN.test(s.thrown)) throw new Error(`Sheets threw "${s.thrown}" for ${show(args)}`);
      } else {
        const sheetsBad = badResult(s.value, () => false);
        if (sheetsBad) throw new Error(`Sheets: ${sheetsBad} for ${show(args)}`);
      }
    });
  });

  it('gives one value for single cells and one row per row of a column', () => {
    const d = def(name);
    check(CHECK_RUNS.shape, shapedArgs(d), ({ args, rows }) => {
      const r = coreCall(name, args);
      const columns = d.params.some((p, i) => p.kind === 'perRow' && Array.isArray(args[i]));
      if (!BROADCAST.has(name) || !columns) {
        if (Array.isArray(r)) throw new Error(`an array for single cells: ${show(args)} → ${show(r)}`);
        return;
      }
      if (!Array.isArray(r)) {
        if (!isCoreError(r)) throw new Error(`a single value for columns of ${rows}: ${show(args)} → ${show(r)}`);
        return;
      }
      if (r.length !== rows || r.some((row) => !Array.isArray(row) || row.length !== 1)) {
        throw new Error(`${rows} rows wanted: ${show(args)} → ${show(r)}`);
      }
    });
  });

  it('takes the hosts’ own error cells (#NAME?, #NULL!, #SPILL!, #CALC!) as #VALUE! naming them, alike in both hosts', () => {
    const d = def(name);
    check(CHECK_RUNS.hostErrors, argsFor(d, fc.oneof(sharedCell, hostOnlyError)), (raw) => {
      const c = coreCall(name, raw.map(forCore));
      const args = raw.map(forHosts);
      const x = excelCall(excel, name, args);
      if (!sameResult(x, expectedExcel(c, d.returns))) throw new Error(`Excel ${show(x)} but core ${show(c)} for ${show(raw)}`);
      const s = sheetsCall(sheets, name, args);
      if (!sameOutcome(s, expectedSheets(c))) throw new Error(`Sheets ${show(s)} but core ${show(c)} for ${show(raw)}`);
    });
  });

  it('agrees across the hosts in Chinese as well', () => {
    const d = def(name);
    check(CHECK_RUNS.zh, fc.oneof(argsFor(d, sharedCell), shapedArgs(d).map((x) => x.args)), (args) => {
      core.setLocale('zh-CN');
      let c: unknown;
      try {
        c = coreCall(name, args);
      } finally {
        core.setLocale('en');
      }
      const x = excelCall(excelZh, name, args);
      if (!sameResult(x, expectedExcel(c, d.returns))) throw new Error(`Excel ${show(x)} but core ${show(c)} for ${show(args)}`);
      const s = sheetsCall(sheetsZh, name, args);
      if (!sameOutcome(s, expectedSheets(c))) throw new Error(`Sheets ${show(s)} but core ${show(c)} for ${show(args)}`);
    });
  });
});

describe('the count', () => {
  it('generates the planned number of cases', () => {
    const per = CHECK_RUNS.parity + CHECK_RUNS.wild + CHECK_RUNS.shape + CHECK_RUNS.zh + CHECK_RUNS.hostErrors;
    expect(COUNT.cases).toBe(per * NAMES.length);
  });
});
