/**
 * One source of truth: in a workbook that holds a review (the dashboard template, the demo
 * workbook), the bonus sheet takes employee, department, grade and coefficient from the review by
 * formula, and the dashboard reads the review's bands by their name. An edit of an actual or of a
 * band bound in the review changes the grade and the money; an employee whose review is not
 * complete gets no share and the check says how many lack a final grade. Every scenario is
 * recalculated in HyperFormula and in LibreOffice Calc (all workbooks in one conversion), in both
 * languages, and compared with the scoring core (check.ts) and with the words expected.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { col as letters, colNumber, parseCell } from '../../core/templates/a1.js';
import { label } from '../../core/templates/labels.js';
import { generateDemoWorkbook, generateTemplate, type SheetDesc, type TableLayout, type WorkbookDesc } from '../../core/templates/index.js';
import type { Locale } from '../../core/types.js';
import { checkWorkbook, isLinkedBonus, type Book, type EngineValue } from './check.js';
import { LANGS, options, withValue } from './cases.js';
import { hfBook, libreOfficeBooks } from './engines.js';


const sheetOf = (desc: WorkbookDesc, key: string): SheetDesc => desc.sheets.find((s) => s.key === key)!;
const tableOf = (s: SheetDesc, key: string): TableLayout => s.tables!.find((t) => t.key === key)!;

function read(book: Book, sheet: string, address: string): EngineValue {
  const { row, col } = parseCell(address);
  const x = book.get(sheet)![row - 1]?.[col - 1] ?? null;
  return x === '' ? null : x; // a formula's blank: "" in HyperFormula, empty in LibreOffice
}

/** What the user sees: per employee the review's grade, coefficient and status, the bonus's grade, share and status; the checks and counts. */
function view(desc: WorkbookDesc, book: Book) {
  const review = sheetOf(desc, 'review');
  const bonus = sheetOf(desc, 'bonus');
  const roster = tableOf(review, 'employees');
  const rows = tableOf(bonus, 'employees');
  const n = roster.lastRow - roster.firstRow + 1;
  const col = (s: SheetDesc, t: TableLayout, field: string) => Array.from({ length: n }, (_, i) => read(book, s.name, `${t.columns[field]}${t.firstRow + i}`));
  const dash = desc.sheets.find((s) => s.key === 'dashboard');
  const dist = dash ? tableOf(dash, 'distribution') : null;
  return {
    names: col(review, roster, 'employee'),
    total: col(review, roster, 'total'),
    grade: col(review, roster, 'grade'),
    coefficient: col(review, roster, 'coefficient'),
    status: col(review, roster, 'status'),
    bonusName: col(bonus, rows, 'employee'),
    bonusGrade: col(bonus, rows, 'grade'),
    bonusCoefficient: col(bonus, rows, 'coefficient'),
    share: col(bonus, rows, 'share'),
    bonusStatus: col(bonus, rows, 'status'),
    check: read(book, bonus.name, bonus.cells!.check!),
    distribution: dist
      ? Array.from({ length: dist.lastRow - dist.firstRow + 1 }, (_, i) => [read(book, dash!.name, `A${dist.firstRow + i}`), read(book, dash!.name, `B${dist.firstRow + i}`)])
      : [],
  };
}

interface Scenario {
  readonly name: string;
  readonly lang: Locale;
  readonly desc: WorkbookDesc;
}

/** The address of a review roster cell of employee e. */
function rosterCell(desc: WorkbookDesc, field: string, e: number): string {
  const t = tableOf(sheetOf(desc, 'review'), 'employees');
  return `${t.columns[field]}${t.firstRow + e}`;
}

/** The band bound cell of a grade (from the review's bands table: bound | grade | coefficient). */
function boundCell(desc: WorkbookDesc, book: Book, grade: string): string {
  const review = sheetOf(desc, 'review');
  const [a, b] = review.cells!.bands!.split(':').map((x) => parseCell(x));
  for (let r = a!.row; r <= b!.row; r++) {
    if (read(book, review.name, `${letters(a!.col + 1)}${r}`) === grade) return `${letters(a!.col)}${r}`;
  }
  throw new Error(`no band ${grade}`);
}

function scenarios(lang: Locale): Scenario[] {
  const base = generateTemplate(options({ kind: 'dashboard', lang, sample: true }));
  const review = sheetOf(base, 'review');
  const detail = tableOf(review, 'detail');
  const roster = tableOf(review, 'employees');
  const K = (detail.lastRow - detail.firstRow + 1) / (roster.lastRow - roster.firstRow + 1);
  const hf = hfBook(base);
  const v = view(base, hf);
  // An employee graded B: the band A's bound moved to just below the total makes them an A.
  const b = v.grade.findIndex((g) => g === 'B');
  const t = v.total[b] as number;
  const newBound = Math.floor(t * 100) / 100;
  const actual = `${detail.columns.actual}${detail.firstRow}`; // employee 1's first KPI (revenue, 60%)
  return [
    { name: `base ${lang}`, lang, desc: base },
    { name: `actual ${lang}`, lang, desc: withValue(base, review.name, actual, 1) },
    { name: `band ${lang}`, lang, desc: withValue(base, review.name, boundCell(base, hf, 'A'), newBound) },
    { name: `no 360 ${lang}`, lang, desc: withValue(base, review.name, rosterCell(base, 'collab', 1), null) },
    {
      name: `no 360, KPI only ${lang}`,
      lang,
      desc: withValue(withValue(base, review.name, rosterCell(base, 'collab', 1), null), review.name, review.cells!.collabMissing!, label(lang, 'rv.word.kpiOnly')),
    },
    { name: `demo ${lang}`, lang, desc: generateDemoWorkbook(lang) },
    { name: `bad base ${lang}`, lang, desc: withValue(base, sheetOf(base, 'bonus').name, `${tableOf(sheetOf(base, 'bonus'), 'employees').columns.base}${tableOf(sheetOf(base, 'bonus'), 'employees').firstRow + 2}`, 'abc') },
  ].map((s) => ({ ...s, K, b }) as Scenario & { K: number; b: number });
}

const SCENARIOS = LANGS.flatMap((lang) => scenarios(lang)) as (Scenario & { K: number; b: number })[];

function expectations(books: () => Map<string, Book>): void {
  for (const lang of LANGS) {
    describe(lang, () => {
      const get = (name: string) => {
        const s = SCENARIOS.find((x) => x.name === `${name} ${lang}`)!;
        return { s, book: books().get(s.name)!, v: view(s.desc, books().get(s.name)!) };
      };
      const L = (key: Parameters<typeof label>[1], p: Record<string, string | number> = {}) => label(lang, key, p);

      it('every scenario equals the core, and the bonus shows the review’s employees, grades and coefficients', () => {
        for (const s of SCENARIOS.filter((x) => x.lang === lang)) {
          const book = books().get(s.name)!;
          expect(isLinkedBonus(sheetOf(s.desc, 'bonus'))).toBe(true);
          const ch = checkWorkbook(s.desc, book);
          expect(ch.mismatches, s.name).toEqual([]);
          // A base typed as text is #VALUE! in its hidden number column only (the row says why in words).
          const baseNum = `${tableOf(sheetOf(s.desc, 'bonus'), 'employees').columns.baseNum}`;
          expect(ch.errorCells().filter((x) => !(s.name.startsWith('bad base') && new RegExp(`!${baseNum}\\d+ `).test(x))), s.name).toEqual([]);
          const v = view(s.desc, book);
          expect(v.bonusName, s.name).toEqual(v.names);
          expect(v.bonusGrade, s.name).toEqual(v.grade);
          expect(v.bonusCoefficient, s.name).toEqual(v.coefficient);
          // The dashboard's counts are the bonus sheet's grades, by construction.
          for (const [g, n] of v.distribution) expect(n, `${s.name} ${String(g)}`).toBe(v.bonusGrade.filter((x) => x === g).length);
          // Only employees with a final grade are paid (and all of them, but for the row with a bad base).
          v.share.forEach((x, i) => {
            const exempt = s.name.startsWith('bad base') && i === 2;
            expect(typeof x === 'number', `${s.name} e${i}`).toBe(v.grade[i] !== null && !exempt);
          });
        }
      });

      it('the sample: the employee still being reviewed gets no share, and the check says the split is not final', () => {
        const { v } = get('base');
        const last = v.names.length - 1;
        expect(v.grade.filter((g) => g !== null)).toHaveLength(last);
        expect(v.share[last]).toBeNull();
        expect(v.bonusStatus[last]).toBe(L('bonus.row.bad', { reason: L('bonus.row.notFinal', { status: String(v.status[last]) }) }));
        expect(String(v.status[last])).toContain(lang === 'en' ? 'of 3 KPIs scored' : '项KPI');
        expect(v.check).toBe(L('bonus.check.notFinalOne'));
        expect(v.bonusStatus[0]).toBe(L('bonus.row.provisional'));
      });

      it('an actual typed in the review changes the grade and the money', () => {
        const before = get('base').v;
        const after = get('actual').v;
        expect(after.grade[0]).not.toEqual(before.grade[0]);
        expect(after.bonusGrade[0]).toEqual(after.grade[0]);
        expect(after.share[0]).not.toEqual(before.share[0]);
      });

      it('a band bound edited in the review changes the grade and the money', () => {
        const { s } = get('band');
        const before = get('base').v;
        const after = get('band').v;
        expect(before.grade[s.b]).toBe('B');
        expect(after.grade[s.b]).toBe('A');
        expect(after.bonusGrade[s.b]).toBe('A');
        expect(after.bonusCoefficient[s.b]).toBe(1.2);
        expect(after.share[s.b] as number).toBeGreaterThan(before.share[s.b] as number);
      });

      it('no 360 score while the weight is above 0: no grade and no share (incomplete), or graded on the KPIs and said so (KPI only)', () => {
        const none = get('no 360').v;
        expect(none.status[1]).toBe(L('rv.s.collabMissing'));
        expect([none.grade[1], none.share[1]]).toEqual([null, null]);
        expect(none.check).toBe(L('bonus.check.notFinal', { n: 2 }));
        const kpiOnly = get('no 360, KPI only').v;
        expect(kpiOnly.status[1]).toBe(L('rv.s.kpiOnly'));
        expect(kpiOnly.grade[1]).not.toBeNull();
        expect(typeof kpiOnly.share[1]).toBe('number');
        expect(kpiOnly.check).toBe(L('bonus.check.notFinalOne'));
      });

      it('a row in error on the bonus sheet is named first; the employee without a final grade still gets nothing', () => {
        const { s, v } = get('bad base');
        const row = tableOf(sheetOf(s.desc, 'bonus'), 'employees').firstRow + 2;
        expect(v.check).toBe(L('bonus.check.oneRow', { row, reason: L('bonus.row.baseText', { x: 'abc' }) }));
        expect([v.share[2], v.share[v.names.length - 1]]).toEqual([null, null]);
        expect(v.bonusGrade).toEqual(v.grade);
      });

      it('the demo: the bonus pays the review’s grades, and the shares add up to the pool', () => {
        const { s, book, v } = get('demo');
        expect(v.bonusGrade).toEqual(v.grade);
        expect(v.grade.filter((g) => g !== null).length).toBeGreaterThanOrEqual(10);
        const bonus = sheetOf(s.desc, 'bonus');
        const pool = read(book, bonus.name, bonus.cells!.pool!) as number;
        const cents = v.share.reduce<number>((a, x) => a + (typeof x === 'number' ? Math.round(x * 100) : 0), 0);
        expect(cents).toBe(Math.round(pool * 100));
      });
    });
  }
}

describe('one source of truth in HyperFormula', () => {
  const books = new Map(SCENARIOS.map((s) => [s.name, hfBook(s.desc)]));
  expectations(() => books);
});

describe('one source of truth in LibreOffice Calc', () => {
  let books = new Map<string, Book>();
  beforeAll(async () => {
    books = await libreOfficeBooks(SCENARIOS, 's');
  }, 600_000);
  expectations(() => books);
});

describe('bands are one named table', () => {
  it('the dashboard reads grades through the name the review defines; the linked bonus has no bands of its own', () => {
    for (const lang of LANGS) {
      const desc = generateTemplate(options({ kind: 'dashboard', lang, sample: true }));
      const name = desc.names.find((n) => n.name === 'KPI_Bands')!;
      expect(name.ref).toContain(sheetOf(desc, 'review').name);
      expect(desc.names.filter((n) => /^KPI_Bands/.test(n.name))).toHaveLength(1);
      const dash = sheetOf(desc, 'dashboard');
      const formulas = dash.blocks.flatMap((b) => b.cells.flat()).filter((c) => 'f' in c).map((c) => (c as { f: string }).f);
      expect(formulas.some((f) => f.includes('INDEX(KPI_Bands,'))).toBe(true);
      const bonus = sheetOf(desc, 'bonus');
      expect(bonus.cells!.bands).toBeUndefined();
      expect(colNumber(tableOf(bonus, 'employees').columns.grade!)).toBe(5);
    }
  });
});
