import { describe, expect, it } from 'vitest';
import {
  BLANK,
  forCompare,
  normalizeCell,
  optionalNumber,
  parseNumberText,
  parseOption,
  requireNumber,
  roundHalfAway,
  shiftDecimal,
  singleCell,
  toMatrix,
  toNumber,
} from '../../core/coerce.js';
import { isKpiError } from '../../core/errors.js';
import { DIRECTIONS } from '../../core/options.js';

const FN = 'TEST';

describe('normalizeCell', () => {
  it('keeps numbers, booleans and text', () => {
    expect(normalizeCell(1.5, FN, 'x')).toBe(1.5);
    expect(normalizeCell(true, FN, 'x')).toBe(true);
    expect(normalizeCell('abc', FN, 'x')).toBe('abc');
    expect(normalizeCell(' 85 ', FN, 'x')).toBe(' 85 ');
  });
  it.each([null, undefined, '', ' ', '\t\n', '\u3000', '\u00a0'])('%j is blank', (v) => {
    expect(normalizeCell(v, FN, 'x')).toBeNull();
  });
  it('keeps error objects as { code, message }', () => {
    expect(normalizeCell({ code: '#N/A', message: 'm' }, FN, 'x')).toEqual({ code: '#N/A', message: 'm' });
    expect(normalizeCell({ code: '#REF!' }, FN, 'x')).toEqual({ code: '#REF!', message: '#REF!' });
    expect(normalizeCell({ code: '#NUM!', message: 7, extra: 1 }, FN, 'x')).toEqual({ code: '#NUM!', message: '#NUM!' });
  });
  it.each([{}, { code: '#FOO' }, BigInt(1), Symbol('s'), () => 1, new Date(0)])('an unsupported value %s is #VALUE!', (v) => {
    const c = normalizeCell(v, FN, 'x');
    expect(isKpiError(c)).toBe(true);
    expect((c as { code: string }).code).toBe('#VALUE!');
  });
});

describe('toMatrix', () => {
  it('a value is 1x1', () => {
    expect(toMatrix(5, FN, 'x')).toEqual([[5]]);
    expect(toMatrix(undefined, FN, 'x')).toEqual([[null]]);
  });
  it('an empty array is one blank cell', () => {
    expect(toMatrix([], FN, 'x')).toEqual([[null]]);
    expect(toMatrix([[]], FN, 'x')).toEqual([[null]]);
  });
  it('a 1-D array is a column', () => {
    expect(toMatrix([1, '', 'a'], FN, 'x')).toEqual([[1], [null], ['a']]);
  });
  it('pads short rows with blanks', () => {
    expect(toMatrix([[1, 2, 3], [4], []], FN, 'x')).toEqual([
      [1, 2, 3],
      [4, null, null],
      [null, null, null],
    ]);
    expect(toMatrix([[1, 2], 3], FN, 'x')).toEqual([
      [1, 2],
      [3, null],
    ]);
  });
  it('fills holes of sparse arrays with blanks', () => {
    expect(toMatrix([1, , 3], FN, 'x')).toEqual([[1], [null], [3]]);
    expect(toMatrix([[1, , 3], , [4]], FN, 'x')).toEqual([
      [1, null, 3],
      [null, null, null],
      [4, null, null],
    ]);
  });
  it('normalises the cells of 2-D arrays', () => {
    expect(toMatrix([['  ', 1], [undefined, 'x']], FN, 'x')).toEqual([
      [null, 1],
      [null, 'x'],
    ]);
  });
  it('a third level of nesting is #VALUE! in that cell', () => {
    const m = toMatrix([[1, [2]]], FN, 'x');
    expect(m[0]![0]).toBe(1);
    expect(m[0]![1]).toMatchObject({ code: '#VALUE!' });
  });
});

describe('parseNumberText', () => {
  it.each([
    ['85', 85],
    ['85%', 0.85],
    ['８５％', 0.85],
    ['８５', 85],
    [' 1e2 ', 100],
    ['1E-2', 0.01],
    ['-5', -5],
    ['+5', 5],
    ['0.5', 0.5],
    ['.5', 0.5],
    ['5.', 5],
    ['  85%  ', 0.85],
    ['\u300085\u3000', 85],
    ['12.5%', 0.125],
  ])('%j is %d', (s, n) => {
    expect(parseNumberText(s)).toBeCloseTo(n, 12);
  });
  it.each(['1,000', '¥85', '$85', '85元', 'abc', '', '  ', '1.2.3', '--1', 'e5', '%', '0x10', 'Infinity', 'NaN', '1e999', '8 5', '85 %%', '1_000'])(
    '%j is not a number',
    (s) => {
      expect(parseNumberText(s)).toBeUndefined();
    },
  );
});

describe('toNumber, requireNumber, optionalNumber', () => {
  it('reads numbers and numeric text', () => {
    expect(toNumber(3, FN, 'x')).toBe(3);
    expect(toNumber('3%', FN, 'x')).toBeCloseTo(0.03, 12);
  });
  it('blank is BLANK, required blank is #VALUE! naming the argument, optional blank is the default', () => {
    expect(toNumber(null, FN, 'x')).toBe(BLANK);
    expect(requireNumber(null, FN, 'target')).toEqual({ code: '#VALUE!', message: 'TEST: target is blank' });
    expect(optionalNumber(null, FN, 'cap', 7)).toBe(7);
    expect(optionalNumber(2, FN, 'cap', 7)).toBe(2);
  });
  it('text and booleans are #VALUE! naming the argument and the value', () => {
    expect(toNumber('abc', FN, 'target')).toEqual({ code: '#VALUE!', message: 'TEST: target must be a number, got "abc"' });
    expect(toNumber(true, FN, 'target')).toEqual({ code: '#VALUE!', message: 'TEST: target must be a number, got TRUE' });
  });
  it('non-finite numbers are #NUM!', () => {
    expect(toNumber(NaN, FN, 'x')).toMatchObject({ code: '#NUM!' });
    expect(toNumber(Infinity, FN, 'x')).toMatchObject({ code: '#NUM!' });
  });
  it('an error cell is returned as it is', () => {
    const e = { code: '#N/A' as const, message: 'm' };
    expect(toNumber(e, FN, 'x')).toBe(e);
  });
});

describe('singleCell', () => {
  it('takes one value or a 1x1 range', () => {
    expect(singleCell(2, FN, 'decimals')).toBe(2);
    expect(singleCell([[2]], FN, 'decimals')).toBe(2);
    expect(singleCell([2], FN, 'decimals')).toBe(2);
    expect(singleCell(undefined, FN, 'decimals')).toBeNull();
  });
  it('a larger range is #VALUE!', () => {
    expect(singleCell([1, 2], FN, 'decimals')).toMatchObject({ code: '#VALUE!' });
  });
});

describe('parseOption', () => {
  it('matches case-insensitively, trimmed, Chinese and numbers too', () => {
    expect(parseOption('Lower', DIRECTIONS, FN, 'direction', 'higher')).toBe('lower');
    expect(parseOption(' EXACT ', DIRECTIONS, FN, 'direction', 'higher')).toBe('exact');
    expect(parseOption('越低越好', DIRECTIONS, FN, 'direction', 'higher')).toBe('lower');
    expect(parseOption(-1, DIRECTIONS, FN, 'direction', 'higher')).toBe('lower');
    expect(parseOption(1, DIRECTIONS, FN, 'direction', 'lower')).toBe('higher');
  });
  it('blank is the default', () => {
    expect(parseOption(null, DIRECTIONS, FN, 'direction', 'exact')).toBe('exact');
  });
  it('anything else is #VALUE! listing the options', () => {
    const e = parseOption('up', DIRECTIONS, FN, 'direction', 'higher');
    expect(e).toMatchObject({ code: '#VALUE!' });
    const message = (e as { message: string }).message;
    for (const words of Object.values(DIRECTIONS)) for (const w of words) expect(message).toContain(w);
    expect(message).toContain('"up"');
    expect(parseOption(true, DIRECTIONS, FN, 'direction', 'higher')).toMatchObject({ code: '#VALUE!' });
    expect(parseOption(2, DIRECTIONS, FN, 'direction', 'higher')).toMatchObject({ code: '#VALUE!' });
  });
});

describe('roundHalfAway (ROUND)', () => {
  it.each([
    [1.005, 2, 1.01],
    [-1.005, 2, -1.01],
    [0.285, 2, 0.29],
    [1.015, 2, 1.02],
    [2.675, 2, 2.68],
    [8.345, 2, 8.35],
    [0.045, 2, 0.05],
    [5.55, 1, 5.6],
    [100.005, 2, 100.01],
    [1234.5678, 2, 1234.57],
    [2.5, 0, 3],
    [-2.5, 0, -3],
    [0.5, 0, 1],
    [1.4, 0, 1],
    [125, -1, 130],
    [0.7999999999999999, 10, 0.8],
    [0.30000000000000004, 10, 0.3],
    [1e300, 10, 1e300],
    [-1e300, 10, -1e300],
    [1.7976931348623157e308, 10, 1.7976931348623157e308],
    [5e-324, 10, 0],
    [0, 2, 0],
  ])('ROUND(%d, %d) = %d', (x, d, expected) => {
    expect(roundHalfAway(x, d)).toBe(expected);
  });
  it('forCompare is ROUND(x, 10)', () => {
    expect(forCompare(0.1 + 0.7)).toBe(0.8);
    expect(forCompare(0.8 - 1e-9)).toBe(0.799999999);
    expect(forCompare(1e300)).toBe(1e300);
  });
  it('shiftDecimal scales on the decimal text', () => {
    expect(shiftDecimal(100.005, 2)).toBe(10000.5);
    expect(shiftDecimal(1.005, 2)).toBe(100.5);
    expect(shiftDecimal(12345, -2)).toBe(123.45);
  });
});
