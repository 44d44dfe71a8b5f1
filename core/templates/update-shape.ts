/**
 * Whether the sheets of a generated set still have the shape they were made with. An update reads
 * typed cells by place (row and column as the recipe made them), so a column inserted or deleted,
 * a row inserted or deleted inside the review's rows, or those rows sorted would make it read one
 * employee's cells as another's. Such a set is refused with words that say where, and nothing is
 * changed. What is compared:
 * - each table's header row, in its hidden helper columns: a user may rename a visible header, but
 *   a column moved shifts the helpers too (a table without helpers: two headers changed, or one
 *   emptied);
 * - the review's KPI-line column, 1…K again for each employee: rows moved break the sequence;
 * - the row just below each table: typed values there (two or more, where the set wrote none) are
 *   a last row pushed out by rows inserted into the table.
 */
import type { Locale, Localized } from '../types.js';
import { col, colNumber, parseCell, parseRange } from './a1.js';
import type { CellSpec, SheetDesc, TableLayout, WorkbookDesc } from './types.js';
import type { SheetGrid } from './update-types.js';

const WORDS = {
  en: {
    changed: (sheet: string, where: string) =>
      `"${sheet}" has changed shape since KPI Kit made it: ${where}. The update finds each typed cell by its place, so it stops here and changes nothing. ` +
      'Undo the columns or rows inserted, deleted or sorted there (or make a new set and copy what was typed).',
    header: (cell: string, got: string, want: string) =>
      `cell ${cell} ${got === '' ? 'is empty' : `holds "${got}"`} where "${want}" was (a column or row was inserted or deleted)`,
    line: (row: number) => `row ${row} is not the KPI line it was (rows were inserted, deleted or sorted)`,
    below: (row: number) => `row ${row}, just below the table, holds typed values (rows were inserted into the table and pushed its last row out)`,
  },
  'zh-CN': {
    changed: (sheet: string, where: string) =>
      `“${sheet}”在 KPI Kit 生成后结构有变：${where}。更新按位置找到每个已填单元格，因此在此停止，未作任何更改。` + '请撤销在该处插入、删除或排序的行列（或新建一组表格，再抄入已填内容）。',
    header: (cell: string, got: string, want: string) => `${cell} 单元格${got === '' ? '为空' : `为“${got}”`}，原为“${want}”（有行或列被插入或删除）`,
    line: (row: number) => `第 ${row} 行已不是原来的 KPI 行（有行被插入、删除或排序）`,
    below: (row: number) => `表格正下方的第 ${row} 行有已填内容（表格中插入了行，把最后一行挤出了表格）`,
  },
} as const;

type Where = (w: (typeof WORDS)['en' | 'zh-CN']) => string;

/** Text compared without spaces and line breaks (a header wraps as the host keeps it). */
const squeeze = (x: unknown): string => (x === null || x === undefined ? '' : String(x).replace(/\s+/g, ''));

/** A cell's text as said back: on one line, long text cut. */
function shown(x: unknown): string {
  const t = String(x ?? '').replace(/\s+/g, ' ').trim();
  return t.length > 40 ? `${t.slice(0, 39)}…` : t;
}

/** The cell a description writes at (1-based row and column), if any. */
function descCell(sheet: SheetDesc, r: number, c: number): CellSpec | undefined {
  for (const b of sheet.blocks) {
    const at = parseCell(b.at);
    const spec = b.cells[r - at.row]?.[c - at.col];
    if (spec !== undefined) return spec;
  }
  return undefined;
}

/** The value a description writes at a cell, or undefined for a formula or no cell. */
function descValue(sheet: SheetDesc, r: number, c: number): unknown {
  const spec = descCell(sheet, r, c);
  return spec !== undefined && 'v' in spec ? spec.v : undefined;
}

/** True where a description writes nothing: no cell, or an empty value. */
function descEmpty(sheet: SheetDesc, r: number, c: number): boolean {
  const spec = descCell(sheet, r, c);
  return spec === undefined || ('v' in spec && (spec.v === null || spec.v === ''));
}

/**
 * For a table without helper columns: moved when two or more headers differ, or one is now empty
 * (a column inserted before its last column). One header renamed is a rename.
 */
function shiftedWithoutHelpers(changed: readonly { c: number }[], table: TableLayout, grid: SheetGrid): boolean {
  return changed.length >= 2 || changed.some(({ c }) => squeeze(grid.values[table.headerRow - 1]?.[c - 1]) === '');
}

/** The first header cell of a table that no longer holds its header, when its helper columns moved (or any, without helpers). */
function headerMoved(sheet: SheetDesc, table: TableLayout, grid: SheetGrid): Where | null {
  const columns = [...new Set(Object.values(table.columns).map(colNumber))].sort((a, b) => a - b);
  const hidden = columns.filter((c) => sheet.columns[c - 1]?.hidden === true);
  const differs = (c: number): string | null => {
    const want = descValue(sheet, table.headerRow, c);
    if (typeof want !== 'string' || squeeze(want) === '') return null;
    return squeeze(grid.values[table.headerRow - 1]?.[c - 1]) === squeeze(want) ? null : want;
  };
  const changed = columns.flatMap((c) => {
    const want = differs(c);
    return want === null ? [] : [{ c, want }];
  });
  const moved = hidden.length > 0 ? changed.some((x) => hidden.includes(x.c)) : shiftedWithoutHelpers(changed, table, grid);
  if (!moved) return null;
  // Said at the leftmost header that differs: where the user inserted or deleted.
  const { c, want: wanted } = changed[0]!;
  const want = shown(wanted);
  const got = shown(grid.values[table.headerRow - 1]?.[c - 1]);
  const cell = `${col(c)}${table.headerRow}`;
  return (w) => w.header(cell, got, want);
}

/** The columns of a table the user types into (input cells over its rows). */
function typedColumns(sheet: SheetDesc, table: TableLayout): number[] {
  const inTable = new Set(Object.values(table.columns).map(colNumber));
  const out = new Set<number>();
  for (const s of sheet.styles) {
    if (s.style !== 'input') continue;
    const r = parseRange(s.range);
    if (r.bottom < table.firstRow || r.top > table.lastRow) continue;
    for (let c = r.left; c <= r.right; c++) if (inTable.has(c)) out.add(c);
  }
  return [...out];
}

/**
 * A row of typed values just below a table where the set wrote none: rows were inserted into the
 * table and pushed its last row out of it (an update reads the table's rows only).
 */
function rowPushedOut(sheet: SheetDesc, table: TableLayout, grid: SheetGrid): Where | null {
  const columns = typedColumns(sheet, table);
  const r = table.lastRow + 1;
  const filled = columns.filter((c) => descEmpty(sheet, r, c) && squeeze(grid.values[r - 1]?.[c - 1]) !== '');
  return filled.length >= Math.min(2, columns.length) && filled.length > 0 ? (w) => w.below(r) : null;
}

/** The first row of the review's KPI rows whose KPI-line number is not the one it was made with. */
function lineMoved(table: TableLayout, grid: SheetGrid, lines: number): Where | null {
  const letters = table.columns.kpiLine;
  if (letters === undefined || lines < 1) return null;
  const c = colNumber(letters);
  for (let r = table.firstRow; r <= table.lastRow; r++) {
    const got = grid.values[r - 1]?.[c - 1];
    if (got !== ((r - table.firstRow) % lines) + 1) return (w) => w.line(r);
  }
  return null;
}

const leftmost = (t: TableLayout): number => Math.min(...Object.values(t.columns).map(colNumber));

/** The refusal shapeProblem gives for a header cell that no longer holds its header, in one language. */
export function headerMovedWords(lang: Locale, sheet: string, cell: string, got: string, want: string): string {
  const w = WORDS[lang];
  return w.changed(sheet, w.header(cell, got, want));
}

/**
 * The words for a set whose sheets changed shape, or null when every sheet read still has it.
 * `sheets` pairs each sheet of the description as made (for the set as it is) with its grid as
 * read; `lines` is the number of KPI lines per employee of a review.
 */
export function shapeProblem(desc: WorkbookDesc, grids: ReadonlyMap<string, SheetGrid>, lines = 0): Localized | null {
  for (const sheet of desc.sheets) {
    const grid = grids.get(sheet.key);
    if (grid === undefined) continue;
    const tables = [...(sheet.tables ?? [])].sort((a, b) => a.headerRow - b.headerRow || leftmost(a) - leftmost(b));
    for (const table of tables) {
      const where =
        headerMoved(sheet, table, grid) ?? (sheet.key === 'review' && table.key === 'detail' ? lineMoved(table, grid, lines) : null) ?? rowPushedOut(sheet, table, grid);
      if (where !== null) return { en: WORDS.en.changed(grid.name, where(WORDS.en)), 'zh-CN': WORDS['zh-CN'].changed(grid.name, where(WORDS['zh-CN'])) };
    }
  }
  return null;
}
