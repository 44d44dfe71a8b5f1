/**
 * Loads a sheet description into HyperFormula (in-process recalculation) and reads values back.
 * Text values are written as text (a leading apostrophe keeps HyperFormula from reading "=x",
 * "85%" or a date as anything else), formulas as formulas, named ranges as named expressions.
 */
import { DetailedCellError, HyperFormula, type RawCellContent, type Sheets } from 'hyperformula';
import { parseCell } from '../core/templates/a1.js';
import type { CellSpec, WorkbookDesc } from '../core/templates/types.js';

export type EngineValue = number | string | boolean | null | { error: string };

/** A description cell as HyperFormula raw content. */
export function rawContent(spec: CellSpec): RawCellContent {
  if ('f' in spec) return spec.f.startsWith('=') ? spec.f : `=${spec.f}`;
  const v = spec.v;
  if (typeof v === 'string') return `'${v}`;
  return v;
}

/** The sheets of a description as HyperFormula's input (rectangular arrays of raw contents). */
export function toSheets(desc: WorkbookDesc): Sheets {
  const sheets: Sheets = {};
  for (const sheet of desc.sheets) {
    const grid: RawCellContent[][] = [];
    for (const block of sheet.blocks) {
      const cell = parseCell(block.at);
      const at = { row: cell.row - 1, col: cell.col - 1 };
      block.cells.forEach((line, i) => {
        const r = at.row + i;
        let row = grid[r];
        if (row === undefined) {
          row = [];
          grid[r] = row;
        }
        line.forEach((spec, j) => {
          row![at.col + j] = rawContent(spec);
        });
      });
    }
    for (let r = 0; r < grid.length; r++) {
      const row = grid[r] ?? [];
      for (let c = 0; c < row.length; c++) if (row[c] === undefined) row[c] = null;
      grid[r] = row;
    }
    sheets[sheet.name] = grid;
  }
  return sheets;
}

/** A HyperFormula instance holding the description, computed; `stats` keeps the time of each step of the build (getStats). */
export function buildHyperFormula(desc: WorkbookDesc, options: { stats?: boolean } = {}): HyperFormula {
  const names = desc.names.map((n) => ({ name: n.name, expression: n.ref.startsWith('=') ? n.ref : `=${n.ref}` }));
  return HyperFormula.buildFromSheets(toSheets(desc), { licenseKey: 'gpl-v3', useArrayArithmetic: true, useStats: options.stats === true }, names);
}

/** One computed value as plain data: errors as { error: "#DIV/0!" }, empty cells as null. */
export function plainValue(v: unknown): EngineValue {
  if (v instanceof DetailedCellError) return { error: v.value };
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return { error: String(v) };
}

/** The computed values of a sheet, row by row, every row as wide as the widest. */
export function readSheet(hf: HyperFormula, sheetName: string): EngineValue[][] {
  const id = hf.getSheetId(sheetName);
  if (id === undefined) throw new Error(`no sheet named "${sheetName}"`);
  const values = hf.getSheetValues(id);
  const width = values.reduce((w, row) => Math.max(w, row.length), 0);
  return values.map((row) => {
    const out: EngineValue[] = new Array(width).fill(null);
    row.forEach((v, i) => {
      out[i] = plainValue(v);
    });
    return out;
  });
}
