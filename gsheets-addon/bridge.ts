/**
 * The sidebar's side of the Bridge: each call is a google.script.run call to a server function of
 * the add-on (gsheets-addon/templates.ts). A template is written in steps, one server execution
 * each, so no step meets Apps Script's time limit and the progress bar moves between them.
 */
import { RENDER_ERROR_CODES, RenderError, type RenderErrorCode, type RenderOutcome, type RenderProgress } from '../core/templates/render.js';
import type { Bridge, HostInfo, InsertFormulaResult, InsertRequest, PlanChoice, TableProposal, UpdateChoice, UpdateReport, UpdateRequest } from '../ui/bridge.js';
import { OptionError } from '../ui/messages.js';

interface StepResult {
  readonly job: unknown;
  readonly progress: RenderProgress;
  readonly outcome?: RenderOutcome;
  readonly report?: UpdateReport;
}

/** The server functions the sidebar calls. */
interface ServerFunctions {
  kpiHostInfo(): HostInfo;
  kpiPlanChoices(): PlanChoice[];
  kpiReadTable(sheet: string | null): TableProposal | null;
  kpiInsertBegin(request: InsertRequest): StepResult;
  kpiInsertStep(job: unknown): StepResult;
  kpiInsertRollback(job: unknown): void;
  kpiInsertFormula(formula: string, overwrite: boolean): InsertFormulaResult;
  kpiSheetNames(): string[];
  kpiUpdateChoice(): UpdateChoice | null;
  kpiUpdateBegin(request: UpdateRequest): StepResult;
}

type Runner = {
  withSuccessHandler(handler: (value: unknown) => void): Runner;
  withFailureHandler(handler: (error: unknown) => void): Runner;
} & { [K in keyof ServerFunctions]: (...args: Parameters<ServerFunctions[K]>) => void };

declare const google: { script: { run: Runner } };

function call<K extends keyof ServerFunctions>(name: K, ...args: Parameters<ServerFunctions[K]>): Promise<ReturnType<ServerFunctions[K]>> {
  return new Promise((resolve, reject) => {
    const run = google.script.run
      .withSuccessHandler((value) => resolve(value as ReturnType<ServerFunctions[K]>))
      .withFailureHandler((error) => reject(error instanceof Error ? error : new Error(String(error))));
    (run[name] as (...a: unknown[]) => void)(...args);
  });
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A server failure as a RenderError when it carries the JSON {"code", "detail"}, else undefined. */
export function renderErrorFrom(e: unknown): RenderError | undefined {
  const text = messageOf(e);
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return undefined;
  try {
    const data = JSON.parse(text.slice(start, end + 1)) as { code?: unknown; detail?: unknown; rollbackFailed?: unknown; sheets?: unknown };
    if (typeof data.code !== 'string') return undefined;
    const code = (RENDER_ERROR_CODES as readonly string[]).includes(data.code) ? (data.code as RenderErrorCode) : 'hostError';
    const err = new RenderError(code, typeof data.detail === 'string' ? data.detail : '', data.rollbackFailed === true);
    if (Array.isArray(data.sheets)) Object.assign(err, { sheets: data.sheets.filter((s) => typeof s === 'string') });
    return err;
  } catch {
    return undefined;
  }
}

export function sheetsBridge(): Bridge {
  return {
    info: () => call('kpiHostInfo'),
    plans: () => call('kpiPlanChoices'),
    readTable: (sheet) => call('kpiReadTable', sheet ?? null),
    sheets: () => call('kpiSheetNames'),
    async insertTemplate(request, onProgress) {
      return (await runSteps(() => call('kpiInsertBegin', request), onProgress)).outcome!;
    },
    updateChoice: () => call('kpiUpdateChoice'),
    async update(request, onProgress) {
      const step = await runSteps(() => call('kpiUpdateBegin', request), onProgress);
      return { report: step.report!, outcome: step.outcome! };
    },
    insertFormula: (formula, overwrite) => call('kpiInsertFormula', formula, overwrite),
  };
}

/**
 * Begins a render (an insert or an update) and continues it with kpiInsertStep until the outcome
 * arrives; after a call that failed on its way (not a coded failure, which undid itself), the
 * rollback call removes what earlier calls wrote.
 */
async function runSteps(begin: () => Promise<StepResult>, onProgress: (p: RenderProgress) => void): Promise<StepResult> {
  let step: StepResult;
  try {
    step = await begin();
  } catch (e) {
    // Begin writes nothing: a failure is either a render code or the localized option message.
    throw renderErrorFrom(e) ?? new OptionError(messageOf(e).replace(/^(Error|Exception):\s*/, ''));
  }
  onProgress(step.progress);
  while (!step.outcome) {
    const job = step.job;
    try {
      step = await call('kpiInsertStep', job);
    } catch (e) {
      const coded = renderErrorFrom(e);
      if (coded) {
        // The step rolled itself back; where that failed too, name the sheets made so far.
        const created = (job as { created?: unknown }).created;
        if (coded.rollbackFailed && !('sheets' in coded) && Array.isArray(created)) Object.assign(coded, { sheets: created });
        throw coded;
      }
      // The call itself failed (connection, quota): undo what the earlier steps wrote.
      let rollbackFailed = false;
      try {
        await call('kpiInsertRollback', job);
      } catch {
        rollbackFailed = true;
      }
      throw new RenderError('hostError', messageOf(e), rollbackFailed);
    }
    onProgress(step.progress);
  }
  return step;
}
