/**
 * `npm run deploy:gsheets`: pushes dist/gsheets (Code.js, Templates.js, Sidebar.html, appsscript.json) to the
 * Apps Script project named in gsheets-addon/.clasp.json, or in KPI_SCRIPT_ID. clasp refuses a
 * rootDir outside the folder of its .clasp.json, so the push runs from dist/gsheets with a copy of
 * the settings there. CI never runs this.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SETTINGS = join(ROOT, 'gsheets-addon/.clasp.json');
const IGNORE = join(ROOT, 'gsheets-addon/.claspignore');
export const PLACEHOLDER = 'PASTE_YOUR_SCRIPT_ID_HERE';
const SCRIPT_ID = /^[A-Za-z0-9_-]{20,}$/;
const PUSHED = ['Code.js', 'Templates.js', 'Sidebar.html', 'appsscript.json'];

export interface ClaspSettings {
  readonly scriptId: string;
  readonly dir: string;
}

/** The script id and the folder to push, or an explanation of what to set. */
export function readSettings(env: NodeJS.ProcessEnv = process.env, file = SETTINGS): ClaspSettings | string {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { scriptId?: unknown; rootDir?: unknown };
  const fromEnv = env.KPI_SCRIPT_ID?.trim();
  const scriptId = fromEnv || (typeof raw.scriptId === 'string' ? raw.scriptId.trim() : '');
  const dir = resolve(dirname(file), typeof raw.rootDir === 'string' ? raw.rootDir : '../dist/gsheets');
  if (scriptId === '' || scriptId === PLACEHOLDER) {
    return [
      'No Apps Script project to push to: gsheets-addon/.clasp.json still has the placeholder scriptId.',
      'Open the spreadsheet, then Extensions > Apps Script > Project Settings, copy the Script ID and either',
      '  put it in gsheets-addon/.clasp.json as "scriptId", or',
      '  run KPI_SCRIPT_ID=<script id> npm run deploy:gsheets',
      'Log in once first with: npx clasp login',
    ].join('\n');
  }
  if (!SCRIPT_ID.test(scriptId)) return `Not an Apps Script id: ${JSON.stringify(scriptId)}`;
  return { scriptId, dir };
}

/** Writes .clasp.json and .claspignore into the folder that is pushed. */
export function prepare(settings: ClaspSettings): void {
  for (const f of PUSHED) {
    if (!existsSync(join(settings.dir, f))) throw new Error(`${join(settings.dir, f)} is missing: run npm run build first`);
  }
  writeFileSync(join(settings.dir, '.clasp.json'), `${JSON.stringify({ scriptId: settings.scriptId, rootDir: '.' }, null, 2)}\n`);
  copyFileSync(IGNORE, join(settings.dir, '.claspignore'));
}

function main(): void {
  const settings = readSettings();
  if (typeof settings === 'string') {
    console.error(settings);
    process.exit(1);
  }
  prepare(settings);
  const clasp = join(ROOT, 'node_modules/.bin/clasp');
  const r = spawnSync(existsSync(clasp) ? clasp : 'clasp', ['push', '--force'], { cwd: settings.dir, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('clasp push failed. If clasp says you are not logged in, run: npx clasp login');
    process.exit(r.status ?? 1);
  }
  console.log(`Pushed ${PUSHED.join(', ')} to Apps Script project ${settings.scriptId}.`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
