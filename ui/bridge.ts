/**
 * The one contract between the UI (task pane, sidebar) and its host. Excel implements it with
 * Office.js in the page; Sheets with google.script.run calls to the add-on's server functions.
 * The UI knows nothing else about either host.
 */
import type { Locale, Localized } from '../core/types.js';
import type { PlanMapping, TemplateKind } from '../core/templates/index.js';
import type { Role } from '../core/templates/read-table.js';
import type { RenderOutcome, RenderProgress } from '../core/templates/render.js';
import type { RosterEntry, UpdateChoice, UpdateReport } from '../core/templates/update-types.js';
import type { ExportRequest } from '../core/templates/export.js';

export type { ExportRequest, RosterEntry, UpdateChoice, UpdateReport };

export type HostKind = 'excel' | 'sheets';

export interface HostInfo {
  readonly host: HostKind;
  /** The host's display language, as the core names it. */
  readonly locale: Locale;
  /** False where templates cannot be written (Excel below ExcelApi 1.8); functions still work. */
  readonly templates: boolean;
  /**
   * False where the custom functions cannot run (Excel builds without CustomFunctionsRuntime 1.2
   * or SharedRuntime 1.1); absent where they always can (Sheets).
   */
  readonly functions?: boolean;
}

/** A sheet of the open workbook that holds a plan table a review can read. */
export interface PlanChoice {
  readonly sheet: string;
  /** The table found on it (header row, rows, columns), passed back as the review's `plan`. */
  readonly mapping: PlanMapping;
  /** Number of KPI rows. */
  readonly kpis: number;
  /**
   * True for a table of the user's own (not a KPI Kit plan sheet): a review reads it through a
   * helper sheet, after the user confirms which column holds what (`readTable`).
   */
  readonly own?: boolean;
}

/** A user's table as read from a sheet's values, for the user to confirm. */
export interface TableProposal {
  readonly sheet: string;
  /** Sheet row of the header (its first row when it spans two). */
  readonly headerRow: number;
  readonly headerRows: number;
  /** Sheet rows of the KPI lines. */
  readonly firstRow: number;
  readonly lastRow: number;
  /**
   * The table's columns, left to right: header text as written, up to two values, the role
   * proposed; for a system export read one column per KPI, the KPI a column holds.
   */
  readonly columns: readonly { readonly letter: string; readonly header: string; readonly samples: readonly string[]; readonly role?: Role; readonly kpi?: string }[];
  /** Cells that give no value under the proposed roles (cell address, text, reason). */
  readonly problems: readonly { readonly cell: string; readonly field: string; readonly text: string; readonly message: Localized }[];
}

/** The confirmed reading of a user's table: roles → column letters, and its rows. */
export interface UserPlanRequest {
  readonly sheet: string;
  readonly mapping: {
    readonly headerRow: number;
    readonly firstRow: number;
    readonly lastRow: number;
    readonly columns: Partial<Record<Role, string>>;
  };
}

/** What the options form sends: the fields of TemplateOptions, unvalidated (the host validates). */
export interface InsertRequest {
  readonly kind: TemplateKind;
  readonly lang: Locale;
  readonly preset?: string;
  readonly period: string;
  readonly department?: string;
  readonly rows?: number;
  readonly sample: boolean;
  /** For a review or dashboard: the plan table to read (from `plans()`); none: a plan is made alongside. */
  readonly plan?: PlanMapping;
  /** For a review: the user's own table as confirmed (the review then reads it through a helper sheet). */
  readonly userPlan?: UserPlanRequest;
  /** For a review or dashboard: a system export on a sheet of the workbook the actuals come from, as confirmed. */
  readonly actuals?: ExportRequest;
}


/** Update a generated review (and its bonus and dashboard) to a new roster, keeping what was typed. */
export interface UpdateRequest {
  /** The sheet holding the recipe, from `updateChoice()`. */
  readonly sheet: string;
  /** The whole new roster: employees not in it are archived, new ones get rows. */
  readonly roster: readonly RosterEntry[];
}

export interface UpdateOutcome {
  readonly report: UpdateReport;
  readonly outcome: RenderOutcome;
}

export type InsertFormulaResult =
  | { readonly status: 'inserted'; readonly address: string }
  /** The selected cell holds something: nothing was written; ask, then call again with overwrite. */
  | { readonly status: 'occupied'; readonly address: string; readonly current: string };

export interface Bridge {
  info(): Promise<HostInfo>;
  /** Sheets of the open workbook with a plan table, for the review's plan choice. */
  plans(): Promise<PlanChoice[]>;
  /**
   * Validates the request, generates the template and writes it into the open workbook, reporting
   * progress. Rejects with a RenderError (or an Error whose message is already localized, for a
   * bad option); the workbook is then as it was.
   */
  /**
   * Reads a sheet's table (the active sheet without `sheet`) into a proposal for the confirm step;
   * null when the sheet holds nothing. The sheet is read, never changed.
   */
  readTable(sheet?: string): Promise<TableProposal | null>;
  /**
   * Names of the workbook's visible sheets, in tab order, for choosing the sheet of a system export
   * (InsertRequest.actuals). Optional: without it the pane reads the active sheet (`readTable()`).
   */
  sheets?(): Promise<string[]>;
  insertTemplate(request: InsertRequest, onProgress: (p: RenderProgress) => void): Promise<RenderOutcome>;
  /**
   * The generated sheet set the active sheet belongs to (found by its recipe), with its roster;
   * null when the active sheet was not made by the add-in.
   */
  updateChoice(): Promise<UpdateChoice | null>;
  /**
   * Rewrites the set for the new roster, keeping every typed cell with its employee and KPI.
   * Rejects with a RenderError ('edited' when someone else changed a typed cell meanwhile); the
   * workbook is then as it was.
   */
  update(request: UpdateRequest, onProgress: (p: RenderProgress) => void): Promise<UpdateOutcome>;
  /** Writes a formula into the selected cell; an occupied cell is replaced only with overwrite. */
  insertFormula(formula: string, overwrite: boolean): Promise<InsertFormulaResult>;
}
