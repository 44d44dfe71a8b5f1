/**
 * The template side of the Google Sheets add-on: the server functions the sidebar calls through
 * google.script.run. The build bundles this file as the global `KPIKitTemplates` in Templates.js,
 * with top-level stubs (Apps Script runs only top-level functions).
 *
 * Inserting a template takes several calls, each well inside Apps Script's 6-minute limit:
 * kpiInsertBegin validates, generates and starts; kpiInsertStep continues until done. Every call
 * regenerates the same description from the options and the context saved in the job (generation
 * is fast and deterministic), so a job is a small plain object.
 */
import { FUNCTIONS } from '../core/index.js';
import { colNumber } from '../core/templates/a1.js';
import { resolveLocale } from '../core/i18n.js';
import { findPlanTable } from '../core/templates/find-plan.js';
import {
  findRecipe,
  generateReviewFromUserPlan,
  generateTemplate,
  parseTemplateOptions,
  planUpdate,
  sheetsToRead,
  typedFingerprint,
  updateChoiceOf,
  type Recipe,
  type RosterEntry,
  type SheetGrid,
  type ExportActuals,
  type ExportRequest,
  type TemplateContext,
  type TemplateOptions,
  type UpdateChoice,
  type UpdateReport,
  type UserPlanInput,
} from '../core/templates/index.js';
import { RenderError, renderOutcome, type RenderOutcome, type RenderProgress } from '../core/templates/render.js';
import type { Locale } from '../core/types.js';
import type { WorkbookDesc } from '../core/templates/types.js';
import type { HostInfo, InsertFormulaResult, InsertRequest, PlanChoice, TableProposal, UpdateRequest } from '../ui/bridge.js';
import { APP_TEXT } from '../ui/app-text.js';
import { TABLE_READ_COLUMNS, TABLE_READ_ROWS, proposeTable, userPlanInput } from '../ui/proposal.js';
import { isKitPlan } from '../core/templates/find-plan.js';
import { failure, isFailure, readLiveNames, renderSteps, rollback, runStepSafely, type LiveNames, type RenderState, type StepCache } from './render.js';
import { namesAtSwap, passingDesc, passingNames, SwapLeftovers, swapSheets, type ReplaceNames, type SwapInput } from './replace.js';
import { archiveBefore, planMorph, type Morph } from './morph.js';

/** A template insert in progress, as the sidebar holds it between calls (plain JSON). */
export interface TemplateJob {
  /** The validated options. */
  readonly options: TemplateOptions;
  /** The sheet and workbook names that existed when the insert began. */
  readonly context: { readonly existingSheets: string[]; readonly existingNames: string[] };
  /** Index of the next step. */
  readonly next: number;
  /** Number of steps. */
  readonly total: number;
  /** Sheets and workbook names created so far. */
  readonly created: string[];
  readonly names: string[];
  /** Identifies the insert in its in-progress marker (see kpiInsertBegin); '' for none. */
  readonly id?: string;
  /** Renders begun so far: a name taken meanwhile starts the insert again under free names. */
  readonly attempt?: number;
  /** When the in-progress marker was last written (ms since 1970). */
  readonly markedAt?: number;
  /** A review of the user's own table: the table's values as read at the start, and the confirmed mapping. */
  readonly user?: UserPlanInput;
  /** A review's actuals from a system export: the confirmed request and the export's employee column. */
  readonly actuals?: ExportActuals;
  /** An update of a generated sheet set: what it was made from (see kpiUpdateBegin). */
  readonly update?: UpdateJob;
  /** A render that replaces sheets: the passing and holding names chosen when it (re)started. */
  readonly replace?: ReplaceNames;
}

/**
 * An update as its job carries it. The sheets are not carried (a big review's grids would not fit
 * a google.script.run call): every call reads them again and makes the plan again, and checks it
 * is the plan the update began with (the typed cells' fingerprint and the description's hash);
 * anything else is RenderError 'edited' and the update undoes itself.
 */
export interface UpdateJob {
  /** The sheet holding the recipe. */
  readonly sheet: string;
  readonly recipe: Recipe;
  readonly roster: readonly RosterEntry[];
  /** The day the update began (ISO), for the archive's date. */
  readonly today: string;
  /** The plan's fingerprint of the typed cells, and a hash of its description. */
  readonly typed: string;
  readonly hash: string;
  /**
   * The replaced sheets made from copies of the old ones (final names), as decided when the
   * render began: a later call that decides otherwise stops the update ('edited').
   */
  readonly copied?: readonly string[];
}

export interface StepResult {
  readonly job: TemplateJob;
  readonly progress: RenderProgress;
  /** Present once the last step is done. */
  readonly outcome?: RenderOutcome;
  /** An update's report, with its outcome. */
  readonly report?: UpdateReport;
}

/**
 * What a job writes: the description under the names it is written with, and for a render that
 * replaces sheets the swap that ends it (`desc` then holds passing names, `swap.desc` the final).
 */
export interface Made {
  readonly desc: WorkbookDesc;
  readonly swap?: SwapInput;
  readonly report?: UpdateReport;
  /** The job with names chosen for it, where making it chose some. */
  readonly job?: TemplateJob;
  /** Sheets of `desc` made from a copy of the sheet they replace, by name (see morph.ts). */
  readonly morph?: ReadonlyMap<string, Morph>;
  /** Sheets already looked up in this call, by name. */
  readonly handles?: ReadonlyMap<string, GoogleAppsScript.Spreadsheet.Sheet>;
}

/** Renders begun, with names chosen afresh each time, before a name clash is reported. */
export const NAME_ATTEMPTS = 3;
/** How long a call waits for another call's document lock before answering 'busy' (ms). */
export const LOCK_WAIT_MS = 10_000;
/** An in-progress marker not written for this long belongs to an abandoned insert (ms). */
export const MARKER_STALE_MS = 10 * 60_000;
/** A step writes its insert's marker again when it is older than this (ms). */
const MARKER_REFRESH_MS = 2 * 60_000;
/** Developer metadata key of an insert in progress: this prefix, then the insert's id. */
export const MARKER_PREFIX = 'kpikit.insert:';

/** Time one call may spend on steps (ms); Apps Script stops a call after 6 minutes. */
let stepBudgetMs = 60_000;

/** For tests: the time budget of each call, in milliseconds. */
export function setStepBudget(ms: number): void {
  stepBudgetMs = ms;
}

/** Plan sheets are looked for in the first rows and columns of each sheet. */
const PLAN_ROWS = 220;
const PLAN_COLUMNS = 40;

function userLocale(): Locale {
  try {
    const tag = Session.getActiveUserLocale();
    if (typeof tag === 'string' && tag !== '') return resolveLocale(tag);
  } catch {
    // No Session: the spreadsheet's locale.
  }
  try {
    return resolveLocale(SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetLocale());
  } catch {
    return 'en';
  }
}

export function kpiHostInfo(): HostInfo {
  return { host: 'sheets', locale: userLocale(), templates: true };
}

/** Visible sheets holding a plan table, read with one values call per sheet. */
export function kpiPlanChoices(): PlanChoice[] {
  const out: PlanChoice[] = [];
  for (const sheet of SpreadsheetApp.getActiveSpreadsheet().getSheets()) {
    if (sheet.isSheetHidden()) continue;
    const rows = Math.min(PLAN_ROWS, sheet.getLastRow());
    const columns = Math.min(PLAN_COLUMNS, sheet.getLastColumn());
    if (rows < 2 || columns < 1) continue;
    const name = sheet.getName();
    const values = sheet.getRange(1, 1, rows, columns).getDisplayValues();
    const mapping = findPlanTable(name, values);
    if (mapping) out.push({ sheet: name, mapping, kpis: mapping.lastRow - mapping.firstRow + 1, ...(isKitPlan(values, mapping) ? {} : { own: true }) });
  }
  return out;
}

/** Names of the visible sheets, in tab order (for choosing the sheet of a system export). */
export function kpiSheetNames(): string[] {
  return SpreadsheetApp.getActiveSpreadsheet()
    .getSheets()
    .filter((s) => !s.isSheetHidden())
    .map((s) => s.getName());
}

/** A sheet's values from A1 (TABLE_READ_ROWS x TABLE_READ_COLUMNS at most) and as shown, in one read each. */
function sheetValues(sheet: GoogleAppsScript.Spreadsheet.Sheet): { values: unknown[][]; display: string[][] } {
  const range = sheet.getDataRange();
  const rows = Math.min(TABLE_READ_ROWS, range.getNumRows());
  const columns = Math.min(TABLE_READ_COLUMNS, range.getNumColumns());
  const cut = <T>(grid: T[][]) => grid.slice(0, rows).map((r) => r.slice(0, columns));
  const display = cut(range.getDisplayValues());
  // Dates go as shown: a job crosses google.script.run, which carries no Date.
  const values = cut(range.getValues()).map((r, i) => r.map((v, j) => (Object.prototype.toString.call(v) === '[object Date]' ? (display[i]?.[j] ?? '') : v)));
  return { values, display };
}

/** A sheet's table (the active sheet when `name` is absent) as a proposal for the confirm step; the sheet is only read. */
export function kpiReadTable(name?: string | null): TableProposal | null {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const sheet = typeof name === 'string' ? ss.getSheetByName(name) : ss.getActiveSheet();
  if (!sheet) return null;
  const { values, display } = sheetValues(sheet);
  return proposeTable(sheet.getName(), values, userLocale(), display);
}

function descOf(job: TemplateJob): Made {
  if (job.update !== undefined) return updateMade(job);
  const context: TemplateContext = { existingSheets: job.context.existingSheets, existingNames: job.context.existingNames };
  if (job.user !== undefined) return { desc: generateReviewFromUserPlan(job.options, job.user, context, job.actuals).desc };
  return { desc: generateTemplate(job.options, context, job.actuals) };
}

/**
 * What a job carries of a system export: its employee column, rows from A1 to the last data row
 * (the generator takes the review's roster from it), one read of the sheet.
 */
function exportNames(request: ExportRequest, sheet: GoogleAppsScript.Spreadsheet.Sheet): unknown[][] {
  const column = request.mapping?.columns?.employee;
  const values = sheet.getDataRange().getValues();
  if (typeof column !== 'string' || !/^[A-Za-z]{1,3}$/.test(column)) return [];
  const c = colNumber(column) - 1;
  const last = Math.min(values.length, Number(request.mapping.lastRow) || values.length);
  return values.slice(0, last).map((row) => {
    const out = new Array<unknown>(c + 1).fill('');
    const v = row[c];
    out[c] = Object.prototype.toString.call(v) === '[object Date]' ? String(v) : (v ?? '');
    return out;
  });
}

/** True for a failure that a name taken meanwhile caused, after which the render undid itself. */
function nameClash(e: unknown): boolean {
  if (!isFailure(e)) return false;
  try {
    const data = JSON.parse((e as Error).message) as { code?: unknown; rollbackFailed?: unknown };
    return data.code === 'nameTaken' && data.rollbackFailed !== true;
  } catch {
    return false;
  }
}

/**
 * Runs steps of `desc` from job.next while the time budget lasts (at least one step per call).
 * A step that fails undoes the whole insert and throws an Error whose message is JSON
 * { code, detail }. With `regenerate`, a sheet or workbook name taken meanwhile (by another user,
 * between the read of the names and the write) starts the insert again, in the same call, with
 * the names in the spreadsheet now: the description is generated again for them, since its
 * formulas name its sheets (at most NAME_ATTEMPTS renders in all).
 */
export function advanceJob(
  job: TemplateJob,
  desc: WorkbookDesc | Made,
  live?: LiveNames,
  spreadsheet?: GoogleAppsScript.Spreadsheet.Spreadsheet,
  regenerate?: (job: TemplateJob) => WorkbookDesc | Made,
): StepResult {
  let made: Made = 'sheets' in desc ? { desc } : desc;
  if (made.job) job = made.job;
  for (;;) {
    try {
      return runJob(job, made, live, spreadsheet);
    } catch (e) {
      const attempt = job.attempt ?? 1;
      if (!regenerate || attempt >= NAME_ATTEMPTS || !nameClash(e)) throw e;
      try {
        spreadsheet ??= SpreadsheetApp.getActiveSpreadsheet();
        live = readLiveNames(spreadsheet);
      } catch (e2) {
        throw failure(e2);
      }
      job = {
        ...startJob(job.options, live, job.id ?? ''),
        ...(job.user !== undefined ? { user: job.user } : {}),
        ...(job.actuals !== undefined ? { actuals: job.actuals } : {}),
        ...(job.update !== undefined ? { update: job.update } : {}),
        attempt: attempt + 1,
        ...(job.markedAt !== undefined ? { markedAt: job.markedAt } : {}),
      };
      const again = regenerate(job);
      made = 'sheets' in again ? { desc: again } : again;
      if (made.job) job = made.job;
    }
  }
}

/** The steps of a job: the render's, and the swap for a render that replaces sheets. */
function jobSteps(made: Made): string[] {
  return made.swap ? [...renderSteps(made.desc), 'swap'] : renderSteps(made.desc);
}

/**
 * Where an update leaves the user: on the sheet they updated from (its new copy, at its top),
 * not on the archive the update may have made. Its name in the render and its final name.
 */
function landing(job: TemplateJob, made: Made): { render: string; final: string } | undefined {
  const final = job.update?.sheet;
  if (final === undefined || !made.swap) return undefined;
  return { render: made.swap.names.sheets[final] ?? final, final };
}

/** The swap step: on a failure that left things as they were, the render is undone too. */
function runSwap(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, swap: SwapInput, state: RenderState, sheets?: StepCache): void {
  try {
    swapSheets(ss, swap, state, sheets);
  } catch (e) {
    if (e instanceof SwapLeftovers) {
      const err = new Error(JSON.stringify({ code: 'hostError', detail: e.detail, rollbackFailed: true, sheets: e.sheets }));
      err.name = 'RenderFailure';
      throw err;
    }
    let rollbackFailed = typeof e === 'object' && e !== null && (e as { rollbackFailed?: unknown }).rollbackFailed === true;
    try {
      rollback(ss, state);
    } catch {
      rollbackFailed = true;
    }
    throw failure(e, rollbackFailed);
  }
}

function runJob(job: TemplateJob, made: Made, live?: LiveNames, spreadsheet?: GoogleAppsScript.Spreadsheet.Spreadsheet): StepResult {
  const started = Date.now();
  const state: RenderState = { created: [...job.created], names: [...job.names] };
  const desc = made.desc;
  let ss: GoogleAppsScript.Spreadsheet.Spreadsheet | undefined = spreadsheet;
  try {
    ss ??= SpreadsheetApp.getActiveSpreadsheet();
    const steps = jobSteps(made);
    let next = job.next;
    let longest = 0;
    const sheets: StepCache = new Map<string, GoogleAppsScript.Spreadsheet.Sheet>();
    if (made.swap) sheets.before = new Map(Object.entries(made.swap.names.sheets).map(([final, passing]) => [passing, final]));
    if (made.morph) sheets.morph = made.morph;
    const land = landing(job, made);
    if (land !== undefined) sheets.land = land.render;
    // The names the swap sets, on the new sheets under their passing names: the render gets their ranges with the others.
    if (made.swap?.later?.length) sheets.later = passingDesc({ sheets: [], names: [...made.swap.later] }, made.swap.names).names;
    for (const [name, sheet] of made.handles ?? []) sheets.set(name, sheet);
    while (next < steps.length) {
      const t = Date.now();
      if (next > job.next && t - started + longest * 1.5 >= stepBudgetMs) break;
      if (steps[next] === 'swap') runSwap(ss, made.swap!, state, sheets);
      else runStepSafely(ss, desc, steps[next]!, state, next === 0 ? live : undefined, sheets);
      longest = Math.max(longest, Date.now() - t);
      next++;
    }
    const done: TemplateJob = { ...job, next, total: steps.length, created: state.created, names: state.names };
    const progress = { done: next, total: steps.length };
    if (next < steps.length) return { job: done, progress };
    const outcome = renderOutcome(made.swap ? made.swap.desc : desc);
    return { job: done, progress, outcome: land ? { ...outcome, activeSheet: land.final, activeCell: 'A1' } : outcome, ...(made.report ? { report: made.report } : {}) };
  } catch (e) {
    if (isFailure(e)) throw e;
    // A failure outside a step (reaching the spreadsheet): undo what earlier calls created.
    let rollbackFailed = false;
    try {
      rollback(ss ?? SpreadsheetApp.getActiveSpreadsheet(), state);
    } catch {
      rollbackFailed = true;
    }
    throw failure(e, rollbackFailed);
  }
}

/** A new job for options, with the names that exist now. */
export function startJob(options: TemplateOptions, live: LiveNames, id = ''): TemplateJob {
  return {
    options,
    context: { existingSheets: [...live.sheets], existingNames: [...live.names] },
    next: 0,
    total: 0,
    created: [],
    names: [],
    ...(id !== '' ? { id } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// One insert at a time per spreadsheet
//
// Every call that writes holds the document lock (LockService.getDocumentLock(): one execution at
// a time per spreadsheet, for all its users), so no two calls write at once. An insert spans
// several calls, so between them a marker says an insert is in progress: developer metadata on
// the spreadsheet, visible to this script only, keyed by the insert's id and holding when it was
// last written. Another sidebar's insert is refused with 'busy' while the marker is fresh; a
// marker not written for MARKER_STALE_MS is an abandoned insert's and is removed. Neither needs a
// scope beyond spreadsheets.currentonly (LockService needs none; developer metadata is part of
// the spreadsheet).

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** The document lock, or null where there is none (a script outside a document). */
function documentLock(): GoogleAppsScript.Lock.Lock | null {
  if (typeof LockService === 'undefined') return null;
  return LockService.getDocumentLock();
}

/** Runs `fn` holding the document lock; 'busy' when another call holds it for LOCK_WAIT_MS. */
function withDocumentLock<T>(fn: () => T): T {
  let lock: GoogleAppsScript.Lock.Lock | null;
  try {
    lock = documentLock();
    if (lock && !lock.tryLock(LOCK_WAIT_MS)) throw new RenderError('busy', 'the document lock is held by another call');
  } catch (e) {
    throw failure(e);
  }
  try {
    return fn();
  } finally {
    try {
      lock?.releaseLock();
    } catch {
      // Apps Script releases the lock when the execution ends.
    }
  }
}

const newId = (): string => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;

/** The in-progress markers on the spreadsheet: this insert's (by id) and any other. */
function readMarkers(ss: Spreadsheet, id: string): { ours?: GoogleAppsScript.Spreadsheet.DeveloperMetadata; others: GoogleAppsScript.Spreadsheet.DeveloperMetadata[] } {
  const out: { ours?: GoogleAppsScript.Spreadsheet.DeveloperMetadata; others: GoogleAppsScript.Spreadsheet.DeveloperMetadata[] } = { others: [] };
  for (const md of ss.getDeveloperMetadata()) {
    const key = md.getKey();
    if (!key.startsWith(MARKER_PREFIX)) continue;
    if (id !== '' && key === MARKER_PREFIX + id) out.ours = md;
    else out.others.push(md);
  }
  return out;
}

/** 'busy' while another insert's marker is fresh; an abandoned insert's marker is removed. */
function refuseIfBusy(others: readonly GoogleAppsScript.Spreadsheet.DeveloperMetadata[]): void {
  const now = Date.now();
  for (const md of others) {
    const at = Number(md.getValue());
    if (Number.isFinite(at) && now - at < MARKER_STALE_MS) throw new RenderError('busy', 'another insert is in progress');
  }
  for (const md of others) md.remove();
}

function addMarker(ss: Spreadsheet, id: string, at: number): void {
  ss.addDeveloperMetadata(MARKER_PREFIX + id, String(at), SpreadsheetApp.DeveloperMetadataVisibility.PROJECT);
}

/**
 * Runs `fn`, the marker work of a call that may hold part of an insert; when it fails, the insert
 * is undone (its sheets, names and marker) and the failure thrown as JSON.
 */
function undoingOnFailure<T>(ss: Spreadsheet, job: TemplateJob, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (isFailure(e)) throw e;
    let rollbackFailed = false;
    try {
      rollback(ss, { created: [...job.created], names: [...job.names] });
    } catch {
      rollbackFailed = true;
    }
    removeMarkerQuietly(ss, job.id ?? '');
    throw failure(e, rollbackFailed);
  }
}

/** Removes this insert's marker where it can (an abandoned marker expires anyway). */
function removeMarkerQuietly(ss: Spreadsheet, id: string): void {
  if (id === '') return;
  try {
    readMarkers(ss, id).ours?.remove();
  } catch {
    // Expires after MARKER_STALE_MS.
  }
}

/**
 * After steps of a call: a finished insert removes its marker; an unfinished one leaves it (or
 * writes it first, or again when it is getting old) for the next call.
 */
function afterSteps(ss: Spreadsheet, r: StepResult, ours: GoogleAppsScript.Spreadsheet.DeveloperMetadata | undefined): StepResult {
  const job = r.job;
  const id = job.id ?? '';
  if (id === '') return r;
  if (r.outcome) {
    if (ours && job.replace !== undefined) {
      // Sheets replaced cannot be put back: a marker left behind expires by itself.
      try {
        ours.remove();
      } catch {
        removeMarkerQuietly(ss, id);
      }
    } else if (ours) undoingOnFailure(ss, job, () => ours.remove());
    return r;
  }
  const now = Date.now();
  if (!ours) {
    undoingOnFailure(ss, job, () => addMarker(ss, id, now));
    return { ...r, job: { ...job, markedAt: now } };
  }
  if (now - (job.markedAt ?? 0) >= MARKER_REFRESH_MS) {
    undoingOnFailure(ss, job, () => ours.setValue(String(now)));
    return { ...r, job: { ...job, markedAt: now } };
  }
  return r;
}

/**
 * Validates the request (a bad option throws an Error with the localized message), generates the
 * template with free names and starts writing it.
 */
export function kpiInsertBegin(request: InsertRequest): StepResult {
  const { userPlan, actuals: exportRequest, ...options } = request ?? ({} as InsertRequest);
  const locale = userLocale();
  const parsed = parseTemplateOptions(options, locale);
  if (!parsed.ok) throw new Error(parsed.message);
  let user: UserPlanInput | undefined;
  if (userPlan !== undefined && userPlan !== null && parsed.options.kind === 'review') {
    // The user's sheet is read once here; the job carries what was read, the sheet is never written.
    const sheet = typeof userPlan.sheet === 'string' ? SpreadsheetApp.getActiveSpreadsheet().getSheetByName(userPlan.sheet) : null;
    if (!sheet) throw new Error(APP_TEXT[locale].confirmNoSheet.replace('{sheet}', String(userPlan.sheet)));
    user = userPlanInput({ ...userPlan, sheet: sheet.getName() }, sheetValues(sheet).values, locale);
  }
  let actuals: ExportActuals | undefined;
  if (exportRequest !== undefined && exportRequest !== null && (parsed.options.kind === 'review' || parsed.options.kind === 'dashboard')) {
    // The export is read once here (its employees make the roster); it is never written.
    const sheet = typeof exportRequest.sheet === 'string' ? SpreadsheetApp.getActiveSpreadsheet().getSheetByName(exportRequest.sheet) : null;
    if (!sheet) throw new Error(APP_TEXT[locale].confirmNoSheet.replace('{sheet}', String(exportRequest.sheet)));
    actuals = { request: { ...exportRequest, sheet: sheet.getName() }, values: exportNames(exportRequest, sheet) };
  }
  return withDocumentLock(() => {
    let live: LiveNames;
    let ss: Spreadsheet;
    try {
      ss = SpreadsheetApp.getActiveSpreadsheet();
      // Nothing is written while another sidebar's insert is in progress.
      refuseIfBusy(readMarkers(ss, '').others);
      live = readLiveNames(ss);
    } catch (e) {
      throw failure(e);
    }
    const job: TemplateJob = { ...startJob(parsed.options, live, newId()), ...(user !== undefined ? { user } : {}), ...(actuals !== undefined ? { actuals } : {}) };
    // An insert done in this one call needs no marker: the lock covered all of it.
    return afterSteps(ss, advanceJob(job, descOf(job), live, ss, descOf), undefined);
  });
}

/**
 * Continues an insert; the result carries the outcome once it is complete. Where another insert
 * took over the spreadsheet meanwhile (this one's marker had expired), this one is undone: 'busy'.
 */
export function kpiInsertStep(job: TemplateJob): StepResult {
  return withDocumentLock(() => {
    let ss: Spreadsheet;
    try {
      ss = SpreadsheetApp.getActiveSpreadsheet();
    } catch (e) {
      // The spreadsheet is asked for once more, to undo what earlier calls wrote.
      let rollbackFailed = false;
      try {
        const again = SpreadsheetApp.getActiveSpreadsheet();
        rollback(again, { created: [...job.created], names: [...job.names] });
        removeMarkerQuietly(again, job.id ?? '');
      } catch {
        rollbackFailed = true;
      }
      throw failure(e, rollbackFailed);
    }
    const ours = undoingOnFailure(ss, job, () => {
      const markers = readMarkers(ss, job.id ?? '');
      if (job.id !== undefined && job.id !== '') refuseIfBusy(markers.others);
      return markers.ours;
    });
    const made = undoingOnFailure(ss, job, () => descOf(job));
    let r: StepResult;
    try {
      r = advanceJob(job, made, undefined, ss, descOf);
    } catch (e) {
      // The insert undid itself: its marker goes too.
      removeMarkerQuietly(ss, job.id ?? '');
      throw e;
    }
    return afterSteps(ss, r, ours);
  });
}

/** Removes the sheets, names and in-progress marker of an insert (after a failed call). */
export function kpiInsertRollback(job: TemplateJob): void {
  withDocumentLock(() => {
    const state: RenderState = { created: [...job.created], names: [...job.names] };
    let ss: Spreadsheet;
    try {
      ss = SpreadsheetApp.getActiveSpreadsheet();
      rollback(ss, state);
    } catch (e) {
      throw failure(e, true);
    }
    removeMarkerQuietly(ss, job.id ?? '');
  });
}

// ---------------------------------------------------------------------------------------------
// Updating a generated sheet set
//
// The sidebar asks for the set the active sheet belongs to (kpiUpdateChoice), then starts the
// update (kpiUpdateBegin) and continues it with kpiInsertStep / kpiInsertRollback like an insert.
// Every call reads the sheets and makes the same plan from them (core planUpdate), makes the new
// sheets under passing names (copies of the old ones with rows inserted or deleted inside their
// tables where they can be, see morph.ts; else written from nothing), and the last step swaps
// them in under the document lock after reading the typed cells again (see replace.ts).

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

const DAY_MS = 86_400_000;

/** A cell as read, as a job can carry it: a date becomes its serial number in the spreadsheet's time zone. */
function plainCell(v: unknown, zone: string | null): unknown {
  if (Object.prototype.toString.call(v) !== '[object Date]') return v;
  const d = v as Date;
  if (zone !== null && typeof Utilities !== 'undefined') {
    try {
      return Date.parse(Utilities.formatDate(d, zone, "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")) / DAY_MS + 25569;
    } catch {
      // The script's own offset below.
    }
  }
  return (d.getTime() - d.getTimezoneOffset() * 60_000) / DAY_MS + 25569;
}

/** One sheet's grid from A1 to its last cell: one getValues and one getFormulas. */
function gridOf(sheet: Sheet, name: string, zone: () => string | null, read0?: { range: GoogleAppsScript.Spreadsheet.Range; values?: unknown[][] }, formulas = true): SheetGrid {
  const range = read0?.range ?? sheet.getDataRange();
  const read = read0?.values ?? range.getValues();
  const hasDate = read.some((row) => row.some((v) => Object.prototype.toString.call(v) === '[object Date]'));
  const z = hasDate ? zone() : null;
  // Formulas are read where the update looks for computed cells typed over (the sheets it rewrites).
  return { name, values: hasDate ? read.map((row) => row.map((v) => plainCell(v, z))) : read, formulas: formulas ? range.getFormulas() : [] };
}

/** The spreadsheet's time zone, asked once. */
function zoneOf(ss: Spreadsheet): () => string | null {
  let zone: string | null | undefined;
  return () => {
    if (zone === undefined) {
      try {
        zone = ss.getSpreadsheetTimeZone();
      } catch {
        zone = null;
      }
    }
    return zone;
  };
}

/**
 * Grids of the named sheets that exist (looked-up sheets go into `handles`). With `known`, the
 * spreadsheet's sheets by lower-case name as listed in this call: a sheet not among them is not read.
 */
function readGrids(
  ss: Spreadsheet,
  names: readonly string[],
  handles?: Map<string, Sheet>,
  zone = zoneOf(ss),
  known?: ReadonlyMap<string, Sheet>,
  /** Sheets (lower case) read without their formulas; every sheet when true. */
  valuesOnly: ReadonlySet<string> | true = new Set(),
  /** The data ranges read, by lower-case sheet name: a range there is read again as it is, one put there when read. */
  ranges?: Map<string, GoogleAppsScript.Spreadsheet.Range>,
): SheetGrid[] {
  const out: SheetGrid[] = [];
  for (const name of names) {
    const sheet = handles?.get(name) ?? (known ? (known.get(name.toLowerCase()) ?? null) : ss.getSheetByName(name));
    if (!sheet) continue;
    handles?.set(name, sheet);
    const range = ranges?.get(name.toLowerCase()) ?? sheet.getDataRange();
    ranges?.set(name.toLowerCase(), range);
    out.push(gridOf(sheet, name, zone, { range }, !(valuesOnly === true || valuesOnly.has(name.toLowerCase()))));
  }
  return out;
}

/** Sheets of a set whose formulas the update never looks at: the plan a review reads, an archive. */
function readOnlySheets(recipe: Recipe): Set<string> {
  const out = [recipe.sheets.archive, 'plan' in recipe ? recipe.plan.sheet : undefined];
  return new Set(out.filter((n): n is string => n !== undefined).map((n) => n.toLowerCase()));
}

/** The recipe on a sheet (row 1) and the sheet's grid, read once; null when the sheet was not generated. */
function recipeOn(ss: Spreadsheet, sheet: Sheet, known?: string): { name: string; recipe: Recipe; grid: SheetGrid; range: GoogleAppsScript.Spreadsheet.Range } | null {
  const name = known ?? sheet.getName();
  const range = sheet.getDataRange();
  const values = range.getValues();
  const recipe = findRecipe(values[0] ?? []);
  if (!recipe) return null;
  // The recipe names the sheet as it was made; it may have been renamed since.
  const here: Recipe = recipe.sheets.review === name ? recipe : { ...recipe, sheets: { ...recipe.sheets, review: name } };
  return { name, recipe: here, grid: gridOf(sheet, name, zoneOf(ss), { range, values }), range };
}

/** The set's grids: the recipe sheet's as read, the others read now. */
function setGrids(
  ss: Spreadsheet,
  found: { name: string; recipe: Recipe; grid: SheetGrid; range?: GoogleAppsScript.Spreadsheet.Range },
  known?: ReadonlyMap<string, Sheet>,
  ranges?: Map<string, GoogleAppsScript.Spreadsheet.Range>,
): SheetGrid[] {
  if (found.range) ranges?.set(found.name.toLowerCase(), found.range);
  const others = sheetsToRead(found.recipe).filter((n) => n.toLowerCase() !== found.name.toLowerCase());
  return [found.grid, ...readGrids(ss, others, undefined, zoneOf(ss), known, readOnlySheets(found.recipe), ranges)];
}

/**
 * The sheets the typed cells' fingerprint reads: for a review, the sheets the update rewrites
 * (the plan and the archive hold nothing typed that the update keeps).
 */
function typedSheets(recipe: Recipe): string[] {
  if (!('plan' in recipe)) return sheetsToRead(recipe);
  const skip = new Set([recipe.plan.sheet, recipe.sheets.archive].filter((n): n is string => n !== undefined).map((n) => n.toLowerCase()));
  return sheetsToRead(recipe).filter((n) => !skip.has(n.toLowerCase()));
}

/**
 * The spreadsheet's sheet names, read with one getSheets and one getName each, and the sheets by
 * lower-case name. The update does not read the workbook names: the ones pointing into the sheets
 * it replaces are found on those sheets at the swap (see replace.ts).
 */
function liveSheets(ss: Spreadsheet): { live: LiveNames; known: Map<string, Sheet> } {
  const known = new Map<string, Sheet>();
  const sheets: string[] = [];
  for (const sheet of ss.getSheets()) {
    const name = sheet.getName();
    sheets.push(name);
    known.set(name.toLowerCase(), sheet);
  }
  return { live: { sheets, names: [] }, known };
}

/**
 * The generated sheet set the active sheet holds the recipe of, with its roster; null when the
 * active sheet was not made by the add-in. Each sheet of the set is read with one getValues and
 * one getFormulas; nothing is written.
 */
export function kpiUpdateChoice(): UpdateChoice | null {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const active = ss.getActiveSheet();
  const found = recipeOn(ss, active) ?? recipeNaming(ss, active);
  if (!found) return null;
  return updateChoiceOf(found.name, found.recipe, setGrids(ss, found));
}

/**
 * The recipe of the set a sheet without one belongs to (a bonus or dashboard sheet): the sheet
 * whose row 1 holds a recipe naming it. Row 1 of each other sheet is read once.
 */
function recipeNaming(ss: Spreadsheet, sheet: Sheet): { name: string; recipe: Recipe; grid: SheetGrid } | null {
  const name = sheet.getName().toLowerCase();
  for (const other of ss.getSheets()) {
    const columns = other.getLastColumn();
    if (columns < 1) continue;
    const recipe = findRecipe(other.getRange(1, 1, 1, columns).getValues()[0] ?? []);
    if (recipe && Object.values(recipe.sheets).some((n) => n.toLowerCase() === name)) return recipeOn(ss, other);
  }
  return null;
}

/** A hash of what a description writes (sheets, cells, formats, names), to tell two plans apart. */
export function descHash(desc: WorkbookDesc): string {
  let a = 0x811c9dc5;
  let b = 0x12345678;
  const feed = (t: string) => {
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      a = Math.imul(a ^ c, 16777619);
      b = Math.imul(b ^ c, 2246822519) ^ (b >>> 13);
    }
    a = Math.imul(a ^ 1, 16777619);
  };
  for (const sh of desc.sheets) {
    feed(sh.name);
    for (const bl of sh.blocks) {
      feed(bl.at);
      for (const row of bl.cells) for (const c of row) feed('f' in c ? `=${c.f}` : `${typeof c.v}:${String(c.v)}`);
    }
    for (const f of sh.formats) feed(`${f.range}:${f.numFmt}`);
    for (const g of sh.formatGrids ?? []) feed(`${g.at}:${g.numFmts.map((r) => r.join(',')).join(';')}`);
  }
  for (const n of desc.names) feed(`${n.name}=${n.ref}`);
  return `${(a >>> 0).toString(36)}${(b >>> 0).toString(36)}`;
}

/** The update's plan from the sheets as they are now. */
function planNow(ss: Spreadsheet, job: TemplateJob, u: Pick<UpdateJob, 'sheet' | 'recipe' | 'roster' | 'today'>) {
  const sheet = ss.getSheetByName(u.sheet);
  if (!sheet) throw new RenderError('sheetGone', u.sheet);
  const found = recipeOn(ss, sheet);
  if (!found) throw new RenderError('edited', `${u.sheet} holds no recipe`);
  const grids = setGrids(ss, found);
  const context = { existingSheets: [...job.context.existingSheets], existingNames: [...job.context.existingNames], today: u.today };
  const plan = planUpdate(found.recipe, grids, u.roster, context);
  if (!plan.ok) throw new PlanRefused(plan.message[job.options.lang] ?? plan.message.en);
  return { plan, recipe: found.recipe, found: found.name, grids, context };
}

type OkPlan = Extract<ReturnType<typeof planUpdate>, { ok: true }>;
/** What the old sheets are made of: the set as its recipe makes it for the roster it has now. */
interface SetNow {
  readonly recipe: Recipe;
  readonly found: string;
  readonly grids: readonly SheetGrid[];
  readonly context: { existingSheets: string[]; existingNames: string[]; today: string };
  /** The sheets as listed in this call, by lower-case name (kpiUpdateBegin). */
  readonly known?: ReadonlyMap<string, Sheet>;
  /** The sheets' data ranges as read in this call, by lower-case name: read again before the swap. */
  readonly ranges?: Map<string, GoogleAppsScript.Spreadsheet.Range>;
}

/**
 * The replaced sheets that can be made from a copy of the old sheet (by passing name): planned
 * again for the roster as it stands, the set is the old sheets' layout, which the copy holds.
 * Where the plan has lines since or a sheet does not hold its formulas where its layout says,
 * nothing is copied.
 */
function morphsOf(plan: OkPlan, now: SetNow, names: ReplaceNames): Map<string, Morph> {
  const out = new Map<string, Morph>();
  const roster = updateChoiceOf(now.found, now.recipe, now.grids).roster;
  const old = planUpdate(now.recipe, now.grids, roster, now.context);
  if (!old.ok || old.report.kpisAdded > 0) return out;
  for (const name of plan.replace) {
    const passing = names.sheets[name];
    const next = plan.desc.sheets.find((s) => s.name === name);
    const grid = now.grids.find((g) => g.name === name);
    // An archive is not part of the set as planned again: what it was comes from its rows.
    const before = old.desc.sheets.find((s) => s.name === name) ?? (next?.key === 'archive' && grid ? archiveBefore(next, grid) : undefined);
    if (passing === undefined || !next || !before || !grid) continue;
    const made = planMorph(before, next, grid, plan.desc.names, plan.replace);
    if (made) out.set(passing, { from: name, ...made });
  }
  return out;
}

/** The plan of an update job, under passing names, with the swap that ends it. */
function updateMade(job: TemplateJob): Made {
  const u = job.update!;
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const { plan, ...now } = planNow(ss, job, u);
  if (plan.typed !== u.typed || descHash(plan.desc) !== u.hash) throw new RenderError('edited', 'the sheets changed since the update began');
  return updateMadeFrom(job, plan, now);
}

function updateMadeFrom(job: TemplateJob, plan: OkPlan, now: SetNow): Made {
  const u = job.update!;
  const names = job.replace ?? passingNames(plan.desc, plan.replace, { sheets: job.context.existingSheets, names: job.context.existingNames });
  const typed = plan.typed;
  const later = namesAtSwap(plan.desc, plan.replace, names);
  const swap: SwapInput = {
    desc: plan.desc,
    replace: plan.replace,
    names,
    later,
    verify(ss, handles) {
      // The fingerprint reads values only.
      // A review's data range reaches every typed cell (each table row holds formulas, the recipe
      // the last column): the range read at the start is read again. Another set's is looked up again.
      const read = readGrids(ss, typedSheets(u.recipe), handles, zoneOf(ss), now.known, true, 'plan' in u.recipe ? now.ranges : undefined);
      if (typedFingerprint(u.recipe, read) !== typed) throw new RenderError('edited', 'a typed cell changed since the update began');
    },
  };
  const morph = morphsOf(plan, now, names);
  const copied = [...morph.values()].map((m) => m.from).sort();
  if (job.replace && job.update?.copied !== undefined && JSON.stringify(job.update.copied) !== JSON.stringify(copied)) {
    throw new RenderError('edited', 'the old sheets changed since the update began');
  }
  // The sheets listed in this call, under their names, for the steps that follow in it.
  const handles = new Map<string, Sheet>();
  for (const name of now.context.existingSheets) {
    const sheet = now.known?.get(name.toLowerCase());
    if (sheet) handles.set(name, sheet);
  }
  return {
    ...(handles.size > 0 ? { handles } : {}),
    desc: passingDesc(plan.desc, names, later),
    swap,
    report: plan.report,
    ...(morph.size > 0 ? { morph } : {}),
    ...(job.replace ? {} : { job: { ...job, replace: names, update: { ...job.update!, copied } } }),
  };
}

/** The core refused the update (a blank or repeated name): the message is localized. */
class PlanRefused extends Error {}

function rosterOf(x: unknown): RosterEntry[] | null {
  if (!Array.isArray(x)) return null;
  const out: RosterEntry[] = [];
  for (const e of x) {
    if (typeof e !== 'object' || e === null || typeof (e as RosterEntry).name !== 'string') return null;
    const d = (e as RosterEntry).department;
    out.push({ name: (e as RosterEntry).name, department: typeof d === 'string' ? d : null });
  }
  return out;
}

/**
 * Starts updating the set whose recipe `request.sheet` holds to a new roster; continue with
 * kpiInsertStep (and kpiInsertRollback after a failed call) as for an insert. The result carries
 * the report with the outcome. A roster the core refuses throws an Error with its localized
 * message, writing nothing.
 */
export function kpiUpdateBegin(request: UpdateRequest): StepResult {
  const locale = userLocale();
  const roster = rosterOf(request?.roster);
  if (typeof request?.sheet !== 'string' || roster === null) throw new Error(JSON.stringify({ code: 'badDescription', detail: 'not an update request' }));
  return withDocumentLock(() => {
    let ss: Spreadsheet;
    let live: LiveNames;
    let job: TemplateJob;
    let made: Made;
    try {
      ss = SpreadsheetApp.getActiveSpreadsheet();
      refuseIfBusy(readMarkers(ss, '').others);
      const listed = liveSheets(ss);
      live = listed.live;
      const known = listed.known;
      const sheet = known.get(request.sheet.toLowerCase());
      if (!sheet) throw new RenderError('sheetGone', request.sheet);
      const found = recipeOn(ss, sheet, live.sheets.find((n) => n.toLowerCase() === request.sheet.toLowerCase()));
      if (!found) throw new RenderError('sheetGone', `${request.sheet} holds no recipe`);
      const r = found.recipe;
      const start = startJob({ kind: r.kind, lang: locale, period: r.period, sample: false }, live, newId());
      const today = new Date().toISOString().slice(0, 10);
      const ranges = new Map<string, GoogleAppsScript.Spreadsheet.Range>();
      const grids = setGrids(ss, found, known, ranges);
      const context = { existingSheets: [...live.sheets], existingNames: [...live.names], today };
      const plan = planUpdate(r, grids, roster, context);
      if (!plan.ok) throw new PlanRefused(plan.message[locale] ?? plan.message.en);
      const update: UpdateJob = { sheet: found.name, recipe: r, roster, today, typed: plan.typed, hash: descHash(plan.desc) };
      job = { ...start, update };
      made = updateMadeFrom(job, plan, { recipe: r, found: found.name, grids, context, known, ranges });
    } catch (e) {
      // A roster the core refuses: its own words, as for a bad option (nothing was written).
      if (e instanceof PlanRefused) throw new Error(e.message);
      throw failure(e);
    }
    // An update done in this one call needs no marker: the lock covered all of it.
    return afterSteps(ss, advanceJob(job, made, live, ss, descOf), undefined);
  });
}

const KNOWN = new Set(FUNCTIONS.map((f) => f.name));

/** Writes one of the add-on's formulas into the active cell; an occupied cell only with overwrite. */
export function kpiInsertFormula(formula: string, overwrite: boolean): InsertFormulaResult {
  const name = typeof formula === 'string' ? /^=([A-Z0-9_]+)\(/.exec(formula.trim())?.[1] : undefined;
  if (typeof formula !== 'string' || name === undefined || !KNOWN.has(name)) {
    throw new Error(`Not a KPI Kit formula: ${String(formula)}`);
  }
  const cell = SpreadsheetApp.getActiveSpreadsheet().getActiveSheet().getActiveCell();
  const address = cell.getA1Notation();
  if (overwrite !== true) {
    const current = cell.getFormula() || cell.getDisplayValue();
    if (current !== '') return { status: 'occupied', address, current };
  }
  cell.setFormula(formula.trim());
  return { status: 'inserted', address };
}
