/// <reference types="office-js" />
/**
 * Updating a generated review set in the open workbook: the recipe in the review's row 1 says
 * how the set was made; its sheets are read as grids (values and formulas from A1), the core
 * plans the new set for the new roster, and the renderer writes it in replace mode, reading the
 * typed cells again just before the swap (another user's edit meanwhile: RenderError 'edited',
 * nothing changed).
 */
import type { Localized } from '../core/types.js';
import { RenderError, type ProgressCallback } from '../core/templates/render.js';
import { findRecipe, planUpdate, sheetsToRead, typedFingerprint, updateChoiceOf, type Recipe } from '../core/templates/update.js';
import type { SheetGrid, UpdateChoice } from '../core/templates/update-types.js';
import type { UpdateOutcome, UpdateRequest } from '../ui/bridge.js';
import { renderErrorOf, renderWorkbook, type KnownWorkbook, type RenderOptions } from './render.js';
import { excelFeatures } from './support.js';

/** The core refused the update (a blank or repeated name, the set's review missing): words for the user. */
export class UpdateRefused extends Error {
  constructor(readonly words: Localized) {
    super(words.en);
    this.name = 'UpdateRefused';
  }
}

/** A sheet's cells from A1 to the last used one (values and formulas only, formats ignored). */
function fromA1(ws: Excel.Worksheet): Excel.Range {
  return ws.getRange('A1').getBoundingRect(ws.getUsedRange(true));
}

/** Row 1 of a sheet, from A1 to its last used column: where a generated review keeps its recipe. */
function firstRow(ws: Excel.Worksheet): Excel.Range {
  const row = fromA1(ws).getRow(0);
  row.load('values');
  return row;
}

/** Queues the grids of `sheets` (values and formulas); read them after the next sync. */
function queueGrids(context: Excel.RequestContext, sheets: readonly string[]): () => SheetGrid[] {
  const reads = sheets.map((name) => {
    const range = fromA1(context.workbook.worksheets.getItem(name));
    range.load(['values', 'formulas']);
    return { name, range };
  });
  return () => reads.map(({ name, range }) => ({ name, values: range.values as unknown[][], formulas: range.formulas as unknown[][] }));
}

/** The recipe read from a review's row 1, addressed by the sheet's present name (it may have been renamed). */
function recipeOn(sheet: string, row: Excel.Range): Recipe | null {
  const recipe = findRecipe((row.values[0] ?? []) as unknown[]);
  if (!recipe) return null;
  return recipe.sheets.review === sheet ? recipe : { ...recipe, sheets: { ...recipe.sheets, review: sheet } };
}

/** The sheets of the set to read that the workbook has (a deleted bonus or a missing archive is simply absent). */
function present(recipe: Recipe, sheets: readonly string[]): string[] {
  const have = new Map(sheets.map((n) => [n.toLowerCase(), n]));
  return sheetsToRead(recipe).flatMap((n) => {
    const name = have.get(n.toLowerCase());
    return name === undefined ? [] : [name];
  });
}

/**
 * The generated set the active sheet belongs to (its review holds the recipe, naming the set's
 * sheets), with its roster; null when the active sheet was not made by the add-in. Two syncs on
 * the review (its row 1 and the sheet names, then the set's grids); on another sheet of the set,
 * one more for row 1 of the other sheets.
 */
export async function readUpdateChoice(context: Excel.RequestContext): Promise<UpdateChoice | null> {
  const active = context.workbook.worksheets.getActiveWorksheet();
  active.load('name');
  const own = firstRow(active);
  const sheets = context.workbook.worksheets;
  sheets.load('items/name');
  await context.sync();
  const names = sheets.items.map((ws) => ws.name);
  const ownRecipe = recipeOn(active.name, own);
  let found: { sheet: string; recipe: Recipe } | null = ownRecipe ? { sheet: active.name, recipe: ownRecipe } : null;
  if (!found) {
    // Another sheet of a set (its bonus, dashboard, archive): the review whose recipe names it.
    const lower = active.name.toLowerCase();
    const rows = sheets.items.filter((ws) => ws.name !== active.name).map((ws) => ({ name: ws.name, row: firstRow(ws) }));
    await context.sync();
    for (const { name, row } of rows) {
      const recipe = recipeOn(name, row);
      if (recipe && Object.entries(recipe.sheets).some(([key, n]) => key !== 'plan' && n.toLowerCase() === lower)) {
        found = { sheet: name, recipe };
        break;
      }
    }
  }
  if (!found) return null;
  const toRead = present(found.recipe, names);
  const grids = queueGrids(context, toRead);
  await context.sync();
  // The sheets as they are in the workbook: the update reads these.
  return { ...updateChoiceOf(found.sheet, found.recipe, grids()), sheets: toRead };
}

export interface UpdateRunOptions extends Pick<RenderOptions, 'maxRequestBytes' | 'pause' | 'features'> {
  /** Today as an ISO date, for the archive rows (default: the clock). */
  readonly today?: string;
  /**
   * The sheets the set read last time (UpdateChoice.sheets): read with the recipe in the first
   * sync, so no second read is needed when they are still the set's.
   */
  readonly sheets?: readonly string[];
}

/**
 * Updates the set whose recipe is on `request.sheet` for the new roster, in one Excel.run: reads
 * (one sync with a hint of the set's sheets, else two), then the replace render (its content
 * requests, the typed cells read again in the last of them, then the swap).
 */
export async function runUpdate(
  context: Excel.RequestContext,
  request: UpdateRequest,
  onProgress?: ProgressCallback,
  options: UpdateRunOptions = {},
): Promise<UpdateOutcome> {
  const features = options.features ?? excelFeatures();
  if (!features.templates) throw new RenderError('unsupported', 'ExcelApi 1.8');
  const read = await readSet(context, request.sheet, options.sheets).catch((e: unknown) => {
    throw renderErrorOf(e);
  });
  const { recipe, grids, known, toRead } = read;
  const plan = planUpdate(recipe, grids, request.roster, {
    existingSheets: known.sheets.map((s) => s.name),
    existingNames: known.names.map((n) => n.name),
    ...(options.today !== undefined ? { today: options.today } : {}),
  });
  if (!plan.ok) throw new UpdateRefused(plan.message);
  const verify = (ctx: Excel.RequestContext): (() => boolean) => {
    const again = queueGrids(ctx, toRead);
    return () => typedFingerprint(recipe, again()) === plan.typed;
  };
  const outcome = await renderWorkbook(context, plan.desc, onProgress, {
    ...(options.maxRequestBytes !== undefined ? { maxRequestBytes: options.maxRequestBytes } : {}),
    ...(options.pause ? { pause: options.pause } : {}),
    features,
    replace: plan.replace,
    verify,
    known,
    land: request.sheet,
  });
  return { report: plan.report, outcome };
}

interface SetRead {
  readonly recipe: Recipe;
  readonly grids: SheetGrid[];
  readonly known: KnownWorkbook;
  readonly toRead: string[];
}

/** The recipe, the set's grids and the workbook's sheets and names, in one sync where the hint holds. */
async function readSet(context: Excel.RequestContext, sheet: string, hint: readonly string[] | undefined): Promise<SetRead> {
  const queueNames = () => {
    const sheets = context.workbook.worksheets;
    sheets.load('items/name,items/id,items/position');
    const names = context.workbook.names;
    names.load('items/name,items/formula');
    return (): KnownWorkbook => ({
      sheets: sheets.items.map((s) => ({ name: s.name, id: s.id, position: s.position })),
      names: names.items.map((n) => ({ name: n.name, formula: String(n.formula) })),
    });
  };
  if (hint && hint.length > 0) {
    const row = firstRow(context.workbook.worksheets.getItem(sheet));
    const known = queueNames();
    const grids = queueGrids(context, hint);
    let ok = true;
    try {
      await context.sync();
    } catch (e) {
      // A hinted sheet is gone (renamed, deleted): read the set afresh.
      if ((e as { code?: unknown }).code !== 'ItemNotFound') throw e;
      ok = false;
    }
    if (ok) {
      const recipe = recipeOn(sheet, row);
      if (!recipe) throw new RenderError('sheetGone', sheet);
      const k = known();
      const toRead = present(recipe, k.sheets.map((s) => s.name));
      const same = toRead.length === hint.length && toRead.every((n, i) => n === hint[i]);
      if (same) return { recipe, grids: grids(), known: k, toRead };
    }
  }
  const row = firstRow(context.workbook.worksheets.getItem(sheet));
  const known = queueNames();
  await context.sync();
  const recipe = recipeOn(sheet, row);
  if (!recipe) throw new RenderError('sheetGone', sheet);
  const k = known();
  const toRead = present(recipe, k.sheets.map((s) => s.name));
  const grids = queueGrids(context, toRead);
  await context.sync();
  return { recipe, grids: grids(), known: k, toRead };
}
