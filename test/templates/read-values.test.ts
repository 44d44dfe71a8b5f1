import { describe, expect, it } from 'vitest';
import { readDirection, readMessage, readNumber, readTarget, readWeight, readWeights, visibleText, READ_MESSAGES, type ReadProblem } from '../../core/templates/read-values.js';

describe('readNumber', () => {
  it.each([
    [1200, { value: 1200 }],
    [0.1, { value: 0.1 }],
    ['10', { value: 10 }],
    ['1,200', { value: 1200 }],
    ['10%', { value: 0.1, percent: true }],
    ['10 %', { value: 0.1, percent: true }],
    ['１０％', { value: 0.1, percent: true }],
    ['１２３', { value: 123 }],
    ['0.5%', { value: 0.005, percent: true }],
    ['5‰', { value: 0.005, percent: true }],
    ['-5%', { value: -0.05, percent: true }],
    ['+3.5', { value: 3.5 }],
    ['.5', { value: 0.5 }],
    ['8天', { value: 8, unit: '天' }],
    ['8 days', { value: 8, unit: 'days' }],
    ['2.5h', { value: 2.5, unit: 'h' }],
    ['5m', { value: 5, unit: 'm' }],
    ['3次/月', { value: 3, unit: '次/月' }],
    ['1.2k', { value: 1200 }],
    ['12K', { value: 12000 }],
    ['1.5M', { value: 1_500_000 }],
    ['2bn', { value: 2e9 }],
    ['12万', { value: 120_000 }],
    ['3亿', { value: 3e8 }],
    ['￥1,200万', { value: 12_000_000, currency: '¥' }],
    ['¥1,200万', { value: 12_000_000, currency: '¥' }],
    ['1,200万元', { value: 12_000_000, unit: '元' }],
    ['$1.2M', { value: 1_200_000, currency: '$' }],
    ['RMB 500', { value: 500, currency: '¥' }],
    ['500 USD', { value: 500, currency: '$' }],
    ['2个百分点', { value: 0.02, percent: true, unit: 'pp' }],
  ] as const)('%j', (input, expected) => {
    expect(readNumber(input)).toEqual({ ok: true, ...expected });
  });

  it.each([
    [null, 'blank'],
    [undefined, 'blank'],
    ['', 'blank'],
    ['　 ', 'blank'],
    ['___%', 'placeholder'],
    ['__', 'placeholder'],
    ['＿＿％', 'placeholder'],
    ['TBD', 'placeholder'],
    ['tbc', 'placeholder'],
    ['N/A', 'placeholder'],
    ['/', 'placeholder'],
    ['-', 'placeholder'],
    ['—', 'placeholder'],
    ['待定', 'placeholder'],
    ['暂无', 'placeholder'],
    ['xx%', 'placeholder'],
    ['#N/A', 'error'],
    ['#DIV/0!', 'error'],
    ['#VALUE!', 'error'],
    ['#REF!', 'error'],
    ['#NAME?', 'error'],
    ['#NUM!', 'error'],
    ['Err:502', 'error'],
    [{ code: '#N/A', message: 'no match' }, 'error'],
    [true, 'boolean'],
    ['FALSE', 'boolean'],
    ['about ten', 'text'],
    ['1,5', 'text'],
    ['10% or 12%', 'text'],
    [NaN, 'text'],
    [Infinity, 'text'],
    [{}, 'text'],
    [new Date(0), 'text'],
    ['90%~99%', 'band'],
    ['≥95%', 'bound'],
  ] as const)('%j cannot be read: %s', (input, problem) => {
    const r = readNumber(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toBe(problem);
  });

  it('gives the error code', () => {
    expect(readNumber('#DIV/0!')).toEqual({ ok: false, problem: 'error', text: '#DIV/0!', code: '#DIV/0!' });
    expect(readNumber('err:502')).toMatchObject({ code: 'Err:502' });
  });
});

describe('readTarget', () => {
  it.each([
    ['95%', { value: 0.95, percent: true }],
    [0.95, { value: 0.95 }],
    ['≥100%', { value: 1, percent: true, direction: 'higher' }],
    ['>=100%', { value: 1, percent: true, direction: 'higher' }],
    ['＞＝100％', { value: 1, percent: true, direction: 'higher' }],
    ['>90', { value: 90, direction: 'higher' }],
    ['不低于95%', { value: 0.95, percent: true, direction: 'higher' }],
    ['不少于10家', { value: 10, unit: '家', direction: 'higher' }],
    ['至少 3 次', { value: 3, unit: '次', direction: 'higher' }],
    ['95%以上', { value: 0.95, percent: true, direction: 'higher' }],
    ['95%及以上', { value: 0.95, percent: true, direction: 'higher' }],
    ['95%+', { value: 0.95, percent: true, direction: 'higher' }],
    ['at least 95%', { value: 0.95, percent: true, direction: 'higher' }],
    ['≤0.5%', { value: 0.005, percent: true, direction: 'lower' }],
    ['<2%', { value: 0.02, percent: true, direction: 'lower' }],
    ['＜2％', { value: 0.02, percent: true, direction: 'lower' }],
    ['不超过3天', { value: 3, unit: '天', direction: 'lower' }],
    ['不高于5%', { value: 0.05, percent: true, direction: 'lower' }],
    ['2%以内', { value: 0.02, percent: true, direction: 'lower' }],
    ['3天以内', { value: 3, unit: '天', direction: 'lower' }],
    ['控制在5%以内', { value: 0.05, percent: true, direction: 'lower' }],
    ['no more than 2 days', { value: 2, unit: 'days', direction: 'lower' }],
    ['达到95%', { value: 0.95, percent: true }],
    ['90%~99%', { value: 0.99, percent: true, band: { threshold: 0.9, target: 0.99 } }],
    ['90%～99%', { value: 0.99, percent: true, band: { threshold: 0.9, target: 0.99 } }],
    ['95-99%', { value: 0.99, percent: true, band: { threshold: 0.95, target: 0.99 } }],
    ['95%-99%', { value: 0.99, percent: true, band: { threshold: 0.95, target: 0.99 } }],
    ['95–99%', { value: 0.99, percent: true, band: { threshold: 0.95, target: 0.99 } }],
    ['90%至99%', { value: 0.99, percent: true, band: { threshold: 0.9, target: 0.99 } }],
    ['90% to 99%', { value: 0.99, percent: true, band: { threshold: 0.9, target: 0.99 } }],
    ['5-8天', { value: 8, unit: '天', band: { threshold: 5, target: 8 } }],
    ['800万~1,000万', { value: 10_000_000, band: { threshold: 8_000_000, target: 10_000_000 } }],
    ['5%~2%', { value: 0.02, percent: true, band: { threshold: 0.05, target: 0.02 } }],
    ['-5%~-2%', { value: -0.02, percent: true, band: { threshold: -0.05, target: -0.02 } }],
    ['8天', { value: 8, unit: '天' }],
    ['￥1,200万', { value: 12_000_000, currency: '¥' }],
    ['1.2k', { value: 1200 }],
    ['≥95%（含）', { value: 0.95, percent: true, direction: 'higher' }],
    ['10w', { value: 100_000 }],
    ['1.5W', { value: 15_000 }],
  ] as const)('%j', (input, expected) => {
    expect(readTarget(input)).toEqual({ ok: true, ...expected });
  });

  it.each([
    ['___%', 'placeholder'],
    ['TBD', 'placeholder'],
    ['/', 'placeholder'],
    ['-', 'placeholder'],
    ['待定', 'placeholder'],
    ['#N/A', 'error'],
    ['', 'blank'],
    ['≥95%以下', 'text'],
    ['5天-8%', 'text'],
    ['越高越好', 'text'],
    ['≥', 'text'],
    ['2026-03', 'text'],
    ['2026-03-31', 'text'],
  ] as const)('%j cannot be read: %s', (input, problem) => {
    expect(readTarget(input)).toMatchObject({ ok: false, problem });
  });
});

describe('readWeight and readWeights', () => {
  it('reads one weight as written', () => {
    expect(readWeight('10%')).toEqual({ ok: true, value: 0.1, percent: true });
    expect(readWeight(0.1)).toEqual({ ok: true, value: 0.1 });
    expect(readWeight('10')).toEqual({ ok: true, value: 10 });
    expect(readWeight('-10%')).toMatchObject({ ok: false, problem: 'negative' });
    expect(readWeight('120%')).toMatchObject({ ok: false, problem: 'tooLarge' });
    expect(readWeight('≥10%')).toMatchObject({ ok: false, problem: 'bound' });
    expect(readWeight('10%~20%')).toMatchObject({ ok: false, problem: 'band' });
  });

  it('a column that adds up to 100 is in percentage points', () => {
    const r = readWeights([30, '20', 50]);
    expect(r).toMatchObject({ weights: [0.3, 0.2, 0.5], scale: 'points', total: 1, complete: true });
  });

  it('a column that adds up to 1 is in fractions', () => {
    expect(readWeights([0.3, 0.2, 0.5])).toMatchObject({ weights: [0.3, 0.2, 0.5], scale: 'fraction', total: 1, complete: true });
  });

  it('percent signs are read as written beside points or fractions', () => {
    expect(readWeights(['30%', 20, 50])).toMatchObject({ weights: [0.3, 0.2, 0.5], scale: 'points', complete: true });
    expect(readWeights(['30%', 0.2, '50%'])).toMatchObject({ weights: [0.3, 0.2, 0.5], scale: 'fraction', complete: true });
  });

  it('a column of small points that adds up to 100 is points (1 + 1 + 98)', () => {
    expect(readWeights([1, 1, 98])).toMatchObject({ weights: [0.01, 0.01, 0.98], scale: 'points' });
    expect(readWeights([0.5, 0.5, 99])).toMatchObject({ weights: [0.005, 0.005, 0.99], scale: 'points', complete: true });
  });

  it('33.3 three times is complete; 90 is not', () => {
    expect(readWeights([33.3, 33.3, 33.3])).toMatchObject({ total: 0.999, complete: true });
    expect(readWeights([40, 50])).toMatchObject({ total: 0.9, complete: false });
  });

  it('blanks and placeholders give no weight, with their reason', () => {
    const r = readWeights([40, '', 'TBD', '#REF!', 60, 150]);
    expect(r.weights).toEqual([0.4, null, null, null, 0.6, null]);
    expect(r.reads.map((x) => (x.ok ? 'ok' : x.problem))).toEqual(['ok', 'blank', 'placeholder', 'error', 'ok', 'tooLarge']);
    expect(r.total).toBe(1);
  });
});

describe('readDirection', () => {
  it.each([
    ['越高越好', 'higher'],
    ['正向', 'higher'],
    ['Higher is better', 'higher'],
    ['↑', 'higher'],
    [1, 'higher'],
    ['越低越好', 'lower'],
    ['反向', 'lower'],
    ['lower', 'lower'],
    ['↓', 'lower'],
    [-1, 'lower'],
    ['反向比值', 'lower_ratio'],
    ['目标值最佳', 'exact'],
    ['越接近目标越好', 'exact'],
  ] as const)('%j is %s', (input, direction) => {
    expect(readDirection(input)).toEqual({ ok: true, direction });
  });

  it('does not guess', () => {
    expect(readDirection('-')).toMatchObject({ ok: false, problem: 'placeholder' });
    expect(readDirection('steady')).toMatchObject({ ok: false, problem: 'text' });
    expect(readDirection('')).toMatchObject({ ok: false, problem: 'blank' });
    expect(readDirection(0)).toMatchObject({ ok: false, problem: 'text' });
  });
});

describe('messages', () => {
  const problems: ReadProblem[] = ['blank', 'placeholder', 'error', 'boolean', 'text', 'band', 'bound', 'negative', 'tooLarge'];
  it('every reason is worded in both languages', () => {
    for (const problem of problems) {
      const f = { ok: false as const, problem, text: 'x', code: '#N/A' };
      expect(READ_MESSAGES.en(f)).toMatch(/\S/);
      expect(READ_MESSAGES['zh-CN'](f)).toMatch(/[\u4e00-\u9fff]/);
      expect(READ_MESSAGES.en(f)).not.toBe(READ_MESSAGES['zh-CN'](f));
    }
  });

  it('names the cell', () => {
    const r = readTarget('___%');
    if (r.ok) throw new Error('read');
    expect(readMessage(r, 'en')).toBe('"___%" is a placeholder: the value is still to be filled in.');
    expect(readMessage(r, 'zh-CN')).toBe('“___%”是占位内容，数值尚未填写。');
    const e = readNumber('#N/A');
    if (e.ok) throw new Error('read');
    expect(readMessage(e, 'zh-CN')).toBe('单元格显示错误 #N/A：请修正公式或其引用的数据。');
  });
});

describe('numbers too large to compute with', () => {
  const huge = '9'.repeat(305);
  it.each([`${huge}bn`, `${'9'.repeat(301)}亿`, `￥${huge}万`, '9'.repeat(400), `${huge}bn%`])('%s is refused as too large, never Infinity', (input) => {
    for (const read of [readNumber, readTarget, readWeight]) {
      const r = read(input);
      expect(r).toMatchObject({ ok: false, problem: 'tooLarge', infinite: true, text: input });
    }
  });

  it('refuses a bound or a band whose number is too large', () => {
    expect(readTarget(`≥${huge}bn`)).toMatchObject({ ok: false, problem: 'tooLarge', infinite: true });
    expect(readTarget(`1~${huge}bn`)).toMatchObject({ ok: false, problem: 'tooLarge', infinite: true });
    expect(readTarget(`${huge}bn~1`)).toMatchObject({ ok: false, problem: 'tooLarge', infinite: true });
  });

  it('still reads large finite numbers as written', () => {
    expect(readNumber(`${'9'.repeat(299)}亿`)).toMatchObject({ ok: true, value: 1e307 });
    expect(readNumber('1.2bn')).toEqual({ ok: true, value: 1.2e9 });
  });

  it('words the refusal apart from a weight above 100%', () => {
    const r = readNumber('1' + '0'.repeat(305) + 'bn');
    if (r.ok) throw new Error('read');
    const text = r.text;
    expect(readMessage(r, 'en')).toBe(`"${text}" is too large a number to compute with.`);
    expect(readMessage(r, 'zh-CN')).toBe(`“${text}”数值过大，无法计算。`);
    const w = readWeight('120%');
    if (w.ok) throw new Error('read');
    expect(readMessage(w, 'en')).toBe('The weight "120%" is more than 100%.');
    expect(readMessage(w, 'zh-CN')).toBe('权重“120%”超过 100%。');
  });
});

describe('messages quote cell text visibly', () => {
  it('escapes control characters, bidi overrides and zero-width marks', () => {
    const r = readNumber('\u0007x\u202e');
    if (r.ok) throw new Error('read');
    expect(readMessage(r, 'en')).toBe('"\\u0007x\\u202e" is not a number KPI Kit can read: write one number, such as 95%, 1200 or ≥95%.');
    expect(readMessage(r, 'zh-CN')).toBe('“\\u0007x\\u202e”不是可读取的数值：请填写一个数，如 95%、1200 或 ≥95%。');
    const d = readDirection('up\u200bwards\u2066');
    if (d.ok) throw new Error('read');
    expect(readMessage(d, 'en')).toContain('up\\u200bwards\\u2066');
  });

  it('writes line breaks and tabs as \\n and \\t, and half characters as escapes', () => {
    expect(visibleText('a\nb\tc\r')).toBe('a\\nb\\tc\\r');
    expect(visibleText('x\ud800y')).toBe('x\\ud800y');
    expect(visibleText('ok 😀 目标 ≥95%')).toBe('ok 😀 目标 ≥95%');
    expect(visibleText('\u0085\u2028\ufeff\u007f')).toBe('\\u0085\\u2028\\ufeff\\u007f');
  });

  it('escapes what a failure built elsewhere carries in its text or code', () => {
    const f = { ok: false as const, problem: 'error' as const, text: '#N/A', code: '#N/A\u202e' };
    expect(readMessage(f, 'en')).toBe('The cell shows the error #N/A\\u202e: fix the formula or the data it reads.');
    expect(readMessage({ ok: false, problem: 'boolean', text: 'TRUE\u0000' }, 'zh-CN')).toBe('TRUE\\u0000 不是数值。');
  });
});
