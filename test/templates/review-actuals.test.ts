/**
 * Actuals from a system export: a review given an ActualSource shows the export's value and the
 * actual's source beside the typed actual, a typed actual wins, dated export rows outside the
 * review's period are left out, and a text in the export is flagged on its row as a typed text
 * would be. Every figure the review computes must then be what it is when the same actuals are
 * typed. Recalculated in HyperFormula and LibreOffice Calc, in English and Chinese.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { absRange, colNumber, onSheet } from '../../core/templates/a1.js';
import { WorkbookBuilder, v } from '../../core/templates/builder.js';
import { label } from '../../core/templates/labels.js';
import { planSheet, type NumberInput, type PlanLine } from '../../core/templates/plan.js';
import { reviewSheet, type ActualSource } from '../../core/templates/review.js';
import type { WorkbookDesc } from '../../core/templates/types.js';
import type { Locale } from '../../core/types.js';
import { LANGS, withValue } from './cases.js';
import type { Book, EngineValue } from './check.js';
import { hfBook, libreOfficeBooks } from './engines.js';

const KPIS: Record<Locale, readonly [string, string]> = { en: ['Revenue', 'Churn'], 'zh-CN': ['销售收入', '客户流失率'] };
const EMPLOYEES = ['P1', 'P2', 'P3', 'P4'];

/** An Excel date serial. */
const day = (iso: string): number => (Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000;

function planLines(lang: Locale): PlanLine[] {
  const line = (kpi: string, unit: string, direction: string, target: number): PlanLine => ({
    perspective: null, kpi, definition: null, source: null, direction, unit, baseline: null, threshold: null, target,
    maximum: null, weight: 0.5, owner: null, sharedWith: null, period: null, action: null,
  });
  const [revenue, churn] = KPIS[lang];
  return [line(revenue, '$k', 'higher', 500), line(churn, '%', lang === 'en' ? 'lower' : '越低越好', 0.05)];
}

/** The export: employee | KPI | value | date | key (employee|KPI), one row per figure. */
function exportRows(lang: Locale): (string | number)[][] {
  const [revenue, churn] = KPIS[lang];
  return [
    ['P1', revenue, 520, day('2026-10-15')],
    ['P1', churn, 0.04, day('2026-11-01')],
    ['P1', revenue, 999, day('2026-06-01')], // before the period
    ['P2', revenue, 480, day('2026-10-20')], // P2 typed 700: the typed actual wins
    ['P2', churn, 'n/a', day('2026-10-20')], // not a number: flagged
    ['P3', revenue, 530, day('2026-12-01')],
    ['P3', churn, 0.06, day('2026-12-01')],
    ['P3', churn, 0.01, day('2027-01-05')], // after the period
  ];
}

/**
 * A source over the export sheet: the sum of the matching numbers in the period, the first
 * matching value where one is not a number, "" where nothing matches.
 */
function source(sheet: string, rows: number): ActualSource {
  const colOf = (c: number) => onSheet(sheet, absRange(c, 2, c, rows + 1));
  const [E, K, V, D, KEY] = [1, 2, 3, 4, 5].map(colOf) as [string, string, string, string, string];
  return {
    sheet,
    dated: true,
    value: (employee, kpi, start, end) => {
      const crit = `${E},${employee},${K},${kpi},${D},">="&IF(${start}="",0,${start}),${D},"<="&IF(${end}="",2958465,${end})`;
      const n = `COUNTIFS(${crit})`;
      const numbers = `COUNTIFS(${crit},${V},">-1E+300")`;
      const first = `INDEX(${V},MATCH(${employee}&"|"&${kpi},${KEY},0))`;
      return `IF(${n}=0,"",IF(${n}>${numbers},${first},SUMIFS(${V},${crit})))`;
    },
  };
}

interface Built {
  readonly desc: WorkbookDesc;
  readonly review: string;
}

/** A review of four people, with the export as its source or with the same actuals typed. */
function build(lang: Locale, withExport: boolean, period: boolean): Built {
  const wb = new WorkbookBuilder(lang);
  const plan = planSheet(wb, { department: 'Sales', period: '', lines: planLines(lang), rows: 2 });
  const rows = exportRows(lang);
  const x = wb.sheet('export', 'Export');
  x.put(1, 1, [['Employee', 'KPI', 'Value', 'Date', 'Key'].map((h) => v(h)), ...rows.map((r) => [...r, `${r[0]}|${r[1]}`].map((c) => v(c)))]);
  x.format(`D2:D${rows.length + 1}`, 'yyyy-mm-dd');
  const typed: NumberInput[][] = withExport
    ? [[null, null], [700, null], [null, null], [null, null]]
    : [[520, 0.04], [700, 'n/a'], [530, 0.06], [null, null]];
  const review = reviewSheet(wb, {
    department: 'Sales',
    period: '2026 Q4',
    plan: plan.mapping,
    employees: EMPLOYEES.length,
    data: { names: EMPLOYEES, departments: EMPLOYEES.map(() => 'Sales'), actuals: typed, comments: [], collab: [] },
    ...(withExport ? { actuals: source(x.name, rows.length) } : {}),
  });
  let desc = wb.build();
  const cells = desc.sheets.find((s) => s.key === 'review')!.cells!;
  if (withExport && period) {
    desc = withValue(desc, review.sheet, cells.periodStart!, day('2026-10-01'));
    desc = withValue(desc, review.sheet, cells.periodEnd!, day('2026-12-31'));
  }
  return { desc, review: review.sheet };
}

/** Columns of the review's tables as the engine computed them (a formula's blank as null). */
function view(b: Built, book: Book) {
  const sheet = b.desc.sheets.find((s) => s.key === 'review')!;
  const values = book.get(b.review)!;
  const cell = (letters: string, r: number): EngineValue => {
    const x = values[r - 1]?.[colNumber(letters) - 1] ?? null;
    return x === '' ? null : x;
  };
  const table = (key: string) => sheet.tables!.find((t) => t.key === key)!;
  const field = (key: string, f: string) => {
    const t = table(key);
    return Array.from({ length: t.lastRow - t.firstRow + 1 }, (_, i) => cell(t.columns[f]!, t.firstRow + i));
  };
  return { detail: (f: string) => field('detail', f), roster: (f: string) => field('employees', f), has: (f: string) => f in table('detail').columns };
}

const DETAIL_COMPUTED = ['achievement', 'weighted', 'payout', 'check', 'rowCode', 'actualNum', 'filled'];
const ROSTER_COMPUTED = ['kpiScore', 'total', 'grade', 'coefficient', 'status', 'stCode'];

function expectActuals(lang: Locale, withExport: Built, typed: Built, bookOf: (b: Built) => Book): void {
  const got = view(withExport, bookOf(withExport));
  const want = view(typed, bookOf(typed));
  const L = (key: Parameters<typeof label>[1], p: Record<string, string | number> = {}) => label(lang, key, p);
  // Rows: P1 revenue, P1 churn, P2 revenue, P2 churn, P3 revenue, P3 churn, P4 revenue, P4 churn.
  expect(got.detail('fromExport')).toEqual([520, 0.04, 480, 'n/a', 530, 0.06, null, null]);
  const [typedWord, exportWord] = [L('rv.src.typed'), L('rv.src.export')];
  expect(got.detail('source')).toEqual([exportWord, exportWord, typedWord, exportWord, exportWord, exportWord, null, null]);
  expect(got.detail('actual')).toEqual([null, null, 700, null, null, null, null, null]);
  // Every computed figure and word is what the same actuals typed give.
  for (const f of DETAIL_COMPUTED) expect(got.detail(f), `detail ${f}`).toEqual(want.detail(f));
  for (const f of ROSTER_COMPUTED) expect(got.roster(f), `roster ${f}`).toEqual(want.roster(f));
  expect(got.detail('achievement')[2]).toBeCloseTo(700 / 500, 12); // typed 700, not the export's 480
  expect(got.detail('check')[3]).toBe(`✗ ${L('rv.r.actualText', { v: 'n/a' })}`);
  expect(got.roster('status')[1]).toBe(L('rv.s.problem', { kpi: KPIS[lang][1], reason: L('rv.r.actualText', { v: 'n/a' }) }));
  expect(got.roster('status')[0]).toBe(L('rv.s.complete'));
  expect(got.roster('status')[2]).toBe(L('rv.s.complete'));
  expect(typeof got.roster('grade')[0]).toBe('string');
  // P4: nothing typed, nothing exported.
  expect(got.roster('status')[3]).toBe(want.roster('status')[3]);
  expect(got.detail('check').slice(6)).toEqual(want.detail('check').slice(6));
}

const CASES = LANGS.flatMap((lang) => [
  { name: `export ${lang}`, lang, desc: build(lang, true, true) },
  { name: `typed ${lang}`, lang, desc: build(lang, false, true) },
]);

describe('a review reads actuals from an export', () => {
  it('without a source the review has no export columns and no period settings', () => {
    const b = build('en', false, false);
    expect(view(b, hfBook(b.desc)).has('fromExport')).toBe(false);
    const cells = b.desc.sheets.find((s) => s.key === 'review')!.cells!;
    expect(cells.periodStart).toBeUndefined();
  });

  it('the period settings show as dates, typed in, with their words in both languages', () => {
    for (const lang of LANGS) {
      const b = build(lang, true, true);
      const sheet = b.desc.sheets.find((s) => s.key === 'review')!;
      const start = sheet.cells!.periodStart!;
      expect(sheet.formats).toContainEqual({ range: start, numFmt: 'yyyy-mm-dd' });
      const values = hfBook(b.desc).get(b.review)!;
      const r = Number(start.replace(/\D+/g, ''));
      expect(values[r - 1]![colNumber(start.replace(/\d+/g, '')) - 2]).toBe(label(lang, 'label.periodStart'));
    }
  });

  for (const lang of LANGS) {
    it(`HyperFormula, ${lang}: the export fills actuals, a typed actual wins, dates outside the period are left out`, () => {
      const [withExport, typed] = [build(lang, true, true), build(lang, false, true)];
      expectActuals(lang, withExport, typed, (b) => hfBook(b.desc));
    });
  }

  it('HyperFormula: a blank period takes every date', () => {
    const b = build('en', true, false);
    const got = view(b, hfBook(b.desc)).detail('fromExport');
    expect(got.filter((_, i) => i !== 5)).toEqual([520 + 999, 0.04, 480, 'n/a', 530, null, null]);
    expect(got[5]).toBeCloseTo(0.07, 12);
  });

  describe('LibreOffice', () => {
    let books: Map<string, Book>;
    beforeAll(async () => {
      books = await libreOfficeBooks(
        CASES.map((c) => ({ name: c.name, desc: c.desc.desc })),
        'act',
      );
    }, 180_000);
    for (const lang of LANGS) {
      it(`${lang}: the export fills actuals, a typed actual wins, dates outside the period are left out`, () => {
        const byName = new Map(CASES.map((c) => [c.desc, c.name]));
        const [withExport, typed] = [CASES.find((c) => c.name === `export ${lang}`)!.desc, CASES.find((c) => c.name === `typed ${lang}`)!.desc];
        expectActuals(lang, withExport, typed, (b) => books.get(byName.get(b)!)!);
      });
    }
  });
});
