/**
 * Recalculation cost of a review whose actuals come from a system export: a long export (one row
 * per employee, KPI, value and date) pasted beside a review of 2,000 employees × 6 KPIs (12,000
 * rows), and of 100 employees × 4 KPIs (800 rows, two per KPI), the review's period set so that
 * the date bounds count. Measured: HyperFormula building the workbook (load and compute every
 * formula) and LibreOffice converting the .xlsx (start, load, recalculate, save), with its
 * start-up measured apart on a one-sheet workbook and taken off, beside the same 2,000 × 6 review
 * without an export (what the review costs on its own). Every value is checked against the
 * export's sums. One run each.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildHyperFormula, readSheet } from '../cli/hyperformula.js';
import { findSoffice, recalcXlsx } from '../cli/libreoffice.js';
import { writeXlsx } from '../cli/xlsx.js';
import { addr, parseCell } from '../core/templates/a1.js';
import { WorkbookBuilder } from '../core/templates/builder.js';
import { exportCheckSheet, exportSource, planKpiRange, type ExportRequest } from '../core/templates/export.js';
import type { CellSpec, SheetDesc, WorkbookDesc } from '../core/templates/index.js';
import { label } from '../core/templates/labels.js';
import { planSheet, presetLines } from '../core/templates/plan.js';
import { reviewSheet } from '../core/templates/review.js';
import { childrenCpu, gc, type BenchRow, type BenchSection } from './measure.js';

const TARGET_S = 5;
const SHEET = 'CRM export';
const START = 46023; // 2026-01-01
const END = 46112; // 2026-03-31

export interface ExportCase {
  readonly desc: WorkbookDesc;
  readonly employees: number;
  readonly kpis: number;
  readonly rows: number;
  /** The export's sum per employee and KPI (what the review's "from export" column must show). */
  readonly sums: ReadonlyMap<string, number>;
}

/** The cell right of the review's setting whose label is `key`. */
function settingCell(review: SheetDesc, key: 'label.periodStart' | 'label.periodEnd'): string {
  const text = label('en', key);
  for (const b of review.blocks) {
    const at = parseCell(b.at);
    for (const [i, row] of b.cells.entries()) for (const [j, c] of row.entries()) if ('v' in c && c.v === text) return addr(at.col + j + 1, at.row + i);
  }
  throw new Error(`no ${key} on the review`);
}

/**
 * A review of `employees` × `kpis` lines of the operations preset whose actuals come from a long,
 * dated export of `perPair` rows per employee and KPI (one of every 7 rows dated outside the
 * period), the period typed on the review: as generated with the export check sheet.
 */
export function exportReview(employees: number, kpis: number, perPair: number): ExportCase {
  const lines = presetLines('operations', 'en').slice(0, kpis);
  const names = Array.from({ length: employees }, (_, i) => `Employee ${String(i + 1).padStart(4, '0')}`);
  const header = ['Sales rep', 'KPI', 'Value', 'Date'];
  const values: unknown[][] = [header];
  const sums = new Map<string, number>();
  for (let n = 0; n < perPair; n++) {
    for (const [i, name] of names.entries()) {
      for (const line of lines) {
        const row = values.length;
        const x = 50 + ((row * 37) % 100);
        const outside = row % 7 === 0;
        values.push([name, line.kpi, x, outside ? END + 10 : START + ((row * 13) % (END - START + 1))]);
        if (!outside) sums.set(`${i}|${line.kpi}`, (sums.get(`${i}|${line.kpi}`) ?? 0) + x);
      }
    }
  }
  const request: ExportRequest = {
    sheet: SHEET,
    mapping: { headerRow: 1, firstRow: 2, lastRow: values.length, columns: { employee: 'A', kpi: 'B', actual: 'C', period: 'D' } },
  };
  const wb = new WorkbookBuilder('en', [SHEET]);
  const plan = planSheet(wb, { department: 'Operations', period: '2026 Q1', lines, rows: lines.length });
  const source = exportSource(wb, request);
  const data = { names, departments: [], actuals: [], comments: [], collab: [] };
  const review = reviewSheet(wb, { department: 'Operations', period: '2026 Q1', plan: plan.mapping, employees, data, actuals: source });
  exportCheckSheet(wb, request, { sheet: review.sheet, roster: review.roster, kpis: planKpiRange(plan.mapping), period: source.period() });
  const built = wb.build();
  const cells = values.map((r) => r.map((x): CellSpec => ({ v: x as string | number })));
  const exportSheet: SheetDesc = { key: 'userExport', name: SHEET, columns: [], blocks: [{ at: 'A1', cells }], styles: [], formats: [], validations: [], conditionalFormats: [], merges: [], protect: false, charts: [] };
  const sheets = built.sheets.map((s) => {
    if (s.key !== 'review') return s;
    const typed = [settingCell(s, 'label.periodStart'), settingCell(s, 'label.periodEnd')].map((at, i) => ({ at, cells: [[{ v: i === 0 ? START : END }]] }));
    return { ...s, blocks: [...s.blocks, ...typed] };
  });
  return { desc: { ...built, sheets: [exportSheet, ...sheets] }, employees, kpis, rows: values.length - 1, sums };
}

/** The review's "from export" values, employee by employee and KPI by KPI, as an engine computed them. */
export function fromExportValues(c: ExportCase, grid: readonly (readonly unknown[])[]): Map<string, unknown> {
  const review = c.desc.sheets.find((s) => s.key === 'review')!;
  const d = review.tables!.find((t) => t.key === 'detail')!;
  const col = parseCell(`${d.columns.fromExport!}1`).col - 1;
  const lines = presetLines('operations', 'en').slice(0, c.kpis);
  const out = new Map<string, unknown>();
  for (let i = 0; i < c.employees; i++) for (const [j, line] of lines.entries()) out.set(`${i}|${line.kpi}`, grid[d.firstRow - 1 + i * c.kpis + j]?.[col] ?? null);
  return out;
}

/** How many of the review's values differ from the export's sums (0: every one right). */
function wrong(c: ExportCase, got: Map<string, unknown>): number {
  let n = 0;
  for (const [k, x] of got) {
    const want = c.sums.get(k);
    if (want === undefined ? x !== '' && x !== null : typeof x !== 'number' || Math.abs(x - want) > 1e-9) n++;
  }
  return n;
}

/** The review of a case with the same plan and names, without the export (its own cost). */
function plainReview(c: ExportCase): WorkbookDesc {
  const lines = presetLines('operations', 'en').slice(0, c.kpis);
  const names = Array.from({ length: c.employees }, (_, i) => `Employee ${String(i + 1).padStart(4, '0')}`);
  const wb = new WorkbookBuilder('en');
  const plan = planSheet(wb, { department: 'Operations', period: '2026 Q1', lines, rows: lines.length });
  reviewSheet(wb, { department: 'Operations', period: '2026 Q1', plan: plan.mapping, employees: c.employees, data: { names, departments: [], actuals: [], comments: [], collab: [] } });
  return wb.build();
}

/** One LibreOffice conversion of a file: wall-clock and processor seconds, and the values. */
async function libreOffice(path: string): Promise<{ wall: number; cpu: number; values: Map<string, unknown[][]> }> {
  const c0 = childrenCpu();
  const t0 = performance.now();
  const values = (await recalcXlsx([path])).get(path)!;
  return { wall: (performance.now() - t0) / 1000, cpu: childrenCpu() - c0, values: values as Map<string, unknown[][]> };
}

/** HyperFormula gets this long per case: it looks values up cell by cell, and the large case can take many minutes. */
const HF_LIMIT_S = 60;

/** HyperFormula building a case's workbook, in a child process stopped after HF_LIMIT_S (null then). */
async function hyperFormulaSeconds(c: ExportCase): Promise<{ seconds: number; wrong: number } | null> {
  const args = [...process.execArgv, fileURLToPath(import.meta.url), 'hf', `${c.employees},${c.kpis},${c.rows / (c.employees * c.kpis)}`];
  return new Promise((done) => {
    execFile(process.execPath, args, { timeout: HF_LIMIT_S * 1000, maxBuffer: 1 << 20 }, (err, stdout) => {
      if (err) return done(null);
      const out = JSON.parse(String(stdout).trim().split('\n').pop() ?? 'null') as { seconds: number; wrong: number } | null;
      done(out);
    });
  });
}

/** In the child: one HyperFormula build of the case named on the command line; prints its seconds and wrong values. */
function hyperFormulaChild(spec: string): void {
  const [employees, kpis, perPair] = spec.split(',').map(Number);
  const c = exportReview(employees!, kpis!, perPair!);
  gc();
  const t0 = performance.now();
  const hf = buildHyperFormula(c.desc);
  const seconds = (performance.now() - t0) / 1000;
  const review = c.desc.sheets.find((x) => x.key === 'review')!.name;
  const bad = wrong(c, fromExportValues(c, readSheet(hf, review)));
  hf.destroy();
  process.stdout.write(`${JSON.stringify({ seconds, wrong: bad })}\n`);
}

if (process.argv[2] === 'hf' && process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) hyperFormulaChild(process.argv[3] ?? '100,4,2');

const sec = (s: number) => `${s.toFixed(1)} s`;
const fmt = (n: number) => n.toLocaleString('en-US');

export default async function (): Promise<BenchSection> {
  const rows: BenchRow[] = [];
  const notes: string[] = [`Load average (1 min) at the start: ${(loadavg()[0] ?? 0).toFixed(2)}.`];
  const cases = [exportReview(2000, 6, 1), exportReview(100, 4, 2)];
  const title = (c: ExportCase) => `review of ${fmt(c.employees)} employees × ${c.kpis} KPIs from a dated export of ${fmt(c.rows)} rows`;
  for (const c of cases) {
    const hf = await hyperFormulaSeconds(c);
    const measured = hf === null ? `more than ${HF_LIMIT_S} s (stopped)` : `${sec(hf.seconds)}; ${hf.wrong === 0 ? 'every value right' : `${fmt(hf.wrong)} values wrong`}`;
    rows.push({ name: `HyperFormula build (load and compute) of a ${title(c)}`, measured, target: 'measured', pass: hf === null || hf.wrong === 0 });
  }
  if (findSoffice() === null) {
    notes.push('LibreOffice was not found: its rows were not measured.');
    return { title: 'Actuals from a system export', rows, notes: notes.join(' ') };
  }
  const dir = await mkdtemp(join(tmpdir(), 'kpi-export-'));
  try {
    const trivial = join(dir, 'trivial.xlsx');
    await writeXlsx({ ...cases[1]!.desc, sheets: cases[1]!.desc.sheets.slice(1, 2) }, trivial);
    const startUp = await libreOffice(trivial);
    for (const [i, c] of cases.entries()) {
      const p = join(dir, `review${i}.xlsx`);
      await writeXlsx(c.desc, p);
      const s = await libreOffice(p);
      const review = c.desc.sheets.find((x) => x.key === 'review')!.name;
      const bad = wrong(c, fromExportValues(c, s.values.get(review) ?? []));
      const net = s.wall - startUp.wall;
      const big = i === 0;
      rows.push({
        name: `LibreOffice recalculation of a ${title(c)}, without start-up`,
        measured: `${sec(net)} (${sec(s.wall)} end to end; processor ${sec(s.cpu)}); ${bad === 0 ? 'every value right' : `${fmt(bad)} values wrong`}`,
        target: big ? `< ${TARGET_S} s without start-up` : 'measured',
        pass: bad === 0 && (!big || net < TARGET_S),
      });
      if (big) {
        // The same review with the same names and no export: what the review costs on its own.
        const plain = join(dir, 'plain.xlsx');
        await writeXlsx(plainReview(c), plain);
        const q = await libreOffice(plain);
        rows.push({
          name: `LibreOffice recalculation of the same review without an export (names typed, no actuals), without start-up`,
          measured: `${sec(q.wall - startUp.wall)} (processor ${sec(q.cpu)})`,
          target: 'measured',
          pass: true,
        });
      }
    }
    rows.push({ name: 'LibreOffice start-up: the same conversion of a one-sheet workbook', measured: `${sec(startUp.wall)} (processor ${sec(startUp.cpu)})`, target: 'measured', pass: true });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  notes.push(
    'LibreOffice times are wall-clock seconds of one conversion by `recalcXlsx` (start, load, recalculate, save, values read back) less the start-up measured on a one-sheet workbook; processor seconds are those of LibreOffice\'s processes. Each review is checked against the export\'s sums within the period. The review reads the export\'s rows and half as many again (at least 200): 18,000 and 1,000 rows here.',
  );
  return { title: 'Actuals from a system export', rows, notes: notes.join(' ') };
}
