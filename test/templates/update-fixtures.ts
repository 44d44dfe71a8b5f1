/**
 * What the update tests share: finding a sheet and a table of a description, the workbook after an
 * update, the context an update runs in (the day fixed), and a plain sheet of values beside a set.
 */
import { planUpdate, type Recipe, type RosterEntry, type SheetDesc, type SheetGrid, type TableLayout, type UpdatePlan, type WorkbookDesc } from '../../core/templates/index.js';
import { plainSheet } from '../cli/fixtures.js';

/** A value typed into or read from a cell. */
export type Value = number | string | boolean | null;

/** The day the updates run on, and its date serial. */
export const TODAY = '2026-12-01';
export const TODAY_SERIAL = Math.round((Date.UTC(2026, 11, 1) - Date.UTC(1899, 11, 30)) / 86400000);

/** The sheet of the description with this key; throws where there is none. */
export const sheetOf = (desc: WorkbookDesc, key: string): SheetDesc => {
  const s = desc.sheets.find((x) => x.key === key);
  if (!s) throw new Error(`no sheet ${key}`);
  return s;
};

/** The table of the sheet with this key; throws where there is none. */
export const tableOf = (s: SheetDesc, key: string): TableLayout => {
  const t = s.tables?.find((x) => x.key === key);
  if (!t) throw new Error(`no table ${key}`);
  return t;
};

/** The original set with the plan's sheets replaced and added: the workbook after the update. */
export function afterUpdate(before: WorkbookDesc, plan: Extract<UpdatePlan, { ok: true }>): WorkbookDesc {
  const replaced = new Set(plan.desc.sheets.map((s) => s.name));
  const names = new Set(plan.desc.names.map((n) => n.name));
  return {
    ...before,
    sheets: [...before.sheets.filter((s) => !replaced.has(s.name)), ...plan.desc.sheets],
    names: [...before.names.filter((n) => !names.has(n.name)), ...plan.desc.names],
  };
}

/** What an update of `desc` is told of the workbook: its sheets and names, and the day. */
export const updateContext = (desc: WorkbookDesc) => ({ existingSheets: desc.sheets.map((s) => s.name), existingNames: desc.names.map((n) => n.name), today: TODAY });

/** The update of `desc` (as `grids` read it) for `roster`, planned; throws with its message where it is refused. */
export function plannedUpdate(recipe: Recipe, grids: readonly SheetGrid[], roster: readonly RosterEntry[], desc: WorkbookDesc): Extract<UpdatePlan, { ok: true }> {
  const plan = planUpdate(recipe, grids, roster, updateContext(desc));
  if (!plan.ok) throw new Error(plan.message.en);
  return plan;
}

/** A user's sheet holding these values from A1, as a description (no styles, checks or charts). */
export const valuesSheet = (key: string, name: string, values: readonly (readonly Value[])[]): SheetDesc =>
  plainSheet(key, name, { blocks: [{ at: 'A1', cells: values.map((r) => r.map((x) => ({ v: x }))) }] });
