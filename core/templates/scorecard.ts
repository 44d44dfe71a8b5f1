import type { Locale } from '../types.js';
import { abs, absRange, addr, col, range } from './a1.js';
import {
  columnLetters,
  columnsFrom,
  dataRange,
  f,
  helperColumn,
  perRow,
  placeBelow,
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
  sumFor,
  weightedRow,
  weightedTotal,
} from './formulas.js';
import { label } from './labels.js';
import { lists, type Lists } from './lists.js';
import type { NumberInput } from './plan.js';
import { PRESET_DATA, pick, type PresetKey } from './presets.js';
import { seedOf, seeded } from './random.js';
import { sampleActual } from './sample-data.js';
import type { CellSpec, TableLayout } from './types.js';
import { DISPLAY, PERSPECTIVE_KEYS } from './words.js';

export interface ScorecardLine {
  readonly perspective: string | null;
  readonly kpi: string | null;
  readonly direction: string | null;
  readonly unit: string | null;
  readonly baseline: NumberInput;
  readonly target: NumberInput;
  readonly actual: NumberInput;
  /** Weight of the KPI inside its perspective. */
  readonly weight: NumberInput;
}

export interface ScorecardInput {
  readonly department: string;
  readonly period: string;
  readonly rows: number;
  readonly lines: readonly ScorecardLine[];
  /** Weights of financial, customer, internal process, learning and growth. */
  readonly perspectiveWeights: readonly NumberInput[];
}

export interface ScorecardResult {
  readonly sheet: string;
  readonly perspectives: TableLayout;
  readonly kpis: TableLayout;
  /** The overall score's cell. */
  readonly overall: string;
}

export const PERSPECTIVE_WEIGHTS = [0.4, 0.2, 0.2, 0.2] as const;

/** A preset's KPIs as scorecard lines, with sample actuals when asked for. */
export function scorecardLines(preset: PresetKey, lang: 'en' | 'zh-CN', sample: boolean): ScorecardLine[] {
  const p = PRESET_DATA[preset];
  const rng = seeded(seedOf(`scorecard:${preset}`));
  const sums = new Map<string, number>();
  for (const k of p.kpis) sums.set(k.perspective, (sums.get(k.perspective) ?? 0) + k.weight);
  return p.kpis.map((k) => {
    const sum = sums.get(k.perspective) ?? 0;
    return {
      perspective: DISPLAY.perspective[lang][k.perspective],
      kpi: pick(k.kpi, lang),
      direction: DISPLAY.direction[lang][k.direction],
      unit: pick(k.unit, lang),
      baseline: k.baseline ?? null,
      target: k.target,
      actual: sample ? sampleActual(k, 0.2, rng) : null,
      weight: sum > 0 ? Math.round((k.weight / sum) * 1e6) / 1e6 : 0,
    };
  });
}

/** Rows 1–3: title, period and note. */
const HEADING_LAST_ROW = 3;
/** A table's header row: one empty row and a subtitle row below what ends at row `above`. */
const sectionBelow = (above: number): number => placeBelow(above, 1) + 1;
/** The perspectives table first, its overall row last; the KPI table below it. */
const PERSPECTIVE_ROWS = tableRows(sectionBelow(HEADING_LAST_ROW), PERSPECTIVE_KEYS.length);
const OVERALL_ROW = placeBelow(PERSPECTIVE_ROWS);
const KPI_HEADER = sectionBelow(OVERALL_ROW);

/** The KPI table's columns: what people see, then hidden helpers. */
const KPI_COLUMNS = columnsFrom(1, [
  'no', 'perspective', 'kpi', 'direction', 'unit', 'baseline', 'target', 'actual', 'weight', 'achievement', 'weighted',
  'code', 'actualNum', 'targetNum', 'dirCode', 'baselineNum', 'raw', 'weightNum', 'product', 'counted', 'scored', 'negative',
] as const);
/** The perspectives table, under the KPI table's perspective column. */
const PERSPECTIVE_COLUMNS = columnsFrom(KPI_COLUMNS.perspective, ['perspective', 'weight', 'subtotal', 'weighted'] as const);

/** The balanced scorecard: four weighted perspectives, their KPIs, subtotals and the overall score. */
export function scorecardSheet(wb: WorkbookBuilder, input: ScorecardInput): ScorecardResult {
  const lang = wb.lang;
  const Ls = lists(wb);
  const s = wb.sheet('scorecard', label(lang, 'sheet.scorecard'));
  const lastVisible = KPI_COLUMNS.weighted;
  s.title(1, lastVisible, 1, label(lang, 'title.scorecard', { dept: input.department }));
  s.line(1, lastVisible, 2, input.period ? label(lang, 'subtitle.period', { period: input.period }) : '', 'subtitle');
  s.line(1, lastVisible, HEADING_LAST_ROW, label(lang, 'note.scorecard'), 'note');
  const kpis = kpiTable(s, lang, Ls, input);
  writePerspectives(s, lang, input, kpis);
  stylePerspectives(s, lang);
  const perspectives: TableLayout = { key: 'perspectives', ...PERSPECTIVE_ROWS, columns: columnLetters(PERSPECTIVE_COLUMNS) };
  s.layout(perspectives);
  checkKpis(s, lang, Ls, kpis);
  return { sheet: s.name, perspectives, kpis, overall: addr(PERSPECTIVE_COLUMNS.subtotal, OVERALL_ROW) };
}

/** The KPI table (one line per KPI, helpers hidden), with percent formats where the unit is "%". */
function kpiTable(s: SheetBuilder, lang: Locale, Ls: Lists, input: ScorecardInput): TableLayout {
  const K = KPI_COLUMNS;
  const n = Math.max(1, input.rows);
  s.line(1, K.weighted, KPI_HEADER - 1, label(lang, 'label.kpis'), 'subtitle');
  const t = s.table({ key: 'kpis', at: K.no, headerRow: KPI_HEADER, rows: n, columns: kpiColumns(lang, Ls, input.lines) });
  for (let i = 0; i < n; i++) {
    const u = input.lines[i]?.unit;
    if (u !== undefined && u !== null && u.trim() === '%') s.format(range(K.baseline, t.firstRow + i, K.actual, t.firstRow + i), '0.0%');
  }
  return t.layout;
}

function kpiColumns(lang: Locale, Ls: Lists, lines: readonly ScorecardLine[]): ColumnDef[] {
  const K = KPI_COLUMNS;
  const at = (x: number) => `${col(x)}{r}`;
  const line = (i: number): ScorecardLine | undefined => lines[i];
  const text = (get: (l: ScorecardLine) => string | null) => (i: number) => v(line(i) ? get(line(i)!) : null);
  const num = (get: (l: ScorecardLine) => NumberInput) => (i: number) => v(line(i) ? get(line(i)!) : null);
  const raw = rawAchievement({ actual: at(K.actualNum), target: at(K.targetNum), baseline: at(K.baselineNum), direction: at(K.dirCode) });
  const achievement = perRow(clampAchievement(at(K.raw), '""', '0'));
  const product = perRow(weightedRow.product(at(K.achievement), at(K.weightNum)));
  const hidden = (key: string, body: string): ColumnDef => {
    const make = perRow(body);
    return helperColumn(key, (_i, r) => make(r));
  };
  return [
    { key: 'no', header: label(lang, 'col.no'), width: 6, style: 'formula', cell: (i) => v(i + 1) },
    { key: 'perspective', header: label(lang, 'col.perspective'), width: 18, style: 'input', cell: text((l) => l.perspective) },
    { key: 'kpi', header: label(lang, 'col.kpi'), width: 26, style: 'input', cell: text((l) => l.kpi) },
    { key: 'direction', header: label(lang, 'col.direction'), width: 12, style: 'input', cell: text((l) => l.direction) },
    { key: 'unit', header: label(lang, 'col.unit'), width: 9, style: 'input', cell: text((l) => l.unit) },
    { key: 'baseline', header: label(lang, 'col.baseline'), width: 10, style: 'input', cell: num((l) => l.baseline) },
    { key: 'target', header: label(lang, 'col.target'), width: 10, style: 'input', cell: num((l) => l.target) },
    { key: 'actual', header: label(lang, 'col.actual'), width: 10, style: 'input', cell: num((l) => l.actual) },
    { key: 'weight', header: label(lang, 'col.weightInPerspective'), width: 12, style: 'input', numFmt: '0%', cell: num((l) => l.weight) },
    { key: 'achievement', header: label(lang, 'col.achievement'), width: 13, style: 'formula', numFmt: '0.0%', cell: (_i, r) => achievement(r) },
    { key: 'weighted', header: label(lang, 'col.weighted'), width: 11, style: 'formula', numFmt: '0.0%', cell: (_i, r) => product(r) },
    hidden('code', optionCode(at(K.perspective), Ls.perspWords, Ls.perspCodes, '""')),
    hidden('actualNum', numberOrBlank(at(K.actual))),
    hidden('targetNum', numberOrBlank(at(K.target))),
    hidden('dirCode', optionCode(at(K.direction), Ls.dirWords, Ls.dirCodes, '1')),
    hidden('baselineNum', numberOrBlank(at(K.baseline))),
    hidden('raw', raw),
    hidden('weightNum', numberOr(at(K.weight), '0')),
    hidden('product', weightedRow.product(at(K.achievement), at(K.weightNum))),
    hidden('counted', weightedRow.counted(at(K.achievement), at(K.weightNum))),
    hidden('scored', weightedRow.scored(at(K.achievement))),
    hidden('negative', weightedRow.negative(at(K.weightNum))),
  ];
}

/**
 * The perspectives table: weight, subtotal (WEIGHTED_SCORE of its KPIs) and weighted part, and the
 * overall row. The perspective rows' helpers sit in the KPI table's helper columns, above its header.
 */
function writePerspectives(s: SheetBuilder, lang: Locale, input: ScorecardInput, kpis: TableRows): void {
  const K = KPI_COLUMNS;
  const P = PERSPECTIVE_COLUMNS;
  const rows = PERSPECTIVE_ROWS;
  s.line(P.perspective, P.weighted, rows.headerRow - 1, label(lang, 'label.perspectives'), 'subtitle');
  const headers = ['col.perspective', 'col.weight', 'col.subtotal', 'col.weighted'] as const;
  s.row(P.perspective, rows.headerRow, headers.map((k) => v(label(lang, k))));
  s.style(range(P.perspective, rows.headerRow, P.weighted, rows.headerRow), 'header');
  const ofKpis = (field: number) => absRange(field, kpis.firstRow, field, kpis.lastRow);
  const sub = (field: number, r: number) => sumFor(ofKpis(field), ofKpis(K.code), addr(K.code, r));
  const visible: CellSpec[][] = [];
  const codes: CellSpec[][] = [];
  const helpers: CellSpec[][] = [];
  PERSPECTIVE_KEYS.forEach((p, i) => {
    const r = rows.firstRow + i;
    const [weight, subtotal, weightNum] = [addr(P.weight, r), addr(P.subtotal, r), addr(K.weightNum, r)];
    const total = weightedTotal({ count: sub(K.scored, r), negatives: sub(K.negative, r), weights: sub(K.counted, r), products: sub(K.product, r) });
    visible.push([v(DISPLAY.perspective[lang][p]), v(input.perspectiveWeights[i] ?? null), f(total), f(`IF(${subtotal}="","",${subtotal}*${weightNum})`)]);
    codes.push([v(i + 1)]);
    helpers.push([
      f(numberOr(weight, '0')),
      f(weightedRow.product(subtotal, weightNum)),
      f(weightedRow.counted(subtotal, weightNum)),
      f(weightedRow.scored(subtotal)),
      f(weightedRow.negative(weightNum)),
    ]);
  });
  s.put(P.perspective, rows.firstRow, visible);
  s.put(K.code, rows.firstRow, codes);
  s.put(K.weightNum, rows.firstRow, helpers);
  const sumOf = (field: number) => `SUM(${absRange(field, rows.firstRow, field, rows.lastRow)})`;
  s.row(P.perspective, OVERALL_ROW, [
    v(label(lang, 'label.overall')),
    f(sumOf(K.weightNum)),
    f(weightedTotal({ count: sumOf(K.scored), negatives: sumOf(K.negative), weights: sumOf(K.counted), products: sumOf(K.product) })),
    v(null),
  ]);
}

function stylePerspectives(s: SheetBuilder, lang: Locale): void {
  const P = PERSPECTIVE_COLUMNS;
  const rows = PERSPECTIVE_ROWS;
  const withOverall = (c1: number, c2: number) => range(c1, rows.firstRow, c2, OVERALL_ROW);
  s.style(dataRange(rows, P.perspective), 'formula');
  s.style(dataRange(rows, P.weight), 'input');
  s.style(dataRange(rows, P.subtotal, P.weighted), 'formula');
  s.style(range(P.perspective, OVERALL_ROW, P.weighted, OVERALL_ROW), 'total');
  s.format(withOverall(P.weight, P.weight), '0%');
  s.format(withOverall(P.subtotal, P.weighted), '0.0%');
  s.conditional(addr(P.weight, OVERALL_ROW), `ROUND(${abs(P.weight, OVERALL_ROW)},10)<>1`, 'bad');
  s.validate({ range: dataRange(rows, P.weight), type: 'decimal', min: 0, max: 1, allowBlank: true, message: label(lang, 'msg.weight') });
  s.cell('overall', addr(P.subtotal, OVERALL_ROW));
  s.cell('perspectiveWeightTotal', addr(P.weight, OVERALL_ROW));
}

/** Highlights and validation of the KPI table. */
function checkKpis(s: SheetBuilder, lang: Locale, Ls: Lists, rows: TableRows): void {
  const K = KPI_COLUMNS;
  const a0 = addr(K.achievement, rows.firstRow);
  const achievement = dataRange(rows, K.achievement);
  s.conditional(achievement, `AND(ISNUMBER(${a0}),ROUND(${a0},10)<0.8)`, 'bad');
  s.conditional(achievement, `AND(ISNUMBER(${a0}),ROUND(${a0},10)>=1.2)`, 'good');
  const column = (x: number) => dataRange(rows, x);
  s.validate({ range: column(K.perspective), type: 'list', source: `=${Ls.perspChoices}`, allowBlank: true, message: label(lang, 'msg.perspective') });
  s.validate({ range: column(K.direction), type: 'list', source: `=${Ls.dirChoices}`, allowBlank: true, message: label(lang, 'msg.direction') });
  for (const x of [K.baseline, K.actual]) s.validate({ range: column(x), type: 'decimal', allowBlank: true, message: label(lang, 'msg.number') });
  const [target, baseline] = [addr(K.target, rows.firstRow), addr(K.baseline, rows.firstRow)];
  s.validate({
    range: column(K.target),
    type: 'custom',
    formula: `=AND(ISNUMBER(${target}),OR(${target}<>0,ISNUMBER(${baseline})))`,
    allowBlank: true,
    message: label(lang, 'msg.target'),
  });
  s.validate({ range: column(K.weight), type: 'decimal', min: 0, max: 1, allowBlank: true, message: label(lang, 'msg.weight') });
}
