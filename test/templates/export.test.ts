import { describe, expect, it } from 'vitest';
import {
  exportEmployees,
  exportRequestProblem,
  exportText,
  readExport,
  unmatchedRows,
  type ExportProposal,
  type ExportRequest,
} from '../../core/templates/export.js';

type Grid = unknown[][];

/** Hand-written exports as systems write them, and what the reader should propose. */
interface Case {
  readonly name: string;
  readonly values: Grid;
  readonly kpis?: string[];
  readonly shape: 'long' | 'wide';
  readonly headerRow: number;
  readonly firstRow: number;
  readonly lastRow: number;
  readonly roles: Record<string, string>;
  readonly kpiColumns?: Record<string, string>;
  /** cell:code of every problem, in order. */
  readonly problems: string[];
}

/** Columns A to D of a long export: employee, KPI, actual, date. */
const ROLES_ABCD = { employee: 'A', kpi: 'B', actual: 'C', period: 'D' };

/** A long export headed on row 1 with one line read (row 2), no problems; `values` may run on below it. */
function oneLineLong(name: string, values: Grid, roles: Record<string, string> = ROLES_ABCD): Case {
  return { name, values, shape: 'long', headerRow: 1, firstRow: 2, lastRow: 2, roles, problems: [] };
}

const CASES: readonly Case[] = [
  {
    name: 'English CRM export with a title, dates, a blank row and a total row',
    values: [
      ['CRM export 2026-03'],
      ['Generated: 2026-04-01'],
      ['Employee', 'KPI', 'Value', 'Date'],
      ['Lee', 'Revenue', 100, 46000],
      ['Kim', 'Revenue', '1,200', 46010],
      [],
      ['Kim', 'Churn', 'n/a', '2026-03-01'],
      ['Total', '', 1300],
    ],
    shape: 'long',
    headerRow: 3,
    firstRow: 4,
    lastRow: 7,
    roles: ROLES_ABCD,
    problems: ['C5:textNumber', 'C7:notNumber', 'D7:textDate'],
  },
  {
    name: 'Chinese long export: 完成值, full-width digits, a percent typed as text, a row without employee',
    values: [
      ['姓名', '指标名称', '完成值', '日期'],
      ['张三', '销售额', '１２００', 46000],
      ['李四', '销售额', '85%', null],
      ['', '新客户数', 5, null],
    ],
    shape: 'long',
    headerRow: 1,
    firstRow: 2,
    lastRow: 4,
    roles: ROLES_ABCD,
    problems: ['C2:textNumber', 'C3:textNumber', 'A4:noEmployee'],
  },
  {
    name: 'Chinese finance export: 金额 is the value, 工号 beside 姓名, 合计 ends it',
    values: [
      ['财务系统导出', null, null, null, null],
      ['工号', '姓名', '考核指标', '金额', '期间'],
      ['E01', '王五', '回款额', 5000, 46023],
      ['E02', '赵六', '回款额', '', 46023],
      ['合计', null, null, 5000, null],
    ],
    shape: 'long',
    headerRow: 2,
    firstRow: 3,
    lastRow: 4,
    roles: { employee: 'B', kpi: 'C', actual: 'D', period: 'E' },
    problems: ['D4:noValue'],
  },
  {
    name: 'English export with Amount and Posted date, trailing space and a wildcard in names',
    values: [
      ['Staff name', 'Metric', 'Amount', 'Posted'],
      ['Lee ', 'Revenue', 100, new Date('2026-03-01')],
      ['A*B', 'Revenue', 5, new Date('2026-03-02')],
      ['Kim', 'Revenue', 'TBD', new Date('2026-03-02')],
    ],
    shape: 'long',
    headerRow: 1,
    firstRow: 2,
    lastRow: 4,
    roles: ROLES_ABCD,
    problems: ['A2:spaces', 'A3:wildcard', 'C4:notNumber'],
  },
  {
    name: 'Long export without dates',
    values: [
      ['Employee Name', 'Indicator', 'Actual'],
      ['Lee', 'NPS', 42],
      ['Kim', 'NPS', 38],
    ],
    shape: 'long',
    headerRow: 1,
    firstRow: 2,
    lastRow: 3,
    roles: { employee: 'A', kpi: 'B', actual: 'C' },
    problems: [],
  },
  {
    name: 'Wide Chinese export matched against the plan’s KPI names (units in a header)',
    values: [
      ['姓名', '销售额（万元）', '新客户数', '客户流失率', '部门'],
      ['张三', 120, 5, 0.02, '销售部'],
      ['李四', 80, '3', null, '销售部'],
    ],
    kpis: ['销售额', '新客户数', '客户流失率', '满意度'],
    shape: 'wide',
    headerRow: 1,
    firstRow: 2,
    lastRow: 3,
    roles: { employee: 'A' },
    kpiColumns: { 销售额: 'B', 新客户数: 'C', 客户流失率: 'D' },
    problems: ['C3:textNumber'],
  },
  {
    name: 'Wide English export without plan names: the columns of numbers',
    values: [
      ['Name', 'Revenue', 'New customers', 'Dept'],
      ['Lee', 120, 5, 'Sales'],
      ['Kim', 80, 'n/a', 'Sales'],
      [],
      [],
      ['Notes: from the CRM'],
    ],
    shape: 'wide',
    headerRow: 1,
    firstRow: 2,
    lastRow: 3,
    roles: { employee: 'A' },
    kpiColumns: { Revenue: 'B', 'New customers': 'C' },
    problems: ['C3:notNumber'],
  },
  {
    name: 'Wide export with plan names in a different case and full-width brackets',
    values: [
      ['Report', null, null],
      ['Employee', 'REVENUE (k$)', 'churn rate'],
      ['Lee', 1.5, 0.01],
    ],
    kpis: ['Revenue', 'Churn rate'],
    shape: 'wide',
    headerRow: 2,
    firstRow: 3,
    lastRow: 3,
    roles: { employee: 'A' },
    kpiColumns: { Revenue: 'B', 'Churn rate': 'C' },
    problems: [],
  },
  oneLineLong('Chinese: 员工姓名, KPI名称, 实际值, 统计月份', [['员工姓名', 'KPI名称', '实际值', '统计月份'], ['张三', '销售额', 10, 46023]]),
  oneLineLong('English CRM words: Sales Rep, Measure, Result, Period', [['Sales Rep', 'Measure', 'Result', 'Period'], ['Lee', 'Revenue', 10, 46023]]),
  oneLineLong('Chinese system words: 人员, 考核项目, 数值, 时间', [['人员', '考核项目', '数值', '时间'], ['张三', '销售额', 10, 46023]]),
  oneLineLong(
    'Employee ID beside Employee Name: the name is the employee; As of is the date',
    [['Employee ID', 'Employee Name', 'KPI', 'Actual', 'As of'], ['E1', 'Lee', 'Revenue', 10, 46023]],
    { employee: 'B', kpi: 'C', actual: 'D', period: 'E' },
  ),
  oneLineLong(
    'A department column and a 小计 row',
    [['姓名', '部门', '指标', '金额', '日期'], ['张三', '销售部', '回款额', 10, 46023], ['小计', null, null, 10, null]],
    { employee: 'A', kpi: 'C', actual: 'D', period: 'E' },
  ),
  {
    name: 'Wide with 工号, 姓名 and a row of units under the header',
    values: [['工号', '姓名', '销售额', '新客户数'], [null, null, '万元', '个'], ['E1', '张三', 12, 3], ['E2', '李四', 9, 2], [], [], ['备注：系统导出']],
    kpis: ['销售额', '新客户数'],
    shape: 'wide', headerRow: 1, firstRow: 3, lastRow: 4,
    roles: { employee: 'B' },
    kpiColumns: { 销售额: 'C', 新客户数: 'D' },
    problems: [],
  },
  {
    name: 'Wide English with money and numbers typed as text and a dash',
    values: [['Name', 'Revenue', 'NPS'], ['Lee', '$1,200', '45'], ['Kim', '—', '']],
    kpis: ['Revenue', 'NPS'],
    shape: 'wide', headerRow: 1, firstRow: 2, lastRow: 3,
    roles: { employee: 'A' },
    kpiColumns: { Revenue: 'B', NPS: 'C' },
    problems: ['B2:textNumber', 'C2:textNumber', 'B3:notNumber'],
  },
  {
    name: 'Wide, no plan names, one header naming a role: Name | Revenue | NPS over numbers',
    values: [['Name', 'Revenue', 'NPS'], ['Lee', 120, 45], ['Kim', 80, 50]],
    shape: 'wide', headerRow: 1, firstRow: 2, lastRow: 3,
    roles: { employee: 'A' },
    kpiColumns: { Revenue: 'B', NPS: 'C' },
    problems: [],
  },
  {
    name: 'Short English: Emp, KPI, Qty, Date; a name that starts with =',
    values: [['Emp', 'KPI', 'Qty', 'Date'], ['Lee', 'Calls', 10, 46023], ['=Kim', 'Calls', 3, 46023]],
    shape: 'long', headerRow: 1, firstRow: 2, lastRow: 3,
    roles: ROLES_ABCD,
    problems: ['A3:wildcard'],
  },
];

function summary(p: ExportProposal) {
  return {
    shape: p.shape,
    headerRow: p.headerRow,
    firstRow: p.firstRow,
    lastRow: p.lastRow,
    roles: p.roles,
    ...(p.shape === 'wide' ? { kpiColumns: p.kpiColumns } : {}),
    problems: p.problems.map((x) => `${x.cell}:${x.code}`),
  };
}

describe('readExport', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const p = readExport(c.values, null, { sheet: 'Export', ...(c.kpis ? { kpis: c.kpis } : {}) });
      expect(p).not.toBeNull();
      expect(summary(p!)).toEqual({
        shape: c.shape,
        headerRow: c.headerRow,
        firstRow: c.firstRow,
        lastRow: c.lastRow,
        roles: c.roles,
        ...(c.shape === 'wide' ? { kpiColumns: c.kpiColumns } : {}),
        problems: c.problems,
      });
      expect(p!.missing).toEqual([]);
      expect(exportRequestProblem(p!.request)).toBeNull();
      expect(p!.request.mapping.columns).toEqual(c.roles);
      for (const x of p!.problems) {
        expect(x.message.en.length).toBeGreaterThan(5);
        expect(x.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      }
    });
  }

  it('shows samples as the host displays them, and the proposal as a request', () => {
    const values = [['Employee', 'KPI', 'Value', 'Date'], ['Lee', 'Revenue', 100, 46000]];
    const display = [['Employee', 'KPI', 'Value', 'Date'], ['Lee', 'Revenue', '100', '2025-12-09']];
    const p = readExport(values, display, { sheet: 'CRM' })!;
    expect(p.columns.map((c) => [c.letter, c.role, c.samples])).toEqual([
      ['A', 'employee', ['Lee']],
      ['B', 'kpi', ['Revenue']],
      ['C', 'actual', ['100']],
      ['D', 'period', ['2025-12-09']],
    ]);
    expect(p.request).toEqual({ sheet: 'CRM', mapping: { headerRow: 1, firstRow: 2, lastRow: 2, columns: { employee: 'A', kpi: 'B', actual: 'C', period: 'D' } } });
  });

  it('keeps formulas and markup in headers as text, in samples and messages', () => {
    const values = [
      ['=HYPERLINK("http://x","Employee")', 'KPI', 'Value'],
      ['Employee', 'KPI', 'Value'],
      ['<img src=x onerror=alert(1)>', 'Revenue', '=1+1'],
    ];
    const p = readExport(values, null, { sheet: 'E' })!;
    expect(p.headerRow).toBe(2);
    const h = readExport([['<img onerror=alert(1)> Employee', 'KPI', 'Value'], ['Lee', 'Revenue', 1]], null, {})!;
    expect(h.columns[0]!.header).toBe('<img onerror=alert(1)> Employee');
    const bad = p.problems.find((x) => x.cell === 'C3')!;
    expect(bad.code).toBe('notNumber');
    expect(bad.text).toBe('=1+1');
    expect(p.columns[0]!.samples).toEqual(['<img src=x onerror=alert(1)>']);
  });

  it('reads nothing from nothing, never throws on odd input', () => {
    expect(readExport([], null, {})).toBeNull();
    expect(readExport([[null, ''], [1, 2]], null, {})).toBeNull();
    expect(readExport(null as unknown as Grid, null, {})).toBeNull();
    expect(() => readExport([[{}, Symbol.for('x') as unknown, 'KPI', 'Value']], undefined, { kpis: [1 as unknown as string] })).not.toThrow();
  });

  it('a sheet of words only is no export (or one that lacks its KPI)', () => {
    for (const values of [[['Name', 'Notes', 'Comment'], ['Lee', 'fine', 'ok']], [['Staff list'], ['Name', 'Team'], ['Lee', 'A']]]) {
      const p = readExport(values, null, { sheet: 'N' });
      expect(p === null || p.missing.includes('kpi')).toBe(true);
    }
  });

  it('says which columns a long export lacks', () => {
    const p = readExport([['Employee', 'KPI', 'Comment'], ['Lee', 'Revenue', 'ok']], null, { sheet: 'E' })!;
    expect(p.missing).toEqual(['actual']);
    expect(exportRequestProblem(p.request)).toBe('actual');
  });
});

describe('unmatchedRows', () => {
  const values: Grid = [
    ['Employee', 'KPI', 'Value'],
    ['Lee', 'Revenue', 1],
    [' kim ', 'REVENUE', 2],
    ['Ana', 'Revenue', 3],
    ['Lee', 'Profit', 4],
    [],
    ['', '', ''],
  ];
  const request: ExportRequest = { sheet: 'E', mapping: { headerRow: 1, firstRow: 2, lastRow: 7, columns: { employee: 'A', kpi: 'B', actual: 'C' } } };

  it('lists employees not in the review and KPIs not in the plan, names trimmed and in any case', () => {
    const u = unmatchedRows(request, values, { employees: ['Lee', 'Kim'], kpis: ['Revenue', 'Churn'] });
    expect(u.map((x) => [x.row, x.reason, x.employee, x.kpi])).toEqual([
      [4, 'employee', 'Ana', 'Revenue'],
      [5, 'kpi', 'Lee', 'Profit'],
    ]);
    expect(u[0]!.message.en).toBe('Row 4: no such employee in the review ("Ana").');
    expect(u[0]!.message['zh-CN']).toBe('第 4 行：考核表中无此员工（“Ana”）。');
  });

  it('checks only what it is given: no roster yet means no employee is unmatched', () => {
    expect(unmatchedRows(request, values, { kpis: ['Revenue'] }).map((x) => x.row)).toEqual([5]);
    expect(unmatchedRows(request, values, {})).toEqual([]);
  });

  it('lists a wide export’s KPI columns that match no KPI', () => {
    const wide: ExportRequest = { sheet: 'W', mapping: { headerRow: 1, firstRow: 2, lastRow: 2, columns: { employee: 'A' }, kpiColumns: { Revenue: 'B', Bogus: 'C' } } };
    const u = unmatchedRows(wide, [['Name', 'Revenue', 'Bogus'], ['Lee', 1, 2]], { employees: ['Lee'], kpis: ['revenue'] });
    expect(u.map((x) => [x.column, x.reason, x.kpi])).toEqual([['C', 'kpi', 'Bogus']]);
    expect(u[0]!.message['zh-CN']).toBe('C 列：计划中无此指标（“Bogus”）。');
  });

  it('the export’s employees in order of first appearance', () => {
    expect(exportEmployees(request, values)).toEqual(['Lee', 'kim', 'Ana']);
  });
});

describe('exportText', () => {
  it('has every word in both languages', () => {
    for (const key of ['sheet', 'title', 'allOk', 'someBad', 'unknownEmployee', 'unknownKpi', 'textInExport']) {
      expect(exportText('en', key)).not.toBe(key);
      expect(exportText('zh-CN', key)).toMatch(/[\u4e00-\u9fff]|✓|✗/);
    }
  });
});
