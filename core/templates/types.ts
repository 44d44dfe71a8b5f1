/**
 * A host-neutral description of the sheets a template adds. The Excel renderer (Office.js), the
 * Sheets renderer (SpreadsheetApp) and the .xlsx renderer (exceljs) all write this one
 * description and decide nothing about content.
 *
 * Addresses are A1 text without a sheet name ("B2", "B2:B101"), relative to the sheet they sit in.
 * Formulas are English-function native formulas with a leading "=", referring to other sheets by
 * their final names (the generator picks free names from `existingSheets`, so no renderer renames).
 */

export type StyleName =
  | 'title' // merged title cell
  | 'subtitle' // period label, notes under the title
  | 'header' // column headers
  | 'input' // cells the user types into: light fill, unlocked
  | 'formula' // computed cells: locked, no fill
  | 'total' // total / check rows
  | 'note'; // help text

/** One cell: a value written as data (text is never parsed as a formula), or a native formula. */
export type CellSpec = { v: number | string | boolean | null } | { f: string };

/** A rectangle of cells written in one call, starting at `at`. Rows may not be ragged. */
export interface Block {
  readonly at: string;
  readonly cells: readonly (readonly CellSpec[])[];
}

export interface ColumnSpec {
  /** Width in characters (Excel's unit); renderers convert to points or pixels. */
  readonly width: number;
  /** Helper columns are hidden. */
  readonly hidden?: boolean;
}

export interface StyleRange {
  readonly range: string;
  readonly style: StyleName;
}

export interface FormatRange {
  readonly range: string;
  /** An Excel number format code, e.g. "0.0%", "#,##0.00", "0". */
  readonly numFmt: string;
}

/**
 * Number formats cell by cell over a rectangle, for a column whose rows differ (a review's actuals
 * by their KPI's unit). Written after `formats`, so it wins where both cover a cell.
 */
export interface FormatGrid {
  /** Top-left cell, e.g. "I5". */
  readonly at: string;
  /** [row][column] Excel number format codes ("General", "0.0%", "#,##0"); rows may not be ragged. */
  readonly numFmts: readonly (readonly string[])[];
}

export type Validation =
  | {
      readonly range: string;
      readonly type: 'list';
      /** A formula range ("=KPI_Directions") or the literal choices. */
      readonly source: string | readonly string[];
      readonly allowBlank: boolean;
      readonly message: string;
    }
  | {
      readonly range: string;
      readonly type: 'decimal';
      readonly min?: number;
      readonly max?: number;
      readonly allowBlank: boolean;
      readonly message: string;
    }
  | {
      /** A custom rule: valid where the formula (written for the range's top-left cell) is true. */
      readonly range: string;
      readonly type: 'custom';
      readonly formula: string;
      readonly allowBlank: boolean;
      readonly message: string;
    };

export interface ConditionalFormat {
  readonly range: string;
  /** True where the format applies; written for the range's top-left cell. */
  readonly formula: string;
  readonly style: 'bad' | 'good' | 'warn';
}

export interface ChartRequest {
  readonly type: 'bar' | 'column';
  readonly title: string;
  /** Category labels and one or more series, as ranges on this sheet. */
  readonly categories: string;
  readonly series: readonly { readonly name: string; readonly values: string }[];
  /** Top-left cell where a host that draws charts puts it. */
  readonly anchor: string;
}

/**
 * How a sheet prints (A4 landscape). Renderers that can set up pages write it: the .xlsx renderer
 * does; Office.js could (worksheet.pageLayout, ExcelApi 1.9) but the Excel renderer does not write
 * it yet; Apps Script has no print-setup API, so the Sheets renderer cannot.
 */
export interface PrintSetup {
  /**
   * Print areas, A1 ranges on the sheet ("A1:N52"), first the main table's. Excel prints each area
   * on pages of its own, LibreOffice too. A chart anchored inside an area prints with it (the
   * renderer widens the area to the chart's extent).
   */
  readonly areas: readonly string[];
  /** Rows repeated at the top of every printed page, e.g. "4:4" (the main table's header row). */
  readonly titleRows?: string;
  /** Columns repeated at the left of every page when an area prints across pages, e.g. "A:C". */
  readonly titleColumns?: string;
  /** Scale each area down to one page wide (else it prints at a legible scale across pages). */
  readonly fitWidth?: boolean;
  /** Scale each area down to one page tall as well (reports such as the dashboard). */
  readonly fitHeight?: boolean;
}

export interface SheetDesc {
  /** Which part of the template this is, stable across languages ("plan", "review", "lists", ...). */
  readonly key: string;
  /** The final, free sheet name. */
  readonly name: string;
  readonly hidden?: boolean;
  readonly columns: readonly ColumnSpec[];
  readonly frozen?: { readonly rows: number; readonly columns: number };
  readonly blocks: readonly Block[];
  readonly styles: readonly StyleRange[];
  readonly formats: readonly FormatRange[];
  /** Per-cell formats over rectangles (after `formats`). */
  readonly formatGrids?: readonly FormatGrid[];
  readonly validations: readonly Validation[];
  readonly conditionalFormats: readonly ConditionalFormat[];
  readonly merges: readonly string[];
  /** Formula cells are protected with a warning (no password); `input` styled ranges stay unlocked. */
  readonly protect: boolean;
  readonly charts: readonly ChartRequest[];
  /** Where the cursor lands when the sheet opens: the first cell a user types into. */
  readonly activeCell?: string;
  /**
   * Where things are, for programs that read or update the sheet later (the CLI's summary, tests,
   * a host that refreshes a generated sheet): renderers write nothing for these.
   */
  readonly tables?: readonly TableLayout[];
  /** Single cells by role, e.g. { pool: "C3", allocated: "F3" }. */
  readonly cells?: Readonly<Record<string, string>>;
  /** Page setup for printing; without it a renderer prints the whole sheet one page wide. */
  readonly print?: PrintSetup;
}

/** A table on a sheet: its header row, its data rows and the column of each field. */
export interface TableLayout {
  /** Stable across languages: "kpis", "employees", "bands", "ratings", ... */
  readonly key: string;
  readonly headerRow: number;
  readonly firstRow: number;
  readonly lastRow: number;
  /** Field → column letters, e.g. { actual: "I", achievement: "J" }. */
  readonly columns: Readonly<Record<string, string>>;
}

export interface NamedRange {
  /** A free workbook name, e.g. "KPI_Directions". */
  readonly name: string;
  /** Absolute reference with the sheet: "'KPI Lists'!$A$2:$A$9". */
  readonly ref: string;
}

export interface WorkbookDesc {
  readonly sheets: readonly SheetDesc[];
  readonly names: readonly NamedRange[];
  /** The language of the workbook's words: a renderer picks fonts by it (zh-CN: a Chinese font). */
  readonly lang?: 'en' | 'zh-CN';
}
