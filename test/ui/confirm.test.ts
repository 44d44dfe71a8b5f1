/**
 * The confirm step for a review of the user's own KPI table, in the built pages: the task pane
 * over the Office.js fake and the sidebar over the real server code, in both languages.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { roleName, userPlanText } from '../../core/templates/index.js';
import type { Locale } from '../../core/types.js';
import { writeConfirmShots } from '../../scripts/ui-shots.js';
import { APP_TEXT } from '../../ui/app-text.js';
import { fill } from '../../ui/text.js';
import { HOSTS_LANGS, cellsOf, clippedChoices, closeWithoutErrors, mappingRows, useBrowser } from './fixtures.js';
import { WIDTH, excelState, noSideScroll, openHost, recorded, sheetsServer, type Host, type HostConfig } from './harness.js';

const HTML_HEADER = '<img src=x onerror=alert(1)>';

/** A user's table with odd headers, a target in words, a TBD target and weights in points. */
function table(lang: Locale) {
  const sheet = lang === 'en' ? 'My KPIs' : '我的KPI';
  const cells: Record<string, string | number> = {
    A1: lang === 'en' ? 'KPI name' : '指标名称',
    B1: '目标值(标准)',
    C1: '权重分解\n（100%）',
    D1: HTML_HEADER,
    A2: lang === 'en' ? 'Collection rate' : '回款率',
    B2: '≥95%',
    C2: 40,
    D2: 80,
    A3: lang === 'en' ? 'New customers' : '新客户数',
    B3: 'TBD',
    C3: 30,
    D3: 70,
    A4: lang === 'en' ? 'Satisfaction' : '客户满意度',
    B4: 90,
    C4: 30,
    D4: 85,
  };
  return { sheet, cells };
}

/** The user's sheet as the host holds it now. */
async function userSheet(page: Page, host: Host, sheet: string): Promise<unknown> {
  if (host === 'excel') return (await excelState(page)).snapshot.sheets.find((s) => s.name === sheet)?.cells;
  const s = sheetsServer(page).api.getSheetByName(sheet)!;
  const r = s.getDataRange();
  return { values: r.getValues(), formulas: r.getFormulas() };
}

/** A helper or review cell's formula (or value) on the host. */
async function cellOf(page: Page, host: Host, sheet: string, a1: string): Promise<string> {
  if (host === 'excel') {
    const c = (await excelState(page)).snapshot.sheets.find((s) => s.name === sheet)?.cells[a1];
    return c === undefined ? '' : 'f' in c ? c.f : String(c.v);
  }
  const r = sheetsServer(page).api.getSheetByName(sheet)!.getRange(a1);
  return r.getFormula() || String(r.getValue());
}

const sheetNames = async (page: Page, host: Host) => [...(await cellsOf(page, host)).keys()];

const browser = useBrowser();

describe.each(HOSTS_LANGS)('confirm step in %s (%s)', (host, lang) => {
  const t = APP_TEXT[lang];

  async function open(extra: Partial<HostConfig> = {}): Promise<{ page: Page; sheet: string; before: unknown }> {
    const { sheet, cells } = table(lang);
    const page = await openHost(browser(), host, { lang, tables: [{ sheet, cells }], server: host === 'sheets', ...extra });
    const before = await userSheet(page, host, sheet);
    await page.click('.card[data-kind=review]');
    await page.waitForSelector('#opt-review-plan optgroup option', { state: 'attached' });
    return { page, sheet, before };
  }

  it('lists the table as the user’s own, proposes its columns, lists the unreadable cell, and creates the review from the confirmed columns', async () => {
    const { page, sheet, before } = await open();
    const own = await page.$$eval('#opt-review-plan option', (os) => os.map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent, group: o.parentElement?.getAttribute('label') ?? '' })));
    const choice = own.find((o) => o.text?.includes(sheet));
    expect(choice?.group).toBe(t.planOwnGroup);
    expect(own.at(-1)).toMatchObject({ value: 'active', text: t.planActive });
    await page.selectOption('#opt-review-plan', choice!.value);
    await page.fill('#opt-review-rows', '5');
    expect(await page.textContent('button[type=submit]')).toBe(t.next);
    const syncs = host === 'excel' ? (await excelState(page)).syncs : 0;
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=confirm]');
    // The table is read once: Excel, one request; Sheets, one server call.
    if (host === 'excel') expect((await excelState(page)).syncs - syncs).toBe(1);
    else expect((await recorded(page)).calls.filter((c) => c.name === 'kpiReadTable')).toEqual([{ name: 'kpiReadTable', args: [sheet] }]);

    // The proposal: one row per column, the roles chosen in the UI language.
    const rows = await mappingRows(page, '[data-testid=confirm]');
    expect(rows.map((r) => r.column)).toEqual(['A', 'B', 'C', 'D']);
    expect(rows.slice(0, 3).map((r) => r.role)).toEqual(['kpi', 'target', 'weight']);
    // Capitalised like the export's roles: "Target", not "target".
    expect(rows.slice(0, 3).map((r) => r.shown)).toEqual(lang === 'en' ? ['KPI', 'Target', 'Weight'] : [roleName('kpi', lang), roleName('target', lang), roleName('weight', lang)]);
    expect(rows[0]!.options).toBe(18); // every role and "not used"
    expect(rows[1]!.header).toBe('目标值(标准)');
    expect(rows[2]!.header).toContain('权重分解');
    // The HTML header is text: no element made of it, no script run.
    expect(rows[3]!.header).toBe(HTML_HEADER);
    expect(await page.$$('[data-testid=confirm] img')).toHaveLength(0);
    expect(await page.textContent('tr[data-column=B] .samples')).toContain('≥95%');

    // The TBD target: its cell, text and reason.
    const problem = await page.textContent('[data-testid=confirm-problems] li[data-cell=B3]');
    expect(problem).toContain('B3');
    expect(problem).toContain('TBD');
    expect(problem).toContain(lang === 'en' ? 'placeholder' : '占位');
    expect(await page.$$('[data-testid=confirm-problems] li')).toHaveLength(1);

    // Fits the pane, with every role's name whole in its drop-down, at the pane's width and the widths a task pane is dragged to.
    for (const width of [WIDTH[host], 320, 450]) {
      await page.setViewportSize({ width, height: 720 });
      expect(await noSideScroll(page)).toEqual({ scroll: width, client: width });
      expect(await clippedChoices(page), `${width} px`).toEqual([]);
    }

    // Without a weight column the review cannot be made.
    await page.selectOption('tr[data-column=C] select', '');
    expect(await page.isDisabled('[data-testid=confirm-create]')).toBe(true);
    expect(await page.textContent('[data-testid=confirm-missing]')).toBe(fill(t.confirmMissing, { roles: lang === 'en' ? 'Weight' : roleName('weight', lang) }));
    await page.selectOption('tr[data-column=C] select', 'weight');

    // One role changed: column D is the baseline.
    await page.selectOption('tr[data-column=D] select', 'baseline');
    await page.click('[data-testid=confirm-create]');
    await page.waitForSelector('[data-testid=result]', { timeout: 60_000 });

    const helper = userPlanText(lang, 'sheet');
    const names = await sheetNames(page, host);
    expect(names).toContain(helper);
    expect(names.length).toBeGreaterThanOrEqual(4);
    // Helper columns: No., Row, KPI, Target, Weight, Direction, Baseline (G), from row 5.
    expect(await cellOf(page, host, helper, 'G5')).toContain('$D$2');
    expect(await cellOf(page, host, helper, 'C5')).toContain('$A$2');
    expect(await cellOf(page, host, helper, 'D6')).toContain('$B$3');
    if (host === 'sheets') {
      const begin = (await recorded(page)).calls.find((c) => c.name === 'kpiInsertBegin')!;
      const sent = (begin.args[0] as { userPlan: { sheet: string; mapping: { columns: Record<string, string>; firstRow: number; lastRow: number } } }).userPlan;
      expect(sent.sheet).toBe(sheet);
      expect(sent.mapping).toMatchObject({ firstRow: 2, lastRow: 4, columns: { kpi: 'A', target: 'B', weight: 'C', baseline: 'D' } });
      expect(sent.mapping.columns).not.toHaveProperty('source');
    }
    // The user's sheet is as it was.
    expect(await userSheet(page, host, sheet)).toEqual(before);
    expect((await recorded(page)).dialogs).toBe(0);
    await closeWithoutErrors(page);
  }, 120_000);

  it('"Use a table of my own…" reads the active sheet', async () => {
    const { sheet } = table(lang);
    const { page } = await open({ active: sheet });
    await page.selectOption('#opt-review-plan', 'active');
    expect(await page.textContent(`#opt-review-plan-help`)).toBe(t.planActiveHelp);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=confirm]');
    expect(await page.textContent('[data-testid=confirm] h2')).toContain(sheet);
    await page.click('[data-testid=confirm] .actions .btn:not(.primary)');
    await page.waitForSelector('#opt-review-plan');
    await closeWithoutErrors(page);
  }, 60_000);

  it('a sheet deleted before Create review: the message says so and nothing is added', async () => {
    const { page, sheet } = await open();
    const value = await page.$eval('#opt-review-plan optgroup option', (o) => (o as HTMLOptionElement).value);
    await page.selectOption('#opt-review-plan', value);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=confirm]');
    const before = await sheetNames(page, host);
    if (host === 'excel') await page.evaluate((name) => (window as unknown as { fake: { removeSheet(n: string): void } }).fake.removeSheet(name), sheet);
    else {
      const api = sheetsServer(page).api;
      api.deleteSheet(api.getSheetByName(sheet)!);
    }
    await page.click('[data-testid=confirm-create]');
    await page.waitForSelector('[data-testid=error]');
    expect(await page.getAttribute('[data-testid=error]', 'data-code')).toBe('option');
    expect(await page.textContent('[data-testid=error]')).toContain(t.confirmNoSheet.replace('{sheet}', sheet));
    expect(await sheetNames(page, host)).toEqual(before.filter((n) => n !== sheet));
    // The confirm step stays, to go back to the options.
    expect(await page.$('[data-testid=confirm]')).not.toBeNull();
    await closeWithoutErrors(page);
  }, 60_000);

  it('the dashboard lists KPI Kit plans only', async () => {
    const { sheet, cells } = table(lang);
    const page = await openHost(browser(), host, { lang, tables: [{ sheet, cells }], server: host === 'sheets' });
    await page.click('.card[data-kind=dashboard]');
    await page.waitForSelector('#opt-dashboard-plan');
    await page.waitForFunction(() => !document.querySelector('#opt-dashboard-plan-help')?.textContent?.includes('…'));
    const texts = await page.$$eval('#opt-dashboard-plan option', (os) => os.map((o) => o.textContent ?? ''));
    expect(texts.some((x) => x.includes(sheet))).toBe(false);
    expect(texts).not.toContain(t.planActive);
    await page.close();
  }, 60_000);
});

describe('screenshots', () => {
  it('writes the confirm step of both hosts in both languages at the pane width', async () => {
    const files = await writeConfirmShots(browser());
    expect(files.map((f) => f.replace(/.*\//, ''))).toEqual(['ui-excel-confirm-en.png', 'ui-excel-confirm-zh-CN.png', 'ui-sheets-confirm-en.png', 'ui-sheets-confirm-zh-CN.png']);
    for (const f of files) {
      const png = readFileSync(f);
      // IHDR width: the pane's width, nothing wider.
      expect(png.readUInt32BE(16), f).toBe(f.includes('excel') ? WIDTH.excel : WIDTH.sheets);
    }
  }, 120_000);
});
