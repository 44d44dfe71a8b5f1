/**
 * `npm run bench`: runs every bench/*.bench.ts module and writes BENCHMARKS.md, one table per
 * module. `npm run bench -- functions` runs only the modules whose file names contain a given word
 * and prints their results without writing the file. Each module's default export
 * is `async () => ({ title, rows: [{ name, measured, target, pass }], notes? })`.
 * Each module runs in a process of its own, so the memory one leaves behind (a large review, a
 * HyperFormula build) does not slow the garbage collector, and skew the ratios, of the next.
 */
import { execFile } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchSection } from './measure.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function table(section: BenchSection): string {
  const lines = ['| Measure | Measured | Target | Pass |', '| --- | --- | --- | --- |'];
  for (const r of section.rows) {
    lines.push(`| ${cell(r.name)} | ${cell(r.measured)} | ${cell(r.target)} | ${r.pass ? 'yes' : '**no**'} |`);
  }
  return lines.join('\n');
}

const SECTION = '@@bench-section ';

/** In a child process: runs one module and prints its section as one JSON line. */
async function runModule(file: string): Promise<void> {
  const mod = (await import(pathToFileURL(join(HERE, file)).href)) as { default: () => Promise<BenchSection> };
  const section = await mod.default();
  process.stdout.write(`\n${SECTION}${JSON.stringify(section)}\n`);
}

/** One module in a fresh process (same Node flags and loader): its section, or the error it printed. */
function inChild(file: string): Promise<BenchSection> {
  const args = [...process.execArgv, fileURLToPath(import.meta.url), '--module', file];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const line = String(stdout).split('\n').find((l) => l.startsWith(SECTION));
      if (line) return resolve(JSON.parse(line.slice(SECTION.length)) as BenchSection);
      reject(new Error(String(stderr).trim() || (err ? err.message : `${file} printed no result`)));
    });
  });
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--module');
  if (at >= 0) return runModule(process.argv[at + 1] ?? '');
  const filters = process.argv.slice(2).filter((a) => a !== '--');
  const modules = readdirSync(HERE)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
    .sort();
  const sections: BenchSection[] = [];
  const loadAtStart = loadavg()[0] ?? 0;
  for (const file of modules) {
    const started = Date.now();
    process.stdout.write(`${file} ... `);
    try {
      const section = await inChild(file);
      sections.push(section);
      console.log(`${((Date.now() - started) / 1000).toFixed(1)} s`);
      for (const r of section.rows) console.log(`  ${r.pass ? 'ok  ' : 'MISS'} ${r.name}: ${r.measured} (target ${r.target})`);
    } catch (e) {
      const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
      console.log('failed');
      console.error(message);
      sections.push({
        title: file,
        rows: [{ name: `${file} did not run`, measured: 'error', target: 'runs', pass: false }],
        notes: message.split('\n')[0],
      });
    }
  }

  if (filters.length > 0) {
    console.log('only some modules ran: BENCHMARKS.md left as it is');
    return;
  }
  const cpu = cpus();
  const header = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (`bench/run.ts`); each table comes from one `bench/*.bench.ts` module.',
    '',
    `- Date: ${new Date().toISOString()}`,
    `- Node.js: ${process.version} (V8 ${process.versions.v8})`,
    `- Machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()} ${release()}`,
    `- Load average (1 min) when the run started: ${loadAtStart.toFixed(2)}; ratios compare calls interleaved in one process, so load slows both sides, but a busy machine still adds noise`,
    `- Targets met: ${sections.flatMap((s) => s.rows).filter((r) => r.pass).length} of ${sections.flatMap((s) => s.rows).length}`,
  ];
  const body = sections.map((s) => [`## ${s.title}`, '', table(s), ...(s.notes ? ['', s.notes] : [])].join('\n'));
  writeFileSync(join(ROOT, 'BENCHMARKS.md'), `${[header.join('\n'), ...body].join('\n\n')}\n`);
  console.log('wrote BENCHMARKS.md');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
