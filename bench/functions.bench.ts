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
import { compare, ms, ratio, type BenchRow, type BenchSection } from './measure.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const ROWS = 1_000_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const CORE_TARGET = 2;
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

/** KPISCORE(actual, target) for direction "higher", floor 0, no cap: what a programmer would write. */
function scoreLoop(actual: Column, target: Column): unknown[][] {
  const out: unknown[][] = new Array(actual.length);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]![0];
    const t = target[i]![0];
    if (typeof a !== 'number' || typeof t !== 'number') {
      out[i] = [{ code: '#VALUE!', message: 'not a number' }];
    } else if (t === 0) {
      out[i] = [{ code: '#DIV/0!', message: 'target is 0' }];
    } else {
      const raw = t > 0 ? a / t : (a - t + Math.abs(t)) / Math.abs(t);
      out[i] = [raw < 0 ? 0 : raw];
    }
  }
  return out;
}

/** WEIGHTED_SHARE(total, weights): total × w / Σw per row. */
function shareLoop(total: number, weights: Column): unknown {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]![0];
    if (typeof w !== 'number') return { code: '#VALUE!', message: 'not a number' };
    if (w < 0) return { code: '#NUM!', message: 'negative' };
    sum += w;
  }
  if (sum === 0) return { code: '#DIV/0!', message: 'sum is 0' };
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

function coreRow(name: string, coreMs: number, loopMs: number): BenchRow {
  const r = coreMs / loopMs;
  return {
    name,
    measured: `${ratio(r)} (core ${ms(coreMs)}, loop ${ms(loopMs)})`,
    target: `≤ ${CORE_TARGET}x`,
    pass: r <= CORE_TARGET,
  };
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
  rows.push(coreRow('KPISCORE, 1,000,000-row column: core vs hand-written loop', kpiscore.core!, kpiscore.loop!));

  const share = compare(
    {
      core: () => core.WEIGHTED_SHARE!(total, weights),
      loop: () => shareLoop(total, weights),
    },
    RUNS,
  );
  rows.push(coreRow('WEIGHTED_SHARE, 1,000,000 rows: core vs hand-written loop', share.core!, share.loop!));

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
      'The loops: KPISCORE with direction "higher", floor 0 and no cap; WEIGHTED_SHARE as total × w / Σw; to the cent with whole cents and the leftover cents to the largest remainders (Math.round for ROUND).',
      `Locale lookups: the built Code.js run once (one Apps Script execution) with counting stand-ins where Session refuses, as in a custom function, against a copy of the previous lookup (Session, then the spreadsheet, on every call); each custom function cell is its own execution, where the lookups go from 2 (1 refused) to 1.`,
      'The wrappers are the built bundles, compiled in this realm with stand-ins for the host globals (a separate vm context slows every global lookup, which neither host does); the Excel call passes the invocation object Excel adds.',
    ].join(' '),
  };
}
