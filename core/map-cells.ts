/**
 * Applies `convert` to the cells of a value or a 2-D array (a 1-D array's items are cells too)
 * where `needs` says so, copying only the rows that change: a column of a million plain numbers
 * passes through untouched. Hosts use it to turn their values into the core's and back.
 */
export function mapCells(v: unknown, needs: (x: unknown) => boolean, convert: (x: unknown) => unknown): unknown {
  if (!Array.isArray(v)) return needs(v) ? convert(v) : v;
  let out: unknown[] | undefined;
  for (let r = 0; r < v.length; r++) {
    const row: unknown = v[r];
    let newRow: unknown = row;
    if (Array.isArray(row)) {
      let copy: unknown[] | undefined;
      for (let c = 0; c < row.length; c++) {
        const x: unknown = row[c];
        if (needs(x)) {
          const y = convert(x);
          if (y !== x) {
            copy ??= row.slice();
            copy[c] = y;
          }
        }
      }
      if (copy) newRow = copy;
    } else if (needs(row)) {
      newRow = convert(row);
    }
    if (newRow !== row) {
      out ??= v.slice();
      out[r] = newRow;
    }
  }
  return out ?? v;
}
