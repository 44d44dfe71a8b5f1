/// <reference types="office-js" />
/**
 * The Excel task pane (the shared runtime's page): the KPI Kit pane, templates first, with the
 * function reference one tab away. `?view=reference` opens the reference first.
 */
import { resolveLocale } from '../core/i18n.js';
import { mountApp } from '../ui/app.js';
import { referenceSource } from '../ui/reference.js';
import { excelBridge } from './bridge.js';

function start(language: string | undefined): void {
  const root = document.getElementById('app');
  if (!root) return;
  mountApp(root, {
    bridge: excelBridge(),
    host: 'excel',
    reference: referenceSource('KPI.'),
    view: new URLSearchParams(location.search).get('view') === 'reference' ? 'reference' : 'templates',
    locale: resolveLocale(language),
  });
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
