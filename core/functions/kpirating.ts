import { forCompare, isLabel, requireNumber, toMatrix, toNumber } from '../coerce.js';
import { describe, isKpiError, kpiError } from '../errors.js';
import { DEFAULT_BANDS } from '../options.js';
import { L, defineFunction } from '../registry.js';
import { broadcast, firstError, firstErrorIn } from '../shape.js';
import type { Cell, KpiError, Matrix, ResultCell } from '../types.js';

const FN = 'KPIRATING';

export interface Bands {
  /** Rows with a numeric lower bound, in table order. */
  readonly rows: readonly { readonly bound: number; readonly cells: readonly Cell[] }[];
  /** The first row whose bound is blank: the grade for scores below every bound. */
  readonly catchAll: readonly Cell[] | null;
  readonly width: number;
}

/**
 * Reads a bands table. Rows that are blank throughout are skipped (a range drawn larger than
 * the table); a first row whose bound is text is a header.
 */
export function readBands(m: Matrix): Bands | KpiError {
  const err = firstErrorIn(m);
  if (err) return err;
  const rows: { bound: number; cells: Cell[] }[] = [];
  let catchAll: Cell[] | null = null;
  let first = true;
  for (let r = 0; r < m.length; r++) {
    const cells = m[r]!;
    if (cells.every((c) => c === null)) continue;
    const bound = cells[0]!;
    const header = first && isLabel(bound);
    first = false;
    if (header) continue;
    if (bound === null) {
      catchAll ??= cells;
      continue;
    }
    const n = toNumber(bound, FN, 'bands');
    if (isKpiError(n)) return kpiError('#VALUE!', 'bandsTextBound', { fn: FN, row: r + 1, got: describe(bound) });
    rows.push({ bound: n as number, cells });
  }
  return { rows, catchAll, width: m[0]!.length };
}

const DEFAULT: Matrix = DEFAULT_BANDS.map((r) => [...r]);

/** The winning row for a score: greatest bound ≤ ROUND(score, 10), the first of equal bounds. */
export function pickBand(bands: Bands, score: number): readonly Cell[] | null {
  const s = forCompare(score);
  let best: { bound: number; cells: readonly Cell[] } | null = null;
  for (const row of bands.rows) {
    if (row.bound <= s && (best === null || row.bound > best.bound)) best = row;
  }
  return best ? best.cells : bands.catchAll;
}

export function KPIRATING(score?: unknown, bands?: unknown, column?: unknown) {
  let m = toMatrix(bands, FN, 'bands');
  if (m.every((row) => row.every((c) => c === null))) m = DEFAULT;
  const table = readBands(m);
  if (isKpiError(table)) return table;
  return broadcast(FN, [toMatrix(score, FN, 'score'), toMatrix(column, FN, 'column')], (cells): ResultCell => {
    const err = firstError(cells);
    if (err) return err;
    if (cells[0] === null) return '';
    const s = requireNumber(cells[0]!, FN, 'score');
    if (isKpiError(s)) return s;
    let col = 2;
    if (cells[1] !== null) {
      const n = requireNumber(cells[1]!, FN, 'column');
      if (isKpiError(n)) return n;
      if (n < 1) return kpiError('#VALUE!', 'columnBelowOne', { fn: FN, got: n });
      col = Math.trunc(n);
    }
    if (col > table.width) return kpiError('#REF!', 'columnTooWide', { fn: FN, col, width: table.width });
    const row = pickBand(table, s);
    if (row === null) return kpiError('#N/A', 'belowLowestBand', { fn: FN });
    const v = row[col - 1] ?? null;
    return v === null ? '' : (v as ResultCell);
  });
}

export const kpirating = defineFunction(
  {
    name: FN,
    description: L(
      'Grade or coefficient for a score from a bands table (default S/A/B/C/D).',
      '按等级表返回得分对应的考核等级或绩效系数（默认 S/A/B/C/D）。',
    ),
    returns: 'range',
    params: [
      { name: 'score', kind: 'perRow', title: L('score', '得分'), description: L('The score, or a column of them.', '得分，可为一列。') },
      {
        name: 'bands',
        kind: 'table',
        optional: true,
        title: L('bands', '等级表'),
        description: L(
          'Rows of lower bound | grade | coefficient; a blank bound catches the rest. Default: S≥1.2 1.5, A≥1 1.2, B≥0.8 1, C≥0.6 0.6, D 0.',
          '各行为 下限 | 等级 | 系数 ...，顺序不限；下限为空的行兜底。默认：S ≥ 1.2 → 1.5，A ≥ 1.0 → 1.2，B ≥ 0.8 → 1.0，C ≥ 0.6 → 0.6，D → 0。',
        ),
      },
      {
        name: 'column',
        kind: 'perRow',
        optional: true,
        title: L('column', '列号'),
        description: L('Which column of bands to return, as in VLOOKUP. Default 2 (the grade).', '返回等级表的第几列，与 VLOOKUP 相同。默认 2（等级）。'),
      },
    ],
    examples: [
      { args: [1.05], result: 'A' },
      { args: [0.5], result: 'D' },
      { args: [1.25, undefined, 3], result: 1.5 },
    ],
  },
  KPIRATING,
);
