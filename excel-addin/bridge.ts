/// <reference types="office-js" />
/**
 * The task pane's side of the Bridge, with Office.js in the page: options are validated and the
 * template generated here, then written by the renderer in one Excel.run.
 */
import { resolveLocale } from '../core/i18n.js';
import { RenderError, isRenderError } from '../core/templates/render.js';
import type { Bridge, ExportRequest, InsertFormulaResult, UpdateChoice } from '../ui/bridge.js';
import { APP_TEXT } from '../ui/app-text.js';
import { OptionError } from '../ui/messages.js';
import type * as EngineModule from './engine.js';
import { excelFeatures, functionsSupport } from './support.js';

type Engine = typeof EngineModule;

/** The global templates.js defines (its esbuild globalName). */
export const ENGINE_GLOBAL = 'KPIKitTemplates';
/** templates.js sits beside taskpane.js. */
const ENGINE_URL = new URL('templates.js', (document.currentScript as HTMLScriptElement | null)?.src || location.href).href;

let engine: Promise<Engine> | undefined;

/** Loads templates.js once; a failed load may be retried. */
export function loadEngine(): Promise<Engine> {
  engine ??= new Promise<Engine>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = ENGINE_URL;
    script.onload = () => {
      const loaded = (window as unknown as Record<string, Engine | undefined>)[ENGINE_GLOBAL];
      if (loaded) resolve(loaded);
      else reject(new Error(`${ENGINE_URL} did not load`));
    };
    script.onerror = () => {
      engine = undefined;
      reject(new RenderError('hostError', `${ENGINE_URL} could not be loaded`));
    };
    document.head.append(script);
  });
  return engine;
}

function displayLanguage(): string {
  try {
    return Office.context?.displayLanguage || navigator.language;
  } catch {
    return navigator.language;
  }
}

/** The address without its sheet: "Sheet1!B7" → "B7". */
function bare(address: string): string {
  return address.slice(address.lastIndexOf('!') + 1);
}

/**
 * The sheets in the workbook now that were not there before an insert: what a failed insert that
 * could not undo itself left (under its sheets' own names or the passing names they had at first).
 * Where the workbook cannot be read, the names the template was giving its sheets.
 */
async function leftSheets(before: readonly string[], planned: string[]): Promise<string[]> {
  try {
    const now = await Excel.run(async (context) => {
      const sheets = context.workbook.worksheets;
      sheets.load('items/name');
      await context.sync();
      return sheets.items.map((s) => s.name);
    });
    const had = new Set(before.map((n) => n.toLowerCase()));
    return now.filter((n) => !had.has(n.toLowerCase()));
  } catch {
    return planned;
  }
}

export function excelBridge(): Bridge {
  const templates = () => typeof Excel !== 'undefined' && excelFeatures().templates;
  /** The set last offered for an update: its sheets are read with the recipe, in one sync. */
  let lastChoice: UpdateChoice | null = null;
  return {
    async info() {
      const ok = templates();
      // Fetch the engine while the user looks at the gallery.
      if (ok) loadEngine().catch(() => undefined);
      return { host: 'excel', locale: resolveLocale(displayLanguage()), templates: ok, functions: functionsSupport().customFunctions };
    },
    async plans() {
      if (!templates()) return [];
      const { readPlanChoices } = await loadEngine();
      return Excel.run((context) => readPlanChoices(context));
    },
    async readTable(sheet) {
      if (!templates()) return null;
      const { readTableProposal } = await loadEngine();
      return Excel.run((context) => readTableProposal(context, resolveLocale(displayLanguage()), sheet));
    },
    async insertTemplate(request, onProgress) {
      if (!templates()) throw new RenderError('unsupported');
      const { parseTemplateOptions, generateTemplate, generateReviewFromUserPlan, readSheetValues, readUsedValues, readWorkbookContext, runTemplate, userPlanInput } =
        await loadEngine();
      const locale = resolveLocale(displayLanguage());
      const { userPlan, actuals: exportRequest, ...options } = request;
      const parsed = parseTemplateOptions(options, locale);
      if (!parsed.ok) throw new OptionError(parsed.message);
      const noSheet = (e: unknown, sheet: string): never => {
        // The sheet was deleted or renamed since it was read.
        if ((e as { code?: unknown }).code === 'ItemNotFound') throw new OptionError(APP_TEXT[locale].confirmNoSheet.replace('{sheet}', sheet));
        throw e;
      };
      // A system export the actuals come from: read whole (its employees make the roster), never written.
      let actuals: { request: ExportRequest; values: unknown[][] } | undefined;
      let exportNames: { existingSheets: string[]; existingNames: string[] } | undefined;
      if (exportRequest !== undefined) {
        const read = await Excel.run((ctx) => readUsedValues(ctx, exportRequest.sheet)).catch((e: unknown) => noSheet(e, String(exportRequest.sheet)));
        actuals = { request: { ...exportRequest, sheet: read.sheet }, values: read.values };
        exportNames = { existingSheets: read.existingSheets, existingNames: read.existingNames };
      }
      let generate = (names: { existingSheets: string[]; existingNames: string[] }) => generateTemplate(parsed.options, names, actuals);
      let context: { existingSheets: string[]; existingNames: string[] };
      if (userPlan !== undefined && parsed.options.kind === 'review') {
        // The user's sheet is read once, with the names, in one sync; it is never written.
        const read = await Excel.run((ctx) => readSheetValues(ctx, userPlan.sheet)).catch((e: unknown) => noSheet(e, String(userPlan.sheet)));
        let user: ReturnType<typeof userPlanInput>;
        try {
          user = userPlanInput({ ...userPlan, sheet: read.sheet }, read.values, locale);
        } catch (e) {
          throw new OptionError(e instanceof Error ? e.message : String(e));
        }
        context = { existingSheets: read.existingSheets, existingNames: read.existingNames };
        generate = (names) => generateReviewFromUserPlan(parsed.options, user, names, actuals).desc;
      } else context = exportNames ?? (await Excel.run((ctx) => readWorkbookContext(ctx)));
      let desc: ReturnType<typeof generate>;
      try {
        desc = generate(context);
      } catch (e) {
        // An export mapping the generator cannot use: its words are already the user's language.
        if (e instanceof RangeError) throw new OptionError(e.message);
        throw e;
      }
      try {
        // A name another user takes meanwhile: the template is generated again with the next free one.
        return await runTemplate(desc, onProgress, { regenerate: (names) => generate(names) });
      } catch (e) {
        const err = isRenderError(e) ? e : new RenderError('hostError', e instanceof Error ? e.message : String(e));
        // Where undoing failed, the user deletes by hand the sheets this template left.
        if (err.rollbackFailed) Object.assign(err, { sheets: await leftSheets(context.existingSheets, desc.sheets.map((s) => s.name)) });
        throw err;
      }
    },
    async updateChoice() {
      if (!templates()) return null;
      const { readUpdateChoice } = await loadEngine();
      lastChoice = await Excel.run((context) => readUpdateChoice(context));
      return lastChoice;
    },
    async update(request, onProgress) {
      if (!templates()) throw new RenderError('unsupported');
      const { runUpdate, renderErrorOf } = await loadEngine();
      const locale = resolveLocale(displayLanguage());
      const features = excelFeatures();
      const hint = lastChoice !== null && lastChoice.sheet === request.sheet ? { sheets: lastChoice.sheets } : {};
      const batch = (context: Excel.RequestContext) => runUpdate(context, request, onProgress, { features, ...hint });
      try {
        // One undo step where Excel can merge them (ExcelApi 1.20).
        return await (features.mergeUndoGroup ? Excel.run({ mergeUndoGroup: true }, batch) : Excel.run(batch));
      } catch (e) {
        // The core's words for a roster it refuses (a blank or repeated name).
        const words = (e as { name?: unknown; words?: Record<string, string> }).name === 'UpdateRefused' ? (e as { words: Record<string, string> }).words : null;
        if (words) throw new OptionError(words[locale] ?? words.en ?? '');
        throw renderErrorOf(e);
      } finally {
        lastChoice = null;
      }
    },
    insertFormula(formula, overwrite) {
      return Excel.run(async (context): Promise<InsertFormulaResult> => {
        const cell = context.workbook.getSelectedRange().getCell(0, 0);
        cell.load(['address', 'formulas', 'text']);
        await context.sync();
        const address = bare(cell.address);
        const current = String(cell.formulas[0]?.[0] ?? '');
        if (current !== '' && !overwrite) {
          const shown = current.startsWith('=') ? current : String(cell.text[0]?.[0] ?? current);
          return { status: 'occupied', address, current: shown };
        }
        cell.formulas = [[formula]];
        await context.sync();
        return { status: 'inserted', address };
      });
    },
  };
}
