import { spawn } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATE_KINDS } from '../../core/templates/index.js';
import { closestOption, closestWord, traditionalTag, uiLocale, writeErrorMessage } from '../../cli/kpi.js';
import { CLI_TEXTS } from '../../cli/messages.js';
import { recalcXlsx } from '../../cli/libreoffice.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
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

/** True when a file can be created in `folder` (root writes almost anywhere). */
function canWrite(folder: string): boolean {
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    return false;
  }
  try {
    const probe = join(folder, `.kpi-probe-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
    return true;
  } catch {
    return false;
  }
}

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

describe('kpi version, hints and notices', () => {
  it('prints the package version for --version and -v', async () => {
    for (const args of [['--version'], ['-v'], ['template', 'plan', '--version'], ['--version', '--lang', 'zh-CN']]) {
      const r = await kpi(args, dir);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout.trim()).toBe(`kpi-kit ${VERSION}`);
      expect(r.stderr).toBe('');
    }
  });

  it('the help shows --version and every preset by key and by name, in both languages', async () => {
    const en = await kpi(['help'], dir);
    expect(en.stdout).toContain('kpi --version');
    expect(en.stdout).toMatch(/sales\s+Sales\s+销售/);
    expect(en.stdout).toMatch(/rd\s+R&D\s+研发/);
    expect(en.stdout).toMatch(/admin\s+Administration\s+行政/);
    expect(en.stdout).toMatch(/operations\s+Operations\s+运营/);
    expect(en.stdout).toMatch(/marketing\s+Marketing\s+市场/);
    expect(en.stdout).toContain('Kinds:   plan, review, scorecard');
    const zh = await kpi(['help'], dir, { LANG: 'zh_CN.UTF-8' });
    expect(zh.stdout).toContain('显示版本号');
    expect(zh.stdout).toMatch(/sales\s+销售\s+Sales/);
    expect(zh.stdout).toMatch(/operations\s+运营\s+Operations/);
    expect(zh.stdout).toContain('类型：plan、review、scorecard');
  });

  it('accepts a preset by its name in any case and in Chinese', async () => {
    const cwd = fresh('preset-names');
    const runs = await Promise.all(
      ['SALES', '销售', '研发', '行政', '运营', '市场', 'R&D', 'Operations'].map((p, i) => kpi(['template', 'plan', '--preset', p, '--out', `p${i}.xlsx`], cwd)),
    );
    for (const r of runs) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    const bad = await kpi(['template', 'plan', '--preset', '人事', '--out', 'x.xlsx'], cwd, { LANG: 'zh_CN.UTF-8' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('sales、rd、admin、operations、marketing');
    expect(bad.stderr).toContain('销售 / Sales');
  });

  it('a file name given without --out gets a hint, in both languages, and nothing is written', async () => {
    const cwd = fresh('positional-file');
    const en = await kpi(['template', 'review', 'out.xlsx'], cwd);
    expect(en.code).toBe(2);
    expect(en.stderr).toContain('Did you mean --out out.xlsx?');
    expect(en.stderr).toContain('kpi template review --out out.xlsx');
    const zh = await kpi(['template', 'review', 'out.xlsx', '--lang', 'zh-CN'], cwd);
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain('是不是想用 --out out.xlsx？');
    const kindFirst = await kpi(['template', 'reports/out.xlsx'], cwd);
    expect(kindFirst.code).toBe(2);
    expect(kindFirst.stderr).toContain('looks like a file name, not a template kind');
    expect(kindFirst.stderr).toContain('--out reports/out.xlsx');
    const kindFirstZh = await kpi(['template', 'out.xlsx'], cwd, { LANG: 'zh_CN.UTF-8' });
    expect(kindFirstZh.stderr).toContain('像是文件名，而不是模板类型');
    const preset = await kpi(['template', 'plan', 'sales'], cwd);
    expect(preset.stderr).toContain('Did you mean --preset sales?');
    const rows = await kpi(['template', 'plan', '30'], cwd, { LANG: 'zh_CN.UTF-8' });
    expect(rows.stderr).toContain('是不是想用 --rows 30？');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('an unknown flag is named, with the options and the closest one, in both languages', async () => {
    const cwd = fresh('unknown-flags');
    const bare = await kpi(['--colour'], cwd);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toBe('');
    expect(bare.stderr).toContain('unknown option "--colour". Options: --lang, --preset, --rows');
    expect(bare.stderr).toContain('Run "kpi help" for usage.');
    const typo = await kpi(['template', 'plan', '--output', 'x.xlsx'], cwd);
    expect(typo.stderr).toContain('Did you mean --out?');
    const zh = await kpi(['-lang', 'zh-CN'], cwd, { LANG: 'zh_CN.UTF-8' });
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain('未知选项 "-lang"。可用选项：--lang、--preset、--rows');
    expect(zh.stderr).toContain('是不是想用 --lang？');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('Traditional Chinese gives a notice in both languages and a Simplified Chinese workbook', async () => {
    const cwd = fresh('traditional');
    for (const [tag, env] of [
      ['zh-TW', {}],
      ['zh-HK', { LANG: 'en_US.UTF-8' }],
      ['zh-Hant', {}],
    ] as const) {
      const r = await kpi(['template', 'plan', '--lang', tag, '--out', `${tag}.xlsx`], cwd, env);
      expect(r.code, tag).toBe(0);
      expect(r.stderr).toContain(`暂不提供繁体中文（${tag}）：工作簿以简体中文（zh-CN）生成`);
      expect(r.stderr).toContain(`Traditional Chinese (${tag}) is not available: the workbook is written in Simplified Chinese (zh-CN)`);
      expect(r.stdout).toContain('KPI计划');
    }
    const fromEnv = await kpi(['template', 'plan', '--out', 'env.xlsx'], cwd, { LANG: 'zh_TW.UTF-8' });
    expect(fromEnv.code).toBe(0);
    expect(fromEnv.stderr).toContain('暂不提供繁体中文（zh_TW）');
    const simplified = await kpi(['template', 'plan', '--lang', 'zh-CN', '--out', 'cn.xlsx'], cwd, { LANG: 'zh_TW.UTF-8' });
    expect(simplified.stderr).toBe('');
  });

  it('a file that cannot be written is a sentence with the path, never a raw error', async () => {
    const cwd = fresh('unwritable');
    writeFileSync(join(cwd, 'plain'), 'x');
    const notFolder = await kpi(['template', 'plan', '--out', 'plain/sub/p.xlsx'], cwd);
    expect(notFolder.code).toBe(1);
    expect(notFolder.stderr).toContain('part of the path plain/sub/p.xlsx is a file, not a folder');
    const notFolderZh = await kpi(['template', 'plan', '--out', 'plain/p.xlsx', '--lang', 'zh-CN'], cwd);
    expect(notFolderZh.code).toBe(1);
    expect(notFolderZh.stderr).toContain('路径 plain/p.xlsx 中有一部分是文件而不是文件夹');
    for (const r of [notFolder, notFolderZh]) expect(r.stderr).not.toMatch(/ENOTDIR|EEXIST|Error|at /);
    expect(readdirSync(cwd)).toEqual(['plain']);
  });

  it('a folder without write permission is refused in words', async () => {
    // Root may write anywhere, but not into /sys; elsewhere a folder without write permission does.
    const cwd = fresh('no-permission');
    let folder = join(cwd, 'locked');
    mkdirSync(folder);
    chmodSync(folder, 0o500);
    if (canWrite(folder)) folder = '/sys';
    if (canWrite(folder)) return; // no folder here refuses writing
    const out = join(folder, 'p.xlsx');
    let code = '';
    try {
      writeFileSync(out, '', { flag: 'wx' });
    } catch (e) {
      code = (e as NodeJS.ErrnoException).code ?? '';
    }
    const readOnly = code === 'EROFS';
    const en = await kpi(['template', 'plan', '--out', out], cwd);
    expect(en.code).toBe(1);
    expect(en.stderr).toContain(readOnly ? `${folder} is on a read-only drive` : `no permission to write ${out}`);
    const zh = await kpi(['template', 'plan', '--out', out], cwd, { LANG: 'zh_CN.UTF-8' });
    expect(zh.code).toBe(1);
    expect(zh.stderr).toContain(readOnly ? `${folder} 位于只读磁盘上` : `没有写入 ${out} 的权限`);
    for (const r of [en, zh]) expect(r.stderr).not.toMatch(/EACCES|EROFS|Error/);
    chmodSync(join(cwd, 'locked'), 0o700);
  });
});

describe('kpi messages', () => {
  const err = (code: string) => Object.assign(new Error(`${code}: raw`), { code });

  it('explain every write problem in both languages, with the path', () => {
    const cases: [string, RegExp, RegExp][] = [
      ['EACCES', /no permission to write out\/r\.xlsx/, /没有写入 out\/r\.xlsx 的权限/],
      ['EPERM', /no permission to write out\/r\.xlsx/, /没有写入 out\/r\.xlsx 的权限/],
      ['EROFS', /\/data\/out is on a read-only drive/, /\/data\/out 位于只读磁盘上/],
      ['ENOSPC', /the disk is full .* out\/r\.xlsx could not be written/, /磁盘已满.*无法写入 out\/r\.xlsx/],
      ['EDQUOT', /quota/, /配额/],
      ['ENOENT', /the folder \/data\/out does not exist/, /文件夹 \/data\/out 不存在/],
      ['ENOTDIR', /part of the path out\/r\.xlsx is a file/, /路径 out\/r\.xlsx 中有一部分是文件/],
      ['EISDIR', /out\/r\.xlsx is a folder, not a file/, /out\/r\.xlsx 是文件夹而不是文件/],
      ['ENAMETOOLONG', /the path out\/r\.xlsx is too long/, /路径 out\/r\.xlsx 太长/],
      ['EBUSY', /out\/r\.xlsx is in use by another program/, /out\/r\.xlsx 正被其他程序占用/],
      ['EINVAL', /out\/r\.xlsx is not a valid file name/, /out\/r\.xlsx 在本系统上不是有效的文件名/],
      ['EMFILE', /too many files are open/, /打开的文件过多/],
      ['EWHATEVER', /could not write out\/r\.xlsx \(EWHATEVER\); nothing was written/, /无法写入 out\/r\.xlsx（EWHATEVER），未写入任何内容/],
    ];
    for (const [code, en, zh] of cases) {
      const e = writeErrorMessage(err(code), 'out/r.xlsx', '/data/out', CLI_TEXTS.en);
      const z = writeErrorMessage(err(code), 'out/r.xlsx', '/data/out', CLI_TEXTS['zh-CN']);
      expect(e, code).toMatch(en);
      expect(z, code).toMatch(zh);
      expect(e, code).toMatch(/nothing was written/);
      expect(z, code).toMatch(/未写入任何内容/);
      for (const m of [e, z]) expect(m).not.toContain('raw');
    }
    expect(writeErrorMessage(new Error('boom'), 'r.xlsx', '.', CLI_TEXTS.en)).toBe('could not write the workbook: boom');
  });

  it('finds the option a mistyped one meant', () => {
    expect(closestOption('--output')).toBe('--out');
    expect(closestOption('--row')).toBe('--rows');
    expect(closestOption('-lang')).toBe('--lang');
    expect(closestOption('--presets')).toBe('--preset');
    expect(closestOption('--langauge')).toBe('--lang');
    expect(closestOption('--colour')).toBeUndefined();
    expect(closestOption('-x')).toBeUndefined();
  });

  it('finds the command, kind or preset a mistyped one meant', () => {
    const kinds = ['plan', 'review', 'scorecard', 'feedback360', 'bonus', 'shared', 'dashboard'];
    expect(closestWord('reveiw', kinds)).toBe('review');
    expect(closestWord('360', kinds)).toBe('feedback360');
    expect(closestWord('Dashbord', kinds)).toBe('dashboard');
    expect(closestWord('pla', kinds)).toBe('plan');
    expect(closestWord('chart', kinds)).toBeUndefined();
    expect(closestWord('销', ['sales', 'Sales', '销售', 'rd', '研发'])).toBe('销售');
  });

  it('suggests the command, kind and preset meant by a typo, in both languages, and writes nothing', async () => {
    const cwd = fresh('typos');
    const command = await kpi(['templat', 'review'], cwd);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('unknown command "templat"\nDid you mean "template"?');
    // A mistyped command is named before any option it does not take.
    const review = await kpi(['revew', '--from', 'plan.xlsx'], cwd, { LANG: 'zh_CN.UTF-8' });
    expect(review.stderr).toContain('未知命令 "revew"\n是不是想用 "review"？');
    const kind = await kpi(['template', 'reveiw'], cwd);
    expect(kind.stderr).toContain('Did you mean "review"?');
    const preset = await kpi(['template', 'plan', '--preset', 'operation'], cwd);
    expect(preset.code).toBe(2);
    expect(preset.stderr).toContain('Did you mean --preset operations?');
    const presetZh = await kpi(['template', 'plan', '--preset', '研'], cwd, { LANG: 'zh_CN.UTF-8' });
    expect(presetZh.stderr).toContain('是不是想用 --preset 研发？');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('tells Traditional Chinese tags from Simplified ones', () => {
    for (const tag of ['zh-TW', 'zh-HK', 'zh-MO', 'zh-Hant', 'zh-Hant-TW', 'ZH_tw']) expect(traditionalTag(tag, {}), tag).toBe(tag);
    expect(traditionalTag(undefined, { LANG: 'zh_TW.UTF-8' })).toBe('zh_TW');
    expect(traditionalTag(undefined, { LANG: 'zh_HK.UTF-8', LC_ALL: 'en_US.UTF-8' })).toBeUndefined();
    for (const tag of ['zh', 'zh-CN', 'zh-Hans', 'zh_CN.UTF-8', 'en', 'zh-SG']) expect(traditionalTag(tag, {}), tag).toBeUndefined();
    expect(traditionalTag('zh-CN', { LANG: 'zh_TW.UTF-8' })).toBeUndefined();
  });
});
