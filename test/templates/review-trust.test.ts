/**
 * A review sheet is never silently wrong: every employee row says in words what is missing or
 * wrong, a grade and coefficient show only for a complete review, a bad plan line or a bad cell
 * stays with its own KPI and employee, and units set formats and the actual's hint. Each scenario
 * is recalculated in HyperFormula and in LibreOffice Calc (all workbooks in one conversion), in
 * English and Chinese, and compared with the scoring core (check.ts) and with the words expected.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recalcXlsx } from '../../cli/libreoffice.js';
import { writeXlsx } from '../../cli/xlsx.js';
import { colNumber } from '../../core/templates/a1.js';
import { WorkbookBuilder } from '../../core/templates/builder.js';
import { label } from '../../core/templates/labels.js';
import { planSheet, type NumberInput, type PlanLine } from '../../core/templates/plan.js';
import { seeded } from '../../core/templates/random.js';
import { reviewSheet } from '../../core/templates/review.js';
import type { Locale } from '../../core/types.js';
import type { WorkbookDesc } from '../../core/templates/types.js';
import { checkWorkbook, type Book, type EngineValue } from './check.js';
import { LANGS, withValue } from './cases.js';
import { hfBook } from './engines.js';

const KPI_NAMES: Record<Locale, readonly string[]> = {
  en: ['Revenue', 'Churn', 'Satisfaction', 'New customers'],
  'zh-CN': ['销售收入', '客户流失率', '客户满意度', '新客户数'],
};
const UNITS: Record<Locale, readonly string[]> = { en: ['$k', '%', 'points', 'count'], 'zh-CN': ['万元', '%', '分', '个'] };

function planLine(p: Partial<PlanLine>): PlanLine {
  return {
    perspective: null, kpi: 'k', definition: null, source: null, direction: 'higher', unit: null, baseline: null,
    threshold: null, target: 100, maximum: null, weight: 0.25, owner: null, sharedWith: null, period: null, action: null, ...p,
  };
}

/** Four KPIs, one per unit: money, percent (lower is better), points, count. */
function baseLines(lang: Locale, edit: (j: number) => Partial<PlanLine> = () => ({})): PlanLine[] {
  const n = KPI_NAMES[lang];
  const u = UNITS[lang];
  return [
    planLine({ kpi: n[0]!, unit: u[0]!, target: 500, weight: 0.4, threshold: 400, maximum: 600, ...edit(0) }),
    planLine({ kpi: n[1]!, unit: u[1]!, direction: lang === 'en' ? 'lower' : '越低越好', target: 0.05, weight: 0.2, ...edit(1) }),
    planLine({ kpi: n[2]!, unit: u[2]!, target: 90, weight: 0.2, ...edit(2) }),
    planLine({ kpi: n[3]!, unit: u[3]!, target: 40, weight: 0.2, ...edit(3) }),
  ];
}

const GOOD: readonly NumberInput[] = [520, 0.045, 92, 41];

interface Scenario {
  readonly name: string;
  readonly lang: Locale;
  readonly desc: WorkbookDesc;
}

function scenario(name: string, lang: Locale, lines: PlanLine[], actuals: NumberInput[][], names?: (string | null)[]): Scenario {
  const wb = new WorkbookBuilder(lang);
  const plan = planSheet(wb, { department: 'Trust', period: '', lines, rows: lines.length });
  reviewSheet(wb, {
    department: 'Trust',
    period: '2026 Q4',
    plan: plan.mapping,
    units: plan.units,
    employees: actuals.length,
    data: {
      names: names ?? actuals.map((_, i) => `P${i + 1}`),
      departments: actuals.map(() => 'Sales'),
      actuals,
      comments: [],
      collab: [],
    },
  });
  return { name: `${name} ${lang}`, lang, desc: wb.build() };
}

/** Reviews with bad actuals, and reviews of plans with one bad line each. */
function scenarios(lang: Locale): Scenario[] {
  const ok = [...GOOD];
  return [
    scenario('actuals', lang, baseLines(lang), [
      ok,
      [520, 3.4, 92, 41], // 3.4 typed for 3.4% on a percent KPI
      [520, 0.045, '85%', 41], // 85% typed on a points KPI whose target is 90
      [520, null, null, null], // in progress
      ['n/a', 0.045, 92, 41],
      [520, 0.045, '８５', 41], // full-width digits: not a number in the sheet
      [null, null, null, null],
    ], ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', null]),
    scenario('blank target', lang, baseLines(lang, (j) => (j === 0 ? { target: null } : {})), [ok, ok]),
    scenario('zero target', lang, baseLines(lang, (j) => (j === 0 ? { target: 0 } : {})), [ok, ok]),
    scenario('direction up', lang, baseLines(lang, (j) => (j === 2 ? { direction: 'up' } : {})), [ok, ok]),
    scenario('negative count target', lang, baseLines(lang, (j) => (j === 3 ? { target: -40 } : {})), [ok, ok]),
    scenario('weight text', lang, baseLines(lang, (j) => (j === 1 ? { weight: 'abc' } : {})), [ok, [null, null, null, null]]),
    scenario('weights 90%', lang, baseLines(lang, (j) => (j === 3 ? { weight: 0.1 } : {})), [ok]),
    scenario('only the weight-0 KPI', lang, baseLines(lang, (j) => (j === 3 ? { weight: 0 } : j === 0 ? { weight: 0.6 } : {})), [[null, null, null, 41]]),
  ];
}

/** A sample review of 8 people, every cell valid, for the property test. */
function sampleReview(lang: Locale): Scenario {
  const rng = seeded(4242);
  const actuals = Array.from({ length: 8 }, () => GOOD.map((x) => Math.round((x as number) * rng.between(0.8, 1.2) * 1000) / 1000));
  return scenario('sample', lang, baseLines(lang), actuals);
}

const BAD_VALUES: readonly (string | number | null)[] = [null, '', 'n/a', '８５', -5, 'up', 'higher', '越高越好', 'N/A', '85%'];

interface Mutation {
  readonly employee: number;
  readonly kpi: number;
  readonly value: string | number | null;
}

function mutate(s: Scenario, muts: readonly Mutation[]): WorkbookDesc {
  const review = s.desc.sheets.find((x) => x.key === 'review')!;
  const d = review.tables!.find((t) => t.key === 'detail')!;
  let desc = s.desc;
  for (const m of muts) desc = withValue(desc, review.name, `${d.columns.actual}${d.firstRow + m.employee * 4 + m.kpi}`, m.value);
  return desc;
}


/** What the sheet shows: roster fields per employee, detail fields per row, the plan line and plan checks. */
function view(desc: WorkbookDesc, book: Book) {
  const review = desc.sheets.find((s) => s.key === 'review')!;
  const plan = desc.sheets.find((s) => s.key === 'plan')!;
  const values = book.get(review.name)!;
  const pv = book.get(plan.name)!;
  const at = (vals: EngineValue[][], letters: string, r: number): EngineValue => {
    const x = vals[r - 1]?.[colNumber(letters) - 1] ?? null;
    return x === '' ? null : x; // a formula's blank: "" in HyperFormula, empty in LibreOffice
  };
  const roster = review.tables!.find((t) => t.key === 'employees')!;
  const detail = review.tables!.find((t) => t.key === 'detail')!;
  const kpis = plan.tables!.find((t) => t.key === 'kpis')!;
  const field = (t: typeof roster, vals: EngineValue[][], f: string) =>
    Array.from({ length: t.lastRow - t.firstRow + 1 }, (_, i) => at(vals, t.columns[f]!, t.firstRow + i));
  const pc = review.cells!.planCheck!;
  return {
    status: field(roster, values, 'status'),
    grade: field(roster, values, 'grade'),
    coefficient: field(roster, values, 'coefficient'),
    total: field(roster, values, 'total'),
    kpiScore: field(roster, values, 'kpiScore'),
    check: field(detail, values, 'check'),
    achievement: field(detail, values, 'achievement'),
    target: field(detail, values, 'target'),
    planRows: field(kpis, pv, 'check'),
    planLine: at(values, pc.replace(/\d+/g, ''), Number(pc.replace(/\D+/g, ''))),
    weightCheck: at(pv, plan.cells!.weightCheck!.replace(/\d+/g, ''), Number(plan.cells!.weightCheck!.replace(/\D+/g, ''))),
  };
}

/** The words each scenario must show (beyond the check against the core in check.ts). */
function expectWords(s: Scenario, book: Book): void {
  const L = (key: Parameters<typeof label>[1], p: Record<string, string | number> = {}) => label(s.lang, key, p);
  const n = KPI_NAMES[s.lang];
  const w = view(s.desc, book);
  const problem = (k: number, reason: string) => L('rv.s.problem', { kpi: n[k]!, reason });
  const planProblem = (k: number, reason: string) => L('rv.plan.problem', { kpi: n[k]!, reason });
  const base = s.name.replace(/ (en|zh-CN)$/, '');
  switch (base) {
    case 'actuals': {
      expect(w.status[0]).toBe(L('rv.s.complete'));
      expect(w.grade[0]).not.toBeNull();
      expect(w.target[1]).toBe('5%'); // a percent KPI's target shows as percent
      expect(w.check[1]).toBe(L('rv.row.okAs', { v: '4.5' }));
      expect(w.target[0]).toBe(500);
      expect(w.status[1]).toBe(problem(1, L('rv.r.percentWhole', { v: '3.4' })));
      expect(w.check[5]).toBe(`✗ ${L('rv.r.percentWhole', { v: '3.4' })}`);
      expect(w.status[2]).toBe(problem(2, L('rv.r.percentOnUnit', { v: '85' })));
      expect(w.status[3]).toBe(L('rv.s.progress', { n: 1, m: 4, kpi: n[1]!, more: L('rv.s.more', { n: 2 }) }));
      expect(w.check[13]).toBe(L('rv.hint.percent'));
      expect(w.status[4]).toBe(problem(0, L('rv.r.actualText', { v: 'n/a' })));
      expect(w.status[5]).toBe(problem(2, L('rv.r.actualText', { v: '８５' })));
      expect(w.status[6]).toBeNull();
      for (const e of [1, 2, 3, 4, 5, 6]) {
        expect(w.grade[e], `grade e${e}`).toBeNull();
        expect(w.coefficient[e], `coefficient e${e}`).toBeNull();
      }
      expect(typeof w.total[3]).toBe('number'); // the partial total shows, the grade does not
      expect(w.planLine).toBe(L('rv.plan.ok', { plan: s.desc.sheets.find((x) => x.key === 'plan')!.name, n: 4 }));
      break;
    }
    case 'blank target':
      expect(w.planRows[0]).toBe(`✗ ${L('rv.p.noTarget')}`);
      expect(w.planLine).toBe(planProblem(0, L('rv.p.noTarget')));
      expect(w.status).toEqual([problem(0, L('rv.p.noTarget')), problem(0, L('rv.p.noTarget'))]);
      expect(w.grade).toEqual([null, null]);
      expect(typeof w.achievement[1]).toBe('number'); // the other KPIs still score
      break;
    case 'zero target':
      expect(w.planRows[0]).toBe(`✗ ${L('rv.p.targetZero')}`);
      expect(w.status[1]).toBe(problem(0, L('rv.p.targetZero')));
      expect(w.achievement[0]).toEqual({ error: '#DIV/0!' });
      expect(w.check[0]).toBe(`✗ ${L('rv.p.targetZero')}`);
      break;
    case 'direction up':
      expect(w.planRows[2]).toBe(`✗ ${L('rv.p.direction', { x: 'up' })}`);
      expect(w.planLine).toBe(planProblem(2, L('rv.p.direction', { x: 'up' })));
      expect(w.status[0]).toBe(problem(2, L('rv.p.direction', { x: 'up' })));
      expect(w.grade).toEqual([null, null]);
      break;
    case 'negative count target':
      expect(w.planRows[3]).toBe(`✗ ${L('rv.p.negativeTarget', { x: -40, unit: UNITS[s.lang][3]! })}`);
      expect(w.status[0]).toBe(problem(3, L('rv.p.negativeTarget', { x: -40, unit: UNITS[s.lang][3]! })));
      break;
    case 'weight text': {
      const reason = L('rv.p.weightText', { x: 'abc' });
      expect(w.planRows[1]).toBe(`✗ ${reason}`);
      expect(w.weightCheck).toBe(L('rv.plan.weightText'));
      expect(w.status).toEqual([problem(1, reason), problem(1, reason)]);
      expect(w.grade).toEqual([null, null]);
      break;
    }
    case 'weights 90%':
      expect(w.planLine).toBe(L('rv.plan.weights', { w: 90 }));
      expect(w.status[0]).toBe(L('rv.s.complete')); // divided by the total, as WEIGHTED_SCORE does: said, not hidden
      expect(w.grade[0]).not.toBeNull();
      break;
    case 'only the weight-0 KPI':
      expect(w.planRows[3]).toBe(L('rv.row.notWeighted'));
      expect(w.kpiScore[0]).toEqual({ error: '#DIV/0!' });
      expect(w.status[0]).toBe(L('rv.s.progress', { n: 0, m: 3, kpi: n[0]!, more: L('rv.s.more', { n: 2 }) }));
      expect(w.grade[0]).toBeNull();
      break;
    default:
      throw new Error(`no words for ${s.name}`);
  }
}

const SCENARIOS = LANGS.flatMap((lang) => scenarios(lang));

// ---- The collaboration blend: the 360 rating on the achievement scale, capped ----

interface BlendRow {
  readonly actual: NumberInput;
  readonly rating: NumberInput;
}

/** One KPI (target 100, weight 100%): the KPI score is actual / 100, clamped to the floor and cap. */
function blendScenario(name: string, lang: Locale, rows: readonly BlendRow[], settings: Record<string, NumberInput>): Scenario {
  const wb = new WorkbookBuilder(lang);
  const plan = planSheet(wb, { department: 'Blend', period: '', lines: [planLine({ kpi: 'Revenue', target: 100, weight: 1 })], rows: 1 });
  reviewSheet(wb, {
    department: 'Blend',
    period: '',
    plan: plan.mapping,
    employees: rows.length,
    data: {
      names: rows.map((_, i) => `P${i + 1}`),
      departments: rows.map(() => 'Sales'),
      actuals: rows.map((r) => [r.actual]),
      comments: [],
      collab: rows.map((r) => r.rating),
      settings: { collabWeight: 0.1, ...settings },
    },
  });
  return { name: `${name} ${lang}`, lang, desc: wb.build() };
}

/** The cases the rule is about: 121.7% with a perfect 360, a KPI above the 360's part, no 360 score. */
const EXAMPLES: readonly BlendRow[] = [
  { actual: 121.7, rating: 5 }, // 0: stays S (the old rule made it an A)
  { actual: 150, rating: 5 }, // 1: KPI at the cap above the 360's 125%
  { actual: 100, rating: 4 }, // 2: 4 of 5 counts as 100%
  { actual: 100, rating: 2 }, // 3: a poor 360 pulls down
  { actual: 100, rating: null }, // 4: no 360 score
];

/** Random KPI scores and ratings at or above the rating that counts as 100%, for the invariant. */
function propertyRows(seed: number, n: number): BlendRow[] {
  return fc.sample(fc.record({ actual: fc.integer({ min: 0, max: 2000 }).map((x) => x / 10), rating: fc.integer({ min: 40, max: 50 }).map((x) => x / 10) }), {
    seed,
    numRuns: n,
  });
}

function blendScenarios(lang: Locale): Scenario[] {
  return [
    blendScenario('blend', lang, EXAMPLES, {}),
    blendScenario('blend kpi only', lang, EXAMPLES, { collabMissing: lang === 'en' ? 'KPI only' : '仅KPI' }),
    blendScenario('blend no cap', lang, EXAMPLES, { cap: null }),
    blendScenario('blend par 5', lang, EXAMPLES, { collabPar: 5, cap: 1.2 }),
    ...[0.1, 0.25, 0.5].map((w, i) => blendScenario(`blend property ${w}`, lang, propertyRows(31 + i + (lang === 'en' ? 0 : 10), 40), { collabWeight: w })),
  ];
}

const BLEND = LANGS.flatMap((lang) => blendScenarios(lang));

/** The words and numbers each blend scenario must show (the core comparison is check.ts's). */
function expectBlend(s: Scenario, book: Book): void {
  const L = (key: Parameters<typeof label>[1], p: Record<string, string | number> = {}) => label(s.lang, key, p);
  const w = view(s.desc, book);
  const review = s.desc.sheets.find((x) => x.key === 'review')!;
  const roster = review.tables!.find((t) => t.key === 'employees')!;
  const n = roster.lastRow - roster.firstRow + 1;
  const values = book.get(review.name)!;
  const part = Array.from({ length: n }, (_, i) => {
    const x = values[roster.firstRow + i - 1]?.[colNumber(roster.columns.collabPart!) - 1] ?? null;
    return x === '' ? null : x;
  });
  const base = s.name.replace(/ (en|zh-CN)$/, '');
  switch (base) {
    case 'blend':
      expect(part).toEqual([1.25, 1.25, 1, 0.5, null]);
      expect(w.total[0]).toBeCloseTo(1.217 * 0.9 + 1.25 * 0.1, 12);
      expect(w.grade[0]).toBe('S'); // (1.217 × 0.9 + 5/5 × 0.1 = 1.195 was an A)
      expect(w.grade[1]).toBe('S');
      expect(w.total[2]).toBeCloseTo(1, 12);
      expect(w.total[3]).toBeCloseTo(0.95, 12);
      expect(w.status[4]).toBe(L('rv.s.collabMissing'));
      expect([w.grade[4], w.coefficient[4]]).toEqual([null, null]);
      break;
    case 'blend kpi only':
      expect(w.status[4]).toBe(L('rv.s.kpiOnly'));
      expect(w.total[4]).toBeCloseTo(1, 12);
      expect(w.grade[4]).toBe('A');
      expect(w.status.slice(0, 4)).toEqual(Array(4).fill(L('rv.s.complete')));
      break;
    case 'blend no cap':
      expect(part.slice(0, 3)).toEqual([1.25, 1.25, 1]);
      expect(w.total[1]).toBeCloseTo(1.5 * 0.9 + 0.125, 12); // no cap: the KPI score is 150%
      break;
    case 'blend par 5':
      expect(part.slice(0, 4)).toEqual([1, 1, 0.8, 0.4]);
      // KPI capped at 120%, a top 360 is 100% here: the total is pulled towards it (k > p, outside the invariant's "k ≤ p").
      expect(w.total[1]).toBeCloseTo(1.2 * 0.9 + 1 * 0.1, 12);
      break;
    default: {
      // The invariant: total = (1 − w)·k + w·p with p = min(cap, rating / par), so it lies between
      // k and p; a rating at or above par never takes the total below min(k, p), nor below k when k ≤ p.
      for (let i = 0; i < n; i++) {
        const k = w.kpiScore[i] as number;
        const p = part[i] as number;
        const t = w.total[i] as number;
        expect(p).toBeGreaterThanOrEqual(1);
        expect(t).toBeGreaterThanOrEqual(Math.min(k, p) - 1e-12);
        expect(t).toBeLessThanOrEqual(Math.max(k, p) + 1e-12);
        if (k <= p) expect(t).toBeGreaterThanOrEqual(k - 1e-12);
      }
    }
  }
}

/** Random bad cells in random rows of the sample review, seeded. */
function mutationSets(lang: Locale, runs: number, seed: number): Mutation[][] {
  const arb = fc.array(
    fc.record({ employee: fc.integer({ min: 0, max: 7 }), kpi: fc.integer({ min: 0, max: 3 }), value: fc.constantFrom(...BAD_VALUES) }),
    { minLength: 1, maxLength: 3 },
  );
  return fc.sample(arb, { seed: seed + (lang === 'en' ? 0 : 1), numRuns: runs });
}

/** The property: other employees keep their totals and grades; a changed employee's status names a changed KPI. */
function expectContained(lang: Locale, base: ReturnType<typeof view>, after: ReturnType<typeof view>, muts: readonly Mutation[]): void {
  const touched = new Set(muts.map((m) => m.employee));
  for (let e = 0; e < base.status.length; e++) {
    if (touched.has(e)) continue;
    expect([after.total[e], after.grade[e], after.coefficient[e], after.status[e]], `employee ${e}`).toEqual([
      base.total[e], base.grade[e], base.coefficient[e], base.status[e],
    ]);
  }
  for (const e of touched) {
    const mine = muts.filter((m) => m.employee === e);
    const status = String(after.status[e]);
    if (status === label(lang, 'rv.s.complete')) {
      // Only a number typed keeps a review complete (then check.ts holds it to the core).
      expect(mine.every((m) => typeof m.value === 'number' || m.value === '85%'), `employee ${e}: ${status}`).toBe(true);
    } else {
      expect(mine.some((m) => status.includes(KPI_NAMES[lang][m.kpi]!)), `employee ${e}: ${status}`).toBe(true);
      expect(after.grade[e]).toBeNull();
    }
  }
}

describe('review trust in HyperFormula', () => {
  for (const s of BLEND) {
    it(`${s.name}: the 360 part and the total equal the core`, () => {
      const book = hfBook(s.desc);
      const ch = checkWorkbook(s.desc, book);
      expect(ch.mismatches, s.name).toEqual([]);
      expect(ch.errorCells(), s.name).toEqual([]);
      expectBlend(s, book);
    });
  }

  for (const s of SCENARIOS) {
    it(`${s.name}: equals the core and says what is wrong`, () => {
      const book = hfBook(s.desc);
      const ch = checkWorkbook(s.desc, book);
      expect(ch.mismatches, s.name).toEqual([]);
      expectWords(s, book);
    });
  }

  for (const lang of LANGS) {
    it(`random bad cells stay with their own employee and KPI (${lang}, 15 workbooks)`, () => {
      const sample = sampleReview(lang);
      const base = view(sample.desc, hfBook(sample.desc));
      expect(base.status.every((x) => x === label(lang, 'rv.s.complete'))).toBe(true);
      for (const muts of mutationSets(lang, 15, 7)) {
        const desc = mutate(sample, muts);
        const book = hfBook(desc);
        const ch = checkWorkbook(desc, book);
        expect(ch.mismatches, JSON.stringify(muts)).toEqual([]);
        expectContained(lang, base, view(desc, book), muts);
      }
    });
  }

  it('the actual prompt speaks of units', () => {
    const s = SCENARIOS[0]!;
    const review = s.desc.sheets.find((x) => x.key === 'review')!;
    const d = review.tables!.find((t) => t.key === 'detail')!;
    const v = review.validations.find((x) => x.range.startsWith(`${d.columns.actual}${d.firstRow}`))!;
    expect(v.message).toContain('3.4%');
  });

  for (const lang of LANGS) {
    it(`the actuals show in their KPI's unit format, in the .xlsx too (${lang})`, async () => {
      const s = SCENARIOS.find((x) => x.lang === lang)!;
      const review = s.desc.sheets.find((x) => x.key === 'review')!;
      const d = review.tables!.find((t) => t.key === 'detail')!;
      // Money, percent, points, count: 2 decimals, percent, General, whole numbers.
      const want = ['#,##0.00', '0.0%', 'General', '#,##0'];
      const grid = review.formatGrids!;
      expect(grid).toHaveLength(1);
      expect(grid[0]!.at).toBe(`${d.columns.actual}${d.firstRow}`);
      expect(grid[0]!.numFmts).toEqual(Array.from({ length: d.lastRow - d.firstRow + 1 }, (_, i) => [want[i % 4]!]));
      const dir = await mkdtemp(join(tmpdir(), 'kpi-fmt-'));
      try {
        await writeXlsx(s.desc, join(dir, 'r.xlsx'));
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile(join(dir, 'r.xlsx'));
        const ws = wb.getWorksheet(review.name)!;
        const fmt = (i: number) => ws.getCell(`${d.columns.actual}${d.firstRow + i}`).numFmt ?? 'General';
        expect([0, 1, 2, 3, 5].map(fmt)).toEqual([want[0], want[1], 'General', want[3], want[1]]);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it(`a blank required actual's check names the unit (${lang})`, () => {
      const s = SCENARIOS.find((x) => x.lang === lang)!;
      const book = hfBook(s.desc);
      const w = view(s.desc, book);
      // Employee 4 typed only the first KPI: money, percent, points, count.
      const [, churn, points, count] = w.check.slice(12, 16);
      expect(churn).toBe(label(lang, 'rv.hint.percent'));
      expect(points).toBe(label(lang, 'rv.hint.unit', { unit: UNITS[lang][2]! }));
      expect(count).toBe(label(lang, 'rv.hint.unit', { unit: UNITS[lang][3]! }));
      const blank = mutate(s, [{ employee: 3, kpi: 0, value: null }]);
      expect(view(blank, hfBook(blank)).check[12]).toBe(label(lang, 'rv.hint.money', { unit: UNITS[lang][0]! }));
    });
  }
});

describe('review trust in LibreOffice Calc', () => {
  let dir = '';
  const books = new Map<string, Book>();
  const props = LANGS.flatMap((lang) => {
    const sample = sampleReview(lang);
    return mutationSets(lang, lang === 'en' ? 2 : 1, 11).map((muts, i) => ({ name: `property ${lang} ${i}`, lang, sample, muts, desc: mutate(sample, muts) }));
  });
  const bases = LANGS.map((lang) => ({ name: `sample ${lang}`, desc: sampleReview(lang).desc }));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kpi-trust-'));
    const all = [...SCENARIOS, ...props, ...bases, ...BLEND];
    const paths = all.map((_, i) => join(dir, `t${i}.xlsx`));
    for (const [i, c] of all.entries()) await writeXlsx(c.desc, paths[i]!);
    const out = await recalcXlsx(paths);
    all.forEach((c, i) => books.set(c.name, out.get(paths[i]!)!));
  }, 600_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  for (const s of SCENARIOS) {
    it(`${s.name}: equals the core and says what is wrong`, () => {
      const book = books.get(s.name)!;
      const ch = checkWorkbook(s.desc, book);
      expect(ch.mismatches, s.name).toEqual([]);
      expectWords(s, book);
    });
  }

  for (const s of BLEND) {
    it(`${s.name}: the 360 part and the total equal the core`, () => {
      const book = books.get(s.name)!;
      const ch = checkWorkbook(s.desc, book);
      expect(ch.mismatches, s.name).toEqual([]);
      expect(ch.errorCells(), s.name).toEqual([]);
      expectBlend(s, book);
    });
  }

  for (const p of props) {
    it(`${p.name}: random bad cells stay with their own employee and KPI`, () => {
      const book = books.get(p.name)!;
      const ch = checkWorkbook(p.desc, book);
      expect(ch.mismatches, JSON.stringify(p.muts)).toEqual([]);
      const base = view(p.sample.desc, books.get(`sample ${p.lang}`)!);
      expectContained(p.lang, base, view(p.desc, book), p.muts);
    });
  }
});
