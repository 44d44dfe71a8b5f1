/**
 * The Sheets sidebar: the KPI Kit pane (templates and function reference) over google.script.run.
 * The server writes the user's language and the first view into the page's <html> tag:
 * data-locale="zh-CN|en", data-view="templates|reference".
 */
import { resolveLocale } from '../core/i18n.js';
import { mountApp } from '../ui/app.js';
import { referenceSource } from '../ui/reference.js';
import { sheetsBridge } from './bridge.js';

const root = document.getElementById('app');
if (root) {
  const html = document.documentElement;
  const tag = html.getAttribute('data-locale');
  mountApp(root, {
    bridge: sheetsBridge(),
    host: 'sheets',
    reference: referenceSource(''),
    view: html.getAttribute('data-view') === 'reference' ? 'reference' : 'templates',
    locale: resolveLocale(tag || navigator.language),
  });
}
