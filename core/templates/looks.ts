/**
 * How each named style looks, written once for every renderer: the .xlsx renderer (exceljs), the
 * Excel renderer (Office.js) and the Sheets renderer (SpreadsheetApp) each translate this table
 * into their host's terms. Colours are "#RRGGBB".
 */
import type { ConditionalFormat, StyleName } from './types.js';

export interface Edge {
  readonly color: string;
  readonly double?: boolean;
}

export interface Look {
  readonly size: number;
  readonly bold?: boolean;
  readonly italic?: boolean;
  readonly color: string;
  readonly fill?: string;
  readonly borders?: { readonly top: Edge; readonly bottom: Edge; readonly left: Edge; readonly right: Edge };
  readonly horizontal?: 'left' | 'center';
  readonly vertical: 'middle' | 'top';
  readonly wrap?: boolean;
  /** Input cells are the only ones left unlocked. */
  readonly locked: boolean;
}

/** The size of body text (points); other sizes stand out. */
export const BODY_SIZE = 11;
export const FONT = 'Calibri';

const INK = '#1F2937';
const NAVY = '#1F3864';
const GRID = '#BFC7D5';
const box = (color: string): Look['borders'] => ({ top: { color }, bottom: { color }, left: { color }, right: { color } });

export const LOOKS: Readonly<Record<StyleName, Look>> = {
  title: { size: 16, bold: true, color: NAVY, horizontal: 'left', vertical: 'middle', locked: true },
  subtitle: { size: BODY_SIZE, italic: true, color: '#475569', horizontal: 'left', vertical: 'middle', locked: true },
  header: {
    size: BODY_SIZE,
    bold: true,
    color: '#FFFFFF',
    fill: '#1F4E78',
    borders: box('#1F4E78'),
    horizontal: 'center',
    vertical: 'middle',
    wrap: true,
    locked: true,
  },
  input: { size: BODY_SIZE, color: '#0B3D91', fill: '#FFF7D6', borders: box('#E3C868'), vertical: 'middle', locked: false },
  formula: { size: BODY_SIZE, color: INK, borders: box(GRID), vertical: 'middle', locked: true },
  total: {
    size: BODY_SIZE,
    bold: true,
    color: NAVY,
    fill: '#E8EEF7',
    borders: { top: { color: NAVY }, bottom: { color: NAVY, double: true }, left: { color: GRID }, right: { color: GRID } },
    vertical: 'middle',
    locked: true,
  },
  // Notes print at the size of the cells they explain, in readable slate ink: sheets scaled to one
  // page wide (down to 75 %) keep them at 8 pt or more on paper.
  note: { size: BODY_SIZE, color: '#475569', horizontal: 'left', vertical: 'top', locked: true },
};

/** Conditional format looks: Excel's standard light red / green / yellow. */
export const CONDITIONAL_LOOKS: Readonly<Record<ConditionalFormat['style'], { readonly fill: string; readonly font: string }>> = {
  bad: { fill: '#FFC7CE', font: '#9C0006' },
  good: { fill: '#C6EFCE', font: '#006100' },
  warn: { fill: '#FFEB9C', font: '#9C5700' },
};
