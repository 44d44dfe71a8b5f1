/**
 * Writes the function reference into README.md from the registry: English between
 * `<!-- functions:start -->` and `<!-- functions:end -->`, Chinese between
 * `<!-- functions-zh:start -->` and `<!-- functions-zh:end -->`. A README without the markers is
 * left as it is. Run by `npm run build`; `npx tsx scripts/gen-docs.ts` runs it alone.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FUNCTIONS } from '../core/index.js';
import type { FunctionMeta } from '../core/registry.js';
import type { Locale } from '../core/types.js';
import { exampleText, signature } from '../ui/text.js';

const HEADINGS: Record<
  Locale,
  { level: string; params: string; desc: string; formula: string; result: string; optional: string; intro: string }
> = {
  en: {
    level: '###',
    params: 'Parameter',
    desc: 'Meaning',
    formula: 'Formula',
    result: 'Result',
    optional: 'optional',
    intro:
      'In Google Sheets type the names as they are (`=KPISCORE(...)`); in Excel they carry the add-in namespace (`=KPI.KPISCORE(...)`). Arguments in brackets are optional; leave them out or leave them blank for the default.',
  },
  'zh-CN': {
    level: '####',
    params: '参数',
    desc: '说明',
    formula: '公式',
    result: '结果',
    optional: '可选',
    intro:
      '本节由 `npm run build` 根据函数注册表生成。在 Google 表格中直接输入函数名（`=KPISCORE(...)`）；在 Excel 中函数名前带有加载项命名空间（`=KPI.KPISCORE(...)`）。方括号中的参数可以省略，省略或留空时取默认值。',
  },
};

function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function code(s: string): string {
  const ticks = s.includes('`') ? '``' : '`';
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${cell(s)}${pad}${ticks}`;
}

function functionSection(fn: FunctionMeta, locale: Locale): string {
  const h = HEADINGS[locale];
  const lines: string[] = [`${h.level} ${code(signature(fn, locale))}`, '', fn.description[locale], ''];
  lines.push(`| ${h.params} | ${h.desc} |`, '| --- | --- |');
  for (const p of fn.params) {
    const name = locale === 'en' ? code(p.name) : `${code(p.name)} ${p.title[locale]}`;
    lines.push(`| ${name}${p.optional ? ` (${h.optional})` : ''} | ${cell(p.description[locale])} |`);
  }
  lines.push('', `| ${h.formula} | ${h.result} |`, '| --- | --- |');
  for (const ex of fn.examples) {
    const { formula, result } = exampleText(fn, ex);
    lines.push(`| ${code(formula)} | ${code(result)} |`);
  }
  return lines.join('\n');
}

/** The reference in one language, as Markdown. */
export function renderReference(locale: Locale, functions: readonly FunctionMeta[] = FUNCTIONS): string {
  return [HEADINGS[locale].intro, ...functions.map((fn) => functionSection(fn, locale))].join('\n\n');
}

export const MARKERS: Record<Locale, readonly [string, string]> = {
  en: ['<!-- functions:start -->', '<!-- functions:end -->'],
  'zh-CN': ['<!-- functions-zh:start -->', '<!-- functions-zh:end -->'],
};

/** README text with each marked section replaced; sections whose markers are missing stay as they are. */
export function withReference(readme: string, functions: readonly FunctionMeta[] = FUNCTIONS): string {
  let out = readme;
  for (const locale of Object.keys(MARKERS) as Locale[]) {
    const [start, end] = MARKERS[locale];
    const i = out.indexOf(start);
    const j = out.indexOf(end, i + start.length);
    if (i < 0 || j < 0) continue;
    out = `${out.slice(0, i + start.length)}\n\n${renderReference(locale, functions)}\n\n${out.slice(j)}`;
  }
  return out;
}

/**
 * Rewrites the README's reference sections; returns whether the file was out of date. With
 * `check` it only reports (CI builds check, so a stale committed README fails the docs test).
 */
export function updateReadme(path: string, check = false): boolean {
  if (!existsSync(path)) return false;
  const before = readFileSync(path, 'utf8');
  const after = withReference(before);
  if (after === before) return false;
  if (!check) writeFileSync(path, after);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const readme = join(dirname(fileURLToPath(import.meta.url)), '..', 'README.md');
  console.log(updateReadme(readme) ? 'README.md: function reference updated' : 'README.md: function reference already current');
}
