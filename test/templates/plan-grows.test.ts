/**
 * Plans that grow: a generated plan keeps spare KPI lines after the preset's, and the review
 * already has a row for each of them in every employee's block. Blank lines show nothing and
 * change no status; a KPI typed into a spare line reaches every employee's review, counts as
 * missing until its actual is typed, and then the totals equal the core. Recalculated in
 * HyperFormula and in LibreOffice Calc (all workbooks in one conversion), in both languages.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCell } from '../../core/templates/a1.js';
import { WorkbookBuilder } from '../../core/templates/builder.js';
import { generateTemplate, type SheetDesc, type TableLayout, type WorkbookDesc } from '../../core/templates/index.js';
import { label } from '../../core/templates/labels.js';
import { SPARE_PLAN_LINES, planSheet, presetLines } from '../../core/templates/plan.js';
import { PRESET_DATA, pick } from '../../core/templates/presets.js';
import { reviewSheet } from '../../core/templates/review.js';
import { sampleReview } from '../../core/templates/sample-data.js';
import type { Locale } from '../../core/types.js';
import { checkWorkbook, type Book, type EngineValue } from './check.js';
import { LANGS, options, withValue } from './cases.js';
import { hfBook, libreOfficeBooks } from './engines.js';

const EMPLOYEES = 10;
const NEW_KPI: Record<Locale, string> = { en: 'Upsell revenue', 'zh-CN': '增购收入' };


const sheetOf = (desc: WorkbookDesc, key: string): SheetDesc => desc.sheets.find((s) => s.key === key)!;
const tableOf = (s: SheetDesc, key: string): TableLayout => s.tables!.find((t) => t.key === key)!;

function read(book: Book, sheet: string, address: string): EngineValue {
  const { row, col } = parseCell(address);
  const x = book.get(sheet)![row - 1]?.[col - 1] ?? null;
  return x === '' ? null : x;
}

interface Scenario {
  readonly name: string;
  readonly lang: Locale;
  readonly desc: WorkbookDesc;
}

/** The review of the sales preset with sample data, as the review template makes it (plan with spare lines). */
const grown = (lang: Locale) => generateTemplate(options({ kind: 'review', lang, preset: 'sales', sample: true, rows: EMPLOYEES }));

/** The same review over a plan without spare lines: what blank lines must not change. */
function withoutSpare(lang: Locale): WorkbookDesc {
  const wb = new WorkbookBuilder(lang);
  const lines = presetLines('sales', lang);
  const department = pick(PRESET_DATA.sales.department, lang);
  const plan = planSheet(wb, { department, period: '', lines, rows: lines.length });
  reviewSheet(wb, { department, period: '', plan: plan.mapping, employees: EMPLOYEES, data: sampleReview('sales', lang, EMPLOYEES) });
  return wb.build();
}

/** HR types a new KPI into the first spare line (target 100, weight 10%) and takes 10% off the first KPI. */
function typed(lang: Locale): WorkbookDesc {
  const desc = grown(lang);
  const plan = sheetOf(desc, 'plan');
  const t = tableOf(plan, 'kpis');
  const spare = t.firstRow + presetLines('sales', lang).length;
  let d = withValue(desc, plan.name, `${t.columns.kpi}${spare}`, NEW_KPI[lang]);
  d = withValue(d, plan.name, `${t.columns.target}${spare}`, 100);
  d = withValue(d, plan.name, `${t.columns.weight}${spare}`, 0.1);
  return withValue(d, plan.name, `${t.columns.weight}${t.firstRow}`, 0.5);
}

/** Then the managers type the new KPI's actual for every employee. */
function filled(lang: Locale): WorkbookDesc {
  let d = typed(lang);
  const review = sheetOf(d, 'review');
  const detail = tableOf(review, 'detail');
  const K = (detail.lastRow - detail.firstRow + 1) / EMPLOYEES;
  const j = presetLines('sales', lang).length;
  for (let e = 0; e < EMPLOYEES; e++) d = withValue(d, review.name, `${detail.columns.actual}${detail.firstRow + e * K + j}`, 80 + 5 * e);
  return d;
}

const SCENARIOS: Scenario[] = LANGS.flatMap((lang) => [
  { name: `grown ${lang}`, lang, desc: grown(lang) },
  { name: `without spare ${lang}`, lang, desc: withoutSpare(lang) },
  { name: `typed ${lang}`, lang, desc: typed(lang) },
  { name: `filled ${lang}`, lang, desc: filled(lang) },
]);

function view(desc: WorkbookDesc, book: Book) {
  const review = sheetOf(desc, 'review');
  const plan = sheetOf(desc, 'plan');
  const roster = tableOf(review, 'employees');
  const detail = tableOf(review, 'detail');
  const K = (detail.lastRow - detail.firstRow + 1) / EMPLOYEES;
  const field = (t: TableLayout, f: string, n: number) => Array.from({ length: n }, (_, i) => read(book, review.name, `${t.columns[f]}${t.firstRow + i}`));
  const rows = (f: string) => field(detail, f, detail.lastRow - detail.firstRow + 1);
  const kpi = rows('kpi');
  const check = rows('check');
  return {
    K,
    planLines: tableOf(plan, 'kpis').lastRow - tableOf(plan, 'kpis').firstRow + 1,
    /** [employee][line] KPI names and row checks. */
    kpi: Array.from({ length: EMPLOYEES }, (_, e) => kpi.slice(e * K, e * K + K)),
    check: Array.from({ length: EMPLOYEES }, (_, e) => check.slice(e * K, e * K + K)),
    status: field(roster, 'status', EMPLOYEES),
    total: field(roster, 'total', EMPLOYEES),
    grade: field(roster, 'grade', EMPLOYEES),
    planLine: read(book, review.name, review.cells!.planCheck!),
    weightCheck: read(book, plan.name, plan.cells!.weightCheck!),
  };
}

function expectations(books: () => Map<string, Book>): void {
  for (const lang of LANGS) {
    describe(lang, () => {
      const get = (name: string) => {
        const s = SCENARIOS.find((x) => x.name === `${name} ${lang}`)!;
        const book = books().get(s.name)!;
        return { s, book, v: view(s.desc, book) };
      };
      const L = (key: Parameters<typeof label>[1], p: Record<string, string | number> = {}) => label(lang, key, p);
      const preset = presetLines('sales', lang).length;
      const weighted = presetLines('sales', lang).filter((l) => typeof l.weight === 'number' && l.weight > 0).length;

      it('every scenario equals the core', () => {
        for (const s of SCENARIOS.filter((x) => x.lang === lang)) {
          const ch = checkWorkbook(s.desc, books().get(s.name)!);
          expect(ch.mismatches, s.name).toEqual([]);
          expect(ch.errorCells(), s.name).toEqual([]);
        }
      });

      it('the plan has spare lines and every employee has a row for each; blank lines show nothing and change nothing', () => {
        const { v } = get('grown');
        expect(v.planLines).toBe(preset + SPARE_PLAN_LINES);
        expect(v.K).toBe(preset + SPARE_PLAN_LINES);
        for (let e = 0; e < EMPLOYEES; e++) {
          expect(v.kpi[e]!.slice(preset)).toEqual(Array(SPARE_PLAN_LINES).fill(null));
          expect(v.check[e]!.slice(preset)).toEqual(Array(SPARE_PLAN_LINES).fill(null));
        }
        const w = get('without spare').v;
        expect([v.status, v.total, v.grade]).toEqual([w.status, w.total, w.grade]);
        expect(v.weightCheck).toBe(w.weightCheck);
        expect(String(v.planLine)).toBe(L('rv.plan.ok', { plan: sheetOf(get('grown').s.desc, 'plan').name, n: preset }));
      });

      it('a KPI typed into a spare line reaches every employee and counts as missing until its actual is typed', () => {
        const before = get('grown').v;
        const { v } = get('typed');
        for (let e = 0; e < EMPLOYEES; e++) {
          expect(v.kpi[e]![preset]).toBe(NEW_KPI[lang]);
          expect(v.grade[e]).toBeNull();
          if (before.status[e] === L('rv.s.complete')) {
            expect(v.status[e]).toBe(L('rv.s.progress', { n: weighted, m: weighted + 1, kpi: NEW_KPI[lang], more: '' }));
          }
        }
        expect(before.status.filter((x) => x === L('rv.s.complete')).length).toBeGreaterThanOrEqual(EMPLOYEES - 1);
        expect(String(v.planLine)).toBe(L('rv.plan.ok', { plan: sheetOf(get('typed').s.desc, 'plan').name, n: preset + 1 }));
      });

      it('after the actuals are typed, the reviews are complete again and the totals include the new KPI', () => {
        const before = get('grown').v;
        const { v } = get('filled');
        for (let e = 0; e < EMPLOYEES; e++) {
          if (before.status[e] === L('rv.s.complete')) {
            expect(v.status[e]).toBe(L('rv.s.complete'));
            expect(v.grade[e]).not.toBeNull();
            expect(v.total[e]).not.toEqual(before.total[e]);
          } else {
            // Still being reviewed: the new KPI is scored, the plan's own missing KPIs are still named.
            expect(String(v.status[e])).toContain(lang === 'en' ? `of ${weighted + 1} KPIs` : `/${weighted + 1} 项KPI`);
          }
        }
      });
    });
  }
}

describe('plans that grow, in HyperFormula', () => {
  const books = new Map(SCENARIOS.map((s) => [s.name, hfBook(s.desc)]));
  expectations(() => books);
});

describe('plans that grow, in LibreOffice Calc', () => {
  let books = new Map<string, Book>();
  beforeAll(async () => {
    books = await libreOfficeBooks(SCENARIOS, 'g');
  }, 600_000);
  expectations(() => books);
});

describe('spare lines keep their input look and validation', () => {
  it('the plan validates the spare lines like the preset lines', () => {
    const desc = grown('en');
    const plan = sheetOf(desc, 'plan');
    const t = tableOf(plan, 'kpis');
    const weight = plan.validations.find((x) => x.range.startsWith(`${t.columns.weight}${t.firstRow}:`))!;
    expect(weight.range).toBe(`${t.columns.weight}${t.firstRow}:${t.columns.weight}${t.lastRow}`);
    const input = plan.styles.filter((x) => x.style === 'input').map((x) => x.range);
    expect(input.some((r) => r.endsWith(`${t.lastRow}`))).toBe(true);
  });
});
