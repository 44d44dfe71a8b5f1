/**
 * Updating a generated review set for a new roster: people type into a generated review (actuals,
 * comments, 360 ratings, a setting, a grade band), the roster changes (people added, dropped,
 * reordered, renamed), and the update must keep every typed cell of a kept employee at the new
 * place of that employee and KPI, list the others on the archive sheet, and give a review that
 * recalculates (HyperFormula) to what the scoring core gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { colNumber, parseCell } from '../../core/templates/a1.js';
import {
  RECIPE_PREFIX,
  findRecipe,
  generateReviewFromUserPlan,
  generateTemplate,
  planUpdate,
  sheetsToRead,
  typedFingerprint,
  updateChoiceOf,
  type CellSpec,
  type Recipe,
  type ReviewRecipe,
  type RosterEntry,
  type SheetDesc,
  type SheetGrid,
  type TableLayout,
  type WorkbookDesc,
} from '../../core/templates/index.js';
import { SPARE_PLAN_LINES } from '../../core/templates/plan.js';
import type { Locale } from '../../core/types.js';
import { options, withValue } from './cases.js';
import { checkWorkbook } from './check.js';
import { hfBook } from './engines.js';
import { afterUpdate, plannedUpdate, sheetOf, tableOf, updateContext, valuesSheet, type Value } from './update-fixtures.js';
import { gridNamed, typedBook, type Typing } from './update-grids.js';

/** The cells a description writes on a sheet, by address (later blocks win). */
function cellsOf(s: SheetDesc): Map<string, CellSpec> {
  const out = new Map<string, CellSpec>();
  for (const b of s.blocks) {
    const at = parseCell(b.at);
    b.cells.forEach((row, i) => row.forEach((spec, j) => out.set(`${at.row + i},${at.col + j}`, spec)));
  }
  return out;
}
const valueIn = (cells: Map<string, CellSpec>, r: number, c: number): Value => {
  const spec = cells.get(`${r},${c}`);
  return spec && 'v' in spec ? spec.v : null;
};

const POOL = ['Ann Lee', 'Bob Stone', '张伟', '李娜', 'Cai Wen', 'Dee Park', '王芳', 'Eve Moss', 'Fay Hu', '刘洋', 'Gus Tan', 'Hal Ng'];
const COMMENTS = ['on track', '需改进', 'see notes', '=not a formula', ''];

interface Scenario {
  readonly lang: Locale;
  readonly kind: 'review' | 'dashboard';
  readonly names: string[];
  readonly depts: (string | null)[];
  readonly actuals: (number | null)[][];
  readonly comments: string[][];
  readonly collab: (number | null)[];
  readonly cap: number | null;
  readonly coefficient: number;
  readonly keep: boolean[];
  readonly order: number[];
  readonly added: string[];
  readonly bases: (number | null)[];
}

const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    lang: fc.constantFrom<Locale>('en', 'zh-CN'),
    kind: fc.constantFrom<'review' | 'dashboard'>('review', 'review', 'dashboard'),
    n: fc.integer({ min: 2, max: 6 }),
    seedNames: fc.shuffledSubarray(POOL, { minLength: 10, maxLength: 10 }),
  })
  .chain(({ lang, kind, n, seedNames }) => {
    const names = seedNames.slice(0, n);
    const spare = seedNames.slice(n);
    return fc.record({
      lang: fc.constant(lang),
      kind: fc.constant(kind),
      names: fc.constant(names),
      depts: fc.array(fc.constantFrom('Ops', '销售', null), { minLength: n, maxLength: n }),
      actuals: fc.array(fc.array(fc.option(fc.integer({ min: 0, max: 2000 }).map((x) => x / 4), { nil: null }), { minLength: 8, maxLength: 8 }), { minLength: n, maxLength: n }),
      comments: fc.array(fc.array(fc.constantFrom(...COMMENTS), { minLength: 8, maxLength: 8 }), { minLength: n, maxLength: n }),
      collab: fc.array(fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }), { minLength: n, maxLength: n }),
      cap: fc.constantFrom(1.2, 2, null),
      coefficient: fc.constantFrom(0.5, 0.9, 1.7),
      keep: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      order: fc.shuffledSubarray(Array.from({ length: n }, (_, i) => i), { minLength: n, maxLength: n }),
      added: fc.shuffledSubarray(spare, { minLength: 0, maxLength: 3 }),
      bases: fc.array(fc.option(fc.integer({ min: 1000, max: 9000 }), { nil: null }), { minLength: n, maxLength: n }),
    });
  });

interface Made {
  readonly desc: WorkbookDesc;
  readonly typing: Map<string, Map<string, Value>>;
  readonly K: number;
}

/** The set as generated, and the typing of the scenario on it. */
function typed(sc: Scenario): Made {
  const desc = generateTemplate(options({ kind: sc.kind, lang: sc.lang, preset: 'sales', rows: sc.names.length, period: '2026 Q4' }));
  const review = sheetOf(desc, 'review');
  const roster = tableOf(review, 'employees');
  const detail = tableOf(review, 'detail');
  const recipe = findRecipe(desc.sheets.length > 0 ? rowOne(review) : []) as ReviewRecipe;
  const K = recipe.plan.lastRow - recipe.plan.firstRow + 1;
  const t = new Map<string, Value>();
  const at = (table: TableLayout, field: string, r: number) => `${table.columns[field]!}${r}`;
  sc.names.forEach((name, i) => {
    t.set(at(roster, 'employee', roster.firstRow + i), name);
    t.set(at(roster, 'department', roster.firstRow + i), sc.depts[i] ?? null);
    t.set(at(roster, 'collab', roster.firstRow + i), sc.collab[i] ?? null);
    // Actuals on the plan's KPI lines (an actual on a blank spare line is a case of its own).
    for (let j = 0; j < Math.min(K - SPARE_PLAN_LINES, 8); j++) {
      t.set(at(detail, 'actual', detail.firstRow + i * K + j), sc.actuals[i]![j] ?? null);
      const c = sc.comments[i]![j]!;
      t.set(at(detail, 'comment', detail.firstRow + i * K + j), c === '' ? null : c);
    }
  });
  t.set(review.cells!.cap!, sc.cap);
  // The grade bands: the coefficient of the second band row.
  const bands = parseRangeOf(review.cells!.bands!);
  t.set(`${colLetters(bands.right)}${bands.top + 1}`, sc.coefficient);
  const typing = new Map([[review.name, t]]);
  if (sc.kind === 'dashboard') {
    const bonus = sheetOf(desc, 'bonus');
    const people = tableOf(bonus, 'employees');
    const b = new Map<string, Value>();
    sc.bases.forEach((x, i) => b.set(at(people, 'base', people.firstRow + i), x));
    b.set(bonus.cells!.pool!, 50000);
    typing.set(bonus.name, b);
  }
  return { desc, typing, K };
}

function rowOne(s: SheetDesc): Value[] {
  const out: Value[] = [];
  for (const [k, spec] of cellsOf(s)) {
    const [r, c] = k.split(',').map(Number) as [number, number];
    if (r === 1 && 'v' in spec) out[c - 1] = spec.v;
  }
  return Array.from(out, (x) => x ?? null);
}

function parseRangeOf(a: string): { top: number; left: number; bottom: number; right: number } {
  const [x, y = x] = a.split(':') as [string, string?];
  const p = parseCell(x);
  const q = parseCell(y!);
  return { top: p.row, left: p.col, bottom: q.row, right: q.col };
}
const colLetters = (n: number): string => {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
};

function rosterOf(sc: Scenario): { roster: RosterEntry[]; kept: string[]; archived: string[] } {
  const kept = sc.order.filter((i) => sc.keep[i]).map((i) => sc.names[i]!);
  const roster: RosterEntry[] = [...kept, ...sc.added].map((name) => ({ name, department: null }));
  const archived = sc.names.filter((_, i) => !sc.keep[i]);
  return { roster, kept, archived };
}

describe('updating a generated review for a new roster', () => {
  it('keeps every typed cell of a kept employee at their new place, archives the others, and recalculates to the core', () => {
    let runs = 0;
    fc.assert(
      fc.property(scenario, (sc) => {
        runs++;
        const { desc, typing, K } = typed(sc);
        const { grids, hf } = typedBook(desc, typing);
        hf.destroy();
        const review = sheetOf(desc, 'review');
        const recipe = findRecipe(gridNamed(grids, review.name).values[0]!) as ReviewRecipe;
        expect(recipe).not.toBeNull();
        const { roster, kept, archived } = rosterOf(sc);
        const plan = planUpdate(recipe, grids, roster, updateContext(desc));
        if (roster.length === 0) {
          expect(plan.ok).toBe(false);
          return;
        }
        if (!plan.ok) throw new Error(plan.message.en);
        expect(plan.report.kept).toBe(kept.length);
        expect([...plan.report.archived].sort()).toEqual([...archived].sort());
        expect(plan.report.added).toEqual(sc.added);
        expect(plan.report.restored).toEqual([]);

        // Kept employees: in the order they had, their typed cells at their new rows.
        const keptInOrder = sc.names.filter((_, i) => sc.keep[i]);
        const newReview = sheetOf(plan.desc, 'review');
        const cells = cellsOf(newReview);
        const roster2 = tableOf(newReview, 'employees');
        const detail2 = tableOf(newReview, 'detail');
        const col = (t: TableLayout, f: string) => colNumber(t.columns[f]!);
        const names2 = [...keptInOrder, ...sc.added];
        names2.forEach((name, i2) => expect(valueIn(cells, roster2.firstRow + i2, col(roster2, 'employee'))).toBe(name));
        expect(roster2.lastRow - roster2.firstRow + 1).toBe(Math.max(1, names2.length));
        keptInOrder.forEach((name, i2) => {
          const i = sc.names.indexOf(name);
          expect(valueIn(cells, roster2.firstRow + i2, col(roster2, 'department'))).toBe(sc.depts[i] ?? null);
          expect(valueIn(cells, roster2.firstRow + i2, col(roster2, 'collab'))).toBe(sc.collab[i] ?? null);
          for (let j = 0; j < Math.min(K - SPARE_PLAN_LINES, 8); j++) {
            const r = detail2.firstRow + i2 * K + j;
            expect(valueIn(cells, r, col(detail2, 'actual'))).toBe(sc.actuals[i]![j] ?? null);
            expect(valueIn(cells, r, col(detail2, 'comment'))).toBe(sc.comments[i]![j] || null);
          }
        });
        // Added employees start blank.
        sc.added.forEach((_, k) => {
          const i2 = keptInOrder.length + k;
          expect(valueIn(cells, detail2.firstRow + i2 * K, col(detail2, 'actual'))).toBeNull();
        });
        // Settings and bands stay where they were, with what was typed.
        expect(valueIn(cells, parseCell(newReview.cells!.cap!).row, parseCell(newReview.cells!.cap!).col)).toBe(sc.cap);
        const bands = parseRangeOf(newReview.cells!.bands!);
        expect(valueIn(cells, bands.top + 1, bands.right)).toBe(sc.coefficient);
        // Bonus bases follow their employee.
        if (sc.kind === 'dashboard') {
          const bonus = sheetOf(plan.desc, 'bonus');
          const bc = cellsOf(bonus);
          const people = tableOf(bonus, 'employees');
          keptInOrder.forEach((name, i2) => {
            expect(valueIn(bc, people.firstRow + i2, col(people, 'base'))).toBe(sc.bases[sc.names.indexOf(name)] ?? null);
          });
          expect(valueIn(bc, parseCell(bonus.cells!.pool!).row, parseCell(bonus.cells!.pool!).col)).toBe(50000);
        }

        // Archived employees: on the archive sheet, one row per KPI line, with what was typed.
        if (archived.length === 0) expect(plan.desc.sheets.some((s) => s.key === 'archive')).toBe(false);
        else {
          const arch = sheetOf(plan.desc, 'archive');
          expect(plan.report.archiveSheet).toBe(arch.name);
          const t = tableOf(arch, 'archive');
          const ac = cellsOf(arch);
          const rows = Array.from({ length: t.lastRow - t.firstRow + 1 }, (_, k) =>
            Array.from({ length: 9 }, (_, c) => valueIn(ac, t.firstRow + k, c + 1)),
          );
          for (const name of archived) {
            const i = sc.names.indexOf(name);
            const mine = rows.filter((r) => r[1] === name);
            expect(mine.length).toBeGreaterThan(0);
            for (const r of mine) expect(r[0]).toBe(46357);
            for (let j = 0; j < Math.min(K - SPARE_PLAN_LINES, 8); j++) {
              const a = sc.actuals[i]![j] ?? null;
              if (a !== null) expect(mine.some((r) => r[4] === a)).toBe(true);
            }
            expect(mine[0]![6]).toBe(sc.collab[i] ?? null);
          }
        }

        // The updated workbook recalculates to what the core functions give.
        const after = afterUpdate(desc, plan);
        const ch = checkWorkbook(after, hfBook(after));
        expect(ch.mismatches.slice(0, 5)).toEqual([]);
        expect(ch.checked).toBeGreaterThan(0);

        // Updating again with the same roster keeps everything and archives nobody.
        const { grids: grids2, hf: hf2 } = typedBook(after);
        hf2.destroy();
        const recipe2 = findRecipe(gridNamed(grids2, newReview.name).values[0]!) as ReviewRecipe;
        expect(recipe2.employees).toBe(Math.max(1, names2.length));
        if (names2.length > 0) {
          const again = plannedUpdate(recipe2, grids2, names2.map((name) => ({ name, department: null })), after);
          expect(again.report.kept).toBe(names2.length);
          expect(again.report.archived).toEqual([]);
          expect(again.report.restored).toEqual([]);
          expect(again.typed).toBe(typedFingerprint(recipe2, grids2));
        }
      }),
      { seed: 4242, numRuns: 12 },
    );
    expect(runs).toBe(12);
  }, 240_000);
});

describe('update details', () => {
  const desc = generateTemplate(options({ kind: 'review', lang: 'zh-CN', preset: 'sales', rows: 3, period: '2026年第四季度' }));
  const review = sheetOf(desc, 'review');
  const roster = tableOf(review, 'employees');
  const detail = tableOf(review, 'detail');
  const typing: Typing = new Map([
    [
      review.name,
      new Map<string, Value>([
        [`${roster.columns.employee}${roster.firstRow}`, '张伟'],
        [`${roster.columns.employee}${roster.firstRow + 1}`, 'Ann Lee'],
        [`${detail.columns.actual}${detail.firstRow}`, 120],
      ]),
    ],
  ]);
  const { grids, hf } = typedBook(desc, typing);
  hf.destroy();
  const recipe = findRecipe(gridNamed(grids, review.name).values[0]!) as ReviewRecipe;

  it('stamps the recipe in row 1 of a hidden column right of everything', () => {
    const stamp = rowOne(review).findIndex((x) => typeof x === 'string' && x.startsWith(RECIPE_PREFIX));
    expect(stamp).toBeGreaterThan(0);
    expect(review.columns[stamp]?.hidden).toBe(true);
    const right = Math.max(...review.blocks.filter((b) => parseCell(b.at).row > 1).map((b) => parseCell(b.at).col + b.cells[0]!.length - 1));
    expect(stamp + 1).toBeGreaterThan(right);
    expect(recipe).toMatchObject({ version: 1, kind: 'review', lang: 'zh-CN', employees: 3, period: '2026年第四季度' });
    expect(recipe.sheets.review).toBe(review.name);
    expect(recipe.names.KPI_Bands).toBeDefined();
    expect(sheetsToRead(recipe)).toEqual([review.name, recipe.plan.sheet]);
    expect(findRecipe(['x', `${RECIPE_PREFIX}{bad json`, null])).toBeNull();
    expect(findRecipe([])).toBeNull();
  });

  it('offers the current roster and KPI lines', () => {
    const choice = updateChoiceOf(review.name, recipe, grids);
    expect(choice.roster).toEqual([
      { name: '张伟', department: null },
      { name: 'Ann Lee', department: null },
    ]);
    expect(choice.kpis).toBe(recipe.plan.lastRow - recipe.plan.firstRow + 1);
    expect(choice.sheets).toContain(review.name);
  });

  it('refuses a blank or repeated name, in both languages', () => {
    const blank = planUpdate(recipe, grids, [{ name: '张伟', department: null }, { name: '  ', department: 'Ops' }], updateContext(desc));
    expect(blank.ok).toBe(false);
    if (!blank.ok) {
      expect(blank.message.en).toContain('2');
      expect(blank.message['zh-CN']).toContain('第 2 行');
    }
    const twice = planUpdate(recipe, grids, [{ name: 'Ann Lee', department: null }, { name: ' ann  lee ', department: null }], updateContext(desc));
    expect(twice.ok).toBe(false);
    if (!twice.ok) expect(twice.message['zh-CN']).toContain('两次');
    expect(planUpdate(recipe, grids, [], updateContext(desc)).ok).toBe(false);
  });

  it('matches names trimmed and in any case, keeping the typed spelling', () => {
    const plan = plannedUpdate(recipe, grids, [{ name: ' ann lee', department: 'Ops' }, { name: '张伟', department: null }], desc);
    expect(plan.report.kept).toBe(2);
    expect(plan.report.added).toEqual([]);
    const cells = cellsOf(sheetOf(plan.desc, 'review'));
    const r2 = tableOf(sheetOf(plan.desc, 'review'), 'employees');
    expect(valueIn(cells, r2.firstRow, colNumber(r2.columns.employee!))).toBe('张伟');
    expect(valueIn(cells, r2.firstRow + 1, colNumber(r2.columns.employee!))).toBe('Ann Lee');
    expect(valueIn(cells, r2.firstRow + 1, colNumber(r2.columns.department!))).toBe('Ops');
    expect(plan.replace).toEqual([review.name]);
  });

  it('reports computed cells typed over and writes their formulas back', () => {
    const kpiScore = `${roster.columns.kpiScore}${roster.firstRow}`;
    const over = new Map(typing);
    over.set(review.name, new Map([...typing.get(review.name)!, [kpiScore, 0.95]]));
    const { grids: g2, hf: h2 } = typedBook(desc, over);
    h2.destroy();
    const plan = plannedUpdate(recipe, g2, [{ name: '张伟', department: null }], desc);
    expect(plan.report.restored).toEqual([`${review.name}!${kpiScore}`]);
    const cells = cellsOf(sheetOf(plan.desc, 'review'));
    expect(cells.get(`${roster.firstRow},${colNumber(roster.columns.kpiScore!)}`)).toHaveProperty('f');
  });

  it('writes back empty hidden helper cells without reporting them, and reports a value pasted over one', () => {
    // A review made by an earlier version left the per-employee helpers of the detail table empty.
    const detail = tableOf(review, 'detail');
    const helper = (key: string) => `${detail.columns[key]}${detail.firstRow}`;
    const emptied = new Map(typing);
    emptied.set(review.name, new Map([...typing.get(review.name)!, [helper('raw'), null], [helper('reason'), null], [helper('counted'), 7]]));
    const { grids: g2, hf: h2 } = typedBook(desc, emptied);
    h2.destroy();
    const plan = plannedUpdate(recipe, g2, [{ name: '张伟', department: null }], desc);
    expect(plan.report.restored).toEqual([`${review.name}!${helper('counted')}`]);
    const cells = cellsOf(sheetOf(plan.desc, 'review'));
    for (const key of ['raw', 'reason', 'counted']) expect(cells.get(`${detail.firstRow},${colNumber(detail.columns[key]!)}`)).toHaveProperty('f');
  });

  it('fingerprints typed cells only', () => {
    const base = typedFingerprint(recipe, grids);
    expect(typedFingerprint(recipe, grids)).toBe(base);
    const edit = (g: SheetGrid, r: number, c: number, x: unknown): SheetGrid => {
      const values = g.values.map((row) => [...row]);
      while (values.length < r) values.push([]);
      values[r - 1]![c - 1] = x;
      return { ...g, values };
    };
    const swap = (g: SheetGrid) => grids.map((x) => (x.name === g.name ? g : x));
    const reviewGrid = gridNamed(grids, review.name);
    const typedCell = parseCell(`${detail.columns.comment}${detail.firstRow + 1}`);
    expect(typedFingerprint(recipe, swap(edit(reviewGrid, typedCell.row, typedCell.col, 'new note')))).not.toBe(base);
    const computed = parseCell(`${detail.columns.achievement}${detail.firstRow}`);
    expect(typedFingerprint(recipe, swap(edit(reviewGrid, computed.row, computed.col, 0.5)))).toBe(base);
  });

  it('covers KPI lines typed under the plan rows the review read', () => {
    const planDesc = generateTemplate(options({ kind: 'plan', lang: 'en', preset: 'sales', rows: 9, period: '2026 Q4' }));
    const planSheet = sheetOf(planDesc, 'plan');
    const onPlan = generateTemplate(options({ kind: 'review', lang: 'en', rows: 2, period: '2026 Q4', plan: { sheet: planSheet.name, kpis: 5 } }), {
      existingSheets: planDesc.sheets.map((s) => s.name),
      existingNames: planDesc.names.map((n) => n.name),
    });
    const both: WorkbookDesc = { ...planDesc, sheets: [...planDesc.sheets, ...onPlan.sheets], names: [...planDesc.names, ...onPlan.names] };
    const rv = sheetOf(onPlan, 'review');
    const rt = tableOf(rv, 'employees');
    const pt = tableOf(planSheet, 'kpis');
    const line = pt.firstRow + 5;
    const t: Typing = new Map([
      [rv.name, new Map<string, Value>([[`${rt.columns.employee}${rt.firstRow}`, 'Ann Lee']])],
      [
        planSheet.name,
        new Map<string, Value>([
          [`${pt.columns.kpi}${line}`, 'Upsell revenue'],
          [`${pt.columns.target}${line}`, 100],
          [`${pt.columns.weight}${line}`, 0.1],
        ]),
      ],
    ]);
    const { grids: g, hf: h } = typedBook(both, t);
    h.destroy();
    const r = findRecipe(gridNamed(g, rv.name).values[0]!) as ReviewRecipe;
    expect(r.plan.lastRow - r.plan.firstRow + 1).toBe(5);
    const plan = plannedUpdate(r, g, [{ name: 'Ann Lee', department: null }], both);
    expect(plan.report.kpisAdded).toBeGreaterThanOrEqual(1);
    const k = 5 + plan.report.kpisAdded;
    const nd = tableOf(sheetOf(plan.desc, 'review'), 'detail');
    expect(nd.lastRow - nd.firstRow + 1).toBe(k);
    let typedPlan = both;
    for (const [at, x] of t.get(planSheet.name)!) typedPlan = withValue(typedPlan, planSheet.name, at, x as string | number);
    const after = afterUpdate(typedPlan, plan);
    const book = hfBook(after);
    const kpiCol = colNumber(nd.columns.kpi!);
    expect(book.get(sheetOf(plan.desc, 'review').name)![nd.firstRow + 4]![kpiCol - 1]).toBe('Upsell revenue');
  });
});

/** A review typed into by hand: Ann Lee and Bob Stone on its first two roster lines, `actual` on detail line `line` (0 the first). */
function annAndBob(review: SheetDesc, line: number, actual: number): Typing {
  const roster = tableOf(review, 'employees');
  const detail = tableOf(review, 'detail');
  const cells = new Map<string, Value>([
    [`${roster.columns.employee}${roster.firstRow}`, 'Ann Lee'],
    [`${roster.columns.employee}${roster.firstRow + 1}`, 'Bob Stone'],
    [`${detail.columns.actual}${detail.firstRow + line}`, actual],
  ]);
  return new Map([[review.name, cells]]);
}

/** The new roster of both reviews below: Ann Lee leaves, Cy joins. */
const BOB_AND_CY: RosterEntry[] = [{ name: 'Bob Stone', department: null }, { name: 'Cy', department: null }];

describe("a review of a user's own table", () => {
  it('is stamped and updates like any review, reading no lines under the helper sheet', () => {
    const values = [
      ['Metric', 'Target', 'Weight'],
      ['Revenue', 1000, 0.6],
      ['Cost', 800, 0.4],
    ];
    const { desc } = generateReviewFromUserPlan(
      options({ kind: 'review', lang: 'en', period: '2026 Q4', rows: 3 }),
      { sheet: 'Targets', values, mapping: { headerRow: 1, firstRow: 2, lastRow: 3, columns: { kpi: 'A', target: 'B', weight: 'C' } } },
      { existingSheets: ['Targets'] },
    );
    const review = sheetOf(desc, 'review');
    const detail = tableOf(review, 'detail');
    const recipe = findRecipe(rowOne(review)) as ReviewRecipe;
    expect(recipe.sheets.userPlan).toBe(recipe.plan.sheet);
    const K = recipe.plan.lastRow - recipe.plan.firstRow + 1;
    const typing = annAndBob(review, K, 950);
    const book: WorkbookDesc = { ...desc, sheets: [valuesSheet('user', 'Targets', values), ...desc.sheets] };
    const { grids, hf } = typedBook(book, typing);
    hf.destroy();
    const plan = plannedUpdate(recipe, grids, BOB_AND_CY, book);
    expect(plan.report).toMatchObject({ kept: 1, added: ['Cy'], archived: ['Ann Lee'], kpisAdded: 0, restored: [] });
    const cells = cellsOf(sheetOf(plan.desc, 'review'));
    expect(valueIn(cells, detail.firstRow, colNumber(detail.columns.actual!))).toBe(950);
    expect(plan.desc.sheets.map((s) => s.key)).toEqual(['review', 'archive']);
  });
});

describe('a review whose actuals come from a system export', () => {
  it('is made again with the export: typed actuals kept, the export check follows the roster, totals equal the core', () => {
    const lines = generateTemplate(options({ kind: 'plan', lang: 'en', preset: 'sales', period: 'Q1' }));
    const planSheet = sheetOf(lines, 'plan');
    const kpiCol = colNumber(tableOf(planSheet, 'kpis').columns.kpi!);
    const first = tableOf(planSheet, 'kpis').firstRow;
    const kpiName = (j: number) => valueIn(cellsOf(planSheet), first + j, kpiCol) as string;
    const exportValues: (string | number)[][] = [
      ['CRM export'],
      ['Name', 'Metric', 'Value'],
      ['Ann Lee', kpiName(0), 120],
      ['Bob Stone', kpiName(0), 90],
      ['Bob Stone', kpiName(1), 0.8],
    ];
    const request = { sheet: 'CRM', mapping: { headerRow: 2, firstRow: 3, lastRow: exportValues.length, columns: { employee: 'A', kpi: 'B', actual: 'C' } } };
    const desc = generateTemplate(options({ kind: 'review', lang: 'en', preset: 'sales', period: 'Q1', rows: 3 }), { existingSheets: ['CRM'] }, request);
    const crm = valuesSheet('crm', 'CRM', exportValues.map((r) => [0, 1, 2].map((i) => r[i] ?? null)));
    const book: WorkbookDesc = { ...desc, sheets: [crm, ...desc.sheets] };
    const review = sheetOf(desc, 'review');
    const recipe = findRecipe(rowOne(review)) as ReviewRecipe;
    expect(recipe.actuals).toEqual(request);
    expect(recipe.sheets.exportCheck).toBeDefined();
    const roster = tableOf(review, 'employees');
    const detail = tableOf(review, 'detail');
    const K = recipe.plan.lastRow - recipe.plan.firstRow + 1;
    // A typed actual wins over the export's.
    const typing = annAndBob(review, K + 2, 33);
    const { grids, hf } = typedBook(book, typing);
    hf.destroy();
    const plan = plannedUpdate(recipe, grids, BOB_AND_CY, book);
    expect(plan.report).toMatchObject({ kept: 1, added: ['Cy'], archived: ['Ann Lee'], restored: [] });
    expect(plan.desc.sheets.map((s) => s.key).sort()).toEqual(['archive', 'exportCheck', 'review']);
    const newReview = sheetOf(plan.desc, 'review');
    const nd = tableOf(newReview, 'detail');
    expect(nd.columns).toEqual(detail.columns);
    expect(valueIn(cellsOf(newReview), nd.firstRow + 2, colNumber(nd.columns.actual!))).toBe(33);
    // Archived: Ann's actual from the export, as a value.
    const arch = cellsOf(sheetOf(plan.desc, 'archive'));
    expect(valueIn(arch, 5, 2)).toBe('Ann Lee');
    const typedBook2 = withValue(withValue(book, review.name, `${roster.columns.employee}${roster.firstRow}`, 'Ann Lee'), review.name, `${roster.columns.employee}${roster.firstRow + 1}`, 'Bob Stone');
    const after = afterUpdate(typedBook2, plan);
    const computed = hfBook(after);
    // Bob's first actual comes from the export (90), his typed one wins on the third line.
    const at = (r: number, field: string) => computed.get(newReview.name)![r - 1]![colNumber(nd.columns[field]!) - 1];
    expect(typeof at(nd.firstRow, 'achievement')).toBe('number');
    expect(at(nd.firstRow, 'achievement')).toBeCloseTo(90 / Number(valueIn(cellsOf(planSheet), first, colNumber(tableOf(planSheet, 'kpis').columns.target!))), 9);
    expect(at(nd.firstRow + 2, 'actual')).toBe(33);
  });
});
