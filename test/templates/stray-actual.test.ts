/**
 * An actual typed on a row of a plan line that holds no KPI (a spare line): the row says why it
 * is not scored, the employee's status names it, and nothing spreads: the dashboard's KPI
 * averages, the other employees' totals and grades are those of the sheet without the stray
 * actual. Recalculated in HyperFormula and LibreOffice, in both languages.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCell } from '../../core/templates/a1.js';
import { generateTemplate, parseTemplateOptions, type SheetDesc, type TableLayout, type WorkbookDesc } from '../../core/templates/index.js';
import type { Locale } from '../../core/types.js';
import { checkWorkbook, type Book, type EngineValue } from './check.js';
import { LANGS, withValue } from './cases.js';
import { hfBook, libreOfficeBooks } from './engines.js';

const EMPLOYEES = 12;

function dashboardSet(lang: Locale): WorkbookDesc {
  const r = parseTemplateOptions({ kind: 'dashboard', lang, period: '2026 Q4', sample: true, rows: EMPLOYEES });
  if (!r.ok) throw new Error(r.message);
  return generateTemplate(r.options);
}

const sheetOf = (desc: WorkbookDesc, key: string): SheetDesc => desc.sheets.find((s) => s.key === key)!;
const tableOf = (s: SheetDesc, key: string): TableLayout => s.tables!.find((t) => t.key === key)!;

/** 50 typed on the first employee's row of the last (spare) plan line. */
function stray(lang: Locale): WorkbookDesc {
  const d = dashboardSet(lang);
  const review = sheetOf(d, 'review');
  const detail = tableOf(review, 'detail');
  const K = (detail.lastRow - detail.firstRow + 1) / EMPLOYEES;
  return withValue(d, review.name, `${detail.columns.actual}${detail.firstRow + K - 1}`, 50);
}

function read(book: Book, sheet: string, address: string): EngineValue {
  const { row, col } = parseCell(address);
  const x = book.get(sheet)![row - 1]?.[col - 1] ?? null;
  return x === '' ? null : x;
}

function column(desc: WorkbookDesc, book: Book, sheetKey: string, tableKey: string, field: string): EngineValue[] {
  const s = sheetOf(desc, sheetKey);
  const t = tableOf(s, tableKey);
  return Array.from({ length: t.lastRow - t.firstRow + 1 }, (_, i) => read(book, s.name, `${t.columns[field]}${t.firstRow + i}`));
}

const CASES = LANGS.flatMap((lang) => [
  { name: `clean ${lang}`, lang, desc: dashboardSet(lang) },
  { name: `stray ${lang}`, lang, desc: stray(lang) },
]);

let lo: Map<string, Book>;
beforeAll(async () => {
  lo = await libreOfficeBooks(CASES, 'stray');
}, 240_000);

for (const engine of ['HyperFormula', 'LibreOffice'] as const) {
  describe(engine, () => {
    const book = (name: string): Book => (engine === 'HyperFormula' ? hfBook(CASES.find((c) => c.name === name)!.desc) : lo.get(name)!);
    for (const lang of LANGS) {
      it(`${lang}: the stray actual stays on its row and employee; the dashboard and the others are unchanged`, () => {
        const clean = CASES.find((c) => c.name === `clean ${lang}`)!;
        const bad = CASES.find((c) => c.name === `stray ${lang}`)!;
        const b0 = book(clean.name);
        const b1 = book(bad.name);
        const ch = checkWorkbook(bad.desc, b1);
        expect(ch.mismatches).toEqual([]);
        for (const field of ['average', 'gap']) {
          expect(column(bad.desc, b1, 'dashboard', 'kpiAverages', field)).toEqual(column(clean.desc, b0, 'dashboard', 'kpiAverages', field));
        }
        for (const field of ['total', 'grade', 'coefficient']) {
          expect(column(bad.desc, b1, 'review', 'employees', field).slice(1)).toEqual(column(clean.desc, b0, 'review', 'employees', field).slice(1));
        }
        // The first employee is not final, and the status says why in words.
        expect(column(bad.desc, b1, 'review', 'employees', 'grade')[0]).toBeNull();
        expect(String(column(bad.desc, b1, 'review', 'employees', 'status')[0])).toMatch(/✗|empty|空/);
      });
    }
  });
}
