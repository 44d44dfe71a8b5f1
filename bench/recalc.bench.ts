/**
 * Recalculation cost of what the templates generate: the review sheet of 2,000 employees × 6 KPIs
 * with its plan, blank (as generated) and filled with sample actuals, computed from scratch by
 * LibreOffice Calc (headless, loading the .xlsx the .xlsx renderer writes) and by HyperFormula
 * (building the workbook computes every formula). One run each: these are multi-second measures.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildHyperFormula } from '../cli/hyperformula.js';
import { findSoffice, recalcXlsx } from '../cli/libreoffice.js';
import { writeXlsx } from '../cli/xlsx.js';
import { generateTemplate, parseTemplateOptions, type WorkbookDesc } from '../core/templates/index.js';
import { gc, type BenchRow } from './measure.js';
import { filledReview } from './templates.bench.js';

const EMPLOYEES = 2000;
const TARGET_S = 5;

/** The review template as generated: 2,000 employee rows, its plan of 6 lines and spare lines, nothing typed. */
export function blankReview(employees = EMPLOYEES): WorkbookDesc {
  const r = parseTemplateOptions({ kind: 'review', lang: 'en', period: '2026 Q4', rows: employees, sample: false });
  if (!r.ok) throw new Error(r.message);
  return generateTemplate(r.options);
}

/** Characters of formula text in a description (all sheets), and the number of formulas. */
export function formulaText(desc: WorkbookDesc): { chars: number; formulas: number } {
  let chars = 0;
  let formulas = 0;
  for (const sheet of desc.sheets) {
    for (const block of sheet.blocks) {
      for (const line of block.cells) {
        for (const cell of line) {
          if ('f' in cell) {
            chars += cell.f.length;
            formulas++;
          }
        }
      }
    }
  }
  return { chars, formulas };
}

/** Seconds HyperFormula takes to load and compute the description. */
function hyperFormulaSeconds(desc: WorkbookDesc): number {
  gc();
  const t0 = performance.now();
  const hf = buildHyperFormula(desc);
  const s = (performance.now() - t0) / 1000;
  hf.destroy();
  return s;
}

/** Seconds of one LibreOffice conversion (start, load, recalculate, save, read back) of each file. */
async function libreOfficeSeconds(paths: readonly string[]): Promise<number[]> {
  const out: number[] = [];
  for (const p of paths) {
    const t0 = performance.now();
    await recalcXlsx([p]);
    out.push((performance.now() - t0) / 1000);
  }
  return out;
}

const mb = (chars: number) => `${(chars / 1e6).toFixed(1)} MB`;
const sec = (s: number) => `${s.toFixed(1)} s`;

export default async function (): Promise<{ title: string; rows: BenchRow[]; notes?: string }> {
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  const filled = filledReview(EMPLOYEES).desc;
  const blank = blankReview();
  const cases = [
    { name: `filled review, ${EMPLOYEES.toLocaleString('en-US')} employees × 6 KPIs with its plan`, desc: filled },
    { name: `generated review template, ${EMPLOYEES.toLocaleString('en-US')} employees, blank`, desc: blank },
  ];

  for (const c of cases) {
    const t = formulaText(c.desc);
    rows.push({
      name: `Formula text of the ${c.name}`,
      measured: `${mb(t.chars)} in ${t.formulas.toLocaleString('en-US')} formulas (${(t.chars / t.formulas).toFixed(0)} chars each)`,
      target: 'measured',
      pass: true,
    });
  }
  for (const c of cases) {
    const s = hyperFormulaSeconds(c.desc);
    rows.push({ name: `HyperFormula build (load and compute) of the ${c.name}`, measured: sec(s), target: `< ${TARGET_S} s`, pass: s < TARGET_S });
  }

  if (findSoffice() === null) {
    notes.push('LibreOffice was not found: its rows were not measured.');
  } else {
    const dir = await mkdtemp(join(tmpdir(), 'kpi-recalc-'));
    try {
      const trivial = join(dir, 'trivial.xlsx');
      await writeXlsx({ ...blankReview(1), sheets: blankReview(1).sheets.slice(0, 1) }, trivial);
      const paths: string[] = [];
      for (const [i, c] of cases.entries()) {
        const p = join(dir, `review${i}.xlsx`);
        await writeXlsx(c.desc, p);
        paths.push(p);
      }
      const [startUp, ...times] = await libreOfficeSeconds([trivial, ...paths]);
      for (const [i, c] of cases.entries()) {
        const s = times[i]!;
        const size = (await stat(paths[i]!)).size;
        rows.push({
          name: `LibreOffice recalculation of the ${c.name} (.xlsx of ${(size / 2 ** 20).toFixed(1)} MiB), end to end`,
          measured: `${sec(s)} (${sec(s - startUp!)} without start-up)`,
          target: `< ${TARGET_S} s`,
          pass: s < TARGET_S,
        });
      }
      rows.push({
        name: 'LibreOffice start-up: the same conversion of a one-sheet workbook',
        measured: sec(startUp!),
        target: 'measured',
        pass: true,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  notes.push(
    'One run each. HyperFormula: `buildHyperFormula` (load and compute every formula). LibreOffice: `recalcXlsx` from cli/libreoffice.ts ' +
      '(soffice headless with a fresh profile that recalculates on load, converting to .xlsx, then reading the values back), timed end to end; ' +
      'the one-sheet workbook measures what a conversion costs without the review. Formula text counts the characters of every formula of every sheet.',
  );
  return { title: 'Templates: recalculation of the review', rows, notes: notes.join('\n') };
}
