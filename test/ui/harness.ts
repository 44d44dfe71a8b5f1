/**
 * Opens the built task pane (dist/excel/taskpane.html) and the built sidebar
 * (dist/gsheets/Sidebar.html) in headless Chromium with the hosts stubbed at their edges:
 * Excel gets a stub office.js (Office, Excel.run over a fake selected cell) and a recording
 * workbook layer; Sheets gets a recording google.script.run that answers over several steps.
 * The pages themselves run unchanged, the Excel template engine (templates.js) included.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { Locale } from '../../core/types.js';
import type { PlanChoice } from '../../ui/bridge.js';
import { CATALOG } from '../../ui/catalog.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const DIST = join(ROOT, 'dist');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export type Host = 'excel' | 'sheets';
export const WIDTH: Record<Host, number> = { excel: 350, sheets: 300 };

const FILES = new Map<string, Buffer>();

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: the UI tests need it. Install it with ` +
        '`apt-get install -y chromium fonts-noto-cjk` (or set CHROMIUM_PATH).',
    );
  }
  for (const f of ['excel/taskpane.html', 'excel/taskpane.js', 'excel/templates.js', 'gsheets/Sidebar.html']) {
    if (!existsSync(join(DIST, f))) throw new Error(`dist/${f} is missing: run npm run build first.`);
  }
  // Read once: a build running meanwhile in the same tree must not pull files from under a test.
  for (const name of readdirSync(join(DIST, 'excel'))) {
    const file = join(DIST, 'excel', name);
    if (statSync(file).isFile()) FILES.set(`excel/${name}`, readFileSync(file));
  }
  FILES.set('gsheets/Sidebar.html', readFileSync(join(DIST, 'gsheets/Sidebar.html')));
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/** What a stubbed host does; the page reads it as window.kpiTest.config. */
export interface HostConfig {
  readonly lang: Locale;
  /** Excel: the highest ExcelApi 1.x minor version supported (1.8 = templates). */
  readonly api?: number;
  readonly view?: 'templates' | 'reference';
  readonly plans?: readonly PlanChoice[];
  /** Sheets already in the workbook (Excel: the generator picks free names). */
  readonly sheets?: readonly string[];
  /** What the selected cell holds ('' = empty). */
  readonly cell?: string;
  /** A render failure at the second step: its code, detail and whether undoing failed. */
  readonly fail?: { code: string; detail?: string; rollbackFailed?: boolean; sheets?: string[] };
  /** Sheets: the option message kpiInsertBegin throws. */
  readonly optionError?: string;
  /** Steps of a render and ms between them. */
  readonly steps?: number;
  readonly delay?: number;
  /** Stop after the first step until window.kpiTest.release() (for a picture of the progress bar). */
  readonly hold?: boolean;
}

/** What the page recorded. */
export interface Recorded {
  calls: { name: string; args: unknown[] }[];
  descs: { sheets: { key: string; name: string; hidden?: boolean; blocks: { at: string; cells: ({ v: unknown } | { f: string })[][] }[]; tables?: { key: string; firstRow: number; lastRow: number }[] }[] }[];
  writes: { address: string; formula: string }[];
  progress: number[];
  dialogs: number;
}

/** Page script shared by both hosts: the recorder and a watch on the progress bar. */
function commonInit(config: HostConfig): string {
  return `
window.kpiTest = { config: ${JSON.stringify(config)}, rec: { calls: [], descs: [], writes: [], progress: [], dialogs: 0 } };
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

/** Stub office.js: Office, and Excel.run over a context whose selected cell is config.cell. */
const OFFICE_STUB = `
(function () {
  var c = window.kpiTest.config, rec = window.kpiTest.rec;
  window.CustomFunctions = { associate: function () {}, Error: function () {}, ErrorCode: {} };
  window.Office = {
    onReady: function (cb) { var p = Promise.resolve({ host: 'Excel', platform: 'OfficeOnline' }); if (cb) p.then(cb); return p; },
    context: {
      displayLanguage: c.lang === 'zh-CN' ? 'zh-CN' : 'en-US',
      requirements: { isSetSupported: function (set, v) { return set === 'ExcelApi' && Number(String(v).split('.')[1]) <= (c.api == null ? 20 : c.api); } }
    }
  };
  var cellValue = c.cell || '';
  function context() {
    var cell = {
      address: 'Sheet1!B7',
      text: [[cellValue]],
      load: function () { return cell; }
    };
    Object.defineProperty(cell, 'formulas', {
      get: function () { return [[cellValue]]; },
      set: function (v) { cellValue = v[0][0]; rec.writes.push({ address: 'B7', formula: v[0][0] }); }
    });
    return {
      workbook: { getSelectedRange: function () { return { getCell: function () { return cell; } }; } },
      sync: function () { return Promise.resolve(); }
    };
  }
  window.Excel = { run: function (a, b) { var f = typeof a === 'function' ? a : b; return Promise.resolve().then(function () { return f(context()); }); } };
})();
`;

/** The recording workbook layer the task pane uses instead of excel-addin/workbook.ts. */
const EXCEL_WORKBOOK = `
(function () {
  var t = window.kpiTest, c = t.config, rec = t.rec;
  function outcome(desc) {
    var visible = desc.sheets.filter(function (s) { return !s.hidden; });
    var main = visible[visible.length - 1];
    return {
      sheets: desc.sheets.map(function (s) {
        var rows = 0;
        (s.tables || []).forEach(function (tb) { rows = Math.max(rows, tb.lastRow - tb.firstRow + 1); });
        return { key: s.key, name: s.name, rows: rows, hidden: !!s.hidden };
      }),
      names: desc.names.map(function (n) { return n.name; }),
      activeSheet: main.name,
      activeCell: main.activeCell || 'A1'
    };
  }
  window.kpiExcelWorkbook = {
    readWorkbookContext: function () { rec.calls.push({ name: 'readWorkbookContext', args: [] }); return Promise.resolve({ existingSheets: (c.sheets || []).slice(), existingNames: [] }); },
    readPlanChoices: function () { rec.calls.push({ name: 'readPlanChoices', args: [] }); return Promise.resolve(c.plans || []); },
    runTemplate: async function (desc, onProgress) {
      rec.descs.push(JSON.parse(JSON.stringify(desc)));
      var total = c.steps || 4;
      for (var i = 1; i <= total; i++) {
        await t.wait(c.delay == null ? 60 : c.delay);
        if (i === 2 && c.fail) {
          var e = new Error(c.fail.code); e.name = 'RenderError'; e.code = c.fail.code; e.detail = c.fail.detail || ''; e.rollbackFailed = !!c.fail.rollbackFailed;
          throw e;
        }
        onProgress({ done: i, total: total });
        if (i === 1 && c.hold) await t.gate;
      }
      return outcome(desc);
    }
  };
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
    await page.addInitScript(EXCEL_WORKBOOK);
    await page.route('https://appsforoffice.microsoft.com/**', (route) => route.fulfill({ contentType: 'text/javascript', body: OFFICE_STUB }));
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
    await page.addInitScript(SCRIPT_RUN);
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
