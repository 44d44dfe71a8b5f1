/**
 * The built task pane and sidebar in headless Chromium: every template in both languages in both
 * hosts, progress and result, errors, the reference's insert and layout, and the screenshots in
 * docs/images. In Excel the pane's own bridge, template engine and renderer write into the
 * Office.js fake, and what lands there is compared with the same insert run in Node; in Sheets the
 * sidebar talks to a recording google.script.run, and once to the built server code over the
 * SpreadsheetApp fake.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATE_KINDS, type TemplateKind } from '../../core/templates/index.js';
import type { Locale } from '../../core/types.js';
import { APP_TEXT } from '../../ui/app-text.js';
import { CATALOG } from '../../ui/catalog.js';
import type { InsertRequest, PlanChoice } from '../../ui/bridge.js';
import { writeShots } from '../../scripts/ui-shots.js';
import type { SheetSnapshot } from '../renderers/snapshot.js';
import {
  PAGE_ERRORS,
  WIDTH,
  excelCell,
  excelMirror,
  excelState,
  formulaBreaks,
  launch,
  noSideScroll,
  openHost,
  recorded,
  sheetsHost,
  sheetsServer,
  type Host,
  type HostConfig,
} from './harness.js';

const XSS = '<img src=x onerror=alert(1)>';
const PLANS: PlanChoice[] = [
  { sheet: 'Team plan', kpis: 3, mapping: { sheet: 'Team plan', headerRow: 4, firstRow: 5, lastRow: 7, columns: { kpi: 'C', target: 'J', weight: 'L' } } },
  { sheet: XSS, kpis: 2, mapping: { sheet: XSS, headerRow: 1, firstRow: 2, lastRow: 3, columns: { kpi: 'A', target: 'B', weight: 'C' } } },
];
const PRESETS = ['sales', 'rd', 'admin', 'operations', 'marketing'];
const HOSTS: Host[] = ['excel', 'sheets'];
const LANGS: Locale[] = ['en', 'zh-CN'];
/** The review sheet's name (a workbook that has it gets "<name> (2)"). */
const REVIEW_SHEET: Record<Locale, string> = { en: 'KPI Review', 'zh-CN': '绩效考核表' };
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

/** The request the pane sends for these options. */
function requestOf(kind: TemplateKind, c: Choice, lang: Locale): InsertRequest {
  return {
    kind,
    lang,
    period: c.period,
    department: c.department,
    rows: c.rows,
    sample: c.sample,
    ...(c.preset !== '' ? { preset: c.preset } : {}),
    ...(c.plan >= 0 ? { plan: PLANS[c.plan]!.mapping } : {}),
  };
}

/** Every constant and formula of some sheets, one a line. */
function sheetsText(sheets: readonly SheetSnapshot[]): string {
  return sheets.flatMap((s) => Object.values(s.cells).map((c) => ('f' in c ? c.f : String(c.v)))).join('\n');
}

const rowOf = (address: string): number => Number(/[0-9]+$/.exec(address)![0]);
type FakeInPage = { fake: { ops: number; failAt(n: number, code: string): void } };

/** Makes the Office.js fake in the page refuse the n-th call from now (and the `count` - 1 after it) with `code`. */
function failFromNow(page: Page, n: number, code: string, count = 1): Promise<void> {
  return page.evaluate(
    ([n, code, count]) => {
      const fake = (window as unknown as FakeInPage).fake;
      const at = fake.ops + n;
      for (let i = 0; i < count; i++) fake.failAt(at + i, code);
    },
    [n, code, count] as const,
  );
}

describe.each(HOSTS)('%s pane', (host) => {
  describe.each(LANGS)('in %s', (lang) => {
    const t = APP_TEXT[lang];

    it('adds every template with the chosen options, showing progress and what was added', async () => {
      const config: HostConfig = { lang, plans: PLANS, sheets: [REVIEW_SHEET.en, REVIEW_SHEET['zh-CN']] };
      const page = await openHost(browser, host, config);
      const mirror = host === 'excel' ? excelMirror(config) : undefined;
      await page.waitForSelector('.card');
      expect(await page.locator('.card').count()).toBe(TEMPLATE_KINDS.length);
      expect(await page.locator('.card svg rect').count()).toBeGreaterThan(100);
      for (const [i, kind] of TEMPLATE_KINDS.entries()) {
        const c = choiceFor(kind, i, lang);
        await fillOptions(page, kind, c, lang);
        const before = host === 'excel' ? await excelState(page) : undefined;
        await page.click('button[type=submit]');
        const result = page.locator('[data-testid=result]');
        await result.waitFor();
        const text = (await result.textContent()) ?? '';
        expect(text).toContain(t.hint[kind].slice(0, 12));
        const rec = await recorded(page);
        // The progress bar went to the end.
        expect(rec.progress[rec.progress.length - 1]).toBe(100);

        if (host === 'sheets') {
          // The recorder's steps move the bar in between.
          expect(rec.progress.filter((v) => v > 0 && v < 100).length, kind).toBeGreaterThan(0);
          const begin = rec.calls.filter((x) => x.name === 'kpiInsertBegin').at(-1)!;
          expect(begin.args[0]).toEqual(requestOf(kind, c, lang));
          expect(rec.calls.filter((x) => x.name === 'kpiInsertStep').length).toBeGreaterThanOrEqual(3 * (i + 1));
          expect(text).toContain(`${CATALOG.kinds.find((k) => k.kind === kind)!.title[lang]} (2)`);
        } else {
          // Excel: the pane's engine wrote into the workbook. The same insert in Node gives the same
          // workbook, cell for cell, with as many syncs.
          const after = await excelState(page);
          const syncs0 = mirror!.fake.syncs;
          const { desc, outcome } = await mirror!.insert(requestOf(kind, c, lang));
          expect(after.snapshot, kind).toEqual(mirror!.fake.snapshot());
          expect(after.syncs - before!.syncs, kind).toBe(mirror!.fake.syncs - syncs0);
          // Read, a request adding the sheets, at least one writing them.
          expect(after.syncs - before!.syncs, kind).toBeGreaterThanOrEqual(4);
          expect(after.runs.at(-1)).toEqual({ mergeUndoGroup: true });
          const had = new Set(before!.snapshot.sheets.map((s) => s.name));
          const added = after.snapshot.sheets.filter((s) => !had.has(s.name));
          expect(added.map((s) => s.name)).toEqual(outcome.sheets.map((s) => s.name));
          const names = added.map((s) => s.name).join(' ');
          expect(/[\u4e00-\u9fff]/.test(names), names).toBe(lang === 'zh-CN');
          // The rows option sized the main table, and each of its rows holds something.
          const [key, table] = ROWS_TABLE[kind];
          const sheet = desc.sheets.find((s) => s.key === key)!;
          const rows = sheet.tables!.find((x) => x.key === table)!;
          expect(rows.lastRow - rows.firstRow + 1, kind).toBe(c.rows);
          const written = new Set(Object.keys(added.find((s) => s.name === sheet.name)!.cells).map(rowOf));
          for (let r = rows.firstRow; r <= rows.lastRow; r++) expect(written.has(r), `${kind} row ${r}`).toBe(true);
          const all = sheetsText(added);
          expect(all).toContain(c.period);
          if (['plan', 'review', 'scorecard', 'dashboard'].includes(kind)) expect(all).toContain(c.department);
          if (c.plan >= 0) {
            expect(desc.sheets.some((s) => s.key === 'plan')).toBe(false);
            expect(all).toContain(`'${PLANS[c.plan]!.sheet}'!`);
          }
          if (kind === 'dashboard') expect(desc.sheets.some((s) => s.key === 'plan')).toBe(true);
          // A free name next to the existing review sheet.
          if (kind === 'review') {
            expect(names).toContain(`${REVIEW_SHEET[lang]} (2)`);
            expect(text).toContain(`${REVIEW_SHEET[lang]} (2)`);
          }
          for (const s of added.filter((x) => !x.hidden)) expect(text).toContain(s.name);
        }
        const size = await noSideScroll(page);
        expect(size.scroll, `${kind} result`).toBeLessThanOrEqual(size.client);
        await page.click(`text=${t.backToGallery}`);
        await page.waitForSelector('.card');
      }
      expect(PAGE_ERRORS.get(page)).toEqual([]);
      await page.close();
    });

    if (host === 'excel') {
      it('shows each refusal of Excel in words, the workbook left as it was', async () => {
        const refusals = [
          ['AccessDenied', 'protected'],
          // (A name taken mid-insert is retried under the next free name: test/renderers/concurrency.test.ts.)
          ['ItemNotFound', 'sheetGone'],
          ['GeneralException', 'hostError'],
        ] as const;
        for (const [code, error] of refusals) {
          const page = await openHost(browser, 'excel', { lang });
          await page.click('.card[data-kind=bonus]');
          const before = await excelState(page);
          // The 30th call from now: the sheets are added by then and written in part.
          await failFromNow(page, 30, code);
          await page.click('button[type=submit]');
          const text = (await page.locator('[data-testid=error]').textContent()) ?? '';
          expect(text).toContain(t.errors[error]);
          expect(text).toContain(t.leftAsWas);
          if (code === 'GeneralException') expect(text).toContain('injected failure at call');
          const after = await excelState(page);
          expect(after.snapshot).toEqual(before.snapshot);
          expect(after.syncs - before.syncs).toBeGreaterThanOrEqual(4);
          await page.close();
        }
        // Every call from the 30th on refused: undoing fails too, and the pane names the sheets to delete.
        const page = await openHost(browser, 'excel', { lang });
        await page.click('.card[data-kind=bonus]');
        await failFromNow(page, 30, 'ItemNotFound', 10_000);
        await page.click('button[type=submit]');
        const text = (await page.locator('[data-testid=error]').textContent()) ?? '';
        expect(text).toContain(t.errors.sheetGone);
        expect(text).not.toContain(t.leftAsWas);
        expect(text).toContain(t.rollbackFailed.split('{sheets}')[0]!);
        // What is left is what the message names.
        const left = (await excelState(page)).snapshot.sheets.map((s) => s.name).filter((n) => n !== 'Sheet1');
        expect(left.length).toBeGreaterThan(0);
        for (const name of left) expect(text).toContain(`“${name}”`);
        await page.close();
      });

      it('names the sheets a failed insert left under their passing names when undoing failed', async () => {
        const page = await openHost(browser, 'excel', { lang });
        await page.click('.card[data-kind=bonus]');
        // Requests: 1 the bridge's read, 2 the renderer's, 3 adding the sheets under passing names,
        // 4 the first writing them (refused), 5 reading them to undo (refused); then the bridge reads.
        await page.evaluate(() =>
          (window as unknown as { kpiTest: { failSyncs(r: Record<number, string>): void } }).kpiTest.failSyncs({ 4: 'GeneralException', 5: 'GeneralException' }),
        );
        await page.click('button[type=submit]');
        const text = (await page.locator('[data-testid=error]').textContent()) ?? '';
        expect(text).toContain(t.errors.hostError);
        expect(text).toContain(t.rollbackFailed.split('{sheets}')[0]!);
        const left = (await excelState(page)).snapshot.sheets.map((s) => s.name).filter((n) => n !== 'Sheet1');
        expect(left.length).toBeGreaterThan(0);
        for (const name of left) {
          expect(name.startsWith('~KPI ')).toBe(true);
          expect(text).toContain(`“${name}”`);
        }
        await page.close();
      });

      it('splits requests Excel refuses as too large, and says so when even small ones are refused', async () => {
        // 100 KB per request: the renderer halves its requests until they pass.
        const config: HostConfig = { lang, plans: PLANS, requestLimit: 100_000 };
        const c: Choice = { ...choiceFor('review', 1, lang), rows: 300 };
        let page = await openHost(browser, 'excel', config);
        await fillOptions(page, 'review', c, lang);
        const start = await excelState(page);
        await page.click('button[type=submit]');
        await page.locator('[data-testid=result]').waitFor();
        const state = await excelState(page);
        const syncs = state.syncs - start.syncs;
        const mirror = excelMirror(config);
        await mirror.insert(requestOf('review', c, lang));
        const roomy = excelMirror({ lang, plans: PLANS });
        await roomy.insert(requestOf('review', c, lang));
        expect(state.snapshot).toEqual(roomy.fake.snapshot());
        expect(syncs).toBe(mirror.fake.syncs);
        expect(syncs).toBeGreaterThan(roomy.fake.syncs);
        expect(Math.max(...roomy.fake.requests)).toBeGreaterThan(100_000);
        expect(Math.max(...mirror.fake.requests)).toBeGreaterThan(100_000);
        expect((await recorded(page)).progress.at(-1)).toBe(100);
        await page.close();
        // 3 KB: nothing fits.
        page = await openHost(browser, 'excel', { lang, requestLimit: 3_000 });
        await page.click('.card[data-kind=bonus]');
        const before = await excelState(page);
        await page.click('button[type=submit]');
        const text = (await page.locator('[data-testid=error]').textContent()) ?? '';
        expect(text).toContain(t.errors.payloadTooLarge);
        expect(text).toContain(t.leftAsWas);
        expect((await excelState(page)).snapshot).toEqual(before.snapshot);
        await page.close();
      });
    } else {
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
        expect(text).toContain('“Bonus”');
        await page.close();
      });
    }

    it('shows a bad option’s message from the host', async () => {
      const message = lang === 'en' ? 'Rows must be a whole number from 1 to 5000' : '行数必须是 1 到 5000 之间的整数';
      const page = await openHost(browser, host, { lang, optionError: message });
      await page.click('.card[data-kind=plan]');
      await page.fill('#opt-plan-rows', '0');
      const before = host === 'excel' ? await excelState(page) : undefined;
      await page.click('button[type=submit]');
      const text = (await page.locator('[data-testid=error]').textContent()) ?? '';
      expect(text).toContain(t.leftAsWas);
      if (host === 'sheets') expect(text).toContain(message);
      else {
        expect(text).toMatch(lang === 'en' ? /rows/i : /行/);
        // Refused before anything reached the workbook.
        const after = await excelState(page);
        expect(after.snapshot).toEqual(before!.snapshot);
        expect(after.syncs).toBe(before!.syncs);
      }
      await page.close();
    });

    /** What the selected cell B7 holds: the Office.js fake's cell, or the Sheets recorder's last write. */
    const selected = async (page: Page, initial = ''): Promise<string> =>
      host === 'excel' ? excelCell(page) : ((await recorded(page)).writes.at(-1)?.formula ?? initial);

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
      expect(await selected(page, XSS)).toBe(XSS);
      await confirm.getByRole('button', { name: t.cancel }).click();
      expect(await selected(page, XSS)).toBe(XSS);
      await first.locator('button').click();
      await page.locator('.confirm').waitFor();
      await page.locator('.confirm').getByRole('button', { name: t.replace }).click();
      await page.locator('.status', { hasText: 'B7' }).waitFor();
      expect(await selected(page, XSS)).toMatch(host === 'excel' ? /^=KPI\.[A-Z0-9_]+\(/ : /^=[A-Z0-9_]+\(/);
      if (host === 'sheets') expect((await recorded(page)).writes.length).toBe(1);
      expect((await recorded(page)).dialogs).toBe(0);
      await page.close();
    });

    it('inserts into an empty cell at once', async () => {
      const page = await openHost(browser, host, { lang, view: 'reference' });
      await page.locator('.ex button').first().click();
      await page.locator('.status', { hasText: 'B7' }).waitFor();
      expect(await selected(page)).toMatch(/^=/);
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
      // The tab text and the page's lang attribute follow after the next render.
      await expect.poll(() => page.locator('#tab-templates').textContent()).toBe(APP_TEXT[other].tabTemplates);
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(other);
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
    await page.locator('.status', { hasText: 'B7' }).waitFor();
    expect(await excelCell(page)).toMatch(/^=KPI\./);
    await page.close();
  });
});

describe('Sheets sidebar over the built server code', () => {
  it.each(LANGS)('adds a review next to an existing one in %s, step by step', async (lang) => {
    const config: HostConfig = { lang, server: true, plans: [PLANS[0]!], sheets: [REVIEW_SHEET[lang]] };
    const page = await openHost(browser, 'sheets', config);
    const c = choiceFor('review', 1, lang);
    await page.click('.card[data-kind=review]');
    await page.selectOption('#opt-review-lang', lang);
    await page.selectOption('#opt-review-preset', c.preset);
    await page.fill('#opt-review-period', c.period);
    await page.fill('#opt-review-department', c.department);
    await page.fill('#opt-review-rows', String(c.rows));
    await page.check(`input[name=opt-review-sample][value=${c.sample ? 'sample' : 'empty'}]`);
    // The plan list comes from the spreadsheet.
    await page.waitForSelector('#opt-review-plan option:nth-child(2)', { state: 'attached' });
    await page.selectOption('#opt-review-plan', '0');
    await page.click('button[type=submit]');
    const text = (await page.locator('[data-testid=result]').textContent()) ?? '';
    const rec = await recorded(page);
    expect(rec.progress.at(-1)).toBe(100);
    expect(rec.progress.filter((v) => v > 0 && v < 100).length).toBeGreaterThan(2);
    expect(rec.calls.find((x) => x.name === 'kpiInsertBegin')!.args[0]).toEqual(requestOf('review', c, lang));

    const snapshot = sheetsServer(page).snapshot();
    const main = `${REVIEW_SHEET[lang]} (2)`;
    expect(snapshot.sheets.map((s) => s.name).slice(0, 4)).toEqual(['Sheet1', REVIEW_SHEET[lang], 'Team plan', main]);
    expect(text).toContain(main);
    const review = snapshot.sheets.find((s) => s.name === main)!;
    const all = sheetsText([review]);
    expect(all).toContain(c.period);
    expect(all).toContain(c.department);
    expect(all).toContain("'Team plan'!");
    // The same calls in Node over the same spreadsheet: the same sheets, and the rows asked for.
    const mirror = sheetsHost(config);
    type Step = { job: unknown; outcome?: { sheets: { key: string; name: string; rows: number }[] } };
    let r = mirror.call('kpiInsertBegin', requestOf('review', c, lang)) as Step;
    let calls = 1;
    for (; !r.outcome; calls++) r = mirror.call('kpiInsertStep', r.job) as Step;
    expect(snapshot).toEqual(mirror.fake.snapshot());
    expect(rec.calls.filter((x) => x.name === 'kpiInsertBegin' || x.name === 'kpiInsertStep').length).toBe(calls);
    // One row per employee and KPI of the plan.
    expect(r.outcome.sheets.find((s) => s.name === main)!.rows).toBe(c.rows * PLANS[0]!.kpis);
    expect(PAGE_ERRORS.get(page)).toEqual([]);
    await page.close();
  });
});

describe('screenshots', () => {
  it('writes the gallery, form, progress, result and reference of both hosts in both languages', async () => {
    const files = await writeShots(browser);
    expect(files.length).toBe(20);
  });
});
