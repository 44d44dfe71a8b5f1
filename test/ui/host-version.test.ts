/**
 * What each Excel build can do, as the task pane says it: the =KPI.* functions need
 * CustomFunctionsRuntime 1.2 in the shared runtime (retail perpetual Excel before version 2311 has
 * the shared runtime but not the functions runtime); templates need ExcelApi 1.8. The pane runs in
 * headless Chromium under its own Content-Security-Policy with office.js stubbed at its edge (as in
 * test/ui/harness.ts): the stub answers isSetSupported for the build being played.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locale } from '../../core/types.js';
import { functionsSupportFrom } from '../../excel-addin/support.js';
import { APP_TEXT } from '../../ui/app-text.js';
import { catalogPlugin } from '../../ui/catalog-plugin.js';

const ROOT = join(import.meta.dirname, '..', '..');
const DIST = join(ROOT, 'dist');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** An Excel build: the highest minor version of each requirement set it has (absent: none). */
interface Build {
  readonly lang: Locale;
  readonly ExcelApi?: number;
  readonly CustomFunctionsRuntime?: number;
  readonly SharedRuntime?: number;
}

/** Retail perpetual Excel 2021 before version 2311: shared runtime, ExcelApi 1.14, no functions runtime. */
const RETAIL_2021_OLD = { ExcelApi: 14, SharedRuntime: 1 } as const;
/** Microsoft 365, current channel. */
const M365 = { ExcelApi: 20, SharedRuntime: 1, CustomFunctionsRuntime: 4 } as const;

/** The little of office.js the pane touches on start-up, answering for config.build. */
const OFFICE_STUB = `
(function () {
  var b = window.kpiBuild;
  window.CustomFunctions = { associate: function () {}, Error: function () {}, ErrorCode: {} };
  window.Office = {
    onReady: function (cb) { var p = Promise.resolve({ host: 'Excel', platform: 'PC' }); if (cb) p.then(cb); return p; },
    context: {
      displayLanguage: b.lang === 'zh-CN' ? 'zh-CN' : 'en-US',
      requirements: {
        isSetSupported: function (set, v) {
          var have = b[set];
          return typeof have === 'number' && Number(String(v).split('.')[1] || 0) <= have && String(v).split('.')[0] === '1';
        }
      }
    }
  };
  window.Excel = { run: function () { return Promise.reject(new Error('no workbook in this test')); } };
})();
`;

/**
 * The pane as the Excel bridge starts it, with what the bridge reports about the host: templates
 * from ExcelApi 1.8, functions from excel-addin/support.ts. Writing is refused (not under test).
 */
const PANE_ENTRY = `
import { resolveLocale } from './core/i18n.js';
import { mountApp } from './ui/app.js';
import { referenceSource } from './ui/reference.js';
import { excelFeatures, functionsSupport } from './excel-addin/support.js';

function start(language) {
  const locale = resolveLocale(language);
  const bridge = {
    info: async () => ({ host: 'excel', locale, templates: excelFeatures().templates, functions: functionsSupport().customFunctions }),
    plans: async () => [],
    insertTemplate: () => Promise.reject(new Error('not under test')),
    insertFormula: () => Promise.reject(new Error('not under test')),
  };
  mountApp(document.getElementById('app'), {
    bridge,
    host: 'excel',
    reference: referenceSource('KPI.'),
    view: new URLSearchParams(location.search).get('view') === 'reference' ? 'reference' : 'templates',
    locale,
  });
}
Office.onReady(() => start(Office.context.displayLanguage));
`;

const FILES = new Map<string, Buffer>();
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.json': 'application/json', '.png': 'image/png' };
let paneJs = '';
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  if (!existsSync(join(DIST, 'excel/taskpane.html'))) throw new Error('dist/excel is missing: run npm run build first.');
  for (const name of readdirSync(join(DIST, 'excel'))) {
    const file = join(DIST, 'excel', name);
    if (statSync(file).isFile()) FILES.set(name, readFileSync(file));
  }
  const out = await build({
    stdin: { contents: PANE_ENTRY, resolveDir: ROOT, loader: 'ts', sourcefile: 'host-version-pane.ts' },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2017',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    plugins: [catalogPlugin()],
    logLevel: 'silent',
  });
  paneJs = out.outputFiles[0]!.text;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
});

afterAll(async () => {
  await browser?.close();
});

/** Opens dist/excel/taskpane.html (its policy in force) for `b`; `pane` replaces taskpane.js. */
async function open(b: Build, options: { view?: 'templates' | 'reference'; pane?: 'test' | 'built' } = {}): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 350, height: 720 } });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (/Content.Security.Policy/i.test(m.text())) problems.push(m.text());
  });
  await page.addInitScript(`window.kpiBuild = ${JSON.stringify(b)};`);
  await page.route('https://appsforoffice.microsoft.com/**', (route) => route.fulfill({ contentType: 'text/javascript', body: OFFICE_STUB }));
  await page.route('https://excel.test/**', (route) => {
    const path = new URL(route.request().url()).pathname.slice(1);
    if (path === 'taskpane.js' && (options.pane ?? 'test') === 'test') return route.fulfill({ contentType: TYPES['.js'], body: paneJs });
    const body = FILES.get(path);
    if (!body) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ contentType: TYPES[extname(path)] ?? 'application/octet-stream', body });
  });
  await page.goto(`https://excel.test/taskpane.html${options.view === 'reference' ? '?view=reference' : ''}`);
  await page.waitForSelector('.kpi .panel');
  // The host's answer is in once the loading line is gone.
  await page.waitForFunction(() => !document.querySelector('.kpi .panel > p.muted[role=status]'));
  return { page, problems };
}

async function notice(page: Page): Promise<string | null> {
  const el = page.locator('[data-testid=functions-unsupported]');
  return (await el.count()) === 0 ? null : (await el.textContent())!;
}

describe('functions support from requirement sets', () => {
  const from = (sets: Record<string, number>) => functionsSupportFrom((set, v) => set in sets && Number(v.split('.')[1]) <= sets[set]!);
  it('needs CustomFunctionsRuntime 1.2 and the shared runtime', () => {
    expect(from(M365)).toEqual({ customFunctions: true, sharedRuntime: true });
    expect(from(RETAIL_2021_OLD)).toEqual({ customFunctions: false, sharedRuntime: true });
    expect(from({ ...RETAIL_2021_OLD, CustomFunctionsRuntime: 1 })).toEqual({ customFunctions: false, sharedRuntime: true });
    expect(from({ CustomFunctionsRuntime: 2 })).toEqual({ customFunctions: false, sharedRuntime: false });
    expect(functionsSupportFrom(() => { throw new Error('not in Office'); })).toEqual({ customFunctions: false, sharedRuntime: false });
  });
});

describe('task pane on each Excel build', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    const t = APP_TEXT[lang];
    describe(`in ${lang}`, () => {
      it('Excel 2021 before version 2311: says the functions need version 2311, and the gallery still works', async () => {
        const { page, problems } = await open({ lang, ...RETAIL_2021_OLD });
        expect(await notice(page)).toBe(t.functionsUnsupported);
        expect(t.functionsUnsupported).toContain('=KPI.*');
        if (process.env.KPI_SHOTS) await page.screenshot({ path: join(process.env.KPI_SHOTS, `host-version-${lang}.png`) });
        expect(t.functionsUnsupported).toContain('2311');
        expect(await page.locator('.kpi .card').count()).toBeGreaterThan(3);
        expect(await page.locator('[data-testid=unsupported]').count()).toBe(0);
        // The notice stays on the function reference, above the functions.
        await page.click('#tab-reference');
        await page.waitForSelector('.kpi .fn');
        expect(await notice(page)).toBe(t.functionsUnsupported);
        expect(problems).toEqual([]);
        await page.close();
      });

      it('CustomFunctionsRuntime 1.1 only (no CustomFunctions.Error): the same notice, opened on the reference', async () => {
        const { page, problems } = await open({ lang, ...RETAIL_2021_OLD, CustomFunctionsRuntime: 1 }, { view: 'reference' });
        await page.waitForSelector('.kpi .fn');
        await page.waitForSelector('[data-testid=functions-unsupported]');
        expect(await notice(page)).toBe(t.functionsUnsupported);
        expect(problems).toEqual([]);
        await page.close();
      });

      it('Microsoft 365: no notice', async () => {
        const { page, problems } = await open({ lang, ...M365 });
        expect(await notice(page)).toBeNull();
        expect(await page.locator('.kpi .card').count()).toBeGreaterThan(3);
        await page.click('#tab-reference');
        await page.waitForSelector('.kpi .fn');
        expect(await notice(page)).toBeNull();
        expect(problems).toEqual([]);
        await page.close();
      });

      it('below ExcelApi 1.8 with the functions: templates refused, the functions said to work', async () => {
        const { page, problems } = await open({ lang, ExcelApi: 7, SharedRuntime: 1, CustomFunctionsRuntime: 2 });
        expect(await page.locator('[data-testid=unsupported]').textContent()).toContain(t.errors.unsupported);
        expect(await notice(page)).toBeNull();
        expect(problems).toEqual([]);
        await page.close();
      });

      it('below ExcelApi 1.8 and without the functions: one message that says neither works', async () => {
        const { page, problems } = await open({ lang, ExcelApi: 7, SharedRuntime: 1 });
        const box = (await page.locator('[data-testid=unsupported]').textContent())!;
        expect(box).toContain(t.nothingSupported);
        expect(box).not.toContain(t.errors.unsupported);
        expect(await notice(page)).toBeNull();
        await page.click('[data-testid=unsupported] .btn');
        await page.waitForSelector('.kpi .fn');
        expect(await notice(page)).toBe(t.nothingSupported);
        expect(problems).toEqual([]);
        await page.close();
      });
    });
  }
});

/** Whether the built pane asks about the functions runtime (the Excel bridge reports it as HostInfo.functions). */
const wired = existsSync(join(DIST, 'excel/taskpane.js')) && readFileSync(join(DIST, 'excel/taskpane.js'), 'utf8').includes('CustomFunctionsRuntime');

describe('the built task pane (dist/excel/taskpane.js)', () => {
  it.runIf(wired)('shows the notice on Excel 2021 before version 2311 and none on Microsoft 365', async () => {
    const old = await open({ lang: 'en', ...RETAIL_2021_OLD }, { pane: 'built' });
    expect(await notice(old.page)).toBe(APP_TEXT.en.functionsUnsupported);
    await old.page.close();
    const current = await open({ lang: 'zh-CN', ...M365 }, { pane: 'built' });
    expect(await notice(current.page)).toBeNull();
    await current.page.close();
  });
});
