/** Values that cross the boundary between a host and the core. */

export const ERROR_CODES = ['#VALUE!', '#DIV/0!', '#NUM!', '#N/A', '#REF!'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error value: what a spreadsheet shows as #VALUE!, #DIV/0!, ... with a readable message. */
export interface KpiError {
  readonly code: ErrorCode;
  readonly message: string;
}

/** One cell after normalisation: blank is `null`. */
export type Cell = number | string | boolean | null | KpiError;

/** A rectangular block of cells, row by row. */
export type Matrix = Cell[][];

/** One result cell: a number, text ("" is blank), a boolean copied from a table, or an error. */
export type ResultCell = number | string | boolean | KpiError;

/** What a function returns: one value, or a 2-D array for a range result. */
export type Result = ResultCell | ResultCell[][];

export type Locale = 'en' | 'zh-CN';
export const LOCALES: readonly Locale[] = ['en', 'zh-CN'];

/** A text in every supported language. */
export type Localized = Record<Locale, string>;
