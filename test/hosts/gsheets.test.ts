import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ERROR_CASES, allCases, type Case } from './cases.js';
import {
  DIST,
  expectedSheets,
  loadCore,
  loadSheets,
  runSheets,
  sameResult,
  toSheetsArg,
  type HostFunction,
  type SheetsHost,
  type SheetsOutcome,
} from './hosts.js';

type Core = Awaited<ReturnType<typeof loadCore>>;

let core: Core;
let sheets: SheetsHost;

function coreCall(name: string, args: readonly unknown[]): unknown {
  const fn = (core as unknown as Record<string, HostFunction>)[name];
  if (!fn) throw new Error(`core has no ${name}`);
  return fn(...args);
}

function sheetsCall(host: SheetsHost, name: string, args: readonly unknown[]): SheetsOutcome {
  return runSheets(host, name, args.map(toSheetsArg));
}

function sameOutcome(a: SheetsOutcome, b: SheetsOutcome): boolean {
  if ('thrown' in a || 'thrown' in b) return 'thrown' in a && 'thrown' in b && a.thrown === b.thrown;
  return sameResult(a.value, b.value);
}

beforeAll(async () => {
  core = await loadCore();
  sheets = loadSheets();
});

beforeEach(() => {
  core.setLocale('en');
});

describe('dist/gsheets/Code.js', () => {
  it('defines every registry function as a top-level function with @customfunction JSDoc', () => {
    const code = readFileSync(join(DIST, 'gsheets/Code.js'), 'utf8');
    for (const def of core.FUNCTIONS) {
      const m = new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*function ${def.name}\\(([^)]*)\\)`).exec(code);
      expect(m, def.name).not.toBeNull();
      const [, doc, params] = m!;
      expect(doc).toContain('@customfunction');
      expect(doc).toContain(def.description.en);
      expect(doc).toMatch(/Example: =/);
      expect(params!.split(',').map((s) => s.trim())).toEqual(def.params.map((p) => p.name));
      for (const p of def.params) expect(doc).toMatch(new RegExp(`@param \\{\\*\\} ${p.name} `));
      expect(typeof (sheets.context as Record<string, unknown>)[def.name]).toBe('function');
    }
    expect(code.match(/@customfunction/g)).toHaveLength(core.FUNCTIONS.length);
    for (const entry of ['onOpen', 'onInstall', 'showReference', 'insertFormula']) {
      expect(code).toMatch(new RegExp(`^function ${entry}\\(`, 'm'));
    }
  });

  it('gives the core result for every example and edge case', () => {
    const failures: string[] = [];
    for (const c of allCases(core.FUNCTIONS)) {
      const want = expectedSheets(coreCall(c.fn, c.args));
      const got = sheetsCall(sheets, c.fn, c.args);
      if (!sameOutcome(got, want)) failures.push(`${c.fn} ${c.label}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    }
    expect(failures).toEqual([]);
  });

  it('throws a single error with its code and localized message', () => {
    for (const c of ERROR_CASES) {
      const result = coreCall(c.fn, c.args) as { code: string; message: string };
      expect(result.code).toBe(c.code);
      expect(sheetsCall(sheets, c.fn, c.args)).toEqual({ thrown: `${c.code} ${result.message}` });
    }
    expect(sheetsCall(sheets, 'KPISCORE', [120, 0])).toEqual({ thrown: '#DIV/0! KPISCORE: target is 0: give a baseline' });
  });

  it('shows an error inside an array as text in that cell, the other rows computed', () => {
    const got = sheets.call('KPISCORE', [[120], [80], ['x']], [[100], [0], [100]]) as unknown[][];
    expect(got[0]![0]).toBeCloseTo(1.2, 12);
    expect(got[1]![0]).toBe('#DIV/0! KPISCORE: target is 0: give a baseline');
    expect(got[2]![0]).toMatch(/^#VALUE! KPISCORE: actual must be a number/);
  });

  it('reads error text cells (its own array errors too) as errors', () => {
    const got = sheets.call('KPIRATING', [['#DIV/0! KPISCORE: target is 0: give a baseline'], [1.05], ['#N/A']]) as unknown[][];
    expect(got).toEqual([['#DIV/0! KPISCORE: target is 0: give a baseline'], ['A'], ['#N/A #N/A']]);
    expect(sheets.call('KPISCORE', [['#NAME?'], [1]], 1)).toEqual([['#VALUE! #NAME?'], [1]]);
    const plain = coreCall('KPISCORE', ['#1 priority', 1]) as { code: string; message: string };
    expect(runSheets(sheets, 'KPISCORE', ['#1 priority', 1])).toEqual({ thrown: `${plain.code} ${plain.message}` });
  });

  it('reads date cells as serial numbers in the spreadsheet time zone', () => {
    const shanghai = loadSheets({ timeZone: 'Asia/Shanghai' });
    const newYear = new Date(Date.UTC(2023, 11, 31, 16, 0, 0));
    expect(shanghai.call('KPISCORE', newYear, 45292)).toBe(1);
    const noSheet = loadSheets();
    const d = new Date(2024, 0, 1, 12, 0, 0);
    const serial = (d.getTime() - d.getTimezoneOffset() * 60000) / 86400000 + 25569;
    expect(noSheet.call('KPISCORE', d, serial)).toBe(1);
  });

  it('does not change the arrays Sheets passes in', () => {
    const actual = [['#N/A'], [120]];
    sheets.call('KPISCORE', actual, 100);
    expect(actual).toEqual([['#N/A'], [120]]);
  });

  it('shows messages in the spreadsheet locale zh_CN', () => {
    const zh = loadSheets({ locale: 'zh_CN', spreadsheetLocale: 'zh_CN' });
    core.setLocale('zh-CN');
    const failures: string[] = [];
    for (const c of allCases(core.FUNCTIONS)) {
      const want = expectedSheets(coreCall(c.fn, c.args));
      const got = sheetsCall(zh, c.fn, c.args);
      if (!sameOutcome(got, want)) failures.push(`${c.fn} ${c.label}`);
    }
    const thrown = sheetsCall(zh, 'KPISCORE', [120, 0]);
    core.setLocale('en');
    expect(failures).toEqual([]);
    expect('thrown' in thrown && thrown.thrown).toMatch(/^#DIV\/0! KPISCORE：.*[\u4e00-\u9fff]/);
  });

  it('falls back to the spreadsheet locale where Session is not available', () => {
    const host = loadSheets({ sessionFails: true, spreadsheetLocale: 'zh_CN' });
    const got = runSheets(host, 'KPISCORE', [120, 0]);
    expect('thrown' in got && got.thrown).toMatch(/^#DIV\/0! KPISCORE：/);
    const en = loadSheets({ sessionFails: true });
    expect(runSheets(en, 'KPISCORE', [120, 0])).toEqual({ thrown: '#DIV/0! KPISCORE: target is 0: give a baseline' });
  });

  it('adds the menu in the user language', () => {
    const en = loadSheets({ locale: 'en_US' });
    en.call('onOpen', { authMode: 'LIMITED' });
    const items = (templates: string, reference: string) => [
      { label: templates, fn: 'showTemplates' },
      { label: reference, fn: 'showReference' },
    ];
    expect(en.log.menus).toEqual([{ title: 'KPI Kit', items: items('Templates', 'Function reference') }]);
    const zh = loadSheets({ locale: 'zh_CN' });
    zh.call('onInstall', { authMode: 'FULL' });
    expect(zh.log.menus).toEqual([{ title: 'KPI Kit', items: items('模板', '函数参考') }]);
    const addon = loadSheets({ locale: 'en_US', addonOnly: true });
    addon.call('onOpen', { authMode: 'NONE' });
    expect(addon.log.menus).toEqual([{ title: 'Extensions', items: items('Templates', 'Function reference') }]);
  });

  it('opens the sidebar with the reference in the user language', () => {
    const zh = loadSheets({ locale: 'zh_CN' });
    zh.call('showReference');
    expect(zh.log.sidebars).toHaveLength(1);
    expect(zh.log.sidebars[0]!.title).toBe('KPI Kit 函数');
    expect(zh.log.sidebars[0]!.content).toContain('data-locale="zh-CN"');
    expect(zh.log.sidebars[0]!.content).toContain('insertFormula');
  });

  it('inserts only KPI Kit formulas at the active cell', () => {
    const host = loadSheets();
    expect(host.call('insertFormula', '=KPISCORE(120, 100)')).toBe('B2');
    expect(host.log.formulas).toEqual(['=KPISCORE(120, 100)']);
    expect(runSheets(host, 'insertFormula', ['=IMPORTXML("x")'])).toMatchObject({ thrown: expect.stringContaining('Not a KPI Kit formula') });
    expect(runSheets(host, 'insertFormula', [42])).toMatchObject({ thrown: expect.stringContaining('Not a KPI Kit formula') });
    expect(host.log.formulas).toHaveLength(1);
  });

  it('asks the host for the locale at most once per execution, the spreadsheet first in a custom function', () => {
    const code = readFileSync(join(DIST, 'gsheets/Code.js'), 'utf8');
    // One vm context is one execution: Apps Script loads the script afresh for each.
    const execution = (spreadsheetLocale: string) => {
      const asked = { session: 0, spreadsheet: 0 };
      const context = vm.createContext({
        Session: {
          getActiveUserLocale: () => {
            asked.session++;
            // What a custom function gets: Session is refused there.
            throw new Error('You do not have permission to call Session.getActiveUserLocale');
          },
        },
        SpreadsheetApp: {
          getActiveSpreadsheet: () => ({
            getSpreadsheetLocale: () => {
              asked.spreadsheet++;
              return spreadsheetLocale;
            },
            getSpreadsheetTimeZone: () => 'UTC',
          }),
        },
      });
      vm.runInContext(code, context, { filename: 'Code.js' });
      const call = (name: string, ...args: unknown[]) => runSheets({ context, log: { menus: [], sidebars: [], formulas: [] }, call: (n, ...a) => (context[n] as HostFunction)(...a) }, name, args);
      return { asked, call };
    };
    const zh = execution('zh_CN');
    for (let i = 0; i < 50; i++) {
      expect(zh.call('KPISCORE', 120, 100)).toEqual({ value: 1.2 });
      expect(zh.call('KPISCORE', 120, 0)).toMatchObject({ thrown: expect.stringMatching(/^#DIV\/0! KPISCORE：/) });
    }
    expect(zh.asked).toEqual({ session: 0, spreadsheet: 1 });
    const en = execution('en_US');
    expect(en.call('KPISCORE', 120, 0)).toEqual({ thrown: '#DIV/0! KPISCORE: target is 0: give a baseline' });
    expect(en.call('WEIGHTED_SHARE', 100, [[1], [3]])).toEqual({ value: [[25], [75]] });
    expect(en.asked).toEqual({ session: 0, spreadsheet: 1 });
  });
});
