/**
 * An update finds typed cells by place, so a set whose sheets changed shape (a column inserted or
 * deleted, rows of the review inserted, deleted or sorted) is refused with words that say where,
 * in both languages; a renamed visible header, a sorted 360 ratings table or a column added right
 * of the set's own columns is not a change of shape, and the update goes on.
 */
import { describe, expect, it } from 'vitest';
import { findRecipe, generateTemplate, planUpdate, updateChoiceOf, type RosterEntry, type SheetGrid, type WorkbookDesc } from '../../core/templates/index.js';
import type { Locale } from '../../core/types.js';
import { parseCell } from '../../core/templates/a1.js';
import { sheetOf, updateContext } from './update-fixtures.js';
import { gridNamed, typedBook } from './update-grids.js';

type Rows = unknown[][];

/** A grid changed in its values and formulas alike, as a host reads it after the user's edit. */
function edited(grids: readonly SheetGrid[], name: string, edit: (rows: Rows) => Rows): SheetGrid[] {
  return grids.map((g) => (g.name === name ? { name, values: edit(g.values.map((r) => [...r])), formulas: edit(g.formulas.map((r) => [...r])) } : g));
}
const insertColumn = (c: number) => (rows: Rows) => rows.map((r) => [...r.slice(0, c - 1), null, ...r.slice(c - 1)]);
const deleteColumn = (c: number) => (rows: Rows) => rows.map((r) => [...r.slice(0, c - 1), ...r.slice(c)]);
const deleteRow = (r: number) => (rows: Rows) => [...rows.slice(0, r - 1), ...rows.slice(r)];
const insertRow = (r: number) => (rows: Rows) => [...rows.slice(0, r - 1), [], ...rows.slice(r - 1)];
const swapRows = (a: number, b: number) => (rows: Rows) => rows.map((row, i) => (i === a - 1 ? rows[b - 1]! : i === b - 1 ? rows[a - 1]! : row));
const setCell = (r: number, c: number, x: unknown) => (rows: Rows) => rows.map((row, i) => (i === r - 1 ? Object.assign([...row], { [c - 1]: x }) : row));

/** The update of a set read as `grids`, for the roster it has: its message where refused. */
function refusal(desc: WorkbookDesc, grids: readonly SheetGrid[], recipeSheet: string, roster: readonly RosterEntry[]): { en: string; 'zh-CN': string } | null {
  const recipe = findRecipe(gridNamed(grids, recipeSheet).values[0]!)!;
  const plan = planUpdate(recipe, grids, roster, updateContext(desc));
  return plan.ok ? null : plan.message;
}

describe('an update refuses a set whose sheets changed shape', () => {
  for (const lang of ['en', 'zh-CN'] as Locale[]) {
    it(`review, bonus and dashboard (${lang})`, () => {
      const desc = generateTemplate({ kind: 'dashboard', lang, period: '2026 Q4', preset: 'sales', sample: true, rows: 4 });
      const review = sheetOf(desc, 'review');
      const bonus = sheetOf(desc, 'bonus');
      const { grids, hf } = typedBook(desc);
      hf.destroy();
      const roster: RosterEntry[] = [{ name: 'Someone New', department: null }];
      const first = review.name;

      expect(refusal(desc, grids, first, roster)).toBeNull();
      // A visible header renamed: the same shape.
      expect(refusal(desc, edited(grids, first, setCell(4, 13, lang === 'en' ? 'Notes' : '说明')), first, roster)).toBeNull();

      const h = lang === 'en' ? { dept: 'Department', kpi: 'KPI', no: 'No.', employee: 'Employee' } : { dept: '部门', kpi: 'KPI指标', no: '序号', employee: '姓名' };
      const at = (cell: string, got: string, want: string): [RegExp, RegExp] => [
        new RegExp(`cell ${cell} ${got === '' ? 'is empty' : `holds "${got}"`} where "${want.replace('.', '\\.')}" was`),
        new RegExp(`${cell} 单元格${got === '' ? '为空' : `为“${got}”`}，原为“${want.replace('.', '\\.')}”`),
      ];
      const line = (row: number): [RegExp, RegExp] => [new RegExp(`row ${row} is not the KPI line it was`), new RegExp(`第 ${row} 行已不是原来的 KPI 行`)];
      const cases: [string, SheetGrid[], [RegExp, RegExp]][] = [
        ['a column inserted at C', edited(grids, first, insertColumn(3)), at('C4', '', h.dept)],
        ['column C deleted', edited(grids, first, deleteColumn(3)), at('C4', h.kpi, h.dept)],
        ['a row deleted in the KPI rows', edited(grids, first, deleteRow(6)), line(6)],
        ['a row inserted in the KPI rows', edited(grids, first, insertRow(9)), line(9)],
        ['two KPI rows sorted', edited(grids, first, swapRows(5, 6)), line(5)],
        ['a row inserted above the tables', edited(grids, first, insertRow(2)), at('A4', '[^"”]{39}…', h.no)],
        ['a column inserted in the bonus sheet', edited(grids, bonus.name, insertColumn(2)), at('B\\d+', '', h.employee)],
      ];
      for (const [what, changed, [en, zh]] of cases) {
        const message = refusal(desc, changed, first, roster);
        expect(message, what).not.toBeNull();
        expect(message!.en, what).toMatch(en);
        expect(message!['zh-CN'], what).toMatch(zh);
        expect(message!.en, what).toContain('it stops here and changes nothing');
        expect(message!['zh-CN'], what).toContain('在此停止，未作任何更改');
      }
      // The choice a host shows before the update says it too, with no roster to edit.
      const recipe = findRecipe(gridNamed(grids, first).values[0]!)!;
      expect(updateChoiceOf(first, recipe, grids).problem).toBeUndefined();
      expect(updateChoiceOf(first, recipe, grids).roster.length).toBe(4);
      const moved = updateChoiceOf(first, recipe, edited(grids, first, insertColumn(3)));
      expect(moved.roster).toEqual([]);
      expect(moved.problem?.en).toMatch(/has changed shape since KPI Kit made it: cell C4/);
      // The dashboard's tables have no helper columns: one header renamed is a rename, a column inserted is not.
      const dash = sheetOf(desc, 'dashboard');
      const departments = dash.tables!.find((x) => x.key === 'departments')!;
      const headerAt = parseCell(`${departments.columns.average}${departments.headerRow}`);
      expect(refusal(desc, edited(grids, dash.name, setCell(headerAt.row, headerAt.col, 'Mean')), first, roster)).toBeNull();
      expect(refusal(desc, edited(grids, dash.name, insertColumn(headerAt.col)), first, roster)?.en).toMatch(/has changed shape since KPI Kit made it: cell [A-Z]+\d+ is empty/);
      // A column added right of everything the set wrote: the same shape.
      const width = Math.max(...gridNamed(grids, first).values.map((r) => r.length));
      expect(refusal(desc, edited(grids, first, insertColumn(width + 1)), first, roster)).toBeNull();
    });
  }

  it('a standalone bonus sheet with a column deleted, and a 360 set whose ratings were sorted (not a change of shape)', () => {
    const bonusDesc = generateTemplate({ kind: 'bonus', lang: 'en', period: '', sample: true });
    const bonus = sheetOf(bonusDesc, 'bonus');
    const b = typedBook(bonusDesc);
    b.hf.destroy();
    const roster: RosterEntry[] = [{ name: 'Someone New', department: null }];
    expect(refusal(bonusDesc, b.grids, bonus.name, roster)).toBeNull();
    expect(refusal(bonusDesc, edited(b.grids, bonus.name, deleteColumn(4)), bonus.name, roster)?.en).toMatch(/has changed shape since KPI Kit made it: cell D\d+ holds/);

    const fbDesc = generateTemplate({ kind: 'feedback360', lang: 'en', period: '', sample: true });
    const summary = sheetOf(fbDesc, 'summary360');
    const ratings = sheetOf(fbDesc, 'ratings');
    const f = typedBook(fbDesc);
    f.hf.destroy();
    const table = ratings.tables!.find((t) => t.key === 'ratings')!;
    const sorted = edited(f.grids, ratings.name, swapRows(table.firstRow, table.firstRow + 3));
    expect(refusal(fbDesc, sorted, summary.name, roster)).toBeNull();
    // A full table with a row inserted: its last rating now sits just below it, where the update does not read.
    const col = (field: string) => parseCell(`${table.columns[field]}1`).col;
    const pushed = edited(f.grids, ratings.name, (rows) => {
      const below = table.lastRow + 1;
      const out = rows.map((r) => [...r]);
      while (out.length < below) out.push([]);
      out[below - 1]![col('ratee') - 1] = 'Emma Johnson';
      out[below - 1]![col('group') - 1] = 'peer';
      out[below - 1]![col('rating') - 1] = 4;
      return out;
    });
    const message = refusal(fbDesc, pushed, summary.name, roster);
    expect(message?.en).toContain(`row ${table.lastRow + 1}, just below the table, holds typed values`);
    expect(message?.['zh-CN']).toContain(`表格正下方的第 ${table.lastRow + 1} 行有已填内容`);
    // One note typed under the table is not a row of the table.
    const note = edited(f.grids, ratings.name, (rows) => {
      const out = rows.map((r) => [...r]);
      while (out.length < table.lastRow + 1) out.push([]);
      out[table.lastRow]![col('comment') - 1] = 'checked by HR';
      return out;
    });
    expect(refusal(fbDesc, note, summary.name, roster)).toBeNull();
  });
});
