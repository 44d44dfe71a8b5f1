/**
 * `npm run demo`: a worked example computed with the core functions, the demo workbooks
 * (every template with sample data, in Chinese and English) written to out/, and a summary of
 * those workbooks computed by HyperFormula.
 */
import { existsSync, realpathSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HyperFormula } from 'hyperformula';
import { generateDemoWorkbook } from '../core/templates/index.js';
import type { SheetDesc, TableLayout, WorkbookDesc } from '../core/templates/types.js';
import type { Locale } from '../core/types.js';
import { LOCALES } from '../core/types.js';
import { parseCell, parseRange } from '../core/templates/a1.js';
import { renderExample } from './example.js';
import { buildHyperFormula, readSheet, type EngineValue } from './hyperformula.js';
import { formatTable, oneLine, type Align } from './text.js';
import { writeXlsx } from './xlsx.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = join(ROOT, 'out');

/** The demo's own files: it replaces these two and nothing else. */
export function demoPath(lang: Locale, dir = OUT_DIR): string {
  return join(dir, `demo-${lang}.xlsx`);
}

/** Writes both demo workbooks; returns what it did per file. */
export async function writeDemoWorkbooks(dir = OUT_DIR): Promise<{ lang: Locale; path: string; replaced: boolean; desc: WorkbookDesc }[]> {
  await mkdir(dir, { recursive: true });
  const done: { lang: Locale; path: string; replaced: boolean; desc: WorkbookDesc }[] = [];
  for (const lang of LOCALES) {
    const desc = generateDemoWorkbook(lang);
    const path = demoPath(lang, dir);
    const replaced = existsSync(path);
    await writeXlsx(desc, path);
    done.push({ lang, path, replaced, desc });
  }
  return done;
}

/** The number format that applies to a cell (the last format range that covers it). */
function numFmtAt(sheet: SheetDesc, row: number, col: number): string | undefined {
  let fmt: string | undefined;
  for (const f of sheet.formats) {
    const r = parseRange(f.range);
    if (row >= r.top && row <= r.bottom && col >= r.left && col <= r.right) fmt = f.numFmt;
  }
  return fmt;
}

/** A computed value as the sheet shows it, for the common formats templates use. */
export function show(value: EngineValue, numFmt?: string): string {
  if (value === null) return '';
  if (typeof value === 'object') return value.error;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return value;
  const fmt = numFmt ?? 'General';
  const decimals = (fmt.split('.')[1] ?? '').replace(/[^0#]/g, '').length;
  if (fmt.includes('%')) return `${(value * 100).toFixed(decimals)}%`;
  if (fmt.includes('#,##')) {
    return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  }
  if (fmt === 'General') return String(Math.round(value * 1e10) / 1e10);
  return value.toFixed(decimals);
}

interface TableView {
  readonly sheet: SheetDesc;
  readonly values: EngineValue[][];
  readonly layout: TableLayout;
}

function valueAt(values: EngineValue[][], row: number, col: number): EngineValue {
  return values[row - 1]?.[col - 1] ?? null;
}

function findTable(desc: WorkbookDesc, hf: HyperFormula, sheetKey: string, tableKey: string): TableView | null {
  const sheet = desc.sheets.find((s) => s.key === sheetKey);
  const layout = sheet?.tables?.find((t) => t.key === tableKey);
  if (!sheet || !layout) return null;
  return { sheet, values: readSheet(hf, sheet.name), layout };
}

/** The rows of a table whose `keyField` is filled, as shown text for the chosen fields. */
function tableText(view: TableView, fields: readonly string[], keyField: string): { headers: string[]; rows: string[][]; raw: EngineValue[][] } {
  const present = fields.filter((f) => view.layout.columns[f] !== undefined);
  const colOf = (f: string) => parseCell(`${view.layout.columns[f]}1`).col;
  const headers = present.map((f) => show(valueAt(view.values, view.layout.headerRow, colOf(f))));
  const rows: string[][] = [];
  const raw: EngineValue[][] = [];
  for (let r = view.layout.firstRow; r <= view.layout.lastRow; r++) {
    const key = view.layout.columns[keyField] ? valueAt(view.values, r, colOf(keyField)) : null;
    if (key === null || key === '') continue;
    rows.push(present.map((f) => show(valueAt(view.values, r, colOf(f)), numFmtAt(view.sheet, r, colOf(f)))));
    raw.push(present.map((f) => valueAt(view.values, r, colOf(f))));
  }
  return { headers, rows, raw };
}

function alignFor(raw: EngineValue[][], width: number): Align[] {
  return Array.from({ length: width }, (_, i) => (raw.some((r) => typeof r[i] === 'number') ? 'right' : 'left'));
}

function cellValue(desc: WorkbookDesc, hf: HyperFormula, sheetKey: string, role: string): { value: EngineValue; text: string } | null {
  const sheet = desc.sheets.find((s) => s.key === sheetKey);
  const address = sheet?.cells?.[role];
  if (!sheet || !address) return null;
  const { row, col } = parseCell(address);
  const value = valueAt(readSheet(hf, sheet.name), row, col);
  return { value, text: show(value, numFmtAt(sheet, row, col)) };
}

/** The summary of one demo workbook, computed by HyperFormula. */
export function summarize(desc: WorkbookDesc): { text: string; shares: number[]; pool: number | null; errors: number } {
  const hf = buildHyperFormula(desc);
  const out: string[] = [];
  let errors = 0;
  for (const sheet of desc.sheets) {
    for (const row of readSheet(hf, sheet.name)) for (const v of row) if (v !== null && typeof v === 'object') errors++;
  }

  const review = findTable(desc, hf, 'review', 'employees');
  if (review) {
    const t = tableText(review, ['employee', 'department', 'kpiScore', 'collab', 'total', 'grade', 'coefficient', 'status'], 'employee');
    out.push(`${review.sheet.name}`, formatTable(t.headers, t.rows, alignFor(t.raw, t.headers.length)), '');
  }

  const bonus = findTable(desc, hf, 'bonus', 'employees');
  let shares: number[] = [];
  let pool: number | null = null;
  if (bonus) {
    const t = tableText(bonus, ['employee', 'department', 'base', 'grade', 'coefficient', 'share', 'status'], 'employee');
    out.push(`${bonus.sheet.name}`, formatTable(t.headers, t.rows, alignFor(t.raw, t.headers.length)));
    const shareCol = bonus.layout.columns.share ? parseCell(`${bonus.layout.columns.share}1`).col : null;
    if (shareCol !== null) {
      for (let r = bonus.layout.firstRow; r <= bonus.layout.lastRow; r++) {
        const v = valueAt(bonus.values, r, shareCol);
        if (typeof v === 'number') shares.push(v);
      }
    }
    const poolCell = cellValue(desc, hf, 'bonus', 'pool');
    pool = typeof poolCell?.value === 'number' ? poolCell.value : null;
    const cents = shares.reduce((a, s) => a + Math.round(s * 100), 0);
    const sumText = (cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const poolText = pool === null ? '?' : pool.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const ok = pool !== null && cents === Math.round(pool * 100);
    out.push(`   Σ shares 奖金合计 ${sumText} ${ok ? '=' : '≠'} pool 奖金池 ${poolText} ${ok ? '✓' : '✗'}`);
    const check = cellValue(desc, hf, 'bonus', 'check');
    if (check?.text) out.push(`   ${oneLine(check.text)}`);
  }
  if (!review && !bonus) shares = [];
  hf.destroy();
  return { text: out.join('\n'), shares, pool, errors };
}

async function main(): Promise<void> {
  const rule = '═'.repeat(100);
  console.log(`${rule}\nKPI Kit demo 演示\n${rule}\n`);
  console.log(renderExample());

  console.log(`\n3. Demo workbooks 演示工作簿 (every template with sample data 全部模板及示例数据)\n`);
  const written = await writeDemoWorkbooks();
  for (const w of written) {
    const visible = w.desc.sheets.filter((s) => !s.hidden).map((s) => s.name);
    const verb = w.replaced ? 'replaced 已替换' : 'wrote 已写入';
    console.log(`   ${verb} ${relative(process.cwd(), w.path)}: ${visible.join(', ')}`);
  }

  console.log(`\n4. Computed by HyperFormula from the demo workbooks 由 HyperFormula 从演示工作簿计算\n`);
  let failed = false;
  for (const w of written) {
    const s = summarize(w.desc);
    console.log(`── ${w.lang} ${'─'.repeat(96 - w.lang.length)}\n${s.text}`);
    console.log(`   cells showing an error 显示错误的单元格: ${s.errors}\n`);
    if (s.errors > 0 || (s.pool !== null && s.shares.reduce((a, x) => a + Math.round(x * 100), 0) !== Math.round(s.pool * 100))) failed = true;
  }
  console.log('Open the workbooks in Excel, LibreOffice or Google Sheets: they compute with native formulas, no add-in needed.');
  console.log('用 Excel、LibreOffice 或 Google 表格打开工作簿：全部使用原生公式计算，无需安装插件。');
  if (failed) process.exitCode = 1;
}

if (process.argv[1] && realpathSync(fileURLToPath(import.meta.url)) === realpathSync(process.argv[1])) {
  await main();
}
