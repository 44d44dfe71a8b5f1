import { abs, absRange, addr, col, colNumber, onSheet, range } from './a1.js';
import {
  columnLetters,
  columnsFrom,
  dataRange,
  f,
  lastColumnOf,
  perRow,
  placeBelow,
  placeBeside,
  tableRows,
  v,
  type SheetBuilder,
  type TableRows,
  type WorkbookBuilder,
} from './builder.js';
import type { BonusResult } from './bonus.js';
import { bar, showRef } from './formulas.js';
import { label } from './labels.js';
import type { NumberInput } from './plan.js';
import type { ReviewSheetResult } from './review.js';
import type { Locale } from '../types.js';
import type { CellSpec, TableLayout } from './types.js';

export interface DashboardInput {
  readonly period: string;
  readonly review: ReviewSheetResult;
  readonly bonus?: BonusResult;
  /** Department names (the review's department column groups by them). */
  readonly departments: readonly (string | null)[];
  /** Target share of each grade, best grade first. */
  readonly targets: readonly NumberInput[];
}

export interface DashboardResult {
  readonly sheet: string;
  readonly departments: TableLayout;
  readonly distribution: TableLayout;
  readonly kpis: TableLayout;
  readonly furthestBelow: TableLayout;
}

export const DEPARTMENT_ROWS = 10;
export const FURTHEST_BELOW = 5;
export const DEFAULT_TARGET_DISTRIBUTION = [0.1, 0.2, 0.4, 0.2, 0.1] as const;
/** In-cell bars: one block per 10% of a score, per 5% of a grade's share. */
export const SCORE_BAR_STEP = 0.1;
export const SHARE_BAR_STEP = 0.05;

/** Rows 1–3: title, period and note. */
const HEADING_LAST_ROW = 3;

/** What the dashboard's tables read: the review's grades and columns, the bonus sheet's columns. */
interface Sources {
  readonly lang: Locale;
  readonly input: DashboardInput;
  /** The grades, best first, as formulas on the review's bands. */
  readonly grades: readonly string[];
  /** "'Review'!$X$5:$X$104": a column of the review's employee table. */
  readonly rosterColumn: (field: string) => string;
  /** A column of the review's per-KPI detail table. */
  readonly detailColumn: (field: string) => string;
}

interface DepartmentColumns {
  readonly department: number;
  readonly scored: number;
  readonly average: number;
  readonly bar: number;
  /** One count column per grade, best first. */
  readonly grades: readonly number[];
  /** The bonus total (blank without a bonus sheet); the dashboard's rightmost visible column. */
  readonly bonus: number;
}

/** "B7:B11" (also for a single row, as a range inside a formula). */
const span = (c: number, r1: number, r2: number): string => `${addr(c, r1)}:${addr(c, r2)}`;
/** A table's header row: one empty row and a subtitle row below what ends at row `above`. */
const sectionBelow = (above: number): number => placeBelow(above, 1) + 1;

/**
 * The dashboard: per department the number scored, average score and grade counts (from the review
 * sheet) and bonus total (from the bonus sheet); the grade distribution against the target HR sets;
 * the average achievement per KPI and the KPIs furthest below target; a chart request and in-cell bars.
 */
export function dashboardSheet(wb: WorkbookBuilder, input: DashboardInput): DashboardResult {
  const s = wb.sheet('dashboard', label(wb.lang, 'sheet.dashboard'));
  const src = sourcesOf(wb.lang, input);
  const columnsOfDepartments = departmentColumns(src.grades.length);
  const lastColumn = columnsOfDepartments.bonus;
  const columnsOfDistribution = columnsFrom(1, ['grade', 'count', 'actual', 'target', 'difference', 'bar']);
  const columnsOfKpis = columnsFrom(1, ['kpi', 'average', 'gap']);
  // Hidden helpers of the KPI table (a sort key and a rank) sit right of the visible columns.
  const columnsOfKpiHelpers = columnsFrom(placeBeside(lastColumn), ['key', 'rank']);
  const columnsOfFurthestBelow = columnsFrom(placeBeside(lastColumnOf(columnsOfKpis), 1), ['rank', 'kpi', 'average', 'gap']);

  writeHeading(s, src, lastColumn);
  s.width(1, 26);
  for (let x = 2; x <= lastColumn; x++) s.width(x, 11);
  s.width(columnsOfDepartments.bar, 18);
  s.width(columnsOfFurthestBelow.kpi, 22);
  for (const x of Object.values(columnsOfKpiHelpers)) s.width(x, 8, true);

  const departmentRows = tableRows(sectionBelow(HEADING_LAST_ROW), DEPARTMENT_ROWS);
  const chartAt = addr(placeBeside(lastColumnOf(columnsOfKpiHelpers)), departmentRows.headerRow - 1);
  const departments = departmentsTable(s, src, columnsOfDepartments, departmentRows, chartAt);
  const distributionRows = tableRows(sectionBelow(departmentRows.lastRow), src.grades.length);
  const distribution = distributionTable(s, src, columnsOfDistribution, distributionRows);
  const kpiRows = tableRows(sectionBelow(placeBelow(distributionRows)), input.review.kpis);
  const kpis = kpiAveragesTable(s, src, columnsOfKpis, columnsOfKpiHelpers, kpiRows);
  const furthestBelow = furthestBelowTable(s, src, columnsOfFurthestBelow, kpis, columnsOfKpiHelpers.rank);
  for (const t of [departments, distribution, kpis, furthestBelow]) s.layout(t);
  s.freeze(0, 1);
  return { sheet: s.name, departments, distribution, kpis, furthestBelow };
}

function sourcesOf(lang: Locale, input: DashboardInput): Sources {
  const rv = input.review;
  const onReview = (letters: string, r1: number, r2: number) => onSheet(rv.sheet, absRange(colNumber(letters), r1, colNumber(letters), r2));
  // The grades, best first, read from the review's bands by their workbook name (one table for review, bonus and dashboard).
  const bandRows = rv.bands.lastRow - rv.bands.firstRow + 1;
  return {
    lang,
    input,
    grades: Array.from({ length: bandRows }, (_, i) => `INDEX(${rv.bandsName},${bandRows - i},2)`),
    rosterColumn: (field) => onReview(rv.roster.columns[field]!, rv.roster.firstRow, rv.roster.lastRow),
    detailColumn: (field) => onReview(rv.detail.columns[field]!, rv.detail.firstRow, rv.detail.lastRow),
  };
}

function departmentColumns(gradeCount: number): DepartmentColumns {
  const fixed = columnsFrom(1, ['department', 'scored', 'average', 'bar']);
  const grades = Array.from({ length: gradeCount }, (_, i) => placeBeside(fixed.bar) + i);
  return { ...fixed, grades, bonus: placeBeside(fixed.bar + gradeCount) };
}

function writeHeading(s: SheetBuilder, src: Sources, lastColumn: number): void {
  const { lang, input } = src;
  s.title(1, lastColumn, 1, label(lang, 'title.dashboard'));
  s.line(1, lastColumn, 2, input.period ? label(lang, 'subtitle.period', { period: input.period }) : '', 'subtitle');
  const bonusNote = input.bonus ? label(lang, 'note.dashboardBonus', { bonus: input.bonus.sheet }) : '';
  s.line(1, lastColumn, HEADING_LAST_ROW, `${label(lang, 'note.dashboard', { review: input.review.sheet, bonus: bonusNote })} ${label(lang, 'note.chart')}`, 'note');
}

/** By department: people scored, average score and its bar, a count per grade, the bonus total; and the chart. */
function departmentsTable(s: SheetBuilder, src: Sources, cols: DepartmentColumns, rows: TableRows, chartAt: string): TableLayout {
  const { lang, input } = src;
  const lastColumn = cols.bonus;
  s.line(1, lastColumn, rows.headerRow - 1, label(lang, 'label.byDepartment'), 'subtitle');
  s.row(1, rows.headerRow, [
    v(label(lang, 'col.department')),
    v(label(lang, 'col.scored')),
    v(label(lang, 'col.avgScore')),
    v(label(lang, 'col.bar')),
    ...src.grades.map((g) => f(showRef(g))),
    v(input.bonus ? label(lang, 'col.bonusTotal') : null),
  ]);
  s.style(range(1, rows.headerRow, lastColumn, rows.headerRow), 'header');
  const cells = departmentRowCells(src, cols, rows.headerRow);
  s.put(1, rows.firstRow, Array.from({ length: DEPARTMENT_ROWS }, (_, i) => cells(i, rows.firstRow + i)));
  s.style(dataRange(rows, cols.department), 'input');
  s.style(dataRange(rows, cols.scored, lastColumn), 'formula');
  s.format(dataRange(rows, cols.average), '0.0%');
  s.format(dataRange(rows, cols.grades[0]!, cols.bar + src.grades.length), '0');
  s.format(dataRange(rows, cols.bonus), '#,##0.00');
  const average0 = addr(cols.average, rows.firstRow);
  s.conditional(dataRange(rows, cols.average), `AND(ISNUMBER(${average0}),ROUND(${average0},10)<0.8)`, 'bad');
  s.chart({
    type: 'bar',
    title: label(lang, 'label.chart'),
    categories: dataRange(rows, cols.department),
    series: [{ name: label(lang, 'col.avgScore'), values: dataRange(rows, cols.average) }],
    anchor: chartAt,
  });
  const letters = { department: col(cols.department), scored: col(cols.scored), average: col(cols.average), bar: col(cols.bar) };
  const grades = Object.fromEntries(cols.grades.map((x, i) => [`grade${i + 1}`, col(x)]));
  const columns = { ...letters, ...grades, ...(input.bonus ? { bonus: col(cols.bonus) } : {}) };
  return { key: 'departments', ...rows, columns };
}

/** The cells of department row i (sheet row r); departments are matched with "=" (whole text, any case), never read as criteria. */
function departmentRowCells(src: Sources, cols: DepartmentColumns, headerRow: number): (i: number, r: number) => CellSpec[] {
  const { input, rosterColumn } = src;
  const at = (c: number) => `${col(c)}{r}`;
  const dept = at(cols.department);
  const inDept = `--(${rosterColumn('department')}=$${dept})`;
  const scored = perRow(`IF(LEN(TRIM(${dept}))=0,"",SUMPRODUCT(${inDept},${rosterColumn('scoredFlag')}))`);
  const n = at(cols.scored);
  const average = perRow(`IF(${n}="","",IF(${n}=0,"",SUMPRODUCT(${inDept},${rosterColumn('totalNum')})/${n}))`);
  const averageBar = perRow(bar(at(cols.average), SCORE_BAR_STEP));
  const counts = cols.grades.map((x) => {
    const grade = `${col(x)}$${headerRow}`;
    return perRow(`IF(LEN(TRIM(${dept}))=0,"",IF(LEN(${grade})=0,"",SUMPRODUCT(${inDept},--(${rosterColumn('grade')}=${grade}))))`);
  });
  const bonusColumn = (field: string) => {
    const b = input.bonus!.employees;
    return onSheet(input.bonus!.sheet, absRange(colNumber(b.columns[field]!), b.firstRow, colNumber(b.columns[field]!), b.lastRow));
  };
  const bonusTotal = input.bonus
    ? perRow(`IF(LEN(TRIM(${dept}))=0,"",SUMPRODUCT(--(${bonusColumn('department')}=$${dept}),${bonusColumn('shareNum')}))`)
    : null;
  return (i, r) => [
    v(input.departments[i] ?? null),
    scored(r),
    average(r),
    averageBar(r),
    ...counts.map((m) => m(r)),
    bonusTotal ? bonusTotal(r) : v(null),
  ];
}

type DistributionColumns = Readonly<Record<'grade' | 'count' | 'actual' | 'target' | 'difference' | 'bar', number>>;

/** Grade distribution against the target: count, actual and target share, difference, bar; a total row. */
function distributionTable(s: SheetBuilder, src: Sources, cols: DistributionColumns, rows: TableRows): TableLayout {
  const { lang, input, grades, rosterColumn } = src;
  const totalRow = placeBelow(rows);
  s.line(cols.grade, cols.bar, rows.headerRow - 1, label(lang, 'label.distribution'), 'subtitle');
  const headers = ['col.grade', 'col.count', 'col.actualShare', 'col.targetShare', 'col.difference', 'col.bar'] as const;
  s.row(cols.grade, rows.headerRow, headers.map((k) => v(label(lang, k))));
  s.style(range(cols.grade, rows.headerRow, cols.bar, rows.headerRow), 'header');
  const countTotal = abs(cols.count, totalRow);
  const gradeRows = grades.map((g, i): CellSpec[] => {
    const r = rows.firstRow + i;
    const [grade, count, actual, target] = [addr(cols.grade, r), addr(cols.count, r), addr(cols.actual, r), addr(cols.target, r)];
    return [
      f(showRef(g)),
      f(`IF(LEN(${grade})=0,"",SUMPRODUCT(--(${rosterColumn('grade')}=${grade})))`),
      f(`IF(OR(${count}="",${countTotal}=0),"",${count}/${countTotal})`),
      v(input.targets[i] ?? null),
      f(`IF(OR(${actual}="",LEN(TRIM(${target}))=0),"",${actual}-${target})`),
      f(bar(actual, SHARE_BAR_STEP)),
    ];
  });
  s.put(cols.grade, rows.firstRow, gradeRows);
  const sum = (c: number) => `SUM(${span(c, rows.firstRow, rows.lastRow)})`;
  s.row(cols.grade, totalRow, [
    v(label(lang, 'label.total')),
    f(sum(cols.count)),
    f(`IF(${addr(cols.count, totalRow)}=0,"",${sum(cols.actual)})`),
    f(sum(cols.target)),
    v(null),
    v(null),
  ]);
  styleDistribution(s, src, cols, rows, totalRow);
  return { key: 'distribution', ...rows, columns: columnLetters(cols) };
}

function styleDistribution(s: SheetBuilder, src: Sources, cols: DistributionColumns, rows: TableRows, totalRow: number): void {
  s.style(dataRange(rows, cols.grade, cols.actual), 'formula');
  s.style(dataRange(rows, cols.target), 'input');
  s.style(dataRange(rows, cols.difference, cols.bar), 'formula');
  s.style(range(cols.grade, totalRow, cols.bar, totalRow), 'total');
  s.format(range(cols.count, rows.firstRow, cols.count, totalRow), '0');
  s.format(range(cols.actual, rows.firstRow, cols.difference, totalRow), '0.0%');
  s.conditional(addr(cols.target, totalRow), `ROUND(${addr(cols.target, totalRow)},10)<>1`, 'bad');
  s.validate({ range: dataRange(rows, cols.target), type: 'decimal', min: 0, max: 1, allowBlank: true, message: label(src.lang, 'msg.share') });
  s.cell('gradedTotal', addr(cols.count, totalRow));
  s.cell('targetTotal', addr(cols.target, totalRow));
}

type KpiColumns = Readonly<Record<'kpi' | 'average' | 'gap', number>>;
type KpiHelperColumns = Readonly<Record<'key' | 'rank', number>>;

/**
 * Average achievement per KPI and its gap to target; hidden beside it a sort key (the achievement
 * when below 100%, else 10) and the rank of the KPIs below target, lowest first, ties in KPI order.
 */
function kpiAveragesTable(s: SheetBuilder, src: Sources, cols: KpiColumns, helpers: KpiHelperColumns, rows: TableRows): TableLayout {
  const { lang, input, detailColumn } = src;
  const detail = input.review.detail;
  s.line(cols.kpi, cols.gap, rows.headerRow - 1, label(lang, 'label.kpiAverages'), 'subtitle');
  s.row(cols.kpi, rows.headerRow, [v(label(lang, 'col.kpi')), v(label(lang, 'col.avgAchievement')), v(label(lang, 'col.gap'))]);
  s.row(helpers.key, rows.headerRow, [v('key'), v('rank')]);
  s.style(range(cols.kpi, rows.headerRow, cols.gap, rows.headerRow), 'header');
  const visible: CellSpec[][] = [];
  const hidden: CellSpec[][] = [];
  const keys = absRange(helpers.key, rows.firstRow, helpers.key, rows.lastRow);
  for (let j = 0; j < input.review.kpis; j++) {
    const r = rows.firstRow + j;
    // Rows scored without an error only: a stray actual on a line the plan leaves empty (its own
    // row says so) or any row in error stays out of the KPI's average.
    const n = `SUMIFS(${detailColumn('scored')},${detailColumn('kpiLine')},${j + 1},${detailColumn('scored')},1)`;
    const average = addr(cols.average, r);
    const key = addr(helpers.key, r);
    visible.push([
      f(showRef(onSheet(input.review.sheet, `$${detail.columns.kpi!}$${detail.firstRow + j}`))),
      f(`IF(${n}=0,"",SUMIFS(${detailColumn('achievement')},${detailColumn('kpiLine')},${j + 1},${detailColumn('scored')},1)/${n})`),
      f(`IF(${average}="","",${average}-1)`),
    ]);
    hidden.push([
      f(`IF(ISNUMBER(${average}),IF(ROUND(${average},10)<1,ROUND(${average},10),10),10)`),
      f(`IF(${key}<1,SUMPRODUCT(--(${keys}<${key}))+SUMPRODUCT(--(${abs(helpers.key, rows.headerRow)}:${addr(helpers.key, r - 1)}=${key}))+1,"")`),
    ]);
  }
  s.put(cols.kpi, rows.firstRow, visible);
  s.put(helpers.key, rows.firstRow, hidden);
  s.style(dataRange(rows, cols.kpi, cols.gap), 'formula');
  s.format(dataRange(rows, cols.average, cols.gap), '0.0%');
  const average0 = addr(cols.average, rows.firstRow);
  s.conditional(dataRange(rows, cols.average), `AND(ISNUMBER(${average0}),ROUND(${average0},10)<0.8)`, 'bad');
  return { key: 'kpiAverages', ...rows, columns: { ...columnLetters(cols), ...columnLetters(helpers) } };
}

type FurthestBelowColumns = Readonly<Record<'rank' | 'kpi' | 'average' | 'gap', number>>;

/** The KPIs furthest below target (up to FURTHEST_BELOW), beside the KPI table, picked by its hidden rank. */
function furthestBelowTable(s: SheetBuilder, src: Sources, cols: FurthestBelowColumns, kpis: TableLayout, rankColumn: number): TableLayout {
  const lang = src.lang;
  const worst = Math.min(FURTHEST_BELOW, src.input.review.kpis);
  const rows = tableRows(kpis.headerRow, worst);
  s.line(cols.rank, cols.gap, rows.headerRow - 1, label(lang, 'label.furthestBelow'), 'subtitle');
  const headers = ['col.rank', 'col.kpi', 'col.avgAchievement', 'col.gap'] as const;
  s.row(cols.rank, rows.headerRow, headers.map((k) => v(label(lang, k))));
  s.style(range(cols.rank, rows.headerRow, cols.gap, rows.headerRow), 'header');
  const kpiColumn = (letters: string) => absRange(colNumber(letters), kpis.firstRow, colNumber(letters), kpis.lastRow);
  const ranks = absRange(rankColumn, kpis.firstRow, rankColumn, kpis.lastRow);
  const cells: CellSpec[][] = [];
  for (let k = 0; k < worst; k++) {
    const at = `MATCH(${k + 1},${ranks},0)`;
    const average = addr(cols.average, rows.firstRow + k);
    cells.push([
      f(`IF(COUNT(${ranks})>=${k + 1},${k + 1},"")`),
      f(`IFERROR(INDEX(${kpiColumn(kpis.columns.kpi!)},${at}),"")`),
      f(`IFERROR(INDEX(${kpiColumn(kpis.columns.average!)},${at}),"")`),
      f(`IF(${average}="","",${average}-1)`),
    ]);
  }
  if (worst > 0) {
    s.put(cols.rank, rows.firstRow, cells);
    s.style(dataRange(rows, cols.rank, cols.gap), 'formula');
    s.format(dataRange(rows, cols.average, cols.gap), '0.0%');
    const average0 = addr(cols.average, rows.firstRow);
    s.conditional(dataRange(rows, cols.average), `AND(ISNUMBER(${average0}),ROUND(${average0},10)<0.8)`, 'bad');
  }
  return { key: 'furthestBelow', ...rows, columns: columnLetters(cols) };
}
