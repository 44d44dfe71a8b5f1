/**
 * The KPI Kit pane, the same in the Excel task pane and the Sheets sidebar: the template gallery,
 * the options form with its progress and result, and the function reference. It speaks to the
 * host only through the Bridge.
 */
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { PlanChoice, Bridge, HostInfo, HostKind, InsertRequest, TableProposal, UserPlanRequest } from './bridge.js';
import { Confirm } from './confirm.js';
import type { TemplateKind } from '../core/templates/options.js';
import type { RenderOutcome, RenderProgress } from '../core/templates/render.js';
import type { Locale } from '../core/types.js';
import { APP_TEXT } from './app-text.js';
import { CATALOG } from './catalog.js';
import type { CatalogKind } from './catalog-data.js';
import { currentPeriod, failureLines, outcomeLines, toFailure, type Failure } from './messages.js';
import { SheetPicture } from './picture.js';
import { Reference, type ReferenceSource } from './reference.js';
import { APP_CSS } from './styles.js';
import { fill } from './text.js';

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

type Info = HostInfo;

const LANGS: readonly { locale: Locale; label: string }[] = [
  { locale: 'zh-CN', label: '中文' },
  { locale: 'en', label: 'English' },
];

export function App(props: AppProps) {
  const [locale, setLocale] = useState<Locale>(props.locale);
  const [view, setView] = useState<View>(props.view ?? 'templates');
  const [info, setInfo] = useState<Info | null>(null);
  const [kind, setKind] = useState<TemplateKind | null>(null);
  const t = APP_TEXT[locale];

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

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const tab = (id: View, label: string) => (
    <button
      type="button"
      role="tab"
      class="tab"
      id={`tab-${id}`}
      aria-selected={view === id}
      aria-controls={`panel-${id}`}
      tabIndex={view === id ? 0 : -1}
      onClick={() => setView(id)}
      onKeyDown={(e) => {
        if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
          const next: View = id === 'templates' ? 'reference' : 'templates';
          setView(next);
          document.getElementById(`tab-${next}`)?.focus();
        }
      }}
    >
      {label}
    </button>
  );

  return (
    <div class={`kpi host-${props.host}`}>
      <div class="top">
        <div class="tabs" role="tablist" aria-label={t.views}>
          {tab('templates', t.tabTemplates)}
          {tab('reference', t.tabFunctions)}
        </div>
        {LANGS.filter((l) => l.locale !== locale).map((l) => (
          <button type="button" class="lang" key={l.locale} lang={l.locale} data-locale={l.locale} aria-label={`${t.language}: ${l.label}`} onClick={() => setLocale(l.locale)}>
            {l.label}
          </button>
        ))}
      </div>
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
        ) : kind === null ? (
          <Gallery locale={locale} onPick={setKind} />
        ) : (
          <Options key={kind} entry={CATALOG.kinds.find((k) => k.kind === kind)!} locale={locale} bridge={props.bridge} onBack={() => setKind(null)} />
        )}
      </div>
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

type Stage =
  | { readonly name: 'form' }
  | { readonly name: 'running'; readonly progress: RenderProgress | null }
  | { readonly name: 'done'; readonly outcome: RenderOutcome }
  | { readonly name: 'failed'; readonly failure: Failure }
  /** Reading the user's table for the confirm step, or why it could not be. */
  | { readonly name: 'reading' }
  | { readonly name: 'noTable'; readonly message: string };

/** The active sheet's table, in the plan choice. */
const ACTIVE = 'active';

const NEEDS_PLAN: readonly TemplateKind[] = ['review', 'dashboard'];

function Options({ entry, locale, bridge, onBack }: { entry: CatalogKind; locale: Locale; bridge: Bridge; onBack: () => void }) {
  const t = APP_TEXT[locale];
  const kind = entry.kind;
  const [lang, setLang] = useState<Locale>(locale);
  const [preset, setPreset] = useState('');
  const [period, setPeriod] = useState(() => currentPeriod(locale));
  const periodTouched = useRef(false);
  const [department, setDepartment] = useState('');
  const [rows, setRows] = useState('');
  const [sample, setSample] = useState(false);
  const [plans, setPlans] = useState<readonly PlanChoice[] | null>(null);
  const [plan, setPlan] = useState('');
  const [stage, setStage] = useState<Stage>({ name: 'form' });
  /** The confirm step: the user's table as read and the options it was asked with. */
  const [confirm, setConfirm] = useState<{ proposal: TableProposal; request: InsertRequest } | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const progressRef = useRef<HTMLDivElement>(null);
  const id = (name: string) => `opt-${kind}-${name}`;

  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    if (stage.name === 'done' || stage.name === 'failed' || stage.name === 'noTable') resultRef.current?.focus();
    if (stage.name === 'running') progressRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [stage.name]);
  useEffect(() => {
    if (!NEEDS_PLAN.includes(kind)) return;
    let live = true;
    bridge.plans().then(
      (p) => live && setPlans(p),
      () => live && setPlans([]),
    );
    return () => {
      live = false;
    };
  }, [kind]);

  const chooseLang = (next: Locale) => {
    setLang(next);
    if (!periodTouched.current) setPeriod(currentPeriod(next));
  };

  const run = async (request: InsertRequest) => {
    setStage({ name: 'running', progress: null });
    try {
      const outcome = await bridge.insertTemplate(request, (progress) => setStage({ name: 'running', progress }));
      setStage({ name: 'done', outcome });
    } catch (err) {
      setStage({ name: 'failed', failure: toFailure(err) });
    }
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (stage.name === 'running' || stage.name === 'reading') return;
    const chosen = plan === '' || plan === ACTIVE ? undefined : plans?.[Number(plan)];
    const own = kind === 'review' && (plan === ACTIVE || chosen?.own === true);
    const rowText = rows.trim();
    const request: InsertRequest = {
      kind,
      lang,
      period: period.trim(),
      sample,
      ...(preset !== '' ? { preset } : {}),
      ...(department.trim() !== '' ? { department: department.trim() } : {}),
      // Sent as typed when it is not a whole number: the host's validation says what is wrong.
      ...(rowText !== '' ? { rows: (/^\d+$/.test(rowText) ? Number(rowText) : rowText) as number } : {}),
      ...(chosen && !own ? { plan: chosen.mapping } : {}),
    };
    if (!own) return run(request);
    // A table of the user's own: read it, then the confirm step.
    setStage({ name: 'reading' });
    try {
      const proposal = await bridge.readTable(plan === ACTIVE ? undefined : chosen!.sheet);
      if (proposal === null) return setStage({ name: 'noTable', message: t.confirmNoTable });
      setConfirm({ proposal, request });
      setStage({ name: 'form' });
    } catch (err) {
      setStage({ name: 'noTable', message: fill(t.confirmFailed, { detail: err instanceof Error ? err.message : String(err) }) });
    }
  };

  const create = (userPlan: UserPlanRequest) => {
    if (confirm === null || stage.name === 'running') return;
    void run({ ...confirm.request, userPlan });
  };

  const head = (
    <div class="form-head">
      <SheetPicture picture={entry.picture} label={fill(t.pictureOf, { kind: entry.title[locale] })} />
      <div>
        <h2 tabIndex={-1} ref={heading}>
          {fill(t.optionsFor, { kind: entry.title[locale] })}
        </h2>
        <p class="muted">{entry.about[locale]}</p>
      </div>
    </div>
  );

  if (stage.name === 'done') {
    return (
      <div>
        <button type="button" class="back" onClick={onBack}>
          {t.back}
        </button>
        {head}
        <div class="box ok" role="status" tabIndex={-1} ref={resultRef} data-testid="result">
          {outcomeLines(t, kind, stage.outcome).map((line, i) => (
            <p key={i}>{line}</p>
          ))}
        </div>
        <div class="actions">
          <button
            type="button"
            class="btn primary"
            onClick={() => {
              setConfirm(null);
              setStage({ name: 'form' });
            }}
          >
            {t.addAnother}
          </button>
          <button type="button" class="btn" onClick={onBack}>
            {t.backToGallery}
          </button>
        </div>
      </div>
    );
  }

  const running = stage.name === 'running';
  const progress = running ? stage.progress : null;
  const pct = progress && progress.total > 0 ? Math.round((100 * Math.min(progress.done, progress.total)) / progress.total) : 0;
  const chosenPlan = plan === '' || plan === ACTIVE ? undefined : plans?.[Number(plan)];
  const ownChosen = kind === 'review' && (plan === ACTIVE || chosenPlan?.own === true);
  const choices = (plans ?? []).map((p, i) => ({ p, i })).filter(({ p }) => kind === 'review' || p.own !== true);
  const kit = choices.filter(({ p }) => p.own !== true);
  const owned = choices.filter(({ p }) => p.own === true);
  const choiceOption = ({ p, i }: { p: PlanChoice; i: number }) => (
    <option key={i} value={String(i)}>
      {fill(p.own ? t.planOwnChoice : t.planChoice, { sheet: p.sheet, kpis: String(p.kpis) })}
    </option>
  );

  const progressView = running ? (
    <div data-testid="progress" ref={progressRef}>
      <div
        class="bar"
        role="progressbar"
        aria-label={t.progressLabel}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-valuetext={progress ? fill(t.progress, { done: String(progress.done), total: String(progress.total) }) : t.inserting}
      >
        <div style={`width:${pct}%`} />
      </div>
      <p class="muted" role="status" aria-live="polite">
        {progress ? fill(t.progress, { done: String(progress.done), total: String(progress.total) }) : t.inserting}
      </p>
    </div>
  ) : null;
  const failedView =
    stage.name === 'failed' ? (
      <div class="box err" role="alert" tabIndex={-1} ref={resultRef} data-testid="error" data-code={stage.failure.code}>
        <strong>{stage.failure.rollbackFailed ? t.errorTitlePartial : t.errorTitle}</strong>
        {failureLines(t, stage.failure).map((line, i) => (
          <p key={i}>{line}</p>
        ))}
      </div>
    ) : null;

  if (confirm !== null) {
    return (
      <div>
        <button type="button" class="back" onClick={onBack} disabled={running}>
          {t.back}
        </button>
        <Confirm
          proposal={confirm.proposal}
          locale={locale}
          busy={running}
          onCreate={create}
          onBack={() => {
            setConfirm(null);
            setStage({ name: 'form' });
          }}
        />
        {progressView}
        {failedView}
      </div>
    );
  }

  return (
    <div>
      <button type="button" class="back" onClick={onBack} disabled={running}>
        {t.back}
      </button>
      {head}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <fieldset disabled={running || stage.name === 'reading'} style="border:0;padding:0;margin:0;min-width:0">
          <div class="field">
            <label for={id('lang')}>{t.sheetLanguage}</label>
            <select id={id('lang')} value={lang} onChange={(e) => chooseLang((e.target as HTMLSelectElement).value as Locale)}>
              {LANGS.map((l) => (
                <option key={l.locale} value={l.locale}>
                  {l.label}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for={id('preset')}>{t.preset}</label>
            <select id={id('preset')} value={preset} onChange={(e) => setPreset((e.target as HTMLSelectElement).value)}>
              <option value="">{t.presetNone}</option>
              {CATALOG.presets.map((p) => (
                <option key={p.key} value={p.key}>
                  {p.title[locale]}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for={id('period')}>{t.period}</label>
            <input
              type="text"
              id={id('period')}
              value={period}
              aria-describedby={id('period-help')}
              onInput={(e) => {
                periodTouched.current = true;
                setPeriod((e.target as HTMLInputElement).value);
              }}
            />
            <span class="help" id={id('period-help')}>
              {t.periodHelp}
            </span>
          </div>
          <div class="field">
            <label for={id('department')}>{t.department}</label>
            <input
              type="text"
              id={id('department')}
              value={department}
              aria-describedby={id('department-help')}
              onInput={(e) => setDepartment((e.target as HTMLInputElement).value)}
            />
            <span class="help" id={id('department-help')}>
              {t.departmentHelp}
            </span>
          </div>
          <div class="field">
            <label for={id('rows')}>{t.rows[kind]}</label>
            <input
              type="text"
              inputMode="numeric"
              id={id('rows')}
              value={rows}
              aria-describedby={id('rows-help')}
              onInput={(e) => setRows((e.target as HTMLInputElement).value)}
            />
            <span class="help" id={id('rows-help')}>
              {t.rowsHelp}
            </span>
          </div>
          <fieldset class="field">
            <legend>{t.content}</legend>
            <label class="radio">
              <input type="radio" name={id('sample')} value="empty" checked={!sample} onChange={() => setSample(false)} />
              <span>{t.empty}</span>
            </label>
            <label class="radio">
              <input type="radio" name={id('sample')} value="sample" checked={sample} onChange={() => setSample(true)} />
              <span>{t.sample}</span>
            </label>
          </fieldset>
          {NEEDS_PLAN.includes(kind) ? (
            <div class="field">
              <label for={id('plan')}>{t.plan}</label>
              <select id={id('plan')} value={plan} aria-describedby={id('plan-help')} onChange={(e) => setPlan((e.target as HTMLSelectElement).value)}>
                <option value="">{t.planNew}</option>
                {owned.length === 0 ? kit.map(choiceOption) : <optgroup label={t.planKitGroup}>{kit.map(choiceOption)}</optgroup>}
                {owned.length > 0 ? <optgroup label={t.planOwnGroup}>{owned.map(choiceOption)}</optgroup> : null}
                {kind === 'review' ? <option value={ACTIVE}>{t.planActive}</option> : null}
              </select>
              <span class="help" id={id('plan-help')}>
                {plan === ACTIVE ? t.planActiveHelp : ownChosen ? t.planOwnHelp : plans === null ? t.plansLoading : choices.length === 0 ? t.plansNone : ''}
              </span>
            </div>
          ) : null}
          <div class="actions">
            <button type="submit" class="btn primary">
              {running ? t.inserting : stage.name === 'reading' ? t.confirmReading : ownChosen ? t.next : t.insert}
            </button>
          </div>
        </fieldset>
      </form>
      {stage.name === 'reading' ? (
        <p class="muted" role="status">
          {t.confirmReading}
        </p>
      ) : null}
      {stage.name === 'noTable' ? (
        <div class="box warn" role="alert" tabIndex={-1} ref={resultRef} data-testid="no-table">
          <p>{stage.message}</p>
        </div>
      ) : null}
      {progressView}
      {failedView}
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
