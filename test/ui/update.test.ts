/**
 * Updating a generated review to a new roster, in Chromium, in both languages and both looks
 * (task pane 350 px, sidebar 300 px), over the recording bridge: the gallery's entry and its
 * re-check, the roster as an editable list with its live summary and the lines that stop it, the
 * progress and the report, and the refusals (someone else's edit, a sheet gone, a bad roster).
 */
import { describe, expect, it } from 'vitest';
import { editedRoster, reviewSet, updateConfig, writeUpdateShots } from '../../scripts/ui-update-shots.js';
import { APP_TEXT } from '../../ui/app-text.js';
import { isRenderError } from '../../core/templates/render.js';
import { reportLines } from '../../ui/messages.js';
import { parseRoster, rosterText } from '../../ui/roster.js';
import { fill } from '../../ui/text.js';
import { HOSTS_LANGS, cellsOf, closeWithoutErrors, expectDone, instantBridge, openBuiltPane, texts, useBrowser } from './fixtures.js';
import { noSideScroll } from './harness.js';
import { activate, openRecorder, recorderState, release, removeSheet } from './recorder.js';

const browser = useBrowser();

describe.each(HOSTS_LANGS)('update in %s (%s)', (host, lang) => {
  const t = APP_TEXT[lang];
  const set = reviewSet(lang);
  const open = (extra = {}) => openRecorder(browser(), updateConfig(lang, { host, ...extra }));
  /** The update view of the set found on the active sheet. */
  const openView = async (extra = {}) => {
    const page = await open(extra);
    await page.click('[data-testid=update-open]');
    return page;
  };

  it('offers the update only on a sheet of the set, and finds it again after the user switches sheets', async () => {
    const page = await open({ active: 'Sheet1' });
    await page.waitForSelector('[data-testid=update-check]:not([disabled])');
    expect(await page.textContent('#update-entry-text')).toBe(t.updateNone);
    expect(await page.$('[data-testid=update-open]')).toBeNull();
    await activate(page, set.sheets[2]!);
    await page.click('[data-testid=update-check]');
    await page.waitForSelector('[data-testid=update-open]');
    expect(await page.textContent('#update-entry-text')).toBe(fill(t.updateFound, { sheet: set.sheet, employees: '6', kpis: '3' }));
    expect(await page.textContent('[data-testid=update-open]')).toBe(t.updateOpen);
    // The entry comes before the gallery once found.
    expect(await page.$eval('[data-testid=update-entry]', (e) => e.nextElementSibling?.querySelector('.gallery') !== null)).toBe(true);
    expect((await recorderState(page)).calls.filter((c) => c.name === 'updateChoice')).toHaveLength(2);
    await closeWithoutErrors(page);
  });

  it('prefills the roster, sums up the edit as it is typed, and stops at a repeated or blank name', async () => {
    const page = await openView();
    await page.waitForSelector('[data-testid=update]');
    // The heading takes the focus: a screen reader starts at the view's title.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H2');
    expect(await page.textContent('h2')).toBe(fill(t.updateTitle, { sheet: set.sheet }));
    expect(await page.textContent('[data-testid=update-sheets]')).toBe(fill(t.updateSheets, { sheets: set.sheets.map((s) => `“${s}”`).join(t.listSep) }));
    expect(await page.inputValue('#update-roster')).toBe(rosterText(set.roster));
    expect(await page.getByLabel(t.rosterLabel, { exact: true }).getAttribute('id')).toBe('update-roster');
    expect(await texts(page, '[data-testid=update-summary] li')).toEqual([fill(t.summaryKept, { count: '6' }), t.summaryNone]);
    expect(await page.isEnabled('[data-testid=update-run]')).toBe(true);

    await page.fill('#update-roster', editedRoster(lang));
    const names = parseRoster(editedRoster(lang)).map((l) => l.name);
    const [a, b, c, d, e, f] = set.roster.map((r) => r.name);
    expect(await texts(page, '[data-testid=update-summary] li')).toEqual([
      fill(t.summaryKept, { count: '5' }),
      fill(t.summaryMoved, { names: d! }),
      fill(t.summaryAdded, { count: '2', names: [names[5], names[6]].join(t.listSep) }),
      fill(t.summaryArchived, { count: '1', names: c! }),
    ]);
    expect([a, b, e, f].every((n) => names.includes(n!))).toBe(true);
    expect(await page.textContent('[data-testid=roster-count]')).toBe(fill(t.rosterCount, { count: '7' }));

    // A name listed twice (case and spaces aside) and a line with only a department stop the update.
    await page.focus('#update-roster');
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.insertText(`  ${a!.toUpperCase()} \t${set.roster[0]!.department}\n, ${set.roster[0]!.department}`);
    expect(await page.isDisabled('[data-testid=update-run]')).toBe(true);
    expect(await page.getAttribute('#update-roster', 'aria-invalid')).toBe('true');
    expect(await texts(page, '[data-testid=update-issues] li')).toEqual([
      fill(t.rosterDuplicate, { line: '8', first: '1', name: a!.toUpperCase() }),
      fill(t.rosterBlank, { line: '9' }),
    ]);
    // Fixed: the button is back.
    await page.fill('#update-roster', editedRoster(lang));
    expect(await page.isEnabled('[data-testid=update-run]')).toBe(true);
    expect(await texts(page, '[data-testid=update-issues] li')).toEqual([]);
    // Emptied: nothing to send.
    await page.fill('#update-roster', '\n  \n');
    expect(await page.isDisabled('[data-testid=update-run]')).toBe(true);
    expect(await page.textContent('[data-testid=update-issues]')).toBe(t.rosterEmpty);
    expect(await noSideScroll(page)).toMatchObject({ scroll: host === 'excel' ? 350 : 300 });
    await closeWithoutErrors(page);
  });

  it('updates from the keyboard: progress, then the report; the gallery then finds the new roster', async () => {
    const page = await openView({ hold: true });
    await page.fill('#update-roster', editedRoster(lang));
    // Tab leaves the list for the button (the list does not trap Tab); Enter runs the update.
    await page.focus('#update-roster');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('update-run');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[role=progressbar]:not([aria-valuenow="0"])');
    expect(await page.isDisabled('#update-roster')).toBe(true);
    expect(await page.isDisabled('[data-testid=update-run]')).toBe(true);
    expect(await page.getAttribute('[role=progressbar]', 'aria-valuetext')).toBe(fill(t.updateProgress, { done: '1', total: '3' }));
    await release(page);
    await page.waitForSelector('[data-testid=update-result]');
    // The result box takes the focus and says what happened.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('update-result');
    const state = await recorderState(page);
    const sent = state.calls.find((c) => c.name === 'update')!.args[0] as { sheet: string; roster: unknown };
    expect(sent).toEqual({ sheet: set.sheet, roster: parseRoster(editedRoster(lang)).map((l) => ({ name: l.name, department: l.department })) });
    const archive = lang === 'en' ? 'Review archive' : '考核归档';
    const names = parseRoster(editedRoster(lang)).map((l) => l.name);
    const report = { kept: 5, added: [names[5]!, names[6]!], archived: [set.roster[2]!.name], kpisAdded: 0, restored: [`${set.sheet}!H9`], archiveSheet: archive };
    expect(await texts(page, '[data-testid=update-result] > *')).toEqual([fill(t.updateDone, { sheet: set.sheet }), ...reportLines(t, report)]);
    expect(reportLines(t, report)).toHaveLength(4);
    expect(state.sheets).toContain(archive);

    await page.click(`button.btn.primary:text("${t.backToGallery}")`);
    await page.waitForSelector('[data-testid=update-open]');
    expect(await page.textContent('#update-entry-text')).toBe(fill(t.updateFound, { sheet: set.sheet, employees: '7', kpis: '3' }));
    await closeWithoutErrors(page);
  });

  it('says the workbook was left as it was when someone else edited meanwhile, keeping the list as typed', async () => {
    const page = await openView({ fail: 'edited' });
    await page.fill('#update-roster', editedRoster(lang));
    await page.click('[data-testid=update-run]');
    await page.waitForSelector('[data-testid=update-error]');
    expect(await page.getAttribute('[data-testid=update-error]', 'data-code')).toBe('edited');
    expect(await texts(page, '[data-testid=update-error] > *')).toEqual([t.updateErrorTitle, t.errors.edited, t.leftAsWas, t.updateCheck]);
    expect(await page.getAttribute('[data-testid=update-error]', 'role')).toBe('alert');
    expect(await page.inputValue('#update-roster')).toBe(editedRoster(lang));
    expect(await page.isEnabled('[data-testid=update-run]')).toBe(true);
    await page.close();
  });

  it('says why a set whose sheets changed shape cannot be updated, as an alert with no way in', async () => {
    const problem = { en: '"KPI Review" has changed shape since KPI Kit made it: cell C4 is empty where "Department" was.', 'zh-CN': '“绩效考核表”在 KPI Kit 生成后结构有变：C4 单元格为空，原为“部门”。' };
    const page = await open({ sets: [{ ...set, roster: [], problem }] });
    await page.waitForSelector('[data-testid=update-problem]');
    expect(await texts(page, '[data-testid=update-problem] > *')).toEqual([fill(t.updateRefused, { sheet: set.sheet }), problem[lang]]);
    expect(await page.getAttribute('[data-testid=update-problem]', 'role')).toBe('alert');
    expect(await page.$('[data-testid=update-open]')).toBeNull();
    // Checking again stays possible: the user may undo the change and check.
    expect(await page.isEnabled('[data-testid=update-check]')).toBe(true);
    expect(await noSideScroll(page)).toMatchObject({ scroll: host === 'excel' ? 350 : 300 });
    await closeWithoutErrors(page);
  });

  it('says a sheet of the set is gone when it was deleted after the view opened', async () => {
    const page = await openView();
    await removeSheet(page, set.sheets[1]!);
    await page.click('[data-testid=update-run]');
    await page.waitForSelector('[data-testid=update-error]');
    expect(await page.getAttribute('[data-testid=update-error]', 'data-code')).toBe('sheetGone');
    expect(await texts(page, '[data-testid=update-error] > *')).toEqual([t.updateErrorTitle, t.updateErrors.sheetGone, t.leftAsWas, t.updateCheck]);
    // Checking again from the gallery: the set is incomplete now, and the active sheet still one of it.
    await page.click('[data-testid=update-recheck]');
    await page.waitForSelector('[data-testid=update-check]:not([disabled])');
    expect((await recorderState(page)).calls.filter((c) => c.name === 'updateChoice')).toHaveLength(2);
    await page.close();
  });

  it('fits a 300 px pane in either look: nothing wider than it, with a long list and long names', async () => {
    const long = `${'Maximilian-Alexander von Hohenberg-Wittelsbach'.repeat(2)}\tResearch and Development, Europe`;
    const width = 300;
    const page = await openRecorder(browser(), updateConfig(lang, { host }), width);
    await page.click('[data-testid=update-open]');
    await page.fill('#update-roster', `${rosterText(set.roster)}\n${long}`);
    expect(await noSideScroll(page)).toEqual({ scroll: width, client: width });
    // Twenty new people: the summary names twelve and counts the rest.
    const many = Array.from({ length: 20 }, (_, i) => `P${i + 1}`);
    await page.fill('#update-roster', `${rosterText(set.roster)}\n${many.join('\n')}`);
    expect(await page.textContent('[data-part=added]')).toBe(fill(t.summaryAdded, { count: '20', names: fill(t.namesMore, { names: many.slice(0, 12).join(t.listSep), count: '8' }) }));
    await page.close();
  });
});

describe('the recorder refuses what the hosts refuse', () => {
  it('a roster with a repeated or blank name, in the host language; a set whose sheet is gone', async () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      const t = APP_TEXT[lang];
      const set = reviewSet(lang);
      const { bridge, state } = instantBridge(updateConfig(lang));
      const twice = [...set.roster, { name: ` ${set.roster[0]!.name} `, department: null }];
      await expect(bridge.update({ sheet: set.sheet, roster: twice }, () => {})).rejects.toMatchObject({
        name: 'OptionError',
        message: fill(t.rosterDuplicate, { line: '7', first: '1', name: set.roster[0]!.name }),
      });
      await expect(bridge.update({ sheet: set.sheet, roster: [{ name: ' ', department: 'x' }] }, () => {})).rejects.toMatchObject({ message: fill(t.rosterBlank, { line: '1' }) });
      await expect(bridge.update({ sheet: set.sheet, roster: [] }, () => {})).rejects.toMatchObject({ message: t.rosterEmpty });
      state.sheets = state.sheets.filter((s) => s !== set.sheets[2]);
      const gone = await bridge.update({ sheet: set.sheet, roster: set.roster }, () => {}).catch((e: unknown) => e);
      expect(isRenderError(gone) && gone.code).toBe('sheetGone');
      state.active = 'Sheet1';
      expect(await bridge.updateChoice()).toBeNull();
    }
  });
});

describe.each(HOSTS_LANGS)('the built %s pane updates a review it made (%s)', (host, lang) => {
  const t = APP_TEXT[lang];
  it('finds the review just added, keeps, adds and archives employees as listed, and reports it', async () => {
    const page = await openBuiltPane(browser(), host, lang);
    await page.click('.card[data-kind=review]');
    await page.fill('#opt-review-rows', '3');
    await page.click('input[value=sample]');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=result]', { timeout: 30_000 });
    await page.click(`button:text("${t.backToGallery}")`);
    // The review is the active sheet now: the gallery offers its update.
    await page.waitForSelector('[data-testid=update-open]', { timeout: 10_000 });
    await page.click('[data-testid=update-open]');
    const before = parseRoster(await page.inputValue('#update-roster'));
    expect(before).toHaveLength(3);
    const sheetsBefore = [...(await cellsOf(page, host)).keys()];
    const review = sheetsBefore.find((n) => n === (lang === 'en' ? 'KPI Review' : '绩效考核表'))!;
    expect(await page.textContent('h2')).toBe(fill(t.updateTitle, { sheet: review }));

    // The first employee leaves, one joins.
    const joining = lang === 'en' ? 'Nora Quinn' : '林晓';
    const dept = before[1]!.department ?? '';
    await page.fill('#update-roster', [...before.slice(1).map((l) => `${l.name}\t${l.department ?? ''}`), `${joining}, ${dept}`].join('\n'));
    expect(await texts(page, '[data-testid=update-summary] li')).toEqual([
      fill(t.summaryKept, { count: '2' }),
      fill(t.summaryAdded, { count: '1', names: joining }),
      fill(t.summaryArchived, { count: '1', names: before[0]!.name }),
    ]);
    await page.click('[data-testid=update-run]');
    await expectDone(page, '[data-testid=update-result]', '[data-testid=update-error]');
    const after = await cellsOf(page, host);
    const archive = [...after.keys()].find((n) => !sheetsBefore.includes(n))!;
    expect(archive).toBeDefined();
    const lines = await texts(page, '[data-testid=update-result] > *');
    expect(lines.slice(0, 4)).toEqual([
      fill(t.updateDone, { sheet: review }),
      fill(t.reportKept, { count: '2' }),
      fill(t.reportAdded, { count: '1', names: joining }),
      fill(t.reportArchived, { sheet: archive, count: '1', names: before[0]!.name }),
    ]);
    // The review lists the new roster under its own name; the one who left is on the archive sheet only.
    expect(after.get(review)).toContain(joining);
    expect(after.get(review)).not.toContain(before[0]!.name);
    expect(after.get(archive)).toContain(before[0]!.name);
    await closeWithoutErrors(page);
  }, 120_000);
});

describe('pictures', () => {
  it('writes the update and export pictures in both languages', async () => {
    const files = await writeUpdateShots(browser());
    expect(files.map((f) => f.replace(/.*\//, ''))).toEqual([
      'ui-update-entry-en.png',
      'ui-update-en.png',
      'ui-update-result-en.png',
      'ui-update-problem-en.png',
      'ui-export-en.png',
      'ui-update-entry-zh-CN.png',
      'ui-update-zh-CN.png',
      'ui-update-result-zh-CN.png',
      'ui-update-problem-zh-CN.png',
      'ui-export-zh-CN.png',
    ]);
  }, 60_000);
});
