import type { Locale } from '../types.js';
import { abs, addr, col, colNumber, onSheet, range } from './a1.js';
import { f, formulaTemplate, perRow, v, type ColumnDef, helperColumn, type WorkbookBuilder } from './builder.js';
import { bandsTable, settingsBlock, type BandsRefs, type Setting } from './common.js';
import {
  ERR,
  achievementLine,
  bandLine,
  bandPayoutRow,
  bandPick,
  bandRow,
  clampAchievement,
  numberOr,
  numberOrBlank,
  optionCode,
  percentText,
  planLineFlag,
  planLineProblem,
  rawAchievementRow,
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
import { lists } from './lists.js';
import type { PlanField, PlanMapping } from './options.js';
import { problemText, unitsTable, type NumberInput } from './plan.js';
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

export interface ReviewSheetInput {
  readonly department: string;
  readonly period: string;
  readonly plan: PlanMapping;
  readonly employees: number;
  readonly data?: ReviewData;
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
/** Columns of the lines table holding, per KPI line, what a row's check says for each row code 0–11. */
const MESSAGE_COLUMNS = Array.from({ length: 12 }, (_, code) => `m${code}`);

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

/**
 * The review sheet: one row per employee and KPI (targets, weights and directions are references
 * to the plan), a per-employee table beside it (KPI score, collaboration, total, grade,
 * coefficient), the settings and the grade bands.
 */
export function reviewSheet(wb: WorkbookBuilder, input: ReviewSheetInput): ReviewSheetResult {
  const lang: Locale = wb.lang;
  const Ls = lists(wb);
  const s = wb.sheet('review', label(lang, 'sheet.review'));
  const plan = input.plan;
  const K = plan.lastRow - plan.firstRow + 1;
  const N = Math.max(1, input.employees);
  const data = input.data;
  const first = HEADER_ROW + 1;

  const planRef = (field: PlanField, j: number): string | null => {
    const letters = plan.columns[field];
    return letters === undefined ? null : onSheet(plan.sheet, abs(colNumber(letters), plan.firstRow + j));
  };

  // Column numbers.
  const D = {
    no: 1, employee: 2, department: 3, kpi: 4, direction: 5, unit: 6, target: 7, weight: 8, actual: 9,
    achievement: 10, weighted: 11, payout: 12, comment: 13, check: 14, actualNum: 15, actualCmp: 16, raw: 17, counted: 18,
    scored: 19, negative: 20, filled: 21, req: 22, rowCode: 23, reason: 24, problemAt: 25, reqScored: 26, missingAt: 27, scale: 28, kpiLine: 29,
  } as const;
  const rosterAt = D.kpiLine + 2;
  const R = {
    no: rosterAt, employee: rosterAt + 1, department: rosterAt + 2, kpiScore: rosterAt + 3, collab: rosterAt + 4, collabPart: rosterAt + 5,
    total: rosterAt + 6, grade: rosterAt + 7, coefficient: rosterAt + 8, status: rosterAt + 9, collabNum: rosterAt + 10,
    bandRow: rosterAt + 11, scoredFlag: rosterAt + 12, totalNum: rosterAt + 13, firstBad: rosterAt + 14, badN: rosterAt + 15,
    reqN: rosterAt + 16, doneN: rosterAt + 17, filledN: rosterAt + 18, stCode: rosterAt + 19, firstMissing: rosterAt + 20,
  } as const;
  const linesAt = R.firstMissing + 1;
  // Per KPI line (hidden), the columns of the lines table: what rows of that KPI would otherwise each recompute.
  const LN = [
    'target', 'direction', 'baseline', 'threshold', 'maximum', 'weight', 'check', 'offset', 'scale', 'has', 'bandCheck', 'sign', 'slope1', 'slope2',
    'used', 'unitClass', 'required', 'problem', 'flag', 'reason', 'flagAt', 'wsafe', 'name', 'hint',
    'dirShown', 'unitShown', 'weightShown', 'targetShown', 'negative', 'factor', 'sThreshold', 'sTarget', 'sMaximum', 'emptyCode', 'filledCode', 'okCode', 'targetOk',
    'cap', 'floor', 'pay0', 'pay1', 'pay2',
    ...MESSAGE_COLUMNS,
  ];
  const settingsAt = linesAt + LN.length;
  const bandsAt = settingsAt + 4;
  const c = (n: number, row = '{r}') => `${col(n)}${row}`;
  /** Row codes of the detail table: what a row shows (see detailTrust). */
  const ROW = { none: 0, ok: 1, missing: 2, plan: 3, text: 4, ratio: 5, settings: 6, percentWhole: 7, percentOnUnit: 8, farOff: 9, payout: 10, emptyLine: 11 };

  s.title(1, D.comment, 1, label(lang, 'title.review', { dept: input.department }));
  s.line(1, D.department, 2, input.period ? label(lang, 'subtitle.period', { period: input.period }) : '', 'subtitle');
  s.line(1, D.comment, 3, label(lang, 'note.review', { plan: plan.sheet }), 'note');
  s.width(D.kpiLine + 1, 2);
  s.width(settingsAt - 1, 2);
  s.width(settingsAt + 3, 2);

  // Settings and bands first: the tables' formulas refer to them.
  s.line(settingsAt, settingsAt + 1, 3, label(lang, 'label.settings'), 'subtitle');
  const given = data?.settings ?? {};
  const setting = (key: ReviewSetting): NumberInput => (key in given ? given[key]! : DEFAULT_REVIEW_SETTINGS[key]);
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
      value: ((x) => (typeof x === 'string' || x === null ? x : collabMissingWord(lang, x === COLLAB_MISSING.kpiOnly ? 'kpiOnly' : 'incomplete')))(
        setting('collabMissing'),
      ),
      numFmt: '@',
      dflt: 0,
      message: 'msg.collabMissing',
      rule: collabMissingRule(),
      convert: collabMissingCode,
    },
  ];
  const S = settingsBlock(s, lang, settingsAt, HEADER_ROW, settings);
  const bands = bandsTable(s, lang, bandsAt, 3);
  const bandsName = wb.name('KPI_Bands', s.name, bandsAt, bands.firstRow, bandsAt + 2, bands.lastRow);

  const units = unitsTable(s, bandsAt + 4, HEADER_ROW);
  // Words that thousands of rows show are written once, in a hidden column, and referred to.
  const litAt = bandsAt + 7;
  const litTexts: string[] = [];
  const lit = (text: string): string => {
    if (text.length <= 4) return str(text);
    let i = litTexts.indexOf(text);
    if (i < 0) i = litTexts.push(text) - 1;
    return abs(litAt, HEADER_ROW + 1 + i);
  };
  const say = (key: LabelKey, exprs: Readonly<Record<string, string>> = {}) => textFormula(label(lang, key), exprs, lit);
  const planCell = (field: PlanField, j: number) => planRef(field, j) ?? '""';

  /**
   * Per KPI line, what the review needs to say about it: whether the line is used, its unit's
   * class, whether it is required (weighted), its problem code and words, and its weight for the total.
   */
  function lineTrustColumns(): ColumnDef[] {
    const used = (j: number) =>
      `IF(OR(${(['kpi', 'target', 'weight'] as const).map((k) => `LEN(TRIM(${planCell(k, j)}))>0`).join(',')}),1,0)`;
    const cell = (make: (j: number, r: number) => string) => (j: number, r: number): CellSpec => f(make(j, r));
    return [
      hiddenLine('used', cell((j) => used(j))),
      hiddenLine('unitClass', cell((j) => (planRef('unit', j) === null ? '0' : unitClass(planRef('unit', j)!, units.words, units.classes)))),
      hiddenLine('required', cell((_j, r) => `IF(${lc('used', r)}=0,0,IF(ISNUMBER(${lc('weight', r)}),IF(${lc('weight', r)}>0,1,0),0))`)),
      hiddenLine(
        'problem',
        cell((_j, r) =>
          planLineProblem({
            used: lc('used', r), weight: lc('weight', r), direction: lc('direction', r), target: lc('target', r),
            baseline: lc('baseline', r), threshold: lc('threshold', r), maximum: lc('maximum', r), check: lc('check', r),
            bandCheck: lc('bandCheck', r), nonNegative: unitNonNegative(lc('unitClass', r)),
          }),
        ),
      ),
      hiddenLine('flag', cell((_j, r) => planLineFlag(lc('problem', r), lc('weight', r)))),
      hiddenLine(
        'reason',
        cell((j, r) =>
          problemText(lang, lc('problem', r), {
            weight: planCell('weight', j), direction: planCell('direction', j), target: planCell('target', j),
            baseline: planCell('baseline', j), unit: planCell('unit', j),
          }),
        ),
      ),
      hiddenLine('flagAt', cell((j, r) => `IF(${lc('flag', r)}=1,${j + 1},"")`)),
      hiddenLine('wsafe', cell((_j, r) => `IF(${lc('used', r)}=0,0,IF(ISNUMBER(${lc('weight', r)}),${lc('weight', r)},0))`)),
      hiddenLine('name', cell((j) => showRef(planCell('kpi', j)))),
      hiddenLine('hint', cell((j, r) => unitHint(lc('unitClass', r), planCell('unit', j)))),
    ];
  }

  /**
   * Per KPI line, the parts its rows show or test, computed once here so that each of the
   * thousands of rows refers to one cell: the plan's direction, unit, weight and target as shown,
   * whether its weight is negative, the row code a row of this
   * line takes when its actual is blank or when the line itself blocks it, the code of a scored
   * row, and whether the target can be compared with an actual (a number other than 0).
   */
  function lineRowParts(): ColumnDef[] {
    const cell = (make: (j: number, r: number) => string) => (j: number, r: number): CellSpec => f(make(j, r));
    const shownOf = (field: PlanField) => cell((j) => showRef(planCell(field, j)));
    const problem = (r: number) => lc('problem', r);
    // A line problem that keeps its rows from scoring (11 and 12 touch only the payout factor).
    const blocking = (r: number) => `AND(${problem(r)}>0,${problem(r)}<>11,${problem(r)}<>12)`;
    return [
      hiddenLine('dirShown', shownOf('direction')),
      hiddenLine('unitShown', shownOf('unit')),
      hiddenLine('weightShown', shownOf('weight')),
      hiddenLine(
        'targetShown',
        cell((j, r) => `IF(AND(${lc('unitClass', r)}=${UNIT.percent},ISNUMBER(${lc('target', r)})),${percentText(lc('target', r))},${showRef(planCell('target', j))})`),
      ),
      hiddenLine('negative', cell((_j, r) => weightedRow.negative(lc('weight', r)))),
      hiddenLine('factor', cell((_j, r) => bandLine.factor(lc('sign', r)))),
      hiddenLine('sThreshold', cell((_j, r) => bandLine.signed(lc('sign', r), lc('threshold', r)))),
      hiddenLine('sTarget', cell((_j, r) => bandLine.signed(lc('sign', r), lc('target', r)))),
      hiddenLine('sMaximum', cell((_j, r) => bandLine.signed(lc('sign', r), lc('maximum', r)))),
      hiddenLine(
        'emptyCode',
        cell((_j, r) =>
          `IF(${lc('used', r)}=0,${ROW.none},IF(AND(${blocking(r)},OR(${lc('required', r)}=1,${problem(r)}<=2)),${ROW.plan},` +
          `IF(${lc('required', r)}=1,${ROW.missing},${ROW.none})))`,
        ),
      ),
      hiddenLine('filledCode', cell((_j, r) => `IF(${lc('used', r)}=0,${ROW.emptyLine},IF(${blocking(r)},${ROW.plan},0))`)),
      hiddenLine('okCode', cell((_j, r) => `IF(${problem(r)}>0,${ROW.payout},${ROW.ok})`)),
      hiddenLine('targetOk', cell((_j, r) => targetUsable(lc('target', r)))),
      // The settings the rows use, read once per line: each setting cell then feeds a few lines,
      // not thousands of rows, which keeps recalculation engines' dependency lists short.
      hiddenLine('cap', cell(() => S.cap!)),
      hiddenLine('floor', cell(() => S.floor!)),
      hiddenLine('pay0', cell(() => S.payThreshold!)),
      hiddenLine('pay1', cell(() => S.payTarget!)),
      hiddenLine('pay2', cell(() => S.payMaximum!)),
      ...lineMessages(),
    ];
  }

  /**
   * Per KPI line, what the check of one of its rows says for each row code (see detailTrust), "✗ "
   * before the codes that are not fine (3 and above). The words that take the row's actual keep
   * places a row fills in: {q} the actual as percent text (code 1 of a percent KPI), {x} the actual
   * (as typed for code 4), {p} the actual × 100; the line's target ({t}) is filled in here.
   */
  function lineMessages(): ColumnDef[] {
    const bad = (text: string) => str(`✗ ${text}`);
    const words = (key: LabelKey) => label(lang, key);
    const byCode: ((r: number) => string)[] = [
      () => '""',
      (r) => `IF(${lc('unitClass', r)}=${UNIT.percent},${str(words('rv.row.okAs').replace('{x}', '{q}'))},${str(words('rv.row.ok'))})`,
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
    return MESSAGE_COLUMNS.map((key, code) => hiddenLine(key, (_j, r) => f(byCode[code]!(r))));
  }

  /** How to type an actual in a unit: a percent as 3.4% or 0.034, an amount or a count as digits. */
  function unitHint(cls: string, unit: string): string {
    return (
      `IF(${cls}=${UNIT.percent},${str(label(lang, 'rv.hint.percent'))},IF(LEN(TRIM(${unit}))=0,${str(label(lang, 'rv.hint.plain'))},` +
      `IF(${cls}=${UNIT.money},${textFormula(label(lang, 'rv.hint.money'), { unit })},${textFormula(label(lang, 'rv.hint.unit'), { unit })})))`
    );
  }

  /** The line under the title: the plan's first problem, or its weight total when it is not 100%, or ✓. */
  function planCheckLine(a: number, b: number): void {
    const at = (field: string) => `$${col(linesAt + LN.indexOf(field))}$${a}:$${col(linesAt + LN.indexOf(field))}$${b}`;
    const first = `MIN(${at('flagAt')})`;
    const total = `SUM(${at('wsafe')})`;
    const more = textFormula(label(lang, 'rv.s.more'), { n: `COUNT(${at('flagAt')})-1` });
    const problem = textFormula(label(lang, 'rv.plan.problem'), { kpi: `INDEX(${at('name')},${first})`, reason: `INDEX(${at('reason')},${first})` });
    const weights = textFormula(label(lang, 'rv.plan.weights'), { w: `${roundUnits(`${total}*100`, '1')}/10` });
    const ok = textFormula(label(lang, 'rv.plan.ok', { plan: plan.sheet }), { n: `SUM(${at('used')})` });
    const body =
      `IF(${first}>0,${problem}&IF(COUNT(${at('flagAt')})>1,${more},""),IF(SUM(${at('required')})=0,${str(label(lang, 'rv.plan.noWeighted'))},` +
      `IF(ROUND(${total},10)<>1,${weights},${ok})))`;
    const where = D.kpi;
    s.row(where, 2, [f(body)]);
    s.merge(range(where, 2, D.comment, 2));
    s.style(range(where, 2, D.comment, 2), 'note');
    s.conditional(range(where, 2, D.comment, 2), `OR(${first}>0,SUM(${at('required')})=0)`, 'bad');
    s.conditional(range(where, 2, D.comment, 2), `AND(${first}=0,SUM(${at('required')})>0,ROUND(${total},10)<>1)`, 'warn');
    s.cell('planCheck', addr(where, 2));
  }

  // Per KPI line (hidden): the plan's values as the formulas use them, computed once per line.
  const refOr = (field: PlanField, j: number, make: (ref: string) => string, otherwise: CellSpec): CellSpec =>
    planRef(field, j) === null ? otherwise : f(make(planRef(field, j)!));
  const lc = (field: string, r: number) => `${col(linesAt + LN.indexOf(field))}${r}`;
  const lineCell = (make: (r: number) => string) => (_j: number, r: number): CellSpec => f(make(r));
  const hiddenLine = helperColumn;
  const lineParts = (r: number) => ({ target: lc('target', r), baseline: lc('baseline', r), direction: lc('direction', r) });
  const lineColumns: ColumnDef[] = [
    hiddenLine('target', (j) => refOr('target', j, numberOrBlank, v(null))),
    hiddenLine('direction', (j) => refOr('direction', j, (x) => optionCode(x, Ls.dirWords, Ls.dirCodes, '1'), v(1))),
    hiddenLine('baseline', (j) => refOr('baseline', j, numberOrBlank, v(null))),
    hiddenLine('threshold', (j) => refOr('threshold', j, numberOrBlank, v(null))),
    hiddenLine('maximum', (j) => refOr('maximum', j, numberOrBlank, v(null))),
    hiddenLine('weight', (j) => refOr('weight', j, (x) => numberOr(x, '0'), v(0))),
    hiddenLine('check', lineCell((r) => achievementLine.check(lineParts(r)))),
    hiddenLine('offset', lineCell((r) => achievementLine.offset(lineParts(r)))),
    hiddenLine('scale', lineCell((r) => achievementLine.scale(lineParts(r)))),
    hiddenLine('has', lineCell((r) => bandLine.has(lc('threshold', r), lc('maximum', r)))),
    hiddenLine(
      'bandCheck',
      lineCell((r) => bandLine.check(lc('has', r), { threshold: lc('threshold', r), target: lc('target', r), maximum: lc('maximum', r) })),
    ),
    hiddenLine('sign', lineCell((r) => bandLine.sign(lc('has', r), lc('bandCheck', r), { threshold: lc('threshold', r), target: lc('target', r) }))),
    hiddenLine('slope1', lineCell((r) => bandLine.slope(lc('sign', r), lc('threshold', r), lc('target', r), S.payThreshold!, S.payTarget!))),
    hiddenLine('slope2', lineCell((r) => bandLine.slope(lc('sign', r), lc('target', r), lc('maximum', r), S.payTarget!, S.payMaximum!))),
    ...lineTrustColumns(),
    ...lineRowParts(),
  ];
  const kl = s.table({ key: 'kpiLines', at: linesAt, headerRow: HEADER_ROW, rows: K, columns: lineColumns });
  planCheckLine(kl.firstRow, kl.lastRow);
  const line = (field: string, j: number) => `$${kl.L(field)}$${first + j}`;

  const filledF = perRow(`IF(LEN(TRIM(${c(D.actual)}))=0,0,1)`);

  /**
   * Per row of KPI line j: a code for what the row shows (ROW), its words, and the flags the
   * employee's status adds up. Row codes 3–9 and 11 block the grade; 2 (not typed yet) leaves it
   * in progress; 10 (payout factor only) and 1 are fine.
   */
  function detailTrust(j: number) {
    const L = (field: string) => line(field, j);
    const a = c(D.actualNum);
    // What depends only on the line (blank row, a line that blocks its rows, a scored row) is read
    // from the line's emptyCode, filledCode and okCode (see lineRowParts).
    // An achievement that is a number comes from a raw achievement and an actual that are numbers.
    const code =
      `IF(${c(D.filled)}=0,${L('emptyCode')},IF(${L('filledCode')}>0,${L('filledCode')},` +
      `IF(ISNUMBER(${c(D.achievement)}),${scaleCodeOr(a, L('target'), L('unitClass'), L('targetOk'), ROW.percentWhole - 1, L('okCode'))},` +
      `IF(ISNUMBER(${c(D.raw)}),${ROW.settings},IF(ISNUMBER(${a}),${ROW.ratio},${ROW.text})))))`;
    const rc = c(D.rowCode);
    // The check's words: the line's message for the row code (lineMessages); where they take the
    // actual, its places are filled in, {x} last as it may be the text typed (code 4).
    const q = `IFERROR(${percentText(a)},"")`;
    const p = `IFERROR(ROUND(${a}*100,10)&"","")`;
    // The actual read as a number, or as typed where it is not one (code 4, the only code whose words take it then).
    const x = `IFERROR(${a}&"",${c(D.actual)}&"")`;
    const message = `INDEX($${col(linesAt + LN.indexOf('m0'))}$${first + j}:$${col(linesAt + LN.indexOf('m11'))}$${first + j},1,${rc}+1)`;
    const withActual = `OR(${rc}=${ROW.ok},${rc}=${ROW.text},AND(${rc}>=${ROW.percentWhole},${rc}<=${ROW.farOff}))`;
    const check =
      `IF(${rc}=${ROW.none},"",IF(${withActual},SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(${message},"{q}",${q}),"{p}",${p}),"{x}",${x}),${message}))`;
    return {
      rowCode: perRow(code),
      check: perRow(check),
      problemAt: perRow(`IF(OR(${rc}<${ROW.plan},${rc}=${ROW.payout}),"",${j + 1})`),
      reqScored: perRow(`IF(AND(${L('required')}=1,OR(${rc}=${ROW.ok},${rc}=${ROW.payout})),1,0)`),
    };
  }

  // Detail: one row per employee and KPI line.
  const rows = N * K;
  const lastDetail = HEADER_ROW + rows;
  const rosterRow = (i: number) => first + Math.floor(i / K);
  const per = <T>(make: (j: number) => T): T[] => Array.from({ length: K }, (_, j) => make(j));
  // The plan's values as shown, computed once per line (lineRowParts; "name" is the KPI shown);
  // blank where the plan has no such column. A percent KPI's target shows as percent text ("5%").
  const shown = (field: PlanField, helper: string) => per((j) => (planRef(field, j) === null ? v(null) : f(line(helper, j))));
  const kpiCells = shown('kpi', 'name');
  const dirCells = shown('direction', 'dirShown');
  const unitCells = shown('unit', 'unitShown');
  const targetCells = shown('target', 'targetShown');
  const weightCells = shown('weight', 'weightShown');
  // The employee's name and department: the first row of each employee's block reads the roster,
  // the rows below repeat the row above (one formula form for all of them).
  const nameCell = formulaTemplate(showRef(`$${col(R.employee)}{q}`), ['q']);
  const deptCell = formulaTemplate(showRef(`$${col(R.department)}{q}`), ['q']);
  const nameAbove = perRow(c(D.employee, '{r}'));
  const deptAbove = perRow(c(D.department, '{r}'));
  // Filled (something typed) is tested once per row; the number read from the actual uses it.
  const actualNum = perRow(`IF(${c(D.filled)}=0,"",IF(ISNUMBER(${c(D.actual)}),${c(D.actual)},TRIM(${c(D.actual)})*1))`);
  // ROUND(actual, 10) times the KPI's curve direction: what the payout compares with the curve's points.
  const actualCmp = per((j) => perRow(`IF(${c(D.actualNum)}="","",${line('factor', j)}*ROUND(${c(D.actualNum)},10))`));
  const raw = per((j) =>
    perRow(
      rawAchievementRow({
        actual: c(D.actualNum),
        target: line('target', j),
        direction: line('direction', j),
        check: line('check', j),
        offset: line('offset', j),
        scale: line('scale', j),
      }),
    ),
  );
  const achievement = per((j) => perRow(clampAchievement(c(D.raw), line('cap', j), line('floor', j))));
  const weighted = per((j) => perRow(weightedRow.product(c(D.achievement), line('weight', j))));
  const payout = per((j) =>
    perRow(
      bandPayoutRow({
        actual: c(D.actualNum),
        threshold: line('threshold', j),
        target: line('target', j),
        maximum: line('maximum', j),
        payThreshold: line('pay0', j),
        payTarget: line('pay1', j),
        payMaximum: line('pay2', j),
        rounded: c(D.actualCmp),
        signed: { threshold: line('sThreshold', j), target: line('sTarget', j), maximum: line('sMaximum', j) },
        has: line('has', j),
        check: line('bandCheck', j),
        slope1: line('slope1', j),
        slope2: line('slope2', j),
      }),
    ),
  );
  const counted = per((j) => perRow(weightedRow.counted(c(D.achievement), line('weight', j))));
  const scored = perRow(weightedRow.scored(c(D.achievement)));
  const rowTrust = per((j) => detailTrust(j));
  const actualOf = (i: number): CellSpec => v(data?.actuals[Math.floor(i / K)]?.[i % K] ?? null);
  const commentOf = (i: number): CellSpec => v(data?.comments[Math.floor(i / K)]?.[i % K] ?? null);
  const kpiLines = per((j) => v(j + 1));

  const detailColumns: ColumnDef[] = [
    { key: 'no', header: label(lang, 'col.no'), width: 6, style: 'formula', cell: (i) => v(Math.floor(i / K) + 1) },
    { key: 'employee', header: label(lang, 'col.employee'), width: 15, style: 'formula', cell: (i, r) => (i % K === 0 ? nameCell(rosterRow(i)) : nameAbove(r - 1)) },
    { key: 'department', header: label(lang, 'col.department'), width: 12, style: 'formula', cell: (i, r) => (i % K === 0 ? deptCell(rosterRow(i)) : deptAbove(r - 1)) },
    { key: 'kpi', header: label(lang, 'col.kpi'), width: 24, style: 'formula', cell: (i) => kpiCells[i % K]! },
    { key: 'direction', header: label(lang, 'col.direction'), width: 10, style: 'formula', cell: (i) => dirCells[i % K]! },
    { key: 'unit', header: label(lang, 'col.unit'), width: 8, style: 'formula', cell: (i) => unitCells[i % K]! },
    { key: 'target', header: label(lang, 'col.target'), width: 10, style: 'formula', cell: (i) => targetCells[i % K]! },
    { key: 'weight', header: label(lang, 'col.weight'), width: 8, style: 'formula', numFmt: '0%', cell: (i) => weightCells[i % K]! },
    { key: 'actual', header: label(lang, 'col.actual'), width: 10, style: 'input', cell: actualOf },
    { key: 'achievement', header: label(lang, 'col.achievement'), width: 13, style: 'formula', numFmt: '0.0%', cell: (i, r) => achievement[i % K]!(r) },
    { key: 'weighted', header: label(lang, 'col.weighted'), width: 10, style: 'formula', numFmt: '0.0%', cell: (i, r) => weighted[i % K]!(r) },
    { key: 'payout', header: label(lang, 'col.payout'), width: 9, style: 'formula', numFmt: '0.00', cell: (i, r) => payout[i % K]!(r) },
    { key: 'comment', header: label(lang, 'col.comment'), width: 26, style: 'input', cell: commentOf },
    { key: 'check', header: label(lang, 'rv.col.check'), width: 30, style: 'formula', cell: (i, r) => rowTrust[i % K]!.check(r) },
    helperColumn('actualNum', (_i, r) => actualNum(r)),
    helperColumn('actualCmp', (i, r) => actualCmp[i % K]!(r)),
    helperColumn('raw', (i, r) => raw[i % K]!(r)),
    helperColumn('counted', (i, r) => counted[i % K]!(r)),
    helperColumn('scored', (_i, r) => scored(r)),
    // Kept empty: negative weights and required lines are counted once per line (lineRowParts, "required").
    helperColumn('negative', () => v(null)),
    helperColumn('filled', (_i, r) => filledF(r)),
    helperColumn('req', () => v(null)),
    helperColumn('rowCode', (i, r) => rowTrust[i % K]!.rowCode(r)),
    // Kept empty: a row's words are its check (with "✗ " where the row is not fine).
    helperColumn('reason', () => v(null)),
    helperColumn('problemAt', (i, r) => rowTrust[i % K]!.problemAt(r)),
    helperColumn('reqScored', (i, r) => rowTrust[i % K]!.reqScored(r)),
    // Kept empty: the employee's first KPI still to type is found in the row codes.
    helperColumn('missingAt', () => v(null)),
    // Kept empty: the scale test is part of the row code.
    helperColumn('scale', () => v(null)),
    helperColumn('kpiLine', (i) => kpiLines[i % K]!),
  ];
  const detail = s.table({ key: 'detail', at: D.no, headerRow: HEADER_ROW, rows, columns: detailColumns });

  // Per employee: sums over the helper columns of the employee's own KPI rows. Each employee's
  // rows are contiguous (K rows from first + i × K), so a plain SUM over that block reads only the
  // employee's own rows, as a SUMIFS keyed by the employee number would, and a bad cell still
  // breaks only that employee's total; it costs K cells instead of a scan of the key column.
  const block = (field: string) => `$${detail.L(field)}{a}:$${detail.L(field)}{b}`;
  const total = (field: string) => `SUM(${block(field)})`;
  // Lines of the plan, the same for every employee: counted once over the lines table.
  const lines = (field: string) => `$${kl.L(field)}$${kl.firstRow}:$${kl.L(field)}$${kl.lastRow}`;
  const kpiScoreT = formulaTemplate(
    weightedTotal({ count: total('scored'), negatives: `SUM(${lines('negative')})`, weights: total('counted'), products: total('weighted') }),
    ['r', 'a', 'b'],
  );
  const kpiScore = (i: number, r: number) => kpiScoreT(r, first + i * K, first + i * K + K - 1);
  /**
   * Per employee, over their own KPI rows: the first row with a problem, how many, how many
   * weighted KPIs there are and how many are scored; a status code (0 blank row, 1 complete,
   * 2 in progress, 3 a problem, 4 no weighted KPI, 5 360 score missing (the setting says "incomplete"),
   * 6 360 score not a number, 7 total not computable, 8 complete on the KPIs only (no 360 score, the
   * setting says "KPI only")) and its words.
   */
  function employeeStatus() {
    const over = (field: string, fn: string) => formulaTemplate(`${fn}(${block(field)})`, ['a', 'b']);
    const firstBad = over('problemAt', 'MIN');
    const badN = over('problemAt', 'COUNT');
    // Every employee has the same weighted (required) lines.
    const reqN = formulaTemplate(`SUM(${lines('required')})`, ['a', 'b']);
    const doneN = over('reqScored', 'SUM');
    const filledN = over('filled', 'SUM');
    // The first of the employee's rows still to type (row code 2), 0 when none is.
    const firstMissing = formulaTemplate(`IFERROR(MATCH(${ROW.missing},${block('rowCode')},0),0)`, ['a', 'b']);
    const rows = (make: ReturnType<typeof over>) => (i: number) => make(first + i * K, first + i * K + K - 1);
    const q = (field: keyof typeof R) => c(R[field]);
    const collabTyped = `LEN(TRIM(${q('collab')}))>0`;
    const code = perRow(
      `IF(AND(LEN(TRIM(${q('employee')}))=0,${q('filledN')}=0,NOT(${collabTyped})),0,IF(${q('firstBad')}>0,3,IF(${q('reqN')}=0,4,` +
        `IF(${q('doneN')}<${q('reqN')},2,IF(${collabTyped},IF(NOT(ISNUMBER(${q('collabNum')})),6,IF(ISNUMBER(${q('total')}),1,7)),` +
        `IF(IFERROR(${S.collabWeight!},0)>0,IF(${S.collabMissing!}=1,IF(ISNUMBER(${q('total')}),8,7),5),IF(ISNUMBER(${q('total')}),1,7)))))))`,
    );
    const at = (field: string) => `INDEX(${block(field)},${q('firstBad')})`;
    // A row with a problem says "✗ " and its reason in its check.
    const reasonAt = `REPLACE(${at('check')},1,2,"")`;
    const textT = formulaTemplate(
      `IF(${q('stCode')}=0,"",IF(${q('stCode')}=1,${say('rv.s.complete')},` +
        `IF(${q('stCode')}=2,${say('rv.s.progress', {
          n: q('doneN'),
          m: q('reqN'),
          kpi: `INDEX(${block('kpi')},${q('firstMissing')})`,
          more: `IF(${q('reqN')}-${q('doneN')}>1,${say('rv.s.more', { n: `${q('reqN')}-${q('doneN')}-1` })},"")`,
        })},` +
        `IF(${q('stCode')}=3,${say('rv.s.problem', { kpi: at('kpi'), reason: reasonAt })}` +
        `&IF(${q('badN')}>1,${say('rv.s.more', { n: `${q('badN')}-1` })},""),` +
        `IF(${q('stCode')}=4,${say('rv.s.noWeighted')},IF(${q('stCode')}=5,${say('rv.s.collabMissing')},` +
        `IF(${q('stCode')}=6,${say('rv.s.collabText', { x: q('collab') })},IF(${q('stCode')}=8,${say('rv.s.kpiOnly')},${say('rv.s.total')}))))))))`,
      ['r', 'a', 'b'],
    );
    return {
      firstBad: (i: number) => rows(firstBad)(i),
      badN: (i: number) => rows(badN)(i),
      reqN: (i: number) => rows(reqN)(i),
      doneN: (i: number) => rows(doneN)(i),
      filledN: (i: number) => rows(filledN)(i),
      firstMissing: (i: number) => rows(firstMissing)(i),
      stCode: (_i: number, r: number) => code(r),
      text: (r: number) => textT(r, first + (r - first) * K, first + (r - first) * K + K - 1),
    };
  }

  const W = S.collabWeight!;
  const P = S.collabPar!;
  const ks = c(R.kpiScore);
  const cn = c(R.collabNum);
  // The 360 rating on the achievement scale: rating / the rating that counts as 100%, capped at the
  // review's achievement cap (blank: no cap). A blank rating leaves the part blank.
  const collabPart = perRow(
    `IF(${cn}="","",IF(ISERROR(${cn}),${cn},IF(${P}<=0,${ERR.num},IF(${S.cap!}="",${cn}/${P},MIN(${S.cap!},${cn}/${P})))))`,
  );
  const part = c(R.collabPart);
  // No 360 score: the blend skips it (WEIGHTED_SCORE's "skip"); with "KPI only" the total is the KPI score.
  const totalScore = perRow(
    `IF(${ks}="","",IF(AND(${part}="",${S.collabMissing!}=1),${ks},IF(OR(${W}<0,${W}>1),${ERR.num},IF(${part}="",IF(1-${W}=0,${ERR.div0},${ks}*(1-${W})/(1-${W})),` +
      `(${ks}*(1-${W})+${part}*${W})/((1-${W})+${W})))))`,
  );
  const collabNum = perRow(numberOrBlank(c(R.collab)));
  const bandRowF = perRow(bandRow(c(R.total), bands.bounds));
  // Grade and coefficient only for a complete review (status code 1); the dashboard counts only those.
  const complete = `OR(${c(R.stCode)}=1,${c(R.stCode)}=8)`;
  const grade = perRow(`IF(${complete},${bandPick(c(R.bandRow), bands.grades)},"")`);
  const coefficient = perRow(`IF(${complete},${bandPick(c(R.bandRow), bands.coefficients)},"")`);
  const scoredFlag = perRow(`IF(${complete},1,0)`);
  const totalNum = perRow(`IF(${complete},${c(R.total)},0)`);
  const st = employeeStatus();
  const rosterColumns: ColumnDef[] = [
    { key: 'no', header: label(lang, 'col.no'), width: 6, style: 'formula', cell: (i) => v(i + 1) },
    { key: 'employee', header: label(lang, 'col.employee'), width: 14, style: 'input', cell: (i) => v(data?.names[i] ?? null) },
    { key: 'department', header: label(lang, 'col.department'), width: 14, style: 'input', cell: (i) => v(data?.departments[i] ?? null) },
    { key: 'kpiScore', header: label(lang, 'col.kpiScore'), width: 10, style: 'formula', numFmt: '0.0%', cell: kpiScore },
    { key: 'collab', header: label(lang, 'col.collab'), width: 12, style: 'input', numFmt: '0.0', cell: (i) => v(data?.collab[i] ?? null) },
    { key: 'collabPart', header: label(lang, 'col.collabPart'), width: 12, style: 'formula', numFmt: '0.0%', cell: (_i, r) => collabPart(r) },
    { key: 'total', header: label(lang, 'col.total'), width: 10, style: 'formula', numFmt: '0.0%', cell: (_i, r) => totalScore(r) },
    { key: 'grade', header: label(lang, 'col.grade'), width: 8, style: 'formula', cell: (_i, r) => grade(r) },
    { key: 'coefficient', header: label(lang, 'col.coefficient'), width: 10, style: 'formula', numFmt: '0.00', cell: (_i, r) => coefficient(r) },
    { key: 'status', header: label(lang, 'rv.col.status'), width: 36, style: 'formula', cell: (_i, r) => st.text(r) },
    helperColumn('collabNum', (_i, r) => collabNum(r)),
    helperColumn('bandRow', (_i, r) => bandRowF(r)),
    helperColumn('scoredFlag', (_i, r) => scoredFlag(r)),
    helperColumn('totalNum', (_i, r) => totalNum(r)),
    ...(['firstBad', 'badN', 'reqN', 'doneN', 'filledN', 'stCode', 'firstMissing'] as const).map((k) => helperColumn(k, (i, r) => st[k](i, r))),
  ];
  s.line(R.no, R.status, 3, label(lang, 'note.roster'), 'note');
  const roster = s.table({ key: 'employees', at: R.no, headerRow: HEADER_ROW, rows: N, columns: rosterColumns });

  // Highlights, validation, view.
  const ach = range(D.achievement, first, D.achievement, lastDetail);
  const a0 = addr(D.achievement, first);
  s.conditional(ach, `AND(ISNUMBER(${a0}),ROUND(${a0},10)<0.8)`, 'bad');
  s.conditional(ach, `AND(ISNUMBER(${a0}),ROUND(${a0},10)>=1.2)`, 'good');
  s.validate({ range: range(D.actual, first, D.actual, lastDetail), type: 'decimal', allowBlank: true, message: label(lang, 'rv.msg.actual') });
  const rc0 = addr(D.rowCode, first);
  s.conditional(range(D.check, first, D.check, lastDetail), `AND(${rc0}>=3,${rc0}<>10)`, 'bad');
  s.conditional(range(D.check, first, D.check, lastDetail), `${rc0}=10`, 'warn');
  const st0 = addr(R.stCode, first);
  s.conditional(range(R.status, first, R.status, roster.lastRow), `OR(${st0}=3,${st0}=4,${st0}=6,${st0}=7)`, 'bad');
  s.conditional(range(R.status, first, R.status, roster.lastRow), `OR(${st0}=2,${st0}=5)`, 'warn');
  const collab0 = addr(R.collab, first);
  s.validate({
    range: range(R.collab, first, R.collab, roster.lastRow),
    type: 'custom',
    formula: `=AND(ISNUMBER(${collab0}),${collab0}>=0,${collab0}<=${abs(settingsAt + 1, HEADER_ROW + 7)})`,
    allowBlank: true,
    message: label(lang, 'msg.rating'),
  });
  s.freeze(HEADER_ROW, D.kpi);
  s.put(litAt, HEADER_ROW, [[v('words')], ...litTexts.map((t) => [v(t)])]);
  s.width(litAt, 8, true);
  s.focus(addr(D.actual, first));
  s.cell('bands', range(bandsAt, bands.firstRow, bandsAt + 2, bands.lastRow));
  return { sheet: s.name, kpis: K, employees: N, detail: detail.layout, roster: roster.layout, bands, bandsName };
}
