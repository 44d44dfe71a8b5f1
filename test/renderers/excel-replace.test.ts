/**
 * The Excel renderer's replace mode (what an update writes): new sheets under passing names, then
 * one request that swaps them for the old ones. Until that request the old sheets are untouched;
 * a verify hook that finds a changed typed cell, or a failure at any call, leaves the workbook as
 * it was.
 */
import { describe, expect, it } from 'vitest';
import { isRenderError } from '../../core/templates/render.js';
import type { SheetDesc, WorkbookDesc } from '../../core/templates/types.js';
import { mapSheetRefs, renderWorkbook, type RenderOptions } from '../../excel-addin/render.js';
import { ALL_FEATURES, type ExcelFeatures } from '../../excel-addin/support.js';
import { plainSheet } from '../cli/fixtures.js';
import { FakeExcel } from '../fakes/excel.js';
import { diffSnapshots, expectedSnapshot } from './snapshot-diff.js';

const NO_COPY: ExcelFeatures = { ...ALL_FEATURES, copyFrom: false, suspendScreenUpdating: false, mergeUndoGroup: false };

function sheet(name: string, key: string, rows: SheetDesc['blocks'][number]['cells'], extra: Partial<SheetDesc> = {}): SheetDesc {
  return plainSheet(key, name, { columns: [{ width: 12 }, { width: 10 }, { width: 10 }], blocks: [{ at: 'A1', cells: rows }], ...extra });
}

/** A generated set in the workbook: review, bonus, a user's plan sheet beside them, names into both. */
function workbook(): FakeExcel {
  const fake = new FakeExcel();
  fake.addSheet('Plan', { A1: 'KPI', A2: 'Sales', B2: 100 });
  fake.addSheet('KPI Review', { A1: 'Employee', A2: 'Ann', A3: 'Bo', B2: 80, B3: 95, C2: "=B2/'Plan'!B2" }, { protected: true });
  fake.addSheet('KPI Bonus', { A1: 'Employee', A2: "='KPI Review'!A2", B2: "='KPI Review'!C2*1000" });
  fake.addSheet('Notes', { A1: 'mine' });
  fake.addName('Review_Names', "'KPI Review'!$A$2:$A$3");
  fake.addName('Review_Scratch', "'KPI Review'!$D$1");
  fake.addName('Plan_Target', "'Plan'!$B$2");
  const review = fake.sheet('KPI Review')!;
  review.activeCell = 'B2';
  fake.model.activeSheet = review.id;
  return fake;
}

/** The update: Ann kept, Bo archived, Cy added; the bonus and review refer to each other. */
function update(): WorkbookDesc {
  return {
    sheets: [
      sheet(
        'KPI Review',
        'review',
        [
          [{ v: 'Employee' }, { v: 'Actual' }, { v: 'Score' }],
          [{ v: 'Ann' }, { v: 80 }, { f: "=B2/'Plan'!B2" }],
          [{ v: 'Cy' }, { v: null }, { f: "=B3/'Plan'!B2" }],
          [{ v: 'Count' }, { f: '=COUNTA(Review_Names)' }, { f: "=SUM('KPI Bonus'!B2:B3)" }],
        ],
        {
          styles: [{ range: 'B2:B3', style: 'input' }],
          formatGrids: [{ at: 'B2', numFmts: [['#,##0'], ['0.0%']] }],
          validations: [{ range: 'B2:B3', type: 'custom', formula: "=B2<='Plan'!$B$2*10", allowBlank: true, message: 'too big' }],
          conditionalFormats: [{ range: 'C2:C3', formula: "=C2<'KPI Bonus'!$C$1", style: 'bad' }],
          protect: true,
          activeCell: 'B3',
        },
      ),
      sheet(
        'KPI Bonus',
        'bonus',
        [
          [{ v: 'Employee' }, { v: 'Bonus' }, { v: 0.5 }],
          [{ f: "='KPI Review'!A2" }, { f: "='KPI Review'!C2*1000" }, { v: null }],
          [{ f: "='KPI Review'!A3" }, { f: "='KPI Review'!C3*1000" }, { v: null }],
        ],
        { validations: [{ range: 'A2:A3', type: 'list', source: '=Review_Names', allowBlank: true, message: 'pick' }] },
      ),
      sheet('KPI Archive', 'archive', [[{ v: 'Employee' }, { v: 'Actual' }], [{ v: 'Bo' }, { v: 95 }], [{ f: "=COUNTA('KPI Review'!A2:A3)" }, { v: null }]]),
    ],
    names: [
      { name: 'Review_Names', ref: "'KPI Review'!$A$2:$A$3" },
      { name: 'Bonus_Amounts', ref: "'KPI Bonus'!$B$2:$B$3" },
    ],
  };
}

const REPLACE = ['KPI Review', 'KPI Bonus'];

const render = (fake: FakeExcel, desc: WorkbookDesc, options: Partial<RenderOptions> = {}) =>
  fake.run((ctx) =>
    renderWorkbook(ctx, desc, undefined, { features: ALL_FEATURES, maxRequestBytes: 16 * 1024, pause: () => Promise.resolve(), replace: REPLACE, ...options }),
  );

/** What the render rejects with, or null where it completes. */
const failureOf = (fake: FakeExcel, desc: WorkbookDesc, options: Partial<RenderOptions> = {}): Promise<unknown> =>
  render(fake, desc, options).then(
    () => null,
    (e: unknown) => e,
  );

/** The update is refused with `code` and leaves the workbook exactly as it was. */
async function expectRefused(fake: FakeExcel, code: string): Promise<void> {
  const before = fake.snapshot();
  const err = await failureOf(fake, update());
  expect(isRenderError(err) && err.code).toBe(code);
  expect(fake.snapshot()).toEqual(before);
}

describe('Excel renderer: replace mode', () => {
  it('mapSheetRefs renames quoted and bare sheet references, never text', () => {
    const to = (s: string): string | undefined => (s.toLowerCase() === 'kpi review' ? '~KPI x 1' : s === 'Lists' ? "It's" : undefined);
    expect(mapSheetRefs(`='KPI Review'!A1+Lists!B2&"'KPI Review'!A1"&'Plan'!C3`, to)).toBe(`='~KPI x 1'!A1+'It''s'!B2&"'KPI Review'!A1"&'Plan'!C3`);
    expect(mapSheetRefs('=SUM(Lists_2!A1, Lists)', to)).toBe('=SUM(Lists_2!A1, Lists)');
  });

  for (const [label, features] of [
    ['copyFrom', ALL_FEATURES],
    ['no copyFrom', NO_COPY],
  ] as const) {
    it(`swaps the new sheets in where the old ones were, names following (${label})`, async () => {
      const fake = workbook();
      const desc = update();
      const outcome = await render(fake, desc, { features });
      const snap = fake.snapshot();
      expect(snap.sheets.map((s) => s.name)).toEqual(['Sheet1', 'Plan', 'KPI Review', 'KPI Bonus', 'Notes', 'KPI Archive']);
      const ours = { sheets: snap.sheets.filter((s) => desc.sheets.some((d) => d.name === s.name)), names: snap.names };
      const want = expectedSnapshot(desc);
      // Names of the workbook besides the description's stay; the one only the old review used is gone.
      expect(diffSnapshots(want, { ...ours, names: Object.fromEntries(Object.entries(ours.names).filter(([n]) => n !== 'Plan_Target')) })).toEqual([]);
      expect(snap.names).toEqual({ Bonus_Amounts: "'KPI Bonus'!$B$2:$B$3", Plan_Target: "'Plan'!$B$2", Review_Names: "'KPI Review'!$A$2:$A$3" });
      expect(snap.sheets.find((s) => s.name === 'Plan')).toEqual(workbook().snapshot().sheets.find((s) => s.name === 'Plan'));
      expect(snap.sheets.find((s) => s.name === 'KPI Review')!.numFmts).toEqual({ B2: '#,##0', B3: '0.0%' });
      expect(outcome.activeSheet).toBe('KPI Archive');
      // Nothing refers to a passing name or to nothing.
      expect(JSON.stringify(snap)).not.toMatch(/~KPI|#REF!/);
    });
  }

  it('a verify hook that finds a change: edited, and the workbook as it was', async () => {
    const fake = workbook();
    const before = fake.snapshot();
    let carriedBy = 0;
    const syncs0 = fake.syncs;
    const err = await failureOf(fake, update(), {
      verify: (ctx) => {
        const r = ctx.workbook.worksheets.getItem('KPI Review').getRange('B2:B3');
        r.load('values');
        carriedBy = fake.syncs + 1;
        return () => JSON.stringify(r.values) === JSON.stringify([[80], [95]]);
      },
    });
    expect(err).toBeNull();
    // Read of the workbook, content requests (the reads in the last one), the swap.
    expect(carriedBy).toBe(fake.syncs - 1);
    expect(fake.syncs - syncs0).toBeGreaterThanOrEqual(3);

    const fake2 = workbook();
    let syncAtRead = 0;
    const err2 = await failureOf(fake2, update(), {
      verify: (ctx) => {
        const r = ctx.workbook.worksheets.getItem('KPI Review').getRange('B2:B3');
        r.load('values');
        syncAtRead = fake2.syncs + 1;
        // Another user types into the old review while the new sheets are written.
        fake2.sheet('KPI Review')!.cells.clear();
        return () => JSON.stringify(r.values) === JSON.stringify([[80], [95]]);
      },
    });
    expect(isRenderError(err2) && err2.code).toBe('edited');
    expect(syncAtRead).toBeGreaterThanOrEqual(2);
    const after = fake2.snapshot();
    // Only the other user's edit differs.
    expect({ ...after, sheets: after.sheets.filter((s) => s.name !== 'KPI Review') }).toEqual({ ...before, sheets: before.sheets.filter((s) => s.name !== 'KPI Review') });
    expect(after.sheets.map((s) => s.name)).toEqual(before.sheets.map((s) => s.name));
  });

  it('an old sheet deleted meanwhile: sheetGone before anything is written', async () => {
    const fake = workbook();
    fake.removeSheet('KPI Bonus');
    await expectRefused(fake, 'sheetGone');
  });

  it('a name of the description pointing elsewhere is taken: nothing written', async () => {
    const fake = workbook();
    fake.addName('Bonus_Amounts', "'Notes'!$A$1");
    await expectRefused(fake, 'nameTaken');
  });

  for (const [label, features] of [
    ['copyFrom', ALL_FEATURES],
    ['no copyFrom', NO_COPY],
  ] as const) {
    it(`a failure at any call: as it was before the swap, complete once the swap began (${label})`, async () => {
      const desc = update();
      const probe = workbook();
      const start = probe.ops;
      await render(probe, desc, { features, verify: verifyOf(probe) });
      const total = probe.ops - start;
      const rendered = probe.snapshot();
      let unchanged = 0;
      let completed = 0;
      for (let n = 1; n <= total; n++) {
        const fake = workbook();
        const before = fake.snapshot();
        fake.failAt(fake.ops + n, ['GeneralException', 'AccessDenied', 'RequestPayloadSizeLimitExceeded'][n % 3]);
        const err = await failureOf(fake, desc, { features, verify: verifyOf(fake) });
        const now = fake.snapshot();
        if (err === null) {
          expect(now, `call ${n} of ${total}`).toEqual(rendered);
          completed++;
        } else {
          if (!isRenderError(err)) throw new Error(`call ${n}: ${String(err)}`);
          expect(err.rollbackFailed, `call ${n}`).toBe(false);
          expect(now, `call ${n} of ${total}`).toEqual(before);
          unchanged++;
        }
      }
      // The swap's first call is its first deletion; failing any later call of it finishes it.
      expect(unchanged).toBeGreaterThan(total - 20);
      expect(completed).toBeGreaterThan(0);
    }, 300_000);
  }
});

function verifyOf(fake: FakeExcel): RenderOptions['verify'] {
  void fake;
  return (ctx) => {
    const r = ctx.workbook.worksheets.getItem('KPI Review').getRange('B2:B3');
    r.load('values');
    return () => JSON.stringify(r.values) === JSON.stringify([[80], [95]]);
  };
}
