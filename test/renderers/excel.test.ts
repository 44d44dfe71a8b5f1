/**
 * The Excel renderer against the Office.js fake: every template writes what its description says,
 * text stays text, nothing that existed is touched, failures leave the workbook as it was, and a
 * 2,000-employee review goes in a handful of bounded requests. Also checks that the fake refuses
 * what Excel refuses.
 */
import { describe, expect, it } from 'vitest';
import { parseRange, rangeAddress, addr } from '../../core/templates/a1.js';
import { generateTemplate, TEMPLATE_KINDS, type TemplateOptions } from '../../core/templates/index.js';
import { isRenderError, RenderError } from '../../core/templates/render.js';
import type { SheetDesc, WorkbookDesc } from '../../core/templates/types.js';
import { renderWorkbook } from '../../excel-addin/render.js';
import { planBlock } from '../../excel-addin/render-plan.js';
import { ALL_FEATURES, featuresFrom, type ExcelFeatures } from '../../excel-addin/support.js';
import { readPlanChoices, readUsedValues, readWorkbookContext, runTemplate } from '../../excel-addin/workbook.js';
import { plainSheet } from '../cli/fixtures.js';
import { FakeExcel, FakeOfficeError, parseTyped } from '../fakes/excel.js';
import { renderInExcelFake } from './excel-harness.js';
import { validationKey, type SheetSnapshot, type SnapCell, type WorkbookSnapshot } from './snapshot.js';

const NO_COPY: ExcelFeatures = { ...ALL_FEATURES, copyFrom: false, suspendScreenUpdating: false, mergeUndoGroup: false };

function* cells(range: string): Generator<[number, number]> {
  const r = parseRange(range);
  for (let row = r.top; row <= r.bottom; row++) for (let c = r.left; c <= r.right; c++) yield [row, c];
}

const order = (a: string): number => {
  const r = parseRange(a);
  return r.top * 16384 + r.left;
};

/** The snapshot a description asks for, by the snapshot conventions. */
export function descSnapshot(desc: WorkbookDesc): WorkbookSnapshot {
  const visible = desc.sheets.filter((s) => !s.hidden);
  const last = visible[visible.length - 1];
  return {
    sheets: desc.sheets.map((s) => sheetOf(s, s === last)),
    names: Object.fromEntries([...desc.names].sort((a, b) => (a.name < b.name ? -1 : 1)).map((n) => [n.name, n.ref])),
  };
}

function sheetOf(s: SheetDesc, active: boolean): SheetSnapshot {
  const cellMap = new Map<string, SnapCell>();
  for (const b of s.blocks) {
    const at = parseRange(b.at);
    b.cells.forEach((row, i) =>
      row.forEach((spec, j) => {
        const a = addr(at.left + j, at.top + i);
        if ('f' in spec) cellMap.set(a, { f: spec.f.startsWith('=') ? spec.f : `=${spec.f}` });
        else if (spec.v !== null && spec.v !== '') cellMap.set(a, { v: spec.v });
      }),
    );
  }
  const numFmts = new Map<string, string>();
  for (const f of s.formats) for (const [r, c] of cells(f.range)) numFmts.set(addr(c, r), f.numFmt);
  for (const g of s.formatGrids ?? []) {
    const at = parseRange(g.at);
    g.numFmts.forEach((row, i) => row.forEach((f, j) => numFmts.set(addr(at.left + j, at.top + i), f)));
  }
  const styles = new Map<string, string>();
  for (const st of s.styles) for (const [r, c] of cells(st.range)) styles.set(addr(c, r), st.style);
  const validations = new Map<string, string>();
  for (const v of s.validations) {
    const k =
      v.type === 'list'
        ? validationKey({ type: 'list', source: typeof v.source === 'string' ? v.source : v.source.join(','), allowBlank: v.allowBlank })
        : v.type === 'decimal'
          ? validationKey({ type: 'decimal', ...(v.min !== undefined ? { min: v.min } : {}), ...(v.max !== undefined ? { max: v.max } : {}), allowBlank: v.allowBlank })
          : validationKey({ type: 'custom', formula: v.formula, allowBlank: v.allowBlank });
    for (const [r, c] of cells(v.range)) validations.set(addr(c, r), k);
  }
  const sorted = <T>(m: Map<string, T>): Record<string, T> => Object.fromEntries([...m].sort((a, b) => order(a[0]) - order(b[0])));
  const unlocked = s.protect ? [...styles].filter(([, st]) => st === 'input').map(([a]) => a).sort((a, b) => order(a) - order(b)) : [];
  return {
    name: s.name,
    hidden: Boolean(s.hidden),
    cells: sorted(cellMap),
    numFmts: sorted(new Map([...numFmts].filter(([, f]) => f !== 'General'))),
    merges: s.merges.map((m) => rangeAddress(parseRange(m))).sort(),
    frozen: s.frozen ? { ...s.frozen } : { rows: 0, columns: 0 },
    hiddenColumns: s.columns.flatMap((c, i) => (c.hidden ? [i + 1] : [])),
    validations: sorted(validations),
    conditionalFormats: s.conditionalFormats.map((c) => `${rangeAddress(parseRange(c.range))}|${c.formula}|${c.style}`).sort(),
    protected: s.protect,
    unlocked,
    charts: s.charts.map((c) => ({
      type: c.type,
      title: c.title,
      categories: rangeAddress(parseRange(c.categories)),
      series: c.series.map((x) => ({ name: x.name, values: rangeAddress(parseRange(x.values)) })),
      anchor: c.anchor,
    })),
    ...(active ? { activeCell: s.activeCell ?? 'A1' } : {}),
  };
}

function expectSameSnapshot(got: WorkbookSnapshot, want: WorkbookSnapshot): void {
  expect(got.sheets.map((s) => s.name)).toEqual(want.sheets.map((s) => s.name));
  got.sheets.forEach((s, i) => {
    const w = want.sheets[i]!;
    // Field by field, so a failure names what differs.
    for (const k of Object.keys(w) as (keyof SheetSnapshot)[]) expect({ sheet: s.name, [k]: s[k] }).toEqual({ sheet: s.name, [k]: w[k] });
    expect(Object.keys(s).sort()).toEqual(Object.keys(w).sort());
  });
  expect(got.names).toEqual(want.names);
}

function withExisting(fake: FakeExcel): void {
  fake.addSheet('Budget', { A1: 'Item', B1: 120, C1: '=B1*2', A2: 'Ops' });
  fake.addName('Budget_Total', "'Budget'!$B$1:$B$9");
}

const gen = (o: Partial<TemplateOptions> & { kind: TemplateOptions['kind'] }, existing?: { existingSheets?: string[]; existingNames?: string[] }): WorkbookDesc =>
  generateTemplate({ lang: 'en', period: '2026 Q4', sample: false, ...o } as TemplateOptions, existing ?? {});

describe('Excel renderer: every template', () => {
  for (const kind of TEMPLATE_KINDS) {
    for (const lang of ['en', 'zh-CN'] as const) {
      for (const sample of [false, true]) {
        it(`${kind} ${lang} ${sample ? 'with sample data' : 'empty'}`, async () => {
          const desc = gen({ kind, lang, sample }, { existingSheets: ['Budget', 'Sheet1'], existingNames: ['Budget_Total'] });
          const r = await renderInExcelFake(desc, { existing: withExisting });
          expectSameSnapshot(r.snapshot, descSnapshot(desc));
          // The sheets that were there are unchanged.
          const all = r.fake.snapshot();
          const before = new FakeExcel();
          withExisting(before);
          const was = before.snapshot();
          expect(all.sheets.slice(0, 2)).toEqual(was.sheets.map((s) => ({ ...s, activeCell: undefined })).map(({ activeCell: _a, ...s }) => s));
          expect(all.names.Budget_Total).toBe("'Budget'!$B$1:$B$9");
          expect(r.outcome.sheets.map((s) => s.name)).toEqual(desc.sheets.map((s) => s.name));
          expect(r.syncs).toBeLessThanOrEqual(5);
          if (kind === 'dashboard') expect(r.snapshot.sheets.find((s) => s.charts.length > 0)?.charts[0]?.type).toBe('bar');
        });
      }
    }
  }
});

describe('Excel renderer: details', () => {
  it('writes text as text: "=Lee", "-Ops", "85", "@x", "1/2", "TRUE"', async () => {
    const texts = ['=Lee', '-Ops', '85', '@x', '1/2', 'TRUE', "'quoted", '+1', '  '];
    const desc: WorkbookDesc = {
      sheets: [
        plainSheet('t', 'Texts', {
          columns: [{ width: 10 }],
          blocks: [{ at: 'A1', cells: texts.map((t) => [{ v: t }]) }, { at: 'B1', cells: [[{ v: 85 }, { v: true }, { f: '=A1&"!"' }]] }],
        }),
      ],
      names: [],
    };
    for (const features of [ALL_FEATURES, NO_COPY]) {
      const r = await renderInExcelFake(desc, { features });
      const s = r.snapshot.sheets[0]!;
      texts.forEach((t, i) => expect(s.cells[`A${i + 1}`]).toEqual({ v: t }));
      expect(s.cells.B1).toEqual({ v: 85 });
      expect(s.cells.C1).toEqual({ v: true });
      expect(s.cells.D1).toEqual({ f: '=A1&"!"' });
    }
  });

  it('the 2,000 x 6 review goes in at most 12 syncs, every request within 2 MB', async () => {
    const desc = generateTemplate({ kind: 'review', lang: 'en', period: 'Q', sample: true, rows: 2000 } as TemplateOptions);
    const r = await renderInExcelFake(desc);
    expect(r.syncs).toBeLessThanOrEqual(12);
    for (const b of r.requests) expect(b).toBeLessThanOrEqual(2 * 1024 * 1024);
    expectSameSnapshot(r.snapshot, descSnapshot(desc));
    // Without copyFrom (below ExcelApi 1.9): more, smaller requests, the same workbook.
    const plain = await renderInExcelFake(desc, { features: NO_COPY });
    for (const b of plain.requests) expect(b).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect(plain.syncs).toBeGreaterThan(r.syncs);
    expect(plain.snapshot).toEqual(r.snapshot);
    console.log(`review 2000x6: ${r.syncs} syncs, requests ${r.requests.join(', ')} bytes; without copyFrom ${plain.syncs} syncs, max ${plain.maxRequestBytes} bytes`);
  });

  it('without ExcelApi 1.9 every template gives the same snapshot', async () => {
    for (const kind of TEMPLATE_KINDS) {
      const desc = gen({ kind, sample: true });
      const a = await renderInExcelFake(desc);
      const b = await renderInExcelFake(desc, { features: NO_COPY });
      expect(b.snapshot).toEqual(a.snapshot);
    }
  });

  it('small request budgets cut the work into more requests with progress after each', async () => {
    const desc = gen({ kind: 'review', sample: true, rows: 300 });
    const fake = new FakeExcel();
    const progress: { done: number; total: number }[] = [];
    let pauses = 0;
    await fake.run((ctx) =>
      renderWorkbook(ctx, desc, (p) => progress.push(p), {
        features: ALL_FEATURES,
        maxRequestBytes: 64 * 1024,
        pause: async () => {
          pauses++;
        },
      }),
    );
    const total = progress[0]!.total;
    expect(total).toBeGreaterThan(3);
    expect(progress.map((p) => p.done)).toEqual(Array.from({ length: total + 1 }, (_, i) => i));
    expect(pauses).toBe(total - 1);
    for (const b of fake.requests) expect(b).toBeLessThanOrEqual(64 * 1024);
    const want = descSnapshot(desc);
    expectSameSnapshot({ sheets: fake.snapshot().sheets.slice(1), names: fake.snapshot().names }, want);
  });

  it('a request the host refuses as too large is sent again in smaller ones; below 64 KB it is payloadTooLarge', async () => {
    const desc = gen({ kind: 'review', sample: true, rows: 200 });
    const fake = new FakeExcel({ requestLimit: 100 * 1024 });
    await fake.run((ctx) => renderWorkbook(ctx, desc, undefined, { features: ALL_FEATURES, pause: async () => undefined }));
    expectSameSnapshot({ sheets: fake.snapshot().sheets.slice(1), names: fake.snapshot().names }, descSnapshot(desc));
    const tiny = new FakeExcel({ requestLimit: 30 * 1024 });
    const before = tiny.snapshot();
    const err = await tiny.run((ctx) => renderWorkbook(ctx, desc, undefined, { features: ALL_FEATURES, pause: async () => undefined })).catch((e: unknown) => e);
    expect(isRenderError(err) && err.code).toBe('payloadTooLarge');
    expect(tiny.snapshot()).toEqual(before);
  });

  it('runTemplate: one Excel.run, one undo group where ExcelApi 1.20 is there', async () => {
    const desc = gen({ kind: 'plan', sample: true });
    const g = globalThis as { Excel?: unknown };
    const saved = g.Excel;
    const seen: unknown[] = [];
    const fake = new FakeExcel();
    g.Excel = {
      run: (a: unknown, b?: unknown) => {
        seen.push(typeof a === 'function' ? null : a);
        const batch = (typeof a === 'function' ? a : b) as (c: Excel.RequestContext) => Promise<unknown>;
        return fake.run(batch);
      },
    };
    try {
      await runTemplate(desc, undefined, { features: ALL_FEATURES, pause: async () => undefined });
      await runTemplate(gen({ kind: 'bonus' }), undefined, { features: { ...ALL_FEATURES, mergeUndoGroup: false }, pause: async () => undefined });
    } finally {
      g.Excel = saved;
    }
    expect(seen).toEqual([{ mergeUndoGroup: true }, null]);
    expect(fake.model.sheets.length).toBe(1 + desc.sheets.length + 1);
  });

  it('a taken sheet name is refused before anything is written', async () => {
    const desc = gen({ kind: 'plan' });
    const fake = new FakeExcel();
    fake.addSheet(desc.sheets[0]!.name.toUpperCase());
    const before = fake.snapshot();
    const err = await fake.run((ctx) => renderWorkbook(ctx, desc, undefined, { features: ALL_FEATURES })).catch((e: unknown) => e);
    expect(isRenderError(err) && err.code).toBe('nameTaken');
    expect(fake.snapshot()).toEqual(before);
    expect(fake.syncs).toBe(1);
  });

  it('a taken workbook name is refused before anything is written', async () => {
    const desc = gen({ kind: 'review' });
    const fake = new FakeExcel();
    fake.addName(desc.names[0]!.name.toLowerCase(), "'Sheet1'!$A$1");
    const before = fake.snapshot();
    const err = await fake.run((ctx) => renderWorkbook(ctx, desc, undefined, { features: ALL_FEATURES })).catch((e: unknown) => e);
    expect(isRenderError(err) && err.code).toBe('nameTaken');
    expect(fake.snapshot()).toEqual(before);
  });

  it('a sheet name taken meanwhile (between the read and the write) is undone and reported', async () => {
    const desc = gen({ kind: 'review', sample: true });
    const fake = new FakeExcel();
    withExisting(fake);
    const before = fake.snapshot();
    fake.beforeSync((n) => {
      if (n === 2) fake.addSheet(desc.sheets[1]!.name);
    });
    const err = await fake.run((ctx) => renderWorkbook(ctx, desc, undefined, { features: ALL_FEATURES })).catch((e: unknown) => e);
    expect(isRenderError(err) && err.code).toBe('nameTaken');
    // The other user's sheet stays; ours are gone.
    const after = fake.snapshot();
    expect(after.sheets.map((s) => s.name)).toEqual([...before.sheets.map((s) => s.name), desc.sheets[1]!.name]);
    expect(after.names).toEqual(before.names);
  });

  it('a sheet deleted meanwhile: sheetGone, and the rest undone', async () => {
    const desc = gen({ kind: 'review', sample: true, rows: 400 });
    const fake = new FakeExcel();
    withExisting(fake);
    const before = fake.snapshot();
    fake.beforeSync((n) => {
      if (n === 4) fake.removeSheet(desc.sheets[1]!.name);
    });
    const err = await fake
      .run((ctx) => renderWorkbook(ctx, desc, undefined, { features: ALL_FEATURES, maxRequestBytes: 64 * 1024, pause: async () => undefined }))
      .catch((e: unknown) => e);
    expect(isRenderError(err) && err.code).toBe('sheetGone');
    expect((err as RenderError).rollbackFailed).toBe(false);
    expect(fake.snapshot()).toEqual(before);
  });

  it('a protected existing sheet stays untouched and protected', async () => {
    const desc = gen({ kind: 'bonus', sample: true });
    const r = await renderInExcelFake(desc, { existing: (f) => f.addSheet('Locked', { A1: 'keep', B2: 5 }, { protected: true }) });
    const all = r.fake.snapshot();
    const locked = all.sheets.find((s) => s.name === 'Locked')!;
    expect(locked.protected).toBe(true);
    expect(locked.cells).toEqual({ A1: { v: 'keep' }, B2: { v: 5 } });
    expectSameSnapshot(r.snapshot, descSnapshot(desc));
  });

  it('below ExcelApi 1.8: unsupported, nothing written, no sync', async () => {
    const desc = gen({ kind: 'plan' });
    const fake = new FakeExcel();
    const before = fake.snapshot();
    const features = featuresFrom((v) => ['1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '1.7'].includes(v));
    expect(features.templates).toBe(false);
    const err = await fake.run((ctx) => renderWorkbook(ctx, desc, undefined, { features })).catch((e: unknown) => e);
    expect(isRenderError(err) && err.code).toBe('unsupported');
    expect(fake.snapshot()).toEqual(before);
    expect(fake.syncs).toBe(0);
  });

  it('feature detection: later sets detected, never assumed', () => {
    const upTo = (max: number) => featuresFrom((v) => Number(v.split('.')[1]) <= max);
    expect(upTo(8)).toMatchObject({ templates: true, api17: true, copyFrom: false, suspendScreenUpdating: false, mergeUndoGroup: false });
    expect(upTo(9)).toMatchObject({ templates: true, copyFrom: true, suspendScreenUpdating: true, mergeUndoGroup: false });
    expect(upTo(20)).toMatchObject({ templates: true, copyFrom: true, mergeUndoGroup: true });
    expect(featuresFrom(() => {
      throw new Error('no Office');
    }).templates).toBe(false);
  });

  it('a bad description is refused before anything is written', async () => {
    const desc = gen({ kind: 'plan' });
    const ragged: WorkbookDesc = {
      ...desc,
      sheets: [{ ...desc.sheets[0]!, blocks: [{ at: 'A1', cells: [[{ v: 1 }, { v: 2 }], [{ v: 3 }]] }] }],
    };
    const fake = new FakeExcel();
    const err = await fake.run((ctx) => renderWorkbook(ctx, ragged, undefined, { features: ALL_FEATURES })).catch((e: unknown) => e);
    expect(isRenderError(err) && err.code).toBe('badDescription');
    expect(fake.syncs).toBe(0);
  });

  it('the look: input cells filled and unlocked, formula cells locked, widths in points, cursor on the first input', async () => {
    const desc = gen({ kind: 'review', sample: true });
    const r = await renderInExcelFake(desc);
    const review = desc.sheets.find((s) => s.key === 'review')!;
    const model = r.fake.sheet(review.name)!;
    const input = review.styles.find((s) => s.style === 'input')!;
    const first = parseRange(input.range);
    const fmt = model.fmts.get(first.top * 16384 + first.left - 1)!;
    expect(fmt.fill).toBe('#FFF7D6');
    expect(fmt.locked).toBe(false);
    expect(model.columnWidths.get(1)).toBeCloseTo((review.columns[0]!.width * 7 + 5) * 0.75, 1);
    expect(r.fake.model.activeSheet).toBe(model.id);
    expect(r.outcome.activeSheet).toBe(review.name);
    expect(model.activeCell).toBe(review.activeCell);
  });

  it('plan choices and workbook context are read in few syncs', async () => {
    const desc = gen({ kind: 'plan', sample: true });
    const r = await renderInExcelFake(desc, { existing: withExisting });
    const fake = r.fake;
    const s0 = fake.syncs;
    const ctx = await fake.run((c) => readWorkbookContext(c));
    expect(fake.syncs - s0).toBe(1);
    expect(ctx.existingSheets).toEqual(['Sheet1', 'Budget', ...desc.sheets.map((s) => s.name)]);
    expect(ctx.existingNames).toContain('Budget_Total');
    const s1 = fake.syncs;
    const plans = await fake.run((c) => readPlanChoices(c));
    expect(fake.syncs - s1).toBeLessThanOrEqual(2);
    expect(plans.map((p) => p.sheet)).toEqual([desc.sheets.find((s) => s.key === 'plan')!.name]);
    expect(plans[0]!.kpis).toBeGreaterThan(0);
  });

  it('fills repeating formulas by copying: a run is one formula and one copy', () => {
    const cellsOf = Array.from({ length: 100 }, (_, i) => [{ f: `=A${i + 5}*2+$B$1+SUM(C${i + 5}:D${i + 5})+IF(E${i + 5}="x",1,0)` }]);
    const steps = planBlock({ at: 'F5', cells: cellsOf }, true, 1 << 20);
    expect(steps.map((s) => s.kind)).toEqual(['write', 'copy']);
    expect(planBlock({ at: 'F5', cells: cellsOf }, false, 1 << 20).every((s) => s.kind === 'write')).toBe(true);
  });
});

describe('the Office.js fake refuses what Excel refuses', () => {
  const expectCode = async (p: Promise<unknown>, code: string): Promise<void> => {
    const e = await p.then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(FakeOfficeError);
    expect((e as FakeOfficeError).code).toBe(code);
  };

  it('parses typed text like Excel', () => {
    expect(parseTyped('=Lee')).toEqual({ f: '=Lee' });
    expect(parseTyped('85')).toEqual({ v: 85 });
    expect(parseTyped('-Ops')).toEqual({ f: '=-Ops' });
    expect(parseTyped("'=Lee")).toEqual({ v: '=Lee' });
    expect(typeof parseTyped('1/2')!.v).toBe('number');
    expect(parseTyped('plain')).toEqual({ v: 'plain' });
  });

  it('a renderer writing raw strings through values would lose text', async () => {
    const fake = new FakeExcel();
    const ws = fake.context.workbook.worksheets.getItem('Sheet1');
    ws.getRange('A1:A3').values = [['=Lee'], ['85'], ['-Ops']];
    await fake.sync();
    expect(fake.snapshot().sheets[0]!.cells).toEqual({ A1: { f: '=Lee' }, A2: { v: 85 }, A3: { f: '=-Ops' } });
  });

  it('properties are readable only after load and sync', async () => {
    const fake = new FakeExcel();
    const sheets = fake.context.workbook.worksheets;
    expect(() => sheets.items).toThrow(/not available/);
    sheets.load('items/name');
    expect(() => sheets.items).toThrow(/not available/);
    await fake.sync();
    expect(sheets.items.map((s) => s.name)).toEqual(['Sheet1']);
    expect(() => sheets.items[0]!.id).toThrow(/not available/);
  });

  it('calls apply at sync, in order; calls before a failing one stay applied', async () => {
    const fake = new FakeExcel();
    const wb = fake.context.workbook;
    wb.worksheets.add('One');
    wb.worksheets.add('sheet1');
    wb.worksheets.add('Two');
    expect(fake.model.sheets.length).toBe(1);
    await expectCode(fake.sync(), 'ItemAlreadyExists');
    expect(fake.model.sheets.map((s) => s.name)).toEqual(['Sheet1', 'One']);
  });

  it('refuses bad sheet names', async () => {
    for (const name of ['', 'x'.repeat(32), 'a/b', 'a[1]', 'a:b', 'a*', 'a?', 'a\\b', "'quoted", "quoted'"]) {
      const fake = new FakeExcel();
      fake.context.workbook.worksheets.add(name);
      await expectCode(fake.sync(), 'InvalidArgument');
    }
  });

  it('refuses taken or invalid workbook names', async () => {
    const fake = new FakeExcel();
    fake.addName('Taken', "'Sheet1'!$A$1");
    for (const [name, code] of [
      ['taken', 'ItemAlreadyExists'],
      ['A1', 'InvalidArgument'],
      ['1abc', 'InvalidArgument'],
      ['has space', 'InvalidArgument'],
    ] as const) {
      fake.context.workbook.names.add(name, "='Sheet1'!$A$1");
      await expectCode(fake.sync(), code);
    }
    fake.context.workbook.names.add('Fine', "='Nowhere'!$A$1");
    await expectCode(fake.sync(), 'InvalidArgument');
  });

  it('refuses ragged and mis-sized arrays', async () => {
    const fake = new FakeExcel();
    const ws = fake.context.workbook.worksheets.getItem('Sheet1');
    ws.getRange('A1:B2').formulas = [[1, 2], [3]];
    await expectCode(fake.sync(), 'InvalidArgument');
    ws.getRange('A1:B2').values = [[1, 2]];
    await expectCode(fake.sync(), 'InvalidArgument');
    ws.getRange('A1:B1').numberFormat = [['0', '0', '0']];
    await expectCode(fake.sync(), 'InvalidArgument');
  });

  it('refuses writes to locked cells of a protected sheet, formats there, and protecting twice', async () => {
    const fake = new FakeExcel();
    const ws = fake.context.workbook.worksheets.getItem('Sheet1');
    ws.getRange('B1').format.protection.locked = false;
    ws.protection.protect({ allowFormatColumns: true });
    await fake.sync();
    ws.getRange('B1').values = [['ok']];
    await fake.sync();
    ws.getRange('A1').values = [['no']];
    await expectCode(fake.sync(), 'AccessDenied');
    ws.getRange('B1').format.fill.color = '#FF0000';
    await expectCode(fake.sync(), 'AccessDenied');
    ws.getRange('B1').dataValidation.rule = { custom: { formula: '=TRUE' } };
    await expectCode(fake.sync(), 'AccessDenied');
    ws.protection.protect();
    await expectCode(fake.sync(), 'InvalidOperation');
    expect(fake.snapshot().sheets[0]!.cells).toEqual({ B1: { v: 'ok' } });
  });

  it('refuses requests over 5 MB, applying none of them', async () => {
    const fake = new FakeExcel();
    const ws = fake.context.workbook.worksheets.getItem('Sheet1');
    const big = 'x'.repeat(1000);
    ws.getRange('A1').values = [['first']];
    ws.getRange('A1:A6000').values = Array.from({ length: 6000 }, () => [big]);
    await expectCode(fake.sync(), 'RequestPayloadSizeLimitExceeded');
    expect(fake.snapshot().sheets[0]!.cells).toEqual({});
  });

  it('refuses a missing sheet, and a validation list naming a missing name', async () => {
    const fake = new FakeExcel();
    fake.context.workbook.worksheets.getItem('Nope').getRange('A1').values = [[1]];
    await expectCode(fake.sync(), 'ItemNotFound');
    fake.context.workbook.worksheets.getItem('Sheet1').getRange('A1').dataValidation.rule = { list: { source: '=NoSuchName', inCellDropDown: true } };
    await expectCode(fake.sync(), 'InvalidArgument');
  });

  it('copyFrom adjusts relative references and tiles like Excel', async () => {
    const fake = new FakeExcel();
    const ws = fake.context.workbook.worksheets.getItem('Sheet1');
    ws.getRange('B1:B2').formulas = [['=A1*$C$1'], ['=A2+Sheet1!$D$1']];
    ws.getRange('B3:B6').copyFrom(ws.getRange('B1:B2'), 'Formulas');
    ws.getRange('C10').copyFrom('B1', 'Formulas');
    await fake.sync();
    const c = fake.snapshot().sheets[0]!.cells;
    expect(c.B3).toEqual({ f: '=A3*$C$1' });
    expect(c.B4).toEqual({ f: '=A4+Sheet1!$D$1' });
    expect(c.B6).toEqual({ f: '=A6+Sheet1!$D$1' });
    expect(c.C10).toEqual({ f: '=B10*$C$1' });
  });

  it('fails the n-th call on demand, and counts calls, syncs and bytes', async () => {
    const fake = new FakeExcel();
    const ws = fake.context.workbook.worksheets.getItem('Sheet1');
    ws.getRange('A1').values = [[1]];
    ws.getRange('A2').values = [[2]];
    fake.failAt(2, 'InvalidOperation');
    await expectCode(fake.sync(), 'InvalidOperation');
    expect(fake.snapshot().sheets[0]!.cells).toEqual({ A1: { v: 1 } });
    expect(fake.ops).toBe(2);
    expect(fake.syncs).toBe(1);
    expect(fake.requests[0]).toBeGreaterThan(0);
  });

  it('hides and deletes only while another sheet stays visible', async () => {
    const fake = new FakeExcel();
    const ws = fake.context.workbook.worksheets.getItem('Sheet1');
    ws.visibility = 'Hidden';
    await expectCode(fake.sync(), 'InvalidOperation');
    ws.delete();
    await expectCode(fake.sync(), 'InvalidOperation');
  });
});

export { RenderError };

describe('Excel renderer: per-cell number formats', () => {
  const gridDesc = (numFmts: string[][], rows = 3): WorkbookDesc => ({
    sheets: [
      plainSheet('review', 'Units', {
        columns: [{ width: 10 }, { width: 10 }, { width: 10 }],
        blocks: [
          {
            at: 'A1',
            cells: [
              [{ v: 'KPI' }, { v: 'Actual' }, { v: 'Target' }],
              ...Array.from({ length: rows }, (_, i) => [{ v: `KPI ${i + 1}` }, { v: 1000 + i }, { v: i / 10 }]),
            ],
          },
        ],
        styles: [{ range: `B2:C${rows + 1}`, style: 'input' }],
        formats: [{ range: `B2:C${rows + 1}`, numFmt: '0.00' }],
        formatGrids: [{ at: 'B2', numFmts }],
        protect: true,
      }),
    ],
    names: [],
  });

  it('writes the grid cell by cell after the range formats, so the grid wins', async () => {
    for (const features of [ALL_FEATURES, NO_COPY]) {
      const desc = gridDesc([['#,##0', '#,##0'], ['0.0%', '0.0%'], ['General', '0']]);
      const r = await renderInExcelFake(desc, { features });
      expect(r.snapshot.sheets[0]!.numFmts).toEqual({ B2: '#,##0', C2: '#,##0', B3: '0.0%', C3: '0.0%', C4: '0' });
      expectSameSnapshot(r.snapshot, descSnapshot(desc));
    }
  });

  it('splits a long grid into 2-D pieces within the request budget', async () => {
    const rows = 3000;
    const fmts = Array.from({ length: rows }, (_, i) => (i % 3 === 0 ? ['0.0%', '#,##0.00'] : i % 3 === 1 ? ['#,##0', '0'] : ['General', '0.00']));
    const desc = gridDesc(fmts, rows);
    const r = await renderInExcelFake(desc, { features: NO_COPY, maxRequestBytes: 64 * 1024 });
    expectSameSnapshot(r.snapshot, descSnapshot(desc));
    expect(r.maxRequestBytes).toBeLessThanOrEqual(64 * 1024);
    expect(r.requests.length).toBeGreaterThan(2);
  });

  it('refuses a ragged grid as a bad description and writes nothing', async () => {
    const fake = new FakeExcel();
    const before = fake.snapshot();
    const err = await fake
      .run((ctx) => renderWorkbook(ctx, gridDesc([['0', '0'], ['0'], ['0', '0']]), undefined, { features: ALL_FEATURES }))
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(isRenderError(err) && err.code).toBe('badDescription');
    expect(fake.snapshot()).toEqual(before);
  });

  it('the fake takes a 2-D numberFormat of the range\'s shape only, and counts its bytes as for values', async () => {
    const fake = new FakeExcel();
    const ws = fake.context.workbook.worksheets.getItem('Sheet1');
    ws.getRange('B2:C4').numberFormat = [['0', '0'], ['0', '0']];
    await expect(fake.sync()).rejects.toMatchObject({ code: 'InvalidArgument' });
    ws.getRange('B2:C4').numberFormat = [['0', '0'], ['0'], ['0', '0']];
    await expect(fake.sync()).rejects.toMatchObject({ code: 'InvalidArgument' });
    const grid = [['0', '0.0'], ['0%', '#,##0'], ['General', '@']];
    ws.getRange('B2:C4').numberFormat = grid;
    await fake.sync();
    const formatBytes = fake.requests[fake.requests.length - 1]!;
    ws.getRange('B2:C4').values = grid;
    await fake.sync();
    expect(fake.requests[fake.requests.length - 1]).toBe(formatBytes);
    expect(fake.snapshot().sheets[0]!.numFmts).toEqual({ B2: '0', C2: '0.0', B3: '0%', C3: '#,##0', C4: '@' });
  });
});

describe('Excel: a system export read for the actuals', () => {
  it('reads every row of the sheet from A1 with the sheet and workbook names, in one sync', async () => {
    const fake = new FakeExcel();
    const cells: Record<string, string | number> = { A1: 'Employee', B1: 'KPI', C1: 'Value' };
    for (let r = 2; r <= 1201; r++) {
      cells[`A${r}`] = `Person ${r}`;
      cells[`B${r}`] = 'Revenue';
      cells[`C${r}`] = r * 10;
    }
    fake.addSheet('Export', cells);
    fake.addName('Old_Name', "'Export'!$A$1");
    const syncs = fake.syncs;
    const read = await fake.run((ctx) => readUsedValues(ctx, 'export'));
    expect(fake.syncs - syncs).toBe(1);
    expect(read.sheet).toBe('Export');
    expect(read.values).toHaveLength(1201);
    expect(read.values[1200]).toEqual(['Person 1201', 'Revenue', 12010]);
    expect(read.existingSheets).toEqual(['Sheet1', 'Export']);
    expect(read.existingNames).toEqual(['Old_Name']);
  });
});
