/** A1 references for the formulas that templates write. */

/** 1 → "A", 27 → "AA". */
export function col(n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`bad column number ${n}`);
  let x = n;
  let out = '';
  while (x > 0) {
    const rem = (x - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    x = Math.floor((x - 1) / 26);
  }
  return out;
}

/** "A" → 1, "aa" → 27. */
export function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) throw new RangeError(`bad column letters "${letters}"`);
    n = n * 26 + (code - 64);
  }
  return n;
}

/** "B7" for column 2, row 7. */
export function addr(c: number, row: number): string {
  return `${col(c)}${row}`;
}

/** "$B$7". */
export function abs(c: number, row: number): string {
  return `$${col(c)}$${row}`;
}

/** "B7:D9", or "B7" for a single cell. */
export function range(c1: number, r1: number, c2: number, r2: number): string {
  const a = addr(c1, r1);
  return c1 === c2 && r1 === r2 ? a : `${a}:${addr(c2, r2)}`;
}

/** "$B$7:$B$9". */
export function absRange(c1: number, r1: number, c2: number, r2: number): string {
  return `${abs(c1, r1)}:${abs(c2, r2)}`;
}

/** A sheet name as formulas quote it: 'KPI Plan' (quotes doubled inside). */
export function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** "'KPI Plan'!$B$7" and the like. */
export function onSheet(sheet: string, ref: string): string {
  return `${quoteSheet(sheet)}!${ref}`;
}

/** A cell of an A1 address, 1-based. */
export interface CellRef {
  readonly row: number;
  readonly col: number;
}

/** A rectangle of an A1 range, 1-based and inclusive. */
export interface RangeRef {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

const CELL_RE = /^\$?([A-Za-z]{1,3})\$?([1-9][0-9]*)$/;

/** "B7" or "$B$7" → { row: 7, col: 2 }. */
export function parseCell(address: string): CellRef {
  const m = CELL_RE.exec(address.trim());
  if (!m || m[1] === undefined || m[2] === undefined) throw new RangeError(`bad cell address "${address}"`);
  return { row: Number(m[2]), col: colNumber(m[1]) };
}

/** "B7:D9" (either corner first) or "B7" → its rectangle. */
export function parseRange(address: string): RangeRef {
  const parts = address.trim().split(':');
  if (parts.length < 1 || parts.length > 2 || parts[0] === undefined) {
    throw new RangeError(`bad range "${address}"`);
  }
  const a = parseCell(parts[0]);
  const b = parts[1] === undefined ? a : parseCell(parts[1]);
  return {
    top: Math.min(a.row, b.row),
    left: Math.min(a.col, b.col),
    bottom: Math.max(a.row, b.row),
    right: Math.max(a.col, b.col),
  };
}

/** The A1 text of a rectangle. */
export function rangeAddress(r: RangeRef): string {
  return range(r.left, r.top, r.right, r.bottom);
}
