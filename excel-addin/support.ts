/// <reference types="office-js" />
/**
 * Which Excel requirement sets the open host supports, for the template renderer. Templates need
 * ExcelApi 1.8 (data validation); later sets are detected, never assumed, and each has a fallback.
 */

export interface ExcelFeatures {
  /** ExcelApi 1.8: data validation, so templates at all. Below it nothing is written. */
  readonly templates: boolean;
  /** ExcelApi 1.7: chart series setXAxisValues / setValues, freezePanes, protection options. */
  readonly api17: boolean;
  /** ExcelApi 1.9: Range.copyFrom (formulas filled down by copy instead of sent cell by cell). */
  readonly copyFrom: boolean;
  /** ExcelApi 1.9: application.suspendScreenUpdatingUntilNextSync. */
  readonly suspendScreenUpdating: boolean;
  /** ExcelApi 1.20: Excel.run({ mergeUndoGroup: true }), one undo step for the whole render. */
  readonly mergeUndoGroup: boolean;
}

/** Every feature on: what a current Microsoft 365 build reports. */
export const ALL_FEATURES: ExcelFeatures = {
  templates: true,
  api17: true,
  copyFrom: true,
  suspendScreenUpdating: true,
  mergeUndoGroup: true,
};

/** The features of a host that reports the requirement sets `isSet` says it supports. */
export function featuresFrom(isSet: (version: string) => boolean): ExcelFeatures {
  const at = (v: string): boolean => {
    try {
      return isSet(v) === true;
    } catch {
      return false;
    }
  };
  const templates = at('1.8');
  const v19 = templates && at('1.9');
  return {
    templates,
    api17: at('1.7'),
    copyFrom: v19,
    suspendScreenUpdating: v19,
    mergeUndoGroup: v19 && at('1.20'),
  };
}

/** The features of the Excel this page runs in (none outside Office). */
export function excelFeatures(): ExcelFeatures {
  const requirements = typeof Office !== 'undefined' ? Office.context?.requirements : undefined;
  if (!requirements || typeof requirements.isSetSupported !== 'function') return featuresFrom(() => false);
  return featuresFrom((v) => requirements.isSetSupported('ExcelApi', v));
}

/**
 * Whether the open Excel can run the =KPI.* custom functions. They need CustomFunctionsRuntime 1.2
 * (CustomFunctions.Error; 1.1 registers them) in the shared runtime (SharedRuntime 1.1). Retail
 * perpetual Excel installs the shared runtime from version 2002 but has CustomFunctionsRuntime 1.1
 * and 1.2 only from version 2311: before it the task pane opens and the functions do not exist.
 */
export interface FunctionsSupport {
  /** CustomFunctionsRuntime 1.2 and SharedRuntime 1.1: the =KPI.* functions run. */
  readonly customFunctions: boolean;
  /** SharedRuntime 1.1: the task pane and the functions share one page. */
  readonly sharedRuntime: boolean;
}

/** The functions support of a host that reports the requirement sets `isSet` says it supports. */
export function functionsSupportFrom(isSet: (set: string, version: string) => boolean): FunctionsSupport {
  const at = (set: string, v: string): boolean => {
    try {
      return isSet(set, v) === true;
    } catch {
      return false;
    }
  };
  const sharedRuntime = at('SharedRuntime', '1.1');
  return { customFunctions: sharedRuntime && at('CustomFunctionsRuntime', '1.2'), sharedRuntime };
}

/** The functions support of the Excel this page runs in (none outside Office). */
export function functionsSupport(): FunctionsSupport {
  const requirements = typeof Office !== 'undefined' ? Office.context?.requirements : undefined;
  if (!requirements || typeof requirements.isSetSupported !== 'function') return functionsSupportFrom(() => false);
  return functionsSupportFrom((set, v) => requirements.isSetSupported(set, v));
}
