/**
 * One comparable picture of what a renderer wrote into a workbook, whichever host it wrote to:
 * the Office.js fake, the SpreadsheetApp fake and the .xlsx file (read back) each give one, and
 * the parity test compares them cell by cell and recalculates them in HyperFormula.
 *
 * Conventions, so that three hosts give equal snapshots for one description:
 * - addresses are A1 without sheet names or "$" ("B7", ranges "B7:D9");
 * - a cell is present only when it holds something: text as the text itself (no apostrophe
 *   marker), numbers and booleans as such, formulas as written with their leading "=";
 * - a number format is present only where it is not General;
 * - validations and unlocked cells are per cell, so hosts that store ranges differently agree;
 *   a validation is its canonical rule text (see `validationKey`), the formula written for the
 *   top-left cell of the range it was set on;
 * - lists are sorted.
 */

export type SnapCell = { readonly v: number | string | boolean } | { readonly f: string };

export interface ChartSnapshot {
  readonly type: 'bar' | 'column';
  readonly title: string;
  /** A1 range on the chart's sheet. */
  readonly categories: string;
  readonly series: readonly { readonly name: string; readonly values: string }[];
  /** Top-left cell of the chart. */
  readonly anchor: string;
}

export interface SheetSnapshot {
  readonly name: string;
  readonly hidden: boolean;
  readonly cells: Readonly<Record<string, SnapCell>>;
  readonly numFmts: Readonly<Record<string, string>>;
  /** Merged ranges, sorted. */
  readonly merges: readonly string[];
  readonly frozen: { readonly rows: number; readonly columns: number };
  /** 1-based numbers of hidden columns, sorted. */
  readonly hiddenColumns: readonly number[];
  /** Cell → canonical validation rule (`validationKey`). */
  readonly validations: Readonly<Record<string, string>>;
  /** "range|formula|style", sorted. */
  readonly conditionalFormats: readonly string[];
  readonly protected: boolean;
  /** Cells left unlocked (editable) on a protected sheet, sorted by row then column. */
  readonly unlocked: readonly string[];
  readonly charts: readonly ChartSnapshot[];
  /** Where the cursor is put, when the host records it. */
  readonly activeCell?: string;
}

export interface WorkbookSnapshot {
  /** In the workbook's tab order. */
  readonly sheets: readonly SheetSnapshot[];
  /** Workbook name → absolute reference "'Sheet'!$A$2:$A$9". */
  readonly names: Readonly<Record<string, string>>;
}

/** The canonical text of a validation rule. */
export function validationKey(rule: {
  readonly type: 'list' | 'decimal' | 'custom';
  /** For lists: "=Name" / "=Sheet!$A$1:$A$5", or literal items joined by ",". */
  readonly source?: string;
  readonly min?: number;
  readonly max?: number;
  readonly formula?: string;
  readonly allowBlank: boolean;
}): string {
  const blank = rule.allowBlank ? 'blank' : 'noblank';
  switch (rule.type) {
    case 'list':
      return `list|${rule.source ?? ''}|${blank}`;
    case 'decimal':
      return `decimal|${rule.min ?? ''}|${rule.max ?? ''}|${blank}`;
    case 'custom':
      return `custom|${rule.formula ?? ''}|${blank}`;
  }
}
