import type { Localized, Result } from './types.js';

/**
 * How an argument is used:
 * - `perRow`: one value or a range; ranges broadcast cell by cell (a 1x1 range is repeated);
 * - `table`: a range read as a whole (bands, a curve, group weights);
 * - `setting`: one value for the whole call.
 */
export type ParamKind = 'perRow' | 'table' | 'setting';

export interface ParamMeta {
  /** Identifier used in formulas' tooltips and the Apps Script signature. */
  readonly name: string;
  /** The name shown to users in their language. */
  readonly title: Localized;
  readonly description: Localized;
  readonly kind: ParamKind;
  readonly optional?: boolean;
}

/** An example call: the arguments as the core takes them, and the result it gives. */
export interface Example {
  readonly args: readonly unknown[];
  readonly result: number | string | readonly (readonly (number | string)[])[];
}

export interface FunctionMeta {
  readonly name: string;
  readonly description: Localized;
  readonly params: readonly ParamMeta[];
  /** `range` when the result may spill (some argument broadcasts or the result has a range's shape). */
  readonly returns: 'value' | 'range';
  readonly examples: readonly Example[];
}

export interface FunctionDef extends FunctionMeta {
  readonly impl: (...args: unknown[]) => Result;
}

/** A text in English and Chinese, as the metadata writes it. */
export function L(en: string, zh: string): Localized {
  return { en, 'zh-CN': zh };
}

const paramTitles = new Map<string, Localized>();

/** The user-facing name of a function's parameter, for messages ("目标值" for KPISCORE target). */
export function paramTitle(fn: string, param: string): Localized | undefined {
  return paramTitles.get(`${fn}.${param}`);
}

/** Attaches metadata to an implementation, so the two are written once, side by side. */
export function defineFunction(meta: FunctionMeta, impl: (...args: unknown[]) => Result): FunctionDef {
  for (const p of meta.params) paramTitles.set(`${meta.name}.${p.name}`, p.title);
  return Object.freeze({ ...meta, impl });
}

/** Writes an argument the way a user types it in a formula: arrays as {a,b;c,d}. */
export function formulaArg(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return `"${v.replace(/"/g, '""')}"`;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (Array.isArray(v)) {
    const rows = v.map((r: unknown) => (Array.isArray(r) ? r : [r]));
    return `{${rows.map((r) => r.map(formulaArg).join(',')).join(';')}}`;
  }
  return String(v);
}

/** `KPISCORE(42, 45, , , , 32)` for an example; `prefix` is `KPI.` in Excel. */
export function exampleFormula(name: string, ex: Example, prefix = ''): string {
  const args = ex.args.map(formulaArg);
  while (args.length > 0 && args[args.length - 1] === '') args.pop();
  return `=${prefix}${name}(${args.join(', ')})`;
}

/** An example's result as a user sees it. */
export function exampleResult(r: Example['result']): string {
  if (Array.isArray(r)) return formulaArg(r);
  if (typeof r === 'string') return r === '' ? '""' : r;
  return String(Number((r as number).toPrecision(12)));
}
