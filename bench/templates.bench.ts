/**
 * Template generation and recalculation: the review sheet's description for 2,000 employees × 6
 * KPIs, how generation time grows with rows, and HyperFormula recalculating that sheet against the
 * core computing the same scores.
 */
import { performance } from 'node:perf_hooks';
import { buildHyperFormula } from '../cli/hyperformula.js';
import { compare, median, timeOnce } from './measure.js';
import { KPIBAND, KPIRATING, KPISCORE, WEIGHTED_SCORE } from '../core/index.js';
import { WorkbookBuilder } from '../core/templates/builder.js';
import { parseCell } from '../core/templates/a1.js';
import { ASCENDING_BANDS } from '../core/templates/common.js';
import { generateTemplate, parseTemplateOptions, type WorkbookDesc } from '../core/templates/index.js';
import { planSheet, presetLines, type PlanLine } from '../core/templates/plan.js';
import { DEFAULT_REVIEW_SETTINGS, reviewSheet, type ReviewData } from '../core/templates/review.js';
import { sampleReview } from '../core/templates/sample-data.js';

type Row = { name: string; measured: string; target: string; pass: boolean };

const KPIS = 6;
const EMPLOYEES = 2000;
const TARGET_MS = 200;
const RUNS = 7;

/** Median of `runs` calls after one warm-up, each after a full collection. */
function time(fn: () => unknown, runs = RUNS): number {
  timeOnce(fn);
  const out: number[] = [];
  for (let i = 0; i < runs; i++) out.push(timeOnce(fn));
  return median(out);
}

/** The review sheet description alone, reading a generated plan sheet of 6 KPIs. */
function reviewDescription(employees: number): WorkbookDesc {
  const r = parseTemplateOptions({ kind: 'review', lang: 'en', rows: employees, plan: { sheet: 'KPI Plan', kpis: KPIS } });
  if (!r.ok) throw new Error(r.message);
  return generateTemplate(r.options, { existingSheets: ['KPI Plan'] });
}

/** Six KPIs of the operations preset (every direction the presets use, a baseline, payout curves). */
function sixKpis(): PlanLine[] {
  return presetLines('operations', 'en').slice(2, 2 + KPIS);
}

/** A plan and its review sheet filled with sample actuals, for recalculation. */
export function filledReview(employees: number): { desc: WorkbookDesc; lines: PlanLine[]; data: ReviewData } {
  const lines = sixKpis();
  const base = sampleReview('operations', 'en', employees);
  const data: ReviewData = { ...base, actuals: base.actuals.map((a) => a.slice(2, 2 + KPIS)) };
  const wb = new WorkbookBuilder('en');
  const plan = planSheet(wb, { department: 'Operations', period: '', lines, rows: lines.length });
  reviewSheet(wb, { department: 'Operations', period: '', plan: plan.mapping, employees, data });
  return { desc: wb.build(), lines, data };
}

/** The scores the review sheet shows, computed by the core: achievement, payout, KPI score, total, grade, coefficient. */
function coreScores(lines: readonly PlanLine[], data: ReviewData): number {
  const s = DEFAULT_REVIEW_SETTINGS;
  const w = typeof data.settings?.collabWeight === 'number' ? data.settings.collabWeight : 0;
  const actuals: unknown[][] = [];
  const col = (get: (l: PlanLine) => unknown) => data.actuals.flatMap(() => lines.map((l) => [get(l)]));
  for (const a of data.actuals) for (const x of a) actuals.push([x]);
  const ach = KPISCORE(actuals, col((l) => l.target), col((l) => l.direction), s.cap, s.floor, col((l) => l.baseline)) as unknown[][];
  KPIBAND(actuals, col((l) => l.threshold), col((l) => l.target), col((l) => l.maximum), s.payThreshold, s.payTarget, s.payMaximum);
  const weights = lines.map((l) => [l.weight]);
  const totals: unknown[][] = [];
  for (let e = 0; e < data.actuals.length; e++) {
    const kpi = WEIGHTED_SCORE(ach.slice(e * lines.length, (e + 1) * lines.length), weights);
    const c = data.collab[e];
    // The 360 rating on the achievement scale: rating ÷ the rating that counts as 100%, capped.
    const part = typeof c === 'number' ? Math.min(s.cap as number, c / (s.collabPar as number)) : null;
    totals.push([typeof kpi === 'number' ? WEIGHTED_SCORE([[kpi], [part]], [[1 - w], [w]]) : '']);
  }
  const bands = ASCENDING_BANDS.map((b) => [...b]);
  KPIRATING(totals, bands);
  KPIRATING(totals, bands, 3);
  return totals.length;
}

export default async function (): Promise<{ title: string; rows: Row[]; notes?: string }> {
  const rows: Row[] = [];
  const notes: string[] = [];

  const genMs = time(() => reviewDescription(EMPLOYEES));
  const d = reviewDescription(EMPLOYEES);
  const review = d.sheets.find((s) => s.key === 'review')!;
  const cells = review.blocks.reduce((n, b) => n + b.cells.length * (b.cells[0]?.length ?? 0), 0);
  rows.push({
    name: `Review sheet description, ${EMPLOYEES.toLocaleString('en-US')} employees × ${KPIS} KPIs`,
    measured: `${genMs.toFixed(0)} ms`,
    target: `< ${TARGET_MS} ms`,
    pass: genMs < TARGET_MS,
  });
  notes.push(
    `The description holds ${cells.toLocaleString('en-US')} cells (${(EMPLOYEES * KPIS).toLocaleString('en-US')} KPI rows) in ${review.blocks.length} blocks, ` +
      `${review.styles.length} style ranges and ${review.validations.length} validations; median of ${RUNS} runs after one warm-up.`,
  );

  // Interleaved, so that the state of the heap and the compiler falls on both sizes alike.
  const { t1000, t4000 } = compare({ t1000: () => reviewDescription(1000), t4000: () => reviewDescription(4000) }, 9) as {
    t1000: number;
    t4000: number;
  };
  const ratio = t4000 / t1000;
  rows.push({
    // Linear in rows: at most 4 times the time for 4 times the rows (5 with the noise of a shared
    // machine); below 4 where a part that does not grow with the rows (plan, settings, lists) counts.
    name: 'Generation time, 4,000 rows / 1,000 rows (linear: 4 at most)',
    measured: `${ratio.toFixed(2)} (${t1000.toFixed(0)} ms → ${t4000.toFixed(0)} ms)`,
    target: '< 5',
    pass: ratio < 5,
  });

  const filled = filledReview(EMPLOYEES);
  const t0 = performance.now();
  const hf = buildHyperFormula(filled.desc);
  const hfLoadMs = performance.now() - t0;
  // A full recalculation: the cap changes, so every achievement and everything after it recomputes.
  const sheet = hf.getSheetId(filled.desc.sheets.find((s) => s.key === 'review')!.name)!;
  const capAt = filled.desc.sheets.find((s) => s.key === 'review')!.cells!.cap!;
  const cap = parseCell(capAt);
  const t2 = performance.now();
  hf.setCellContents({ sheet, row: cap.row - 1, col: cap.col - 1 }, [[1.4]]);
  const hfRecalcMs = performance.now() - t2;
  hf.destroy();
  const coreMs = time(() => coreScores(filled.lines, filled.data), 5);
  rows.push({
    name: `HyperFormula recalculation of that review sheet / the core computing the same scores`,
    measured: `${(hfRecalcMs / coreMs).toFixed(0)}× (${hfRecalcMs.toFixed(0)} ms / ${coreMs.toFixed(1)} ms)`,
    target: 'measured (core faster)',
    pass: coreMs < hfRecalcMs,
  });
  notes.push(
    `HyperFormula: loading and computing the plan and review sheet (${(EMPLOYEES * KPIS).toLocaleString('en-US')} KPI rows with sample actuals) ` +
      `took ${(hfLoadMs / 1000).toFixed(1)} s, one run; the recalculation measured is the one after the achievement cap changes, which recomputes ` +
      `every achievement, weighted score, payout, KPI score, total, grade and coefficient. The core computes the same: KPISCORE and KPIBAND over the ` +
      `KPI column, WEIGHTED_SCORE per employee, KPIRATING for grades and coefficients (median of 5 runs).`,
  );
  return { title: 'Templates: generation and recalculation', rows, notes: notes.join('\n') };
}
