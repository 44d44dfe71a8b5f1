import type { Locale } from '../types.js';
import { absRange, addr, col, range } from './a1.js';
import {
  columnsFrom,
  dataRange,
  f,
  helperColumn,
  perRow,
  placeBelow,
  placeBeside,
  tableRows,
  v,
  type ColumnDef,
  type SheetBuilder,
  type TableRows,
  type WorkbookBuilder,
} from './builder.js';
import {
  clampAchievement,
  numberOr,
  numberOrBlank,
  optionCode,
  rawAchievement,
  weightedRow,
  weightedTotal,
} from './formulas.js';
import { label } from './labels.js';
import { lists, type Lists } from './lists.js';
import type { NumberInput } from './plan.js';
import { pick, type Pair } from './presets.js';
import type { CellSpec, TableLayout } from './types.js';
import { DISPLAY } from './words.js';

export const SHARED_DEPARTMENTS = 5;

export interface SharedLine {
  readonly kpi: string | null;
  readonly direction: string | null;
  readonly unit: string | null;
  readonly target: NumberInput;
  readonly actual: NumberInput;
  /** Each department's part of the credit, in the order of the department columns. */
  readonly parts: readonly NumberInput[];
}

export interface SharedData {
  readonly departments: readonly (string | null)[];
  readonly lines: readonly SharedLine[];
}

export interface SharedInput {
  readonly period: string;
  readonly rows: number;
  readonly data?: SharedData;
}

export interface SharedResult {
  readonly sheet: string;
  readonly kpis: TableLayout;
  /** Row of the per-department scores. */
  readonly scoreRow: number;
}

const DEPTS: readonly Pair[] = [
  ['Marketing', '市场部'],
  ['Sales', '销售部'],
  ['R&D', '研发部'],
  ['Product', '产品部'],
];

/** Examples: CAC carried by marketing and sales; a new product's time to market and first-year sales; linked KPIs. */
export function sampleShared(lang: Locale): SharedData {
  const d = DISPLAY.direction[lang];
  const L = (en: string, zh: string) => (lang === 'en' ? en : zh);
  return {
    departments: [...DEPTS.map((p) => pick(p, lang)), null],
    lines: [
      { kpi: L('Customer acquisition cost (CAC)', '获客成本（CAC）'), direction: d.lower, unit: L('$ per customer', '元/客户'), target: 800, actual: 760, parts: [0.5, 0.5, null, null, null] },
      { kpi: L('New product: time to market', '新产品上市周期'), direction: d.lower, unit: L('days', '天'), target: 180, actual: 195, parts: [0.25, 0.25, 0.5, null, null] },
      { kpi: L('New product: first-year sales', '新产品首年销售额'), direction: d.higher, unit: L('$k', '万元'), target: 2000, actual: 2150, parts: [0.3, 0.5, 0.2, null, null] },
      { kpi: L('Share of revenue from new products', '新产品收入占比'), direction: d.higher, unit: '%', target: 0.25, actual: 0.22, parts: [null, 1, null, null, null] },
      { kpi: L('User retention after launch', '上市后用户留存率'), direction: d.higher, unit: '%', target: 0.6, actual: 0.63, parts: [null, null, null, 1, null] },
    ],
  };
}

/** Rows 1–3: title, period and note; then an empty row and the subtitle over the department columns. */
const HEADING_LAST_ROW = 3;
const HEADER_ROW = placeBelow(HEADING_LAST_ROW, 1) + 1;

/** The KPI columns, then one column per department (its part of the credit) and the parts' total. */
const KPI_COLUMNS = columnsFrom(1, ['no', 'kpi', 'direction', 'unit', 'target', 'actual', 'achievement'] as const);
const DEPARTMENT_COLUMNS = Array.from({ length: SHARED_DEPARTMENTS }, (_, d) => placeBeside(KPI_COLUMNS.achievement) + d);
const FIRST_DEPARTMENT = DEPARTMENT_COLUMNS[0]!;
const LAST_DEPARTMENT = DEPARTMENT_COLUMNS[SHARED_DEPARTMENTS - 1]!;
const PARTS_TOTAL = placeBeside(LAST_DEPARTMENT);
/** Hidden helpers of each KPI, then four of each department. */
const HELPER_COLUMNS = columnsFrom(placeBeside(PARTS_TOTAL), ['actualNum', 'targetNum', 'dirCode', 'raw', 'scored'] as const);
const DEPARTMENT_HELPERS = ['part', 'product', 'counted', 'negative'] as const;
const departmentHelperColumns = (d: number) => columnsFrom(placeBeside(HELPER_COLUMNS.scored) + d * DEPARTMENT_HELPERS.length, DEPARTMENT_HELPERS);

/** Shared KPIs: each KPI's achievement, each department's part of the credit, each department's shared-KPI score. */
export function sharedSheet(wb: WorkbookBuilder, input: SharedInput): SharedResult {
  const lang = wb.lang;
  const Ls = lists(wb);
  const s = wb.sheet('shared', label(lang, 'sheet.shared'));
  const n = Math.max(1, input.rows);
  const line = (i: number): SharedLine | undefined => input.data?.lines[i];
  const rows = tableRows(HEADER_ROW, n);
  const scoreRow = placeBelow(rows);

  s.title(1, PARTS_TOTAL, 1, label(lang, 'title.shared'));
  s.line(1, PARTS_TOTAL, 2, input.period ? label(lang, 'subtitle.period', { period: input.period }) : '', 'subtitle');
  s.line(1, PARTS_TOTAL, HEADING_LAST_ROW, label(lang, 'note.shared'), 'note');
  s.line(FIRST_DEPARTMENT, PARTS_TOTAL - 1, HEADER_ROW - 1, label(lang, 'label.credit'), 'subtitle');
  const t = s.table({ key: 'kpis', at: KPI_COLUMNS.no, headerRow: HEADER_ROW, rows: n, columns: sharedColumns(lang, Ls, input.data, line) });
  // Department names are typed in the header row.
  s.style(range(FIRST_DEPARTMENT, HEADER_ROW, LAST_DEPARTMENT, HEADER_ROW), 'input');
  for (let i = 0; i < n; i++) {
    const u = line(i)?.unit;
    if (u !== undefined && u !== null && u.trim() === '%') s.format(range(KPI_COLUMNS.target, rows.firstRow + i, KPI_COLUMNS.actual, rows.firstRow + i), '0.0%');
  }
  writeScores(s, lang, rows, scoreRow);
  checkShared(s, lang, Ls, rows);
  s.freeze(HEADER_ROW, KPI_COLUMNS.kpi);
  return { sheet: s.name, kpis: t.layout, scoreRow };
}

function sharedColumns(lang: Locale, Ls: Lists, data: SharedData | undefined, line: (i: number) => SharedLine | undefined): ColumnDef[] {
  const K = KPI_COLUMNS;
  const H = HELPER_COLUMNS;
  const at = (x: number) => `${col(x)}{r}`;
  const hidden = (key: string, body: string): ColumnDef => {
    const make = perRow(body);
    return helperColumn(key, (_i, r) => make(r));
  };
  const achievement = perRow(clampAchievement(at(H.raw), '""', '0'));
  const total = perRow(Array.from({ length: SHARED_DEPARTMENTS }, (_, d) => at(departmentHelperColumns(d).part)).join('+'));
  const departments: ColumnDef[] = DEPARTMENT_COLUMNS.map((_, d) => ({
    key: `dept${d + 1}`,
    header: data?.departments[d] ?? '',
    width: 11,
    style: 'input',
    numFmt: '0%',
    cell: (i: number) => v(line(i)?.parts[d] ?? null),
  }));
  const perDepartment = DEPARTMENT_COLUMNS.flatMap((x, d) => {
    const part = at(departmentHelperColumns(d).part);
    return [
      hidden(`part${d + 1}`, numberOr(at(x), '0')),
      hidden(`product${d + 1}`, weightedRow.product(at(K.achievement), part)),
      hidden(`counted${d + 1}`, weightedRow.counted(at(K.achievement), part)),
      hidden(`negative${d + 1}`, weightedRow.negative(part)),
    ];
  });
  return [
    { key: 'no', header: label(lang, 'col.no'), width: 6, style: 'formula', cell: (i) => v(i + 1) },
    { key: 'kpi', header: label(lang, 'col.kpi'), width: 30, style: 'input', cell: (i) => v(line(i)?.kpi ?? null) },
    { key: 'direction', header: label(lang, 'col.direction'), width: 12, style: 'input', cell: (i) => v(line(i)?.direction ?? null) },
    { key: 'unit', header: label(lang, 'col.unit'), width: 12, style: 'input', cell: (i) => v(line(i)?.unit ?? null) },
    { key: 'target', header: label(lang, 'col.target'), width: 10, style: 'input', cell: (i) => v(line(i)?.target ?? null) },
    { key: 'actual', header: label(lang, 'col.actual'), width: 10, style: 'input', cell: (i) => v(line(i)?.actual ?? null) },
    { key: 'achievement', header: label(lang, 'col.achievement'), width: 13, style: 'formula', numFmt: '0.0%', cell: (_i, r) => achievement(r) },
    ...departments,
    { key: 'partsTotal', header: label(lang, 'col.partsTotal'), width: 10, style: 'formula', numFmt: '0%', cell: (_i, r) => total(r) },
    hidden('actualNum', numberOrBlank(at(K.actual))),
    hidden('targetNum', numberOrBlank(at(K.target))),
    hidden('dirCode', optionCode(at(K.direction), Ls.dirWords, Ls.dirCodes, '1')),
    hidden('raw', rawAchievement({ actual: at(H.actualNum), target: at(H.targetNum), baseline: '""', direction: at(H.dirCode) })),
    hidden('scored', weightedRow.scored(at(K.achievement))),
    ...perDepartment,
  ];
}

/** Per department: WEIGHTED_SCORE of the achievements with the department's parts as weights, in the row below the KPIs. */
function writeScores(s: SheetBuilder, lang: Locale, rows: TableRows, scoreRow: number): void {
  const sumOf = (x: number) => `SUM(${absRange(x, rows.firstRow, x, rows.lastRow)})`;
  const scores: CellSpec[] = DEPARTMENT_COLUMNS.map((x, d) => {
    const head = `${col(x)}$${HEADER_ROW}`;
    const h = departmentHelperColumns(d);
    const score = weightedTotal({ count: sumOf(HELPER_COLUMNS.scored), negatives: sumOf(h.negative), weights: sumOf(h.counted), products: sumOf(h.product) });
    return f(`IF(LEN(TRIM(${head}))=0,"",${score})`);
  });
  const blanks = (count: number) => Array.from({ length: count }, () => v(null));
  const name = [v(null), v(label(lang, 'label.sharedScore'))];
  s.row(1, scoreRow, [...name, ...blanks(FIRST_DEPARTMENT - 1 - name.length), ...scores, v(null)]);
  s.style(range(1, scoreRow, PARTS_TOTAL, scoreRow), 'total');
  s.format(range(FIRST_DEPARTMENT, scoreRow, LAST_DEPARTMENT, scoreRow), '0.0%');
  s.cell('scores', range(FIRST_DEPARTMENT, scoreRow, LAST_DEPARTMENT, scoreRow));
}

/** Checks and validation: parts that do not add up to 100%, achievements far off target, typed values. */
function checkShared(s: SheetBuilder, lang: Locale, Ls: Lists, rows: TableRows): void {
  const K = KPI_COLUMNS;
  const first = rows.firstRow;
  const total0 = addr(PARTS_TOTAL, first);
  s.conditional(dataRange(rows, PARTS_TOTAL), `AND(LEN(${addr(K.kpi, first)})>0,ROUND(${total0},10)<>1)`, 'bad');
  const a0 = addr(K.achievement, first);
  s.conditional(dataRange(rows, K.achievement), `AND(ISNUMBER(${a0}),ROUND(${a0},10)<0.8)`, 'bad');
  s.conditional(dataRange(rows, K.achievement), `AND(ISNUMBER(${a0}),ROUND(${a0},10)>=1.2)`, 'good');
  s.validate({ range: dataRange(rows, K.direction), type: 'list', source: `=${Ls.dirChoices}`, allowBlank: true, message: label(lang, 'msg.direction') });
  const target = addr(K.target, first);
  s.validate({ range: dataRange(rows, K.target), type: 'custom', formula: `=AND(ISNUMBER(${target}),${target}<>0)`, allowBlank: true, message: label(lang, 'msg.target') });
  s.validate({ range: dataRange(rows, K.actual), type: 'decimal', allowBlank: true, message: label(lang, 'msg.number') });
  s.validate({ range: dataRange(rows, FIRST_DEPARTMENT, LAST_DEPARTMENT), type: 'decimal', min: 0, max: 1, allowBlank: true, message: label(lang, 'msg.part') });
}
