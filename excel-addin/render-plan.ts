/**
 * How the Excel renderer writes a block of cells in few, small requests: per column, a run of rows
 * that repeats with some period (the same formulas in R1C1, so the same formulas relative to their
 * rows) is written once and filled by copying (Range.copyFrom tiles a source whose size divides the
 * destination's, adjusting relative references as Excel's paste does). Everything else is written
 * as 2-D arrays. Host-free: the renderer turns the plan into Office.js calls.
 */
import { hostText } from '../core/templates/index.js';
import { toR1C1 } from '../core/templates/r1c1.js';
import type { Block, CellSpec } from '../core/templates/types.js';
import { parseCell } from '../core/templates/a1.js';

/** A rectangle, 1-based and inclusive. */
export interface Rect {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

/** Cells written as a 2-D array (`range.formulas`): formulas in A1, text marked as text, null = leave. */
export interface WriteStep {
  readonly kind: 'write';
  readonly rect: Rect;
  readonly data: (string | number | boolean | null)[][];
  readonly bytes: number;
}

/** `dest.copyFrom(source, formulas)`: the source tiles the destination (its size divides it). */
export interface CopyStep {
  readonly kind: 'copy';
  readonly source: Rect;
  readonly dest: Rect;
}

export type BlockStep = WriteStep | CopyStep;

/** What a cell is sent as through `range.formulas`: text gets Excel's text marker, so it stays text. */
export function cellPayload(spec: CellSpec): string | number | boolean | null {
  if ('f' in spec) {
    const f = spec.f.trim();
    return f.startsWith('=') ? f : `=${f}`;
  }
  const v = spec.v;
  if (typeof v === 'string') return v === '' ? null : hostText(v);
  if (typeof v === 'number' && !Number.isFinite(v)) throw new RangeError(`${v} is not a finite number`);
  return v;
}

/** Periods tried when looking for repeating rows (a review repeats once per KPI). */
const MAX_PERIOD = 256;
/** A fill by copying is used only where it saves at least this many bytes of request. */
const MIN_SAVED_BYTES = 400;

interface Segment {
  /** First row (0-based in the block) written explicitly, and how many rows. */
  readonly start: number;
  readonly period: number;
  /** Number of copies of the `period` rows after them (0: rows written as they are). */
  readonly tiles: number;
}

/**
 * Splits one column into segments: `period` rows written, then `tiles` copies of them. Rows with no
 * repetition worth copying come as segments of one row and no tiles.
 */
function segmentColumn(keys: readonly string[], sizes: readonly number[]): Segment[] {
  const n = keys.length;
  // next[i]: the next row below i with the same key.
  const next = new Int32Array(n).fill(-1);
  const last = new Map<string, number>();
  for (let i = n - 1; i >= 0; i--) {
    const k = keys[i]!;
    const j = last.get(k);
    if (j !== undefined) next[i] = j;
    last.set(k, i);
  }
  const out: Segment[] = [];
  let i = 0;
  while (i < n) {
    let bestP = 0;
    let bestTiles = 0;
    let bestCover = 0;
    for (let j = next[i]!; j !== -1 && j - i <= MAX_PERIOD; j = next[j]!) {
      const p = j - i;
      if (p * 2 > n - i) break;
      let k = i + p;
      while (k < n && keys[k] === keys[k - p]) k++;
      const tiles = Math.floor((k - i - p) / p);
      const cover = tiles * p;
      if (cover > bestCover) {
        bestCover = cover;
        bestP = p;
        bestTiles = tiles;
      }
      if (k === n) break; // repeats to the end: a longer period cannot cover more
    }
    if (bestTiles > 0) {
      let saved = 0;
      for (let r = i + bestP; r < i + bestP + bestCover && saved < MIN_SAVED_BYTES; r++) saved += sizes[r]!;
      if (saved >= MIN_SAVED_BYTES) {
        out.push({ start: i, period: bestP, tiles: bestTiles });
        i += bestP + bestCover;
        continue;
      }
    }
    out.push({ start: i, period: 1, tiles: 0 });
    i++;
  }
  return out;
}

function jsonSize(v: string | number | boolean | null): number {
  return typeof v === 'string' ? JSON.stringify(v).length : String(v).length;
}

/**
 * Splits a rectangle of payloads into row pieces of at most `maxBytes` of JSON each (a piece holds
 * at least one row).
 */
function pieces(rect: Rect, data: (string | number | boolean | null)[][], maxBytes: number, out: BlockStep[]): void {
  let start = 0;
  let bytes = 2;
  for (let r = 0; r < data.length; r++) {
    const row = data[r]!;
    let rb = 3;
    for (const v of row) rb += jsonSize(v) + 1;
    if (r > start && bytes + rb > maxBytes) {
      push(start, r);
      start = r;
      bytes = 2;
    }
    bytes += rb;
  }
  if (start < data.length) push(start, data.length);

  function push(a: number, b: number): void {
    const slice = data.slice(a, b);
    if (slice.every((row) => row.every((v) => v === null))) return;
    const json = JSON.stringify(slice).length;
    out.push({
      kind: 'write',
      rect: { top: rect.top + a, bottom: rect.top + b - 1, left: rect.left, right: rect.right },
      data: slice,
      bytes: json,
    });
  }
}

/**
 * The steps that write a block: with `copy`, repeating rows are filled by copying; without, the
 * whole block goes as 2-D arrays. Write pieces are at most `pieceBytes` each. Steps run in order:
 * every copy comes after the writes of its source.
 */
export function planBlock(block: Block, copy: boolean, pieceBytes: number): BlockStep[] {
  const memoKey = `${copy}:${pieceBytes}`;
  let byBlock = MEMO.get(block);
  const hit = byBlock?.get(memoKey);
  if (hit) return hit;
  const steps = planBlockUncached(block, copy, pieceBytes);
  if (!byBlock) MEMO.set(block, (byBlock = new Map()));
  byBlock.set(memoKey, steps);
  return steps;
}

/** Plans already made for a block (a description retried after a failure is not planned twice). */
const MEMO = new WeakMap<Block, Map<string, BlockStep[]>>();

function planBlockUncached(block: Block, copy: boolean, pieceBytes: number): BlockStep[] {
  const at = parseCell(block.at);
  const rows = block.cells.length;
  const width = block.cells[0]?.length ?? 0;
  block.cells.forEach((row, i) => {
    if (row.length !== width) throw new RangeError(`block at ${block.at}: row ${i + 1} has ${row.length} cells, expected ${width}`);
  });
  if (rows === 0 || width === 0) return [];
  const payload = block.cells.map((row) => row.map(cellPayload));
  const steps: BlockStep[] = [];
  const whole: Rect = { top: at.row, left: at.col, bottom: at.row + rows - 1, right: at.col + width - 1 };
  if (!copy || rows < 3) {
    pieces(whole, payload, pieceBytes, steps);
    return steps;
  }
  const { explicit, copies } = planCopies(block, payload, at);
  for (const rc of writtenRects(explicit, rows)) {
    const data = payload.slice(rc.top, rc.bottom + 1).map((row) => row.slice(rc.left, rc.right + 1));
    pieces({ top: at.row + rc.top, bottom: at.row + rc.bottom, left: at.col + rc.left, right: at.col + rc.right }, data, pieceBytes, steps);
  }
  for (const c of copies) {
    const v = JSON.parse(c) as { source: Rect; dest: Rect };
    steps.push({ kind: 'copy', source: v.source, dest: v.dest });
  }
  return steps;
}

type Payload = (string | number | boolean | null)[][];

/**
 * Per column: which rows are written (`explicit[column][row]`), and the copies that fill the rest,
 * in order, each as the JSON of its source and destination.
 */
function planCopies(block: Block, payload: Payload, at: { row: number; col: number }): { explicit: boolean[][]; copies: string[] } {
  const rows = payload.length;
  const width = payload[0]!.length;
  const explicit: boolean[][] = Array.from({ length: width }, () => new Array<boolean>(rows).fill(true));
  const copies = new Map<string, { source: Rect; dest: Rect }>();
  const copyOrder: string[] = [];
  for (let c = 0; c < width; c++) {
    // Keys equal where rows repeat (formulas in R1C1), and the bytes each row's cell takes.
    const keys: string[] = new Array<string>(rows);
    const sizes: number[] = new Array<number>(rows);
    for (let r = 0; r < rows; r++) {
      const spec = block.cells[r]![c]!;
      if ('f' in spec) {
        const f = payload[r]![c] as string;
        keys[r] = `f${toR1C1(f, at.row + r, at.col + c)}`;
        sizes[r] = f.length + 3;
      } else {
        const v = payload[r]![c]!;
        keys[r] = `v${JSON.stringify(v)}`;
        sizes[r] = jsonSize(v) + 1;
      }
    }
    for (const seg of segmentColumn(keys, sizes)) {
      if (seg.tiles === 0) continue;
      const from = seg.start + seg.period;
      const to = from + seg.tiles * seg.period - 1;
      for (let r = from; r <= to; r++) explicit[c]![r] = false;
      // Adjacent columns with the same copy become one copy of a wider rectangle.
      const key = `${seg.start}:${seg.period}:${seg.tiles}`;
      const prev = copies.get(key);
      const col = at.col + c;
      if (prev && prev.dest.right === col - 1) {
        copies.set(key, {
          source: { ...prev.source, right: col },
          dest: { ...prev.dest, right: col },
        });
      } else {
        if (prev) copyOrder.push(JSON.stringify(prev));
        copies.set(key, {
          source: { top: at.row + seg.start, bottom: at.row + seg.start + seg.period - 1, left: col, right: col },
          dest: { top: at.row + from, bottom: at.row + to, left: col, right: col },
        });
      }
    }
  }
  for (const v of copies.values()) copyOrder.push(JSON.stringify(v));
  return { explicit, copies: copyOrder };
}

/**
 * Written cells (0-based in the block), top to bottom: per column, runs of written rows; adjacent
 * columns with equal runs share a rectangle.
 */
function writtenRects(explicit: readonly (readonly boolean[])[], rows: number): Rect[] {
  const open = new Map<string, { left: number; right: number; top: number; bottom: number }>();
  const rects: Rect[] = [];
  for (let c = 0; c < explicit.length; c++) {
    const seen = new Set<string>();
    let r = 0;
    while (r < rows) {
      if (!explicit[c]![r]) {
        r++;
        continue;
      }
      let e = r;
      while (e + 1 < rows && explicit[c]![e + 1]) e++;
      const key = `${r}:${e}`;
      seen.add(key);
      const prev = open.get(key);
      if (prev && prev.right === c - 1) prev.right = c;
      else {
        if (prev) rects.push({ ...prev });
        open.set(key, { left: c, right: c, top: r, bottom: e });
      }
      r = e + 1;
    }
    for (const [key, rect] of open) {
      if (!seen.has(key)) {
        rects.push({ ...rect });
        open.delete(key);
      }
    }
  }
  for (const rect of open.values()) rects.push({ ...rect });
  rects.sort((a, b) => a.top - b.top || a.left - b.left);
  return rects;
}
