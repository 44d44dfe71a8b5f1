import { label } from './labels.js';
import { v, type WorkbookBuilder } from './builder.js';
import { DIRECTIONS, DISPLAY, GROUPS_360, PERSPECTIVES, choices, periodChoices, wordCodes } from './words.js';
import type { CellSpec } from './types.js';

/** Workbook names of the hidden lists sheet (free names, so they may carry a suffix). */
export interface Lists {
  readonly sheet: string;
  readonly dirWords: string;
  readonly dirCodes: string;
  readonly dirChoices: string;
  readonly groupWords: string;
  readonly groupCodes: string;
  readonly groupChoices: string;
  readonly perspWords: string;
  readonly perspCodes: string;
  readonly perspChoices: string;
  readonly periodChoices: string;
}

/**
 * The hidden lists sheet: option words of both languages (lower case, with their codes) that the
 * formulas look up, and the choices the dropdowns offer. Made once per workbook.
 */
export function lists(wb: WorkbookBuilder): Lists {
  return wb.memo(() => {
    const lang = wb.lang;
    const s = wb.sheet('lists', label(lang, 'sheet.lists'), { hidden: true, protect: true });
    const columns: { key: keyof Omit<Lists, 'sheet'>; header: string; values: (string | number)[] }[] = [];
    const pair = (words: { word: string; code: number }[], w: keyof Omit<Lists, 'sheet'>, c: keyof Omit<Lists, 'sheet'>) => {
      columns.push({ key: w, header: w, values: words.map((x) => x.word) });
      columns.push({ key: c, header: c, values: words.map((x) => x.code) });
    };
    pair(wordCodes(DIRECTIONS), 'dirWords', 'dirCodes');
    columns.push({ key: 'dirChoices', header: 'dirChoices', values: choices(DIRECTIONS, DISPLAY.direction, lang) });
    pair(wordCodes(GROUPS_360), 'groupWords', 'groupCodes');
    columns.push({ key: 'groupChoices', header: 'groupChoices', values: choices(GROUPS_360, DISPLAY.group, lang) });
    pair(wordCodes(PERSPECTIVES), 'perspWords', 'perspCodes');
    columns.push({ key: 'perspChoices', header: 'perspChoices', values: choices(PERSPECTIVES, DISPLAY.perspective, lang) });
    columns.push({ key: 'periodChoices', header: 'periodChoices', values: periodChoices(lang) });

    const height = Math.max(...columns.map((c) => c.values.length));
    const cells: CellSpec[][] = [columns.map((c) => v(c.header))];
    for (let i = 0; i < height; i++) cells.push(columns.map((c) => v(c.values[i] ?? null)));
    s.put(1, 1, cells);
    s.style(`A1:${String.fromCharCode(64 + columns.length)}1`, 'header');
    const out: Record<string, string> = { sheet: s.name };
    columns.forEach((c, i) => {
      s.width(i + 1, 18);
      out[c.key] = wb.name(`KPI_${c.key[0]!.toUpperCase()}${c.key.slice(1)}`, s.name, i + 1, 2, i + 1, 1 + c.values.length);
    });
    return out as unknown as Lists;
  });
}
