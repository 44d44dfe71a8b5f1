/**
 * Updating a generated sheet without writing it from nothing: the new sheet starts as a copy of
 * the old one (Spreadsheet.insertSheet with the old sheet as template keeps its looks, number
 * formats, validation, conditional formats, merges, column widths, hidden columns and frozen
 * panes in one call), then rows are inserted or deleted inside its tables, so that Sheets grows
 * or shrinks every range that spans them, exactly as a table of the new size would have them.
 * The values and formulas are written whole afterwards, and the protection set again (a copy
 * does not keep it).
 *
 * `planMorph` decides, from the sheet as its recipe made it (`old`) and the sheet to make
 * (`next`): it simulates the row operations on every range of `old` and accepts only when the
 * result is `next` range for range. Anything else (a layout that moved, a rule whose formula
 * points at rows that move, charts) is rendered from nothing as before.
 */
import { parseCell, parseRange, rangeAddress, type RangeRef } from '../core/templates/a1.js';
import { toR1C1 } from '../core/templates/r1c1.js';
import type { SheetDesc, SheetGrid, WorkbookDesc } from '../core/templates/index.js';

/** One row operation on the copy, in order: positions are those of the sheet at that point. */
export type RowOp = { readonly insertAfter: number; readonly rows: number } | { readonly deleteFrom: number; readonly rows: number };

/** A sheet made from a copy of an existing one. */
export interface Morph {
  /** The existing sheet copied (its name now). */
  readonly from: string;
  readonly ops: readonly RowOp[];
  /** Ranges (after the ops) whose old content lies outside what the new content writes: cleared first. */
  readonly clear: readonly string[];
  /** The copy, rows moved, holds the new sheet's per-cell number formats already: none are written. */
  readonly formatsHeld?: boolean;
}

/** A cell property range (looks, number formats, validation) after an op: the new rows take row `insertAfter`'s. */
function cellRange(r: RangeRef, op: RowOp): RangeRef | null {
  if ('insertAfter' in op) {
    const a = op.insertAfter;
    if (a < r.top) return { ...r, top: r.top + op.rows, bottom: r.bottom + op.rows };
    if (a <= r.bottom) return { ...r, bottom: r.bottom + op.rows };
    return r;
  }
  return rangeShrunk(r, op.deleteFrom, op.rows);
}

/** A range kept by the sheet (conditional formats, merges): grows only when rows go strictly inside it. */
function sheetRange(r: RangeRef, op: RowOp): RangeRef | null {
  if ('insertAfter' in op) {
    const a = op.insertAfter;
    if (a < r.top) return { ...r, top: r.top + op.rows, bottom: r.bottom + op.rows };
    if (a < r.bottom) return { ...r, bottom: r.bottom + op.rows };
    return r;
  }
  return rangeShrunk(r, op.deleteFrom, op.rows);
}

function rangeShrunk(r: RangeRef, start: number, n: number): RangeRef | null {
  const end = start + n - 1;
  if (r.bottom < start) return r;
  if (r.top > end) return { ...r, top: r.top - n, bottom: r.bottom - n };
  const top = r.top < start ? r.top : start;
  const bottom = r.bottom > end ? r.bottom - n : start - 1;
  return bottom < top ? null : { ...r, top, bottom };
}

function moved(a1: string, ops: readonly RowOp[], how: (r: RangeRef, op: RowOp) => RangeRef | null): string | null {
  let r: RangeRef | null = parseRange(a1);
  for (const op of ops) {
    if (!r) return null;
    r = how(r, op);
  }
  return r ? rangeAddress(r) : null;
}

const canonical = (a1: string): string => rangeAddress(parseRange(a1));

/** Why the last plan for a sheet (by name) copied nothing, for tests and diagnosis. */
export const refusals = new Map<string, string>();

/** The row operations that take `old`'s tables to `next`'s, or null when rows inside tables cannot do it. */
export function tableOps(old: SheetDesc, next: SheetDesc): RowOp[] | null {
  const before = old.tables ?? [];
  const after = new Map((next.tables ?? []).map((t) => [t.key, t]));
  if (before.length !== after.size || before.some((t) => !after.has(t.key))) return null;
  const cur = new Map(before.map((t) => [t.key, { top: t.firstRow, bottom: t.lastRow, left: 1, right: 1 } as RangeRef]));
  const ops: RowOp[] = [];
  for (const t of [...before].sort((a, b) => a.lastRow - b.lastRow)) {
    const now = cur.get(t.key)!;
    const want = after.get(t.key)!;
    const d = want.lastRow - now.bottom;
    if (d === 0) continue;
    // Rows go in or out right above the table's last row: every range ending there follows.
    const op: RowOp = d > 0 ? { insertAfter: now.bottom - 1, rows: d } : { deleteFrom: now.bottom + d, rows: -d };
    if (('insertAfter' in op ? op.insertAfter : op.deleteFrom) < now.top) return null;
    ops.push(op);
    for (const [k, r] of cur) {
      const m = sheetRange(r, op);
      if (!m) return null;
      cur.set(k, m);
    }
  }
  for (const [k, r] of cur) {
    const want = after.get(k)!;
    if (r.top !== want.firstRow || r.bottom !== want.lastRow) return null;
  }
  return ops;
}

/** The lowest row an op touches: rows above it stay where they are. */
const firstMoved = (ops: readonly RowOp[]): number => Math.min(...ops.map((op) => ('insertAfter' in op ? op.insertAfter + 1 : op.deleteFrom)));

/** True when no cell reference of the formula points at a row that moves (and it names no sheet). */
function formulaStays(formula: string, fromRow: number): boolean {
  if (formula.includes('!')) return false;
  const text = formula.replace(/"(?:[^"]|"")*"/g, '""');
  for (const m of text.matchAll(/(?<![A-Za-z0-9_.])\$?[A-Za-z]{1,3}\$?(\d+)(?![A-Za-z0-9_(])/g)) if (Number(m[1]) >= fromRow) return false;
  return true;
}

const same = (a: readonly unknown[], b: readonly unknown[]): boolean => a.length === b.length && a.every((x, i) => JSON.stringify(x) === JSON.stringify(b[i]));

/** Conditional format rules as the renderer groups them (see writeRules). */
function cfGroups(s: SheetDesc): { formula: string; style: string; ranges: string[] }[] {
  const groups: { formula: string; style: string; ranges: string[] }[] = [];
  for (const cf of s.conditionalFormats) {
    const t = cf.formula.trim();
    const formula = t.startsWith('=') ? t : `=${t}`;
    const fixed = toR1C1(formula, 1, 1) === toR1C1(formula, 2, 2);
    const g = fixed ? groups.find((x) => x.formula === formula && x.style === cf.style) : undefined;
    if (g) g.ranges.push(canonical(cf.range));
    else groups.push({ formula, style: cf.style, ranges: [canonical(cf.range)] });
  }
  return groups;
}

/** Columns and rows the sheet's content reaches (blocks). */
function blockRects(s: SheetDesc): RangeRef[] {
  return s.blocks.map((b) => {
    const at = parseCell(b.at);
    return { top: at.row, left: at.col, bottom: at.row + b.cells.length - 1, right: at.col + (b.cells[0]?.length ?? 1) - 1 };
  });
}

const inside = (x: RangeRef, t: RangeRef): boolean => t.top <= x.top && t.bottom >= x.bottom && t.left <= x.left && t.right >= x.right;

function gridAddress(g: NonNullable<SheetDesc['formatGrids']>[number]): string {
  const at = parseCell(g.at);
  return rangeAddress({ top: at.row, left: at.col, bottom: at.row + g.numFmts.length - 1, right: at.col + (g.numFmts[0]?.length ?? 1) - 1 });
}

/** Charts the copy keeps: the same charts, their ranges moved as the rows move. */
function sameCharts(old: SheetDesc, next: SheetDesc, ops: readonly RowOp[]): boolean {
  if (old.charts.length !== next.charts.length) return false;
  return old.charts.every((c, i) => {
    const n = next.charts[i]!;
    if (c.type !== n.type || c.title !== n.title || c.anchor !== n.anchor || c.series.length !== n.series.length) return false;
    if (moved(c.categories, ops, sheetRange) !== canonical(n.categories)) return false;
    return c.series.every((x, j) => x.name === n.series[j]!.name && moved(x.values, ops, sheetRange) === canonical(n.series[j]!.values));
  });
}

/** True when the old sheet holds a formula exactly where its recipe puts one: the copy is the sheet `old` describes. */
function gridMatches(old: SheetDesc, grid: SheetGrid): boolean {
  for (const b of old.blocks) {
    const at = parseCell(b.at);
    for (let i = 0; i < b.cells.length; i++) {
      const row = grid.formulas[at.row - 1 + i];
      const cells = b.cells[i]!;
      for (let j = 0; j < cells.length; j++) {
        const f = row?.[at.col - 1 + j];
        const has = typeof f === 'string' && f.startsWith('=');
        if (has !== 'f' in cells[j]!) return false;
      }
    }
  }
  return true;
}

/**
 * How `next` can be made from a copy of the sheet `old` describes (read as `grid`), or null.
 * `replaced`: sheets the update replaces (a rule that points into one of them cannot be copied).
 */
export function planMorph(old: SheetDesc, next: SheetDesc, grid: SheetGrid, names: WorkbookDesc['names'], replaced: readonly string[]): Omit<Morph, 'from'> | null {
  refusals.delete(next.name);
  const ops = tableOps(old, next);
  const reason =
    (old.hidden || next.hidden ? 'hidden' : null) ??
    (!sameCharts(old, next, ops ?? []) ? 'charts' : null) ??
    (old.protect !== next.protect || JSON.stringify(old.frozen ?? null) !== JSON.stringify(next.frozen ?? null) ? 'protection or frozen panes differ' : null) ??
    (!same(old.columns, next.columns) ? 'columns differ' : null) ??
    (!ops ? 'tables cannot grow in place' : null) ??
    (!gridMatches(old, grid) ? 'the sheet does not hold its formulas where its layout says' : null) ??
    lookRefusal(old, next, ops!) ??
    ruleRefusal(old, next, ops!, names, replaced);
  if (reason !== null) {
    refusals.set(next.name, reason);
    return null;
  }
  // Old content, moved, that the new content does not write over is cleared (writeContent for a copy writes every block).
  const targets = blockRects(next);
  const clear: string[] = [];
  for (const r of blockRects(old)) {
    const m = moved(rangeAddress(r), ops!, cellRange);
    if (m !== null && !targets.some((t) => inside(parseRange(m), t))) clear.push(m);
  }
  return { ops: ops!, clear, ...(next.formatGrids?.length && formatsHeld(old, next, ops!) ? { formatsHeld: true } : {}) };
}

/**
 * True when the old sheet's one grid of per-cell formats, its rows moved (rows inserted take the
 * formats of the row above them, as in Sheets), is the new sheet's one grid cell for cell: an
 * archive that grows by rows like its last one, for instance.
 */
function formatsHeld(old: SheetDesc, next: SheetDesc, ops: readonly RowOp[]): boolean {
  const [o, ...moreOld] = old.formatGrids ?? [];
  const [n, ...moreNew] = next.formatGrids ?? [];
  if (!o || !n || moreOld.length > 0 || moreNew.length > 0) return false;
  const at = parseCell(o.at);
  if (at.col !== parseCell(n.at).col || (o.numFmts[0]?.length ?? 0) !== (n.numFmts[0]?.length ?? 0)) return false;
  // Rows of formats by sheet row; a row inserted below one outside the grid is not known.
  let rows: { row: number; fmts: readonly string[] | null }[] = o.numFmts.map((fmts, i) => ({ row: at.row + i, fmts }));
  for (const op of ops) {
    if ('insertAfter' in op) {
      const above = rows.find((r) => r.row === op.insertAfter);
      const added = above ? Array.from({ length: op.rows }, (_, i) => ({ row: op.insertAfter + 1 + i, fmts: above.fmts })) : [];
      rows = [...rows.map((r) => (r.row > op.insertAfter ? { ...r, row: r.row + op.rows } : r)), ...added].sort((a, b) => a.row - b.row);
    } else {
      const end = op.deleteFrom + op.rows - 1;
      rows = rows.filter((r) => r.row < op.deleteFrom || r.row > end).map((r) => (r.row > end ? { ...r, row: r.row - op.rows } : r));
    }
  }
  const top = parseCell(n.at).row;
  return n.numFmts.every((fmts, i) => {
    const got = rows.find((r) => r.row === top + i)?.fmts;
    return got !== undefined && got !== null && same(got, fmts);
  });
}

/** Why the looks, number formats and merges of the copy, rows moved, would not be the new sheet's (null: they would). */
function lookRefusal(old: SheetDesc, next: SheetDesc, ops: readonly RowOp[]): string | null {
  const map = (list: readonly string[], how: typeof cellRange) => list.map((a) => moved(a, ops, how));
  // Looks and number formats follow the rows cell by cell.
  if (!same(map(old.styles.map((x) => x.range), cellRange), next.styles.map((x) => canonical(x.range)))) return 'looks moved otherwise';
  if (!same(old.styles.map((x) => x.style), next.styles.map((x) => x.style))) return 'looks differ';
  if (!same(map(old.formats.map((x) => x.range), cellRange), next.formats.map((x) => canonical(x.range)))) return 'number formats moved otherwise';
  if (!same(old.formats.map((x) => x.numFmt), next.formats.map((x) => x.numFmt))) return 'number formats differ';
  // Per-cell formats are written again whole: the old ones, moved, must lie under the new.
  const oldGrids = (old.formatGrids ?? []).map((g) => moved(gridAddress(g), ops, cellRange));
  const newGrids = (next.formatGrids ?? []).map((g) => parseRange(gridAddress(g)));
  if (oldGrids.length !== newGrids.length || oldGrids.some((a, i) => a !== null && !inside(parseRange(a), newGrids[i]!))) return 'format grids';
  // Merges are ranges of the sheet: they grow when rows go inside them.
  const sorted = (xs: readonly (string | null)[]) => [...xs].sort();
  if (!same(sorted(map(old.merges, sheetRange)), sorted(next.merges.map(canonical)))) return 'merges moved otherwise';
  return null;
}

/** Why the copy's validation and conditional formats, rows moved, would not be the new sheet's (null: they would). */
function ruleRefusal(old: SheetDesc, next: SheetDesc, ops: readonly RowOp[], names: WorkbookDesc['names'], replaced: readonly string[]): string | null {
  const from = ops.length > 0 ? firstMoved(ops) : Infinity;
  const map = (list: readonly string[], how: typeof cellRange) => list.map((a) => moved(a, ops, how));
  const rule = ({ range: _r, ...what }: SheetDesc['validations'][number]) => what;
  // Validation follows the rows cell by cell.
  if (!same(map(old.validations.map((v) => v.range), cellRange), next.validations.map((v) => canonical(v.range)))) return 'validation moved otherwise';
  if (!same(old.validations.map(rule), next.validations.map(rule))) return 'validation differs';
  const replacedLower = new Set(replaced.map((n) => n.toLowerCase()));
  for (const v of next.validations) {
    if (v.type === 'custom' && (!formulaStays(v.formula, from) || parseRange(v.range).top >= from)) return 'a validation formula points at rows that move';
    if (v.type !== 'list' || typeof v.source !== 'string') continue;
    const text = v.source.trim().replace(/^=/, '');
    const named = names.find((n) => n.name.toLowerCase() === text.toLowerCase());
    const ref = named ? named.ref : text;
    // A name on a sheet outside the set: the copy's rule keeps pointing there; a range of the sheet itself would not follow.
    if (!ref.includes('!')) {
      if (named || /^\$?[A-Za-z]{1,3}\$?\d+(:\$?[A-Za-z]{1,3}\$?\d+)?$/.test(ref)) return 'own list';
      continue;
    }
    const sheet = ref.slice(0, ref.lastIndexOf('!')).replace(/^'(.*)'$/, '$1').replace(/''/g, "'");
    if (replacedLower.has(sheet.toLowerCase())) return 'a list in a replaced sheet';
  }
  // Conditional formats are ranges of the sheet: they grow when rows go inside them.
  const o = cfGroups(old);
  const n = cfGroups(next);
  if (o.length !== n.length) return 'conditional formats differ';
  for (let i = 0; i < o.length; i++) {
    if (o[i]!.formula !== n[i]!.formula || o[i]!.style !== n[i]!.style || !formulaStays(n[i]!.formula, from)) return 'a conditional format differs or points at rows that move';
    if (!same(map(o[i]!.ranges, sheetRange), n[i]!.ranges)) return 'conditional formats moved otherwise';
  }
  return null;
}

/**
 * The sheet as it was before `n` rows from row `start` were added to it: the rows taken out of
 * its content and its tables, every range moved or shrunk as Sheets moves them. Null for a sheet
 * with charts.
 */
export function withoutRows(s: SheetDesc, start: number, n: number): SheetDesc | null {
  if (s.charts.length > 0 || n <= 0) return n === 0 ? s : null;
  const end = start + n - 1;
  const range = (a1: string): string | null => {
    const r = rangeShrunk(parseRange(a1), start, n);
    return r ? rangeAddress(r) : null;
  };
  const keep = <T extends { range: string }>(list: readonly T[]): T[] =>
    list.flatMap((x) => {
      const r = range(x.range);
      return r === null ? [] : [{ ...x, range: r }];
    });
  const rows = <T>(at: string, list: readonly T[]): { at: string; list: T[] } | null => {
    const p = parseCell(at);
    const kept = list.filter((_, i) => p.row + i < start || p.row + i > end);
    if (kept.length === 0) return null;
    const top = p.row < start ? p.row : p.row > end ? p.row - n : start;
    return { at: rangeAddress({ top, left: p.col, bottom: top, right: p.col }), list: kept };
  };
  const blocks = s.blocks.flatMap((b) => {
    const r = rows(b.at, b.cells);
    return r ? [{ at: r.at, cells: r.list }] : [];
  });
  const formatGrids = (s.formatGrids ?? []).flatMap((g) => {
    const r = rows(g.at, g.numFmts);
    return r ? [{ at: r.at, numFmts: r.list }] : [];
  });
  const row = (x: number) => (x < start ? x : x > end ? x - n : start);
  return {
    ...s,
    blocks,
    styles: keep(s.styles),
    formats: keep(s.formats),
    ...(s.formatGrids ? { formatGrids } : {}),
    validations: keep(s.validations),
    conditionalFormats: keep(s.conditionalFormats),
    merges: s.merges.map(range).filter((m): m is string => m !== null),
    ...(s.tables ? { tables: s.tables.map((t) => ({ ...t, headerRow: row(t.headerRow), firstRow: row(t.firstRow), lastRow: t.lastRow < start ? t.lastRow : t.lastRow > end ? t.lastRow - n : start - 1 })) } : {}),
  };
}

/**
 * An archive sheet as the last update left it, from the new one and the old one's grid: the new
 * archive holds the old rows first, then the rows archived now. Null when the grid is not that:
 * rows with a gap, cells past the rows, or the old rows not the new archive's first ones.
 */
export function archiveBefore(next: SheetDesc, grid: SheetGrid): SheetDesc | null {
  const t = next.tables?.find((x) => x.key === 'archive');
  if (!t || next.tables!.length !== 1) return null;
  const filled = (row: readonly unknown[] | undefined) => (row ?? []).some((v) => v !== '' && v !== null && v !== undefined);
  let k = 0;
  while (filled(grid.values[t.firstRow - 1 + k])) k++;
  if (k === 0 || grid.values.length > t.firstRow - 1 + k) return null;
  const rows = t.lastRow - t.firstRow + 1;
  if (k > rows) return null;
  // The old rows are the new archive's first rows, value for value.
  const body = next.blocks.find((b) => parseCell(b.at).row === t.firstRow && parseCell(b.at).col === 1);
  if (!body || body.cells.length !== rows) return null;
  for (let i = 0; i < k; i++) {
    const got = grid.values[t.firstRow - 1 + i]!;
    const ok = body.cells[i]!.every((c, j) => {
      if ('f' in c) return false;
      const want = c.v;
      const v = got[j];
      if (want === null || want === '') return v === '' || v === null || v === undefined;
      if (typeof want === 'number') return typeof v === 'number' && Math.abs(v - want) < 1e-9;
      return v === want;
    });
    if (!ok) return null;
  }
  return withoutRows(next, t.firstRow + k, rows - k);
}
