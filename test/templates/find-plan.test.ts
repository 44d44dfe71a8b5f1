import { describe, expect, it } from 'vitest';
import { findPlanTable, isKitPlan } from '../../core/templates/find-plan.js';
import { parseTemplateOptions } from '../../core/templates/options.js';
import { generateTemplate, PRESET_KEYS, type SheetDesc } from '../../core/templates/index.js';
import { parseCell } from '../../core/templates/a1.js';
import { LOCALES } from '../../core/types.js';

/** A sheet's cells as a host reads them: values as written, formulas as a computed 0. */
function valuesOf(sheet: SheetDesc): unknown[][] {
  const grid: unknown[][] = [];
  for (const b of sheet.blocks) {
    const at = parseCell(b.at);
    b.cells.forEach((row, r) =>
      row.forEach((cell, c) => {
        const line = (grid[at.row - 1 + r] ??= []);
        line[at.col - 1 + c] = 'v' in cell ? cell.v : 0;
      }),
    );
  }
  return Array.from({ length: grid.length }, (_, r) => Array.from({ length: Math.max(0, ...grid.map((x) => x?.length ?? 0)) }, (_, c) => grid[r]?.[c] ?? ''));
}

/** The mapping findPlanTable proposes must pass the options' own checks for a review's plan. */
function accepted(mapping: unknown): boolean {
  return parseTemplateOptions({ kind: 'review', lang: 'en', plan: mapping }).ok;
}

describe('findPlanTable', () => {
  it('finds a header on row 3 under a title and a label line, and stops before the total row', () => {
    const values = [
      ['2026年度研发部KPI目标责任书', '', '', '', ''],
      ['部门：研发部', '', '', '', '考核周期：2026'],
      ['序号', 'KPI指标', '目标值', '权重', '指标方向'],
      [1, '版本按时交付率', '≥95%', '40%', '越高越好'],
      [2, '线上缺陷数', '≤5', '30%', '越低越好'],
      [3, '代码评审覆盖率', '90%~99%', '30%', '越高越好'],
      ['合计', '', '', '100%', ''],
    ];
    const m = findPlanTable('研发', values);
    expect(m).toEqual({ sheet: '研发', headerRow: 3, firstRow: 4, lastRow: 6, columns: { kpi: 'B', target: 'C', weight: 'D', direction: 'E' } });
    expect(accepted(m)).toBe(true);
  });

  it('does not take a title that names a KPI, a target and a weight for the header', () => {
    const values = [
      ['KPI targets and weights 2026'],
      [],
      ['Metric', 'Weight', 'Target', 'Notes'],
      ['Revenue', 0.5, 1000, ''],
      ['Cost', 0.5, 800, ''],
    ];
    expect(findPlanTable('Plan', values)).toMatchObject({ headerRow: 3, firstRow: 4, lastRow: 5, columns: { kpi: 'A', weight: 'B', target: 'C' } });
  });

  it('reads a two-row merged header: 目标值 over 门槛 / 目标 / 挑战', () => {
    const values = [
      ['销售部 KPI 计划', '', '', '', '', '', ''],
      ['序号', '考核指标', '权重分解\n（100%）', '目标值', '', '', '上级评分（考核分数权重100%）'],
      ['', '', '', '门槛', '目标', '挑战', ''],
      [1, '销售额（万元）', 0.6, 800, 1000, 1200, ''],
      [2, '新客户数', 0.4, 10, 15, 20, ''],
      ['总计', '', 1, '', '', '', ''],
    ];
    const expected = { sheet: 'S', headerRow: 2, firstRow: 4, lastRow: 5, columns: { kpi: 'B', weight: 'C', threshold: 'D', target: 'E', maximum: 'F' } };
    expect(findPlanTable('S', values)).toEqual(expected);
    expect(findPlanTable('S', values, ['A1:G1', 'A2:A3', 'B2:B3', 'C2:C3', 'D2:F2', 'G2:G3'])).toEqual(expected);
    expect(accepted(expected)).toBe(true);
  });

  it('reads English headers with units and code style, with the table further right', () => {
    const values = [
      ['', '', '', '', ''],
      ['', 'kpi_name', 'Target_Value', 'WEIGHT (%)', 'unit_id'],
      ['', 'NPS', 40, 50, 'U-12'],
      ['', 'Churn', '<2%', 50, 'U-12'],
      ['', 'Total', '', 100, ''],
    ];
    expect(findPlanTable('P', values)).toEqual({ sheet: 'P', headerRow: 2, firstRow: 3, lastRow: 4, columns: { kpi: 'B', target: 'C', weight: 'D' } });
  });

  it('reads display values (all text, as Sheets gives them)', () => {
    const values = [
      ['Q1 2026 Scorecard — Operations', '', '', '', ''],
      ['Prepared by: Ann', '', '', '', ''],
      ['', '', '', '', ''],
      ['Perspective', 'Measure', 'Weight (%)', 'Target', 'Threshold'],
      ['Customer', 'On-time delivery', '40', '≥98%', '95%'],
      ['Process', 'Defect rate', '35', '≤0.5%', '1%'],
      ['People', 'Training hours', '25', '16 h', '8 h'],
      ['', '', '', '', ''],
      ['', '', '', '', ''],
      ['Approved by', '', '', '', ''],
    ];
    expect(findPlanTable('Ops', values)).toEqual({
      sheet: 'Ops',
      headerRow: 4,
      firstRow: 5,
      lastRow: 7,
      columns: { perspective: 'A', kpi: 'B', weight: 'C', target: 'D', threshold: 'E' },
    });
  });

  it('gives null without a weight column, without KPI rows, or with nothing readable', () => {
    expect(findPlanTable('X', [['姓名', '部门', '目标'], ['a', 'b', 1]])).toBeNull();
    expect(findPlanTable('X', [['KPI', 'Target', 'Weight'], ['Total', '', '100%']])).toBeNull();
    expect(findPlanTable('X', [])).toBeNull();
    expect(findPlanTable('X', [[null], [undefined as unknown as null], [{}]])).toBeNull();
  });

  for (const lang of LOCALES) {
    for (const preset of PRESET_KEYS) {
      it(`finds the plan sheet KPI Kit writes (${preset}, ${lang})`, () => {
        const desc = generateTemplate({ kind: 'plan', lang, preset, period: '2026', sample: true });
        const plan = desc.sheets.find((x) => x.key === 'plan')!;
        const layout = plan.tables!.find((t) => t.key === 'kpis')!;
        const m = findPlanTable(plan.name, valuesOf(plan), plan.merges)!;
        expect(m).not.toBeNull();
        expect({ headerRow: m.headerRow, firstRow: m.firstRow }).toEqual({ headerRow: layout.headerRow, firstRow: layout.firstRow });
        for (const f of ['kpi', 'target', 'weight', 'direction', 'threshold', 'maximum', 'baseline', 'unit', 'perspective'] as const) {
          if (layout.columns[f] !== undefined) expect([f, m.columns[f]]).toEqual([f, layout.columns[f]]);
        }
        expect(m.lastRow).toBeGreaterThanOrEqual(m.firstRow);
        expect(m.lastRow).toBeLessThanOrEqual(layout.lastRow);
      });
    }
  }

  it('reads at most 200 plan rows', () => {
    const rows = Array.from({ length: 260 }, (_, i) => [`KPI ${i + 1}`, 1, 0.005]);
    const m = findPlanTable('Big', [['KPI', 'Target', 'Weight'], ...rows])!;
    expect(m.lastRow - m.firstRow + 1).toBe(200);
    expect(accepted(m)).toBe(true);
  });
});

describe('findPlanTable with merges hosts report', () => {
  const values: unknown[][] = [
    ['2026 销售部 KPI 考核表'],
    ['部门：销售部'],
    ['序号', '指标名称', '目标值', '权重'],
    [1, '销售额', '1200万', '60%'],
    [2, '回款率', '≥95%', '40%'],
    ['合计', '', '', '100%'],
  ];
  const expected = { sheet: 'Plan', headerRow: 3, firstRow: 4, lastRow: 5, columns: { kpi: 'B', target: 'C', weight: 'D' } };

  it('reads a title merged across the whole sheet as it reads it unmerged', () => {
    expect(findPlanTable('Plan', values)).toEqual(expected);
    expect(findPlanTable('Plan', values, ['A1:XFD1', 'A2:XFD2'])).toEqual(expected);
  });

  it('skips merges that are not areas (null, numbers, ranges past the sheet) and a list that is not one', () => {
    expect(findPlanTable('Plan', values, [null, 7, 'ZZZZ1:A1', 'A1:B1048577', { row: 0, column: 0, rows: Infinity, columns: 4 }] as never)).toEqual(expected);
    expect(findPlanTable('Plan', values, 'A1:D1' as never)).toEqual(expected);
    expect(findPlanTable('Plan', 'A1' as never)).toBeNull();
  });
});

describe('the units of a plan found in the workbook', () => {
  const values = [
    ['KPI', 'Unit', 'Target', 'Weight'],
    ['Revenue', '$k', 1200, 0.5],
    ['Churn', '%', 0.05, 0.3],
    ['New customers', 'count', 40, 0.2],
  ];

  it('are read with the table, and set the number format of the review actuals of each line', () => {
    const m = findPlanTable('Plan', values)!;
    expect(m.units).toEqual(['$k', '%', 'count']);
    const r = parseTemplateOptions({ kind: 'review', lang: 'en', rows: 2, plan: m });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const review = generateTemplate(r.options).sheets.find((s) => s.key === 'review')!;
    const detail = review.tables!.find((t) => t.key === 'detail')!;
    const grid = review.formatGrids!.find((g) => g.at === `${detail.columns.actual}${detail.firstRow}`)!;
    // Two employees × three lines: money, percent, count, for each.
    expect(grid.numFmts.map((row) => row[0])).toEqual(['#,##0.00', '0.0%', '#,##0', '#,##0.00', '0.0%', '#,##0']);
  });

  it('that do not fit the lines are left out: the actuals then show as General, and the option is still accepted', () => {
    const m = findPlanTable('Plan', values)!;
    for (const units of [['%'], [1, 2, 3], ['x'.repeat(41), null, null]]) {
      const r = parseTemplateOptions({ kind: 'review', lang: 'en', rows: 2, plan: { ...m, units } });
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      expect((r.options.plan as { units?: unknown }).units).toBeUndefined();
      const review = generateTemplate(r.options).sheets.find((s) => s.key === 'review')!;
      expect(review.formatGrids ?? []).toEqual([]);
    }
  });

  it('are absent for a plan without a unit column', () => {
    expect(findPlanTable('Plan', values.map((r) => [r[0], r[2], r[3]]))!.units).toBeUndefined();
  });
});

describe('isKitPlan', () => {
  for (const lang of LOCALES) {
    it(`knows a plan KPI Kit made by its own headers (${lang}), and not a user's table`, () => {
      const desc = generateTemplate({ kind: 'plan', lang, period: '', preset: 'sales', sample: true });
      const values = valuesOf(desc.sheets[0]!);
      const mapping = findPlanTable(desc.sheets[0]!.name, values)!;
      expect(isKitPlan(values, mapping)).toBe(true);
      // The same table with the KPI header written another way is the user's own.
      const own = values.map((row) => [...row]);
      own[mapping.headerRow - 1]![parseCell(`${mapping.columns.kpi}1`).col - 1] = lang === 'en' ? 'KPI name' : '考核指标';
      const ownMapping = findPlanTable('Mine', own)!;
      expect(ownMapping.columns.kpi).toBe(mapping.columns.kpi);
      expect(isKitPlan(own, ownMapping)).toBe(false);
    });
  }
});
