/** The workbooks the parity tests recalculate, in both engines. */
import type { Locale } from '../../core/types.js';
import { parseCell } from '../../core/templates/a1.js';
import { WorkbookBuilder, v } from '../../core/templates/builder.js';
import {
  TEMPLATE_KINDS,
  detectPlanColumns,
  generateDemoWorkbook,
  generateTemplate,
  parseTemplateOptions,
  type PlanMapping,
  type WorkbookDesc,
} from '../../core/templates/index.js';
import { planSheet, type PlanLine } from '../../core/templates/plan.js';
import { seeded } from '../../core/templates/random.js';
import { reviewSheet } from '../../core/templates/review.js';
import type { CellSpec, TemplateOptions } from '../../core/templates/index.js';
import {
  random360Workbook,
  randomBonusWorkbook,
  randomPlanWorkbook,
  randomReviewWorkbook,
  randomScorecardWorkbook,
  randomSharedWorkbook,
} from './random-data.js';

export interface Case {
  readonly name: string;
  readonly desc: WorkbookDesc;
  /** The plan a review reads when it is not a generated plan sheet. */
  readonly mapping?: PlanMapping;
  /** Cases built to show the core's errors: errors are compared, not forbidden. */
  readonly errorsExpected?: boolean;
}

export const LANGS: readonly Locale[] = ['zh-CN', 'en'];

export function options(input: Record<string, unknown>): TemplateOptions {
  const r = parseTemplateOptions(input);
  if (!r.ok) throw new Error(r.message);
  return r.options;
}

/** A copy of the description with one value cell replaced (as a user typing into it). */
export function withValue(desc: WorkbookDesc, sheetName: string, address: string, value: number | string | null): WorkbookDesc {
  const { col: c, row } = parseCell(address);
  let done = false;
  const sheets = desc.sheets.map((s) => {
    if (s.name !== sheetName) return s;
    const blocks = s.blocks.map((b) => {
      const { col: bc, row: br } = parseCell(b.at);
      const i = row - br;
      const j = c - bc;
      if (i < 0 || j < 0 || i >= b.cells.length || j >= (b.cells[0]?.length ?? 0)) return b;
      done = true;
      const cells = b.cells.map((line, k) => (k === i ? line.map((x, l): CellSpec => (l === j ? v(value) : x)) : line));
      return { ...b, cells };
    });
    return { ...s, blocks };
  });
  if (!done) throw new Error(`${sheetName}!${address} is not in any block`);
  return { ...desc, sheets };
}

/** A plan typed by a user somewhere in a sheet, with headers the review's mapping is detected from. */
export function userPlanCase(lang: Locale): Case {
  const wb = new WorkbookBuilder(lang, ['Sheet1'], []);
  const s = wb.sheet('userplan', lang === 'en' ? 'Targets 2025' : '年度目标');
  const headers = lang === 'en' ? ['Metric', 'Weight', 'Target', 'Direction', 'Notes'] : ['指标名称', '权重', '目标值', '指标方向', '备注'];
  const rows: (string | number | null)[][] = [
    ['Revenue', 0.5, 1000, 'higher', 'from ERP'],
    ['Cost', '30%', 800, '越低越好', null],
    ['Defects', 0.2, 12, 'lower_ratio', null],
    ['On time', null, null, null, 'not used yet'],
  ];
  s.put(2, 3, [headers.map((h) => v(h)), ...rows.map((r) => r.map((x) => v(x)))]);
  const detected = detectPlanColumns(headers, 'B');
  if (detected.missing.length > 0) throw new Error(`mapping not detected: ${detected.missing.join(', ')}`);
  const mapping: PlanMapping = {
    sheet: s.name,
    headerRow: 3,
    firstRow: 4,
    lastRow: 3 + rows.length,
    columns: { kpi: detected.columns.kpi!, target: detected.columns.target!, weight: detected.columns.weight!, direction: detected.columns.direction! },
  };
  const rng = seeded(77);
  const employees = 8;
  reviewSheet(wb, {
    department: 'Team',
    period: '',
    plan: mapping,
    employees,
    data: {
      names: Array.from({ length: employees }, (_, i) => `P${i + 1}`),
      departments: Array.from({ length: employees }, () => 'Team'),
      actuals: Array.from({ length: employees }, () => [Math.round(rng.between(700, 1300)), Math.round(rng.between(600, 1000)), rng.int(5, 20), null]),
      comments: [],
      collab: [],
    },
  });
  return { name: `user plan mapping ${lang}`, desc: wb.build(), mapping };
}

/** A review whose plan lines each make one of KPISCORE's and KPIBAND's errors; each employee fills one line. */
export function errorCase(lang: Locale): Case {
  const line = (p: Partial<PlanLine>): PlanLine => ({
    perspective: null, kpi: 'k', definition: null, source: null, direction: 'higher', unit: null, baseline: null,
    threshold: null, target: 100, maximum: null, weight: 0.1, owner: null, sharedWith: null, period: null, action: null, ...p,
  });
  const lines: PlanLine[] = [
    line({ kpi: 'target 0', target: 0 }),
    line({ kpi: 'lower_ratio with baseline', direction: 'lower_ratio', baseline: 5, target: 10 }),
    line({ kpi: 'higher below baseline', target: 10, baseline: 20 }),
    line({ kpi: 'target = baseline', direction: '越低越好', target: 10, baseline: 10 }),
    line({ kpi: 'blank target', target: null }),
    line({ kpi: 'unknown direction', direction: 'sideways' }),
    line({ kpi: 'text actual' }),
    line({ kpi: 'lower_ratio negative actual', direction: '反向比值', target: 10 }),
    line({ kpi: 'payout points out of order', threshold: 50, target: 100, maximum: 80 }),
    line({ kpi: 'exact target = baseline', direction: 'exact', target: 10, baseline: 10 }),
    line({ kpi: 'negative weight', weight: -0.2 }),
  ];
  const actual: (number | string)[] = [50, 8, 15, 9, 5, 90, 'abc', -5, 90, 12, 95];
  const wb = new WorkbookBuilder(lang);
  const plan = planSheet(wb, { department: 'Errors', period: '', lines, rows: lines.length });
  const n = lines.length;
  reviewSheet(wb, {
    department: 'Errors',
    period: '',
    plan: plan.mapping,
    employees: n + 1,
    data: {
      names: Array.from({ length: n + 1 }, (_, i) => `E${i}`),
      departments: [],
      // The last employee fills two valid lines: with the English case's cap below the floor they are #NUM!.
      actuals: Array.from({ length: n + 1 }, (_, e) => lines.map((_, j) => (e === j ? actual[j]! : e === n && (j === 6 || j === 8) ? 95 : null))),
      comments: [],
      collab: [],
      settings: lang === 'en' ? { cap: 0.5, floor: 0.8 } : {},
    },
  });
  return { name: `core errors ${lang}`, desc: wb.build(), errorsExpected: true };
}

/** Every case: each template with sample data and empty, the demo, randomized workbooks, a user plan, errors. */
export function allCases(): Case[] {
  const out: Case[] = [];
  for (const lang of LANGS) {
    out.push({ name: `demo ${lang}`, desc: generateDemoWorkbook(lang) });
    for (const kind of TEMPLATE_KINDS) {
      out.push({ name: `${kind} sample ${lang}`, desc: generateTemplate(options({ kind, lang, sample: true })) });
      out.push({ name: `${kind} empty ${lang}`, desc: generateTemplate(options({ kind, lang, sample: false })) });
    }
    const seed = lang === 'en' ? 101 : 202;
    out.push({ name: `random review+bonus+dashboard ${lang}`, desc: randomReviewWorkbook(seed, lang) });
    out.push({ name: `random plan ${lang}`, desc: randomPlanWorkbook(seed, lang) });
    out.push({ name: `random scorecard ${lang}`, desc: randomScorecardWorkbook(seed, lang) });
    out.push({ name: `random 360 ${lang}`, desc: random360Workbook(seed, lang) });
    out.push({ name: `random bonus ${lang}`, desc: randomBonusWorkbook(seed, lang) });
    out.push({ name: `random shared ${lang}`, desc: randomSharedWorkbook(seed, lang) });
    out.push(userPlanCase(lang));
    out.push(errorCase(lang));
  }
  for (const preset of ['sales', 'rd', 'admin', 'operations', 'marketing']) {
    out.push({ name: `preset ${preset} review`, desc: generateTemplate(options({ kind: 'review', lang: 'zh-CN', preset, sample: true })) });
  }
  return out;
}
