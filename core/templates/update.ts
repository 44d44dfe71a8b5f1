/**
 * Updating a generated review set (review, and the bonus and dashboard made with it) for a new
 * roster without losing what people typed.
 *
 * A generated review stamps its recipe (RECIPE_PREFIX + JSON) in row 1 of a hidden column. From the
 * recipe the set is made again exactly as it was (same options, same names), which tells where
 * every typed cell (an `input` styled cell) sits; the typed values are read from the sheets as the
 * host read them, by employee (roster name) and KPI line, and written into the set made for the
 * new roster. Employees no longer listed move, as values, to an archive sheet.
 *
 * A standalone bonus sheet (stamped on the bonus sheet) and a 360 feedback set (stamped on its
 * summary) are updated the same way: see the last part of this file.
 */
import { shapeProblem } from './update-shape.js';
import { nameKey } from './names.js';
import type { Locale, Localized } from '../types.js';
import { addr, col, colNumber, parseCell, parseRange } from './a1.js';
import { bonusSheet, type BonusResult } from './bonus.js';
import { BLANK, v, WorkbookBuilder } from './builder.js';
import { dashboardSheet } from './dashboard.js';
import { feedback360Sheets } from './feedback360.js';
import { label, type LabelKey } from './labels.js';
import type { PlanMapping } from './options.js';
import type { NumberInput } from './plan.js';
import { reviewSheet, type ReviewSheetResult } from './review.js';
import type { CellSpec, SheetDesc, TableLayout, WorkbookDesc } from './types.js';
import { exportCheckSheet, exportSource, planKpiRange, type ExportRequest } from './export.js';
import { RECIPE_PREFIX, type RosterEntry, type SheetGrid, type UpdateChoice, type UpdatePlan, type UpdateReport } from './update-types.js';

export { RECIPE_PREFIX } from './update-types.js';
export type { RosterEntry, SheetGrid, UpdateChoice, UpdatePlan, UpdateReport } from './update-types.js';

/** How a generated review set was made: enough to make it again, cell for cell. */
export interface ReviewRecipe {
  readonly version: 1;
  /** The template kind that made the set: a review (also from a user's own table) or the dashboard's set. */
  readonly kind: 'review' | 'dashboard';
  readonly lang: Locale;
  readonly department: string;
  readonly period: string;
  /** The plan rows the review reads. */
  readonly plan: PlanMapping;
  /** Employee rows of the review. */
  readonly employees: number;
  /** Sheet names of the set by key: review, lists, and plan, bonus, dashboard, userPlan, archive where made. */
  readonly sheets: Readonly<Record<string, string>>;
  /** Workbook names the set made, by the base name asked for (KPI_Bands → KPI_Bands_2). */
  readonly names: Readonly<Record<string, string>>;
  /** The dashboard's department list and target distribution (dashboard sets). */
  readonly departments?: readonly (string | null)[];
  readonly targets?: readonly NumberInput[];
  /** The unit of each plan line when the set was made (the actuals' number formats). */
  readonly units?: readonly (string | null)[];
  /** The system export the actuals come from, as confirmed, and its sheet's fixed last row where there is one. */
  readonly actuals?: ExportRequest;
  readonly sheetRows?: number;
}

/** How a standalone bonus sheet or a 360 feedback set was made: enough to make it again, cell for cell. */
export interface SheetRecipe {
  readonly version: 1;
  readonly kind: 'bonus' | 'feedback360';
  readonly lang: Locale;
  readonly period: string;
  /** Employee rows of the bonus sheet, or ratee rows of the 360 summary. */
  readonly employees: number;
  /** Rating lines of the 360 ratings sheet. */
  readonly lines?: number;
  /** Sheet names by key; `review` names the sheet that holds the recipe (the bonus sheet, the 360 summary). */
  readonly sheets: Readonly<Record<string, string>>;
  readonly names: Readonly<Record<string, string>>;
}

/** A generated set's recipe: a review set (review, dashboard) or a bonus or 360 set. */
export type Recipe = ReviewRecipe | SheetRecipe;

/** What the bonus and 360 generators know of their set before its names are known. */
export type SheetRecipeBase = Omit<SheetRecipe, 'version' | 'sheets' | 'names'>;

function isSheetRecipe(r: Recipe): r is SheetRecipe {
  return r.kind === 'bonus' || r.kind === 'feedback360';
}

/** The sheet holding a bonus or 360 set's recipe, and the sheets the update rewrites. */
const MAIN_KEY = { bonus: 'bonus', feedback360: 'summary360' } as const;
const SHEET_KEYS: Readonly<Record<SheetRecipe['kind'], readonly string[]>> = { bonus: ['bonus'], feedback360: ['summary360', 'ratings'] };

/** Writes a bonus or 360 set's recipe into row 1 of its bonus or summary sheet (after the set is made). */
export function stampSheetRecipe(
  wb: WorkbookBuilder,
  base: SheetRecipeBase,
  before: { readonly sheets?: Readonly<Record<string, string>>; readonly names?: Readonly<Record<string, string>> } = {},
): SheetRecipe {
  const made = wb.sheetNames();
  const main = made[MAIN_KEY[base.kind]] ?? before.sheets?.review ?? '';
  const recipe: SheetRecipe = { version: 1, ...base, sheets: { ...before.sheets, ...made, review: main }, names: { ...before.names, ...wb.nameBases() } };
  wb.sheetOf(MAIN_KEY[base.kind])?.stamp(RECIPE_PREFIX + JSON.stringify(recipe));
  return recipe;
}

/** What the generators know of a set before its sheet and workbook names are known. */
export type RecipeBase = Omit<ReviewRecipe, 'version' | 'sheets' | 'names'>;

/** Sheets of a set that an update writes anew; the others (plan, lists, a user's table reader) stay. */
const REWRITTEN = ['review', 'bonus', 'dashboard', 'exportCheck'] as const;

/** Writes the recipe of the set made in `wb` into row 1 of its review sheet (after the set is made). */
export function stampRecipe(
  wb: WorkbookBuilder,
  base: RecipeBase,
  before: { readonly sheets?: Readonly<Record<string, string>>; readonly names?: Readonly<Record<string, string>> } = {},
): ReviewRecipe {
  const recipe: ReviewRecipe = {
    version: 1,
    ...base,
    sheets: { ...before.sheets, ...wb.sheetNames() },
    names: { ...before.names, ...wb.nameBases() },
  };
  wb.sheetOf('review')?.stamp(RECIPE_PREFIX + JSON.stringify(recipe));
  return recipe;
}

/** The recipe in a sheet's row 1 (as read from A1), or null when there is none or it cannot be read. */
export function findRecipe(firstRow: readonly unknown[]): Recipe | null {
  for (const x of firstRow) {
    if (typeof x !== 'string' || !x.startsWith(RECIPE_PREFIX)) continue;
    try {
      const r = JSON.parse(x.slice(RECIPE_PREFIX.length)) as Partial<ReviewRecipe> & Partial<Omit<SheetRecipe, 'kind'>> & { kind?: string };
      const common =
        r.version === 1 &&
        (r.lang === 'en' || r.lang === 'zh-CN') &&
        typeof r.employees === 'number' &&
        r.sheets !== undefined && typeof r.sheets.review === 'string' &&
        r.names !== undefined;
      if (!common) continue;
      if ((r.kind === 'review' || r.kind === 'dashboard') && r.plan !== undefined && typeof r.plan.sheet === 'string' && typeof r.plan.firstRow === 'number') {
        return r as ReviewRecipe;
      }
      const kind = r.kind as string | undefined;
      if (kind === 'bonus' || (kind === 'feedback360' && typeof r.lines === 'number' && typeof r.sheets.ratings === 'string')) return r as unknown as SheetRecipe;
    } catch {
      // Not a recipe this version can read.
    }
  }
  return null;
}

/** The sheets of the set a host reads as grids: the rewritten ones, the archive, and the plan (for lines added). */
export function sheetsToRead(recipe: Recipe): string[] {
  return isSheetRecipe(recipe) ? sheetSetToRead(recipe) : reviewSheetsToRead(recipe);
}

/** The set a host may update from one of its sheets: the roster, the KPI lines, the sheets to read. */
export function updateChoiceOf(recipeSheet: string, recipe: Recipe, grids: readonly SheetGrid[]): UpdateChoice {
  return isSheetRecipe(recipe) ? sheetSetChoice(recipeSheet, recipe, grids) : reviewUpdateChoice(recipeSheet, recipe, grids);
}

/** A stable fingerprint of every typed cell of the set as read. */
export function typedFingerprint(recipe: Recipe, grids: readonly SheetGrid[]): string {
  return isSheetRecipe(recipe) ? sheetSetFingerprint(recipe, grids) : reviewFingerprint(recipe, grids);
}

/**
 * The update of a generated set for a new roster: employees still listed keep their order and
 * everything typed for them; new ones are appended; the others move to the archive sheet.
 */
export function planUpdate(
  recipe: Recipe,
  grids: readonly SheetGrid[],
  roster: readonly RosterEntry[],
  context: { existingSheets: string[]; existingNames: string[]; today?: string },
): UpdatePlan {
  return isSheetRecipe(recipe) ? sheetSetUpdate(recipe, grids, roster, context) : reviewPlanUpdate(recipe, grids, roster, context);
}

/** A review set's sheets to read. */
function reviewSheetsToRead(recipe: ReviewRecipe): string[] {
  const out: string[] = [];
  for (const key of [...REWRITTEN, 'archive']) {
    const name = recipe.sheets[key];
    if (name !== undefined) out.push(name);
  }
  if (!out.some((n) => n.toLowerCase() === recipe.plan.sheet.toLowerCase())) out.push(recipe.plan.sheet);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reading grids.

function gridOf(grids: readonly SheetGrid[], name: string | undefined): SheetGrid | undefined {
  if (name === undefined) return undefined;
  return grids.find((g) => g.name === name) ?? grids.find((g) => g.name.toLowerCase() === name.toLowerCase());
}

/** Days from 1899-12-30 (the spreadsheet date serial). */
function serialOf(d: Date): number {
  return Math.round((d.getTime() - Date.UTC(1899, 11, 30)) / 86400000 * 1e6) / 1e6;
}

/** A value as read, as the value written back: numbers, text, booleans; blank text and nothing → null. */
function plain(x: unknown): number | string | boolean | null {
  if (x === null || x === undefined) return null;
  if (typeof x === 'number') return Number.isFinite(x) ? x : null;
  if (typeof x === 'string') return x === '' ? null : x;
  if (typeof x === 'boolean') return x;
  if (x instanceof Date) return serialOf(x);
  return String(x);
}

function valueAt(g: SheetGrid | undefined, r: number, c: number): number | string | boolean | null {
  return g === undefined ? null : plain(g.values[r - 1]?.[c - 1]);
}

function hasFormula(g: SheetGrid, r: number, c: number): boolean {
  const x = g.formulas[r - 1]?.[c - 1];
  return typeof x === 'string' && x.startsWith('=');
}

export { nameKey };

function textOf(x: number | string | boolean | null): string {
  return x === null ? '' : String(x).trim();
}

// ---------------------------------------------------------------------------------------------
// Where typed cells are.

interface Rect {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

/** Cells the user types into: `input` styled, unless a later style covers them (a locked catch-all bound). */
function typedRects(sheet: SheetDesc): { rects: Rect[]; covered: (r: number, c: number) => boolean } {
  const rects: Rect[] = [];
  const later: { at: number; rect: Rect }[] = [];
  sheet.styles.forEach((s, i) => {
    const rect = parseRange(s.range);
    if (s.style === 'input') rects.push({ ...rect, at: i } as Rect & { at: number });
    else later.push({ at: i, rect });
  });
  const covered = (r: number, c: number): boolean => {
    for (const rect of rects as (Rect & { at: number })[]) {
      if (r < rect.top || r > rect.bottom || c < rect.left || c > rect.right) continue;
      const over = later.some((x) => x.at > rect.at && r >= x.rect.top && r <= x.rect.bottom && c >= x.rect.left && c <= x.rect.right);
      if (!over) return true;
    }
    return false;
  };
  return { rects, covered };
}

/** Every typed cell of a sheet, row by row. */
function eachTyped(sheet: SheetDesc, fn: (r: number, c: number) => void): void {
  const { rects, covered } = typedRects(sheet);
  const seen = new Set<number>();
  for (const rect of rects) {
    for (let r = rect.top; r <= rect.bottom; r++) {
      for (let c = rect.left; c <= rect.right; c++) {
        const id = r * 20000 + c;
        if (seen.has(id) || !covered(r, c)) continue;
        seen.add(id);
        fn(r, c);
      }
    }
  }
}

/** Field of each column of a table. */
function fieldsOf(t: TableLayout): Map<number, string> {
  return new Map(Object.entries(t.columns).map(([k, letters]) => [colNumber(letters), k]));
}

// ---------------------------------------------------------------------------------------------
// Making the set.

interface SetInput {
  readonly plan: PlanMapping;
  readonly employees: number;
  readonly existingSheets?: readonly string[];
  readonly existingNames?: readonly string[];
  /** Sheets of the set to make (review always). */
  readonly bonus: boolean;
  readonly dashboard: boolean;
  /** Units of the plan lines (number formats of the actuals). */
  readonly units?: readonly (string | null)[];
  /** The archive sheet's rows (values), when it is made. */
  readonly archive?: readonly (readonly (number | string | boolean | null)[])[];
}

interface MadeSet {
  readonly desc: WorkbookDesc;
  readonly recipe: ReviewRecipe;
  readonly review: ReviewSheetResult;
  readonly bonus: BonusResult | null;
}

/** Makes the set of a recipe again with the recipe's names (for `input`'s plan rows and employees). */
function makeSet(recipe: ReviewRecipe, input: SetInput): MadeSet {
  const pinned = { sheets: recipe.sheets, names: recipe.names };
  const wb = new WorkbookBuilder(recipe.lang, input.existingSheets ?? [], input.existingNames ?? [], pinned);
  const source = recipe.actuals !== undefined ? exportSource(wb, recipe.actuals, recipe.sheetRows) : undefined;
  const review = reviewSheet(wb, {
    department: recipe.department,
    period: recipe.period,
    plan: input.plan,
    employees: input.employees,
    ...(input.units ? { units: input.units } : {}),
    ...(source ? { actuals: source } : {}),
  });
  // The review sums what the export check keeps per export row: the check is made with it, always.
  if (source && recipe.actuals) {
    const check = { sheet: review.sheet, roster: review.roster, kpis: planKpiRange(input.plan), period: source.period() };
    exportCheckSheet(wb, recipe.actuals, check, recipe.sheetRows);
  }
  const link = { sheet: review.sheet, roster: review.roster, bandsName: review.bandsName };
  const bonus = input.bonus ? bonusSheet(wb, { period: recipe.period, employees: input.employees, review: link }) : null;
  if (input.dashboard) {
    dashboardSheet(wb, {
      period: recipe.period,
      review,
      ...(bonus ? { bonus } : {}),
      departments: recipe.departments ?? [],
      targets: recipe.targets ?? [],
    });
  }
  if (input.archive !== undefined) archiveSheet(wb, recipe.lang, input.archive);
  const { sheets, names, version: _v, ...base } = recipe;
  // The recipe keeps the names of sheets the update does not make (the plan, an earlier archive).
  const made = stampRecipe(wb, { ...base, plan: input.plan, employees: input.employees, ...(input.units ? { units: input.units } : {}) }, { sheets, names });
  return { desc: wb.build(), recipe: made, review, bonus };
}

/** The set exactly as its recipe made it (no typing), memoized for the fingerprint read twice. */
let lastOld: { key: string; set: MadeSet } | undefined;
function oldSet(recipe: ReviewRecipe, present: { bonus: boolean; dashboard: boolean }): MadeSet {
  const key = JSON.stringify([recipe, present]);
  if (lastOld?.key === key) return lastOld.set;
  const set = makeSet(recipe, { plan: recipe.plan, employees: recipe.employees, ...present, ...(recipe.units ? { units: recipe.units } : {}) });
  lastOld = { key, set };
  return set;
}

// ---------------------------------------------------------------------------------------------
// Words.

const WORDS = {
  en: {
    sheet: 'Archived',
    title: 'Archived employees',
    note: 'Rows of employees no longer listed, kept as values when the review was updated.',
    headers: ['Date archived', 'Employee', 'Department', 'KPI', 'Actual', 'Comment', '360 rating', 'Total', 'Grade'],
    blank: (row: number) => `Line ${row} of the list has no name.`,
    twice: (name: string, a: number, b: number) => `"${name}" is listed twice (lines ${a} and ${b}).`,
    empty: 'The list has no names.',
    missing: (sheet: string) => `The sheet "${sheet}" of this review was not found.`,
    missingSet: (sheet: string) => `The sheet "${sheet}" of this set was not found.`,
    sheetNote: 'Rows of employees no longer listed, kept as values when the sheet was updated.',
  },
  'zh-CN': {
    sheet: '已归档',
    title: '已归档员工',
    note: '名单中已不再列出的员工的各行，在更新考核表时以数值保留于此。',
    headers: ['归档日期', '员工', '部门', 'KPI', '实际值', '备注', '360评分', '总分', '等级'],
    blank: (row: number) => `名单第 ${row} 行没有姓名。`,
    twice: (name: string, a: number, b: number) => `“${name}”在名单中出现了两次（第 ${a} 行和第 ${b} 行）。`,
    empty: '名单中没有姓名。',
    missing: (sheet: string) => `未找到此考核表的工作表“${sheet}”。`,
    missingSet: (sheet: string) => `未找到此组工作表中的“${sheet}”。`,
    sheetNote: '名单中已不再列出的员工的各行，在更新工作表时以数值保留于此。',
  },
} as const;

const localized = (make: (w: (typeof WORDS)[Locale]) => string): Localized => ({ en: make(WORDS.en), 'zh-CN': make(WORDS['zh-CN']) });

const ARCHIVE_HEADER_ROW = 4;
const ARCHIVE_COLUMNS = 9;

/** The archive's columns: headers, layout keys and number formats (by column number; the date's is the first). */
interface ArchiveLayout {
  readonly headers: readonly string[];
  readonly keys: readonly string[];
  readonly formats: Readonly<Record<number, string>>;
}

/**
 * Every archive column is this wide (characters): names, KPIs and comments read whole at it
 * or run into the empty cell next to them; one width is one setting in every host.
 */
const ARCHIVE_WIDTH = 20;

const REVIEW_ARCHIVE = (lang: Locale): ArchiveLayout => ({
  headers: WORDS[lang].headers,
  keys: ['date', 'employee', 'department', 'kpi', 'actual', 'comment', 'collab', 'total', 'grade'],
  formats: { 8: '0.0%' },
});

/** The archive sheet: title, note, header, and the rows as values. Returns its name. */
function archiveSheet(
  wb: WorkbookBuilder,
  lang: Locale,
  rows: readonly (readonly (number | string | boolean | null)[])[],
  layout: ArchiveLayout = REVIEW_ARCHIVE(lang),
  note: string = WORDS[lang].note,
): string {
  const w = WORDS[lang];
  const n = layout.headers.length;
  const s = wb.sheet('archive', w.sheet, { protect: false });
  // A plain sheet of values: title and note as body text running over the empty cells right of
  // them (no merge), the header row in its look and frozen (no columns frozen), one width.
  s.row(1, 1, [v(w.title)]);
  s.row(1, 2, [v(note)]);
  s.row(1, ARCHIVE_HEADER_ROW, layout.headers.map((h) => v(h)));
  s.style(`A${ARCHIVE_HEADER_ROW}:${col(n)}${ARCHIVE_HEADER_ROW}`, 'header');
  const first = ARCHIVE_HEADER_ROW + 1;
  if (rows.length > 0) {
    s.put(1, first, rows.map((r) => Array.from({ length: n }, (_, i) => v(r[i] ?? null))));
    // The number formats cell by cell, in one grid (one setting in every host): dates, then the layout's.
    const line = Array.from({ length: n }, (_, i) => (i === 0 ? 'yyyy-mm-dd' : (layout.formats[i + 1] ?? 'General')));
    s.formatGrid(`A${first}`, rows.map(() => [...line]));
  }
  for (let c = 1; c <= n; c++) s.width(c, ARCHIVE_WIDTH);
  s.freeze(ARCHIVE_HEADER_ROW, 0);
  s.layout({
    key: 'archive',
    headerRow: ARCHIVE_HEADER_ROW,
    firstRow: first,
    lastRow: first + rows.length - 1,
    columns: Object.fromEntries(layout.keys.map((k, i) => [k, col(i + 1)])),
  });
  return s.name;
}

// ---------------------------------------------------------------------------------------------
// The update.

interface Present {
  readonly review: SheetGrid;
  readonly bonus?: SheetGrid;
  readonly dashboard?: SheetGrid;
  readonly archive?: SheetGrid;
  readonly plan?: SheetGrid;
  readonly exportCheck?: SheetGrid;
}

/** The grids of the set's sheets; the review's may sit under a new name (found by its recipe). */
function present(recipe: ReviewRecipe, grids: readonly SheetGrid[]): Present | null {
  let review = gridOf(grids, recipe.sheets.review);
  if (review === undefined) {
    review = grids.find((g) => {
      const found = findRecipe(g.values[0] ?? []) ?? findRecipe(g.formulas[0] ?? []);
      return found !== null && found.sheets.review === recipe.sheets.review;
    });
  }
  if (review === undefined) return null;
  const out: { -readonly [K in keyof Present]: Present[K] } = { review };
  const bonus = gridOf(grids, recipe.sheets.bonus);
  const dashboard = gridOf(grids, recipe.sheets.dashboard);
  const archive = gridOf(grids, recipe.sheets.archive);
  const plan = gridOf(grids, recipe.plan.sheet);
  const exportCheck = gridOf(grids, recipe.sheets.exportCheck);
  if (exportCheck) out.exportCheck = exportCheck;
  if (bonus) out.bonus = bonus;
  if (dashboard) out.dashboard = dashboard;
  if (archive) out.archive = archive;
  if (plan) out.plan = plan;
  return out;
}

function presentFlags(p: Present): { bonus: boolean; dashboard: boolean } {
  return { bonus: p.bonus !== undefined, dashboard: p.dashboard !== undefined };
}

/** The unit of each plan line as the plan sheet shows it now, else as when the set was made. */
function unitsOf(recipe: ReviewRecipe, plan: PlanMapping, grid: SheetGrid | undefined): readonly (string | null)[] | undefined {
  const unit = plan.columns.unit;
  if (grid === undefined || unit === undefined) return recipe.units;
  const c = colNumber(unit);
  const out: (string | null)[] = [];
  for (let r = plan.firstRow; r <= plan.lastRow; r++) {
    const x = textOf(valueAt(grid, r, c));
    out.push(x === '' ? null : x);
  }
  return out.some((x) => x !== null) ? out : recipe.units;
}

/** The recipe with the review's sheet under the name it has now. */
function rebased(recipe: ReviewRecipe, p: Present): ReviewRecipe {
  if (p.review.name === recipe.sheets.review) return recipe;
  return { ...recipe, sheets: { ...recipe.sheets, review: p.review.name } };
}

/** Plan rows typed right under the plan rows the review reads (a KPI name in each, no gap). */
function planLinesAdded(recipe: ReviewRecipe, plan: SheetGrid | undefined): number {
  const kpi = recipe.plan.columns.kpi;
  // A review of a user's own table reads a helper sheet of fixed lines: nothing is typed under them.
  if (plan === undefined || kpi === undefined || recipe.sheets.userPlan === recipe.plan.sheet) return 0;
  const c = colNumber(kpi);
  let n = 0;
  while (n < 500 && textOf(valueAt(plan, recipe.plan.lastRow + 1 + n, c)) !== '') n++;
  return n;
}

function tableOf(sheet: SheetDesc | undefined, key: string): TableLayout | undefined {
  return sheet?.tables?.find((t) => t.key === key);
}

function sheetByKey(desc: WorkbookDesc, key: string): SheetDesc | undefined {
  return desc.sheets.find((s) => s.key === key);
}

/** A typed cell's place: by employee (and KPI line) in the employee tables, else by address. */
type Place = { kind: 'row'; sheet: string; field: string; employee: number; line: number } | { kind: 'cell'; sheet: string; r: number; c: number };

/** The places of a set's typed cells, for one of its sheets. */
function placeOf(sheet: SheetDesc, K: number): (r: number, c: number) => Place {
  const detail = sheet.key === 'review' ? tableOf(sheet, 'detail') : undefined;
  const people = sheet.key === 'review' || sheet.key === 'bonus' ? tableOf(sheet, 'employees') : undefined;
  const dFields = detail ? fieldsOf(detail) : new Map<number, string>();
  const pFields = people ? fieldsOf(people) : new Map<number, string>();
  return (r, c) => {
    if (detail && r >= detail.firstRow && r <= detail.lastRow && dFields.has(c)) {
      const i = r - detail.firstRow;
      return { kind: 'row', sheet: sheet.key, field: dFields.get(c)!, employee: Math.floor(i / K), line: i % K };
    }
    if (people && r >= people.firstRow && r <= people.lastRow && pFields.has(c)) {
      return { kind: 'row', sheet: sheet.key, field: pFields.get(c)!, employee: r - people.firstRow, line: -1 };
    }
    return { kind: 'cell', sheet: sheet.key, r, c };
  };
}

/** Cells to write, by row then column. */
type Patch = Map<number, Map<number, CellSpec>>;

/** Replaces cells of a sheet's blocks; cells outside every block get blocks of their own. */
function patched(sheet: SheetDesc, cells: Patch | undefined): SheetDesc {
  if (cells === undefined || cells.size === 0) return sheet;
  const done = new Set<Map<number, CellSpec>>();
  const used = new Map<Map<number, CellSpec>, Set<number>>();
  const blocks = sheet.blocks.map((b) => {
    const at = parseCell(b.at);
    const width = b.cells[0]?.length ?? 0;
    let rows: CellSpec[][] | null = null;
    for (let i = 0; i < b.cells.length; i++) {
      const hits = cells.get(at.row + i);
      if (!hits) continue;
      for (const [c, spec] of hits) {
        if (c < at.col || c >= at.col + width) continue;
        rows ??= b.cells.slice() as CellSpec[][];
        if (rows[i] === b.cells[i]) rows[i] = b.cells[i]!.slice();
        rows[i]![c - at.col] = spec;
        let u = used.get(hits);
        if (!u) used.set(hits, (u = new Set()));
        u.add(c);
      }
    }
    return rows === null ? b : { at: b.at, cells: rows };
  });
  for (const [r, hits] of cells) {
    if (done.has(hits)) continue;
    done.add(hits);
    const u = used.get(hits);
    for (const [c, spec] of hits) if (!u?.has(c)) blocks.push({ at: addr(c, r), cells: [[spec]] });
  }
  return { ...sheet, blocks };
}

/** FNV-1a over a text, two lanes: 16 hex digits. */
function hash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    a = Math.imul(a ^ ch, 0x01000193) >>> 0;
    b = Math.imul(b ^ ch, 0x5bd1e995) >>> 0;
    b ^= b >>> 13;
  }
  return a.toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** The typed cells of the set as read, sheet by sheet, with their places. */
function readTyped(recipe: ReviewRecipe, p: Present): { old: MadeSet; K: number; cells: { sheet: SheetDesc; grid: SheetGrid; r: number; c: number; value: number | string | boolean | null }[] } {
  const old = oldSet(recipe, presentFlags(p));
  const K = recipe.plan.lastRow - recipe.plan.firstRow + 1;
  const cells: { sheet: SheetDesc; grid: SheetGrid; r: number; c: number; value: number | string | boolean | null }[] = [];
  for (const key of REWRITTEN) {
    const grid = p[key];
    const sheet = sheetByKey(old.desc, key);
    if (!grid || !sheet) continue;
    eachTyped(sheet, (r, c) => cells.push({ sheet, grid, r, c, value: valueAt(grid, r, c) }));
  }
  return { old, K, cells };
}

/** Where the review set's sheets no longer have the shape they were made with, if anywhere. */
function reviewShape(old: MadeSet, p: Present, K: number): Localized | null {
  return shapeProblem(old.desc, new Map(REWRITTEN.flatMap((key) => (p[key] ? [[key, p[key]!] as const] : []))), K);
}

/** A review set's fingerprint of typed cells. */
function reviewFingerprint(recipe: ReviewRecipe, grids: readonly SheetGrid[]): string {
  const p = present(recipe, grids);
  if (p === null) return 'none';
  return fingerprintOf(readTyped(rebased(recipe, p), p).cells);
}

function fingerprintOf(cells: readonly { sheet: SheetDesc; r: number; c: number; value: number | string | boolean | null }[]): string {
  const parts: string[] = [];
  for (const x of cells) if (x.value !== null) parts.push(`${x.sheet.key}!${x.r},${x.c}=${typeof x.value}:${String(x.value)}`);
  return `${cells.length}:${parts.length}:${hash(parts.join('\u0001'))}`;
}

/** The review's current roster (typed names, in order, blank rows left out). */
function rosterOf(recipe: ReviewRecipe, p: Present, old: MadeSet): { entries: RosterEntry[]; rows: number[] } {
  const t = old.review.roster;
  const e = colNumber(t.columns.employee!);
  const d = colNumber(t.columns.department!);
  const entries: RosterEntry[] = [];
  const rows: number[] = [];
  for (let r = t.firstRow; r <= t.lastRow; r++) {
    const name = textOf(valueAt(p.review, r, e));
    if (name === '') continue;
    const dept = textOf(valueAt(p.review, r, d));
    entries.push({ name, department: dept === '' ? null : dept });
    rows.push(r - t.firstRow);
  }
  return { entries, rows };
}

/** A review set's roster, KPI lines and sheets to read. */
function reviewUpdateChoice(recipeSheet: string, recipe: ReviewRecipe, grids: readonly SheetGrid[]): UpdateChoice {
  const r = recipe.sheets.review === recipeSheet ? recipe : { ...recipe, sheets: { ...recipe.sheets, review: recipeSheet } };
  const p = present(r, grids);
  const sheets = reviewSheetsToRead(r);
  if (p === null) return { sheet: recipeSheet, sheets, roster: [], kpis: r.plan.lastRow - r.plan.firstRow + 1 };
  const old = oldSet(r, presentFlags(p));
  const K = r.plan.lastRow - r.plan.firstRow + 1;
  const problem = reviewShape(old, p, K);
  return {
    sheet: recipeSheet,
    sheets,
    roster: problem ? [] : rosterOf(r, p, old).entries,
    kpis: K + planLinesAdded(r, p.plan),
    ...(problem ? { problem } : {}),
  };
}

/** Checks a new roster: every name given, none twice. */
function checkRoster(roster: readonly RosterEntry[]): Localized | null {
  if (roster.length === 0) return localized((w) => w.empty);
  const seen = new Map<string, number>();
  for (let i = 0; i < roster.length; i++) {
    const name = roster[i]!.name;
    const key = nameKey(name ?? '');
    if (key === '') return localized((w) => w.blank(i + 1));
    const before = seen.get(key);
    if (before !== undefined) return localized((w) => w.twice(name.trim(), before + 1, i + 1));
    seen.set(key, i);
  }
  return null;
}

/** Today as a date serial (UTC), or the given ISO date's. */
function todaySerial(today: string | undefined): number {
  const d = today !== undefined && /^\d{4}-\d{2}-\d{2}/.test(today) ? new Date(`${today.slice(0, 10)}T00:00:00Z`) : new Date();
  return Math.floor(serialOf(d));
}

/**
 * The update of a generated review set for a new roster: employees still listed keep their order
 * and everything typed for them; new ones are appended; the others move to the archive sheet.
 */
function reviewPlanUpdate(
  recipeIn: ReviewRecipe,
  grids: readonly SheetGrid[],
  roster: readonly RosterEntry[],
  context: { existingSheets: string[]; existingNames: string[]; today?: string },
): UpdatePlan {
  const problem = checkRoster(roster);
  if (problem) return { ok: false, message: problem };
  const p = present(recipeIn, grids);
  if (p === null) return { ok: false, message: localized((w) => w.missing(recipeIn.sheets.review!)) };
  const recipe = rebased(recipeIn, p);
  const { old, K, cells } = readTyped(recipe, p);
  const moved = reviewShape(old, p, K);
  if (moved) return { ok: false, message: moved };

  // Who stays, who comes, who goes.
  const current = rosterOf(recipe, p, old);
  const { from, names, departments, archivedAt, archived, added } = matchRoster(current, roster);

  const kpisAdded = planLinesAdded(recipe, p.plan);
  const plan: PlanMapping = { ...recipe.plan, lastRow: recipe.plan.lastRow + kpisAdded };
  const N = Math.max(1, names.length);
  const units = unitsOf(recipe, plan, p.plan);

  // Archive rows: earlier ones as they are, then today's.
  let archiveRows: (number | string | boolean | null)[][] | undefined;
  if (archived.length > 0) {
    archiveRows = [];
    if (p.archive) {
      for (let r = ARCHIVE_HEADER_ROW + 1; r <= p.archive.values.length; r++) {
        const row = Array.from({ length: ARCHIVE_COLUMNS }, (_, i) => valueAt(p.archive, r, i + 1));
        if (row.some((x) => x !== null)) archiveRows.push(row);
      }
    }
    const date = todaySerial(context.today);
    const d = old.review.detail;
    const t = old.review.roster;
    const at = (field: string, tbl: TableLayout) => colNumber(tbl.columns[field]!);
    const kpiName = (j: number): string | null => {
      const fromPlan = recipe.plan.columns.kpi !== undefined ? valueAt(p.plan, recipe.plan.firstRow + j, colNumber(recipe.plan.columns.kpi)) : null;
      return textOf(fromPlan) !== '' ? textOf(fromPlan) : textOf(valueAt(p.review, d.firstRow + j, at('kpi', d))) || null;
    };
    for (const i of archivedAt) {
      const r0 = t.firstRow + i;
      const person = [valueAt(p.review, r0, at('employee', t)), valueAt(p.review, r0, at('department', t))];
      const tail = [valueAt(p.review, r0, at('collab', t)), valueAt(p.review, r0, at('total', t)), valueAt(p.review, r0, at('grade', t))];
      let wrote = false;
      for (let j = 0; j < K; j++) {
        const r = d.firstRow + i * K + j;
        const kpi = kpiName(j);
        const actual = valueAt(p.review, r, at('actual', d));
        const comment = valueAt(p.review, r, at('comment', d));
        if (kpi === null && actual === null && comment === null) continue;
        archiveRows.push([date, ...person, kpi, actual, comment, ...tail]);
        wrote = true;
      }
      if (!wrote) archiveRows.push([date, ...person, null, null, null, ...tail]);
    }
  }

  const made = makeSet(recipe, {
    plan,
    employees: N,
    existingSheets: context.existingSheets,
    existingNames: context.existingNames,
    ...presentFlags(p),
    ...(units ? { units } : {}),
    ...(archiveRows ? { archive: archiveRows } : {}),
  });

  // Typed values into the new sheets: by employee and KPI line, or at the same cell.
  const toNew = oldToNew(from);
  const { patches, put } = patchSet();
  const newTyped = new Map<string, (r: number, c: number) => boolean>();
  for (const s of made.desc.sheets) newTyped.set(s.key, typedRects(s).covered);
  const places = new Map<string, (r: number, c: number) => Place>();
  for (const s of old.desc.sheets) places.set(s.key, placeOf(s, K));
  const newTables = (key: string) => {
    const s = sheetByKey(made.desc, key);
    return { detail: tableOf(s, 'detail'), people: tableOf(s, 'employees') };
  };
  const tablesNew = { review: newTables('review'), bonus: newTables('bonus') };
  for (const x of cells) {
    const place = places.get(x.sheet.key)!(x.r, x.c);
    if (place.kind === 'cell') {
      if (newTyped.get(place.sheet)?.(place.r, place.c)) put(place.sheet, place.r, place.c, v(x.value));
      continue;
    }
    const i = toNew.get(place.employee);
    if (i === undefined) continue;
    const t = tablesNew[place.sheet as 'review' | 'bonus'];
    const table = place.line >= 0 ? t?.detail : t?.people;
    const letters = table?.columns[place.field];
    if (!table || letters === undefined) continue;
    const r = place.line >= 0 ? table.firstRow + i * (K + kpisAdded) + place.line : table.firstRow + i;
    put(place.sheet, r, colNumber(letters), v(x.value));
  }
  // Names and departments of the new roster (added employees, departments given in the list).
  const people = tablesNew.review.people;
  if (people) {
    const e = colNumber(people.columns.employee!);
    const dc = colNumber(people.columns.department!);
    names.forEach((name, i) => {
      put('review', people.firstRow + i, e, v(name));
      put('review', people.firstRow + i, dc, departments[i] === null ? BLANK : v(departments[i]));
    });
  }

  const restored = restoredCells(old.desc, REWRITTEN, (key) => p[key as keyof Present]);

  const keep = new Set<string>([...REWRITTEN, 'archive']);
  const sheets = made.desc.sheets.filter((s) => keep.has(s.key)).map((s) => patched(s, patches.get(s.key)));
  const names2 = new Set(sheets.map((s) => s.name));
  const sheetOfRef = (ref: string): string => {
    const name = ref.slice(0, ref.lastIndexOf('!'));
    return name.startsWith("'") ? name.slice(1, -1).replace(/''/g, "'") : name;
  };
  const desc: WorkbookDesc = {
    sheets,
    names: made.desc.names.filter((n) => names2.has(sheetOfRef(n.ref))),
    ...(made.desc.lang ? { lang: made.desc.lang } : {}),
  };
  const replace = sheets.map((s) => s.name).filter((n) => grids.some((g) => g.name === n) || context.existingSheets.some((e) => e === n));
  const archiveName = sheets.find((s) => s.key === 'archive')?.name;
  const report: UpdateReport = {
    kept: from.filter((o) => o !== null).length,
    added,
    archived,
    kpisAdded,
    restored,
    ...(archiveName !== undefined ? { archiveSheet: archiveName } : {}),
  };
  return { ok: true, desc, replace, report, typed: fingerprintOf(cells) };
}

// ---------------------------------------------------------------------------------------------
// Standalone bonus sheets and 360 feedback sets.
//
// The same idea as a review set: the set is made again from its recipe, which tells where every
// typed cell sits. A bonus row and a 360 summary row belong to an employee (they move with them);
// the 360 ratings are a long table kept line by line as typed, less the lines of ratees no longer
// listed (those move to the archive); settings (pool, decimals, bands, minimum raters, group
// weights) stay at their cells.

type Value = number | string | boolean | null;

/** The per-employee and per-line tables of each rewritten sheet: table key → how its rows move. */
const ROW_TABLES: Readonly<Record<string, Readonly<Record<string, 'employee' | 'line'>>>> = {
  bonus: { employees: 'employee' },
  summary360: { summary: 'employee' },
  ratings: { ratings: 'line' },
};

/** Where a set's roster is: sheet key, table key, the name and department fields. */
const ROSTER_AT = {
  bonus: { sheet: 'bonus', table: 'employees', name: 'employee', department: 'department' },
  feedback360: { sheet: 'summary360', table: 'summary', name: 'ratee', department: undefined },
} as const;

/** The recipe with its main sheet under the name the recipe sheet has now. */
function sheetRebased(recipe: SheetRecipe): SheetRecipe {
  const main = MAIN_KEY[recipe.kind];
  return recipe.sheets[main] === recipe.sheets.review ? recipe : { ...recipe, sheets: { ...recipe.sheets, [main]: recipe.sheets.review! } };
}

function sheetSetToRead(recipeIn: SheetRecipe): string[] {
  const recipe = sheetRebased(recipeIn);
  return [...SHEET_KEYS[recipe.kind], 'archive'].map((k) => recipe.sheets[k]).filter((n): n is string => n !== undefined);
}

/** The set's grids by sheet key; null (with the missing sheet) when a rewritten sheet was not read. */
function sheetPresent(recipe: SheetRecipe, grids: readonly SheetGrid[]): { grids: Map<string, SheetGrid> } | { missing: string } {
  const out = new Map<string, SheetGrid>();
  for (const key of [...SHEET_KEYS[recipe.kind], 'archive']) {
    const g = gridOf(grids, recipe.sheets[key]);
    if (g) out.set(key, g);
  }
  for (const key of SHEET_KEYS[recipe.kind]) if (!out.has(key)) return { missing: recipe.sheets[key] ?? key };
  return { grids: out };
}

/** Makes a bonus or 360 set again with the recipe's names, for `employees` rows (and `lines` rating lines). */
function makeSheetSet(
  recipe: SheetRecipe,
  employees: number,
  lines: number,
  context: { existingSheets?: readonly string[]; existingNames?: readonly string[] } = {},
  archive?: { rows: readonly (readonly Value[])[]; layout: ArchiveLayout },
): WorkbookDesc {
  const wb = new WorkbookBuilder(recipe.lang, context.existingSheets ?? [], context.existingNames ?? [], { sheets: recipe.sheets, names: recipe.names });
  if (recipe.kind === 'bonus') bonusSheet(wb, { period: recipe.period, employees });
  else feedback360Sheets(wb, { period: recipe.period, ratees: employees, lines });
  if (archive) archiveSheet(wb, recipe.lang, archive.rows, archive.layout, WORDS[recipe.lang].sheetNote);
  const { sheets, names, version: _v, ...base } = recipe;
  stampSheetRecipe(wb, { ...base, employees, ...(recipe.kind === 'feedback360' ? { lines } : {}) }, { sheets, names });
  return wb.build();
}

let lastSheetSet: { key: string; desc: WorkbookDesc } | undefined;
/** The set exactly as its recipe made it (no typing), memoized for the fingerprint read twice. */
function oldSheetSet(recipe: SheetRecipe): WorkbookDesc {
  const key = JSON.stringify(recipe);
  if (lastSheetSet?.key === key) return lastSheetSet.desc;
  const desc = makeSheetSet(recipe, recipe.employees, recipe.lines ?? 0);
  lastSheetSet = { key, desc };
  return desc;
}

interface TypedCell {
  readonly sheet: SheetDesc;
  readonly grid: SheetGrid;
  readonly r: number;
  readonly c: number;
  readonly value: Value;
}

function sheetTyped(recipe: SheetRecipe, grids: Map<string, SheetGrid>): { old: WorkbookDesc; cells: TypedCell[] } {
  const old = oldSheetSet(recipe);
  const cells: TypedCell[] = [];
  for (const key of SHEET_KEYS[recipe.kind]) {
    const grid = grids.get(key);
    const sheet = sheetByKey(old, key);
    if (!grid || !sheet) continue;
    eachTyped(sheet, (r, c) => cells.push({ sheet, grid, r, c, value: valueAt(grid, r, c) }));
  }
  return { old, cells };
}

function sheetSetFingerprint(recipeIn: SheetRecipe, grids: readonly SheetGrid[]): string {
  const recipe = sheetRebased(recipeIn);
  const p = sheetPresent(recipe, grids);
  if ('missing' in p) return 'none';
  return fingerprintOf(sheetTyped(recipe, p.grids).cells);
}

/** The set's current roster: names typed in its per-employee table, in order, blank rows left out. */
function sheetRoster(recipe: SheetRecipe, grids: Map<string, SheetGrid>, old: WorkbookDesc): { entries: RosterEntry[]; rows: number[] } {
  const at = ROSTER_AT[recipe.kind];
  const t = tableOf(sheetByKey(old, at.sheet), at.table)!;
  const g = grids.get(at.sheet);
  const e = colNumber(t.columns[at.name]!);
  const d = at.department !== undefined ? colNumber(t.columns[at.department]!) : undefined;
  const entries: RosterEntry[] = [];
  const rows: number[] = [];
  for (let r = t.firstRow; r <= t.lastRow; r++) {
    const name = textOf(valueAt(g, r, e));
    if (name === '') continue;
    const dept = d === undefined ? '' : textOf(valueAt(g, r, d));
    entries.push({ name, department: dept === '' ? null : dept });
    rows.push(r - t.firstRow);
  }
  return { entries, rows };
}

function sheetSetChoice(recipeSheet: string, recipeIn: SheetRecipe, grids: readonly SheetGrid[]): UpdateChoice {
  const recipe = sheetRebased(recipeIn.sheets.review === recipeSheet ? recipeIn : { ...recipeIn, sheets: { ...recipeIn.sheets, review: recipeSheet } });
  const sheets = sheetSetToRead(recipe);
  const p = sheetPresent(recipe, grids);
  if ('missing' in p) return { sheet: recipeSheet, sheets, roster: [], kpis: 0, kind: recipe.kind };
  const old = oldSheetSet(recipe);
  const problem = shapeProblem(old, p.grids);
  if (problem) return { sheet: recipeSheet, sheets, roster: [], kpis: 0, kind: recipe.kind, problem };
  return { sheet: recipeSheet, sheets, roster: sheetRoster(recipe, p.grids, old).entries, kpis: 0, kind: recipe.kind };
}

/** Who stays (in their order, department updated where the list gives one), who is added, who goes. */
function matchRoster(current: { entries: RosterEntry[]; rows: number[] }, roster: readonly RosterEntry[]) {
  const wanted = new Map<string, RosterEntry>();
  for (const e of roster) wanted.set(nameKey(e.name), e);
  const matched = new Set<string>();
  const from: (number | null)[] = [];
  const names: string[] = [];
  const departments: (string | null)[] = [];
  const archivedAt: number[] = [];
  const archived: string[] = [];
  current.entries.forEach((e, k) => {
    const key = nameKey(e.name);
    const w = wanted.get(key);
    if (w !== undefined && !matched.has(key)) {
      matched.add(key);
      from.push(current.rows[k]!);
      names.push(e.name);
      const dept = w.department === null ? '' : w.department.trim();
      departments.push(dept === '' ? e.department : dept);
    } else {
      archivedAt.push(current.rows[k]!);
      archived.push(e.name);
    }
  });
  const added: string[] = [];
  for (const e of roster) {
    const key = nameKey(e.name);
    if (matched.has(key)) continue;
    matched.add(key);
    from.push(null);
    names.push(e.name.trim());
    const dept = e.department === null ? '' : e.department.trim();
    departments.push(dept === '' ? null : dept);
    added.push(e.name.trim());
  }
  return { from, names, departments, archivedAt, archived, added };
}

const headerOf = (lang: Locale, key: LabelKey): string => label(lang, key).replace(/\s*\n\s*/g, '');

/** The archive's columns for a bonus set (its typed values and computed share) or a 360 set (the rating lines and score). */
function sheetArchiveLayout(kind: SheetRecipe['kind'], lang: Locale): ArchiveLayout {
  const [date, employee, department] = WORDS[lang].headers;
  if (kind === 'bonus') {
    return {
      headers: [date!, employee!, department!, headerOf(lang, 'col.base'), headerOf(lang, 'col.grade'), headerOf(lang, 'col.coefficient'), headerOf(lang, 'col.bonus')],
      keys: ['date', 'employee', 'department', 'base', 'grade', 'coefficient', 'share'],
      formats: { 4: '#,##0.00', 6: '0.00', 7: '#,##0.00' },
    };
  }
  return {
    headers: [date!, employee!, department!, headerOf(lang, 'col.group'), headerOf(lang, 'col.rating'), headerOf(lang, 'col.comment'), headerOf(lang, 'col.score360')],
    keys: ['date', 'employee', 'department', 'group', 'rating', 'comment', 'score'],
    formats: { 7: '0.00' },
  };
}

/**
 * Computed cells typed over: the set as made has a formula where the sheet has none. An empty cell
 * of a hidden helper column is not counted (it is written again all the same): a set made by an
 * earlier version leaves some helper cells empty that now hold a formula, and nobody types into a
 * hidden column; a value pasted over one is counted.
 */
function restoredCells(old: WorkbookDesc, keys: readonly string[], gridOf: (key: string) => SheetGrid | undefined): string[] {
  const restored: string[] = [];
  for (const key of keys) {
    const grid = gridOf(key);
    const sheet = sheetByKey(old, key);
    if (!grid || !sheet) continue;
    const emptyHelper = (r: number, c: number) => sheet.columns[c - 1]?.hidden === true && textOf(valueAt(grid, r, c)) === '';
    for (const b of sheet.blocks) {
      const at = parseCell(b.at);
      b.cells.forEach((row, i) => {
        row.forEach((spec, j) => {
          const [r, c] = [at.row + i, at.col + j];
          if ('f' in spec && !hasFormula(grid, r, c) && !emptyHelper(r, c)) restored.push(`${grid.name}!${addr(c, r)}`);
        });
      });
    }
  }
  return restored;
}

function sheetSetUpdate(
  recipeIn: SheetRecipe,
  gridList: readonly SheetGrid[],
  roster: readonly RosterEntry[],
  context: { existingSheets: string[]; existingNames: string[]; today?: string },
): UpdatePlan {
  const problem = checkRoster(roster);
  if (problem) return { ok: false, message: problem };
  const recipe = sheetRebased(recipeIn);
  const present = sheetPresent(recipe, gridList);
  if ('missing' in present) {
    const name = present.missing;
    return { ok: false, message: localized((w) => w.missingSet(name)) };
  }
  const grids = present.grids;
  const { old, cells } = sheetTyped(recipe, grids);
  const moved = shapeProblem(old, grids);
  if (moved) return { ok: false, message: moved };
  const current = sheetRoster(recipe, grids, old);
  const m = matchRoster(current, roster);
  const N = Math.max(1, m.names.length);
  const date = todaySerial(context.today);
  const layout = sheetArchiveLayout(recipe.kind, recipe.lang);
  const at = ROSTER_AT[recipe.kind];
  const people = tableOf(sheetByKey(old, at.sheet), at.table)!;
  const main = grids.get(at.sheet)!;
  const cell = (t: TableLayout, field: string) => colNumber(t.columns[field]!);

  // Rating lines: kept in order as typed, less those of ratees no longer listed.
  const lineTo = new Map<number, number>();
  let lines = 0;
  const archiveRows: Value[][] = [];
  if (recipe.kind === 'feedback360') {
    const ratings = tableOf(sheetByKey(old, 'ratings'), 'ratings')!;
    const rg = grids.get('ratings')!;
    const gone = new Set(m.archived.map(nameKey));
    const goneLines = new Map<string, number[]>();
    let next = 0;
    let used = 0;
    const typedFields = ['ratee', 'group', 'rating', 'comment'].map((k) => cell(ratings, k));
    for (let r = ratings.firstRow; r <= ratings.lastRow; r++) {
      const ratee = textOf(valueAt(rg, r, cell(ratings, 'ratee')));
      const key = nameKey(ratee);
      if (ratee !== '' && gone.has(key)) {
        let list = goneLines.get(key);
        if (!list) goneLines.set(key, (list = []));
        list.push(r);
        continue;
      }
      lineTo.set(r - ratings.firstRow, next);
      next++;
      if (typedFields.some((c) => valueAt(rg, r, c) !== null)) used = next;
    }
    lines = Math.max(recipe.lines ?? 1, used + 10, N * 8);
    for (const i of m.archivedAt) {
      const r0 = people.firstRow + i;
      const name = valueAt(main, r0, cell(people, 'ratee'));
      const score = valueAt(main, r0, cell(people, 'score'));
      const list = goneLines.get(nameKey(textOf(name))) ?? [];
      for (const r of list) {
        archiveRows.push([date, valueAt(rg, r, cell(ratings, 'ratee')), null, valueAt(rg, r, cell(ratings, 'group')), valueAt(rg, r, cell(ratings, 'rating')), valueAt(rg, r, cell(ratings, 'comment')), score]);
      }
      if (list.length === 0) archiveRows.push([date, name, null, null, null, null, score]);
    }
  } else {
    for (const i of m.archivedAt) {
      const r0 = people.firstRow + i;
      archiveRows.push([date, ...['employee', 'department', 'base', 'grade', 'coefficient', 'share'].map((k) => valueAt(main, r0, cell(people, k)))]);
    }
  }

  // Earlier archive rows first, as they are.
  let archive: { rows: Value[][]; layout: ArchiveLayout } | undefined;
  if (archiveRows.length > 0) {
    const rows: Value[][] = [];
    const earlier = grids.get('archive');
    if (earlier) {
      for (let r = ARCHIVE_HEADER_ROW + 1; r <= earlier.values.length; r++) {
        const row = layout.headers.map((_, i) => valueAt(earlier, r, i + 1));
        if (row.some((x) => x !== null)) rows.push(row);
      }
    }
    archive = { rows: [...rows, ...archiveRows], layout };
  }

  const made = makeSheetSet(recipe, N, lines, context, archive);

  // Typed values into the new sheets: by employee, by rating line, or at the same cell.
  const toNew = oldToNew(m.from);
  const { patches, put } = patchSet();
  for (const x of cells) {
    const key = x.sheet.key;
    const moving = ROW_TABLES[key] ?? {};
    let done = false;
    for (const [tableKey, how] of Object.entries(moving)) {
      const t = tableOf(x.sheet, tableKey);
      if (!t || x.r < t.firstRow || x.r > t.lastRow) continue;
      const field = fieldsOf(t).get(x.c);
      if (field === undefined) continue;
      done = true;
      const i = (how === 'employee' ? toNew : lineTo).get(x.r - t.firstRow);
      const nt = tableOf(sheetByKey(made, key), tableKey);
      const letters = nt?.columns[field];
      if (i === undefined || !nt || letters === undefined) break;
      put(key, nt.firstRow + i, colNumber(letters), v(x.value));
      break;
    }
    if (done) continue;
    const now = sheetByKey(made, key);
    if (now && typedRects(now).covered(x.r, x.c)) put(key, x.r, x.c, v(x.value));
  }
  // Names (and departments) of the new roster.
  const newPeople = tableOf(sheetByKey(made, at.sheet), at.table)!;
  m.names.forEach((name, i) => {
    put(at.sheet, newPeople.firstRow + i, cell(newPeople, at.name), v(name));
    if (at.department !== undefined) {
      const d = m.departments[i];
      put(at.sheet, newPeople.firstRow + i, cell(newPeople, at.department), d === null || d === undefined ? BLANK : v(d));
    }
  });

  const restored = restoredCells(old, SHEET_KEYS[recipe.kind], (key) => grids.get(key));
  const keep = new Set<string>([...SHEET_KEYS[recipe.kind], 'archive']);
  const sheetOfRef = (ref: string): string => {
    const name = ref.slice(0, ref.lastIndexOf('!'));
    return name.startsWith("'") ? name.slice(1, -1).replace(/''/g, "'") : name;
  };
  const kept = new Set(made.sheets.filter((s) => keep.has(s.key)).map((s) => s.name));
  // A dropdown listing a workbook name of a sheet the update leaves (the 360 lists) reads its range:
  // the update does not carry that name, and a host makes a dropdown from a range it can find.
  const away = new Map(made.names.filter((n) => !kept.has(sheetOfRef(n.ref))).map((n) => [n.name.toLowerCase(), n.ref]));
  const direct = (x: SheetDesc): SheetDesc => ({
    ...x,
    validations: x.validations.map((val) => {
      if (val.type !== 'list' || typeof val.source !== 'string') return val;
      const ref = away.get(val.source.trim().replace(/^=/, '').toLowerCase());
      return ref === undefined ? val : { ...val, source: `=${ref}` };
    }),
  });
  const sheets = made.sheets.filter((s) => keep.has(s.key)).map((s) => direct(patched(s, patches.get(s.key))));
  const desc: WorkbookDesc = {
    sheets,
    names: made.names.filter((n) => kept.has(sheetOfRef(n.ref))),
    ...(made.lang ? { lang: made.lang } : {}),
  };
  const replace = sheets.map((s) => s.name).filter((n) => gridList.some((g) => g.name === n) || context.existingSheets.some((e) => e === n));
  const archiveName = sheets.find((s) => s.key === 'archive')?.name;
  const report: UpdateReport = {
    kept: m.from.filter((o) => o !== null).length,
    added: m.added,
    archived: m.archived,
    kpisAdded: 0,
    restored,
    ...(archiveName !== undefined ? { archiveSheet: archiveName } : {}),
  };
  return { ok: true, desc, replace, report, typed: fingerprintOf(cells) };
}

/** Old employee index → new index, for the employees an update keeps. */
function oldToNew(from: readonly (number | null)[]): Map<number, number> {
  const toNew = new Map<number, number>();
  from.forEach((o, i) => {
    if (o !== null) toNew.set(o, i);
  });
  return toNew;
}

/** Typed values to write into the new sheets, by sheet key, row and column. */
function patchSet(): { patches: Map<string, Patch>; put: (key: string, r: number, c: number, spec: CellSpec) => void } {
  const patches = new Map<string, Patch>();
  const put = (key: string, r: number, c: number, spec: CellSpec) => {
    let p = patches.get(key);
    if (!p) patches.set(key, (p = new Map()));
    let row = p.get(r);
    if (!row) p.set(r, (row = new Map()));
    row.set(c, spec);
  };
  return { patches, put };
}
