import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDemoWorkbook } from '../../core/templates/index.js';
import type { SheetDesc, WorkbookDesc } from '../../core/templates/types.js';
import { LOCALES } from '../../core/types.js';
import { CONTENT_TYPE, addCharts, insertDrawingElement, sheetRef } from '../../cli/chart.js';
import { findSoffice, toPdf } from '../../cli/libreoffice.js';
import { onlySheetVisible } from '../../cli/snapshot.js';
import { xlsxBuffer } from '../../cli/xlsx.js';
import { plainSheet } from './fixtures.js';

const work = mkdtempSync(join(tmpdir(), 'kpi-chart-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface ChartPart {
  readonly sheetPart: string;
  readonly sheetXml: string;
  readonly drawing: string;
  readonly chart: string;
}

async function text(zip: JSZip, part: string): Promise<string> {
  const f = zip.file(part);
  if (!f) throw new Error(`${part} is missing`);
  return f.async('string');
}

/** Follows workbook → sheet → drawing → chart relationships for the sheet named `name`. */
async function chartsOf(zip: JSZip, name: string): Promise<ChartPart[]> {
  const workbook = await text(zip, 'xl/workbook.xml');
  const wbRels = await text(zip, 'xl/_rels/workbook.xml.rels');
  const esc = name.replace(/&/g, '&amp;').replace(/'/g, '&apos;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const sheetTag = [...workbook.matchAll(/<sheet\b[^>]*>/g)].find((m) => m[0].includes(`name="${esc}"`));
  if (!sheetTag) throw new Error(`no sheet ${name}`);
  const rid = /r:id="([^"]+)"/.exec(sheetTag[0])![1]!;
  const target = new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"`).exec(wbRels)![1]!;
  const sheetPart = `xl/${target}`;
  const sheetXml = await text(zip, sheetPart);
  const drawingRid = /<drawing r:id="([^"]+)"\/>/.exec(sheetXml)?.[1];
  if (!drawingRid) return [];
  const sheetRels = await text(zip, sheetPart.replace(/([^/]+)$/, '_rels/$1.rels'));
  const drawingPart = `xl/drawings/${new RegExp(`Id="${drawingRid}"[^>]*Target="\\.\\./drawings/([^"]+)"`).exec(sheetRels)![1]}`;
  const drawing = await text(zip, drawingPart);
  const drawingRels = await text(zip, drawingPart.replace(/([^/]+)$/, '_rels/$1.rels'));
  const out: ChartPart[] = [];
  for (const m of drawing.matchAll(/<c:chart [^>]*r:id="([^"]+)"/g)) {
    const chartFile = new RegExp(`Id="${m[1]}"[^>]*Target="\\.\\./charts/([^"]+)"`).exec(drawingRels)![1]!;
    out.push({ sheetPart, sheetXml, drawing, chart: await text(zip, `xl/charts/${chartFile}`) });
  }
  return out;
}

const unescape = (s: string) => s.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const refs = (chart: string, tag: 'cat' | 'val') =>
  [...chart.matchAll(new RegExp(`<c:${tag}>[\\s\\S]*?<c:f>([^<]*)</c:f>`, 'g'))].map((m) => unescape(m[1]!));

/** Top-level child element names of a worksheet part, in order. */
function worksheetChildren(xml: string): string[] {
  const names: string[] = [];
  let depth = 0;
  for (const m of xml.matchAll(/<(\/?)([A-Za-z_][\w:.-]*)(?:[^>"']|"[^"]*"|'[^']*')*?(\/?)>/g)) {
    if (m[1] === '/') {
      depth--;
      continue;
    }
    if (depth === 1) names.push(m[2]!);
    if (m[3] !== '/') depth++;
  }
  return names;
}

function xmllint(xml: string): void {
  const file = join(work, `lint-${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, xml);
  const r = spawnSync('xmllint', ['--noout', file], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}

const demos = new Map<string, { desc: WorkbookDesc; dashboard: SheetDesc; buffer: Buffer }>();
async function demo(lang: (typeof LOCALES)[number]) {
  let d = demos.get(lang);
  if (!d) {
    const desc = generateDemoWorkbook(lang);
    const dashboard = desc.sheets.find((s) => s.key === 'dashboard')!;
    d = { desc, dashboard, buffer: await xlsxBuffer(desc) };
    demos.set(lang, d);
  }
  return d;
}

describe('chart references', () => {
  it('quotes every sheet name and makes ranges absolute', () => {
    expect(sheetRef('Dashboard', 'A7:A16')).toBe("'Dashboard'!$A$7:$A$16");
    expect(sheetRef('KPI Review', 'c7:c16')).toBe("'KPI Review'!$C$7:$C$16");
    expect(sheetRef("Bob's KPIs", 'B2:B9')).toBe("'Bob''s KPIs'!$B$2:$B$9");
    expect(sheetRef('仪表盘', 'A7:A16')).toBe("'仪表盘'!$A$7:$A$16");
    expect(sheetRef('Sheet1', 'AB3')).toBe("'Sheet1'!$AB$3");
  });

  it('puts <drawing> where CT_Worksheet wants it', () => {
    const head = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">';
    const xml = `${head}<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><pageSetup orientation="landscape"/><headerFooter><oddFooter>a&gt;b</oddFooter></headerFooter><legacyDrawing r:id="rId2"/><tableParts count="1"><tablePart r:id="rId3"/></tableParts><extLst><ext uri="x"><x14:conditionalFormattings xmlns:x14="y"><extLst/></x14:conditionalFormattings></ext></extLst></worksheet>`;
    const out = insertDrawingElement(xml, 'rId9');
    expect(worksheetChildren(out)).toEqual(['sheetData', 'pageMargins', 'pageSetup', 'headerFooter', 'drawing', 'legacyDrawing', 'tableParts', 'extLst']);
    expect(out).toContain('<drawing r:id="rId9"/>');
    expect(worksheetChildren(insertDrawingElement(`${head}<sheetData/><pageSetup/></worksheet>`, 'rId1'))).toEqual(['sheetData', 'pageSetup', 'drawing']);
  });
});

describe.each(LOCALES)('dashboard chart in the .xlsx (%s)', (lang) => {
  it('draws the chart the description asks for, from the department and score ranges', async () => {
    const { dashboard, buffer } = await demo(lang);
    expect(dashboard.charts).toHaveLength(1);
    const request = dashboard.charts[0]!;
    const departments = dashboard.tables!.find((t) => t.key === 'departments')!;
    // The request names the departments table's department and average columns.
    expect(request.categories).toBe(`${departments.columns.department}${departments.firstRow}:${departments.columns.department}${departments.lastRow}`);
    expect(request.series[0]!.values).toBe(`${departments.columns.average}${departments.firstRow}:${departments.columns.average}${departments.lastRow}`);

    const zip = await JSZip.loadAsync(buffer);
    const charts = await chartsOf(zip, dashboard.name);
    expect(charts).toHaveLength(1);
    const { chart, drawing, sheetXml } = charts[0]!;
    const q = `'${dashboard.name}'`;
    const { department, average } = departments.columns;
    expect(refs(chart, 'cat')).toEqual([`${q}!$${department}$${departments.firstRow}:$${department}$${departments.lastRow}`]);
    expect(refs(chart, 'val')).toEqual([`${q}!$${average}$${departments.firstRow}:$${average}$${departments.lastRow}`]);
    expect(chart).toContain(`<c:barDir val="${request.type === 'bar' ? 'bar' : 'col'}"/>`);
    expect(chart).toContain('<c:grouping val="clustered"/>');
    expect(chart).toContain(`<a:t>${request.title}</a:t>`);
    expect(chart).toContain(`<c:tx><c:v>${request.series[0]!.name}</c:v></c:tx>`);
    expect(chart).toMatch(/<c:catAx>[\s\S]*<\/c:catAx><c:valAx>[\s\S]*<\/c:valAx>/);
    // No cached values: the hosts compute the chart from the cells.
    expect(chart).not.toMatch(/<c:(?:str|num)Cache>/);
    // Anchored at the requested cell (zero-based in DrawingML).
    const at = /^([A-Z]+)(\d+)$/.exec(request.anchor)!;
    const colIndex = [...at[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
    expect(drawing).toContain(`<xdr:from><xdr:col>${colIndex}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${Number(at[2]) - 1}</xdr:row>`);
    for (const xml of [chart, drawing, sheetXml]) xmllint(xml);
    // <drawing> sits after the page setup, as the last child of this sheet.
    const children = worksheetChildren(sheetXml);
    expect(children.indexOf('drawing')).toBeGreaterThan(children.indexOf('pageSetup'));
    expect(children.at(-1)).toBe('drawing');

    const types = await text(zip, '[Content_Types].xml');
    expect(types).toContain(`ContentType="${CONTENT_TYPE.chart}"`);
    expect(types).toContain(`ContentType="${CONTENT_TYPE.drawing}"`);
    for (const part of Object.keys(zip.files).filter((f) => /^xl\/(charts|drawings)\/[^/]+\.xml$/.test(f))) {
      expect(types, part).toContain(`PartName="/${part}"`);
    }
    // Only the dashboard has a chart.
    expect(Object.keys(zip.files).filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f))).toHaveLength(1);
  });

  it('is still read by exceljs', async () => {
    const { desc, dashboard, buffer } = await demo(lang);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(desc.sheets.map((s) => s.name));
    const ws = wb.getWorksheet(dashboard.name)!;
    expect(ws.getCell('A1').value).toBe((dashboard.blocks[0]!.cells[0]![0] as { v: string }).v);
  });
});

describe('merging with parts exceljs writes', () => {
  it('adds the chart to a sheet that already has a picture and a hyperlink', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Bob's sheet");
    ws.getCell('A1').value = { text: 'link', hyperlink: 'https://example.com/' };
    ws.getCell('A2').value = 'x';
    ws.getCell('B2').value = 1;
    const png = readFileSync(join(import.meta.dirname, '../../assets/icon-16.png'));
    const img = wb.addImage({ buffer: png as unknown as ExcelJS.Buffer, extension: 'png' });
    ws.addImage(img, 'D2:E4');
    const before = Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const sheet = plainSheet('x', "Bob's sheet", {
      charts: [{ type: 'column', title: 'T & <x>', categories: 'A2:A3', series: [{ name: 'S', values: 'B2:B3' }], anchor: 'G2' }],
    });
    const zip = await JSZip.loadAsync(await addCharts(before, [sheet]));
    const sheetXml = await text(zip, 'xl/worksheets/sheet1.xml');
    expect(sheetXml.match(/<drawing /g)).toHaveLength(1);
    const sheetRels = await text(zip, 'xl/worksheets/_rels/sheet1.xml.rels');
    expect(sheetRels).toMatch(/relationships\/hyperlink/);
    const drawing = await text(zip, 'xl/drawings/drawing1.xml');
    expect(drawing).toContain('<xdr:pic>');
    expect(drawing).toContain('<c:chart ');
    const ids = [...drawing.matchAll(/cNvPr id="(\d+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    const drawingRels = await text(zip, 'xl/drawings/_rels/drawing1.xml.rels');
    expect(drawingRels).toMatch(/relationships\/image/);
    expect(drawingRels).toMatch(/relationships\/chart/);
    const charts = await chartsOf(zip, "Bob's sheet");
    expect(charts).toHaveLength(1);
    expect(refs(charts[0]!.chart, 'cat')).toEqual(["'Bob''s sheet'!$A$2:$A$3"]);
    expect(charts[0]!.chart).toContain('<c:barDir val="col"/>');
    expect(charts[0]!.chart).toContain('<a:t>T &amp; &lt;x&gt;</a:t>');
    for (const part of ['xl/worksheets/sheet1.xml', 'xl/drawings/drawing1.xml', 'xl/charts/chart1.xml', '[Content_Types].xml']) xmllint(await text(zip, part));
    const back = new ExcelJS.Workbook();
    await back.xlsx.load((await zip.generateAsync({ type: 'nodebuffer' })) as unknown as ArrayBuffer);
    expect(back.getWorksheet("Bob's sheet")!.getCell('B2').value).toBe(1);
  });

  it('leaves a workbook without chart requests as it is', async () => {
    const input = Buffer.from('not even a zip');
    expect(await addCharts(input, [])).toEqual(input);
  });
});

/** Pixels of an 8-bit binary PPM within `tol` of an RGB colour, and the box around them. */
function colourPixels(ppm: Buffer, rgb: readonly [number, number, number], tol: number) {
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'))!;
  const width = Number(header[1]);
  const height = Number(header[2]);
  const start = header[0].length;
  let count = 0;
  let left = width;
  let right = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = start + (y * width + x) * 3;
      if (Math.abs(ppm[i]! - rgb[0]) <= tol && Math.abs(ppm[i + 1]! - rgb[1]) <= tol && Math.abs(ppm[i + 2]! - rgb[2]) <= tol) {
        count++;
        left = Math.min(left, x);
        right = Math.max(right, x);
      }
    }
  }
  return { count, left, right, width };
}

/** A sheet of literal scores with a chart, under a name that needs quoting (space, apostrophe, Chinese). */
function literalWorkbook(withChart: boolean): WorkbookDesc {
  const rows: [string, number][] = [['East 华东', 0.9], ['North 华北', 1.05], ['South 华南', 0.75]];
  const sheet = plainSheet('scores', "Bob's 得分", {
    columns: [{ width: 16 }, { width: 10 }],
    blocks: [{ at: 'A1', cells: [[{ v: 'Department' }, { v: 'Score' }], ...rows.map(([d, v]) => [{ v: d }, { v }])] }],
    styles: [{ range: 'A1:B1', style: 'header' }],
    formats: [{ range: 'B2:B4', numFmt: '0.0%' }],
    charts: withChart ? [{ type: 'bar', title: 'Scores 得分', categories: 'A2:A4', series: [{ name: 'Score', values: 'B2:B4' }], anchor: 'D2' }] : [],
  });
  return { sheets: [sheet], names: [] };
}

/** LibreOffice saves each file again as .xlsx (fresh profile); returns the saved files in order. */
function libreOfficeResave(dir: string, files: readonly string[]): string[] {
  mkdirSync(join(dir, 'out'), { recursive: true });
  const profile = pathToFileURL(join(dir, 'profile')).href;
  execFileSync(
    findSoffice()!,
    ['--headless', '--norestore', '--nolockcheck', '--nodefault', `-env:UserInstallation=${profile}`, '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', join(dir, 'out'), ...files],
    { env: { ...process.env, HOME: dir, SAL_USE_VCLPLUGIN: 'svp' }, stdio: 'pipe', timeout: 180_000 },
  );
  return files.map((f) => join(dir, 'out', f.split('/').pop()!));
}

/** LibreOffice writes the sheet name quoted only where it must. */
const unquoted = (s: string) => s.replace(/'/g, '');

describe.skipIf(!findSoffice())('LibreOffice opens the chart', () => {
  it('keeps the dashboard chart on the same ranges when it saves the file again', async () => {
    const dir = join(work, 'roundtrip');
    mkdirSync(dir, { recursive: true });
    const inputs: string[] = [];
    for (const lang of LOCALES) {
      const file = join(dir, `${lang}.xlsx`);
      writeFileSync(file, (await demo(lang)).buffer);
      inputs.push(file);
    }
    const saved = libreOfficeResave(dir, inputs);
    for (const [i, lang] of LOCALES.entries()) {
      const { dashboard } = await demo(lang);
      const request = dashboard.charts[0]!;
      const charts = await chartsOf(await JSZip.loadAsync(readFileSync(saved[i]!)), dashboard.name);
      expect(charts, lang).toHaveLength(1);
      const chart = charts[0]!.chart;
      expect(refs(chart, 'cat').map(unquoted)).toEqual([unquoted(sheetRef(dashboard.name, request.categories))]);
      expect(refs(chart, 'val').map(unquoted)).toEqual([unquoted(sheetRef(dashboard.name, request.series[0]!.values))]);
      expect(chart).toContain('<c:barDir val="bar"/>');
    }
  }, 240_000);

  it('computes the series from the cells of a sheet whose name needs quoting', async () => {
    const dir = join(work, 'literal');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'literal.xlsx');
    writeFileSync(file, await xlsxBuffer(literalWorkbook(true)));
    const [saved] = libreOfficeResave(dir, [file]);
    const charts = await chartsOf(await JSZip.loadAsync(readFileSync(saved!)), "Bob's 得分");
    expect(charts).toHaveLength(1);
    const chart = charts[0]!.chart;
    expect(refs(chart, 'val').map(unquoted)).toEqual(["Bob's 得分!$B$2:$B$4".replace(/'/g, '')]);
    // The cached values LibreOffice writes are the ones it read through the references.
    const cache = (tag: 'cat' | 'val') =>
      [...(new RegExp(`<c:${tag}>[\\s\\S]*?<c:(?:num|str)Cache>([\\s\\S]*?)</c:(?:num|str)Cache>`).exec(chart)?.[1] ?? '').matchAll(/<c:v>([^<]*)<\/c:v>/g)].map((m) => m[1]);
    expect(cache('val').map(Number)).toEqual([0.9, 1.05, 0.75]);
    expect(cache('cat')).toEqual(['East 华东', 'North 华北', 'South 华南']);
  }, 240_000);

  it('prints the bars of a chart beside its table', async () => {
    const dir = join(work, 'print');
    mkdirSync(dir, { recursive: true });
    const files = [join(dir, 'with.xlsx'), join(dir, 'without.xlsx')];
    writeFileSync(files[0]!, await xlsxBuffer(literalWorkbook(true)));
    writeFileSync(files[1]!, await xlsxBuffer(literalWorkbook(false)));
    const pdfs = await toPdf(files, join(dir, 'pdf'));
    const bar: [number, number, number] = [0x2e, 0x75, 0xb6];
    const [drawn, none] = pdfs.map((pdf, i) => {
      const base = join(dir, `page${i}`);
      execFileSync('pdftoppm', ['-f', '1', '-l', '1', '-r', '60', '-singlefile', pdf, base]);
      return colourPixels(readFileSync(`${base}.ppm`), bar, 24);
    }) as [ReturnType<typeof colourPixels>, ReturnType<typeof colourPixels>];
    // Three solid bars of the series colour, right of the table; none without the chart.
    expect(drawn.count).toBeGreaterThan(500);
    expect(none.count).toBeLessThan(drawn.count / 20);
    const tableRight = Math.round(((16 + 10) * 7 + 10) * 0.75 * (60 / 72));
    expect(drawn.left).toBeGreaterThan(tableRight);
  }, 240_000);

  it('prints the dashboard with its chart', async () => {
    const dir = join(work, 'dashboard-print');
    mkdirSync(dir, { recursive: true });
    const files: string[] = [];
    for (const lang of LOCALES) {
      const { desc, dashboard } = await demo(lang);
      const index = desc.sheets.indexOf(dashboard);
      const only = onlySheetVisible(desc, index);
      const without = { ...only, sheets: only.sheets.map((s, i) => (i === index ? { ...s, charts: [] } : s)) };
      files.push(join(dir, `${lang}-with.xlsx`), join(dir, `${lang}-without.xlsx`));
      writeFileSync(files.at(-2)!, await xlsxBuffer(only));
      writeFileSync(files.at(-1)!, await xlsxBuffer(without));
    }
    const pdfs = await toPdf(files, join(dir, 'pdf'));
    for (const [i, lang] of LOCALES.entries()) {
      const title = (await demo(lang)).dashboard.charts[0]!.title;
      // Every page: the chart has a print area of its own, after the tables.
      const text = (pdf: string) => execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
      // The chart title is drawn only by the chart.
      expect(text(pdfs[2 * i]!), lang).toContain(title);
      expect(text(pdfs[2 * i + 1]!), lang).not.toContain(title);
    }
  }, 240_000);
});
