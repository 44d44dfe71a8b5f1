import { absRange, addr, col, colNumber, onSheet, range } from './a1.js';
import { f, perRow, v, type WorkbookBuilder } from './builder.js';
import type { BonusResult } from './bonus.js';
import { bar, showRef } from './formulas.js';
import { label } from './labels.js';
import type { NumberInput } from './plan.js';
import type { ReviewSheetResult } from './review.js';
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

/**
 * The dashboard: per department the number scored, average score and grade counts (from the review
 * sheet) and bonus total (from the bonus sheet); the grade distribution against the target HR sets;
 * the average achievement per KPI and the KPIs furthest below target; a chart request and in-cell bars.
 */
export function dashboardSheet(wb: WorkbookBuilder, input: DashboardInput): DashboardResult {
  const lang = wb.lang;
  const s = wb.sheet('dashboard', label(lang, 'sheet.dashboard'));
  const rv = input.review;
  const roster = rv.roster;
  const detail = rv.detail;
  const onReview = (letters: string, r1: number, r2: number) => onSheet(rv.sheet, absRange(colNumber(letters), r1, colNumber(letters), r2));
  const rosterCol = (field: string) => onReview(roster.columns[field]!, roster.firstRow, roster.lastRow);
  const detailCol = (field: string) => onReview(detail.columns[field]!, detail.firstRow, detail.lastRow);
  // The grades, best first, read from the review's bands by their workbook name (one table for review, bonus and dashboard).
  const bandRows = rv.bands.lastRow - rv.bands.firstRow + 1;
  const grades = Array.from({ length: bandRows }, (_, i) => `INDEX(${rv.bandsName},${bandRows - i},2)`);
  const G = grades.length;
  const lastCol = 10;

  s.title(1, lastCol, 1, label(lang, 'title.dashboard'));
  s.line(1, lastCol, 2, input.period ? label(lang, 'subtitle.period', { period: input.period }) : '', 'subtitle');
  const bonusNote = input.bonus ? label(lang, 'note.dashboardBonus', { bonus: input.bonus.sheet }) : '';
  s.line(1, lastCol, 3, `${label(lang, 'note.dashboard', { review: rv.sheet, bonus: bonusNote })} ${label(lang, 'note.chart')}`, 'note');
  s.width(1, 26);
  for (let x = 2; x <= lastCol; x++) s.width(x, x === 4 ? 18 : x === 6 ? 22 : 11);
  s.width(11, 8, true);
  s.width(12, 8, true);

  // By department.
  const dHeader = 6;
  const d0 = dHeader + 1;
  const d1 = dHeader + DEPARTMENT_ROWS;
  s.line(1, lastCol, dHeader - 1, label(lang, 'label.byDepartment'), 'subtitle');
  s.row(1, dHeader, [
    v(label(lang, 'col.department')),
    v(label(lang, 'col.scored')),
    v(label(lang, 'col.avgScore')),
    v(label(lang, 'col.bar')),
    ...grades.map((g) => f(showRef(g))),
    v(input.bonus ? label(lang, 'col.bonusTotal') : null),
  ]);
  s.style(range(1, dHeader, lastCol, dHeader), 'header');
  // Departments are matched with "=" (whole text, any case): names are never read as criteria.
  const dept = 'A{r}';
  const inDept = `--(${rosterCol('department')}=$A{r})`;
  const scored = perRow(`IF(LEN(TRIM(${dept}))=0,"",SUMPRODUCT(${inDept},${rosterCol('scoredFlag')}))`);
  const avg = perRow(`IF(B{r}="","",IF(B{r}=0,"",SUMPRODUCT(${inDept},${rosterCol('totalNum')})/B{r}))`);
  const deptBar = perRow(bar('C{r}', SCORE_BAR_STEP));
  const gradeCount = (x: number) =>
    perRow(
      `IF(LEN(TRIM(${dept}))=0,"",IF(LEN(${col(x)}$${dHeader})=0,"",SUMPRODUCT(${inDept},--(${rosterCol('grade')}=${col(x)}$${dHeader}))))`,
    );
  const counts = grades.map((_, i) => gradeCount(5 + i));
  const bonusCol = (field: string) => {
    const b = input.bonus!.employees;
    return onSheet(input.bonus!.sheet, absRange(colNumber(b.columns[field]!), b.firstRow, colNumber(b.columns[field]!), b.lastRow));
  };
  const bonusTotal = input.bonus
    ? perRow(`IF(LEN(TRIM(${dept}))=0,"",SUMPRODUCT(--(${bonusCol('department')}=$A{r}),${bonusCol('shareNum')}))`)
    : null;
  const deptRows: CellSpec[][] = [];
  for (let i = 0; i < DEPARTMENT_ROWS; i++) {
    const r = d0 + i;
    deptRows.push([
      v(input.departments[i] ?? null),
      scored(r),
      avg(r),
      deptBar(r),
      ...counts.map((m) => m(r)),
      bonusTotal ? bonusTotal(r) : v(null),
    ]);
  }
  s.put(1, d0, deptRows);
  s.style(range(1, d0, 1, d1), 'input');
  s.style(range(2, d0, lastCol, d1), 'formula');
  s.format(range(3, d0, 3, d1), '0.0%');
  s.format(range(5, d0, 4 + G, d1), '0');
  s.format(range(lastCol, d0, lastCol, d1), '#,##0.00');
  s.conditional(range(3, d0, 3, d1), `AND(ISNUMBER(C${d0}),ROUND(C${d0},10)<0.8)`, 'bad');
  s.chart({
    type: 'bar',
    title: label(lang, 'label.chart'),
    categories: range(1, d0, 1, d1),
    series: [{ name: label(lang, 'col.avgScore'), values: range(3, d0, 3, d1) }],
    anchor: 'M5',
  });
  const departments: TableLayout = {
    key: 'departments',
    headerRow: dHeader,
    firstRow: d0,
    lastRow: d1,
    columns: {
      department: 'A',
      scored: 'B',
      average: 'C',
      bar: 'D',
      ...Object.fromEntries(grades.map((_, i) => [`grade${i + 1}`, col(5 + i)])),
      ...(input.bonus ? { bonus: col(lastCol) } : {}),
    },
  };

  // Grade distribution against the target.
  const gHeader = d1 + 3;
  const g0 = gHeader + 1;
  const g1 = gHeader + G;
  const gTotal = g1 + 1;
  s.line(1, 6, gHeader - 1, label(lang, 'label.distribution'), 'subtitle');
  s.row(1, gHeader, [
    v(label(lang, 'col.grade')),
    v(label(lang, 'col.count')),
    v(label(lang, 'col.actualShare')),
    v(label(lang, 'col.targetShare')),
    v(label(lang, 'col.difference')),
    v(label(lang, 'col.bar')),
  ]);
  s.style(range(1, gHeader, 6, gHeader), 'header');
  const gRows: CellSpec[][] = grades.map((g, i) => {
    const r = g0 + i;
    return [
      f(showRef(g)),
      f(`IF(LEN(A${r})=0,"",SUMPRODUCT(--(${rosterCol('grade')}=A${r})))`),
      f(`IF(OR(B${r}="",$B$${gTotal}=0),"",B${r}/$B$${gTotal})`),
      v(input.targets[i] ?? null),
      f(`IF(OR(C${r}="",LEN(TRIM(D${r}))=0),"",C${r}-D${r})`),
      f(bar(`C${r}`, SHARE_BAR_STEP)),
    ];
  });
  s.put(1, g0, gRows);
  s.row(1, gTotal, [
    v(label(lang, 'label.total')),
    f(`SUM(B${g0}:B${g1})`),
    f(`IF(B${gTotal}=0,"",SUM(C${g0}:C${g1}))`),
    f(`SUM(D${g0}:D${g1})`),
    v(null),
    v(null),
  ]);
  s.style(range(1, g0, 3, g1), 'formula');
  s.style(range(4, g0, 4, g1), 'input');
  s.style(range(5, g0, 6, g1), 'formula');
  s.style(range(1, gTotal, 6, gTotal), 'total');
  s.format(range(2, g0, 2, gTotal), '0');
  s.format(range(3, g0, 5, gTotal), '0.0%');
  s.conditional(addr(4, gTotal), `ROUND(D${gTotal},10)<>1`, 'bad');
  s.validate({ range: range(4, g0, 4, g1), type: 'decimal', min: 0, max: 1, allowBlank: true, message: label(lang, 'msg.share') });
  const distribution: TableLayout = {
    key: 'distribution',
    headerRow: gHeader,
    firstRow: g0,
    lastRow: g1,
    columns: { grade: 'A', count: 'B', actual: 'C', target: 'D', difference: 'E', bar: 'F' },
  };
  s.cell('gradedTotal', addr(2, gTotal));
  s.cell('targetTotal', addr(4, gTotal));

  // Achievement per KPI, and the KPIs furthest below target.
  const K = rv.kpis;
  const kHeader = gTotal + 3;
  const k0 = kHeader + 1;
  const k1 = kHeader + K;
  s.line(1, 3, kHeader - 1, label(lang, 'label.kpiAverages'), 'subtitle');
  s.row(1, kHeader, [v(label(lang, 'col.kpi')), v(label(lang, 'col.avgAchievement')), v(label(lang, 'col.gap'))]);
  s.row(11, kHeader, [v('key'), v('rank')]);
  s.style(range(1, kHeader, 3, kHeader), 'header');
  const kpiCol = detail.columns.kpi!;
  const kRows: CellSpec[][] = [];
  const kHidden: CellSpec[][] = [];
  for (let j = 0; j < K; j++) {
    const r = k0 + j;
    const n = `SUMIFS(${detailCol('scored')},${detailCol('kpiLine')},${j + 1})`;
    kRows.push([
      f(showRef(onSheet(rv.sheet, `$${kpiCol}$${detail.firstRow + j}`))),
      f(`IF(${n}=0,"",SUMIFS(${detailCol('achievement')},${detailCol('kpiLine')},${j + 1})/${n})`),
      f(`IF(B${r}="","",B${r}-1)`),
    ]);
    kHidden.push([
      f(`IF(ISNUMBER(B${r}),IF(ROUND(B${r},10)<1,ROUND(B${r},10),10),10)`),
      f(`IF(K${r}<1,SUMPRODUCT(--($K$${k0}:$K$${k1}<K${r}))+SUMPRODUCT(--($K$${kHeader}:K${r - 1}=K${r}))+1,"")`),
    ]);
  }
  s.put(1, k0, kRows);
  s.put(11, k0, kHidden);
  s.style(range(1, k0, 3, k1), 'formula');
  s.format(range(2, k0, 3, k1), '0.0%');
  s.conditional(range(2, k0, 2, k1), `AND(ISNUMBER(B${k0}),ROUND(B${k0},10)<0.8)`, 'bad');
  const kpis: TableLayout = { key: 'kpiAverages', headerRow: kHeader, firstRow: k0, lastRow: k1, columns: { kpi: 'A', average: 'B', gap: 'C', key: 'K', rank: 'L' } };

  const worst = Math.min(FURTHEST_BELOW, K);
  s.line(5, 8, kHeader - 1, label(lang, 'label.furthestBelow'), 'subtitle');
  s.row(5, kHeader, [v(label(lang, 'col.rank')), v(label(lang, 'col.kpi')), v(label(lang, 'col.avgAchievement')), v(label(lang, 'col.gap'))]);
  s.style(range(5, kHeader, 8, kHeader), 'header');
  const wRows: CellSpec[][] = [];
  for (let k = 0; k < worst; k++) {
    const r = k0 + k;
    const at = `MATCH(${k + 1},$L$${k0}:$L$${k1},0)`;
    wRows.push([
      f(`IF(COUNT($L$${k0}:$L$${k1})>=${k + 1},${k + 1},"")`),
      f(`IFERROR(INDEX($A$${k0}:$A$${k1},${at}),"")`),
      f(`IFERROR(INDEX($B$${k0}:$B$${k1},${at}),"")`),
      f(`IF(G${r}="","",G${r}-1)`),
    ]);
  }
  if (worst > 0) {
    s.put(5, k0, wRows);
    s.style(range(5, k0, 8, k0 + worst - 1), 'formula');
    s.format(range(7, k0, 8, k0 + worst - 1), '0.0%');
    s.conditional(range(7, k0, 7, k0 + worst - 1), `AND(ISNUMBER(G${k0}),ROUND(G${k0},10)<0.8)`, 'bad');
  }
  const furthestBelow: TableLayout = {
    key: 'furthestBelow',
    headerRow: kHeader,
    firstRow: k0,
    lastRow: k0 + worst - 1,
    columns: { rank: 'E', kpi: 'F', average: 'G', gap: 'H' },
  };
  for (const t of [departments, distribution, kpis, furthestBelow]) s.layout(t);
  s.freeze(0, 1);
  return { sheet: s.name, departments, distribution, kpis, furthestBelow };
}
