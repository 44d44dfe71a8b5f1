/**
 * `kpi update review.xlsx --employees names.csv` on the command line: a generated set (review,
 * bonus, dashboard) is typed into, saved by LibreOffice Calc, updated for a new roster (a names
 * file with a BOM, a header and Chinese names), and recalculated in LibreOffice again: typed cells
 * follow their employee and KPI, totals equal the same update recalculated in HyperFormula, people
 * no longer listed are on the archive sheet, the user's other sheets are as they were. Bad input
 * is refused in the user's language with nothing written. Also: the .xlsx renderer writes
 * per-cell number formats.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRoster } from '../../cli/kpi.js';
import { findSoffice, recalcXlsx, run as runProcess } from '../../cli/libreoffice.js';
import { writeXlsx } from '../../cli/xlsx.js';
import { colNumber, parseCell } from '../../core/templates/a1.js';
import { findRecipe, generateTemplate, type ReviewRecipe, planUpdate, type WorkbookDesc } from '../../core/templates/index.js';
import { SPARE_PLAN_LINES } from '../../core/templates/plan.js';
import { WEIGHTED_SHARE } from '../../core/functions/weighted-share.js';
import { options, withValue } from '../templates/cases.js';
import { hfBook } from '../templates/engines.js';
import { afterUpdate, sheetOf, tableOf } from '../templates/update-fixtures.js';
import { gridNamed, typedBook } from '../templates/update-grids.js';
import { plainSheet, runKpi } from './fixtures.js';

let dir: string;

/** The kpi command line run in the test folder. */
const kpi = (args: string[]) => runKpi(args, dir);

/** A sales review of `rows` employees made by `kpi template` into `file`, opened: its description, tables and sheet. */
async function madeReview(rows: number, file: string) {
  expect((await kpi(['template', 'review', '--rows', String(rows), '--preset', 'sales', '--out', file])).code).toBe(0);
  const review = sheetOf(generateTemplate(options({ kind: 'review', lang: 'en', preset: 'sales', rows, period: '' })), 'review');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(dir, file));
  return { review, roster: tableOf(review, 'employees'), detail: tableOf(review, 'detail'), wb, ws: wb.getWorksheet(review.name)! };
}

/** Saves a workbook through LibreOffice Calc (as a user who opened and saved it there would). */
async function throughLibreOffice(path: string, outDir: string): Promise<string> {
  const soffice = findSoffice();
  if (soffice === null) throw new Error('LibreOffice is needed for this test');
  await mkdir(outDir, { recursive: true });
  const profile = join(outDir, 'profile');
  await runProcess(
    soffice,
    ['--headless', '--norestore', '--nolockcheck', '--nodefault', `-env:UserInstallation=file://${profile}`, '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', outDir, path],
    { env: { ...process.env, HOME: outDir, SAL_USE_VCLPLUGIN: 'svp' }, timeoutMs: 180_000 },
  );
  return join(outDir, path.split('/').pop()!);
}

const NAMES = ['张伟', '李娜', 'Ann Lee', '王芳'];
const OPTS = { kind: 'dashboard', lang: 'zh-CN', preset: 'sales', rows: 4, period: '2026年第四季度' } as const;

/** What is typed, cell by cell, on the generated set (review and bonus). */
function typing(desc: WorkbookDesc): Map<string, Map<string, number | string | null>> {
  const review = sheetOf(desc, 'review');
  const roster = tableOf(review, 'employees');
  const detail = tableOf(review, 'detail');
  const row1: unknown[] = [];
  for (const b of review.blocks) {
    const p = parseCell(b.at);
    if (p.row === 1) b.cells[0]!.forEach((c, j) => (row1[p.col - 1 + j] = 'v' in c ? c.v : null));
  }
  const recipe = findRecipe(Array.from(row1, (x) => x ?? null)) as ReviewRecipe;
  const K = recipe.plan.lastRow - recipe.plan.firstRow + 1;
  const r = new Map<string, number | string | null>();
  NAMES.forEach((name, i) => {
    r.set(`${roster.columns.employee}${roster.firstRow + i}`, name);
    r.set(`${roster.columns.department}${roster.firstRow + i}`, i % 2 === 0 ? '华东' : '华北');
    r.set(`${roster.columns.collab}${roster.firstRow + i}`, 3 + (i % 3));
    for (let j = 0; j < K - SPARE_PLAN_LINES; j++) {
      r.set(`${detail.columns.actual}${detail.firstRow + i * K + j}`, 50 + 10 * i + j);
      if (j === 1) r.set(`${detail.columns.comment}${detail.firstRow + i * K + j}`, `备注 ${name}`);
    }
  });
  const bonus = sheetOf(desc, 'bonus');
  const people = tableOf(bonus, 'employees');
  const b = new Map<string, number | string | null>();
  NAMES.forEach((_, i) => b.set(`${people.columns.base}${people.firstRow + i}`, 10000 + 1000 * i));
  b.set(bonus.cells!.pool!, 80000);
  return new Map([
    [review.name, r],
    [bonus.name, b],
  ]);
}

const ROSTER_CSV = '\uFEFF姓名,部门\r\n王芳\r\n张伟,华南\r\n\r\n"刘洋",华东\r\n';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kpi-update-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('kpi update', () => {
  it('reads a names file: BOM, optional header, blank lines, quotes, departments', () => {
    expect(readRoster(ROSTER_CSV)).toEqual({
      entries: [
        { name: '王芳', department: null },
        { name: '张伟', department: '华南' },
        { name: '刘洋', department: '华东' },
      ],
      lines: [2, 3, 5],
    });
    expect(readRoster('Ann Lee\n"Stone, Bob",Ops\n').entries).toEqual([
      { name: 'Ann Lee', department: null },
      { name: 'Stone, Bob', department: 'Ops' },
    ]);
    expect(readRoster('name\tdepartment\nA\tX\n').entries).toEqual([{ name: 'A', department: 'X' }]);
  });

  it('updates a set saved by LibreOffice: typed cells follow their employee, totals equal the core update, the rest archived', async () => {
    const made = await kpi(['template', 'dashboard', '--lang', 'zh-CN', '--preset', 'sales', '--rows', '4', '--period', '2026年第四季度', '--out', 'set.xlsx']);
    expect(made.code).toBe(0);
    // The same set in-process, to know where things are and what the update must give.
    const desc = generateTemplate(options({ ...OPTS }));
    const typed = typing(desc);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'set.xlsx'));
    for (const [sheet, cells] of typed) for (const [at, x] of cells) wb.getWorksheet(sheet)!.getCell(at).value = x;
    // A sheet of the user's own, which the update must leave as it is.
    const mine = wb.addWorksheet('我的笔记');
    mine.getCell('A1').value = '不要动';
    mine.getCell('B2').value = { formula: 'SUM(1,2)', result: 3 } as ExcelJS.CellValue;
    await wb.xlsx.writeFile(join(dir, 'typed.xlsx'));
    const saved = await throughLibreOffice(join(dir, 'typed.xlsx'), join(dir, 'lo'));

    await writeFile(join(dir, 'names.csv'), ROSTER_CSV, 'utf8');
    const res = await kpi(['update', saved, '--employees', 'names.csv', '--out', 'updated.xlsx', '--lang', 'zh-CN']);
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    expect(res.out).toContain('保留：2 人');
    expect(res.out).toContain('新增：1 人（刘洋）');
    expect(res.out).toContain('归档：2 人（李娜、Ann Lee）→ 工作表“已归档”');
    // LibreOffice kept every formula: nothing to restore.
    expect(res.out).not.toContain('恢复');

    // The same update in-process, recalculated in HyperFormula.
    let typedDesc = desc;
    for (const [sheet, cells] of typed) for (const [at, x] of cells) typedDesc = withValue(typedDesc, sheet, at, x);
    const { grids, hf } = typedBook(desc, typed);
    hf.destroy();
    const review = sheetOf(desc, 'review');
    const recipe = findRecipe(gridNamed(grids, review.name).values[0]!) as ReviewRecipe;
    const plan = planUpdate(recipe, grids, readRoster(ROSTER_CSV).entries, {
      existingSheets: desc.sheets.map((s) => s.name),
      existingNames: desc.names.map((n) => n.name),
    });
    if (!plan.ok) throw new Error(plan.message.en);
    const after = afterUpdate(typedDesc, plan);
    const hfValues = hfBook(after);

    const both = await recalcXlsx([join(dir, 'updated.xlsx'), saved]);
    const lo = both.get(join(dir, 'updated.xlsx'))!;
    const newReview = sheetOf(plan.desc, 'review');
    const roster = tableOf(newReview, 'employees');
    const detail = tableOf(newReview, 'detail');
    const loReview = lo.get(newReview.name)!;
    const hfReview = hfValues.get(newReview.name)!;
    const at = (rows: unknown[][], r: number, letters: string) => rows[r - 1]?.[colNumber(letters) - 1] ?? null;
    const blank = (x: unknown) => (x === '' ? null : x);
    // Kept in the review's order (张伟 before 王芳), then the new name.
    expect([0, 1, 2].map((i) => at(loReview, roster.firstRow + i, roster.columns.employee!))).toEqual(['张伟', '王芳', '刘洋']);
    expect(at(loReview, roster.firstRow, roster.columns.department!)).toBe('华南');
    expect(at(loReview, roster.firstRow + 1, roster.columns.department!)).toBe('华北');
    const K = recipe.plan.lastRow - recipe.plan.firstRow + 1;
    // 王芳 was the fourth employee: her actuals and comment at her new rows.
    expect(at(loReview, detail.firstRow + K, detail.columns.actual!)).toBe(80);
    expect(at(loReview, detail.firstRow + K + 1, detail.columns.comment!)).toBe('备注 王芳');
    expect(at(loReview, roster.firstRow + 1, roster.columns.collab!)).toBe(3);
    let compared = 0;
    for (let i = 0; i < 3; i++) {
      for (const field of ['kpiScore', 'total', 'grade', 'coefficient', 'status']) {
        const want = blank(at(hfReview, roster.firstRow + i, roster.columns[field]!));
        const got = blank(at(loReview, roster.firstRow + i, roster.columns[field]!));
        if (typeof want === 'number') expect(got as number).toBeCloseTo(want, 9);
        else expect(got).toEqual(want);
        compared++;
      }
    }
    expect(compared).toBe(15);
    expect(typeof at(loReview, roster.firstRow, roster.columns.total!)).toBe('number');
    // Bonus bases follow their employee; the split recalculates as in HyperFormula.
    const bonus = sheetOf(plan.desc, 'bonus');
    const people = tableOf(bonus, 'employees');
    const loBonus = lo.get(bonus.name)!;
    expect(at(loBonus, people.firstRow + 1, people.columns.base!)).toBe(13000);
    const wantShare = at(hfValues.get(bonus.name)!, people.firstRow, people.columns.share!);
    expect(at(loBonus, people.firstRow, people.columns.share!) as number).toBeCloseTo(wantShare as number, 6);
    // The archive: rows of 李娜 and Ann Lee, with their actuals as values.
    const archive = lo.get('已归档')!;
    const rows = archive.slice(4).filter((r) => r.some((x) => x !== null && x !== ''));
    expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(['李娜', 'Ann Lee']));
    expect(rows.some((r) => r[1] === 'Ann Lee' && r[4] === 70)).toBe(true);
    // The user's own sheet and the plan are as they were; the sheets keep their order.
    expect(lo.get('我的笔记')![0]![0]).toBe('不要动');
    expect(lo.get('我的笔记')![1]![1]).toBe(3);
    const out = new ExcelJS.Workbook();
    await out.xlsx.readFile(join(dir, 'updated.xlsx'));
    const order = out.worksheets.map((w) => w.name);
    expect(order.indexOf(newReview.name)).toBeLessThan(order.indexOf(bonus.name));
    expect(order.indexOf(bonus.name)).toBeLessThan(order.indexOf('我的笔记'));
    expect(order.at(-1)).toBe('已归档');
    const planName = recipe.plan.sheet;
    expect(lo.get(planName)).toEqual(both.get(saved)!.get(planName));
  }, 600_000);

  it('refuses bad input in the user\'s language and writes nothing', async () => {
    const plain = new ExcelJS.Workbook();
    plain.addWorksheet('Data').getCell('A1').value = 'x';
    await plain.xlsx.writeFile(join(dir, 'plain.xlsx'));
    await writeFile(join(dir, 'ok.csv'), 'Ann Lee\n', 'utf8');
    await writeFile(join(dir, 'dup.csv'), 'Ann Lee\nBob\n ann lee \n', 'utf8');
    await writeFile(join(dir, 'blank.csv'), 'Ann Lee\n,Ops\n', 'utf8');
    expect((await kpi(['template', 'review', '--rows', '3', '--out', 'r.xlsx'])).code).toBe(0);

    const noRecipe = await kpi(['update', 'plain.xlsx', '--employees', 'ok.csv', '--lang', 'zh-CN']);
    expect(noRecipe.code).toBe(1);
    expect(noRecipe.err).toContain('没有 KPI Kit 生成的考核表');
    expect(existsSync(join(dir, 'plain-updated.xlsx'))).toBe(false);

    const missing = await kpi(['update', 'r.xlsx', '--employees', 'none.csv']);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('none.csv does not exist');

    const dup = await kpi(['update', 'r.xlsx', '--employees', 'dup.csv', '--lang', 'zh-CN']);
    expect(dup.code).toBe(1);
    expect(dup.err).toContain('出现了两次（第 1 行和第 3 行）');

    const blankName = await kpi(['update', 'r.xlsx', '--employees', 'blank.csv']);
    expect(blankName.code).toBe(1);
    expect(blankName.err).toContain('line 2');

    const noList = await kpi(['update', 'r.xlsx']);
    expect(noList.code).toBe(2);
    expect(existsSync(join(dir, 'r-updated.xlsx'))).toBe(false);

    // Without --out: next to the workbook as …-updated.xlsx; a second run is refused without --force.
    const first = await kpi(['update', 'r.xlsx', '--employees', 'ok.csv']);
    expect(first.code).toBe(0);
    expect(existsSync(join(dir, 'r-updated.xlsx'))).toBe(true);
    const again = await kpi(['update', 'r.xlsx', '--employees', 'ok.csv']);
    expect(again.code).toBe(1);
    expect(again.err).toContain('exists');
    expect((await kpi(['update', 'r.xlsx', '--employees', 'ok.csv', '--force'])).code).toBe(0);
  }, 120_000);

  it('reads a names file saved as Excel saves it: UTF-16 ("Unicode Text") and GBK (CSV on Chinese Windows), and says so for GBK', async () => {
    expect((await kpi(['template', 'review', '--sample', '--lang', 'zh-CN', '--rows', '3', '--out', 'enc.xlsx'])).code).toBe(0);
    const kept = (out: string) => /保留：(\d+) 人/.exec(out)?.[1];
    // "姓名,部门 / 张伟,华东 / 王芳" in GBK.
    await writeFile(join(dir, 'gbk.csv'), Buffer.from('d0d5c3fb2cb2bfc3c50ad5c5ceb02cbbaab6ab0acdf5b7bc0a', 'hex'));
    const fromGbk = await kpi(['update', 'enc.xlsx', '--employees', 'gbk.csv', '--lang', 'zh-CN', '--out', 'enc-gbk.xlsx']);
    expect(fromGbk.code).toBe(0);
    expect(fromGbk.out).toContain('gbk.csv 不是 UTF-8 编码，已按 GBK (GB18030) 读取');
    expect(kept(fromGbk.out)).toBe('2');
    expect(fromGbk.out).not.toContain('新增：1');

    await writeFile(join(dir, 'u16.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('张伟\t华东\r\n王芳\r\n', 'utf16le')]));
    const fromUtf16 = await kpi(['update', 'enc.xlsx', '--employees', 'u16.txt', '--lang', 'en', '--out', 'enc-u16.xlsx']);
    expect(fromUtf16.code).toBe(0);
    expect(fromUtf16.out).not.toContain('not saved as UTF-8');
    expect(fromUtf16.out).toMatch(/kept: +2 /);
  }, 60_000);

  it('refuses a review whose columns or rows were moved since it was made, in the user\'s language, and writes nothing', async () => {
    expect((await kpi(['template', 'review', '--sample', '--lang', 'en', '--rows', '3', '--out', 'shape.xlsx'])).code).toBe(0);
    await writeFile(join(dir, 'shape.csv'), 'Emma Johnson\nNew Person\n', 'utf8');
    const variant = async (name: string, edit: (ws: ExcelJS.Worksheet) => void): Promise<void> => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(join(dir, 'shape.xlsx'));
      edit(wb.getWorksheet('KPI Review')!);
      await wb.xlsx.writeFile(join(dir, name));
    };
    await variant('shape-column.xlsx', (ws) => ws.spliceColumns(3, 0, ['Note']));
    await variant('shape-row.xlsx', (ws) => ws.spliceRows(6, 1));
    const column = await kpi(['update', 'shape-column.xlsx', '--employees', 'shape.csv', '--lang', 'en']);
    expect(column.code).toBe(1);
    expect(column.err).toContain('"KPI Review" has changed shape since KPI Kit made it: cell C4 is empty where "Department" was');
    expect(column.err).toContain('Nothing was written.');
    const row = await kpi(['update', 'shape-row.xlsx', '--employees', 'shape.csv', '--lang', 'zh-CN']);
    expect(row.code).toBe(1);
    expect(row.err).toContain('“KPI Review”在 KPI Kit 生成后结构有变：第 6 行已不是原来的 KPI 行');
    expect(existsSync(join(dir, 'shape-column-updated.xlsx'))).toBe(false);
    expect(existsSync(join(dir, 'shape-row-updated.xlsx'))).toBe(false);
    // The file as made updates.
    expect((await kpi(['update', 'shape.xlsx', '--employees', 'shape.csv'])).code).toBe(0);
  }, 60_000);

  it('--sheet chooses among several sets by any of their sheets; without it the sets are listed and nothing is written', async () => {
    const first = generateTemplate(options({ kind: 'review', lang: 'zh-CN', preset: 'sales', rows: 3, period: 'Q4' }));
    const taken = { existingSheets: first.sheets.map((s) => s.name), existingNames: first.names.map((n) => n.name) };
    const second = generateTemplate(options({ kind: 'bonus', lang: 'zh-CN', rows: 2 }), taken);
    const both: WorkbookDesc = { ...first, sheets: [...first.sheets, ...second.sheets], names: [...first.names, ...second.names] };
    await writeXlsx(both, join(dir, 'two.xlsx'));
    await writeFile(join(dir, 'two.csv'), '张伟\n李娜\n', 'utf8');
    const review = sheetOf(first, 'review').name;
    const bonus = sheetOf(second, 'bonus').name;

    const listed = await kpi(['update', 'two.xlsx', '--employees', 'two.csv', '--lang', 'zh-CN']);
    expect(listed.code).toBe(2);
    expect(listed.err).toContain('two.xlsx 中有 2 组 KPI Kit 生成的工作表');
    expect(listed.err).toContain(`考核表“${review}”：0 名员工`);
    expect(listed.err).toContain(`奖金分配表“${bonus}”：0 名员工；工作表：${bonus}`);
    expect(existsSync(join(dir, 'two-updated.xlsx'))).toBe(false);

    const near = await kpi(['update', 'two.xlsx', '--employees', 'two.csv', '--sheet', `${review}x`]);
    expect(near.code).toBe(2);
    expect(near.err).toContain(`no set made by KPI Kit with a sheet "${review}x"`);
    expect(near.err).toContain(`Did you mean --sheet "${review}"`);
    expect(existsSync(join(dir, 'two-updated.xlsx'))).toBe(false);

    const chosen = await kpi(['update', 'two.xlsx', '--employees', 'two.csv', '--sheet', bonus, '--lang', 'zh-CN']);
    expect(chosen.err).toBe('');
    expect(chosen.code).toBe(0);
    expect(chosen.out).toContain(`奖金分配表“${bonus}”`);
    const out = new ExcelJS.Workbook();
    await out.xlsx.readFile(join(dir, 'two-updated.xlsx'));
    const t = tableOf(sheetOf(second, 'bonus'), 'employees');
    expect(out.getWorksheet(bonus)!.getCell(`${t.columns.employee}${t.firstRow + 1}`).value).toBe('李娜');
    // The review set was left as it was: its roster is still blank.
    const roster = tableOf(sheetOf(first, 'review'), 'employees');
    expect(out.getWorksheet(review)!.getCell(`${roster.columns.employee}${roster.firstRow}`).value ?? null).toBeNull();

    const elsewhere = await kpi(['template', 'review', '--sheet', review, '--out', 'x.xlsx']);
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.err).toContain('--sheet chooses the set to update');
  }, 120_000);

  it('names formulas of the user’s other sheets that read rows which moved; a cell outside the tables is not named', async () => {
    const { review, roster, wb, ws } = await madeReview(3, 'mine.xlsx');
    ['Ann', 'Bob', 'Cat'].forEach((n, i) => (ws.getCell(`${roster.columns.employee}${roster.firstRow + i}`).value = n));
    const mine = wb.addWorksheet('Mine');
    const third = `'${review.name}'!${roster.columns.employee}${roster.firstRow + 2}`;
    mine.getCell('A1').value = { formula: third } as ExcelJS.CellValue;
    mine.getCell('A2').value = { formula: `'${review.name}'!A1` } as ExcelJS.CellValue;
    await wb.xlsx.writeFile(join(dir, 'mine-typed.xlsx'));
    await writeFile(join(dir, 'mine.csv'), 'Ann\nCat\n', 'utf8');
    const res = await kpi(['update', 'mine-typed.xlsx', '--employees', 'mine.csv', '--out', 'mine-new.xlsx']);
    expect(res.code).toBe(0);
    expect(res.out).toContain(`check: 1 formulas of yours read rows that moved and may now show another employee (Mine!A1 → ${third})`);
    // Nobody left: nothing moved, nothing named.
    await writeFile(join(dir, 'mine-all.csv'), 'Ann\nBob\nCat\nDan\n', 'utf8');
    const all = await kpi(['update', 'mine-typed.xlsx', '--employees', 'mine-all.csv', '--out', 'mine-all.xlsx', '--lang', 'zh-CN']);
    expect(all.code).toBe(0);
    expect(all.out).not.toContain('请核对');
  }, 120_000);

  it('computes what a file saved without computed values would show (archive totals and grades)', async () => {
    const { roster, detail, wb, ws } = await madeReview(2, 'fresh.xlsx');
    const K = (detail.lastRow - detail.firstRow + 1) / 2;
    ws.getCell(`${roster.columns.employee}${roster.firstRow}`).value = 'Ann Lee';
    ws.getCell(`${roster.columns.employee}${roster.firstRow + 1}`).value = 'Bob Stone';
    for (let j = 0; j < K - SPARE_PLAN_LINES; j++) ws.getCell(`${detail.columns.actual}${detail.firstRow + j}`).value = 1000;
    await wb.xlsx.writeFile(join(dir, 'fresh-typed.xlsx'));
    await writeFile(join(dir, 'bob.csv'), 'Bob Stone\n', 'utf8');
    const res = await kpi(['update', 'fresh-typed.xlsx', '--employees', 'bob.csv', '--out', 'fresh-updated.xlsx']);
    expect(res.code).toBe(0);
    const out = new ExcelJS.Workbook();
    await out.xlsx.readFile(join(dir, 'fresh-updated.xlsx'));
    const archive = out.getWorksheet('Archived')!;
    expect(archive.getCell('B5').value).toBe('Ann Lee');
    expect(typeof archive.getCell('H5').value).toBe('number');
    expect(archive.getCell('D5').value).not.toBeNull();
  });

  it('writes per-cell number formats (.xlsx renderer)', async () => {
    const desc: WorkbookDesc = {
      sheets: [
        plainSheet('x', 'X', {
          blocks: [{ at: 'B2', cells: [[{ v: 0.5 }], [{ v: 1234.5 }], [{ v: 3 }]] }],
          styles: [{ range: 'B2:B4', style: 'input' }], formats: [{ range: 'B2:B4', numFmt: '0.00' }],
          formatGrids: [{ at: 'B2', numFmts: [['0.0%'], ['#,##0'], ['General']] }],
        }),
      ],
      names: [],
    };
    await writeXlsx(desc, join(dir, 'fmt.xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'fmt.xlsx'));
    const ws = wb.getWorksheet('X')!;
    expect(['B2', 'B3', 'B4'].map((a) => ws.getCell(a).numFmt ?? 'General')).toEqual(['0.0%', '#,##0', 'General']);
  });
  it('updates a standalone bonus sheet: bases and grades follow their employee, the pool splits as WEIGHTED_SHARE, the one dropped is archived', async () => {
    const made = await kpi(['template', 'bonus', '--rows', '3', '--out', 'bonus.xlsx']);
    expect(made.code).toBe(0);
    const desc = generateTemplate(options({ kind: 'bonus', lang: 'en', rows: 3 }));
    const sheet = sheetOf(desc, 'bonus');
    const t = tableOf(sheet, 'employees');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'bonus.xlsx'));
    const ws = wb.getWorksheet(sheet.name)!;
    const typed = [
      ['Ann Lee', 'Ops', 5000, 'A'],
      ['Bob Stone', 'Sales', 6000, 'B'],
      ['张伟', '销售', 7000, 'S'],
    ] as const;
    typed.forEach((row, i) => (['employee', 'department', 'base', 'grade'] as const).forEach((k, j) => (ws.getCell(`${t.columns[k]}${t.firstRow + i}`).value = row[j])));
    ws.getCell(sheet.cells!.pool!).value = 20000;
    await wb.xlsx.writeFile(join(dir, 'bonus-typed.xlsx'));
    await writeFile(join(dir, 'bonus-names.csv'), 'Ann Lee\n张伟,华东\nCai Wen,Ops\nDee Park\n', 'utf8');

    const res = await kpi(['update', 'bonus-typed.xlsx', '--employees', 'bonus-names.csv', '--out', 'bonus-new.xlsx']);
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    expect(res.out).toContain(`Bonus sheet "${sheet.name}": 3 employees`);
    expect(res.out).toContain('kept:     2');
    expect(res.out).toMatch(/Cai Wen, (and )?Dee Park|Cai Wen and Dee Park/);
    expect(res.out).toContain('Bob Stone');

    const lo = (await recalcXlsx([join(dir, 'bonus-new.xlsx')])).get(join(dir, 'bonus-new.xlsx'))!;
    const rows = lo.get(sheet.name)!;
    const at = (r: number, k: string) => rows[r - 1]?.[colNumber(t.columns[k]!) - 1] ?? null;
    const want = [
      ['Ann Lee', 'Ops', 5000, 'A'],
      ['张伟', '华东', 7000, 'S'],
      ['Cai Wen', 'Ops', null, null],
      ['Dee Park', null, null, null],
    ];
    want.forEach((row, i) => expect((['employee', 'department', 'base', 'grade'] as const).map((k) => { const x = at(t.firstRow + i, k); return x === '' ? null : x; })).toEqual(row));
    const coefficients = [0, 1].map((i) => at(t.firstRow + i, 'coefficient') as number);
    const shares = WEIGHTED_SHARE(20000, [[5000], [7000]], coefficients.map((c) => [c]), 2) as number[][];
    [0, 1].forEach((i) => expect(Math.round((at(t.firstRow + i, 'share') as number) * 100)).toBe(Math.round(shares[i]![0]! * 100)));
    const archive = lo.get('Archived')!.slice(4).filter((r) => r.some((x) => x !== null && x !== ''));
    expect(archive.map((r) => r.slice(1, 5))).toEqual([['Bob Stone', 'Sales', 6000, 'B']]);
    expect(typeof archive[0]![6]).toBe('number');
  }, 600_000);
});
