import { afterEach, describe, expect, it } from 'vitest';
import {
  KPIBAND,
  KPICURVE,
  KPIRATING,
  KPISCORE,
  NPS,
  SCORE360,
  WEIGHTED_SCORE,
  WEIGHTED_SHARE,
  getLocale,
  resolveLocale,
  setLocale,
} from '../../core/index.js';
import { col, errorOf } from './helpers.js';

afterEach(() => {
  setLocale('en');
});

describe('resolveLocale', () => {
  it.each(['zh', 'zh-CN', 'zh-cn', 'ZH-CN', 'zh-Hans', 'zh-Hans-CN', 'zh_CN', ' zh-CN '])('%j is zh-CN', (tag) => {
    expect(resolveLocale(tag)).toBe('zh-CN');
  });
  it.each(['en', 'en-US', 'en_GB', 'EN', 'fr-FR', 'de', 'ja-JP', '', '  '])('%j is en', (tag) => {
    expect(resolveLocale(tag)).toBe('en');
  });
  it.each([undefined, null, 42, true, {}, ['zh-CN']])('a non-text tag %j is en', (tag) => {
    expect(resolveLocale(tag)).toBe('en');
  });
});

describe('setLocale', () => {
  it('defaults to en', () => {
    expect(getLocale()).toBe('en');
    expect(errorOf(KPISCORE(5, 0)).message).toBe('KPISCORE: target is 0: give a baseline');
  });
  it('returns and keeps the resolved locale', () => {
    expect(setLocale('zh-Hans-CN')).toBe('zh-CN');
    expect(getLocale()).toBe('zh-CN');
    expect(setLocale('en-US')).toBe('en');
    expect(getLocale()).toBe('en');
    expect(setLocale(undefined)).toBe('en');
  });
  it('zh-CN gives Chinese messages', () => {
    setLocale('zh-CN');
    expect(errorOf(KPISCORE(5, 0)).message).toContain('目标值为 0');
    const text = errorOf(KPISCORE(85, 'abc'));
    expect(text.code).toBe('#VALUE!');
    expect(text.message).toContain('必须是数字');
    expect(text.message).toContain('"abc"');
    expect(text.message).toContain('目标值');
    expect(errorOf(KPISCORE(col(1, 2, 3), col(1, 2, 3, 4))).message).toContain('各区域的大小必须相同（3x1 与 4x1）');
    expect(errorOf(KPISCORE(1, 1, 'up')).message).toContain('越高越好');
    expect(errorOf(KPIBAND(1, 1, 1, 1)).message).toContain('门槛值');
    expect(errorOf(KPICURVE(1, [[1, 0], [0.5, 1], [2, 2]])).message).toContain('曲线');
    expect(errorOf(KPIRATING(0.1, [[0.5, 'x']])).message).toContain('最低等级');
    expect(errorOf(WEIGHTED_SCORE(col(1, 2), col(0, 0))).message).toContain('权重');
    expect(errorOf(WEIGHTED_SHARE(100, col(1, 1), null, 11)).message).toContain('小数位数');
    expect(errorOf(SCORE360([4], ['peer'])).message).toContain('评价人数不足');
    expect(errorOf(NPS([])).message).toContain('没有回答');
  });
  it('keeps the error codes in every language', () => {
    setLocale('zh-CN');
    expect(errorOf(KPISCORE(5, 0)).code).toBe('#DIV/0!');
    expect(errorOf(KPIRATING(1, null, 9)).code).toBe('#REF!');
    expect(errorOf(NPS([11])).code).toBe('#NUM!');
  });
  it('back to en gives English messages again', () => {
    setLocale('zh-CN');
    setLocale('en');
    expect(errorOf(KPISCORE(85, 'abc')).message).toBe('KPISCORE: target must be a number, got "abc"');
    expect(errorOf(NPS([])).message).toBe('NPS: no responses');
  });
});
