import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCell } from '../../core/templates/a1.js';
import { findSoffice, recalcXlsx, toPdf, type WorkbookValues } from '../../cli/libreoffice.js';
import { writeXlsx } from '../../cli/xlsx.js';
import { featureWorkbook, formulaWorkbook } from './fixtures.js';

let dir: string;
let calcPath: string;
let featurePath: string;
let results: Map<string, WorkbookValues>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kpi-lo-test-'));
  calcPath = join(dir, 'calc.xlsx');
  featurePath = join(dir, 'sub', 'calc.xlsx');
  mkdirSync(join(dir, 'sub'));
  await writeXlsx(formulaWorkbook().desc, calcPath);
  await writeXlsx(featureWorkbook(), featurePath);
  results = await recalcXlsx([calcPath, featurePath]);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function at(values: WorkbookValues | undefined, sheet: string, address: string): unknown {
  const { row, col } = parseCell(address);
  return values?.get(sheet)?.[row - 1]?.[col - 1];
}

describe('LibreOffice recalculation', () => {
  it('finds soffice', () => {
    expect(findSoffice()).toBeTruthy();
  });

  it('computes formulas written without cached values (SUM, ROUND, MATCH, names, other sheets)', () => {
    const values = results.get(calcPath);
    const { expected } = formulaWorkbook();
    for (const [address, want] of Object.entries(expected)) {
      const got = at(values, 'Calc', address);
      if (typeof want === 'number') expect(got, address).toBeCloseTo(want, 12);
      else expect(got, address).toEqual(want);
    }
  });

  it('reads the hidden sheet too', () => {
    expect(results.get(calcPath)?.get('Other')?.[0]).toEqual([21]);
  });

  it('keeps files with the same base name apart and reads merged cells once', () => {
    const values = results.get(featurePath);
    expect(at(values, '考核 Review', 'F4')).toBeCloseTo(1.2, 12);
    expect(at(values, '考核 Review', 'F5')).toBeCloseTo(1.2, 12);
    expect(at(values, '考核 Review', 'F6')).toBe('');
    expect(at(values, '考核 Review', 'F8')).toBeCloseTo(3.4, 12);
    expect(at(values, '考核 Review', 'B4')).toBe('=SUM(1)');
    expect(at(values, '考核 Review', 'A1')).toBe('Sales review 销售考核');
    expect(at(values, '考核 Review', 'B1')).toBeNull();
  });

  it('recalculates formulas whose cached values are stale', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.getCell('A1').value = 20;
    ws.getCell('A2').value = { formula: 'A1*2', result: 99 } as never;
    const stale = join(dir, 'stale.xlsx');
    await wb.xlsx.writeFile(stale);
    const got = await recalcXlsx([stale]);
    expect(got.get(stale)?.get('S')?.[1]?.[0]).toBe(40);
  });

  it('prints a workbook to PDF', async () => {
    const [pdf] = await toPdf([featurePath], join(dir, 'pdf'));
    expect(pdf).toBe(join(dir, 'pdf', 'calc.pdf'));
    expect(pdf && existsSync(pdf)).toBe(true);
  });
});
