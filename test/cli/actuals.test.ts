/**
 * `--actuals export.xlsx[:Sheet]`: a review whose actuals come from a system export, on the command
 * line. The export is read and its mapping printed with the cells and rows the review cannot use;
 * the export sheet is copied into the output unchanged (text that looks like a formula or markup
 * stays text); recalculated in LibreOffice, the review's actuals are the export's sums; bad input
 * is refused in the user's language with nothing written.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recalcXlsx } from '../../cli/libreoffice.js';
import { parseActualsMap } from '../../cli/user-workbook.js';
import { exportText } from '../../core/templates/export.js';
import { presetLines } from '../../core/templates/plan.js';
import { runKpi } from './fixtures.js';

let dir: string;

const PLAN: unknown[][] = [
  ['指标', '目标值', '权重'],
  ['销售额', 100, '60%'],
  ['回款率', 0.95, '40%'],
];
const EXPORT: unknown[][] = [
  ['CRM 导出 2026-03'],
  ['姓名', '指标', '完成值', '日期', '=HYPERLINK("http://x","备注")', '<img src=x onerror=alert(1)>'],
  ['张三', '销售额', 60, new Date(Date.UTC(2026, 0, 10)), '=1+1', null],
  ['张三', '销售额', 50, new Date(Date.UTC(2026, 1, 10)), null, null],
  ['张三', '回款率', 0.9, new Date(Date.UTC(2026, 1, 10)), null, null],
  ['李四', '销售额', '1,200', new Date(Date.UTC(2026, 1, 10)), null, null],
  ['李四', '利润', 5, new Date(Date.UTC(2026, 1, 10)), null, null],
];

async function write(path: string, sheets: Record<string, unknown[][]>): Promise<void> {
  const wb = new ExcelJS.Workbook();
  for (const [name, values] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    values.forEach((row, r) => row.forEach((x, c) => {
      if (x !== null) ws.getCell(r + 1, c + 1).value = x as ExcelJS.CellValue;
    }));
    ws.getColumn(1).width = 18;
  }
  await wb.xlsx.writeFile(path);
}

/** The kpi command line run in the test folder. */
const run = (args: string[]) => runKpi(args, dir);

/** Every cell of a sheet as exceljs reads it (value, type, formula or not). */
async function cellsOf(path: string, sheet: string): Promise<[string, string][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.getWorksheet(sheet)!;
  const out: [string, string][] = [];
  ws.eachRow({ includeEmpty: false }, (row) =>
    row.eachCell({ includeEmpty: false }, (cell) => out.push([cell.address, JSON.stringify({ v: cell.value, type: cell.type })])),
  );
  return out;
}

async function sheetNames(path: string): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb.worksheets.map((w) => w.name);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kpi-actuals-'));
  await write(join(dir, 'plan.xlsx'), { 计划: PLAN });
  await write(join(dir, 'export.xlsx'), { 说明: [['从 CRM 导出']], CRM导出: EXPORT });
  await write(join(dir, 'both.xlsx'), { 计划: PLAN, 导出: EXPORT });
  const en = presetLines('sales', 'en').map((l) => l.kpi!);
  await write(join(dir, 'wide.xlsx'), { Export: [['Name', en[0], en[1]], ['Lee', 120, 0.9], ['Kim', 80, null]] });
  await write(join(dir, 'novalue.xlsx'), { E: [['Employee', 'KPI', 'Comment'], ['Lee', 'Revenue', 'ok']] });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('kpi review --from ... --actuals', () => {
  let result: Awaited<ReturnType<typeof run>>;
  const out = () => join(dir, 'review.xlsx');

  beforeAll(async () => {
    result = await run(['review', '--from', 'plan.xlsx', '--actuals', 'export.xlsx', '--lang', 'zh-CN', '--rows', '2', '--out', 'review.xlsx']);
  });

  it('prints the export’s mapping, the cells it cannot use and the rows that match no review row', () => {
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const text = result.out;
    expect(text).toContain('export.xlsx 工作表“CRM导出”中的导出数据（每行一个员工和指标）：表头在第 2 行，数据在第 3–7 行');
    expect(text).toContain('  A  姓名 → 员工');
    expect(text).toContain('  B  指标 → 指标');
    expect(text).toContain('  C  完成值 → 实际值');
    expect(text).toContain('  D  日期 → 考核周期');
    expect(text).toContain('  E  =HYPERLINK("http://x","备注") →（不使用）');
    expect(text).toContain('C6：“1,200”是以文本形式输入的数值，表格公式不会计入。');
    expect(text).toContain('第 7 行：计划中无此指标（“利润”）。');
    expect(text).toContain('考核表列出导出表中的 2 名员工');
    expect(text).toContain('导出表“CRM导出”原样复制到工作簿中。');
    expect(text).toMatch(/已写入 review\.xlsx（工作表：计划、CRM导出、KPI计划（读取）、导出核对、绩效考核表/);
  });

  it('copies the export sheet unchanged, text that looks like a formula or markup included', async () => {
    expect(await sheetNames(out())).toEqual(expect.arrayContaining(['计划', 'CRM导出', '导出核对']));
    const before = await cellsOf(join(dir, 'export.xlsx'), 'CRM导出');
    const after = await cellsOf(out(), 'CRM导出');
    expect(after).toEqual(before);
    expect(after.find(([a]) => a === 'E2')![1]).toContain('"type":3');
    expect(after.find(([a]) => a === 'E3')![1]).toBe(JSON.stringify({ v: '=1+1', type: 3 }));
  });

  it('recalculated in LibreOffice: the review’s actuals are the export’s sums, unmatched rows listed', async () => {
    const values = (await recalcXlsx([out()])).get(out())!;
    const review = values.get('绩效考核表')!;
    const header = review[3]!;
    const at = (name: string) => header.findIndex((h) => h === name);
    const fromExport = at('导出值');
    const source = at('来源');
    expect(fromExport).toBeGreaterThan(0);
    const rows = [4, 5, 6, 7].map((r) => [review[r]![1], review[r]![3], review[r]![fromExport] ?? '', review[r]![source > 0 ? source : fromExport + 1] ?? '']);
    // No period bounds typed yet: every dated row counts; 李四's text number is named.
    expect(rows).toEqual([
      ['张三', '销售额', 110, '导出'],
      ['张三', '回款率', 0.9, '导出'],
      ['李四', '销售额', exportText('zh-CN', 'textInExport'), '导出'],
      ['李四', '回款率', '', ''],
    ]);
    const check = values.get('导出核对')!;
    expect(check[1]![0]).toBe(exportText('zh-CN', 'someBad', { n: 2, m: 5 }));
  }, 120_000);
});

describe('kpi template review --actuals', () => {
  it('a wide export: KPI columns matched to the preset’s KPIs, the export sheet first', async () => {
    const r = await run(['template', 'review', '--preset', 'sales', '--lang', 'en', '--actuals', 'wide.xlsx', '--out', 'wide-review.xlsx']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const kpi = presetLines('sales', 'en')[0]!.kpi!;
    expect(r.out).toContain('Export on sheet "Export" of wide.xlsx (one column per KPI): header row 1, rows 2–3');
    expect(r.out).toContain(`  B  ${kpi} → KPI "${kpi}"`);
    expect(r.out).toContain("The review lists the export's 2 employees");
    const names = await sheetNames(join(dir, 'wide-review.xlsx'));
    expect(names[0]).toBe('Export');
    expect(names).toContain('Export check');
  });

  it('an export on a sheet of the --from workbook is read there and not copied', async () => {
    const r = await run(['review', '--from', 'both.xlsx:计划', '--actuals', 'both.xlsx:导出', '--lang', 'zh-CN', '--out', 'both-review.xlsx']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('原样复制');
    const names = await sheetNames(join(dir, 'both-review.xlsx'));
    expect(names.filter((n) => n === '导出')).toHaveLength(1);
  });

  it('--actuals-map names the columns and rows', async () => {
    const r = await run(['review', '--from', 'plan.xlsx', '--actuals', 'export.xlsx:CRM导出', '--actuals-map', 'employee=A,kpi=B,actual=C,period=-,header=2,first=3,last=5', '--lang', 'en', '--out', 'mapped.xlsx']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('header row 2, rows 3–5');
    expect(r.out).not.toContain('→ period');
  });
});

describe('kpi review --actuals export.csv', () => {
  it('a CSV export: plain numbers and ISO dates as a sheet would take them, the rest text; copied as a sheet', async () => {
    const csv = '\uFEFF姓名,指标,完成值,日期\r\n张三,销售额,60,2026-01-10\r\n"张三",销售额,"1,200",2026/2/1\r\n007,回款率,0.9,2026-02-30\r\n"=HYPERLINK(""http://x"",""y"")",销售额,5,\r\n';
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dir, 'crm.csv'), csv);
    const r = await run(['review', '--from', 'plan.xlsx', '--actuals', 'crm.csv', '--lang', 'zh-CN', '--out', 'csv-review.xlsx']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('crm.csv 工作表“crm”中的导出数据（每行一个员工和指标）：表头在第 1 行，数据在第 2–5 行');
    expect(r.out).toContain('C3：“1,200”是以文本形式输入的数值');
    expect(r.out).toContain('D4：“2026-02-30”是以文本形式输入的日期');
    expect(r.out).toContain('A5：“=HYPERLINK("http://x","y")”');
    const cells = new Map(await cellsOf(join(dir, 'csv-review.xlsx'), 'crm'));
    expect(JSON.parse(cells.get('C2')!)).toEqual({ v: 60, type: 2 });
    expect(JSON.parse(cells.get('D2')!)).toEqual({ v: '2026-01-10T00:00:00.000Z', type: 4 });
    expect(JSON.parse(cells.get('C3')!)).toEqual({ v: '1,200', type: 3 });
    expect(JSON.parse(cells.get('A4')!)).toEqual({ v: '007', type: 3 });
    expect(JSON.parse(cells.get('A5')!)).toEqual({ v: '=HYPERLINK("http://x","y")', type: 3 });
  });

  it('a CSV saved in GBK, as Excel saves "CSV" on Chinese Windows: read as GBK, and the output says so', async () => {
    const { writeFile } = await import('node:fs/promises');
    // "姓名,指标,完成值 / 张三,销售额,60" in GBK.
    await writeFile(join(dir, 'crm-gbk.csv'), Buffer.from('d0d5c3fb2cd6b8b1ea2ccdeab3c9d6b50d0ad5c5c8fd2ccffacadbb6ee2c36300d0a', 'hex'));
    const r = await run(['review', '--from', 'plan.xlsx', '--actuals', 'crm-gbk.csv', '--lang', 'zh-CN', '--out', 'gbk-review.xlsx']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('crm-gbk.csv 不是 UTF-8 编码，已按 GBK (GB18030) 读取');
    const cells = new Map(await cellsOf(join(dir, 'gbk-review.xlsx'), 'crm-gbk'));
    expect(JSON.parse(cells.get('A2')!)).toEqual({ v: '张三', type: 3 });
    expect(JSON.parse(cells.get('B2')!)).toEqual({ v: '销售额', type: 3 });
  });
});

describe('bad input, nothing written', () => {
  const cases: [string, string[], number, RegExp][] = [
    ['a missing export file', ['review', '--from', 'plan.xlsx', '--actuals', 'nope.xlsx', '--out', 'x1.xlsx'], 1, /--actuals: nope\.xlsx does not exist; nothing was written\./],
    ['a missing sheet', ['review', '--from', 'plan.xlsx', '--actuals', 'export.xlsx:Nope', '--out', 'x2.xlsx'], 1, /no sheet "Nope"; sheets: 说明, CRM导出/],
    ['an unknown role', ['review', '--from', 'plan.xlsx', '--actuals', 'export.xlsx', '--actuals-map', 'salary=C', '--out', 'x3.xlsx'], 2, /unknown role "salary"/],
    ['a bad column', ['review', '--from', 'plan.xlsx', '--actuals', 'export.xlsx', '--actuals-map', 'actual=C1', '--out', 'x4.xlsx'], 2, /"C1" is not a column for actual/],
    ['an export without a value column', ['review', '--from', 'plan.xlsx', '--actuals', 'novalue.xlsx', '--out', 'x5.xlsx'], 1, /no sheet of novalue\.xlsx has an export/],
    ['no value column even when named', ['review', '--from', 'plan.xlsx', '--actuals', 'novalue.xlsx:E', '--out', 'x6.xlsx'], 1, /The export cannot feed the review: no column holds the value\./],
    ['--actuals on a plan', ['template', 'plan', '--actuals', 'export.xlsx', '--out', 'x7.xlsx'], 2, /option --actuals is for a review or a dashboard/],
    ['--actuals-map alone', ['review', '--from', 'plan.xlsx', '--actuals-map', 'actual=C', '--out', 'x8.xlsx'], 2, /option --actuals-map is for a review/],
    ['a file that is not a workbook', ['review', '--from', 'plan.xlsx', '--actuals', 'notes.xlsx', '--out', 'x9.xlsx'], 1, /could not be read as an \.xlsx workbook \(its content is not in \.xlsx form: save it as \.xlsx from Excel, WPS or LibreOffice\)/],
    ['an old .xls or a workbook with a password, as the plan', ['review', '--from', 'locked.xlsx', '--out', 'x10.xlsx'], 1, /locked\.xlsx could not be read as an \.xlsx workbook \(it is an older \.xls file or a workbook with a password to open: save it from Excel as \.xlsx without a password\)/],
    ['a workbook with a password, as the review to update', ['update', 'locked.xlsx', '--employees', 'names.csv', '--out', 'x11.xlsx'], 1, /locked\.xlsx cannot be read as an \.xlsx workbook \(it is an older \.xls file/],
  ];
  beforeAll(async () => {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dir, 'notes.xlsx'), 'not a zip');
    // An encrypted workbook (or an .xls) is an OLE compound file: it starts with D0 CF 11 E0.
    await writeFile(join(dir, 'locked.xlsx'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    await writeFile(join(dir, 'names.csv'), 'Lee\n');
  });
  for (const [name, args, code, message] of cases) {
    it(name, async () => {
      const r = await run([...args, '--lang', 'en']);
      expect(r.code).toBe(code);
      expect(r.err).toMatch(message);
      expect(existsSync(join(dir, args[args.indexOf('--out') + 1]!))).toBe(false);
    });
  }

  it('Chinese messages', async () => {
    const r = await run(['review', '--from', 'plan.xlsx', '--actuals', 'novalue.xlsx:E', '--lang', 'zh-CN', '--out', 'y.xlsx']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('导出表无法用于考核表：没有数值列。');
  });

  it('parseActualsMap reads full-width separators and refuses rows that are not numbers', () => {
    expect(parseActualsMap('employee＝a，kpi=$b, actual=C', 'en')).toEqual({ ok: true, map: { columns: { employee: 'A', kpi: 'B', actual: 'C' }, rows: {} } });
    expect(parseActualsMap('first=x', 'zh-CN')).toEqual({ ok: false, message: '--actuals-map：“x”不是 first 的行号' });
  });
});
