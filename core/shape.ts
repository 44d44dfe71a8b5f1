import { isKpiError, kpiError } from './errors.js';
import { HOST } from './host.js';
import type { Cell, KpiError, Matrix, Result, ResultCell } from './types.js';

export type Size = { rows: number; cols: number };

const sizeText = (s: Size) => `${s.rows}x${s.cols}`;

/** The common size of per-row arguments: all the same, 1x1 repeated; else #VALUE!. */
export function commonSize(fn: string, matrices: Matrix[]): Size | KpiError {
  let size: Size = { rows: 1, cols: 1 };
  for (const m of matrices) {
    const s = { rows: m.length, cols: m[0]!.length };
    if (s.rows === 1 && s.cols === 1) continue;
    if (size.rows === 1 && size.cols === 1) size = s;
    else if (s.rows !== size.rows || s.cols !== size.cols) {
      return kpiError('#VALUE!', 'sizeMismatch', { fn, a: sizeText(size), b: sizeText(s) });
    }
  }
  return size;
}

/** The cell of a broadcast argument at (r, c). */
export function at(m: Matrix, r: number, c: number): Cell {
  return m.length === 1 && m[0]!.length === 1 ? m[0]![0]! : m[r]![c]!;
}

/** A finite number, text or error; a non-finite number becomes #NUM!. */
export function finite(fn: string, v: ResultCell): ResultCell {
  return typeof v === 'number' && !Number.isFinite(v) ? kpiError('#NUM!', 'resultTooLarge', { fn }) : v;
}

/**
 * Runs `cell` on every position of the per-row arguments. With no argument larger than 1x1 the
 * result is one value; otherwise a matrix of that size, with errors in their own cells.
 */
export function broadcast(
  fn: string,
  matrices: Matrix[],
  cell: (cells: Cell[]) => ResultCell,
): Result {
  const size = commonSize(fn, matrices);
  if (isKpiError(size)) return size;
  const n = matrices.length;
  const single = matrices.map((m) => m.length === 1 && m[0]!.length === 1);
  const cells: Cell[] = matrices.map((m) => m[0]![0]!);
  if (size.rows === 1 && size.cols === 1) return finite(fn, cell(cells));
  // Errors inside a range result take the host's form here, in the same pass.
  const toHost = HOST.errorCell;
  const one = (): ResultCell => {
    const v = finite(fn, cell(cells));
    return toHost !== undefined && typeof v === 'object' ? (toHost(v) as ResultCell) : v;
  };
  const out: ResultCell[][] = new Array(size.rows);
  for (let r = 0; r < size.rows; r++) {
    if (size.cols === 1) {
      for (let i = 0; i < n; i++) if (!single[i]) cells[i] = matrices[i]![r]![0]!;
      out[r] = [one()];
      continue;
    }
    const row: ResultCell[] = [];
    for (let c = 0; c < size.cols; c++) {
      for (let i = 0; i < n; i++) if (!single[i]) cells[i] = matrices[i]![r]![c]!;
      row.push(one());
    }
    out[r] = row;
  }
  return out;
}

/** The first error cell among the given cells, in order. */
export function firstError(cells: readonly Cell[]): KpiError | undefined {
  for (const c of cells) if (isKpiError(c)) return c;
  return undefined;
}

/** The first error cell in a matrix, row by row. */
export function firstErrorIn(m: Matrix): KpiError | undefined {
  for (const row of m) {
    const e = firstError(row);
    if (e) return e;
  }
  return undefined;
}

/**
 * A per-row argument that may be all finite numbers: one number (`rows` undefined, broadcast like
 * a 1x1 range) or a 2-D array whose first row sets the width. Only the outline is looked at here;
 * the caller reads each cell with numberIn in its own pass and leaves for the general path on the
 * first cell that is not a finite number. Host adapters convert only objects and text, so numbers
 * are what every path reads.
 */
export interface NumberBlock {
  readonly value: number;
  readonly rows: readonly unknown[] | undefined;
  readonly size: Size;
}

const ONE: Size = { rows: 1, cols: 1 };

/** `v` as a NumberBlock, or undefined when it cannot be one (text, blank, a 1-D array, ...). */
export function numberBlock(v: unknown): NumberBlock | undefined {
  if (typeof v === 'number') return v - v === 0 ? { value: v, rows: undefined, size: ONE } : undefined;
  if (!Array.isArray(v) || v.length === 0) return undefined;
  const first: unknown = v[0];
  if (!Array.isArray(first) || first.length === 0) return undefined;
  if (v.length === 1 && first.length === 1) {
    const x: unknown = first[0];
    return typeof x === 'number' && x - x === 0 ? { value: x, rows: undefined, size: ONE } : undefined;
  }
  return { value: 0, rows: v, size: { rows: v.length, cols: first.length } };
}

/**
 * Cell c of one row of a NumberBlock whose rows are `width` wide: the number, or NaN when the row
 * is not an array of that width or the cell is not a finite number (x - x is 0 only for those).
 */
export function numberIn(row: unknown, c: number, width: number): number {
  if (!Array.isArray(row) || row.length !== width) return NaN;
  const x: unknown = row[c];
  return typeof x === 'number' && x - x === 0 ? x : NaN;
}

/** The common size of number blocks (1x1 broadcast), or undefined when two sizes differ. */
export function blockSize(args: readonly NumberBlock[]): Size | undefined {
  let size = ONE;
  for (const a of args) {
    if (a.rows === undefined) continue;
    if (size === ONE) size = a.size;
    else if (a.size.rows !== size.rows || a.size.cols !== size.cols) return undefined;
  }
  return size;
}
