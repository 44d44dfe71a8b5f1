import type { Locale } from '../types.js';
import { absRange, addr, col, range } from './a1.js';
import { f, perRow, v, type ColumnDef, helperColumn, type WorkbookBuilder } from './builder.js';
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
import { lists } from './lists.js';
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

const HEADER_ROW = 6;

/** Shared KPIs: each KPI's achievement, each department's part of the credit, each department's shared-KPI score. */
export function sharedSheet(wb: WorkbookBuilder, input: SharedInput): SharedResult {
  const lang = wb.lang;
  const Ls = lists(wb);
  const s = wb.sheet('shared', label(lang, 'sheet.shared'));
  const n = Math.max(1, input.rows);
  const data = input.data;
  const line = (i: number): SharedLine | undefined => data?.lines[i];
  const X = { no: 1, kpi: 2, direction: 3, unit: 4, target: 5, actual: 6, achievement: 7, dept0: 8 } as const;
  const partsTotal = X.dept0 + SHARED_DEPARTMENTS;
  const H = { actualNum: partsTotal + 1, targetNum: partsTotal + 2, dirCode: partsTotal + 3, raw: partsTotal + 4, scored: partsTotal + 5 } as const;
  const helper0 = H.scored + 1;
  const partNumCol = (d: number) => helper0 + d * 4;
  const productCol = (d: number) => helper0 + d * 4 + 1;
  const countedCol = (d: number) => helper0 + d * 4 + 2;
  const negativeCol = (d: number) => helper0 + d * 4 + 3;
  const c = (x: number, row = '{r}') => `${col(x)}${row}`;
  const first = HEADER_ROW + 1;
  const last = HEADER_ROW + n;
  const scoreRow = last + 1;

  s.title(1, partsTotal, 1, label(lang, 'title.shared'));
  s.line(1, partsTotal, 2, input.period ? label(lang, 'subtitle.period', { period: input.period }) : '', 'subtitle');
  s.line(1, partsTotal, 3, label(lang, 'note.shared'), 'note');
  s.line(X.dept0, partsTotal - 1, HEADER_ROW - 1, label(lang, 'label.credit'), 'subtitle');

  const actualNum = perRow(numberOrBlank(c(X.actual)));
  const targetNum = perRow(numberOrBlank(c(X.target)));
  const dirCode = perRow(optionCode(c(X.direction), Ls.dirWords, Ls.dirCodes, '1'));
  const raw = perRow(rawAchievement({ actual: c(H.actualNum), target: c(H.targetNum), baseline: '""', direction: c(H.dirCode) }));
  const achievement = perRow(clampAchievement(c(H.raw), '""', '0'));
  const scored = perRow(weightedRow.scored(c(X.achievement)));
  const total = perRow(Array.from({ length: SHARED_DEPARTMENTS }, (_, d) => c(partNumCol(d))).join('+'));
  const hidden = (key: string, make: (r: number) => CellSpec): ColumnDef => helperColumn(key, (_i, r) => make(r));
  const deptColumns: ColumnDef[] = Array.from({ length: SHARED_DEPARTMENTS }, (_, d) => ({
    key: `dept${d + 1}`,
    header: data?.departments[d] ?? '',
    width: 11,
    style: 'input',
    numFmt: '0%',
    cell: (i: number) => v(line(i)?.parts[d] ?? null),
  }));
  const perDept: ColumnDef[] = [];
  for (let d = 0; d < SHARED_DEPARTMENTS; d++) {
    const part = perRow(numberOr(c(X.dept0 + d), '0'));
    const product = perRow(weightedRow.product(c(X.achievement), c(partNumCol(d))));
    const counted = perRow(weightedRow.counted(c(X.achievement), c(partNumCol(d))));
    const negative = perRow(weightedRow.negative(c(partNumCol(d))));
    perDept.push(hidden(`part${d + 1}`, part), hidden(`product${d + 1}`, product), hidden(`counted${d + 1}`, counted), hidden(`negative${d + 1}`, negative));
  }
  const t = s.table({
    key: 'kpis',
    at: 1,
    headerRow: HEADER_ROW,
    rows: n,
    columns: [
      { key: 'no', header: label(lang, 'col.no'), width: 6, style: 'formula', cell: (i) => v(i + 1) },
      { key: 'kpi', header: label(lang, 'col.kpi'), width: 30, style: 'input', cell: (i) => v(line(i)?.kpi ?? null) },
      { key: 'direction', header: label(lang, 'col.direction'), width: 12, style: 'input', cell: (i) => v(line(i)?.direction ?? null) },
      { key: 'unit', header: label(lang, 'col.unit'), width: 12, style: 'input', cell: (i) => v(line(i)?.unit ?? null) },
      { key: 'target', header: label(lang, 'col.target'), width: 10, style: 'input', cell: (i) => v(line(i)?.target ?? null) },
      { key: 'actual', header: label(lang, 'col.actual'), width: 10, style: 'input', cell: (i) => v(line(i)?.actual ?? null) },
      { key: 'achievement', header: label(lang, 'col.achievement'), width: 13, style: 'formula', numFmt: '0.0%', cell: (_i, r) => achievement(r) },
      ...deptColumns,
      { key: 'partsTotal', header: label(lang, 'col.partsTotal'), width: 10, style: 'formula', numFmt: '0%', cell: (_i, r) => total(r) },
      hidden('actualNum', actualNum),
      hidden('targetNum', targetNum),
      hidden('dirCode', dirCode),
      hidden('raw', raw),
      hidden('scored', scored),
      ...perDept,
    ],
  });
  // Department names are typed in the header row.
  s.style(range(X.dept0, HEADER_ROW, X.dept0 + SHARED_DEPARTMENTS - 1, HEADER_ROW), 'input');
  for (let i = 0; i < n; i++) {
    const u = line(i)?.unit;
    if (u !== undefined && u !== null && u.trim() === '%') s.format(range(X.target, first + i, X.actual, first + i), '0.0%');
  }

  // Per department: WEIGHTED_SCORE of the achievements with the department's parts as weights.
  const sumOf = (x: number) => `SUM(${absRange(x, first, x, last)})`;
  const scores: CellSpec[] = [];
  for (let d = 0; d < SHARED_DEPARTMENTS; d++) {
    const head = `${col(X.dept0 + d)}$${HEADER_ROW}`;
    scores.push(
      f(
        `IF(LEN(TRIM(${head}))=0,"",${weightedTotal({
          count: sumOf(H.scored),
          negatives: sumOf(negativeCol(d)),
          weights: sumOf(countedCol(d)),
          products: sumOf(productCol(d)),
        })})`,
      ),
    );
  }
  s.row(1, scoreRow, [v(null), v(label(lang, 'label.sharedScore')), v(null), v(null), v(null), v(null), v(null), ...scores, v(null)]);
  s.style(range(1, scoreRow, partsTotal, scoreRow), 'total');
  s.format(range(X.dept0, scoreRow, X.dept0 + SHARED_DEPARTMENTS - 1, scoreRow), '0.0%');
  s.cell('scores', range(X.dept0, scoreRow, X.dept0 + SHARED_DEPARTMENTS - 1, scoreRow));

  // Checks and validation.
  const t0 = addr(partsTotal, first);
  s.conditional(range(partsTotal, first, partsTotal, last), `AND(LEN(${addr(X.kpi, first)})>0,ROUND(${t0},10)<>1)`, 'bad');
  const a0 = addr(X.achievement, first);
  s.conditional(range(X.achievement, first, X.achievement, last), `AND(ISNUMBER(${a0}),ROUND(${a0},10)<0.8)`, 'bad');
  s.conditional(range(X.achievement, first, X.achievement, last), `AND(ISNUMBER(${a0}),ROUND(${a0},10)>=1.2)`, 'good');
  s.validate({ range: range(X.direction, first, X.direction, last), type: 'list', source: `=${Ls.dirChoices}`, allowBlank: true, message: label(lang, 'msg.direction') });
  const tgt = addr(X.target, first);
  s.validate({ range: range(X.target, first, X.target, last), type: 'custom', formula: `=AND(ISNUMBER(${tgt}),${tgt}<>0)`, allowBlank: true, message: label(lang, 'msg.target') });
  s.validate({ range: range(X.actual, first, X.actual, last), type: 'decimal', allowBlank: true, message: label(lang, 'msg.number') });
  s.validate({ range: range(X.dept0, first, X.dept0 + SHARED_DEPARTMENTS - 1, last), type: 'decimal', min: 0, max: 1, allowBlank: true, message: label(lang, 'msg.part') });
  s.freeze(HEADER_ROW, X.kpi);
  return { sheet: s.name, kpis: t.layout, scoreRow };
}
