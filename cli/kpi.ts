/**
 * The `kpi` command: writes template workbooks (.xlsx) and lists the template kinds.
 *
 *   kpi template <kind> [--lang en|zh-CN] [--preset name] [--rows n] [--sample] [--period text]
 *                       [--department text] [--out file.xlsx] [--force]
 *   kpi list
 *   kpi help | --help | -h
 *
 * Exit status: 0 done, 1 failed or refused (an existing file without --force), 2 bad usage.
 * Options are validated before anything is written; on any error nothing is written.
 */
import { existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Locale } from '../core/types.js';
import {
  KIND_ABOUT,
  KIND_LABELS,
  PRESETS,
  TEMPLATE_KINDS,
  generateTemplate,
  parseTemplateOptions,
} from '../core/templates/index.js';
import { CLI_TEXTS, type CliTexts } from './messages.js';
import { displayWidth, padEnd } from './text.js';
import { writeXlsx } from './xlsx.js';

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
const VALUE_OPTIONS = ['--lang', '--preset', '--rows', '--period', '--department', '--out'] as const;
const FLAG_OPTIONS = ['--sample', '--force', '--help', '-h'] as const;
type ValueOption = (typeof VALUE_OPTIONS)[number];
type FlagOption = (typeof FLAG_OPTIONS)[number];

interface ParsedArgs {
  readonly positionals: string[];
  readonly values: Partial<Record<ValueOption, string>>;
  readonly flags: Set<FlagOption>;
}

class UsageError extends Error {}

const isValueOption = (s: string): s is ValueOption => (VALUE_OPTIONS as readonly string[]).includes(s);
const isFlagOption = (s: string): s is FlagOption => (FLAG_OPTIONS as readonly string[]).includes(s);

function parseArgs(argv: readonly string[], t: CliTexts): ParsedArgs {
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
      throw new UsageError(t.unknownOption(name));
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

function kindList(): string {
  return TEMPLATE_KINDS.join(', ');
}

function presetList(): string {
  return PRESETS.join(', ');
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
    args = parseArgs(argv, t);
  } catch (err) {
    if (err instanceof UsageError) return usage(err.message);
    throw err;
  }

  const [command, ...rest] = args.positionals;
  if (command === undefined || command === 'help' || args.flags.has('--help') || args.flags.has('-h')) {
    io.out(t.help(kindList(), presetList()));
    return 0;
  }
  if (command === 'list') {
    if (rest.length > 0) return usage(t.extraArgument(rest[0] ?? ''));
    io.out(listKinds(locale, t));
    return 0;
  }
  if (command !== 'template') return usage(t.unknownCommand(command));

  const [kind, ...extra] = rest;
  if (kind === undefined) return usage(t.missingKind);
  if (extra.length > 0) return usage(t.extraArgument(extra[0] ?? ''));
  if (!(TEMPLATE_KINDS as readonly string[]).includes(kind)) return usage(t.unknownKind(kind, kindList()));

  const langArg = args.values['--lang'];
  const lang = langArg === undefined ? locale : ZH.test(langArg) ? 'zh-CN' : EN.test(langArg) ? 'en' : langArg;
  const raw: Record<string, unknown> = { kind, lang, sample: args.flags.has('--sample') };
  if (args.values['--preset'] !== undefined) raw.preset = args.values['--preset'];
  if (args.values['--period'] !== undefined) raw.period = args.values['--period'];
  if (args.values['--department'] !== undefined) raw.department = args.values['--department'];
  if (args.values['--rows'] !== undefined) raw.rows = args.values['--rows'];
  const parsed = parseTemplateOptions(raw, locale);
  if (!parsed.ok) return usage(t.badOptions(parsed.message));

  const outArg = args.values['--out'] ?? `kpi-${kind}.xlsx`;
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

  try {
    const desc = generateTemplate(parsed.options);
    const folder = dirname(out);
    if (!existsSync(folder)) {
      await mkdir(folder, { recursive: true });
      io.out(t.createdFolder(folder));
    }
    await writeXlsx(desc, out, { overwrite: force });
    io.out(t.wrote(outArg, desc.sheets.filter((s) => !s.hidden).map((s) => s.name).join(', ')));
    return 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      io.err(`kpi: ${t.exists(outArg)}`);
      return 1;
    }
    io.err(`kpi: ${t.failed(err instanceof Error ? err.message : String(err))}`);
    return 1;
  }
}
