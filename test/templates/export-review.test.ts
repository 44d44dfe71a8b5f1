/**
 * A review whose actuals come from a system export, recalculated in HyperFormula and LibreOffice:
 * the export fills actuals (SUMIFS on employee, KPI and the period's dates), a typed actual wins,
 * dates outside the period and rows without a date (once a bound is set) do not count, a number
 * typed as text in the export is named rather than skipped, and the export check sheet lists
 * every row the review does not count.
 */
import { describe, expect, it } from 'vitest';
import { KPISCORE } from '../../core/index.js';
import { addr, colNumber, parseCell } from '../../core/templates/a1.js';
import { exportText, readExport, type ExportRequest } from '../../core/templates/export.js';
import { generateReviewFromUserPlan, generateTemplate, type CellSpec, type SheetDesc, type WorkbookDesc } from '../../core/templates/index.js';
import { label } from '../../core/templates/labels.js';
import { presetLines } from '../../core/templates/plan.js';
import type { Locale } from '../../core/types.js';
import { options } from './cases.js';
import { checkWorkbook, type Book, type EngineValue } from './check.js';
import { hfBook, libreOfficeBooks } from './engines.js';

const START = 46023; // 2026-01-01
const END = 46112; // 2026-03-31

function exportSheet(name: string, values: unknown[][]): SheetDesc {
  const width = Math.max(...values.map((r) => r.length));
  const cells = values.map((r) => Array.from({ length: width }, (_, i): CellSpec => ({ v: (r[i] ?? null) as string | number | null })));
  return { key: 'userExport', name, columns: [], blocks: [{ at: 'A1', cells }], styles: [], formats: [], validations: [], conditionalFormats: [], merges: [], protect: false, charts: [] };
}

/** The desc with cells of one sheet set as a user would type them (later blocks win). */
function typeInto(desc: WorkbookDesc, sheetKey: string, cells: Readonly<Record<string, string | number | null>>): WorkbookDesc {
  return {
    ...desc,
    sheets: desc.sheets.map((s) =>
      s.key !== sheetKey ? s : { ...s, blocks: [...s.blocks, ...Object.entries(cells).map(([at, x]) => ({ at, cells: [[{ v: x }]] }))] },
    ),
  };
}

/** The cell right of the review's setting whose label is `key`. */
function settingCell(desc: WorkbookDesc, lang: Locale, key: 'label.periodStart' | 'label.periodEnd'): string {
  const s = desc.sheets.find((x) => x.key === 'review')!;
  const text = label(lang, key);
  for (const b of s.blocks) {
    const at = parseCell(b.at);
    for (const [i, row] of b.cells.entries()) for (const [j, c] of row.entries()) if ('v' in c && c.v === text) return addr(at.col + j + 1, at.row + i);
  }
  throw new Error(`no ${key} on the review`);
}

function at(book: Book, sheet: string, cell: string): EngineValue {
  const p = parseCell(cell);
  return book.get(sheet)![p.row - 1]?.[p.col - 1] ?? null;
}

interface Built {
  readonly desc: WorkbookDesc;
  readonly review: SheetDesc;
  readonly check: SheetDesc;
  readonly kpis: string[];
  /** Detail row of employee i's KPI j. */
  readonly row: (i: number, j: number) => number;
  readonly col: (field: string) => string;
}

function build(lang: Locale, values: unknown[][], request: ExportRequest, passValues: boolean, typed: (b: Omit<Built, 'desc' | 'review' | 'check'> & { desc: WorkbookDesc }) => Record<string, string | number | null>): Built {
  const o = options({ kind: 'review', lang, preset: 'sales', period: '2026 Q1', sample: false, rows: 4 });
  let desc = generateTemplate(o, { existingSheets: [request.sheet] }, passValues ? { request, values } : request);
  desc = { ...desc, sheets: [exportSheet(request.sheet, values), ...desc.sheets] };
  const review = desc.sheets.find((s) => s.key === 'review')!;
  const detail = review.tables!.find((t) => t.key === 'detail')!;
  const kpis = presetLines('sales', lang).map((l) => l.kpi!);
  const K = review.tables!.find((t) => t.key === 'kpiLines')!;
  const k = K.lastRow - K.firstRow + 1;
  const row = (i: number, j: number) => detail.firstRow + i * k + j;
  const col = (field: string) => detail.columns[field]!;
  const dated = request.mapping.columns.period !== undefined;
  const period = dated ? { [settingCell(desc, lang, 'label.periodStart')]: START, [settingCell(desc, lang, 'label.periodEnd')]: END } : {};
  desc = typeInto(desc, 'review', { ...period, ...typed({ desc, kpis, row, col }) });
  return { desc, review, check: desc.sheets.find((s) => s.key === 'exportCheck')!, kpis, row, col };
}

/** The book with the review's typed actuals replaced by the actuals it uses (typed, else the export's). */
function withEffectiveActuals(b: Built, book: Book): Book {
  const detail = b.review.tables!.find((t) => t.key === 'detail')!;
  const values = book.get(b.review.name)!.map((r) => [...r]);
  const a = colNumber(detail.columns.actual!) - 1;
  const e = colNumber(detail.columns.effective!) - 1;
  for (let r = detail.firstRow; r <= detail.lastRow; r++) values[r - 1]![a] = values[r - 1]![e] ?? null;
  return new Map([...book, [b.review.name, values]]);
}

function longCase(lang: Locale) {
  const kpis = presetLines('sales', lang).map((l) => l.kpi!);
  const [k0, k1, k2] = kpis;
  const values: unknown[][] = [
    [lang === 'en' ? 'CRM export' : 'CRM导出'],
    lang === 'en' ? ['Employee', 'KPI', 'Value', 'Date'] : ['姓名', '指标', '完成值', '日期'],
    ['Lee', k0, 60, 46030],
    ['Lee', k0, 40, 46050],
    ['Lee', k0, 999, 46200], // after the period
    ['Kim', k0, 80, 46040],
    ['Kim', k1, '4.5', 46040], // a number typed as text
    ['Ana', k0, 10, 46040], // not in the review
    ['Lee', 'Profit', 5, 46040], // not in the plan
    ['Kim', k2, 7, null], // no date while the period is set
    ['LEE', k1, 0.9, 46060], // another case
    ['K?m', k2, 3, 46040], // a wildcard: not Kim's
  ];
  const request: ExportRequest = { sheet: 'CRM', mapping: { headerRow: 2, firstRow: 3, lastRow: values.length, columns: { employee: 'A', kpi: 'B', actual: 'C', period: 'D' } } };
  // Lee and Kim on the roster; Kim's first KPI typed by the manager.
  const b = build(lang, values, request, false, ({ desc, row, col }) => {
    const roster = desc.sheets.find((s) => s.key === 'review')!.tables!.find((t) => t.key === 'employees')!;
    const name = roster.columns.employee!;
    return { [`${name}${roster.firstRow}`]: 'Lee', [`${name}${roster.firstRow + 1}`]: 'Kim', [`${col('actual')}${row(1, 0)}`]: 90 };
  });
  return { b, kpis: [k0!, k1!, k2!] };
}

function expectLong(lang: Locale, b: Built, book: Book): void {
  const r = b.review.name;
  const v = (i: number, j: number, field: string) => at(book, r, `${b.col(field)}${b.row(i, j)}`);
  const typedWord = label(lang, 'rv.src.typed');
  const exportWord = label(lang, 'rv.src.export');
  // Lee: 60 + 40 inside the period (999 after it does not count).
  expect(v(0, 0, 'fromExport')).toBe(100);
  expect(v(0, 0, 'source')).toBe(exportWord);
  expect(v(0, 0, 'effective')).toBe(100);
  // Lee's second KPI from the row written "LEE": names match in any case.
  expect(v(0, 1, 'fromExport')).toBeCloseTo(0.9, 12);
  // Kim: the typed 90 wins over the export's 80.
  expect(v(1, 0, 'fromExport')).toBe(80);
  expect(v(1, 0, 'source')).toBe(typedWord);
  expect(v(1, 0, 'effective')).toBe(90);
  // A number typed as text in the export is named, not skipped.
  expect(v(1, 1, 'fromExport')).toBe(exportText(lang, 'textInExport'));
  expect(String(v(1, 1, 'check'))).toMatch(/^✗/);
  // No date while the period is set: not counted.
  expect(v(1, 2, 'fromExport') ?? '').toBe('');
  expect(v(1, 2, 'source') ?? '').toBe('');
  // Achievement from the export's actual equals the core's.
  const line = presetLines('sales', lang)[0]!;
  const ach = v(0, 0, 'achievement');
  expect(ach).toBeCloseTo(KPISCORE(100, line.target, 'higher', 1.5, 0, line.baseline) as number, 9);
  // The export check: one line per export row, ✗ with the reason, and the count at the top.
  const c = b.check.name;
  const rows = b.check.tables!.find((t) => t.key === 'exportRows')!;
  const checkAt = (exportRow: number) => at(book, c, `${rows.columns.check}${rows.firstRow + exportRow - 3}`);
  const w = (key: string) => exportText(lang, key);
  expect([3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map(checkAt)).toEqual([
    w('ok'), w('ok'), w('outside'), w('ok'), w('textNumber'), w('unknownEmployee'), w('unknownKpi'), w('noDate'), w('ok'), w('unknownEmployee'),
  ]);
  expect(checkAt(13) ?? '').toBe('');
  expect(at(book, c, 'A2')).toBe(exportText(lang, 'someBad', { n: 6, m: 10 }));
  // Every computed cell of the review equals the core on the actuals it uses.
  const ch = checkWorkbook(b.desc, withEffectiveActuals(b, book));
  expect(ch.mismatches.filter((m) => m.sheet === r)).toEqual([]);
  expect(ch.errorCells().filter((e) => !e.startsWith(`${r}!`) || !/#VALUE!/.test(e))).toEqual([]);
}

/** An export that grew after the review was made: a row within the rows the review reads, one below them. */
function grownCase(lang: Locale) {
  const kpis = presetLines('sales', lang).map((l) => l.kpi!);
  const values: unknown[][] = [['Employee', 'KPI', 'Value'], ['Lee', kpis[0], 60], ['Kim', kpis[0], 80]];
  const request: ExportRequest = { sheet: 'CRM', mapping: { headerRow: 1, firstRow: 2, lastRow: 3, columns: { employee: 'A', kpi: 'B', actual: 'C' } } };
  values[9] = ['Lee', kpis[0], 5]; // pasted later, within the rows read (3 + 200)
  values[249] = ['Lee', kpis[0], 999]; // pasted later, below them
  for (let i = 0; i < values.length; i++) values[i] ??= [];
  const b = build(lang, values, request, true, () => ({}));
  return { b, kpis };
}

function expectGrown(lang: Locale, b: Built, book: Book): void {
  const v = (i: number, j: number, field: string) => at(book, b.review.name, `${b.col(field)}${b.row(i, j)}`);
  // Row 10 counts; row 250 does not, and the export check says so at its top.
  expect(v(0, 0, 'fromExport')).toBe(65);
  expect(v(1, 0, 'fromExport')).toBe(80);
  const rows = b.check.tables!.find((t) => t.key === 'exportRows')!;
  expect(rows.lastRow - rows.firstRow + 1).toBe(202);
  expect(at(book, b.check.name, `${rows.columns.check}${rows.firstRow + 8}`)).toBe(exportText(lang, 'ok'));
  expect(at(book, b.check.name, 'A2')).toBe(exportText(lang, 'below', { n: 1, row: 203, first: 2 }));
}

function wideCase(lang: Locale) {
  const kpis = presetLines('sales', lang).map((l) => l.kpi!);
  const values: unknown[][] = [
    [lang === 'en' ? 'Name' : '姓名', `${kpis[0]} (k)`, kpis[1], 'Bogus'],
    ['Lee', 120, 0.95, 1],
    ['Kim', 80, null, 2],
    ['Ana', 5, 0.5, 3],
  ];
  const request: ExportRequest = {
    sheet: '导出',
    mapping: { headerRow: 1, firstRow: 2, lastRow: 4, columns: { employee: 'A' }, kpiColumns: { [kpis[0]!]: 'B', [kpis[1]!]: 'C', Bogus: 'D' } },
  };
  // The roster comes from the export (values given): Lee, Kim, Ana.
  const b = build(lang, values, request, true, () => ({}));
  return { b, kpis };
}

function expectWide(lang: Locale, b: Built, book: Book): void {
  const r = b.review.name;
  const v = (i: number, j: number, field: string) => at(book, r, `${b.col(field)}${b.row(i, j)}`);
  const roster = b.review.tables!.find((t) => t.key === 'employees')!;
  expect([0, 1, 2].map((i) => at(book, r, `${roster.columns.employee}${roster.firstRow + i}`))).toEqual(['Lee', 'Kim', 'Ana']);
  expect(v(0, 0, 'fromExport')).toBe(120);
  expect(v(0, 1, 'fromExport')).toBeCloseTo(0.95, 12);
  expect(v(1, 0, 'fromExport')).toBe(80);
  expect(v(1, 1, 'fromExport') ?? '').toBe('');
  expect(v(2, 0, 'fromExport')).toBe(5);
  expect(v(0, 2, 'fromExport') ?? '').toBe('');
  const kc = b.check.tables!.find((t) => t.key === 'kpiColumns')!;
  expect([0, 1, 2].map((i) => at(book, b.check.name, `${kc.columns.check}${kc.firstRow + i}`))).toEqual([
    exportText(lang, 'ok'),
    exportText(lang, 'ok'),
    exportText(lang, 'unknownKpi'),
  ]);
  expect(at(book, b.check.name, 'A2')).toBe(exportText(lang, 'allOk', { m: 3 }));
  const ch = checkWorkbook(b.desc, withEffectiveActuals(b, book));
  expect(ch.mismatches.filter((m) => m.sheet === r)).toEqual([]);
}

describe('a review with actuals from an export, in HyperFormula', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    it(`${lang}: long export with dates`, () => {
      const { b } = longCase(lang);
      expectLong(lang, b, hfBook(b.desc));
    });
    it(`${lang}: wide export, roster from the export`, () => {
      const { b } = wideCase(lang);
      expectWide(lang, b, hfBook(b.desc));
    });
  }

  for (const lang of ['en', 'zh-CN'] as const) {
    it(`${lang}: rows pasted below the export count while the review reads them; below that, the export check names them`, () => {
      const { b } = grownCase(lang);
      expectGrown(lang, b, hfBook(b.desc));
    });
  }

  it('the export sheet is never part of what is written; formulas use only the allowed functions', () => {
    const { b } = longCase('en');
    const allowed = new Set(['IF', 'IFERROR', 'AND', 'OR', 'NOT', 'MIN', 'MAX', 'ABS', 'ROUND', 'INT', 'SUM', 'SUMIFS', 'SUMPRODUCT', 'COUNT', 'COUNTIF', 'INDEX', 'MATCH', 'CHOOSE', 'ISNUMBER', 'ISERROR', 'LEN', 'TRIM', 'LOWER', 'NA', 'REPT', 'FIND', 'SUBSTITUTE', 'REPLACE']);
    const generated = generateTemplate(options({ kind: 'review', lang: 'en', preset: 'sales', period: 'Q1', sample: false }), { existingSheets: ['CRM'] }, {
      sheet: 'CRM',
      mapping: { headerRow: 2, firstRow: 3, lastRow: 11, columns: { employee: 'A', kpi: 'B', actual: 'C', period: 'D' } },
    });
    expect(generated.sheets.map((s) => s.name)).not.toContain('CRM');
    expect(generated.sheets.map((s) => s.key)).toContain('exportCheck');
    for (const s of generated.sheets) {
      for (const blk of s.blocks) for (const line of blk.cells) for (const c of line) {
        if (!('f' in c)) continue;
        for (const m of c.f.matchAll(/([A-Z][A-Z0-9.]*)\(/g)) expect(allowed.has(m[1]!), `${m[1]} in ${s.name}`).toBe(true);
      }
    }
    // The review reads the export's rows and half as many again (at least 200), so rows pasted later
    // count; the export check keeps each row's key, count and number for the review's sums.
    expect(generated.names.find((n) => n.name === 'KPI_ExportEmployee')?.ref).toBe("'CRM'!$A$3:$A$211");
    const check = generated.sheets.find((s) => s.key === 'exportCheck')!;
    expect(generated.names.find((n) => n.name === 'KPI_ExportValue')?.ref).toMatch(new RegExp(`^'${check.name}'!\\$[A-Z]+\\$5:\\$[A-Z]+\\$213$`));
    expect(b.desc.sheets[0]!.name).toBe('CRM');
  });

  it('a wide export with dates: only the period’s rows add up', () => {
    const kpis = presetLines('sales', 'en').map((l) => l.kpi!);
    const values: unknown[][] = [
      ['Employee', 'Month', kpis[0], kpis[1]],
      ['Lee', 46030, 70, 0.9],
      ['Lee', 46150, 500, 0.1], // after the period
      ['Lee', 46080, 30, null],
      ['Kim', null, 40, 0.8], // no date while the period is set
    ];
    const request: ExportRequest = {
      sheet: 'Monthly',
      mapping: { headerRow: 1, firstRow: 2, lastRow: 5, columns: { employee: 'A', period: 'B' }, kpiColumns: { [kpis[0]!]: 'C', [kpis[1]!]: 'D' } },
    };
    const b = build('en', values, request, true, () => ({}));
    const book = hfBook(b.desc);
    const v = (i: number, j: number) => at(book, b.review.name, `${b.col('fromExport')}${b.row(i, j)}`) ?? '';
    expect([v(0, 0), v(0, 1), v(1, 0), v(1, 1)]).toEqual([100, 0.9, '', '']);
    const rows = b.check.tables!.find((t) => t.key === 'exportRows')!;
    const checks = [0, 1, 2, 3].map((i) => at(book, b.check.name, `${rows.columns.check}${rows.firstRow + i}`));
    expect(checks).toEqual([exportText('en', 'ok'), exportText('en', 'outside'), exportText('en', 'ok'), exportText('en', 'noDate')]);
  });

  it('a dashboard set: the bonus sheet has a row for every employee of the export; every sheet equals the core', () => {
    const kpis = presetLines('sales', 'en').map((l) => l.kpi!);
    const values = [['Name', kpis[0], kpis[1]], ['Lee', 120, 0.95], ['Kim', 80, 0.9], ['Ana', 95, 0.97]];
    const request: ExportRequest = { sheet: 'Export', mapping: { headerRow: 1, firstRow: 2, lastRow: 4, columns: { employee: 'A' }, kpiColumns: { [kpis[0]!]: 'B', [kpis[1]!]: 'C' } } };
    const o = options({ kind: 'dashboard', lang: 'en', preset: 'sales', period: 'Q1', sample: false, rows: 2 });
    const generated = generateTemplate(o, { existingSheets: ['Export'] }, { request, values });
    const desc = { ...generated, sheets: [exportSheet('Export', values), ...generated.sheets] };
    const bonus = desc.sheets.find((s) => s.key === 'bonus')!.tables!.find((t) => t.key === 'employees')!;
    expect(bonus.lastRow - bonus.firstRow + 1).toBe(3);
    const review = desc.sheets.find((s) => s.key === 'review')!;
    const b: Built = { desc, review, check: desc.sheets.find((s) => s.key === 'exportCheck')!, kpis, row: () => 0, col: () => '' };
    const book = hfBook(desc);
    const ch = checkWorkbook(desc, withEffectiveActuals(b, book));
    expect(ch.mismatches).toEqual([]);
    expect(ch.checked).toBeGreaterThan(100);
  });

  it('export headers that look like a formula or markup stay text on the export check', async () => {
    const values = [['Employee', '=HYPERLINK("http://x","Revenue")', '<img src=x onerror=alert(1)>'], ['Lee', 5, 6]];
    const proposal = readExport(values, null, { sheet: 'Raw' })!;
    // The markup header reads as a data source ("src"), not as a KPI column; it stays as written.
    expect(Object.keys(proposal.kpiColumns)).toEqual(['=HYPERLINK("http://x","Revenue")']);
    expect(proposal.columns[2]!.header).toBe('<img src=x onerror=alert(1)>');
    const o = options({ kind: 'review', lang: 'en', preset: 'sales', period: 'Q1', sample: false });
    const generated = generateTemplate(o, { existingSheets: ['Raw'] }, { request: proposal.request, values });
    const desc = { ...generated, sheets: [exportSheet('Raw', values), ...generated.sheets] };
    const check = desc.sheets.find((s) => s.key === 'exportCheck')!;
    const kc = check.tables!.find((t) => t.key === 'kpiColumns')!;
    const cells = check.blocks.flatMap((b) => b.cells.flat());
    expect(cells).toContainEqual({ v: '=HYPERLINK("http://x","Revenue")' });
    expect(cells.some((c) => 'f' in c && c.f.startsWith('=HYPERLINK'))).toBe(false);
    const book = hfBook(desc);
    expect(at(book, check.name, `${kc.columns.kpi}${kc.firstRow}`)).toBe('=HYPERLINK("http://x","Revenue")');
    expect(at(book, check.name, `${kc.columns.check}${kc.firstRow}`)).toBe(exportText('en', 'unknownKpi'));
    const lo = (await libreOfficeBooks([{ name: 'h', desc }], 'export-text')).get('h')!;
    expect(at(lo, check.name, `${kc.columns.kpi}${kc.firstRow}`)).toBe('=HYPERLINK("http://x","Revenue")');
  }, 120_000);

  it('the export check stops at the export sheet’s grid when the host has one', () => {
    const request: ExportRequest = { sheet: 'G', mapping: { headerRow: 1, firstRow: 2, lastRow: 990, columns: { employee: 'A', kpi: 'B', actual: 'C' } } };
    const o = options({ kind: 'review', lang: 'en', preset: 'sales', period: 'Q1', sample: false });
    const rowsOf = (sheetRows?: number) => {
      const d = generateTemplate(o, { existingSheets: ['G'] }, { request, ...(sheetRows !== undefined ? { sheetRows } : {}) });
      const t = d.sheets.find((s) => s.key === 'exportCheck')!.tables!.find((x) => x.key === 'exportRows')!;
      return t.lastRow - t.firstRow + 1;
    };
    expect(rowsOf()).toBe(989 + Math.ceil(989 / 2));
    expect(rowsOf(1000)).toBe(999);
  });

  it('refuses an export request that cannot feed the review, in the user’s language', () => {
    const o = options({ kind: 'review', lang: 'zh-CN', preset: 'sales', period: 'Q1', sample: false });
    const bad: ExportRequest = { sheet: 'E', mapping: { headerRow: 1, firstRow: 2, lastRow: 3, columns: { employee: 'A', kpi: 'B' } } };
    expect(() => generateTemplate(o, {}, bad)).toThrow('导出表无法用于考核表：没有数值列。');
  });

  it('a review of a user’s own table takes its actuals from an export too', () => {
    const plan = [['指标', '目标值', '权重'], ['销售额', 100, '60%'], ['回款率', '95%', '40%']];
    const values = [['姓名', '指标', '完成值'], ['张三', '销售额', 110], ['张三', '回款率', 0.9], ['李四', '销售额', 70]];
    const request: ExportRequest = { sheet: '导出', mapping: { headerRow: 1, firstRow: 2, lastRow: 4, columns: { employee: 'A', kpi: 'B', actual: 'C' } } };
    const o = options({ kind: 'review', lang: 'zh-CN', period: 'Q1', sample: false });
    const { desc } = generateReviewFromUserPlan(
      o,
      { sheet: '我的计划', values: plan, mapping: { headerRow: 1, firstRow: 2, lastRow: 3, columns: { kpi: 'A', target: 'B', weight: 'C' } } },
      { existingSheets: ['我的计划', '导出'] },
      { request, values },
    );
    const full = { ...desc, sheets: [exportSheet('我的计划', plan), exportSheet('导出', values), ...desc.sheets] };
    const book = hfBook(full);
    const review = full.sheets.find((s) => s.key === 'review')!;
    const d = review.tables!.find((t) => t.key === 'detail')!;
    const got = [0, 1, 2, 3].map((i) => at(book, review.name, `${d.columns.fromExport}${d.firstRow + i}`) ?? '');
    expect(got).toEqual([110, 0.9, 70, '']);
    const check = full.sheets.find((s) => s.key === 'exportCheck')!;
    expect(at(book, check.name, 'A2')).toBe(exportText('zh-CN', 'allOk', { m: 3 }));
  });
});

describe('a review with actuals from an export, in LibreOffice', () => {
  it('long, wide and grown, both languages: the same values as in HyperFormula', async () => {
    const cases = (['en', 'zh-CN'] as const).flatMap((lang) => [
      { name: `long-${lang}`, lang, kind: 'long' as const, b: longCase(lang).b },
      { name: `wide-${lang}`, lang, kind: 'wide' as const, b: wideCase(lang).b },
      { name: `grown-${lang}`, lang, kind: 'grown' as const, b: grownCase(lang).b },
    ]);
    const books = await libreOfficeBooks(cases.map((c) => ({ name: c.name, desc: c.b.desc })), 'export');
    for (const c of cases) {
      const book = books.get(c.name)!;
      if (c.kind === 'long') expectLong(c.lang, c.b, book);
      else if (c.kind === 'wide') expectWide(c.lang, c.b, book);
      else expectGrown(c.lang, c.b, book);
    }
  }, 180_000);
});
