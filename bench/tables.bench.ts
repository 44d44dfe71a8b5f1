/**
 * Reading and mapping a user's own table of 5,000 rows × 20 columns: the header found and every
 * column given a role, the KPI table's values read (targets, weights, directions), a system export
 * of the same size read; in Node, and through the hosts as the confirm step reads a sheet (Excel:
 * context.sync() calls through the Office.js fake; Sheets: service calls through the SpreadsheetApp
 * fake).
 */
import { performance } from 'node:perf_hooks';
import { readExport, readTable, readUserPlan, type UserPlanMapping } from '../core/templates/index.js';
import { readUsedValues } from '../excel-addin/workbook.js';
import { kpiReadTable } from '../gsheets-addon/templates.js';
import { FakeExcel } from '../test/fakes/excel.js';
import { FakeSpreadsheet } from '../test/fakes/sheets.js';
import { withFakeGlobals } from '../test/renderers/sheets-harness.js';
import { gc, median, type BenchRow, type BenchSection } from './measure.js';

const ROWS = 5000;
const COLUMNS = 20;
const RUNS = 5;

const PLAN_HEADERS = [
  '序号', 'Perspective', 'KPI名称', '指标定义', 'Data source', '方向', 'Unit', '基线值', '门槛值', 'Target_Value',
  '挑战值', '权重分解\n（100%）', 'Owner', 'Period', 'Employee', '部门', 'Actual', 'Comment', 'Status', 'Trend',
];

/** A KPI table of ROWS lines as people write them: a title and a note above the header, mixed value forms. */
function planTable(): unknown[][] {
  const forms = (i: number): unknown[] => [
    i + 1, ['财务', '客户', '内部流程', '学习与成长'][i % 4], `KPI ${i + 1}`, 'sum of the month', 'CRM', i % 3 === 0 ? '越低越好' : 'higher',
    i % 2 === 0 ? '%' : '万元', 80, 90, [`≥${90 + (i % 9)}%`, 0.95, '1,200', '￥1,200万', 'TBD'][i % 5], 120,
    i % 7 === 0 ? '___%' : 100 / ROWS, 'Sales', 'Q4', `Employee ${i % 300}`, 'Sales', '', '', 'open', 'up',
  ];
  return [['KPI plan 2026', ...Array(COLUMNS - 1).fill('')], ['部门：销售部', ...Array(COLUMNS - 1).fill('')], PLAN_HEADERS, ...Array.from({ length: ROWS }, (_, i) => forms(i))];
}

/** A long system export of ROWS rows: employee, KPI, value, date and 16 other columns. */
function exportTable(): unknown[][] {
  const header = ['Sales rep', 'KPI', 'Amount', 'Date', ...Array.from({ length: COLUMNS - 4 }, (_, j) => `field_${j + 1}`)];
  const rows = Array.from({ length: ROWS }, (_, i) => [`Employee ${i % 300}`, `KPI ${(i % 6) + 1}`, i % 50 === 0 ? 'n/a' : 1000 + i, 46300 + (i % 90), ...Array(COLUMNS - 4).fill('x')]);
  return [header, ...rows];
}

function timed(fn: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    gc();
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

export default async function (): Promise<BenchSection> {
  const plan = planTable();
  const exported = exportTable();
  const table = readTable(plan, { maxRows: ROWS + 10 });
  if (!table) throw new Error('the plan table is not found');
  const readMs = timed(() => readTable(plan, { maxRows: ROWS + 10 }));
  const c = table.columns;
  const letter = (role: string) => c.find((x) => x.role === role)?.letter;
  const mapping = {
    headerRow: table.headerRow,
    firstRow: table.firstRow,
    lastRow: table.lastRow,
    columns: { kpi: letter('kpi')!, target: letter('target')!, weight: letter('weight')!, direction: letter('direction'), unit: letter('unit') },
  } as UserPlanMapping;
  const valuesMs = timed(() => readUserPlan({ sheet: 'Plan', values: plan, mapping }, 'en'));
  const read = readUserPlan({ sheet: 'Plan', values: plan, mapping }, 'en');
  const exportMs = timed(() => readExport(exported));
  const exp = readExport(exported);

  // Excel: the confirm step reads the chosen sheet's used range in one request.
  const fake = new FakeExcel();
  await fake.run(async (ctx) => {
    const ws = ctx.workbook.worksheets.add('Export');
    ws.getRange(`A1:T${ROWS + 1}`).values = exported as (string | number)[][];
    await ctx.sync();
  });
  const syncs0 = fake.syncs;
  const e0 = performance.now();
  await fake.run((ctx) => readUsedValues(ctx, 'Export'));
  const excelMs = performance.now() - e0;
  const syncs = fake.syncs - syncs0;

  // Sheets: the sidebar's kpiReadTable on the export's sheet.
  const book = new FakeSpreadsheet();
  const sheetCalls = withFakeGlobals(book, () => {
    const sheet = book.api.insertSheet('Export');
    sheet.insertRowsAfter(sheet.getMaxRows(), ROWS + 1 - sheet.getMaxRows());
    sheet.getRange(1, 1, ROWS + 1, COLUMNS).setValues(exported as (string | number)[][]);
    const calls0 = book.calls;
    kpiReadTable('Export');
    return book.calls - calls0;
  });

  const rows: BenchRow[] = [
    {
      name: `Header found and ${COLUMNS} columns given roles, ${ROWS.toLocaleString('en')}-row KPI table (Node)`,
      measured: `${readMs.toFixed(0)} ms (${table.columns.filter((x) => x.role).length} roles proposed)`,
      target: '< 1 s',
      pass: readMs < 1000,
    },
    {
      name: `Targets, weights and directions of the ${ROWS.toLocaleString('en')} lines read (Node)`,
      measured: `${valuesMs.toFixed(0)} ms (${read.problems.length} cells listed as not readable)`,
      target: '< 1 s',
      pass: valuesMs < 1000,
    },
    {
      name: `System export of ${ROWS.toLocaleString('en')} × ${COLUMNS} read and mapped (Node)`,
      measured: `${exportMs.toFixed(0)} ms (${exp?.shape ?? 'not found'}, ${exp?.problems.length ?? 0} cells listed)`,
      target: '< 1 s',
      pass: exportMs < 1000,
    },
    {
      name: `Excel: the ${ROWS.toLocaleString('en')} × ${COLUMNS} sheet read for the confirm step: context.sync() calls`,
      measured: `${syncs} (${excelMs.toFixed(0)} ms with the fake)`,
      target: '≤ 6',
      pass: syncs <= 6,
    },
    {
      name: `Sheets: the same sheet read by kpiReadTable: service calls`,
      measured: `${sheetCalls}`,
      target: '≤ 40',
      pass: sheetCalls <= 40,
    },
  ];
  return {
    title: 'Reading a user table and a system export',
    rows,
    notes:
      `Median of ${RUNS} runs for the Node rows. The KPI table has a title and a "label：value" line above a header of mixed forms ` +
      '(权重分解\\n（100%）, Target_Value, Trend and Status that are not directions) and targets written as ≥95%, 0.95, 1,200, ￥1,200万 and TBD. ' +
      'Host rows count the calls of one read as the confirm step makes it.',
  };
}
