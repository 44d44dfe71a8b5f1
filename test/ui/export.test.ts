/**
 * Actuals from a system export, in Chromium, in both languages and both looks, over the recording
 * bridge: the choice of the export's sheet in a review's and a dashboard's options and in the
 * confirm step of a user's own table, the columns proposed (long and wide exports) and changed,
 * the cells that give no value, what stops the insert, and the request sent.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { exportText } from '../../core/templates/export.js';
import { isRenderError } from '../../core/templates/render.js';
import type { Locale } from '../../core/types.js';
import { exportConfig, exportSheet } from '../../scripts/ui-update-shots.js';
import { APP_TEXT } from '../../ui/app-text.js';
import type { ExportRequest, InsertRequest } from '../../ui/bridge.js';
import { ACTIVE_EXPORT } from '../../ui/export-roles.js';
import { fill } from '../../ui/text.js';
import { HOSTS_LANGS, cellsOf, chooseExport, clippedChoices, closeWithoutErrors, expectDone, instantBridge, mappingRows, openBuiltPane, texts, useBrowser } from './fixtures.js';
import { noSideScroll } from './harness.js';
import { openRecorder, recorderState, removeSheet } from './recorder.js';

const browser = useBrowser();
const exportRows = (page: Page) => mappingRows(page, '[data-testid=export]');

const FORMULA_HEADER = '=HYPERLINK("http://example.com","x")';

/** A wide export: one row per employee, one column per KPI (one headed by a formula's text). */
function wideTable(lang: Locale): (string | number)[][] {
  return lang === 'en'
    ? [
        ['Employee', 'Department', 'Revenue', 'Collection rate', FORMULA_HEADER],
        ['Alice Chen', 'Sales', 1250000, 0.93, 1],
        ['Bob Martin', 'Sales', 980000, 'pending', 2],
      ]
    : [
        ['姓名', '部门', '销售额', '回款率', FORMULA_HEADER],
        ['李明', '销售部', 1250000, 0.93, 1],
        ['王芳', '销售部', 980000, '待定', 2],
      ];
}

async function inserted(page: Page): Promise<InsertRequest> {
  await page.waitForSelector('[data-testid=result]');
  const call = (await recorderState(page)).calls.find((c) => c.name === 'insertTemplate');
  return call!.args[0] as InsertRequest;
}

describe.each(HOSTS_LANGS)('actuals from an export in %s (%s)', (host, lang) => {
  const t = APP_TEXT[lang];
  const sheet = exportSheet(lang);
  const wide = lang === 'en' ? 'Wide export' : '宽表导出';
  const open = async (kind: 'review' | 'dashboard' = 'review', extra = {}) => {
    const base = exportConfig(lang, { host });
    const page = await openRecorder(browser(), { ...base, sheets: [...base.sheets!, wide], tables: { ...base.tables, [wide]: wideTable(lang) }, ...extra });
    await page.click(`.card[data-kind=${kind}]`);
    return page;
  };

  it('lists the workbook’s sheets, proposes a long export’s columns, lists the value that is not a number, and sends the mapping', async () => {
    const page = await open();
    await page.waitForSelector('#opt-review-actuals optgroup option', { state: 'attached' });
    const options = await page.$$eval('#opt-review-actuals option', (os) => os.map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent, group: o.parentElement?.getAttribute('label') ?? '' })));
    expect(options[0]).toEqual({ value: '', text: t.actualsTyped, group: '' });
    expect(options.filter((o) => o.group === t.actualsGroup).map((o) => o.text)).toEqual(['Sheet1', lang === 'en' ? 'Sales plan' : '销售计划', sheet, wide]);
    expect(options.at(-1)).toEqual({ value: ACTIVE_EXPORT, text: t.actualsActive, group: '' });

    await page.selectOption('#opt-review-plan', '0');
    await chooseExport(page, 'review', sheet);
    expect((await recorderState(page)).calls.filter((c) => c.name === 'readTable')).toEqual([{ name: 'readTable', args: [sheet] }]);
    expect(await page.textContent('[data-testid=export] h3')).toBe(fill(t.exportTitle, { sheet }));
    const rows = await exportRows(page);
    expect(rows.map((r) => [r.column, r.role])).toEqual([
      ['A', 'employee'],
      ['B', ''],
      ['C', 'kpi'],
      ['D', 'actual'],
      ['E', 'period'],
      ['F', ''],
    ]);
    // A header holding HTML is text: no element made of it.
    expect(rows[5]!.header).toBe(lang === 'en' ? '<b>Note</b>' : '<b>备注</b>');
    expect(await page.$('[data-testid=export] b')).toBeNull();
    // The roles in the pane's language, one choice per role and "not used".
    expect(await texts(page, '#opt-review-export-A option')).toEqual([t.roleNone, t.exportRoles.employee, t.exportRoles.kpi, t.exportRoles.actual, t.exportRoles.period, t.exportRoles.wide]);
    expect(await page.textContent('[data-testid=export-shape]')).toBe(t.exportLong);
    // The export reader's own words for the cell that gives no value.
    const na = lang === 'en' ? 'n/a' : '暂无';
    expect(await texts(page, '[data-testid=export-problems] li')).toEqual([exportText(lang, 'p.notNumber', { cell: 'D5', text: na })]);
    expect(await page.getAttribute('[data-testid=export-problems] li', 'data-cell')).toBe('D5');
    // Dates as the host shows them, each with its dot kept on one line.
    expect(await page.textContent('[data-testid=export] tr[data-column=E] .samples')).toBe(fill(t.confirmExamples, { values: '2026-10-31 · 2026-10-31' }));
    expect(await texts(page, '[data-testid=export] tr[data-column=E] .samples .v')).toEqual(['2026-10-31 ·', '2026-10-31']);
    expect(await noSideScroll(page)).toEqual({ scroll: host === 'excel' ? 350 : 300, client: host === 'excel' ? 350 : 300 });
    // And at the widths a task pane is dragged to, in either look: nothing wider than the pane, every role's name ("KPI in header" too) whole in its drop-down.
    for (const width of [300, 320, 450]) {
      await page.setViewportSize({ width, height: 720 });
      expect(await noSideScroll(page)).toEqual({ scroll: width, client: width });
      expect(await clippedChoices(page), `${width} px`).toEqual([]);
    }

    await page.click('button[type=submit]');
    const request = await inserted(page);
    expect(request.actuals).toEqual({ sheet, mapping: { headerRow: 3, firstRow: 4, lastRow: 7, columns: { employee: 'A', kpi: 'C', actual: 'D', period: 'E' } } });
    expect(request.plan?.sheet).toBe(lang === 'en' ? 'Sales plan' : '销售计划');
    await closeWithoutErrors(page);
  });

  it('reads a wide export as one column per KPI, named by its header (a formula’s text too), and stops at a mix of both readings', async () => {
    const page = await open('dashboard');
    await chooseExport(page, 'dashboard', wide);
    const rows = await exportRows(page);
    expect(rows.map((r) => r.role)).toEqual(['employee', '', 'wide', 'wide', 'wide']);
    expect(rows[4]!.header).toBe(FORMULA_HEADER);
    const kpis = lang === 'en' ? ['Revenue', 'Collection rate'] : ['销售额', '回款率'];
    expect(await page.textContent('[data-testid=export-shape]')).toBe(fill(t.exportWide, { kpis: [...kpis, FORMULA_HEADER].join(t.listSep) }));
    expect(await texts(page, '[data-testid=export-problems] li')).toEqual([exportText(lang, 'p.notNumber', { cell: 'D3', text: lang === 'en' ? 'pending' : '待定' })]);

    // A KPI column beside columns per KPI: both readings at once is refused before anything is sent.
    await page.selectOption('#opt-dashboard-export-B', 'kpi');
    expect(await texts(page, '[data-testid=export-issues] p')).toEqual([t.exportBoth]);
    expect(await page.isDisabled('button[type=submit]')).toBe(true);
    // No employee column: named.
    await page.selectOption('#opt-dashboard-export-B', '');
    await page.selectOption('#opt-dashboard-export-A', '');
    expect(await texts(page, '[data-testid=export-issues] p')).toEqual([fill(t.confirmMissing, { roles: t.exportRoles.employee })]);
    expect(await page.isDisabled('button[type=submit]')).toBe(true);
    // The employee moves to another column: it leaves the one that held it.
    await page.selectOption('#opt-dashboard-export-A', 'employee');
    await page.selectOption('#opt-dashboard-export-E', '');
    expect(await page.isEnabled('button[type=submit]')).toBe(true);
    await page.click('button[type=submit]');
    const request = await inserted(page);
    expect(request.kind).toBe('dashboard');
    expect(request.actuals).toEqual({ sheet: wide, mapping: { headerRow: 1, firstRow: 2, lastRow: 3, columns: { employee: 'A' }, kpiColumns: { [kpis[0]!]: 'C', [kpis[1]!]: 'D' } } });
    await page.close();
  });

  it('back to actuals typed into the review sends none; the export’s sheet deleted meanwhile is refused, the workbook left as it was', async () => {
    const page = await open();
    await chooseExport(page, 'review', sheet);
    await page.selectOption('#opt-review-actuals', '');
    expect(await page.$('[data-testid=export]')).toBeNull();
    await page.selectOption('#opt-review-actuals', sheet);
    await page.waitForSelector('[data-testid=export]');
    await removeSheet(page, sheet);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=error]');
    expect(await page.getAttribute('[data-testid=error]', 'data-code')).toBe('sheetGone');
    expect(await texts(page, '[data-testid=error] > *')).toEqual([t.errorTitle, t.errors.sheetGone, t.leftAsWas]);
    await page.close();

    const typed = await open();
    await typed.waitForSelector('#opt-review-actuals optgroup option', { state: 'attached' });
    await typed.click('button[type=submit]');
    expect((await inserted(typed)).actuals).toBeUndefined();
    await typed.close();
  });

  it('reads the active sheet where the host lists no sheets, and says so when it holds no table', async () => {
    const page = await open('review', { listsSheets: false, active: 'Sheet1' });
    await page.waitForSelector('#opt-review-plan option:nth-child(2)', { state: 'attached' });
    expect(await page.$$eval('#opt-review-actuals option', (os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['', ACTIVE_EXPORT]);
    await page.selectOption('#opt-review-actuals', ACTIVE_EXPORT);
    await page.waitForSelector('[data-testid=export-message]');
    expect(await page.textContent('[data-testid=export-message]')).toBe(t.exportNoTableActive);
    expect(await page.isDisabled('button[type=submit]')).toBe(true);
    await page.evaluate((s) => (window as unknown as { kpiTest: { activate: (s: string) => void } }).kpiTest.activate(s), sheet);
    await page.selectOption('#opt-review-actuals', '');
    await page.selectOption('#opt-review-actuals', ACTIVE_EXPORT);
    await page.waitForSelector('[data-testid=export]');
    expect((await recorderState(page)).calls.filter((c) => c.name === 'readTable').map((c) => c.args)).toEqual([[null], [null]]);
    expect(await page.textContent('[data-testid=export] h3')).toBe(fill(t.exportTitle, { sheet }));
    await page.close();
  });

  it('offers the export in the confirm step of a user’s own table, and sends both', async () => {
    const own = lang === 'en' ? 'My KPIs' : '我的KPI';
    const table = [
      [lang === 'en' ? 'KPI name' : '指标名称', '目标值', '权重'],
      [lang === 'en' ? 'Revenue' : '销售额', 1000000, 60],
      [lang === 'en' ? 'New customers' : '新客户数', 20, 40],
    ];
    const base = exportConfig(lang, { host });
    const page = await openRecorder(browser(), {
      ...base,
      sheets: [...base.sheets!, own],
      active: own,
      plans: [],
      tables: { ...base.tables, [own]: table },
    });
    await page.click('.card[data-kind=review]');
    await page.waitForSelector('#opt-review-actuals optgroup option', { state: 'attached' });
    await page.selectOption('#opt-review-plan', 'active');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=confirm]');
    await page.selectOption('#confirm-actuals', sheet);
    await page.waitForSelector('[data-testid=export]');
    expect(await page.isEnabled('[data-testid=confirm-create]')).toBe(true);
    await page.selectOption('#confirm-export-A', '');
    expect(await page.isDisabled('[data-testid=confirm-create]')).toBe(true);
    await page.selectOption('#confirm-export-A', 'employee');
    await page.click('[data-testid=confirm-create]');
    const request = await inserted(page);
    expect(request.userPlan?.sheet).toBe(own);
    expect(request.actuals?.sheet).toBe(sheet);
    expect(request.actuals?.mapping.columns).toEqual({ employee: 'A', kpi: 'C', actual: 'D', period: 'E' });
    await closeWithoutErrors(page);
  });

  it('shows no actuals choice for templates that read none', async () => {
    const page = await openRecorder(browser(), exportConfig(lang, { host }));
    await page.click('.card[data-kind=scorecard]');
    await page.waitForSelector('form');
    expect(await page.$('[data-testid=actuals]')).toBeNull();
    expect((await recorderState(page)).calls.filter((c) => c.name === 'sheets')).toEqual([]);
    await page.close();
  });
});

describe.each(HOSTS_LANGS)('the built %s pane takes actuals from an export (%s)', (host, lang) => {
  it('reads the active sheet as an export, and the review it adds reads its actuals from it; the export is not changed', async () => {
    const sheet = exportSheet(lang);
    const en = lang === 'en';
    const cells: Record<string, string | number> = {
      A1: en ? 'Employee' : '姓名',
      B1: en ? 'Indicator' : '指标',
      C1: en ? 'Value' : '数值',
      A2: en ? 'Alice Chen' : '李明',
      B2: en ? 'Revenue' : '销售额',
      C2: 120,
      A3: en ? 'Bob Martin' : '王芳',
      B3: en ? 'Revenue' : '销售额',
      C3: 'n/a',
    };
    const page = await openBuiltPane(browser(), host, lang, { tables: [{ sheet, cells }], active: sheet });
    const before = (await cellsOf(page, host)).get(sheet);
    await page.click('.card[data-kind=review]');
    await page.waitForSelector('#opt-review-plan option:nth-child(2)', { state: 'attached' });
    await page.selectOption('#opt-review-actuals', ACTIVE_EXPORT);
    await page.waitForSelector('[data-testid=export]');
    expect((await exportRows(page)).map((r) => r.role)).toEqual(['employee', 'kpi', 'actual']);
    expect(await texts(page, '[data-testid=export-problems] li')).toEqual([exportText(lang, 'p.notNumber', { cell: 'C3', text: 'n/a' })]);
    await page.click('button[type=submit]');
    await expectDone(page, '[data-testid=result]', '[data-testid=error]');
    const after = await cellsOf(page, host);
    expect(after.get(sheet)).toEqual(before);
    const review = en ? 'KPI Review' : '绩效考核表';
    // The review's actuals are sums over the export (by its sheet name or the names the renderer gives its columns); its roster starts with the export's employees.
    expect(after.get(review)!.some((c) => c.startsWith('=') && c.includes('SUMIFS(') && (c.includes(sheet) || c.includes('KPI_Export')))).toBe(true);
    expect(after.get(review)).toContain(cells.A2);
    expect([...after.keys()]).toContain(exportText(lang, 'sheet'));
    expect(await page.textContent('[data-testid=result]')).toContain(review);
    await closeWithoutErrors(page);
  }, 120_000);
});

describe('the recorder refuses what the hosts refuse', () => {
  it('an export read by columns that cannot be, in the host language, and an export on a sheet that is gone', async () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      const { bridge } = instantBridge(exportConfig(lang));
      const base: InsertRequest = { kind: 'review', lang, period: '2026 Q4', sample: false };
      const mapping = { headerRow: 3, firstRow: 4, lastRow: 7, columns: { employee: 'A', kpi: 'C', actual: 'D' } };
      const bad: ExportRequest['mapping'][] = [
        { ...mapping, columns: { kpi: 'C', actual: 'D' } },
        { ...mapping, columns: { employee: 'A', kpi: 'C', actual: 'C' } },
        { ...mapping, columns: { employee: 'A', kpi: 'C', actual: 'D' }, kpiColumns: { Revenue: 'E' } },
        { ...mapping, columns: { employee: 'A' }, kpiColumns: { ' ': 'E' } },
        { ...mapping, firstRow: 3 },
      ];
      for (const m of bad) {
        await expect(bridge.insertTemplate({ ...base, actuals: { sheet: exportSheet(lang), mapping: m } }, () => {})).rejects.toMatchObject({ name: 'OptionError', message: APP_TEXT[lang].exportInvalid });
      }
      const gone = await bridge.insertTemplate({ ...base, actuals: { sheet: 'Nope', mapping } }, () => {}).catch((e: unknown) => e);
      expect(isRenderError(gone) && gone.code).toBe('sheetGone');
      await expect(bridge.insertTemplate({ ...base, actuals: { sheet: exportSheet(lang), mapping } }, () => {})).resolves.toMatchObject({ activeCell: 'C5' });
    }
  });
});
