/**
 * The functions over one 1,000,000-row column: the core against a hand-written loop doing the
 * same arithmetic, the Excel and Sheets wrappers (the built bundles, run in `vm` as the hosts run
 * them) against the core on the same call, and the size of both function bundles. BENCH_RUNS sets
 * the number of timed runs (default 7).
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { compare, mb, memoryOnce, ms, ratio, type BenchRow, type BenchSection, type MemoryUse } from './measure.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const ROWS = 1_000_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const CORE_TARGET = 2;
/** KPISCORE and WEIGHTED_SHARE over numbers against the leanest loop. */
const LEAN_TARGET = 1.5;
/** A whole Excel column. */
const EXCEL_ROWS = 1_048_576;
const SHEETS_ROWS = 100_000;
/** Apps Script stops a custom function after 30 seconds. */
const SHEETS_LIMIT_MS = 30_000;
/** The margin asked for under that limit: Apps Script's servers and its range transfer are slower than this machine. */
const SHEETS_MARGIN = 10;
const WRAPPER_TARGET = 1.3;
const BUNDLE_LIMIT = 60 * 1024;

type Fn = (...args: unknown[]) => unknown;
type Column = number[][];

/** A small deterministic generator, so every run scores the same numbers. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function column(n: number, next: () => number): Column {
  const out: Column = new Array(n);
  for (let i = 0; i < n; i++) out[i] = [next()];
  return out;
}

/**
 * KPISCORE(actual, target) for direction "higher", floor 0, no cap, as lean as it can be written:
 * no checks, one formula for any sign of target.
 */
function scoreLoop(actual: Column, target: Column): number[][] {
  const out: number[][] = new Array(actual.length);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]![0]!;
    const t = target[i]![0]!;
    out[i] = [Math.max(0, 1 + (a - t) / Math.abs(t))];
  }
  return out;
}

/** WEIGHTED_SHARE(total, weights): total × w / Σw per row, no checks. */
function shareLoop(total: number, weights: Column): number[][] {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += weights[i]![0]!;
  const out: number[][] = new Array(weights.length);
  for (let i = 0; i < weights.length; i++) out[i] = [(total * weights[i]![0]!) / sum];
  return out;
}

/** WEIGHTED_SHARE(total, weights, , 2): whole cents, the leftover cents to the largest remainders. */
function shareCentsLoop(total: number, weights: Column): unknown {
  const n = weights.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i]![0];
    if (typeof w !== 'number' || w < 0) return { code: '#VALUE!', message: 'bad weight' };
    sum += w;
  }
  const units = Math.round(total * 100);
  const floors = new Float64Array(n);
  const rems = new Float64Array(n);
  let given = 0;
  for (let i = 0; i < n; i++) {
    const q = (units * weights[i]![0]!) / sum;
    const f = Math.floor(Math.round(q * 1e6) / 1e6);
    floors[i] = f;
    rems[i] = Math.round((q - f) * 1e6) / 1e6;
    given += f;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => rems[b]! - rems[a]! || a - b);
  for (let k = 0; k < units - given; k++) floors[order[k]!]! += 1;
  const out: number[][] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = [floors[i]! / 100];
  return out;
}

/**
 * The Excel custom functions, registered by the built functions.js. The bundle is compiled with
 * vm.runInThisContext inside a function whose parameters stand in for the host's globals: a
 * separate vm context would route every global lookup (Math, Array, ...) through the context's
 * interceptors, a cost neither Excel nor Apps Script has.
 */
function loadExcel(): Map<string, Fn> {
  const fns = new Map<string, Fn>();
  class CfError {
    constructor(
      readonly code: string,
      readonly message?: string,
    ) {}
  }
  const customFunctions = {
    associate: (id: string, fn: Fn) => fns.set(id, fn),
    Error: CfError,
    ErrorCode: { invalidValue: '#VALUE!', notAvailable: '#N/A', divisionByZero: '#DIV/0!', invalidNumber: '#NUM!' },
  };
  const code = readFileSync(join(DIST, 'excel/functions.js'), 'utf8');
  const run = vm.runInThisContext(`(function (CustomFunctions, Office) {\n${code}\n})`, { filename: 'functions.js' }) as Fn;
  run(customFunctions, undefined);
  return fns;
}

/** The top-level functions of the built Code.js, compiled the same way with a Session stand-in. */
function loadSheets(names: readonly string[]): Record<string, Fn> {
  const code = readFileSync(join(DIST, 'gsheets/Code.js'), 'utf8');
  const run = vm.runInThisContext(`(function (Session) {\n${code}\nreturn { ${names.join(', ')} };\n})`, {
    filename: 'Code.js',
  }) as Fn;
  return run({ getActiveUserLocale: () => 'en_US' }) as Record<string, Fn>;
}

/** Counting stand-ins for the host's two locale sources; Session refuses, as inside a custom function. */
function localeHost(): { asked: { session: number; spreadsheet: number }; Session: unknown; SpreadsheetApp: unknown } {
  const asked = { session: 0, spreadsheet: 0 };
  return {
    asked,
    Session: {
      getActiveUserLocale: () => {
        asked.session++;
        throw new Error('You do not have permission to call Session.getActiveUserLocale');
      },
    },
    SpreadsheetApp: {
      getActiveSpreadsheet: () => ({
        getSpreadsheetLocale: () => {
          asked.spreadsheet++;
          return 'en_US';
        },
        getSpreadsheetTimeZone: () => 'UTC',
      }),
    },
  };
}

/** The locale lookup Code.js made on every custom function call before it was cached (for comparison only). */
function previousUserLocale(host: ReturnType<typeof localeHost>): string {
  const Session = host.Session as { getActiveUserLocale(): string };
  const SpreadsheetApp = host.SpreadsheetApp as { getActiveSpreadsheet(): { getSpreadsheetLocale(): string } };
  try {
    const tag = Session.getActiveUserLocale();
    if (typeof tag === 'string' && tag !== '') return tag;
  } catch {
    // refused
  }
  try {
    const tag = SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetLocale();
    if (typeof tag === 'string' && tag !== '') return tag;
  } catch {
    // none
  }
  return 'en';
}

/** Host locale lookups for `calls` custom function calls in one execution of the built Code.js, and the old lookup's. */
function localeLookups(calls: number): { before: { session: number; spreadsheet: number }; after: { session: number; spreadsheet: number } } {
  const old = localeHost();
  for (let i = 0; i < calls; i++) previousUserLocale(old);
  const now = localeHost();
  const code = readFileSync(join(DIST, 'gsheets/Code.js'), 'utf8');
  const run = vm.runInThisContext(`(function (Session, SpreadsheetApp) {\n${code}\nreturn { KPISCORE };\n})`, { filename: 'Code.js' }) as Fn;
  const fns = run(now.Session, now.SpreadsheetApp) as Record<string, Fn>;
  for (let i = 0; i < calls; i++) fns.KPISCORE!(100 + (i % 50), 100);
  return { before: old.asked, after: now.asked };
}

function coreRow(name: string, coreMs: number, loopMs: number, target = CORE_TARGET): BenchRow {
  const r = coreMs / loopMs;
  return {
    name,
    measured: `${ratio(r)} (core ${ms(coreMs)}, loop ${ms(loopMs)})`,
    target: `≤ ${target}x`,
    pass: r <= target,
  };
}

/** A wrapper over a whole Excel column against the lean loop on the same column: time and memory. */
function excelColumnRow(name: string, wrapper: MemoryUse & { median: number }, loop: MemoryUse & { median: number }): BenchRow {
  const time = wrapper.median / loop.median;
  const memory = wrapper.peak / loop.peak;
  return {
    name,
    measured:
      `${ratio(time)} time (${ms(wrapper.median)}, loop ${ms(loop.median)}); ` +
      `peak ${mb(wrapper.peak)} (${ratio(memory)} the loop's ${mb(loop.peak)}), result ${mb(wrapper.retained)}`,
    target: `≤ ${LEAN_TARGET}x the loop's time and peak memory`,
    pass: time <= LEAN_TARGET && memory <= LEAN_TARGET,
  };
}

/** A Code.js custom function over SHEETS_ROWS rows against Apps Script's 30 s limit. */
function sheetsLimitRow(name: string, use: MemoryUse & { median: number }): BenchRow {
  const margin = SHEETS_LIMIT_MS / use.median;
  return {
    name,
    measured: `${ms(use.median)}, ${margin.toFixed(0)}x under the 30 s limit; peak ${mb(use.peak)}, result ${mb(use.retained)}`,
    target: `≤ ${ms(SHEETS_LIMIT_MS / SHEETS_MARGIN)} (${SHEETS_MARGIN}x margin under 30 s)`,
    pass: margin >= SHEETS_MARGIN,
  };
}

/** Median times of interleaved runs, then one more run of each with its memory. */
function timeAndMemory(fns: Record<string, () => unknown>): Record<string, MemoryUse & { median: number }> {
  const times = compare(fns, RUNS);
  return Object.fromEntries(Object.entries(fns).map(([k, f]) => [k, { ...memoryOnce(f), median: times[k]! }]));
}

function wrapperRow(name: string, hostMs: number, coreMs: number): BenchRow {
  const r = hostMs / coreMs;
  return {
    name,
    measured: `${ratio(r)} (wrapper ${ms(hostMs)}, core ${ms(coreMs)})`,
    target: `≤ ${WRAPPER_TARGET}x`,
    pass: r <= WRAPPER_TARGET,
  };
}

export default async function functionsBench(): Promise<BenchSection> {
  const core = (await import(pathToFileURL(join(DIST, 'core/index.js')).href)) as Record<string, Fn> & {
    setLocale: (l: string) => void;
  };
  core.setLocale('en');
  const excel = loadExcel();
  const sheets = loadSheets(['KPISCORE', 'WEIGHTED_SHARE']);
  const next = random(20240601);
  const actual = column(ROWS, () => Math.round(next() * 20000) / 100);
  const target = column(ROWS, () => 50 + Math.round(next() * 10000) / 100);
  const weights = column(ROWS, () => 1 + Math.round(next() * 100) / 100);
  const total = 1_000_000;
  const invocation = { functionName: 'KPI.KPISCORE' };
  const rows: BenchRow[] = [];

  const kpiscore = compare(
    {
      core: () => core.KPISCORE!(actual, target),
      loop: () => scoreLoop(actual, target),
    },
    RUNS,
  );
  rows.push(coreRow('KPISCORE, 1,000,000-row column: core vs hand-written loop', kpiscore.core!, kpiscore.loop!, LEAN_TARGET));

  const share = compare(
    {
      core: () => core.WEIGHTED_SHARE!(total, weights),
      loop: () => shareLoop(total, weights),
    },
    RUNS,
  );
  rows.push(coreRow('WEIGHTED_SHARE, 1,000,000 rows: core vs hand-written loop', share.core!, share.loop!, LEAN_TARGET));

  const cents = compare(
    {
      core: () => core.WEIGHTED_SHARE!(total, weights, undefined, 2),
      loop: () => shareCentsLoop(total, weights),
    },
    RUNS,
  );
  rows.push(coreRow('WEIGHTED_SHARE to the cent (decimals 2), 1,000,000 rows: core vs loop', cents.core!, cents.loop!));

  const excelScore = excel.get('KPISCORE')!;
  const excelShare = excel.get('WEIGHTED_SHARE')!;
  const wrappedScore = compare(
    {
      core: () => core.KPISCORE!(actual, target),
      excel: () => excelScore(actual, target, null, null, null, null, invocation),
      sheets: () => sheets.KPISCORE!(actual, target),
    },
    RUNS,
  );
  rows.push(wrapperRow('Excel KPISCORE (functions.js) vs core, 1,000,000 rows', wrappedScore.excel!, wrappedScore.core!));
  rows.push(wrapperRow('Sheets KPISCORE (Code.js) vs core, 1,000,000 rows', wrappedScore.sheets!, wrappedScore.core!));

  const totalCell = [[total]];
  const wrappedShare = compare(
    {
      core: () => core.WEIGHTED_SHARE!(total, weights),
      excel: () => excelShare(totalCell, weights, null, null, invocation),
      sheets: () => sheets.WEIGHTED_SHARE!(total, weights),
    },
    RUNS,
  );
  rows.push(wrapperRow('Excel WEIGHTED_SHARE (functions.js) vs core, 1,000,000 rows', wrappedShare.excel!, wrappedShare.core!));
  rows.push(wrapperRow('Sheets WEIGHTED_SHARE (Code.js) vs core, 1,000,000 rows', wrappedShare.sheets!, wrappedShare.core!));

  // A whole Excel column through functions.js, and Code.js on the rows Sheets can finish in time.
  const excelActual = column(EXCEL_ROWS, () => Math.round(next() * 20000) / 100);
  const excelTarget = column(EXCEL_ROWS, () => 50 + Math.round(next() * 10000) / 100);
  const excelWeights = column(EXCEL_ROWS, () => 1 + Math.round(next() * 100) / 100);
  const excelScoreColumn = timeAndMemory({
    excel: () => excelScore(excelActual, excelTarget, null, null, null, null, invocation),
    loop: () => scoreLoop(excelActual, excelTarget),
  });
  rows.push(
    excelColumnRow('Excel KPISCORE (functions.js), whole column of 1,048,576 rows vs loop', excelScoreColumn.excel!, excelScoreColumn.loop!),
  );
  const excelShareColumn = timeAndMemory({
    excel: () => excelShare(totalCell, excelWeights, null, null, invocation),
    loop: () => shareLoop(total, excelWeights),
  });
  rows.push(
    excelColumnRow('Excel WEIGHTED_SHARE (functions.js), whole column of 1,048,576 rows vs loop', excelShareColumn.excel!, excelShareColumn.loop!),
  );
  excelActual.length = 0;
  excelTarget.length = 0;
  excelWeights.length = 0;

  const sheetsActual = actual.slice(0, SHEETS_ROWS);
  const sheetsTarget = target.slice(0, SHEETS_ROWS);
  const sheetsWeights = weights.slice(0, SHEETS_ROWS);
  const sheetsUse = timeAndMemory({
    score: () => sheets.KPISCORE!(sheetsActual, sheetsTarget),
    share: () => sheets.WEIGHTED_SHARE!(total, sheetsWeights),
  });
  rows.push(sheetsLimitRow('Sheets KPISCORE (Code.js), 100,000 rows: time against the 30 s custom function limit', sheetsUse.score!));
  rows.push(sheetsLimitRow('Sheets WEIGHTED_SHARE (Code.js), 100,000 rows: time against the 30 s custom function limit', sheetsUse.share!));

  const calls = 10_000;
  const lookups = localeLookups(calls);
  const asked = (a: { session: number; spreadsheet: number }) => a.session + a.spreadsheet;
  rows.push({
    name: `Sheets custom functions: host locale lookups per ${calls.toLocaleString('en-US')} calls in one execution`,
    measured: `${asked(lookups.after)} (${lookups.after.session} refused); before: ${asked(lookups.before).toLocaleString('en-US')} (${lookups.before.session.toLocaleString('en-US')} refused)`,
    target: '≤ 1, none refused',
    pass: asked(lookups.after) <= 1 && lookups.after.session === 0,
  });

  for (const file of ['excel/functions.js', 'gsheets/Code.js']) {
    const size = statSync(join(DIST, file)).size;
    rows.push({
      name: `dist/${file} size (minified)`,
      measured: `${(size / 1024).toFixed(1)} KB`,
      target: `< ${BUNDLE_LIMIT / 1024} KB`,
      pass: size < BUNDLE_LIMIT,
    });
  }

  return {
    title: 'Functions over a 1,000,000-row column',
    rows,
    notes: [
      `Median of ${RUNS} runs after one warm-up, the compared calls interleaved run by run, a full garbage collection before each run.`,
      'Inputs are 2-D arrays of one-cell rows, as Excel and Sheets pass a column; the loops read the same arrays and build the same 2-D result.',
      'The loops, as lean as they can be written (no checks): KPISCORE with direction "higher", floor 0 and no cap as max(0, 1 + (a − t) / |t|); WEIGHTED_SHARE as total × w / Σw; to the cent with whole cents and the leftover cents to the largest remainders (Math.round for ROUND).',
      `Whole column and 100,000 rows: the median of ${RUNS} interleaved runs, then one more run each for memory: after two full collections the V8 GC profiler records the heap (and array buffers) before every collection during the call; the peak is the largest of those and of the heap at the end, above the starting point; the result is what stays after a collection. Apps Script runs on slower shared servers and hands the range over before the call, neither counted here: hence the ${SHEETS_MARGIN}x margin asked under its 30 s limit.`,
      `Locale lookups: the built Code.js run once (one Apps Script execution) with counting stand-ins where Session refuses, as in a custom function, against a copy of the previous lookup (Session, then the spreadsheet, on every call); each custom function cell is its own execution, where the lookups go from 2 (1 refused) to 1.`,
      'The wrappers are the built bundles, compiled in this realm with stand-ins for the host globals (a separate vm context slows every global lookup, which neither host does); the Excel call passes the invocation object Excel adds.',
    ].join(' '),
  };
}
