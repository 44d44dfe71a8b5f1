/**
 * Randomized template workbooks (seeded, so every run is the same): inputs of every kind the data
 * validation lets through — numbers, numbers typed as text, blanks, option words in both
 * languages and any case — and settings away from their defaults.
 */
import type { Locale } from '../../core/types.js';
import { bonusSheet, type BonusData } from '../../core/templates/bonus.js';
import { WorkbookBuilder } from '../../core/templates/builder.js';
import { DEFAULT_TARGET_DISTRIBUTION, dashboardSheet } from '../../core/templates/dashboard.js';
import { feedback360Sheets, type Feedback360Data, type RatingLine } from '../../core/templates/feedback360.js';
import { planSheet, type NumberInput, type PlanLine } from '../../core/templates/plan.js';
import { seeded, type Rng } from '../../core/templates/random.js';
import { reviewSheet, type ReviewData } from '../../core/templates/review.js';
import { scorecardSheet, type ScorecardLine } from '../../core/templates/scorecard.js';
import { SHARED_DEPARTMENTS, sharedSheet, type SharedData } from '../../core/templates/shared.js';
import type { WorkbookDesc } from '../../core/templates/types.js';
import { DIRECTIONS, GROUPS_360, PERSPECTIVES } from '../../core/templates/words.js';

type Dir = keyof typeof DIRECTIONS;

/** An option word as a user might type it: any accepted word, sometimes in capitals or with spaces. */
function word(rng: Rng, words: readonly string[]): string {
  const w = rng.pick(words.filter((x) => !/^[-+]?\d/.test(x)));
  const r = rng.next();
  if (r < 0.15) return w.toUpperCase();
  if (r < 0.25) return ` ${w} `;
  if (r < 0.35) return w[0]!.toUpperCase() + w.slice(1);
  return w;
}

function dirWord(rng: Rng, d: Dir): string | number | null {
  if (d === 'higher' && rng.chance(0.1)) return null;
  if (d === 'higher' && rng.chance(0.1)) return 1;
  if (d === 'lower' && rng.chance(0.15)) return rng.chance(0.5) ? -1 : '-1';
  return word(rng, DIRECTIONS[d]);
}

/** A number as typed: mostly a number, sometimes text ("12.5", " 12.5 ", "1.25e1"). */
function typed(rng: Rng, x: number): NumberInput {
  const r = rng.next();
  if (r < 0.08) return String(x);
  if (r < 0.12) return ` ${x} `;
  if (r < 0.15) return x.toExponential();
  return x;
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

interface RandomKpi {
  readonly dir: Dir;
  readonly line: PlanLine;
  readonly target: number;
}

function randomKpi(rng: Rng, i: number): RandomKpi {
  const dir = rng.pick<Dir>(['higher', 'higher', 'lower', 'lower_ratio', 'exact']);
  const scale = 10 ** rng.int(0, 3);
  let target = round(scale * rng.between(0.5, 5), 2);
  if ((dir === 'higher' || dir === 'lower' || dir === 'exact') && rng.chance(0.15)) target = -target;
  let baseline: number | null = null;
  if (dir !== 'lower_ratio' && rng.chance(0.3)) {
    const gap = round(Math.abs(target) * rng.between(0.2, 1), 2) || 1;
    baseline = dir === 'higher' ? round(target - gap, 2) : dir === 'lower' ? round(target + gap, 2) : round(target + (rng.chance(0.5) ? gap : -gap), 2);
  }
  let threshold: number | null = null;
  let maximum: number | null = null;
  if (rng.chance(0.65)) {
    const up = dir === 'higher' || dir === 'exact';
    const d1 = round(Math.abs(target) * rng.between(0.05, 0.4), 2) || 1;
    const d2 = round(Math.abs(target) * rng.between(0.05, 0.4), 2) || 1;
    threshold = up ? round(target - d1, 2) : round(target + d1, 2);
    maximum = up ? round(target + d2, 2) : round(target - d2, 2);
    if (dir === 'lower_ratio' && maximum <= 0) maximum = round(target / 2, 2);
  }
  const weight = rng.chance(0.08) ? `${rng.int(5, 40)}%` : round(rng.between(0.05, 0.45), 2);
  return {
    dir,
    target,
    line: {
      perspective: word(rng, rng.pick(Object.values(PERSPECTIVES))),
      kpi: `KPI ${i + 1} ${dir}`,
      definition: null,
      source: null,
      direction: dirWord(rng, dir) as string | null,
      unit: null,
      baseline: baseline === null ? null : typed(rng, baseline),
      threshold: threshold === null ? null : typed(rng, threshold),
      target: typed(rng, target),
      maximum: maximum === null ? null : typed(rng, maximum),
      weight,
      owner: null,
      sharedWith: null,
      period: null,
      action: null,
    },
  };
}

function randomActual(rng: Rng, k: RandomKpi): NumberInput {
  if (rng.chance(0.15)) return null;
  const t = k.target;
  let x = t * rng.between(0.4, 1.6);
  if (k.dir !== 'lower_ratio' && rng.chance(0.1)) x = -Math.abs(t) * rng.between(0, 0.5);
  if (k.dir === 'lower_ratio') x = Math.abs(t) * rng.between(0.3, 2);
  return typed(rng, round(x, 3) || 0.001);
}

const NAMES = ['=Ada', '+Bo', '-Cy', '@Di', 'Ed', 'Flo', '王芳', '李娜', 'Gus', 'Hal'];
const DEPTS = ['East', '=Ops', '研发部', 'north'];

function name(i: number): string {
  return i < NAMES.length ? NAMES[i]! : `Person ${i + 1}`;
}

export interface RandomReview {
  readonly kpis: readonly RandomKpi[];
  readonly data: ReviewData;
}

function randomReviewData(rng: Rng, kpis: readonly RandomKpi[], employees: number): ReviewData {
  const full = rng.pick([5, 5, 10]);
  return {
    names: Array.from({ length: employees }, (_, i) => name(i)),
    departments: Array.from({ length: employees }, (_, i) => (i === employees - 1 ? null : DEPTS[rng.int(0, DEPTS.length - 1)]!)),
    actuals: Array.from({ length: employees }, () => kpis.map((k) => randomActual(rng, k))),
    comments: Array.from({ length: employees }, (_, i) => kpis.map((_, j) => (j === 0 && i % 3 === 0 ? '=not a formula' : null))),
    collab: Array.from({ length: employees }, () => (rng.chance(0.6) ? typed(rng, round(rng.between(1, full), 1)) : null)),
    settings: {
      cap: rng.pick([null, 1.2, 1.5, 2]),
      floor: rng.pick([0, null, -0.5]),
      payThreshold: rng.pick([0.5, 0.3, null]),
      payTarget: 1,
      payMaximum: rng.pick([1.5, 1.8]),
      collabWeight: rng.pick([0, 0.1, 0.25, null]),
      collabFull: full,
      collabPar: rng.pick([4, full * 0.8, null, 3.5]),
      collabMissing: rng.pick(['KPI only', 'incomplete', null, '仅KPI', ' kpi ONLY ']),
    },
  };
}

/** Plan (6 random KPIs and 2 spare lines), review for `employees` people, bonus (reading the review) and dashboard over them. */
export function randomReviewWorkbook(seed: number, lang: Locale, employees = 40): WorkbookDesc {
  const rng = seeded(seed);
  const kpis = Array.from({ length: 6 }, (_, i) => randomKpi(rng, i));
  const wb = new WorkbookBuilder(lang);
  const plan = planSheet(wb, { department: 'Random', period: `seed ${seed}`, lines: kpis.map((k) => k.line), rows: kpis.length + 2 });
  const data = randomReviewData(rng, kpis, employees);
  const review = reviewSheet(wb, { department: 'Random', period: '', plan: plan.mapping, employees, data });
  const bonus = bonusSheet(wb, {
    period: '',
    employees,
    data: randomBonusData(rng, employees),
    review: { sheet: review.sheet, roster: review.roster, bandsName: review.bandsName },
  });
  dashboardSheet(wb, { period: '', review, bonus, departments: [...DEPTS, 'Nobody here'], targets: [...DEFAULT_TARGET_DISTRIBUTION] });
  return wb.build();
}

/** A plan of `rows` random KPI lines. */
export function randomPlanWorkbook(seed: number, lang: Locale, rows = 200): WorkbookDesc {
  const rng = seeded(seed);
  const wb = new WorkbookBuilder(lang);
  const lines = Array.from({ length: rows }, (_, i) => randomKpi(rng, i).line);
  planSheet(wb, { department: 'Random', period: '', lines, rows });
  return wb.build();
}

export function randomScorecardWorkbook(seed: number, lang: Locale, rows = 200): WorkbookDesc {
  const rng = seeded(seed);
  const wb = new WorkbookBuilder(lang);
  const lines: ScorecardLine[] = Array.from({ length: rows }, (_, i) => {
    const k = randomKpi(rng, i);
    return {
      perspective: rng.chance(0.05) ? null : k.line.perspective,
      kpi: k.line.kpi,
      direction: k.line.direction,
      unit: null,
      baseline: k.line.baseline,
      target: k.line.target,
      actual: randomActual(rng, k),
      weight: round(rng.between(0.05, 1), 2),
    };
  });
  scorecardSheet(wb, { department: 'Random', period: '', rows, lines, perspectiveWeights: [0.4, typed(rng, 0.25), 0.2, rng.pick([0.2, null])] });
  return wb.build();
}

export function random360Workbook(seed: number, lang: Locale, ratees = 40): WorkbookDesc {
  const rng = seeded(seed);
  const names = Array.from({ length: ratees }, (_, i) => name(i));
  const lines: RatingLine[] = [];
  const groups = Object.keys(GROUPS_360) as (keyof typeof GROUPS_360)[];
  for (const n of names) {
    lines.push({ ratee: n, group: word(rng, GROUPS_360.manager), rating: rng.int(1, 5), comment: null });
    const more = rng.int(2, 10);
    for (let k = 0; k < more; k++) {
      const rating = rng.chance(0.08) ? null : rng.chance(0.1) ? String(rng.int(1, 5)) : rng.chance(0.2) ? rng.int(2, 9) / 2 : rng.int(1, 5);
      lines.push({ ratee: n, group: word(rng, GROUPS_360[rng.pick(groups)]), rating, comment: rng.chance(0.1) ? '=anonymous' : null });
    }
  }
  for (let i = lines.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [lines[i], lines[j]] = [lines[j]!, lines[i]!];
  }
  const data: Feedback360Data = {
    ratees: names,
    lines,
    minRaters: rng.int(1, 4),
    weights: [rng.pick([0, 0.1, null]), round(rng.between(0.1, 0.5), 2), round(rng.between(0, 0.4), 2), rng.pick([null, 0.2]), round(rng.between(0, 0.3), 2)],
  };
  const wb = new WorkbookBuilder(lang);
  feedback360Sheets(wb, { period: '', ratees, lines: lines.length + 5, data });
  return wb.build();
}

function randomBonusData(rng: Rng, employees: number): BonusData {
  const grades = ['S', 'A', 'B', 'C', 'D', 'a', ' b ', null];
  const decimals = rng.pick([2, 2, 0, 1, 3]);
  return {
    pool: round(rng.between(1e4, 2e6), rng.pick([0, 2, 3])),
    decimals,
    names: Array.from({ length: employees }, (_, i) => name(i)),
    departments: Array.from({ length: employees }, () => DEPTS[rng.int(0, DEPTS.length - 1)]!),
    bases: Array.from({ length: employees }, () => (rng.chance(0.05) ? null : typed(rng, round(rng.between(3000, 50000), 2)))),
    grades: Array.from({ length: employees }, () => rng.pick(grades)),
  };
}

export function randomBonusWorkbook(seed: number, lang: Locale, employees = 250): WorkbookDesc {
  const rng = seeded(seed);
  const wb = new WorkbookBuilder(lang);
  bonusSheet(wb, { period: '', employees, data: randomBonusData(rng, employees) });
  return wb.build();
}

export function randomSharedWorkbook(seed: number, lang: Locale, rows = 200): WorkbookDesc {
  const rng = seeded(seed);
  const departments = ['Marketing', 'Sales', '=R&D', '产品部', 'Ops'].slice(0, SHARED_DEPARTMENTS);
  const data: SharedData = {
    departments,
    lines: Array.from({ length: rows }, (_, i) => {
      const k = randomKpi(rng, i);
      const parts: NumberInput[] = Array.from({ length: SHARED_DEPARTMENTS }, () => null);
      const carriers = rng.int(1, 3);
      let left = 100;
      for (let c = 0; c < carriers; c++) {
        const d = rng.int(0, SHARED_DEPARTMENTS - 1);
        const share = c === carriers - 1 ? left : rng.int(0, left);
        left -= share;
        parts[d] = ((Number(parts[d] ?? 0) * 100 + share) / 100) as number;
      }
      return {
        kpi: k.line.kpi,
        direction: k.line.direction,
        unit: null,
        target: k.line.target,
        actual: randomActual(rng, k),
        parts,
      };
    }),
  };
  const wb = new WorkbookBuilder(lang);
  sharedSheet(wb, { period: '', rows, data });
  return wb.build();
}
