import * as z from 'zod/mini';
import type { Locale } from '../types.js';
import { col, colNumber } from './a1.js';
import { joinList, label, type LabelKey } from './labels.js';
import { PRESET_DATA, PRESET_KEYS, type PresetKey } from './presets.js';
import { readHeader, type Role } from './read-table.js';

export const TEMPLATE_KINDS = ['plan', 'review', 'scorecard', 'feedback360', 'bonus', 'shared', 'dashboard'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

/** Plan columns a review sheet reads; kpi, target and weight are required. */
export const PLAN_FIELDS = ['kpi', 'target', 'weight', 'direction', 'baseline', 'threshold', 'maximum', 'unit', 'perspective'] as const;
export type PlanField = (typeof PLAN_FIELDS)[number];
const REQUIRED_FIELDS: readonly PlanField[] = ['kpi', 'target', 'weight'];

export type PlanColumns = { readonly kpi: string; readonly target: string; readonly weight: string } & {
  readonly [K in Exclude<PlanField, 'kpi' | 'target' | 'weight'>]?: string;
};

/** Any table in the workbook that holds a plan: where its rows are and which column holds what. */
export interface PlanMapping {
  readonly sheet: string;
  readonly headerRow: number;
  readonly firstRow: number;
  readonly lastRow: number;
  readonly columns: PlanColumns;
  /**
   * The unit words of the plan's lines as read (one per row, firstRow to lastRow): they set the
   * number format of the review's actuals. Optional: without them actuals show as General.
   */
  readonly units?: readonly (string | null)[];
}

/** A plan sheet that KPI Kit generated, with its number of KPI rows. */
export interface GeneratedPlanRef {
  readonly sheet: string;
  readonly kpis: number;
}

export type PlanRef = PlanMapping | GeneratedPlanRef;

export interface TemplateOptions {
  readonly kind: TemplateKind;
  readonly lang: Locale;
  readonly preset?: PresetKey;
  /** The period the sheet is for, e.g. "2026 Q4" (shown under the title). */
  readonly period: string;
  /** The department or position in the title; default: the preset's department. */
  readonly department?: string;
  /**
   * Data rows: employees (review, bonus, dashboard), ratees (360), KPI lines (plan, scorecard,
   * shared KPIs). Default: the sample's size, or a handful of empty rows.
   */
  readonly rows?: number;
  readonly sample: boolean;
  /** The plan a review sheet (or the dashboard's review) reads; default: a plan made alongside. */
  readonly plan?: PlanRef;
}

/** Where the new sheets go: names already taken in the workbook. */
export interface TemplateContext {
  readonly existingSheets?: readonly string[];
  readonly existingNames?: readonly string[];
}

export type ParseResult = { ok: true; options: TemplateOptions } | { ok: false; message: string };

const MAX_ROW = 1_048_576;
const TEXT_MAX = 60;
const LETTERS = /^[A-Za-z]{1,3}$/;

/** `z.preprocess` of the full zod API: a transform piped into the schema. */
function preprocess<T extends z.ZodMiniType>(fn: (v: unknown) => unknown, schema: T) {
  return z.pipe(z.transform(fn), schema);
}

const langTag = preprocess(
  (v) => (typeof v === 'string' ? (/^zh(?![a-z0-9])/i.test(v.trim()) ? 'zh-CN' : /^en(?![a-z0-9])/i.test(v.trim()) ? 'en' : v) : v),
  z.enum(['zh-CN', 'en']),
);
const wholeNumber = (min: number, max: number) =>
  preprocess((v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v), z.int().check(z.minimum(min), z.maximum(max)));
const text = z.string().check(z.maxLength(TEXT_MAX));

/** A preset's short name: its title without the part in brackets or after "+" (研发, Operations, 市场). */
function shortName(title: string): string {
  return title.split(/\s*[(（+]/)[0]!.trim();
}

/** Each preset's short name in English and Chinese (what the help and messages show). */
export const PRESET_NAMES: Readonly<Record<PresetKey, Readonly<Record<Locale, string>>>> = Object.fromEntries(
  PRESET_KEYS.map((k) => [k, { en: shortName(PRESET_DATA[k].title[0]), 'zh-CN': shortName(PRESET_DATA[k].title[1]) }]),
) as Record<PresetKey, Record<Locale, string>>;

/** Case, width and spaces do not matter: "SALES", " Sales ", "R & D", "运营（平衡计分卡）". */
const normalName = (s: string): string => s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');

const PRESET_WORDS: ReadonlyMap<string, PresetKey> = new Map(
  PRESET_KEYS.flatMap((k) => {
    const p = PRESET_DATA[k];
    const words = [k, ...p.title, ...p.department, PRESET_NAMES[k].en, PRESET_NAMES[k]['zh-CN']];
    return words.map((w) => [normalName(w), k] as const);
  }),
);

/**
 * The preset a user means: its key, title, short name or department, in English or Chinese, in any
 * case (`sales`, `SALES`, `Sales`, `销售`, `销售部`, `运营`, `R&D`). Undefined when nothing matches.
 */
export function presetKey(input: string): PresetKey | undefined {
  return PRESET_WORDS.get(normalName(input));
}

const topSchema = z.strictObject({
  kind: z.enum(TEMPLATE_KINDS),
  lang: z.optional(langTag),
  preset: z.optional(preprocess((v) => (typeof v === 'string' ? (presetKey(v) ?? v) : v), z.enum(PRESET_KEYS))),
  period: z.optional(text),
  department: z.optional(text),
  rows: z.optional(wholeNumber(1, 5000)),
  sample: z.optional(z.boolean()),
  plan: z.optional(z.unknown()),
});

const sheetName = z.string().check(z.trim(), z.minLength(1), z.maxLength(31));
const generatedSchema = z.strictObject({ sheet: sheetName, kpis: wholeNumber(1, 200) });
const rowNumber = wholeNumber(1, MAX_ROW);
const mappingSchema = z.strictObject({
  sheet: sheetName,
  headerRow: rowNumber,
  firstRow: rowNumber,
  lastRow: rowNumber,
  columns: z.record(z.string(), z.unknown()),
  units: z.optional(z.unknown()),
});

/** Characters JSON leaves as they are that would hide or reorder a message's text: DEL, C1 controls, bidi and zero-width marks. */
const INVISIBLE = /[\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** A value the user gave, as a message quotes it: JSON, with invisible characters escaped. */
function show(v: unknown): string {
  if (v === undefined) return '(none)';
  let text: string;
  try {
    text = JSON.stringify(v) ?? String(v);
  } catch {
    try {
      text = String(v);
    } catch {
      text = Object.prototype.toString.call(v);
    }
  }
  return text.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function pluck(input: unknown, key: string): unknown {
  return typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[key] : undefined;
}

/** The language messages are shown in: the options' own, else the fallback. */
function messageLang(input: unknown, fallback: Locale): Locale {
  const r = langTag.safeParse(pluck(input, 'lang'));
  return r.success ? r.data : fallback;
}

function topMessage(lang: Locale, issue: z.core.$ZodIssue, input: unknown): string {
  const field = String(issue.path[0] ?? '');
  const got = show(pluck(input, field));
  const m = (key: LabelKey, params: Record<string, string | number> = {}) => label(lang, key, params);
  if (issue.code === 'unrecognized_keys') return m('opt.unknownKey', { got: joinList(lang, issue.keys.map((k) => show(k))) });
  switch (field) {
    case 'kind':
      return m('opt.kind', { got, list: joinList(lang, TEMPLATE_KINDS) });
    case 'lang':
      return m('opt.lang', { got });
    case 'preset':
      return m('opt.preset', {
        got,
        list: joinList(lang, PRESET_KEYS),
        names: joinList(lang, PRESET_KEYS.map((k) => `${PRESET_NAMES[k][lang]} / ${PRESET_NAMES[k][lang === 'en' ? 'zh-CN' : 'en']}`)),
      });
    case 'period':
    case 'department':
      return m('opt.text', { field });
    case 'rows':
      return m('opt.rows', { got });
    case 'sample':
      return m('opt.sample', { got });
    default:
      return m('opt.notObject');
  }
}

function parsePlan(raw: unknown, lang: Locale): { ok: true; plan: PlanRef } | { ok: false; message: string } {
  const m = (key: LabelKey, params: Record<string, string | number> = {}) => label(lang, key, params);
  const fail = (message: string) => ({ ok: false as const, message });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail(m('opt.plan'));
  const obj = raw as Record<string, unknown>;
  const isMapping = 'columns' in obj || 'headerRow' in obj || 'firstRow' in obj || 'lastRow' in obj;
  if (!isMapping) {
    const r = generatedSchema.safeParse(raw);
    if (r.success) return { ok: true, plan: { sheet: r.data.sheet, kpis: r.data.kpis } };
    const issue = r.error.issues[0]!;
    const field = String(issue.path[0] ?? '');
    if (issue.code === 'unrecognized_keys') return fail(m('opt.plan'));
    if (field === 'sheet') return fail(m('opt.planSheet', { got: show(obj.sheet) }));
    if (field === 'kpis') return fail(m('opt.planKpis', { got: show(obj.kpis) }));
    return fail(m('opt.plan'));
  }
  const r = mappingSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const field = String(issue.path[0] ?? '');
    if (field === 'sheet') return fail(m('opt.planSheet', { got: show(obj.sheet) }));
    if (field === 'headerRow' || field === 'firstRow' || field === 'lastRow') {
      return fail(m('opt.planRow', { field, got: show(obj[field]) }));
    }
    return fail(m('opt.plan'));
  }
  const { sheet, headerRow, firstRow, lastRow } = r.data;
  if (!(headerRow < firstRow && firstRow <= lastRow)) return fail(m('opt.planOrder'));
  if (lastRow - firstRow + 1 > 200) return fail(m('opt.planTooLong', { got: lastRow - firstRow + 1 }));
  const columns: Partial<Record<PlanField, string>> = {};
  for (const [key, value] of Object.entries(r.data.columns)) {
    if (!(PLAN_FIELDS as readonly string[]).includes(key)) {
      return fail(m('opt.planField', { got: show(key), list: joinList(lang, PLAN_FIELDS) }));
    }
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string' || !LETTERS.test(value.trim()) || colNumber(value.trim()) > 16384) {
      return fail(m('opt.planColumn', { field: key, got: show(value) }));
    }
    columns[key as PlanField] = value.trim().toUpperCase();
  }
  const missing = REQUIRED_FIELDS.filter((f) => columns[f] === undefined);
  if (missing.length > 0) return fail(m('opt.planMissing', { list: joinList(lang, missing) }));
  const seen = new Map<string, PlanField>();
  for (const f of PLAN_FIELDS) {
    const c = columns[f];
    if (c === undefined) continue;
    const other = seen.get(c);
    if (other !== undefined) return fail(m('opt.planDuplicate', { a: other, b: f, col: c }));
    seen.set(c, f);
  }
  const units = unitsOf(r.data.units, lastRow - firstRow + 1);
  return { ok: true, plan: { sheet, headerRow, firstRow, lastRow, columns: columns as PlanColumns, ...(units ? { units } : {}) } };
}

/**
 * A mapping's unit words when they are one short text or blank per plan line; anything else is
 * left out (the actuals then show as General: formats are a help, not a figure).
 */
function unitsOf(raw: unknown, lines: number): (string | null)[] | undefined {
  if (!Array.isArray(raw) || raw.length !== lines) return undefined;
  const out: (string | null)[] = [];
  for (const x of raw) {
    if (x === null || x === undefined || x === '') out.push(null);
    else if (typeof x === 'string' && x.length <= 40) out.push(x.trim() === '' ? null : x.trim());
    else return undefined;
  }
  return out;
}

/**
 * Validates template options before anything is written. A wrong option gives one clear message
 * in the options' language (or `fallbackLang` when the language itself is wrong or missing).
 */
export function parseTemplateOptions(input: unknown, fallbackLang: Locale = 'en'): ParseResult {
  const lang = messageLang(input, fallbackLang);
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, message: label(lang, 'opt.notObject') };
  }
  const r = topSchema.safeParse(input);
  if (!r.success) return { ok: false, message: topMessage(lang, r.error.issues[0]!, input) };
  const d = r.data;
  let plan: PlanRef | undefined;
  if (d.plan !== undefined) {
    if (d.kind !== 'review' && d.kind !== 'dashboard') return { ok: false, message: label(lang, 'opt.planOnlyReview') };
    const p = parsePlan(d.plan, lang);
    if (!p.ok) return p;
    plan = p.plan;
  }
  const options: TemplateOptions = {
    kind: d.kind,
    lang: d.lang ?? fallbackLang,
    period: d.period?.trim() ?? '',
    sample: d.sample ?? false,
    ...(d.preset !== undefined ? { preset: d.preset } : {}),
    ...(d.department !== undefined && d.department.trim() !== '' ? { department: d.department.trim() } : {}),
    ...(d.rows !== undefined ? { rows: d.rows } : {}),
    ...(plan !== undefined ? { plan } : {}),
  };
  return { ok: true, options };
}

const contextSchema = z.object({ existingSheets: z.optional(z.array(z.string())), existingNames: z.optional(z.array(z.string())) });

/** Checks the context a host passes: lists of the sheet names and workbook names in use. */
export function parseTemplateContext(input: unknown, lang: Locale = 'en'): { ok: true; context: TemplateContext } | { ok: false; message: string } {
  if (input === undefined || input === null) return { ok: true, context: {} };
  const r = contextSchema.safeParse(input);
  if (!r.success) return { ok: false, message: label(lang, 'opt.context') };
  return { ok: true, context: r.data };
}

export interface DetectedPlanColumns {
  /** Proposed column letters per field (for the user to confirm). */
  readonly columns: Partial<Record<PlanField, string>>;
  /** Required fields no header named. */
  readonly missing: readonly PlanField[];
}

/**
 * Proposes which column holds which plan field from one row of header texts (Chinese or English,
 * in the forms real files use). `firstColumn` is the letter of the first header's column. Each
 * field goes to the column that names it most clearly; headers about definitions, sources,
 * owners, scores and the like are told apart and left out. `readHeader` (read-table.ts) gives
 * every role with alternatives; `readTable` also finds the header row.
 */
export function detectPlanColumns(headers: readonly unknown[], firstColumn = 'A'): DetectedPlanColumns {
  const read = readHeader(Array.isArray(headers) ? headers : [], LETTERS.test(firstColumn) ? firstColumn : 'A');
  return planColumnsOf(read.roles);
}

/** The plan fields among proposed roles, and the required ones missing. */
export function planColumnsOf(roles: Partial<Record<Role, string>>): DetectedPlanColumns {
  const columns: Partial<Record<PlanField, string>> = {};
  for (const f of PLAN_FIELDS) {
    const c = roles[f];
    if (c !== undefined) columns[f] = c;
  }
  return { columns, missing: REQUIRED_FIELDS.filter((f) => columns[f] === undefined) };
}
