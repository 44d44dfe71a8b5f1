/**
 * The demo workbook's sets can be updated: its review (with the bonus sheet and dashboard that read
 * it) and its 360 feedback set each carry a recipe in row 1, as the templates' sets do. On the
 * command line, `kpi update` lists the sets when the workbook holds several and none is chosen
 * (bad usage, nothing written), suggests the closest sheet names for an unknown one, and with
 * `--sheet` updates the set of any of its sheets: the demo's bonus sheet, recalculated in
 * LibreOffice, keeps each base with its employee; the one dropped is archived.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type Io } from '../../cli/kpi.js';
import { recalcXlsx } from '../../cli/libreoffice.js';
import { writeXlsx } from '../../cli/xlsx.js';
import { colNumber } from '../../core/templates/a1.js';
import { findRecipe, generateDemoWorkbook, type SheetDesc, type WorkbookDesc } from '../../core/templates/index.js';
import type { Locale } from '../../core/types.js';
import { hfBook } from '../templates/engines.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kpi-demo-update-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function kpi(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), cwd: dir };
  const code = await main(args, {}, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const sheetOf = (desc: WorkbookDesc, key: string): SheetDesc => desc.sheets.find((s) => s.key === key)!;

/** The recipe text stamped in row 1 of a sheet of the description, if any. */
function recipeOf(s: SheetDesc) {
  for (const b of s.blocks) {
    if (!/^[A-Z]+1$/.test(b.at)) continue;
    for (const c of b.cells[0] ?? []) if ('v' in c && typeof c.v === 'string' && findRecipe([c.v]) !== null) return findRecipe([c.v]);
  }
  return null;
}

/** The bonus sheet's employees and bases as computed, top to bottom, while a name is there. */
function bases(desc: WorkbookDesc, rows: readonly (readonly unknown[])[]): [unknown, unknown][] {
  const t = sheetOf(desc, 'bonus').tables!.find((x) => x.key === 'employees')!;
  const out: [unknown, unknown][] = [];
  for (let r = t.firstRow; r <= t.lastRow; r++) {
    const name = rows[r - 1]?.[colNumber(t.columns.employee!) - 1];
    if (name === null || name === undefined || name === '') break;
    out.push([name, rows[r - 1]?.[colNumber(t.columns.base!) - 1] ?? null]);
  }
  return out;
}

describe('the demo workbook’s sets carry their recipes', () => {
  for (const lang of ['en', 'zh-CN'] as const satisfies readonly Locale[]) {
    it(`the review (with its bonus sheet and dashboard) and the 360 set (${lang})`, () => {
      const desc = generateDemoWorkbook(lang);
      const review = recipeOf(sheetOf(desc, 'review'));
      expect(review?.kind).toBe('dashboard');
      expect(review?.employees).toBe(12);
      expect(review?.sheets.bonus).toBe(sheetOf(desc, 'bonus').name);
      expect(review?.sheets.dashboard).toBe(sheetOf(desc, 'dashboard').name);
      const feedback = recipeOf(sheetOf(desc, 'summary360'));
      expect(feedback?.kind).toBe('feedback360');
      expect(feedback?.sheets.ratings).toBe(sheetOf(desc, 'ratings').name);
      // No other sheet carries one: the bonus sheet is updated with the review it reads.
      expect(desc.sheets.filter((s) => recipeOf(s) !== null).map((s) => s.key).sort()).toEqual(['review', 'summary360']);
    });
  }
});

describe('kpi update on the demo workbook', () => {
  it('lists the sets without --sheet, suggests names for an unknown one, and updates the bonus sheet’s set with --sheet', async () => {
    const desc = generateDemoWorkbook('en');
    const path = join(dir, 'demo.xlsx');
    await writeXlsx(desc, path);
    const bonus = sheetOf(desc, 'bonus').name;
    const before = bases(desc, hfBook(desc).get(bonus)!);
    expect(before.length).toBe(12);
    // Drop the second employee, add one.
    const names = [...before.map(([n]) => String(n)).filter((_, i) => i !== 1), 'New Hire'];
    await writeFile(join(dir, 'names.csv'), names.join('\n'), 'utf8');

    const several = await kpi(['update', 'demo.xlsx', '--employees', 'names.csv']);
    expect(several.code).toBe(2);
    expect(several.err).toContain('holds 2 sets made by KPI Kit');
    expect(several.err).toContain(`Review "${sheetOf(desc, 'review').name}": 12 employees`);
    expect(several.err).toContain(`360 feedback "${sheetOf(desc, 'summary360').name}": 6 ratees`);
    expect(several.err).toContain(bonus);
    expect(existsSync(join(dir, 'demo-updated.xlsx'))).toBe(false);

    const typo = await kpi(['update', 'demo.xlsx', '--employees', 'names.csv', '--sheet', bonus.slice(0, -1)]);
    expect(typo.code).toBe(2);
    expect(typo.err).toContain(`no set made by KPI Kit with a sheet "${bonus.slice(0, -1)}"`);
    expect(typo.err).toContain(`Did you mean --sheet "${bonus}"`);

    const res = await kpi(['update', 'demo.xlsx', '--employees', 'names.csv', '--sheet', bonus.toUpperCase(), '--out', 'demo-new.xlsx']);
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    expect(res.out).toContain('kept:     11');
    expect(res.out).toContain('New Hire');
    // The recipe makes the demo's set again cell for cell: no computed cell was found typed over.
    expect(res.out).not.toContain('formulas restored');
    const out = join(dir, 'demo-new.xlsx');
    const lo = (await recalcXlsx([out])).get(out)!;
    const after = bases(desc, lo.get(bonus)!);
    expect(after.map(([n, b]) => [n, b === '' ? null : b])).toEqual([...before.filter((_, i) => i !== 1), ['New Hire', null]]);
    for (const key of ['review', 'bonus', 'dashboard']) {
      const errors = lo.get(sheetOf(desc, key).name)!.flat().filter((x) => x !== null && typeof x === 'object');
      expect(errors, key).toEqual([]);
    }
    const archive = [...lo.entries()].find(([name]) => name.startsWith('Archived'))![1];
    expect(archive.some((r) => r[1] === before[1]![0])).toBe(true);
  }, 300_000);

  it('updates the demo’s 360 set chosen by its ratings sheet, with messages in Chinese', async () => {
    const desc = generateDemoWorkbook('zh-CN');
    const path = join(dir, 'demo-zh.xlsx');
    await writeXlsx(desc, path);
    const summary = sheetOf(desc, 'summary360');
    const ratees = hfBook(desc).get(summary.name)!;
    const t = summary.tables!.find((x) => x.key === 'summary')!;
    const first = ratees[t.firstRow - 1]?.[colNumber(t.columns.ratee!) - 1];
    expect(typeof first).toBe('string');
    await writeFile(join(dir, 'ratees.csv'), `${String(first)}\n新同事\n`, 'utf8');
    const unknown = await kpi(['update', 'demo-zh.xlsx', '--employees', 'ratees.csv', '--sheet', '没有这张表', '--lang', 'zh-CN']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('中没有包含工作表“没有这张表”的 KPI Kit 工作表组');
    expect(unknown.err).toContain('各组如下');
    const res = await kpi(['update', 'demo-zh.xlsx', '--employees', 'ratees.csv', '--sheet', sheetOf(desc, 'ratings').name, '--lang', 'zh-CN', '--out', 'demo-zh-new.xlsx']);
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    expect(res.out).toContain(`360评价“${summary.name}”：6 名被评价人`);
    expect(res.out).toContain('新同事');
    expect(res.out).not.toContain('恢复为公式');
  }, 300_000);
});
