import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { PLACEHOLDER, prepare, readSettings } from '../../scripts/deploy-gsheets.js';
import { FakeSpreadsheet, fakeGlobals } from '../fakes/sheets.js';
import { DIST, ROOT } from '../hosts/hosts.js';

const SERVER_FUNCTIONS = ['kpiHostInfo', 'kpiPlanChoices', 'kpiInsertBegin', 'kpiInsertStep', 'kpiInsertRollback', 'kpiInsertFormula'];

/** Runs Templates.js (and optionally Code.js) in one vm context over a fake spreadsheet, as Apps Script loads a project's files. */
function loadTemplates(fake: FakeSpreadsheet, files = ['Templates.js'], locale = 'en') {
  const g = fakeGlobals(fake, { locale, sidebarHtml: readFileSync(join(DIST, 'gsheets/Sidebar.html'), 'utf8') });
  const context = vm.createContext({ SpreadsheetApp: g.SpreadsheetApp, Session: g.Session, Charts: g.Charts, HtmlService: g.HtmlService });
  for (const f of files) vm.runInContext(readFileSync(join(DIST, 'gsheets', f), 'utf8'), context, { filename: f });
  const call = (name: string, ...args: unknown[]): unknown => {
    const fn = (context as Record<string, unknown>)[name];
    if (typeof fn !== 'function') throw new Error(`no top-level function ${name}`);
    // google.script.run passes plain JSON both ways.
    return JSON.parse(JSON.stringify((fn as (...a: unknown[]) => unknown)(...JSON.parse(JSON.stringify(args))) ?? null));
  };
  return { context, call, log: g.log };
}

describe('dist/gsheets/Templates.js', () => {
  it('declares the server functions as top-level stubs into KPIKitTemplates', () => {
    const code = readFileSync(join(DIST, 'gsheets/Templates.js'), 'utf8');
    for (const name of SERVER_FUNCTIONS) expect(code).toMatch(new RegExp(`^function ${name}\\([^)]*\\) \\{\\n  return KPIKitTemplates\\.${name}\\(`, 'm'));
  });

  it('keeps template code out of Code.js, which stays under 60 KB', () => {
    const code = readFileSync(join(DIST, 'gsheets/Code.js'), 'utf8');
    expect(statSync(join(DIST, 'gsheets/Code.js')).size).toBeLessThan(60 * 1024);
    expect(code).not.toContain('kpiInsertBegin');
    expect(code).not.toContain('KPI_DirWords');
    expect(code).toMatch(/^function showTemplates\(/m);
  });

  it('starts the template module only when a template function is called', () => {
    const host = loadTemplates(new FakeSpreadsheet());
    const d = Object.getOwnPropertyDescriptor(host.context, 'KPIKitTemplates');
    expect(typeof d?.get).toBe('function');
    expect(host.call('kpiHostInfo')).toEqual({ host: 'sheets', locale: 'en', templates: true });
  });

  it('loads in a vm with Apps Script globals and inserts a template through its stubs', () => {
    const fake = new FakeSpreadsheet();
    const host = loadTemplates(fake, ['Code.js', 'Templates.js'], 'zh_CN');
    expect(host.call('kpiHostInfo')).toEqual({ host: 'sheets', locale: 'zh-CN', templates: true });
    let r = host.call('kpiInsertBegin', { kind: 'review', lang: 'en', period: 'Q', sample: true, rows: 3 }) as {
      job: unknown;
      progress: { done: number; total: number };
      outcome?: { sheets: { name: string }[] };
    };
    while (!r.outcome) r = host.call('kpiInsertStep', r.job) as typeof r;
    expect(r.progress.done).toBe(r.progress.total);
    expect(r.outcome.sheets.map((s) => s.name)).toEqual(['KPI Plan', 'KPI Review', 'KPI Lists']);
    expect(fake.snapshot().sheets.map((s) => s.name)).toEqual(['Sheet1', 'KPI Plan', 'KPI Review', 'KPI Lists']);
    const plans = host.call('kpiPlanChoices') as { sheet: string }[];
    expect(plans.map((p) => p.sheet)).toContain('KPI Plan');
    host.call('kpiInsertRollback', r.job);
    expect(fake.snapshot()).toEqual(new FakeSpreadsheet().snapshot());
    expect(host.call('kpiInsertFormula', '=KPISCORE(120, 100)', false)).toEqual({ status: 'inserted', address: 'A1' });
    expect(host.call('kpiInsertFormula', '=NPS(B1:B9)', false)).toEqual({ status: 'occupied', address: 'A1', current: '=KPISCORE(120, 100)' });
  });

  it('reports a failed step as JSON with a render error code, after undoing it', () => {
    const fake = new FakeSpreadsheet();
    const host = loadTemplates(fake);
    fake.failAt(40);
    let message = '';
    try {
      host.call('kpiInsertBegin', { kind: 'plan', lang: 'en', period: 'Q', sample: true });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(JSON.parse(message)).toMatchObject({ code: 'hostError' });
    expect(fake.snapshot()).toEqual(new FakeSpreadsheet().snapshot());
  });

  it('opens the sidebar on the templates or the reference from the menu', () => {
    const fake = new FakeSpreadsheet();
    const host = loadTemplates(fake, ['Code.js', 'Templates.js'], 'zh_CN');
    host.call('onOpen');
    expect(host.log.menus).toEqual([
      { title: 'KPI Kit', items: [{ label: '模板', fn: 'showTemplates' }, { label: '函数参考', fn: 'showReference' }] },
    ]);
    host.call('showTemplates');
    host.call('showReference');
    expect(host.log.sidebars[0]!.content).toMatch(/<html[^>]*data-locale="zh-CN"/);
    expect(host.log.sidebars[0]!.content).toMatch(/<html[^>]*data-view="templates"/);
    expect(host.log.sidebars[1]!.content).toMatch(/<html[^>]*data-view="reference"/);
  });
});

describe('dist/gsheets', () => {
  it('asks only for the current spreadsheet and the container UI', () => {
    const manifest = JSON.parse(readFileSync(join(DIST, 'gsheets/appsscript.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.oauthScopes).toEqual([
      'https://www.googleapis.com/auth/spreadsheets.currentonly',
      'https://www.googleapis.com/auth/script.container.ui',
    ]);
    expect(manifest.runtimeVersion).toBe('V8');
  });

  it('inlines the reference into Sidebar.html without closing its script early', () => {
    const html = readFileSync(join(DIST, 'gsheets/Sidebar.html'), 'utf8');
    expect(html).toContain('data-locale=""');
    expect(html).not.toContain('/*SIDEBAR_JS*/');
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(html).toContain('google.script.run');
    expect(html).not.toMatch(/<script[^>]+src=/);
  });
});

describe('clasp settings', () => {
  it('name the built folder, with .claspignore beside .clasp.json', () => {
    const settings = JSON.parse(readFileSync(join(ROOT, 'gsheets-addon/.clasp.json'), 'utf8')) as Record<string, unknown>;
    expect(settings.rootDir).toBe('../dist/gsheets');
    expect(typeof settings.scriptId).toBe('string');
    expect(readFileSync(join(ROOT, 'gsheets-addon/.claspignore'), 'utf8')).toContain('!Code.js');
  });

  it('make deploy:gsheets refuse while the script id is unset', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kpi-clasp-settings-')), '.clasp.json');
    writeFileSync(file, JSON.stringify({ scriptId: PLACEHOLDER, rootDir: '../dist/gsheets' }));
    const msg = readSettings({}, file);
    expect(typeof msg).toBe('string');
    expect(msg).toContain('KPI_SCRIPT_ID');
    expect(readSettings({ KPI_SCRIPT_ID: 'x' }, file)).toMatch(/Not an Apps Script id/);
    const id = '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcdefghijklmnop';
    expect(readSettings({ KPI_SCRIPT_ID: id }, file)).toEqual({ scriptId: id, dir: join(dirname(file), '../dist/gsheets') });
    expect(readSettings({ KPI_SCRIPT_ID: id })).toEqual({ scriptId: id, dir: join(ROOT, 'dist/gsheets') });
  });

  it('push exactly Code.js, Templates.js, Sidebar.html and appsscript.json (clasp show-file-status, offline)', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'kpi-clasp-')), 'gsheets');
    cpSync(join(DIST, 'gsheets'), dir, { recursive: true });
    writeFileSync(join(dir, 'notes.txt'), 'not pushed');
    prepare({ scriptId: '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcdefghijklmnop', dir });
    const r = spawnSync(join(ROOT, 'node_modules/.bin/clasp'), ['show-file-status', '--json'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, HOME: dir },
    });
    expect(r.status, r.stderr).toBe(0);
    const status = JSON.parse(r.stdout.trim().split('\n').pop()!) as { filesToPush: string[] };
    expect([...status.filesToPush].sort()).toEqual(['Code.js', 'Sidebar.html', 'Templates.js', 'appsscript.json']);
  });
});
