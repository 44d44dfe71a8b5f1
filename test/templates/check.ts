/**
 * Checks a recalculated template workbook against the scoring core: reads the inputs as the
 * engine holds them, computes what the core functions give for them, and compares every computed
 * cell (1e-9). Works on values from any engine (HyperFormula, LibreOffice).
 */
import { parseNumberText, roundHalfAway } from '../../core/coerce.js';
import { KPIBAND, KPIRATING, KPISCORE, SCORE360, WEIGHTED_SCORE, WEIGHTED_SHARE } from '../../core/index.js';
import { DIRECTIONS, GROUPS_360 } from '../../core/options.js';
import { label, type LabelKey } from '../../core/templates/labels.js';
import { unitClassOf } from '../../core/templates/plan.js';
import { generatedPlanMapping, type PlanMapping, type SheetDesc, type TableLayout, type WorkbookDesc } from '../../core/templates/index.js';
import { PERSPECTIVES } from '../../core/templates/words.js';
import { col, colNumber, parseCell } from '../../core/templates/a1.js';

export type EngineValue = number | string | boolean | null | { error: string };
export type Book = ReadonlyMap<string, EngineValue[][]>;
type Expected = number | string | boolean | { code: string } | null;

export interface Mismatch {
  readonly sheet: string;
  readonly cell: string;
  readonly what: string;
  readonly expected: Expected;
  readonly got: EngineValue;
}

const TOL = 1e-9;

export function isError(v: unknown): v is { error: string } {
  return typeof v === 'object' && v !== null && 'error' in v;
}

/** A value as the core takes it: blank as null, an error cell as an error object. */
function arg(v: EngineValue): unknown {
  if (v === null || v === '') return null;
  if (isError(v)) return { code: v.error, message: v.error };
  return v;
}

/** The core's result as a comparable expectation. */
function exp(r: unknown): Expected {
  if (r === undefined || r === null || r === '') return null;
  if (typeof r === 'object' && r !== null && 'code' in r) return { code: String((r as { code: string }).code) };
  if (typeof r === 'number' || typeof r === 'string' || typeof r === 'boolean') return r;
  throw new Error(`unexpected core result ${JSON.stringify(r)}`);
}

/** A number the way the core reads a cell (text typed as a number too); null when blank or not a number. */
function num(v: EngineValue): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return parseNumberText(v) ?? null;
  return null;
}

export function same(expected: Expected, got: EngineValue): boolean {
  if (expected === null) return got === null || got === '';
  if (typeof expected === 'object') return isError(got) && got.error === expected.code;
  if (typeof expected === 'number') {
    return typeof got === 'number' && Math.abs(got - expected) <= TOL * Math.max(1, Math.abs(expected));
  }
  return got === expected;
}

class Sheet {
  constructor(
    readonly desc: SheetDesc,
    readonly values: EngineValue[][],
  ) {}
  at(letters: string, row: number): EngineValue {
    return this.values[row - 1]?.[colNumber(letters) - 1] ?? null;
  }
  addr(a: string): EngineValue {
    const p = parseCell(a);
    return this.values[p.row - 1]?.[p.col - 1] ?? null;
  }
  table(key: string): TableLayout {
    const t = this.desc.tables?.find((x) => x.key === key);
    if (!t) throw new Error(`${this.desc.name}: no table ${key}`);
    return t;
  }
  cell(role: string): string {
    const a = this.desc.cells?.[role];
    if (!a) throw new Error(`${this.desc.name}: no cell ${role}`);
    return a;
  }
}

export class Checker {
  readonly mismatches: Mismatch[] = [];
  /** Number of computed cells compared. */
  checked = 0;
  private readonly sheets = new Map<string, Sheet>();

  constructor(
    readonly desc: WorkbookDesc,
    readonly book: Book,
  ) {
    for (const s of desc.sheets) {
      const values = book.get(s.name);
      if (!values) throw new Error(`engine has no sheet ${s.name}`);
      this.sheets.set(s.key, new Sheet(s, values));
    }
  }

  sheet(key: string): Sheet | undefined {
    return this.sheets.get(key);
  }

  expect(sheet: Sheet, cell: string, what: string, expected: Expected): void {
    const p = parseCell(cell);
    const got = sheet.values[p.row - 1]?.[p.col - 1] ?? null;
    this.checked++;
    if (!same(expected, got)) this.mismatches.push({ sheet: sheet.desc.name, cell, what, expected, got });
  }

  /** Cells of every sheet that show an error. */
  errorCells(): string[] {
    const out: string[] = [];
    for (const s of this.sheets.values()) {
      s.values.forEach((row, r) =>
        row.forEach((v, c) => {
          if (isError(v)) out.push(`${s.desc.name}!${col(c + 1)}${r + 1} ${v.error}`);
        }),
      );
    }
    return out;
  }
}

export function planMappingIn(desc: WorkbookDesc): PlanMapping | null {
  const plan = desc.sheets.find((s) => s.key === 'plan');
  const t = plan?.tables?.find((x) => x.key === 'kpis');
  return plan && t ? generatedPlanMapping(plan.name, t.lastRow - t.firstRow + 1) : null;
}

/** KPI plan: the weight total and its check. */
export function checkPlan(ch: Checker): void {
  const s = ch.sheet('plan');
  if (!s) return;
  const t = s.table('kpis');
  let total = 0;
  let text = false;
  for (let r = t.firstRow; r <= t.lastRow; r++) {
    const w = sheetNumber(s.at(t.columns.weight!, r));
    if (w.kind === 'num') total += w.n;
    if (w.kind === 'text') text = true;
  }
  ch.expect(s, s.cell('weightTotal'), 'weight total', text ? { code: '#VALUE!' } : total);
  const ok = !text && roundHalfAway(total, 10) === 1;
  const check = s.addr(s.cell('weightCheck'));
  if (typeof check !== 'string' || check.startsWith('✓') !== ok) {
    ch.mismatches.push({ sheet: s.desc.name, cell: s.cell('weightCheck'), what: 'weight check', expected: ok ? '✓' : '✗', got: check });
  }
  // Each line's check: what is wrong with it, in words.
  const C = t.columns;
  const lang = langOf(s.at(C.check!, t.headerRow));
  for (let r = t.firstRow; r <= t.lastRow; r++) {
    const at = (k: string) => s.at(C[k]!, r);
    const trust = lineTrust(lang, {
      kpi: at('kpi'), target: at('target'), weight: at('weight'), direction: at('direction'), baseline: at('baseline'),
      threshold: at('threshold'), maximum: at('maximum'), unit: at('unit'),
    });
    ch.expect(s, `${C.check}${r}`, `plan check row ${r}`, planRowCheck(lang, trust));
  }
}

export interface ReviewExpected {
  readonly names: EngineValue[];
  readonly departments: EngineValue[];
  readonly totals: Expected[];
  readonly grades: Expected[];
  /** [employee][line] achievements. */
  readonly achievements: Expected[][];
  readonly kpiNames: EngineValue[];
  readonly bandGrades: EngineValue[];
  /** Status words per employee (null for a blank row). */
  readonly statuses: (string | null)[];
  /** Coefficient per employee (null unless the review is complete). */
  readonly coefficients: Expected[];
}

/** The 360 rating on the achievement scale, as the review computes it: rating / par, capped at the review's cap. */
export function collabPart(collab: EngineValue, par: number | null, cap: number | null): Expected {
  const c = sheetNumber(collab);
  if (c.kind === 'blank') return null;
  if (c.kind === 'text') return { code: '#VALUE!' };
  const p = par ?? 4;
  if (p <= 0) return { code: '#NUM!' };
  return cap === null ? c.n / p : Math.min(cap, c.n / p);
}

/** The review's total: KPI score and the 360 part blended by the weight; no 360 score: skipped, or "KPI only". */
export function blendedTotal(kpi: Expected, part: Expected, w: number, kpiOnly: boolean): Expected {
  if (kpi === null || typeof kpi === 'object') return kpi;
  if (part !== null && typeof part === 'object') return part;
  if (part === null && kpiOnly) return kpi;
  return exp(WEIGHTED_SCORE([[kpi], [part]], [[1 - w], [w]]));
}

/** The "no 360 score" setting as the sheet reads it: "KPI only" in either language, else incomplete. */
export function kpiOnlyMode(v: EngineValue): boolean {
  if (typeof v !== 'string') return false;
  const w = v.trim().toLowerCase();
  return w === label('en', 'rv.word.kpiOnly').toLowerCase() || w === label('zh-CN', 'rv.word.kpiOnly').toLowerCase();
}

function bandsMatrix(s: Sheet, range: string): unknown[][] {
  const [a, b] = range.split(':').map((x) => parseCell(x));
  const out: unknown[][] = [];
  for (let r = a!.row; r <= b!.row; r++) {
    const line: unknown[] = [];
    for (let c = a!.col; c <= b!.col; c++) line.push(arg(s.values[r - 1]?.[c - 1] ?? null));
    out.push(line);
  }
  return out;
}

/** Review sheet: achievement, weighted score, payout per row; KPI score, total, grade, coefficient per employee. */
export function checkReview(ch: Checker, mapping: PlanMapping | null = planMappingIn(ch.desc)): ReviewExpected | null {
  const s = ch.sheet('review');
  if (!s || !mapping) return null;
  const plan = [...ch.desc.sheets].find((x) => x.name === mapping.sheet);
  const planValues = plan ? ch.book.get(plan.name)! : ch.book.get(mapping.sheet)!;
  const planAt = (field: keyof PlanMapping['columns'], j: number): EngineValue => {
    const letters = mapping.columns[field];
    if (letters === undefined) return null;
    return planValues[mapping.firstRow + j - 1]?.[colNumber(letters) - 1] ?? null;
  };
  const has = (field: keyof PlanMapping['columns']) => mapping.columns[field] !== undefined;
  const detail = s.table('detail');
  const roster = s.table('employees');
  const K = mapping.lastRow - mapping.firstRow + 1;
  const N = roster.lastRow - roster.firstRow + 1;
  const setting = (role: string) => arg(s.addr(s.cell(role)));
  const cap = setting('cap');
  const floor = setting('floor');
  const pays = [setting('payThreshold'), setting('payTarget'), setting('payMaximum')];
  const w = num(s.addr(s.cell('collabWeight'))) ?? 0;
  const par = num(s.addr(s.cell('collabPar')));
  const capNum = num(s.addr(s.cell('cap')));
  const kpiOnly = kpiOnlyMode(s.addr(s.cell('collabMissing')));
  const bandsRange = s.cell('bands');
  const bands = bandsMatrix(s, bandsRange);
  const D = detail.columns;
  const R = roster.columns;
  const lang = langOf(s.at(D.check!, detail.headerRow));
  const lines = Array.from({ length: K }, (_, j) =>
    lineTrust(lang, {
      kpi: planAt('kpi', j), target: planAt('target', j), weight: planAt('weight', j), direction: planAt('direction', j),
      baseline: planAt('baseline', j), threshold: planAt('threshold', j), maximum: planAt('maximum', j), unit: planAt('unit', j),
    }),
  );
  ch.expect(s, s.cell('planCheck'), 'plan check line', planCheckText(lang, mapping.sheet, lines, Array.from({ length: K }, (_, j) => planAt('kpi', j))));
  const out: ReviewExpected = {
    names: [],
    departments: [],
    totals: [],
    grades: [],
    achievements: [],
    kpiNames: Array.from({ length: K }, (_, j) => planAt('kpi', j)),
    bandGrades: bands.map((b) => (b[1] ?? null) as EngineValue),
    statuses: [],
    coefficients: [],
  };
  for (let e = 0; e < N; e++) {
    const q = roster.firstRow + e;
    const name = s.at(R.employee!, q);
    const dept = s.at(R.department!, q);
    out.names.push(name);
    out.departments.push(dept);
    const scores: unknown[][] = [];
    const weights: unknown[][] = [];
    const achs: Expected[] = [];
    const rows: { code: number; reason: string; required: boolean; filled: boolean }[] = [];
    for (let j = 0; j < K; j++) {
      const r = detail.firstRow + e * K + j;
      const actual = sheetArg(s.at(D.actual!, r));
      const target = arg(planAt('target', j));
      const direction = arg(planAt('direction', j));
      const baseline = has('baseline') ? arg(planAt('baseline', j)) : null;
      const weight = arg(planAt('weight', j));
      const ach = exp(KPISCORE(actual, target, direction, cap, floor, baseline));
      achs.push(ach);
      ch.expect(s, `${D.achievement}${r}`, `achievement e${e} k${j}`, ach);
      const wNum = weight === null ? 0 : num(weight as EngineValue);
      // A weight that is not a number makes the row's weighted score #VALUE!, as WEIGHTED_SCORE does.
      const weighted = ach === null ? null : typeof ach === 'number' ? (wNum !== null ? ach * wNum : { code: '#VALUE!' }) : ach;
      ch.expect(s, `${D.weighted}${r}`, `weighted e${e} k${j}`, weighted as Expected);
      const th = has('threshold') ? arg(planAt('threshold', j)) : null;
      const mx = has('maximum') ? arg(planAt('maximum', j)) : null;
      // Without a threshold or a maximum a row has no payout curve: blank, unless the actual itself is not a number.
      const noCurve = actual !== null && sheetNumber(s.at(D.actual!, r)).kind !== 'num' ? ({ code: '#VALUE!' } as Expected) : null;
      const payout = th === null || mx === null ? noCurve : exp(KPIBAND(actual, th, target, mx, ...pays));
      ch.expect(s, `${D.payout}${r}`, `payout e${e} k${j}`, actual === null ? null : payout);
      // The name shows on the first row of the employee's block and on the rows of the other plan
      // lines in use (a spare line's rows stay blank).
      const shown = j === 0 || lines[j]!.used;
      ch.expect(s, `${D.employee}${r}`, 'employee name', name === '' || !shown ? null : (name as Expected));
      ch.expect(s, `${D.department}${r}`, 'employee department', dept === '' || dept === null || !shown ? null : (dept as Expected));
      ch.expect(s, `${D.kpi}${r}`, 'kpi name', (planAt('kpi', j) ?? null) as Expected);
      const tShown = lines[j]!.unitClass === 1 && lines[j]!.target !== null ? percentText(lines[j]!.target!) : planAt('target', j);
      ch.expect(s, `${D.target}${r}`, 'target shown', (tShown === '' ? null : tShown) as Expected);
      scores.push([ach === null ? null : typeof ach === 'object' ? { code: ach.code, message: '' } : ach]);
      weights.push([weight]);
      const rawAch = exp(KPISCORE(actual, target, direction, null, null, baseline));
      const row = rowTrust(lang, lines[j]!, s.at(D.actual!, r), planAt('unit', j), rawAch, ach);
      ch.expect(s, `${D.check}${r}`, `row check e${e} k${j}`, row.check);
      rows.push({ code: row.code, reason: row.reason, required: lines[j]!.required, filled: !blankCell(s.at(D.actual!, r)) });
    }
    out.achievements.push(achs);
    const kpi = exp(WEIGHTED_SCORE(scores, weights));
    ch.expect(s, `${R.kpiScore}${q}`, `kpi score e${e}`, kpi);
    const part = collabPart(s.at(R.collab!, q), par, capNum);
    ch.expect(s, `${R.collabPart}${q}`, `360 part e${e}`, part);
    const total = blendedTotal(kpi, part, w, kpiOnly);
    ch.expect(s, `${R.total}${q}`, `total e${e}`, total);
    const totalArg = total === null ? null : typeof total === 'object' ? { code: total.code, message: '' } : total;
    const status = employeeTrust(lang, { name, collab: s.at(R.collab!, q), collabWeight: w, kpiOnly, total, kpiNames: out.kpiNames, rows });
    ch.expect(s, `${R.status}${q}`, `status e${e}`, status.text);
    // A grade and a coefficient only for a complete review.
    const complete = status.code === 1 || status.code === 8;
    const grade = complete ? exp(KPIRATING(totalArg, bands)) : null;
    const coef = complete ? exp(KPIRATING(totalArg, bands, 3)) : null;
    ch.expect(s, `${R.grade}${q}`, `grade e${e}`, grade);
    ch.expect(s, `${R.coefficient}${q}`, `coefficient e${e}`, coef);
    out.totals.push(complete ? total : null);
    out.grades.push(grade);
    out.coefficients.push(coef);
    out.statuses.push(status.text);
  }
  return out;
}

/** Balanced scorecard: achievement per KPI, subtotal per perspective, overall score. */
export function checkScorecard(ch: Checker): void {
  const s = ch.sheet('scorecard');
  if (!s) return;
  const t = s.table('kpis');
  const p = s.table('perspectives');
  const C = t.columns;
  const groups = new Map<number, { scores: unknown[][]; weights: unknown[][] }>();
  const perspectiveKeys = Object.keys(PERSPECTIVES);
  for (let r = t.firstRow; r <= t.lastRow; r++) {
    const ach = exp(
      KPISCORE(arg(s.at(C.actual!, r)), arg(s.at(C.target!, r)), arg(s.at(C.direction!, r)), null, null, arg(s.at(C.baseline!, r))),
    );
    ch.expect(s, `${C.achievement}${r}`, `achievement row ${r}`, ach);
    const weight = arg(s.at(C.weight!, r));
    const wNum = weight === null ? 0 : num(weight as EngineValue);
    ch.expect(s, `${C.weighted}${r}`, `weighted row ${r}`, ach === null ? null : typeof ach === 'number' && wNum !== null ? ach * wNum : ach);
    const word = s.at(C.perspective!, r);
    if (typeof word !== 'string' || word.trim() === '') continue;
    const key = perspectiveKeys.findIndex((k) => (PERSPECTIVES as Record<string, readonly string[]>)[k]!.includes(word.trim().toLowerCase()));
    if (key < 0) throw new Error(`unknown perspective ${word}`);
    const g = groups.get(key + 1) ?? { scores: [], weights: [] };
    g.scores.push([ach === null ? null : typeof ach === 'object' ? { code: ach.code, message: '' } : ach]);
    g.weights.push([weight]);
    groups.set(key + 1, g);
  }
  const subtotals: unknown[][] = [];
  const pweights: unknown[][] = [];
  for (let r = p.firstRow; r <= p.lastRow; r++) {
    const g = groups.get(r - p.firstRow + 1);
    const sub = g ? exp(WEIGHTED_SCORE(g.scores, g.weights)) : null;
    ch.expect(s, `${p.columns.subtotal}${r}`, `subtotal row ${r}`, sub);
    subtotals.push([sub === null ? null : typeof sub === 'object' ? { code: sub.code, message: '' } : sub]);
    pweights.push([arg(s.at(p.columns.weight!, r))]);
  }
  ch.expect(s, s.cell('overall'), 'overall', exp(WEIGHTED_SCORE(subtotals, pweights)));
}

const GROUP_KEYS = Object.keys(GROUPS_360);
function canonical(label: EngineValue): number {
  if (typeof label !== 'string') return -1;
  const w = label.trim().toLowerCase();
  return GROUP_KEYS.findIndex((k) => (GROUPS_360 as Record<string, readonly string[]>)[k]!.includes(w));
}

const blankText = (v: EngineValue): boolean => v === null || (typeof v === 'string' && v.trim() === '');

/** Why a rating line is left out, as the ratings sheet decides it: 0 counted (or not started), 1 ratee, 2 group, 3 rating. */
export function ratingKind(line: { ratee: EngineValue; group: EngineValue; rating: EngineValue }, rateeIndex: number): number {
  if (blankText(line.ratee) && blankText(line.group) && blankText(line.rating)) return 0;
  if (rateeIndex < 0) return 1;
  if (blankText(line.group) ? !blankText(line.rating) : canonical(line.group) < 0) return 2;
  if (blankText(line.rating)) return 0;
  const x = num(line.rating);
  return x === null || x < 1 || x > 5 ? 3 : 0;
}

/** 360: ratings per ratee, the mean of each group shown with enough ratings, and SCORE360, over the lines that are not left out. */
export function check360(ch: Checker): void {
  const rs = ch.sheet('ratings');
  const ss = ch.sheet('summary360');
  if (!rs || !ss) return;
  const rt = rs.table('ratings');
  const st = ss.table('summary');
  const gw = ss.table('groupWeights');
  const minCell = ss.addr(ss.cell('minRaters'));
  const minRaters = arg(minCell);
  const minN = blankText(minCell) ? 3 : num(minCell);
  // A minimum that is not a whole number from 1 up shows no mean of the groups that need it, only the error.
  const badMin: Expected | null = minN === null ? { code: '#VALUE!' } : !Number.isInteger(minN) || minN < 1 ? { code: '#NUM!' } : null;
  const weights: unknown[][] = [];
  // With its header row, as a user would pass the table: a weight typed as text in the first line is then an error, not a header.
  for (let r = gw.headerRow; r <= gw.lastRow; r++) weights.push([arg(ss.at(gw.columns.group!, r)), arg(ss.at(gw.columns.weight!, r))]);
  const names: string[] = [];
  for (let r = st.firstRow; r <= st.lastRow; r++) {
    const name = ss.at(st.columns.ratee!, r);
    names.push(blankText(name) ? '\u0000' : String(name).toLowerCase());
  }
  const lines: { ratee: EngineValue; group: EngineValue; rating: EngineValue; who: number; kind: number; row: number }[] = [];
  for (let r = rt.firstRow; r <= rt.lastRow; r++) {
    const l = { ratee: rs.at(rt.columns.ratee!, r), group: rs.at(rt.columns.group!, r), rating: rs.at(rt.columns.rating!, r) };
    const who = blankText(l.ratee) ? -1 : names.indexOf(String(l.ratee).toLowerCase());
    const kind = ratingKind(l, who);
    lines.push({ ...l, who, kind, row: r });
    const status = rs.at(rt.columns.status!, r);
    if ((kind === 0) !== blankText(status) || (kind > 0 && !String(status).startsWith('✗'))) {
      ch.mismatches.push({ sheet: rs.desc.name, cell: `${rt.columns.status}${r}`, what: `status kind ${kind}`, expected: kind === 0 ? null : '✗ …', got: status });
    }
    ch.checked++;
  }
  const leftOut = lines.filter((l) => l.kind > 0).length;
  const message = ss.addr(ss.cell('leftOut'));
  ch.checked++;
  if (typeof message !== 'string' || message.startsWith('✓') !== (leftOut === 0) || (leftOut > 0 && !message.includes(String(leftOut)))) {
    ch.mismatches.push({ sheet: ss.desc.name, cell: ss.cell('leftOut'), what: 'rows left out', expected: leftOut, got: message });
  }
  for (let r = st.firstRow; r <= st.lastRow; r++) {
    const name = ss.at(st.columns.ratee!, r);
    if (blankText(name)) {
      ch.expect(ss, `${st.columns.score}${r}`, 'blank ratee', null);
      continue;
    }
    const mine = lines.filter((l) => l.who === r - st.firstRow && l.kind === 0);
    const rated = mine.filter((l) => num(l.rating) !== null);
    ch.expect(ss, `${st.columns.count}${r}`, `count ${name}`, rated.length);
    ch.expect(ss, `${st.columns.leftOut}${r}`, `left out ${name}`, lines.filter((l) => l.who === r - st.firstRow && l.kind > 0).length);
    GROUP_KEYS.forEach((g, i) => {
      const xs = rated.filter((l) => canonical(l.group) === i).map((l) => num(l.rating)!);
      const single = g === 'self' || g === 'manager';
      const need = single ? 1 : minN!;
      const mean = !single && badMin ? badMin : xs.length >= need && xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
      ch.expect(ss, `${st.columns[g]}${r}`, `${g} mean ${name}`, mean);
    });
    const score = exp(SCORE360(mine.map((l) => [arg(l.rating)]), mine.map((l) => [arg(l.group)]), weights, minRaters));
    ch.expect(ss, `${st.columns.score}${r}`, `360 score ${name}`, score);
  }
}

export interface BonusExpected {
  readonly departments: EngineValue[];
  readonly shares: Expected[];
  readonly pool: number | null;
  readonly decimals: number;
}

/**
 * Why a bonus row gets no share, as the bonus sheet decides it: 0 empty, 1 base not a number, 2
 * negative base, 3 unknown grade, 4 no numeric coefficient, 5 negative coefficient, 6 no base,
 * 7 no grade, 8 no name, 9 counted.
 */
export function bonusRowCode(name: EngineValue, base: EngineValue, grade: EngineValue, coef: EngineValue | undefined, linked = false): number {
  if (blankText(name) && blankText(base) && blankText(grade)) return 0;
  const b = blankText(base) ? null : num(base);
  if (!blankText(base) && b === null) return 1;
  if (b !== null && b < 0) return 2;
  if (!blankText(grade) && coef === undefined) return 3;
  if (!blankText(grade) && typeof coef !== 'number') return 4;
  if (typeof coef === 'number' && coef < 0) return 5;
  if (blankText(base)) return 6;
  if (blankText(grade)) return linked ? 10 : 7;
  if (blankText(name)) return 8;
  return 9;
}

/** Bonus: coefficient from the grade, shares to the cent over the rows counted, statuses, the allocated sum and the check. */
export function checkBonus(ch: Checker, review: ReviewExpected | null = null): BonusExpected | null {
  const s = ch.sheet('bonus');
  if (!s) return null;
  const t = s.table('employees');
  const C = t.columns;
  const linked = isLinkedBonus(s.desc);
  if (linked && !review) throw new Error(`${s.desc.name} reads a review that was not checked`);
  const bands = linked ? [] : (bandsMatrix(s, s.cell('bands')) as EngineValue[][]);
  const lang = langOf(s.at(C.status!, t.headerRow));
  const poolRaw = arg(s.addr(s.cell('pool')));
  const decimalsRaw = arg(s.addr(s.cell('decimals')));
  const decimals = decimalsRaw === null ? 2 : (num(decimalsRaw as EngineValue) ?? 2);
  const bases: unknown[][] = [];
  const coefs: unknown[][] = [];
  const codes: number[] = [];
  const out: BonusExpected = { departments: [], shares: [], pool: num(poolRaw as EngineValue), decimals };
  for (let r = t.firstRow; r <= t.lastRow; r++) {
    const i = r - t.firstRow;
    const grade = s.at(C.grade!, r);
    let coef: EngineValue | undefined = null;
    if (linked) {
      // One source of truth: employee, department, grade and coefficient are the review's.
      const name = review!.names[i] ?? null;
      ch.expect(s, `${C.employee}${r}`, `employee from review row ${r}`, (name === '' ? null : name) as Expected);
      const dept = review!.departments[i] ?? null;
      ch.expect(s, `${C.department}${r}`, `department from review row ${r}`, (dept === '' ? null : dept) as Expected);
      ch.expect(s, `${C.grade}${r}`, `grade from review row ${r}`, review!.grades[i] ?? null);
      const c = review!.coefficients[i] ?? null;
      coef = c === null || typeof c === 'object' ? null : (c as EngineValue);
    } else if (!blankText(grade)) {
      const hit = bands.find((b) => typeof b[1] === 'string' && b[1].toLowerCase() === String(grade).trim().toLowerCase());
      coef = hit ? (hit[2] ?? null) : undefined;
    }
    ch.expect(s, `${C.coefficient}${r}`, `coefficient row ${r}`, (coef ?? null) as Expected);
    const code = bonusRowCode(s.at(C.employee!, r), s.at(C.base!, r), grade, coef, linked);
    if (code === 10) {
      const st = String(review!.statuses[i] ?? '');
      const why = label(lang, 'bonus.row.notFinal', { status: st });
      ch.expect(s, `${C.status}${r}`, `status row ${r}`, label(lang, 'bonus.row.bad', { reason: why }));
    }
    codes.push(code);
    bases.push([code === 9 ? arg(s.at(C.base!, r)) : null]);
    coefs.push([code === 9 ? coef : null]);
    out.departments.push(s.at(C.department!, r));
  }
  const result = poolRaw === null ? null : WEIGHTED_SHARE(poolRaw, bases, coefs, decimals);
  for (let i = 0; i < bases.length; i++) {
    const r = t.firstRow + i;
    const filled = bases[i]![0] !== null && coefs[i]![0] !== null;
    let e: Expected = null;
    if (result === null) e = null;
    else if (Array.isArray(result)) e = exp(result[i]![0]);
    else e = filled ? exp(result) : null;
    ch.expect(s, `${C.share}${r}`, `share row ${r}`, e);
    out.shares.push(e);
  }
  const nums = out.shares.filter((x): x is number => typeof x === 'number');
  let adds = false;
  if (nums.length > 0) {
    const scale = 10 ** decimals;
    const units = nums.reduce((a, x) => a + Math.round(x * scale), 0);
    const poolUnits = Math.round(roundHalfAway(Math.abs(out.pool ?? 0), decimals) * scale) * Math.sign(out.pool ?? 0);
    adds = units === poolUnits;
    if (!adds) {
      ch.mismatches.push({ sheet: s.desc.name, cell: t.columns.share!, what: 'Σ shares = pool', expected: poolUnits / scale, got: units / scale });
    }
    ch.expect(s, s.cell('difference'), 'difference', 0);
  }
  ch.expect(s, s.cell('allocated'), 'allocated', nums.length > 0 ? nums.reduce((a, x) => a + x, 0) : null);
  // The check answers ✓ only for a final split: a pool of 0 or more, no row in error, and shares that add up to it.
  const ok = out.pool !== null && out.pool >= 0 && adds && codes.every((x) => x === 0 || x === 9);
  // Employees without a final grade are counted in the check's words when they are its reason.
  const notFinal = codes.filter((x) => x === 10).length;
  const rowsInError = codes.filter((x) => x >= 1 && x <= 8).length;
  if (notFinal > 0 && rowsInError === 0 && out.pool !== null && out.pool >= 0) {
    const words = notFinal === 1 ? label(lang, 'bonus.check.notFinalOne') : label(lang, 'bonus.check.notFinal', { n: notFinal });
    ch.expect(s, s.cell('check'), 'bonus check: not final', words);
  }
  const check = s.addr(s.cell('check'));
  ch.checked++;
  if (typeof check !== 'string' || !/^[✓✗]/.test(check) || check.startsWith('✓') !== ok) {
    ch.mismatches.push({ sheet: s.desc.name, cell: s.cell('check'), what: 'bonus check', expected: ok ? '✓' : '✗', got: check });
  }
  codes.forEach((code, i) => {
    const r = t.firstRow + i;
    const status = s.at(C.status!, r);
    ch.checked++;
    const good = code === 0 ? blankText(status) : typeof status === 'string' && status.startsWith('✗') === (code !== 9) && (code !== 9 || status.startsWith('✓') === ok);
    if (!good) ch.mismatches.push({ sheet: s.desc.name, cell: `${C.status}${r}`, what: `status code ${code}`, expected: code, got: status });
  });
  return out;
}

/** Shared KPIs: achievement per KPI, each department's score. */
export function checkShared(ch: Checker): void {
  const s = ch.sheet('shared');
  if (!s) return;
  const t = s.table('kpis');
  const C = t.columns;
  const depts = Object.keys(C).filter((k) => /^dept\d+$/.test(k));
  const achs: unknown[][] = [];
  const parts = depts.map(() => [] as unknown[][]);
  for (let r = t.firstRow; r <= t.lastRow; r++) {
    const ach = exp(KPISCORE(arg(s.at(C.actual!, r)), arg(s.at(C.target!, r)), arg(s.at(C.direction!, r))));
    ch.expect(s, `${C.achievement}${r}`, `achievement row ${r}`, ach);
    achs.push([ach === null ? null : typeof ach === 'object' ? { code: ach.code, message: '' } : ach]);
    depts.forEach((d, i) => parts[i]!.push([arg(s.at(C[d]!, r))]));
  }
  const scoreRow = t.lastRow + 1;
  depts.forEach((d, i) => {
    const head = s.at(C[d]!, t.headerRow);
    const e = head === null || String(head).trim() === '' ? null : exp(WEIGHTED_SCORE(achs, parts[i]!));
    ch.expect(s, `${C[d]}${scoreRow}`, `shared score ${String(head)}`, e);
  });
}

const barOf = (x: Expected, step: number): Expected => (typeof x === 'number' ? '█'.repeat(Math.max(0, Math.floor(roundHalfAway(x / step, 6)))) : null);

/** Dashboard: department averages and grade counts, bonus totals, distribution, KPI averages, furthest below target. */
export function checkDashboard(ch: Checker, review: ReviewExpected | null, bonus: BonusExpected | null): void {
  const s = ch.sheet('dashboard');
  if (!s || !review) return;
  const dt = s.table('departments');
  const eq = (a: EngineValue, b: EngineValue) => a !== null && b !== null && String(a).toLowerCase() === String(b).toLowerCase();
  const grades = review.bandGrades.slice().reverse();
  for (let r = dt.firstRow; r <= dt.lastRow; r++) {
    const d = s.at('A', r);
    if (d === null || String(d).trim() === '') {
      ch.expect(s, `B${r}`, 'blank department', null);
      continue;
    }
    const idx = review.departments.map((x, i) => (eq(x, d) ? i : -1)).filter((i) => i >= 0);
    const totals = idx.map((i) => review.totals[i]).filter((x): x is number => typeof x === 'number');
    ch.expect(s, `B${r}`, `scored ${d}`, totals.length);
    const avg = totals.length === 0 ? null : totals.reduce((a, b) => a + b, 0) / totals.length;
    ch.expect(s, `C${r}`, `average ${d}`, avg);
    ch.expect(s, `D${r}`, `bar ${d}`, barOf(avg, 0.1));
    grades.forEach((g, i) => {
      const n = idx.filter((k) => review.grades[k] !== null && g !== null && String(review.grades[k]).toLowerCase() === String(g).toLowerCase()).length;
      ch.expect(s, `${col(5 + i)}${r}`, `grade ${String(g)} ${d}`, g === null ? null : n);
    });
    if (bonus && dt.columns.bonus) {
      const sum = bonus.shares.reduce<number>((a, x, i) => (typeof x === 'number' && eq(bonus.departments[i]!, d) ? a + x : a), 0);
      ch.expect(s, `${dt.columns.bonus}${r}`, `bonus ${d}`, sum);
    }
  }
  const gt = s.table('distribution');
  const counts = grades.map((g) => review.grades.filter((x) => x !== null && g !== null && String(x).toLowerCase() === String(g).toLowerCase()).length);
  const graded = counts.reduce((a, b) => a + b, 0);
  counts.forEach((n, i) => {
    const r = gt.firstRow + i;
    ch.expect(s, `B${r}`, `count ${String(grades[i])}`, n);
    const share = graded === 0 ? null : n / graded;
    ch.expect(s, `C${r}`, `share ${String(grades[i])}`, share);
    const target = num(s.at('D', r));
    ch.expect(s, `E${r}`, `difference ${String(grades[i])}`, share === null || target === null ? null : share - target);
    ch.expect(s, `F${r}`, `bar ${String(grades[i])}`, barOf(share, 0.05));
  });
  const kt = s.table('kpiAverages');
  const avgs: (number | null)[] = [];
  review.kpiNames.forEach((_, j) => {
    const xs = review.achievements.map((a) => a[j]).filter((x): x is number => typeof x === 'number');
    const avg = xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
    avgs.push(avg);
    ch.expect(s, `B${kt.firstRow + j}`, `kpi average ${j}`, avg);
    ch.expect(s, `C${kt.firstRow + j}`, `kpi gap ${j}`, avg === null ? null : avg - 1);
  });
  const below = avgs
    .map((a, j) => ({ a: a === null ? null : roundHalfAway(a, 10), j }))
    .filter((x): x is { a: number; j: number } => x.a !== null && x.a < 1)
    .sort((x, y) => x.a - y.a || x.j - y.j);
  const ft = s.table('furthestBelow');
  for (let k = 0; k <= ft.lastRow - ft.firstRow; k++) {
    const r = ft.firstRow + k;
    const hit = below[k];
    ch.expect(s, `F${r}`, `furthest ${k}`, hit ? (review.kpiNames[hit.j] as Expected) : null);
    ch.expect(s, `G${r}`, `furthest avg ${k}`, hit ? avgs[hit.j]! : null);
  }
}

/** Every check that applies to the sheets of the workbook. */
export function checkWorkbook(desc: WorkbookDesc, book: Book, mapping?: PlanMapping): Checker {
  const ch = new Checker(desc, book);
  checkPlan(ch);
  const review = checkReview(ch, mapping ?? planMappingIn(desc));
  checkScorecard(ch);
  check360(ch);
  const bonus = checkBonus(ch, review);
  checkShared(ch);
  checkDashboard(ch, review, bonus);
  return ch;
}

// ---- Review and plan: statuses in words (what a sheet says about its rows), computed from the rules ----

type Lang = 'en' | 'zh-CN';
/** A cell as the sheet's formulas read it: blank, a number (ASCII text too), or text that is not a number. */
type SheetNum = { kind: 'blank' } | { kind: 'num'; n: number } | { kind: 'text' };

function blankCell(v: EngineValue): boolean {
  return v === null || (typeof v === 'string' && v.trim() === '');
}

/** As `IF(LEN(TRIM(x))=0,"",IF(ISNUMBER(x),x,TRIM(x)*1))`: neither engine reads full-width digits. */
export function sheetNumber(v: EngineValue): SheetNum {
  if (blankCell(v)) return { kind: 'blank' };
  if (typeof v === 'number') return { kind: 'num', n: v };
  if (typeof v === 'string' && /^[\x20-\x7e]+$/.test(v)) {
    const n = parseNumberText(v);
    if (n !== undefined) return { kind: 'num', n };
  }
  return { kind: 'text' };
}

/** A review input as the core should see it to agree with the sheet: full-width numbers are text there. */
function sheetArg(v: EngineValue): unknown {
  const a = arg(v);
  if (typeof v === 'string' && sheetNumber(v).kind === 'text' && parseNumberText(v) !== undefined) return { code: '#VALUE!', message: '' };
  return a;
}

const DIR_WORDS = new Map<string, number>();
(Object.keys(DIRECTIONS) as (keyof typeof DIRECTIONS)[]).forEach((k, i) => {
  for (const w of DIRECTIONS[k]) DIR_WORDS.set(w.toLowerCase(), i + 1);
});

/** The words of a cell joined into a sheet's text (`"…"&A1&"…"`). */
const shown = (v: EngineValue): string => (v === null ? '' : typeof v === 'number' ? String(v) : String(v));

export interface PlanLineRaw {
  readonly kpi: EngineValue;
  readonly target: EngineValue;
  readonly weight: EngineValue;
  readonly direction: EngineValue;
  readonly baseline: EngineValue;
  readonly threshold: EngineValue;
  readonly maximum: EngineValue;
  readonly unit: EngineValue;
}

export interface LineTrust {
  readonly used: boolean;
  readonly required: boolean;
  readonly problem: number;
  readonly flag: boolean;
  readonly reason: string;
  readonly unitClass: number;
  readonly weight: number | null;
  readonly target: number | null;
}

const PROBLEM_KEYS: Record<number, LabelKey> = {
  1: 'rv.p.weightText', 2: 'rv.p.weightNegative', 3: 'rv.p.direction', 4: 'rv.p.noTarget', 5: 'rv.p.targetText', 6: 'rv.p.targetZero',
  7: 'rv.p.targetIsBaseline', 8: 'rv.p.ratioBaseline', 9: 'rv.p.baselineText', 10: 'rv.p.negativeTarget', 11: 'rv.p.curveText',
  12: 'rv.p.curveOrder', 13: 'rv.p.ratioTarget', 14: 'rv.p.higherBaseline', 15: 'rv.p.lowerBaseline',
};

/** What the plan's formulas find about one line (see planLineProblem in core/templates/formulas.ts). */
export function lineTrust(lang: Lang, l: PlanLineRaw): LineTrust {
  const used = !blankCell(l.kpi) || !blankCell(l.target) || !blankCell(l.weight);
  const w = sheetNumber(l.weight);
  const weight = w.kind === 'blank' ? 0 : w.kind === 'num' ? w.n : null;
  const d = blankCell(l.direction) ? 1 : (DIR_WORDS.get(shown(l.direction).trim().toLowerCase()) ?? null);
  const t = sheetNumber(l.target);
  const b = sheetNumber(l.baseline);
  const th = sheetNumber(l.threshold);
  const mx = sheetNumber(l.maximum);
  const unitClass = unitClassOf(typeof l.unit === 'string' ? l.unit : l.unit === null ? null : String(l.unit));
  const problem = ((): number => {
    if (!used) return 0;
    if (weight === null) return 1;
    if (weight < 0) return 2;
    if (d === null) return 3;
    if (t.kind === 'text') return 5;
    if (b.kind === 'text') return 9;
    if (t.kind === 'blank') return 4;
    const T = t.n;
    const B = b.kind === 'num' ? b.n : null;
    let check = 0;
    if (d === 3) check = B !== null || T <= 0 ? 3 : 0;
    else if (B === null) check = T === 0 ? 2 : 0;
    else check = T === B ? 2 : (d === 1 && T < B) || (d === 2 && T > B) ? 3 : 0;
    if (check === 2) return B === null ? 6 : 7;
    if (check === 3) return d === 3 ? (B !== null ? 8 : 13) : d === 1 ? 14 : 15;
    if ((unitClass === 1 || unitClass === 3 || unitClass === 4) && T < 0) return 10;
    if (th.kind === 'text' || mx.kind === 'text') return 11;
    if (th.kind === 'num' && mx.kind === 'num') {
      const inOrder = (th.n < T && T < mx.n) || (th.n > T && T > mx.n);
      if (!inOrder) return 12;
    }
    return 0;
  })();
  const flag = problem === 0 ? false : problem <= 3 ? true : (weight ?? 0) > 0;
  const x = problem === 1 ? l.weight : problem === 3 ? l.direction : problem === 5 || problem === 10 ? l.target : problem === 9 ? l.baseline : null;
  const reason = problem === 0 ? '' : label(lang, PROBLEM_KEYS[problem]!, { x: shown(x), unit: shown(l.unit) });
  return {
    used,
    required: used && weight !== null && weight > 0,
    problem,
    flag,
    reason,
    unitClass,
    weight,
    target: t.kind === 'num' ? t.n : null,
  };
}

/** The plan sheet's check column for a line. */
export function planRowCheck(lang: Lang, t: LineTrust): string | null {
  if (!t.used) return null;
  if (t.flag) return `✗ ${t.reason}`;
  if (t.problem > 0) return t.reason;
  return (t.weight ?? 0) > 0 ? label(lang, 'rv.row.ok') : label(lang, 'rv.row.notWeighted');
}

/** One review row: its code (see detailTrust in core/templates/review.ts) and its words. */
export function rowTrust(
  lang: Lang,
  line: LineTrust,
  actual: EngineValue,
  unit: EngineValue,
  raw: Expected,
  achievement: Expected,
): { code: number; reason: string; check: string | null } {
  const filled = !blankCell(actual);
  const a = sheetNumber(actual);
  const blocking = line.problem > 0 && line.problem !== 11 && line.problem !== 12;
  const code = ((): number => {
    if (!line.used) return filled ? 11 : 0;
    if (blocking && (line.required || filled || line.problem <= 2)) return 3;
    if (!filled) return line.required ? 2 : 0;
    if (a.kind !== 'num') return 4;
    if (typeof raw !== 'number') return 5;
    if (typeof achievement !== 'number') return 6;
    const T = line.target;
    if (T !== null && a.n !== 0 && T !== 0) {
      if (roundHalfAway(Math.abs(a.n / T), 10) >= 50) return line.unitClass === 1 ? 7 : 9;
      if (roundHalfAway(Math.abs(T / a.n), 10) >= 50) return line.unitClass !== 1 && Math.abs(a.n) <= 1 ? 8 : 9;
    }
    return line.problem > 0 ? 10 : 1;
  })();
  const x = a.kind === 'num' ? String(a.n) : '';
  const u = shown(unit);
  const hint =
    line.unitClass === 1
      ? label(lang, 'rv.hint.percent')
      : u.trim() === ''
        ? label(lang, 'rv.hint.plain')
        : label(lang, line.unitClass === 2 ? 'rv.hint.money' : 'rv.hint.unit', { unit: u });
  const words: string[] = [
    '',
    line.unitClass === 1 && a.kind === 'num' ? label(lang, 'rv.row.okAs', { v: percentNumber(a.n) }) : label(lang, 'rv.row.ok'),
    hint,
    line.reason,
    label(lang, 'rv.r.actualText', { v: shown(actual) }),
    label(lang, 'rv.r.ratioActual'),
    label(lang, 'rv.r.settings'),
    label(lang, 'rv.r.percentWhole', { v: x }),
    label(lang, 'rv.r.percentOnUnit', { v: a.kind === 'num' ? percentNumber(a.n) : '' }),
    label(lang, 'rv.r.farOff', { t: line.target === null ? '' : String(line.target) }),
    line.reason,
    label(lang, 'rv.r.emptyLine'),
  ];
  const reason = words[code]!;
  const check = code < 3 ? reason : `✗ ${reason}`;
  return { code, reason, check: check === '' ? null : check };
}

/** 1 complete, 0 blank row, 2 in progress, 3 a problem, 4 no weighted KPI, 5 360 missing, 6 360 not a number, 7 total not computable, 8 complete on the KPIs only. */
export function employeeTrust(
  lang: Lang,
  p: {
    name: EngineValue;
    collab: EngineValue;
    collabWeight: number;
    /** The "no 360 score" setting says "KPI only". */
    kpiOnly?: boolean;
    total: Expected;
    kpiNames: EngineValue[];
    rows: { code: number; reason: string; required: boolean; filled: boolean }[];
  },
): { code: number; text: string | null } {
  const bad = p.rows.map((r, j) => (r.code >= 3 && r.code !== 10 ? j : -1)).filter((j) => j >= 0);
  const reqN = p.rows.filter((r) => r.required).length;
  const doneN = p.rows.filter((r) => r.required && (r.code === 1 || r.code === 10)).length;
  const filledN = p.rows.filter((r) => r.filled).length;
  const collabTyped = !blankCell(p.collab);
  const code = ((): number => {
    if (blankCell(p.name) && filledN === 0 && !collabTyped) return 0;
    if (bad.length > 0) return 3;
    if (reqN === 0) return 4;
    if (doneN < reqN) return 2;
    if (collabTyped) return sheetNumber(p.collab).kind !== 'num' ? 6 : typeof p.total === 'number' ? 1 : 7;
    if (p.collabWeight > 0) return p.kpiOnly ? (typeof p.total === 'number' ? 8 : 7) : 5;
    return typeof p.total === 'number' ? 1 : 7;
  })();
  const more = bad.length > 1 ? label(lang, 'rv.s.more', { n: bad.length - 1 }) : '';
  const texts: (string | null)[] = [
    null,
    label(lang, 'rv.s.complete'),
    label(lang, 'rv.s.progress', {
      n: doneN,
      m: reqN,
      kpi: shown(p.kpiNames[p.rows.findIndex((r) => r.code === 2)] ?? null),
      more: reqN - doneN > 1 ? label(lang, 'rv.s.more', { n: reqN - doneN - 1 }) : '',
    }),
    bad.length > 0 ? label(lang, 'rv.s.problem', { kpi: shown(p.kpiNames[bad[0]!] ?? null), reason: p.rows[bad[0]!]!.reason }) + more : null,
    label(lang, 'rv.s.noWeighted'),
    label(lang, 'rv.s.collabMissing'),
    label(lang, 'rv.s.collabText', { x: shown(p.collab) }),
    label(lang, 'rv.s.total'),
    label(lang, 'rv.s.kpiOnly'),
  ];
  return { code, text: texts[code]! };
}

/** The review's line under the title about its plan. */
export function planCheckText(lang: Lang, planSheet: string, lines: LineTrust[], names: EngineValue[]): string {
  const flagged = lines.map((l, j) => (l.flag ? j : -1)).filter((j) => j >= 0);
  if (flagged.length > 0) {
    const j = flagged[0]!;
    const more = flagged.length > 1 ? label(lang, 'rv.s.more', { n: flagged.length - 1 }) : '';
    return label(lang, 'rv.plan.problem', { kpi: shown(names[j] ?? null), reason: lines[j]!.reason }) + more;
  }
  if (!lines.some((l) => l.required)) return label(lang, 'rv.plan.noWeighted');
  const total = lines.reduce((s, l) => s + (l.used && l.weight !== null ? l.weight : 0), 0);
  if (roundHalfAway(total, 10) !== 1) return label(lang, 'rv.plan.weights', { w: String(roundHalfAway(total * 100, 1)) });
  return label(lang, 'rv.plan.ok', { plan: planSheet, n: lines.filter((l) => l.used).length });
}

/** A fraction as the review shows a percent: to 4 decimals of a percent, rounded as the sheet does. */
export function percentText(x: number): string {
  return `${percentNumber(x)}%`;
}

/** A fraction × 100 to 4 decimals, e.g. 0.034 as "3.4": percentText without the sign. */
export function percentNumber(x: number): string {
  return String(roundHalfAway(roundHalfAway(x * 100 * 1e4, 6), 0) / 1e4);
}

/** The sheet's language, from a header the templates write in it. */
function langOf(header: EngineValue): Lang {
  return header === label('zh-CN', 'rv.col.check') || header === label('zh-CN', 'rv.col.status') || header === label('zh-CN', 'bonus.col.status')
    ? 'zh-CN'
    : 'en';
}

/** A bonus sheet that reads its grades from a review: its first grade cell is a formula. */
export function isLinkedBonus(sheet: SheetDesc): boolean {
  const t = sheet.tables?.find((x) => x.key === 'employees');
  if (!t) return false;
  const c = colNumber(t.columns.grade!);
  for (const b of sheet.blocks) {
    const p = parseCell(b.at);
    const cell = b.cells[t.firstRow - p.row]?.[c - p.col];
    if (t.firstRow >= p.row && c >= p.col && cell) return 'f' in cell;
  }
  return false;
}
