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
import { resolveLocale } from '../core/i18n.js';
import { findPlanTable } from '../core/templates/find-plan.js';
import { generateTemplate, parseTemplateOptions, type TemplateContext, type TemplateOptions } from '../core/templates/index.js';
import { renderOutcome, type RenderOutcome, type RenderProgress } from '../core/templates/render.js';
import type { Locale } from '../core/types.js';
import type { WorkbookDesc } from '../core/templates/types.js';
import type { HostInfo, InsertFormulaResult, InsertRequest, PlanChoice } from '../ui/bridge.js';
import { failure, isFailure, readLiveNames, renderSteps, rollback, runStepSafely, type LiveNames, type RenderState } from './render.js';

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
}

export interface StepResult {
  readonly job: TemplateJob;
  readonly progress: RenderProgress;
  /** Present once the last step is done. */
  readonly outcome?: RenderOutcome;
}

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
    const mapping = findPlanTable(name, sheet.getRange(1, 1, rows, columns).getDisplayValues());
    if (mapping) out.push({ sheet: name, mapping, kpis: mapping.lastRow - mapping.firstRow + 1 });
  }
  return out;
}

function descOf(job: TemplateJob) {
  const context: TemplateContext = { existingSheets: job.context.existingSheets, existingNames: job.context.existingNames };
  return generateTemplate(job.options, context);
}

/**
 * Runs steps of `desc` from job.next while the time budget lasts (at least one step per call).
 * A step that fails undoes the whole insert and throws an Error whose message is JSON
 * { code, detail }.
 */
export function advanceJob(job: TemplateJob, desc: WorkbookDesc, live?: LiveNames, spreadsheet?: GoogleAppsScript.Spreadsheet.Spreadsheet): StepResult {
  const started = Date.now();
  const state: RenderState = { created: [...job.created], names: [...job.names] };
  let ss: GoogleAppsScript.Spreadsheet.Spreadsheet | undefined = spreadsheet;
  try {
    ss ??= SpreadsheetApp.getActiveSpreadsheet();
    const steps = renderSteps(desc);
    let next = job.next;
    let longest = 0;
    const sheets = new Map<string, GoogleAppsScript.Spreadsheet.Sheet>();
    while (next < steps.length) {
      const t = Date.now();
      if (next > job.next && t - started + longest * 1.5 >= stepBudgetMs) break;
      runStepSafely(ss, desc, steps[next]!, state, next === 0 ? live : undefined, sheets);
      longest = Math.max(longest, Date.now() - t);
      next++;
    }
    const done: TemplateJob = { ...job, next, total: steps.length, created: state.created, names: state.names };
    const progress = { done: next, total: steps.length };
    return next >= steps.length ? { job: done, progress, outcome: renderOutcome(desc) } : { job: done, progress };
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
export function startJob(options: TemplateOptions, live: LiveNames): TemplateJob {
  return {
    options,
    context: { existingSheets: [...live.sheets], existingNames: [...live.names] },
    next: 0,
    total: 0,
    created: [],
    names: [],
  };
}

/**
 * Validates the request (a bad option throws an Error with the localized message), generates the
 * template with free names and starts writing it.
 */
export function kpiInsertBegin(request: InsertRequest): StepResult {
  const parsed = parseTemplateOptions(request, userLocale());
  if (!parsed.ok) throw new Error(parsed.message);
  let live: LiveNames;
  let ss: GoogleAppsScript.Spreadsheet.Spreadsheet;
  try {
    ss = SpreadsheetApp.getActiveSpreadsheet();
    live = readLiveNames(ss);
  } catch (e) {
    throw failure(e);
  }
  const job = startJob(parsed.options, live);
  return advanceJob(job, descOf(job), live, ss);
}

/** Continues an insert; the result carries the outcome once it is complete. */
export function kpiInsertStep(job: TemplateJob): StepResult {
  return advanceJob(job, descOf(job));
}

/** Removes the sheets and names an insert created (after a failed call). */
export function kpiInsertRollback(job: TemplateJob): void {
  const state: RenderState = { created: [...job.created], names: [...job.names] };
  try {
    rollback(SpreadsheetApp.getActiveSpreadsheet(), state);
  } catch (e) {
    throw failure(e, true);
  }
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
