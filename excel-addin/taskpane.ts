/// <reference types="office-js" />
/**
 * The Excel task pane (the shared runtime's page): the shared function reference in the user's
 * display language, inserting formulas at the selected cell with Excel.run.
 */
import { FUNCTIONS } from '../core/index.js';
import { resolveLocale } from '../core/i18n.js';
import { mountReference } from '../ui/reference.js';

async function insert(formula: string): Promise<void> {
  if (typeof Excel === 'undefined') throw new Error('Excel is not available on this page');
  await Excel.run(async (context) => {
    const cell = context.workbook.getSelectedRange().getCell(0, 0);
    cell.formulas = [[formula]];
    await context.sync();
  });
}

function start(language: string | undefined): void {
  const root = document.getElementById('app');
  if (!root) return;
  mountReference(root, { functions: FUNCTIONS, locale: resolveLocale(language), prefix: 'KPI.', insert });
}

if (typeof Office !== 'undefined' && typeof Office.onReady === 'function') {
  void Office.onReady(() => {
    let language: string | undefined;
    try {
      language = Office.context?.displayLanguage;
    } catch {
      language = undefined;
    }
    start(language || navigator.language);
  });
} else {
  start(navigator.language);
}
