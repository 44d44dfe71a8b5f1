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
