/**
 * `npx tsx scripts/ui-shots.ts` (after `npm run build`): pictures of the task pane (350 px) and the
 * sidebar (300 px) in both languages: the gallery, the options form, an insert in progress and
 * its result, the function reference, and the confirm step for a table of the user's own, written
 * to docs/images/ui-<host>-<view>-<lang>.png (`--confirm`: the confirm step only). The
 * inserts are real: the task pane's renderer writes into the Office.js fake, the sidebar calls the
 * built server code over the SpreadsheetApp fake (test/ui/harness.ts). The UI tests run it too.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import type { Locale } from '../core/types.js';
import { ROOT, WIDTH, launch, openHost, type Host } from '../test/ui/harness.js';

const OUT = join(ROOT, 'docs/images');

export async function writeShots(given?: Browser): Promise<string[]> {
  const browser = given ?? (await launch());
  const files: string[] = [];
  mkdirSync(OUT, { recursive: true });
  try {
    for (const host of ['excel', 'sheets'] as Host[]) {
      for (const lang of ['en', 'zh-CN'] as Locale[]) {
        const plans = [
          {
            sheet: lang === 'en' ? 'Sales plan' : '销售计划',
            kpis: 3,
            mapping: { sheet: lang === 'en' ? 'Sales plan' : '销售计划', headerRow: 4, firstRow: 5, lastRow: 7, columns: { kpi: 'C', target: 'J', weight: 'L' } },
          },
        ];
        const page = await openHost(browser, host, { lang, plans, sheets: [lang === 'en' ? 'KPI Review' : '绩效考核表'], hold: true, server: host === 'sheets' });
        const shot = async (view: string) => {
          const file = join(OUT, `ui-${host}-${view}-${lang}.png`);
          await page.screenshot({ path: file, fullPage: true });
          files.push(file);
        };
        await page.waitForSelector('.card');
        await shot('gallery');
        await page.click('.card[data-kind=review]');
        await page.waitForSelector('#opt-review-plan option:nth-child(2)', { state: 'attached' });
        await page.selectOption('#opt-review-preset', 'sales');
        await page.fill('#opt-review-period', lang === 'en' ? '2026 Q4' : '2026年第四季度');
        await page.fill('#opt-review-rows', '40');
        await page.selectOption('#opt-review-plan', '0');
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        await shot('options');
        await page.click('button[type=submit]');
        await page.waitForSelector('[role=progressbar]:not([aria-valuenow="0"])');
        await page.waitForTimeout(300);
        await shot('progress');
        await page.evaluate(() => (window as unknown as { kpiTest: { release: () => void } }).kpiTest.release());
        await page.waitForSelector('[data-testid=result]');
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        await shot('result');
        await page.click('#tab-reference');
        await page.waitForSelector('.ex code');
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        await page.screenshot({ path: join(OUT, `ui-${host}-reference-${lang}.png`), clip: { x: 0, y: 0, width: WIDTH[host], height: 1100 } });
        files.push(join(OUT, `ui-${host}-reference-${lang}.png`));
        await page.close();
      }
    }
  } finally {
    if (!given) await browser.close();
  }
  return files;
}

/** A user's KPI table with odd headers, a target in words and a TBD target, as typed. */
export function userTable(lang: Locale): { sheet: string; cells: Record<string, string | number> } {
  const en = lang === 'en';
  return {
    sheet: en ? 'My KPIs' : '我的KPI',
    cells: {
      A1: en ? 'Sales team KPIs 2026' : '2026 年销售部 KPI',
      A3: en ? 'KPI name' : '指标名称',
      B3: '目标值(标准)',
      C3: '权重分解\n（100%）',
      D3: en ? 'Owner' : '责任人',
      E3: en ? 'Last year' : '上年实际',
      A4: en ? 'Collection rate' : '回款率',
      B4: '≥95%',
      C4: 40,
      D4: en ? 'Lee' : '李明',
      E4: 0.91,
      A5: en ? 'New customers' : '新客户数',
      B5: 'TBD',
      C5: 30,
      D5: en ? 'Chen' : '陈静',
      E5: 12,
      A6: en ? 'Customer satisfaction' : '客户满意度',
      B6: 90,
      C6: 30,
      D6: en ? 'Wang' : '王芳',
      E6: 86,
    },
  };
}

/** The confirm step of a review of the user's own table: docs/images/ui-<host>-confirm-<lang>.png. */
export async function writeConfirmShots(given?: Browser): Promise<string[]> {
  const browser = given ?? (await launch());
  const files: string[] = [];
  mkdirSync(OUT, { recursive: true });
  try {
    for (const host of ['excel', 'sheets'] as Host[]) {
      for (const lang of ['en', 'zh-CN'] as Locale[]) {
        const table = userTable(lang);
        const page = await openHost(browser, host, { lang, tables: [table], active: table.sheet, server: host === 'sheets' });
        await page.click('.card[data-kind=review]');
        await page.waitForSelector('#opt-review-plan optgroup option', { state: 'attached' });
        const value = await page.$eval('#opt-review-plan optgroup:last-of-type option', (o) => (o as HTMLOptionElement).value);
        await page.selectOption('#opt-review-plan', value);
        await page.click('button[type=submit]');
        await page.waitForSelector('[data-testid=confirm]');
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        const file = join(OUT, `ui-${host}-confirm-${lang}.png`);
        await page.screenshot({ path: file, fullPage: true });
        files.push(file);
        await page.close();
      }
    }
  } finally {
    if (!given) await browser.close();
  }
  return files;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const confirmOnly = process.argv.includes('--confirm');
  (confirmOnly ? writeConfirmShots() : writeShots().then(async (files) => [...files, ...(await writeConfirmShots())])).then(
    (files) => console.log(files.map((f) => `wrote ${f}`).join('\n')),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
