/**
 * The `kpi` command: writes template workbooks (.xlsx) and lists the template kinds.
 *
 *   kpi template <kind> [--lang en|zh-CN] [--preset name] [--rows n] [--sample] [--period text]
 *                       [--department text] [--out file.xlsx] [--force]
 *   kpi review --from plan.xlsx[:Sheet] [--map role=col,...] [--lang ..] [--rows n] [--out file.xlsx] [--force]
 *              [--actuals export.xlsx[:Sheet]|export.csv [--actuals-map employee=A,kpi=B,actual=C,period=D]]
 *   kpi template review|dashboard ... [--actuals export.xlsx[:Sheet] [--actuals-map ...]]
 *   kpi update review.xlsx --employees names.csv [--sheet name] [--out file.xlsx] [--force]
 *   kpi list
 *   kpi help | --help | -h
 *   kpi --version | -v
 *
 * Exit status: 0 done, 1 failed or refused (an existing file without --force), 2 bad usage.
 * Options are validated before anything is written; on any error nothing is written.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Locale } from '../core/types.js';
import { joinList } from '../core/templates/labels.js';
import { PRESET_NAMES, presetKey } from '../core/templates/options.js';
import {
  KIND_ABOUT,
  KIND_LABELS,
  PRESETS,
  TEMPLATE_KINDS,
  generateTemplate,
  parseTemplateOptions,
} from '../core/templates/index.js';
import { CLI_TEXTS, type CliTexts, type WriteProblem } from './messages.js';
import { findPlanTable, isKitPlan, type CellProblem, type PlanMapping, type WorkbookDesc } from '../core/templates/index.js';
import { generateReviewFromUserPlan, roleName, tableNoteMessage, USER_FIELDS, type UserField, type UserPlanMapping } from '../core/templates/index.js';
import { visibleText } from '../core/templates/read-values.js';
import { addDescSheets, pickPlanSheet, readUserWorkbook, unreadableDetail, writeWorkbookFile, type UserSheet, type UserWorkbook } from './user-workbook.js';
import { ACTUALS_TEXTS, chooseActuals, copyWorksheet, newWorkbook, type ActualsChoice } from './user-workbook.js';
import { presetLines } from '../core/templates/plan.js';
import type { TemplateOptions } from '../core/templates/options.js';
import { colNumber } from '../core/templates/a1.js';
import type { TableRead } from '../core/templates/read-table.js';
import { displayWidth, padEnd } from './text.js';
import { replaceDescSheets, writeXlsx } from './xlsx.js';
import { plainCell } from './user-workbook.js';
import type ExcelJS from 'exceljs';
import { HyperFormula, type RawCellContent } from 'hyperformula';
import { findRecipe, nameKey, planUpdate, sheetsToRead, updateChoiceOf, type Recipe, type RosterEntry, type SheetDesc, type SheetGrid, type UpdateChoice } from '../core/templates/index.js';
import { decodeText, encodingNote, firstCsvLine, splitCsv } from './csv.js';

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly cwd: string;
}

const defaultIo: Io = {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
  cwd: process.cwd(),
};

/** Options that take a value, and flags that do not. */
const VALUE_OPTIONS = ['--lang', '--preset', '--rows', '--period', '--department', '--out', '--from', '--map', '--employees', '--sheet', '--actuals', '--actuals-map'] as const;
const FLAG_OPTIONS = ['--sample', '--force', '--help', '-h', '--version', '-v'] as const;
type ValueOption = (typeof VALUE_OPTIONS)[number];
type FlagOption = (typeof FLAG_OPTIONS)[number];

interface ParsedArgs {
  readonly positionals: string[];
  readonly values: Partial<Record<ValueOption, string>>;
  readonly flags: Set<FlagOption>;
}

class UsageError extends Error {}

/** Edit distance of two short strings (insertions, deletions, substitutions). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** The known option an unknown one was probably meant to be: "--output" → "--out", "-lang" → "--lang". */
export function closestOption(name: string): string | undefined {
  const long = ['--version', '--help', ...VALUE_OPTIONS, '--sample', '--force'];
  const bare = name.replace(/^-+/, '');
  if (bare === '') return undefined;
  const found = closestWord(bare, long.map((o) => o.slice(2)));
  return found === undefined ? undefined : `--${found}`;
}

/** The word of `words` a typed one was probably meant to be: the same in any case, a unique prefix, or one or two letters off. */
export function closestWord(typed: string, words: readonly string[]): string | undefined {
  const bare = typed.toLowerCase();
  if (bare === '') return undefined;
  const exact = words.find((w) => w.toLowerCase() === bare);
  if (exact) return exact;
  const prefix = words.filter((w) => w.toLowerCase().startsWith(bare) || bare.startsWith(w.toLowerCase()));
  if (prefix.length === 1) return prefix[0];
  const inside = bare.length >= 3 ? words.filter((w) => w.toLowerCase().includes(bare)) : [];
  if (inside.length === 1) return inside[0];
  let best: string | undefined;
  let bestDistance = 3;
  for (const w of words) {
    const d = distance(bare, w.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [w, d];
  }
  return bestDistance <= (bare.length > 4 ? 2 : 1) ? best : undefined;
}

/** A message, then "Did you mean …?" when the typed word is close to one of `words`. */
function withSuggestion(message: string, typed: string, words: readonly string[], t: CliTexts, shown: (w: string) => string = (w) => `"${w}"`): string {
  const found = closestWord(typed, words);
  return found === undefined ? message : `${message}\n${t.didYouMean(shown(found))}`;
}

const COMMANDS = ['template', 'review', 'update', 'list', 'help'] as const;

/** Options refused by the template's own checks, with the preset a mistyped --preset was probably meant to be. */
function badOptions(run: Run, message: string): string {
  const text = run.t.badOptions(message);
  const preset = run.args.values['--preset'];
  if (preset === undefined || presetKey(preset) !== undefined) return text;
  const words = PRESETS.flatMap((p) => [p, PRESET_NAMES[p].en, PRESET_NAMES[p]['zh-CN']]);
  const found = closestWord(preset.trim(), words);
  return found === undefined ? text : `${text}\n${run.t.didYouMean(`--preset ${found}`)}`;
}

const isValueOption = (s: string): s is ValueOption => (VALUE_OPTIONS as readonly string[]).includes(s);
const isFlagOption = (s: string): s is FlagOption => (FLAG_OPTIONS as readonly string[]).includes(s);

function parseArgs(argv: readonly string[], t: CliTexts, locale: Locale): ParsedArgs {
  const positionals: string[] = [];
  const values: Partial<Record<ValueOption, string>> = {};
  const flags = new Set<FlagOption>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (isValueOption(name)) {
      let value: string | undefined;
      if (eq > 0) value = arg.slice(eq + 1);
      else {
        const next = argv[i + 1];
        if (next === undefined || (next.startsWith('--') && next.length > 2)) throw new UsageError(t.missingValue(name));
        value = next;
        i++;
      }
      values[name] = value;
    } else if (isFlagOption(name)) {
      if (eq > 0) throw new UsageError(t.noValueWanted(name));
      flags.add(name);
    } else {
      const suggestion = closestOption(name);
      const message = t.unknownOption(name, joinList(locale, [...VALUE_OPTIONS, '--sample', '--force', '--help', '--version']));
      throw new UsageError(suggestion === undefined ? message : `${message}\n${t.didYouMean(suggestion)}`);
    }
  }
  return { positionals, values, flags };
}

/** Language tags and POSIX locales: "zh", "zh-CN", "zh_CN.UTF-8", "en_US". */
const ZH = /^\s*zh(?:[-_.@]|\s*$)/i;
const EN = /^\s*en(?:[-_.@]|\s*$)/i;

/** The language for messages: --lang when it names one, else LC_ALL / LC_MESSAGES / LANG, else en. */
export function uiLocale(argv: readonly string[], env: NodeJS.ProcessEnv): Locale {
  // The last --lang wins, as it does for the workbook's language.
  let found: Locale | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const value = arg.startsWith('--lang=') ? arg.slice(7) : arg === '--lang' ? argv[i + 1] : undefined;
    if (value !== undefined) {
      if (ZH.test(value)) found = 'zh-CN';
      else if (EN.test(value)) found = 'en';
    }
  }
  if (found) return found;
  const tag = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return ZH.test(tag) ? 'zh-CN' : 'en';
}

/** Language tags of Traditional Chinese: zh-TW, zh-HK, zh-MO, zh-Hant, zh_TW.UTF-8, ... */
const TRADITIONAL = /^\s*zh[-_](?:hant|tw|hk|mo)(?:[-_.@]|\s*$)/i;

/** The Traditional Chinese tag the workbook language comes from (--lang, else the environment), if any. */
export function traditionalTag(langArg: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const tag = langArg ?? (env.LC_ALL || env.LC_MESSAGES || env.LANG || '');
  return TRADITIONAL.test(tag) ? tag.trim().replace(/[.@].*$/, '') : undefined;
}

/** True for an argument that names a file rather than a template kind or a command. */
const looksLikeFile = (arg: string): boolean => /\.(xlsx|xlsm|xls|csv|ods)$/i.test(arg) || /[\\/]/.test(arg);

/** The package version, from package.json next to the command. */
export function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name?: string; version?: string };
    return `${pkg.name ?? 'kpi-kit'} ${pkg.version ?? ''}`.trim();
  } catch {
    return 'kpi-kit';
  }
}

function kindList(locale: Locale): string {
  return joinList(locale, TEMPLATE_KINDS);
}

/** One line per preset: its key, then its name in the help's language and in the other. */
function presetList(locale: Locale): string {
  const other: Locale = locale === 'en' ? 'zh-CN' : 'en';
  const width = Math.max(...PRESETS.map((p) => displayWidth(p)));
  const nameWidth = Math.max(...PRESETS.map((p) => displayWidth(PRESET_NAMES[p][locale])));
  return PRESETS.map((p) => `  ${padEnd(p, width)}  ${padEnd(PRESET_NAMES[p][locale], nameWidth)}  ${PRESET_NAMES[p][other]}`).join('\n');
}

/** Node's error code as one of the problems the messages explain. */
function writeProblem(err: unknown): { problem: WriteProblem; code: string } | undefined {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string') return undefined;
  const problems: Record<string, WriteProblem> = {
    EACCES: 'EACCES',
    EPERM: 'EACCES',
    EROFS: 'EROFS',
    ENOSPC: 'ENOSPC',
    EDQUOT: 'ENOSPC',
    EFBIG: 'ENOSPC',
    ENOENT: 'ENOENT',
    ENOTDIR: 'ENOTDIR',
    EISDIR: 'EISDIR',
    ENAMETOOLONG: 'ENAMETOOLONG',
    EBUSY: 'EBUSY',
    ETXTBSY: 'EBUSY',
    EINVAL: 'EINVAL',
    EMFILE: 'EMFILE',
    ENFILE: 'EMFILE',
  };
  return { problem: problems[code] ?? 'other', code };
}

/** A sentence in the user's language for an error from writing `path` (or making `folder`). */
export function writeErrorMessage(err: unknown, path: string, folder: string, t: CliTexts): string {
  const p = writeProblem(err);
  if (p === undefined) return t.failed(err instanceof Error ? err.message : String(err));
  return t.writeProblem(p.problem, path, folder, p.code);
}

function listKinds(locale: Locale, t: CliTexts): string {
  const width = Math.max(...TEMPLATE_KINDS.map((k) => displayWidth(k)));
  const titles = TEMPLATE_KINDS.map((k) => KIND_LABELS[k][locale]);
  const titleWidth = Math.max(...titles.map((x) => displayWidth(x)));
  const lines = TEMPLATE_KINDS.map(
    (k, i) => `  ${padEnd(k, width)}  ${padEnd(titles[i] ?? '', titleWidth)}  ${KIND_ABOUT[k][locale]}`,
  );
  return [t.listTitle, ...lines, '', t.listHint].join('\n');
}

/** Runs the command with the given arguments; returns the exit status. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, io: Io = defaultIo): Promise<number> {
  const locale = uiLocale(argv, env);
  const t = CLI_TEXTS[locale];
  const usage = (message: string): number => {
    io.err(`kpi: ${message}`);
    io.err(t.seeHelp);
    return 2;
  };

  let args: ParsedArgs;
  try {
    args = parseArgs(argv, t, locale);
  } catch (err) {
    if (err instanceof UsageError) return usage(err.message);
    throw err;
  }

  const [command, ...rest] = args.positionals;
  if (command === undefined || command === 'help' || args.flags.has('--help') || args.flags.has('-h')) {
    if (command === undefined && (args.flags.has('--version') || args.flags.has('-v'))) {
      io.out(version());
      return 0;
    }
    io.out(t.help(kindList(locale), presetList(locale)));
    return 0;
  }
  if (args.flags.has('--version') || args.flags.has('-v') || command === 'version') {
    io.out(version());
    return 0;
  }
  const run: Run = { args, locale, t, io, env, usage };
  if (command === 'list') {
    if (rest.length > 0) return usage(t.extraArgument(rest[0] ?? ''));
    io.out(listKinds(locale, t));
    return 0;
  }
  if (!(COMMANDS as readonly string[]).includes(command)) {
    if (looksLikeFile(command)) return usage(`${t.unknownCommand(command)}\n${t.kindIsFile(command)}`);
    return usage(withSuggestion(t.unknownCommand(command), command, COMMANDS, t));
  }
  if (command !== 'update' && args.values['--sheet'] !== undefined) return usage(t.update.onlyUpdate('--sheet'));
  if (command === 'review') return review(run, rest);
  if (command !== 'template' || !['review', 'dashboard'].includes(rest[0] ?? '')) {
    for (const opt of ['--actuals', '--actuals-map'] as const) if (args.values[opt] !== undefined) return usage(ACTUALS_TEXTS[locale].onlyReview(opt));
  }
  if (command === 'update') return update(run, rest);
  for (const opt of ['--from', '--map'] as const) if (args.values[opt] !== undefined) return usage(t.review.onlyReview(opt));
  return template(run, rest);
}

/** A command being run: its arguments, the language of its messages, and where they go. */
interface Run {
  readonly args: ParsedArgs;
  readonly locale: Locale;
  readonly t: CliTexts;
  readonly io: Io;
  readonly env: NodeJS.ProcessEnv;
  /** Says `message` and where help is; returns the exit status of bad usage. */
  readonly usage: (message: string) => number;
}

/** `kpi template <kind> ...`: writes a new workbook of one template kind. */
async function template(run: Run, rest: readonly string[]): Promise<number> {
  const { args, locale, t, io, usage } = run;
  const [kind, ...extra] = rest;
  if (kind === undefined) return usage(t.missingKind);
  const problem = kindProblem(kind, extra, locale, t);
  if (problem !== undefined) return usage(problem);

  const parsed = templateOptions(run, kind, args.flags.has('--sample'));
  if (!parsed.ok) return usage(badOptions(run, parsed.message));
  const target = outputFile(run, `kpi-${kind}.xlsx`);
  if (typeof target === 'number') return target;
  const { out, outArg } = target;

  const fromExport = await actualsFor(run, templateKpis(parsed.options), []);
  if (typeof fromExport === 'number') return fromExport;
  for (const line of fromExport?.lines ?? []) io.out(line);
  let desc: ReturnType<typeof generateTemplate>;
  try {
    const taken = fromExport ? [fromExport.request.sheet] : [];
    desc = generateTemplate(parsed.options, { existingSheets: taken }, fromExport ? { request: fromExport.request, values: fromExport.values } : undefined);
  } catch (err) {
    io.err(`kpi: ${t.failed(err instanceof Error ? err.message : String(err))}`);
    return 1;
  }
  const status = fromExport?.copy
    ? await writeOut(run, target, async (overwrite) => {
        // The export sheet first, unchanged; the generated sheets after it.
        const book = newWorkbook();
        copyWorksheet(book, fromExport.copy!, fromExport.request.sheet);
        await addDescSheets(book, desc);
        await writeWorkbookFile(book, out, overwrite);
      })
    : await writeOut(run, target, (overwrite) => writeXlsx(desc, out, { overwrite }));
  if (status !== 0) return status;
  const copied = fromExport?.copy ? [fromExport.request.sheet] : [];
  io.out(t.wrote(outArg, joinList(locale, [...copied, ...desc.sheets.filter((s) => !s.hidden).map((s) => s.name)])));
  return 0;
}

/** Why `kind` followed by `extra` arguments is not a template to write, if it is not. */
function kindProblem(kind: string, extra: readonly string[], locale: Locale, t: CliTexts): string | undefined {
  if (!(TEMPLATE_KINDS as readonly string[]).includes(kind)) {
    if (looksLikeFile(kind)) return t.kindIsFile(kind);
    return withSuggestion(t.unknownKind(kind, kindList(locale)), kind, TEMPLATE_KINDS, t);
  }
  if (extra.length === 0) return undefined;
  const arg = extra[0] ?? '';
  if (looksLikeFile(arg)) return t.fileNotOut(kind, arg);
  const preset = presetKey(arg);
  if (preset !== undefined) return `${t.extraArgument(arg)}\n${t.didYouMean(`--preset ${arg}`)}`;
  if (/^\d+$/.test(arg)) return `${t.extraArgument(arg)}\n${t.didYouMean(`--rows ${arg}`)}`;
  return t.extraArgument(arg);
}

/**
 * The template options from the arguments (the workbook's language from --lang, else the
 * messages'). A Traditional Chinese tag is warned about, in both languages.
 */
function templateOptions(run: Run, kind: string, sample: boolean): ReturnType<typeof parseTemplateOptions> {
  const { args, locale, t, io, env } = run;
  const langArg = args.values['--lang'];
  const lang = langArg === undefined ? locale : ZH.test(langArg) ? 'zh-CN' : EN.test(langArg) ? 'en' : langArg;
  const raw: Record<string, unknown> = { kind, lang, sample };
  if (args.values['--preset'] !== undefined) raw.preset = args.values['--preset'];
  if (args.values['--period'] !== undefined) raw.period = args.values['--period'];
  if (args.values['--department'] !== undefined) raw.department = args.values['--department'];
  if (args.values['--rows'] !== undefined) raw.rows = args.values['--rows'];
  const parsed = parseTemplateOptions(raw, locale);
  if (!parsed.ok) return parsed;
  const traditional = traditionalTag(langArg, env);
  if (traditional !== undefined) {
    // Said in both languages: whoever asked for Traditional Chinese reads one of them.
    io.err(`kpi: ${t.traditional(traditional)}`);
    io.err(`kpi: ${CLI_TEXTS[locale === 'en' ? 'zh-CN' : 'en'].traditional(traditional)}`);
  }
  return parsed;
}

/** The file to write. */
interface OutputFile {
  /** As given (or the default), for messages. */
  readonly outArg: string;
  readonly out: string;
  readonly force: boolean;
}

/** The file --out names (else `fallback`), or the exit status if it cannot be written. */
function outputFile(run: Run, fallback: string): OutputFile | number {
  const { args, t, io, usage } = run;
  const outArg = args.values['--out'] ?? fallback;
  if (!/\.xlsx$/i.test(outArg)) return usage(t.notXlsx(outArg));
  const out = resolve(io.cwd, outArg);
  const force = args.flags.has('--force');
  if (existsSync(out) && statSync(out).isDirectory()) {
    io.err(`kpi: ${t.isFolder(outArg)}`);
    return 1;
  }
  if (!force && existsSync(out)) {
    io.err(`kpi: ${t.exists(outArg)}`);
    return 1;
  }
  return { outArg, out, force };
}

/** Makes the file's folder if need be, then writes it; the exit status (0: written). */
async function writeOut(run: Run, file: OutputFile, write: (overwrite: boolean) => Promise<void>): Promise<number> {
  const { t, io } = run;
  const { outArg, out, force } = file;
  const folder = dirname(out);
  if (!existsSync(folder)) {
    try {
      await mkdir(folder, { recursive: true });
    } catch (err) {
      io.err(`kpi: ${writeErrorMessage(err, outArg, folder, t)}`);
      return 1;
    }
    io.out(t.createdFolder(folder));
  }
  try {
    await write(force);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      io.err(`kpi: ${t.exists(outArg)}`);
      return 1;
    }
    io.err(`kpi: ${writeErrorMessage(err, outArg, folder, t)}`);
    return 1;
  }
  return 0;
}

/** Splits `plan.xlsx:Sheet` into the file and the sheet (a drive letter such as C:\ stays with the file). */
export function splitFrom(from: string): { file: string; sheet?: string } {
  const m = /^(.*?\.(?:xlsx|xlsm)):(.+)$/i.exec(from);
  return m ? { file: m[1]!, sheet: m[2]! } : { file: from };
}

const COLUMN = /^\$?([A-Za-z]{1,3})$/;
const MAX_COLUMN = 16384;

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export type MapOverrides = { columns: Partial<Record<UserField, string | null>>; first?: number; last?: number };

/** Reads `--map kpi=B,target=F,weight=-,first=5`; a message in the user's language for anything else. */
export function parseMap(text: string, t: CliTexts, locale: Locale): { ok: true; map: MapOverrides } | { ok: false; message: string } {
  const map: MapOverrides = { columns: {} };
  const roles = joinList(locale, [...USER_FIELDS, 'first', 'last']);
  for (const item of text.split(/[,，;；]/).map((x) => x.trim()).filter((x) => x !== '')) {
    const m = /^([^=:：＝]+)[=:：＝](.*)$/.exec(item);
    if (!m) return { ok: false, message: t.review.mapItem(visibleText(item)) };
    const key = m[1]!.trim().toLowerCase();
    const value = m[2]!.trim();
    if (key === 'first' || key === 'last') {
      if (!/^\d{1,7}$/.test(value) || Number(value) < 1 || Number(value) > 1048576) return { ok: false, message: t.review.mapRow(key, visibleText(value)) };
      map[key] = Number(value);
      continue;
    }
    if (!(USER_FIELDS as readonly string[]).includes(key)) return { ok: false, message: t.review.mapRole(visibleText(m[1]!.trim()), roles) };
    if (value === '-' || value === '') {
      map.columns[key as UserField] = null;
      continue;
    }
    const c = COLUMN.exec(value);
    if (!c || columnNumber(c[1]!) > MAX_COLUMN) return { ok: false, message: t.review.mapColumn(key, visibleText(value)) };
    map.columns[key as UserField] = c[1]!.toUpperCase();
  }
  return { ok: true, map };
}

/** `kpi review --from plan.xlsx ...`: adds a review of the user's own KPI table to a copy of their workbook. */
async function review(run: Run, rest: readonly string[]): Promise<number> {
  const { args, locale, t, io, usage } = run;
  const r = t.review;
  if (rest.length > 0) return usage(t.extraArgument(rest[0] ?? ''));
  if (args.values['--preset'] !== undefined) return usage(t.extraArgument('--preset'));
  if (args.flags.has('--sample')) return usage(t.extraArgument('--sample'));
  const from = args.values['--from'];
  if (from === undefined || from.trim() === '') return usage(r.needsFrom);
  const mapped = args.values['--map'] !== undefined ? parseMap(args.values['--map'], t, locale) : { ok: true as const, map: { columns: {} } as MapOverrides };
  if (!mapped.ok) return usage(mapped.message);
  const parsed = templateOptions(run, 'review', false);
  if (!parsed.ok) return usage(badOptions(run, parsed.message));
  const target = outputFile(run, 'kpi-review.xlsx');
  if (typeof target === 'number') return target;

  const plan = await openPlan(run, from.trim(), mapped.map);
  if (typeof plan === 'number') return plan;
  const { book, sheet } = plan;
  const reading = planReading(run, plan, mapped.map);
  if (typeof reading === 'number') return reading;
  const rows = 'kit' in reading ? reading.kit : reading.user;
  const kpiColumn = colNumber(rows.columns.kpi) - 1;
  const planKpis = sheet.values.slice(rows.firstRow - 1, rows.lastRow).map((row) => String(row?.[kpiColumn] ?? '').trim()).filter((k) => k !== '');
  const fromExport = await actualsFor(run, planKpis, book.sheets.map((s) => s.name), { path: splitFrom(from.trim()).file, book, planSheet: sheet.name });
  if (typeof fromExport === 'number') return fromExport;
  const existing = { existingSheets: [...book.sheets.map((s) => s.name), ...(fromExport?.copy ? [fromExport.request.sheet] : [])], existingNames: [...book.names] };
  const actuals = fromExport ? { request: fromExport.request, values: fromExport.values } : undefined;
  let desc: WorkbookDesc;
  try {
    if ('kit' in reading) desc = generateTemplate({ ...parsed.options, plan: reading.kit }, existing, actuals);
    else {
      const result = generateReviewFromUserPlan(parsed.options, { sheet: sheet.name, values: sheet.values, mapping: reading.user }, existing, actuals);
      tellProblems(run, result.read.problems);
      desc = result.desc;
    }
  } catch (err) {
    io.err(`kpi: ${t.failed(err instanceof Error ? err.message : String(err))}`);
    return 1;
  }
  for (const line of fromExport?.lines ?? []) io.out(line);

  try {
    if (fromExport?.copy) copyWorksheet(book.workbook, fromExport.copy, fromExport.request.sheet);
    await addDescSheets(book.workbook, desc);
  } catch (err) {
    io.err(`kpi: ${t.failed(err instanceof Error ? err.message : String(err))}`);
    return 1;
  }
  const status = await writeOut(run, target, (overwrite) => writeWorkbookFile(book.workbook, target.out, overwrite));
  if (status !== 0) return status;
  const copied = fromExport?.copy ? [fromExport.request.sheet] : [];
  io.out(t.wrote(target.outArg, joinList(locale, [sheet.name, ...copied, ...desc.sheets.filter((s) => !s.hidden).map((s) => s.name)])));
  return 0;
}

/**
 * How the review reads the plan, said to the user: a plan KPI Kit made as it is (when --map names
 * nothing), else the user's table as proposed and mapped; the exit status of bad usage otherwise.
 */
function planReading(run: Run, plan: PlanSheet, map: MapOverrides): { kit: PlanMapping } | { user: UserPlanMapping } | number {
  const kit = noMap(map) ? kitPlanOf(plan.sheet) : null;
  if (kit !== null) {
    run.io.out(run.t.review.kitPlan(plan.sheet.name, kit.firstRow, kit.lastRow));
    return { kit };
  }
  const m = reviewMapping(run, plan, map);
  if (typeof m === 'number') return m;
  tellMapping(run, plan, m, map);
  return { user: m.mapping };
}

/** True when --map names nothing: the table is read as proposed. */
function noMap(map: MapOverrides): boolean {
  return Object.keys(map.columns).length === 0 && map.first === undefined && map.last === undefined;
}

/** The plan table of a sheet KPI Kit made (its own headers, either language): a review reads it as it is, as the add-in does. */
function kitPlanOf(sheet: UserSheet): PlanMapping | null {
  const found = findPlanTable(sheet.name, sheet.values);
  return found !== null && isKitPlan(sheet.values, found) ? found : null;
}

/** The cells of the user's table that give no value, then what to do next. */
function tellProblems(run: Run, problems: readonly CellProblem[]): void {
  const r = run.t.review;
  if (problems.length > 0) {
    run.io.out(r.problems);
    for (const p of problems) run.io.out(`  ${p.cell}: ${p.message[run.locale]}`);
  } else run.io.out(r.noProblems);
  run.io.out(r.confirm);
}

/** The KPI names of the plan `kpi template` makes (the preset's, when it has KPIs), for matching an export. */
function templateKpis(o: TemplateOptions): string[] {
  if (o.plan !== undefined || (o.preset === undefined && !o.sample)) return [];
  return presetLines(o.preset ?? 'sales', o.lang).map((l) => l.kpi ?? '').filter((k) => k !== '');
}

/**
 * --actuals: the export read and confirmed, its mapping and what the review will not count
 * printed; undefined without --actuals; the exit status when it cannot be used.
 */
async function actualsFor(run: Run, kpis: readonly string[], taken: readonly string[], same?: { path: string; book: UserWorkbook; planSheet: string }): Promise<ActualsChoice | undefined | number> {
  const spec = run.args.values['--actuals'];
  const mapText = run.args.values['--actuals-map'];
  if (spec === undefined) return mapText === undefined ? undefined : run.usage(ACTUALS_TEXTS[run.locale].onlyReview('--actuals-map'));
  if (spec.trim() === '') return run.usage(run.t.missingValue('--actuals'));
  const got = await chooseActuals({ spec, ...(mapText !== undefined ? { mapText } : {}), cwd: run.io.cwd, lang: run.locale, kpis, taken, ...(same ? { same } : {}) });
  if (!got.ok) {
    if (got.usage) return run.usage(got.message);
    run.io.err(`kpi: ${got.message}`);
    return 1;
  }
  return got.choice;
}

/** The user's workbook, the sheet of their KPI table and the table as read (null: --map names the columns). */
interface PlanSheet {
  readonly book: UserWorkbook;
  readonly sheet: UserSheet;
  readonly table: TableRead | null;
}

/** Reads the workbook --from names and finds its KPI table; the exit status if it cannot. */
async function openPlan(run: Run, from: string, map: MapOverrides): Promise<PlanSheet | number> {
  const { locale, io, usage } = run;
  const r = run.t.review;
  const { file, sheet: sheetArg } = splitFrom(from);
  const input = resolve(io.cwd, file);
  if (!existsSync(input) || statSync(input).isDirectory()) {
    io.err(`kpi: ${r.fromMissing(file)}`);
    return 1;
  }
  let book: UserWorkbook;
  try {
    book = await readUserWorkbook(input);
  } catch (err) {
    io.err(`kpi: ${r.fromUnreadable(file, unreadableDetail(input, err, locale))}`);
    return 1;
  }
  const picked = pickPlanSheet(book, sheetArg);
  if (picked === undefined) {
    if (sheetArg !== undefined) return usage(r.sheetMissing(sheetArg, joinList(locale, book.sheets.map((s) => s.name))));
    // No sheet names the three roles: the first visible sheet, if --map names them.
    const first = book.sheets.find((s) => !s.hidden);
    const m = map.columns;
    if (first === undefined || m.kpi == null || m.target == null || m.weight == null) {
      io.err(`kpi: ${r.noTable(file)}`);
      return 1;
    }
  }
  const sheet = picked?.sheet ?? book.sheets.find((s) => !s.hidden)!;
  return { book, sheet, table: picked?.table ?? null };
}

/** The mapping to read the table with, and the --map items that changed the proposal. */
interface ReviewMapping {
  readonly mapping: UserPlanMapping;
  readonly changes: readonly string[];
}

/** The roles a review cannot do without. */
const REQUIRED = ['kpi', 'target', 'weight'] as const;

/** The proposed mapping, then --map; the exit status of bad usage if it does not make a table. */
function reviewMapping(run: Run, plan: PlanSheet, map: MapOverrides): ReviewMapping | number {
  const { locale, usage } = run;
  const r = run.t.review;
  const { sheet, table } = plan;
  const { columns, changes } = mappedColumns(table, map);
  const seen = new Map<string, UserField>();
  for (const f of USER_FIELDS) {
    const c = columns[f];
    if (c === undefined) continue;
    const other = seen.get(c);
    if (other !== undefined) return usage(r.mapDuplicate(other, f, c));
    seen.set(c, f);
  }
  const missing = REQUIRED.filter((f) => columns[f] === undefined);
  if (missing.length > 0) return usage(r.mapMissing(joinList(locale, missing.map((f) => `${roleName(f, locale)} (${f})`))));
  const headerRow = table?.headerRow ?? 1;
  const headerRows = table?.headerRows ?? 1;
  const firstRow = map.first ?? table?.firstRow ?? headerRow + headerRows;
  const lastRow = map.last ?? (table !== null && table.lastRow >= firstRow ? table.lastRow : Math.max(firstRow, sheet.values.length));
  if (firstRow <= headerRow || lastRow < firstRow) return usage(r.mapRows(firstRow, lastRow, headerRow));
  if (lastRow - firstRow + 1 > 200) return usage(r.tooManyLines(lastRow - firstRow + 1));
  const rows = sheet.values.slice(firstRow - 1, lastRow);
  for (const f of REQUIRED) {
    const c = colNumber(columns[f]!) - 1;
    if (rows.every((row) => String(row?.[c] ?? '').trim() === '')) return usage(r.mapEmpty(`${roleName(f, locale)} (${f})`, columns[f]!, firstRow, lastRow, f));
  }
  if (map.first !== undefined) changes.push(`first=${map.first}`);
  if (map.last !== undefined) changes.push(`last=${map.last}`);
  return { mapping: { headerRow, firstRow, lastRow, columns: columns as UserPlanMapping['columns'] }, changes };
}

/** The columns of each role: the table's proposal, then --map; and the --map items as said back. */
function mappedColumns(table: TableRead | null, map: MapOverrides): { columns: Partial<Record<UserField, string>>; changes: string[] } {
  const columns: Partial<Record<UserField, string>> = {};
  for (const f of USER_FIELDS) {
    const c = table?.roles[f];
    if (c !== undefined) columns[f] = c;
  }
  const changes: string[] = [];
  const given = map.columns;
  for (const [f, c] of Object.entries(given) as [UserField, string | null][]) {
    if (c === null) delete columns[f];
    else {
      // A column given to a role leaves the role proposed for it (unless --map names that role too).
      for (const g of USER_FIELDS) if (g !== f && columns[g] === c && given[g] === undefined) delete columns[g];
      columns[f] = c;
    }
    changes.push(`${f}=${c ?? '-'}`);
  }
  return { columns, changes };
}

/** What was read, in the user's language: the rows, each column and its role, changes and notes. */
function tellMapping(run: Run, plan: PlanSheet, read: ReviewMapping, map: MapOverrides): void {
  const { locale, io } = run;
  const r = run.t.review;
  const { table } = plan;
  const { mapping, changes } = read;
  const columns = mapping.columns as Partial<Record<UserField, string>>;
  const say = (role: UserField) => `${roleName(role, locale)} (${role})`;
  io.out(r.mapping(plan.sheet.name, mapping.headerRow, mapping.firstRow, mapping.lastRow));
  const byLetter = new Map<string, UserField>();
  for (const f of USER_FIELDS) if (columns[f] !== undefined) byLetter.set(columns[f]!, f);
  const shownColumns = table?.columns.filter((c) => c.header !== '' || byLetter.has(c.letter)) ?? [];
  const listed = new Set<string>();
  for (const c of shownColumns) {
    listed.add(c.letter);
    const role = byLetter.get(c.letter);
    const header = `“${visibleText(c.header)}”`;
    const alts = c.alternatives.filter((a) => a !== role && (USER_FIELDS as readonly string[]).includes(a)) as UserField[];
    io.out(role === undefined ? r.unmapped(c.letter, header) : r.column(c.letter, header, say(role), joinList(locale, alts.map(say))));
  }
  for (const [letter, role] of byLetter) if (!listed.has(letter)) io.out(r.column(letter, '', say(role), ''));
  if (changes.length > 0) io.out(r.overridden(changes.join(', ')));
  const notes = (table?.notes ?? []).filter((n) => n.code !== 'missing' || map.columns.kpi === undefined);
  if (notes.length > 0) {
    io.out(r.notes);
    for (const n of notes) io.out(`  ${tableNoteMessage(n, locale)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// kpi update review.xlsx --employees names.csv

/** Header words a names file may start with (its first cell). */
const ROSTER_HEADERS = new Set(['name', 'names', 'employee', 'employees', 'employee name', 'full name', '姓名', '员工', '员工姓名', '名字', '名称']);

/** The rows of a CSV text (quotes as in RFC 4180; comma, else tab or semicolon when no comma is used). */
export function csvRows(text: string): string[][] {
  const firstLine = firstCsvLine(text);
  const sep = /[,，]/.test(firstLine) ? ',' : firstLine.includes('\t') ? '\t' : firstLine.includes(';') ? ';' : ',';
  return splitCsv(text, sep, sep === ',');
}

/** The roster of a names file: name[,department], blank lines skipped, a header line allowed. */
export function readRoster(text: string): { entries: RosterEntry[]; lines: number[] } {
  const entries: RosterEntry[] = [];
  const lines: number[] = [];
  csvRows(text).forEach((cells, i) => {
    const [name = '', department = ''] = cells.map((c) => c.trim());
    if (name === '' && department === '') return;
    if (entries.length === 0 && lines.length === 0 && ROSTER_HEADERS.has(name.toLowerCase())) return;
    entries.push({ name, department: department === '' ? null : department });
    lines.push(i + 1);
  });
  return { entries, lines };
}

/** A sheet of an exceljs workbook as a grid: values (cached results) and formulas ("=…" or the value). */
function gridOfSheet(ws: ExcelJS.Worksheet): SheetGrid {
  const values: unknown[][] = [];
  const formulas: unknown[][] = [];
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    const v: unknown[] = [];
    const f: unknown[] = [];
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      if (cell.isMerged && cell.master !== cell) return;
      const value = plainCell(cell.value);
      v[c - 1] = value;
      const formula = cell.formula;
      f[c - 1] = typeof formula === 'string' && formula !== '' ? `=${formula}` : value;
    });
    values[r - 1] = Array.from(v, (x) => x ?? null);
    formulas[r - 1] = Array.from(f, (x) => x ?? null);
  });
  for (let i = 0; i < values.length; i++) {
    values[i] ??= [];
    formulas[i] ??= [];
  }
  return { name: ws.name, values, formulas };
}

/**
 * The grids with computed values, for a workbook saved without them (written by a program, never
 * opened in a spreadsheet): the whole workbook recalculated in HyperFormula. Grids that already
 * hold computed values, or a workbook HyperFormula cannot load, are returned as they are.
 */
function withComputedValues(workbook: ExcelJS.Workbook, grids: SheetGrid[]): SheetGrid[] {
  const cached = grids.some((g) => g.formulas.some((row, r) => row.some((f, c) => typeof f === 'string' && f.startsWith('=') && g.values[r]?.[c] != null)));
  if (cached) return grids;
  try {
    const sheets: Record<string, RawCellContent[][]> = {};
    for (const ws of workbook.worksheets) {
      const g = gridOfSheet(ws);
      sheets[ws.name] = g.formulas.map((row) =>
        row.map((x): RawCellContent => {
          if (typeof x === 'string') return x.startsWith('=') ? x : `'${x}`;
          if (typeof x === 'number' || typeof x === 'boolean') return x;
          if (x instanceof Date) return (x.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000;
          return null;
        }),
      );
    }
    const model = (workbook.definedNames as unknown as { model: { name: string; ranges: string[] }[] }).model;
    const names = model.filter((n) => n.ranges.length === 1).map((n) => ({ name: n.name, expression: `=${n.ranges[0]}` }));
    const hf = HyperFormula.buildFromSheets(sheets, { licenseKey: 'gpl-v3', useArrayArithmetic: true }, names);
    try {
      return grids.map((g) => {
        const id = hf.getSheetId(g.name);
        if (id === undefined) return g;
        const values = hf.getSheetValues(id).map((row) => row.map((x) => (x !== null && typeof x === 'object' ? String((x as { value?: unknown }).value ?? '#VALUE!') : x)));
        return { ...g, values };
      });
    } finally {
      hf.destroy();
    }
  } catch {
    return grids;
  }
}

/** A set made by KPI Kit in a workbook: the sheet with its recipe, and its own sheets there (not the plan it reads). */
interface FoundSet {
  readonly sheet: string;
  readonly recipe: Recipe;
  readonly sheets: readonly string[];
}

function setsOf(book: UserWorkbook): FoundSet[] {
  const byName = new Map(book.sheets.map((s) => [s.name.toLowerCase(), s.name]));
  const out: FoundSet[] = [];
  for (const s of book.sheets) {
    const recipe = findRecipe(s.values[0] ?? []);
    if (recipe === null) continue;
    const plan = 'plan' in recipe ? recipe.plan.sheet.toLowerCase() : undefined;
    const own = [s.name, ...sheetsToRead(recipe)].map((n) => byName.get(n.toLowerCase())).filter((n): n is string => n !== undefined && n.toLowerCase() !== plan);
    out.push({ sheet: s.name, recipe, sheets: [...new Set(own)] });
  }
  return out;
}

/**
 * The set to update: the one holding the sheet named by --sheet (any of its sheets), else the only
 * one. Several sets and no --sheet, or a name no set has: the sets are listed (sheets, people) and
 * the command stops as bad usage.
 */
function pickSet(run: Run, file: string, sets: readonly FoundSet[], grids: readonly SheetGrid[]): (FoundSet & { choice: UpdateChoice }) | number {
  const { args, locale, t, usage } = run;
  const u = t.update;
  const choiceOf = (x: FoundSet) => updateChoiceOf(x.sheet, x.recipe, grids);
  const describe = (x: FoundSet) => {
    const c = choiceOf(x);
    const head = c.kind === 'bonus' || c.kind === 'feedback360' ? u.updatingSheet(c.kind, x.sheet, c.roster.length) : u.updating(x.sheet, c.roster.length, c.kpis);
    return u.setLine(head, joinList(locale, x.sheets));
  };
  const wanted = args.values['--sheet'];
  if (wanted === undefined) {
    if (sets.length === 1) return { ...sets[0]!, choice: choiceOf(sets[0]!) };
    return usage([u.severalSets(file, sets.length), ...sets.map(describe)].join('\n'));
  }
  const key = wanted.trim().toLowerCase();
  const hit = sets.find((x) => x.sheet.toLowerCase() === key) ?? sets.find((x) => x.sheets.some((n) => n.toLowerCase() === key));
  if (hit !== undefined) return { ...hit, choice: choiceOf(hit) };
  const all = sets.flatMap((x) => x.sheets);
  const near = all.map((n) => ({ n, d: distance(key, n.toLowerCase()) })).filter((x) => x.d <= Math.max(2, Math.floor(x.n.length / 3))).sort((a, b) => a.d - b.d);
  const lines = [u.unknownSheet(file, visibleText(wanted)), ...(near.length > 0 ? [t.didYouMean(joinList(locale, near.slice(0, 3).map((x) => `--sheet "${x.n}"`)))] : []), ...sets.map(describe)];
  return usage(lines.join('\n'));
}

/** A sheet-qualified reference in formula text: 'Sheet'!A1, Sheet!$B$2:$C$9. */
const SHEET_REF = /('(?:[^']|'')+'|[^\s'!(),;:=+\-*/<>&^%"{}]+)!\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?/g;

/**
 * Formulas of the user's other sheets that read rows of a table of the sheets an update rewrites
 * (the roster, the detail lines, the bonus rows): after the update they keep their text, and so
 * may now read another employee's row. "Mine!A1 → 'Review'!AF6", in sheet order.
 */
function formulasIntoRows(workbook: ExcelJS.Workbook, sheets: readonly SheetDesc[]): string[] {
  const byName = new Map(sheets.map((s) => [s.name.toLowerCase(), s]));
  const inRows = (s: SheetDesc, c1: number, r1: number, c2: number, r2: number) =>
    (s.tables ?? []).some((t) => {
      const cs = Object.values(t.columns).map(colNumber);
      // Below the first row: the table's rows, old and new (it may have shrunk), and what follows them.
      return r2 >= t.firstRow && c2 >= Math.min(...cs) && c1 <= Math.max(...cs);
    });
  const out: string[] = [];
  for (const ws of workbook.worksheets) {
    if (byName.has(ws.name.toLowerCase())) continue;
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        const formula = cell.formula;
        if (typeof formula !== 'string') return;
        for (const m of formula.matchAll(SHEET_REF)) {
          const name = m[1]!.startsWith("'") ? m[1]!.slice(1, -1).replace(/''/g, "'") : m[1]!;
          const s = byName.get(name.toLowerCase());
          if (s === undefined) continue;
          const [c1, r1] = [colNumber(m[2]!), Number(m[3])];
          const [c2, r2] = m[4] !== undefined ? [colNumber(m[4]), Number(m[5])] : [c1, r1];
          if (inRows(s, Math.min(c1, c2), Math.min(r1, r2), Math.max(c1, c2), Math.max(r1, r2))) out.push(`${ws.name}!${cell.address} → ${m[0]}`);
        }
      });
    });
  }
  return out;
}

/** `kpi update review.xlsx --employees names.csv`: the review set (or bonus or 360 set) of the workbook for a new roster. */
async function update(run: Run, rest: readonly string[]): Promise<number> {
  const { args, locale, t, io, usage } = run;
  const u = t.update;
  const [file, ...extra] = rest;
  if (file === undefined) return usage(u.needsFile);
  if (extra.length > 0) return usage(t.extraArgument(extra[0] ?? ''));
  for (const opt of ['--preset', '--rows', '--period', '--department', '--from', '--map'] as const) {
    if (args.values[opt] !== undefined) return usage(t.extraArgument(opt));
  }
  if (args.flags.has('--sample')) return usage(t.extraArgument('--sample'));
  const namesArg = args.values['--employees'];
  if (namesArg === undefined || namesArg.trim() === '') return usage(u.needsEmployees);
  const target = outputFile(run, file.replace(/\.(xlsx|xlsm)$/i, '') + '-updated.xlsx');
  if (typeof target === 'number') return target;

  const input = resolve(io.cwd, file);
  if (!existsSync(input) || statSync(input).isDirectory()) {
    io.err(`kpi: ${u.fileMissing(file)}`);
    return 1;
  }
  const namesPath = resolve(io.cwd, namesArg);
  if (!existsSync(namesPath) || statSync(namesPath).isDirectory()) {
    io.err(`kpi: ${u.csvMissing(namesArg)}`);
    return 1;
  }
  let roster: { entries: RosterEntry[]; lines: number[] };
  try {
    const decoded = decodeText(readFileSync(namesPath), locale);
    roster = readRoster(decoded.text);
    const note = encodingNote(namesArg, decoded.encoding, locale);
    if (note !== undefined) io.out(note);
  } catch (err) {
    io.err(`kpi: ${u.csvUnreadable(namesArg, err instanceof Error ? err.message : String(err))}`);
    return 1;
  }
  if (roster.entries.length === 0) {
    io.err(`kpi: ${u.csvEmpty(namesArg)}`);
    return 1;
  }
  const seen = new Map<string, number>();
  for (const [i, e] of roster.entries.entries()) {
    const line = roster.lines[i]!;
    if (e.name === '') {
      io.err(`kpi: ${u.csvBlank(namesArg, line)}`);
      return 1;
    }
    const before = seen.get(nameKey(e.name));
    if (before !== undefined) {
      io.err(`kpi: ${u.csvTwice(namesArg, e.name, before, line)}`);
      return 1;
    }
    seen.set(nameKey(e.name), line);
  }

  let book: UserWorkbook;
  try {
    book = await readUserWorkbook(input);
  } catch (err) {
    io.err(`kpi: ${u.unreadable(file, unreadableDetail(input, err, locale))}`);
    return 1;
  }
  const sets = setsOf(book);
  if (sets.length === 0) {
    io.err(`kpi: ${u.noRecipe(file)}`);
    return 1;
  }
  const wanted = new Set(sets.flatMap((x) => [x.sheet, ...sheetsToRead(x.recipe)]).map((n) => n.toLowerCase()));
  const grids = withComputedValues(book.workbook, book.workbook.worksheets.filter((ws) => wanted.has(ws.name.toLowerCase())).map(gridOfSheet));
  const picked = pickSet(run, file, sets, grids);
  if (typeof picked === 'number') return picked;
  const { recipe, choice } = picked;
  if (choice.problem !== undefined) {
    io.err(`kpi: ${u.refused(choice.problem[locale])}`);
    return 1;
  }
  io.out(
    choice.kind === 'bonus' || choice.kind === 'feedback360'
      ? u.updatingSheet(choice.kind, picked.sheet, choice.roster.length)
      : u.updating(picked.sheet, choice.roster.length, choice.kpis),
  );
  const plan = planUpdate(recipe, grids, roster.entries, { existingSheets: book.sheets.map((s) => s.name), existingNames: [...book.names] });
  if (!plan.ok) {
    io.err(`kpi: ${u.refused(plan.message[locale])}`);
    return 1;
  }
  // Rows move when someone before them leaves or KPI lines are added: formulas that read them may now read another row.
  const moved = plan.report.archived.length > 0 || plan.report.kpisAdded > 0;
  const shifted = moved ? formulasIntoRows(book.workbook, plan.desc.sheets) : [];
  try {
    await replaceDescSheets(book.workbook, plan.desc);
  } catch (err) {
    io.err(`kpi: ${t.failed(err instanceof Error ? err.message : String(err))}`);
    return 1;
  }
  const status = await writeOut(run, target, (overwrite) => writeWorkbookFile(book.workbook, target.out, overwrite));
  if (status !== 0) return status;
  const r = plan.report;
  const few = (list: readonly string[]) => joinList(locale, list.length > 10 ? [...list.slice(0, 10), '…'] : list);
  io.out(u.kept(r.kept));
  io.out(u.added(r.added.length, few(r.added)));
  io.out(u.archived(r.archived.length, few(r.archived), r.archiveSheet ?? ''));
  if (r.kpisAdded > 0) io.out(u.kpisAdded(r.kpisAdded));
  if (r.restored.length > 0) io.out(u.restored(r.restored.length, few(r.restored)));
  if (shifted.length > 0) io.out(u.shifted(shifted.length, few(shifted)));
  io.out(t.wrote(target.outArg, joinList(locale, plan.desc.sheets.filter((s) => !s.hidden).map((s) => s.name))));
  return 0;
}
