/**
 * Template generators: each returns a host-neutral description of the sheets it adds (values,
 * native formulas, formats, validation, conditional formats, names, layout). The Excel, Sheets and
 * .xlsx renderers write that description and decide nothing about content.
 */
import { SCORE360 } from '../functions/score360.js';
import type { Locale, Localized } from '../types.js';
import { bonusSheet, sampleBonus, type BonusReviewLink } from './bonus.js';
import { WorkbookBuilder } from './builder.js';
import { DEFAULT_TARGET_DISTRIBUTION, dashboardSheet } from './dashboard.js';
import { feedback360Sheets, sampleFeedback, type Feedback360Data } from './feedback360.js';
import { label, type LabelKey } from './labels.js';
import {
  TEMPLATE_KINDS,
  type PlanMapping,
  type PlanRef,
  type TemplateContext,
  type TemplateKind,
  type TemplateOptions,
} from './options.js';
import { SPARE_PLAN_LINES, generatedPlanMapping, planSheet, presetLines, type PlanLine } from './plan.js';
import { PRESET_DATA, PRESET_KEYS, pick, type PresetKey } from './presets.js';
import { reviewSheet, type ReviewData, type ReviewSheetResult } from './review.js';
import {
  exportActualsOf,
  exportCheckSheet,
  exportEmployees,
  exportRequestMessage,
  exportSource,
  planKpiRange,
  type ActualSource,
  type ExportActuals,
  type ExportRequest,
} from './export.js';
import { sampleReview } from './sample-data.js';
import { PERSPECTIVE_WEIGHTS, scorecardLines, scorecardSheet } from './scorecard.js';
import { sampleShared, sharedSheet } from './shared.js';
import type { WorkbookDesc } from './types.js';
import { stampRecipe, stampSheetRecipe, type RecipeBase } from './update.js';
import { userPlanSheet, type UserPlanInput, type UserPlanResult } from './user-plan.js';

export { TEMPLATE_KINDS, parseTemplateOptions, parseTemplateContext, detectPlanColumns, PLAN_FIELDS } from './options.js';
export type {
  DetectedPlanColumns,
  GeneratedPlanRef,
  ParseResult,
  PlanColumns,
  PlanField,
  PlanMapping,
  PlanRef,
  TemplateContext,
  TemplateKind,
  TemplateOptions,
} from './options.js';
export { generatedPlanMapping } from './plan.js';
export { findPlanTable, isKitPlan } from './find-plan.js';
export { LABELS, label } from './labels.js';
export type { LabelKey } from './labels.js';
export { PRESET_KEYS } from './presets.js';
export type { PresetKey } from './presets.js';
export { freeName, freeSheetName } from './builder.js';
export type * from './types.js';
export { readHeader, readTable, roleName, tableNoteMessage, OTHER_KINDS, REQUIRED_ROLES, ROLES } from './read-table.js';
export type { HeaderRead, MergeArea, OtherKind, ReadTableOptions, Role, TableColumn, TableNote, TableRead } from './read-table.js';
export { readDirection, readMessage, readNumber, readTarget, readWeight, readWeights, READ_MESSAGES, WEIGHT_TOLERANCE } from './read-values.js';
export type { DirectionRead, Read, ReadDirection, ReadFailure, ReadProblem, ValueRead, WeightScale, WeightsRead } from './read-values.js';

/**
 * A text value as hosts that read what is written as if typed (Office.js `range.values`,
 * SpreadsheetApp `setValues`) must receive it to keep it text: with a leading apostrophe, which
 * they store as a text marker, not as a character. So "=Lee", "-Ops", "85" stay text.
 */
export function hostText(text: string): string {
  return `'${text}`;
}

/** The preset names, for option lists and help texts. */
export const PRESETS: readonly PresetKey[] = PRESET_KEYS;

const KIND_KEYS: Record<TemplateKind, { title: LabelKey; about: LabelKey }> = {
  plan: { title: 'kind.plan', about: 'kind.plan.about' },
  review: { title: 'kind.review', about: 'kind.review.about' },
  scorecard: { title: 'kind.scorecard', about: 'kind.scorecard.about' },
  feedback360: { title: 'kind.feedback360', about: 'kind.feedback360.about' },
  bonus: { title: 'kind.bonus', about: 'kind.bonus.about' },
  shared: { title: 'kind.shared', about: 'kind.shared.about' },
  dashboard: { title: 'kind.dashboard', about: 'kind.dashboard.about' },
};

const localized = (key: LabelKey): Localized => ({ en: label('en', key), 'zh-CN': label('zh-CN', key) });

/** Each template kind's title, in every language (the CLI's list command). */
export const KIND_LABELS: Readonly<Record<TemplateKind, Localized>> = Object.fromEntries(
  TEMPLATE_KINDS.map((k) => [k, localized(KIND_KEYS[k].title)]),
) as Record<TemplateKind, Localized>;

/** Each template kind's one-line description, in every language. */
export const KIND_ABOUT: Readonly<Record<TemplateKind, Localized>> = Object.fromEntries(
  TEMPLATE_KINDS.map((k) => [k, localized(KIND_KEYS[k].about)]),
) as Record<TemplateKind, Localized>;

/** Each preset's title, in every language. */
export const PRESET_LABELS: Readonly<Record<PresetKey, Localized>> = Object.fromEntries(
  PRESET_KEYS.map((k) => [k, { en: PRESET_DATA[k].title[0], 'zh-CN': PRESET_DATA[k].title[1] }]),
) as Record<PresetKey, Localized>;

const DEFAULT_PRESET: Record<TemplateKind, PresetKey> = {
  plan: 'sales',
  review: 'sales',
  scorecard: 'operations',
  feedback360: 'sales',
  bonus: 'sales',
  shared: 'marketing',
  dashboard: 'sales',
};

function planMappingOf(ref: PlanRef): PlanMapping {
  return 'kpis' in ref ? generatedPlanMapping(ref.sheet, ref.kpis) : ref;
}

interface Resolved {
  readonly lang: Locale;
  readonly preset: PresetKey;
  readonly department: string;
  readonly period: string;
  /** KPI definitions: the preset's when one was chosen or sample data asked for. */
  readonly lines: PlanLine[];
}

function resolve(o: TemplateOptions): Resolved {
  const preset = o.preset ?? DEFAULT_PRESET[o.kind];
  const usePreset = o.preset !== undefined || o.sample;
  return {
    lang: o.lang,
    preset,
    department: o.department ?? pick(PRESET_DATA[preset].department, o.lang),
    period: o.period,
    lines: usePreset ? presetLines(preset, o.lang) : [],
  };
}

/**
 * A review sheet and, when no plan is given, the plan it reads; with a system export, the
 * review's actuals come from it (a typed actual wins) and an export check sheet follows.
 */
function reviewWithPlan(
  wb: WorkbookBuilder,
  o: TemplateOptions,
  r: Resolved,
  employees: number,
  actuals?: ExportActuals,
): ReviewSheetResult & { plan: PlanMapping; recipe: Pick<RecipeBase, 'units' | 'actuals' | 'sheetRows'> } {
  let plan: PlanMapping;
  let data: ReviewData | undefined;
  // The units of the plan set the actuals' number formats: a plan made alongside knows them; an
  // existing plan's come with its mapping where the host read them.
  let units: readonly (string | null)[] | undefined;
  if (o.plan) {
    plan = planMappingOf(o.plan);
    units = plan.units;
    if (o.sample) {
      const s = sampleReview(r.preset, r.lang, employees);
      data = { ...s, actuals: [], comments: [] };
    }
  } else {
    const rows = r.lines.length > 0 ? r.lines.length + SPARE_PLAN_LINES : 6;
    const made = planSheet(wb, { department: r.department, period: r.period, lines: r.lines, rows });
    plan = made.mapping;
    units = made.units;
    if (o.sample) data = sampleReview(r.preset, r.lang, employees);
  }
  const fromExport = withExport(wb, actuals, data, employees);
  const review = reviewSheet(wb, { department: r.department, period: r.period, plan, ...(units ? { units } : {}), employees: fromExport.employees, ...fromExport.input });
  fromExport.check(review, plan);
  return { ...review, plan, recipe: recipeExtras(units, actuals) };
}

/** What a review's recipe records beside its options: the units the actuals are formatted by, the export. */
function recipeExtras(units: readonly (string | null)[] | undefined, actuals: ExportActuals | undefined): Pick<RecipeBase, 'units' | 'actuals' | 'sheetRows'> {
  return {
    ...(units ? { units } : {}),
    ...(actuals ? { actuals: actuals.request, ...(actuals.sheetRows !== undefined ? { sheetRows: actuals.sheetRows } : {}) } : {}),
  };
}

/**
 * What a review takes from a system export: the actuals' source, the roster (the export's
 * employees when the review has no names of its own yet), and the export check sheet to add
 * after the review.
 */
function withExport(
  wb: WorkbookBuilder,
  actuals: ExportActuals | undefined,
  data: ReviewData | undefined,
  employees: number,
): { employees: number; input: { data?: ReviewData; actuals?: ActualSource }; check: (review: ReviewSheetResult, plan: PlanMapping) => void } {
  if (actuals === undefined) return { employees, input: data ? { data } : {}, check: () => {} };
  const bad = exportRequestMessage(actuals.request, wb.lang);
  if (bad !== null) throw new RangeError(bad);
  const source = exportSource(wb, actuals.request, actuals.sheetRows);
  const names = data === undefined && actuals.values ? exportEmployees(actuals.request, actuals.values, actuals.origin) : [];
  const roster: ReviewData | undefined =
    names.length > 0 ? { names, departments: [], actuals: [], comments: [], collab: [] } : data;
  return {
    employees: Math.max(employees, names.length),
    input: { ...(roster ? { data: roster } : {}), actuals: source },
    check: (review, plan) => {
      exportCheckSheet(wb, actuals.request, { sheet: review.sheet, roster: review.roster, kpis: planKpiRange(plan), period: source.period() }, actuals.sheetRows);
    },
  };
}

function build(wb: WorkbookBuilder, o: TemplateOptions, actuals?: ExportActuals): void {
  const r = resolve(o);
  switch (o.kind) {
    case 'plan': {
      const rows = o.rows ?? (r.lines.length > 0 ? r.lines.length + SPARE_PLAN_LINES : 10);
      planSheet(wb, { department: r.department, period: r.period, lines: r.lines, rows });
      return;
    }
    case 'review': {
      const review = reviewWithPlan(wb, o, r, o.rows ?? (o.sample ? 10 : 20), actuals);
      stampRecipe(wb, { kind: 'review', lang: r.lang, department: r.department, period: r.period, plan: review.plan, employees: review.employees, ...review.recipe });
      return;
    }
    case 'scorecard': {
      const usePreset = o.preset !== undefined || o.sample;
      const lines = usePreset ? scorecardLines(r.preset, r.lang, o.sample) : [];
      const rows = o.rows ?? Math.max(lines.length + (o.sample ? 0 : 3), 12);
      scorecardSheet(wb, { department: r.department, period: r.period, rows, lines, perspectiveWeights: [...PERSPECTIVE_WEIGHTS] });
      return;
    }
    case 'feedback360': {
      const ratees = o.rows ?? 6;
      const data = o.sample ? sampleFeedback(r.lang, ratees) : undefined;
      const lines = Math.max((data?.lines.length ?? 0) + 10, ratees * 8);
      feedback360Sheets(wb, { period: r.period, ratees, lines, ...(data ? { data } : {}) });
      stampSheetRecipe(wb, { kind: 'feedback360', lang: r.lang, period: r.period, employees: ratees, lines });
      return;
    }
    case 'bonus': {
      const employees = o.rows ?? 10;
      const data = o.sample ? sampleBonus(r.preset, r.lang, employees) : undefined;
      bonusSheet(wb, { period: r.period, employees, ...(data ? { data } : {}) });
      stampSheetRecipe(wb, { kind: 'bonus', lang: r.lang, period: r.period, employees });
      return;
    }
    case 'shared': {
      const data = o.sample ? sampleShared(r.lang) : undefined;
      sharedSheet(wb, { period: r.period, rows: o.rows ?? (data ? data.lines.length + 3 : 10), ...(data ? { data } : {}) });
      return;
    }
    case 'dashboard': {
      const employees = o.rows ?? (o.sample ? 12 : 20);
      const review = reviewWithPlan(wb, o, r, employees, actuals);
      // The bonus reads employees, grades and coefficients from the review; only pool and bases are its own.
      const bonusData = o.sample ? sampleBonus(r.preset, r.lang, employees) : undefined;
      const bonus = bonusSheet(wb, { period: r.period, employees: review.employees, review: reviewLink(review), ...(bonusData ? { data: bonusData } : {}) });
      const departments = o.sample ? PRESET_DATA[r.preset].teams.map((t) => pick(t, r.lang)) : [];
      const targets = [...DEFAULT_TARGET_DISTRIBUTION];
      dashboardSheet(wb, { period: r.period, review, bonus, departments, targets });
      stampRecipe(wb, {
        kind: 'dashboard', lang: r.lang, department: r.department, period: r.period, plan: review.plan, employees: review.employees, departments, targets, ...review.recipe,
      });
      return;
    }
  }
}

/**
 * The sheets one template adds to a workbook, with free sheet and workbook names. Options come
 * from `parseTemplateOptions` (validated); nothing here writes anywhere.
 */
export function generateTemplate(options: TemplateOptions, context: TemplateContext = {}, actuals?: ExportRequest | ExportActuals): WorkbookDesc {
  const wb = new WorkbookBuilder(options.lang, context.existingSheets ?? [], context.existingNames ?? []);
  build(wb, options, exportActualsOf(actuals));
  return wb.build();
}

/** What a bonus sheet needs to read a review's employees, grades and coefficients. */
function reviewLink(review: ReviewSheetResult): BonusReviewLink {
  return { sheet: review.sheet, roster: review.roster, bandsName: review.bandsName };
}

/** 360 scores the core gives for sample ratings, by ratee. */
function feedbackScores(data: Feedback360Data): Map<string, number> {
  const out = new Map<string, number>();
  const table = ['self', 'manager', 'peer', 'report', 'customer'].map((g, i) => [g, data.weights[i] ?? 0]);
  for (const name of data.ratees) {
    if (name === null) continue;
    const mine = data.lines.filter((l) => l.ratee === name);
    const s = SCORE360(mine.map((l) => [l.rating]), mine.map((l) => [l.group]), table, data.minRaters);
    if (typeof s === 'number') out.set(name, Math.round(s * 100) / 100);
  }
  return out;
}

/**
 * Every template with sample data in one workbook: the sales plan and its review sheet, the
 * operations scorecard, 360 feedback, the bonus split of the review's team by their grades, shared
 * KPIs, and the dashboard over the review and bonus sheets.
 */
export function generateDemoWorkbook(lang: Locale, context: TemplateContext = {}): WorkbookDesc {
  const wb = new WorkbookBuilder(lang, context.existingSheets ?? [], context.existingNames ?? []);
  const preset: PresetKey = 'sales';
  const p = PRESET_DATA[preset];
  const department = pick(p.department, lang);
  const period = lang === 'en' ? '2026 Q4' : '2026年第四季度';
  const lines = presetLines(preset, lang);
  const employees = 12;

  const feedback = sampleFeedback(lang, 6);
  const collab360 = feedbackScores(feedback);
  const base = sampleReview(preset, lang, employees);
  const reviewData: ReviewData = {
    ...base,
    collab: base.names.map((n, i) => (n !== null && collab360.has(n) ? collab360.get(n)! : base.collab[i] ?? null)),
  };
  const plan = planSheet(wb, { department, period, lines, rows: lines.length + SPARE_PLAN_LINES });
  const review = reviewSheet(wb, { department, period, plan: plan.mapping, units: plan.units, employees, data: reviewData });
  const operations = scorecardLines('operations', lang, true);
  scorecardSheet(wb, {
    department: pick(PRESET_DATA.operations.department, lang),
    period,
    rows: operations.length,
    lines: operations,
    perspectiveWeights: [...PERSPECTIVE_WEIGHTS],
  });
  feedback360Sheets(wb, { period, ratees: feedback.ratees.length, lines: feedback.lines.length, data: feedback });
  // Each set carries its recipe, so that an update can make it again for a new roster.
  stampSheetRecipe(wb, { kind: 'feedback360', lang, period, employees: feedback.ratees.length, lines: feedback.lines.length });
  const bonus = bonusSheet(wb, { period, employees, data: sampleBonus(preset, lang, employees), review: reviewLink(review) });
  const shared = sampleShared(lang);
  sharedSheet(wb, { period, rows: shared.lines.length, data: shared });
  const departments = p.teams.map((t) => pick(t, lang));
  const targets = [...DEFAULT_TARGET_DISTRIBUTION];
  dashboardSheet(wb, { period, review, bonus, departments, targets });
  // The review, its bonus sheet and the dashboard are one set, as the dashboard template makes them.
  stampRecipe(wb, { kind: 'dashboard', lang, department, period, plan: plan.mapping, employees, departments, targets, ...recipeExtras(plan.units, undefined) });
  return wb.build();
}

export { USER_FIELDS, readUserPlan, userPlanSheet, userPlanText } from './user-plan.js';
export type { CarryMode, CellProblem, HelperCell, HelperLine, UserField, UserPlanInput, UserPlanMapping, UserPlanRead, UserPlanResult } from './user-plan.js';

/**
 * A review of a user's own KPI table: the helper sheet that reads the table by formula
 * (userPlanSheet) and the review sheet that reads the helper sheet. `context.existingSheets` must
 * hold the user's sheet names, so that the new sheets take free names beside them.
 */
export function generateReviewFromUserPlan(
  options: TemplateOptions,
  user: UserPlanInput,
  context: TemplateContext = {},
  actuals?: ExportRequest | ExportActuals,
): { desc: WorkbookDesc; read: UserPlanResult } {
  const wb = new WorkbookBuilder(options.lang, context.existingSheets ?? [], context.existingNames ?? []);
  const read = userPlanSheet(wb, user);
  const department = options.department ?? user.sheet;
  const fromExport = withExport(wb, exportActualsOf(actuals), undefined, options.rows ?? 20);
  const units = read.lines.map((l) => l.cells.unit.value as string | null);
  const review = reviewSheet(wb, { department, period: options.period, plan: read.plan, units, employees: fromExport.employees, ...fromExport.input });
  fromExport.check(review, read.plan);
  const extras = recipeExtras(units, exportActualsOf(actuals));
  stampRecipe(wb, { kind: 'review', lang: options.lang, department, period: options.period, plan: read.plan, employees: review.employees, ...extras });
  return { desc: wb.build(), read };
}

export { readExport, exportProblems, exportSource, exportCheckSheet, unmatchedRows, exportEmployees, exportRequestProblem, exportRequestMessage, exportText, EXPORT_ROLES } from './export.js';
export type { ExportActuals, ExportProblem, ExportProblemCode, ExportProposal, ExportRequest, ExportRole, ReadExportOptions, UnmatchedRow } from './export.js';

export { findRecipe, nameKey, planUpdate, sheetsToRead, typedFingerprint, updateChoiceOf, RECIPE_PREFIX } from './update.js';
export type { Recipe, ReviewRecipe, SheetRecipe, RosterEntry, SheetGrid, UpdateChoice, UpdatePlan, UpdateReport } from './update.js';
