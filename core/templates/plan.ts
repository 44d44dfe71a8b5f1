import type { Locale } from '../types.js';
import { abs, absRange, addr, col, range } from './a1.js';
import {
  BLANK,
  columnsFrom,
  dataRange,
  f,
  helperColumn,
  lastColumnOf,
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
  PLAN_PROBLEM,
  UNIT,
  achievementLine,
  bandLine,
  numberOr,
  numberOrBlank,
  optionCode,
  planLineFlag,
  planLineProblem,
  str,
  textFormula,
  unitClass,
  unitNonNegative,
} from './formulas.js';
import { label, type LabelKey } from './labels.js';
import { lists, type Lists } from './lists.js';
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

/**
 * Blank KPI lines a generated plan keeps after a preset's lines, so that HR can add KPIs in place
 * (every review of the plan already has a row for each). Three: a team rarely adds more than one
 * or two KPIs within a period, plans of 3–9 KPIs stay within the usual 3–12, and each spare line
 * costs one review row per employee (2,000 employees: 6,000 rows).
 */
export const SPARE_PLAN_LINES = 3;

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
  /** The unit of each KPI row as written when the sheet is made (null: none, or a spare row). */
  readonly units: readonly (string | null)[];
}

const HEADER_ROW = 4;

/** Where a generated plan keeps its columns (the same in every language). */
export const PLAN_COLUMNS = columnsFrom(1, [
  'no', 'perspective', 'kpi', 'definition', 'source', 'direction', 'unit', 'baseline', 'threshold', 'target', 'maximum', 'weight',
  'owner', 'sharedWith', 'period', 'action', 'check', 'weightNum',
] as const);

/** Hidden helpers right of the plan's columns: each line's numbers, codes and problem. */
const HELPER_COLUMNS = columnsFrom(placeBeside(PLAN_COLUMNS.weightNum), [
  'targetNum', 'baselineNum', 'thresholdNum', 'maximumNum', 'dirCode', 'unitClass', 'used', 'lineCheck', 'has', 'bandCheck', 'problem', 'flag',
] as const);
type HelperKey = keyof typeof HELPER_COLUMNS;

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

/** Unit words (lower case) and their class; values of percent, count and time units cannot be negative. */
export const UNIT_WORDS: Readonly<Record<keyof typeof UNIT, readonly string[]>> = {
  percent: ['%', '％', 'percent', 'pct', '百分比', '百分点'],
  money: ['$', '$k', '$m', 'k$', '¥', '￥', '€', '元', '千元', '万元', '百万元', '亿元', 'yuan', 'rmb', 'cny', 'usd', 'eur', 'dollars', 'currency', '金额', '$ per customer', '元/客户'],
  count: ['count', 'pcs', 'units', 'items', 'people', 'persons', 'customers', 'orders', 'tickets', '个', '人', '次', '件', '项', '单', '户', '家', '名', '位', '篇', '场'],
  time: ['days', 'day', 'hours', 'hour', 'h', 'minutes', 'min', 'weeks', '天', '日', '工作日', '小时', '分钟', '周'],
  points: ['points', 'point', 'pts', 'score', '分'],
};

/** The class of a unit as typed (UNIT codes; 0 blank or unknown), as the sheets' formulas find it. */
export function unitClassOf(unit: string | null | undefined): number {
  if (typeof unit !== 'string') return 0;
  const w = unit.trim().toLowerCase();
  for (const [k, words] of Object.entries(UNIT_WORDS)) if (words.includes(w)) return UNIT[k as keyof typeof UNIT];
  return 0;
}

/** The number format a unit gives its values (percent and money); undefined leaves the cell's own. */
export function unitNumFmt(unit: string | null | undefined): string | undefined {
  const c = unitClassOf(unit);
  return c === UNIT.percent ? '0.0%' : c === UNIT.money ? '#,##0.00' : undefined;
}

/** A hidden word | class table of units at column c from row r; returns the two ranges (absolute). */
export function unitsTable(s: SheetBuilder, c: number, r: number): { words: string; classes: string } {
  const rows = Object.entries(UNIT_WORDS).flatMap(([k, words]) => words.map((w) => [v(w), v(UNIT[k as keyof typeof UNIT])]));
  s.row(c, r, [v('unitWords'), v('unitClasses')]);
  s.put(c, r + 1, rows);
  s.width(c, 8, true);
  s.width(c + 1, 8, true);
  return { words: absRange(c, r + 1, c, r + rows.length), classes: absRange(c + 1, r + 1, c + 1, r + rows.length) };
}

const PROBLEM_LABELS: Readonly<Record<keyof typeof PLAN_PROBLEM, LabelKey>> = {
  weightText: 'rv.p.weightText', weightNegative: 'rv.p.weightNegative', direction: 'rv.p.direction', noTarget: 'rv.p.noTarget',
  targetText: 'rv.p.targetText', targetZero: 'rv.p.targetZero', targetIsBaseline: 'rv.p.targetIsBaseline',
  ratioBaseline: 'rv.p.ratioBaseline', baselineText: 'rv.p.baselineText', negativeTarget: 'rv.p.negativeTarget',
  curveText: 'rv.p.curveText', curveOrder: 'rv.p.curveOrder', ratioTarget: 'rv.p.ratioTarget',
  higherBaseline: 'rv.p.higherBaseline', lowerBaseline: 'rv.p.lowerBaseline',
};

/** The words for a plan line's problem code (see planLineProblem), from the plan's cells as typed. */
export function problemText(lang: Locale, code: string, raw: { weight: string; direction: string; target: string; baseline: string; unit: string }): string {
  const keys = (Object.keys(PLAN_PROBLEM) as (keyof typeof PLAN_PROBLEM)[]).sort((a, b) => PLAN_PROBLEM[a] - PLAN_PROBLEM[b]);
  const x: Partial<Record<keyof typeof PLAN_PROBLEM, string>> = {
    weightText: raw.weight, direction: raw.direction, targetText: raw.target, baselineText: raw.baseline, negativeTarget: raw.target,
  };
  const texts = keys.map((k) => textFormula(label(lang, PROBLEM_LABELS[k]), { x: x[k] ?? '""', unit: raw.unit }));
  return `IF(${code}=0,"",CHOOSE(${code},${texts.join(',')}))`;
}

/** The KPI plan sheet: one input row per KPI, a total row that checks the weights. */
export function planSheet(wb: WorkbookBuilder, input: PlanSheetInput): PlanSheetResult {
  const lang = wb.lang;
  const Ls = lists(wb);
  const s = wb.sheet('plan', label(lang, 'sheet.plan'));
  const n = Math.max(1, input.rows);
  const line = (i: number): PlanLine => input.lines[i] ?? EMPTY_LINE;
  const rows = tableRows(HEADER_ROW, n);
  const lastVisible = PLAN_COLUMNS.action;

  s.title(1, lastVisible, 1, label(lang, 'title.plan', { dept: input.department }));
  s.line(1, lastVisible, 2, input.period ? label(lang, 'subtitle.period', { period: input.period }) : '', 'subtitle');
  s.line(1, lastVisible, 3, label(lang, 'note.plan'), 'note');
  // The unit words sit right of the helpers, from the header row down.
  const units = unitsTable(s, placeBeside(lastColumnOf(HELPER_COLUMNS)), HEADER_ROW);
  const t = s.table({ key: 'kpis', at: PLAN_COLUMNS.no, headerRow: HEADER_ROW, rows: n, columns: planColumns(lang, Ls, line, units) });

  // Values show in their unit's format (percent, money) where the unit is known when the sheet is made.
  for (let i = 0; i < n; i++) {
    const fmt = unitNumFmt(line(i).unit);
    if (fmt !== undefined) s.format(range(PLAN_COLUMNS.baseline, rows.firstRow + i, PLAN_COLUMNS.maximum, rows.firstRow + i), fmt);
  }
  s.conditional(dataRange(rows, PLAN_COLUMNS.check), `${addr(HELPER_COLUMNS.flag, rows.firstRow)}=1`, 'bad');
  const totalCell = writeTotalRow(s, lang, placeBelow(rows), t.colRange('weightNum'));
  validatePlan(s, lang, Ls, rows);
  s.freeze(HEADER_ROW, PLAN_COLUMNS.kpi);
  return { sheet: s.name, mapping: generatedPlanMapping(s.name, n), weightTotal: totalCell, units: Array.from({ length: n }, (_, i) => line(i).unit) };
}

/** Each line's hidden helpers, as formulas with {r} for the row. */
function helperFormulas(Ls: Lists, units: { words: string; classes: string }): Record<HelperKey, string> {
  const P = PLAN_COLUMNS;
  const at = (c: number) => `${col(c)}{r}`;
  const h = (k: HelperKey) => at(HELPER_COLUMNS[k]);
  const parts = { target: h('targetNum'), baseline: h('baselineNum'), direction: h('dirCode') };
  const w = at(P.weightNum);
  return {
    targetNum: numberOrBlank(at(P.target)),
    baselineNum: numberOrBlank(at(P.baseline)),
    thresholdNum: numberOrBlank(at(P.threshold)),
    maximumNum: numberOrBlank(at(P.maximum)),
    dirCode: optionCode(at(P.direction), Ls.dirWords, Ls.dirCodes, '1'),
    unitClass: unitClass(at(P.unit), units.words, units.classes),
    used: `IF(OR(LEN(TRIM(${at(P.kpi)}))>0,LEN(TRIM(${at(P.target)}))>0,LEN(TRIM(${at(P.weight)}))>0),1,0)`,
    lineCheck: `IFERROR(${achievementLine.check(parts)},0)`,
    has: `IFERROR(${bandLine.has(h('thresholdNum'), h('maximumNum'))},0)`,
    bandCheck: `IFERROR(${bandLine.check(h('has'), { threshold: h('thresholdNum'), target: h('targetNum'), maximum: h('maximumNum') })},0)`,
    problem: planLineProblem({
      used: h('used'), weight: w, direction: h('dirCode'), target: h('targetNum'), baseline: h('baselineNum'), threshold: h('thresholdNum'),
      maximum: h('maximumNum'), check: h('lineCheck'), bandCheck: h('bandCheck'), nonNegative: unitNonNegative(h('unitClass')),
    }),
    flag: planLineFlag(h('problem'), w),
  };
}

/** The line's check in words: ✗ and the problem, the problem as a warning, ✓, or not weighted. */
function checkFormula(lang: Locale): string {
  const P = PLAN_COLUMNS;
  const at = (c: number) => `${col(c)}{r}`;
  const h = (k: HelperKey) => at(HELPER_COLUMNS[k]);
  const w = at(P.weightNum);
  const reason = problemText(lang, h('problem'), { weight: at(P.weight), direction: at(P.direction), target: at(P.target), baseline: at(P.baseline), unit: at(P.unit) });
  return (
    `IF(${h('used')}=0,"",IF(${h('flag')}=1,"✗ "&${reason},IF(${h('problem')}>0,${reason},` +
    `IF(${w}>0,${str(label(lang, 'rv.row.ok'))},${str(label(lang, 'rv.row.notWeighted'))}))))`
  );
}

function planColumns(lang: Locale, Ls: Lists, line: (i: number) => PlanLine, units: { words: string; classes: string }): ColumnDef[] {
  const text = (get: (l: PlanLine) => string | null) => (i: number) => v(get(line(i)));
  const num = (get: (l: PlanLine) => NumberInput) => (i: number) => v(get(line(i)));
  const weightNum = perRow(numberOr(`${col(PLAN_COLUMNS.weight)}{r}`, '0'));
  const checkCell = perRow(checkFormula(lang));
  const helpers = helperFormulas(Ls, units);
  const helperColumns = (Object.keys(HELPER_COLUMNS) as HelperKey[]).map((k) => {
    const make = perRow(helpers[k]);
    return helperColumn(k, (_i, r) => make(r));
  });
  return [
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
    { key: 'check', header: label(lang, 'rv.col.check'), width: 34, style: 'formula', cell: (_i, r) => checkCell(r) },
    { key: 'weightNum', header: 'weightNum', width: 8, hidden: true, style: 'formula', cell: (_i, r) => weightNum(r) },
    ...helperColumns,
  ];
}

/** The total row: the weights' sum and, merged across the columns right of it, whether it is 100%. Returns the sum's cell. */
function writeTotalRow(s: SheetBuilder, lang: Locale, totalRow: number, weights: string): string {
  const P = PLAN_COLUMNS;
  const totalCell = addr(P.weight, totalRow);
  const verdict = f(
    `IF(NOT(ISNUMBER(${totalCell})),${str(label(lang, 'rv.plan.weightText'))},` +
      `IF(ROUND(${totalCell},10)=1,${str(label(lang, 'label.weightsOk'))},${str(label(lang, 'label.weightsBad'))}))`,
  );
  const cells: CellSpec[] = [];
  for (let c = 1; c <= P.action; c++) {
    cells.push(c === P.no ? v(label(lang, 'label.total')) : c === P.weight ? f(`SUM(${weights})`) : c === P.owner ? verdict : BLANK);
  }
  s.row(1, totalRow, cells);
  s.style(range(1, totalRow, P.action, totalRow), 'total');
  s.format(totalCell, '0%');
  s.merge(range(P.owner, totalRow, P.action, totalRow));
  const notWhole = `ROUND(${abs(P.weight, totalRow)},10)<>1`;
  s.conditional(range(P.weight, totalRow, P.weight, totalRow), notWhole, 'bad');
  s.conditional(range(P.owner, totalRow, P.owner, totalRow), notWhole, 'bad');
  s.cell('weightTotal', totalCell);
  s.cell('weightCheck', addr(P.owner, totalRow));
  return totalCell;
}

/** Data validation: lists for options, numbers for numbers. */
function validatePlan(s: SheetBuilder, lang: Locale, Ls: Lists, rows: TableRows): void {
  const P = PLAN_COLUMNS;
  const column = (c: number) => dataRange(rows, c);
  s.validate({ range: column(P.perspective), type: 'list', source: `=${Ls.perspChoices}`, allowBlank: true, message: label(lang, 'msg.perspective') });
  s.validate({ range: column(P.direction), type: 'list', source: `=${Ls.dirChoices}`, allowBlank: true, message: label(lang, 'msg.direction') });
  s.validate({ range: column(P.period), type: 'list', source: `=${Ls.periodChoices}`, allowBlank: true, message: label(lang, 'msg.period') });
  for (const c of [P.baseline, P.threshold, P.maximum]) {
    s.validate({ range: column(c), type: 'decimal', allowBlank: true, message: label(lang, 'msg.number') });
  }
  const [target, baseline] = [addr(P.target, rows.firstRow), addr(P.baseline, rows.firstRow)];
  s.validate({
    range: column(P.target),
    type: 'custom',
    formula: `=AND(ISNUMBER(${target}),OR(${target}<>0,ISNUMBER(${baseline})))`,
    allowBlank: true,
    message: label(lang, 'msg.target'),
  });
  s.validate({ range: column(P.weight), type: 'decimal', min: 0, max: 1, allowBlank: true, message: label(lang, 'msg.weight') });
}
