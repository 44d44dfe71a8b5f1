/**
 * A user's own workbook on the command line: read with exceljs (sheets, values, merges), the KPI
 * table found in it, and the generated sheets added to that same workbook object, so that the
 * user's sheets are written back as exceljs read them (values, formulas, styles, merges,
 * validation) and the new sheets sit beside them.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, resolve as resolvePath } from 'node:path';
import ExcelJS from 'exceljs';
import type { Locale } from '../core/types.js';
import { freeSheetName } from '../core/templates/builder.js';
import { exportEmployees, exportProblems, exportRequestMessage, exportText, readExport, unmatchedRows, type ExportProposal, type ExportRequest } from '../core/templates/export.js';
import { readTable, roleName, type Role, type TableRead } from '../core/templates/read-table.js';
import { visibleText } from '../core/templates/read-values.js';
import type { WorkbookDesc } from '../core/templates/types.js';
import { buildWorkbook, writeFileSafely } from './xlsx.js';
import { decodeText, encodingNote, firstCsvLine, splitCsv } from './csv.js';

/** Why a file is no .xlsx workbook, in the user's language: the commonest cases by the file's first bytes, else the reader's own words. */
export function unreadableDetail(path: string, err: unknown, locale: Locale): string {
  let head = Buffer.alloc(0);
  try {
    head = readFileSync(path).subarray(0, 8);
  } catch {
    // Unreadable bytes: the reader's own words below.
  }
  const ole = head.length >= 4 && head.readUInt32BE(0) === 0xd0cf11e0;
  const zip = head.length >= 2 && head[0] === 0x50 && head[1] === 0x4b;
  if (ole) {
    return locale === 'zh-CN'
      ? '这是旧版 .xls 文件或设有打开密码的工作簿：请在 Excel 中另存为不设密码的 .xlsx'
      : 'it is an older .xls file or a workbook with a password to open: save it from Excel as .xlsx without a password';
  }
  if (!zip) return locale === 'zh-CN' ? '文件内容不是 .xlsx 格式：请在 Excel、WPS 或 LibreOffice 中另存为 .xlsx' : 'its content is not in .xlsx form: save it as .xlsx from Excel, WPS or LibreOffice';
  return visibleText(err instanceof Error ? err.message : String(err));
}

export interface UserSheet {
  readonly name: string;
  readonly hidden: boolean;
  /** Values from A1: values[row - 1][column - 1]; formulas give their cached result. */
  readonly values: unknown[][];
  /** Merged areas as A1 ranges ("C3:E3"). */
  readonly merges: string[];
}

export interface UserWorkbook {
  readonly workbook: ExcelJS.Workbook;
  readonly sheets: readonly UserSheet[];
  /** Workbook names already defined (new names must differ). */
  readonly names: readonly string[];
}

/** A cell's value as the table readers take it: numbers, text, booleans, null; errors as their code text. */
export function plainCell(value: ExcelJS.CellValue): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    const o = value as unknown as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text?: unknown }[]).map((r) => (typeof r.text === 'string' ? r.text : '')).join('');
    if (typeof o.error === 'string') return o.error;
    if ('formula' in o || 'sharedFormula' in o) return o.result === undefined ? null : plainCell(o.result as ExcelJS.CellValue);
    if (typeof o.text === 'string') return o.text;
    if (typeof o.text === 'object' && o.text !== null) return plainCell(o.text as ExcelJS.CellValue);
  }
  return null;
}

/** Reads a workbook file: every sheet's values and merges. */
export async function readUserWorkbook(path: string): Promise<UserWorkbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheets: UserSheet[] = [];
  workbook.eachSheet((ws) => {
    const values: unknown[][] = [];
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      const line: unknown[] = [];
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        // A merged area holds its value in the top-left cell only.
        if (cell.isMerged && cell.master !== cell) return;
        line[c - 1] = plainCell(cell.value);
      });
      for (let i = 0; i < line.length; i++) if (line[i] === undefined) line[i] = null;
      values[r - 1] = line;
    });
    for (let i = 0; i < values.length; i++) if (values[i] === undefined) values[i] = [];
    const merges = ((ws.model as unknown as { merges?: unknown }).merges ?? []) as unknown[];
    sheets.push({ name: ws.name, hidden: ws.state !== 'visible', values, merges: merges.filter((m): m is string => typeof m === 'string') });
  });
  const names = (workbook.definedNames as unknown as { model: { name: string }[] }).model.map((n) => n.name);
  return { workbook, sheets, names };
}

/** The table of a sheet, read as a plan (a header that names KPI, target and weight is preferred). */
export function readPlanTable(sheet: UserSheet): TableRead | null {
  return readTable(sheet.values, { merges: sheet.merges, prefer: ['kpi', 'target', 'weight'], searchRows: 20 });
}

/** The sheet asked for, or the first visible sheet whose table names KPI, target and weight. */
export function pickPlanSheet(book: UserWorkbook, name?: string): { sheet: UserSheet; table: TableRead | null } | undefined {
  if (name !== undefined) {
    const sheet = book.sheets.find((s) => s.name === name) ?? book.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
    return sheet ? { sheet, table: readPlanTable(sheet) } : undefined;
  }
  for (const sheet of book.sheets) {
    if (sheet.hidden) continue;
    const table = readPlanTable(sheet);
    if (table !== null && table.missing.length === 0) return { sheet, table };
  }
  return undefined;
}

/**
 * Adds the sheets of a description to an existing exceljs workbook: the description is rendered
 * on its own by the .xlsx renderer, and each of its worksheets is copied (its model: cells,
 * styles, merges, validation, conditional formats, protection, views) into `target`, after the
 * sheets already there; its workbook names are added too. The sheets already in `target` are
 * not touched.
 */
export async function addDescSheets(target: ExcelJS.Workbook, desc: WorkbookDesc): Promise<void> {
  const made = await buildWorkbook(desc);
  const taken = new Set(target.worksheets.map((w) => w.name.toLowerCase()));
  for (const sheet of desc.sheets) {
    if (taken.has(sheet.name.toLowerCase())) throw new Error(`the workbook already has a sheet named "${sheet.name}"`);
  }
  for (const from of made.worksheets) {
    const to = target.addWorksheet(from.name);
    const model = from.model as unknown as Record<string, unknown>;
    to.model = { ...model, id: to.id, name: from.name } as unknown as ExcelJS.WorksheetModel;
    to.state = from.state;
  }
  for (const n of desc.names) target.definedNames.add(n.ref, n.name);
  target.calcProperties.fullCalcOnLoad = true;
}

/**
 * Writes a workbook to `path`. Without `overwrite` an existing file is left alone (EEXIST);
 * with it, the file is written beside the target and renamed over it.
 */
export async function writeWorkbookFile(workbook: ExcelJS.Workbook, path: string, overwrite: boolean): Promise<void> {
  await writeFileSafely(Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer), path, { overwrite });
}

/** Messages of `--actuals` (a system export the review's actuals come from), in each language. */
export interface ActualsTexts {
  readonly fileMissing: (path: string) => string;
  readonly unreadable: (path: string, detail: string) => string;
  readonly sheetMissing: (sheet: string, sheets: string) => string;
  readonly noExport: (path: string) => string;
  readonly mapItem: (item: string) => string;
  readonly mapRole: (role: string, roles: string) => string;
  readonly mapColumn: (role: string, got: string) => string;
  readonly mapRow: (key: string, got: string) => string;
  readonly unusable: (message: string) => string;
  readonly onlyReview: (opt: string) => string;
  readonly mapping: (sheet: string, file: string, shape: 'long' | 'wide', header: number, first: number, last: number) => string;
  readonly column: (letter: string, header: string, role: string) => string;
  readonly kpiColumn: (letter: string, header: string, kpi: string) => string;
  readonly unused: (letter: string, header: string) => string;
  readonly problems: string;
  readonly noProblems: string;
  readonly unmatched: (sheet: string) => string;
  readonly allMatched: string;
  readonly rosterFrom: (n: number) => string;
  readonly confirm: string;
  readonly copied: (sheet: string, as: string) => string;
}

export const ACTUALS_TEXTS: Readonly<Record<Locale, ActualsTexts>> = {
  en: {
    fileMissing: (path) => `--actuals: ${path} does not exist; nothing was written.`,
    unreadable: (path, detail) => `--actuals: ${path} could not be read as an .xlsx workbook (${detail}); nothing was written.`,
    sheetMissing: (sheet, sheets) => `--actuals: the workbook has no sheet "${sheet}"; sheets: ${sheets}`,
    noExport: (path) =>
      `--actuals: no sheet of ${path} has an export whose headers name the employee and the KPI and value (or KPI columns). Name the sheet and the columns: --actuals ${path}:Sheet --actuals-map employee=A,kpi=B,actual=C`,
    mapItem: (item) => `--actuals-map: "${item}" is not role=column (e.g. actual=C)`,
    mapRole: (role, roles) => `--actuals-map: unknown role "${role}"; roles: ${roles}`,
    mapColumn: (role, got) => `--actuals-map: "${got}" is not a column for ${role}; give column letters A to XFD, or - to drop it`,
    mapRow: (key, got) => `--actuals-map: "${got}" is not a row number for ${key}`,
    unusable: (message) => `${message} Name the columns with --actuals-map employee=A,kpi=B,actual=C; nothing was written.`,
    onlyReview: (opt) => `option ${opt} is for a review or a dashboard ("kpi review --from ...", "kpi template review", "kpi template dashboard")`,
    mapping: (sheet, file, shape, header, first, last) =>
      `Export on sheet "${sheet}" of ${file} (${shape === 'long' ? 'one row per employee and KPI' : 'one column per KPI'}): header row ${header}, rows ${first}–${last}`,
    column: (letter, header, role) => `  ${letter}  ${header} → ${role}`,
    kpiColumn: (letter, header, kpi) => `  ${letter}  ${header} → KPI "${kpi}"`,
    unused: (letter, header) => `  ${letter}  ${header} → (not used)`,
    problems: 'Export cells the review cannot use (the sheet "Export check" lists them too):',
    noProblems: 'Every value of the export could be read.',
    unmatched: (sheet) => `Export rows that match no review row (listed live on the sheet "${sheet}"):`,
    allMatched: 'Every row of the export matches an employee and a KPI of the review.',
    rosterFrom: (n) => `The review lists the export's ${n} employees; actuals typed in the review win over the export's.`,
    confirm: 'Check the columns above; change any with --actuals-map role=column and run again.',
    copied: (sheet, as) => (sheet === as ? `The export sheet "${sheet}" is copied into the workbook unchanged.` : `The export sheet "${sheet}" is copied into the workbook unchanged, as "${as}".`),
  },
  'zh-CN': {
    fileMissing: (path) => `--actuals：${path} 不存在，未写入任何内容。`,
    unreadable: (path, detail) => `--actuals：${path} 无法作为 .xlsx 工作簿读取（${detail}），未写入任何内容。`,
    sheetMissing: (sheet, sheets) => `--actuals：工作簿中没有名为 "${sheet}" 的工作表；现有工作表：${sheets}`,
    noExport: (path) =>
      `--actuals：${path} 中没有表头含员工、指标和数值（或各指标列）的导出表。请指定工作表和列：--actuals ${path}:工作表 --actuals-map employee=A,kpi=B,actual=C`,
    mapItem: (item) => `--actuals-map：“${item}”不是 角色=列 的形式（如 actual=C）`,
    mapRole: (role, roles) => `--actuals-map：未知角色“${role}”；可用角色：${roles}`,
    mapColumn: (role, got) => `--actuals-map：“${got}”不是 ${role} 可用的列；请写 A 到 XFD 的列字母，或写 - 表示不用该列`,
    mapRow: (key, got) => `--actuals-map：“${got}”不是 ${key} 的行号`,
    unusable: (message) => `${message}请用 --actuals-map employee=A,kpi=B,actual=C 指定各列；未写入任何内容。`,
    onlyReview: (opt) => `选项 ${opt} 只用于考核表或仪表盘（"kpi review --from ..."、"kpi template review"、"kpi template dashboard"）`,
    mapping: (sheet, file, shape, header, first, last) =>
      `${file} 工作表“${sheet}”中的导出数据（${shape === 'long' ? '每行一个员工和指标' : '每个指标一列'}）：表头在第 ${header} 行，数据在第 ${first}–${last} 行`,
    column: (letter, header, role) => `  ${letter}  ${header} → ${role}`,
    kpiColumn: (letter, header, kpi) => `  ${letter}  ${header} → 指标“${kpi}”`,
    unused: (letter, header) => `  ${letter}  ${header} →（不使用）`,
    problems: '导出表中考核表无法使用的单元格（“导出核对”表中也会列出）：',
    noProblems: '导出表中的数值均可读取。',
    unmatched: (sheet) => `与考核表任何一行都不匹配的导出行（“${sheet}”表中实时列出）：`,
    allMatched: '导出表各行均与考核表中的员工和指标匹配。',
    rosterFrom: (n) => `考核表列出导出表中的 ${n} 名员工；在考核表中手填的实际值优先于导出值。`,
    confirm: '请核对以上各列；如需更改，用 --actuals-map 角色=列 后重新运行。',
    copied: (sheet, as) => (sheet === as ? `导出表“${sheet}”原样复制到工作簿中。` : `导出表“${sheet}”原样复制到工作簿中，名为“${as}”。`),
  },
};

/** Roles and row keys `--actuals-map` takes. */
const ACTUALS_MAP_ROLES = ['employee', 'kpi', 'actual', 'period'] as const;
const ACTUALS_MAP_ROWS = ['header', 'first', 'last'] as const;

export interface ActualsMap {
  /** Column letters per role; null drops the role (`period=-`). */
  readonly columns: Partial<Record<(typeof ACTUALS_MAP_ROLES)[number], string | null>>;
  readonly rows: Partial<Record<(typeof ACTUALS_MAP_ROWS)[number], number>>;
}

/** `--actuals-map employee=A,kpi=B,actual=C,period=D[,header=2,first=3,last=40]`. */
export function parseActualsMap(text: string, lang: Locale): { ok: true; map: ActualsMap } | { ok: false; message: string } {
  const t = ACTUALS_TEXTS[lang];
  const columns: Record<string, string | null> = {};
  const rows: Record<string, number> = {};
  for (const raw of text.split(/[,，]/)) {
    const item = raw.trim();
    if (item === '') continue;
    const m = /^([^=＝]+)[=＝](.*)$/.exec(item);
    if (!m) return { ok: false, message: t.mapItem(visibleText(item)) };
    const key = m[1]!.trim().toLowerCase();
    const value = m[2]!.trim();
    if ((ACTUALS_MAP_ROWS as readonly string[]).includes(key)) {
      if (!/^\d{1,7}$/.test(value) || Number(value) < 1 || Number(value) > 1048576) return { ok: false, message: t.mapRow(key, visibleText(value)) };
      rows[key] = Number(value);
      continue;
    }
    if (!(ACTUALS_MAP_ROLES as readonly string[]).includes(key)) {
      return { ok: false, message: t.mapRole(visibleText(m[1]!.trim()), [...ACTUALS_MAP_ROLES, ...ACTUALS_MAP_ROWS].join(', ')) };
    }
    if (value === '-') {
      columns[key] = null;
      continue;
    }
    const c = /^\$?([A-Za-z]{1,3})$/.exec(value);
    if (!c || colNumberOf(c[1]!) > 16384) return { ok: false, message: t.mapColumn(key, visibleText(value)) };
    columns[key] = c[1]!.toUpperCase();
  }
  return { ok: true, map: { columns, rows } };
}

function colNumberOf(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** `export.xlsx:Sheet` → file and sheet. */
export function splitSheetSpec(spec: string): { file: string; sheet?: string } {
  const m = /^(.*?\.(?:xlsx|xlsm)):(.+)$/i.exec(spec);
  return m ? { file: m[1]!, sheet: m[2]! } : { file: spec };
}

/** A system export, read and confirmed on the command line, for a review's actuals. */
export interface ActualsChoice {
  /** The request, its sheet named as it will be in the output workbook. */
  readonly request: ExportRequest;
  /** The export sheet's values (from A1). */
  readonly values: unknown[][];
  /** The worksheet to copy into the output unchanged; absent when it is already there (a sheet of the --from workbook). */
  readonly copy?: ExcelJS.Worksheet;
  /** What to print: the mapping, the cells the review cannot use, the rows that match no review row. */
  readonly lines: readonly string[];
}

/**
 * Reads `--actuals export.xlsx[:Sheet]` (or a sheet of `same`, the --from workbook, when the file
 * is the same), proposes the mapping (`readExport`, matched against the plan's KPI names), applies
 * `--actuals-map`, and lists what the review will not count. The export is read, never changed.
 */
export async function chooseActuals(input: {
  readonly spec: string;
  readonly mapText?: string;
  readonly cwd: string;
  readonly lang: Locale;
  /** The plan's KPI names (empty when unknown). */
  readonly kpis: readonly string[];
  /** Sheet names the output workbook has or will have besides the export. */
  readonly taken: readonly string[];
  /** The --from workbook and its path, when there is one. */
  readonly same?: { readonly path: string; readonly book: UserWorkbook; readonly planSheet: string };
}): Promise<{ ok: true; choice: ActualsChoice } | { ok: false; usage: boolean; message: string }> {
  const t = ACTUALS_TEXTS[input.lang];
  const map = input.mapText !== undefined ? parseActualsMap(input.mapText, input.lang) : { ok: true as const, map: { columns: {}, rows: {} } as ActualsMap };
  if (!map.ok) return { ok: false, usage: true, message: map.message };
  const { file, sheet: sheetArg } = splitSheetSpec(input.spec.trim());
  const path = resolvePath(input.cwd, file);
  const inSame = input.same !== undefined && resolvePath(input.cwd, input.same.path) === path;
  let book: UserWorkbook;
  let encoding: string | undefined;
  if (inSame) book = input.same!.book;
  else if (/\.(csv|tsv|txt)$/i.test(file)) {
    if (!existsSync(path) || statSync(path).isDirectory()) return { ok: false, usage: false, message: t.fileMissing(file) };
    const decoded = decodeText(readFileSync(path), input.lang);
    encoding = encodingNote(file, decoded.encoding, input.lang);
    book = csvWorkbook(decoded.text, basename(file).replace(/\.(csv|tsv|txt)$/i, ''));
  } else {
    if (!existsSync(path) || statSync(path).isDirectory()) return { ok: false, usage: false, message: t.fileMissing(file) };
    try {
      book = await readUserWorkbook(path);
    } catch (err) {
      return { ok: false, usage: false, message: t.unreadable(file, unreadableDetail(path, err, input.lang)) };
    }
  }
  let sheet: UserSheet | undefined;
  let proposal: ExportProposal | null = null;
  const read = (s: UserSheet) => readExport(s.values, null, { sheet: s.name, kpis: input.kpis, merges: s.merges });
  if (sheetArg !== undefined) {
    sheet = book.sheets.find((s) => s.name === sheetArg) ?? book.sheets.find((s) => s.name.toLowerCase() === sheetArg.toLowerCase());
    if (!sheet) return { ok: false, usage: false, message: t.sheetMissing(sheetArg, book.sheets.map((s) => s.name).join(', ')) };
    proposal = read(sheet);
  } else {
    for (const s of book.sheets) {
      if (s.hidden || (inSame && s.name === input.same!.planSheet)) continue;
      const p = read(s);
      if (p !== null && p.missing.length === 0) {
        sheet = s;
        proposal = p;
        break;
      }
    }
    if (!sheet) return { ok: false, usage: false, message: t.noExport(file) };
  }
  // The proposal, changed by --actuals-map.
  const m = map.map;
  const columns: Partial<Record<Role, string>> = { ...(proposal?.request.mapping.columns ?? {}) };
  for (const [role, letters] of Object.entries(m.columns) as [Role, string | null][]) {
    if (letters === null) delete columns[role];
    else columns[role] = letters;
  }
  const headerRow = m.rows.header ?? proposal?.headerRow ?? 1;
  const firstRow = m.rows.first ?? (m.rows.header !== undefined && proposal === null ? headerRow + 1 : proposal?.firstRow ?? headerRow + 1);
  const lastRow = m.rows.last ?? Math.max(firstRow, proposal?.lastRow ?? sheet.values.length);
  // Naming the KPI column makes the export long.
  const wide = columns.kpi === undefined && proposal?.shape === 'wide' && Object.keys(proposal.kpiColumns).length > 0;
  const outName = inSame ? sheet.name : freeSheetName(sheet.name, new Set(input.taken.map((s) => s.toLowerCase())));
  const request: ExportRequest = {
    sheet: outName,
    mapping: { headerRow, firstRow, lastRow, columns, ...(wide ? { kpiColumns: { ...proposal!.kpiColumns } } : {}) },
  };
  const bad = exportRequestMessage(request, input.lang);
  if (bad !== null) return { ok: false, usage: false, message: t.unusable(bad) };
  const lines: string[] = encoding !== undefined ? [encoding] : [];
  lines.push(t.mapping(sheet.name, file, wide ? 'wide' : 'long', headerRow, firstRow, lastRow));
  const headerOf = (letters: string) => {
    const c = proposal?.columns.find((x) => x.letter === letters);
    return visibleText(c?.header ?? String(sheet!.values[headerRow - 1]?.[colNumberOf(letters) - 1] ?? ''));
  };
  const used = new Set<string>();
  for (const role of ACTUALS_MAP_ROLES) {
    const letters = columns[role];
    if (letters === undefined) continue;
    used.add(letters);
    lines.push(t.column(letters, headerOf(letters), roleName(role, input.lang)));
  }
  if (wide) {
    for (const [kpi, letters] of Object.entries(proposal!.kpiColumns)) {
      used.add(letters);
      lines.push(t.kpiColumn(letters, headerOf(letters), visibleText(kpi)));
    }
  }
  for (const c of proposal?.columns ?? []) if (!used.has(c.letter) && c.header.trim() !== '') lines.push(t.unused(c.letter, visibleText(c.header)));
  // Problems of the confirmed mapping (--actuals-map may have changed it).
  const problems = exportProblems(request, sheet.values);
  if (problems.length > 0) {
    lines.push(t.problems);
    for (const p of problems.slice(0, 50)) lines.push(`  ${p.message[input.lang]}`);
    if (problems.length > 50) lines.push(`  … (${problems.length - 50})`);
  } else lines.push(t.noProblems);
  const unmatched = unmatchedRows(request, sheet.values, { kpis: input.kpis });
  const checkName = exportText(input.lang, 'sheet');
  if (unmatched.length > 0) {
    lines.push(t.unmatched(checkName));
    for (const u of unmatched.slice(0, 50)) lines.push(`  ${u.message[input.lang]}`);
    if (unmatched.length > 50) lines.push(`  … (${unmatched.length - 50})`);
  } else if (input.kpis.length > 0) lines.push(t.allMatched);
  lines.push(t.rosterFrom(exportEmployees(request, sheet.values).length));
  if (!inSame) lines.push(t.copied(sheet.name, outName));
  lines.push(t.confirm);
  const ws = inSame ? undefined : book.workbook.worksheets.find((w) => w.name === sheet!.name);
  return { ok: true, choice: { request, values: sheet.values, ...(ws ? { copy: ws } : {}), lines } };
}

/** Copies a worksheet of another workbook into `target` unchanged (cells, styles, merges, validation), under `name`. */
export function copyWorksheet(target: ExcelJS.Workbook, from: ExcelJS.Worksheet, name: string): void {
  const to = target.addWorksheet(name);
  const model = from.model as unknown as Record<string, unknown>;
  to.model = { ...model, id: to.id, name } as unknown as ExcelJS.WorksheetModel;
  to.state = from.state;
}

/** An empty exceljs workbook, for a new file that gets an export sheet copied in. */
export function newWorkbook(): ExcelJS.Workbook {
  return new ExcelJS.Workbook();
}

/** The rows of a CSV text (comma, semicolon or tab, whichever the first line uses most; quotes as RFC 4180). */
export function parseCsv(text: string): string[][] {
  const firstLine = firstCsvLine(text);
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  const delimiter = counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  return splitCsv(text, delimiter);
}

/**
 * A CSV cell as a spreadsheet takes it when the export is pasted: plain numbers (`1200`, `-3.5`) as
 * numbers, ISO dates (`2026-03-01`, `2026/3/1`) as dates; everything else stays text as written
 * (`1,200`, `85%`, `=HYPERLINK(...)`), so the review flags what it cannot add.
 */
export function csvCell(text: string): string | number | Date | null {
  if (text === '') return null;
  // Leading zeros (an ID such as 007) stay text.
  if (/^[+-]?\d+(\.\d+)?$/.test(text) && !/^[+-]?0\d/.test(text) && text.replace(/^[+-]/, '').length <= 15) return Number(text);
  const d = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(text);
  if (d) {
    const [y, m, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
    const date = new Date(Date.UTC(y, m - 1, day));
    if (date.getUTCMonth() === m - 1 && date.getUTCDate() === day) return date;
  }
  return text;
}

/** A CSV export as a one-sheet workbook named `name`, for reading and copying like an .xlsx export. */
export function csvWorkbook(text: string, name: string): UserWorkbook {
  const workbook = new ExcelJS.Workbook();
  const sheetName = freeSheetName(name === '' ? 'Export' : name, new Set());
  const ws = workbook.addWorksheet(sheetName);
  const values: unknown[][] = parseCsv(text).map((r) => r.map(csvCell));
  values.forEach((r, i) => r.forEach((x, j) => {
    if (x !== null) ws.getCell(i + 1, j + 1).value = x as ExcelJS.CellValue;
  }));
  return { workbook, sheets: [{ name: sheetName, hidden: false, values, merges: [] }], names: [] };
}
