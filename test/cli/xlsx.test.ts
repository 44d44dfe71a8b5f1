import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SheetDesc, WorkbookDesc } from '../../core/templates/types.js';
import { col as columnLetters, colNumber as columnNumber, parseRange } from '../../core/templates/a1.js';
import { buildWorkbook, CONDITIONAL_STYLES, writeXlsx, xlsxBuffer } from '../../cli/xlsx.js';
import { featureWorkbook } from './fixtures.js';

let wb: ExcelJS.Workbook;
let review: ExcelJS.Worksheet;
let lists: ExcelJS.Worksheet;

beforeAll(async () => {
  const buffer = await xlsxBuffer(featureWorkbook());
  wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const r = wb.getWorksheet('考核 Review');
  const l = wb.getWorksheet('KPI 列表');
  if (!r || !l) throw new Error('sheets missing');
  review = r;
  lists = l;
});

describe('A1 helpers', () => {
  it('converts column letters both ways', () => {
    for (const n of [1, 26, 27, 52, 702, 703, 16384]) expect(columnNumber(columnLetters(n))).toBe(n);
    expect(columnLetters(28)).toBe('AB');
  });
  it('parses ranges with or without $ and in any corner order', () => {
    expect(parseRange('$B$2:D10')).toEqual({ top: 2, left: 2, bottom: 10, right: 4 });
    expect(parseRange('D10:B2')).toEqual({ top: 2, left: 2, bottom: 10, right: 4 });
    expect(() => parseRange('B0')).toThrow();
  });
});

describe('.xlsx renderer', () => {
  it('writes sheets in order with hidden state', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(['考核 Review', 'KPI 列表']);
    expect(review.state).toBe('visible');
    expect(lists.state).toBe('hidden');
  });

  it('writes values as data and strings as text, even when they look like formulas', () => {
    expect(review.getCell('A1').value).toBe('Sales review 销售考核');
    expect(review.getCell('C4').value).toBe(100);
    for (const [addr, text] of [
      ['B4', '=SUM(1)'],
      ['B5', '+1 call'],
      ['B6', '-minus'],
      ['B7', '@mention'],
    ] as const) {
      const cell = review.getCell(addr);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe(text);
      expect(cell.formula).toBeFalsy();
    }
    expect(review.getCell('D6').value).toBeNull();
    expect(review.getCell('A11').value).toBe(true);
  });

  it('writes formulas without the leading = and without cached values', () => {
    const cell = review.getCell('F4');
    expect(cell.type).toBe(ExcelJS.ValueType.Formula);
    expect(cell.formula).toBe('IF(LEN(D4)=0,"",D4/C4)');
    expect((cell.value as ExcelJS.CellFormulaValue).result).toBeUndefined();
    expect(review.getCell('F7').formula).toBe('IF(LEN(D7)=0,"",D7/C7)');
    expect(review.getCell('C8').formula).toBe('SUM(C4:C7)');
  });

  it('applies number formats and the named styles', () => {
    expect(review.getCell('C4').numFmt).toBe('#,##0.00');
    expect(review.getCell('F5').numFmt).toBe('0.0%');
    expect(review.getCell('F8').numFmt).toBe('0.0%');
    const input = review.getCell('C4');
    expect(input.protection?.locked).toBe(false);
    expect(input.fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
    const formula = review.getCell('F4');
    expect(formula.protection?.locked ?? true).toBe(true);
    expect(review.getCell('A3').font?.bold).toBe(true);
    expect(review.getCell('A3').alignment?.wrapText).toBe(true);
    expect(review.getCell('B8').font?.bold).toBe(true);
    expect(review.getCell('A1').font?.size).toBe(16);
    // an unstyled cell inside an input range still gets the input look (D6 is empty)
    expect(review.getCell('D6').protection?.locked).toBe(false);
  });

  it('writes data validation with messages', () => {
    const dir = review.getCell('E5').dataValidation;
    expect(dir).toMatchObject({ type: 'list', formulae: ['KPI_Directions'], allowBlank: true, showErrorMessage: true });
    expect(dir.error).toBe('Pick a direction 请选择方向');
    expect(dir.prompt).toBe('Pick a direction 请选择方向');
    expect(review.getCell('D7').dataValidation).toMatchObject({ type: 'decimal', operator: 'greaterThanOrEqual', formulae: [0] });
    expect(review.getCell('A11').dataValidation).toMatchObject({ type: 'list', formulae: ['"yes,no,是,否"'] });
    expect(review.getCell('A11').dataValidation.allowBlank).toBeFalsy();
    expect(review.getCell('B6').dataValidation).toMatchObject({ type: 'custom', formulae: ['LEN(B4)<=40'] });
    expect(review.getCell('A4').dataValidation).toBeUndefined();
  });

  it('writes conditional formats as expression rules with fills', () => {
    const cfs = (review as unknown as { conditionalFormattings: { ref: string; rules: { type: string; formulae: string[]; style: { fill: { bgColor: { argb: string } } } }[] }[] }).conditionalFormattings;
    expect(cfs.map((c) => c.ref)).toEqual(['F4:F7', 'F4:F7', 'C8']);
    expect(cfs[0]?.rules[0]?.type).toBe('expression');
    expect(cfs[0]?.rules[0]?.formulae).toEqual(['AND(ISNUMBER(F4),ROUND(F4,10)<0.8)']);
    expect(cfs[0]?.rules[0]?.style.fill.bgColor.argb).toBe(CONDITIONAL_STYLES.bad.fill);
    expect(cfs[1]?.rules[0]?.style.fill.bgColor.argb).toBe(CONDITIONAL_STYLES.good.fill);
    expect(cfs[2]?.rules[0]?.style.fill.bgColor.argb).toBe(CONDITIONAL_STYLES.warn.fill);
  });

  it('writes defined names', () => {
    expect(wb.definedNames.model).toContainEqual({ name: 'KPI_Directions', ranges: ["'KPI 列表'!$A$2:$A$5"] });
  });

  it('writes column widths, hidden columns, frozen panes, merges and protection', () => {
    expect(review.getColumn(2).width).toBe(22);
    expect(review.getColumn(7).hidden).toBe(true);
    expect(review.getColumn(6).hidden).toBe(false);
    expect(review.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 3, activeCell: 'B4' });
    expect(review.getCell('B1').isMerged).toBe(true);
    expect(review.getCell('F2').master.address).toBe('A2');
    const protection = (ws: ExcelJS.Worksheet) => (ws as unknown as { sheetProtection?: Record<string, unknown> | null }).sheetProtection;
    expect(protection(review)).toMatchObject({ sheet: true });
    expect(protection(review)?.hashValue).toBeUndefined();
    expect(protection(lists)).toBeFalsy();
  });

  it('sets every sheet to print one page wide, landscape', () => {
    expect(review.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    expect(review.pageSetup.printTitlesRow).toBe('1:3');
  });

  it('gives header rows the height their wrapped text needs', () => {
    expect(review.getRow(3).height).toBeGreaterThanOrEqual(20);
    expect(review.getRow(1).height).toBe(28);
  });
});

describe('.xlsx renderer: descriptions it refuses', () => {
  const base = (): SheetDesc => featureWorkbook().sheets[0] as SheetDesc;

  it('refuses ragged block rows', async () => {
    const sheet: SheetDesc = { ...base(), blocks: [{ at: 'A1', cells: [[{ v: 1 }, { v: 2 }], [{ v: 3 }]] }] };
    await expect(buildWorkbook({ sheets: [sheet], names: [] })).rejects.toThrow(/row 2 has 1 cells, expected 2/);
  });

  it('refuses two sheets with the same name', async () => {
    await expect(buildWorkbook({ sheets: [base(), base()], names: [] })).rejects.toThrow(/two sheets/);
  });

  it('refuses a name that is not an absolute range', async () => {
    const desc: WorkbookDesc = { sheets: [base()], names: [{ name: 'Bad', ref: 'A1:A3' }] };
    await expect(buildWorkbook(desc)).rejects.toThrow(/absolute sheet range/);
  });

  it('refuses a literal list item with a comma', async () => {
    const sheet: SheetDesc = {
      ...base(),
      validations: [{ range: 'A1', type: 'list', source: ['1,000', 'x'], allowBlank: true, message: 'm' }],
    };
    await expect(buildWorkbook({ sheets: [sheet], names: [] })).rejects.toThrow(/comma/);
  });

  it('refuses non-finite numbers', async () => {
    const sheet: SheetDesc = { ...base(), blocks: [{ at: 'A1', cells: [[{ v: Number.NaN }]] }] };
    await expect(buildWorkbook({ sheets: [sheet], names: [] })).rejects.toThrow(/finite/);
  });
});

describe('writeXlsx', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kpi-xlsx-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a file that exceljs reads back, leaving no temporary file', async () => {
    const path = join(dir, 'feature.xlsx');
    await writeXlsx(featureWorkbook(), path);
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(path);
    expect(back.getWorksheet('考核 Review')?.getCell('B4').value).toBe('=SUM(1)');
    expect(readdirSync(dir)).toEqual(['feature.xlsx']);
  });

  it('leaves nothing behind when the description is bad', async () => {
    const bad: WorkbookDesc = { sheets: [featureWorkbook().sheets[0] as SheetDesc], names: [{ name: 'X', ref: 'nope' }] };
    await expect(writeXlsx(bad, join(dir, 'bad.xlsx'))).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['feature.xlsx']);
  });
});

describe('charts in the .xlsx', () => {
  it('draws each chart request as a native chart on its sheet, sheet name quoted', async () => {
    const zip = await JSZip.loadAsync(await xlsxBuffer(featureWorkbook()));
    const charts = Object.keys(zip.files).filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f));
    expect(charts).toEqual(['xl/charts/chart1.xml']);
    const chart = await zip.file(charts[0]!)!.async('string');
    expect(chart).toContain("<c:cat><c:strRef><c:f>&apos;考核 Review&apos;!$B$4:$B$7</c:f></c:strRef></c:cat>");
    expect(chart).toContain("<c:val><c:numRef><c:f>&apos;考核 Review&apos;!$F$4:$F$7</c:f></c:numRef></c:val>");
    // The value axis and data labels follow the sheet's number format for the values.
    expect(chart).toContain('<c:numFmt formatCode="0.0%" sourceLinked="0"/>');
    const sheet1 = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    expect(sheet1).toMatch(/<drawing r:id="rId\d+"\/><\/worksheet>$/);
    // Only the sheet that asks for a chart gets a drawing.
    expect(await zip.file('xl/worksheets/sheet2.xml')!.async('string')).not.toContain('<drawing ');
  });
});
