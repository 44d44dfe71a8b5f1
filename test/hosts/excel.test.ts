import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ERROR_CASES, allCases, type Case } from './cases.js';
import {
  ExcelError,
  expectedExcel,
  loadCore,
  loadExcel,
  sameResult,
  toExcelArg,
  type ExcelHost,
  type HostFunction,
} from './hosts.js';

type Core = Awaited<ReturnType<typeof loadCore>>;

let core: Core;
let excel: ExcelHost;

/** Excel adds an invocation object after the declared parameters. */
const INVOCATION = { functionName: 'KPI.TEST', address: 'Sheet1!A1' };

function coreCall(name: string, args: readonly unknown[]): unknown {
  const fn = (core as unknown as Record<string, HostFunction>)[name];
  if (!fn) throw new Error(`core has no ${name}`);
  return fn(...args);
}

function excelCall(host: ExcelHost, name: string, args: readonly unknown[], blank: null | '' = null): unknown {
  const fn = host.functions.get(name);
  if (!fn) throw new Error(`functions.js registered no ${name}`);
  const def = core.FUNCTIONS.find((f) => f.name === name)!;
  const full = def.params.map((_, i) => toExcelArg(args[i], blank));
  return fn(...full, INVOCATION);
}

beforeAll(async () => {
  core = await loadCore();
  excel = loadExcel();
});

beforeEach(() => {
  core.setLocale('en');
});

describe('dist/excel/functions.js', () => {
  it('registers every registry function under its sheet name', () => {
    expect([...excel.functions.keys()].sort()).toEqual(core.FUNCTIONS.map((f) => f.name).sort());
    expect(excel.functions.size).toBe(8);
  });

  it('loads without a DOM or Office (the vm context has neither)', () => {
    const ctx = excel.context as Record<string, unknown>;
    expect(ctx.document).toBeUndefined();
    expect(ctx.window).toBeUndefined();
  });

  it('gives the core result for every example and edge case (blanks as null)', () => {
    const failures: string[] = [];
    for (const c of allCases(core.FUNCTIONS)) {
      const def = core.FUNCTIONS.find((f) => f.name === c.fn)!;
      const want = expectedExcel(coreCall(c.fn, c.args), def.returns);
      const got = excelCall(excel, c.fn, c.args);
      if (!sameResult(got, want)) failures.push(`${c.fn} ${c.label}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    }
    expect(failures).toEqual([]);
  });

  it('treats "" inside matrices as blank, like null', () => {
    const failures: string[] = [];
    for (const c of allCases(core.FUNCTIONS)) {
      const def = core.FUNCTIONS.find((f) => f.name === c.fn)!;
      const want = expectedExcel(coreCall(c.fn, c.args), def.returns);
      const got = excelCall(excel, c.fn, c.args, '');
      if (!sameResult(got, want)) failures.push(`${c.fn} ${c.label}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    }
    expect(failures).toEqual([]);
  });

  it('takes omitted optionals as undefined as well as null', () => {
    const fn = excel.functions.get('KPISCORE')!;
    expect(fn([[42]], [[45]], undefined, undefined, undefined, [[32]], INVOCATION)).toEqual([[10 / 13]]);
    expect(fn([[130]], [[100]], null, [[1.2]], INVOCATION)).toEqual([[1.2]]);
  });

  it('always returns a 2-D array for range functions and a value for the others', () => {
    for (const def of core.FUNCTIONS) {
      for (const ex of def.examples) {
        const got = excelCall(excel, def.name, ex.args);
        if (def.returns === 'range') {
          expect(Array.isArray(got) && (got as unknown[]).every(Array.isArray), def.name).toBe(true);
        } else {
          expect(Array.isArray(got), def.name).toBe(false);
        }
      }
    }
  });

  it('turns core errors into CustomFunctions.Error with the matching code and the message', () => {
    for (const c of ERROR_CASES) {
      const result = coreCall(c.fn, c.args) as { code: string; message: string };
      expect(result.code, `${c.fn} ${JSON.stringify(c.args)}`).toBe(c.code);
      const def = core.FUNCTIONS.find((f) => f.name === c.fn)!;
      const got = excelCall(excel, c.fn, c.args);
      const cell = def.returns === 'range' ? (got as unknown[][])[0]![0] : got;
      expect(cell).toBeInstanceOf(ExcelError);
      const err = cell as ExcelError;
      if (c.code === '#REF!') {
        // Excel accepts #REF! only as an input error: it is returned as #VALUE! naming #REF!.
        expect(err.code).toBe('#VALUE!');
        expect(err.message).toBe(`#REF! ${result.message}`);
      } else {
        expect(err.code).toBe(c.code);
        expect(err.message).toBe(result.message);
      }
    }
  });

  it('puts an error in its own cell inside an array, the other rows still computed', () => {
    const got = excelCall(excel, 'KPISCORE', [[120, 90, 80, 'x'], [100, 100, 0, 100]]) as unknown[][];
    expect(got).toHaveLength(4);
    expect(got[0]![0]).toBeCloseTo(1.2, 12);
    expect(got[1]![0]).toBeCloseTo(0.9, 12);
    expect(got[2]![0]).toBeInstanceOf(ExcelError);
    expect((got[2]![0] as ExcelError).code).toBe('#DIV/0!');
    expect((got[3]![0] as ExcelError).code).toBe('#VALUE!');
    expect((got[3]![0] as ExcelError).message).toContain('"x"');
  });

  it('passes error cells through as the matching error, other Excel error codes as #VALUE!', () => {
    const fn = excel.functions.get('KPISCORE')!;
    const na = fn([[new ExcelError('#N/A')], [1]], [[1]], null, null, null, null, INVOCATION) as unknown[][];
    expect((na[0]![0] as ExcelError).code).toBe('#N/A');
    expect(na[1]![0]).toBe(1);
    const name = fn([[new ExcelError('#NAME?')]], [[1]], null, null, null, null, INVOCATION) as unknown[][];
    expect((name[0]![0] as ExcelError).code).toBe('#VALUE!');
    expect((name[0]![0] as ExcelError).message).toBe('#NAME?');
  });

  it('does not change the arrays Excel passes in', () => {
    const actual = [[new ExcelError('#NULL!')], [120]];
    const before = actual.map((r) => [...r]);
    excel.functions.get('KPISCORE')!(actual, [[100]], null, null, null, null, INVOCATION);
    expect(actual).toEqual(before);
    expect(actual[0]![0]).toBe(before[0]![0]);
  });

  it('shows messages in Office display language zh-CN', () => {
    const zh = loadExcel({ displayLanguage: 'zh-CN' });
    core.setLocale('zh-CN');
    const want = coreCall('KPISCORE', [120, 0]) as { message: string };
    core.setLocale('en');
    expect(want.message).toMatch(/[\u4e00-\u9fff]/);
    const got = excelCall(zh, 'KPISCORE', [120, 0]) as ExcelError[][];
    expect(got[0]![0]!.message).toBe(want.message);
    const failures: string[] = [];
    core.setLocale('zh-CN');
    for (const c of allCases(core.FUNCTIONS)) {
      const def = core.FUNCTIONS.find((f) => f.name === c.fn)!;
      const w = expectedExcel(coreCall(c.fn, c.args), def.returns);
      const g = excelCall(zh, c.fn, c.args);
      if (!sameResult(g, w)) failures.push(`${c.fn} ${c.label}`);
    }
    expect(failures).toEqual([]);
  });

  it('reads the display language at call time when Office was not ready at load', () => {
    const late = loadExcel({ displayLanguage: 'zh-CN', officeReady: false });
    const got = excelCall(late, 'KPISCORE', [120, 0]) as ExcelError[][];
    expect(got[0]![0]!.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('stays in English without Office', () => {
    const got = excelCall(excel, 'KPISCORE', [120, 0]) as ExcelError[][];
    expect(got[0]![0]!.message).toBe('KPISCORE: target is 0: give a baseline');
  });
});
