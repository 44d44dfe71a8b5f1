/**
 * The one contract between the UI (task pane, sidebar) and its host. Excel implements it with
 * Office.js in the page; Sheets with google.script.run calls to the add-on's server functions.
 * The UI knows nothing else about either host.
 */
import type { Locale } from '../core/types.js';
import type { PlanMapping, TemplateKind } from '../core/templates/index.js';
import type { RenderOutcome, RenderProgress } from '../core/templates/render.js';

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
  insertTemplate(request: InsertRequest, onProgress: (p: RenderProgress) => void): Promise<RenderOutcome>;
  /** Writes a formula into the selected cell; an occupied cell is replaced only with overwrite. */
  insertFormula(formula: string, overwrite: boolean): Promise<InsertFormulaResult>;
}
