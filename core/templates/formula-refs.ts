/** Sheet references inside native formulas: found and renamed, text in double quotes left alone. */

const BARE_START = /[A-Za-z_\u00a0-\uffff]/;
const BARE_PART = /[A-Za-z0-9_.\u00a0-\uffff]/;

const quote = (name: string) => `'${name.replace(/'/g, "''")}'`;

/**
 * The formula with each sheet reference (`'Name'!` or `Name!`) for which `by` gives a name
 * replaced by a quoted reference to that sheet; `by` gets the name as written (quotes undone).
 */
export function mapSheetRefs(formula: string, by: (sheet: string) => string | undefined): string {
  if (!formula.includes('!')) return formula;
  let out = '';
  let i = 0;
  const n = formula.length;
  while (i < n) {
    const ch = formula[i]!;
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < n) {
        if (formula[j] === ch) {
          if (formula[j + 1] === ch) j += 2;
          else break;
        } else j++;
      }
      const to = ch === "'" && formula[j + 1] === '!' ? by(formula.slice(i + 1, j).replace(/''/g, "'")) : undefined;
      out += to !== undefined ? quote(to) : formula.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (BARE_START.test(ch) && (i === 0 || !BARE_PART.test(formula[i - 1]!))) {
      let j = i + 1;
      while (j < n && BARE_PART.test(formula[j]!)) j++;
      const word = formula.slice(i, j);
      const to = formula[j] === '!' ? by(word) : undefined;
      out += to !== undefined ? quote(to) : word;
      i = j;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}
