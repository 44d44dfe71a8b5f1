/**
 * `kpi review --from plan.xlsx[:Sheet]`: a review for the user's own KPI table. The user's
 * workbook is made here with exceljs (a notes sheet, then a plan with a title, a two-row header,
 * targets in words, weights in points, a TBD, a total formula, styles and header cells that look
 * like markup or formulas). The output keeps the user's sheet as it was, and recalculated in
 * LibreOffice (one conversion for every file) the review scores the converted values as KPISCORE
 * does, an edit of a plain-number target flows into the review, and an edit of a converted cell
 * flips the check.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type Io } from '../../cli/kpi.js';
import { recalcXlsx, type WorkbookValues } from '../../cli/libreoffice.js';
import { readUserWorkbook } from '../../cli/user-workbook.js';
import { KPISCORE } from '../../core/functions/kpiscore.js';
import { readUserPlan } from '../../core/templates/user-plan.js';

const SHEET = '2026 销售部';
const VALUES: unknown[][] = [
  ['2026年销售部KPI考核表'],
  ['部门：销售部'],
  ['序号', '考核指标', '考核标准', null, '权重分解\n（100%）', '指标方向', '<img src=x onerror=alert(1)>', '=HYPERLINK("http://x","y")'],
  [null, null, '目标值(标准)', '挑战值', null, null, null, null],
  [1, '销售收入', 1200, 1500, 20, '正向'],
  [2, '客户满意度', '≥95%', null, 15],
  [3, '回款及时率', '不低于90%', null, 15],
  [4, '投诉率', '<2%', null, 10],
  [5, '交付周期', '8天', null, 10, '越低越好'],
  [6, '毛利率', '90%~99%', null, 10],
  [7, '新产品上市', 'TBD', null, 10],
  [8, '大客户收入', '￥1,200万', null, '10'],
];
const MAPPING = { headerRow: 3, firstRow: 5, lastRow: 12, columns: { kpi: 'B', target: 'C', maximum: 'D', weight: 'E', direction: 'F' } } as const;

let dir: string;
let plan: string;

async function makePlan(path: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const notes = wb.addWorksheet('说明');
  notes.getCell('A1').value = '本工作簿的填写说明';
  const ws = wb.addWorksheet(SHEET);
  VALUES.forEach((row, r) => row.forEach((x, c) => {
    if (x !== null) ws.getCell(r + 1, c + 1).value = x as ExcelJS.CellValue;
  }));
  ws.mergeCells('C3:D3');
  ws.getCell('A13').value = '合计';
  ws.getCell('E13').value = { formula: 'SUM(E5:E11)', result: 90 } as ExcelJS.CellFormulaValue;
  ws.getCell('B5').font = { bold: true, color: { argb: 'FFC00000' } };
  ws.getCell('C3').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
  ws.getColumn(2).width = 24;
  await wb.xlsx.writeFile(path);
}

function capture(): { io: Io; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t) => out.push(t), err: (t) => err.push(t), cwd: dir }, out, err };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kpi-review-from-'));
  plan = join(dir, 'plan.xlsx');
  await makePlan(plan);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Every cell of a sheet as exceljs reads it: address → value (formulas as { formula }). */
async function cellsOf(path: string, sheet: string): Promise<Map<string, string>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.getWorksheet(sheet)!;
  const out = new Map<string, string>();
  ws.eachRow({ includeEmpty: false }, (row) =>
    row.eachCell({ includeEmpty: false }, (cell) => {
      const v = cell.value as unknown;
      const shown = typeof v === 'object' && v !== null && 'formula' in v ? { formula: (v as { formula: string }).formula } : v;
      out.set(cell.address, JSON.stringify({ v: shown, type: cell.type, font: cell.font ?? null, fill: cell.fill ?? null }));
    }),
  );
  return out;
}

describe('kpi review --from', () => {
  let out: string;
  let stdout: string[];

  beforeAll(async () => {
    out = join(dir, 'review.xlsx');
    const c = capture();
    const code = await main(['review', '--from', 'plan.xlsx', '--lang', 'zh-CN', '--rows', '3', '--out', 'review.xlsx'], {}, c.io);
    stdout = c.out;
    expect(c.err).toEqual([]);
    expect(code).toBe(0);
  });

  it('finds the plan sheet, prints the proposed mapping and the unreadable cells in the user\'s language', () => {
    const text = stdout.join('\n');
    expect(text).toContain(`工作表“${SHEET}”中的计划表：表头在第 3 行，KPI 在第 5–12 行`);
    expect(text).toContain('B  “考核指标” → 指标 (kpi)');
    expect(text).toContain('C  “考核标准 / 目标值(标准)” → 目标值 (target)');
    expect(text).toContain('D  “考核标准 / 挑战值” → 挑战值 (maximum)');
    expect(text).toContain('E  “权重分解 （100%）” → 权重 (weight)');
    expect(text).toContain('  表头占第 3–4 行（上行为分组标题）。');
    expect(text).toContain('  C11: “TBD”是占位内容，数值尚未填写。');
    expect(text).toMatch(/已写入 review\.xlsx（工作表：2026 销售部、KPI计划（读取）、/);
  });

  it('keeps the user\'s sheets as they were: values, formulas, text that looks like markup or a formula, styles, merges', async () => {
    const before = await cellsOf(plan, SHEET);
    const after = await cellsOf(out, SHEET);
    expect([...after.entries()]).toEqual([...before.entries()]);
    expect(after.get('G3')).toContain('"type":3');
    expect(JSON.parse(after.get('H3')!).v).toBe('=HYPERLINK("http://x","y")');
    expect(JSON.parse(after.get('E13')!).v).toEqual({ formula: 'SUM(E5:E11)' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name).slice(0, 2)).toEqual(['说明', SHEET]);
    expect((wb.getWorksheet(SHEET)!.model as unknown as { merges: string[] }).merges).toEqual(['C3:D3']);
    expect(wb.getWorksheet(SHEET)!.getColumn(2).width).toBe(24);
  });

  it('recalculated in LibreOffice: achievements equal KPISCORE on the converted values; edits flow or flip the check', async () => {
    const actuals = [1100, 0.97, 0.85, 0.025, 7, 0.95, 1, 13000000];
    /** A copy of the output with actuals typed for employee 1 and the user's sheet edited. */
    const variant = async (name: string, edit: (ws: ExcelJS.Worksheet) => void): Promise<string> => {
      const p = join(dir, `${name}.xlsx`);
      await copyFile(out, p);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(p);
      const review = wb.worksheets.find((w) => /考核表/.test(w.name))!;
      review.getCell('B5').value = '李雷';
      actuals.forEach((a, j) => (review.getCell(`I${5 + j}`).value = a));
      edit(wb.getWorksheet(SHEET)!);
      await wb.xlsx.writeFile(p);
      return p;
    };
    const base = await variant('base', () => undefined);
    const number = await variant('number', (ws) => (ws.getCell('C5').value = 1000));
    const band = await variant('band', (ws) => (ws.getCell('C10').value = '91%~99%'));
    const pattern = await variant('pattern', (ws) => {
      ws.getCell('C6').value = '≥97%';
      ws.getCell('C7').value = '至少90%';
      ws.getCell('E12').value = '12';
    });
    const books = await recalcXlsx([base, number, band, pattern]);
    const sheetOf = (book: WorkbookValues, re: RegExp) => [...book.entries()].find(([n]) => re.test(n))![1];
    const read = readUserPlan({ sheet: SHEET, values: VALUES, mapping: MAPPING }, 'zh-CN');
    const baseReview = sheetOf(books.get(base)!, /考核表/);
    actuals.forEach((a, j) => {
      const line = read.lines[j]!;
      const target = line.cells.target.value;
      const got = baseReview[4 + j]?.[9];
      if (typeof target !== 'number') {
        expect(String(baseReview[4 + j]?.[13]), `row ${j}`).toMatch(/^✗ /);
        return;
      }
      const want = KPISCORE(a, target, line.cells.direction.value ?? 'higher', 1.5, 0);
      expect(got, `row ${j}`).toBeCloseTo(want as number, 9);
    });
    const helper = sheetOf(books.get(base)!, /读取/);
    expect(helper.slice(4, 12).map((r) => r[10])).toEqual(['✓', '✓', '✓', '✓', '✓', '✓', '✗ C11: “TBD”是占位内容，数值尚未填写。', '✓']);
    // The helper's values, as the core read them (native text formulas computed by LibreOffice).
    read.lines.forEach((line, j) => {
      for (const [field, c] of [['target', 3], ['weight', 4], ['threshold', 7], ['maximum', 8]] as const) {
        const want = line.cells[field].value;
        if (typeof want === 'number') expect(helper[4 + j]?.[c], `${field} ${j}`).toBeCloseTo(want, 12);
      }
    });
    // Numbers inside unchanged words flow; other words make the cell unreadable.
    const patternHelper = sheetOf(books.get(pattern)!, /读取/);
    expect(patternHelper[5]?.[3]).toBeCloseTo(0.97, 12);
    expect(patternHelper[5]?.[10]).toBe('✓');
    expect(patternHelper[6]?.[10]).toBe('✗ C7：“至少90%”无法读取为数值');
    expect(patternHelper[11]?.[4]).toBeCloseTo(0.12, 12);
    // A plain-number target edited in the user's sheet flows into the review.
    const numberReview = sheetOf(books.get(number)!, /考核表/);
    expect(numberReview[4]?.[9]).toBeCloseTo(KPISCORE(1100, 1000, 'higher', 1.5, 0) as number, 9);
    // A converted cell edited: the check says so and the review flags the KPI.
    const bandHelper = sheetOf(books.get(band)!, /读取/);
    expect(bandHelper[9]?.[10]).toBe('✗ C10 已更改：请重新导入');
    expect(String(sheetOf(books.get(band)!, /考核表/)[9]?.[13])).toMatch(/^✗ /);
  });

  it('honours --map: a role dropped or moved, and says what it changed', async () => {
    const c = capture();
    const code = await main(['review', '--from', `plan.xlsx:${SHEET}`, '--lang', 'en', '--map', 'maximum=-,direction=F', '--out', 'mapped.xlsx'], {}, c.io);
    expect(c.err).toEqual([]);
    expect(code).toBe(0);
    const text = c.out.join('\n');
    expect(text).toContain('D  “考核标准 / 挑战值” → (not used)');
    expect(text).toContain('Changed by --map: maximum=-, direction=F');
    const book = await readUserWorkbook(join(dir, 'mapped.xlsx'));
    const helper = book.sheets.find((s) => s.name === 'KPI Plan (read)')!;
    expect(helper.values[4]?.[8] ?? null).toBeNull();
  });

  it('refuses a bad --map with a message in the user\'s language, and writes nothing', async () => {
    const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
      [['--map', 'goal=F'], { LANG: 'en_US.UTF-8' }, /--map: unknown role "goal"; roles: kpi, target, weight, direction/],
      [['--map', 'goal=F'], { LANG: 'zh_CN.UTF-8' }, /--map：未知角色“goal”；可用角色：kpi、target、weight/],
      [['--map', 'target=F9'], { LANG: 'en_US.UTF-8' }, /--map: "F9" is not a column for target/],
      [['--map', 'target=F9'], { LANG: 'zh_CN.UTF-8' }, /--map：“F9”不是 target 可用的列/],
      [['--map', 'target'], { LANG: 'en_US.UTF-8' }, /--map: "target" is not role=column/],
      [['--map', 'kpi=C,target=C'], { LANG: 'en_US.UTF-8' }, /kpi and target are both column C/],
      [['--map', 'kpi=ZZ'], { LANG: 'en_US.UTF-8' }, /column ZZ is empty in the KPI rows 5–12, so it cannot be the KPI \(kpi\) column; name the right one with --map kpi=<column>/],
      [['--map', 'weight=H'], { LANG: 'zh_CN.UTF-8' }, /H 列在 KPI 行 5–12 中没有任何内容，不能作为“权重 \(weight\)”列；请用 --map weight=<列> 指定正确的列/],
    ];
    for (const [extra, env, message] of cases) {
      const c = capture();
      const code = await main(['review', '--from', 'plan.xlsx', ...extra, '--out', 'bad.xlsx'], env, c.io);
      expect(code).toBe(2);
      expect(c.err.join('\n')).toMatch(message);
      expect(existsSync(join(dir, 'bad.xlsx'))).toBe(false);
    }
  });

  it('handles an existing output like kpi template: refused without --force, replaced with it', async () => {
    const c = capture();
    expect(await main(['review', '--from', 'plan.xlsx', '--out', 'review.xlsx'], { LANG: 'en' }, c.io)).toBe(1);
    expect(c.err.join('\n')).toContain('review.xlsx exists; nothing was written');
    const d = capture();
    expect(await main(['review', '--from', 'plan.xlsx', '--out', 'review.xlsx', '--force'], { LANG: 'en' }, d.io)).toBe(0);
    const e = capture();
    expect(await main(['review', '--from', 'missing.xlsx', '--out', 'x.xlsx'], { LANG: 'en' }, e.io)).toBe(1);
    expect(e.err.join('\n')).toContain('missing.xlsx does not exist');
  });
});

describe('kpi review --from a plan KPI Kit made', () => {
  it('reads the plan as it is, as the add-in does: no confirm step, no helper sheet, and plan edits flow', async () => {
    const made = capture();
    expect(await main(['template', 'plan', '--preset', 'sales', '--sample', '--lang', 'en', '--out', 'kit-plan.xlsx'], {}, made.io)).toBe(0);
    const c = capture();
    const code = await main(['review', '--from', 'kit-plan.xlsx', '--lang', 'en', '--rows', '2', '--out', 'kit-review.xlsx'], {}, c.io);
    expect(c.err).toEqual([]);
    expect(code).toBe(0);
    const text = c.out.join('\n');
    expect(text).toContain('"KPI Plan" is a KPI Kit plan: the review reads its KPI rows 5–11 as they are');
    expect(text).not.toContain('→');
    expect(text).toContain('Wrote kit-review.xlsx (sheets: KPI Plan, KPI Review)');

    // zh-CN words for the same path.
    const zh = capture();
    expect(await main(['review', '--from', 'kit-plan.xlsx', '--lang', 'zh-CN', '--rows', '1', '--out', 'kit-review-zh.xlsx'], { LANG: 'zh_CN.UTF-8' }, zh.io)).toBe(0);
    expect(zh.out.join('\n')).toContain('“KPI Plan”是 KPI Kit 生成的计划表：考核表直接读取其第 5–11 行 KPI');

    // Actuals typed for the first employee and the plan's first target edited after the review was made.
    const p = join(dir, 'kit-edited.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'kit-review.xlsx'));
    expect(wb.worksheets.map((w) => w.name).filter((n) => /read|读取/.test(n))).toEqual([]);
    const review = wb.getWorksheet('KPI Review')!;
    expect(JSON.stringify(review.getCell('BB5').value)).toContain("'KPI Plan'!$J$5");
    review.getCell('B5').value = 'Lee';
    const actuals = [520, 86, 45, 0.04];
    actuals.forEach((a, j) => (review.getCell(`I${5 + j}`).value = a));
    wb.getWorksheet('KPI Plan')!.getCell('J5').value = 550;
    await wb.xlsx.writeFile(p);

    const books = await recalcXlsx([p]);
    const sheet = [...books.get(p)!.entries()].find(([n]) => n === 'KPI Review')![1];
    const plan: [number, 'higher' | 'lower', number | string][] = [[550, 'higher', 550], [90, 'higher', 90], [40, 'higher', 40], [0.05, 'lower', '5%']];
    plan.forEach(([target, direction, shown], j) => {
      expect(sheet[4 + j]?.[6], `target ${j}`).toBe(shown);
      expect(sheet[4 + j]?.[9], `achievement ${j}`).toBeCloseTo(KPISCORE(actuals[j]!, target, direction, 1.5, 0) as number, 9);
      expect(sheet[4 + j]?.[13], `check ${j}`).toBe(j === 3 ? '✓ read as 4%' : '✓');
    });
    for (const row of sheet) for (const v of row) expect(typeof v === 'object' && v !== null ? v : null).toBeNull();
  });
});
