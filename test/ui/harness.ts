/**
 * Opens the built task pane (dist/excel/taskpane.html) and the built sidebar
 * (dist/gsheets/Sidebar.html) in headless Chromium with the hosts faked at their edges, the pages
 * themselves unchanged:
 * - Excel: office.js is the Office.js fake of test/fakes/excel.ts, bundled for the browser when
 *   the tests start, under stub Office and Excel globals; the pane's own bridge, template engine
 *   (templates.js) and renderer write into it, and `excelState` reads back what it holds.
 * - Sheets: google.script.run is either a recorder that answers over several steps, or, with
 *   `server: true`, the built server code (dist/gsheets/Templates.js) running in Node over the
 *   SpreadsheetApp fake of test/fakes/sheets.ts, each call going through JSON as Apps Script's do.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import vm from 'node:vm';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { RenderOutcome } from '../../core/templates/render.js';
import type { WorkbookDesc } from '../../core/templates/types.js';
import type { Locale } from '../../core/types.js';
import type { InsertRequest, PlanChoice } from '../../ui/bridge.js';
import { CATALOG } from '../../ui/catalog.js';
import { FakeExcel } from '../fakes/excel.js';
import { FakeSpreadsheet, fakeGlobals } from '../fakes/sheets.js';
import type { WorkbookSnapshot } from '../renderers/snapshot.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const DIST = join(ROOT, 'dist');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export type Host = 'excel' | 'sheets';
export const WIDTH: Record<Host, number> = { excel: 350, sheets: 300 };

const FILES = new Map<string, Buffer>();
/** test/fakes/excel.ts as a browser script defining the global KPIFakeExcel. */
let FAKE_EXCEL_JS = '';

async function bundleFakeExcel(): Promise<string> {
  const out = await build({
    entryPoints: [join(ROOT, 'test/fakes/excel.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'KPIFakeExcel',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: the UI tests need it. Install it with ` +
        '`apt-get install -y chromium fonts-noto-cjk` (or set CHROMIUM_PATH).',
    );
  }
  for (const f of ['excel/taskpane.html', 'excel/taskpane.js', 'excel/templates.js', 'gsheets/Sidebar.html', 'gsheets/Templates.js']) {
    if (!existsSync(join(DIST, f))) throw new Error(`dist/${f} is missing: run npm run build first.`);
  }
  // Read once: a build running meanwhile in the same tree must not pull files from under a test.
  for (const name of readdirSync(join(DIST, 'excel'))) {
    const file = join(DIST, 'excel', name);
    if (statSync(file).isFile()) FILES.set(`excel/${name}`, readFileSync(file));
  }
  for (const name of ['Sidebar.html', 'Templates.js']) FILES.set(`gsheets/${name}`, readFileSync(join(DIST, 'gsheets', name)));
  FAKE_EXCEL_JS ||= await bundleFakeExcel();
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/** What a faked host holds and does; the page reads it as window.kpiTest.config. */
export interface HostConfig {
  readonly lang: Locale;
  /** Excel: false for a build without CustomFunctionsRuntime 1.2 / SharedRuntime 1.1. */
  readonly functions?: boolean;
  /** Excel: the highest ExcelApi 1.x minor version supported (1.8 = templates). */
  readonly api?: number;
  /** Excel: bytes per request the fake accepts (default 5 MB, as Excel on the web). */
  readonly requestLimit?: number;
  readonly view?: 'templates' | 'reference';
  /** Plan tables in the workbook (Excel, Sheets with `server`: written as sheets; recorder: answered as is). */
  readonly plans?: readonly PlanChoice[];
  /** Tables of the user's own, as sheets with cells typed as a user types them ("A1" → value). */
  readonly tables?: readonly { readonly sheet: string; readonly cells: Readonly<Record<string, string | number>> }[];
  /** The sheet active when the pane opens (default "Sheet1"). */
  readonly active?: string;
  /** Sheets already in the workbook (the generator picks free names). */
  readonly sheets?: readonly string[];
  /** What the selected cell (B7) holds ('' = empty). */
  readonly cell?: string;
  /** Excel: hold the first request after the progress bar moved; Sheets: the second step. Until window.kpiTest.release(). */
  readonly hold?: boolean;
  /** Sheets: the built server code over the SpreadsheetApp fake instead of the recorder. */
  readonly server?: boolean;
  /** Sheets recorder: a render failure at the second step: its code, detail and whether undoing failed. */
  readonly fail?: { code: string; detail?: string; rollbackFailed?: boolean; sheets?: string[] };
  /** Sheets recorder: the option message kpiInsertBegin throws. */
  readonly optionError?: string;
  /** Sheets recorder: steps of a render and ms between them. */
  readonly steps?: number;
  readonly delay?: number;
}

/** What the page recorded. */
export interface Recorded {
  calls: { name: string; args: unknown[] }[];
  /** Sheets recorder: formulas written into the selected cell. */
  writes: { address: string; formula: string }[];
  progress: number[];
  dialogs: number;
}

/** What the Office.js fake in an Excel page holds, and the calls that reached it. */
export interface ExcelState {
  readonly snapshot: WorkbookSnapshot;
  readonly syncs: number;
  readonly ops: number;
  /** The options of each Excel.run (null: none given). */
  readonly runs: ({ mergeUndoGroup?: boolean } | null)[];
}

export function excelState(page: Page): Promise<ExcelState> {
  return page.evaluate(() => (window as unknown as { kpiTest: { state: () => ExcelState } }).kpiTest.state());
}

/** What the selected cell B7 of "Sheet1" holds in the page's Office.js fake ('' when empty). */
export async function excelCell(page: Page, address = 'B7', sheet = 'Sheet1'): Promise<string> {
  const cell = (await excelState(page)).snapshot.sheets.find((s) => s.name === sheet)?.cells[address];
  return cell === undefined ? '' : 'f' in cell ? cell.f : String(cell.v);
}

/**
 * The same workbook in Node: the built template engine (dist/excel/templates.js) over a FakeExcel
 * set up from the same config, inserting as the task pane's bridge does (read the workbook, one
 * Excel.run; generate; render in another). What the page ends up with must equal what this does.
 */
export interface ExcelMirror {
  readonly fake: FakeExcel;
  insert(request: InsertRequest): Promise<{ desc: WorkbookDesc; outcome: RenderOutcome }>;
}

interface Engine {
  parseTemplateOptions(input: unknown, lang: Locale): { ok: true; options: unknown } | { ok: false; message: string };
  generateTemplate(options: unknown, context: { existingSheets: string[]; existingNames: string[] }): WorkbookDesc;
  readWorkbookContext(context: unknown): Promise<{ existingSheets: string[]; existingNames: string[] }>;
  runTemplate(desc: WorkbookDesc): Promise<RenderOutcome>;
}

export function excelMirror(config: HostConfig): ExcelMirror {
  const fake = new FakeExcel(config.requestLimit ? { requestLimit: config.requestLimit } : {});
  new Function('fake', 'c', `${SETUP_FAKE}\nsetupFake(fake, c);`)(fake, JSON.parse(JSON.stringify(config)));
  const api = config.api ?? 20;
  const context = vm.createContext({
    setTimeout,
    Office: { context: { requirements: { isSetSupported: (set: string, v: string) => set === 'ExcelApi' && Number(String(v).split('.')[1]) <= api } } },
    Excel: { run: (a: unknown, b?: unknown) => fake.run((typeof a === 'function' ? a : b) as (c: Excel.RequestContext) => Promise<unknown>) },
  });
  vm.runInContext(FILES.get('excel/templates.js')!.toString('utf8'), context, { filename: 'templates.js' });
  const engine = (context as { KPIKitTemplates: Engine }).KPIKitTemplates;
  return {
    fake,
    async insert(request) {
      const parsed = engine.parseTemplateOptions(JSON.parse(JSON.stringify(request)), config.lang);
      if (!parsed.ok) throw new Error(parsed.message);
      const existing = await fake.run((ctx) => engine.readWorkbookContext(ctx));
      const desc = engine.generateTemplate(parsed.options, existing);
      return { desc, outcome: await engine.runTemplate(desc) };
    },
  };
}

/** Page script shared by both hosts: the recorder and a watch on the progress bar. */
function commonInit(config: HostConfig): string {
  return `
window.kpiTest = { config: ${JSON.stringify(config)}, rec: { calls: [], writes: [], progress: [], dialogs: 0 } };
window.kpiTest.gate = new Promise(function (r) { window.kpiTest.release = r; });
window.alert = function () { window.kpiTest.rec.dialogs++; };
new MutationObserver(function () {
  var bar = document.querySelector('[role=progressbar]');
  if (bar) {
    var v = Number(bar.getAttribute('aria-valuenow'));
    var p = window.kpiTest.rec.progress;
    if (p[p.length - 1] !== v) p.push(v);
  }
}).observe(document, { subtree: true, childList: true, attributes: true });
window.kpiTest.wait = function (ms) { return new Promise(function (r) { setTimeout(r, ms); }); };
`;
}

/**
 * Puts a config's workbook into a FakeExcel (plain JavaScript: the page and Node both run it):
 * "Sheet1" with B7 selected (holding config.cell), an empty sheet per config.sheets, and a plan
 * table per config.plans where its mapping says (header row, then one row per KPI).
 */
const SETUP_FAKE = `
function setupFake(fake, c) {
  var first = fake.sheet('Sheet1');
  if (c.cell) {
    fake.removeSheet('Sheet1');
    first = fake.addSheet('Sheet1', { B7: c.cell });
    fake.model.activeSheet = first.id;
  }
  first.activeCell = 'B7';
  (c.sheets || []).forEach(function (name) { if (!fake.sheet(name)) fake.addSheet(name); });
  (c.plans || []).forEach(function (p) {
    var m = p.mapping, k = m.columns, cells = {};
    cells[k.kpi + m.headerRow] = 'KPI';
    cells[k.target + m.headerRow] = 'Target';
    cells[k.weight + m.headerRow] = 'Weight';
    for (var r = m.firstRow; r <= m.lastRow; r++) {
      cells[k.kpi + r] = 'KPI ' + (r - m.firstRow + 1);
      cells[k.target + r] = 100 * (r - m.firstRow + 1);
      cells[k.weight + r] = Math.round(100 / (m.lastRow - m.firstRow + 1)) / 100;
    }
    if (!fake.sheet(p.sheet)) fake.addSheet(p.sheet, cells);
  });
  (c.tables || []).forEach(function (t) { if (!fake.sheet(t.sheet)) fake.addSheet(t.sheet, t.cells); });
  if (c.active && fake.sheet(c.active)) fake.model.activeSheet = fake.sheet(c.active).id;
}
`;

/**
 * Stub office.js: the Office.js fake (test/fakes/excel.ts, bundled) as the open workbook, Office
 * with the config's language and requirement sets, and Excel.run over the fake's context. The
 * fake has no selection API, so getSelectedRange is the one call added here: the active sheet's
 * active cell as a range of the fake (its "text" read as its values).
 */
const OFFICE_STUB = `
(function () {
  var t = window.kpiTest, c = t.config;
  window.CustomFunctions = { associate: function () {}, Error: function () {}, ErrorCode: {} };
  window.Office = {
    onReady: function (cb) { var p = Promise.resolve({ host: 'Excel', platform: 'OfficeOnline' }); if (cb) p.then(cb); return p; },
    context: {
      displayLanguage: c.lang === 'zh-CN' ? 'zh-CN' : 'en-US',
      requirements: { isSetSupported: function (set, v) { if (set === 'CustomFunctionsRuntime' || set === 'SharedRuntime') return c.functions !== false; return set === 'ExcelApi' && Number(String(v).split('.')[1]) <= (c.api == null ? 20 : c.api); } }
    }
  };
  var fake = new KPIFakeExcel.FakeExcel(c.requestLimit ? { requestLimit: c.requestLimit } : {});
  setupFake(fake, c);
  window.fake = fake;
  fake.context.workbook.getSelectedRange = function () {
    var model = fake.model.sheets.find(function (s) { return s.id === fake.model.activeSheet; });
    var range = fake.context.workbook.worksheets.getActiveWorksheet().getRange(model.activeCell || 'A1');
    var cell = {
      load: function (props) {
        var list = [].concat(props).join(',').split(',').map(function (p) { return p.trim(); });
        range.load(list.map(function (p) { return p === 'text' ? 'values' : p; }));
        return cell;
      },
      get address() { return range.read('address'); },
      get formulas() { return range.formulas; },
      set formulas(v) { range.formulas = v; },
      get text() { return range.values.map(function (row) { return row.map(String); }); }
    };
    return { getCell: function () { return cell; } };
  };
  // With config.hold, the first request sent once the progress bar has moved waits for
  // kpiTest.release(). kpiTest.failSyncs({ n: code }) makes the n-th request from then on refused
  // at its first call, by the fake's own failAt.
  var sync = fake.sync.bind(fake), held = false, refusals = null, count = 0;
  fake.sync = async function () {
    var bar = document.querySelector('[role=progressbar]');
    if (c.hold && !held && bar && Number(bar.getAttribute('aria-valuenow')) > 0) { held = true; await t.gate; }
    if (refusals) {
      var code = refusals[++count];
      if (code && fake.queue.length > 0) fake.failAt(fake.queue[0].n, code);
    }
    return sync();
  };
  t.failSyncs = function (r) { refusals = r; count = 0; };
  t.runs = [];
  window.Excel = {
    run: function (a, b) {
      t.runs.push(typeof a === 'function' ? null : a);
      return fake.run(typeof a === 'function' ? a : b);
    }
  };
  t.state = function () { return { snapshot: fake.snapshot(), syncs: fake.syncs, ops: fake.ops, runs: t.runs }; };
})();
`;

/** A recording google.script.run that answers asynchronously, a render taking several steps. */
const SCRIPT_RUN = `
(function () {
  var t = window.kpiTest, c = t.config, rec = t.rec;
  var cellValue = c.cell || '';
  var total = c.steps || 3;
  function fail(message) { var e = new Error(message); e.name = 'ScriptError'; throw e; }
  var server = {
    kpiHostInfo: function () { return { host: 'sheets', locale: c.lang, templates: true }; },
    kpiPlanChoices: function () { return c.plans || []; },
    kpiReadTable: function () { return null; },
    kpiUpdateChoice: function () { return null; },
    kpiInsertBegin: function (request) {
      if (c.optionError) fail(c.optionError);
      return { job: { n: 0, request: request }, progress: { done: 0, total: total } };
    },
    kpiInsertStep: async function (job) {
      var n = job.n + 1;
      if (n === 2 && c.fail) fail(JSON.stringify(c.fail));
      if (n === 2 && c.hold) await t.gate;
      var r = { job: { n: n, request: job.request }, progress: { done: n, total: total } };
      if (n === total) {
        var kind = job.request.kind;
        var zh = job.request.lang === 'zh-CN';
        var name = c.titles[kind] + ' (2)';
        r.outcome = {
          sheets: [{ key: kind, name: name, rows: job.request.rows || 10, hidden: false }, { key: 'lists', name: zh ? 'KPI列表' : 'KPI Lists', rows: 0, hidden: true }],
          names: ['KPI_Directions'],
          activeSheet: name,
          activeCell: 'C5'
        };
      }
      return r;
    },
    kpiInsertRollback: function () { return null; },
    kpiInsertFormula: function (formula, overwrite) {
      if (cellValue !== '' && !overwrite) return { status: 'occupied', address: 'B7', current: cellValue };
      cellValue = formula;
      rec.writes.push({ address: 'B7', formula: formula });
      return { status: 'inserted', address: 'B7' };
    }
  };
  function runner(ok, ko) {
    var r = {
      withSuccessHandler: function (f) { return runner(f, ko); },
      withFailureHandler: function (f) { return runner(ok, f); }
    };
    Object.keys(server).forEach(function (name) {
      r[name] = function () {
        var args = Array.prototype.slice.call(arguments);
        rec.calls.push({ name: name, args: JSON.parse(JSON.stringify(args)) });
        setTimeout(async function () {
          try { var v = await server[name].apply(null, args); ok && ok(JSON.parse(JSON.stringify(v === undefined ? null : v))); }
          catch (e) { ko && ko(e); }
        }, c.delay == null ? 50 : c.delay);
      };
    });
    return r;
  }
  window.google = { script: { run: runner(null, null) } };
})();
`;

/** google.script.run over the built server code in Node (window.kpiServer, JSON both ways). */
const SCRIPT_RUN_SERVER = `
(function () {
  var t = window.kpiTest, c = t.config, rec = t.rec, held = false;
  var names = ['kpiHostInfo', 'kpiPlanChoices', 'kpiReadTable', 'kpiInsertBegin', 'kpiInsertStep', 'kpiInsertRollback', 'kpiInsertFormula', 'kpiUpdateChoice', 'kpiUpdateBegin'];
  function runner(ok, ko) {
    var r = {
      withSuccessHandler: function (f) { return runner(f, ko); },
      withFailureHandler: function (f) { return runner(ok, f); }
    };
    names.forEach(function (name) {
      r[name] = function () {
        var args = Array.prototype.slice.call(arguments);
        rec.calls.push({ name: name, args: JSON.parse(JSON.stringify(args)) });
        (async function () {
          if (c.hold && !held && name === 'kpiInsertStep') { held = true; await t.gate; }
          var out = JSON.parse(await window.kpiServer(name, JSON.stringify(args)));
          if ('error' in out) { var e = new Error(out.error); e.name = 'ScriptError'; if (ko) ko(e); }
          else if (ok) ok(out.value);
        })();
      };
    });
    return r;
  }
  window.google = { script: { run: runner(null, null) } };
})();
`;

/** The SpreadsheetApp fake behind each page opened with `server: true`. */
const SHEETS_SERVERS = new WeakMap<Page, FakeSpreadsheet>();

export function sheetsServer(page: Page): FakeSpreadsheet {
  const fake = SHEETS_SERVERS.get(page);
  if (!fake) throw new Error('the page was not opened with server: true');
  return fake;
}

/** The built server code of the Sheets add-on over a SpreadsheetApp fake, called as google.script.run calls. */
export interface SheetsHost {
  readonly fake: FakeSpreadsheet;
  /** Calls a top-level server function with JSON arguments; gives its JSON result or throws its error. */
  call(name: string, ...args: unknown[]): unknown;
}

/**
 * Runs dist/gsheets/Templates.js in a Node vm over a new SpreadsheetApp fake holding the config's
 * sheets and plan tables (B7 of "Sheet1" selected), as Apps Script loads a project's files. Each
 * call takes one render step (a step budget of 0 ms), as on a slow spreadsheet.
 */
export function sheetsHost(config: HostConfig): SheetsHost {
  const fake = new FakeSpreadsheet();
  for (const name of config.sheets ?? []) fake.api.insertSheet(name);
  for (const p of config.plans ?? []) {
    const sheet = fake.api.insertSheet(p.sheet);
    const m = p.mapping;
    const k = m.columns;
    const n = m.lastRow - m.firstRow + 1;
    sheet.getRange(`${k.kpi}${m.headerRow}`).setValue('KPI');
    sheet.getRange(`${k.target}${m.headerRow}`).setValue('Target');
    sheet.getRange(`${k.weight}${m.headerRow}`).setValue('Weight');
    for (let r = m.firstRow; r <= m.lastRow; r++) {
      sheet.getRange(`${k.kpi}${r}`).setValue(`KPI ${r - m.firstRow + 1}`);
      sheet.getRange(`${k.target}${r}`).setValue(100 * (r - m.firstRow + 1));
      sheet.getRange(`${k.weight}${r}`).setValue(Math.round(100 / n) / 100);
    }
  }
  for (const t of config.tables ?? []) {
    const sheet = fake.api.insertSheet(t.sheet);
    for (const [a1, value] of Object.entries(t.cells)) sheet.getRange(a1).setValue(value);
  }
  const first = fake.api.getSheetByName('Sheet1')!;
  fake.api.setActiveSheet(first);
  if (config.cell) first.getRange('B7').setValue(config.cell);
  first.getRange('B7').activate();
  if (config.active) fake.api.setActiveSheet(fake.api.getSheetByName(config.active)!);
  const g = fakeGlobals(fake, { locale: config.lang === 'zh-CN' ? 'zh_CN' : 'en' });
  const context = vm.createContext({ SpreadsheetApp: g.SpreadsheetApp, Session: g.Session, Charts: g.Charts, HtmlService: g.HtmlService });
  vm.runInContext(FILES.get('gsheets/Templates.js')!.toString('utf8'), context, { filename: 'Templates.js' });
  (context as { KPIKitTemplates: { setStepBudget(ms: number): void } }).KPIKitTemplates.setStepBudget(0);
  return {
    fake,
    call(name, ...args) {
      const fn = (context as Record<string, unknown>)[name];
      if (typeof fn !== 'function') throw new Error(`Script function not found: ${name}`);
      return JSON.parse(JSON.stringify((fn as (...a: unknown[]) => unknown)(...(JSON.parse(JSON.stringify(args)) as unknown[])) ?? null)) as unknown;
    },
  };
}

/** Answers the page's google.script.run with a SheetsHost. */
async function serveSheets(page: Page, config: HostConfig): Promise<void> {
  const host = sheetsHost(config);
  await page.exposeFunction('kpiServer', (name: string, args: string): string => {
    try {
      return JSON.stringify({ value: host.call(name, ...(JSON.parse(args) as unknown[])) });
    } catch (e) {
      return JSON.stringify({ error: e instanceof Error ? e.message : String(e) });
    }
  });
  SHEETS_SERVERS.set(page, host.fake);
}

/** Uncaught errors of each page (tests expect none). */
export const PAGE_ERRORS = new WeakMap<Page, string[]>();

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.json': 'application/json', '.png': 'image/png' };

/** Opens one host's page at its real width with the stubs in place; resolves when the pane shows. */
export async function openHost(browser: Browser, host: Host, config: HostConfig, width = WIDTH[host]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 720 }, deviceScaleFactor: 1 });
  const errors: string[] = [];
  PAGE_ERRORS.set(page, errors);
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(commonInit(config));
  if (host === 'excel') {
    const office = `${FAKE_EXCEL_JS}\n${SETUP_FAKE}\n${OFFICE_STUB}`;
    await page.route('https://appsforoffice.microsoft.com/**', (route) => route.fulfill({ contentType: 'text/javascript', body: office }));
    await page.route('https://excel.test/**', (route) => {
      const path = new URL(route.request().url()).pathname.slice(1);
      const body = FILES.get(`excel/${path}`);
      if (!body) return route.fulfill({ status: 404, body: 'not found' });
      return route.fulfill({ contentType: TYPES[extname(path)] ?? 'application/octet-stream', body });
    });
    await page.goto(`https://excel.test/taskpane.html${config.view === 'reference' ? '?view=reference' : ''}`);
  } else {
    const titles = Object.fromEntries(CATALOG.kinds.map((k) => [k.kind, k.title[config.lang]]));
    await page.addInitScript(`window.kpiTest.config.titles = ${JSON.stringify(titles)};`);
    if (config.server) await serveSheets(page, config);
    await page.addInitScript(config.server ? SCRIPT_RUN_SERVER : SCRIPT_RUN);
    const html = FILES.get('gsheets/Sidebar.html')!.toString('utf8').replace(
      '<html data-locale="" data-view="">',
      `<html data-locale="${config.lang}" data-view="${config.view ?? 'templates'}">`,
    );
    await page.route('https://sheets.test/**', (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
    await page.goto('https://sheets.test/Sidebar.html');
  }
  await page.waitForSelector('.kpi .panel');
  return page;
}

export function recorded(page: Page): Promise<Recorded> {
  return page.evaluate(() => (window as unknown as { kpiTest: { rec: Recorded } }).kpiTest.rec);
}

/** True when the page does not scroll sideways. */
export function noSideScroll(page: Page): Promise<{ scroll: number; client: number }> {
  return page.evaluate(() => {
    const s = document.scrollingElement!;
    return { scroll: s.scrollWidth, client: s.clientWidth };
  });
}

/**
 * Where example formulas wrap: for each formula that takes more than one line, the text just
 * before each line start. Lines may start only after "(" or ", ".
 */
export function formulaBreaks(page: Page): Promise<{ formula: string; before: string; after: string }[]> {
  return page.evaluate(() => {
    const out: { formula: string; before: string; after: string }[] = [];
    for (const code of Array.from(document.querySelectorAll('.ex code'))) {
      const chars: { node: Text; i: number }[] = [];
      const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = n as Text;
        for (let i = 0; i < text.data.length; i++) chars.push({ node: text, i });
      }
      const full = code.textContent ?? '';
      let lastTop: number | null = null;
      chars.forEach((c, k) => {
        const r = document.createRange();
        r.setStart(c.node, c.i);
        r.setEnd(c.node, c.i + 1);
        const rect = r.getClientRects()[0];
        if (!rect || rect.width === 0) return;
        if (lastTop !== null && rect.top > lastTop + 2) out.push({ formula: full, before: full.slice(0, k), after: full.slice(k) });
        lastTop = rect.top;
      });
    }
    return out;
  });
}
