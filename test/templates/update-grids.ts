/**
 * A generated workbook as a host reads it after people typed into it: the description's cells
 * with typed values written over them, recalculated in HyperFormula, read back as sheet grids
 * (values as computed, formulas as "=…" or the value).
 */
import { HyperFormula, type RawCellContent } from 'hyperformula';
import { plainValue, toSheets } from '../../cli/hyperformula.js';
import { parseCell } from '../../core/templates/a1.js';
import type { SheetGrid, WorkbookDesc } from '../../core/templates/index.js';

/** Typed values by sheet name and cell ("I5"). */
export type Typing = ReadonlyMap<string, ReadonlyMap<string, number | string | boolean | null>>;

export interface TypedBook {
  readonly grids: SheetGrid[];
  readonly hf: HyperFormula;
}

/** The workbook with typing applied, computed; the caller destroys `hf`. */
export function typedBook(desc: WorkbookDesc, typing: Typing = new Map()): TypedBook {
  const sheets = toSheets(desc);
  for (const [sheet, cells] of typing) {
    const grid = sheets[sheet];
    if (!grid) throw new Error(`no sheet ${sheet}`);
    for (const [at, value] of cells) {
      const { row, col } = parseCell(at);
      while (grid.length < row) grid.push([]);
      const line = grid[row - 1]!;
      while (line.length < col) line.push(null);
      line[col - 1] = typeof value === 'string' ? `'${value}` : value;
    }
  }
  const width = (g: RawCellContent[][]) => g.reduce((w, r) => Math.max(w, r.length), 0);
  for (const g of Object.values(sheets)) {
    const w = width(g);
    for (const r of g) while (r.length < w) r.push(null);
  }
  const names = desc.names.map((n) => ({ name: n.name, expression: `=${n.ref}` }));
  const hf = HyperFormula.buildFromSheets(sheets, { licenseKey: 'gpl-v3', useArrayArithmetic: true }, names);
  const grids: SheetGrid[] = Object.entries(sheets).map(([name, raw]) => {
    const id = hf.getSheetId(name)!;
    const values = hf.getSheetValues(id).map((row) => row.map(plainValue).map((x) => (typeof x === 'object' && x !== null ? x.error : x)));
    const formulas = raw.map((row) => row.map((x) => (typeof x === 'string' && x.startsWith("'") ? x.slice(1) : x)));
    return { name, values, formulas };
  });
  return { grids, hf };
}

/** A sheet's grid by name. */
export function gridNamed(grids: readonly SheetGrid[], name: string): SheetGrid {
  const g = grids.find((x) => x.name === name);
  if (!g) throw new Error(`no grid ${name}`);
  return g;
}
