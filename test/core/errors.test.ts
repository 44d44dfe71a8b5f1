import { afterEach, describe, expect, it } from 'vitest';
import { describe as describeValue, isKpiError, kpiError } from '../../core/errors.js';
import { setLocale } from '../../core/i18n.js';
import { ERROR_CODES } from '../../core/types.js';
import '../../core/functions/kpiscore.js';

afterEach(() => {
  setLocale('en');
});

describe('isKpiError', () => {
  it.each(ERROR_CODES)('%s objects are errors', (code) => {
    expect(isKpiError({ code, message: 'm' })).toBe(true);
  });
  it.each([null, undefined, 0, '#N/A', {}, { code: '#FOO' }, [{ code: '#N/A' }], { message: 'x' }])('%j is not', (v) => {
    expect(isKpiError(v)).toBe(false);
  });
});

describe('kpiError', () => {
  it('fills the message in the current language', () => {
    expect(kpiError('#VALUE!', 'notNumber', { fn: 'KPISCORE', arg: 'target', got: '"abc"' })).toEqual({
      code: '#VALUE!',
      message: 'KPISCORE: target must be a number, got "abc"',
    });
    setLocale('zh-CN');
    const e = kpiError('#VALUE!', 'notNumber', { fn: 'KPISCORE', arg: 'target', got: '"abc"' });
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toContain('目标值');
    expect(e.message).toContain('target');
    expect(e.message).toContain('"abc"');
  });
});

describe('describe', () => {
  it('names values as a message shows them', () => {
    expect(describeValue('abc')).toBe('"abc"');
    expect(describeValue(true)).toBe('TRUE');
    expect(describeValue(false)).toBe('FALSE');
    expect(describeValue(1.5)).toBe('1.5');
    expect(describeValue({ code: '#N/A', message: 'm' })).toBe('#N/A');
  });
});
