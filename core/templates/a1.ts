/** A1 references for the formulas that templates write. */

/** 1 → "A", 27 → "AA". */
export function col(n: number): string {
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
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
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
