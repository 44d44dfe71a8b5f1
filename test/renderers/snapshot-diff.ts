/**
 * What a description says a workbook holds, as a WorkbookSnapshot, and the differences between two
 * snapshots: the renderer tests compare each host's workbook with the description and with each
 * other through these.
 */
import { addr, parseCell, parseRange } from '../../core/templates/a1.js';
import type { SheetDesc, WorkbookDesc } from '../../core/templates/types.js';
import { validationKey, type SheetSnapshot, type SnapCell, type WorkbookSnapshot } from './snapshot.js';

function eachCell(range: string, fn: (a: string) => void): void {
  const r = parseRange(range);
  for (let row = r.top; row <= r.bottom; row++) for (let c = r.left; c <= r.right; c++) fn(addr(c, row));
}

function byRowThenColumn(a: string, b: string): number {
  const p = parseCell(a);
  const q = parseCell(b);
  return p.row - q.row || p.col - q.col;
}

function expectedSheet(s: SheetDesc): SheetSnapshot {
  const cells: Record<string, SnapCell> = {};
  for (const b of s.blocks) {
    const at = parseCell(b.at);
    b.cells.forEach((row, i) =>
      row.forEach((c, j) => {
        const a = addr(at.col + j, at.row + i);
        if ('f' in c) cells[a] = { f: c.f };
        else if (c.v !== null && c.v !== '') cells[a] = { v: c.v };
        else delete cells[a];
      }),
    );
  }
  const numFmts: Record<string, string> = {};
  for (const f of s.formats) eachCell(f.range, (a) => (f.numFmt === 'General' ? delete numFmts[a] : (numFmts[a] = f.numFmt)));
  // Per-cell formats come after the range formats and win where both cover a cell.
  for (const g of s.formatGrids ?? []) {
    const at = parseCell(g.at);
    g.numFmts.forEach((row, i) => row.forEach((f, j) => (f === 'General' ? delete numFmts[addr(at.col + j, at.row + i)] : (numFmts[addr(at.col + j, at.row + i)] = f))));
  }
  const validations: Record<string, string> = {};
  for (const v of s.validations) {
    const key =
      v.type === 'list'
        ? validationKey({ type: 'list', source: typeof v.source === 'string' ? v.source : v.source.join(','), allowBlank: v.allowBlank })
        : v.type === 'decimal'
          ? validationKey({ type: 'decimal', ...(v.min !== undefined ? { min: v.min } : {}), ...(v.max !== undefined ? { max: v.max } : {}), allowBlank: v.allowBlank })
          : validationKey({ type: 'custom', formula: v.formula, allowBlank: v.allowBlank });
    eachCell(v.range, (a) => (validations[a] = key));
  }
  // A cell's look is the last style set on it (as every renderer applies them in order).
  const lastStyle = new Map<string, string>();
  for (const st of s.styles) eachCell(st.range, (a) => lastStyle.set(a, st.style));
  const unlocked = s.protect ? [...lastStyle].filter(([, st]) => st === 'input').map(([a]) => a) : [];
  const hiddenColumns: number[] = [];
  s.columns.forEach((c, i) => {
    if (c.hidden) hiddenColumns.push(i + 1);
  });
  return {
    name: s.name,
    hidden: Boolean(s.hidden),
    cells,
    numFmts,
    merges: [...s.merges].sort(),
    frozen: s.frozen ?? { rows: 0, columns: 0 },
    hiddenColumns,
    validations,
    conditionalFormats: s.conditionalFormats.map((c) => `${c.range}|${c.formula}|${c.style}`).sort(),
    protected: s.protect,
    unlocked: unlocked.sort(byRowThenColumn),
    charts: s.charts.map((c) => ({ type: c.type, title: c.title, categories: c.categories, series: c.series.map((x) => ({ ...x })), anchor: c.anchor })),
    ...(s.activeCell ? { activeCell: s.activeCell } : {}),
  };
}

/** The workbook a description says the renderers write (only its own sheets and names). */
export function expectedSnapshot(desc: WorkbookDesc): WorkbookSnapshot {
  return {
    sheets: desc.sheets.map(expectedSheet),
    names: Object.fromEntries(desc.names.map((n) => [n.name, n.ref])),
  };
}

export interface DiffOptions {
  /** Leave charts out (the exceljs reader does not read chart parts). */
  readonly charts?: boolean;
  /** At most this many differences are listed. */
  readonly limit?: number;
}

function recordDiff(where: string, a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>, out: string[]): void {
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = JSON.stringify(a[k]);
    const y = JSON.stringify(b[k]);
    if (x === y) continue;
    const p = a[k];
    const q = b[k];
    if (Array.isArray(p) && Array.isArray(q)) {
      const only = (u: unknown[], w: unknown[]) => u.filter((e) => !w.some((f) => JSON.stringify(f) === JSON.stringify(e))).slice(0, 8);
      out.push(`${where} ${k}: only in first ${JSON.stringify(only(p, q))}, only in second ${JSON.stringify(only(q, p))}`);
    } else out.push(`${where} ${k}: ${x ?? '(none)'} ≠ ${y ?? '(none)'}`);
  }
}

/**
 * Differences between two snapshots, restricted to the sheets of `a` (so a host snapshot that also
 * holds the user's own sheets compares against a description's). Empty when they agree.
 */
export function diffSnapshots(a: WorkbookSnapshot, b: WorkbookSnapshot, options: DiffOptions = {}): string[] {
  const out: string[] = [];
  const limit = options.limit ?? 20;
  for (const sa of a.sheets) {
    const sb = b.sheets.find((s) => s.name === sa.name);
    if (!sb) {
      out.push(`sheet "${sa.name}" missing`);
      continue;
    }
    const w = `"${sa.name}"`;
    recordDiff(`${w} cell`, sa.cells, sb.cells, out);
    recordDiff(`${w} format`, sa.numFmts, sb.numFmts, out);
    recordDiff(`${w} validation`, sa.validations, sb.validations, out);
    const scalars: Record<string, unknown> = {
      hidden: sa.hidden,
      merges: sa.merges,
      frozen: sa.frozen,
      hiddenColumns: sa.hiddenColumns,
      conditionalFormats: sa.conditionalFormats,
      protected: sa.protected,
      unlocked: sa.unlocked,
      ...(options.charts === false ? {} : { charts: sa.charts }),
    };
    const other: Record<string, unknown> = {
      hidden: sb.hidden,
      merges: sb.merges,
      frozen: sb.frozen,
      hiddenColumns: sb.hiddenColumns,
      conditionalFormats: sb.conditionalFormats,
      protected: sb.protected,
      unlocked: sb.unlocked,
      ...(options.charts === false ? {} : { charts: sb.charts }),
    };
    recordDiff(w, scalars, other, out);
    if (out.length >= limit) break;
  }
  for (const [name, ref] of Object.entries(a.names)) {
    if (b.names[name] !== ref) out.push(`name ${name}: ${ref} ≠ ${b.names[name] ?? '(none)'}`);
  }
  return out.slice(0, limit);
}

/** Sheets and names of `after` that `before` lacks, and those of `before` that changed or went. */
export function changesBetween(before: WorkbookSnapshot, after: WorkbookSnapshot): string[] {
  const out = diffSnapshots(before, after, { limit: 10 });
  for (const s of after.sheets) if (!before.sheets.some((x) => x.name === s.name)) out.push(`sheet "${s.name}" added`);
  for (const n of Object.keys(after.names)) if (!(n in before.names)) out.push(`name ${n} added`);
  if (before.sheets.map((s) => s.name).join('\n') !== after.sheets.map((s) => s.name).join('\n')) out.push('sheet order changed');
  return out;
}
