/**
 * The searchable function reference shown in the Excel task pane and the Google Sheets sidebar,
 * rendered from the registry. Parameters are stacked (name above description) and example formulas
 * wrap only after "(" and ", ", so nothing is squeezed or scrolls sideways in a 300 px pane.
 * Insert never replaces a non-empty cell without asking.
 */
import { Fragment } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import type { FunctionMeta } from '../core/registry.js';
import type { Locale } from '../core/types.js';
import { APP_TEXT } from './app-text.js';
import type { Bridge } from './bridge.js';
import { valueOf } from './fields.js';
import { FUNCTION_META } from './function-meta.js';
import { formulaParts } from './messages.js';
import { UI_TEXT, exampleText, fill, searchText, signature } from './text.js';

/** What the reference lists and how its formulas are written in this host. */
export interface ReferenceSource {
  readonly functions: readonly FunctionMeta[];
  /** Written before each function name in inserted formulas and signatures: `KPI.` in Excel. */
  readonly prefix: string;
}

export function referenceSource(prefix: string): ReferenceSource {
  return { functions: FUNCTION_META, prefix };
}

/** A formula that may wrap only after "(" and ", ". */
export function Formula({ text }: { text: string }) {
  const parts = formulaParts(text);
  return (
    <code>
      {parts.map((p, i) => (
        <Fragment key={i}>
          {p}
          {i < parts.length - 1 ? <wbr /> : null}
        </Fragment>
      ))}
    </code>
  );
}

interface Pending {
  readonly formula: string;
  readonly address: string;
  readonly current: string;
}

/** Inserts an example formula in the selected cell, asking before it replaces a non-empty cell. */
function useFormulaInsert(bridge: Bridge, locale: Locale) {
  const t = UI_TEXT[locale];
  const [status, setStatus] = useState<{ text: string; error: boolean }>({ text: '', error: false });
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<Pending | null>(null);

  const insert = async (formula: string, overwrite: boolean) => {
    if (busy) return;
    setBusy(true);
    setPending(null);
    setStatus({ text: t.inserting, error: false });
    try {
      const r = await bridge.insertFormula(formula, overwrite);
      if (r.status === 'occupied') {
        setPending({ formula, address: r.address, current: r.current });
        setStatus({ text: '', error: false });
      } else {
        setStatus({ text: `${fill(t.inserted, { formula })} (${r.address})`, error: false });
      }
    } catch (e) {
      setStatus({ text: fill(t.insertFailed, { error: e instanceof Error ? e.message : String(e) }), error: true });
    } finally {
      setBusy(false);
    }
  };
  const cancel = () => {
    setPending(null);
    setStatus({ text: APP_TEXT[locale].cancelled, error: false });
  };
  return { status, busy, pending, insert, cancel };
}

type FormulaInsert = ReturnType<typeof useFormulaInsert>;

export function Reference({ source, locale, bridge }: { source: ReferenceSource; locale: Locale; bridge: Bridge }) {
  const t = UI_TEXT[locale];
  const [query, setQuery] = useState('');
  const ins = useFormulaInsert(bridge, locale);
  const haystacks = useMemo(() => new Map(source.functions.map((f) => [f.name, searchText(f)])), [source]);
  const terms = query.toLowerCase().split(/[\s\u3000]+/).filter(Boolean);
  const shown = source.functions.filter((f) => terms.every((term) => (haystacks.get(f.name) ?? '').includes(term)));

  return (
    <div class="ref">
      <p class="muted">{t.subtitle}</p>
      <p class="ref-note">{t.excelPrefixNote}</p>
      <input type="search" placeholder={t.search} aria-label={t.search} value={query} onInput={(e) => setQuery(valueOf(e))} />
      <div class={ins.status.error ? 'status err' : 'status'} role="status" aria-live="polite">
        {ins.status.text}
      </div>
      {shown.length === 0 ? <p class="empty">{fill(t.noMatch, { query })}</p> : null}
      {shown.map((fn) => (
        <FunctionSection key={fn.name} fn={fn} locale={locale} prefix={source.prefix} ins={ins} />
      ))}
    </div>
  );
}

/** One function: its signature, description, parameters and examples. */
function FunctionSection({ fn, locale, prefix, ins }: { fn: FunctionMeta; locale: Locale; prefix: string; ins: FormulaInsert }) {
  const t = UI_TEXT[locale];
  return (
    <section class="fn" id={`fn-${fn.name}`} data-name={fn.name}>
      <h2 class="sig">{signature(fn, locale, prefix)}</h2>
      <p>{fn.description[locale]}</p>
      <h3>{t.parameters}</h3>
      <dl class="params">
        {fn.params.map((p) => (
          <Fragment key={p.name}>
            <dt>
              {locale === 'en' ? p.name : `${p.title[locale]} (${p.name})`}
              {p.optional ? <small> {t.optional}</small> : null}
            </dt>
            <dd>{p.description[locale]}</dd>
          </Fragment>
        ))}
      </dl>
      <h3>{t.examples}</h3>
      {fn.examples.map((ex, i) => (
        <ExampleRow key={i} {...exampleText(fn, ex, prefix)} locale={locale} ins={ins} />
      ))}
    </section>
  );
}

/** An example formula, its result and its insert button; asks before it replaces what the cell holds. */
function ExampleRow({ formula, result, locale, ins }: { formula: string; result: string; locale: Locale; ins: FormulaInsert }) {
  const t = UI_TEXT[locale];
  const a = APP_TEXT[locale];
  const { pending } = ins;
  return (
    <div class="ex">
      <Formula text={formula} />
      <div class="row">
        <span class="res">→ {result}</span>
        <button type="button" class="btn" disabled={ins.busy} aria-label={`${t.insert} ${formula}`} onClick={() => void ins.insert(formula, false)}>
          {t.insert}
        </button>
      </div>
      {pending !== null && pending.formula === formula ? (
        <div class="confirm box warn" role="alert">
          <p>{fill(a.occupied, { address: pending.address, current: pending.current === '' ? a.emptyCell : pending.current })}</p>
          <div class="actions">
            <button type="button" class="btn primary" onClick={() => void ins.insert(formula, true)}>
              {a.replace}
            </button>
            <button type="button" class="btn" onClick={ins.cancel}>
              {a.cancel}
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
