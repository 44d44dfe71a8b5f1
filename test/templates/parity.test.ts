/**
 * Parity of the templates' native formulas with the scoring core, in two real engines:
 * HyperFormula (in-process) and LibreOffice Calc (headless, recalculating the .xlsx that the .xlsx
 * renderer writes; all files of the run in one conversion).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHyperFormula, readSheet } from '../../cli/hyperformula.js';
import { recalcXlsx } from '../../cli/libreoffice.js';
import { writeXlsx } from '../../cli/xlsx.js';
import { KPISCORE } from '../../core/index.js';
import { parseCell } from '../../core/templates/a1.js';
import { generateTemplate, type WorkbookDesc } from '../../core/templates/index.js';
import { checkWorkbook, planMappingIn, type Book, type Checker } from './check.js';
import { allCases, options, withValue, type Case } from './cases.js';
import { hfBook } from './engines.js';


function verify(c: Case, ch: Checker): void {
  expect(ch.checked).toBeGreaterThan(0);
  expect(ch.mismatches, c.name).toEqual([]);
  if (!c.errorsExpected) expect(ch.errorCells(), c.name).toEqual([]);
}

const CASES = allCases();

/** The review sheet with the plan's first target doubled: the review must follow. */
function editedPlan(): { before: WorkbookDesc; after: WorkbookDesc; planSheet: string; target: string; achievement: string; newTarget: number } {
  const before = generateTemplate(options({ kind: 'review', lang: 'zh-CN', preset: 'sales', sample: true }));
  const mapping = planMappingIn(before)!;
  const target = `${mapping.columns.target}${mapping.firstRow}`;
  const review = before.sheets.find((s) => s.key === 'review')!;
  const detail = review.tables!.find((t) => t.key === 'detail')!;
  const newTarget = 520;
  return {
    before,
    after: withValue(before, mapping.sheet, target, newTarget),
    planSheet: mapping.sheet,
    target,
    achievement: `${detail.columns.achievement}${detail.firstRow}`,
    newTarget,
  };
}

function valueAt(book: Book, sheet: string, address: string): unknown {
  const { row, col } = parseCell(address);
  return book.get(sheet)![row - 1]?.[col - 1] ?? null;
}

describe('templates in HyperFormula', () => {
  for (const c of CASES) {
    it(`${c.name}: every computed cell equals the core`, () => {
      verify(c, checkWorkbook(c.desc, hfBook(c.desc), c.mapping));
    });
  }

  it('the review follows an edit of the plan', () => {
    const e = editedPlan();
    const hf = buildHyperFormula(e.before);
    const review = e.before.sheets.find((s) => s.key === 'review')!.name;
    const read = () => {
      const m = /^([A-Z]+)(\d+)$/.exec(e.achievement)!;
      return hf.getCellValue({ sheet: hf.getSheetId(review)!, row: Number(m[2]) - 1, col: m[1]!.charCodeAt(0) - 65 });
    };
    const before = read();
    const t = /^([A-Z]+)(\d+)$/.exec(e.target)!;
    const planId = hf.getSheetId(e.planSheet)!;
    const actualCell = { sheet: hf.getSheetId(review)!, row: Number(/\d+/.exec(e.achievement)![0]) - 1, col: 8 };
    const actual = hf.getCellValue(actualCell);
    hf.setCellContents({ sheet: planId, row: Number(t[2]) - 1, col: t[1]!.charCodeAt(0) - 65 }, [[e.newTarget]]);
    const after = read();
    expect(after).not.toEqual(before);
    expect(after).toBeCloseTo(KPISCORE(actual, e.newTarget, 'higher', 1.5, 0) as number, 9);
    const book = new Map(e.before.sheets.map((s) => [s.name, readSheet(hf, s.name)]));
    const ch = checkWorkbook(e.before, book);
    expect(ch.mismatches).toEqual([]);
    hf.destroy();
  });
});

describe('templates in LibreOffice Calc', () => {
  let dir = '';
  const results = new Map<string, Book>();
  const edit = editedPlan();
  const extra: Case[] = [
    { name: 'plan edit: before', desc: edit.before },
    { name: 'plan edit: after', desc: edit.after },
  ];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kpi-parity-'));
    const all = [...CASES, ...extra];
    const paths = all.map((_, i) => join(dir, `case${i}.xlsx`));
    for (const [i, c] of all.entries()) await writeXlsx(c.desc, paths[i]!);
    const books = await recalcXlsx(paths);
    all.forEach((c, i) => results.set(c.name, books.get(paths[i]!)!));
  }, 600_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  for (const c of CASES) {
    it(`${c.name}: every computed cell equals the core`, () => {
      verify(c, checkWorkbook(c.desc, results.get(c.name)!, c.mapping));
    });
  }

  it('the review follows an edit of the plan', () => {
    const review = edit.before.sheets.find((s) => s.key === 'review')!.name;
    const before = results.get('plan edit: before')!;
    const after = results.get('plan edit: after')!;
    expect(valueAt(after, edit.planSheet, edit.target)).toBe(edit.newTarget);
    expect(valueAt(after, review, edit.achievement)).not.toEqual(valueAt(before, review, edit.achievement));
    const ch = checkWorkbook(edit.after, after);
    expect(ch.mismatches).toEqual([]);
    expect(ch.errorCells()).toEqual([]);
  });

  it('names that begin with = + - @ stay text', () => {
    const c = CASES.find((x) => x.name === 'random review+bonus+dashboard en')!;
    const book = results.get(c.name)!;
    const review = c.desc.sheets.find((s) => s.key === 'review')!;
    const roster = review.tables!.find((t) => t.key === 'employees')!;
    const names = [0, 1, 2, 3].map((i) => valueAt(book, review.name, `${roster.columns.employee}${roster.firstRow + i}`));
    expect(names).toEqual(['=Ada', '+Bo', '-Cy', '@Di']);
  });
});
