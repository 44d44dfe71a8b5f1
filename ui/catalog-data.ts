/**
 * What the gallery shows about each template: title, purpose, the layout picture and the presets.
 * Computed from the generators themselves. The host bundles do not call this: the build turns it
 * into a small constant (see catalog-plugin.ts), so the Sheets sidebar carries no generator.
 */
import { parseRange } from '../core/templates/a1.js';
import { KIND_ABOUT, KIND_LABELS, PRESETS, PRESET_LABELS, TEMPLATE_KINDS, generateTemplate } from '../core/templates/index.js';
import type { SheetDesc, StyleName, TemplateKind } from '../core/templates/index.js';
import type { Localized } from '../core/types.js';

/**
 * A sheet's top-left corner as a picture: visible column widths (characters) and one string per
 * row with a letter per cell: t title, s subtitle, n note, h header, i input, f formula,
 * T total, v plain value, . empty.
 */
export interface Picture {
  readonly w: readonly number[];
  readonly r: readonly string[];
}

export interface CatalogKind {
  readonly kind: TemplateKind;
  readonly title: Localized;
  readonly about: Localized;
  readonly picture: Picture;
}

export interface Catalog {
  readonly kinds: readonly CatalogKind[];
  readonly presets: readonly { readonly key: string; readonly title: Localized }[];
}

const ROLE: Record<StyleName, string> = { title: 't', subtitle: 's', note: 'n', header: 'h', input: 'i', formula: 'f', total: 'T' };
const MAX_ROWS = 14;
const MAX_COLS = 9;

/** The picture of one sheet's top-left corner. */
export function pictureOf(sheet: SheetDesc): Picture {
  const visible: number[] = [];
  sheet.columns.forEach((c, i) => {
    if (!c.hidden && visible.length < MAX_COLS) visible.push(i + 1);
  });
  const grid: string[][] = Array.from({ length: MAX_ROWS }, () => visible.map(() => '.'));
  const paint = (c1: number, r1: number, c2: number, r2: number, role: string, onlyEmpty: boolean) => {
    for (let r = Math.max(r1, 1); r <= Math.min(r2, MAX_ROWS); r++) {
      visible.forEach((c, j) => {
        if (c < c1 || c > c2) return;
        const row = grid[r - 1]!;
        if (!onlyEmpty || row[j] === '.') row[j] = role;
      });
    }
  };
  for (const b of sheet.blocks) {
    const at = parseRange(b.at);
    b.cells.forEach((cells, i) =>
      cells.forEach((cell, j) => {
        const filled = 'f' in cell || (cell.v !== null && cell.v !== '');
        if (filled) paint(at.left + j, at.top + i, at.left + j, at.top + i, 'v', true);
      }),
    );
  }
  for (const s of sheet.styles) {
    const r = parseRange(s.range);
    paint(r.left, r.top, r.right, r.bottom, ROLE[s.style], false);
  }
  let rows = grid.map((r) => r.join(''));
  while (rows.length > 0 && /^\.*$/.test(rows[rows.length - 1]!)) rows = rows.slice(0, -1);
  return { w: visible.map((c) => Math.round(Math.min(Math.max(sheet.columns[c - 1]?.width ?? 8, 3), 30))), r: rows };
}

/** The sheet a template is about: the one named like the kind, else the last visible one. */
function mainSheet(kind: TemplateKind, sheets: readonly SheetDesc[]): SheetDesc {
  const visible = sheets.filter((s) => !s.hidden);
  return visible.find((s) => s.key === kind) ?? visible[visible.length - 1] ?? sheets[0]!;
}

export function buildCatalog(): Catalog {
  return {
    kinds: TEMPLATE_KINDS.map((kind) => {
      const desc = generateTemplate({ kind, lang: 'en', period: '', sample: true });
      return { kind, title: KIND_LABELS[kind], about: KIND_ABOUT[kind], picture: pictureOf(mainSheet(kind, desc.sheets)) };
    }),
    presets: PRESETS.map((key) => ({ key, title: PRESET_LABELS[key] })),
  };
}
