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
