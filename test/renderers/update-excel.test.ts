/**
 * Updating a generated review set in Excel, through the Office.js fake: a review (and a dashboard
 * set: review, bonus, dashboard) is generated into the workbook, people type into it through
 * Office.js, and the update for a roster that adds three employees and drops two keeps every typed
 * cell with its employee and KPI, archives the dropped ones, extends the formulas, and computes
 * (HyperFormula over the fake's grid) what the scoring core says. Another user's edit between the
 * read and the swap, or a failure at any call, leaves the workbook as it was.
 */
import { describe, expect, it } from 'vitest';
import { addr, colNumber, parseCell } from '../../core/templates/a1.js';
import { generateTemplate, planUpdate, findRecipe, type TemplateOptions } from '../../core/templates/index.js';
import { isRenderError } from '../../core/templates/render.js';
import type { SheetDesc, WorkbookDesc } from '../../core/templates/types.js';
import type { RosterEntry, SheetGrid } from '../../core/templates/update-types.js';
import { renderWorkbook } from '../../excel-addin/render.js';
import { ALL_FEATURES } from '../../excel-addin/support.js';
import { readUpdateChoice, runUpdate, type UpdateRunOptions } from '../../excel-addin/update.js';
import { checkWorkbook } from '../templates/check.js';
import { FakeExcel } from '../fakes/excel.js';
import { diffSnapshots, expectedSnapshot } from './snapshot-diff.js';
import type { WorkbookSnapshot } from './snapshot.js';
import { recalculate } from './xlsx-snapshot.js';

const TODAY = '2026-12-01';
const RUN: UpdateRunOptions = { features: ALL_FEATURES, pause: () => Promise.resolve(), today: TODAY };

/** Every formula cell of the fake given the value HyperFormula computes from the fake's grid (Excel would). */
function computeAll(fake: FakeExcel): void {
  const book = recalculate(fake.snapshot());
  for (const [name, grid] of book) fake.setComputed(name, grid);
}

interface Made {
  readonly fake: FakeExcel;
  readonly desc: WorkbookDesc;
  readonly review: SheetDesc;
}

async function made(kind: 'review' | 'dashboard', rows = 5): Promise<Made> {
  const fake = new FakeExcel();
  fake.addSheet('Notes', { A1: 'mine' });
  const desc = generateTemplate({ kind, lang: 'en', period: '2026 Q4', sample: true, rows } as TemplateOptions, { existingSheets: ['Sheet1', 'Notes'], existingNames: [] });
  await fake.run((ctx) => renderWorkbook(ctx, desc, undefined, { features: ALL_FEATURES, pause: () => Promise.resolve() }));
  return { fake, desc, review: desc.sheets.find((s) => s.key === 'review')! };
}

const table = (s: SheetDesc, key: string) => s.tables!.find((t) => t.key === key)!;

/** A cell's value in the fake, as typed (or the formula). */
function cellOf(fake: FakeExcel, sheet: string, a: string): unknown {
  const c = fake.snapshot().sheets.find((s) => s.name === sheet)!.cells[a];
  return c === undefined ? null : 'v' in c ? c.v : c;
}

/** Types into the set as people would, through Office.js: actuals, comments, 360 ratings, a setting, bonus bases. */
async function typeInto(m: Made): Promise<void> {
  const d = table(m.review, 'detail');
  const e = table(m.review, 'employees');
  await m.fake.run(async (ctx) => {
    const ws = ctx.workbook.worksheets.getItem(m.review.name);
    const K = (d.lastRow - d.firstRow + 1) / (e.lastRow - e.firstRow + 1);
    // Employee 3's first three actuals (lines the sample plan completes), employees 1 and 5's comments.
    ws.getRange(`${d.columns.actual}${d.firstRow + 2 * K}:${d.columns.actual}${d.firstRow + 2 * K + 2}`).values = [['321'], ['322.5'], ['12%']];
    ws.getRange(`${d.columns.comment}${d.firstRow}`).values = [['Typed note, employee one']];
    ws.getRange(`${d.columns.comment}${d.firstRow + 4 * K + 1}`).values = [['Typed note, employee five']];
    ws.getRange(`${e.columns.collab}${e.firstRow + 2}:${e.columns.collab}${e.firstRow + 4}`).values = [[3], [''], [4.5]];
    ws.getRange(m.review.cells!.collabWeight!).values = [[0.2]];
    const bonus = m.desc.sheets.find((s) => s.key === 'bonus');
    if (bonus) {
      const b = table(bonus, 'employees');
      const bs = ctx.workbook.worksheets.getItem(bonus.name);
      bs.getRange(`${b.columns.base}${b.firstRow + 2}`).values = [[8000]];
      bs.getRange(`${b.columns.base}${b.firstRow + 4}`).values = [[12345]];
      bs.getRange(bonus.cells!.pool!).values = [[50000]];
    }
    await ctx.sync();
  });
}

/** The set's typed cells by employee name: KPI line j's actual and comment, the 360 rating, the bonus base. */
function typedByEmployee(fake: FakeExcel, review: SheetDesc, bonus: SheetDesc | undefined): Map<string, unknown[]> {
  const d = table(review, 'detail');
  const e = table(review, 'employees');
  const n = e.lastRow - e.firstRow + 1;
  const K = (d.lastRow - d.firstRow + 1) / n;
  const out = new Map<string, unknown[]>();
  for (let i = 0; i < n; i++) {
    const name = cellOf(fake, review.name, `${e.columns.employee}${e.firstRow + i}`);
    if (typeof name !== 'string') continue;
    const row: unknown[] = [cellOf(fake, review.name, `${e.columns.collab}${e.firstRow + i}`)];
    for (let j = 0; j < K; j++) {
      row.push(cellOf(fake, review.name, `${d.columns.actual}${d.firstRow + i * K + j}`), cellOf(fake, review.name, `${d.columns.comment}${d.firstRow + i * K + j}`));
    }
    if (bonus) {
      const b = table(bonus, 'employees');
      row.push(cellOf(fake, bonus.name, `${b.columns.base}${b.firstRow + i}`));
    }
    out.set(name, row);
  }
  return out;
}

/** The grids the update reads, straight from the fake's model (values as computed). */
function gridsOf(fake: FakeExcel, names: readonly string[]): SheetGrid[] {
  return names.map((name) => {
    const s = fake.sheet(name)!;
    let rows = 0;
    let cols = 0;
    for (const [k, c] of s.cells) {
      if (c.f === undefined && (c.v === undefined || c.v === '')) continue;
      rows = Math.max(rows, Math.floor(k / 16384));
      cols = Math.max(cols, (k % 16384) + 1);
    }
    const values = Array.from({ length: Math.max(rows, 1) }, () => new Array<unknown>(Math.max(cols, 1)).fill(''));
    const formulas = values.map((r) => [...r]);
    for (const [k, c] of s.cells) {
      const r = Math.floor(k / 16384) - 1;
      const cc = k % 16384;
      if (r < 0 || r >= values.length || cc >= cols) continue;
      values[r]![cc] = c.f !== undefined ? (c.v ?? 0) : c.v;
      formulas[r]![cc] = c.f ?? c.v;
    }
    return { name: s.name, values, formulas };
  });
}

const NEW_PEOPLE: RosterEntry[] = [
  { name: 'Zoe Newman', department: 'Sales East' },
  { name: 'Yu Lin', department: null },
  { name: 'Xavier Quinn', department: 'Sales North' },
];

/** The roster the update gets: the old one without employees 2 and 4, and three new ones. */
function newRoster(old: readonly RosterEntry[]): RosterEntry[] {
  return [...old.filter((_, i) => i !== 1 && i !== 3), ...NEW_PEOPLE];
}

function onlySheets(snapshot: WorkbookSnapshot, names: readonly string[]): WorkbookSnapshot {
  return { sheets: snapshot.sheets.filter((s) => names.includes(s.name)), names: snapshot.names };
}

describe('Excel update: a generated set for a new roster', () => {
  for (const kind of ['review', 'dashboard'] as const) {
    it(`${kind}: typed cells follow their employee and KPI, dropped ones archived, formulas extended, values as the core says`, async () => {
      const m = await made(kind);
      await typeInto(m);
      computeAll(m.fake);
      const bonus = m.desc.sheets.find((s) => s.key === 'bonus');
      const typedBefore = typedByEmployee(m.fake, m.review, bonus);
      const fine = checkWorkbook(m.desc, recalculate(onlySheets(m.fake.snapshot(), m.desc.sheets.map((s) => s.name))));
      expect(fine.errorCells(), 'typed before the update').toEqual([]);

      // The task pane's first step: the set the active sheet belongs to (the review itself: two
      // syncs; the dashboard, active after the insert: one more, for row 1 of the other sheets).
      expect(m.fake.model.sheets.find((s) => s.id === m.fake.model.activeSheet)!.name).toBe(m.desc.sheets.filter((s) => !s.hidden).pop()!.name);
      const syncs0 = m.fake.syncs;
      const choice = await m.fake.run((ctx) => readUpdateChoice(ctx));
      expect(m.fake.syncs - syncs0).toBe(kind === 'review' ? 2 : 3);
      expect(choice).not.toBeNull();
      expect(choice!.sheet).toBe(m.review.name);
      expect(choice!.roster).toHaveLength(5);
      const roster = newRoster(choice!.roster);

      // What the core plans from the same grids (the test's yardstick for the render).
      const recipe = findRecipe(gridsOf(m.fake, [m.review.name])[0]!.values[0]!)!;
      const before = m.fake.snapshot();
      const planned = planUpdate(recipe, gridsOf(m.fake, choice!.sheets), roster, {
        existingSheets: before.sheets.map((s) => s.name),
        existingNames: Object.keys(before.names),
        today: TODAY,
      });
      if (!planned.ok) throw new Error(planned.message.en);

      const progress: number[] = [];
      const syncs1 = m.fake.syncs;
      const result = await m.fake.run((ctx) => runUpdate(ctx, { sheet: choice!.sheet, roster }, (p) => progress.push(p.done), { ...RUN, sheets: choice!.sheets }));
      const syncs = m.fake.syncs - syncs1;
      expect(result.report.kept).toBe(3);
      expect(result.report.added).toEqual(NEW_PEOPLE.map((p) => p.name));
      expect(result.report.archived).toEqual([choice!.roster[1]!.name, choice!.roster[3]!.name]);
      expect(progress[progress.length - 1]).toBeGreaterThan(0);
      // The user is left on the review, at A1, as in Sheets (not on the archive sheet).
      expect(m.fake.model.sheets.find((s) => s.id === m.fake.model.activeSheet)!.name).toBe(m.review.name);
      expect(result.outcome).toMatchObject({ activeSheet: m.review.name, activeCell: 'A1' });

      const after = m.fake.snapshot();
      // The rewritten sheets are what the core planned, cell for cell, where the old ones were.
      const rewritten = planned.desc.sheets.map((s) => s.name);
      expect(diffSnapshots(expectedSnapshot(planned.desc), onlySheets(after, rewritten), {})).toEqual([]);
      const order = before.sheets.map((s) => s.name);
      expect(after.sheets.map((s) => s.name).slice(0, order.length)).toEqual(order);
      // The rest of the workbook as it was: the plan, the lists, the user's own sheet.
      for (const s of before.sheets.filter((x) => !planned.replace.includes(x.name))) expect(after.sheets.find((x) => x.name === s.name)).toEqual(s);
      expect(JSON.stringify(after)).not.toMatch(/~KPI|#REF!/);

      // Typed cells kept with their employee (and KPI line).
      const review2 = planned.desc.sheets.find((s) => s.key === 'review')!;
      const bonus2 = planned.desc.sheets.find((s) => s.key === 'bonus');
      const typedAfter = typedByEmployee(m.fake, review2, bonus2);
      for (const [name, row] of typedBefore) {
        if (result.report.archived.includes(name)) expect(typedAfter.has(name)).toBe(false);
        else expect(typedAfter.get(name), name).toEqual(row);
      }
      for (const p of NEW_PEOPLE) expect(typedAfter.has(p.name)).toBe(true);
      expect(cellOf(m.fake, review2.name, review2.cells!.collabWeight!)).toBe(0.2);
      if (bonus2) expect(cellOf(m.fake, bonus2.name, bonus2.cells!.pool!)).toBe(50000);

      // Dropped employees on the archive sheet.
      const archive = after.sheets.find((s) => s.name === result.report.archiveSheet)!;
      const archived = Object.values(archive.cells).flatMap((c) => ('v' in c ? [c.v] : []));
      for (const name of result.report.archived) expect(archived).toContain(name);

      // Formulas extended to the new rows.
      const d = table(review2, 'detail');
      const e = table(review2, 'employees');
      expect(e.lastRow - e.firstRow + 1).toBe(6);
      const cells = after.sheets.find((s) => s.name === review2.name)!.cells;
      for (let r = d.firstRow; r <= d.lastRow; r++) expect(cells[`${d.columns.achievement}${r}`], `row ${r}`).toHaveProperty('f');
      for (let r = e.firstRow; r <= e.lastRow; r++) expect(cells[`${e.columns.total}${r}`], `row ${r}`).toHaveProperty('f');

      // Recalculated from the fake's grid, the workbook computes what the scoring core says.
      const full: WorkbookDesc = {
        sheets: [...m.desc.sheets.filter((s) => !planned.replace.includes(s.name)), ...planned.desc.sheets],
        names: [...m.desc.names.filter((n) => !planned.desc.names.some((x) => x.name === n.name)), ...planned.desc.names],
      };
      const book = recalculate(onlySheets(after, full.sheets.map((s) => s.name)));
      const checker = checkWorkbook(full, book);
      expect(checker.mismatches, 'core parity').toEqual([]);
      expect(checker.errorCells()).toEqual([]);
      console.log(`${kind} update, 5 → 6 employees: ${syncs} syncs, requests ${m.fake.requests.slice(-syncs).join(', ')} bytes`);
    }, 120_000);
  }

  it('bonus: a standalone bonus sheet is found as such, its bases follow their employee, the one dropped is archived, values as the core says', async () => {
    const fake = new FakeExcel();
    const desc = generateTemplate({ kind: 'bonus', lang: 'en', period: '2026 Q4', sample: true, rows: 4 } as TemplateOptions, { existingSheets: ['Sheet1'], existingNames: [] });
    await fake.run((ctx) => renderWorkbook(ctx, desc, undefined, { features: ALL_FEATURES, pause: () => Promise.resolve() }));
    const bonus = desc.sheets.find((s) => s.key === 'bonus')!;
    const b = table(bonus, 'employees');
    await fake.run(async (ctx) => {
      ctx.workbook.worksheets.getItem(bonus.name).getRange(`${b.columns.base}${b.firstRow + 1}`).values = [[7777]];
      await ctx.sync();
    });
    computeAll(fake);
    fake.model.activeSheet = fake.sheet(bonus.name)!.id;
    const choice = (await fake.run((ctx) => readUpdateChoice(ctx)))!;
    expect(choice).toMatchObject({ sheet: bonus.name, sheets: [bonus.name], kind: 'bonus', kpis: 0 });
    expect(choice.roster).toHaveLength(4);
    const [gone, second] = [choice.roster[0]!, choice.roster[1]!];
    const roster = [...choice.roster.slice(1), { name: 'New One', department: 'Ops' }];
    const { report } = await fake.run((ctx) => runUpdate(ctx, { sheet: choice.sheet, roster }, undefined, { ...RUN, sheets: choice.sheets }));
    expect(report).toMatchObject({ kept: 3, added: ['New One'], archived: [gone.name], archiveSheet: 'Archived' });
    expect(cellOf(fake, bonus.name, `${b.columns.employee}${b.firstRow}`)).toBe(second.name);
    expect(cellOf(fake, bonus.name, `${b.columns.base}${b.firstRow}`)).toBe(7777);
    expect(cellOf(fake, bonus.name, `${b.columns.employee}${b.firstRow + 3}`)).toBe('New One');
    expect(cellOf(fake, 'Archived', 'B5')).toBe(gone.name);
    const after = fake.snapshot();
    const planned = planUpdate(findRecipe(gridsOf(fake, [bonus.name])[0]!.values[0]!)!, gridsOf(fake, [bonus.name]), roster, { existingSheets: [], existingNames: [] });
    if (!planned.ok) throw new Error(planned.message.en);
    const full: WorkbookDesc = { sheets: planned.desc.sheets, names: planned.desc.names };
    const book = recalculate(onlySheets(after, full.sheets.map((s) => s.name)));
    const checker = checkWorkbook(full, book);
    expect(checker.mismatches, 'core parity').toEqual([]);
    expect(checker.errorCells()).toEqual([]);
  }, 120_000);

  it('360 feedback: found from the ratings sheet, both sheets rewritten, the dropped ratee\'s lines archived, values as the core says', async () => {
    const fake = new FakeExcel();
    const desc = generateTemplate({ kind: 'feedback360', lang: 'zh-CN', period: '2026 Q4', sample: true, rows: 4 } as TemplateOptions, { existingSheets: ['Sheet1'], existingNames: [] });
    await fake.run((ctx) => renderWorkbook(ctx, desc, undefined, { features: ALL_FEATURES, pause: () => Promise.resolve() }));
    const summary = desc.sheets.find((s) => s.key === 'summary360')!;
    const ratings = desc.sheets.find((s) => s.key === 'ratings')!;
    const rt = table(ratings, 'ratings');
    computeAll(fake);
    fake.model.activeSheet = fake.sheet(ratings.name)!.id;
    const choice = (await fake.run((ctx) => readUpdateChoice(ctx)))!;
    expect(choice).toMatchObject({ sheet: summary.name, kind: 'feedback360', kpis: 0 });
    expect([...choice.sheets].sort()).toEqual([summary.name, ratings.name].sort());
    const gone = choice.roster[0]!.name;
    const lines = (sheet: string) => {
      const out: unknown[][] = [];
      for (let r = rt.firstRow; r <= rt.lastRow + 40; r++) {
        const line = ['ratee', 'group', 'rating', 'comment'].map((k) => cellOf(fake, sheet, `${rt.columns[k]}${r}`));
        if (line.some((x) => x !== null && x !== '')) out.push(line);
      }
      return out;
    };
    const typed = lines(ratings.name);
    const roster = [...choice.roster.slice(1), { name: '王小明', department: null }];
    const { report } = await fake.run((ctx) => runUpdate(ctx, { sheet: choice.sheet, roster }, undefined, { ...RUN, sheets: choice.sheets }));
    expect(report).toMatchObject({ kept: 3, added: ['王小明'], archived: [gone], archiveSheet: '已归档' });
    expect(lines(ratings.name)).toEqual(typed.filter((l) => l[0] !== gone));
    computeAll(fake);
    const grids = gridsOf(fake, [summary.name, ratings.name]);
    const planned = planUpdate(findRecipe(grids[0]!.values[0]!)!, grids, roster, { existingSheets: [], existingNames: [] });
    if (!planned.ok) throw new Error(planned.message.en);
    const full: WorkbookDesc = { sheets: [...desc.sheets.filter((s) => s.key === 'lists'), ...planned.desc.sheets], names: desc.names };
    const book = recalculate(onlySheets(fake.snapshot(), full.sheets.map((s) => s.name)));
    const checker = checkWorkbook(full, book);
    expect(checker.mismatches, 'core parity').toEqual([]);
    expect(checker.errorCells()).toEqual([]);
  }, 120_000);

  it('a sheet the add-in did not make offers no update (one sync: its row 1 and the sheet names, then row 1 of the others)', async () => {
    const fake = new FakeExcel();
    fake.addSheet('Budget', { A1: 'Item', B1: 'kpikit-like text', C1: 'kpikit:{not json' });
    fake.model.activeSheet = fake.sheet('Budget')!.id;
    const syncs = fake.syncs;
    expect(await fake.run((ctx) => readUpdateChoice(ctx))).toBeNull();
    expect(fake.syncs - syncs).toBe(2);
    expect(fake.snapshot().sheets.map((s) => s.name)).toEqual(['Sheet1', 'Budget']);
  });

  it('a column inserted into the review since it was made: the choice says where, the update is refused, the workbook unchanged', async () => {
    const m = await made('review');
    await typeInto(m);
    computeAll(m.fake);
    // Column C inserted, as Excel does it: every cell from C on moves one column right.
    const sheet = m.fake.sheet(m.review.name)!;
    const moved = new Map([...sheet.cells].map(([k, c]) => [k % 16384 >= 2 ? k + 1 : k, c] as const));
    sheet.cells.clear();
    for (const [k, c] of moved) sheet.cells.set(k, c);
    const choice = (await m.fake.run((ctx) => readUpdateChoice(ctx)))!;
    expect(choice.roster).toEqual([]);
    expect(choice.problem?.en).toContain(`"${m.review.name}" has changed shape since KPI Kit made it: cell C4 is empty where "Department" was`);
    expect(choice.problem?.['zh-CN']).toContain('C4 单元格为空，原为“Department”');
    const before = m.fake.snapshot();
    const err = await m.fake.run((ctx) => runUpdate(ctx, { sheet: choice.sheet, roster: [{ name: 'Someone New', department: null }] }, undefined, { ...RUN, sheets: choice.sheets })).then(
      () => null,
      (e: unknown) => e,
    );
    expect((err as { words?: { en: string } }).words?.en).toContain('has changed shape since KPI Kit made it');
    expect(m.fake.snapshot()).toEqual(before);
  }, 120_000);

  it('another user types into a typed cell between the read and the swap: edited, the workbook unchanged', async () => {
    const m = await made('dashboard');
    await typeInto(m);
    computeAll(m.fake);
    const choice = (await m.fake.run((ctx) => readUpdateChoice(ctx)))!;
    const d = table(m.review, 'detail');
    const cell = `${d.columns.actual}${d.firstRow + 1}`;
    const old = m.fake.sheet(m.review.name)!;
    let readSync = 0;
    // The edit lands with the first request that writes the new sheets (after the read).
    m.fake.beforeSync((n) => {
      if (readSync === 0) readSync = n;
      else if (n === readSync + 1) old.cells.set(parseCell(cell).row * 16384 + (colNumber(d.columns.actual!) - 1), { v: 999 });
    });
    const before = m.fake.snapshot();
    const err = await m.fake.run((ctx) => runUpdate(ctx, { sheet: choice.sheet, roster: newRoster(choice.roster) }, undefined, { ...RUN, sheets: choice.sheets })).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isRenderError(err) && err.code).toBe('edited');
    const after = m.fake.snapshot();
    // Everything as it was, but for the other user's edit.
    const edited = after.sheets.find((s) => s.name === m.review.name)!;
    expect(edited.cells[cell]).toEqual({ v: 999 });
    const was = before.sheets.find((s) => s.name === m.review.name)!;
    expect({ ...edited, cells: { ...edited.cells, [cell]: was.cells[cell] } }).toEqual(was);
    expect({ ...after, sheets: after.sheets.filter((s) => s !== edited) }).toEqual({ ...before, sheets: before.sheets.filter((s) => s !== was) });
  }, 120_000);

  it('a failure at any step leaves the workbook as it was (or, once the swap began, finished)', async () => {
    const m = await made('dashboard', 3);
    await typeInto3(m);
    computeAll(m.fake);
    const choice = (await m.fake.run((ctx) => readUpdateChoice(ctx)))!;
    const roster = [...choice.roster.slice(1), NEW_PEOPLE[0]!];
    const update = (fake: FakeExcel) =>
      fake.run((ctx) => runUpdate(ctx, { sheet: choice.sheet, roster }, undefined, { ...RUN, sheets: choice.sheets, maxRequestBytes: 64 * 1024 }));
    // A clean run: the calls each request ends with.
    const probe = m.fake.clone();
    const ends: number[] = [];
    probe.beforeSync(() => ends.push(probe.ops));
    await update(probe);
    const done = probe.snapshot();
    const total = probe.ops;
    // Every call of the reads and of the swap, the first and last call of every other request, and a stride between.
    const first = new Set<number>();
    let from = 1;
    for (const end of ends) {
      if (end >= from) {
        first.add(from);
        first.add(end);
        if (end === ends[0] || end === ends[ends.length - 1]) for (let n = from; n <= end; n++) first.add(n);
        else for (let n = from; n <= end; n += 97) first.add(n);
      }
      from = end + 1;
    }
    const before = m.fake.snapshot();
    let unchanged = 0;
    let finished = 0;
    for (const n of [...first].sort((a, b) => a - b)) {
      if (n > total) continue;
      const fake = m.fake.clone();
      fake.failAt(n, n % 2 === 0 ? 'GeneralException' : 'ItemNotFound');
      const err = await update(fake).then(
        () => null,
        (e: unknown) => e,
      );
      if (err === null) {
        expect(fake.snapshot(), `call ${n} of ${total}`).toEqual(done);
        finished++;
        continue;
      }
      if (!isRenderError(err)) throw new Error(`call ${n}: ${String(err)}`);
      expect(err.rollbackFailed, `call ${n}`).toBe(false);
      expect(fake.snapshot(), `call ${n} of ${total}`).toEqual(before);
      unchanged++;
    }
    expect(unchanged).toBeGreaterThan(20);
    expect(finished).toBeGreaterThan(0);
  }, 600_000);

  it('the 2,000 x 6 review with 200 new employees: syncs counted', async () => {
    const m = await made('review', 2000);
    // No one leaves: the computed values (read only for the archive) are not needed.
    const choice = (await m.fake.run((ctx) => readUpdateChoice(ctx)))!;
    const roster = [...choice.roster, ...Array.from({ length: 200 }, (_, i) => ({ name: `New Hire ${i + 1}`, department: 'Sales East' }))];
    for (const hint of [true, false]) {
      const fake = m.fake.clone();
      const result = await fake.run((ctx) => runUpdate(ctx, { sheet: choice.sheet, roster }, undefined, { ...RUN, ...(hint ? { sheets: choice.sheets } : {}) }));
      expect(result.report.added).toHaveLength(200);
      expect(Math.max(...fake.requests)).toBeLessThanOrEqual(2 * 1024 * 1024);
      console.log(`2,000 x 6 review + 200 employees (${hint ? 'sheets known from the choice' : 'no hint'}): ${fake.syncs} syncs, requests ${fake.requests.join(', ')} bytes`);
      expect(fake.syncs).toBeLessThanOrEqual(hint ? 6 : 7);
    }
  }, 600_000);
});

/** Typing for a set of three employees. */
async function typeInto3(m: Made): Promise<void> {
  const d = table(m.review, 'detail');
  await m.fake.run(async (ctx) => {
    const ws = ctx.workbook.worksheets.getItem(m.review.name);
    ws.getRange(`${d.columns.comment}${d.firstRow + 1}`).values = [['Typed note']];
    ws.getRange(`${d.columns.actual}${d.firstRow + 2}`).values = [['77']];
    await ctx.sync();
  });
}

void addr;
