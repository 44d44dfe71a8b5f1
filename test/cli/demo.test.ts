import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoWorkbook } from '../../core/templates/index.js';
import { BONUS_POOL, computeExample, renderExample } from '../../cli/example.js';
import { show, summarize, writeDemoWorkbooks } from '../../cli/demo.js';
import { displayWidth, formatTable, oneLine } from '../../cli/text.js';

describe('worked example', () => {
  const r = computeExample();

  it('scores the sales rep with KPISCORE, WEIGHTED_SCORE and KPIRATING', () => {
    expect(r.scores[0]).toBeCloseTo(1380 / 1200, 12);
    expect(r.scores[1]).toBeCloseTo(86 / 90, 12);
    expect(r.scores[2]).toBeCloseTo(46 / 40, 12);
    expect(r.scores[3]).toBeCloseTo(2 - 0.04 / 0.05, 12);
    const total = 0.5 * (1380 / 1200) + 0.2 * (86 / 90) + 0.15 * (46 / 40) + 0.15 * (2 - 0.04 / 0.05);
    expect(r.total).toBeCloseTo(total, 12);
    expect(r.grade).toBe('A');
    expect(r.coefficient).toBe(1.2);
  });

  it('splits the pool to the cent, the tie going to the earlier row', () => {
    expect(r.team.map((e) => e.share)).toEqual([10559.01, 14285.72, 8074.53, 12795.03, 4285.71]);
    expect(r.sum).toBe(BONUS_POOL);
    expect(renderExample(r)).toContain('50,000.00 = pool');
  });
});

describe('show', () => {
  it('formats values the way the sheet shows them', () => {
    expect(show(1.0234, '0.0%')).toBe('102.3%');
    expect(show(12345.6, '#,##0.00')).toBe('12,345.60');
    expect(show(1.2, '0.00')).toBe('1.20');
    expect(show({ error: '#N/A' })).toBe('#N/A');
    expect(show(null)).toBe('');
  });
});

describe('terminal tables', () => {
  it('puts a header the sheet wraps on one line: no break between Chinese characters, a space between words', () => {
    expect(oneLine('协作评分\n（360，\n1–5）')).toBe('协作评分（360，1–5）');
    expect(oneLine('考核\n等级')).toBe('考核等级');
    expect(oneLine('Total\nscore')).toBe('Total score');
    expect(oneLine('Total \r\n score')).toBe('Total score');
  });

  it('keeps every row one line high with its columns aligned', () => {
    const text = formatTable(['姓名', '考核\n等级'], [['张伟', 'A'], ['Emma\nJohnson', 'B']], ['left', 'left']);
    const lines = text.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('姓名          考核等级');
    expect(lines[3]).toBe('Emma Johnson  B');
    expect(new Set(lines.slice(0, 2).map(displayWidth))).toEqual(new Set([displayWidth(lines[1]!)]));
  });
});

describe('demo workbooks', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kpi-demo-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes its two files, replacing only those', async () => {
    writeFileSync(join(dir, 'mine.txt'), 'keep');
    const first = await writeDemoWorkbooks(dir);
    expect(first.map((w) => w.replaced)).toEqual([false, false]);
    const second = await writeDemoWorkbooks(dir);
    expect(second.map((w) => w.replaced)).toEqual([true, true]);
    expect(readdirSync(dir).sort()).toEqual(['demo-en.xlsx', 'demo-zh-CN.xlsx', 'mine.txt']);
  });

  for (const lang of ['en', 'zh-CN'] as const) {
    it(`computes in HyperFormula without errors and spends the pool to the cent (${lang})`, () => {
      const s = summarize(generateDemoWorkbook(lang));
      expect(s.errors).toBe(0);
      expect(s.shares.length).toBeGreaterThan(0);
      // The employee left incomplete on purpose shows why, and so does the bonus split.
      const words = lang === 'en'
        ? ['2 of 3 KPIs scored; missing: New customers', '✗ 1 employee has no final grade in the review yet: the split is not final']
        : ['已评 2/3 项KPI；未填：新增客户数', '✗ 1名员工在考核表中尚无最终等级：分配尚未定稿'];
      for (const w of words) expect(s.text).toContain(w);
      expect(s.pool).not.toBeNull();
      const cents = s.shares.reduce((a, x) => a + Math.round(x * 100), 0);
      expect(cents).toBe(Math.round((s.pool ?? 0) * 100));
    });
  }
});
