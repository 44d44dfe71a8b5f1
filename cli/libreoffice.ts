/**
 * LibreOffice Calc, headless: recalculates .xlsx files that have formulas without cached values
 * and prints workbooks to PDF. Every call uses a fresh user profile that forces recalculation of
 * Excel files on load, so cached values never hide a formula's real result.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, delimiter, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';

export type EngineValue = number | string | boolean | null | { error: string };
export type SheetValues = EngineValue[][];
export type WorkbookValues = Map<string, SheetValues>;

const CANDIDATES = [
  '/usr/bin/soffice',
  '/usr/local/bin/soffice',
  '/usr/lib/libreoffice/program/soffice',
  '/opt/libreoffice/program/soffice',
  '/snap/bin/libreoffice',
  '/Applications/LibreOffice.app/Contents/MacOS/soffice',
  'C:\\Program Files\\LibreOffice\\program\\soffice.exe',
];

/** The soffice executable: $SOFFICE, then the PATH, then the usual install places; null when absent. */
export function findSoffice(): string | null {
  const fromEnv = process.env.SOFFICE;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const names = process.platform === 'win32' ? ['soffice.exe', 'soffice.com'] : ['soffice', 'libreoffice'];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const p = join(dir, name);
      if (existsSync(p)) return p;
    }
  }
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

function requireSoffice(): string {
  const soffice = findSoffice();
  if (!soffice) {
    throw new Error(
      'LibreOffice (soffice) was not found. Install it, e.g. `sudo apt-get install -y --no-install-recommends libreoffice-calc`, or set SOFFICE to its path.',
    );
  }
  return soffice;
}

const RECALC_ALWAYS = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
</oor:items>
`;

/** A fresh LibreOffice user profile in `dir` that recalculates every formula on load. */
async function makeProfile(dir: string): Promise<string> {
  const user = join(dir, 'profile', 'user');
  await mkdir(user, { recursive: true });
  await writeFile(join(user, 'registrymodifications.xcu'), RECALC_ALWAYS);
  return pathToFileURL(join(dir, 'profile')).href;
}

/** Runs a program to its end; a failure is an error naming the program, with what it printed. */
export function run(
  cmd: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    execFile(cmd, args, { env: options.env ?? process.env, timeout: options.timeoutMs ?? 0, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        reject(new Error(`${basename(cmd)} failed: ${err.message}\n${stderr}`.trim()));
        return;
      }
      resolvePromise({ stdout, stderr });
    });
  });
}

/**
 * Runs one `soffice --headless --convert-to <filter>` over all inputs. Inputs are copied to
 * numbered names first (f0, f1, …), so files with the same base name in different folders do not
 * collide. Returns the folder of the converted files and their names.
 */
async function runConvert(paths: readonly string[], filter: string, work: string): Promise<{ outDir: string; made: Set<string> }> {
  const soffice = requireSoffice();
  const inDir = join(work, 'in');
  const outDir = join(work, 'out');
  await mkdir(inDir, { recursive: true });
  await mkdir(outDir, { recursive: true });
  const inputs: string[] = [];
  for (const [i, p] of paths.entries()) {
    const ext = extname(p) || '.xlsx';
    const target = join(inDir, `f${i}${ext}`);
    await copyFile(resolve(p), target);
    inputs.push(target);
  }
  const profile = await makeProfile(work);
  const env = { ...process.env, HOME: work, SAL_USE_VCLPLUGIN: 'svp' };
  const timeout = 120_000 + 15_000 * paths.length;
  await run(
    soffice,
    ['--headless', '--norestore', '--nolockcheck', '--nodefault', `-env:UserInstallation=${profile}`, '--convert-to', filter, '--outdir', outDir, ...inputs],
    { env, timeoutMs: timeout },
  );
  return { outDir, made: new Set(await readdir(outDir)) };
}

/** The same, one output file per input (f0.<outExt>, …), in input order. */
async function convert(paths: readonly string[], filter: string, outExt: string, work: string): Promise<string[]> {
  const { outDir, made } = await runConvert(paths, filter, work);
  return paths.map((p, i) => {
    const name = `f${i}.${outExt}`;
    if (!made.has(name)) throw new Error(`LibreOffice did not convert ${p}`);
    return join(outDir, name);
  });
}

/** LibreOffice's CSV export: comma, double quotes, UTF-8, values (not formulas) in full precision, every sheet to its own file. */
const CSV_EVERY_SHEET = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1';

/**
 * Loads each workbook in LibreOffice (one soffice run), recalculating every formula, and writes
 * the values of every sheet as CSV text into `outDir`: what loading a workbook to its values costs,
 * without writing an .xlsx back. Returns, per input, its CSV files by sheet name.
 */
export async function recalcToCsv(paths: readonly string[], outDir: string): Promise<Map<string, string>[]> {
  if (paths.length === 0) return [];
  await mkdir(outDir, { recursive: true });
  const work = await mkdtemp(join(tmpdir(), 'kpi-lo-'));
  try {
    const { outDir: made, made: names } = await runConvert(paths, CSV_EVERY_SHEET, work);
    const out: Map<string, string>[] = [];
    for (const [i, p] of paths.entries()) {
      const prefix = `f${i}-`;
      const sheets = new Map<string, string>();
      for (const name of [...names].filter((n) => n.startsWith(prefix) && n.endsWith('.csv'))) {
        const target = join(outDir, `${basename(p, extname(p))}-${name.slice(prefix.length)}`);
        await copyFile(join(made, name), target);
        sheets.set(name.slice(prefix.length, -'.csv'.length), target);
      }
      if (sheets.size === 0) throw new Error(`LibreOffice did not convert ${p}`);
      out.push(sheets);
    }
    return out;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * LibreOffice writes Excel's error texts into .xlsx files; where one of its own codes has no
 * Excel counterpart it appears as "Err:5xx" and is kept as that text.
 */
function normalizeError(text: string): { error: string } {
  return { error: text.trim().toUpperCase().startsWith('ERR:') ? `Err:${text.trim().slice(4)}` : text.trim().toUpperCase() };
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

function plainValue(value: ExcelJS.CellValue): EngineValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return (value.getTime() - EXCEL_EPOCH_MS) / 86_400_000;
  if (typeof value === 'object') {
    if ('error' in value && typeof value.error === 'string') return normalizeError(value.error);
    if ('formula' in value || 'sharedFormula' in value) {
      // A formula whose cached result is empty text has no result here.
      const result = (value as { result?: ExcelJS.CellValue }).result;
      return result === undefined || result === null ? '' : plainValue(result);
    }
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((r) => r.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
  }
  return String(value);
}

/** Every sheet of a workbook as a rectangle of plain values, from A1 to the last used cell. */
export async function readWorkbookValues(path: string): Promise<WorkbookValues> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const out: WorkbookValues = new Map();
  wb.eachSheet((ws) => {
    const rows: SheetValues = [];
    let width = 0;
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const values: EngineValue[] = [];
      row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
        // A merged range holds its value in the top-left cell only.
        // cell.value drops falsy formula results (0, FALSE); cell.result keeps them.
        const value: ExcelJS.CellValue =
          cell.type === ExcelJS.ValueType.Formula
            ? ({ formula: '', result: (cell.result as ExcelJS.CellValue) ?? undefined } as ExcelJS.CellValue)
            : cell.value;
        values[colNumber - 1] = cell.isMerged && cell.master !== cell ? null : plainValue(value);
      });
      width = Math.max(width, values.length);
      rows[rowNumber - 1] = values;
    });
    const grid: SheetValues = [];
    for (let r = 0; r < rows.length; r++) {
      const src = rows[r] ?? [];
      const line: EngineValue[] = [];
      for (let c = 0; c < width; c++) line.push(src[c] ?? null);
      grid.push(line);
    }
    out.set(ws.name, grid);
  });
  return out;
}

/**
 * Recalculates each .xlsx in LibreOffice (one soffice run for all of them) and returns the computed
 * values, keyed by input path, then by sheet name. Errors are `{ error: '#DIV/0!' }` and the like.
 */
export async function recalcXlsx(paths: readonly string[]): Promise<Map<string, WorkbookValues>> {
  const result = new Map<string, WorkbookValues>();
  if (paths.length === 0) return result;
  const work = await mkdtemp(join(tmpdir(), 'kpi-lo-'));
  try {
    const converted = await convert(paths, 'xlsx:Calc MS Excel 2007 XML', 'xlsx', work);
    for (const [i, p] of paths.entries()) {
      const file = converted[i];
      if (file === undefined) throw new Error(`LibreOffice did not convert ${p}`);
      result.set(p, await readWorkbookValues(file));
    }
    return result;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Prints each workbook to PDF with LibreOffice (one soffice run): every visible sheet, with its
 * page setup. Returns the PDF paths in input order: `<outDir>/<input base name>.pdf`.
 */
export async function toPdf(paths: readonly string[], outDir: string): Promise<string[]> {
  if (paths.length === 0) return [];
  const names = paths.map((p) => basename(p, extname(p)));
  if (new Set(names).size !== names.length) throw new Error('toPdf: input files need distinct base names');
  await mkdir(outDir, { recursive: true });
  const work = await mkdtemp(join(tmpdir(), 'kpi-lo-'));
  try {
    const converted = await convert(paths, 'pdf:calc_pdf_Export', 'pdf', work);
    const out: string[] = [];
    for (const [i, file] of converted.entries()) {
      const target = join(outDir, `${names[i]}.pdf`);
      await copyFile(file, target);
      out.push(target);
    }
    return out;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
