import { describe, expect, it } from 'vitest';
import { buildHyperFormula, readSheet } from '../../cli/hyperformula.js';
import {
  KIND_ABOUT,
  KIND_LABELS,
  LABELS,
  PRESETS,
  TEMPLATE_KINDS,
  detectPlanColumns,
  freeName,
  freeSheetName,
  generateDemoWorkbook,
  generateTemplate,
  parseTemplateOptions,
  type WorkbookDesc,
} from '../../core/templates/index.js';
import { PRESET_DATA } from '../../core/templates/presets.js';
import { HyperFormula } from 'hyperformula';
import { LANGS, options } from './cases.js';

/** Functions that Excel 2016, Google Sheets, LibreOffice Calc 7.4 and HyperFormula 3 compute alike. */
const ALLOWED = new Set([
  'IF', 'IFERROR', 'AND', 'OR', 'NOT', 'MIN', 'MAX', 'ABS', 'ROUND', 'INT', 'SUM', 'SUMIFS', 'SUMPRODUCT',
  'COUNT', 'COUNTIF', 'INDEX', 'MATCH', 'CHOOSE', 'ISNUMBER', 'ISERROR', 'LEN', 'TRIM', 'LOWER', 'NA', 'REPT', 'FIND',
  // Fill a value into, or cut the mark from, a message of the review's table of words; the
  // review's texts are checked in LibreOffice and HyperFormula (review-trust.test.ts).
  'SUBSTITUTE', 'REPLACE',
]);

function formulas(desc: WorkbookDesc): { sheet: string; f: string }[] {
  const out: { sheet: string; f: string }[] = [];
  for (const s of desc.sheets) {
    for (const b of s.blocks) for (const line of b.cells) for (const c of line) if ('f' in c) out.push({ sheet: s.name, f: c.f });
    for (const v of s.validations) if (v.type === 'custom') out.push({ sheet: s.name, f: v.formula });
    for (const cf of s.conditionalFormats) out.push({ sheet: s.name, f: cf.formula });
  }
  return out;
}

const all = (): { name: string; desc: WorkbookDesc }[] => [
  ...LANGS.map((lang) => ({ name: `demo ${lang}`, desc: generateDemoWorkbook(lang) })),
  ...LANGS.flatMap((lang) =>
    TEMPLATE_KINDS.map((kind) => ({ name: `${kind} ${lang}`, desc: generateTemplate(options({ kind, lang, sample: false })) })),
  ),
];

describe('labels', () => {
  it('every label exists in both languages and none is empty', () => {
    const keys = Object.keys(LABELS.en).sort();
    expect(Object.keys(LABELS['zh-CN']).sort()).toEqual(keys);
    for (const lang of LANGS) for (const k of keys) expect((LABELS[lang] as Record<string, string>)[k]!.trim(), `${lang} ${k}`).not.toBe('');
  });

  it('every kind has a title and a one-line description in both languages', () => {
    for (const k of TEMPLATE_KINDS) {
      for (const lang of LANGS) {
        expect(KIND_LABELS[k][lang]).toMatch(/\S/);
        expect(KIND_ABOUT[k][lang]).toMatch(/\S/);
        expect(KIND_ABOUT[k][lang]).not.toContain('\n');
      }
    }
  });

  it('preset texts are filled in both languages', () => {
    for (const p of PRESETS) {
      for (const k of PRESET_DATA[p].kpis) for (const pair of [k.kpi, k.definition, k.source, k.unit, k.action]) for (const t of pair) expect(t).toMatch(/\S/);
    }
  });
});

describe('presets', () => {
  it('weights total 100%', () => {
    for (const p of PRESETS) {
      const total = PRESET_DATA[p].kpis.reduce((a, k) => a + k.weight, 0);
      expect(total, p).toBeCloseTo(1, 12);
    }
  });

  it('the plan sheet of each preset shows a weight total of 100% and no warning', () => {
    for (const lang of LANGS) {
      for (const preset of PRESETS) {
        const desc = generateTemplate(options({ kind: 'plan', lang, preset }));
        const hf = buildHyperFormula(desc);
        const plan = desc.sheets.find((s) => s.key === 'plan')!;
        const values = readSheet(hf, plan.name);
        const at = (a: string) => {
          const m = /^([A-Z]+)(\d+)$/.exec(a)!;
          return values[Number(m[2]) - 1]![m[1]!.charCodeAt(0) - 65];
        };
        expect(at(plan.cells!.weightTotal!) as number).toBeCloseTo(1, 12);
        expect(String(at(plan.cells!.weightCheck!))).toMatch(/^✓/);
        hf.destroy();
      }
    }
  });

  it('the scorecard perspectives weigh 40/20/20/20', () => {
    const desc = generateTemplate(options({ kind: 'scorecard', lang: 'en', sample: true }));
    const s = desc.sheets.find((x) => x.key === 'scorecard')!;
    const hf = buildHyperFormula(desc);
    const values = readSheet(hf, s.name);
    const p = s.tables!.find((t) => t.key === 'perspectives')!;
    const weights = [0, 1, 2, 3].map((i) => values[p.firstRow - 1 + i]![2]);
    expect(weights).toEqual([0.4, 0.2, 0.2, 0.2]);
    hf.destroy();
  });
});

describe('sheet and workbook names', () => {
  it('a new sheet gets a free name', () => {
    const plan = (existing: string[]) =>
      generateTemplate(options({ kind: 'plan', lang: 'zh-CN' }), { existingSheets: existing }).sheets.find((s) => s.key === 'plan')!.name;
    expect(plan([])).toBe('KPI计划');
    expect(plan(['KPI计划'])).toBe('KPI计划 (2)');
    expect(plan(['kpi计划', 'KPI计划 (2)'])).toBe('KPI计划 (3)');
  });

  it('free names stay within 31 characters and leave out characters sheets may not hold', () => {
    const long = 'A very long department name that goes on';
    expect(freeSheetName(long, new Set())).toHaveLength(31);
    expect(freeSheetName(long, new Set([long.slice(0, 31).toLowerCase()]))).toMatch(/ \(2\)$/);
    expect(freeSheetName(long, new Set([long.slice(0, 31).toLowerCase()])).length).toBeLessThanOrEqual(31);
    expect(freeSheetName('Q1/Q2: [KPI]?', new Set())).not.toMatch(/[\\/?*[\]:]/);
    expect(freeName('KPI_Bands', new Set(['kpi_bands']))).toBe('KPI_Bands_2');
  });

  it('workbook names in use are left alone and formulas use the free ones', () => {
    const desc = generateTemplate(options({ kind: 'review', lang: 'en', sample: true }), {
      existingSheets: ['KPI Plan', 'KPI Review', 'KPI Lists'],
      existingNames: ['KPI_DirWords', 'kpi_dircodes', 'KPI_Bands'],
    });
    const names = desc.names.map((n) => n.name);
    expect(names).toContain('KPI_DirWords_2');
    expect(names).toContain('KPI_DirCodes_2');
    expect(names).toContain('KPI_Bands_2');
    expect(names).not.toContain('KPI_DirWords');
    expect(desc.sheets.map((s) => s.name)).toEqual(['KPI Plan (2)', 'KPI Review (2)', 'KPI Lists (2)']);
    const text = formulas(desc).map((x) => x.f).join('\n');
    expect(text).toContain('KPI_DirWords_2');
    expect(text).not.toMatch(/KPI_DirWords[,)]/);
    expect(text).toContain("'KPI Plan (2)'!");
    const hf = buildHyperFormula(desc);
    for (const s of desc.sheets) for (const row of readSheet(hf, s.name)) for (const v of row) expect(v === null || typeof v !== 'object').toBe(true);
    hf.destroy();
  });
});

describe('360 ratee names', () => {
  it('validation refuses the characters MATCH reads as wildcards, in HyperFormula', () => {
    const desc = generateTemplate(options({ kind: 'feedback360', lang: 'en', sample: false }));
    const summary = desc.sheets.find((s) => s.key === 'summary360')!;
    const rule = summary.validations.find((v) => v.type === 'custom' && v.formula.includes('FIND'));
    expect(rule).toBeDefined();
    const formula = (rule as { formula: string }).formula;
    const top = /^\$?([A-Z]+)\$?(\d+)/.exec(rule!.range)!;
    const names = ['Li Na', '张伟', 'A*B', 'Who?', 'x~y', ''];
    const hf = HyperFormula.buildEmpty({ licenseKey: 'gpl-v3' });
    const sheet = hf.getSheetId(hf.addSheet('S'))!;
    const rows = names.map((n) => [n, formula.replace(new RegExp(`\\b${top[1]}${top[2]}\\b`, 'g'), 'A' + (names.indexOf(n) + 1))]);
    hf.setSheetContent(sheet, rows.map(([n, f]) => [n === '' ? null : `'${n}`, f]));
    expect(names.map((_, i) => hf.getCellValue({ sheet, row: i, col: 1 }))).toEqual([true, true, false, false, false, true]);
    hf.destroy();
  });
});

describe('descriptions', () => {
  it('formulas use only the functions every engine computes alike', () => {
    for (const { name, desc } of all()) {
      for (const { f } of formulas(desc)) {
        const body = f.replace(/"(?:[^"]|"")*"/g, '""').replace(/'(?:[^']|'')*'!/g, '');
        for (const m of body.matchAll(/([A-Z][A-Z0-9.]*)\(/g)) expect(ALLOWED.has(m[1]!), `${name}: ${m[1]} in ${f}`).toBe(true);
      }
    }
  });

  it('formulas refer to sheets and names of the workbook', () => {
    for (const { name, desc } of all()) {
      const sheets = new Set(desc.sheets.map((s) => s.name));
      const names = new Set(desc.names.map((n) => n.name));
      for (const { f } of formulas(desc)) {
        for (const m of f.matchAll(/'((?:[^']|'')+)'!/g)) expect(sheets.has(m[1]!.replace(/''/g, "'")), `${name}: ${f}`).toBe(true);
        for (const m of f.replace(/"(?:[^"]|"")*"/g, '""').matchAll(/\b(KPI_[A-Za-z0-9_]+)\b/g)) expect(names.has(m[1]!), `${name}: ${m[1]}`).toBe(true);
      }
      for (const n of desc.names) expect(sheets.has(/^'((?:[^']|'')+)'!/.exec(n.ref)![1]!.replace(/''/g, "'"))).toBe(true);
    }
  });

  it('blocks are rectangles and every sheet has what a renderer needs', () => {
    for (const { name, desc } of all()) {
      for (const s of desc.sheets) {
        for (const b of s.blocks) {
          const w = b.cells[0]!.length;
          for (const line of b.cells) expect(line.length, `${name} ${s.name} ${b.at}`).toBe(w);
        }
        if (!s.hidden) {
          expect(s.protect).toBe(true);
          expect(s.styles.some((x) => x.style === 'input'), `${name} ${s.name} has inputs`).toBe(true);
          expect(s.styles.some((x) => x.style === 'title')).toBe(true);
          expect(s.merges.length).toBeGreaterThan(0);
          expect(s.validations.length, `${name} ${s.name} validates`).toBeGreaterThan(0);
          expect(s.columns.some((c) => c.hidden), `${name} ${s.name} hides helpers`).toBe(true);
        }
        for (const v of s.validations) expect(v.message.trim()).not.toBe('');
      }
    }
  });

  it('number inputs carry decimal validation and option inputs a list', () => {
    const desc = generateDemoWorkbook('en');
    const sheet = (key: string) => desc.sheets.find((s) => s.key === key)!;
    const kinds = (key: string) => sheet(key).validations.map((v) => `${v.type}:${v.range.replace(/\d+/g, '')}`);
    expect(kinds('plan')).toEqual(expect.arrayContaining(['list:B:B', 'list:F:F', 'decimal:L:L', 'custom:J:J']));
    expect(kinds('review')).toEqual(expect.arrayContaining(['decimal:I:I']));
    // The demo's bonus reads grades from the review (formulas); a bonus on its own has a grade list.
    expect(kinds('bonus')).toEqual(expect.arrayContaining(['decimal:D:D']));
    expect(kinds('bonus')).not.toEqual(expect.arrayContaining(['list:E:E']));
    const alone = generateTemplate(options({ kind: 'bonus', lang: 'en', sample: true })).sheets.find((s) => s.key === 'bonus')!;
    expect(alone.validations.map((v) => `${v.type}:${v.range.replace(/\d+/g, '')}`)).toEqual(expect.arrayContaining(['list:E:E', 'decimal:D:D']));
    expect(kinds('ratings')).toEqual(expect.arrayContaining(['list:B:B', 'list:C:C', 'decimal:D:D']));
    const plan = sheet('plan');
    const dir = plan.validations.find((v) => v.type === 'list' && v.range.startsWith('F'))!;
    expect(dir.type === 'list' && dir.source).toBe('=KPI_DirChoices');
  });

  it('the review sheet highlights achievement below 80% and from 120%; the plan flags a weight total other than 100%', () => {
    const desc = generateDemoWorkbook('zh-CN');
    const review = desc.sheets.find((s) => s.key === 'review')!;
    expect(review.conditionalFormats.map((c) => [c.style, c.formula])).toEqual(
      expect.arrayContaining([
        ['bad', expect.stringContaining('<0.8')],
        ['good', expect.stringContaining('>=1.2')],
      ]),
    );
    const plan = desc.sheets.find((s) => s.key === 'plan')!;
    expect(plan.conditionalFormats.some((c) => c.style === 'bad' && c.formula.includes('<>1'))).toBe(true);
  });

  it('the dashboard asks for a chart and draws bars in cells', () => {
    const d = generateDemoWorkbook('en').sheets.find((s) => s.key === 'dashboard')!;
    expect(d.charts).toHaveLength(1);
    expect(formulas({ sheets: [d], names: [] }).some((x) => x.f.includes('REPT("█"'))).toBe(true);
  });

  it('a template for 2,000 employees is a bounded number of blocks and ranges', () => {
    const size = (rows: number) => {
      const d = generateTemplate(options({ kind: 'review', lang: 'en', preset: 'sales', rows }));
      const s = d.sheets.find((x) => x.key === 'review')!;
      return [s.blocks.length, s.styles.length, s.formats.length, s.validations.length, s.conditionalFormats.length];
    };
    expect(size(2000)).toEqual(size(20));
  });
});

describe('values are data', () => {
  it('text that looks like a formula is written as a value and shown as text', () => {
    const desc = generateTemplate(options({ kind: 'bonus', lang: 'en', sample: true }));
    const bonus = desc.sheets.find((s) => s.key === 'bonus')!;
    const t = bonus.tables!.find((x) => x.key === 'employees')!;
    const tricky = ['=SUM(1,2)', '+1', '-cmd', '@A1'];
    const rowOf = (i: number) => t.firstRow + i;
    const col = t.columns.employee!.charCodeAt(0) - 64;
    const blocks = bonus.blocks.map((b) => {
      if (b.at !== `A${t.firstRow}`) return b;
      return { ...b, cells: b.cells.map((line, i) => (i < tricky.length ? line.map((c, j) => (j === col - 1 ? { v: tricky[i]! } : c)) : line)) };
    });
    const changed: WorkbookDesc = { ...desc, sheets: desc.sheets.map((s) => (s === bonus ? { ...bonus, blocks } : s)) };
    const hf = buildHyperFormula(changed);
    const values = readSheet(hf, bonus.name);
    expect(tricky.map((_, i) => values[rowOf(i) - 1]![col - 1])).toEqual(tricky);
    hf.destroy();
  });

  it('generators write user text only as values', () => {
    for (const { desc } of all()) {
      for (const s of desc.sheets) {
        for (const b of s.blocks) for (const line of b.cells) for (const c of line) if ('f' in c) expect(c.f.startsWith('=')).toBe(true);
      }
    }
  });
});

describe('options', () => {
  it('accepts good options and fills defaults', () => {
    const r = parseTemplateOptions({ kind: 'review', lang: 'zh', rows: '50', sample: true, preset: 'rd', period: ' 2025 Q1 ' });
    expect(r).toEqual({ ok: true, options: { kind: 'review', lang: 'zh-CN', rows: 50, sample: true, preset: 'rd', period: '2025 Q1' } });
    expect(parseTemplateOptions({ kind: 'plan' })).toEqual({ ok: true, options: { kind: 'plan', lang: 'en', sample: false, period: '' } });
  });

  it('rejects bad options with a clear message in the chosen language', () => {
    const msg = (input: unknown, fallback: 'en' | 'zh-CN' = 'en') => {
      const r = parseTemplateOptions(input, fallback);
      if (r.ok) throw new Error('expected an error');
      return r.message;
    };
    expect(msg({ kind: 'reviews' })).toMatch(/Unknown template "reviews": use one of plan, review/);
    expect(msg({ kind: 'review', lang: 'zh-CN', rows: 0 })).toMatch(/1 到 5000 之间的整数，收到 0/);
    expect(msg({ kind: 'review', rows: 6000 })).toMatch(/rows must be a whole number from 1 to 5000, got 6000/);
    expect(msg({ kind: 'review', rows: 1.5 })).toMatch(/got 1\.5/);
    expect(msg({ kind: 'review', lang: 'fr' }, 'zh-CN')).toMatch(/未知的语言 "fr"/);
    expect(msg({ kind: 'plan', preset: 'hr' })).toMatch(/Unknown preset "hr": use one of sales, rd, admin, operations, marketing/);
    expect(msg({ kind: 'plan', color: 'red' })).toMatch(/Unknown option "color"/);
    expect(msg({ kind: 'plan', sample: 'yes' })).toMatch(/sample must be true or false/);
    expect(msg({ kind: 'plan', plan: { sheet: 'x', kpis: 3 } })).toMatch(/review sheet and the dashboard only/);
    expect(msg('review')).toMatch(/must be an object/);
    expect(msg({ kind: 'review', period: 'x'.repeat(61) })).toMatch(/period must be text of at most 60 characters/);
  });

  it('checks the plan a review reads', () => {
    const msg = (plan: unknown) => {
      const r = parseTemplateOptions({ kind: 'review', lang: 'en', plan });
      return r.ok ? 'ok' : r.message;
    };
    expect(msg({ sheet: 'KPI Plan', kpis: 4 })).toBe('ok');
    expect(msg({ sheet: 'T', headerRow: 3, firstRow: 4, lastRow: 9, columns: { kpi: 'b', target: 'D', weight: 'C' } })).toBe('ok');
    expect(msg({ sheet: '', kpis: 4 })).toMatch(/sheet name must be 1 to 31 characters/);
    expect(msg({ sheet: 'T', kpis: 0 })).toMatch(/kpis .* from 1 to 200/);
    expect(msg({ sheet: 'T', headerRow: 5, firstRow: 4, lastRow: 9, columns: { kpi: 'B', target: 'D', weight: 'C' } })).toMatch(/in order/);
    expect(msg({ sheet: 'T', headerRow: 3, firstRow: 4, lastRow: 9, columns: { kpi: 'B', target: 'D' } })).toMatch(/missing: weight/);
    expect(msg({ sheet: 'T', headerRow: 3, firstRow: 4, lastRow: 9, columns: { kpi: 'B', target: 'B', weight: 'C' } })).toMatch(/same column B/);
    expect(msg({ sheet: 'T', headerRow: 3, firstRow: 4, lastRow: 9, columns: { kpi: 'B1', target: 'D', weight: 'C' } })).toMatch(/letters such as C/);
    expect(msg({ sheet: 'T', headerRow: 3, firstRow: 4, lastRow: 400, columns: { kpi: 'B', target: 'D', weight: 'C' } })).toMatch(/at most 200/);
    const r = parseTemplateOptions({ kind: 'review', lang: 'en', plan: { sheet: 'T', headerRow: 3, firstRow: 4, lastRow: 9, columns: { kpi: 'b', target: 'D', weight: 'C' } } });
    expect(r.ok && r.options.plan).toEqual({ sheet: 'T', headerRow: 3, firstRow: 4, lastRow: 9, columns: { kpi: 'B', target: 'D', weight: 'C' } });
  });

  it('a review for a mapped plan references that plan and makes no plan of its own', () => {
    const desc = generateTemplate(
      options({ kind: 'review', lang: 'en', plan: { sheet: "Bob's plan", headerRow: 1, firstRow: 2, lastRow: 5, columns: { kpi: 'A', target: 'C', weight: 'B' } } }),
      { existingSheets: ["Bob's plan"] },
    );
    expect(desc.sheets.map((s) => s.key)).toEqual(['review', 'lists']);
    expect(formulas(desc).some((x) => x.f.includes("'Bob''s plan'!$C$2"))).toBe(true);
  });
});

describe('detectPlanColumns', () => {
  it('reads Chinese headers', () => {
    const headers = ['序号', '维度', 'KPI指标', '指标定义', '数据来源', '指标方向', '单位', '基线值', '门槛值', '目标值', '挑战值', '权重', '责任部门', '协同部门', '考核周期', '行动计划'];
    expect(detectPlanColumns(headers)).toEqual({
      columns: { perspective: 'B', kpi: 'C', direction: 'F', unit: 'G', baseline: 'H', threshold: 'I', target: 'J', maximum: 'K', weight: 'L' },
      missing: [],
    });
  });

  it('reads English headers, from a table that starts further right', () => {
    const headers = ['#', 'Metric', 'How it is computed', 'Weighting', 'Goal', 'Polarity', 'Stretch target', 'Owner'];
    expect(detectPlanColumns(headers, 'C')).toEqual({
      columns: { kpi: 'D', weight: 'F', target: 'G', direction: 'H', maximum: 'I' },
      missing: [],
    });
  });

  it('names what is missing', () => {
    expect(detectPlanColumns(['姓名', '部门', '目标']).missing).toEqual(['kpi', 'weight']);
  });
});
