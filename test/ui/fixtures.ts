/**
 * What the confirm, export and update tests share: one browser per file, the hosts and languages
 * they run in, reading a page (texts, the rows of a column-role table), the workbook as the host
 * holds it, the steps that lead to a view, the built pane in a host, and the bridge on its own.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Locale } from '../../core/types.js';
import { PAGE_ERRORS, excelState, launch, openHost, sheetsServer, type Host, type HostConfig } from './harness.js';
import { recorderBridge, type RecorderConfig } from './recorder-bridge.js';

/** Every host in every language. */
export const HOSTS_LANGS: readonly (readonly [Host, Locale])[] = [
  ['excel', 'en'],
  ['excel', 'zh-CN'],
  ['sheets', 'en'],
  ['sheets', 'zh-CN'],
];

/** One Chromium for the file: launched before its tests, closed after them. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launch();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });
  return () => browser!;
}

/** The page raised no error; then it is closed. */
export async function closeWithoutErrors(page: Page): Promise<void> {
  expect(PAGE_ERRORS.get(page)).toEqual([]);
  await page.close();
}

/** The trimmed text of each element the selector finds. */
export const texts = (page: Page, selector: string) => page.$$eval(selector, (els) => els.map((e) => (e.textContent ?? '').trim()));

export interface MappingRow {
  readonly column: string | null;
  /** The header as shown. */
  readonly header: string | null | undefined;
  /** The role chosen (the option's value) and its name as shown. */
  readonly role: string;
  readonly shown: string | null | undefined;
  readonly options: number;
}

/** Each row of the column-role table of `scope`: '[data-testid=confirm]' (the user's table) or '[data-testid=export]'. */
export const mappingRows = (page: Page, scope: string): Promise<MappingRow[]> =>
  page.$$eval(`${scope} > .mapping > tbody > tr`, (trs) =>
    trs.map((tr) => {
      const sel = tr.querySelector('select') as HTMLSelectElement;
      return { column: tr.getAttribute('data-column'), header: tr.querySelector('.col-header')?.textContent, role: sel.value, shown: sel.selectedOptions[0]?.textContent, options: sel.options.length };
    }),
  );

/** Every sheet's cells as the host holds them, in order: formulas where there are, else values as text. */
export async function cellsOf(page: Page, host: Host): Promise<Map<string, string[]>> {
  if (host === 'excel') {
    const snap = (await excelState(page)).snapshot;
    return new Map(snap.sheets.map((s) => [s.name, Object.values(s.cells).map((c) => ('f' in c ? c.f : String(c.v)))]));
  }
  return new Map(
    sheetsServer(page)
      .api.getSheets()
      .map((s) => {
        const r = s.getDataRange();
        const values = r.getValues().flat();
        return [s.getName(), r.getFormulas().flat().map((f, i) => (f !== '' ? f : String(values[i])))];
      }),
  );
}

/** In the options of a review or dashboard: actuals from the export on `sheet`, once the host has listed its sheets; resolves when its columns show. */
export async function chooseExport(page: Page, kind: 'review' | 'dashboard', sheet: string): Promise<void> {
  await page.waitForSelector(`#opt-${kind}-actuals optgroup option`, { state: 'attached' });
  await page.selectOption(`#opt-${kind}-actuals`, sheet);
  await page.waitForSelector('[data-testid=export]');
}

/**
 * The choices of the column-role drop-downs whose words do not fit the closed drop-down (its
 * width less its padding and the arrow's 20 px), measured in the drop-down's font: the words a
 * user would see cut off once the choice is made.
 */
export const clippedChoices = (page: Page): Promise<string[]> =>
  page.$$eval('.mapping select', (sels) => {
    const ctx = document.createElement('canvas').getContext('2d')!;
    return (sels as HTMLSelectElement[]).flatMap((sel) => {
      const cs = getComputedStyle(sel);
      ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      const room = sel.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 20;
      return Array.from(sel.options).filter((o) => ctx.measureText(o.text).width > room).map((o) => `${sel.id}: ${o.text}`);
    });
  });

/** The built pane in its host, in `lang` (Sheets with its server side): `extra` adds tables, the active sheet and so on. */
export const openBuiltPane = (browser: Browser, host: Host, lang: Locale, extra: Omit<HostConfig, 'lang'> = {}): Promise<Page> =>
  openHost(browser, host, { lang, server: host === 'sheets', ...extra });

/** Waits up to a minute for the result (`result`) or the error (`error`) of a run in the built pane, and expects no error. */
export async function expectDone(page: Page, result: string, error: string): Promise<void> {
  await page.waitForSelector(`${result},${error}`, { timeout: 60_000 });
  expect(await page.$(error)).toBeNull();
}

/** The recording bridge on its own, answering at once: what it refuses, without a page. */
export const instantBridge = (config: RecorderConfig) => recorderBridge({ ...config, delay: 0 }, Promise.resolve());
