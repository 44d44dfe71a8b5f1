/**
 * One description, three renderers, one workbook. Every template in both languages (with sample
 * data and empty) and the demo workbook are written through the Office.js fake, the
 * SpreadsheetApp fake and the .xlsx renderer. The three workbooks must hold the same cells,
 * formats, validations, names and protection as the description says, and HyperFormula,
 * recalculating each host's grid, must agree on every cell and with the scoring core.
 */
import { describe, expect, it } from 'vitest';
import { generateDemoWorkbook, generateTemplate, TEMPLATE_KINDS, type WorkbookDesc } from '../../core/templates/index.js';
import { LOCALES } from '../../core/types.js';
import { isError, checkWorkbook, type Book, type EngineValue } from '../templates/check.js';
import { renderInExcelFake } from './excel-harness.js';
import { renderDescInSheetsFake } from './sheets-harness.js';
import { diffSnapshots, expectedSnapshot } from './snapshot-diff.js';
import type { WorkbookSnapshot } from './snapshot.js';
import { recalculate, xlsxSnapshot } from './xlsx-snapshot.js';

interface Case {
  readonly name: string;
  readonly desc: WorkbookDesc;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const lang of LOCALES) {
    for (const kind of TEMPLATE_KINDS) {
      for (const sample of [true, false]) {
        out.push({ name: `${kind} ${lang}${sample ? ' sample' : ' empty'}`, desc: generateTemplate({ kind, lang, period: '2026 Q4', sample }) });
      }
    }
    out.push({ name: `demo ${lang}`, desc: generateDemoWorkbook(lang) });
  }
  return out;
}

function text(v: EngineValue): string {
  return isError(v) ? v.error : JSON.stringify(v);
}

/** Cells whose computed values differ between two recalculated books (numbers to 1e-9). */
function valueDiffs(a: Book, b: Book, desc: WorkbookDesc): string[] {
  const out: string[] = [];
  for (const s of desc.sheets) {
    const x = a.get(s.name) ?? [];
    const y = b.get(s.name) ?? [];
    for (let r = 0; r < Math.max(x.length, y.length); r++) {
      for (let c = 0; c < Math.max(x[r]?.length ?? 0, y[r]?.length ?? 0); c++) {
        const p = x[r]?.[c] ?? null;
        const q = y[r]?.[c] ?? null;
        const same =
          typeof p === 'number' && typeof q === 'number' ? Math.abs(p - q) <= 1e-9 * Math.max(1, Math.abs(p)) : text(p) === text(q) || ((p === null || p === '') && (q === null || q === ''));
        if (!same && out.length < 10) out.push(`${s.name} R${r + 1}C${c + 1}: ${text(p)} ≠ ${text(q)}`);
      }
    }
  }
  return out;
}

/**
 * The workbook as Sheets can hold it: Sheets never checks an empty cell, so a rule that refuses
 * blanks is written as one that allows them (the one thing a renderer cannot carry over).
 */
function asSheetsHoldsIt(snapshot: WorkbookSnapshot): WorkbookSnapshot {
  return {
    ...snapshot,
    sheets: snapshot.sheets.map((s) => ({
      ...s,
      validations: Object.fromEntries(Object.entries(s.validations).map(([a, k]) => [a, k.replace(/\|noblank$/, '|blank')])),
    })),
  };
}

function onlyDescSheets(snapshot: WorkbookSnapshot, desc: WorkbookDesc): WorkbookSnapshot {
  const names = new Set(desc.sheets.map((s) => s.name));
  return { sheets: snapshot.sheets.filter((s) => names.has(s.name)), names: snapshot.names };
}

describe('Excel, Sheets and .xlsx renderers write one workbook', () => {
  for (const c of cases()) {
    it(c.name, async () => {
      const expected = expectedSnapshot(c.desc);
      const [xlsx, excel, sheets] = await Promise.all([
        xlsxSnapshot(c.desc),
        renderInExcelFake(c.desc).then((r) => r.snapshot),
        renderDescInSheetsFake(c.desc).then((r) => r.snapshot),
      ]);
      expect(diffSnapshots(expected, xlsx, { charts: false }), '.xlsx').toEqual([]);
      expect(diffSnapshots(expected, excel), 'Excel').toEqual([]);
      expect(diffSnapshots(asSheetsHoldsIt(expected), sheets), 'Sheets').toEqual([]);
      expect(diffSnapshots(asSheetsHoldsIt(excel), sheets), 'Excel vs Sheets').toEqual([]);

      const fromXlsx = recalculate(xlsx);
      const fromExcel = recalculate(onlyDescSheets(excel, c.desc));
      const fromSheets = recalculate(onlyDescSheets(sheets, c.desc));
      expect(valueDiffs(fromXlsx, fromExcel, c.desc), 'Excel values').toEqual([]);
      expect(valueDiffs(fromXlsx, fromSheets, c.desc), 'Sheets values').toEqual([]);

      const checker = checkWorkbook(c.desc, fromSheets);
      expect(checker.mismatches, 'core parity').toEqual([]);
      expect(checker.errorCells()).toEqual([]);
    });
  }
});
