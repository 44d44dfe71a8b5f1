/**
 * Pictures of workbook sheets: each visible sheet is printed alone through LibreOffice to PDF,
 * its first page rendered with pdftoppm and cropped to the printed content (cells and charts).
 */
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SheetDesc, WorkbookDesc } from '../core/templates/types.js';
import { parseCell, parseRange } from '../core/templates/a1.js';
import { CHART_COLUMNS } from './chart.js';
import { run, toPdf } from './libreoffice.js';
import { printAreas, writeXlsx } from './xlsx.js';

export interface SheetImage {
  /** `<prefix>-<sheet key>`: the PNG is `<outDir>/<name>.png`. */
  readonly name: string;
  readonly sheet: string;
  readonly path: string;
  readonly bytes: number;
  readonly width: number;
  readonly height: number;
  readonly dpi: number;
}

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The box around every pixel that is not near-white in a binary PPM (P6) image, grown by
 * `margin` pixels and kept inside the image; null for a blank page. The bottom `skipBottom` rows
 * (the page footer) are left out.
 */
export function contentBox(ppm: Buffer, margin: number, skipBottom = 0): Box | null {
  // Header: "P6", width, height, maxval, separated by whitespace (comments start with #).
  let pos = 0;
  const fields: string[] = [];
  while (fields.length < 4) {
    while (pos < ppm.length && /\s/.test(String.fromCharCode(ppm[pos] ?? 0))) pos++;
    if (ppm[pos] === 0x23) {
      while (pos < ppm.length && ppm[pos] !== 0x0a) pos++;
      continue;
    }
    let token = '';
    while (pos < ppm.length && !/\s/.test(String.fromCharCode(ppm[pos] ?? 0))) token += String.fromCharCode(ppm[pos++] ?? 0);
    fields.push(token);
  }
  pos++;
  const [magic, w, h, max] = fields;
  if (magic !== 'P6' || max !== '255') throw new Error('expected an 8-bit binary PPM image');
  const width = Number(w);
  const height = Number(h);
  let top = height;
  let left = width;
  let bottom = -1;
  let right = -1;
  for (let y = 0; y < height - skipBottom; y++) {
    const row = pos + y * width * 3;
    for (let x = 0; x < width; x++) {
      const i = row + x * 3;
      if ((ppm[i] ?? 255) < 245 || (ppm[i + 1] ?? 255) < 245 || (ppm[i + 2] ?? 255) < 245) {
        if (y < top) top = y;
        if (y > bottom) bottom = y;
        if (x < left) left = x;
        if (x > right) right = x;
      }
    }
  }
  if (bottom < 0) return null;
  const x0 = Math.max(0, left - margin);
  const y0 = Math.max(0, top - margin);
  const x1 = Math.min(width - 1, right + margin);
  const y1 = Math.min(height - 1, bottom + margin);
  return { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/** Excel's default column width, in characters. */
const DEFAULT_COLUMN_WIDTH = 8.43;

/** Printable width of the page the renderer sets up (A4 landscape, 0.25 in margins), in points. */
const PRINTABLE_WIDTH_PT = (11.69 - 0.5) * 72;

/**
 * The resolution that shows a sheet as large as `baseDpi` would show it unscaled: sheets wider
 * than the page are printed smaller (one page wide), so their picture is rendered finer.
 */
export function dpiFor(sheet: SheetDesc, baseDpi: number, maxDpi = baseDpi * 3): number {
  // The first page shows the first print area; without one, the whole sheet as wide as its last
  // column or the right edge of its last chart.
  const area = printAreas(sheet)[0];
  const chartRight = sheet.charts.reduce((max, c) => Math.max(max, parseCell(c.anchor).col - 1 + CHART_COLUMNS), 0);
  const first = area ? parseRange(area).left : 1;
  const last = area ? parseRange(area).right : Math.max(sheet.columns.length, chartRight);
  // Excel's column width w (characters) is about 7w + 5 pixels at 96 dpi; undescribed columns have the default 8.43.
  let widthPt = 0;
  for (let i = first - 1; i < last; i++) {
    const c = sheet.columns[i];
    if (!c?.hidden) widthPt += ((c?.width ?? DEFAULT_COLUMN_WIDTH) * 7 + 5) * 0.75;
  }
  // An area too wide for a legible page prints across pages at 75 %.
  const scale = sheet.print?.fitWidth === false ? 0.75 : Math.min(1, PRINTABLE_WIDTH_PT / Math.max(1, widthPt));
  return Math.min(maxDpi, Math.round(baseDpi / scale));
}

/** The bottom margin that holds the page footer, in inches. */
const FOOTER_BAND_IN = 0.55;

/** Renders the first page of `pdf` at `dpi`, cropped to its content, to `<pngBase>.png`. */
async function renderPage(pdf: string, ppmBase: string, pngBase: string, dpi: number): Promise<{ path: string; bytes: number; width: number; height: number }> {
  const r = String(dpi);
  await run('pdftoppm', ['-f', '1', '-l', '1', '-r', r, '-singlefile', pdf, ppmBase]);
  // The footer (sheet name and page number) sits in the bottom margin: pictures leave it out.
  const box = contentBox(await readFile(`${ppmBase}.ppm`), Math.round(dpi / 8), Math.round(FOOTER_BAND_IN * dpi));
  if (!box) throw new Error(`${pdf} has an empty first page`);
  await run('pdftoppm', [
    '-f', '1', '-l', '1', '-r', r, '-singlefile', '-png',
    '-x', String(box.x), '-y', String(box.y), '-W', String(box.width), '-H', String(box.height),
    pdf, pngBase,
  ]);
  const path = `${pngBase}.png`;
  return { path, bytes: (await stat(path)).size, width: box.width, height: box.height };
}

/** The same workbook with only one sheet visible, so that LibreOffice prints that sheet alone. */
export function onlySheetVisible(desc: WorkbookDesc, index: number): WorkbookDesc {
  return { ...desc, sheets: desc.sheets.map((s, i) => ({ ...s, hidden: i !== index })) };
}

/**
 * Renders one PNG per visible sheet of each workbook into `outDir`, named `<prefix>-<key>.png`,
 * cropped to the content of the sheet's first printed page: `dpi` dots per inch for a sheet that
 * fits the page, finer for a wider sheet that the page setup scales down (see dpiFor), as long as
 * the PNG stays within `maxBytes`.
 */
export async function sheetImages(
  workbooks: readonly { readonly prefix: string; readonly desc: WorkbookDesc }[],
  outDir: string,
  dpi = 70,
  maxBytes = 150 * 1024,
): Promise<SheetImage[]> {
  const work = await mkdtemp(join(tmpdir(), 'kpi-shots-'));
  try {
    const jobs: { name: string; sheet: string; xlsx: string; dpi: number }[] = [];
    for (const { prefix, desc } of workbooks) {
      for (const [i, sheet] of desc.sheets.entries()) {
        if (sheet.hidden) continue;
        const name = `${prefix}-${sheet.key}`;
        const xlsx = join(work, `${name}.xlsx`);
        // A report printed as several one-page areas (the dashboard: tables, then its chart) is
        // pictured whole, one page wide, so that the picture shows the chart beside the tables.
        const pictured = sheet.print?.fitHeight && sheet.print.areas.length > 1 ? { ...sheet, print: undefined } : sheet;
        const one = onlySheetVisible(desc, i);
        await writeXlsx({ ...one, sheets: one.sheets.map((s, j) => (j === i ? { ...pictured, hidden: false } : s)) }, xlsx);
        jobs.push({ name, sheet: sheet.name, xlsx, dpi: dpiFor(pictured, dpi) });
      }
    }
    const pdfs = await toPdf(
      jobs.map((j) => j.xlsx),
      join(work, 'pdf'),
    );
    await mkdir(outDir, { recursive: true });
    const images: SheetImage[] = [];
    for (const [i, job] of jobs.entries()) {
      const pdf = pdfs[i];
      if (pdf === undefined) throw new Error(`no PDF for ${job.name}`);
      // A picture over the size budget is rendered again, coarser, but never below `dpi`.
      let res = job.dpi;
      for (let attempt = 0; ; attempt++) {
        const image = await renderPage(pdf, join(work, job.name), join(outDir, job.name), res);
        const done = image.bytes <= maxBytes || res <= dpi || attempt >= 3;
        if (done) {
          images.push({ name: job.name, sheet: job.sheet, ...image, dpi: res });
          break;
        }
        res = Math.max(dpi, Math.floor(res * Math.sqrt(maxBytes / image.bytes) * 0.95));
      }
    }
    return images;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
