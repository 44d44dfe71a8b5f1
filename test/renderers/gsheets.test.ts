import { describe, expect, it } from 'vitest';
import { parseCell, parseRange, addr } from '../../core/templates/a1.js';
import { generateTemplate, TEMPLATE_KINDS, type TemplateOptions, type WorkbookDesc } from '../../core/templates/index.js';
import { RENDER_ERROR_CODES, renderOutcome } from '../../core/templates/render.js';
import type { SheetDesc } from '../../core/templates/types.js';
import { kpiHostInfo, kpiInsertBegin, kpiInsertFormula, kpiPlanChoices, kpiSheetNames } from '../../gsheets-addon/templates.js';
import type { InsertRequest } from '../../ui/bridge.js';
import { plainSheet } from '../cli/fixtures.js';
import { FakeSpreadsheet, type FakeSheet } from '../fakes/sheets.js';
import { columnPixels, columnWidthWrites, mergeWrites, STYLE_LOOKS, styleWrites } from '../../gsheets-addon/render.js';
import { insertInSheetsFake, renderDescInSheetsFake, renderInSheetsFake, withFakeGlobals } from './sheets-harness.js';
import { validationKey, type SheetSnapshot, type WorkbookSnapshot } from './snapshot.js';

const LANGS = ['en', 'zh-CN'] as const;

function cellsOf(range: string): string[] {
  const r = parseRange(range);
  const out: string[] = [];
  for (let row = r.top; row <= r.bottom; row++) for (let c = r.left; c <= r.right; c++) out.push(addr(c, row));
  return out;
}

const norm = (a1: string) => cellsOf(a1).length === 1 ? cellsOf(a1)[0]! : `${cellsOf(a1)[0]}:${cellsOf(a1).at(-1)}`;

/** What a Sheets snapshot must hold for one sheet of a description. */
function expectSheet(snap: SheetSnapshot | undefined, s: SheetDesc, main: boolean): void {
  expect(snap, s.name).toBeDefined();
  const sh = snap!;
  expect(sh.hidden).toBe(Boolean(s.hidden));
  const cells: Record<string, unknown> = {};
  for (const b of s.blocks) {
    const at = parseCell(b.at);
    b.cells.forEach((row, i) =>
      row.forEach((c, j) => {
        const a = addr(at.col + j, at.row + i);
        if ('f' in c) cells[a] = { f: c.f };
        else if (c.v !== null && c.v !== '') cells[a] = { v: c.v };
        else delete cells[a];
      }),
    );
  }
  // Merging keeps only the top-left cell's content, as in Sheets.
  for (const m of s.merges) for (const a of cellsOf(m).slice(1)) delete cells[a];
  expect(sh.cells).toEqual(cells);
  const fmts: Record<string, string> = {};
  for (const f of s.formats) for (const a of cellsOf(f.range)) fmts[a] = f.numFmt;
  for (const g of s.formatGrids ?? []) {
    const at = parseCell(g.at);
    g.numFmts.forEach((row, i) => row.forEach((f, j) => (fmts[addr(at.col + j, at.row + i)] = f)));
  }
  for (const [a, f] of Object.entries(fmts)) if (f === 'General') delete fmts[a];
  expect(sh.numFmts).toEqual(fmts);
  const validations: Record<string, string> = {};
  for (const v of s.validations) {
    // Sheets never checks a blank cell: every rule there allows blanks.
    const key =
      v.type === 'list'
        ? validationKey({ type: 'list', source: typeof v.source === 'string' ? v.source : v.source.join(','), allowBlank: true })
        : v.type === 'decimal'
          ? validationKey({ type: 'decimal', ...(v.min !== undefined ? { min: v.min } : {}), ...(v.max !== undefined ? { max: v.max } : {}), allowBlank: true })
          : validationKey({ type: 'custom', formula: v.formula, allowBlank: true });
    for (const a of cellsOf(v.range)) validations[a] = key;
  }
  expect(sh.validations).toEqual(validations);
  expect(sh.merges).toEqual(s.merges.map(norm).sort());
  expect(sh.frozen).toEqual(s.frozen ?? { rows: 0, columns: 0 });
  expect(sh.hiddenColumns).toEqual(s.columns.flatMap((c, i) => (c.hidden ? [i + 1] : [])));
  expect(sh.conditionalFormats).toEqual(s.conditionalFormats.map((c) => `${norm(c.range)}|${c.formula}|${c.style}`).sort());
  expect(sh.protected).toBe(s.protect);
  if (s.protect) {
    // The last style named for a cell is its style.
    const last = new Map<string, string>();
    for (const x of s.styles) for (const a of cellsOf(x.range)) last.set(a, x.style);
    const unlocked = [...last].filter(([, st]) => st === 'input').map(([a]) => a);
    const sorted = unlocked.map((a) => ({ a, ...parseCell(a) })).sort((x, y) => x.row - y.row || x.col - y.col);
    expect(sh.unlocked).toEqual(sorted.map((x) => x.a));
  }
  expect(sh.charts).toEqual(s.charts.map((c) => ({ ...c, categories: norm(c.categories), series: c.series.map((x) => ({ ...x, values: norm(x.values) })) })));
  if (main) expect(sh.activeCell).toBe(s.activeCell ?? 'A1');
  else expect(sh.activeCell).toBeUndefined();
}

function expectWorkbook(snap: WorkbookSnapshot, desc: WorkbookDesc, before: WorkbookSnapshot): void {
  // What was there stays as it was, in front; the new sheets follow in the description's order.
  expect(snap.sheets.slice(0, before.sheets.length)).toEqual(before.sheets);
  expect(snap.sheets.slice(before.sheets.length).map((s) => s.name)).toEqual(desc.sheets.map((s) => s.name));
  const main = renderOutcome(desc).activeSheet;
  for (const s of desc.sheets) expectSheet(snap.sheets.find((x) => x.name === s.name), s, s.name === main);
  // A one-cell range reads as its cell ("$H$2:$H$2" is "$H$2").
  const oneCell = (ref: string) => ref.replace(/(\$[A-Z]+\$\d+):\1$/, '$1');
  expect(snap.names).toEqual({ ...before.names, ...Object.fromEntries(desc.names.map((n) => [n.name, oneCell(n.ref)])) });
}

/**
 * Looks, widths and rule texts are not in the snapshot: each cell's font, fill, border, alignment
 * and wrap must be those of the last style named for it (nothing where no style is named), each
 * visible column as wide as the description says, and each validated cell must carry the rule's
 * message and refuse invalid entries.
 */
function expectLooks(fake: FakeSpreadsheet, desc: WorkbookDesc): void {
  for (const s of desc.sheets) {
    const sheet = fake._sheets.find((x) => x._name === s.name) as FakeSheet;
    const want = new Map<number, string>();
    for (const x of s.styles) {
      const r = parseRange(x.range);
      for (let row = r.top; row <= r.bottom; row++) for (let c = r.left; c <= r.right; c++) want.set(row * 32768 + c, x.style);
    }
    const look = (style: string | undefined) => {
      const l = style === undefined ? undefined : STYLE_LOOKS[style as keyof typeof STYLE_LOOKS];
      return JSON.stringify(
        l
          ? [l.color, l.size ?? null, l.bold ? 'bold' : null, l.italic ? 'italic' : null, l.fill ?? null, l.border ?? null, l.align ?? null, l.wrap ?? null]
          : [null, null, null, null, null, null, null, null],
      );
    };
    const bad: string[] = [];
    const keys = new Set([...want.keys(), ...sheet._cells.keys()]);
    for (const k of keys) {
      const c = sheet._cells.get(k);
      const got = JSON.stringify([c?.font ?? null, c?.size ?? null, c?.weight ?? null, c?.style ?? null, c?.bg ?? null, c?.border ?? null, c?.align ?? null, c?.wrap ?? null]);
      if (got !== look(want.get(k)) && bad.length < 5) bad.push(`${s.name}!${addr(k % 32768, Math.floor(k / 32768))}: ${got} ≠ ${look(want.get(k))}`);
    }
    expect(bad).toEqual([]);
    s.columns.forEach((c, i) => {
      if (!c.hidden) expect(sheet.getColumnWidth(i + 1), `${s.name} column ${i + 1}`).toBe(columnPixels(c.width));
    });
    for (const v of s.validations) {
      for (const a of cellsOf(v.range)) {
        const { row, col } = parseCell(a);
        const dv = sheet._cells.get(row * 32768 + col)?.dv;
        expect(dv?.getHelpText(), `${s.name}!${a}`).toBe(v.message);
        expect(dv?.getAllowInvalid(), `${s.name}!${a}`).toBe(false);
      }
    }
  }
}

function seeded(): FakeSpreadsheet {
  const fake = new FakeSpreadsheet();
  fake.seedSheet('Data', [['Name', 'Score'], ['Lee', 85]]);
  fake.seedName('MyRange', 'Data', 'A1:B2');
  return fake;
}

describe('Sheets renderer: every template', () => {
  for (const kind of TEMPLATE_KINDS) {
    for (const lang of LANGS) {
      for (const sample of [true, false]) {
        it(`${kind} ${lang} ${sample ? 'with sample data' : 'empty'}: the sidebar's calls write the description`, () => {
          const fake = seeded();
          const before = fake.snapshot();
          const options: TemplateOptions = { kind, lang, period: lang === 'en' ? '2026 Q4' : '2026年第四季度', sample };
          const r = insertInSheetsFake(options as InsertRequest, { fake });
          expect(r.error).toBeUndefined();
          const desc = generateTemplate(options, { existingSheets: ['Sheet1', 'Data'], existingNames: ['MyRange'] });
          expectWorkbook(r.run!.snapshot, desc, before);
          expectLooks(fake, desc);
          expect(r.run!.outcome).toEqual(renderOutcome(desc));
        });
      }
    }
  }

  it('writes the same workbook in many small calls as in one', async () => {
    const desc = generateTemplate({ kind: 'dashboard', lang: 'en', period: 'Q', sample: true, rows: 4 });
    const one = await renderInSheetsFake(desc);
    const many = await renderInSheetsFake(desc, { stepBudgetMs: 0 });
    const direct = await renderDescInSheetsFake(desc);
    expect(one.roundTrips).toBe(1);
    expect(many.roundTrips).toBeGreaterThan(5);
    expect(many.snapshot).toEqual(one.snapshot);
    expect(direct.snapshot).toEqual(one.snapshot);
    expectWorkbook(one.snapshot, desc, new FakeSpreadsheet().snapshot());
  });
});

describe('Sheets renderer: text and names', () => {
  const textDesc: WorkbookDesc = {
    sheets: [
      plainSheet('x', 'Texts', {
        columns: [{ width: 10 }, { width: 10 }],
        blocks: [{ at: 'A1', cells: [[{ v: '=Lee' }, { v: '-Ops' }], [{ v: '85' }, { v: '@x' }], [{ v: "'quoted" }, { v: 'TRUE' }], [{ v: 85 }, { f: '=A3&B3' }]] }],
      }),
    ],
    names: [],
  };

  it('keeps text that looks like a formula, a number or a boolean as text', async () => {
    const r = await renderDescInSheetsFake(textDesc);
    expect(r.snapshot.sheets[1]!.cells).toEqual({
      A1: { v: '=Lee' },
      B1: { v: '-Ops' },
      A2: { v: '85' },
      B2: { v: '@x' },
      A3: { v: "'quoted" },
      B3: { v: 'TRUE' },
      A4: { v: 85 },
      B4: { f: '=A3&B3' },
    });
  });

  it('refuses a taken sheet name (any case) and writes nothing', async () => {
    const fake = new FakeSpreadsheet();
    fake.seedSheet('TEXTS');
    const before = fake.snapshot();
    await expect(renderDescInSheetsFake(textDesc, { fake })).rejects.toThrow(/"code":"nameTaken"/);
    expect(fake.snapshot()).toEqual(before);
  });

  it('refuses a taken workbook name and writes nothing', async () => {
    const desc = generateTemplate({ kind: 'plan', lang: 'en', period: 'Q', sample: true });
    const fake = new FakeSpreadsheet();
    fake.seedName(desc.names[0]!.name.toLowerCase(), 'Sheet1', 'A1');
    const before = fake.snapshot();
    await expect(renderInSheetsFake(desc, { fake })).rejects.toThrow(/"code":"nameTaken"/);
    expect(fake.snapshot()).toEqual(before);
  });

  it('picks free names next to existing sheets and names, leaving them untouched', () => {
    const fake = seeded();
    const first = insertInSheetsFake({ kind: 'plan', lang: 'en', period: 'Q', sample: true }, { fake });
    expect(first.error).toBeUndefined();
    const before = fake.snapshot();
    const second = insertInSheetsFake({ kind: 'plan', lang: 'en', period: 'Q', sample: true }, { fake });
    expect(second.error).toBeUndefined();
    const after = second.run!.snapshot;
    expect(after.sheets.slice(0, before.sheets.length)).toEqual(before.sheets);
    for (const [k, v] of Object.entries(before.names)) expect(after.names[k]).toBe(v);
    expect(second.run!.outcome.sheets.map((s) => s.name)).toContain('KPI Plan (2)');
  });
});

describe('Sheets renderer: per-cell number formats', () => {
  const gridDesc = (numFmts: string[][]): WorkbookDesc => ({
    sheets: [
      plainSheet('review', 'Units', {
        columns: [{ width: 10 }, { width: 10 }, { width: 10 }],
        blocks: [{ at: 'A1', cells: [[{ v: 'KPI' }, { v: 'Actual' }, { v: 'Target' }], [{ v: 'Revenue' }, { v: 1250000 }, { v: 1e6 }], [{ v: 'Margin' }, { v: 0.21 }, { v: 0.2 }], [{ v: 'Tickets' }, { v: 41 }, { v: 40 }]] }],
        styles: [{ range: 'B2:C4', style: 'input' }],
        formats: [{ range: 'B2:C4', numFmt: '0.00' }],
        formatGrids: [{ at: 'B2', numFmts }],
        protect: true,
      }),
    ],
    names: [],
  });

  it('writes each grid with one setNumberFormats after the range formats', async () => {
    const fake = new FakeSpreadsheet();
    fake.book.logging = true;
    const desc = gridDesc([['#,##0', '#,##0'], ['0.0%', '0.0%'], ['General', '0']]);
    const r = await renderDescInSheetsFake(desc, { fake });
    expect(r.snapshot.sheets[1]!.numFmts).toEqual({ B2: '#,##0', C2: '#,##0', B3: '0.0%', C3: '0.0%', C4: '0' });
    expectSheet(r.snapshot.sheets[1], desc.sheets[0]!, true);
    const log = fake.book.log;
    expect(log.filter((x) => x === 'Range.setNumberFormats')).toHaveLength(1);
    // After the range format, so the grid wins.
    expect(log.indexOf('Range.setNumberFormats')).toBeGreaterThan(log.indexOf('Range.setNumberFormat'));
    // The grid's range comes with the sheet's other ranges: no getRange of its own.
    const withoutGrid = new FakeSpreadsheet();
    const plain = await renderDescInSheetsFake({ ...desc, sheets: [{ ...desc.sheets[0]!, formatGrids: [] }] }, { fake: withoutGrid });
    expect(r.serviceCalls - plain.serviceCalls).toBe(1);
  });

  it('refuses a ragged grid as a bad description and writes nothing', async () => {
    const fake = new FakeSpreadsheet();
    const before = fake.snapshot();
    await expect(renderDescInSheetsFake(gridDesc([['0', '0'], ['0']]), { fake })).rejects.toThrow(/"code":"badDescription"/);
    expect(fake.snapshot()).toEqual(before);
  });

  it('the fake refuses formats of another shape than the range, in Sheets words, and counts the call', () => {
    const f = new FakeSpreadsheet();
    const r = f.api.getActiveSheet().getRange('B2:C4');
    const calls = f.calls;
    expect(() => r.setNumberFormats([['0', '0'], ['0', '0']])).toThrow('The number of rows in the data does not match the number of rows in the range. The data has 2 but the range has 3.');
    expect(() => r.setNumberFormats([['0', '0'], ['0'], ['0', '0']])).toThrow('The number of columns in the data does not match the number of columns in the range. The data has 1 but the range has 2.');
    expect(f.calls - calls).toBe(2);
    r.setNumberFormats([['0', '0.0'], ['0%', '#,##0'], ['General', '@']]);
    expect(f.snapshot().sheets[0]!.numFmts).toEqual({ B2: '0', C2: '0.0', B3: '0%', C3: '#,##0', C4: '@' });
  });
});

describe('Sheets renderer: size', () => {
  it('writes a 2,000-employee review of 6 KPIs in few calls', () => {
    const options: TemplateOptions = { kind: 'review', lang: 'en', period: '2026 Q4', sample: false, rows: 2000 };
    const r = insertInSheetsFake(options as InsertRequest);
    expect(r.error).toBeUndefined();
    const run = r.run!;
    expect(run.roundTrips).toBeLessThanOrEqual(6);
    // Above the 80 aimed at: SpreadsheetApp sets column widths one run at a time, each look
    // property, number format and merge on its own, and builds each validation and conditional
    // format rule with its own builder calls (local objects in Apps Script, counted apart). One
    // more reads whether another insert is in progress.
    expect(run.serviceCalls).toBeLessThanOrEqual(271);
    expect(run.serviceCalls - run.builderCalls).toBeLessThanOrEqual(176);
    expect(run.builderCalls).toBeLessThanOrEqual(95);
    console.log(`2000x6 review: ${run.serviceCalls} service calls (${run.builderCalls} on builders), ${run.roundTrips} round trips`);
    const desc = generateTemplate(options, { existingSheets: ['Sheet1'] });
    expectWorkbook(run.snapshot, desc, new FakeSpreadsheet().snapshot());
    expectLooks(run.fake, desc);
  }, 60_000);

  it('sets column widths in the fewest runs, across hidden columns, leaving default widths alone', () => {
    const px = (w: number) => columnPixels(w);
    const cols = (ws: (number | null)[]) => ws.map((w) => (w === null ? { width: 8, hidden: true } : { width: w }));
    // 10 8 10 8 10: one run of 10, then the two 8s over it.
    const [first, ...rest] = columnWidthWrites(cols([10, 8, 10, 8, 10]));
    expect(first).toEqual({ start: 1, count: 5, px: px(10) });
    expect(rest.sort((a, b) => a.start - b.start)).toEqual([
      { start: 2, count: 1, px: px(8) },
      { start: 4, count: 1, px: px(8) },
    ]);
    // Hidden columns join the runs around them and take the width of the run before them.
    expect(columnWidthWrites(cols([10, null, null, 10, 12, null]))).toEqual([
      { start: 1, count: 4, px: px(10) },
      { start: 5, count: 2, px: px(12) },
    ]);
    // 95 characters are 670 px; a width of exactly 100 px on a new sheet is no call.
    const hundred = (100 - 5) / 7;
    expect(columnWidthWrites(cols([hundred, hundred, 12]))).toEqual([{ start: 3, count: 1, px: px(12) }]);
    // Whatever the order, every visible column ends as wide as asked.
    const widths = [6, 14, 26, 34, 16, 12, 10, 10, 10, 10, 12, 9, 14, 14, 10, 32, 34, null, null, 2, 6, 14];
    const got = new Map<number, number>();
    for (const w of columnWidthWrites(cols(widths))) for (let c = w.start; c < w.start + w.count; c++) got.set(c, w.px);
    widths.forEach((w, i) => {
      if (w !== null) expect(got.get(i + 1) ?? 100).toBe(px(w));
    });
    expect(columnWidthWrites(cols(widths)).length).toBeLessThan(new Set(widths.map((w, i) => `${w}:${i}`)).size - 8);
  });

  it('merges stacked one-row merges of the same columns in one call', () => {
    expect(mergeWrites(['A1:P1', 'A2:P2', 'A3:P3', 'M11:P11', 'B5:C6'])).toEqual([
      { rect: { top: 1, left: 1, bottom: 3, right: 16 }, across: true },
      { rect: { top: 5, left: 2, bottom: 6, right: 3 }, across: false },
      { rect: { top: 11, left: 13, bottom: 11, right: 16 }, across: false },
    ]);
  });

  it('sets a property several styles share once when that takes fewer calls', () => {
    const writes = styleWrites([
      { range: 'A1', style: 'title' },
      { range: 'A2:C2', style: 'header' },
      { range: 'A9:C9', style: 'total' },
    ]);
    const calls = writes.reduce((n, w) => n + 1 + w.props.length, 0);
    // Per style: title 3, header 6, total 4 properties and 3 lists = 16; bold once: 15.
    expect(calls).toBe(15);
    expect(writes.filter((w) => w.props.some(([k]) => k === 'bold'))).toEqual([{ ranges: ['A1', 'A2:C2', 'A9:C9'], props: [['bold', '']] }]);
  });
});

describe('Sheets server functions', () => {
  it('report the host and the user language', () => {
    const fake = new FakeSpreadsheet();
    expect(withFakeGlobals(fake, () => kpiHostInfo(), 'zh_CN')).toEqual({ host: 'sheets', locale: 'zh-CN', templates: true });
    expect(withFakeGlobals(fake, () => kpiHostInfo(), 'en_GB')).toEqual({ host: 'sheets', locale: 'en', templates: true });
  });

  it('find plan tables on visible sheets, one read per sheet', () => {
    const fake = new FakeSpreadsheet();
    fake.seedSheet('My plan', [['Targets 2026'], [], ['KPI', 'Target', 'Weight'], ['Revenue', 100, 0.6], ['NPS', 40, 0.4], ['Total', '', 1]]);
    fake.seedSheet('Other', [['a', 'b']]);
    fake.seedSheet('Hidden plan', [['KPI', 'Target', 'Weight'], ['x', 1, 1]])._hidden = true;
    const start = fake.calls;
    const choices = withFakeGlobals(fake, () => kpiPlanChoices());
    expect(choices).toEqual([
      { sheet: 'My plan', mapping: { sheet: 'My plan', headerRow: 3, firstRow: 4, lastRow: 5, columns: { kpi: 'A', target: 'B', weight: 'C' } }, kpis: 2 },
    ]);
    expect(fake.calls - start).toBeLessThanOrEqual(2 + 4 * 6);
  });

  it('write a review that reads a chosen plan table', () => {
    const fake = new FakeSpreadsheet();
    fake.seedSheet('My plan', [['KPI', 'Target', 'Weight'], ['Revenue', 100, 0.6], ['NPS', 40, 0.4]]);
    const [choice] = withFakeGlobals(fake, () => kpiPlanChoices());
    const r = insertInSheetsFake({ kind: 'review', lang: 'en', period: 'Q', sample: true, plan: choice!.mapping }, { fake });
    expect(r.error).toBeUndefined();
    expect(r.run!.outcome.sheets.map((s) => s.key)).not.toContain('plan');
  });

  it('list the visible sheets in tab order, for choosing an export', () => {
    const fake = new FakeSpreadsheet();
    fake.seedSheet('Export');
    fake.seedSheet('Hidden')._hidden = true;
    expect(withFakeGlobals(fake, () => kpiSheetNames())).toEqual(['Sheet1', 'Export']);
  });

  it('write a review whose actuals come from a system export on a sheet, passing the confirmed export to the generator', () => {
    const fake = new FakeSpreadsheet();
    const rows = [['Employee', 'KPI', 'Actual'], ['Ada Wong', 'Revenue', 120], ['Ada Wong', 'Customer satisfaction', 88], ['Ben Ito', 'Revenue', 95]];
    fake.seedSheet('Export', rows);
    const actuals = { sheet: 'Export', mapping: { headerRow: 1, firstRow: 2, lastRow: 4, columns: { employee: 'A', kpi: 'B', actual: 'C' } } };
    const before = fake.snapshot();
    const request: InsertRequest = { kind: 'review', lang: 'en', period: 'Q', sample: false, actuals };
    const r = insertInSheetsFake(request, { fake });
    expect(r.error).toBeUndefined();
    const { actuals: _a, ...options } = request;
    const made = generateTemplate(options as TemplateOptions, { existingSheets: ['Sheet1', 'Export'] }, { request: actuals, values: rows });
    // Names on the export reach below its rows (room for rows to come): in Sheets they end at the grid's edge.
    const clipped = made.names.filter((n) => n.ref.startsWith("'Export'!"));
    expect(clipped.length).toBeGreaterThan(0);
    const desc = { ...made, names: made.names.map((n) => (n.ref.startsWith("'Export'!") ? { ...n, ref: n.ref.replace(/\$(\d+)$/, (m, row: string) => `$${Math.min(Number(row), 1000)}`) } : n)) };
    expectWorkbook(r.run!.snapshot, desc, before);
    // The review reads the export by formula; its roster starts with the export's employees.
    const review = r.run!.snapshot.sheets.find((x) => x.name === r.run!.outcome.sheets.find((o) => o.key === 'review')!.name)!;
    expect(Object.values(review.cells).some((c) => 'f' in c && c.f.includes('KPI_ExportValue'))).toBe(true);
    expect(JSON.stringify(review.cells)).toContain('"Ada Wong"');
    // A confirmed export whose sheet is gone is refused with the localized message, nothing written.
    const gone = insertInSheetsFake({ ...request, actuals: { ...actuals, sheet: 'Nope' } });
    expect(gone.error?.message).toMatch(/Nope/);
  });

  it('refuse a bad option with the localized message, writing nothing', () => {
    const fake = new FakeSpreadsheet();
    const before = fake.snapshot();
    const bad = () => withFakeGlobals(fake, () => kpiInsertBegin({ kind: 'review', lang: 'zh-CN', period: 'Q', sample: true, rows: 0 }));
    expect(bad).toThrow(/./);
    let message = '';
    try {
      bad();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(() => JSON.parse(message)).toThrow();
    expect(message).toMatch(/[\u4e00-\u9fff]/);
    expect(fake.snapshot()).toEqual(before);
  });

  it('insert a KPI Kit formula, asking before replacing a cell', () => {
    const fake = new FakeSpreadsheet();
    const sheet = fake._sheets[0]!;
    sheet._active = parseRange('B2');
    expect(withFakeGlobals(fake, () => kpiInsertFormula('=KPISCORE(120, 100)', false))).toEqual({ status: 'inserted', address: 'B2' });
    expect(withFakeGlobals(fake, () => kpiInsertFormula('=NPS(A1:A9)', false))).toEqual({ status: 'occupied', address: 'B2', current: '=KPISCORE(120, 100)' });
    expect(fake.snapshot().sheets[0]!.cells.B2).toEqual({ f: '=KPISCORE(120, 100)' });
    expect(withFakeGlobals(fake, () => kpiInsertFormula('=NPS(A1:A9)', true))).toEqual({ status: 'inserted', address: 'B2' });
    expect(fake.snapshot().sheets[0]!.cells.B2).toEqual({ f: '=NPS(A1:A9)' });
    expect(() => withFakeGlobals(fake, () => kpiInsertFormula('=IMPORTXML("x")', true))).toThrow(/Not a KPI Kit formula/);
  });

  it('report failures as JSON with a render error code', () => {
    const fake = new FakeSpreadsheet();
    const r = insertInSheetsFake({ kind: 'plan', lang: 'en', period: 'Q', sample: true }, {
      fake,
      existing: (f) => f.failAt(12),
    });
    expect(r.error).toBeDefined();
    const parsed = JSON.parse(r.error!.message) as { code: string };
    expect(RENDER_ERROR_CODES).toContain(parsed.code);
    expect(fake.snapshot()).toEqual(new FakeSpreadsheet().snapshot());
  });
});

describe('the SpreadsheetApp fake refuses what Sheets refuses', () => {
  const ss = () => new FakeSpreadsheet();

  it('taken, empty and long sheet names', () => {
    const f = ss();
    expect(() => f.api.insertSheet('sheet1')).toThrow('A sheet with the name "sheet1" already exists. Please enter another name.');
    expect(() => f.api.insertSheet('')).toThrow(/empty/);
    expect(() => f.api.insertSheet('x'.repeat(101))).toThrow(/100 characters/);
  });

  it('data that does not fit the range, and ragged rows', () => {
    const r = ss().api.getActiveSheet().getRange('A1:B2');
    expect(() => r.setValues([[1, 2]])).toThrow('The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.');
    expect(() => r.setValues([[1, 2], [3]])).toThrow(/number of columns in the data does not match/);
    expect(() => r.setFormulas([['=1'], ['=2']])).toThrow(/number of columns/);
    expect(() => r.setNumberFormats([['0']])).toThrow(/number of rows/);
    expect(() => r.setBackgrounds([['#fff', '#fff', '#fff'], ['#fff', '#fff', '#fff']])).toThrow(/number of columns/);
    expect(() => r.setDataValidations([[null, null]])).toThrow(/number of rows/);
  });

  it('ranges beyond the grid until the sheet grows', () => {
    const sheet = ss().api.getActiveSheet();
    expect(() => sheet.getRange(1001, 1)).toThrow('The coordinates of the range are outside the dimensions of the sheet.');
    expect(() => sheet.getRange('AA1')).toThrow(/outside the dimensions/);
    sheet.insertRowsAfter(1000, 10);
    sheet.insertColumnsAfter(26, 1);
    expect(sheet.getRange(1010, 27).getA1Notation()).toBe('AA1010');
  });

  it('invalid and taken workbook names', () => {
    const f = ss();
    const r = f.api.getActiveSheet().getRange('A1');
    expect(() => f.api.setNamedRange('A1', r)).toThrow(/invalid/);
    expect(() => f.api.setNamedRange('has space', r)).toThrow(/invalid/);
    expect(() => f.api.setNamedRange('1x', r)).toThrow(/invalid/);
    f.api.setNamedRange('Good_Name', r);
    expect(() => f.api.setNamedRange('good_name', r)).toThrow(/already exists/);
  });

  it('more than 10 million cells', () => {
    const f = ss();
    const sheet = f.api.getActiveSheet();
    expect(() => sheet.insertRowsAfter(1000, 400_000)).toThrow(/above the limit of 10000000 cells/);
  });

  it('reads written strings as typed', () => {
    const f = ss();
    f.api.getActiveSheet().getRange('A1:E1').setValues([['=1+1', '85', "'85", '12%', 'x']]);
    expect(f.snapshot().sheets[0]!.cells).toEqual({ A1: { f: '=1+1' }, B1: { v: 85 }, C1: { v: '85' }, D1: { v: 0.12 }, E1: { v: 'x' } });
  });

  it('lets scripts write to a warning-only protected sheet', () => {
    const f = ss();
    const sheet = f.api.getActiveSheet();
    sheet.protect().setWarningOnly(true);
    sheet.getRange('A1').setValue(1);
    expect(f.snapshot().sheets[0]!.protected).toBe(true);
  });

  it('counts calls and fails the chosen one without doing it', () => {
    const f = ss();
    const sheet = f.api.getActiveSheet();
    const start = f.calls;
    sheet.getRange('A1').setValue(1);
    expect(f.calls - start).toBe(2);
    f.failAt(2);
    expect(() => sheet.getRange('A2').setValue(2)).toThrow(/injected/);
    expect(f.snapshot().sheets[0]!.cells).toEqual({ A1: { v: 1 } });
  });

  it('partial merges and hiding every sheet', () => {
    const f = ss();
    const sheet = f.api.getActiveSheet();
    sheet.getRange('A1:B2').merge();
    expect(() => sheet.getRange('B2:C3').merge()).toThrow(/merged range/);
    expect(() => sheet.getRange('B1:D3').mergeAcross()).toThrow(/merged range/);
    sheet.getRange('A5:C6').mergeAcross();
    expect(f.snapshot().sheets[0]!.merges).toEqual(['A1:B2', 'A5:C5', 'A6:C6']);
    expect(() => sheet.hideSheet()).toThrow(/hide all the sheets/);
  });
});

// Keep the code list in view for readers of failure messages.
void RENDER_ERROR_CODES;
