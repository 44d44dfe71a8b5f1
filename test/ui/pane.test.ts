/**
 * The built task pane and sidebar in headless Chromium: every template in both languages in both
 * hosts, what reached the host, progress and result, errors, the reference's insert and layout,
 * and the screenshots in docs/images.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATE_KINDS, type TemplateKind } from '../../core/templates/index.js';
import type { Locale } from '../../core/types.js';
import { APP_TEXT } from '../../ui/app-text.js';
import { CATALOG } from '../../ui/catalog.js';
import type { PlanChoice } from '../../ui/bridge.js';
import { writeShots } from '../../scripts/ui-shots.js';
import { PAGE_ERRORS, WIDTH, formulaBreaks, launch, noSideScroll, openHost, recorded, type Host, type HostConfig } from './harness.js';

const XSS = '<img src=x onerror=alert(1)>';
const PLANS: PlanChoice[] = [
  { sheet: 'Team plan', kpis: 3, mapping: { sheet: 'Team plan', headerRow: 4, firstRow: 5, lastRow: 7, columns: { kpi: 'C', target: 'J', weight: 'L' } } },
  { sheet: XSS, kpis: 2, mapping: { sheet: XSS, headerRow: 1, firstRow: 2, lastRow: 3, columns: { kpi: 'A', target: 'B', weight: 'C' } } },
];
const PRESETS = ['sales', 'rd', 'admin', 'operations', 'marketing'];
const HOSTS: Host[] = ['excel', 'sheets'];
const LANGS: Locale[] = ['en', 'zh-CN'];
/** The sheet and table whose rows the "rows" option sets. */
const ROWS_TABLE: Record<TemplateKind, [string, string]> = {
  plan: ['plan', 'kpis'],
  review: ['review', 'employees'],
  scorecard: ['scorecard', 'kpis'],
  feedback360: ['summary360', 'summary'],
  bonus: ['bonus', 'employees'],
  shared: ['shared', 'kpis'],
  dashboard: ['review', 'employees'],
};

interface Choice {
  readonly preset: string;
  readonly period: string;
  readonly department: string;
  readonly rows: number;
  readonly sample: boolean;
  /** Index into PLANS, or -1 for a new plan alongside. */
  readonly plan: number;
}

function choiceFor(kind: TemplateKind, i: number, lang: Locale): Choice {
  return {
    preset: i % 3 === 0 ? '' : PRESETS[i % PRESETS.length]!,
    period: lang === 'en' ? `FY26 H${(i % 2) + 1}` : `2026年上半年${i}`,
    department: lang === 'en' ? `Dept ${i}` : `部门${i}`,
    rows: 3 + i,
    sample: i % 2 === 0,
    plan: kind === 'review' ? 0 : -1,
  };
}

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function fillOptions(page: Page, kind: TemplateKind, c: Choice, lang: Locale): Promise<void> {
  await page.click(`.card[data-kind=${kind}]`);
  await page.selectOption(`#opt-${kind}-lang`, lang);
  if (c.preset !== '') await page.selectOption(`#opt-${kind}-preset`, c.preset);
  await page.fill(`#opt-${kind}-period`, c.period);
  await page.fill(`#opt-${kind}-department`, c.department);
  await page.fill(`#opt-${kind}-rows`, String(c.rows));
  await page.check(`input[name=opt-${kind}-sample][value=${c.sample ? 'sample' : 'empty'}]`);
  if (kind === 'review' || kind === 'dashboard') {
    // The plan list is filled from the host.
    await page.waitForSelector(`#opt-${kind}-plan option:nth-child(${PLANS.length + 1})`, { state: 'attached' });
    if (c.plan >= 0) await page.selectOption(`#opt-${kind}-plan`, String(c.plan));
  }
}

function cellsText(desc: Awaited<ReturnType<typeof recorded>>['descs'][number]): string {
  return desc.sheets.flatMap((s) => s.blocks.flatMap((b) => b.cells.flat().map((c) => ('f' in c ? c.f : String(c.v ?? ''))))).join('\n');
}

describe.each(HOSTS)('%s pane', (host) => {
  describe.each(LANGS)('in %s', (lang) => {
    const t = APP_TEXT[lang];

    it('adds every template with the chosen options, showing progress and what was added', async () => {
      const page = await openHost(browser, host, { lang, plans: PLANS, sheets: ['KPI Review', 'KPI评估'] });
      await page.waitForSelector('.card');
      expect(await page.locator('.card').count()).toBe(TEMPLATE_KINDS.length);
      expect(await page.locator('.card svg rect').count()).toBeGreaterThan(100);
      for (const [i, kind] of TEMPLATE_KINDS.entries()) {
        const c = choiceFor(kind, i, lang);
        await fillOptions(page, kind, c, lang);
        await page.click('button[type=submit]');
        const result = page.locator('[data-testid=result]');
        await result.waitFor();
        const text = (await result.textContent()) ?? '';
        expect(text).toContain(t.hint[kind].slice(0, 12));
        const rec = await recorded(page);
        // The progress bar moved through the host's steps to the end.
        expect(rec.progress.filter((v) => v > 0 && v < 100).length, kind).toBeGreaterThan(0);
        expect(rec.progress[rec.progress.length - 1]).toBe(100);

        if (host === 'sheets') {
          const begin = rec.calls.filter((x) => x.name === 'kpiInsertBegin').at(-1)!;
          expect(begin.args[0]).toEqual({
            kind,
            lang,
            period: c.period,
            department: c.department,
            rows: c.rows,
            sample: c.sample,
            ...(c.preset !== '' ? { preset: c.preset } : {}),
            ...(c.plan >= 0 ? { plan: PLANS[c.plan]!.mapping } : {}),
          });
          expect(rec.calls.filter((x) => x.name === 'kpiInsertStep').length).toBeGreaterThanOrEqual(3 * (i + 1));
          expect(text).toContain(`${CATALOG.kinds.find((k) => k.kind === kind)!.title[lang]} (2)`);
        } else {
          // Excel: the template engine ran in the page with these options; check what it generated.
          const desc = rec.descs.at(-1)!;
          const [key, table] = ROWS_TABLE[kind];
          const sheet = desc.sheets.find((s) => s.key === key)!;
          expect(sheet, kind).toBeDefined();
          expect(sheet.tables!.find((x) => x.key === table)!.lastRow - sheet.tables!.find((x) => x.key === table)!.firstRow + 1).toBe(c.rows);
          const names = desc.sheets.map((s) => s.name).join(' ');
          expect(/[\u4e00-\u9fff]/.test(names), names).toBe(lang === 'zh-CN');
          const all = cellsText(desc);
          expect(all).toContain(c.period);
          if (['plan', 'review', 'scorecard', 'dashboard'].includes(kind)) expect(all).toContain(c.department);
          if (c.plan >= 0) {
            expect(desc.sheets.some((s) => s.key === 'plan')).toBe(false);
            expect(all).toContain(`'${PLANS[c.plan]!.sheet}'!`);
          }
          if (kind === 'dashboard') expect(desc.sheets.some((s) => s.key === 'plan')).toBe(true);
          // A free name next to an existing "KPI Review".
          if (kind === 'review' && lang === 'en') expect(text).toContain('KPI Review (2)');
          for (const s of desc.sheets.filter((x) => !x.hidden)) expect(text).toContain(s.name);
        }
        const size = await noSideScroll(page);
        expect(size.scroll, `${kind} result`).toBeLessThanOrEqual(size.client);
        await page.click(`text=${t.backToGallery}`);
        await page.waitForSelector('.card');
      }
      expect(PAGE_ERRORS.get(page)).toEqual([]);
      await page.close();
    });

    it('shows each render error in words, and that the workbook was left as it was', async () => {
      for (const code of ['protected', 'nameTaken', 'hostError'] as const) {
        const page = await openHost(browser, host, { lang, fail: { code, detail: 'InvalidArgument at A1' } });
        await page.click('.card[data-kind=bonus]');
        await page.click('button[type=submit]');
        const error = page.locator('[data-testid=error]');
        await error.waitFor();
        const text = (await error.textContent()) ?? '';
        expect(text).toContain(t.errors[code]);
        expect(text).toContain(t.leftAsWas);
        if (code === 'hostError') expect(text).toContain('InvalidArgument at A1');
        await page.close();
      }
      const page = await openHost(browser, host, { lang, fail: { code: 'sheetGone', rollbackFailed: true, sheets: ['Bonus'] } });
      await page.click('.card[data-kind=bonus]');
      await page.click('button[type=submit]');
      const text = (await page.locator('[data-testid=error]').textContent()) ?? '';
      expect(text).toContain(t.errors.sheetGone);
      expect(text).not.toContain(t.leftAsWas);
      expect(text).toContain(t.rollbackFailed.split('{sheets}')[0]!);
      if (host === 'sheets') expect(text).toContain('“Bonus”');
      await page.close();
    });

    it('shows a bad option’s message from the host', async () => {
      const message = lang === 'en' ? 'Rows must be a whole number from 1 to 5000' : '行数必须是 1 到 5000 之间的整数';
      const page = await openHost(browser, host, { lang, optionError: message });
      await page.click('.card[data-kind=plan]');
      await page.fill('#opt-plan-rows', '0');
      await page.click('button[type=submit]');
      const text = (await page.locator('[data-testid=error]').textContent()) ?? '';
      expect(text).toContain(t.leftAsWas);
      if (host === 'sheets') expect(text).toContain(message);
      else expect(text).toMatch(lang === 'en' ? /rows/i : /行/);
      expect((await recorded(page)).descs).toEqual([]);
      await page.close();
    });

    it('asks before replacing a non-empty cell, and only then replaces it', async () => {
      const page = await openHost(browser, host, { lang, cell: XSS, view: 'reference' });
      await page.waitForSelector('.ex');
      const first = page.locator('.ex').first();
      await first.locator('button').click();
      const confirm = page.locator('.confirm');
      await confirm.waitFor();
      expect(await confirm.textContent()).toContain(`B7`);
      expect(await confirm.textContent()).toContain(XSS);
      expect(await page.locator('img').count()).toBe(0);
      expect((await recorded(page)).writes).toEqual([]);
      await confirm.getByRole('button', { name: t.cancel }).click();
      expect((await recorded(page)).writes).toEqual([]);
      await first.locator('button').click();
      await page.locator('.confirm').waitFor();
      await page.locator('.confirm').getByRole('button', { name: t.replace }).click();
      await page.waitForFunction(() => (window as unknown as { kpiTest: { rec: { writes: unknown[] } } }).kpiTest.rec.writes.length === 1);
      const writes = (await recorded(page)).writes;
      expect(writes[0]!.formula).toMatch(host === 'excel' ? /^=KPI\.[A-Z0-9_]+\(/ : /^=[A-Z0-9_]+\(/);
      expect(await page.locator('.status').textContent()).toContain('B7');
      expect((await recorded(page)).dialogs).toBe(0);
      await page.close();
    });

    it('inserts into an empty cell at once', async () => {
      const page = await openHost(browser, host, { lang, view: 'reference' });
      await page.locator('.ex button').first().click();
      await page.waitForFunction(() => (window as unknown as { kpiTest: { rec: { writes: unknown[] } } }).kpiTest.rec.writes.length === 1);
      expect(await page.locator('.confirm').count()).toBe(0);
      await page.close();
    });

    it('lays out the reference without side scroll and wraps formulas only after "(" and ", "', async () => {
      const page = await openHost(browser, host, { lang, view: 'reference' });
      await page.waitForSelector('.ex code');
      const size = await noSideScroll(page);
      expect(size.scroll).toBeLessThanOrEqual(size.client);
      const breaks = await formulaBreaks(page);
      for (const b of breaks) expect(b.before, `${b.formula} breaks before “${b.after}”`).toMatch(/(\(|, ?)$/);
      // Parameter descriptions get the pane's width, not a narrow column.
      const widths = await page.locator('.params dd').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
      expect(Math.min(...widths)).toBeGreaterThan(WIDTH[host] - 80);
      // Results sit on their own line under the formula.
      const tops = await page.locator('.ex').first().evaluate((ex) => [ex.querySelector('code')!.getBoundingClientRect().bottom, ex.querySelector('.res')!.getBoundingClientRect().top]);
      expect(tops[1]).toBeGreaterThanOrEqual(tops[0]! - 1);
      await page.close();
    });

    it('switches the pane’s language', async () => {
      const page = await openHost(browser, host, { lang });
      await page.waitForSelector('.card');
      await page.click('button.lang');
      const other = lang === 'en' ? 'zh-CN' : 'en';
      expect(await page.locator('#tab-templates').textContent()).toBe(APP_TEXT[other].tabTemplates);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(other);
      await page.close();
    });

    it('shows the options form, gallery and plan names without side scroll and as text', async () => {
      const page = await openHost(browser, host, { lang, plans: PLANS });
      await page.waitForSelector('.card');
      let size = await noSideScroll(page);
      expect(size.scroll).toBeLessThanOrEqual(size.client);
      await page.click('.card[data-kind=dashboard]');
      await page.waitForSelector('#opt-dashboard-plan option:nth-child(3)', { state: 'attached' });
      const option = await page.locator('#opt-dashboard-plan option').nth(2).textContent();
      expect(option).toContain(XSS);
      // Keyboard: the gallery is a list of buttons; the heading of the form takes focus.
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H2');
      await page.fill('#opt-dashboard-department', XSS);
      expect(await page.locator('img').count()).toBe(0);
      size = await noSideScroll(page);
      expect(size.scroll).toBeLessThanOrEqual(size.client);
      await page.close();
    });
  });
});

describe('Excel below ExcelApi 1.8', () => {
  it('says templates need a newer Excel, and the reference still works', async () => {
    const page = await openHost(browser, 'excel', { lang: 'en', api: 7 });
    const box = page.locator('[data-testid=unsupported]');
    await box.waitFor();
    expect(await box.textContent()).toContain(APP_TEXT.en.errors.unsupported);
    expect(await page.locator('.card').count()).toBe(0);
    await page.click('#tab-reference');
    await page.locator('.ex button').first().click();
    await page.waitForFunction(() => (window as unknown as { kpiTest: { rec: { writes: unknown[] } } }).kpiTest.rec.writes.length === 1);
    await page.close();
  });
});

describe('screenshots', () => {
  it('writes the gallery, form, progress, result and reference of both hosts in both languages', async () => {
    const files = await writeShots(browser);
    expect(files.length).toBe(20);
  });
});
