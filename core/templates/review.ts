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
  rawAchievementRow,
  showRef,
  sumFor,
  weightedRow,
  weightedTotal,
} from './formulas.js';
import { label } from './labels.js';
import { lists } from './lists.js';
import type { PlanField, PlanMapping } from './options.js';
import type { NumberInput } from './plan.js';
import type { CellSpec, TableLayout } from './types.js';

export const REVIEW_SETTINGS = ['cap', 'floor', 'payThreshold', 'payTarget', 'payMaximum', 'collabWeight', 'collabFull'] as const;
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
}

const HEADER_ROW = 4;


export const DEFAULT_REVIEW_SETTINGS: Readonly<Record<ReviewSetting, number | null>> = {
  cap: 1.5,
  floor: 0,
  payThreshold: 0.5,
  payTarget: 1,
  payMaximum: 1.5,
  collabWeight: 0,
  collabFull: 5,
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
    achievement: 10, weighted: 11, payout: 12, comment: 13, actualNum: 14, actualCmp: 15, raw: 16, counted: 17,
    scored: 18, negative: 19, kpiLine: 20,
  } as const;
  const rosterAt = D.kpiLine + 2;
  const R = {
    no: rosterAt, employee: rosterAt + 1, department: rosterAt + 2, kpiScore: rosterAt + 3, collab: rosterAt + 4,
    total: rosterAt + 5, grade: rosterAt + 6, coefficient: rosterAt + 7, collabNum: rosterAt + 8,
    bandRow: rosterAt + 9, scoredFlag: rosterAt + 10, totalNum: rosterAt + 11,
  } as const;
  const linesAt = R.totalNum + 1;
  const settingsAt = linesAt + 15;
  const bandsAt = settingsAt + 4;
  const c = (n: number, row = '{r}') => `${col(n)}${row}`;

  s.title(1, D.comment, 1, label(lang, 'title.review', { dept: input.department }));
  s.line(1, D.comment, 2, input.period ? label(lang, 'subtitle.period', { period: input.period }) : '', 'subtitle');
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
  ];
  const S = settingsBlock(s, lang, settingsAt, HEADER_ROW, settings);
  const bands = bandsTable(s, lang, bandsAt, 3);
  wb.name('KPI_Bands', s.name, bandsAt, bands.firstRow, bandsAt + 2, bands.lastRow);

  // Per KPI line (hidden): the plan's values as the formulas use them, computed once per line.
  const refOr = (field: PlanField, j: number, make: (ref: string) => string, otherwise: CellSpec): CellSpec =>
    planRef(field, j) === null ? otherwise : f(make(planRef(field, j)!));
  const LN = ['target', 'direction', 'baseline', 'threshold', 'maximum', 'weight', 'check', 'offset', 'scale', 'has', 'bandCheck', 'sign', 'slope1', 'slope2'];
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
  ];
  const kl = s.table({ key: 'kpiLines', at: linesAt, headerRow: HEADER_ROW, rows: K, columns: lineColumns });
  const line = (field: string, j: number) => `$${kl.L(field)}$${first + j}`;

  // Detail: one row per employee and KPI line.
  const rows = N * K;
  const lastDetail = HEADER_ROW + rows;
  const rosterRow = (i: number) => first + Math.floor(i / K);
  const per = <T>(make: (j: number) => T): T[] => Array.from({ length: K }, (_, j) => make(j));
  const shown = (field: PlanField) => per((j) => refOr(field, j, showRef, v(null)));
  const kpiCells = shown('kpi');
  const dirCells = shown('direction');
  const unitCells = shown('unit');
  const targetCells = shown('target');
  const weightCells = shown('weight');
  const nameCell = formulaTemplate(showRef(`$${col(R.employee)}{q}`), ['q']);
  const deptCell = formulaTemplate(showRef(`$${col(R.department)}{q}`), ['q']);
  const actualNum = perRow(numberOrBlank(c(D.actual)));
  const actualCmp = perRow(`IF(${c(D.actualNum)}="","",ROUND(${c(D.actualNum)},10))`);
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
  const achievement = perRow(clampAchievement(c(D.raw), S.cap!, S.floor!));
  const weighted = per((j) => perRow(weightedRow.product(c(D.achievement), line('weight', j))));
  const payout = per((j) =>
    perRow(
      bandPayoutRow({
        actual: c(D.actualNum),
        threshold: line('threshold', j),
        target: line('target', j),
        maximum: line('maximum', j),
        payThreshold: S.payThreshold!,
        payTarget: S.payTarget!,
        payMaximum: S.payMaximum!,
        rounded: c(D.actualCmp),
        has: line('has', j),
        check: line('bandCheck', j),
        sign: line('sign', j),
        slope1: line('slope1', j),
        slope2: line('slope2', j),
      }),
    ),
  );
  const counted = per((j) => perRow(weightedRow.counted(c(D.achievement), line('weight', j))));
  const scored = perRow(weightedRow.scored(c(D.achievement)));
  const negative = per((j) => f(weightedRow.negative(line('weight', j))));
  const actualOf = (i: number): CellSpec => v(data?.actuals[Math.floor(i / K)]?.[i % K] ?? null);
  const commentOf = (i: number): CellSpec => v(data?.comments[Math.floor(i / K)]?.[i % K] ?? null);
  const kpiLines = per((j) => v(j + 1));

  const detailColumns: ColumnDef[] = [
    { key: 'no', header: label(lang, 'col.no'), width: 6, style: 'formula', cell: (i) => v(Math.floor(i / K) + 1) },
    { key: 'employee', header: label(lang, 'col.employee'), width: 15, style: 'formula', cell: (i) => nameCell(rosterRow(i)) },
    { key: 'department', header: label(lang, 'col.department'), width: 12, style: 'formula', cell: (i) => deptCell(rosterRow(i)) },
    { key: 'kpi', header: label(lang, 'col.kpi'), width: 24, style: 'formula', cell: (i) => kpiCells[i % K]! },
    { key: 'direction', header: label(lang, 'col.direction'), width: 10, style: 'formula', cell: (i) => dirCells[i % K]! },
    { key: 'unit', header: label(lang, 'col.unit'), width: 8, style: 'formula', cell: (i) => unitCells[i % K]! },
    { key: 'target', header: label(lang, 'col.target'), width: 10, style: 'formula', cell: (i) => targetCells[i % K]! },
    { key: 'weight', header: label(lang, 'col.weight'), width: 8, style: 'formula', numFmt: '0%', cell: (i) => weightCells[i % K]! },
    { key: 'actual', header: label(lang, 'col.actual'), width: 10, style: 'input', cell: actualOf },
    { key: 'achievement', header: label(lang, 'col.achievement'), width: 13, style: 'formula', numFmt: '0.0%', cell: (_i, r) => achievement(r) },
    { key: 'weighted', header: label(lang, 'col.weighted'), width: 10, style: 'formula', numFmt: '0.0%', cell: (i, r) => weighted[i % K]!(r) },
    { key: 'payout', header: label(lang, 'col.payout'), width: 9, style: 'formula', numFmt: '0.00', cell: (i, r) => payout[i % K]!(r) },
    { key: 'comment', header: label(lang, 'col.comment'), width: 26, style: 'input', cell: commentOf },
    helperColumn('actualNum', (_i, r) => actualNum(r)),
    helperColumn('actualCmp', (_i, r) => actualCmp(r)),
    helperColumn('raw', (i, r) => raw[i % K]!(r)),
    helperColumn('counted', (i, r) => counted[i % K]!(r)),
    helperColumn('scored', (_i, r) => scored(r)),
    helperColumn('negative', (i) => negative[i % K]!),
    helperColumn('kpiLine', (i) => kpiLines[i % K]!),
  ];
  const detail = s.table({ key: 'detail', at: D.no, headerRow: HEADER_ROW, rows, columns: detailColumns });

  // Per employee: SUMIFS over the helper columns of the employee's own KPI rows, keyed by the
  // employee number, so that a bad cell breaks only that employee's total.
  const block = (field: string) => `$${detail.L(field)}{a}:$${detail.L(field)}{b}`;
  const total = (field: string) => sumFor(block(field), block('no'), c(R.no));
  const kpiScoreT = formulaTemplate(
    weightedTotal({ count: total('scored'), negatives: total('negative'), weights: total('counted'), products: total('weighted') }),
    ['r', 'a', 'b'],
  );
  const kpiScore = (i: number, r: number) => kpiScoreT(r, first + i * K, first + i * K + K - 1);
  const W = S.collabWeight!;
  const F = S.collabFull!;
  const ks = c(R.kpiScore);
  const cn = c(R.collabNum);
  const totalScore = perRow(
    `IF(${ks}="","",IF(OR(${W}<0,${W}>1),${ERR.num},IF(${cn}="",IF(1-${W}=0,${ERR.div0},${ks}*(1-${W})/(1-${W})),` +
      `(${ks}*(1-${W})+${cn}/${F}*${W})/((1-${W})+${W}))))`,
  );
  const collabNum = perRow(numberOrBlank(c(R.collab)));
  const bandRowF = perRow(bandRow(c(R.total), bands.bounds));
  const grade = perRow(bandPick(c(R.bandRow), bands.grades));
  const coefficient = perRow(bandPick(c(R.bandRow), bands.coefficients));
  const scoredFlag = perRow(`IF(ISNUMBER(${c(R.total)}),1,0)`);
  const totalNum = perRow(`IF(ISNUMBER(${c(R.total)}),${c(R.total)},0)`);
  const rosterColumns: ColumnDef[] = [
    { key: 'no', header: label(lang, 'col.no'), width: 6, style: 'formula', cell: (i) => v(i + 1) },
    { key: 'employee', header: label(lang, 'col.employee'), width: 14, style: 'input', cell: (i) => v(data?.names[i] ?? null) },
    { key: 'department', header: label(lang, 'col.department'), width: 14, style: 'input', cell: (i) => v(data?.departments[i] ?? null) },
    { key: 'kpiScore', header: label(lang, 'col.kpiScore'), width: 10, style: 'formula', numFmt: '0.0%', cell: kpiScore },
    { key: 'collab', header: label(lang, 'col.collab'), width: 12, style: 'input', numFmt: '0.0', cell: (i) => v(data?.collab[i] ?? null) },
    { key: 'total', header: label(lang, 'col.total'), width: 10, style: 'formula', numFmt: '0.0%', cell: (_i, r) => totalScore(r) },
    { key: 'grade', header: label(lang, 'col.grade'), width: 8, style: 'formula', cell: (_i, r) => grade(r) },
    { key: 'coefficient', header: label(lang, 'col.coefficient'), width: 10, style: 'formula', numFmt: '0.00', cell: (_i, r) => coefficient(r) },
    helperColumn('collabNum', (_i, r) => collabNum(r)),
    helperColumn('bandRow', (_i, r) => bandRowF(r)),
    helperColumn('scoredFlag', (_i, r) => scoredFlag(r)),
    helperColumn('totalNum', (_i, r) => totalNum(r)),
  ];
  s.line(R.no, R.coefficient, 3, label(lang, 'note.roster'), 'note');
  const roster = s.table({ key: 'employees', at: R.no, headerRow: HEADER_ROW, rows: N, columns: rosterColumns });

  // Highlights, validation, view.
  const ach = range(D.achievement, first, D.achievement, lastDetail);
  const a0 = addr(D.achievement, first);
  s.conditional(ach, `AND(ISNUMBER(${a0}),ROUND(${a0},10)<0.8)`, 'bad');
  s.conditional(ach, `AND(ISNUMBER(${a0}),ROUND(${a0},10)>=1.2)`, 'good');
  s.validate({ range: range(D.actual, first, D.actual, lastDetail), type: 'decimal', allowBlank: true, message: label(lang, 'msg.number') });
  const collab0 = addr(R.collab, first);
  s.validate({
    range: range(R.collab, first, R.collab, roster.lastRow),
    type: 'custom',
    formula: `=AND(ISNUMBER(${collab0}),${collab0}>=0,${collab0}<=${abs(settingsAt + 1, HEADER_ROW + 7)})`,
    allowBlank: true,
    message: label(lang, 'msg.rating'),
  });
  s.freeze(HEADER_ROW, D.kpi);
  s.focus(addr(D.actual, first));
  s.cell('bands', range(bandsAt, bands.firstRow, bandsAt + 2, bands.lastRow));
  return { sheet: s.name, kpis: K, employees: N, detail: detail.layout, roster: roster.layout, bands };
}
