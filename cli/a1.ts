/** A1 addresses of the sheet description: "B2", "B2:D10", with optional `$` marks. */

export interface CellRef {
  /** 1-based row. */
  readonly row: number;
  /** 1-based column. */
  readonly col: number;
}

export interface RangeRef {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

const CELL_RE = /^\$?([A-Za-z]{1,3})\$?([1-9][0-9]*)$/;

/** 1 → "A", 27 → "AA". */
export function columnLetters(col: number): string {
  if (!Number.isInteger(col) || col < 1) throw new RangeError(`bad column number ${col}`);
  let n = col;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** "A" → 1, "aa" → 27. */
export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) throw new RangeError(`bad column letters "${letters}"`);
    n = n * 26 + (code - 64);
  }
  return n;
}

export function parseCell(address: string): CellRef {
  const m = CELL_RE.exec(address.trim());
  if (!m || m[1] === undefined || m[2] === undefined) throw new RangeError(`bad cell address "${address}"`);
  return { row: Number(m[2]), col: columnNumber(m[1]) };
}

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

export function cellAddress(row: number, col: number): string {
  return `${columnLetters(col)}${row}`;
}

export function rangeAddress(r: RangeRef): string {
  const a = cellAddress(r.top, r.left);
  return r.top === r.bottom && r.left === r.right ? a : `${a}:${cellAddress(r.bottom, r.right)}`;
}
