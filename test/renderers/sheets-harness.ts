/**
 * Drives the Sheets add-on against the in-memory spreadsheet of test/fakes/sheets.ts:
 * `renderInSheetsFake` through the same server functions the sidebar calls (begin, then steps
 * until done, each one round trip), `renderDescInSheetsFake` through the render steps on a given
 * description. Both run the same step code.
 */
import type { RenderOutcome } from '../../core/templates/render.js';
import { renderOutcome } from '../../core/templates/render.js';
import type { WorkbookDesc } from '../../core/templates/index.js';
import { readLiveNames, renderDesc, type RenderState } from '../../gsheets-addon/render.js';
import { advanceJob, kpiInsertBegin, kpiInsertRollback, kpiInsertStep, setStepBudget, startJob, type StepResult, type TemplateJob } from '../../gsheets-addon/templates.js';
import type { InsertRequest } from '../../ui/bridge.js';
import { FakeSpreadsheet, fakeGlobals, installGlobals } from '../fakes/sheets.js';
import type { WorkbookSnapshot } from './snapshot.js';

export interface SheetsRun {
  readonly snapshot: WorkbookSnapshot;
  /** Service calls of the render (set-up not counted). */
  readonly serviceCalls: number;
  /** Of those, calls on builder objects (validation, conditional format and chart builders). */
  readonly builderCalls: number;
  /** google.script.run calls. */
  readonly roundTrips: number;
  readonly fake: FakeSpreadsheet;
  readonly outcome: RenderOutcome;
  /** Milliseconds of the render (the snapshot taken afterwards not counted). */
  readonly ms: number;
  /** Of those, time inside the fake's service calls: what Sheets would do. */
  readonly hostMs: number;
}

export interface SheetsRunOptions {
  /** Set-up of the spreadsheet before the render (pre-existing sheets, names). */
  readonly existing?: (fake: FakeSpreadsheet) => void;
  /** Time budget of each server call (ms). */
  readonly stepBudgetMs?: number;
  /** The fake to use (a test may keep one across runs). */
  readonly fake?: FakeSpreadsheet;
}

/** Counts from now on: `done` gives the run's figures, the snapshot taken after the time is read. */
function meter(fake: FakeSpreadsheet): { done: (roundTrips: number, outcome: RenderOutcome) => SheetsRun } {
  const start = fake.calls;
  const startBuilders = fake.book.builderCalls;
  const host0 = fake.book.hostMs;
  const t0 = performance.now();
  return {
    done(roundTrips, outcome) {
      const ms = performance.now() - t0;
      const hostMs = fake.book.hostMs - host0;
      return {
        snapshot: fake.snapshot(),
        ms,
        hostMs,
        serviceCalls: fake.calls - start,
        builderCalls: fake.book.builderCalls - startBuilders,
        roundTrips,
        fake,
        outcome,
      };
    },
  };
}

/** Runs `fn` with Apps Script's globals over `fake`. */
export function withFakeGlobals<T>(fake: FakeSpreadsheet, fn: () => T, locale = 'en'): T {
  const restore = installGlobals(fakeGlobals(fake, { locale }));
  try {
    return fn();
  } finally {
    restore();
  }
}

/**
 * Inserts a template the way the sidebar does: kpiInsertBegin with the request, then kpiInsertStep
 * until the outcome arrives; on a failed call, kpiInsertRollback with the last job. Every argument
 * and result goes through JSON, as google.script.run passes them.
 */
export function insertInSheetsFake(
  request: InsertRequest,
  opts: SheetsRunOptions = {},
): { run?: SheetsRun; error?: Error; roundTrips: number; fake: FakeSpreadsheet } {
  const fake = opts.fake ?? new FakeSpreadsheet();
  opts.existing?.(fake);
  const run = meter(fake);
  let roundTrips = 0;
  const call = <T>(fn: () => T): T => {
    roundTrips++;
    return JSON.parse(JSON.stringify(withFakeGlobals(fake, fn) ?? null)) as T;
  };
  setStepBudget(opts.stepBudgetMs ?? 60_000);
  let job: TemplateJob | undefined;
  try {
    let r: StepResult = call(() => kpiInsertBegin(request));
    job = r.job;
    let guard = 0;
    while (!r.outcome) {
      if (++guard > 1000) throw new Error('the insert does not finish');
      const j: TemplateJob = r.job;
      r = call(() => kpiInsertStep(j));
      job = r.job;
    }
    return {
      fake,
      roundTrips,
      run: run.done(roundTrips, r.outcome),
    };
  } catch (e) {
    if (job) {
      const j = job;
      try {
        call(() => kpiInsertRollback(j));
      } catch {
        // Reported through the snapshot.
      }
    }
    return { fake, roundTrips, error: e as Error };
  } finally {
    setStepBudget(60_000);
  }
}

/**
 * Writes a description through the sidebar's call sequence: a first call that reads the names in
 * the spreadsheet and starts, then step calls until the outcome arrives, each a round trip with
 * its own time budget; the jobs go through JSON as google.script.run passes them. On a failure the
 * sidebar's rollback call follows and the error is thrown.
 */
export async function renderInSheetsFake(desc: WorkbookDesc, opts: SheetsRunOptions = {}): Promise<SheetsRun> {
  const fake = opts.fake ?? new FakeSpreadsheet();
  opts.existing?.(fake);
  const run = meter(fake);
  let roundTrips = 0;
  const call = <T>(fn: () => T): T => {
    roundTrips++;
    return JSON.parse(JSON.stringify(withFakeGlobals(fake, fn) ?? null)) as T;
  };
  setStepBudget(opts.stepBudgetMs ?? 60_000);
  let job: TemplateJob | undefined;
  try {
    let r: StepResult = call(() => {
      const live = readLiveNames(SpreadsheetApp.getActiveSpreadsheet());
      return advanceJob(startJob({ kind: 'plan', lang: 'en', period: '', sample: false }, live), desc, live);
    });
    job = r.job;
    for (let guard = 0; !r.outcome; guard++) {
      if (guard > 1000) throw new Error('the render does not finish');
      const j: TemplateJob = r.job;
      r = call(() => advanceJob(j, desc));
      job = r.job;
    }
    return run.done(roundTrips, r.outcome);
  } catch (e) {
    if (job) {
      const j = job;
      try {
        call(() => kpiInsertRollback(j));
      } catch {
        // The snapshot shows what is left.
      }
    }
    throw e;
  } finally {
    setStepBudget(60_000);
  }
}

/** Writes a description with the render steps directly (one round trip). */
export async function renderDescInSheetsFake(desc: WorkbookDesc, opts: SheetsRunOptions = {}): Promise<SheetsRun> {
  const fake = opts.fake ?? new FakeSpreadsheet();
  opts.existing?.(fake);
  const run = meter(fake);
  const state: RenderState = { created: [], names: [] };
  withFakeGlobals(fake, () => renderDesc(fake.api, desc, state));
  return run.done(1, renderOutcome(desc));
}
