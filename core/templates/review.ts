import type { Locale } from '../types.js';
import { abs, addr, col, colNumber, onSheet, range } from './a1.js';
import {
  columnsFrom,
  f,
  formulaTemplate,
  helperColumn,
  lastColumnOf,
  perRow,
  placeBeside,
  v,
  type ColumnDef,
  type PlacedTable,
  type SheetBuilder,
  type WorkbookBuilder,
} from './builder.js';
import { bandsTable, settingsBlock, type BandsRefs, type Setting } from './common.js';
import {
  DIR,
  ERR,
  achievementLine,
  achievementRow,
  bandLine,
  bandPayoutRow,
  bandPick,
  bandRow,
  farBounds,
  numberOr,
  numberOrBlank,
  optionCode,
  percentText,
  planLineFlag,
  planLineProblem,
  roundUnits,
  scaleCodeOr,
  showRef,
  str,
  targetUsable,
  textFormula,
  unitClass,
  unitNonNegative,
  UNIT,
  weightedRow,
  weightedTotal,
} from './formulas.js';
import { label, type LabelKey } from './labels.js';
import { lists, type Lists } from './lists.js';
import type { PlanField, PlanMapping } from './options.js';
import { problemText, unitClassOf, unitsTable, type NumberInput } from './plan.js';
import type { CellSpec, TableLayout } from './types.js';

export const REVIEW_SETTINGS = ['cap', 'floor', 'payThreshold', 'payTarget', 'payMaximum', 'collabWeight', 'collabFull', 'collabPar', 'collabMissing'] as const;
export type ReviewSetting = (typeof REVIEW_SETTINGS)[number];

/** What a review sheet holds before anyone types: sample rows, or test rows. */
export interface ReviewData {
  readonly names: readonly (string | null)[];
  readonly departments: readonly (string | null)[];
  /** [employee][KPI line]. */
  readonly actuals: readonly (readonly NumberInput[])[];
  readonly comments: readonly (readonly (string | null)[])[];
  /** Collaboration (360) score per employee, on the 360 scale. */
  readonly collab: readonly NumberInput[];
  readonly settings?: Partial<Record<ReviewSetting, NumberInput>>;
}

/**
 * Actuals a system export gives: value() is native formula text (no "=") giving the export's
 * value for the row whose employee name and KPI name are in the cells `employee` and `kpi`, or ""
 * when the export has none; `start` and `end` are absolute cells of the review's period settings
 * (only when `dated`; they may be blank).
 */
export interface ActualSource {
  readonly sheet: string;
  readonly dated: boolean;
  value(employee: string, kpi: string, start: string | null, end: string | null): string;
}

export interface ReviewSheetInput {
  readonly department: string;
  readonly period: string;
  readonly plan: PlanMapping;
  readonly employees: number;
  readonly data?: ReviewData;
  /**
   * Actuals read from a system export: the detail table then shows the export's value and where
   * each row's actual comes from, and a typed actual wins over the export's.
   */
  readonly actuals?: ActualSource;
  /**
   * The unit of each plan line where it is known when the sheet is made (a plan made alongside, a
   * table read): the actuals then show in the unit's number format. Missing or null: General.
   */
  readonly units?: readonly (string | null)[];
}

export interface ReviewSheetResult {
  readonly sheet: string;
  readonly kpis: number;
  readonly employees: number;
  readonly detail: TableLayout;
  readonly roster: TableLayout;
  readonly bands: BandsRefs;
  /** The workbook name of the bands table (KPI_Bands, or a free variant of it). */
  readonly bandsName: string;
}

const HEADER_ROW = 4;
/** The first data row of every table of the sheet. */
const FIRST_ROW = HEADER_ROW + 1;
/** Columns of the lines table holding, per KPI line, what a row's check says for each row code 0–11. */
const MESSAGE_COLUMNS = ['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10', 'm11'] as const;
/** Row codes of the detail table: what a row shows (see detailTrust). */
const ROW = { none: 0, ok: 1, missing: 2, plan: 3, text: 4, ratio: 5, settings: 6, percentWhole: 7, percentOnUnit: 8, farOff: 9, payout: 10, emptyLine: 11 };

/** What the review does with an employee who has no 360 score while the collaboration weight is above 0. */
export const COLLAB_MISSING = { incomplete: 0, kpiOnly: 1 } as const;

/** The words of the "no 360 score" setting in a language, and the formula that reads either language's words. */
export function collabMissingWord(lang: Locale, mode: keyof typeof COLLAB_MISSING): string {
  return label(lang, mode === 'kpiOnly' ? 'rv.word.kpiOnly' : 'rv.word.incomplete');
}
const KPI_ONLY_WORDS = [...new Set((['en', 'zh-CN'] as const).map((l) => label(l, 'rv.word.kpiOnly').toLowerCase()))];
const INCOMPLETE_WORDS = [...new Set((['en', 'zh-CN'] as const).map((l) => label(l, 'rv.word.incomplete').toLowerCase()))];
/** 1 for "KPI only" (either language, any case), else 0: blank and unknown words are the safe "incomplete". */
function collabMissingCode(cell: string): string {
  return `IF(OR(${KPI_ONLY_WORDS.map((w) => `LOWER(TRIM(${cell}))=${str(w)}`).join(',')}),1,0)`;
}
/** Validation: blank or one of the words, in either language. */
function collabMissingRule(): string {
  return `OR(LEN(TRIM({cell}))=0,${[...KPI_ONLY_WORDS, ...INCOMPLETE_WORDS].map((w) => `LOWER(TRIM({cell}))=${str(w)}`).join(',')})`;
}

export const DEFAULT_REVIEW_SETTINGS: Readonly<Record<ReviewSetting, number | null>> = {
  cap: 1.5,
  floor: 0,
  payThreshold: 0.5,
  payTarget: 1,
  payMaximum: 1.5,
  collabWeight: 0,
  collabFull: 5,
  /** The 360 rating that counts as 100% achievement. */
  collabPar: 4,
  /** No 360 score while the weight is above 0: 0 incomplete (no grade), 1 KPI only (blend weight 0). */
  collabMissing: COLLAB_MISSING.incomplete,
};

/** The detail table's fields (one row per employee and KPI line), in column order; helpers after the check. */
const DETAIL_FIELDS = [
  'no', 'employee', 'department', 'kpi', 'direction', 'unit', 'target', 'weight', 'actual',
  'achievement', 'weighted', 'payout', 'comment', 'check',
  'actualNum', 'actualCmp', 'raw', 'counted', 'scored', 'negative', 'filled', 'req', 'rowCode', 'reason', 'problemAt', 'reqScored',
  'missingAt', 'scale', 'kpiLine',
] as const;
/**
 * With actuals from an export: the export's value and the actual's source right after the actual,
 * and the actual every formula uses (the typed one, else the export's) after the check.
 */
const DETAIL_FIELDS_WITH_EXPORT = [
  ...DETAIL_FIELDS.slice(0, DETAIL_FIELDS.indexOf('actual') + 1),
  'fromExport', 'source',
  ...DETAIL_FIELDS.slice(DETAIL_FIELDS.indexOf('actual') + 1, DETAIL_FIELDS.indexOf('check') + 1),
  'effective',
  ...DETAIL_FIELDS.slice(DETAIL_FIELDS.indexOf('check') + 1),
] as const;
type DetailField = (typeof DETAIL_FIELDS_WITH_EXPORT)[number];
type ExportField = Exclude<DetailField, (typeof DETAIL_FIELDS)[number]>;

/** The roster's fields (one row per employee), in column order; helpers after the status. */
const ROSTER_FIELDS = [
  'no', 'employee', 'department', 'kpiScore', 'collab', 'collabPart', 'total', 'grade', 'coefficient', 'status',
  'collabNum', 'bandRow', 'scoredFlag', 'totalNum', 'firstBad', 'badN', 'reqN', 'doneN', 'filledN', 'stCode', 'firstMissing',
  'nameShown', 'deptShown',
] as const;
type RosterField = (typeof ROSTER_FIELDS)[number];
/**
 * The roster's per-employee counts over their own KPI rows and its status code (see employeeStatus);
 * firstBad and firstMissing hold the words about the first row with a problem and the first KPI still to type.
 */
const STATUS_FIELDS = ['firstBad', 'badN', 'reqN', 'doneN', 'filledN', 'stCode', 'firstMissing'] as const;

/**
 * The hidden lines table's fields (one row per KPI line of the plan), in column order: the plan's
 * values as the formulas use them, what the review says about the line, the parts its rows show
 * or test, the settings its rows use, and its rows' messages per row code.
 */
const LINE_FIELDS = [
  'target', 'direction', 'baseline', 'threshold', 'maximum', 'weight', 'check', 'offset', 'scale', 'has', 'bandCheck', 'sign', 'slope1', 'slope2',
  'used', 'unitClass', 'required', 'problem', 'flag', 'reason', 'flagAt', 'wsafe', 'name', 'hint',
  'dirShown', 'unitShown', 'weightShown', 'targetShown', 'negative', 'factor', 'sThreshold', 'sTarget', 'sMaximum', 'emptyCode', 'filledCode', 'okCode', 'targetOk', 'farUp', 'farDown',
  'cap', 'floor', 'pay0', 'pay1', 'pay2', 'achGate', 'capOrMax', 'payGate', 'upCode', 'downCode',
  'blendBad', 'blendKpi', 'blendSum', 'noCollab', 'rank',
  ...MESSAGE_COLUMNS,
] as const;
type LineField = (typeof LINE_FIELDS)[number];

/**
 * Where everything sits, left to right: the detail table, a narrow gap, the roster, the hidden
 * lines table, the settings (label | value | hidden value), a gap, the bands, a gap, the hidden
 * unit words, a gap and the hidden column of words the rows' messages share.
 */
interface ReviewLayout {
  readonly detailCols: Readonly<Record<Exclude<DetailField, ExportField>, number> & Partial<Record<ExportField, number>>>;
  readonly rosterCols: Readonly<Record<RosterField, number>>;
  readonly lineCols: Readonly<Record<LineField, number>>;
  readonly settingsAt: number;
  readonly bandsAt: number;
  readonly unitsAt: number;
  readonly wordsAt: number;
}

function reviewLayout(withExport: boolean): ReviewLayout {
  const detailCols = withExport ? columnsFrom(1, DETAIL_FIELDS_WITH_EXPORT) : columnsFrom(1, DETAIL_FIELDS);
  const rosterCols = columnsFrom(placeBeside(lastColumnOf(detailCols), 1), ROSTER_FIELDS);
  const lineCols = columnsFrom(placeBeside(lastColumnOf(rosterCols)), LINE_FIELDS);
  const settingsAt = placeBeside(lastColumnOf(lineCols));
  const bandsAt = placeBeside(settingsAt + 2, 1);
  const unitsAt = placeBeside(bandsAt + 2, 1);
  return { detailCols, rosterCols, lineCols, settingsAt, bandsAt, unitsAt, wordsAt: placeBeside(unitsAt + 1, 1) };
}

/** What the steps that write the review share. */
interface Review {
  readonly s: SheetBuilder;
  readonly lang: Locale;
  readonly lists: Lists;
  readonly plan: PlanMapping;
  /** KPI lines of the plan. */
  readonly kpis: number;
  readonly employees: number;
  readonly data: ReviewData | undefined;
  readonly actuals: ActualSource | undefined;
  readonly units: readonly (string | null)[];
  readonly at: ReviewLayout;
  /** Absolute references of the settings as the formulas use them (blank → default). */
  readonly settings: Readonly<Record<string, string>>;
  /** The hidden unit words table: word | class. */
  readonly unitWords: { readonly words: string; readonly classes: string };
  /** A label as a formula whose longer words sit once in the hidden words column. */
  readonly say: (key: LabelKey, exprs?: Readonly<Record<string, string>>) => string;
}

/** A plan cell of KPI line j (absolute, with the plan's sheet), or null where the plan has no such column. */
function planRef(plan: PlanMapping, field: PlanField, j: number): string | null {
  const letters = plan.columns[field];
  return letters === undefined ? null : onSheet(plan.sheet, abs(colNumber(letters), plan.firstRow + j));
}
/** The same, or "" where the plan has no such column. */
const planCell = (plan: PlanMapping, field: PlanField, j: number): string => planRef(plan, field, j) ?? '""';

/** A cell of the lines table in row r. */
const lineAt = (rv: Review, field: LineField, r: number): string => `${col(rv.at.lineCols[field])}${r}`;
/** A cell of the lines table for KPI line j, absolute: what every row of that line refers to. */
const lineOf = (rv: Review, field: LineField, j: number): string => `$${col(rv.at.lineCols[field])}$${FIRST_ROW + j}`;
/** A per-line hidden column whose cell is a formula of the line j and its sheet row r. */
const lineColumn = (key: LineField, make: (j: number, r: number) => string): ColumnDef => helperColumn(key, (j, r) => f(make(j, r)));
/** A detail or roster cell in the row "{r}" (or the given row). */
const at = (n: number, row: number | string = '{r}'): string => `${col(n)}${row}`;

/**
 * The review sheet: one row per employee and KPI (targets, weights and directions are references
 * to the plan), a per-employee table beside it (KPI score, collaboration, total, grade,
 * coefficient), the settings and the grade bands.
 */
export function reviewSheet(wb: WorkbookBuilder, input: ReviewSheetInput): ReviewSheetResult {
  const lang: Locale = wb.lang;
  const Ls = lists(wb);
  const s = wb.sheet('review', label(lang, 'sheet.review'));
  const layout = reviewLayout(input.actuals !== undefined);
  writeHeading(s, lang, input, layout);
  // Settings and bands first: the tables' formulas refer to them.
  const settings = writeSettings(s, lang, layout.settingsAt, input.data?.settings ?? {}, input.actuals?.dated ?? false);
  const bands = bandsTable(s, lang, layout.bandsAt, 3);
  const bandsName = wb.name('KPI_Bands', s.name, layout.bandsAt, bands.firstRow, layout.bandsAt + 2, bands.lastRow);
  const unitWords = unitsTable(s, layout.unitsAt, HEADER_ROW);
  const words = sharedWords(layout.wordsAt);
  const rv: Review = {
    s, lang, lists: Ls, plan: input.plan, kpis: input.plan.lastRow - input.plan.firstRow + 1, employees: Math.max(1, input.employees),
    data: input.data, actuals: input.actuals, units: input.units ?? [], at: layout, settings, unitWords,
    say: (key, exprs = {}) => textFormula(label(lang, key), exprs, words.ref),
  };
  const lines = kpiLinesTable(rv);
  planCheckLine(rv, lines);
  const detail = detailTable(rv, lines);
  actualFormats(rv);
  const roster = rosterTable(rv, lines, bands);
  highlightAndValidate(rv, detail, roster);
  s.freeze(HEADER_ROW, layout.detailCols.kpi);
  words.write(s);
  s.focus(addr(layout.detailCols.actual, FIRST_ROW));
  s.cell('bands', range(layout.bandsAt, bands.firstRow, layout.bandsAt + 2, bands.lastRow));
  return { sheet: s.name, kpis: rv.kpis, employees: rv.employees, detail: detail.layout, roster: roster.layout, bands, bandsName };
}

/** Title, period and note over the detail table; the narrow gaps between the side tables. */
function writeHeading(s: SheetBuilder, lang: Locale, input: ReviewSheetInput, layout: ReviewLayout): void {
  const D = layout.detailCols;
  s.title(1, D.comment, 1, label(lang, 'title.review', { dept: input.department }));
  s.line(1, D.department, 2, input.period ? label(lang, 'subtitle.period', { period: input.period }) : '', 'subtitle');
  s.line(1, D.comment, 3, label(lang, 'note.review', { plan: input.plan.sheet }), 'note');
  s.width(placeBeside(lastColumnOf(D)), 2);
  s.width(layout.bandsAt - 1, 2);
}

/**
 * Words that thousands of rows show are written once, in a hidden column, and referred to: ref()
 * gives a short text itself, a longer one as the absolute cell that holds it.
 */
function sharedWords(wordsAt: number) {
  const texts: string[] = [];
  return {
    ref: (text: string): string => {
      if (text.length <= 4) return str(text);
      let i = texts.indexOf(text);
      if (i < 0) i = texts.push(text) - 1;
      return abs(wordsAt, HEADER_ROW + 1 + i);
    },
    write: (s: SheetBuilder): void => {
      s.put(wordsAt, HEADER_ROW, [[v('words')], ...texts.map((t) => [v(t)])]);
      s.width(wordsAt, 8, true);
    },
  };
}

/** The settings block (label | value | hidden value) with its title; returns the settings as the formulas use them. */
function writeSettings(
  s: SheetBuilder,
  lang: Locale,
  settingsAt: number,
  given: Partial<Record<ReviewSetting, NumberInput>>,
  dated: boolean,
): Record<string, string> {
  s.line(settingsAt, settingsAt + 1, 3, label(lang, 'label.settings'), 'subtitle');
  const setting = (key: ReviewSetting): NumberInput => (key in given ? given[key]! : DEFAULT_REVIEW_SETTINGS[key]);
  const missingWord = (x: NumberInput) =>
    typeof x === 'string' || x === null ? x : collabMissingWord(lang, x === COLLAB_MISSING.kpiOnly ? 'kpiOnly' : 'incomplete');
  const settings: Setting[] = [
    { key: 'cap', label: 'label.cap', value: setting('cap'), numFmt: '0%', dflt: null, message: 'msg.cap', min: 0 },
    { key: 'floor', label: 'label.floor', value: setting('floor'), numFmt: '0%', dflt: 0, message: 'msg.floor' },
    { key: 'payThreshold', label: 'label.payThreshold', value: setting('payThreshold'), numFmt: '0.00', dflt: 0.5, message: 'msg.pay', min: 0 },
    { key: 'payTarget', label: 'label.payTarget', value: setting('payTarget'), numFmt: '0.00', dflt: 1, message: 'msg.pay', min: 0 },
    { key: 'payMaximum', label: 'label.payMaximum', value: setting('payMaximum'), numFmt: '0.00', dflt: 1.5, message: 'msg.pay', min: 0 },
    { key: 'collabWeight', label: 'label.collabWeight', value: setting('collabWeight'), numFmt: '0%', dflt: 0, message: 'msg.collabWeight', min: 0, max: 0.5 },
    { key: 'collabFull', label: 'label.collabFull', value: setting('collabFull'), numFmt: '0', dflt: 5, message: 'msg.fullMark', rule: 'AND(ISNUMBER({cell}),{cell}>0)' },
    { key: 'collabPar', label: 'label.collabPar', value: setting('collabPar'), numFmt: '0.0', dflt: 4, message: 'msg.collabPar', rule: 'AND(ISNUMBER({cell}),{cell}>0)' },
    {
      key: 'collabMissing',
      label: 'label.collabMissing',
      value: missingWord(setting('collabMissing')),
      numFmt: '@',
      dflt: 0,
      message: 'msg.collabMissing',
      rule: collabMissingRule(),
      convert: collabMissingCode,
    },
    // The period an export's dated rows must fall in (blank: no limit on that side).
    ...(dated ? (['periodStart', 'periodEnd'] as const).map((key): Setting => ({
      key, label: key === 'periodStart' ? 'label.periodStart' : 'label.periodEnd', value: null, numFmt: 'yyyy-mm-dd', dflt: null,
      message: 'msg.periodDate', rule: 'ISNUMBER({cell})',
    })) : []),
  ];
  const refs = settingsBlock(s, lang, settingsAt, HEADER_ROW, settings);
  // The full mark as typed (the 360 scores' validation compares with it).
  return { ...refs, collabFullTyped: abs(settingsAt + 1, HEADER_ROW + 1 + settings.findIndex((st) => st.key === 'collabFull')) };
}

/** The hidden lines table: one row per KPI line of the plan, what every row of that line refers to. */
function kpiLinesTable(rv: Review): PlacedTable {
  const columns: ColumnDef[] = [...linePlanValues(rv), ...lineTrustColumns(rv), ...lineRowParts(rv), ...lineMessages(rv)];
  return placeTable(rv.s, 'kpiLines', rv.at.lineCols, rv.kpis, columns);
}

/** Per KPI line: the plan's values as the formulas use them, and the line's achievement and payout curve parts. */
function linePlanValues(rv: Review): ColumnDef[] {
  const S = rv.settings;
  const lc = (field: LineField, r: number) => lineAt(rv, field, r);
  const refOr = (field: PlanField, j: number, make: (ref: string) => string, otherwise: CellSpec): CellSpec =>
    planRef(rv.plan, field, j) === null ? otherwise : f(make(planRef(rv.plan, field, j)!));
  const fromPlan = (key: LineField, make: (ref: string) => string, otherwise: CellSpec) =>
    helperColumn(key, (j) => refOr(key as PlanField, j, make, otherwise));
  const parts = (r: number) => ({ target: lc('target', r), baseline: lc('baseline', r), direction: lc('direction', r) });
  const points = (r: number) => ({ threshold: lc('threshold', r), target: lc('target', r), maximum: lc('maximum', r) });
  const Ls = rv.lists;
  return [
    fromPlan('target', numberOrBlank, v(null)),
    fromPlan('direction', (x) => optionCode(x, Ls.dirWords, Ls.dirCodes, '1'), v(1)),
    fromPlan('baseline', numberOrBlank, v(null)),
    fromPlan('threshold', numberOrBlank, v(null)),
    fromPlan('maximum', numberOrBlank, v(null)),
    fromPlan('weight', (x) => numberOr(x, '0'), v(0)),
    lineColumn('check', (_j, r) => achievementLine.check(parts(r))),
    lineColumn('offset', (_j, r) => achievementLine.offset(parts(r))),
    lineColumn('scale', (_j, r) => achievementLine.scale(parts(r))),
    lineColumn('has', (_j, r) => bandLine.has(lc('threshold', r), lc('maximum', r))),
    lineColumn('bandCheck', (_j, r) => bandLine.check(lc('has', r), points(r))),
    lineColumn('sign', (_j, r) => bandLine.sign(lc('has', r), lc('bandCheck', r), { threshold: lc('threshold', r), target: lc('target', r) })),
    lineColumn('slope1', (_j, r) => bandLine.slope(lc('sign', r), lc('threshold', r), lc('target', r), S.payThreshold!, S.payTarget!)),
    lineColumn('slope2', (_j, r) => bandLine.slope(lc('sign', r), lc('target', r), lc('maximum', r), S.payTarget!, S.payMaximum!)),
  ];
}

/**
 * Per KPI line, what the review needs to say about it: whether the line is used, its unit's
 * class, whether it is required (weighted), its problem code and words, and its weight for the total.
 */
function lineTrustColumns(rv: Review): ColumnDef[] {
  const { plan, unitWords: units } = rv;
  const lc = (field: LineField, r: number) => lineAt(rv, field, r);
  const cell = (field: PlanField, j: number) => planCell(plan, field, j);
  const used = (j: number) => `IF(OR(${(['kpi', 'target', 'weight'] as const).map((k) => `LEN(TRIM(${cell(k, j)}))>0`).join(',')}),1,0)`;
  return [
    lineColumn('used', (j) => used(j)),
    lineColumn('unitClass', (j) => (planRef(plan, 'unit', j) === null ? '0' : unitClass(planRef(plan, 'unit', j)!, units.words, units.classes))),
    lineColumn('required', (_j, r) => `IF(${lc('used', r)}=0,0,IF(ISNUMBER(${lc('weight', r)}),IF(${lc('weight', r)}>0,1,0),0))`),
    lineColumn('problem', (_j, r) =>
      planLineProblem({
        used: lc('used', r), weight: lc('weight', r), direction: lc('direction', r), target: lc('target', r),
        baseline: lc('baseline', r), threshold: lc('threshold', r), maximum: lc('maximum', r), check: lc('check', r),
        bandCheck: lc('bandCheck', r), nonNegative: unitNonNegative(lc('unitClass', r)),
      }),
    ),
    lineColumn('flag', (_j, r) => planLineFlag(lc('problem', r), lc('weight', r))),
    lineColumn('reason', (j, r) =>
      problemText(rv.lang, lc('problem', r), {
        weight: cell('weight', j), direction: cell('direction', j), target: cell('target', j), baseline: cell('baseline', j), unit: cell('unit', j),
      }),
    ),
    lineColumn('flagAt', (j, r) => `IF(${lc('flag', r)}=1,${j + 1},"")`),
    lineColumn('wsafe', (_j, r) => `IF(${lc('used', r)}=0,0,IF(ISNUMBER(${lc('weight', r)}),${lc('weight', r)},0))`),
    lineColumn('name', (j) => showRef(cell('kpi', j))),
    lineColumn('hint', (j, r) => unitHint(rv.lang, lc('unitClass', r), cell('unit', j))),
  ];
}

/**
 * Per KPI line, the parts its rows show or test, computed once here so that each of the
 * thousands of rows refers to one cell: the plan's direction, unit, weight and target as shown,
 * whether its weight is negative, the row code a row of this
 * line takes when its actual is blank or when the line itself blocks it, the code of a scored
 * row, and whether the target can be compared with an actual (a number other than 0).
 */
function lineRowParts(rv: Review): ColumnDef[] {
  const S = rv.settings;
  const lc = (field: LineField, r: number) => lineAt(rv, field, r);
  const shownOf = (key: LineField, field: PlanField) => lineColumn(key, (j) => showRef(planCell(rv.plan, field, j)));
  const problem = (r: number) => lc('problem', r);
  // A line problem that keeps its rows from scoring (11 and 12 touch only the payout factor).
  const blocking = (r: number) => `AND(${problem(r)}>0,${problem(r)}<>11,${problem(r)}<>12)`;
  return [
    shownOf('dirShown', 'direction'),
    shownOf('unitShown', 'unit'),
    shownOf('weightShown', 'weight'),
    lineColumn('targetShown', (j, r) =>
      `IF(AND(${lc('unitClass', r)}=${UNIT.percent},ISNUMBER(${lc('target', r)})),${percentText(lc('target', r))},${showRef(planCell(rv.plan, 'target', j))})`,
    ),
    lineColumn('negative', (_j, r) => weightedRow.negative(lc('weight', r))),
    lineColumn('factor', (_j, r) => bandLine.factor(lc('sign', r))),
    // The threshold as the rows compare with it, or the curve's error (see bandPayoutRow).
    lineColumn('sThreshold', (_j, r) => bandLine.gatedThreshold(lc('payGate', r), lc('sign', r), lc('threshold', r))),
    lineColumn('sTarget', (_j, r) => bandLine.signed(lc('sign', r), lc('target', r))),
    lineColumn('sMaximum', (_j, r) => bandLine.signed(lc('sign', r), lc('maximum', r))),
    lineColumn('emptyCode', (_j, r) =>
      `IF(${lc('used', r)}=0,${ROW.none},IF(AND(${blocking(r)},OR(${lc('required', r)}=1,${problem(r)}<=2)),${ROW.plan},` +
      `IF(${lc('required', r)}=1,${ROW.missing},${ROW.none})))`,
    ),
    lineColumn('filledCode', (_j, r) => `IF(${lc('used', r)}=0,${ROW.emptyLine},IF(${blocking(r)},${ROW.plan},0))`),
    lineColumn('okCode', (_j, r) => `IF(${problem(r)}>0,${ROW.payout},${ROW.ok})`),
    lineColumn('targetOk', (_j, r) => targetUsable(lc('target', r))),
    lineColumn('farUp', (_j, r) => farBounds.up(lc('target', r))),
    lineColumn('farDown', (_j, r) => farBounds.down(lc('target', r))),
    // The settings the rows use, read once per line: each setting cell then feeds a few lines,
    // not thousands of rows, which keeps recalculation engines' dependency lists short.
    lineColumn('cap', () => S.cap!),
    lineColumn('floor', () => S.floor!),
    lineColumn('pay0', () => S.payThreshold!),
    lineColumn('pay1', () => S.payTarget!),
    lineColumn('pay2', () => S.payMaximum!),
    // A filled row's achievement where the line or the settings decide it, as a value x whose
    // x*10/x is the error (achievementRow): the line's check error (a row's raw error is its
    // achievement), else #NUM! for a cap below the floor; 1 where the row computes it. The cap
    // with a blank as no cap.
    lineColumn('achGate', (_j, r) =>
      `IF(${lc('check', r)}>0,CHOOSE(${lc('check', r)},"x",0,10^308),IF(LEN(${lc('cap', r)})=0,1,IF(${lc('cap', r)}<${lc('floor', r)},10^308,1)))`,
    ),
    lineColumn('capOrMax', (_j, r) => `IF(LEN(${lc('cap', r)})=0,10^308,${lc('cap', r)})`),
    // The same for the payout (read by sThreshold and actualCmp): 1 where a row computes it, "" (blank) without a curve, else the value
    // whose x*10/x is the curve's error ("x" #VALUE! for a blank target, 10^308 #NUM! for points out of order).
    lineColumn('payGate', (_j, r) =>
      `IF(${lc('has', r)}=0,"",IF(${lc('bandCheck', r)}=0,1,CHOOSE(${lc('bandCheck', r)},"x",0,10^308)))`,
    ),
    // The row codes of an actual 50× or more above or below the target (see scaleCodeOr).
    lineColumn('upCode', (_j, r) => `IF(${lc('unitClass', r)}=${UNIT.percent},${ROW.percentWhole},${ROW.farOff})`),
    lineColumn('downCode', (_j, r) => `IF(${lc('unitClass', r)}=${UNIT.percent},${ROW.farOff},${ROW.percentOnUnit})`),
    // The same on every line, read by the roster from the first: the blend's parts (1 where the
    // 360 weight is out of range; 1 − weight; (1 − weight) + weight) and the status code of a
    // scored employee without a 360 score (1 complete, 8 KPI only, 5 incomplete).
    lineColumn('blendBad', () => `IF(OR(${S.collabWeight!}<0,${S.collabWeight!}>1),1,0)`),
    lineColumn('blendKpi', () => `1-${S.collabWeight!}`),
    lineColumn('blendSum', () => `(1-${S.collabWeight!})+${S.collabWeight!}`),
    lineColumn('noCollab', () => `IF(IFERROR(${S.collabWeight!},0)>0,IF(${S.collabMissing!}=1,8,5),1)`),
    // The lines counted down (K for the first): the first of an employee's rows with a problem has the largest.
    helperColumn('rank', (j) => v(rv.kpis - j)),
  ];
}

/**
 * Per KPI line, what the check of one of its rows says for each row code (see detailTrust), "✗ "
 * before the codes that are not fine (3 and above). The words that take the row's actual keep
 * one place, {v}, that the row fills in (see detailTrust); the line's target ({t}) is filled in here.
 */
function lineMessages(rv: Review): ColumnDef[] {
  const lc = (field: LineField, r: number) => lineAt(rv, field, r);
  const bad = (text: string) => str(`✗ ${text}`);
  const words = (key: LabelKey) => label(rv.lang, key);
  const byCode: ((r: number) => string)[] = [
    () => '""',
    (r) => `IF(${lc('unitClass', r)}=${UNIT.percent},${str(words('rv.row.okAs'))},${str(words('rv.row.ok'))})`,
    (r) => lc('hint', r),
    (r) => `"✗ "&${lc('reason', r)}`,
    () => bad(words('rv.r.actualText')),
    () => bad(words('rv.r.ratioActual')),
    () => bad(words('rv.r.settings')),
    () => bad(words('rv.r.percentWhole')),
    () => bad(words('rv.r.percentOnUnit')),
    (r) => `SUBSTITUTE(${bad(words('rv.r.farOff'))},"{t}",IFERROR(${lc('target', r)}&"",""))`,
    (r) => `"✗ "&${lc('reason', r)}`,
    () => bad(words('rv.r.emptyLine')),
  ];
  return MESSAGE_COLUMNS.map((key, code) => lineColumn(key, (_j, r) => byCode[code]!(r)));
}

/** How to type an actual in a unit: a percent as 3.4% or 0.034, an amount or a count as digits. */
function unitHint(lang: Locale, cls: string, unit: string): string {
  return (
    `IF(${cls}=${UNIT.percent},${str(label(lang, 'rv.hint.percent'))},IF(LEN(TRIM(${unit}))=0,${str(label(lang, 'rv.hint.plain'))},` +
    `IF(${cls}=${UNIT.money},${textFormula(label(lang, 'rv.hint.money'), { unit })},${textFormula(label(lang, 'rv.hint.unit'), { unit })})))`
  );
}

/** The line under the title: the plan's first problem, or its weight total when it is not 100%, or ✓. */
function planCheckLine(rv: Review, lines: PlacedTable): void {
  const { s, lang } = rv;
  const D = rv.at.detailCols;
  const all = (field: LineField) => lines.colRange(field);
  const first = `MIN(${all('flagAt')})`;
  const total = `SUM(${all('wsafe')})`;
  const more = textFormula(label(lang, 'rv.s.more'), { n: `COUNT(${all('flagAt')})-1` });
  const problem = textFormula(label(lang, 'rv.plan.problem'), { kpi: `INDEX(${all('name')},${first})`, reason: `INDEX(${all('reason')},${first})` });
  const weights = textFormula(label(lang, 'rv.plan.weights'), { w: `${roundUnits(`${total}*100`, '1')}/10` });
  const ok = textFormula(label(lang, 'rv.plan.ok', { plan: rv.plan.sheet }), { n: `SUM(${all('used')})` });
  const body =
    `IF(${first}>0,${problem}&IF(COUNT(${all('flagAt')})>1,${more},""),IF(SUM(${all('required')})=0,${str(label(lang, 'rv.plan.noWeighted'))},` +
    `IF(ROUND(${total},10)<>1,${weights},${ok})))`;
  const where = range(D.kpi, 2, D.comment, 2);
  s.row(D.kpi, 2, [f(body)]);
  s.merge(where);
  s.style(where, 'note');
  s.conditional(where, `OR(${first}>0,SUM(${all('required')})=0)`, 'bad');
  s.conditional(where, `AND(${first}=0,SUM(${all('required')})>0,ROUND(${total},10)<>1)`, 'warn');
  s.cell('planCheck', addr(D.kpi, 2));
}

/**
 * Per row of KPI line j: a code for what the row shows (ROW), its words, and the flags the
 * employee's status adds up. Row codes 3–9 and 11 block the grade; 2 (not typed yet) leaves it
 * in progress; 10 (payout factor only) and 1 are fine.
 */
function detailTrust(rv: Review, j: number) {
  const D = rv.at.detailCols;
  const L = (field: LineField) => lineOf(rv, field, j);
  const a = at(D.actualNum);
  // What depends only on the line (blank row, a line that blocks its rows, a scored row) is read
  // from the line's emptyCode, filledCode and okCode (see lineRowParts).
  // An achievement that is a number comes from a raw achievement and an actual that are numbers.
  // A filled row of a line that does not block it has a well-defined line (direction and target
  // numbers, no achievement check): an achievement that is not a number then comes from an actual
  // that is not one (text), a lower_ratio actual ≤ 0, or else the settings (a cap below the floor).
  const code =
    `IF(LEN(TRIM(${at(actualUsed(D))}))=0,${L('emptyCode')},IF(${L('filledCode')}>0,${L('filledCode')},` +
    `IF(ISNUMBER(${at(D.achievement)}),${scaleCodeOr(a, L('targetOk'), { up: L('farUp'), down: L('farDown') }, { up: L('upCode'), down: L('downCode'), far: String(ROW.farOff) }, L('okCode'))},` +
    `IF(ISNUMBER(${a}),IF(AND(${L('direction')}=${DIR.lower_ratio},${a}<=0),${ROW.ratio},${ROW.settings}),${ROW.text}))))`;
  const rc = at(D.rowCode);
  // The check's words: the line's message for the row code (lineMessages). Four codes' words take
  // the row's actual at {v}: as typed (4, not a number), as it is (7, "type 85%"), or × 100 to
  // four decimals (1 on a percent KPI, "read as 3.4%"; 8, "type 85"). The others' {v}, which only
  // words typed in the plan can hold (codes 2, 3 and 10), is left as it is.
  // percentText's number, its powers of ten written out (the same numbers).
  const hundredfold = `IFERROR(ROUND(ROUND(${a}*100*10000,6),0)/10000,"")`;
  const value =
    `IF(${rc}=${ROW.text},${at(actualUsed(D))},IF(${rc}=${ROW.percentWhole},${a},` +
    `IF(OR(${rc}=${ROW.ok},${rc}=${ROW.percentOnUnit}),${hundredfold},"{v}")))`;
  const check = `SUBSTITUTE(INDEX(${L('m0')}:${L('m11')},1,${rc}+1),"{v}",${value})`;
  return {
    rowCode: perRow(code),
    check: perRow(check),
  };
}

/** Per KPI line j, the formulas of a detail row that score it: its actual read, achievement, weighted score and payout factor. */
function detailScores(rv: Review, j: number) {
  const D = rv.at.detailCols;
  const L = (field: LineField) => lineOf(rv, field, j);
  return {
    // ROUND(actual, 10) times the KPI's curve direction: what the payout compares with the curve's points.
    // Blank without a curve (see bandPayoutRow).
    actualCmp: perRow(`IF(${at(D.actualNum)}="","",IF(${L('payGate')}="","",${L('factor')}*ROUND(${at(D.actualNum)},10)))`),
    achievement: perRow(
      achievementRow({
        actual: at(D.actualNum), target: L('target'), direction: L('direction'), offset: L('offset'), scale: L('scale'),
        gate: L('achGate'), cap: L('capOrMax'), floor: L('floor'),
      }),
    ),
    weighted: perRow(weightedRow.product(at(D.achievement), L('weight'))),
    payout: perRow(
      bandPayoutRow({
        actual: at(D.actualNum),
        threshold: L('threshold'),
        target: L('target'),
        maximum: L('maximum'),
        payThreshold: L('pay0'),
        payTarget: L('pay1'),
        payMaximum: L('pay2'),
        rounded: at(D.actualCmp),
        signed: { threshold: L('sThreshold'), target: L('sTarget'), maximum: L('sMaximum') },
        slope1: L('slope1'),
        slope2: L('slope2'),
      }),
    ),
    ...detailTrust(rv, j),
  };
}

/**
 * The visible columns of the detail table: who, the plan's KPI as shown (references to the
 * lines table; blank where the plan has no such column), the actual and comment typed, the scores
 * and the row's check.
 */
function detailShownColumns(rv: Review, byLine: readonly ReturnType<typeof detailScores>[]): ColumnDef[] {
  const { lang, data, kpis: K } = rv;
  const R = rv.at.rosterCols;
  const D = rv.at.detailCols;
  const shown = (field: PlanField, helper: LineField) =>
    Array.from({ length: K }, (_, j) => (planRef(rv.plan, field, j) === null ? v(null) : f(lineOf(rv, helper, j))));
  const kpiCells = shown('kpi', 'name');
  const dirCells = shown('direction', 'dirShown');
  const unitCells = shown('unit', 'unitShown');
  const targetCells = shown('target', 'targetShown');
  const weightCells = shown('weight', 'weightShown');
  // The employee's name and department: read from the roster on the first row of their block
  // (the roster shows each name once as the rows show it: blank, not 0, where none is typed), and
  // from that row on the rows of the other plan lines in use; the rows of a spare line (no KPI,
  // target or weight yet) stay blank. Every row of line j > 0 is then the same formula relative
  // to its cell (see employeeCounts).
  const rosterRow = (i: number) => FIRST_ROW + Math.floor(i / K);
  const who = (field: 'nameShown' | 'deptShown', shown: number) =>
    Array.from({ length: K }, (_, j) =>
      j === 0 ? formulaTemplate(`$${col(R[field])}{q}`, ['q']) : formulaTemplate(`IF(${lineOf(rv, 'used', j)}=0,"",${col(shown)}{q})`, ['q']),
    );
  const [nameCells, deptCells] = [who('nameShown', D.employee), who('deptShown', D.department)];
  const whoCell = (cells: typeof nameCells) => (i: number, r: number) => cells[i % K]!(i % K === 0 ? rosterRow(i) : r - (i % K));
  const actualOf = (i: number): CellSpec => v(data?.actuals[Math.floor(i / K)]?.[i % K] ?? null);
  const commentOf = (i: number): CellSpec => v(data?.comments[Math.floor(i / K)]?.[i % K] ?? null);
  const h = (key: LabelKey) => label(lang, key);
  return [
    { key: 'no', header: h('col.no'), width: 6, style: 'formula', cell: (i) => v(Math.floor(i / K) + 1) },
    { key: 'employee', header: h('col.employee'), width: 15, style: 'formula', cell: whoCell(nameCells) },
    { key: 'department', header: h('col.department'), width: 12, style: 'formula', cell: whoCell(deptCells) },
    { key: 'kpi', header: h('col.kpi'), width: 24, style: 'formula', cell: (i) => kpiCells[i % K]! },
    { key: 'direction', header: h('col.direction'), width: 10, style: 'formula', cell: (i) => dirCells[i % K]! },
    { key: 'unit', header: h('col.unit'), width: 8, style: 'formula', cell: (i) => unitCells[i % K]! },
    { key: 'target', header: h('col.target'), width: 10, style: 'formula', cell: (i) => targetCells[i % K]! },
    { key: 'weight', header: h('col.weight'), width: 8, style: 'formula', numFmt: '0%', cell: (i) => weightCells[i % K]! },
    { key: 'actual', header: h('col.actual'), width: 10, style: 'input', cell: actualOf },
    ...exportColumns(rv),
    { key: 'achievement', header: h('col.achievement'), width: 13, style: 'formula', numFmt: '0.0%', cell: (i, r) => byLine[i % K]!.achievement(r) },
    { key: 'weighted', header: h('col.weighted'), width: 10, style: 'formula', numFmt: '0.0%', cell: (i, r) => byLine[i % K]!.weighted(r) },
    { key: 'payout', header: h('col.payout'), width: 9, style: 'formula', numFmt: '0.00', cell: (i, r) => byLine[i % K]!.payout(r) },
    { key: 'comment', header: h('col.comment'), width: 26, style: 'input', cell: commentOf },
    { key: 'check', header: h('rv.col.check'), width: 30, style: 'formula', cell: (i, r) => byLine[i % K]!.check(r) },
  ];
}

/** The actual every formula reads: the typed one, or with an export the typed one else the export's. */
const actualUsed = (D: ReviewLayout['detailCols']): number => D.effective ?? D.actual;

/**
 * With actuals from an export, beside the typed actual: the export's value for the row's employee
 * and KPI (blank when it has none, or the row has no employee or KPI), and where the actual comes
 * from ("typed" wins over "export"; blank when neither gives one).
 */
function exportColumns(rv: Review): ColumnDef[] {
  const src = rv.actuals;
  const D = rv.at.detailCols;
  if (src === undefined || D.fromExport === undefined) return [];
  const S = rv.settings;
  const [employee, kpi] = [at(D.employee), at(D.kpi)];
  const value = src.value(employee, kpi, src.dated ? S.periodStart! : null, src.dated ? S.periodEnd! : null);
  const fromExport = perRow(`IF(OR(LEN(TRIM(${employee}))=0,LEN(TRIM(${kpi}))=0),"",${value})`);
  const typed = `LEN(TRIM(${at(D.actual)}))>0`;
  const source = perRow(`IF(${typed},${rv.say('rv.src.typed')},IF(LEN(TRIM(${at(D.fromExport)}))>0,${rv.say('rv.src.export')},""))`);
  const h = (key: LabelKey) => label(rv.lang, key);
  return [
    { key: 'fromExport', header: h('rv.col.fromExport'), width: 11, style: 'formula', cell: (_i, r) => fromExport(r) },
    { key: 'source', header: h('rv.col.source'), width: 8, style: 'formula', cell: (_i, r) => source(r) },
  ];
}

/**
 * The number format an actual shows in, by its KPI's unit: percent as percent (so that Excel's
 * automatic percent entry turns 3.4 into 3.4%), money with cents, counts whole; other or unknown
 * units General.
 */
export function actualNumFmt(unit: string | null | undefined): string {
  const cls = unitClassOf(unit);
  return cls === UNIT.percent ? '0.0%' : cls === UNIT.money ? '#,##0.00' : cls === UNIT.count ? '#,##0' : 'General';
}

/** The actuals (and the export's values beside them) in their KPI's unit format, row by row; nothing where every unit is unknown. */
function actualFormats(rv: Review): void {
  const D = rv.at.detailCols;
  const perLine = Array.from({ length: rv.kpis }, (_, j) => actualNumFmt(rv.units[j]));
  if (perLine.every((x) => x === 'General')) return;
  const width = D.fromExport === undefined ? 1 : 2;
  const rows = Array.from({ length: rv.employees * rv.kpis }, (_, i) => new Array<string>(width).fill(perLine[i % rv.kpis]!));
  rv.s.formatGrid(addr(D.actual, FIRST_ROW), rows);
}

/** The detail table: one row per employee and KPI line, the visible columns and the hidden helpers the roster adds up. */
function detailTable(rv: Review, lines: PlacedTable): PlacedTable {
  const D = rv.at.detailCols;
  const K = rv.kpis;
  const counts = employeeCounts(rv, lines);
  const byLine = Array.from({ length: K }, (_, j) => detailScores(rv, j));
  const used = at(actualUsed(D));
  const actualNum = perRow(numberOrBlank(used));
  const effective = perRow(`IF(LEN(TRIM(${at(D.actual)}))>0,${at(D.actual)},${D.fromExport === undefined ? '""' : at(D.fromExport)})`);
  const scored = perRow(weightedRow.scored(at(D.achievement)));
  const perLine = (key: DetailField, pick: (x: (typeof byLine)[number]) => (r: number) => CellSpec) =>
    helperColumn(key, (i, r) => pick(byLine[i % K]!)(r));
  const empty = (key: DetailField) => helperColumn(key, () => v(null));
  const columns: ColumnDef[] = [
    ...detailShownColumns(rv, byLine),
    ...(D.effective === undefined ? [] : [helperColumn('effective', (_i, r) => effective(r))]),
    helperColumn('actualNum', (_i, r) => actualNum(r)),
    perLine('actualCmp', (x) => x.actualCmp),
    helperColumn('raw', counts('raw')),
    helperColumn('counted', counts('counted')),
    helperColumn('scored', (_i, r) => scored(r)),
    // Kept empty: negative weights and required lines are counted once per line (lineRowParts, "required").
    empty('negative'),
    helperColumn('filled', counts('filled')),
    helperColumn('req', counts('req')),
    perLine('rowCode', (x) => x.rowCode),
    helperColumn('reason', counts('reason')),
    helperColumn('problemAt', counts('problemAt')),
    helperColumn('reqScored', counts('reqScored')),
    helperColumn('missingAt', counts('missingAt')),
    // Kept empty: the scale test is part of the row code.
    empty('scale'),
    helperColumn('kpiLine', (i) => v((i % K) + 1)),
  ];
  return placeTable(rv.s, 'detail', D, rv.employees * K, columns);
}

/**
 * Per employee, over their own KPI rows, on the first of those rows (the detail table's hidden
 * columns; the other rows of the block stay blank): the KPI score (raw), how many rows have a
 * problem (counted) and which is the first (problemAt) with its words (reason), how many
 * weighted KPIs are scored (reqScored), how many rows are filled (filled), and the first KPI still
 * to type (missingAt) with the words of the progress (req).
 *
 * Each employee's rows are contiguous (K rows from the first data row + i × K), so a plain SUM
 * over that block reads only the employee's own rows, as a SUMIFS keyed by the employee number
 * would, and a bad cell still breaks only that employee's total; it costs K cells instead of a
 * scan of the key column. Lines of the plan, the same for every employee, are counted once over
 * the lines table. Written on the block's own first row, every employee's formula is the same
 * formula relative to its cell, which engines that cache parsed formulas (HyperFormula) read once;
 * the roster (one row per employee) takes the results with one short reference each.
 */
function employeeCounts(rv: Review, lines: PlacedTable) {
  const { say, kpis: K } = rv;
  const D = rv.at.detailCols;
  const block = ownRows(rv);
  const here = (field: DetailField) => at(D[field]!, '{a}');
  // A row has a problem where its code is 3 or above, but not 10 (the payout factor only). The
  // first such row: lines count down from K on the lines table ("rank"), the largest rank of a
  // row with a problem is the first one's.
  const badRows = `(${block('rowCode')}>=${ROW.plan})*(${block('rowCode')}<>${ROW.payout})`;
  // Every employee has the same weighted (required) lines.
  const reqN = `SUM(${lines.colRange('required')})`;
  // The employee's rows line up with the lines table's rows: the weights of the scored rows are
  // the scored flags times the lines' weights (reached only when every flag and weight is a number).
  const weights = `SUMPRODUCT(${block('scored')},${lines.colRange('weight')})`;
  const kpiScore = weightedTotal({
    count: `SUM(${block('scored')})`, negatives: `SUM(${lines.colRange('negative')})`, weights, products: `SUM(${block('weighted')})`,
  });
  // A row with a problem says "✗ " and its reason in its check.
  const firstBadAt = (field: DetailField) => `INDEX(${block(field)},${here('problemAt')})`;
  const problem =
    `IF(${here('problemAt')}=0,"",${say('rv.s.problem', { kpi: firstBadAt('kpi'), reason: `REPLACE(${firstBadAt('check')},1,2,"")` })}` +
    `&IF(${here('counted')}>1,${say('rv.s.more', { n: `${here('counted')}-1` })},""))`;
  const progress =
    `IF(${here('missingAt')}=0,"",${say('rv.s.progress', {
      n: here('reqScored'),
      m: reqN,
      kpi: `INDEX(${block('kpi')},${here('missingAt')})`,
      more: `IF(${reqN}-${here('reqScored')}>1,${say('rv.s.more', { n: `${reqN}-${here('reqScored')}-1` })},"")`,
    })})`;
  const bodies: Partial<Record<DetailField, string>> = {
    raw: kpiScore,
    counted: `SUMPRODUCT(${badRows})`,
    problemAt: `IF(${here('counted')}=0,0,${K + 1}-SUMPRODUCT(MAX(${badRows}*${lines.colRange('rank')})))`,
    reason: problem,
    // Scored (row code 1, or 10: scored, the payout factor aside) on a weighted line.
    reqScored: `SUMPRODUCT(((${block('rowCode')}=${ROW.ok})+(${block('rowCode')}=${ROW.payout}))*${lines.colRange('required')})`,
    filled: `SUMPRODUCT(--(LEN(TRIM(${block(D.effective === undefined ? 'actual' : 'effective')}))>0))`,
    // The first of the employee's rows still to type (row code 2), 0 when none is.
    missingAt: `IFERROR(MATCH(${ROW.missing},${block('rowCode')},0),0)`,
    req: progress,
  };
  const cells = new Map(Object.entries(bodies).map(([k, body]) => [k, formulaTemplate(body!, ['a', 'b'])]));
  /** The detail cell of `field` in data row i: the employee's count on the first row of their block, else blank. */
  return (field: DetailField) => (i: number, r: number): CellSpec => (i % K === 0 ? cells.get(field)!(r, r + K - 1) : v(null));
}

/**
 * Per employee in the roster: the counts over their own rows (the first row of their block in the
 * detail table), a status code (0 blank row, 1 complete, 2 in progress, 3 a problem, 4 no weighted
 * KPI, 5 360 score missing (the setting says "incomplete"), 6 360 score not a number, 7 total not
 * computable, 8 complete on the KPIs only (no 360 score, the setting says "KPI only")) and its words.
 */
function employeeStatus(rv: Review, lines: PlacedTable) {
  const { say, kpis: K } = rv;
  const R = rv.at.rosterCols;
  const D = rv.at.detailCols;
  const q = (field: RosterField) => at(R[field]);
  // A count taken from the detail row where employee i's block starts.
  const fromBlock = (field: DetailField) => (i: number) => f(at(D[field]!, FIRST_ROW + i * K));
  const collabTyped = `LEN(TRIM(${q('collab')}))>0`;
  const noCollab = lineOf(rv, 'noCollab', 0);
  const code = perRow(
    `IF(AND(LEN(TRIM(${q('employee')}))=0,${q('filledN')}=0,NOT(${collabTyped})),0,IF(${q('badN')}>0,3,IF(${q('reqN')}=0,4,` +
      `IF(${q('doneN')}<${q('reqN')},2,IF(${collabTyped},IF(NOT(ISNUMBER(${q('collabNum')})),6,IF(ISNUMBER(${q('total')}),1,7)),` +
      `IF(${noCollab}=5,5,IF(ISNUMBER(${q('total')}),${noCollab},7)))))))`,
  );
  const text = perRow(
    `IF(${q('stCode')}=0,"",IF(${q('stCode')}=1,${say('rv.s.complete')},IF(${q('stCode')}=2,${q('firstMissing')},IF(${q('stCode')}=3,${q('firstBad')},` +
      `IF(${q('stCode')}=4,${say('rv.s.noWeighted')},IF(${q('stCode')}=5,${say('rv.s.collabMissing')},` +
      `IF(${q('stCode')}=6,${say('rv.s.collabText', { x: q('collab') })},IF(${q('stCode')}=8,${say('rv.s.kpiOnly')},${say('rv.s.total')}))))))))`,
  );
  const reqN = perRow(`SUM(${lines.colRange('required')})`);
  return {
    kpiScore: fromBlock('raw'),
    // What the first row with a problem says (its KPI and reason, and how many more), "" when none has one.
    firstBad: fromBlock('reason'),
    badN: fromBlock('counted'),
    reqN: (_i: number, r: number) => reqN(r),
    doneN: fromBlock('reqScored'),
    filledN: fromBlock('filled'),
    // What the progress says (how many are scored, the first KPI still to type), "" when none is missing.
    firstMissing: fromBlock('req'),
    stCode: (_i: number, r: number) => code(r),
    text: (r: number) => text(r),
  };
}

/** An employee's own rows of a detail field, with {a} and {b} for the block's first and last row. */
const ownRows = (rv: Review) => (field: DetailField): string => {
  const letters = col(rv.at.detailCols[field]!);
  return `$${letters}{a}:$${letters}{b}`;
};

/**
 * Per employee, the total and its grade: the 360 rating on the achievement scale (rating / the
 * rating that counts as 100%, capped at the review's achievement cap; blank: no cap; a blank
 * rating leaves the part blank), the blend with the KPI score, the grade band, and grade and
 * coefficient only for a complete review (status code 1 or 8; the dashboard counts only those).
 */
function rosterScores(rv: Review, bands: BandsRefs) {
  const S = rv.settings;
  const R = rv.at.rosterCols;
  const W = S.collabWeight!;
  const P = S.collabPar!;
  const ks = at(R.kpiScore);
  const cn = at(R.collabNum);
  const part = at(R.collabPart);
  const complete = `OR(${at(R.stCode)}=1,${at(R.stCode)}=8)`;
  const [bad, a, d] = (['blendBad', 'blendKpi', 'blendSum'] as const).map((k) => lineOf(rv, k, 0));
  return {
    collabPart: perRow(`IF(${cn}="","",IF(ISERROR(${cn}),${cn},IF(${P}<=0,${ERR.num},IF(${S.cap!}="",${cn}/${P},MIN(${S.cap!},${cn}/${P})))))`),
    // No 360 score: the blend skips it (WEIGHTED_SCORE's "skip"); with "KPI only" the total is the KPI score.
    total: perRow(
      `IF(${ks}="","",IF(AND(${part}="",${S.collabMissing!}=1),${ks},IF(${bad}=1,${ERR.num},IF(${part}="",IF(${a}=0,${ERR.div0},${ks}*${a}/${a}),` +
        `(${ks}*${a}+${part}*${W})/${d}))))`,
    ),
    collabNum: perRow(numberOrBlank(at(R.collab))),
    bandRow: perRow(bandRow(at(R.total), bands.bounds)),
    grade: perRow(`IF(${complete},${bandPick(at(R.bandRow), bands.grades)},"")`),
    coefficient: perRow(`IF(${complete},${bandPick(at(R.bandRow), bands.coefficients)},"")`),
    scoredFlag: perRow(`IF(${complete},1,0)`),
    totalNum: perRow(`IF(${complete},${at(R.total)},0)`),
  };
}

/** The roster beside the detail table: one row per employee, names typed, scores, grade and status computed. */
function rosterTable(rv: Review, lines: PlacedTable, bands: BandsRefs): PlacedTable {
  const { lang, data } = rv;
  const R = rv.at.rosterCols;
  const sc = rosterScores(rv, bands);
  const st = employeeStatus(rv, lines);
  const h = (key: LabelKey) => label(lang, key);
  const columns: ColumnDef[] = [
    { key: 'no', header: h('col.no'), width: 6, style: 'formula', cell: (i) => v(i + 1) },
    { key: 'employee', header: h('col.employee'), width: 14, style: 'input', cell: (i) => v(data?.names[i] ?? null) },
    { key: 'department', header: h('col.department'), width: 14, style: 'input', cell: (i) => v(data?.departments[i] ?? null) },
    { key: 'kpiScore', header: h('col.kpiScore'), width: 10, style: 'formula', numFmt: '0.0%', cell: st.kpiScore },
    { key: 'collab', header: h('col.collab'), width: 12, style: 'input', numFmt: '0.0', cell: (i) => v(data?.collab[i] ?? null) },
    { key: 'collabPart', header: h('col.collabPart'), width: 12, style: 'formula', numFmt: '0.0%', cell: (_i, r) => sc.collabPart(r) },
    { key: 'total', header: h('col.total'), width: 10, style: 'formula', numFmt: '0.0%', cell: (_i, r) => sc.total(r) },
    { key: 'grade', header: h('col.grade'), width: 8, style: 'formula', cell: (_i, r) => sc.grade(r) },
    { key: 'coefficient', header: h('col.coefficient'), width: 10, style: 'formula', numFmt: '0.00', cell: (_i, r) => sc.coefficient(r) },
    { key: 'status', header: h('rv.col.status'), width: 36, style: 'formula', cell: (_i, r) => st.text(r) },
    ...(['collabNum', 'bandRow', 'scoredFlag', 'totalNum'] as const).map((k) => helperColumn(k, (_i, r) => sc[k](r))),
    ...STATUS_FIELDS.map((k) => helperColumn(k, (i, r) => st[k](i, r))),
    helperColumn('nameShown', (_i, r) => f(showRef(at(R.employee, r)))),
    helperColumn('deptShown', (_i, r) => f(showRef(at(R.department, r)))),
  ];
  rv.s.line(R.no, R.status, 3, h('note.roster'), 'note');
  return placeTable(rv.s, 'employees', R, rv.employees, columns);
}

/** Highlights of low and high achievement, rows and employees with problems; validation of actuals and 360 scores. */
function highlightAndValidate(rv: Review, detail: PlacedTable, roster: PlacedTable): void {
  const { s, lang } = rv;
  const D = rv.at.detailCols;
  const R = rv.at.rosterCols;
  const rows = (c: number, table: PlacedTable) => range(c, FIRST_ROW, c, table.lastRow);
  const a0 = addr(D.achievement, FIRST_ROW);
  s.conditional(rows(D.achievement, detail), `AND(ISNUMBER(${a0}),ROUND(${a0},10)<0.8)`, 'bad');
  s.conditional(rows(D.achievement, detail), `AND(ISNUMBER(${a0}),ROUND(${a0},10)>=1.2)`, 'good');
  s.validate({ range: rows(D.actual, detail), type: 'decimal', allowBlank: true, message: label(lang, 'rv.msg.actual') });
  const rc0 = addr(D.rowCode, FIRST_ROW);
  s.conditional(rows(D.check, detail), `AND(${rc0}>=3,${rc0}<>10)`, 'bad');
  s.conditional(rows(D.check, detail), `${rc0}=10`, 'warn');
  const st0 = addr(R.stCode, FIRST_ROW);
  s.conditional(rows(R.status, roster), `OR(${st0}=3,${st0}=4,${st0}=6,${st0}=7)`, 'bad');
  s.conditional(rows(R.status, roster), `OR(${st0}=2,${st0}=5)`, 'warn');
  const collab0 = addr(R.collab, FIRST_ROW);
  s.validate({
    range: rows(R.collab, roster),
    type: 'custom',
    formula: `=AND(ISNUMBER(${collab0}),${collab0}>=0,${collab0}<=${rv.settings.collabFullTyped!})`,
    allowBlank: true,
    message: label(lang, 'msg.rating'),
  });
}

/** A table whose columns are exactly `fields` in order (the positions the formulas were written for). */
function placeTable(s: SheetBuilder, key: string, fields: Readonly<Record<string, number>>, rows: number, columns: readonly ColumnDef[]): PlacedTable {
  const order = Object.keys(fields).sort((a, b) => fields[a]! - fields[b]!);
  if (order.join() !== columns.map((c) => c.key).join()) throw new Error(`review table ${key}: columns out of place`);
  return s.table({ key, at: fields[order[0]!]!, headerRow: HEADER_ROW, rows, columns });
}
