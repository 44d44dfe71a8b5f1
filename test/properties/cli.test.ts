/**
 * The `kpi` command with random argument vectors: it never prints a stack trace, never throws,
 * exits 0, 1 or 2, and says something when it refuses. Most vectors run in process through
 * `main` (cheap); a few run as `node bin/kpi.js` (about a second each) in a scratch folder.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type Io } from '../../cli/kpi.js';
import { PRESET_KEYS } from '../../core/templates/presets.js';
import { TEMPLATE_KINDS } from '../../core/templates/index.js';
import { COUNT, HOSTILE_TEXTS, NUMBER_TEXTS, runs } from './arbitraries.js';
import { ROOT } from '../hosts/hosts.js';

const BIN = join(ROOT, 'bin', 'kpi.js');
const RUNS = { inProcess: 1500, template: 100, spawned: 6 };
const CJK = /[\u4e00-\u9fff]/;
const STACK = /^\s+at .+(:\d+:\d+\)?|\(native\)|<anonymous>)$/m;

/** Words of the command line: commands, kinds, options (well and badly written), values, hostile texts. */
const token: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('template', 'list', 'help', 'version', ...TEMPLATE_KINDS, ...PRESET_KEYS, '销售', 'R&D') },
  {
    weight: 5,
    arbitrary: fc.constantFrom(
      '--lang',
      '--lang=zh',
      '--lang=zh-TW',
      '--lang=fr',
      '--lang=',
      '--preset',
      '--rows',
      '--rows=0',
      '--rows=5001',
      '--rows=abc',
      '--rows=3',
      '--period',
      '--department',
      '--out',
      '--out=a.xlsx',
      '--out=b.csv',
      '--out=sub/dir/c.xlsx',
      '--force',
      '--force=1',
      '--sample',
      '--help',
      '-h',
      '--version',
      '-v',
      '--',
      '-',
      '--bogus',
      '--outt',
      '-lang',
      '--output',
      '---',
      '--=',
    ),
  },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_TEXTS.filter((t) => t.length < 100), ...NUMBER_TEXTS, 'x.xlsx', 'plan.xlsx', 'out/y.xlsx', 'a\\b.xlsx') },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

const safe = (t: string) => !t.startsWith('/') && !t.startsWith('~') && !t.includes('..') && !t.includes('\u0000');

/** Argument vectors that stay inside the scratch folder: no absolute paths, no "..", no NUL (no process takes it). */
const argv: fc.Arbitrary<string[]> = fc.array(token.filter((t) => safe(t)), { maxLength: 8 });

const text = fc.oneof(fc.constantFrom(...HOSTILE_TEXTS.filter((t) => t.length < 100 && safe(t))), fc.string({ maxLength: 20 }).filter(safe));

/** `kpi template <kind>` with options in pairs, so that most vectors get as far as writing a workbook. */
const templateArgv: fc.Arbitrary<string[]> = fc
  .tuple(
    fc.constantFrom(...TEMPLATE_KINDS, 'plans', 'x.xlsx'),
    fc.array(
      fc.oneof(
        text.map((t) => ['--period', t]),
        text.map((t) => ['--department', t]),
        fc.oneof(fc.integer({ min: -1, max: 40 }).map(String), text).map((t) => ['--rows', t]),
        fc.oneof(fc.constantFrom('en', 'zh-CN', 'zh_TW', 'fr'), text).map((t) => ['--lang', t]),
        fc.oneof(fc.constantFrom(...PRESET_KEYS, '销售', 'SALES'), text).map((t) => ['--preset', t]),
        fc.oneof(fc.constantFrom('a.xlsx', 'sub/b.xlsx', 'c.XLSX', 'd.csv', 'e'), text.map((t) => `${t}.xlsx`)).map((t) => ['--out', t]),
        fc.constantFrom(['--sample'], ['--force'], [`--period=${'Q4'}`]),
      ),
      { maxLength: 5 },
    ),
  )
  .map(([kind, opts]) => ['template', kind, ...opts.flat()]);

const env = fc.constantFrom<Record<string, string>>({}, { LANG: 'zh_CN.UTF-8' }, { LC_ALL: 'en_US.UTF-8' }, { LANG: 'zh_TW.UTF-8' }, { LANG: 'C' });

/** What is wrong with one run, if anything. */
function badRun(code: unknown, out: string, err: string, args: readonly string[]): string | undefined {
  if (code !== 0 && code !== 1 && code !== 2) return `exit ${String(code)}`;
  if (STACK.test(out) || STACK.test(err)) return `a stack trace:\n${err}${out}`;
  if (code !== 0 && !/^kpi: \S/m.test(err)) return `refused without a message: ${JSON.stringify(err)}`;
  if (code === 0 && out.trim() === '') return 'nothing said';
  const echoed = args.join(' ');
  for (const word of ['undefined', '[object Object]', 'NaN']) {
    if ((out + err).includes(word) && !echoed.includes(word)) return `"${word}" in ${JSON.stringify(err || out)}`;
  }
  return undefined;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kpi-props-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  console.log(`cli: ${COUNT.cases} generated cases`);
});

describe('kpi with random arguments', () => {
  it('in process: never throws, exits 0, 1 or 2, and says why it refuses, in the user’s language', async () => {
    // main is async: fast-check's async property runs the vectors one after another.
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 5, arbitrary: argv }, { weight: 1, arbitrary: templateArgv }), env, async (args, e) => {
        COUNT.cases++;
        let out = '';
        let err = '';
        const io: Io = { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), cwd: dir };
        let code: number;
        try {
          code = await main(args, e, io);
        } catch (x) {
          throw new Error(`threw ${x instanceof Error ? x.stack : String(x)} for ${JSON.stringify(args)}`);
        }
        const bad = badRun(code, out, err, args);
        if (bad) throw new Error(`${bad} for ${JSON.stringify(args)} with ${JSON.stringify(e)}`);
        const zh = e.LANG?.startsWith('zh_CN') && !args.some((a) => a.startsWith('--lang'));
        if (zh && code === 2 && !CJK.test(err)) throw new Error(`not Chinese: ${err} for ${JSON.stringify(args)}`);
      }),
      runs(RUNS.inProcess),
    );
  });

  it('in process, kpi template with hostile option values: writes a workbook or refuses with a message', async () => {
    let wrote = 0;
    await fc.assert(
      fc.asyncProperty(templateArgv, env, async (args, e) => {
        COUNT.cases++;
        let out = '';
        let err = '';
        const io: Io = { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), cwd: dir };
        let code: number;
        try {
          code = await main([...args, '--force'], e, io);
        } catch (x) {
          throw new Error(`threw ${x instanceof Error ? x.stack : String(x)} for ${JSON.stringify(args)}`);
        }
        if (code === 0) wrote++;
        const bad = badRun(code, out, err, args);
        if (bad) throw new Error(`${bad} for ${JSON.stringify(args)} with ${JSON.stringify(e)}`);
      }),
      runs(RUNS.template),
    );
    // The vectors reach the writing often enough to mean something.
    expect(wrote).toBeGreaterThan(RUNS.template / 10);
  });

  it('as node bin/kpi.js: no stack trace, exit 0, 1 or 2 with a message', async () => {
    const samples = fc.sample(fc.tuple(argv, env), { ...runs(RUNS.spawned) });
    const base: NodeJS.ProcessEnv = { ...process.env };
    delete base.LANG;
    delete base.LC_ALL;
    delete base.LC_MESSAGES;
    delete base.KPI_DEBUG;
    const one = ([args, e]: [string[], Record<string, string>]) =>
      new Promise<string | undefined>((resolve, reject) => {
        const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...base, ...e } });
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
        child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
        child.on('error', reject);
        child.on('close', (code) => {
          const bad = badRun(code, out, err, args);
          resolve(bad ? `${bad} for ${JSON.stringify(args)}` : undefined);
        });
      });
    // Two at a time: the machine has two cores.
    const problems: string[] = [];
    for (let i = 0; i < samples.length; i += 2) {
      const batch = await Promise.all(samples.slice(i, i + 2).map(one));
      COUNT.cases += batch.length;
      problems.push(...batch.filter((p): p is string => p !== undefined));
    }
    expect(problems).toEqual([]);
  });

  it('counts its cases', () => {
    expect(COUNT.cases).toBe(RUNS.inProcess + RUNS.template + RUNS.spawned);
  });
});
