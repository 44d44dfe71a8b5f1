/** Terminal text: display widths with CJK characters, aligned tables, number formatting. */

import { displayWidth } from '../core/text-width.js';

export { displayWidth };

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

export function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}

export type Align = 'left' | 'right';

/** A plain-text table: header, a rule, the rows; columns aligned by display width. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[]): string {
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
