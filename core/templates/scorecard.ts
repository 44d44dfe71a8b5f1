import { abs, absRange, addr, col, range } from './a1.js';
import { f, perRow, v, type ColumnDef, helperColumn, type WorkbookBuilder } from './builder.js';
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
import { lists } from './lists.js';
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

const PERSP_HEADER = 6;
const KPI_HEADER = 14;

/** The balanced scorecard: four weighted perspectives, their KPIs, subtotals and the overall score. */
export function scorecardSheet(wb: WorkbookBuilder, input: ScorecardInput): ScorecardResult {
  const lang = wb.lang;
  const Ls = lists(wb);
  const s = wb.sheet('scorecard', label(lang, 'sheet.scorecard'));
  const n = Math.max(1, input.rows);
  const line = (i: number): ScorecardLine | undefined => input.lines[i];
  const K = {
    no: 1, perspective: 2, kpi: 3, direction: 4, unit: 5, baseline: 6, target: 7, actual: 8, weight: 9,
    achievement: 10, weighted: 11, code: 12, actualNum: 13, targetNum: 14, dirCode: 15, baselineNum: 16,
    raw: 17, weightNum: 18, product: 19, counted: 20, scored: 21, negative: 22,
  } as const;
  const c = (x: number, row = '{r}') => `${col(x)}${row}`;

  s.title(1, K.weighted, 1, label(lang, 'title.scorecard', { dept: input.department }));
  s.line(1, K.weighted, 2, input.period ? label(lang, 'subtitle.period', { period: input.period }) : '', 'subtitle');
  s.line(1, K.weighted, 3, label(lang, 'note.scorecard'), 'note');

  // KPI table.
  s.line(1, K.weighted, KPI_HEADER - 1, label(lang, 'label.kpis'), 'subtitle');
  const text = (get: (l: ScorecardLine) => string | null) => (i: number) => v(line(i) ? get(line(i)!) : null);
  const num = (get: (l: ScorecardLine) => NumberInput) => (i: number) => v(line(i) ? get(line(i)!) : null);
  const code = perRow(optionCode(c(K.perspective), Ls.perspWords, Ls.perspCodes, '""'));
  const actualNum = perRow(numberOrBlank(c(K.actual)));
  const targetNum = perRow(numberOrBlank(c(K.target)));
  const dirCode = perRow(optionCode(c(K.direction), Ls.dirWords, Ls.dirCodes, '1'));
  const baselineNum = perRow(numberOrBlank(c(K.baseline)));
  const raw = perRow(rawAchievement({ actual: c(K.actualNum), target: c(K.targetNum), baseline: c(K.baselineNum), direction: c(K.dirCode) }));
  const achievement = perRow(clampAchievement(c(K.raw), '""', '0'));
  const weightNum = perRow(numberOr(c(K.weight), '0'));
  const product = perRow(weightedRow.product(c(K.achievement), c(K.weightNum)));
  const counted = perRow(weightedRow.counted(c(K.achievement), c(K.weightNum)));
  const scored = perRow(weightedRow.scored(c(K.achievement)));
  const negative = perRow(weightedRow.negative(c(K.weightNum)));
  const hidden = (key: string, make: (r: number) => CellSpec): ColumnDef => helperColumn(key, (_i, r) => make(r));
  const columns: ColumnDef[] = [
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
    hidden('code', code),
    hidden('actualNum', actualNum),
    hidden('targetNum', targetNum),
    hidden('dirCode', dirCode),
    hidden('baselineNum', baselineNum),
    hidden('raw', raw),
    hidden('weightNum', weightNum),
    hidden('product', product),
    hidden('counted', counted),
    hidden('scored', scored),
    hidden('negative', negative),
  ];
  const kt = s.table({ key: 'kpis', at: 1, headerRow: KPI_HEADER, rows: n, columns });
  for (let i = 0; i < n; i++) {
    const u = line(i)?.unit;
    if (u !== undefined && u !== null && u.trim() === '%') s.format(range(K.baseline, kt.firstRow + i, K.actual, kt.firstRow + i), '0.0%');
  }

  // Perspective table: weight, subtotal (WEIGHTED_SCORE of its KPIs) and the weighted part.
  s.line(2, 5, PERSP_HEADER - 1, label(lang, 'label.perspectives'), 'subtitle');
  s.row(2, PERSP_HEADER, [
    v(label(lang, 'col.perspective')),
    v(label(lang, 'col.weight')),
    v(label(lang, 'col.subtotal')),
    v(label(lang, 'col.weighted')),
  ]);
  s.style(range(2, PERSP_HEADER, 5, PERSP_HEADER), 'header');
  const p0 = PERSP_HEADER + 1;
  const p1 = p0 + PERSPECTIVE_KEYS.length - 1;
  const overallRow = p1 + 1;
  const key = (field: number) => absRange(field, kt.firstRow, field, kt.lastRow);
  const sub = (field: number, r: number) => sumFor(key(field), key(K.code), addr(K.code, r));
  const visible: CellSpec[][] = [];
  const helpers: CellSpec[][] = [];
  PERSPECTIVE_KEYS.forEach((p, i) => {
    const r = p0 + i;
    const subtotal = weightedTotal({
      count: sub(K.scored, r),
      negatives: sub(K.negative, r),
      weights: sub(K.counted, r),
      products: sub(K.product, r),
    });
    visible.push([
      v(DISPLAY.perspective[lang][p]),
      v(input.perspectiveWeights[i] ?? null),
      f(subtotal),
      f(`IF(${addr(4, r)}="","",${addr(4, r)}*${addr(K.weightNum, r)})`),
    ]);
    // Hidden helpers of the perspective rows sit in the KPI table's helper columns, above its header.
    helpers.push([
      v(i + 1),
      f(numberOr(addr(3, r), '0')),
      f(weightedRow.product(addr(4, r), addr(K.weightNum, r))),
      f(weightedRow.counted(addr(4, r), addr(K.weightNum, r))),
      f(weightedRow.scored(addr(4, r))),
      f(weightedRow.negative(addr(K.weightNum, r))),
    ]);
  });
  s.put(2, p0, visible);
  s.put(K.code, p0, helpers.map((h) => [h[0]!]));
  s.put(K.weightNum, p0, helpers.map((h) => h.slice(1)));
  const sumOf = (field: number) => `SUM(${absRange(field, p0, field, p1)})`;
  s.row(2, overallRow, [
    v(label(lang, 'label.overall')),
    f(sumOf(K.weightNum)),
    f(weightedTotal({ count: sumOf(K.scored), negatives: sumOf(K.negative), weights: sumOf(K.counted), products: sumOf(K.product) })),
    v(null),
  ]);
  s.style(range(2, p0, 2, p1), 'formula');
  s.style(range(3, p0, 3, p1), 'input');
  s.style(range(4, p0, 5, p1), 'formula');
  s.style(range(2, overallRow, 5, overallRow), 'total');
  s.format(range(3, p0, 3, overallRow), '0%');
  s.format(range(4, p0, 5, overallRow), '0.0%');
  s.conditional(addr(3, overallRow), `ROUND(${abs(3, overallRow)},10)<>1`, 'bad');
  s.validate({ range: range(3, p0, 3, p1), type: 'decimal', min: 0, max: 1, allowBlank: true, message: label(lang, 'msg.weight') });
  s.cell('overall', addr(4, overallRow));
  s.cell('perspectiveWeightTotal', addr(3, overallRow));
  const perspectives: TableLayout = {
    key: 'perspectives',
    headerRow: PERSP_HEADER,
    firstRow: p0,
    lastRow: p1,
    columns: { perspective: 'B', weight: 'C', subtotal: 'D', weighted: 'E' },
  };
  s.layout(perspectives);

  // Highlights and validation of the KPI table.
  const first = kt.firstRow;
  const last = kt.lastRow;
  const a0 = addr(K.achievement, first);
  const ach = range(K.achievement, first, K.achievement, last);
  s.conditional(ach, `AND(ISNUMBER(${a0}),ROUND(${a0},10)<0.8)`, 'bad');
  s.conditional(ach, `AND(ISNUMBER(${a0}),ROUND(${a0},10)>=1.2)`, 'good');
  const colRange = (x: number) => range(x, first, x, last);
  s.validate({ range: colRange(K.perspective), type: 'list', source: `=${Ls.perspChoices}`, allowBlank: true, message: label(lang, 'msg.perspective') });
  s.validate({ range: colRange(K.direction), type: 'list', source: `=${Ls.dirChoices}`, allowBlank: true, message: label(lang, 'msg.direction') });
  for (const x of [K.baseline, K.actual]) s.validate({ range: colRange(x), type: 'decimal', allowBlank: true, message: label(lang, 'msg.number') });
  const tgt = addr(K.target, first);
  const base = addr(K.baseline, first);
  s.validate({
    range: colRange(K.target),
    type: 'custom',
    formula: `=AND(ISNUMBER(${tgt}),OR(${tgt}<>0,ISNUMBER(${base})))`,
    allowBlank: true,
    message: label(lang, 'msg.target'),
  });
  s.validate({ range: colRange(K.weight), type: 'decimal', min: 0, max: 1, allowBlank: true, message: label(lang, 'msg.weight') });
  return { sheet: s.name, perspectives, kpis: kt.layout, overall: addr(4, overallRow) };
}
