/**
 * Finds a plan table in the values of a sheet (its used range from A1): the header row among the
 * first rows (under titles and notes, one row or two with group headings), the KPI rows below it,
 * and which column holds what. Hosts read a sheet's values and ask this; the user then picks the
 * sheet as the plan a review reads.
 */
import { col, colNumber } from './a1.js';
import { planColumnsOf, type PlanMapping } from './options.js';
import { label } from './labels.js';
import { readTable, type MergeArea } from './read-table.js';
import { LOCALES } from '../types.js';

/** How many rows from the top a header row may sit (titles and notes often stand above it). */
export const HEADER_SEARCH_ROWS = 12;
/** A review reads at most this many plan rows (the options' limit). */
const MAX_PLAN_ROWS = 200;

/**
 * The plan table on a sheet, or null where no row among the first `HEADER_SEARCH_ROWS` names a
 * KPI, a target and a weight, or no KPI rows follow. `values` are the sheet's cells from A1, row
 * by row; `merges` the sheet's merged areas where the host reports them ("C3:E3" or 0-based
 * positions). Data rows run from below the header to the last row before a total row, notes
 * under the table or two blank rows. `headerRow` is the header's first row.
 */
export function findPlanTable(sheet: string, values: readonly (readonly unknown[])[], merges?: readonly (MergeArea | string)[]): PlanMapping | null {
  const table = readTable(values, {
    searchRows: HEADER_SEARCH_ROWS,
    maxRows: MAX_PLAN_ROWS,
    prefer: ['kpi', 'target', 'weight'],
    ...(merges !== undefined ? { merges } : {}),
  });
  if (table === null) return null;
  const detected = planColumnsOf(table.roles);
  if (detected.missing.length > 0 || table.lastRow < table.firstRow) return null;
  const columns = detected.columns as PlanMapping['columns'];
  const units = unitWords(values, columns.unit, table.firstRow, table.lastRow);
  return {
    sheet,
    headerRow: table.headerRow,
    firstRow: table.firstRow,
    lastRow: table.lastRow,
    columns,
    ...(units ? { units } : {}),
  };
}

/**
 * True when the table's KPI, target and weight headers are those of a KPI Kit plan sheet (in
 * either language): its values are already in the form a review reads. Any other table is the
 * user's own and goes through the confirm step.
 */
export function isKitPlan(values: readonly (readonly unknown[])[], mapping: PlanMapping): boolean {
  const row = values[mapping.headerRow - 1] ?? [];
  const at = (letters: string) => {
    const x = row[colNumber(letters) - 1];
    return typeof x === 'string' ? x.trim() : '';
  };
  return LOCALES.some(
    (l) => at(mapping.columns.kpi) === label(l, 'col.kpi') && at(mapping.columns.target) === label(l, 'col.target') && at(mapping.columns.weight) === label(l, 'col.weight'),
  );
}

/** The unit words of the plan's lines (what the review formats its actuals by), or none without a unit column or any unit. */
function unitWords(values: readonly (readonly unknown[])[], letters: string | undefined, first: number, last: number): (string | null)[] | undefined {
  if (letters === undefined) return undefined;
  const c = colNumber(letters) - 1;
  const out: (string | null)[] = [];
  for (let r = first; r <= last; r++) {
    const x = values[r - 1]?.[c];
    const text = typeof x === 'string' ? x.trim().slice(0, 40) : '';
    out.push(text === '' ? null : text);
  }
  return out.some((x) => x !== null) ? out : undefined;
}

/** Column letters for a 0-based index (for hosts that report ranges by index). */
export const columnLetters = (index: number): string => col(index + 1);
