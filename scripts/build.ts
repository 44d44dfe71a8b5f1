/**
 * `npm run build`: the core module, the Excel add-in, the Google Sheets add-on and the README's
 * function reference.
 *
 *   dist/core/index.js          ES module of the core (needs nothing else)
 *   dist/excel/                 functions.js, functions.json (+ .zh-CN), taskpane.html/.js, assets/
 *   dist/manifest.xml           manifest.xml with its URLs on KPI_BASE_URL (default https://localhost:3000)
 *   dist/gsheets/               Code.js, Templates.js, Sidebar.html, appsscript.json (clasp pushes this folder)
 *
 * One setting: KPI_BASE_URL, the https address dist/excel is served from in production.
 */
import { build, type BuildOptions } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FUNCTIONS } from '../core/index.js';
import { updateReadme } from './gen-docs.js';
import { APPS_SCRIPT_MANIFEST, appsScriptStubs, functionsJson, manifestFor, normalizeBaseUrl } from './generate.js';
import { catalogPlugin } from '../ui/catalog-plugin.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const at = (...p: string[]) => join(ROOT, ...p);

/** The global the Apps Script bundle defines; the generated stubs call into it. */
export const GSHEETS_GLOBAL = 'KPIKit';
/** The global of the second Apps Script file, Templates.js: template generators and the renderer. */
export const GSHEETS_TEMPLATES_GLOBAL = 'KPIKitTemplates';
/** Server functions the sidebar calls for templates, each a top-level stub in Templates.js. */
export const TEMPLATE_SERVER_FUNCTIONS: readonly { name: string; params: string; doc: string }[] = [
  { name: 'kpiHostInfo', params: '', doc: 'The host, the user language and whether templates can be written.' },
  { name: 'kpiPlanChoices', params: '', doc: 'Visible sheets holding a plan table a review can read.' },
  { name: 'kpiReadTable', params: 'sheet', doc: 'Reads a sheet\'s table into the columns proposed for a review of it.' },
  { name: 'kpiInsertBegin', params: 'request', doc: 'Validates a template request and starts writing it.' },
  { name: 'kpiInsertStep', params: 'job', doc: 'Continues writing a template; returns the outcome when done.' },
  { name: 'kpiInsertRollback', params: 'job', doc: 'Removes the sheets and names a failed insert created.' },
  { name: 'kpiInsertFormula', params: 'formula, overwrite', doc: 'Writes a KPI Kit formula into the active cell.' },
  { name: 'kpiSheetNames', params: '', doc: 'Names of the visible sheets, for choosing a system export.' },
  { name: 'kpiUpdateChoice', params: '', doc: 'The generated sheet set the active sheet belongs to, with its roster.' },
  { name: 'kpiUpdateBegin', params: 'request', doc: 'Starts updating a generated sheet set to a new roster; continue with kpiInsertStep.' },
];

/** Top-level functions of Templates.js (Apps Script runs only top-level declarations). */
export function templateStubs(globalName: string): string {
  return TEMPLATE_SERVER_FUNCTIONS.map(
    (f) => `/** ${f.doc} */\nfunction ${f.name}(${f.params}) {\n  return ${globalName}.${f.name}(${f.params});\n}\n`,
  ).join('\n');
}

/**
 * An iife bundle whose global is set up on first use. Apps Script runs every file of a project
 * for every execution, custom functions included: the template module only starts when a
 * template function is called.
 */
export function lazyGlobal(globalName: string, iife: string): string {
  return [
    '(function (root) {',
    '  var loaded;',
    `  Object.defineProperty(root, ${JSON.stringify(globalName)}, {`,
    '    configurable: true,',
    '    get: function () {',
    '      if (loaded === undefined) {',
    iife,
    `        loaded = ${globalName};`,
    '      }',
    '      return loaded;',
    '    },',
    '  });',
    "})(typeof globalThis !== 'undefined' ? globalThis : this);",
  ].join('\n');
}

/** Code.js entries beyond the generated ones (menu items). */
const CODE_EXTRA_STUBS = `/** Opens the sidebar on the template gallery. */\nfunction showTemplates() {\n  return ${GSHEETS_GLOBAL}.showTemplates();\n}\n`;

/** Both function bundles must stay below this (Apps Script parses the whole file on every cold start). */
export const BUNDLE_LIMIT = 60 * 1024;

/** The task pane and the sidebar: Preact JSX, the gallery's catalog computed at build time. */
const PANE: BuildOptions = { jsx: 'automatic', jsxImportSource: 'preact', plugins: [catalogPlugin()] };

const common: BuildOptions = {
  bundle: true,
  write: false,
  legalComments: 'none',
  logLevel: 'warning',
  charset: 'utf8',
};

async function bundle(options: BuildOptions): Promise<string> {
  const result = await build({ ...common, ...options });
  const file = result.outputFiles?.[0];
  if (!file) throw new Error(`esbuild wrote nothing for ${String(options.entryPoints)}`);
  return file.text;
}

function write(path: string, text: string | Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

async function buildCore(): Promise<void> {
  const code = await bundle({
    entryPoints: [at('core/index.ts')],
    format: 'esm',
    platform: 'neutral',
    target: 'es2020',
  });
  write(join(DIST, 'core/index.js'), code);
}

async function buildExcel(base: string): Promise<void> {
  const out = join(DIST, 'excel');
  const functionsJs = await bundle({
    entryPoints: [at('excel-addin/functions.ts')],
    format: 'iife',
    platform: 'browser',
    target: 'es2017',
    minify: true,
  });
  write(join(out, 'functions.js'), functionsJs);
  write(join(out, 'functions.json'), json(functionsJson(FUNCTIONS, 'en')));
  write(join(out, 'functions.zh-CN.json'), json(functionsJson(FUNCTIONS, 'zh-CN')));

  const taskpaneJs = await bundle({
    ...PANE,
    entryPoints: [at('excel-addin/taskpane.ts')],
    format: 'iife',
    platform: 'browser',
    target: 'es2017',
    minify: true,
  });
  write(join(out, 'taskpane.js'), taskpaneJs);
  // The template engine (validation, generators, renderer), loaded by the pane when first needed.
  const templatesJs = await bundle({
    entryPoints: [at('excel-addin/engine.ts')],
    format: 'iife',
    globalName: 'KPIKitTemplates',
    platform: 'browser',
    target: 'es2017',
    minify: true,
  });
  write(join(out, 'templates.js'), templatesJs);
  write(join(out, 'taskpane.html'), taskpanePage(readFileSync(at('excel-addin/taskpane.html'), 'utf8')));
  mkdirSync(join(out, 'assets'), { recursive: true });
  for (const name of readdirSync(at('assets'))) {
    if (name.endsWith('.png')) copyFileSync(at('assets', name), join(out, 'assets', name));
  }

  const template = readFileSync(at('manifest.xml'), 'utf8');
  write(join(DIST, 'manifest.xml'), manifestFor(template, base));
}

/**
 * The task pane page. Its Content-Security-Policy allows inline styles ('unsafe-inline' in
 * style-src only): Excel on the web's office.js sets inline styles of its own, which a hash or
 * 'self' alone would refuse. Scripts stay limited to our origin and office.js.
 */
function taskpanePage(page: string): string {
  if (!/style-src 'self' 'unsafe-inline'/.test(page)) throw new Error('excel-addin/taskpane.html: style-src must allow office.js inline styles');
  return page;
}

/** Inline script text that cannot close its <script> element early. */
function inlineScript(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

async function buildGsheets(): Promise<void> {
  const out = join(DIST, 'gsheets');
  const code = await bundle({
    entryPoints: [at('gsheets-addon/main.ts')],
    format: 'iife',
    globalName: GSHEETS_GLOBAL,
    platform: 'neutral',
    target: 'es2019',
    minify: true,
  });
  const header = '// KPI Kit for Google Sheets. Built by `npm run build` from core/ and gsheets-addon/.\n';
  write(join(out, 'Code.js'), `${header}${code}\n${appsScriptStubs(FUNCTIONS, GSHEETS_GLOBAL)}\n${CODE_EXTRA_STUBS}`);

  const templates = await bundle({
    entryPoints: [at('gsheets-addon/templates.ts')],
    format: 'iife',
    globalName: GSHEETS_TEMPLATES_GLOBAL,
    platform: 'neutral',
    target: 'es2019',
    minify: true,
  });
  const templatesHeader = '// KPI Kit for Google Sheets: templates. Built by `npm run build` from core/ and gsheets-addon/.\n';
  write(join(out, 'Templates.js'), `${templatesHeader}${lazyGlobal(GSHEETS_TEMPLATES_GLOBAL, templates)}\n${templateStubs(GSHEETS_TEMPLATES_GLOBAL)}`);

  const sidebarJs = await bundle({
    ...PANE,
    entryPoints: [at('gsheets-addon/sidebar.ts')],
    format: 'iife',
    platform: 'browser',
    target: 'es2017',
    minify: true,
  });
  const page = readFileSync(at('gsheets-addon/sidebar.html'), 'utf8');
  if (!page.includes('/*SIDEBAR_JS*/')) throw new Error('gsheets-addon/sidebar.html has no /*SIDEBAR_JS*/ slot');
  write(join(out, 'Sidebar.html'), page.replace('/*SIDEBAR_JS*/', () => inlineScript(sidebarJs)));
  write(join(out, 'appsscript.json'), json(APPS_SCRIPT_MANIFEST));
}

function size(path: string): number {
  return statSync(path).size;
}

async function main(): Promise<void> {
  const started = Date.now();
  const base = normalizeBaseUrl(process.env.KPI_BASE_URL);
  for (const sub of ['core', 'excel', 'gsheets']) rmSync(join(DIST, sub), { recursive: true, force: true });
  await Promise.all([buildCore(), buildExcel(base), buildGsheets()]);
  const ci = Boolean(process.env.CI);
  const readmeStale = updateReadme(at('README.md'), ci);

  const bundles = [join(DIST, 'excel/functions.js'), join(DIST, 'gsheets/Code.js')];
  const lines = [...bundles, join(DIST, 'gsheets/Templates.js')].map((p) => `  ${relative(ROOT, p)}: ${(size(p) / 1024).toFixed(1)} KB`);
  console.log(`built dist/ in ${Date.now() - started} ms (manifest base ${base})`);
  console.log(lines.join('\n'));
  if (readmeStale) {
    console.log(ci ? '  README.md: function reference is out of date (run npm run build and commit README.md)' : '  README.md: function reference updated');
  }
  const over = bundles.filter((p) => size(p) >= BUNDLE_LIMIT);
  if (over.length > 0) {
    throw new Error(`bundle over ${BUNDLE_LIMIT / 1024} KB: ${over.map((p) => relative(ROOT, p)).join(', ')}`);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
