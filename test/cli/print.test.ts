/**
 * The demo workbooks on paper: both languages are written to .xlsx and printed by LibreOffice to
 * PDF in one run; each page is told apart by its footer (the sheet's name), read with poppler.
 *
 * Font sizes come from `pdftohtml -xml`, which reports each text run's size as drawn on the page
 * (the font size times the page scale, so a sheet shrunk to fit shows its real printed size),
 * in thirds of a point at zoom 3. Text that a page clips away (a chart just outside a print area
 * is drawn and clipped) is not on paper: a run under 8 pt counts only if the rendered page has ink
 * inside its box.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoWorkbook } from '../../core/templates/index.js';
import { label, type LabelKey } from '../../core/templates/labels.js';
import type { WorkbookDesc } from '../../core/templates/types.js';
import type { Locale } from '../../core/types.js';
import { findSoffice, toPdf } from '../../cli/libreoffice.js';
import { xlsxBuffer } from '../../cli/xlsx.js';

const ZOOM = 3;
const MIN_PT = 8;

interface Run {
  readonly top: number;
  readonly left: number;
  readonly width: number;
  readonly height: number;
  /** Printed size in points. */
  readonly pt: number;
  readonly text: string;
}

interface Page {
  readonly number: number;
  readonly height: number;
  readonly runs: readonly Run[];
  /** The sheet named in the footer. */
  sheet: string;
  /** All text, without white space. */
  readonly flat: string;
}

function readPages(pdf: string): Page[] {
  const xml = execFileSync('pdftohtml', ['-xml', '-i', '-stdout', '-zoom', String(ZOOM), pdf], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const sizes = new Map<string, number>();
  for (const m of xml.matchAll(/<fontspec id="(\d+)" size="(-?\d+)"/g)) sizes.set(m[1]!, Number(m[2]));
  const pages: Page[] = [];
  for (const p of xml.matchAll(/<page number="(\d+)"[^>]*height="(\d+)"[^>]*>([\s\S]*?)<\/page>/g)) {
    const runs: Run[] = [];
    for (const t of p[3]!.matchAll(/<text top="(-?\d+)" left="(-?\d+)" width="(\d+)" height="(\d+)" font="(\d+)">([\s\S]*?)<\/text>/g)) {
      const text = t[6]!.replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"');
      if (text.trim() === '') continue;
      runs.push({ top: +t[1]!, left: +t[2]!, width: +t[3]!, height: +t[4]!, pt: sizes.get(t[5]!)! / ZOOM, text });
    }
    pages.push({ number: +p[1]!, height: +p[2]!, runs, sheet: '', flat: runs.map((r) => r.text).join('').replace(/\s+/g, '') });
  }
  return pages;
}

/** Dark pixels inside a box (in zoom-3 page units) of a page rendered at `dpi`. */
function inked(pdf: string, page: number, box: Run, dpi = 72): boolean {
  const ppm = execFileSync('pdftoppm', ['-f', String(page), '-l', String(page), '-r', String(dpi), pdf], { maxBuffer: 64 << 20 });
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'));
  if (!header) throw new Error('expected a PPM image');
  const width = Number(header[1]);
  const height = Number(header[2]);
  const start = header[0].length;
  const k = dpi / 72 / ZOOM;
  const x0 = Math.max(0, Math.floor(box.left * k));
  const x1 = Math.min(width - 1, Math.ceil((box.left + box.width) * k));
  const y0 = Math.max(0, Math.floor(box.top * k));
  const y1 = Math.min(height - 1, Math.ceil((box.top + box.height) * k));
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const i = start + (y * width + x) * 3;
      if (ppm[i]! < 200 || ppm[i + 1]! < 200 || ppm[i + 2]! < 200) return true;
    }
  }
  return false;
}

const soffice = findSoffice();
const work = mkdtempSync(join(tmpdir(), 'kpi-print-'));
const books = new Map<Locale, { desc: WorkbookDesc; xlsx: Buffer; pdf: string; pages: Page[] }>();

beforeAll(async () => {
  if (!soffice) return;
  const langs: Locale[] = ['en', 'zh-CN'];
  const paths: string[] = [];
  for (const lang of langs) {
    const desc = generateDemoWorkbook(lang);
    const xlsx = await xlsxBuffer(desc);
    const path = join(work, `${lang}.xlsx`);
    writeFileSync(path, xlsx);
    paths.push(path);
    books.set(lang, { desc, xlsx, pdf: '', pages: [] });
  }
  const pdfs = await toPdf(paths, join(work, 'pdf'));
  langs.forEach((lang, i) => {
    const book = books.get(lang)!;
    const pages = readPages(pdfs[i]!);
    const names = book.desc.sheets.filter((s) => !s.hidden).map((s) => s.name);
    for (const page of pages) {
      // The footer: the runs in the bottom tenth of the page.
      const footer = page.runs.filter((r) => r.top > page.height * 0.9).map((r) => r.text).join('').replace(/\s+/g, '');
      page.sheet = names.filter((n) => footer.includes(n.replace(/\s+/g, ''))).sort((a, b) => b.length - a.length)[0] ?? '';
    }
    books.set(lang, { ...book, pdf: pdfs[i]!, pages });
  });
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

const sheetPages = (lang: Locale, key: string): Page[] => {
  const book = books.get(lang)!;
  const name = book.desc.sheets.find((s) => s.key === key)!.name;
  return book.pages.filter((p) => p.sheet === name);
};
/** A header's words as a page shows them (line breaks and spaces dropped). */
const words = (lang: Locale, key: LabelKey): string => label(lang, key).replace(/\s+/g, '');

describe.skipIf(!soffice).each(['en', 'zh-CN'] as const)('the %s demo workbook on A4 landscape', (lang) => {
  it('names its sheet in every page footer, every visible sheet prints', () => {
    const book = books.get(lang)!;
    expect(book.pages.length).toBeGreaterThan(0);
    for (const page of book.pages) expect(page.sheet, `page ${page.number}`).not.toBe('');
    for (const s of book.desc.sheets.filter((x) => !x.hidden)) expect(sheetPages(lang, s.key).length, s.key).toBeGreaterThan(0);
  });

  it('prints no text under 8 pt', () => {
    const book = books.get(lang)!;
    const small: string[] = [];
    for (const page of book.pages) {
      for (const run of page.runs) {
        if (run.pt >= MIN_PT) continue;
        if (inked(book.pdf, page.number, run)) small.push(`page ${page.number} (${page.sheet}): "${run.text}" ${run.pt.toFixed(1)} pt`);
      }
    }
    expect(small).toEqual([]);
  });

  it('prints the dashboard tables on one page and its chart on the next', () => {
    const pages = sheetPages(lang, 'dashboard');
    expect(pages.length).toBe(2);
    for (const key of ['label.byDepartment', 'label.distribution', 'label.kpiAverages', 'label.furthestBelow'] as const) {
      expect(pages[0]!.flat, key).toContain(words(lang, key));
    }
  });

  it('prints the plan on one page tall, across two pages with the KPI column repeated', () => {
    const pages = sheetPages(lang, 'plan');
    expect(pages.length).toBe(2);
    const kpi = lang === 'en' ? 'Revenue' : '销售收入';
    for (const page of pages) {
      expect(page.flat).toContain(words(lang, 'col.kpi'));
      expect(page.flat).toContain(kpi);
    }
  });

  it('repeats the main table header on every page of the review and the ratings', () => {
    const review = sheetPages(lang, 'review');
    const sideAreas = books.get(lang)!.desc.sheets.find((s) => s.key === 'review')!.print!.areas.length - 1;
    const main = review.slice(0, review.length - sideAreas);
    expect(main.length).toBeGreaterThanOrEqual(2);
    expect(review.length).toBeLessThanOrEqual(8);
    for (const page of main) {
      expect(page.flat, `page ${page.number}`).toContain(words(lang, 'col.achievement'));
      expect(page.flat, `page ${page.number}`).toContain(words(lang, 'col.comment'));
    }
    // The side tables (roster, settings, bands) each print on a page of their own at full size.
    for (const page of review.slice(main.length)) {
      expect(Math.min(...page.runs.map((r) => r.pt)), `page ${page.number}`).toBeGreaterThanOrEqual(10.5);
    }
    const ratings = sheetPages(lang, 'ratings');
    expect(ratings.length).toBeGreaterThanOrEqual(2);
    for (const page of ratings) expect(page.flat).toContain(words(lang, 'col.rating'));
  });
});

describe.skipIf(!soffice)('the Chinese workbook font', () => {
  it('declares 等线 (charset GB2312) in the .xlsx and prints with a CJK face', async () => {
    const zip = await JSZip.loadAsync(books.get('zh-CN')!.xlsx);
    const styles = (await zip.file('xl/styles.xml')!.async('string'))!;
    expect(styles).toMatch(/<font>(?:(?!<\/font>).)*<charset val="134"\/>(?:(?!<\/font>).)*<name val="等线"\/>/);
    const en = (await (await JSZip.loadAsync(books.get('en')!.xlsx)).file('xl/styles.xml')!.async('string'))!;
    expect(en).not.toContain('等线');
    const fonts = execFileSync('pdffonts', [books.get('zh-CN')!.pdf], { encoding: 'utf8' });
    expect(fonts).toMatch(/CJK/);
  });
});
