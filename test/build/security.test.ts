/**
 * What the built add-ins may do in a page and on the network: the task pane's
 * Content-Security-Policy (checked in Chromium over http://127.0.0.1 with office.js stubbed), no
 * HTML-from-strings or code-from-strings APIs in our code or the bundles, no network address in
 * dist/ beyond the allowed ones, the hosts' permissions, and the licenses of what the bundles ship.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, relative, sep } from 'node:path';
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeBaseUrl } from '../../scripts/generate.js';
import { DIST, ROOT } from '../hosts/hosts.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const OFFICE_ORIGIN = 'https://appsforoffice.microsoft.com';

const read = (path: string) => readFileSync(join(DIST, path), 'utf8');

/** The directives of the task pane's meta Content-Security-Policy. */
function taskpaneCsp(): Map<string, string[]> {
  const html = read('excel/taskpane.html');
  const metas = [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"\s*\/?>/g)];
  expect(metas).toHaveLength(1);
  const out = new Map<string, string[]>();
  for (const part of metas[0]![1]!.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out.set(name, values);
  }
  return out;
}

describe('task pane Content-Security-Policy', () => {
  it('allows scripts from our origin and office.js only, inline styles (office.js sets them), no eval', () => {
    const csp = taskpaneCsp();
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'", OFFICE_ORIGIN]);
    // Excel on the web's office.js applies inline styles: a stricter style-src breaks it there.
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:']);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    const all = [...csp.values()].flat();
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
    expect(all).not.toContain("'unsafe-eval'");
    expect(all.filter((v) => v === '*' || v.includes('*'))).toEqual([]);
    // A meta policy cannot carry these (Chromium ignores them and warns): a server header would.
    for (const name of ['frame-ancestors', 'report-uri', 'sandbox']) expect(csp.has(name), name).toBe(false);
  });

  it('has no inline script or event-handler attribute, and scripts only from allowed places', () => {
    const html = read('excel/taskpane.html');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map((s) => /src="([^"]+)"/.exec(s[1]!)?.[1])).toEqual([OFFICE_JS, 'functions.js', 'taskpane.js']);
    for (const s of scripts) expect(s[2]!.trim()).toBe('');
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/<style\b/);
    expect(html).not.toMatch(/\sstyle\s*=/);
  });
});

/** A static server over dist/excel on 127.0.0.1, as `npm run dev:excel` serves it (without TLS). */
function serve(): Promise<{ server: Server; origin: string }> {
  const types: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.json': 'application/json',
    '.png': 'image/png',
  };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname).slice(1);
    const file = join(DIST, 'excel', path);
    if (path.includes('..') || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

/** The little of office.js the pane touches on start-up (a host on ExcelApi 1.20). */
const OFFICE_STUB = `
window.CustomFunctions = { associate: function () {}, Error: function () {}, ErrorCode: {} };
window.Office = {
  onReady: function (cb) { var p = Promise.resolve({ host: 'Excel', platform: 'OfficeOnline' }); if (cb) p.then(cb); return p; },
  context: { displayLanguage: 'en-US', requirements: { isSetSupported: function () { return true; } } }
};
window.Excel = { run: function (f) { return Promise.resolve().then(function () { return f({ workbook: {}, sync: function () { return Promise.resolve(); } }); }); } };
`;

/** Records violations as the page sees them; runs before any page script. */
const WATCH = `
window.kpiCsp = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.kpiCsp.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || ''));
});
`;

describe('task pane under its policy in Chromium', () => {
  let browser: Browser;
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium)`);
    ({ server, origin } = await serve());
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
  });

  it('starts, loads the template engine, shows both views styled, with no violation', async () => {
    const page = await browser.newPage({ viewport: { width: 350, height: 720 } });
    const consoleCsp: string[] = [];
    const errors: string[] = [];
    const outside: string[] = [];
    page.on('console', (m) => {
      if (/Content.Security.Policy|securitypolicyviolation/i.test(m.text())) consoleCsp.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(`${origin}/`) && url !== OFFICE_JS && !url.startsWith('data:')) outside.push(url);
    });
    await page.addInitScript(WATCH);
    await page.route(`${OFFICE_ORIGIN}/**`, (route) => route.fulfill({ contentType: 'text/javascript', body: OFFICE_STUB }));
    await page.goto(`${origin}/taskpane.html`);
    await page.waitForSelector('.kpi .card');
    // The engine (templates.js) is fetched while the gallery shows.
    await page.waitForFunction(() => typeof (window as unknown as Record<string, unknown>).KPIKitTemplates === 'object');
    const styled = await page.evaluate(() => {
      const kpi = document.querySelector('.kpi')!;
      const style = getComputedStyle(kpi);
      return { font: style.fontSize, sheets: document.styleSheets.length, svg: document.querySelectorAll('.kpi svg').length };
    });
    expect(styled.font).toBe('14px');
    expect(styled.sheets).toBe(1);
    expect(styled.svg).toBeGreaterThan(0);
    await page.click('.kpi .card');
    await page.waitForSelector('.kpi form');
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.kpi fieldset')!).borderTopStyle)).toBe('none');
    await page.click('#tab-reference');
    await page.waitForSelector('.kpi .fn');
    await page.waitForTimeout(100);
    expect(await page.evaluate(() => (window as unknown as { kpiCsp: string[] }).kpiCsp)).toEqual([]);
    expect(consoleCsp).toEqual([]);
    expect(errors).toEqual([]);
    expect(outside).toEqual([]);

    // The watch works and the policy is in force: an inline script is refused and reported.
    const ran = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.kpiInlineRan = true;';
      document.head.append(script);
      await new Promise((r) => setTimeout(r, 50));
      return (window as unknown as { kpiInlineRan?: boolean }).kpiInlineRan === true;
    });
    expect(ran).toBe(false);
    await page.waitForFunction(() => (window as unknown as { kpiCsp: string[] }).kpiCsp.length > 0);
    expect((await page.evaluate(() => (window as unknown as { kpiCsp: string[] }).kpiCsp))[0]).toMatch(/^script-src/);
    await page.close();
  });
});

/** Files below `dir` (relative to ROOT) whose names end with one of `exts`. */
function filesUnder(dir: string, exts: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(join(ROOT, d))) {
      const rel = join(d, name);
      if (statSync(join(ROOT, rel)).isDirectory()) walk(rel);
      else if (exts.some((e) => name.endsWith(e))) out.push(rel);
    }
  };
  walk(dir);
  return out;
}

/** Ways to turn a string into markup or code in a page. */
const MARKUP_OR_CODE: readonly [string, RegExp][] = [
  ['innerHTML', /\binnerHTML\b/],
  ['outerHTML', /\bouterHTML\b/],
  ['insertAdjacentHTML', /\binsertAdjacentHTML\b/],
  ['document.write', /\bdocument\s*\.\s*write(?:ln)?\b/],
  ['eval', /\beval\s*\(/],
  ['new Function', /\bnew\s+Function\b/],
  ['Function(', /(?<![\w.$])Function\s*\(/],
  ['dangerouslySetInnerHTML', /dangerouslySetInnerHTML/],
  ['javascript: URL', /javascript:/i],
  ['string timer', /set(?:Timeout|Interval)\s*\(\s*['"`]/],
];

describe('no markup or code from strings', () => {
  it('in the code that ships to pages (ui/, excel-addin/, the Sheets sidebar)', () => {
    const files = [...filesUnder('ui', ['.ts', '.tsx']), ...filesUnder('excel-addin', ['.ts', '.html']), ...filesUnder('gsheets-addon', ['.html']), ...filesUnder('gsheets-addon', ['.ts']).filter((f) => /[\\/]sidebar[^\\/]*\.ts$/.test(f))];
    expect(files.length).toBeGreaterThan(10);
    expect(files).toContain(join('gsheets-addon', 'sidebar.ts'));
    const found: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const [name, re] of MARKUP_OR_CODE) if (re.test(text)) found.push(`${file}: ${name}`);
    }
    expect(found).toEqual([]);
  });

  it('in the built bundles: only Preact itself names innerHTML, for dangerouslySetInnerHTML, which our code never passes', async () => {
    const found: string[] = [];
    for (const b of BUNDLES) {
      const text = (await bundled(b)).text;
      // Unminified, esbuild starts each module's code with a "// path" line.
      const parts = text.split(/^\/\/ (\S+\.(?:[cm]?js|tsx?))$/m);
      for (let i = 1; i < parts.length; i += 2) {
        const module = parts[i]!;
        const code = parts[i + 1]!;
        for (const [name, re] of MARKUP_OR_CODE) {
          if (!new RegExp(re.source, re.flags + 'g').test(code)) continue;
          const preact = module.startsWith('node_modules/preact/');
          if (preact && (name === 'innerHTML' || name === 'dangerouslySetInnerHTML')) continue;
          found.push(`${b.out}: ${module}: ${name}`);
        }
      }
    }
    expect(found).toEqual([]);
    // The shipped, minified files: the same few Preact uses, nothing else.
    for (const file of ['excel/taskpane.js', 'excel/templates.js', 'excel/functions.js', 'gsheets/Sidebar.html', 'gsheets/Code.js', 'gsheets/Templates.js', 'core/index.js']) {
      const text = read(file);
      for (const [name, re] of MARKUP_OR_CODE) {
        if (name === 'innerHTML' || name === 'dangerouslySetInnerHTML') continue;
        expect(re.test(text), `${file}: ${name}`).toBe(false);
      }
    }
    const pane = (await bundled(BUNDLES.find((b) => b.out === 'excel/taskpane.js')!)).text;
    const count = (s: string, word: string) => s.split(word).length - 1;
    expect(count(read('excel/taskpane.js'), 'innerHTML')).toBe(count(pane, 'innerHTML'));
    expect(count(read('gsheets/Sidebar.html'), 'innerHTML')).toBe(count(pane, 'innerHTML'));
  });
});

/** Each bundle the build ships, built again unminified with its metafile (same entry and platform). */
interface Bundle {
  readonly out: string;
  readonly entry: string;
  readonly platform: 'browser' | 'neutral';
  readonly pane?: boolean;
}

const BUNDLES: readonly Bundle[] = [
  { out: 'excel/functions.js', entry: 'excel-addin/functions.ts', platform: 'browser' },
  { out: 'excel/taskpane.js', entry: 'excel-addin/taskpane.ts', platform: 'browser', pane: true },
  { out: 'excel/templates.js', entry: 'excel-addin/engine.ts', platform: 'browser' },
  { out: 'gsheets/Code.js', entry: 'gsheets-addon/main.ts', platform: 'neutral' },
  { out: 'gsheets/Templates.js', entry: 'gsheets-addon/templates.ts', platform: 'neutral' },
  { out: 'gsheets/Sidebar.html', entry: 'gsheets-addon/sidebar.ts', platform: 'browser', pane: true },
  { out: 'core/index.js', entry: 'core/index.ts', platform: 'neutral' },
];

/** ui/catalog.ts as data, as the build's catalog plugin makes it (its content is JSON: no code, no package). */
const catalogData: Plugin = {
  name: 'catalog-data',
  setup(b) {
    b.onLoad({ filter: /[\\/]ui[\\/]catalog\.ts$/ }, () => ({ contents: 'export const CATALOG = { kinds: [], presets: [] };', loader: 'js' }));
  },
};

const built = new Map<string, Promise<{ text: string; metafile: Metafile }>>();

function bundled(b: Bundle): Promise<{ text: string; metafile: Metafile }> {
  let p = built.get(b.out);
  if (!p) {
    const pane: BuildOptions = b.pane ? { jsx: 'automatic', jsxImportSource: 'preact', plugins: [catalogData] } : {};
    p = build({
      ...pane,
      absWorkingDir: ROOT,
      entryPoints: [join(ROOT, b.entry)],
      bundle: true,
      write: false,
      metafile: true,
      format: 'iife',
      platform: b.platform,
      target: 'es2017',
      logLevel: 'silent',
      charset: 'utf8',
    }).then((r) => ({ text: r.outputFiles[0]!.text, metafile: r.metafile }));
    built.set(b.out, p);
  }
  return p;
}

/** The npm packages a bundle's inputs come from. */
function packagesOf(metafile: Metafile): Set<string> {
  const out = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input.split(sep).join('/'));
    if (m) out.add(m[1]!);
  }
  return out;
}

describe('runtime dependencies in the bundles', () => {
  it('are preact and zod only, under permissive licenses (no GPL of any kind)', async () => {
    const perBundle: Record<string, string[]> = {};
    const all = new Set<string>();
    for (const b of BUNDLES) {
      const pkgs = [...packagesOf((await bundled(b)).metafile)].sort();
      perBundle[b.out] = pkgs;
      for (const p of pkgs) all.add(p);
    }
    expect(perBundle).toEqual({
      'excel/functions.js': [],
      'excel/taskpane.js': ['preact'],
      'excel/templates.js': ['zod'],
      'gsheets/Code.js': [],
      'gsheets/Templates.js': ['zod'],
      'gsheets/Sidebar.html': ['preact'],
      'core/index.js': [],
    });
    const licenses: Record<string, string> = {};
    for (const name of [...all].sort()) {
      const pkg = JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { license?: unknown; version?: string };
      const license = typeof pkg.license === 'string' ? pkg.license : JSON.stringify(pkg.license);
      licenses[name] = license;
      expect(license, name).not.toMatch(/GPL/i);
      const file = readdirSync(join(ROOT, 'node_modules', name)).find((f) => /^licen[sc]e/i.test(f));
      expect(file, `${name} has a LICENSE file`).toBeDefined();
      expect(readFileSync(join(ROOT, 'node_modules', name, file!), 'utf8')).toMatch(/MIT License|Permission is hereby granted, free of charge/);
    }
    expect(licenses).toEqual({ preact: 'MIT', zod: 'MIT' });
  });
});

/**
 * Every address in dist/ that is not a network address the add-ins reach: the base URL the
 * manifest points at, office.js, and the classes below (each an identifier, never fetched).
 */
const NAMESPACE_URIS = [
  // XML and DOM namespaces: in the manifest (xmlns) and in Preact (SVG / MathML / XHTML elements).
  'http://www.w3.org/2000/svg',
  'http://www.w3.org/1999/xhtml',
  'http://www.w3.org/1998/Math/MathML',
  'http://www.w3.org/2001/XMLSchema-instance',
  'http://schemas.microsoft.com/office/appforoffice/1.1',
  'http://schemas.microsoft.com/office/officeappbasictypes/1.0',
  'http://schemas.microsoft.com/office/taskpaneappversionoverrides',
];
/** OAuth scope names in appsscript.json: identifiers of permissions, not endpoints. */
const OAUTH_SCOPES = ['https://www.googleapis.com/auth/spreadsheets.currentonly', 'https://www.googleapis.com/auth/script.container.ui'];
/** Documentation: the placeholder in the manifest's comment that explains KPI_BASE_URL. */
const DOCUMENTATION = ['https://your.host/path'];

function distFiles(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(js|html|json|xml)$/.test(name)) out.push(p);
    }
  };
  walk(DIST);
  return out;
}

describe('network addresses in dist/', () => {
  it('are the base URL, office.js, namespaces, OAuth scopes and one documented placeholder only', () => {
    const base = normalizeBaseUrl(process.env.KPI_BASE_URL);
    const files = distFiles();
    expect(files.map((f) => relative(DIST, f).split(sep).join('/'))).toEqual(expect.arrayContaining(['manifest.xml', 'excel/taskpane.html', 'excel/taskpane.js', 'gsheets/Sidebar.html', 'gsheets/appsscript.json']));
    const bad: string[] = [];
    const seen = new Set<string>();
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const name = relative(DIST, file);
      for (const m of text.matchAll(/\b(?:https?|wss?|ftp):\/\/[^\s"'`<>()\\,;]*/gi)) {
        const url = m[0]!;
        seen.add(url);
        const ok =
          url === base ||
          url.startsWith(`${base}/`) ||
          url === OFFICE_JS ||
          (url === OFFICE_ORIGIN && name === join('excel', 'taskpane.html')) ||
          NAMESPACE_URIS.includes(url) ||
          (OAUTH_SCOPES.includes(url) && name === join('gsheets', 'appsscript.json')) ||
          (DOCUMENTATION.includes(url) && name === 'manifest.xml' && text.lastIndexOf('<!--', m.index) > text.lastIndexOf('-->', m.index));
        if (!ok) bad.push(`${name}: ${url}`);
      }
      // Protocol-relative addresses ("//host/..."), in markup or strings.
      for (const m of text.matchAll(/(?<![:\w/\\])\/\/(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?\//gi)) bad.push(`${name}: ${m[0]}`);
    }
    expect(bad).toEqual([]);
    expect(seen).toContain(OFFICE_JS);
    expect([...seen].some((u) => u.startsWith(`${base}/`))).toBe(true);
  });
});

describe('host permissions', () => {
  it('Apps Script asks for the open spreadsheet and the container UI only, and the code uses no service beyond them', () => {
    const manifest = JSON.parse(read('gsheets/appsscript.json')) as { oauthScopes?: string[] };
    expect(manifest.oauthScopes).toEqual(OAUTH_SCOPES);
    for (const file of ['gsheets/Code.js', 'gsheets/Templates.js', 'gsheets/Sidebar.html']) {
      const text = read(file);
      for (const service of ['UrlFetchApp', 'DriveApp', 'GmailApp', 'MailApp', 'DocumentApp', 'CalendarApp', 'ScriptApp', 'openById', 'openByUrl', 'SpreadsheetApp.open(', 'PropertiesService', 'CacheService', 'fetch(', 'XMLHttpRequest', 'WebSocket', 'sendBeacon']) {
        expect(text.includes(service), `${file}: ${service}`).toBe(false);
      }
    }
  });

  it('the task pane and functions make no network call of their own', () => {
    for (const file of ['excel/taskpane.js', 'excel/templates.js', 'excel/functions.js']) {
      const text = read(file);
      for (const api of ['XMLHttpRequest', 'fetch(', 'WebSocket', 'sendBeacon', 'EventSource', 'importScripts']) expect(text.includes(api), `${file}: ${api}`).toBe(false);
    }
  });
});
