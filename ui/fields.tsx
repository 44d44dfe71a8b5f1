/**
 * The fields of the options form and what they read: sheet language, preset, the text fields
 * (period, department, rows) and, for the review and the dashboard, the KPI plan the sheet reads.
 */
import type { TemplateKind } from '../core/templates/options.js';
import type { Locale } from '../core/types.js';
import type { AppText } from './app-text.js';
import type { PlanChoice } from './bridge.js';
import { CATALOG } from './catalog.js';
import { fill } from './text.js';

export const LANGS: readonly { locale: Locale; label: string }[] = [
  { locale: 'zh-CN', label: '中文' },
  { locale: 'en', label: 'English' },
];

/** The active sheet's table, in the plan choice. */
export const ACTIVE = 'active';

export const valueOf = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value;

/** The values of the options form. */
export interface FormValues {
  readonly lang: Locale;
  readonly preset: string;
  readonly period: string;
  readonly department: string;
  readonly rows: string;
  readonly sample: boolean;
  /** The index of a listed plan, `ACTIVE`, or '' for a new plan. */
  readonly plan: string;
}

/** What every field reads: the form's values and how to change them, its ids and texts. */
export interface FormFields {
  readonly kind: TemplateKind;
  readonly locale: Locale;
  readonly t: AppText;
  readonly values: FormValues;
  readonly plans: readonly PlanChoice[] | null;
  /** The listed plan chosen, if one is. */
  readonly chosen: PlanChoice | undefined;
  /** Whether the plan chosen is a table of the user's own (the review only): the confirm step comes first. */
  readonly own: boolean;
  /** The element id of one part of the form. */
  id(name: string): string;
  set(patch: Partial<FormValues>): void;
  /** The sheet language; the period follows it until the user types one. */
  chooseLang(lang: Locale): void;
  typePeriod(period: string): void;
}

export function LanguageField({ f }: { f: FormFields }) {
  return (
    <div class="field">
      <label for={f.id('lang')}>{f.t.sheetLanguage}</label>
      <select id={f.id('lang')} value={f.values.lang} onChange={(e) => f.chooseLang(valueOf(e) as Locale)}>
        {LANGS.map((l) => (
          <option key={l.locale} value={l.locale}>
            {l.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function PresetField({ f }: { f: FormFields }) {
  return (
    <div class="field">
      <label for={f.id('preset')}>{f.t.preset}</label>
      <select id={f.id('preset')} value={f.values.preset} onChange={(e) => f.set({ preset: valueOf(e) })}>
        <option value="">{f.t.presetNone}</option>
        {CATALOG.presets.map((p) => (
          <option key={p.key} value={p.key}>
            {p.title[f.locale]}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A one-line text field with its help line: the period, the department and the rows. */
export function TextField({ f, name }: { f: FormFields; name: 'period' | 'department' | 'rows' }) {
  return (
    <div class="field">
      <label for={f.id(name)}>{name === 'rows' ? f.t.rows[f.kind] : f.t[name]}</label>
      <input
        type="text"
        inputMode={name === 'rows' ? 'numeric' : undefined}
        id={f.id(name)}
        value={f.values[name]}
        aria-describedby={f.id(`${name}-help`)}
        onInput={(e) => (name === 'period' ? f.typePeriod(valueOf(e)) : f.set({ [name]: valueOf(e) }))}
      />
      <span class="help" id={f.id(`${name}-help`)}>
        {f.t[`${name}Help` as const]}
      </span>
    </div>
  );
}

export function PlanField({ f }: { f: FormFields }) {
  const { id, t, kind, plans, values } = f;
  const choices = (plans ?? []).map((p, i) => ({ p, i })).filter(({ p }) => kind === 'review' || p.own !== true);
  const kit = choices.filter(({ p }) => p.own !== true);
  const owned = choices.filter(({ p }) => p.own === true);
  const choiceOption = ({ p, i }: { p: PlanChoice; i: number }) => (
    <option key={i} value={String(i)}>
      {fill(p.own ? t.planOwnChoice : t.planChoice, { sheet: p.sheet, kpis: String(p.kpis) })}
    </option>
  );
  const plan = values.plan;
  const help = plan === ACTIVE ? t.planActiveHelp : f.own ? t.planOwnHelp : plans === null ? t.plansLoading : choices.length === 0 ? t.plansNone : '';
  return (
    <div class="field">
      <label for={id('plan')}>{t.plan}</label>
      <select id={id('plan')} value={plan} aria-describedby={id('plan-help')} onChange={(e) => f.set({ plan: valueOf(e) })}>
        <option value="">{t.planNew}</option>
        {owned.length === 0 ? kit.map(choiceOption) : <optgroup label={t.planKitGroup}>{kit.map(choiceOption)}</optgroup>}
        {owned.length > 0 ? <optgroup label={t.planOwnGroup}>{owned.map(choiceOption)}</optgroup> : null}
        {kind === 'review' ? <option value={ACTIVE}>{t.planActive}</option> : null}
      </select>
      <span class="help" id={id('plan-help')}>
        {help}
      </span>
    </div>
  );
}
