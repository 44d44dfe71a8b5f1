/**
 * A1 ↔ R1C1 for the formulas templates write. A formula that is the same in R1C1 down a column
 * can be written once and filled (Excel's copyFrom, Sheets' setFormulaR1C1 on a range), so hosts
 * receive one formula per run instead of one per cell. String literals and quoted sheet names are
 * kept as they are; function names, workbook names and booleans are never read as references.
 */
import { col, colNumber } from './a1.js';

const A1_REF = /^(\$?)([A-Za-z]{1,3})(\$?)([0-9]+)$/;
const R1C1_REF = /^R(\[-?[0-9]+\]|[0-9]+)?C(\[-?[0-9]+\]|[0-9]+)?/;
/** A character of a bare token: letters, digits, _ . $ \\ and anything beyond ASCII. */
function isTokenChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || // a-z
    (code >= 65 && code <= 90) || // A-Z
    (code >= 48 && code <= 57) || // 0-9
    code === 95 || // _
    code === 46 || // .
    code === 36 || // $
    code === 92 || // \\
    code >= 0x80
  );
}
const MAX_COLUMN = 16384;

/** Copies a quoted run (string literal or quoted sheet name) starting at `i`; returns the index after it. */
function quoted(text: string, i: number, quote: string, out: string[]): number {
  let j = i + 1;
  while (j < text.length) {
    if (text[j] === quote) {
      if (text[j + 1] === quote) {
        j += 2;
        continue;
      }
      j++;
      break;
    }
    j++;
  }
  out.push(text.slice(i, j));
  return j;
}

/** Walks a formula, handing every bare token (outside quotes) to `token`, which returns its replacement. */
function mapTokens(formula: string, token: (text: string, next: string, at: number) => { text: string; length: number }): string {
  const out: string[] = [];
  let i = 0;
  while (i < formula.length) {
    const code = formula.charCodeAt(i);
    if (code === 34 || code === 39) {
      i = quoted(formula, i, formula[i]!, out);
      continue;
    }
    if (!isTokenChar(code)) {
      // Copy the run up to the next quote or token start in one piece.
      let j = i + 1;
      while (j < formula.length) {
        const c = formula.charCodeAt(j);
        if (c === 34 || c === 39 || isTokenChar(c)) break;
        j++;
      }
      out.push(formula.slice(i, j));
      i = j;
      continue;
    }
    let j = i;
    while (j < formula.length && isTokenChar(formula.charCodeAt(j))) j++;
    const r = token(formula.slice(i, j), formula[j] ?? '', i);
    out.push(r.text);
    i += r.length;
  }
  return out.join('');
}

function isReferencePosition(next: string): boolean {
  return next !== '(' && next !== '!';
}

/** The A1 formula written in the cell at (row, column), 1-based, in relative R1C1. */
export function toR1C1(formula: string, row: number, column: number): string {
  return mapTokens(formula, (text, next) => {
    const m = A1_REF.exec(text);
    if (!m || !isReferencePosition(next) || /^[0-9]/.test(text)) return { text, length: text.length };
    const c = colNumber(m[2]!);
    if (c > MAX_COLUMN) return { text, length: text.length };
    const r = Number(m[4]);
    const rowPart = m[3] ? `R${r}` : r === row ? 'R' : `R[${r - row}]`;
    const colPart = m[1] ? `C${c}` : c === column ? 'C' : `C[${c - column}]`;
    return { text: rowPart + colPart, length: text.length };
  });
}

function part(spec: string | undefined, here: number): { n: number; abs: boolean } {
  if (spec === undefined) return { n: here, abs: false };
  if (spec.startsWith('[')) return { n: here + Number(spec.slice(1, -1)), abs: false };
  return { n: Number(spec), abs: true };
}

/** A relative R1C1 formula as A1, for the cell at (row, column), 1-based. */
export function fromR1C1(formula: string, row: number, column: number): string {
  return mapTokens(formula, (text, _next, at) => {
    if (text.charCodeAt(0) !== 82) return { text, length: text.length }; // not "R…"
    const rest = formula.slice(at);
    const m = R1C1_REF.exec(rest);
    const after = m ? rest[m[0].length] ?? '' : '';
    if (!m || (after !== '' && isTokenChar(after.charCodeAt(0))) || !isReferencePosition(after)) return { text, length: text.length };
    const r = part(m[1], row);
    const c = part(m[2], column);
    if (r.n < 1 || c.n < 1 || c.n > MAX_COLUMN) throw new RangeError(`${m[0]} points outside the sheet from R${row}C${column}`);
    return { text: `${c.abs ? '$' : ''}${col(c.n)}${r.abs ? '$' : ''}${r.n}`, length: m[0].length };
  });
}
