/**
 * Text about the functions, written from the registry: signatures, labels and the words the
 * reference shows. No DOM here, so the docs generator, the Apps Script JSDoc and the task pane
 * all use the same wording.
 */
import { exampleFormula, exampleResult } from '../core/registry.js';
import type { Example, FunctionMeta, ParamMeta } from '../core/registry.js';
import type { Locale } from '../core/types.js';

export interface UiText {
  readonly title: string;
  readonly subtitle: string;
  readonly search: string;
  readonly parameters: string;
  readonly optional: string;
  readonly examples: string;
  readonly formula: string;
  readonly result: string;
  readonly insert: string;
  readonly inserting: string;
  readonly inserted: string;
  readonly insertFailed: string;
  readonly noMatch: string;
  readonly language: string;
  readonly menuTitle: string;
  readonly menuReference: string;
  readonly excelPrefixNote: string;
}

export const UI_TEXT: Record<Locale, UiText> = {
  en: {
    title: 'KPI Kit functions',
    subtitle: 'Scoring functions for KPI sheets. Pick an example and insert it at the selected cell.',
    search: 'Search functions',
    parameters: 'Parameters',
    optional: 'optional',
    examples: 'Examples',
    formula: 'Formula',
    result: 'Result',
    insert: 'Insert',
    inserting: 'Inserting…',
    inserted: 'Inserted {formula}',
    insertFailed: 'Could not insert the formula: {error}',
    noMatch: 'No function matches “{query}”.',
    language: 'Language',
    menuTitle: 'KPI Kit',
    menuReference: 'Function reference',
    excelPrefixNote: 'In Excel the functions carry the add-in namespace: =KPI.KPISCORE(…). In Google Sheets: =KPISCORE(…).',
  },
  'zh-CN': {
    title: 'KPI Kit 函数',
    subtitle: 'KPI 考核表的计分函数。选择一个示例，插入到当前选中的单元格。',
    search: '搜索函数',
    parameters: '参数',
    optional: '可选',
    examples: '示例',
    formula: '公式',
    result: '结果',
    insert: '插入',
    inserting: '正在插入…',
    inserted: '已插入 {formula}',
    insertFailed: '无法插入公式：{error}',
    noMatch: '没有与“{query}”匹配的函数。',
    language: '语言',
    menuTitle: 'KPI Kit',
    menuReference: '函数参考',
    excelPrefixNote: '在 Excel 中函数带有加载项命名空间：=KPI.KPISCORE(…)。在 Google 表格中：=KPISCORE(…)。',
  },
};

export function fill(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => params[key] ?? whole);
}

/** A parameter as shown in a signature: its localized name, in brackets when optional. */
export function paramLabel(p: ParamMeta, locale: Locale): string {
  const name = locale === 'en' ? p.name : p.title[locale];
  return p.optional ? `[${name}]` : name;
}

/** `KPISCORE(actual, target, [direction], …)`; `prefix` is `KPI.` for Excel. */
export function signature(fn: FunctionMeta, locale: Locale, prefix = ''): string {
  return `${prefix}${fn.name}(${fn.params.map((p) => paramLabel(p, locale)).join(', ')})`;
}

export interface ExampleText {
  readonly formula: string;
  readonly result: string;
}

export function exampleText(fn: FunctionMeta, ex: Example, prefix = ''): ExampleText {
  return { formula: exampleFormula(fn.name, ex, prefix), result: exampleResult(ex.result) };
}

/** Text that a search box matches against: names and descriptions in every language. */
export function searchText(fn: FunctionMeta): string {
  const parts: string[] = [fn.name, fn.description.en, fn.description['zh-CN']];
  for (const p of fn.params) {
    parts.push(p.name, p.title.en, p.title['zh-CN'], p.description.en, p.description['zh-CN']);
  }
  return parts.join('\n').toLowerCase();
}

/** Cuts a text to at most `max` characters at a word or sentence boundary, ending with "…". */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const boundary = Math.max(cut.lastIndexOf(' '), cut.lastIndexOf('，'), cut.lastIndexOf('、'), cut.lastIndexOf('；'));
  const base = boundary > max / 2 ? cut.slice(0, boundary) : cut;
  return `${base.replace(/[\s,;，、；:：(（]+$/u, '')}…`;
}
