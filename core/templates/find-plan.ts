/**
 * Finds a plan table in the values of a sheet (its used range from A1): the header row among the
 * first rows, the KPI rows below it, and which column holds what. Hosts read a sheet's values and
 * ask this; the user then picks the sheet as the plan a review reads.
 */
import { col } from './a1.js';
import { detectPlanColumns, type PlanMapping } from './options.js';

/** How many rows from the top a header row may sit (titles and notes often stand above it). */
export const HEADER_SEARCH_ROWS = 12;
/** A review reads at most this many plan rows (the options' limit). */
const MAX_PLAN_ROWS = 200;

const TOTAL_WORDS = /^(合计|总计|小计|total|sum|subtotal)$/i;

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  return String(v).replace(/[\s\u3000]+/g, ' ').trim();
}

function isTotalRow(row: readonly unknown[], kpiCol: number): boolean {
  const words = row.slice(0, kpiCol + 1).map(text).filter((t) => t !== '');
  return words.length > 0 && words.every((t) => TOTAL_WORDS.test(t));
}

/**
 * The plan table on a sheet, or null where no row among the first `HEADER_SEARCH_ROWS` names a
 * KPI, a target and a weight. `values` are the sheet's cells from A1, row by row. Data rows run
 * from below the header to the last row before a total row (or the last row of the values).
 */
export function findPlanTable(sheet: string, values: readonly (readonly unknown[])[]): PlanMapping | null {
  for (let r = 0; r < Math.min(HEADER_SEARCH_ROWS, values.length); r++) {
    const detected = detectPlanColumns(values[r] ?? [], 'A');
    if (detected.missing.length > 0) continue;
    const kpiCol = columnIndex(detected.columns.kpi!);
    let last = r;
    let closed = false;
    for (let i = r + 1; i < values.length && i - r <= MAX_PLAN_ROWS; i++) {
      if (isTotalRow(values[i] ?? [], kpiCol)) {
        closed = true;
        break;
      }
      last = i;
    }
    // Without a total row, trailing rows that are wholly blank are not plan rows.
    if (!closed) while (last > r && (values[last] ?? []).every((v) => text(v) === '')) last--;
    if (last === r) continue;
    return {
      sheet,
      headerRow: r + 1,
      firstRow: r + 2,
      lastRow: last + 1,
      columns: detected.columns as PlanMapping['columns'],
    };
  }
  return null;
}

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** Column letters for a 0-based index (for hosts that report ranges by index). */
export const columnLetters = (index: number): string => col(index + 1);
