import { describe, expect, it } from 'vitest';
import { readHeader, readTable, roleName, tableNoteMessage, ROLES, type Role, type OtherKind } from '../../core/templates/read-table.js';
import { detectPlanColumns } from '../../core/templates/options.js';

/** A header and what it should read as: a role, `~kind` for a recognised non-role, '' for nothing. */
type H = readonly [string, Role | `~${OtherKind}` | ''];

/** Hand-written header rows in the forms real files use, with the role each header should get. */
const HEADER_ROWS: readonly (readonly H[])[] = [
  // 1. A full Chinese plan sheet.
  [['序号', '~serial'], ['维度', 'perspective'], ['KPI指标', 'kpi'], ['指标定义', 'definition'], ['数据来源', 'source'], ['指标方向', 'direction'], ['单位', 'unit'], ['基线值', 'baseline'], ['门槛值', 'threshold'], ['目标值', 'target'], ['挑战值', 'maximum'], ['权重', 'weight'], ['责任部门', 'owner'], ['协同部门', '~support'], ['考核周期', 'period'], ['行动计划', '~action']],
  // 2. English, loosely worded.
  [['#', '~serial'], ['Metric', 'kpi'], ['How it is computed', 'definition'], ['Weighting', 'weight'], ['Goal', 'target'], ['Polarity', 'direction'], ['Stretch target', 'maximum'], ['Owner', 'owner']],
  // 3. Line breaks, full-width brackets, a score column that mentions a weight.
  [['考核维度', 'perspective'], ['KPI名称', 'kpi'], ['权重分解\n（100%）', 'weight'], ['目标值(标准)', 'target'], ['上级评分（考核分数权重100%）', '~score'], ['自评得分', '~score'], ['评分标准', 'definition']],
  // 4. Code style and ALL CAPS, an organisation unit, trend and status.
  [['kpi_name', 'kpi'], ['Target_Value', 'target'], ['WEIGHT (%)', 'weight'], ['unit_id', 'department'], ['Trend', '~status'], ['Status', '~status'], ['UoM', 'unit']],
  // 5. A review sheet: the name is the employee, 工号 its alternative.
  [['工号', ''], ['姓名', 'employee'], ['部门', 'department'], ['考核指标', 'kpi'], ['权重', 'weight'], ['目标值', 'target'], ['实际完成值', 'actual'], ['得分', '~score'], ['备注', 'comment']],
  // 6. English review.
  [['Employee', 'employee'], ['Department', 'department'], ['KPI', 'kpi'], ['Weight', 'weight'], ['Target', 'target'], ['Actual', 'actual'], ['Score', '~score'], ['Comments', 'comment']],
  // 7. camelCase.
  [['kpiName', 'kpi'], ['targetValue', 'target'], ['weightPct', 'weight'], ['actualValue', 'actual'], ['ownerName', 'owner']],
  // 8. Units in the headers.
  [['指标名称', 'kpi'], ['目标值（万元）', 'target'], ['权重(%)', 'weight'], ['实际值（万元）', 'actual'], ['计量单位', 'unit']],
  // 9. Bilingual headers.
  [['指标名称 KPI', 'kpi'], ['权重 Weight', 'weight'], ['目标值 Target', 'target'], ['指标方向 Direction', 'direction']],
  // 10. Balanced scorecard: the measure is the KPI.
  [['Perspective', 'perspective'], ['Strategic Objective', ''], ['Measure', 'kpi'], ['Baseline', 'baseline'], ['Target', 'target'], ['Initiative', '~action']],
  // 11. Threshold / target / maximum in English.
  [['KPI', 'kpi'], ['Threshold', 'threshold'], ['Target', 'target'], ['Maximum', 'maximum'], ['Weight', 'weight']],
  // 12. Min / max abbreviations.
  [['Indicator', 'kpi'], ['Min', 'threshold'], ['Tgt', 'target'], ['Max', 'maximum'], ['Wt', 'weight']],
  // 13. Chinese scoring rules and sources.
  [['考核项目', 'kpi'], ['考核内容及评分标准', 'definition'], ['分值', 'weight'], ['数据提供部门', 'source'], ['考核结果', '~score']],
  // 14. KPI code and KPI owner.
  [['KPI ID', '~code'], ['KPI Name', 'kpi'], ['KPI Owner', 'owner'], ['KPI Weight', 'weight'], ['KPI Target', 'target']],
  // 15. Achievement rate is a score, not a target.
  [['指标', 'kpi'], ['年度目标', 'target'], ['目标完成率', '~score'], ['权重', 'weight'], ['考核得分', '~score']],
  // 16. Baseline words.
  [['指标', 'kpi'], ['上年实际', 'baseline'], ['本年目标', 'target'], ['权重', 'weight']],
  // 17. English baseline words.
  [['Metric', 'kpi'], ['Prior Year', 'baseline'], ['FY26 Target', 'target'], ['Weight %', 'weight']],
  // 18. 单位 as an organisation.
  [['所属单位', 'department'], ['指标名称', 'kpi'], ['计量单位', 'unit'], ['目标', 'target'], ['权重', 'weight']],
  // 19. Responsible unit.
  [['责任单位', 'owner'], ['考核指标', 'kpi'], ['目标值', 'target'], ['权重', 'weight']],
  // 20. Business unit.
  [['Business Unit', 'department'], ['KPI', 'kpi'], ['Unit', 'unit'], ['Target', 'target'], ['Weight', 'weight']],
  // 21. Direction worded as higher / lower.
  [['KPI', 'kpi'], ['Higher or lower is better', 'direction'], ['Target', 'target'], ['Weight', 'weight']],
  // 22. 指标性质 (正向 / 反向).
  [['指标', 'kpi'], ['指标性质', 'direction'], ['目标', 'target'], ['权重', 'weight']],
  // 23. Progress and RAG are statuses.
  [['KPI', 'kpi'], ['Progress', '~status'], ['RAG', '~status'], ['Target', 'target']],
  // 24. Chinese status and trend.
  [['指标', 'kpi'], ['完成进度', '~status'], ['趋势', '~status'], ['目标', 'target'], ['权重', 'weight']],
  // 25. Period words.
  [['KPI', 'kpi'], ['Frequency', 'period'], ['Target', 'target'], ['Weight', 'weight']],
  // 26. Chinese period.
  [['指标名称', 'kpi'], ['考核频率', 'period'], ['目标值', 'target'], ['权重', 'weight']],
  // 27. Data source in English.
  [['KPI', 'kpi'], ['Data Source', 'source'], ['Definition', 'definition'], ['Target', 'target'], ['Weight', 'weight']],
  // 28. Formula.
  [['指标', 'kpi'], ['计算公式', 'definition'], ['目标值', 'target'], ['权重', 'weight']],
  // 29. Category.
  [['Category', 'perspective'], ['KPI', 'kpi'], ['Target', 'target'], ['Weight', 'weight']],
  // 30. KPI type.
  [['KPI类型', 'perspective'], ['KPI名称', 'kpi'], ['目标值', 'target'], ['权重', 'weight']],
  // 31. Two competing targets: the first is proposed.
  [['指标', 'kpi'], ['目标', 'target'], ['目标（修订）', ''], ['权重', 'weight']],
  // 32. Stretch before the target.
  [['KPI', 'kpi'], ['Stretch', 'maximum'], ['Target', 'target'], ['Weight', 'weight']],
  // 33. 最低目标 is a threshold, 挑战目标 a maximum.
  [['指标', 'kpi'], ['最低目标', 'threshold'], ['目标', 'target'], ['挑战目标', 'maximum'], ['权重', 'weight']],
  // 34. Self and manager ratings.
  [['KPI', 'kpi'], ['Weight', 'weight'], ['Self Rating', '~score'], ['Manager Rating', '~score'], ['Final Score', '~score']],
  // 35. Key results are the KPIs; the objective competes and loses.
  [['Objective', ''], ['Key Results', 'kpi'], ['Weight', 'weight'], ['Target', 'target']],
  // 36. Assessed person.
  [['被考核人', 'employee'], ['岗位', ''], ['指标', 'kpi'], ['目标', 'target'], ['权重', 'weight']],
  // 37. Team and remarks.
  [['Team', 'department'], ['Name', 'employee'], ['Actual', 'actual'], ['Remarks', 'comment']],
  // 38. Calculation method and evidence.
  [['KPI', 'kpi'], ['Calculation Method', 'definition'], ['Evidence', 'source'], ['Target', 'target'], ['Weight', 'weight']],
  // 39. YTD actual and last year.
  [['KPI', 'kpi'], ['Last Year', 'baseline'], ['YTD Actual', 'actual'], ['Target', 'target']],
  // 40. Full-width spaces and brackets.
  [['指标　名称', 'kpi'], ['权　重（％）', 'weight'], ['目　标', 'target']],
  // 41. Stray blanks between headers.
  [['KPI', 'kpi'], ['', ''], ['Target', 'target'], ['', ''], ['Weight', 'weight']],
  // 42. Scoring rule in English.
  [['KPI', 'kpi'], ['Scoring Rule', 'definition'], ['Target', 'target'], ['Weighting (%)', 'weight'], ['Payout', '~score']],
  // 43. 负责人 and 完成情况.
  [['工作任务', 'kpi'], ['负责人', 'owner'], ['完成情况', 'actual'], ['权重', 'weight'], ['目标', 'target']],
  // 44. Employee ID and name: the name is the employee, the id its alternative.
  [['Employee ID', ''], ['Employee Name', 'employee'], ['Dept', 'department'], ['KPI', 'kpi']],
  // 45. Description and notes.
  [['Measure', 'kpi'], ['Description', 'definition'], ['Notes', 'comment'], ['Goal', 'target'], ['Weight', 'weight']],
];

describe('readHeader: hand-written header rows', () => {
  it('has at least 40 rows', () => expect(HEADER_ROWS.length).toBeGreaterThanOrEqual(40));
  HEADER_ROWS.forEach((row, i) => {
    it(`row ${i + 1}: ${row.map((h) => h[0].replace(/\s+/g, ' ')).join(' | ')}`, () => {
      const read = readHeader(row.map((h) => h[0]));
      const got = read.columns.map((c) => (c.role ?? (c.kind !== undefined ? `~${c.kind}` : '')));
      expect(got).toEqual(row.map((h) => h[1]));
    });
  });
});

describe('readHeader: competing columns', () => {
  it('proposes the clearer column and offers the other as an alternative', () => {
    const read = readHeader(['指标', '目标', '目标（修订）', '权重'], 'B');
    expect(read.roles).toEqual({ kpi: 'B', target: 'C', weight: 'E' });
    expect(read.alternatives).toEqual({ target: ['D'] });
    expect(read.columns[2]).toMatchObject({ letter: 'D', header: '目标（修订）', alternatives: ['target'] });
    expect(read.columns[2]!.role).toBeUndefined();
  });

  it('a more specific header wins over an earlier general one', () => {
    const read = readHeader(['Name', 'Employee Name', 'KPI']);
    expect(read.roles.employee).toBe('B');
    expect(read.alternatives.employee).toEqual(['A']);
  });

  it('gives confidences between 0 and 1 and names what is missing', () => {
    const read = readHeader(['姓名', '部门', '目标']);
    expect(read.missing).toEqual(['kpi', 'weight']);
    for (const c of read.columns) expect(c.confidence).toBeGreaterThan(0), expect(c.confidence).toBeLessThanOrEqual(1);
  });

  it('never throws on odd cells', () => {
    const odd = [null, undefined, 42, true, { code: '#N/A' }, '#REF!', '   ', Symbol.iterator.toString(), '((((', '【权重】'];
    const read = readHeader(odd as unknown[], 'ZZ');
    expect(read.columns).toHaveLength(odd.length);
    expect(read.columns[0]!.letter).toBe('ZZ');
    expect(read.roles.weight).toBe('AAI');
    expect(() => readHeader([], '??')).not.toThrow();
  });
});

describe('detectPlanColumns', () => {
  it('keeps to the plan fields and tells traps apart', () => {
    expect(detectPlanColumns(['KPI ID', '指标名称', '上级评分（考核分数权重100%）', '权重分解\n（100%）', 'unit_id', 'Trend', '目标值(标准)'], 'B')).toEqual({
      columns: { kpi: 'C', weight: 'E', target: 'H' },
      missing: [],
    });
  });
});

const TITLED: unknown[][] = [
  ['2026年度销售部KPI考核表', '', '', '', '', ''],
  ['部门：销售部', '', '考核周期：2026年', '', '', ''],
  ['序号', '考核指标', '权重', '目标值', '指标方向', '备注'],
  [1, '销售额', '40%', '≥1,200万', '越高越好', ''],
  [2, '回款率', '30%', '95%', '越高越好', ''],
  [3, '客户投诉', '30%', '<5次', '越低越好', '季度'],
  ['合计', '', '100%', '', '', ''],
  ['', '', '', '', '', ''],
  ['注：权重合计须为100%', '', '', '', '', ''],
];

describe('readTable', () => {
  it('finds the header on row 3 under a title and label lines, and stops at the total row', () => {
    const t = readTable(TITLED)!;
    expect(t).toMatchObject({ headerRow: 3, headerRows: 1, firstRow: 4, lastRow: 6, title: '2026年度销售部KPI考核表' });
    expect(t.roles).toEqual({ kpi: 'B', weight: 'C', target: 'D', direction: 'E', comment: 'F' });
    expect(t.labels).toEqual([
      { row: 2, label: '部门', value: '销售部' },
      { row: 2, label: '考核周期', value: '2026年' },
    ]);
    expect(t.notes).toContainEqual({ code: 'totalRow', row: 7 });
    expect(t.missing).toEqual([]);
  });

  it('reports rows as sheet rows from the origin of the values', () => {
    const t = readTable(TITLED, { origin: { row: 5, column: 3 } })!;
    expect(t).toMatchObject({ headerRow: 7, firstRow: 8, lastRow: 10 });
    expect(t.roles.kpi).toBe('D');
  });

  const TWO_ROW: unknown[][] = [
    ['KPI Plan 2026', '', '', '', '', '', ''],
    ['序号', '指标名称', '权重', '目标值', '', '', '数据来源'],
    ['', '', '', '门槛', '目标', '挑战', ''],
    [1, '营业收入', 0.5, 800, 1000, 1200, '财务部'],
    [2, '净利润率', 0.5, '8%', '10%', '12%', '财务部'],
  ];

  it('reads a two-row header without merge info (blanks stand for the merged cells)', () => {
    const t = readTable(TWO_ROW)!;
    expect(t).toMatchObject({ headerRow: 2, headerRows: 2, firstRow: 4, lastRow: 5 });
    expect(t.roles).toEqual({ kpi: 'B', weight: 'C', threshold: 'D', target: 'E', maximum: 'F', source: 'G' });
    expect(t.columns[3]!.header).toBe('目标值 / 门槛');
    expect(t.notes).toContainEqual({ code: 'twoRowHeader', row: 2 });
  });

  it('reads a two-row header with merged areas (A1 ranges or positions)', () => {
    const merges = ['A1:G1', 'A2:A3', 'B2:B3', 'C2:C3', 'D2:F2', { row: 1, column: 6, rows: 2, columns: 1 }];
    const t = readTable(TWO_ROW, { merges })!;
    expect(t).toMatchObject({ headerRow: 2, headerRows: 2, firstRow: 4, lastRow: 5 });
    expect(t.roles).toEqual({ kpi: 'B', weight: 'C', threshold: 'D', target: 'E', maximum: 'F', source: 'G' });
  });

  it('reads an English two-row header whose group is a target band', () => {
    const values = [
      ['Metric', 'Weight', 'Target', '', '', 'Owner'],
      ['', '', 'Threshold', 'Target', 'Stretch', ''],
      ['Revenue', '50%', 800, 1000, 1200, 'Ann'],
    ];
    const t = readTable(values)!;
    expect(t.roles).toEqual({ kpi: 'A', weight: 'B', threshold: 'C', target: 'D', maximum: 'E', owner: 'F' });
    expect(t.headerRows).toBe(2);
  });

  it('does not take the first data row for a second header row', () => {
    const values = [
      ['KPI', 'Target', 'Weight', 'Direction'],
      ['On-time delivery', '≥95%', '30%', 'higher'],
      ['Defect rate', '≤0.5%', '70%', 'lower'],
    ];
    const t = readTable(values)!;
    expect(t).toMatchObject({ headerRow: 1, headerRows: 1, firstRow: 2, lastRow: 3 });
  });

  it('ends at notes under the table and at two blank rows', () => {
    const notes = readTable([['KPI', 'Target', 'Weight'], ['A', 1, 0.5], ['B', 2, 0.5], ['Note: weights add up to 100%', '', '']])!;
    expect(notes.lastRow).toBe(3);
    expect(notes.notes).toContainEqual({ code: 'endsAt', row: 4 });
    const gap = readTable([['KPI', 'Target', 'Weight'], ['A', 1, 0.5], [], ['B', 2, 0.5], [], [], ['other', 'stuff', 'here']])!;
    expect(gap).toMatchObject({ firstRow: 2, lastRow: 4 });
  });

  it('reads a row of units under the header as part of it', () => {
    const t = readTable([
      ['指标', '目标值', '权重', '周期'],
      ['', '（万元）', '%', ''],
      ['销售额', 1200, 60, '年度'],
      ['新客户', 15, 40, '季度'],
    ])!;
    expect(t).toMatchObject({ headerRow: 1, firstRow: 3, lastRow: 4 });
    expect(t.notes).toContainEqual({ code: 'unitRow', row: 2 });
    expect(tableNoteMessage({ code: 'unitRow', row: 2 }, 'zh-CN')).toBe('第 2 行是单位行，算作表头。');
  });

  it('prefers a row that names the roles asked for', () => {
    const values = [
      ['Employee', 'Department', 'Period', 'Owner'],
      ['KPI', 'Target', 'Weight'],
      ['Sales', 100, 1],
    ];
    expect(readTable(values)!.headerRow).toBe(1);
    expect(readTable(values, { prefer: ['kpi', 'target', 'weight'] })!.headerRow).toBe(2);
  });

  it('gives null where no row names two columns, and never throws', () => {
    expect(readTable([['Quarterly report'], ['Some text'], [1, 2, 3]])).toBeNull();
    expect(readTable([])).toBeNull();
    expect(readTable(null as unknown as unknown[][])).toBeNull();
    expect(() => readTable([[null, { code: '#N/A' }], 'oops' as unknown as unknown[], [NaN, Infinity]], { merges: ['??', 'B2:A1', { row: -1, column: 0, rows: 1, columns: 1 }] })).not.toThrow();
  });

  it('words its notes and role names in both languages', () => {
    const t = readTable([['指标', '目标', '目标（修订）'], ['A', 1, 2]])!;
    const competing = t.notes.find((n) => n.code === 'competing')!;
    expect(tableNoteMessage(competing, 'en')).toBe('target: column B is proposed; column C could also be it.');
    expect(tableNoteMessage(competing, 'zh-CN')).toBe('“目标值”取 B 列；C 列也可能是。');
    const missing = t.notes.find((n) => n.code === 'missing')!;
    expect(tableNoteMessage(missing, 'en')).toBe('No column found for: weight.');
    expect(tableNoteMessage(missing, 'zh-CN')).toBe('未找到这些列：权重。');
    for (const r of ROLES) expect(roleName(r, 'en')).not.toBe(roleName(r, 'zh-CN'));
  });
});

describe('readHeader: first columns on and off the sheet', () => {
  const letters = (first: string) => readHeader(['KPI', 'Target', 'Weight'], first).columns.map((c) => c.letter);

  it('takes letters A to XFD in any case, with spaces or a $ around them', () => {
    expect(letters('c')).toEqual(['C', 'D', 'E']);
    expect(letters(' $C ')).toEqual(['C', 'D', 'E']);
    expect(letters('XFB')).toEqual(['XFB', 'XFC', 'XFD']);
  });

  it('reads a first column past XFD, or anything that is not a column, as A', () => {
    for (const first of ['ZZZ', 'XFE', 'AAAA', 'undefined', '', 'A1', '1', '??', 'Ｃ']) expect(letters(first)).toEqual(['A', 'B', 'C']);
    expect(readHeader(['KPI', 'Target'], undefined as never).columns.map((c) => c.letter)).toEqual(['A', 'B']);
    expect(readHeader(['KPI', 'Target'], 42 as never).roles).toEqual({ kpi: 'A', target: 'B' });
  });

  it('lists headers that fall past XFD blank, with no role, so no role points off the sheet', () => {
    const r = readHeader(['KPI', 'Target', 'Weight', 'Owner'], 'XFC', ['', '', 'Group', '']);
    expect(r.columns.map((c) => c.letter)).toEqual(['XFC', 'XFD', 'XFE', 'XFF']);
    expect(r.roles).toEqual({ kpi: 'XFC', target: 'XFD' });
    expect(r.columns[2]).toMatchObject({ header: '', alternatives: [], confidence: 0 });
    expect(r.columns[2]!.role).toBeUndefined();
    expect(r.missing).toEqual(['weight']);
  });

  it('reads headers or group headers that are not lists as none', () => {
    expect(readHeader('KPI' as never).columns).toEqual([]);
    expect(readHeader(['KPI', 'Target'], 'A', 'x' as never).roles).toEqual({ kpi: 'A', target: 'B' });
  });
});

describe('readTable: options of the wrong kind and areas off the sheet', () => {
  const PLAN: unknown[][] = [
    ['KPI', 'Target', 'Weight'],
    ['Revenue', 100, 0.6],
    ['Margin', '10%', 0.4],
  ];
  const plain = readTable(PLAN)!;

  it('reads an origin past the sheet (column past XFD, row past 1,048,576) as A1', () => {
    for (const origin of [
      { row: 1, column: 3818111784786264 },
      { row: 1, column: 16385 },
      { row: 1048577, column: 1 },
      { row: 1.5, column: NaN },
      'B2',
      null,
    ]) {
      const t = readTable(PLAN, { origin: origin as never })!;
      expect(t.roles).toEqual({ kpi: 'A', target: 'B', weight: 'C' });
      expect(t.headerRow).toBe(1);
    }
    expect(readTable(PLAN, { origin: { row: 1048576, column: 16382 } })!.roles).toEqual({ kpi: 'XFB', target: 'XFC', weight: 'XFD' });
  });

  it('leaves the cells past XFD out of the table', () => {
    const t = readTable(PLAN.map((row) => [...row, 'Owner']), { origin: { row: 1, column: 16382 } })!;
    expect(t.columns.map((c) => c.letter)).toEqual(['XFB', 'XFC', 'XFD']);
    expect(t.roles.owner).toBeUndefined();
  });

  it('skips merges that are not areas or ranges (null, numbers, NaN sizes, rows past the sheet)', () => {
    const merges = [null, undefined, 42, [], { row: 0, column: 0, rows: NaN, columns: 2 }, { row: 0 }, 'A0:B1', 'A1:B1048577', 'XFE1:XFF1', 'ZZZ1'];
    expect(readTable(PLAN, { merges: merges as never })).toEqual(plain);
    expect(readTable(PLAN, { merges: 'A1:B1' as never })).toEqual(plain);
  });

  it('takes limits that are not numbers as the defaults, and keeps only the roles prefer names', () => {
    for (const bad of [Object.create(null), {}, '3', null, NaN, [1]]) {
      expect(readTable(PLAN, { searchRows: bad as never, maxRows: bad as never })).toEqual(plain);
    }
    expect(readTable(PLAN, { prefer: 'kpi' as never })).toEqual(plain);
    expect(readTable(PLAN, { prefer: [null, 'bogus', 42] as never })).toEqual(plain);
    expect(readTable(PLAN, null as never)).toEqual(plain);
    expect(readTable(PLAN, { maxRows: 1 })!.lastRow).toBe(2);
    expect(readTable(PLAN, { maxRows: Infinity })!.lastRow).toBe(3);
  });

  it('reads options whose fields cannot be read as the defaults', () => {
    const hostile = Object.defineProperty({}, 'merges', {
      get() {
        throw new Error('no');
      },
    });
    expect(readTable(PLAN, hostile as never)).toEqual(plain);
  });

  it('cuts a merge as wide as the sheet to the width of the values', () => {
    const titled: unknown[][] = [['Sales plan 2026'], ...PLAN];
    const t = readTable(titled, { merges: ['A1:XFD1'] })!;
    expect(t).toMatchObject({ title: 'Sales plan 2026', headerRow: 2, roles: { kpi: 'A', target: 'B', weight: 'C' } });
    // A group header merged across the whole sheet: its columns end a few past the values.
    const twoRow: unknown[][] = [
      ['KPI', 'Weight', 'Targets'],
      ['', '', 'Threshold', 'Target', 'Stretch'],
      ['Revenue', 1, 80, 100, 120],
    ];
    const g = readTable(twoRow, { merges: ['A1:A2', 'B1:B2', 'C1:XFD1'] })!;
    expect(g.headerRows).toBe(2);
    expect(g.roles).toMatchObject({ kpi: 'A', weight: 'B', threshold: 'C', target: 'D', maximum: 'E' });
    expect(g.columns.length).toBeGreaterThanOrEqual(5);
    expect(g.columns.length).toBeLessThanOrEqual(5 + 8);
  });

  it('reads rows each merged as wide as the sheet under the header as it reads them unmerged', () => {
    const rows: unknown[][] = [PLAN[0]!, ...Array.from({ length: 60 }, (_, i) => [`KPI ${i + 1}`, i + 1, 0.01])];
    const merges = rows.slice(1).map((_, i) => `A${i + 2}:XFD${i + 2}`);
    const t = readTable(rows, { merges })!;
    expect(t).toMatchObject({ headerRow: 1, firstRow: 2, lastRow: 61 });
    expect(t.columns.length).toBeLessThanOrEqual(3 + 8);
  });
});
