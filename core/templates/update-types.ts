/**
 * What updating a generated sheet set takes and gives: shared by the core (update.ts), the hosts
 * (Excel, Sheets, the command line) and the UI.
 */
import type { Localized } from '../types.js';
import type { WorkbookDesc } from './types.js';

/** Row 1 of a generated sheet holds, in a hidden column, its recipe: this prefix and JSON. */
export const RECIPE_PREFIX = 'kpikit:';

/** One employee of a review's roster. */
export interface RosterEntry {
  readonly name: string;
  readonly department: string | null;
}

/** A sheet as a host reads it, from A1: values (as shown to formulas) and formulas ("=…", or the value where none). */
export interface SheetGrid {
  readonly name: string;
  readonly values: readonly (readonly unknown[])[];
  readonly formulas: readonly (readonly unknown[])[];
}

/** What an update did, for the user. */
export interface UpdateReport {
  /** Employees kept, with everything typed for them. */
  readonly kept: number;
  readonly added: readonly string[];
  /** Employees no longer listed: their rows moved to the archive sheet. */
  readonly archived: readonly string[];
  /** KPI lines of the plan the review covers now and did not before. */
  readonly kpisAdded: number;
  /** Computed cells someone had typed over, written back as formulas (sheet!cell). */
  readonly restored: readonly string[];
  /** The archive sheet's name, when rows were archived. */
  readonly archiveSheet?: string;
}

/** A generated sheet set the update can rewrite, as found from one of its sheets. */
export interface UpdateChoice {
  /** The sheet holding the recipe (the review). */
  readonly sheet: string;
  /** Every sheet the update reads and rewrites (review, and bonus, dashboard and archive where they belong to it). */
  readonly sheets: readonly string[];
  readonly roster: readonly RosterEntry[];
  readonly kpis: number;
  /** What the set is, for the words of the update (a review when absent). */
  readonly kind?: 'review' | 'bonus' | 'feedback360';
  /** Why the set cannot be updated as it is (its sheets changed shape since they were made); the roster is then empty. */
  readonly problem?: Localized;
}

export type UpdatePlan =
  | {
      readonly ok: true;
      /** The new sheets, named as the sheets they replace (plus an archive sheet under a free name). */
      readonly desc: WorkbookDesc;
      /** Existing sheets the desc's sheets of the same names replace. */
      readonly replace: readonly string[];
      readonly report: UpdateReport;
      /** A fingerprint of every typed cell as read: read again before the swap; a change means someone else edited. */
      readonly typed: string;
    }
  | { readonly ok: false; readonly message: Localized };
