/**
 * Two users at once. Excel: another co-author adds a sheet or a workbook name under the name the
 * renderer chose, between its check and its write; the insert goes on under the next free name,
 * the template generated again for it. Sheets: two sidebars' inserts over one spreadsheet, their
 * calls interleaved one by one; the document lock and the in-progress marker keep their writes
 * apart, and a name taken between two calls of one insert starts it again under free names.
 */
import { HyperFormula, type RawCellContent, type Sheets } from 'hyperformula';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildHyperFormula, readSheet, type EngineValue } from '../../cli/hyperformula.js';
import { parseCell } from '../../core/templates/a1.js';
import { generateTemplate, type TemplateContext, type TemplateOptions } from '../../core/templates/index.js';
import { isRenderError, type RenderOutcome } from '../../core/templates/render.js';
import type { WorkbookDesc } from '../../core/templates/types.js';
import { NAME_ATTEMPTS, renderWorkbook, type RenderOptions, type WorkbookNames } from '../../excel-addin/render.js';
import { ALL_FEATURES } from '../../excel-addin/support.js';
import {
  LOCK_WAIT_MS,
  MARKER_PREFIX,
  MARKER_STALE_MS,
  kpiInsertBegin,
  kpiInsertRollback,
  kpiInsertStep,
  setStepBudget,
  type StepResult,
  type TemplateJob,
} from '../../gsheets-addon/templates.js';
import type { InsertRequest } from '../../ui/bridge.js';
import { FakeExcel } from '../fakes/excel.js';
import { FakeSpreadsheet } from '../fakes/sheets.js';
import { insertInSheetsFake, withFakeGlobals } from './sheets-harness.js';
import type { WorkbookSnapshot } from './snapshot.js';

// ---------------------------------------------------------------------------------------------
// Recalculation of what a host holds

/** A workbook snapshot (every sheet, every name) in HyperFormula, computed. */
function hyperFormulaOf(snap: WorkbookSnapshot): HyperFormula {
  const sheets: Sheets = {};
  for (const s of snap.sheets) {
    const grid: RawCellContent[][] = [];
    for (const [a, c] of Object.entries(s.cells)) {
      const { row, col } = parseCell(a);
      const line = (grid[row - 1] ??= []);
      line[col - 1] = 'f' in c ? (c.f.startsWith('=') ? c.f : `=${c.f}`) : typeof c.v === 'string' ? `'${c.v}` : c.v;
    }
    for (let r = 0; r < grid.length; r++) {
      const line = grid[r] ?? [];
      for (let c = 0; c < line.length; c++) if (line[c] === undefined) line[c] = null;
      grid[r] = line;
    }
    sheets[s.name] = grid;
  }
  const names = Object.entries(snap.names).map(([name, ref]) => ({ name, expression: ref.startsWith('=') ? ref : `=${ref}` }));
  return HyperFormula.buildFromSheets(sheets, { licenseKey: 'gpl-v3', useArrayArithmetic: true }, names);
}

/** Computed values without trailing blanks ('' and empty alike). */
function values(hf: HyperFormula, sheet: string): EngineValue[][] {
  const rows = readSheet(hf, sheet).map((row) => {
    const out = row.map((v) => (v === '' ? null : v));
    while (out.length > 0 && out[out.length - 1] === null) out.pop();
    return out;
  });
  while (rows.length > 0 && rows[rows.length - 1]!.length === 0) rows.pop();
  return rows;
}

/**
 * The template's sheets as the host computes them equal the description's own computation: the
 * formulas refer to the template's own sheets and names, wherever the other user's ones stand.
 */
function expectComputedAsDescribed(snap: WorkbookSnapshot, desc: WorkbookDesc): void {
  const host = hyperFormulaOf(snap);
  const own = buildHyperFormula(desc);
  for (const s of desc.sheets) expect(values(host, s.name), s.name).toEqual(values(own, s.name));
  host.destroy();
  own.destroy();
}

/** No formula of the template names a sheet of someone else. */
function expectOwnReferences(snap: WorkbookSnapshot, desc: WorkbookDesc, others: readonly string[]): void {
  const ours = new Set(desc.sheets.map((s) => s.name));
  for (const s of snap.sheets.filter((x) => ours.has(x.name))) {
    for (const c of Object.values(s.cells)) {
      if (!('f' in c)) continue;
      for (const other of others) {
        expect(c.f).not.toContain(`'${other.replace(/'/g, "''")}'!`);
        if (/^[A-Za-z_][A-Za-z0-9_.]*$/.test(other)) expect(c.f).not.toMatch(new RegExp(`(^|[^A-Za-z0-9_.'])${other}!`));
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Excel: co-authoring

const REVIEW: TemplateOptions = { kind: 'review', lang: 'en', period: 'Q4', sample: true, rows: 5 } as TemplateOptions;

const namesOf = (fake: FakeExcel): TemplateContext => ({
  existingSheets: fake.model.sheets.map((s) => s.name),
  existingNames: [...fake.model.names.values()].map((n) => n.name),
});

/** True once the renderer's sheets are in the workbook under their passing names. */
const passingSheetsIn = (fake: FakeExcel): boolean => fake.model.sheets.some((s) => s.name.startsWith('~KPI '));

function render(fake: FakeExcel, desc: WorkbookDesc, extra: Partial<RenderOptions> = {}): Promise<RenderOutcome> {
  return fake.run((ctx) => renderWorkbook(ctx, desc, undefined, { features: ALL_FEATURES, pause: () => Promise.resolve(), ...extra }));
}

describe('Excel: another co-author takes a name between the check and the write', () => {
  it('a sheet: the insert goes on under the next free name; the other sheet is untouched', async () => {
    const fake = new FakeExcel();
    fake.addSheet('Budget', { A1: 'Item', B1: 120 });
    const desc = generateTemplate(REVIEW, namesOf(fake));
    const taken = desc.sheets[0]!.name;
    let theirs: WorkbookSnapshot['sheets'][number] | undefined;
    fake.beforeSync(() => {
      // After the name check: the request that renames the passing sheets is about to run.
      if (theirs || !passingSheetsIn(fake)) return;
      fake.addSheet(taken, { A1: 'Their notes', B2: 42, C3: '=B2*2' });
      theirs = fake.snapshot().sheets.find((s) => s.name === taken);
    });
    const contexts: WorkbookNames[] = [];
    const outcome = await render(fake, desc, {
      regenerate: (names) => {
        contexts.push(names);
        return generateTemplate(REVIEW, names);
      },
    });
    expect(theirs).toBeDefined();
    expect(contexts).toEqual([{ existingSheets: ['Sheet1', 'Budget', taken], existingNames: [] }]);

    // What a clean render with that context gives, in a workbook that held their sheet already.
    const cleanDesc = generateTemplate(REVIEW, contexts[0]!);
    expect(cleanDesc.sheets[0]!.name).toBe(`${taken} (2)`);
    const clean = new FakeExcel();
    clean.addSheet('Budget', { A1: 'Item', B1: 120 });
    clean.addSheet(taken, { A1: 'Their notes', B2: 42, C3: '=B2*2' });
    const cleanOutcome = await render(clean, cleanDesc);
    const after = fake.snapshot();
    expect(after).toEqual(clean.snapshot());
    expect(outcome).toEqual(cleanOutcome);
    expect(outcome.sheets.map((s) => s.name)).toEqual(cleanDesc.sheets.map((s) => s.name));
    expect(after.sheets.find((s) => s.name === taken)).toEqual(theirs);
    expectOwnReferences(after, cleanDesc, [taken, 'Budget']);
    expectComputedAsDescribed(after, cleanDesc);
  });

  it('a workbook name: the insert goes on under the next free name; the other name is untouched', async () => {
    const fake = new FakeExcel();
    const desc = generateTemplate(REVIEW, namesOf(fake));
    const taken = desc.names[0]!.name;
    let added = false;
    fake.beforeSync(() => {
      if (added || !passingSheetsIn(fake)) return;
      fake.addName(taken, "'Sheet1'!$A$1:$A$3");
      added = true;
    });
    const outcome = await render(fake, desc, { regenerate: (names) => generateTemplate(REVIEW, names) });
    const context = { existingSheets: ['Sheet1'], existingNames: [taken] };
    const cleanDesc = generateTemplate(REVIEW, context);
    expect(cleanDesc.names[0]!.name).not.toBe(taken);
    const clean = new FakeExcel();
    clean.addName(taken, "'Sheet1'!$A$1:$A$3");
    await render(clean, cleanDesc);
    const after = fake.snapshot();
    expect(after).toEqual(clean.snapshot());
    expect(after.names[taken]).toBe("'Sheet1'!$A$1:$A$3");
    expect(outcome.names).toEqual(cleanDesc.names.map((n) => n.name));
    expectComputedAsDescribed(after, cleanDesc);
  });

  it(`a clash on every try: nameTaken after ${NAME_ATTEMPTS} renders, and nothing of the template is left`, async () => {
    const fake = new FakeExcel();
    fake.addSheet('Budget', { A1: 'Item' });
    fake.addName('Budget_Total', "'Budget'!$B$1:$B$9");
    const before = fake.snapshot();
    let current = generateTemplate(REVIEW, namesOf(fake));
    const theirs: string[] = [];
    let clashedAt = '';
    fake.beforeSync(() => {
      // Once per render: their sheet under the name this render gives its first sheet.
      const target = current.sheets[0]!.name;
      if (clashedAt === target || !passingSheetsIn(fake)) return;
      fake.addSheet(target, { A1: `theirs ${theirs.length + 1}` });
      theirs.push(target);
      clashedAt = target;
    });
    let regenerated = 0;
    const err = await render(fake, current, {
      regenerate: (names) => {
        regenerated++;
        current = generateTemplate(REVIEW, names);
        return current;
      },
    }).catch((e: unknown) => e);
    expect(isRenderError(err) && err.code).toBe('nameTaken');
    expect(isRenderError(err) && err.rollbackFailed).toBe(false);
    expect(regenerated).toBe(NAME_ATTEMPTS - 1);
    expect(theirs).toEqual(['KPI Plan', 'KPI Plan (2)', 'KPI Plan (3)']);
    const after = fake.snapshot();
    // The workbook as it was, with only the other user's sheets added.
    expect(after.names).toEqual(before.names);
    expect(after.sheets.slice(0, before.sheets.length)).toEqual(before.sheets);
    expect(after.sheets.slice(before.sheets.length).map((s) => s.name)).toEqual(theirs);
  });

  it('without a way to generate the template again, a taken name is refused as before', async () => {
    const fake = new FakeExcel();
    const desc = generateTemplate(REVIEW, namesOf(fake));
    const before = fake.snapshot();
    fake.beforeSync(() => {
      if (passingSheetsIn(fake) && !fake.sheet(desc.sheets[0]!.name)) fake.addSheet(desc.sheets[0]!.name);
    });
    const err = await render(fake, desc).catch((e: unknown) => e);
    expect(isRenderError(err) && err.code).toBe('nameTaken');
    expect(fake.snapshot().sheets.map((s) => s.name)).toEqual([...before.sheets.map((s) => s.name), desc.sheets[0]!.name]);
  });
});

// ---------------------------------------------------------------------------------------------
// Sheets: two sidebars

interface Failure {
  readonly code: string;
  readonly detail?: string;
  readonly rollbackFailed?: boolean;
}

/** One sidebar: its server calls, each a separate execution with JSON arguments and results. */
class Sidebar {
  job?: TemplateJob;
  outcome?: RenderOutcome;
  error?: Failure;
  calls = 0;
  constructor(
    readonly fake: FakeSpreadsheet,
    readonly request: InsertRequest,
  ) {}

  private call(fn: () => StepResult | void): void {
    this.calls++;
    this.error = undefined;
    try {
      const r = JSON.parse(JSON.stringify(withFakeGlobals(this.fake, fn) ?? null)) as StepResult | null;
      if (r) {
        this.job = r.job;
        if (r.outcome) this.outcome = r.outcome;
      }
    } catch (e) {
      this.error = JSON.parse((e as Error).message) as Failure;
    }
  }
  begin(): this {
    this.job = undefined;
    this.call(() => kpiInsertBegin(this.request));
    return this;
  }
  step(): this {
    const job = this.job!;
    this.call(() => kpiInsertStep(job));
    return this;
  }
  rollback(): this {
    const job = this.job!;
    this.call(() => kpiInsertRollback(job));
    return this;
  }
  get done(): boolean {
    return this.outcome !== undefined;
  }
  /** Steps until done (or failed), as the sidebar does. */
  finish(): this {
    for (let guard = 0; !this.done && !this.error; guard++) {
      if (guard > 200) throw new Error('the insert does not finish');
      this.step();
    }
    return this;
  }
}

const REVIEW_EN: InsertRequest = { kind: 'review', lang: 'en', period: 'Q', sample: true, rows: 3 };
const REVIEW_ZH: InsertRequest = { kind: 'review', lang: 'zh-CN', period: 'Q', sample: true, rows: 4 };

function seeded(): FakeSpreadsheet {
  const fake = new FakeSpreadsheet();
  fake.seedSheet('My plan', [['KPI', 'Target', 'Weight'], ['Revenue', 100, 0.6], ['NPS', 40, 0.4]]);
  fake.seedName('Existing', 'My plan', 'A1:C3');
  return fake;
}

/** The two inserts one after the other, each in one call: what the spreadsheet should end as. */
function oneAfterTheOther(...requests: InsertRequest[]): FakeSpreadsheet {
  const fake = seeded();
  for (const r of requests) expect(insertInSheetsFake(r, { fake }).error).toBeUndefined();
  return fake;
}

const markers = (fake: FakeSpreadsheet) => fake._metadata.filter((m) => m.key.startsWith(MARKER_PREFIX));

describe('Sheets: two sidebars insert into one spreadsheet', () => {
  beforeEach(() => setStepBudget(0));
  afterEach(() => {
    setStepBudget(60_000);
    vi.restoreAllMocks();
  });

  it('the second waits with busy while the first is mid-way, then inserts; no sheet holds cells of both', () => {
    const fake = seeded();
    const a = new Sidebar(fake, REVIEW_EN);
    const b = new Sidebar(fake, REVIEW_ZH);
    a.begin();
    expect(a.error).toBeUndefined();
    expect(a.done).toBe(false);
    expect(markers(fake).map((m) => m.key)).toEqual([`${MARKER_PREFIX}${a.job!.id}`]);
    let refused = 0;
    while (!a.done) {
      // B asks between every two calls of A: refused, and nothing of B is written.
      const before = fake.snapshot();
      b.begin();
      expect(b.error).toEqual({ code: 'busy', detail: 'another insert is in progress' });
      expect(b.job).toBeUndefined();
      expect(fake.snapshot()).toEqual(before);
      refused++;
      a.step();
      expect(a.error).toBeUndefined();
    }
    expect(refused).toBe(a.calls - 1);
    expect(refused).toBeGreaterThan(5);
    expect(markers(fake)).toEqual([]);
    b.begin().finish();
    expect(b.error).toBeUndefined();
    expect(markers(fake)).toEqual([]);

    // Both workbooks as if the inserts had run one after the other.
    const expected = oneAfterTheOther(REVIEW_EN, REVIEW_ZH);
    expect(fake.snapshot()).toEqual(expected.snapshot());
    const aSheets = a.outcome!.sheets.map((s) => s.name);
    const bSheets = b.outcome!.sheets.map((s) => s.name);
    expect(aSheets.filter((n) => bSheets.includes(n))).toEqual([]);
    expect(fake.snapshot().sheets.map((s) => s.name)).toEqual(['Sheet1', 'My plan', ...aSheets, ...bSheets]);
  });

  it('within one call the document lock keeps the other sidebar out (before any marker exists)', () => {
    const fake = seeded();
    const a = new Sidebar(fake, REVIEW_EN);
    const b = new Sidebar(fake, REVIEW_ZH);
    let seen: { snapshot: WorkbookSnapshot; error?: Failure } | undefined;
    fake.beforeCall((_, what) => {
      // In the middle of A's first call: its first sheet is about to be inserted.
      if (seen || what !== 'Spreadsheet.insertSheet') return;
      const snapshot = fake.snapshot();
      b.begin();
      seen = { snapshot, ...(b.error ? { error: b.error } : {}) };
      expect(fake.snapshot()).toEqual(snapshot);
    });
    a.begin();
    expect(seen?.error).toEqual({ code: 'busy', detail: 'the document lock is held by another call' });
    expect(fake.lockWaits).toEqual([LOCK_WAIT_MS]);
    expect(markers(fake)).toHaveLength(1);
    a.finish();
    expect(a.error).toBeUndefined();
    expect(fake._lockHolder).toBeUndefined();
    b.begin().finish();
    expect(b.error).toBeUndefined();
    expect(fake.snapshot()).toEqual(oneAfterTheOther(REVIEW_EN, REVIEW_ZH).snapshot());
  });

  it('another sidebar calling in the middle of every call of an insert is refused each time', () => {
    const fake = seeded();
    const a = new Sidebar(fake, REVIEW_EN);
    const b = new Sidebar(fake, REVIEW_ZH);
    let tries = 0;
    let calls = 0;
    fake.beforeCall(() => {
      // Every fifth service call of A's: B's begin runs meanwhile.
      if (++calls % 5 !== 0 || b.done) return;
      tries++;
      b.begin();
      expect(b.error?.code).toBe('busy');
    });
    a.begin().finish();
    expect(a.error).toBeUndefined();
    expect(tries).toBeGreaterThan(10);
    expect(fake.snapshot()).toEqual(oneAfterTheOther(REVIEW_EN).snapshot());
  });

  it('an abandoned insert holds the spreadsheet only until its marker is old; then it gives way', () => {
    const fake = seeded();
    const a = new Sidebar(fake, REVIEW_EN);
    const b = new Sidebar(fake, REVIEW_ZH);
    const t0 = Date.now();
    const now = vi.spyOn(Date, 'now').mockReturnValue(t0);
    a.begin().step();
    expect(a.error).toBeUndefined();
    // A's sidebar was closed. Nine minutes later B is still refused.
    now.mockReturnValue(t0 + MARKER_STALE_MS - 60_000);
    b.begin();
    expect(b.error?.code).toBe('busy');
    // After ten minutes B's insert goes ahead and clears A's marker.
    now.mockReturnValue(t0 + MARKER_STALE_MS + 1);
    b.begin();
    expect(b.error).toBeUndefined();
    expect(markers(fake).map((m) => m.key)).toEqual([`${MARKER_PREFIX}${b.job!.id}`]);
    // A comes back: B is mid-way, so A undoes itself and says so.
    const aSheets = [...a.job!.created];
    a.step();
    expect(a.error?.code).toBe('busy');
    for (const name of aSheets) expect(fake.api.getSheetByName(name)).toBeNull();
    b.finish();
    expect(b.error).toBeUndefined();
    expect(markers(fake)).toEqual([]);
    const bDesc = generateTemplate(b.job!.options, b.job!.context);
    expect(b.outcome!.sheets.map((s) => s.name)).toEqual(bDesc.sheets.map((s) => s.name));
  });

  it('a long insert writes its marker again, so it is not taken for abandoned', () => {
    const fake = seeded();
    const a = new Sidebar(fake, REVIEW_EN);
    const b = new Sidebar(fake, REVIEW_ZH);
    const t0 = Date.now();
    const now = vi.spyOn(Date, 'now').mockReturnValue(t0);
    a.begin();
    // Each call of A comes four minutes after the one before: 40 minutes for ten calls.
    for (let i = 1; i <= 10 && !a.done; i++) {
      now.mockReturnValue(t0 + i * 4 * 60_000);
      a.step();
      expect(a.error).toBeUndefined();
      b.begin();
      expect(a.done ? b.error : b.error?.code).toEqual(a.done ? undefined : 'busy');
      if (!a.done) expect(Number(markers(fake)[0]!.value)).toBe(t0 + i * 4 * 60_000);
    }
  });

  it('the sidebar undoing a failed insert also clears its marker', () => {
    const fake = seeded();
    const a = new Sidebar(fake, REVIEW_EN);
    a.begin().step();
    expect(markers(fake)).toHaveLength(1);
    const before = seeded().snapshot();
    a.rollback();
    expect(a.error).toBeUndefined();
    expect(markers(fake)).toEqual([]);
    expect(fake.snapshot()).toEqual(before);
    expect(new Sidebar(fake, REVIEW_ZH).begin().finish().error).toBeUndefined();
  });
});

describe('Sheets: a name taken while an insert is under way', () => {
  beforeEach(() => setStepBudget(0));
  afterEach(() => setStepBudget(60_000));

  const options = (r: InsertRequest) => r as unknown as TemplateOptions;
  const live = (fake: FakeSpreadsheet): TemplateContext => ({ existingSheets: fake._sheets.map((s) => s._name), existingNames: [...fake._names.values()].map((n) => n.name) });

  it('a workbook name taken between two calls of the insert: it starts again under the next free name', () => {
    const fake = seeded();
    const a = new Sidebar(fake, REVIEW_EN);
    a.begin();
    const first = generateTemplate(options(REVIEW_EN), live(seeded()));
    expect(a.job!.created).toEqual(first.sheets.map((s) => s.name));
    // Another user names a range of their own sheet with the name the insert is about to add.
    const taken = first.names[0]!.name;
    fake.seedName(taken, 'My plan', 'B2:B3');
    a.finish();
    expect(a.error).toBeUndefined();
    expect(a.job!.attempt).toBe(2);
    expect(a.outcome!.names).not.toContain(taken);

    const clean = seeded();
    clean.seedName(taken, 'My plan', 'B2:B3');
    const expected = insertInSheetsFake(REVIEW_EN, { fake: clean });
    expect(expected.error).toBeUndefined();
    expect(fake.snapshot()).toEqual(clean.snapshot());
    expect(fake.snapshot().names[taken]).toBe("'My plan'!$B$2:$B$3");
    const desc = generateTemplate(options(REVIEW_EN), { existingSheets: ['Sheet1', 'My plan'], existingNames: ['Existing', taken] });
    expectComputedAsDescribed(fake.snapshot(), desc);
    expect(markers(fake)).toEqual([]);
  });

  it('a sheet name taken between the read of the names and the insert of the sheet', () => {
    const fake = seeded();
    const a = new Sidebar(fake, REVIEW_EN);
    const target = generateTemplate(options(REVIEW_EN), live(fake)).sheets[0]!.name;
    let added = false;
    fake.beforeCall((_, what) => {
      if (added || what !== 'Spreadsheet.insertSheet') return;
      fake.seedSheet(target, [['their sheet', 7]]);
      added = true;
    });
    a.begin().finish();
    expect(a.error).toBeUndefined();
    expect(a.outcome!.sheets[0]!.name).toBe(`${target} (2)`);
    const clean = seeded();
    clean.seedSheet(target, [['their sheet', 7]]);
    expect(insertInSheetsFake(REVIEW_EN, { fake: clean }).error).toBeUndefined();
    const after = fake.snapshot();
    expect(after).toEqual(clean.snapshot());
    expect(after.sheets.find((s) => s.name === target)!.cells).toEqual({ A1: { v: 'their sheet' }, B1: { v: 7 } });
    const desc = generateTemplate(options(REVIEW_EN), { existingSheets: ['Sheet1', 'My plan', target], existingNames: ['Existing'] });
    expectOwnReferences(after, desc, [target, 'My plan']);
    expectComputedAsDescribed(after, desc);
  });

  it(`a clash on every try: nameTaken after ${NAME_ATTEMPTS} renders, nothing of the insert left`, () => {
    const fake = seeded();
    const before = fake.snapshot();
    const a = new Sidebar(fake, REVIEW_EN);
    const theirs: string[] = [];
    fake.beforeCall((_, what) => {
      if (what !== 'Spreadsheet.insertSheet') return;
      // The name the insert is about to give its first sheet, taken just before.
      const target = generateTemplate(options(REVIEW_EN), live(fake)).sheets[0]!.name;
      fake.seedSheet(target, [[`theirs ${theirs.length + 1}`]]);
      theirs.push(target);
    });
    a.begin();
    expect(a.error?.code).toBe('nameTaken');
    expect(a.error?.rollbackFailed).toBeUndefined();
    expect(theirs).toEqual(['KPI Plan', 'KPI Plan (2)', 'KPI Plan (3)']);
    const after = fake.snapshot();
    expect(after.names).toEqual(before.names);
    expect(after.sheets.map((s) => s.name)).toEqual([...before.sheets.map((s) => s.name), ...theirs]);
    expect(markers(fake)).toEqual([]);
    expect(fake._lockHolder).toBeUndefined();
  });
});
