/**
 * Writing a template into the open workbook: a review sheet for 2,000 employees × 6 KPIs with its
 * plan, through the Office.js renderer against its fake (context.sync() calls, the largest
 * request, Node time) and the SpreadsheetApp renderer against its fake (service calls,
 * google.script.run round trips, Node time); and the sizes of the pages both hosts load.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateTemplate, parseTemplateOptions } from '../core/templates/index.js';
import { renderInExcelFake } from '../test/renderers/excel-harness.js';
import { renderInSheetsFake } from '../test/renderers/sheets-harness.js';
import { gc, median, type BenchRow, type BenchSection } from './measure.js';

const ROOT = join(import.meta.dirname, '..');
const RUNS = 3;
const MB = 1024 * 1024;
const KB = 1024;

/** The review for 2,000 employees; without a preset the plan made alongside has 6 KPI lines. */
const REQUEST = { kind: 'review', lang: 'en', period: '2026 Q4', rows: 2000, sample: false } as const;

/** The render's own time where the harness reports it (the snapshot taken afterwards left out). */
async function timed<T extends object>(fn: () => Promise<T>): Promise<{ ms: number; hostMs: number; result: T }> {
  gc();
  const t0 = performance.now();
  const result = await fn();
  const own = (result as { ms?: unknown }).ms;
  const host = (result as { hostMs?: unknown }).hostMs;
  return {
    ms: typeof own === 'number' ? own : performance.now() - t0,
    hostMs: typeof host === 'number' ? host : 0,
    result,
  };
}

/** Medians of the render's time and of the part spent in the fake doing the host's work. */
async function medianOf<T extends object>(fn: () => Promise<T>): Promise<{ ms: number; hostMs: number; ownMs: number; result: T }> {
  await fn();
  const runs: { ms: number; hostMs: number; result: T }[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await timed(fn));
  return {
    ms: median(runs.map((r) => r.ms)),
    hostMs: median(runs.map((r) => r.hostMs)),
    ownMs: median(runs.map((r) => r.ms - r.hostMs)),
    result: runs[runs.length - 1]!.result,
  };
}

function size(path: string): number {
  return statSync(join(ROOT, path)).size;
}

export default async function (): Promise<BenchSection> {
  const parsed = parseTemplateOptions(REQUEST);
  if (!parsed.ok) throw new Error(parsed.message);
  const desc = generateTemplate(parsed.options);
  const review = desc.sheets.find((s) => s.key === 'review')!;
  const detail = review.tables!.find((t) => t.key === 'detail')!;
  const kpiRows = detail.lastRow - detail.firstRow + 1;
  const cells = desc.sheets.reduce((n, s) => n + s.blocks.reduce((m, b) => m + b.cells.length * (b.cells[0]?.length ?? 0), 0), 0);

  // A new description for every run, as every insert makes one: nothing a renderer keeps per
  // description is reused across runs. Only the render is timed.
  const fresh = () => generateTemplate(parsed.options);
  const excel = await medianOf(() => renderInExcelFake(fresh()));
  const sheets = await medianOf(() => renderInSheetsFake(fresh()));
  const ex = excel.result;
  const gs = sheets.result;
  const rows: BenchRow[] = [
    { name: 'Excel: context.sync() calls', measured: String(ex.syncs), target: '≤ 12', pass: ex.syncs <= 12 },
    {
      name: 'Excel: largest request',
      measured: `${(ex.maxRequestBytes / MB).toFixed(2)} MB (all requests: ${(ex.requests.reduce((a, b) => a + b, 0) / MB).toFixed(1)} MB)`,
      target: '≤ 2 MB (never over 5 MB)',
      pass: ex.maxRequestBytes <= 2 * MB,
    },
    {
      name: "Excel: renderer's own Node time against its fake (fake's host work apart)",
      measured: `${excel.ownMs.toFixed(0)} ms (with the fake applying the requests: ${excel.ms.toFixed(0)} ms)`,
      target: '< 1 s',
      pass: excel.ownMs < 1000,
    },
    { name: 'Sheets: service calls', measured: String(gs.serviceCalls), target: '≤ 80', pass: gs.serviceCalls <= 80 },
    { name: 'Sheets: google.script.run round trips', measured: String(gs.roundTrips), target: '≤ 6', pass: gs.roundTrips <= 6 },
    {
      name: "Sheets: renderer's own Node time against its fake (fake's host work apart)",
      measured: `${sheets.ownMs.toFixed(0)} ms (with the fake's service calls: ${sheets.ms.toFixed(0)} ms)`,
      target: '< 1 s',
      pass: sheets.ownMs < 1000,
    },
  ];
  const bundles: [string, string, number][] = [
    ['Excel task pane (taskpane.js)', 'dist/excel/taskpane.js', 120 * KB],
    ['Sheets sidebar (Sidebar.html, script inlined)', 'dist/gsheets/Sidebar.html', 120 * KB],
    ['Excel custom functions (functions.js)', 'dist/excel/functions.js', 60 * KB],
    ['Sheets custom functions (Code.js)', 'dist/gsheets/Code.js', 60 * KB],
  ];
  for (const [name, path, limit] of bundles) {
    const bytes = size(path);
    rows.push({
      name: `${name} size, minified`,
      measured: `${(bytes / KB).toFixed(1)} KB`,
      target: limit >= 120 * KB ? '≤ 120 KB' : '< 60 KB',
      pass: limit >= 120 * KB ? bytes <= limit : bytes < limit,
    });
  }
  const notes = [
    `The workbook: the plan (6 KPI lines) and the review for 2,000 employees (${kpiRows.toLocaleString('en')} KPI rows), ${cells.toLocaleString('en')} cells in ${desc.sheets.length} sheets, ${desc.names.length} workbook names; the same description as \`{ kind: 'review', rows: 2000 }\` from the task pane or the sidebar.`,
    `Counts come from the fakes, which count what the hosts count: every context.sync() and the bytes of the operations queued before it (Excel); every call on a Spreadsheet, Sheet, Range, RangeList or builder object, and every server call the sidebar makes (Sheets). Times are medians of ${RUNS} runs after one warm-up. The renderer's own time leaves out the time the fakes spend doing the host's work (applying each Excel request to the in-memory grid, running each Sheets service call), which the real hosts do on their side; both figures are shown.`,
    `Sheets service calls: every method call on a Spreadsheet, Sheet, Range, RangeList, Protection or rule builder counts, builders included (${gs.builderCalls} of the ${gs.serviceCalls} are calls on local validation and conditional-format rule builders, which do not touch the spreadsheet). What remains is the floor SpreadsheetApp allows for this workbook: one setColumnWidths per run of equal widths (no batch form), one setter per look property per RangeList (RangeList has no multi-property or grid setter), one setNamedRange per workbook name, one merge per merged run, and each distinct validation and conditional-format rule built once. Only the Sheets REST API's batchUpdate would write all of it in about 10 calls, and it needs the full \`spreadsheets\` scope; the add-on keeps \`spreadsheets.currentonly\` (this spreadsheet only), so 80 is out of reach by design.`,
  ];
  return { title: 'Templates into the open workbook (Excel and Sheets renderers)', rows, notes: notes.join('\n') };
}
