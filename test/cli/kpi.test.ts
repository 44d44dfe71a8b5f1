import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATE_KINDS } from '../../core/templates/index.js';
import { uiLocale } from '../../cli/kpi.js';
import { recalcXlsx } from '../../cli/libreoffice.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, 'bin', 'kpi.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/kpi.js ...` in `cwd` with a clean language environment plus `env`. */
function kpi(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  const base: NodeJS.ProcessEnv = { ...process.env };
  delete base.LANG;
  delete base.LC_ALL;
  delete base.LC_MESSAGES;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...base, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kpi-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fresh(name: string): string {
  const d = join(dir, name);
  rmSync(d, { recursive: true, force: true });
  mkdirSync(d, { recursive: true });
  return d;
}

describe('uiLocale', () => {
  it('takes --lang first, then LC_ALL, LC_MESSAGES, LANG, else en', () => {
    expect(uiLocale(['--lang', 'zh-CN'], { LANG: 'en_US.UTF-8' })).toBe('zh-CN');
    expect(uiLocale(['--lang=en'], { LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(uiLocale([], { LC_ALL: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' })).toBe('zh-CN');
    expect(uiLocale([], { LANG: 'zh_TW.UTF-8' })).toBe('zh-CN');
    expect(uiLocale([], { LANG: 'de_DE.UTF-8' })).toBe('en');
    expect(uiLocale(['--lang', 'xx'], {})).toBe('en');
    expect(uiLocale(['--lang', 'zh-CN', '--lang', 'en'], {})).toBe('en');
  });
});

describe('kpi command (node bin/kpi.js)', () => {
  it('lists every template kind in both languages', async () => {
    const r = await kpi(['list'], dir);
    expect(r.code).toBe(0);
    for (const kind of TEMPLATE_KINDS) expect(r.stdout).toContain(kind);
    expect(r.stdout).toContain('Template kinds');
    const zh = await kpi(['list', '--lang', 'zh-CN'], dir);
    expect(zh.code).toBe(0);
    expect(zh.stdout).toContain('模板类型');
  });

  it('prints help in English by default and in Chinese from --lang or LANG', async () => {
    const en = await kpi(['--help'], dir);
    expect(en.code).toBe(0);
    expect(en.stdout).toContain('Usage:');
    expect(en.stdout).toContain('--force');
    const zhFlag = await kpi(['help', '--lang', 'zh-CN'], dir);
    expect(zhFlag.stdout).toContain('用法');
    const zhEnv = await kpi(['-h'], dir, { LANG: 'zh_CN.UTF-8' });
    expect(zhEnv.stdout).toContain('用法');
    const none = await kpi([], dir);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('Usage:');
  });

  it('refuses a bad option value with exit 2 and writes nothing', async () => {
    const cwd = fresh('bad-rows');
    const r = await kpi(['template', 'review', '--rows', 'abc', '--out', 'r.xlsx'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/rows/);
    expect(r.stdout).toBe('');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('refuses an unknown option, an unknown kind and a missing value, in the user language', async () => {
    const cwd = fresh('bad-usage');
    const unknownOpt = await kpi(['template', 'review', '--colour', 'red'], cwd);
    expect(unknownOpt.code).toBe(2);
    expect(unknownOpt.stderr).toContain('unknown option "--colour"');
    const unknownKind = await kpi(['template', 'payroll'], cwd, { LANG: 'zh_CN.UTF-8' });
    expect(unknownKind.code).toBe(2);
    expect(unknownKind.stderr).toContain('未知模板类型 "payroll"');
    const missing = await kpi(['template', 'review', '--out'], cwd);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--out needs a value');
    const badLang = await kpi(['template', 'review', '--lang', 'fr'], cwd);
    expect(badLang.code).toBe(2);
    const notXlsx = await kpi(['template', 'review', '--out', 'r.csv'], cwd);
    expect(notXlsx.code).toBe(2);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('writes a workbook that opens, with sheets in the chosen language', async () => {
    const cwd = fresh('good');
    const r = await kpi(
      ['template', 'review', '--lang', 'zh-CN', '--preset', 'sales', '--rows', '12', '--sample', '--period', '2026 Q4', '--out', 'out/review.xlsx'],
      cwd,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('review.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(cwd, 'out', 'review.xlsx'));
    const visible = wb.worksheets.filter((w) => w.state === 'visible');
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.some((w) => /[\u4e00-\u9fff]/.test(w.name))).toBe(true);
    const formulas = visible.flatMap((w) => {
      const found: string[] = [];
      w.eachRow((row) => row.eachCell((cell) => void (cell.formula && found.push(cell.formula))));
      return found;
    });
    expect(formulas.length).toBeGreaterThan(0);
    // LibreOffice opens it and computes every formula without an error.
    const path = join(cwd, 'out', 'review.xlsx');
    const computed = (await recalcXlsx([path])).get(path);
    expect([...(computed?.keys() ?? [])].sort()).toEqual(wb.worksheets.map((w) => w.name).sort());
    const errors = [...(computed?.values() ?? [])].flat(2).filter((v) => v !== null && typeof v === 'object');
    expect(errors).toEqual([]);
  });

  it('never overwrites an existing file without --force', async () => {
    const cwd = fresh('exists');
    const target = join(cwd, 'plan.xlsx');
    writeFileSync(target, 'precious');
    const r = await kpi(['template', 'plan', '--out', 'plan.xlsx'], cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--force');
    expect(readFileSync(target, 'utf8')).toBe('precious');
    const forced = await kpi(['template', 'plan', '--out', 'plan.xlsx', '--force'], cwd);
    expect(forced.code).toBe(0);
    expect(readFileSync(target).subarray(0, 2).toString('latin1')).toBe('PK');
    expect(readdirSync(cwd)).toEqual(['plan.xlsx']);
  });

  it('refuses a folder as --out in the user language, and says when it creates a folder', async () => {
    const cwd = fresh('folders');
    mkdirSync(join(cwd, 'd.xlsx'));
    for (const force of [[], ['--force']]) {
      const r = await kpi(['template', 'plan', '--lang', 'zh-CN', '--out', 'd.xlsx', ...force], cwd);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('是文件夹而不是文件');
      expect(r.stderr).not.toMatch(/EISDIR|Error/);
    }
    const made = await kpi(['template', 'plan', '--out', 'new/sub/plan.xlsx'], cwd);
    expect(made.code).toBe(0);
    expect(made.stdout).toContain('Created the folder');
    expect(readFileSync(join(cwd, 'new', 'sub', 'plan.xlsx')).subarray(0, 2).toString('latin1')).toBe('PK');
  });
});
