import type { Locale } from '../types.js';
import { abs, addr, col, range } from './a1.js';
import { BLANK, f, perRow, v, type ColumnDef, type WorkbookBuilder } from './builder.js';
import { numberOr, str } from './formulas.js';
import { label } from './labels.js';
import { lists } from './lists.js';
import type { PlanMapping } from './options.js';
import { PRESET_DATA, pick, type PresetKey } from './presets.js';
import { DISPLAY } from './words.js';
import type { CellSpec } from './types.js';

/** A value a user types where a number goes: a number, a number typed as text, or blank. */
export type NumberInput = number | string | null;

/** One KPI line of a plan sheet, as the user would type it. */
export interface PlanLine {
  readonly perspective: string | null;
  readonly kpi: string | null;
  readonly definition: string | null;
  readonly source: string | null;
  readonly direction: string | null;
  readonly unit: string | null;
  readonly baseline: NumberInput;
  readonly threshold: NumberInput;
  readonly target: NumberInput;
  readonly maximum: NumberInput;
  readonly weight: NumberInput;
  readonly owner: string | null;
  readonly sharedWith: string | null;
  readonly period: string | null;
  readonly action: string | null;
}

export const EMPTY_LINE: PlanLine = {
  perspective: null,
  kpi: null,
  definition: null,
  source: null,
  direction: null,
  unit: null,
  baseline: null,
  threshold: null,
  target: null,
  maximum: null,
  weight: null,
  owner: null,
  sharedWith: null,
  period: null,
  action: null,
};

/** A preset's KPI lines in one language. */
export function presetLines(key: PresetKey, lang: Locale): PlanLine[] {
  const p = PRESET_DATA[key];
  return p.kpis.map((k) => ({
    perspective: DISPLAY.perspective[lang][k.perspective],
    kpi: pick(k.kpi, lang),
    definition: pick(k.definition, lang),
    source: pick(k.source, lang),
    direction: DISPLAY.direction[lang][k.direction],
    unit: pick(k.unit, lang),
    baseline: k.baseline ?? null,
    threshold: k.threshold ?? null,
    target: k.target,
    maximum: k.maximum ?? null,
    weight: k.weight,
    owner: pick(p.department, lang),
    sharedWith: k.sharedWith ? pick(k.sharedWith, lang) : null,
    period: DISPLAY.period[lang][k.period],
    action: pick(k.action, lang),
  }));
}

export interface PlanSheetInput {
  readonly department: string;
  readonly period: string;
  /** The KPI lines; the sheet has `rows` lines, blank past the given ones. */
  readonly lines: readonly PlanLine[];
  readonly rows: number;
}

export interface PlanSheetResult {
  readonly sheet: string;
  readonly mapping: PlanMapping;
  /** The cell holding the weight total. */
  readonly weightTotal: string;
}

const HEADER_ROW = 4;

/** Where a generated plan keeps its columns (the same in every language). */
export const PLAN_COLUMNS = {
  no: 1,
  perspective: 2,
  kpi: 3,
  definition: 4,
  source: 5,
  direction: 6,
  unit: 7,
  baseline: 8,
  threshold: 9,
  target: 10,
  maximum: 11,
  weight: 12,
  owner: 13,
  sharedWith: 14,
  period: 15,
  action: 16,
  weightNum: 17,
} as const;

/** The mapping of a plan sheet that KPI Kit generated with `kpis` lines. */
export function generatedPlanMapping(sheet: string, kpis: number): PlanMapping {
  const c = PLAN_COLUMNS;
  return {
    sheet,
    headerRow: HEADER_ROW,
    firstRow: HEADER_ROW + 1,
    lastRow: HEADER_ROW + kpis,
    columns: {
      kpi: col(c.kpi),
      target: col(c.target),
      weight: col(c.weight),
      direction: col(c.direction),
      baseline: col(c.baseline),
      threshold: col(c.threshold),
      maximum: col(c.maximum),
      unit: col(c.unit),
      perspective: col(c.perspective),
    },
  };
}

const isPercentUnit = (u: string | null) => u !== null && u.trim() === '%';

/** The KPI plan sheet: one input row per KPI, a total row that checks the weights. */
export function planSheet(wb: WorkbookBuilder, input: PlanSheetInput): PlanSheetResult {
  const lang = wb.lang;
  const L = lists(wb);
  const s = wb.sheet('plan', label(lang, 'sheet.plan'));
  const n = Math.max(1, input.rows);
  const line = (i: number): PlanLine => input.lines[i] ?? EMPTY_LINE;
  const first = HEADER_ROW + 1;
  const last = HEADER_ROW + n;
  const totalRow = last + 1;
  const lastCol = PLAN_COLUMNS.action;

  s.title(1, lastCol, 1, label(lang, 'title.plan', { dept: input.department }));
  s.line(1, lastCol, 2, input.period ? label(lang, 'subtitle.period', { period: input.period }) : '', 'subtitle');
  s.line(1, lastCol, 3, label(lang, 'note.plan'), 'note');

  const text = (get: (l: PlanLine) => string | null) => (i: number) => v(get(line(i)));
  const num = (get: (l: PlanLine) => NumberInput) => (i: number) => v(get(line(i)));
  const weightNum = perRow(numberOr(`${col(PLAN_COLUMNS.weight)}{r}`, '0'));
  const columns: ColumnDef[] = [
    { key: 'no', header: label(lang, 'col.no'), width: 6, style: 'formula', cell: (i) => v(i + 1) },
    { key: 'perspective', header: label(lang, 'col.perspective'), width: 14, style: 'input', cell: text((l) => l.perspective) },
    { key: 'kpi', header: label(lang, 'col.kpi'), width: 26, style: 'input', cell: text((l) => l.kpi) },
    { key: 'definition', header: label(lang, 'col.definition'), width: 34, style: 'input', cell: text((l) => l.definition) },
    { key: 'source', header: label(lang, 'col.source'), width: 16, style: 'input', cell: text((l) => l.source) },
    { key: 'direction', header: label(lang, 'col.direction'), width: 12, style: 'input', cell: text((l) => l.direction) },
    { key: 'unit', header: label(lang, 'col.unit'), width: 10, style: 'input', cell: text((l) => l.unit) },
    { key: 'baseline', header: label(lang, 'col.baseline'), width: 10, style: 'input', cell: num((l) => l.baseline) },
    { key: 'threshold', header: label(lang, 'col.threshold'), width: 10, style: 'input', cell: num((l) => l.threshold) },
    { key: 'target', header: label(lang, 'col.target'), width: 10, style: 'input', cell: num((l) => l.target) },
    { key: 'maximum', header: label(lang, 'col.maximum'), width: 12, style: 'input', cell: num((l) => l.maximum) },
    { key: 'weight', header: label(lang, 'col.weight'), width: 9, style: 'input', numFmt: '0%', cell: num((l) => l.weight) },
    { key: 'owner', header: label(lang, 'col.owner'), width: 14, style: 'input', cell: text((l) => l.owner) },
    { key: 'sharedWith', header: label(lang, 'col.sharedWith'), width: 14, style: 'input', cell: text((l) => l.sharedWith) },
    { key: 'period', header: label(lang, 'col.period'), width: 10, style: 'input', cell: text((l) => l.period) },
    { key: 'action', header: label(lang, 'col.action'), width: 32, style: 'input', cell: text((l) => l.action) },
    { key: 'weightNum', header: 'weightNum', width: 8, hidden: true, style: 'formula', cell: (_i, r) => weightNum(r) },
  ];
  const t = s.table({ key: 'kpis', at: 1, headerRow: HEADER_ROW, rows: n, columns });

  // Percentages show as percentages where the unit says so.
  for (let i = 0; i < n; i++) {
    if (isPercentUnit(line(i).unit)) s.format(range(PLAN_COLUMNS.baseline, first + i, PLAN_COLUMNS.maximum, first + i), '0.0%');
  }

  // The total row: the weights' sum and whether it is 100%.
  const totalCell = addr(PLAN_COLUMNS.weight, totalRow);
  const totalRowCells: CellSpec[] = [];
  for (let c = 1; c <= lastCol; c++) {
    if (c === PLAN_COLUMNS.no) totalRowCells.push(v(label(lang, 'label.total')));
    else if (c === PLAN_COLUMNS.weight) totalRowCells.push(f(`SUM(${t.colRange('weightNum')})`));
    else if (c === PLAN_COLUMNS.owner) {
      totalRowCells.push(
        f(`IF(ROUND(${totalCell},10)=1,${str(label(lang, 'label.weightsOk'))},${str(label(lang, 'label.weightsBad'))})`),
      );
    } else totalRowCells.push(BLANK);
  }
  s.row(1, totalRow, totalRowCells);
  s.style(range(1, totalRow, lastCol, totalRow), 'total');
  s.format(totalCell, '0%');
  s.merge(range(PLAN_COLUMNS.owner, totalRow, PLAN_COLUMNS.action, totalRow));
  s.conditional(range(PLAN_COLUMNS.weight, totalRow, PLAN_COLUMNS.weight, totalRow), `ROUND(${abs(PLAN_COLUMNS.weight, totalRow)},10)<>1`, 'bad');
  s.conditional(range(PLAN_COLUMNS.owner, totalRow, PLAN_COLUMNS.owner, totalRow), `ROUND(${abs(PLAN_COLUMNS.weight, totalRow)},10)<>1`, 'bad');
  s.cell('weightTotal', totalCell);
  s.cell('weightCheck', addr(PLAN_COLUMNS.owner, totalRow));

  // Data validation: lists for options, numbers for numbers.
  const colRange = (c: number) => range(c, first, c, last);
  s.validate({ range: colRange(PLAN_COLUMNS.perspective), type: 'list', source: `=${L.perspChoices}`, allowBlank: true, message: label(lang, 'msg.perspective') });
  s.validate({ range: colRange(PLAN_COLUMNS.direction), type: 'list', source: `=${L.dirChoices}`, allowBlank: true, message: label(lang, 'msg.direction') });
  s.validate({ range: colRange(PLAN_COLUMNS.period), type: 'list', source: `=${L.periodChoices}`, allowBlank: true, message: label(lang, 'msg.period') });
  for (const c of [PLAN_COLUMNS.baseline, PLAN_COLUMNS.threshold, PLAN_COLUMNS.maximum]) {
    s.validate({ range: colRange(c), type: 'decimal', allowBlank: true, message: label(lang, 'msg.number') });
  }
  const tgt = addr(PLAN_COLUMNS.target, first);
  const base = addr(PLAN_COLUMNS.baseline, first);
  s.validate({
    range: colRange(PLAN_COLUMNS.target),
    type: 'custom',
    formula: `=AND(ISNUMBER(${tgt}),OR(${tgt}<>0,ISNUMBER(${base})))`,
    allowBlank: true,
    message: label(lang, 'msg.target'),
  });
  s.validate({ range: colRange(PLAN_COLUMNS.weight), type: 'decimal', min: 0, max: 1, allowBlank: true, message: label(lang, 'msg.weight') });

  s.freeze(HEADER_ROW, PLAN_COLUMNS.kpi);
  return { sheet: s.name, mapping: generatedPlanMapping(s.name, n), weightTotal: totalCell };
}
