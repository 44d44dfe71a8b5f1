/**
 * Updating a standalone bonus sheet and a 360 feedback set for a new roster: people type into the
 * generated sheets (names, departments, bases, grades, the pool; ratees, rating lines, a setting
 * and a group weight), the roster adds two people and drops one, and the update must keep every
 * typed cell with its employee (or, for the ratings, line by line as typed), move the dropped
 * person's rows to the archive sheet as values, and give sheets that recalculate (HyperFormula) to
 * what the scoring core gives: WEIGHTED_SHARE for the shares, SCORE360 for the scores.
 */
import { describe, expect, it } from 'vitest';
import { WEIGHTED_SHARE } from '../../core/functions/weighted-share.js';
import { SCORE360 } from '../../core/functions/score360.js';
import { colNumber } from '../../core/templates/a1.js';
import {
  findRecipe,
  generateTemplate,
  planUpdate,
  sheetsToRead,
  typedFingerprint,
  updateChoiceOf,
  type RosterEntry,
  type TableLayout,
} from '../../core/templates/index.js';
import { DISPLAY } from '../../core/templates/words.js';
import type { Locale } from '../../core/types.js';
import { options } from './cases.js';
import type { Book, EngineValue } from './check.js';
import { hfBook } from './engines.js';
import { TODAY_SERIAL, afterUpdate, plannedUpdate, sheetOf, tableOf, type Value } from './update-fixtures.js';
import { gridNamed, typedBook } from './update-grids.js';

const colOf = (t: TableLayout, field: string): string => t.columns[field]!;
const at = (book: Book, sheet: string, row: number, letters: string): EngineValue => book.get(sheet)?.[row - 1]?.[colNumber(letters) - 1] ?? null;

/** Typing by sheet name and cell. */
class Typing extends Map<string, Map<string, Value>> {
  put(sheet: string, cell: string, value: Value): void {
    let m = this.get(sheet);
    if (!m) this.set(sheet, (m = new Map()));
    m.set(cell, value);
  }
}

describe.each<Locale>(['en', 'zh-CN'])('updating a standalone bonus sheet (%s)', (lang) => {
  const names = ['Ann Lee', 'Bob Stone', '张伟', '李娜'];
  const depts = ['Ops', 'Sales', '销售', null];
  const bases = [5000, 6200.5, 7000, 4800];
  const grades = ['A', 'B', 'S', 'C'];
  const desc = generateTemplate(options({ kind: 'bonus', lang, rows: 4, period: '2026 Q4' }));
  const bonus = sheetOf(desc, 'bonus');
  const t = tableOf(bonus, 'employees');
  const typing = new Typing();
  names.forEach((n, i) => {
    const r = t.firstRow + i;
    typing.put(bonus.name, `${colOf(t, 'employee')}${r}`, n);
    typing.put(bonus.name, `${colOf(t, 'department')}${r}`, depts[i]!);
    typing.put(bonus.name, `${colOf(t, 'base')}${r}`, bases[i]!);
    typing.put(bonus.name, `${colOf(t, 'grade')}${r}`, grades[i]!);
  });
  typing.put(bonus.name, bonus.cells!.pool!, 30000);
  typing.put(bonus.name, bonus.cells!.decimals!, 1);
  const { grids, hf } = typedBook(desc, typing);
  hf.destroy();
  const grid = gridNamed(grids, bonus.name);
  const recipe = findRecipe(grid.values[0]!)!;
  const roster: RosterEntry[] = [
    { name: 'Ann Lee', department: null },
    { name: '张伟', department: null },
    { name: '李娜', department: 'Ops' },
    { name: 'Cai Wen', department: 'Ops' },
    { name: 'Dee Park', department: null },
  ];

  it('is stamped, found, and offered as a bonus update with its roster', () => {
    expect(recipe.kind).toBe('bonus');
    expect(sheetsToRead(recipe)).toEqual([bonus.name]);
    const choice = updateChoiceOf(bonus.name, recipe, grids);
    expect(choice).toEqual({
      sheet: bonus.name,
      sheets: [bonus.name],
      roster: names.map((name, i) => ({ name, department: depts[i] })),
      kpis: 0,
      kind: 'bonus',
    });
  });

  it('keeps typed cells with their employee, archives the one dropped, and splits the pool as WEIGHTED_SHARE', () => {
    const plan = plannedUpdate(recipe, grids, roster, desc);
    expect(plan.report).toMatchObject({ kept: 3, added: ['Cai Wen', 'Dee Park'], archived: ['Bob Stone'], kpisAdded: 0, restored: [] });
    expect(plan.replace).toEqual([bonus.name]);
    expect(plan.typed).toBe(typedFingerprint(recipe, grids));
    const after = afterUpdate(desc, plan);
    const book = hfBook(after);
    const oldBook = new Map(grids.map((g) => [g.name, g.values as EngineValue[][]]));
    const nb = sheetOf(plan.desc, 'bonus');
    expect(nb.name).toBe(bonus.name);
    const nt = tableOf(nb, 'employees');
    expect(nt.lastRow - nt.firstRow + 1).toBe(5);
    // Kept: Ann (old 0), 张伟 (old 2), 李娜 (old 3, department from the list); then the two added.
    const from = [0, 2, 3];
    const coefficients: number[] = [];
    from.forEach((o, i) => {
      const r = nt.firstRow + i;
      const old = t.firstRow + o;
      expect(at(book, nb.name, r, colOf(nt, 'employee'))).toBe(names[o]);
      expect(at(book, nb.name, r, colOf(nt, 'department'))).toBe(o === 3 ? 'Ops' : depts[o]);
      expect(at(book, nb.name, r, colOf(nt, 'base'))).toBe(bases[o]);
      expect(at(book, nb.name, r, colOf(nt, 'grade'))).toBe(grades[o]);
      const coef = at(book, nb.name, r, colOf(nt, 'coefficient'));
      expect(coef).toBe(at(oldBook, bonus.name, old, colOf(t, 'coefficient')));
      coefficients.push(coef as number);
    });
    expect(at(book, nb.name, nt.firstRow + 3, colOf(nt, 'employee'))).toBe('Cai Wen');
    expect(at(book, nb.name, nt.firstRow + 3, colOf(nt, 'department'))).toBe('Ops');
    expect(at(book, nb.name, nt.firstRow + 4, colOf(nt, 'employee'))).toBe('Dee Park');
    expect(at(book, nb.name, nt.firstRow + 4, colOf(nt, 'department'))).toBeNull();
    expect(at(book, nb.name, nt.firstRow + 4, colOf(nt, 'base'))).toBeNull();
    // Settings stay at their cells.
    const poolAt = nb.cells!.pool!;
    expect(poolAt).toBe(bonus.cells!.pool);
    expect(at(book, nb.name, Number(poolAt.replace(/\D/g, '')), poolAt.replace(/\d/g, ''))).toBe(30000);
    // The kept rows' shares: the core's split of the pool, to the decimals typed (1).
    const expected = WEIGHTED_SHARE(30000, from.map((o) => [bases[o]!]), coefficients.map((c) => [c]), 1) as number[][];
    from.forEach((_, i) => {
      const share = at(book, nb.name, nt.firstRow + i, colOf(nt, 'share')) as number;
      expect(Math.round(share * 100)).toBe(Math.round(expected[i]![0]! * 100));
    });
    // The added rows have no base yet: no share.
    expect(at(book, nb.name, nt.firstRow + 3, colOf(nt, 'share'))).toBe('');
    // No error cell anywhere on the new sheet.
    for (const row of book.get(nb.name) ?? []) for (const x of row) expect(typeof x === 'object' && x !== null ? x.error : 'ok').toBe('ok');

    // The archive: Bob's typed values and computed share, as values.
    const archive = sheetOf(plan.desc, 'archive');
    expect(plan.report.archiveSheet).toBe(archive.name);
    const a = tableOf(archive, 'archive');
    expect(Object.keys(a.columns)).toEqual(['date', 'employee', 'department', 'base', 'grade', 'coefficient', 'share']);
    const row = (book.get(archive.name) ?? [])[a.firstRow - 1]!;
    const oldShare = at(oldBook, bonus.name, t.firstRow + 1, colOf(t, 'share'));
    expect(typeof oldShare).toBe('number');
    expect(row.slice(0, 7)).toEqual([TODAY_SERIAL, 'Bob Stone', 'Sales', 6200.5, 'B', at(oldBook, bonus.name, t.firstRow + 1, colOf(t, 'coefficient')), oldShare]);
    expect(a.lastRow).toBe(a.firstRow);

    // Updated again (the stamp reads back; the archive keeps its row and gains one).
    const read2 = typedBook(after);
    read2.hf.destroy();
    const grids2 = read2.grids;
    const recipe2 = findRecipe(gridNamed(grids2, nb.name).values[0]!)!;
    expect(recipe2).toMatchObject({ kind: 'bonus', employees: 5 });
    const choice2 = updateChoiceOf(nb.name, recipe2, grids2);
    expect(choice2.sheets).toEqual([nb.name, archive.name]);
    const plan2 = plannedUpdate(recipe2, grids2, roster.slice(1), after);
    expect(plan2.report).toMatchObject({ kept: 4, added: [], archived: ['Ann Lee'] });
    const a2 = tableOf(sheetOf(plan2.desc, 'archive'), 'archive');
    expect(a2.lastRow - a2.firstRow + 1).toBe(2);
    expect(sheetOf(plan2.desc, 'archive').name).toBe(archive.name);
  });
});

describe.each<Locale>(['en', 'zh-CN'])('updating a 360 feedback set (%s)', (lang) => {
  const g = DISPLAY.group[lang];
  const names = ['Ann Lee', 'Bob Stone', '张伟', '李娜'];
  const desc = generateTemplate(options({ kind: 'feedback360', lang, rows: 4, period: '2026 Q4' }));
  const summary = sheetOf(desc, 'summary360');
  const ratings = sheetOf(desc, 'ratings');
  const st = tableOf(summary, 'summary');
  const rt = tableOf(ratings, 'ratings');
  const wt = tableOf(summary, 'groupWeights');
  /** Rating lines as typed, in order: ratee, group, rating, comment (a blank line and an unknown ratee among them). */
  const lines: [string | null, string | null, number | string | null, string | null][] = [
    ['Ann Lee', g.self, 4, null],
    ['Ann Lee', g.manager, 5, 'great'],
    ['Bob Stone', g.manager, 3, 'ok'],
    ['Ann Lee', g.peer, 4, null],
    ['Bob Stone', g.peer, 2, null],
    [null, null, null, null],
    ['Ann Lee', g.peer, 3, '需改进'],
    ['张伟', g.manager, 4.5, null],
    ['张伟', g.peer, 4, null],
    ['张伟', g.peer, 5, null],
    ['Zed Unknown', g.peer, 5, null],
    ['李娜', g.customer, 3, null],
    ['李娜', g.customer, 4, 'fine'],
    ['Bob Stone', g.customer, 5, null],
    ['李娜', g.report, 2, null],
    ['李娜', g.report, 3, null],
  ];
  const weights = [0, 0.3, 0.4, 0.1, 0.2];
  const typing = new Typing();
  names.forEach((n, i) => typing.put(summary.name, `${colOf(st, 'ratee')}${st.firstRow + i}`, n));
  lines.forEach((l, i) => {
    const r = rt.firstRow + i;
    (['ratee', 'group', 'rating', 'comment'] as const).forEach((k, j) => {
      if (l[j] !== null) typing.put(ratings.name, `${colOf(rt, k)}${r}`, l[j]!);
    });
  });
  weights.forEach((w, i) => typing.put(summary.name, `${colOf(wt, 'weight')}${wt.firstRow + i}`, w));
  typing.put(summary.name, summary.cells!.minRaters!, 2);
  const { grids, hf } = typedBook(desc, typing);
  hf.destroy();
  const recipe = findRecipe(gridNamed(grids, summary.name).values[0]!)!;
  const roster: RosterEntry[] = [
    { name: 'Ann Lee', department: null },
    { name: '张伟', department: null },
    { name: '李娜', department: null },
    { name: 'Cai Wen', department: null },
    { name: 'Dee Park', department: null },
  ];
  const table = (['self', 'manager', 'peer', 'report', 'customer'] as const).map((k, i) => [k, weights[i]!]);
  const coreScore = (who: string, ls: readonly (readonly Value[])[]) => {
    const mine = ls.filter((l) => l[0] === who);
    return SCORE360(mine.map((l) => [l[2]]), mine.map((l) => [l[1]]), table, 2);
  };

  it('is stamped on the summary, found, and offered as a 360 update with its ratees', () => {
    expect(recipe).toMatchObject({ kind: 'feedback360', employees: 4, lines: rt.lastRow - rt.firstRow + 1 });
    expect(sheetsToRead(recipe)).toEqual([summary.name, ratings.name]);
    expect(updateChoiceOf(summary.name, recipe, grids)).toEqual({
      sheet: summary.name,
      sheets: [summary.name, ratings.name],
      roster: names.map((name) => ({ name, department: null })),
      kpis: 0,
      kind: 'feedback360',
    });
  });

  it('keeps the ratings as typed less the dropped ratee\'s, archives those, and scores as SCORE360', () => {
    const plan = plannedUpdate(recipe, grids, roster, desc);
    expect(plan.report).toMatchObject({ kept: 3, added: ['Cai Wen', 'Dee Park'], archived: ['Bob Stone'], kpisAdded: 0, restored: [] });
    expect([...plan.replace].sort()).toEqual([ratings.name, summary.name].sort());
    const after = afterUpdate(desc, plan);
    const book = hfBook(after);
    const oldBook = new Map(grids.map((x) => [x.name, x.values as EngineValue[][]]));
    const ns = sheetOf(plan.desc, 'summary360');
    const nr = sheetOf(plan.desc, 'ratings');
    const nst = tableOf(ns, 'summary');
    const nrt = tableOf(nr, 'ratings');
    // The ratings: every line as typed, in order, less Bob's three.
    const kept = lines.filter((l) => l[0] !== 'Bob Stone');
    kept.forEach((l, i) => {
      const r = nrt.firstRow + i;
      (['ratee', 'group', 'rating', 'comment'] as const).forEach((k, j) => expect(at(book, nr.name, r, colOf(nrt, k)), `${k} ${r}`).toBe(l[j]));
    });
    expect(nrt.lastRow - nrt.firstRow + 1).toBeGreaterThanOrEqual(rt.lastRow - rt.firstRow + 1);
    // The summary: kept ratees in order, then the added ones.
    const order = ['Ann Lee', '张伟', '李娜', 'Cai Wen', 'Dee Park'];
    order.forEach((n, i) => expect(at(book, ns.name, nst.firstRow + i, colOf(nst, 'ratee'))).toBe(n));
    // Settings kept at their cells.
    expect(ns.cells!.minRaters).toBe(summary.cells!.minRaters);
    const nwt = tableOf(ns, 'groupWeights');
    weights.forEach((w, i) => expect(at(book, ns.name, nwt.firstRow + i, colOf(nwt, 'weight'))).toBe(w));
    // Scores of kept ratees: the core's SCORE360 of their lines, and the same as before the update.
    ['Ann Lee', '张伟', '李娜'].forEach((n, i) => {
      const score = at(book, ns.name, nst.firstRow + i, colOf(nst, 'score'));
      const core = coreScore(n, kept);
      expect(typeof core).toBe('number');
      expect(score as number).toBeCloseTo(core as number, 9);
      expect(score).toBe(at(oldBook, summary.name, st.firstRow + names.indexOf(n), colOf(st, 'score')));
    });
    // Added ratees: no ratings yet.
    expect(at(book, ns.name, nst.firstRow + 3, colOf(nst, 'score'))).toBe('');
    // The unknown ratee's line is still left out, and counted as such.
    const leftOut = at(book, ns.name, Number(ns.cells!.leftOut!.replace(/\D/g, '')), ns.cells!.leftOut!.replace(/\d/g, ''));
    expect(String(leftOut)).toContain('1');
    for (const sheet of [ns.name, nr.name]) for (const row of book.get(sheet) ?? []) for (const x of row) expect(typeof x === 'object' && x !== null ? x.error : 'ok').toBe('ok');

    // The archive: Bob's lines as values with his score.
    const archive = sheetOf(plan.desc, 'archive');
    const a = tableOf(archive, 'archive');
    expect(Object.keys(a.columns)).toEqual(['date', 'employee', 'department', 'group', 'rating', 'comment', 'score']);
    const bobScore = at(oldBook, summary.name, st.firstRow + 1, colOf(st, 'score'));
    expect(bobScore).toBeCloseTo(coreScore('Bob Stone', lines) as number, 9);
    const rows = (book.get(archive.name) ?? []).slice(a.firstRow - 1, a.lastRow).map((r) => r.slice(0, 7));
    expect(rows).toEqual(
      lines.filter((l) => l[0] === 'Bob Stone').map((l) => [TODAY_SERIAL, l[0], null, l[1], l[2], l[3], bobScore]),
    );
  });

  it('finds nothing to update when the ratings sheet is gone', () => {
    const plan = planUpdate(recipe, grids.filter((x) => x.name !== ratings.name), roster, { existingSheets: [], existingNames: [] });
    expect(plan.ok).toBe(false);
    if (!plan.ok) expect(plan.message.en).toContain(ratings.name);
  });
});

describe('bonus and 360 recipes', () => {
  it('follow a renamed sheet (the host names the recipe sheet as it is now) and see another edit in the fingerprint', () => {
    const desc = generateTemplate(options({ kind: 'bonus', lang: 'en', rows: 2, sample: true }));
    const bonus = sheetOf(desc, 'bonus');
    const { grids, hf } = typedBook(desc);
    hf.destroy();
    const renamed = grids.map((x) => (x.name === bonus.name ? { ...x, name: 'My Bonus' } : x));
    const found = findRecipe(gridNamed(renamed, 'My Bonus').values[0]!)!;
    const recipe = { ...found, sheets: { ...found.sheets, review: 'My Bonus' } };
    const choice = updateChoiceOf('My Bonus', recipe, renamed);
    expect(choice.sheets).toEqual(['My Bonus']);
    expect(choice.roster).toHaveLength(2);
    const plan = planUpdate(recipe, renamed, [...choice.roster, { name: 'New One', department: null }], { existingSheets: ['My Bonus'], existingNames: [] });
    if (!plan.ok) throw new Error(plan.message.en);
    expect(plan.desc.sheets.map((x) => x.name)).toEqual(['My Bonus']);
    expect(plan.replace).toEqual(['My Bonus']);
    expect(plan.report).toMatchObject({ kept: 2, added: ['New One'], archived: [] });
    // Someone types a base between the read and the swap: the fingerprint differs.
    const t = tableOf(bonus, 'employees');
    const edited = renamed.map((x) =>
      x.name !== 'My Bonus' ? x : { ...x, values: x.values.map((row, r) => (r === t.firstRow - 1 ? row.map((v, c) => (c === colNumber(colOf(t, 'base')) - 1 ? 1 : v)) : row)) },
    );
    expect(typedFingerprint(recipe, edited)).not.toBe(plan.typed);
    expect(typedFingerprint(recipe, renamed)).toBe(plan.typed);
  });

  it('a 360 recipe is found on the summary only, and one without its lines is not read', () => {
    const desc = generateTemplate(options({ kind: 'feedback360', lang: 'zh-CN', rows: 2 }));
    const { grids, hf } = typedBook(desc);
    hf.destroy();
    const summary = sheetOf(desc, 'summary360');
    const ratings = sheetOf(desc, 'ratings');
    expect(findRecipe(gridNamed(grids, ratings.name).values[0]!)).toBeNull();
    const row = gridNamed(grids, summary.name).values[0]!;
    const text = row.find((x) => typeof x === 'string' && x.startsWith('kpikit:')) as string;
    const json = JSON.parse(text.slice('kpikit:'.length)) as Record<string, unknown>;
    expect(json).toMatchObject({ kind: 'feedback360', employees: 2, sheets: { review: summary.name, summary360: summary.name, ratings: ratings.name } });
    delete json.lines;
    expect(findRecipe([`kpikit:${JSON.stringify(json)}`])).toBeNull();
  });
});

