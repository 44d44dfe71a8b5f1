/**
 * The KPI Kit pane, the same in the Excel task pane and the Sheets sidebar: the template gallery,
 * the options form with its progress and result, and the function reference. It speaks to the
 * host only through the Bridge.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Bridge, HostInfo, HostKind } from './bridge.js';
import type { TemplateKind } from '../core/templates/options.js';
import type { Locale } from '../core/types.js';
import { APP_TEXT, type AppText } from './app-text.js';
import { CATALOG } from './catalog.js';
import { LANGS } from './fields.js';
import { Options } from './options.js';
import { SheetPicture } from './picture.js';
import { Reference, type ReferenceSource } from './reference.js';
import { APP_CSS } from './styles.js';
import { fill } from './text.js';
import { UpdateEntry, UpdateView, useUpdateChoice } from './update.js';

export type View = 'templates' | 'reference';

export interface AppProps {
  readonly bridge: Bridge;
  readonly host: HostKind;
  readonly reference: ReferenceSource;
  /** The first view; the gallery unless the host asks for the reference. */
  readonly view?: View;
  /** The language before the host answers; then the host's. */
  readonly locale: Locale;
}

export function App(props: AppProps) {
  const [locale, setLocale] = useState<Locale>(props.locale);
  const [view, setView] = useState<View>(props.view ?? 'templates');
  const info = useHostInfo(props, setLocale);
  const [kind, setKind] = useState<TemplateKind | null>(null);
  const update = useUpdateChoice(props.bridge);
  const [updating, setUpdating] = useState(false);
  const t = APP_TEXT[locale];

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  return (
    <div class={`kpi host-${props.host}`}>
      <TopBar t={t} locale={locale} view={view} onView={setView} onLocale={setLocale} />
      <div class="panel" role="tabpanel" id={`panel-${view}`} aria-labelledby={`tab-${view}`}>
        {info?.functions === false && (view === 'reference' || info.templates) ? (
          <div class="box warn" role="status" data-testid="functions-unsupported">
            <p>{info.templates ? t.functionsUnsupported : t.nothingSupported}</p>
          </div>
        ) : null}
        {view === 'reference' ? (
          <Reference source={props.reference} locale={locale} bridge={props.bridge} />
        ) : info === null ? (
          <p class="muted" role="status">
            {t.loading}
          </p>
        ) : !info.templates ? (
          <div class="box warn" role="status" data-testid="unsupported">
            <p>{info.functions === false ? t.nothingSupported : t.errors.unsupported}</p>
            <div class="actions">
              <button type="button" class="btn" onClick={() => setView('reference')}>
                {t.tabFunctions}
              </button>
            </div>
          </div>
        ) : updating && update.choice ? (
          <UpdateView
            key={update.choice.sheet}
            bridge={props.bridge}
            locale={locale}
            choice={update.choice}
            onBack={() => {
              setUpdating(false);
              update.check();
            }}
          />
        ) : kind === null ? (
          <>
            {update.choice ? <UpdateEntry t={t} locale={locale} choice={update.choice} onOpen={() => setUpdating(true)} onCheck={update.check} /> : null}
            <Gallery locale={locale} onPick={setKind} />
            {update.choice ? null : <UpdateEntry t={t} locale={locale} choice={update.choice} onOpen={() => setUpdating(true)} onCheck={update.check} />}
          </>
        ) : (
          <Options key={kind} entry={CATALOG.kinds.find((k) => k.kind === kind)!} locale={locale} bridge={props.bridge} onBack={() => {
              setKind(null);
              // Back at the gallery: the active sheet may be a review just added, or another sheet.
              update.check();
            }} />
        )}
      </div>
    </div>
  );
}

/** What the host supports and its language (which becomes the pane's); null until it answers. */
function useHostInfo(props: AppProps, setLocale: (locale: Locale) => void): HostInfo | null {
  const [info, setInfo] = useState<HostInfo | null>(null);
  useEffect(() => {
    let live = true;
    props.bridge.info().then(
      (i) => {
        if (!live) return;
        setInfo(i);
        setLocale(i.locale);
      },
      () => live && setInfo({ host: props.host, locale: props.locale, templates: true }),
    );
    return () => {
      live = false;
    };
  }, [props.bridge]);
  return info;
}

/** The view tabs and the pane's other language. */
function TopBar({ t, locale, view, onView, onLocale }: { t: AppText; locale: Locale; view: View; onView: (v: View) => void; onLocale: (l: Locale) => void }) {
  const tab = (id: View, label: string) => (
    <button
      type="button"
      role="tab"
      class="tab"
      id={`tab-${id}`}
      aria-selected={view === id}
      aria-controls={`panel-${id}`}
      tabIndex={view === id ? 0 : -1}
      onClick={() => onView(id)}
      onKeyDown={(e) => {
        if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
          const next: View = id === 'templates' ? 'reference' : 'templates';
          onView(next);
          document.getElementById(`tab-${next}`)?.focus();
        }
      }}
    >
      {label}
    </button>
  );
  return (
    <div class="top">
      <div class="tabs" role="tablist" aria-label={t.views}>
        {tab('templates', t.tabTemplates)}
        {tab('reference', t.tabFunctions)}
      </div>
      {LANGS.filter((l) => l.locale !== locale).map((l) => (
        <button type="button" class="lang" key={l.locale} lang={l.locale} data-locale={l.locale} aria-label={`${t.language}: ${l.label}`} onClick={() => onLocale(l.locale)}>
          {l.label}
        </button>
      ))}
    </div>
  );
}

function Gallery({ locale, onPick }: { locale: Locale; onPick: (k: TemplateKind) => void }) {
  const t = APP_TEXT[locale];
  return (
    <div>
      <p class="muted">{t.galleryIntro}</p>
      <ul class="gallery" aria-label={t.galleryLabel}>
        {CATALOG.kinds.map((k) => (
          <li key={k.kind}>
            <button type="button" class="card" data-kind={k.kind} onClick={() => onPick(k.kind)}>
              <SheetPicture picture={k.picture} label={fill(t.pictureOf, { kind: k.title[locale] })} />
              <span class="name">{k.title[locale]}</span>
              <span class="about">{k.about[locale]}</span>
              <span class="who">
                {t.whoLabel}: {t.who[k.kind]}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Mounts the pane into `root` (its styles once per page). */
export function mountApp(root: HTMLElement, props: AppProps): void {
  if (!document.getElementById('kpi-style')) {
    const style = document.createElement('style');
    style.id = 'kpi-style';
    style.textContent = APP_CSS;
    document.head.append(style);
  }
  render(<App {...props} />, root);
}
