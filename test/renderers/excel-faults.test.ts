/**
 * Fault injection: every call the Excel renderer makes fails in turn, and each time the workbook
 * is left exactly as it was before the render, with a RenderError whose code matches the host's.
 * In replace mode (an update) the same holds up to the swap; a failure within the swap, once an
 * old sheet is deleted, finishes the swap instead.
 */
import { describe, expect, it } from 'vitest';
import { parseCell } from '../../core/templates/a1.js';
import { findRecipe, generateTemplate, generatedPlanMapping, planUpdate, sheetsToRead, updateChoiceOf, type TemplateOptions } from '../../core/templates/index.js';
import type { SheetGrid } from '../../core/templates/update-types.js';
import { isRenderError, type RenderErrorCode } from '../../core/templates/render.js';
import type { WorkbookDesc } from '../../core/templates/types.js';
import { renderWorkbook } from '../../excel-addin/render.js';
import { ALL_FEATURES, type ExcelFeatures } from '../../excel-addin/support.js';
import { FakeExcel } from '../fakes/excel.js';

const HOST_CODES: [string, RenderErrorCode][] = [
  ['GeneralException', 'hostError'],
  ['AccessDenied', 'protected'],
  ['ItemNotFound', 'sheetGone'],
  ['RequestPayloadSizeLimitExceeded', 'payloadTooLarge'],
  ['ItemAlreadyExists', 'nameTaken'],
  ['InvalidArgument', 'hostError'],
  ['InvalidOperation', 'hostError'],
];

function workbook(): FakeExcel {
  const fake = new FakeExcel();
  fake.addSheet('Budget', { A1: 'Item', B1: 120, C1: '=B1*2' });
  fake.addSheet('Locked', { A1: 'keep' }, { protected: true });
  fake.addName('Budget_Total', "'Budget'!$B$1:$B$9");
  return fake;
}

const render = (fake: FakeExcel, desc: WorkbookDesc, features: ExcelFeatures) =>
  fake.run((ctx) => renderWorkbook(ctx, desc, undefined, { features, maxRequestBytes: 16 * 1024, pause: () => Promise.resolve() }));

function calls(desc: WorkbookDesc, features: ExcelFeatures): Promise<number> {
  const fake = workbook();
  const start = fake.ops;
  return render(fake, desc, features).then(() => fake.ops - start);
}

const existing = { existingSheets: ['Sheet1', 'Budget', 'Locked'], existingNames: ['Budget_Total'] };
const CASES: { label: string; desc: () => WorkbookDesc }[] = [
  {
    label: 'review of a plan sheet in the workbook',
    desc: () => {
      const plan = generateTemplate({ kind: 'plan', lang: 'en', period: 'Q4', sample: true } as TemplateOptions, existing);
      const planSheet = plan.sheets[0]!;
      const kpis = planSheet.tables?.[0] ? planSheet.tables[0].lastRow - planSheet.tables[0].firstRow + 1 : 4;
      // The plan and the review that reads it, rendered together as one workbook description.
      const review = generateTemplate(
        { kind: 'review', lang: 'en', period: 'Q4', sample: true, rows: 5, plan: generatedPlanMapping(planSheet.name, kpis) } as TemplateOptions,
        { existingSheets: [...existing.existingSheets, ...plan.sheets.map((s) => s.name)], existingNames: [...existing.existingNames, ...plan.names.map((n) => n.name)] },
      );
      return { sheets: [...plan.sheets, ...review.sheets], names: [...plan.names, ...review.names] };
    },
  },
  { label: 'dashboard', desc: () => generateTemplate({ kind: 'dashboard', lang: 'zh-CN', period: 'Q4', sample: true, rows: 4 } as TemplateOptions, existing) },
];

describe('Excel renderer: a failure at any call leaves the workbook as it was', () => {
  for (const c of CASES) {
    for (const [label, features] of [
      ['copyFrom', ALL_FEATURES],
      ['no copyFrom', { ...ALL_FEATURES, copyFrom: false, suspendScreenUpdating: false }],
    ] as const) {
      it(`${c.label} (${label})`, async () => {
        const desc = c.desc();
        const total = await calls(desc, features);
        expect(total).toBeGreaterThan(50);
        const clean = workbook();
        await render(clean, desc, features);
        const rendered = clean.snapshot();
        for (let n = 1; n <= total; n++) {
          const fake = workbook();
          const before = fake.snapshot();
          const [hostCode, code] = HOST_CODES[n % HOST_CODES.length]!;
          fake.failAt(fake.ops + n, hostCode);
          const err = await render(fake, desc, features).then(
            () => null,
            (e: unknown) => e,
          );
          if (err === null && hostCode === 'RequestPayloadSizeLimitExceeded') {
            // Refused whole before it ran: the renderer sent the same calls again in smaller requests.
            expect(fake.snapshot(), `call ${n} of ${total}`).toEqual(rendered);
            continue;
          }
          if (!isRenderError(err)) throw new Error(`call ${n} of ${total}: expected a RenderError, got ${String(err)}`);
          expect({ n, code: err.code, rollbackFailed: err.rollbackFailed }).toEqual({ n, code, rollbackFailed: false });
          expect(fake.snapshot(), `call ${n} of ${total}`).toEqual(before);
        }
      }, 900_000);
    }
  }

  it('when undoing fails too, the error says so', async () => {
    const desc = CASES[1]!.desc();
    const fake = workbook();
    const start = fake.ops;
    // Fail a call in the middle, and every call after it (the undo's reads among them).
    for (let n = 40; n < 100_000; n++) fake.failAt(start + n, 'GeneralException');
    const err = await render(fake, desc, ALL_FEATURES).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isRenderError(err) && err.code).toBe('hostError');
    expect(isRenderError(err) && err.rollbackFailed).toBe(true);
  });
});

describe('Excel renderer, replace mode (an update): a failure at any call before the swap leaves the workbook as it was', () => {
  /** A generated review set in the workbook, and the core's update of it for a new roster. */
  async function updateCase(): Promise<{ fake: FakeExcel; desc: WorkbookDesc; replace: string[] }> {
    const fake = workbook();
    const made = generateTemplate({ kind: 'dashboard', lang: 'en', period: 'Q4', sample: true, rows: 3 } as TemplateOptions, existing);
    await fake.run((ctx) => renderWorkbook(ctx, made, undefined, { features: ALL_FEATURES, pause: () => Promise.resolve() }));
    const snap = fake.snapshot();
    const grids = (names: readonly string[]): SheetGrid[] =>
      names.map((name) => {
        const s = snap.sheets.find((x) => x.name === name)!;
        const values: unknown[][] = [];
        const formulas: unknown[][] = [];
        for (const [a, c] of Object.entries(s.cells)) {
          const p = parseCell(a);
          for (const g of [values, formulas]) while (g.length < p.row) g.push([]);
          values[p.row - 1]![p.col - 1] = 'v' in c ? c.v : 0;
          formulas[p.row - 1]![p.col - 1] = 'v' in c ? c.v : c.f;
        }
        return { name, values, formulas };
      });
    const review = made.sheets.find((s) => s.key === 'review')!;
    const recipe = findRecipe(grids([review.name])[0]!.values[0]!)!;
    const read = grids(sheetsToRead(recipe));
    const choice = updateChoiceOf(review.name, recipe, read);
    const plan = planUpdate(recipe, read, [...choice.roster.slice(1), { name: 'Noor Haddad', department: null }], {
      existingSheets: snap.sheets.map((s) => s.name),
      existingNames: Object.keys(snap.names),
      today: '2026-12-01',
    });
    if (!plan.ok) throw new Error(plan.message.en);
    return { fake, desc: plan.desc, replace: [...plan.replace] };
  }

  for (const [label, features] of [
    ['copyFrom', ALL_FEATURES],
    ['no copyFrom', { ...ALL_FEATURES, copyFrom: false, suspendScreenUpdating: false }],
  ] as const) {
    it(`review, bonus and dashboard replaced, an archive added (${label})`, async () => {
      const { fake: base, desc, replace } = await updateCase();
      const run = (fake: FakeExcel) =>
        fake.run((ctx) => renderWorkbook(ctx, desc, undefined, { features, maxRequestBytes: 16 * 1024, pause: () => Promise.resolve(), replace }));
      const probe = base.clone();
      const ends: number[] = [];
      probe.beforeSync(() => ends.push(probe.ops));
      await run(probe);
      const rendered = probe.snapshot();
      const total = probe.ops;
      // The swap is the last request: from its first call the render finishes instead.
      const swapFrom = ends[ends.length - 2]! + 1;
      expect(total).toBeGreaterThan(50);
      const before = base.snapshot();
      for (let n = 1; n <= total; n++) {
        const fake = base.clone();
        const [hostCode, code] = HOST_CODES[n % HOST_CODES.length]!;
        fake.failAt(n, hostCode);
        const err = await run(fake).then(
          () => null,
          (e: unknown) => e,
        );
        if (err === null) {
          // Refused whole and sent again in smaller requests, or a swap finished after its first deletion.
          expect(hostCode === 'RequestPayloadSizeLimitExceeded' || n > swapFrom, `call ${n} of ${total}`).toBe(true);
          expect(fake.snapshot(), `call ${n} of ${total}`).toEqual(rendered);
          continue;
        }
        if (!isRenderError(err)) throw new Error(`call ${n} of ${total}: expected a RenderError, got ${String(err)}`);
        expect({ n, code: err.code, rollbackFailed: err.rollbackFailed }).toEqual({ n, code, rollbackFailed: false });
        expect(fake.snapshot(), `call ${n} of ${total}`).toEqual(before);
      }
    }, 900_000);
  }
});
