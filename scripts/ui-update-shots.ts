/**
 * `npx tsx scripts/ui-update-shots.ts`: pictures of the update of a review to a new roster (the
 * task pane, 350 px) and of actuals from a system export (the sidebar, 300 px), in both languages,
 * over the recording bridge (test/ui/recorder.ts): docs/images/ui-update-entry-<lang>.png (the
 * gallery offering the update), ui-update-<lang>.png (the roster edited, with its summary), ui-update-result-<lang>.png (the report),
 * ui-update-problem-<lang>.png (a set whose sheets changed shape, refused) and ui-export-<lang>.png
 * (the export's columns in the review's options). The UI tests run it too.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { headerMovedWords } from '../core/templates/update-shape.js';
import type { Locale } from '../core/types.js';
import type { RosterEntry, UpdateChoice } from '../ui/bridge.js';
import { launch } from '../test/ui/harness.js';
import type { RecorderConfig } from '../test/ui/recorder-bridge.js';
import { SHOTS, openRecorder, release } from '../test/ui/recorder.js';

/** A review set made by the add-in, as found from its sheets. */
export function reviewSet(lang: Locale): UpdateChoice {
  const en = lang === 'en';
  const roster: RosterEntry[] = en
    ? [
        { name: 'Alice Chen', department: 'Sales' },
        { name: 'Bob Martin', department: 'Sales' },
        { name: 'Carla Diaz', department: 'Sales' },
        { name: 'David Okafor', department: 'Marketing' },
        { name: 'Emma Wilson', department: 'Marketing' },
        { name: 'Farid Haddad', department: 'Support' },
      ]
    : [
        { name: '李明', department: '销售部' },
        { name: '王芳', department: '销售部' },
        { name: '张伟', department: '销售部' },
        { name: '刘洋', department: '市场部' },
        { name: '陈静', department: '市场部' },
        { name: '赵磊', department: '客服部' },
      ];
  const sheets = en ? ['KPI Review', 'Bonus', 'Dashboard'] : ['绩效考核表', '奖金分配', '仪表盘'];
  return { sheet: sheets[0]!, sheets, roster, kpis: 3 };
}

/** The roster as the user leaves it: one employee gone, one moved, two added (one pasted from a sheet). */
export function editedRoster(lang: Locale): string {
  return lang === 'en'
    ? 'Alice Chen\tSales\nBob Martin\tSales\nDavid Okafor\tSales\nEmma Wilson\tMarketing\nFarid Haddad\tSupport\nGrace Kim\tSupport\nHenry Zhou, Marketing'
    : '李明\t销售部\n王芳\t销售部\n刘洋\t销售部\n陈静\t市场部\n赵磊\t客服部\n孙丽\t客服部\n周杰，市场部';
}

export function updateConfig(lang: Locale, extra: Partial<RecorderConfig> = {}): RecorderConfig {
  const set = reviewSet(lang);
  return {
    host: 'excel',
    lang,
    sheets: ['Sheet1', ...set.sheets],
    active: set.sheets[1],
    sets: [set],
    restored: [`${set.sheet}!H9`],
    ...extra,
  };
}

/** A long system export (employee, department, KPI, value, date as a date serial) with one unreadable value and a header holding HTML. */
export function exportTable(lang: Locale): (string | number)[][] {
  const en = lang === 'en';
  return en
    ? [
        ['CRM export 2026-10-31'],
        [],
        ['Employee', 'Department', 'Indicator', 'Value', 'Date', '<b>Note</b>'],
        ['Alice Chen', 'Sales', 'Revenue', 1250000, 46326, ''],
        ['Bob Martin', 'Sales', 'Revenue', 'n/a', 46326, 'late'],
        ['Alice Chen', 'Sales', 'New customers', 14, 46326, ''],
        ['Bob Martin', 'Sales', 'New customers', 9, 46326, ''],
      ]
    : [
        ['CRM 导出 2026-10-31'],
        [],
        ['姓名', '部门', '指标', '数值', '日期', '<b>备注</b>'],
        ['李明', '销售部', '销售额', 1250000, 46326, ''],
        ['王芳', '销售部', '销售额', '暂无', 46326, '延迟'],
        ['李明', '销售部', '新客户数', 14, 46326, ''],
        ['王芳', '销售部', '新客户数', 9, 46326, ''],
      ];
}

export function exportSheet(lang: Locale): string {
  return lang === 'en' ? 'CRM export' : 'CRM导出';
}

/** The export's cells as the host shows them: dates as dates, money with separators. */
export function exportDisplay(lang: Locale): string[][] {
  return exportTable(lang).map((row) => row.map((v) => (v === 46326 ? '2026-10-31' : typeof v === 'number' && v >= 1000 ? v.toLocaleString('en-US') : String(v))));
}

export function exportConfig(lang: Locale, extra: Partial<RecorderConfig> = {}): RecorderConfig {
  const plan = lang === 'en' ? 'Sales plan' : '销售计划';
  return {
    host: 'sheets',
    lang,
    sheets: ['Sheet1', plan, exportSheet(lang)],
    plans: [{ sheet: plan, kpis: 3, mapping: { sheet: plan, headerRow: 4, firstRow: 5, lastRow: 7, columns: { kpi: 'C', target: 'J', weight: 'L' } } }],
    tables: { [exportSheet(lang)]: { values: exportTable(lang), display: exportDisplay(lang) } },
    ...extra,
  };
}

/** What the entry says of a review with a column inserted before "Department" (the core's words). */
export const shapeChanged = {
  en: headerMovedWords('en', 'KPI Review', 'C4', '', 'Department'),
  'zh-CN': headerMovedWords('zh-CN', '绩效考核表', 'C4', '', '部门'),
};

async function blur(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

export async function writeUpdateShots(given?: Browser): Promise<string[]> {
  const browser = given ?? (await launch());
  const files: string[] = [];
  try {
    for (const lang of ['en', 'zh-CN'] as Locale[]) {
      const page = await openRecorder(browser, updateConfig(lang, { hold: true }));
      await page.waitForSelector('[data-testid=update-open]');
      const entry = join(SHOTS, `ui-update-entry-${lang}.png`);
      await page.screenshot({ path: entry, clip: { x: 0, y: 0, width: 350, height: 300 } });
      files.push(entry);
      await page.click('[data-testid=update-open]');
      await page.fill('#update-roster', editedRoster(lang));
      await blur(page);
      const edit = join(SHOTS, `ui-update-${lang}.png`);
      await page.screenshot({ path: edit, fullPage: true });
      files.push(edit);
      await page.click('[data-testid=update-run]');
      await page.waitForSelector('[role=progressbar]:not([aria-valuenow="0"])');
      await release(page);
      await page.waitForSelector('[data-testid=update-result]');
      await blur(page);
      const done = join(SHOTS, `ui-update-result-${lang}.png`);
      await page.screenshot({ path: done, fullPage: true });
      files.push(done);
      await page.close();

      const changed = await openRecorder(browser, updateConfig(lang, { sets: [{ ...reviewSet(lang), roster: [], problem: shapeChanged }] }));
      await changed.waitForSelector('[data-testid=update-problem]');
      const refused = join(SHOTS, `ui-update-problem-${lang}.png`);
      await changed.screenshot({ path: refused, clip: { x: 0, y: 0, width: 350, height: 360 } });
      files.push(refused);
      await changed.close();

      const ex = await openRecorder(browser, exportConfig(lang));
      await ex.click('.card[data-kind=review]');
      await ex.waitForSelector('#opt-review-actuals optgroup option', { state: 'attached' });
      await ex.selectOption('#opt-review-plan', '0');
      await ex.selectOption('#opt-review-actuals', exportSheet(lang));
      await ex.waitForSelector('[data-testid=export]');
      await blur(ex);
      const shot = join(SHOTS, `ui-export-${lang}.png`);
      await ex.screenshot({ path: shot, fullPage: true });
      files.push(shot);
      await ex.close();
    }
  } finally {
    if (!given) await browser.close();
  }
  return files;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeUpdateShots().then(
    (files) => console.log(files.map((f) => `wrote ${f}`).join('\n')),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
