/**
 * Writing the whole demo workbook (every template with sample data) to an .xlsx file, per
 * language: the description is generated, rendered with exceljs and written to disk.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateDemoWorkbook, generateTemplate, parseTemplateOptions } from '../core/templates/index.js';
import { LOCALES } from '../core/types.js';
import { writeXlsx } from '../cli/xlsx.js';
import { median } from './measure.js';

const TARGET_MS = 3000;
const RUNS = 5;

export default async function (): Promise<{
  title: string;
  rows: { name: string; measured: string; target: string; pass: boolean }[];
  notes?: string;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-bench-'));
  try {
    const rows: { name: string; measured: string; target: string; pass: boolean }[] = [];
    const details: string[] = [];
    for (const lang of LOCALES) {
      const path = join(dir, `demo-${lang}.xlsx`);
      // One warm-up run loads exceljs and its XML writers.
      await writeXlsx(generateDemoWorkbook(lang), path);
      const times: number[] = [];
      const genTimes: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        const desc = generateDemoWorkbook(lang);
        const t1 = performance.now();
        await writeXlsx(desc, path);
        const t2 = performance.now();
        times.push(t2 - t0);
        genTimes.push(t1 - t0);
      }
      const ms = median(times);
      const desc = generateDemoWorkbook(lang);
      const cells = desc.sheets.reduce(
        (n, s) => n + s.blocks.reduce((m, b) => m + b.cells.length * (b.cells[0]?.length ?? 0), 0),
        0,
      );
      rows.push({
        name: `Write the demo workbook (${lang}): generate + render + save`,
        measured: `${ms.toFixed(0)} ms`,
        target: `< ${TARGET_MS} ms`,
        pass: ms < TARGET_MS,
      });
      details.push(
        `${lang}: ${desc.sheets.length} sheets, ${cells} cells, ${(statSync(path).size / 1024).toFixed(0)} KB; ` +
          `median of ${RUNS} runs after one warm-up (generating the description: ${median(genTimes).toFixed(1)} ms)`,
      );
    }

    // For scale: one large review sheet (no target; exceljs's XML writer dominates).
    const big = parseTemplateOptions({ kind: 'review', lang: 'en', preset: 'sales', rows: 2000, sample: true });
    if (!big.ok) throw new Error(big.message);
    const t0 = performance.now();
    const bigDesc = generateTemplate(big.options);
    const bigPath = join(dir, 'review-2000.xlsx');
    await writeXlsx(bigDesc, bigPath);
    const bigMs = performance.now() - t0;
    const review = bigDesc.sheets.find((s) => s.key === 'review');
    const detailRows = review?.tables?.find((t) => t.key === 'detail');
    details.push(
      `For scale, not a target: a review sheet for 2,000 employees (sales preset, ${detailRows ? detailRows.lastRow - detailRows.firstRow + 1 : '?'} KPI rows) ` +
        `with its plan is written in ${(bigMs / 1000).toFixed(1)} s (${(statSync(bigPath).size / 1024 / 1024).toFixed(1)} MB), one run.`,
    );
    return { title: 'Demo workbook write (.xlsx, exceljs)', rows, notes: details.join('\n') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
