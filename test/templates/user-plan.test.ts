/**
 * A review from a user's own KPI table: the helper sheet reads the user's cells by formula
 * (numbers live, `≥95%`-like text by a native formula, bands kept with a check, unreadable cells
 * as reasons), and the review computes the core's KPISCORE on the converted values. Recalculated
 * in HyperFormula here; the command-line test recalculates the written file in LibreOffice.
 */
import type { RawCellContent } from 'hyperformula';
import { HyperFormula } from 'hyperformula';
import { describe, expect, it } from 'vitest';
import { plainValue, toSheets, type EngineValue } from '../../cli/hyperformula.js';
import { KPISCORE } from '../../core/functions/kpiscore.js';
import { generateReviewFromUserPlan, readTable } from '../../core/templates/index.js';
import { readUserPlan, type UserPlanInput } from '../../core/templates/user-plan.js';
import type { Locale } from '../../core/types.js';

export const USER_SHEET = '2026 销售部';

/** A plan as people write them: a title, a label line, odd headers, targets in words, weights in points. */
export function userValues(): unknown[][] {
  return [
    ['2026年销售部KPI考核表'],
    ['部门：销售部'],
    ['序号', '考核指标', '目标值(标准)', '权重分解\n（100%）', '指标方向', '<img src=x onerror=alert(1)>', '=HYPERLINK("http://x","y")'],
    [1, '销售收入', 1200, 20, '正向', null, null],
    [2, '客户满意度', '≥95%', 15, null, null, null],
    [3, '回款及时率', '不低于90%', 15, null, null, null],
    [4, '投诉率', '<2%', 10, null, null, null],
    [5, '交付周期', '8天', 10, '越低越好', null, null],
    [6, '毛利率', '90%~99%', 10, null, null, null],
    [7, '新产品上市', 'TBD', 10, null, null, null],
    [8, '大客户收入', '￥1,200万', '10', null, null, null],
    ['合计', null, null, 100, null, null, null],
  ];
}

export const USER_MAPPING = { headerRow: 3, firstRow: 4, lastRow: 11, columns: { kpi: 'B', target: 'C', weight: 'D', direction: 'E' } } as const;

/** A user's sheet as HyperFormula input: text stays text. */
function rawRows(values: readonly (readonly unknown[])[]): RawCellContent[][] {
  // "#N/A" stands for the error value a host reports as that text.
  return values.map((row) => row.map((x) => (x === '#N/A' ? '=NA()' : typeof x === 'string' ? `'${x}` : ((x as RawCellContent) ?? null))));
}

function engine(lang: Locale, values = userValues()) {
  const user: UserPlanInput = { sheet: USER_SHEET, values, mapping: USER_MAPPING };
  const { desc, read } = generateReviewFromUserPlan({ kind: 'review', lang, period: '2026', sample: false, rows: 2 }, user, { existingSheets: [USER_SHEET] });
  const sheets = toSheets(desc);
  sheets[USER_SHEET] = rawRows(values);
  const names = desc.names.map((n) => ({ name: n.name, expression: `=${n.ref}` }));
  const hf = HyperFormula.buildFromSheets(sheets, { licenseKey: 'gpl-v3', useArrayArithmetic: true }, names);
  const review = desc.sheets.find((s) => s.key === 'review')!;
  const helper = desc.sheets.find((s) => s.key === 'userPlan')!;
  const at = (sheet: string, a1: string): EngineValue => {
    const id = hf.getSheetId(sheet)!;
    const addr = hf.simpleCellAddressFromString(a1, id)!;
    return plainValue(hf.getCellValue(addr));
  };
  const set = (sheet: string, a1: string, value: RawCellContent) => {
    const id = hf.getSheetId(sheet)!;
    hf.setCellContents(hf.simpleCellAddressFromString(a1, id)!, [[value]]);
  };
  return { desc, read, hf, review, helper, at, set };
}

describe('readUserPlan', () => {
  it('converts targets in words, weights in points, directions from the target text', () => {
    const r = readUserPlan({ sheet: USER_SHEET, values: userValues(), mapping: USER_MAPPING }, 'en');
    expect(r.weightScale).toBe('points');
    const val = (i: number, f: 'target' | 'weight' | 'direction' | 'threshold' | 'unit') => r.lines[i]!.cells[f].value;
    const mode = (i: number, f: 'target' | 'weight' | 'direction' | 'threshold') => r.lines[i]!.cells[f].mode;
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((i) => val(i, 'target'))).toEqual([
      1200, 0.95, 0.9, 0.02, 8, 0.99, expect.stringContaining('placeholder'), 12000000,
    ]);
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((i) => mode(i, 'target'))).toEqual(['live', 'pattern', 'pattern', 'pattern', 'pattern', 'static', 'reason', 'pattern']);
    expect(r.lines.map((l) => l.cells.weight.value)).toEqual([0.2, 0.15, 0.15, 0.1, 0.1, 0.1, 0.1, 0.1]);
    expect(r.lines.map((l) => l.cells.direction.value)).toEqual(['正向', 'higher', 'higher', 'lower', '越低越好', null, null, null]);
    expect(val(5, 'threshold')).toBe(0.9);
    expect(r.lines.map((l) => l.cells.unit.value)).toEqual([null, '%', '%', '%', '天', '%', null, '¥']);
    expect(r.problems).toEqual([
      expect.objectContaining({ cell: 'C10', field: 'target', text: 'TBD', problem: 'placeholder', message: { en: expect.stringContaining('"TBD" is a placeholder'), 'zh-CN': expect.stringContaining('“TBD”是占位内容') } }),
    ]);
  });
});

describe('cells that give no value', () => {
  it('an error value stays the reason while it shows; a negative weight is listed; a number typed later flows', () => {
    const values = userValues();
    values[3]![2] = '#N/A';
    values[4]![3] = -5;
    const r = readUserPlan({ sheet: USER_SHEET, values, mapping: USER_MAPPING }, 'zh-CN');
    expect(r.problems.map((p) => [p.cell, p.problem])).toEqual([['C4', 'error'], ['D5', 'negative'], ['C10', 'placeholder']]);
    const e = engine('zh-CN', values);
    expect(e.at(e.helper.name, 'D5')).toBe('单元格显示错误 #N/A：请修正公式或其引用的数据。');
    expect(e.at(e.helper.name, 'K5')).toBe('✗ C4: 单元格显示错误 #N/A：请修正公式或其引用的数据。');
    e.set(USER_SHEET, 'C4', 1300);
    expect(e.at(e.helper.name, 'D5')).toBe(1300);
    expect(e.at(e.helper.name, 'E6')).toBeCloseTo(-0.05, 12);
  });
});

describe('a review of a user table (HyperFormula)', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    it(`${lang}: the helper gives the converted values and the review scores them as KPISCORE does`, () => {
      const e = engine(lang);
      const expected = readUserPlan({ sheet: USER_SHEET, values: userValues(), mapping: USER_MAPPING }, lang);
      const helperRows = expected.lines.map((_, i) => 5 + i);
      for (const [i, r] of helperRows.entries()) {
        const line = expected.lines[i]!;
        for (const [field, letter] of [['target', 'D'], ['weight', 'E'], ['threshold', 'H']] as const) {
          const want = line.cells[field].value;
          const got = e.at(e.helper.name, `${letter}${r}`);
          if (typeof want === 'number') expect(got, `${field} ${r}`).toBeCloseTo(want, 12);
          else expect(got ?? '', `${field} ${r}`).toBe(want ?? '');
        }
      }
      expect(e.at(e.helper.name, 'K5')).toBe('✓');
      expect(String(e.at(e.helper.name, 'K11'))).toMatch(/^✗ C10: /);
      // Actuals for employee 1 (rows 5–12 of the review: one row per KPI line).
      const actuals = [1100, 0.97, 0.85, 0.025, 7, 0.95, 1, 13000000];
      e.set(e.review.name, 'B5', 'Lee');
      actuals.forEach((a, j) => e.set(e.review.name, `I${5 + j}`, a));
      const dirOf = (x: unknown) => (x === null ? 'higher' : x);
      actuals.forEach((a, j) => {
        const line = expected.lines[j]!;
        const target = line.cells.target.value;
        const got = e.at(e.review.name, `J${5 + j}`);
        if (typeof target !== 'number') {
          expect(String(e.at(e.review.name, `N${5 + j}`)), `row ${j}`).toMatch(/^✗ /);
          return;
        }
        const want = KPISCORE(a, target, dirOf(line.cells.direction.value), 1.5, 0);
        expect(typeof want).toBe('number');
        expect(got, `row ${j}`).toBeCloseTo(want as number, 9);
      });
      // The review's plan check names the KPI whose target is a placeholder.
      expect(String(e.at(e.review.name, 'D2'))).toContain(lang === 'en' ? '新产品上市' : '新产品上市');
    });
  }

  it('edits flow: a plain number, a number inside words; other edits of converted cells flip the check', () => {
    const e = engine('en');
    e.set(USER_SHEET, 'C4', 1500);
    expect(e.at(e.helper.name, 'D5')).toBe(1500);
    e.set(USER_SHEET, 'C5', '≥97%');
    expect(e.at(e.helper.name, 'D6')).toBeCloseTo(0.97, 12);
    expect(e.at(e.helper.name, 'K6')).toBe('✓');
    e.set(USER_SHEET, 'C5', '不低于97%');
    expect(e.at(e.helper.name, 'K6')).toBe('✗ C5: "不低于97%" cannot be read as a number');
    e.set(USER_SHEET, 'C9', '91%~98%');
    expect(e.at(e.helper.name, 'D10')).toBe('C9 changed: re-run the import');
    expect(e.at(e.helper.name, 'K10')).toBe('✗ C9 changed: re-run the import');
    e.set(USER_SHEET, 'D4', 25);
    expect(e.at(e.helper.name, 'E5')).toBeCloseTo(0.25, 12);
  });
});
