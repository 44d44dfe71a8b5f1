import { describe, expect, it } from 'vitest';
import { LABELS, PRESETS, parseTemplateContext, parseTemplateOptions } from '../../core/templates/index.js';
import { joinList, label } from '../../core/templates/labels.js';
import { PRESET_NAMES, presetKey } from '../../core/templates/options.js';
import { DIRECTIONS, DISPLAY, GROUPS_360, PERIOD_SHORT, PERIODS, periodChoices } from '../../core/templates/words.js';

const message = (input: unknown, fallback: 'en' | 'zh-CN' = 'en'): string => {
  const r = parseTemplateOptions(input, fallback);
  if (r.ok) throw new Error('expected an error');
  return r.message;
};

describe('presets by name', () => {
  it.each([
    ['sales', 'sales'],
    ['Sales', 'sales'],
    ['SALES', 'sales'],
    [' sales ', 'sales'],
    ['销售', 'sales'],
    ['销售部', 'sales'],
    ['RD', 'rd'],
    ['R&D', 'rd'],
    ['r & d', 'rd'],
    ['研发', 'rd'],
    ['Admin', 'admin'],
    ['Administration', 'admin'],
    ['行政', 'admin'],
    ['Operations', 'operations'],
    ['Operations (balanced scorecard)', 'operations'],
    ['运营', 'operations'],
    ['运营（平衡计分卡）', 'operations'],
    ['MARKETING', 'marketing'],
    ['Marketing + sales (shared CAC)', 'marketing'],
    ['市场', 'marketing'],
    ['市场部', 'marketing'],
  ])('%s is the %s preset', (typed, key) => {
    expect(presetKey(typed)).toBe(key);
    const r = parseTemplateOptions({ kind: 'plan', preset: typed });
    expect(r.ok && r.options.preset).toBe(key);
  });

  it('every preset has a short name in both languages', () => {
    expect(PRESET_NAMES).toEqual({
      sales: { en: 'Sales', 'zh-CN': '销售' },
      rd: { en: 'R&D', 'zh-CN': '研发' },
      admin: { en: 'Administration', 'zh-CN': '行政' },
      operations: { en: 'Operations', 'zh-CN': '运营' },
      marketing: { en: 'Marketing', 'zh-CN': '市场' },
    });
    for (const p of PRESETS) for (const name of Object.values(PRESET_NAMES[p])) expect(presetKey(name)).toBe(p);
  });

  it('an unknown preset names the keys and the names, in the message language', () => {
    expect(presetKey('hr')).toBeUndefined();
    expect(message({ kind: 'plan', preset: 'hr' })).toBe(
      'Unknown preset "hr": use one of sales, rd, admin, operations, marketing, or a preset’s name in English or Chinese ' +
        '(Sales / 销售, R&D / 研发, Administration / 行政, Operations / 运营, Marketing / 市场).',
    );
    expect(message({ kind: 'plan', preset: '人事', lang: 'zh-CN' })).toBe(
      '未知的预设 "人事"：请使用 sales、rd、admin、operations、marketing 之一，也可用中文或英文名称' +
        '（销售 / Sales、研发 / R&D、行政 / Administration、运营 / Operations、市场 / Marketing）。',
    );
    expect(message({ kind: 'plan', preset: 3 })).toMatch(/Unknown preset 3/);
  });
});

describe('lists inside messages', () => {
  it('are joined with "、" in Chinese and ", " in English', () => {
    expect(joinList('zh-CN', ['a', 'b', 'c'])).toBe('a、b、c');
    expect(joinList('en', ['a', 'b', 'c'])).toBe('a, b, c');
    expect(message({ kind: 'reviews', lang: 'zh-CN' })).toBe(
      '未知的模板 "reviews"：请使用 plan、review、scorecard、feedback360、bonus、shared、dashboard 之一。',
    );
    expect(message({ kind: 'reviews' })).toBe('Unknown template "reviews": use one of plan, review, scorecard, feedback360, bonus, shared, dashboard.');
    expect(message({ kind: 'plan', lang: 'zh-CN', colour: 1, size: 2 })).toBe('未知的选项 "colour"、"size"。');
    expect(message({ kind: 'plan', colour: 1, size: 2 })).toBe('Unknown option "colour", "size".');
    const plan = (columns: unknown) => ({ kind: 'review', lang: 'zh-CN', plan: { sheet: 'T', headerRow: 1, firstRow: 2, lastRow: 3, columns } });
    expect(message(plan({ kpi: 'A' }))).toBe('列映射需要 KPI、目标值和权重列（缺少：target、weight）。');
    expect(message(plan({ kpi: 'A', cost: 'B' }))).toMatch(/：请使用 kpi、target、weight、direction、/);
  });

  it('no Chinese label joins a list with ", "', () => {
    for (const [key, text] of Object.entries(LABELS['zh-CN'])) {
      if (key === 'opt.plan') continue; // {sheet, kpis} is the shape of an object, not a list
      expect(text, key).not.toMatch(/[A-Za-z\u4e00-\u9fff], [A-Za-z\u4e00-\u9fff]/);
    }
  });
});

describe('option words', () => {
  it('every word a sheet shows or offers for a direction or rater group is one its formulas read', () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      for (const [k, w] of Object.entries(DISPLAY.direction[lang])) {
        expect((DIRECTIONS[k as keyof typeof DIRECTIONS] as readonly string[]).map((x) => x.toLowerCase())).toContain(w.toLowerCase());
      }
      for (const [k, w] of Object.entries(DISPLAY.group[lang])) {
        expect((GROUPS_360[k as keyof typeof GROUPS_360] as readonly string[]).map((x) => x.toLowerCase())).toContain(w.toLowerCase());
      }
    }
  });

  it('the exact direction reads the same in the cells and in the messages', () => {
    const exact = DISPLAY.direction['zh-CN'].exact;
    expect(['越接近目标越好', '目标值最佳']).toContain(exact);
    if ((DIRECTIONS.exact as readonly string[]).includes('越接近目标越好')) expect(exact).toBe('越接近目标越好');
    expect(label('zh-CN', 'msg.direction')).toBe(`请选择指标方向：越高越好、越低越好、反向比值、${exact}（higher、lower、lower_ratio、exact）。`);
    expect(label('zh-CN', 'note.plan')).toContain(`越高越好、越低越好、反向比值、${exact}（英文亦可）`);
    expect(label('en', 'msg.direction')).toContain(`(越高越好, 越低越好, 反向比值, ${exact})`);
  });

  it('periods read 月度 / 季度 / 年度, and the short words stay accepted', () => {
    expect(DISPLAY.period['zh-CN']).toEqual({ month: '月度', quarter: '季度', year: '年度' });
    expect(label('zh-CN', 'msg.period')).toBe('请选择考核周期：月度、季度、年度。');
    expect(periodChoices('zh-CN')).toEqual(['月度', '季度', '年度', 'monthly', 'quarterly', 'yearly', '月', '季', '年']);
    expect(periodChoices('en')).toEqual(['monthly', 'quarterly', 'yearly', '月度', '季度', '年度', '月', '季', '年']);
    for (const p of PERIODS) expect(periodChoices('zh-CN')).toContain(PERIOD_SHORT[p]);
  });
});

describe('options keep their behaviour', () => {
  it('accepts good options and fills defaults', () => {
    expect(parseTemplateOptions({ kind: 'review', lang: 'zh', rows: ' 50 ', sample: true, preset: '研发', period: ' 2025 Q1 ', department: ' 研发二部 ' })).toEqual({
      ok: true,
      options: { kind: 'review', lang: 'zh-CN', rows: 50, sample: true, preset: 'rd', period: '2025 Q1', department: '研发二部' },
    });
    expect(parseTemplateOptions({ kind: 'plan', lang: 'EN-gb' })).toEqual({ ok: true, options: { kind: 'plan', lang: 'en', sample: false, period: '' } });
    expect(parseTemplateOptions({ kind: 'plan' }, 'zh-CN')).toEqual({ ok: true, options: { kind: 'plan', lang: 'zh-CN', sample: false, period: '' } });
  });

  it('rejects what it rejected, with the same messages', () => {
    expect(message({ kind: 'review', rows: 0 })).toBe('rows must be a whole number from 1 to 5000, got 0.');
    expect(message({ kind: 'review', rows: '5001' })).toBe('rows must be a whole number from 1 to 5000, got "5001".');
    expect(message({ kind: 'review', rows: 2.5 })).toBe('rows must be a whole number from 1 to 5000, got 2.5.');
    expect(message({ kind: 'review', rows: '1e3' })).toBe('rows must be a whole number from 1 to 5000, got "1e3".');
    expect(message({ kind: 'review', rows: Infinity })).toMatch(/^rows must be a whole number/);
    expect(message({ kind: 'review', lang: 'fr' }, 'zh-CN')).toBe('未知的语言 "fr"：请使用 zh-CN 或 en。');
    expect(message({ kind: 'review', sample: 'yes' })).toBe('sample must be true or false, got "yes".');
    expect(message({ kind: 'review', department: 'x'.repeat(61) })).toBe('department must be text of at most 60 characters.');
    expect(message({ kind: 'review', period: 5 })).toBe('period must be text of at most 60 characters.');
    expect(message(null)).toBe('The template options must be an object.');
    expect(message([])).toBe('The template options must be an object.');
    expect(message({ kind: 'review', plan: { sheet: '   ', kpis: 3 } })).toBe('The plan’s sheet name must be 1 to 31 characters, got "   ".');
    expect(message({ kind: 'review', plan: { sheet: 'P', kpis: '201' } })).toBe('kpis (the plan’s KPI rows) must be a whole number from 1 to 200, got "201".');
    expect(message({ kind: 'review', plan: { sheet: 'P', kpis: 3, x: 1 } })).toMatch(/^plan must be a plan sheet made by KPI Kit/);
    expect(message({ kind: 'review', plan: { sheet: 'P', headerRow: 0, firstRow: 2, lastRow: 3, columns: {} } })).toBe(
      'headerRow must be a whole row number from 1 to 1048576, got 0.',
    );
    expect(message({ kind: 'review', plan: { sheet: 'P', headerRow: 1, firstRow: 2, lastRow: 3, columns: 'A' } })).toMatch(/^plan must be/);
  });

  it('trims a mapped plan’s sheet name', () => {
    const r = parseTemplateOptions({ kind: 'review', plan: { sheet: ' P ', kpis: '4' } });
    expect(r.ok && r.options.plan).toEqual({ sheet: 'P', kpis: 4 });
  });

  it('checks the context', () => {
    expect(parseTemplateContext(undefined)).toEqual({ ok: true, context: {} });
    expect(parseTemplateContext({ existingSheets: ['A'], other: 1 })).toEqual({ ok: true, context: { existingSheets: ['A'] } });
    expect(parseTemplateContext({ existingSheets: [1] }, 'zh-CN')).toEqual({ ok: false, message: 'existingSheets 和 existingNames 必须是文本列表。' });
  });
});
