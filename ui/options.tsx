/**
 * The options form of one template, with its progress and result, and for a review of the user's
 * own KPI table the confirm step between the form and the insert.
 */
import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { TemplateKind } from '../core/templates/options.js';
import type { Locale } from '../core/types.js';
import { APP_TEXT, type AppText } from './app-text.js';
import type { Bridge, InsertRequest, PlanChoice } from './bridge.js';
import type { CatalogKind } from './catalog-data.js';
import { Confirm } from './confirm.js';
import { ExportField, useExportChoice, type ExportChoice } from './export.js';
import { ACTIVE, LanguageField, PlanField, PresetField, TextField, type FormFields, type FormValues } from './fields.js';
import { currentPeriod } from './messages.js';
import { SheetPicture } from './picture.js';
import { Done, InsertStatus, useInsert, type Insert } from './result.js';
import { fill } from './text.js';

const NEEDS_PLAN: readonly TemplateKind[] = ['review', 'dashboard'];

/** The form's values and how to change them; the period follows the sheet language until the user types one. */
function useFormFields(kind: TemplateKind, locale: Locale, plans: readonly PlanChoice[] | null): FormFields {
  const [values, setValues] = useState<FormValues>(() => ({ lang: locale, preset: '', period: currentPeriod(locale), department: '', rows: '', sample: false, plan: '' }));
  const periodTouched = useRef(false);
  const set = (patch: Partial<FormValues>) => setValues((v) => ({ ...v, ...patch }));
  const chosen = values.plan === '' || values.plan === ACTIVE ? undefined : plans?.[Number(values.plan)];
  return {
    kind,
    locale,
    t: APP_TEXT[locale],
    values,
    plans,
    chosen,
    own: kind === 'review' && (values.plan === ACTIVE || chosen?.own === true),
    id: (name) => `opt-${kind}-${name}`,
    set,
    chooseLang: (lang) => set(periodTouched.current ? { lang } : { lang, period: currentPeriod(lang) }),
    typePeriod: (period) => {
      periodTouched.current = true;
      set({ period });
    },
  };
}

/** The request for the form's values; `plan` only for a plan of the kit (the user's own table goes through the confirm step). */
function requestOf({ kind, values, chosen, own }: FormFields): InsertRequest {
  const rowText = values.rows.trim();
  const department = values.department.trim();
  return {
    kind,
    lang: values.lang,
    period: values.period.trim(),
    sample: values.sample,
    ...(values.preset !== '' ? { preset: values.preset } : {}),
    ...(department !== '' ? { department } : {}),
    // Sent as typed when it is not a whole number: the host's validation says what is wrong.
    ...(rowText !== '' ? { rows: (/^\d+$/.test(rowText) ? Number(rowText) : rowText) as number } : {}),
    ...(chosen && !own ? { plan: chosen.mapping } : {}),
  };
}

/** The KPI plans in the workbook, for the kinds that read one; null while they are read. */
function usePlans(bridge: Bridge, kind: TemplateKind): readonly PlanChoice[] | null {
  const [plans, setPlans] = useState<readonly PlanChoice[] | null>(null);
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
  return plans;
}

export function Options({ entry, locale, bridge, onBack }: { entry: CatalogKind; locale: Locale; bridge: Bridge; onBack: () => void }) {
  const t = APP_TEXT[locale];
  const kind = entry.kind;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const insert = useInsert(bridge, t);
  const f = useFormFields(kind, locale, usePlans(bridge, kind));
  const exp = useExportChoice(bridge, locale, NEEDS_PLAN.includes(kind));
  const { stage, confirm } = insert;

  const submit = (e: Event) => {
    e.preventDefault();
    if (stage.name === 'running' || stage.name === 'reading' || !exp.ready) return;
    const request: InsertRequest = { ...requestOf(f), ...(exp.request ? { actuals: exp.request } : {}) };
    // A table of the user's own: read it, then the confirm step.
    void (f.own ? insert.review(request, f.values.plan === ACTIVE ? undefined : f.chosen!.sheet) : insert.run(request));
  };

  const running = stage.name === 'running';
  const back = (
    <button type="button" class="back" onClick={onBack} disabled={running}>
      {t.back}
    </button>
  );
  const status = <InsertStatus t={t} insert={insert} />;
  const head = <OptionsHead entry={entry} t={t} locale={locale} headingRef={heading} />;
  if (stage.name === 'done') {
    return (
      <div>
        {back}
        {head}
        <Done t={t} kind={kind} outcome={stage.outcome} insert={insert} onBack={onBack} />
      </div>
    );
  }
  return confirm !== null ? (
    <div>
      {back}
      <Confirm
        proposal={confirm.proposal}
        locale={locale}
        busy={running}
        onCreate={(userPlan) => insert.create(userPlan, exp.request)}
        onBack={insert.reset}
        extra={<ExportField x={exp} id={(name) => `confirm-${name}`} disabled={running} />}
        blocked={!exp.ready}
      />
      {status}
    </div>
  ) : (
    <div>
      {back}
      {head}
      <OptionsForm f={f} exp={exp} stage={stage.name} onSubmit={submit} />
      {status}
    </div>
  );
}

function OptionsHead({ entry, t, locale, headingRef }: { entry: CatalogKind; t: AppText; locale: Locale; headingRef: RefObject<HTMLHeadingElement> }) {
  return (
    <div class="form-head">
      <SheetPicture picture={entry.picture} label={fill(t.pictureOf, { kind: entry.title[locale] })} />
      <div>
        <h2 tabIndex={-1} ref={headingRef}>
          {fill(t.optionsFor, { kind: entry.title[locale] })}
        </h2>
        <p class="muted">{entry.about[locale]}</p>
      </div>
    </div>
  );
}

function OptionsForm({ f, exp, stage, onSubmit }: { f: FormFields; exp: ExportChoice; stage: Insert['stage']['name']; onSubmit: (e: Event) => void }) {
  const { t, kind } = f;
  const running = stage === 'running';
  return (
    <form onSubmit={onSubmit} noValidate>
      <fieldset disabled={running || stage === 'reading'} style="border:0;padding:0;margin:0;min-width:0">
        <LanguageField f={f} />
        <PresetField f={f} />
        <TextField f={f} name="period" />
        <TextField f={f} name="department" />
        <TextField f={f} name="rows" />
        <fieldset class="field">
          <legend>{t.content}</legend>
          <label class="radio">
            <input type="radio" name={f.id('sample')} value="empty" checked={!f.values.sample} onChange={() => f.set({ sample: false })} />
            <span>{t.empty}</span>
          </label>
          <label class="radio">
            <input type="radio" name={f.id('sample')} value="sample" checked={f.values.sample} onChange={() => f.set({ sample: true })} />
            <span>{t.sample}</span>
          </label>
        </fieldset>
        {NEEDS_PLAN.includes(kind) ? <PlanField f={f} /> : null}
        {NEEDS_PLAN.includes(kind) ? <ExportField x={exp} id={f.id} /> : null}
        <div class="actions">
          <button type="submit" class="btn primary" disabled={!exp.ready}>
            {running ? t.inserting : stage === 'reading' ? t.confirmReading : f.own ? t.next : t.insert}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
