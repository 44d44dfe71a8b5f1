import { DEFAULT_BANDS } from '../options.js';
import type { Locale } from '../types.js';
import { abs, absRange, addr, range } from './a1.js';
import { f, v, type SheetBuilder } from './builder.js';
import { numberOr, numberOrBlank } from './formulas.js';
import { label, type LabelKey } from './labels.js';
import type { CellSpec, Validation } from './types.js';

export interface BandsRefs {
  /** The bounds below the catch-all row (ascending), for MATCH(..., 1). */
  readonly bounds: string;
  /** Grades and coefficients of every row, the catch-all first. */
  readonly grades: string;
  readonly coefficients: string;
  /** The whole table, bound | grade | coefficient. */
  readonly table: string;
  /** Sheet rows of the table's data. */
  readonly firstRow: number;
  readonly lastRow: number;
  readonly column: number;
}

/** The default bands, ascending, the catch-all row first. */
export const ASCENDING_BANDS: readonly (readonly [number | null, string, number])[] = [...DEFAULT_BANDS].reverse();

/**
 * A grade bands table HR may edit: lower bound | grade | coefficient, ascending, the blank-bound
 * catch-all row first (locked); validation keeps the bounds numbers in ascending order.
 */
export function bandsTable(s: SheetBuilder, lang: Locale, c: number, titleRow: number): BandsRefs {
  const headerRow = titleRow + 1;
  const first = headerRow + 1;
  const last = first + ASCENDING_BANDS.length - 1;
  s.line(c, c + 2, titleRow, label(lang, 'label.bands'), 'subtitle');
  s.row(c, headerRow, [v(label(lang, 'col.lowerBound')), v(label(lang, 'col.grade')), v(label(lang, 'col.coefficient'))]);
  s.style(range(c, headerRow, c + 2, headerRow), 'header');
  s.put(
    c,
    first,
    ASCENDING_BANDS.map(([bound, grade, coef]) => [v(bound), v(grade), v(coef)]),
  );
  s.style(range(c, first, c + 2, last), 'input');
  s.style(range(c, first, c, first), 'formula');
  s.format(range(c, first, c, last), '0%');
  s.format(range(c + 2, first, c + 2, last), '0.00');
  s.line(c, c + 2, last + 1, label(lang, 'note.bands'), 'note');
  s.width(c, 12);
  s.width(c + 1, 10);
  s.width(c + 2, 12);
  validateBands(s, lang, c, first, last);
  return {
    bounds: absRange(c, first + 1, c, last),
    grades: absRange(c + 1, first, c + 1, last),
    coefficients: absRange(c + 2, first, c + 2, last),
    table: absRange(c, first, c + 2, last),
    firstRow: first,
    lastRow: last,
    column: c,
  };
}

/** The catch-all row's bound stays blank, the other bounds are numbers in ascending order, coefficients not negative. */
function validateBands(s: SheetBuilder, lang: Locale, c: number, first: number, last: number): void {
  const b = (r: number) => addr(c, r);
  s.validate({ range: b(first), type: 'custom', formula: `=LEN(${b(first)})=0`, allowBlank: true, message: label(lang, 'msg.catchAll') });
  s.validate({
    range: b(first + 1),
    type: 'custom',
    formula: `=AND(ISNUMBER(${b(first + 1)}),OR(LEN(${b(first + 2)})=0,${b(first + 1)}<=${b(first + 2)}))`,
    allowBlank: true,
    message: label(lang, 'msg.bound'),
  });
  s.validate({
    range: range(c, first + 2, c, last - 1),
    type: 'custom',
    formula: `=AND(ISNUMBER(${b(first + 2)}),${b(first + 2)}>=${b(first + 1)},OR(LEN(${b(first + 3)})=0,${b(first + 2)}<=${b(first + 3)}))`,
    allowBlank: true,
    message: label(lang, 'msg.bound'),
  });
  s.validate({
    range: b(last),
    type: 'custom',
    formula: `=AND(ISNUMBER(${b(last)}),${b(last)}>=${b(last - 1)})`,
    allowBlank: true,
    message: label(lang, 'msg.bound'),
  });
  s.validate({ range: range(c + 2, first, c + 2, last), type: 'decimal', min: 0, allowBlank: true, message: label(lang, 'msg.coefficient') });
}

export interface Setting {
  readonly key: string;
  readonly label: LabelKey;
  readonly value: number | string | null;
  readonly numFmt: string;
  /** The value used where the cell is blank; null keeps a blank as "". */
  readonly dflt: number | null;
  readonly message: LabelKey;
  readonly min?: number;
  readonly max?: number;
  /** A custom rule instead of min / max, with {cell} where the setting's cell goes. */
  readonly rule?: string;
  readonly allowBlank?: boolean;
  /** How the hidden cell reads the typed value (default: a number, blank → dflt). */
  readonly convert?: (cell: string) => string;
}

/**
 * A settings block: labels, input values, and in a hidden column beside them the values as the
 * formulas use them (blank → default, text typed as a number → number). Returns the absolute
 * reference of each converted value.
 */
export function settingsBlock(
  s: SheetBuilder,
  lang: Locale,
  c: number,
  headerRow: number,
  settings: readonly Setting[],
): Record<string, string> {
  s.row(c, headerRow, [v(label(lang, 'col.setting')), v(label(lang, 'col.value')), v('value')]);
  s.style(range(c, headerRow, c + 1, headerRow), 'header');
  const rows: CellSpec[][] = settings.map((st, i) => {
    const cell = addr(c + 1, headerRow + 1 + i);
    const conv = st.convert ? st.convert(cell) : st.dflt === null ? numberOrBlank(cell) : numberOr(cell, String(st.dflt));
    return [v(label(lang, st.label)), v(st.value), f(conv)];
  });
  s.put(c, headerRow + 1, rows);
  const first = headerRow + 1;
  const last = headerRow + settings.length;
  s.style(range(c, first, c, last), 'formula');
  s.style(range(c + 1, first, c + 1, last), 'input');
  s.width(c, 30);
  s.width(c + 1, 11);
  s.width(c + 2, 8, true);
  const out: Record<string, string> = {};
  settings.forEach((st, i) => {
    const r = first + i;
    s.format(addr(c + 1, r), st.numFmt);
    const at = addr(c + 1, r);
    const allowBlank = st.allowBlank ?? true;
    const message = label(lang, st.message);
    const rule: Validation =
      st.rule !== undefined
        ? { range: at, type: 'custom', formula: `=${st.rule.replace(/\{cell\}/g, at)}`, allowBlank, message }
        : {
            range: at,
            type: 'decimal',
            ...(st.min !== undefined ? { min: st.min } : {}),
            ...(st.max !== undefined ? { max: st.max } : {}),
            allowBlank,
            message,
          };
    s.validate(rule);
    s.cell(st.key, addr(c + 1, r));
    out[st.key] = abs(c + 2, r);
  });
  return out;
}
