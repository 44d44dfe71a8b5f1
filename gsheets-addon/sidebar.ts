/**
 * The Sheets sidebar: the shared function reference, inserting formulas through the server-side
 * `insertFormula` (google.script.run). `showReference` writes the user's language into the page.
 */
import { FUNCTIONS } from '../core/index.js';
import { resolveLocale } from '../core/i18n.js';
import { mountReference } from '../ui/reference.js';

interface ScriptRun {
  withSuccessHandler(handler: (value: unknown) => void): ScriptRun;
  withFailureHandler(handler: (error: unknown) => void): ScriptRun;
  insertFormula(formula: string): void;
}

declare const google: { script: { run: ScriptRun } };

function insert(formula: string): Promise<void> {
  return new Promise((resolve, reject) => {
    google.script.run
      .withSuccessHandler(() => resolve())
      .withFailureHandler((error) => reject(error instanceof Error ? error : new Error(String(error))))
      .insertFormula(formula);
  });
}

const root = document.getElementById('app');
if (root) {
  const tag = document.documentElement.getAttribute('data-locale');
  mountReference(root, {
    functions: FUNCTIONS,
    locale: resolveLocale(tag || navigator.language),
    prefix: '',
    insert,
  });
}
