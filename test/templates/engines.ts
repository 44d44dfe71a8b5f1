/**
 * Template workbooks recalculated in the two engines the tests trust: HyperFormula in-process,
 * and LibreOffice Calc on the .xlsx files the .xlsx renderer writes (all files in one conversion).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHyperFormula, readSheet } from '../../cli/hyperformula.js';
import { recalcXlsx } from '../../cli/libreoffice.js';
import { writeXlsx } from '../../cli/xlsx.js';
import type { WorkbookDesc } from '../../core/templates/index.js';
import type { Book } from './check.js';

/** Every sheet's computed values in HyperFormula. */
export function hfBook(desc: WorkbookDesc): Book {
  const hf = buildHyperFormula(desc);
  const book = new Map(desc.sheets.map((s) => [s.name, readSheet(hf, s.name)]));
  hf.destroy();
  return book;
}

/** Every named workbook recalculated by LibreOffice in one conversion, by name. */
export async function libreOfficeBooks(items: readonly { readonly name: string; readonly desc: WorkbookDesc }[], prefix: string): Promise<Map<string, Book>> {
  const dir = await mkdtemp(join(tmpdir(), `kpi-${prefix}-`));
  try {
    const paths = items.map((_, i) => join(dir, `${prefix}${i}.xlsx`));
    for (const [i, s] of items.entries()) await writeXlsx(s.desc, paths[i]!);
    const out = await recalcXlsx(paths);
    return new Map(items.map((s, i) => [s.name, out.get(paths[i]!)!]));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
