import { describe, expect, it } from 'vitest';
import { TEMPLATE_KINDS } from '../../core/templates/index.js';
import { RENDER_ERROR_CODES, RenderError, type RenderOutcome } from '../../core/templates/render.js';
import { APP_TEXT } from '../../ui/app-text.js';
import { CATALOG } from '../../ui/catalog.js';
import { currentPeriod, failureLines, formulaParts, outcomeLines, toFailure, OptionError } from '../../ui/messages.js';
import { UI_TEXT } from '../../ui/text.js';

/** Every leaf of a text table as path → string. */
function leaves(value: unknown, path = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) for (const [p, x] of leaves(v, path ? `${path}.${k}` : k)) out.set(p, x);
  } else out.set(path, value);
  return out;
}

describe('UI text tables', () => {
  for (const [name, table] of [
    ['APP_TEXT', APP_TEXT],
    ['UI_TEXT', UI_TEXT],
  ] as const) {
    it(`${name}: en and zh-CN have the same keys and no empty strings`, () => {
      const en = leaves(table.en);
      const zh = leaves(table['zh-CN']);
      expect([...zh.keys()].sort()).toEqual([...en.keys()].sort());
      for (const [key, v] of [...en, ...zh]) {
        expect(typeof v, key).toBe('string');
        expect((v as string).trim(), key).not.toBe('');
      }
    });
  }

  it('has words for every kind and every render error code', () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      const t = APP_TEXT[lang];
      for (const k of TEMPLATE_KINDS) for (const table of [t.who, t.rows, t.hint]) expect(table[k]).toBeTruthy();
      for (const c of RENDER_ERROR_CODES) expect(t.errors[c]).toBeTruthy();
    }
  });

  it('uses the same {placeholders} in both languages', () => {
    const en = leaves(APP_TEXT.en);
    const zh = leaves(APP_TEXT['zh-CN']);
    const holes = (s: unknown) => [...String(s).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [k, v] of en) expect(holes(zh.get(k)), k).toEqual(holes(v));
  });
});

describe('catalog', () => {
  it('pictures every template from its generator', () => {
    expect(CATALOG.kinds.map((k) => k.kind)).toEqual([...TEMPLATE_KINDS]);
    for (const k of CATALOG.kinds) {
      expect(k.picture.r.length).toBeGreaterThan(4);
      expect(k.picture.r.join('')).toMatch(/t/);
      expect(k.picture.r.join('')).toMatch(/h/);
      for (const row of k.picture.r) expect(row.length).toBe(k.picture.w.length);
    }
    expect(JSON.stringify(CATALOG).length).toBeLessThan(8000);
  });
});

describe('messages', () => {
  const outcome: RenderOutcome = {
    sheets: [
      { key: 'review', name: 'KPI Review (2)', rows: 240, hidden: false },
      { key: 'lists', name: 'KPI Lists', rows: 0, hidden: true },
    ],
    names: ['KPI_Directions'],
    activeSheet: 'KPI Review (2)',
    activeCell: 'I5',
  };

  it('says what was added, with the kind’s hint', () => {
    const lines = outcomeLines(APP_TEXT.en, 'review', outcome);
    expect(lines[0]).toBe('Added sheet “KPI Review (2)” with 240 rows; type actuals and comments in the shaded cells. Scores, grades and coefficients are computed.');
    expect(lines.join('\n')).toContain('KPI Lists');
    expect(lines.join('\n')).toContain('cell I5 of “KPI Review (2)”');
  });

  it('says what went wrong and that the workbook is untouched, or what to delete', () => {
    const t = APP_TEXT.en;
    expect(failureLines(t, toFailure(new RenderError('unsupported')))).toEqual([t.errors.unsupported, t.leftAsWas]);
    expect(failureLines(t, toFailure(new RenderError('hostError', 'InvalidArgument')))).toEqual([t.errors.hostError, 'Details: InvalidArgument', t.leftAsWas]);
    const e = Object.assign(new RenderError('protected', '', true), { sheets: ['KPI Plan', 'KPI Review'] });
    expect(failureLines(t, toFailure(e))[1]).toBe('Undoing the partial change failed too: please delete the sheets “KPI Plan”, “KPI Review” by hand.');
    expect(failureLines(t, toFailure(new OptionError('Rows must be 1 to 5000.')))).toEqual(['Rows must be 1 to 5000.', t.leftAsWas]);
  });

  it('cuts formulas only after "(" and ", "', () => {
    expect(formulaParts('=KPISCORE(120, 100, "lower")')).toEqual(['=KPISCORE(', '120, ', '100, ', '"lower")']);
    expect(formulaParts('=KPI.WEIGHTED_SHARE(A2:A9,B2:B9)').join('')).toBe('=KPI.WEIGHTED_SHARE(A2:A9,B2:B9)');
    expect(formulaParts('=NPS({9,10,3})')).toEqual(['=NPS(', '{9,10,3})']);
  });

  it('defaults the period to this quarter', () => {
    expect(currentPeriod('en', new Date(2026, 10, 3))).toBe('2026 Q4');
    expect(currentPeriod('zh-CN', new Date(2026, 0, 3))).toBe('2026年第一季度');
  });
});
