/** Terminal text: display widths with CJK characters, aligned tables, number formatting. */

import { displayWidth, isWide } from '../core/text-width.js';

export { displayWidth };

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

export function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}

export type Align = 'left' | 'right';

/**
 * Text on one terminal line: a line break that a sheet wraps a header at ("考核\n等级") is dropped
 * between wide characters and becomes a space between words ("Total\nscore" → "Total score").
 */
export function oneLine(text: string): string {
  return text.replace(/[ \t]*\r?\n[ \t]*/g, (_, at: number, all: string) => {
    const before = all.codePointAt(at - 1) ?? 0;
    const after = all.codePointAt(at + _.length) ?? 0;
    return isWide(before) || isWide(after) ? '' : ' ';
  });
}

/** A plain-text table: header, a rule, the rows, each cell on one line; columns aligned by display width. */
export function formatTable(headerCells: readonly string[], rowCells: readonly (readonly string[])[], align: readonly Align[]): string {
  const headers = headerCells.map(oneLine);
  const rows = rowCells.map((r) => r.map(oneLine));
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => ((align[i] ?? 'left') === 'right' ? padStart(c, widths[i] ?? 0) : padEnd(c, widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

/** 1234.5 → "1,234.50" with a fixed number of decimals. */
export function money(n: number, decimals = 2): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** 1.15 → "115.0%". */
export function percent(n: number, decimals = 1): string {
  return `${(n * 100).toFixed(decimals)}%`;
}
