/**
 * The pane (ui/app.tsx, bundled as the hosts bundle it) in headless Chromium over the recording
 * bridge of recorder-bridge.ts, at the host's width and look. The page's window.kpiTest holds the
 * bridge's state (calls, sheets, active sheet, sets) and lets a test switch the active sheet,
 * delete a sheet and release a held step.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { catalogPlugin } from '../../ui/catalog-plugin.js';
import { PAGE_ERRORS, ROOT, WIDTH } from './harness.js';
import type { RecorderConfig, RecorderState } from './recorder-bridge.js';

const ENTRY = `
import { mountApp } from './ui/app.js';
import { referenceSource } from './ui/reference.js';
import { recorderBridge } from './test/ui/recorder-bridge.js';

const t = window.kpiTest;
let release;
const gate = new Promise((r) => { release = r; });
const { bridge, state } = recorderBridge(t.config, gate);
t.state = () => JSON.parse(JSON.stringify(state));
t.release = () => release();
t.activate = (name) => { state.active = name; };
t.removeSheet = (name) => { state.sheets = state.sheets.filter((s) => s !== name); };
mountApp(document.getElementById('app'), { bridge, host: t.config.host, reference: referenceSource(t.config.host === 'excel' ? 'KPI.' : ''), locale: t.config.lang });
`;

let PANE_JS = '';

async function bundle(): Promise<string> {
  const out = await build({
    stdin: { contents: ENTRY, resolveDir: ROOT, loader: 'ts', sourcefile: 'recorder-pane.ts' },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    plugins: [catalogPlugin()],
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

/** Opens the pane over the recorder; resolves when the gallery (or the view asked for) shows. */
export async function openRecorder(browser: Browser, config: RecorderConfig, width = WIDTH[config.host]): Promise<Page> {
  PANE_JS ||= await bundle();
  const page = await browser.newPage({ viewport: { width, height: 720 }, deviceScaleFactor: 1 });
  const errors: string[] = [];
  PAGE_ERRORS.set(page, errors);
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(`window.kpiTest = { config: ${JSON.stringify(config)} };`);
  const html = `<!doctype html><html lang="${config.lang}"><head><meta charset="utf-8"><title>KPI Kit</title></head><body style="margin:0"><div id="app"></div><script src="pane.js"></script></body></html>`;
  await page.route('https://pane.test/**', (route) => {
    const path = new URL(route.request().url()).pathname;
    return path.endsWith('.js') ? route.fulfill({ contentType: 'text/javascript; charset=utf-8', body: PANE_JS }) : route.fulfill({ contentType: 'text/html; charset=utf-8', body: html });
  });
  await page.goto('https://pane.test/index.html');
  await page.waitForSelector('.kpi .panel');
  return page;
}

export function recorderState(page: Page): Promise<RecorderState> {
  return page.evaluate(() => (window as unknown as { kpiTest: { state: () => RecorderState } }).kpiTest.state());
}

export async function activate(page: Page, sheet: string): Promise<void> {
  await page.evaluate((s) => (window as unknown as { kpiTest: { activate: (s: string) => void } }).kpiTest.activate(s), sheet);
}

export async function removeSheet(page: Page, sheet: string): Promise<void> {
  await page.evaluate((s) => (window as unknown as { kpiTest: { removeSheet: (s: string) => void } }).kpiTest.removeSheet(s), sheet);
}

export async function release(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as { kpiTest: { release: () => void } }).kpiTest.release());
}

export const SHOTS = join(ROOT, 'docs/images');
