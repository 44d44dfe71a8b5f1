/**
 * The searchable function reference shown in the Excel task pane and the Google Sheets sidebar.
 * It renders from the registry; each host passes in how to insert a formula at the selected cell.
 */
import type { FunctionMeta } from '../core/registry.js';
import type { Locale } from '../core/types.js';
import { UI_TEXT, exampleText, fill, searchText, signature } from './text.js';

export interface ReferenceOptions {
  readonly functions: readonly FunctionMeta[];
  readonly locale: Locale;
  /** Written before each function name in inserted formulas and signatures: `KPI.` in Excel. */
  readonly prefix: string;
  /** Writes the formula into the selected cell. */
  readonly insert: (formula: string) => Promise<void>;
}

export interface ReferenceView {
  setLocale(locale: Locale): void;
  readonly locale: Locale;
}

export const REFERENCE_CSS = `
.kpi-ref{font:13px/1.45 "Segoe UI","PingFang SC","Microsoft YaHei",system-ui,sans-serif;color:#1f2328;padding:12px;max-width:720px}
.kpi-ref header{display:flex;align-items:center;justify-content:space-between;gap:8px}
.kpi-ref h1{font-size:17px;margin:0}
.kpi-ref .lang{display:flex;gap:2px}
.kpi-ref .lang button{border:1px solid #8c959f;background:#fff;padding:2px 8px;cursor:pointer;font:inherit}
.kpi-ref .lang button[aria-pressed=true]{background:#1a5fb4;border-color:#1a5fb4;color:#fff}
.kpi-ref .sub,.kpi-ref .note{color:#57606a;margin:6px 0}
.kpi-ref .note{font-size:12px}
.kpi-ref input[type=search]{width:100%;box-sizing:border-box;padding:6px 8px;font:inherit;border:1px solid #8c959f;border-radius:4px;margin:6px 0}
.kpi-ref .status{min-height:1.45em;font-size:12px;color:#1a7f37;word-break:break-all}
.kpi-ref .status.err{color:#cf222e}
.kpi-ref section{border-top:1px solid #d0d7de;padding:10px 0}
.kpi-ref h2{font-size:14px;margin:0 0 4px;font-family:Consolas,"SFMono-Regular",monospace;word-break:break-word}
.kpi-ref p{margin:4px 0}
.kpi-ref dl{margin:4px 0;display:grid;grid-template-columns:max-content 1fr;gap:2px 10px}
.kpi-ref dt{font-family:Consolas,"SFMono-Regular",monospace}
.kpi-ref dt small{font-family:inherit;color:#57606a}
.kpi-ref dd{margin:0}
.kpi-ref h3{font-size:12px;margin:8px 0 2px;color:#57606a;text-transform:uppercase}
.kpi-ref .ex{display:flex;align-items:center;gap:6px;margin:3px 0}
.kpi-ref .ex code{flex:1;background:#f6f8fa;padding:2px 4px;border-radius:3px;word-break:break-all}
.kpi-ref .ex .res{color:#57606a;white-space:nowrap;max-width:35%;overflow:hidden;text-overflow:ellipsis}
.kpi-ref .ex button{border:1px solid #1a5fb4;background:#1a5fb4;color:#fff;border-radius:3px;padding:2px 8px;cursor:pointer;font:inherit}
.kpi-ref .ex button:disabled{opacity:.6;cursor:default}
.kpi-ref .empty{color:#57606a;padding:8px 0}
`;

const LANGS: readonly { locale: Locale; label: string }[] = [
  { locale: 'zh-CN', label: '中文' },
  { locale: 'en', label: 'English' },
];

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

function ensureStyle(): void {
  if (document.getElementById('kpi-ref-style')) return;
  const style = el('style', { id: 'kpi-ref-style' }, REFERENCE_CSS);
  document.head.append(style);
}

/** Renders the reference into `root` and keeps it up to date as the user searches or switches language. */
export function mountReference(root: HTMLElement, options: ReferenceOptions): ReferenceView {
  ensureStyle();
  let locale = options.locale;
  let query = '';
  let statusText = '';
  let statusError = false;
  let busy = false;
  const haystacks = new Map(options.functions.map((f) => [f.name, searchText(f)]));

  const setStatus = (text: string, error: boolean) => {
    statusText = text;
    statusError = error;
    const node = root.querySelector('.status');
    if (node) {
      node.textContent = text;
      node.classList.toggle('err', error);
    }
  };

  const matches = (fn: FunctionMeta): boolean => {
    const terms = query.toLowerCase().split(/[\s\u3000]+/).filter(Boolean);
    const hay = haystacks.get(fn.name) ?? '';
    return terms.every((t) => hay.includes(t));
  };

  const insert = async (formula: string, button: HTMLButtonElement) => {
    if (busy) return;
    busy = true;
    const t = UI_TEXT[locale];
    button.disabled = true;
    setStatus(t.inserting, false);
    try {
      await options.insert(formula);
      setStatus(fill(UI_TEXT[locale].inserted, { formula }), false);
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      setStatus(fill(UI_TEXT[locale].insertFailed, { error }), true);
    } finally {
      busy = false;
      button.disabled = false;
    }
  };

  const renderList = (list: HTMLElement) => {
    const t = UI_TEXT[locale];
    list.replaceChildren();
    const shown = options.functions.filter(matches);
    if (shown.length === 0) {
      list.append(el('p', { class: 'empty' }, fill(t.noMatch, { query })));
      return;
    }
    for (const fn of shown) {
      const params = el('dl');
      for (const p of fn.params) {
        const name = locale === 'en' ? p.name : `${p.title[locale]} (${p.name})`;
        const dt = el('dt', {}, name);
        if (p.optional) dt.append(' ', el('small', {}, t.optional));
        params.append(dt, el('dd', {}, p.description[locale]));
      }
      const examples = el('div', { class: 'examples' });
      for (const ex of fn.examples) {
        const { formula, result } = exampleText(fn, ex, options.prefix);
        const button = el('button', { type: 'button', title: `${t.insert} ${formula}` }, t.insert);
        button.addEventListener('click', () => void insert(formula, button));
        examples.append(
          el('div', { class: 'ex' }, el('code', {}, formula), el('span', { class: 'res', title: result }, `→ ${result}`), button),
        );
      }
      list.append(
        el(
          'section',
          { id: `fn-${fn.name}`, 'data-name': fn.name },
          el('h2', {}, signature(fn, locale, options.prefix)),
          el('p', {}, fn.description[locale]),
          el('h3', {}, t.parameters),
          params,
          el('h3', {}, t.examples),
          examples,
        ),
      );
    }
  };

  const render = () => {
    const t = UI_TEXT[locale];
    document.documentElement.lang = locale;
    const langs = el('div', { class: 'lang', role: 'group', 'aria-label': t.language });
    for (const l of LANGS) {
      const b = el('button', { type: 'button', 'data-locale': l.locale, 'aria-pressed': String(l.locale === locale) }, l.label);
      b.addEventListener('click', () => view.setLocale(l.locale));
      langs.append(b);
    }
    const search = el('input', { type: 'search', placeholder: t.search, 'aria-label': t.search });
    search.value = query;
    const list = el('div', { class: 'list' });
    search.addEventListener('input', () => {
      query = search.value;
      renderList(list);
    });
    const status = el('div', { class: statusError ? 'status err' : 'status', role: 'status', 'aria-live': 'polite' }, statusText);
    root.replaceChildren(
      el(
        'div',
        { class: 'kpi-ref' },
        el('header', {}, el('h1', {}, t.title), langs),
        el('p', { class: 'sub' }, t.subtitle),
        el('p', { class: 'note' }, t.excelPrefixNote),
        search,
        status,
        list,
      ),
    );
    renderList(list);
  };

  const view: ReferenceView = {
    setLocale(next: Locale) {
      if (next === locale) return;
      locale = next;
      setStatus('', false);
      render();
    },
    get locale() {
      return locale;
    },
  };
  render();
  return view;
}
