/**
 * Native charts for the .xlsx renderer. exceljs writes no charts, so the chart requests of a
 * workbook description are added to the finished file: one DrawingML chart part per request
 * (xl/charts/chartN.xml), a drawing per sheet that anchors the charts to cells
 * (xl/drawings/drawingN.xml), their relationships, the sheet's <drawing> element and the content
 * types. Charts refer to the sheet's cells and carry no cached values: Excel and LibreOffice
 * compute them from the ranges when the file opens.
 */
import JSZip from 'jszip';
import type { ChartRequest, SheetDesc } from '../core/templates/types.js';
import { parseCell, parseRange } from '../core/templates/a1.js';

const NS = {
  r: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  rels: 'http://schemas.openxmlformats.org/package/2006/relationships',
  c: 'http://schemas.openxmlformats.org/drawingml/2006/chart',
  a: 'http://schemas.openxmlformats.org/drawingml/2006/main',
  xdr: 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing',
} as const;

const REL = {
  drawing: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing',
  chart: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart',
} as const;

export const CONTENT_TYPE = {
  chart: 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml',
  drawing: 'application/vnd.openxmlformats-officedocument.drawing+xml',
} as const;

/** Size of a chart on the sheet, in cells from its anchor. */
export const CHART_COLUMNS = 8;
export const CHART_ROWS = 16;

/** Series fills, in order (the first matches the header fill of the templates). */
const SERIES_COLOURS = ['2E75B6', 'ED7D31', '70AD47', 'FFC000', '7030A0', '5B9BD5'] as const;

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-fA-F]+);/g, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/g, '&');
}

/** An absolute reference to `range` on `sheet`, the sheet name always quoted: 'It''s'!$A$1:$A$5. */
export function sheetRef(sheet: string, range: string): string {
  const r = parseRange(range);
  const cell = (c: number, row: number) => `$${colLetters(c)}$${row}`;
  const a = cell(r.left, r.top);
  const b = cell(r.right, r.bottom);
  return `'${sheet.replace(/'/g, "''")}'!${a === b ? a : `${a}:${b}`}`;
}

function colLetters(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** The number format the sheet gives the top-left cell of `range`, if any. */
function numFmtAt(sheet: SheetDesc, range: string): string | undefined {
  const p = parseRange(range);
  let found: string | undefined;
  for (const f of sheet.formats) {
    const r = parseRange(f.range);
    if (p.top >= r.top && p.top <= r.bottom && p.left >= r.left && p.left <= r.right) found = f.numFmt;
  }
  return found;
}

function richText(text: string, size: number, bold: boolean): string {
  const b = bold ? ' b="1"' : ' b="0"';
  return (
    `<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}"${b}/></a:pPr>` +
    `<a:r><a:rPr lang="en-US" sz="${size}"${b}/><a:t>${escapeXml(text)}</a:t></a:r></a:p></c:rich></c:tx>`
  );
}

function textProps(size: number): string {
  return `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}"><a:solidFill><a:srgbClr val="404040"/></a:solidFill></a:defRPr></a:pPr><a:endParaRPr lang="en-US"/></a:p></c:txPr>`;
}

const line = (colour: string) => `<c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill></a:ln></c:spPr>`;

/**
 * The chart part (c:chartSpace) for one request on `sheet`: a clustered bar (horizontal) or
 * column (vertical) chart, one series per request series, categories and values as absolute
 * references to the sheet, no cached values.
 */
export function chartXml(sheet: SheetDesc, chart: ChartRequest): string {
  if (chart.series.length === 0) throw new Error(`chart "${chart.title}" on "${sheet.name}" has no series`);
  const horizontal = chart.type === 'bar';
  const catAx = 500_000_001;
  const valAx = 500_000_002;
  const valFmt = numFmtAt(sheet, chart.series[0]!.values) ?? 'General';
  const series = chart.series
    .map((s, i) => {
      const colour = SERIES_COLOURS[i % SERIES_COLOURS.length]!;
      const fmt = numFmtAt(sheet, s.values) ?? 'General';
      return (
        `<c:ser><c:idx val="${i}"/><c:order val="${i}"/><c:tx><c:v>${escapeXml(s.name)}</c:v></c:tx>` +
        `<c:spPr><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill></c:spPr>` +
        '<c:invertIfNegative val="0"/>' +
        `<c:dLbls><c:numFmt formatCode="${escapeXml(fmt)}" sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>${textProps(900)}` +
        '<c:dLblPos val="outEnd"/><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/>' +
        '<c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>' +
        `<c:cat><c:strRef><c:f>${escapeXml(sheetRef(sheet.name, chart.categories))}</c:f></c:strRef></c:cat>` +
        `<c:val><c:numRef><c:f>${escapeXml(sheetRef(sheet.name, s.values))}</c:f></c:numRef></c:val>` +
        '</c:ser>'
      );
    })
    .join('');
  const legend =
    chart.series.length > 1 ? `<c:legend><c:legendPos val="b"/><c:overlay val="0"/>${textProps(900)}</c:legend>` : '';
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<c:chartSpace xmlns:c="${NS.c}" xmlns:a="${NS.a}" xmlns:r="${NS.r}">` +
    '<c:roundedCorners val="0"/>' +
    '<c:chart>' +
    `<c:title>${richText(chart.title, 1200, true)}<c:overlay val="0"/></c:title>` +
    '<c:autoTitleDeleted val="0"/>' +
    '<c:plotArea><c:layout/>' +
    `<c:barChart><c:barDir val="${horizontal ? 'bar' : 'col'}"/><c:grouping val="clustered"/><c:varyColors val="0"/>` +
    series +
    `<c:gapWidth val="60"/><c:axId val="${catAx}"/><c:axId val="${valAx}"/></c:barChart>` +
    // Categories read top to bottom in sheet order on a bar chart; the value axis stays at the bottom.
    `<c:catAx><c:axId val="${catAx}"/><c:scaling><c:orientation val="${horizontal ? 'maxMin' : 'minMax'}"/></c:scaling>` +
    `<c:delete val="0"/><c:axPos val="${horizontal ? 'l' : 'b'}"/><c:numFmt formatCode="General" sourceLinked="0"/>` +
    '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>' +
    `${line('BFBFBF')}${textProps(900)}` +
    `<c:crossAx val="${valAx}"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>` +
    `<c:valAx><c:axId val="${valAx}"/><c:scaling><c:orientation val="minMax"/><c:min val="0"/></c:scaling>` +
    `<c:delete val="0"/><c:axPos val="${horizontal ? 'b' : 'l'}"/>` +
    `<c:majorGridlines>${line('E3E3E3')}</c:majorGridlines>` +
    `<c:numFmt formatCode="${escapeXml(valFmt.replace(/\.0+%/, '%'))}" sourceLinked="0"/>` +
    '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>' +
    `<c:spPr><a:ln><a:noFill/></a:ln></c:spPr>${textProps(900)}` +
    `<c:crossAx val="${catAx}"/><c:crosses val="${horizontal ? 'max' : 'autoZero'}"/><c:crossBetween val="between"/></c:valAx>` +
    '<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>' +
    '</c:plotArea>' +
    legend +
    '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>' +
    '</c:chart>' +
    '<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln w="9525"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr>' +
    '</c:chartSpace>'
  );
}

/** One xdr:twoCellAnchor holding a chart frame: from the anchor cell, CHART_COLUMNS × CHART_ROWS cells. */
export function chartAnchorXml(chart: ChartRequest, relId: string, shapeId: number): string {
  const at = parseCell(chart.anchor);
  const marker = (tag: string, col: number, row: number) =>
    `<xdr:${tag}><xdr:col>${col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:${tag}>`;
  return (
    `<xdr:twoCellAnchor editAs="oneCell" xmlns:xdr="${NS.xdr}" xmlns:a="${NS.a}">` +
    marker('from', at.col - 1, at.row - 1) +
    marker('to', at.col - 1 + CHART_COLUMNS, at.row - 1 + CHART_ROWS) +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${shapeId}" name="${escapeXml(`Chart ${shapeId - 1}`)}" descr="${escapeXml(chart.title)}"/>` +
    '<xdr:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></xdr:cNvGraphicFramePr></xdr:nvGraphicFramePr>' +
    '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>' +
    `<a:graphic><a:graphicData uri="${NS.c}"><c:chart xmlns:c="${NS.c}" xmlns:r="${NS.r}" r:id="${relId}"/></a:graphicData></a:graphic>` +
    '</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>'
  );
}

const EMPTY_DRAWING = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="${NS.xdr}" xmlns:a="${NS.a}"></xdr:wsDr>`;
const EMPTY_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${NS.rels}"></Relationships>`;

interface Rel {
  readonly id: string;
  readonly type: string;
  readonly target: string;
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name.replace(/[.:]/g, '\\$&')}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
  return m ? unescapeXml(m[2] ?? m[3] ?? '') : undefined;
}

function parseRels(xml: string): Rel[] {
  return [...xml.matchAll(/<Relationship\b[^>]*>/g)].map((m) => ({
    id: attr(m[0], 'Id') ?? '',
    type: attr(m[0], 'Type') ?? '',
    target: attr(m[0], 'Target') ?? '',
  }));
}

function freeRelId(rels: readonly Rel[]): string {
  const ids = new Set(rels.map((r) => r.id));
  for (let n = rels.length + 1; ; n++) if (!ids.has(`rId${n}`)) return `rId${n}`;
}

function addRel(xml: string, rel: Rel): string {
  const el = `<Relationship Id="${escapeXml(rel.id)}" Type="${rel.type}" Target="${escapeXml(rel.target)}"/>`;
  return xml.includes('</Relationships>') ? xml.replace('</Relationships>', `${el}</Relationships>`) : xml.replace(/<Relationships\b([^>]*)\/>/, `<Relationships$1>${el}</Relationships>`);
}

/** Resolves a relationship target against the folder of the part that owns the rels file. */
function resolvePart(fromDir: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = fromDir.split('/').filter(Boolean);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

function relsPathOf(part: string): string {
  const i = part.lastIndexOf('/');
  return `${part.slice(0, i)}/_rels/${part.slice(i + 1)}.rels`;
}

function dirOf(part: string): string {
  return part.slice(0, part.lastIndexOf('/'));
}

function freePart(zip: JSZip, make: (n: number) => string): string {
  for (let n = 1; ; n++) if (!zip.file(make(n))) return make(n);
}

/** Top-level children of the root element: name and where its start tag begins. */
function topLevelChildren(xml: string): { name: string; start: number }[] {
  const out: { name: string; start: number }[] = [];
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>/g;
  let depth = 0;
  for (const m of xml.matchAll(tag)) {
    if (m[2] === undefined) continue;
    if (m[1] === '/') {
      depth--;
      continue;
    }
    if (depth === 1) out.push({ name: m[2], start: m.index });
    if (m[4] !== '/') depth++;
  }
  return out;
}

/** CT_Worksheet children that come after <drawing>. */
const AFTER_DRAWING = new Set([
  'legacyDrawing',
  'legacyDrawingHF',
  'drawingHF',
  'picture',
  'oleObjects',
  'controls',
  'webPublishItems',
  'tableParts',
  'extLst',
]);

/** Inserts `<drawing r:id>` into sheet XML where CT_Worksheet puts it. */
export function insertDrawingElement(sheetXml: string, relId: string): string {
  const localName = (n: string) => n.slice(n.indexOf(':') + 1);
  const children = topLevelChildren(sheetXml);
  const rootPrefix = /<([\w.-]+:)?worksheet\b/.exec(sheetXml)?.[1] ?? '';
  const rPrefix = /\sxmlns:([\w.-]+)="http:\/\/schemas\.openxmlformats\.org\/officeDocument\/2006\/relationships"/.exec(sheetXml)?.[1];
  const rAttr = rPrefix ? `${rPrefix}:id="${relId}"` : `xmlns:r="${NS.r}" r:id="${relId}"`;
  const el = `<${rootPrefix}drawing ${rAttr}/>`;
  const next = children.find((c) => AFTER_DRAWING.has(localName(c.name)));
  const at = next ? next.start : sheetXml.lastIndexOf(`</${rootPrefix}worksheet>`);
  if (at < 0) throw new Error('not a worksheet part');
  return sheetXml.slice(0, at) + el + sheetXml.slice(at);
}

function addOverride(types: string, part: string, contentType: string): string {
  if (types.includes(`PartName="/${part}"`)) return types;
  return types.replace('</Types>', `<Override PartName="/${part}" ContentType="${contentType}"/></Types>`);
}

/** Sheet name → worksheet part path, from workbook.xml and its relationships. */
async function sheetParts(zip: JSZip): Promise<Map<string, string>> {
  const workbook = await zip.file('xl/workbook.xml')?.async('string');
  const rels = await zip.file('xl/_rels/workbook.xml.rels')?.async('string');
  if (!workbook || !rels) throw new Error('not an .xlsx workbook');
  const byId = new Map(parseRels(rels).map((r) => [r.id, r]));
  const out = new Map<string, string>();
  for (const m of workbook.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = attr(m[0], 'name');
    const id = /\s[\w.-]+:id\s*=\s*"([^"]*)"/.exec(m[0])?.[1];
    const rel = id ? byId.get(id) : undefined;
    if (name !== undefined && rel) out.set(name, resolvePart('xl', rel.target));
  }
  return out;
}

/**
 * Adds a native chart for every chart request of every sheet to an .xlsx file (as written by
 * exceljs) and returns the new file. Parts that exist already (a sheet's relationships, a drawing
 * with pictures) are extended, never replaced. A file without chart requests comes back as is.
 */
export async function addCharts(xlsx: Buffer | Uint8Array, sheets: readonly SheetDesc[]): Promise<Buffer> {
  const wanted = sheets.filter((s) => s.charts.length > 0);
  if (wanted.length === 0) return Buffer.from(xlsx);
  const zip = await JSZip.loadAsync(xlsx);
  const parts = await sheetParts(zip);
  let types = (await zip.file('[Content_Types].xml')?.async('string')) ?? '';
  if (!types.includes('</Types>')) throw new Error('[Content_Types].xml is missing');

  for (const sheet of wanted) {
    const sheetPart = parts.get(sheet.name);
    if (!sheetPart) throw new Error(`sheet "${sheet.name}" is not in the workbook`);
    let sheetXml = (await zip.file(sheetPart)!.async('string'))!;
    const sheetRelsPath = relsPathOf(sheetPart);
    let sheetRels = (await zip.file(sheetRelsPath)?.async('string')) ?? EMPTY_RELS;

    // The sheet's drawing: the one it has already, or a new one.
    let drawingPart: string;
    const existing = /<(?:[\w.-]+:)?drawing\s[^>]*?:id\s*=\s*"([^"]+)"/.exec(sheetXml);
    const existingRel = existing ? parseRels(sheetRels).find((r) => r.id === existing[1]) : undefined;
    if (existingRel) {
      drawingPart = resolvePart(dirOf(sheetPart), existingRel.target);
    } else {
      drawingPart = freePart(zip, (n) => `xl/drawings/drawing${n}.xml`);
      const relId = freeRelId(parseRels(sheetRels));
      sheetRels = addRel(sheetRels, { id: relId, type: REL.drawing, target: `../drawings/${drawingPart.split('/').pop()}` });
      sheetXml = insertDrawingElement(sheetXml, relId);
      types = addOverride(types, drawingPart, CONTENT_TYPE.drawing);
    }
    let drawing = (await zip.file(drawingPart)?.async('string')) ?? EMPTY_DRAWING;
    const drawingRelsPath = relsPathOf(drawingPart);
    let drawingRels = (await zip.file(drawingRelsPath)?.async('string')) ?? EMPTY_RELS;
    const ids = [...drawing.matchAll(/<(?:[\w.-]+:)?cNvPr\b[^>]*\sid="(\d+)"/g)].map((m) => Number(m[1]));
    let shapeId = Math.max(1, ...ids) + 1;

    const anchors: string[] = [];
    for (const chart of sheet.charts) {
      const chartPart = freePart(zip, (n) => `xl/charts/chart${n}.xml`);
      zip.file(chartPart, chartXml(sheet, chart));
      types = addOverride(types, chartPart, CONTENT_TYPE.chart);
      const relId = freeRelId(parseRels(drawingRels));
      drawingRels = addRel(drawingRels, { id: relId, type: REL.chart, target: `../charts/${chartPart.split('/').pop()}` });
      anchors.push(chartAnchorXml(chart, relId, shapeId++));
    }
    const close = /<\/(?:[\w.-]+:)?wsDr>\s*$/.exec(drawing);
    if (!close) throw new Error(`${drawingPart} is not a drawing`);
    drawing = drawing.slice(0, close.index) + anchors.join('') + drawing.slice(close.index);

    zip.file(sheetPart, sheetXml);
    zip.file(sheetRelsPath, sheetRels);
    zip.file(drawingPart, drawing);
    zip.file(drawingRelsPath, drawingRels);
  }
  zip.file('[Content_Types].xml', types);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}
