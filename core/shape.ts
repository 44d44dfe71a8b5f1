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
