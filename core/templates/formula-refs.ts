/** Sheet references and workbook names inside native formulas: found and renamed, text in double quotes left alone. */

const BARE_START = /[A-Za-z_\u00a0-\uffff]/;
const BARE_PART = /[A-Za-z0-9_.\u00a0-\uffff]/;

const quote = (name: string) => `'${name.replace(/'/g, "''")}'`;

/**
 * Walks a formula once: each quoted run (`"text"` or `'Sheet name'`, doubled quotes inside) is
 * given to `quoted`, each bare word outside quotes to `word`, both with the character after them;
 * what they return stands in their place. Everything else is kept.
 */
function scanFormula(
  formula: string,
  quoted: (raw: string, next: string | undefined) => string,
  word: (text: string, next: string | undefined) => string,
): string {
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
      out += quoted(formula.slice(i, j + 1), formula[j + 1]);
      i = j + 1;
      continue;
    }
    if (BARE_START.test(ch) && (i === 0 || !BARE_PART.test(formula[i - 1]!))) {
      let j = i + 1;
      while (j < n && BARE_PART.test(formula[j]!)) j++;
      out += word(formula.slice(i, j), formula[j]);
      i = j;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/**
 * The formula with each sheet reference (`'Name'!` or `Name!`) for which `by` gives a name
 * replaced by a quoted reference to that sheet; `by` gets the name as written (quotes undone).
 */
export function mapSheetRefs(formula: string, by: (sheet: string) => string | undefined): string {
  if (!formula.includes('!')) return formula;
  return scanFormula(
    formula,
    (raw, next) => {
      const to = raw[0] === "'" && next === '!' ? by(raw.slice(1, -1).replace(/''/g, "'")) : undefined;
      return to !== undefined ? quote(to) : raw;
    },
    (word, next) => {
      const to = next === '!' ? by(word) : undefined;
      return to !== undefined ? quote(to) : word;
    },
  );
}

/** A formula with workbook names renamed where they stand as names (not text, not sheet or function names); `names` by lower-case name. */
export function mapNameRefs(formula: string, names: ReadonlyMap<string, string>): string {
  if (names.size === 0) return formula;
  return scanFormula(
    formula,
    (raw) => raw,
    (word, next) => (next !== '(' && next !== '!' ? (names.get(word.toLowerCase()) ?? word) : word),
  );
}
