/**
 * Reading a user's own KPI table: where its header is, which column holds what, and which rows
 * hold KPIs. Works on the values a host gives for a selected range or a sheet's used range
 * (strings, numbers, booleans, null or '' for blanks, error values as '#N/A' text), with the
 * merged areas when the host reports them.
 *
 * Real tables have titles, notes and `部门：销售部` lines above the header, headers over two rows
 * (a merged "目标值" above "门槛 / 目标 / 挑战"), headers with line breaks, brackets, units and
 * code-style names (`权重分解\n（100%）`, `Weight (%)`, `Target_Value`), and columns that look like
 * a role but are not (`上级评分（考核分数权重100%）` is a rating, `unit_id` an organisation unit,
 * `Trend` a status). The reader proposes a role per column for the user to confirm, with the
 * columns that compete for a role as alternatives. Pure functions; never throws on user data.
 */
import type { Locale } from '../types.js';
import { readTarget } from './read-values.js';

/** What a column of a KPI table can hold. */
export const ROLES = [
  'kpi',
  'perspective',
  'definition',
  'source',
  'direction',
  'unit',
  'baseline',
  'threshold',
  'target',
  'maximum',
  'weight',
  'owner',
  'period',
  'employee',
  'department',
  'actual',
  'comment',
] as const;
export type Role = (typeof ROLES)[number];

/**
 * Columns the reader recognises as none of the roles, so that words in their headers do not
 * suggest one: ratings and scores (`上级评分`, `完成率`), serial numbers, action plans, status or
 * trend, codes and ids, and supporting departments.
 */
export const OTHER_KINDS = ['score', 'serial', 'action', 'status', 'code', 'support'] as const;
export type OtherKind = (typeof OTHER_KINDS)[number];

/** The roles a plan cannot do without. */
export const REQUIRED_ROLES: readonly Role[] = ['kpi', 'target', 'weight'];

type To = Role | OtherKind;

/**
 * Header words, each with how strongly it names its role (0–10). Specific words score above
 * general ones, so `指标定义` is a definition and not a KPI, `挑战目标` a maximum and not a target.
 */
const RULES: readonly (readonly [To, RegExp, number])[] = [
  // Traps first: organisation units, assessed people, KPI codes.
  ['department', /\bunit\s*(id|code|name|no|number)\b|\bbusiness\s*units?\b|\borg(ani[sz]ation(al)?)?\s*units?\b|业务单元|组织单元|经营单元|所属单位|单位名称|工作单位|\bbu\b/, 10],
  ['owner', /责任单位|主责单位|牵头单位/, 10],
  ['employee', /被考核人|被考核者|被评估人|被评价人|考核对象|姓名|\b(employee|staff|full)\s*names?\b/, 10],
  ['employee', /\b(employee|emp|staff)\s*(id|no|number|code)\b|员工编号|工号/, 9.5],
  ['code', /\bids?\b|编码|代码|\bcode\b|指标编号|\bref\b/, 9],
  ['serial', /^(序号|序|编号|no|no\.|#|s\/?n|seq|item\s*no\.?|行号|nr)$/, 10],
  ['kpi', /\bkey\s*results?\b/, 10],
  // Definitions and scoring rules before scores.
  ['definition', /(评分|计分|考核|评价|打分|评定)(标准|规则|方法|办法|细则|说明)|计算(公式|方法|方式|口径|逻辑)|定义|口径|公式|释义|指标(说明|解释|描述)|\bdefinitions?\b|\bformulas?\b|\bcalculat\w*|\bhow\b.*\b(computed|calculated|measured|scored)\b|\bscoring\s*(rules?|methods?|criteria|guide)|\bcriteria\b|\bdescriptions?\b|\bdesc\b|\bmethodology\b/, 10],
  ['unit', /\bunits?\s*of\s*measures?\b|计量单位|度量单位/, 10],
  ['score', /评分|得分|打分|分数|\bscores?\b|\bscoring\b|\bratings?\b|评级|等级|\bgrades?\b|绩效系数|系数|完成率|达成率|达标率|完成比例|\bachievement\b|%\s*of\s*target|自评|上级评|考评结果|考核结果|\bpayout\b/, 9],
  ['source', /来源|数据提供|提供部门|取数|出处|\bsources?\b|\bsrc\b|\bdata\s*from\b|\bevidence\b/, 9],
  ['action', /行动|措施|举措|\bactions?\b|\binitiatives?\b|工作计划|重点工作|改进计划/, 9],
  ['support', /协同|配合|支持部门|\bsupport(ing)?\b|\bcontributors?\b|\bco-?owners?\b/, 9],
  ['status', /状态|趋势|进度|进展|红绿灯|\btrends?\b|\bstatus\b|\bprogress\b|\brag\b/, 9],
  ['direction', /方向|极性|正[\/、]?反向|指标性质|好坏|\bdirections?\b|\bpolarity\b|\bdir\b|\bbetter\s*(if|when)\b|\bhigher\b.*\blower\b/, 9],
  ['baseline', /基线|基准|起点|上年|去年|上期|上一年|历史|同期|\bbaselines?\b|\bbase\s*line\b|\bbase\b|\bprior\b|\blast\s*year\b|\bprevious\b|\bly\b/, 9],
  ['threshold', /门槛|阈值|底线|最低值|最低目标|最低要求|保底|及格|\bthresholds?\b|\bminimum\b|\bmin\b|\bfloor\b|\bentry\b/, 9],
  ['maximum', /挑战|最高值|最大值|上限|卓越|封顶|\bstretch\b|\bmaximum\b|\bmax\b|\bcap\b|\bceiling\b|\bexcellen\w*/, 9],
  ['weight', /权重|比重|\bweights?\b|\bweighting\b|\bweightage\b|\bwt\b|\bwgt\b/, 9],
  ['perspective', /维度|视角|层面|类别|类型|分类|板块|方面|\bperspectives?\b|\bcategor(y|ies)\b|\bdimensions?\b|\bpillars?\b|\bfocus\s*areas?\b|\bbsc\b|\btype\b|\barea\b/, 9],
  ['owner', /责任人|负责人|责任部门|主责|牵头|\bowners?\b|\bresponsible\b|\baccountable\b|\bresp\b|\bpic\b/, 9],
  ['period', /周期|频率|频次|考核期|\bperiods?\b|\bfrequency\b|\bfreq\b|\bcycle\b|\btimeframe\b/, 9],
  ['target', /指标值|标准值|目标|\btargets?\b|\btgt\b|\bgoals?\b/, 8],
  ['actual', /实际|实绩|完成值|完成情况|完成数|实现值|达成值|\bactuals?\b|\bresults?\b|\bachieved\b|\bact\b/, 8],
  ['comment', /备注|评语|意见|点评|批注|\bcomments?\b|\bnotes?\b|\bremarks?\b|\bfeedback\b|\bmemo\b/, 8],
  ['kpi', /\bkpis?\b|指标|考核项目|考核内容|考核项|考核要素|关键绩效|\bmetrics?\b|\bmeasures?\b|\bmeasurements?\b|\bindicators?\b|\bkras?\b/, 8],
  ['employee', /员工|\bemployees?\b|\bstaff\b|\bassociates?\b|\bname\b/, 7],
  ['department', /部门|科室|团队|事业部|分公司|\bdepartments?\b|\bdept\b|\bteams?\b|\bdivisions?\b|\bbranch\b/, 7],
  ['unit', /单位|\bunits?\b|\buom\b/, 8],
  ['weight', /分值|占比|\bpoints\b/, 6],
  ['target', /计划值|预算|\bplan(ned)?\b|\bbudget\b/, 6],
  ['kpi', /考核指标|项目|工作任务|关键任务|\bobjectives?\b|\bitems?\b/, 6],
  ['comment', /说明|\bexplanation\b/, 6],
  ['actual', /业绩|\bytd\b/, 5],
  ['period', /季度|月度|年度|时间|日期|截止|\bquarter(ly)?\b|\bmonth(ly)?\b|\byear(ly)?\b|\bdates?\b|\bdeadline\b|\bq[1-4]\b|\bh[12]\b/, 5],
];

/** Below this a column gets no role. */
const MIN_SCORE = 5;
/** Words in brackets count for this share: `上级评分（考核分数权重100%）` is a rating, not a weight. */
const BRACKET_SHARE = 0.5;
/** A group header over two-row headers counts for this share: "目标值" over "门槛". */
const PARENT_SHARE = 0.7;

/** Header text made comparable: full-width to plain, code style and camelCase to words, lower case. */
export function headerWords(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/([a-z])([A-Z][a-z])/g, '$1 $2')
    .replace(/[_\-.·]+(?=\S)/g, ' ')
    .replace(/[\s\u3000]+/g, ' ')
    .replace(/(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])/g, '')
    .toLowerCase()
    .trim();
}

/** Header text split into the words outside brackets and those inside. */
function splitBrackets(s: string): { main: string; inner: string } {
  const t = s.normalize('NFKC').replace(/【/g, '[').replace(/】/g, ']');
  const inner: string[] = [];
  const main = t.replace(/[([{]([^()[\]{}]*)[)\]}]/g, (_, x: string) => {
    inner.push(x);
    return ' ';
  });
  return { main: headerWords(main), inner: headerWords(inner.join(' ')) };
}

function scoreText(text: string, share: number, into: Map<To, number>): void {
  if (text === '') return;
  for (const [to, re, score] of RULES) {
    if (!re.test(text)) continue;
    const s = score * share;
    if ((into.get(to) ?? 0) < s) into.set(to, s);
  }
}

/** How strongly a header (and the group header over it) names each role or kind. */
function candidates(header: string, parent = ''): Map<To, number> {
  const out = new Map<To, number>();
  const h = splitBrackets(header);
  if (h.main !== '') {
    scoreText(h.main, 1, out);
    scoreText(h.inner, BRACKET_SHARE, out);
  } else scoreText(h.inner, 1, out);
  if (parent !== '' && parent !== header) {
    const p = splitBrackets(parent);
    scoreText(p.main !== '' ? p.main : p.inner, PARENT_SHARE, out);
  }
  return out;
}

const isRole = (t: To): t is Role => (ROLES as readonly string[]).includes(t);

/** One column of a table, with the role proposed for it. */
export interface TableColumn {
  /** 0-based index in the values. */
  readonly index: number;
  /** The column's letters on the sheet. */
  readonly letter: string;
  /** The header as written; a two-row header reads "group / header" ("目标值 / 门槛"). */
  readonly header: string;
  /** The role proposed; none when the header names none (or names one another column holds better). */
  readonly role?: Role;
  /** What the column holds when it is none of the roles (a score, a serial number ...). */
  readonly kind?: OtherKind;
  /** Other roles the header could mean, best first. */
  readonly alternatives: readonly Role[];
  /** 0–1: how clearly the header names the role proposed (or the kind). */
  readonly confidence: number;
}

export interface HeaderRead {
  readonly columns: readonly TableColumn[];
  /** The column letters proposed per role. */
  readonly roles: Partial<Record<Role, string>>;
  /** Other columns that could hold a role, best first (a second "目标" column). */
  readonly alternatives: Partial<Record<Role, readonly string[]>>;
  /** kpi, target and weight where no column names them. */
  readonly missing: readonly Role[];
}

/** A sheet's last column (XFD) and last row: cells past them are not part of any table. */
export const SHEET_COLUMNS = 16384;
export const SHEET_ROWS = 1048576;
/** Columns a merged area may reach past the widest row of values (a group header over blank cells). */
const MERGE_MARGIN = 8;

/** Column letters: 1 → A, 27 → AA; never throws. */
function letters(n: number): string {
  let x = Math.max(1, Math.floor(n));
  let out = '';
  while (x > 0) {
    const rem = (x - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    x = Math.floor((x - 1) / 26);
  }
  return out;
}

/** 1–16384 for the letters of a column on a sheet (A to XFD); NaN for anything else. */
function lettersToNumber(s: string): number {
  if (typeof s !== 'string' || s.length < 1 || s.length > 3) return NaN;
  let n = 0;
  for (const ch of s.toUpperCase()) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) return NaN;
    n = n * 26 + (c - 64);
  }
  return n <= SHEET_COLUMNS ? n : NaN;
}

/** A first column as callers write it: letters A–XFD in any case, with spaces or a `$` around them; else A. */
function firstColumnNumber(first: unknown): number {
  if (typeof first !== 'string') return 1;
  const n = lettersToNumber(first.trim().replace(/^\$/, ''));
  return Number.isFinite(n) ? n : 1;
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.replace(/[\s\u3000]+/g, ' ').trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const code = (v as { code?: unknown }).code;
  return typeof code === 'string' ? code : '';
}

/**
 * Proposes a role for each header of one header row. `headers` are the cells left to right;
 * `parents` the group header over each (two-row headers), `firstColumn` the letters of the first
 * cell's column: A to XFD in any case (`$C` and ` c ` read as C); anything else (`ZZZ`, `A1`, ``)
 * reads as A. Each role goes to the column that names it most clearly (the leftmost on a tie);
 * the others that name it are its alternatives. Columns stay one per header, but headers that
 * fall past the sheet's last column (XFD) are not part of the table: they are listed blank, with
 * no role, kind or alternatives.
 */
export function readHeader(headers: readonly unknown[], firstColumn = 'A', parents: readonly unknown[] = []): HeaderRead {
  const origin = firstColumnNumber(firstColumn);
  const cells: readonly unknown[] = Array.isArray(headers) ? headers : [];
  const above: readonly unknown[] = Array.isArray(parents) ? parents : [];
  const inSheet = SHEET_COLUMNS - origin + 1;
  const texts = Array.from(cells, (v, i) => (i < inSheet ? cellText(v) : ''));
  const cands = texts.map((t, i) => (i < inSheet ? candidates(t, cellText(above[i])) : new Map<To, number>()));
  const kindOf: (OtherKind | undefined)[] = [];
  const best: number[] = [];
  const offers: { col: number; role: Role; score: number }[] = [];
  cands.forEach((m, col) => {
    let top = 0;
    let kind: OtherKind | undefined;
    for (const [to, s] of m) {
      if (!isRole(to) && s > top) {
        top = s;
        kind = to;
      }
    }
    let roleTop = 0;
    for (const [to, s] of m) {
      if (isRole(to) && s >= MIN_SCORE && s > top) {
        offers.push({ col, role: to, score: s });
        roleTop = Math.max(roleTop, s);
      }
    }
    kindOf[col] = top >= MIN_SCORE && top >= roleTop ? kind : undefined;
    best[col] = Math.max(top, roleTop);
  });
  offers.sort((a, b) => b.score - a.score || a.col - b.col || ROLES.indexOf(a.role) - ROLES.indexOf(b.role));
  const assigned = new Map<number, { role: Role; score: number }>();
  const roles: Partial<Record<Role, string>> = {};
  const taken = new Set<Role>();
  for (const o of offers) {
    if (taken.has(o.role) || assigned.has(o.col)) continue;
    // A column keeps to its best role: a weaker reading only stands in when its best is taken.
    const colBest = Math.max(...offers.filter((x) => x.col === o.col).map((x) => x.score));
    if (o.score < colBest && offers.some((x) => x.col === o.col && x.score === colBest && !taken.has(x.role))) continue;
    taken.add(o.role);
    assigned.set(o.col, { role: o.role, score: o.score });
    roles[o.role] = letters(origin + o.col);
  }
  const alternatives: Partial<Record<Role, string[]>> = {};
  for (const o of offers) {
    if (assigned.get(o.col)?.role === o.role) continue;
    if (roles[o.role] === undefined) continue;
    (alternatives[o.role] ??= []).push(letters(origin + o.col));
  }
  const columns: TableColumn[] = texts.map((t, col) => {
    const a = assigned.get(col);
    const parent = col < inSheet ? cellText(above[col]) : '';
    const header = parent !== '' && parent !== t ? (t === '' ? parent : `${parent} / ${t}`) : t;
    const alts = offers.filter((o) => o.col === col && o.role !== a?.role).map((o) => o.role);
    const kind = a === undefined ? kindOf[col] : undefined;
    const score = a?.score ?? (kind !== undefined ? best[col]! : 0);
    return {
      index: col,
      letter: letters(origin + col),
      header,
      ...(a !== undefined ? { role: a.role } : {}),
      ...(kind !== undefined ? { kind } : {}),
      alternatives: [...new Set(alts)],
      confidence: Math.round(Math.min(1, score / 10) * 100) / 100,
    };
  });
  return { columns, roles, alternatives, missing: REQUIRED_ROLES.filter((r) => roles[r] === undefined) };
}

/** A merged area of the values: 0-based row and column of its top-left cell, and its size. */
export interface MergeArea {
  readonly row: number;
  readonly column: number;
  readonly rows: number;
  readonly columns: number;
}

/**
 * How to read a table. Options of the wrong kind are ignored, never refused: an origin off the
 * sheet (column past XFD, row past 1,048,576, not whole numbers) reads as A1, a limit that is not
 * a number takes its default, merges that are not areas or A1 ranges are skipped, and `prefer`
 * keeps only the roles it names.
 */
export interface ReadTableOptions {
  /** Sheet row and column (1-based) of the values' top-left cell; default A1. */
  readonly origin?: { readonly row: number; readonly column: number };
  /**
   * Merged areas, as 0-based positions in the values or as A1 ranges on the sheet ("C3:E3").
   * Areas are cut to the width of the values (plus a few columns), so a merge as wide as the sheet
   * costs no more than one as wide as the table.
   */
  readonly merges?: readonly (MergeArea | string)[];
  /** How many rows from the top the header may start on; default 12. */
  readonly searchRows?: number;
  /** The most data rows read; default 500. */
  readonly maxRows?: number;
  /** Roles a header row should name: rows that name them all are preferred (a plan: kpi, target, weight). */
  readonly prefer?: readonly Role[];
}

/** Something the reader noticed, for the user to see (worded by `tableNoteMessage`). */
export type TableNote =
  | { readonly code: 'twoRowHeader'; readonly row: number }
  | { readonly code: 'unitRow'; readonly row: number }
  | { readonly code: 'totalRow'; readonly row: number }
  | { readonly code: 'endsAt'; readonly row: number }
  | { readonly code: 'competing'; readonly role: Role; readonly chosen: string; readonly others: readonly string[] }
  | { readonly code: 'missing'; readonly roles: readonly Role[] };

export interface TableRead extends HeaderRead {
  /** Sheet row of the (first) header row. */
  readonly headerRow: number;
  /** 1, or 2 for a header over two rows. */
  readonly headerRows: number;
  /** Sheet rows of the data: the first after the header, the last before a total row or the notes. */
  readonly firstRow: number;
  /** Below firstRow when the table has no data rows. */
  readonly lastRow: number;
  /** A title above the header: the first text there that is not a `label：value` line. */
  readonly title?: string;
  /** `label：value` lines above the header ("部门：销售部", "Period: 2026 Q1"), in order. */
  readonly labels: readonly { readonly row: number; readonly label: string; readonly value: string }[];
  readonly notes: readonly TableNote[];
}

const TOTAL = /^(合计|总计|小计|总分|合计得分|total|totals|sum|subtotal|grand total|overall)[:：]?$/i;
const NOTE_START =
  /^(注|备注|说明|附注|注意|填表说明|签字|签名|审批|审核|批准|确认|考核人|被考核人|日期)(人|栏)?\s*([:：、.\d]|$)|^(note|notes|remark|remarks|approved|signature|sign-?off|prepared by|reviewed by)\b|^\*/i;
const LABEL_VALUE = /^([^:：]{1,20})[:：]\s*(.+)$/;

type Grid = string[][];

/** A row's cells up to the sheet's last column (`width` cells from the values' first column). */
function clipRow(row: readonly unknown[] | undefined, width: number): readonly unknown[] | undefined {
  return Array.isArray(row) && row.length > width ? row.slice(0, width) : row;
}

/**
 * Cells of the top rows as text (up to `width` columns), with merged areas filled from their
 * top-left cell. Merged areas reach at most a few columns past the widest row.
 */
function gridOf(values: readonly (readonly unknown[])[], rows: number, merges: readonly MergeArea[], width: number): { grid: Grid; merged: boolean[][] } {
  const grid: Grid = [];
  const merged: boolean[][] = [];
  let widest = 0;
  for (let r = 0; r < rows; r++) {
    const row = clipRow(values[r], width);
    grid.push(Array.isArray(row) ? Array.from(row, cellText) : []);
    merged.push([]);
    widest = Math.max(widest, grid[r]!.length);
  }
  const reach = Math.min(width, widest + MERGE_MARGIN);
  for (const m of merges) {
    if (m.row >= rows || m.column >= reach) continue;
    const v = grid[m.row]?.[m.column] ?? '';
    const end = Math.min(reach, m.column + m.columns);
    for (let r = m.row; r < Math.min(rows, m.row + m.rows); r++) {
      for (let c = m.column; c < end; c++) {
        const g = grid[r]!;
        while (g.length <= c) g.push('');
        if (r !== m.row || c !== m.column) g[c] = v;
        merged[r]![c] = m.columns > 1 && r === m.row ? true : (merged[r]![c] ?? false);
      }
    }
  }
  return { grid, merged };
}

/** A merged area as a position in the values; undefined for anything that is not one (null, NaN, "A0"). */
function parseMerge(m: unknown, origin: { row: number; column: number }): MergeArea | undefined {
  if (typeof m === 'object' && m !== null) {
    const [row, column, rows, columns] = (['row', 'column', 'rows', 'columns'] as const).map((k) => option(m, k));
    const ok = [row, column, rows, columns].every((x) => Number.isSafeInteger(x));
    if (!ok) return undefined;
    const a = { row: row as number, column: column as number, rows: rows as number, columns: columns as number };
    return a.rows >= 1 && a.columns >= 1 && a.row >= 0 && a.column >= 0 ? a : undefined;
  }
  if (typeof m !== 'string') return undefined;
  const x = /^(?:.*!)?\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$/.exec(m.trim());
  if (!x) return undefined;
  const c1 = lettersToNumber(x[1]!);
  const r1 = Number(x[2]);
  const c2 = x[3] !== undefined ? lettersToNumber(x[3]) : c1;
  const r2 = x[4] !== undefined ? Number(x[4]) : r1;
  if (![c1, c2].every(Number.isFinite) || ![r1, r2].every((r) => r >= 1 && r <= SHEET_ROWS)) return undefined;
  const row = Math.min(r1, r2) - origin.row;
  const column = Math.min(c1, c2) - origin.column;
  if (row < 0 || column < 0) return undefined;
  return { row, column, rows: Math.abs(r2 - r1) + 1, columns: Math.abs(c2 - c1) + 1 };
}

/** A row that reads as numbers or `label：value` lines rather than as headers. */
function isDataLike(values: readonly unknown[] | undefined): boolean {
  if (!values) return false;
  return values.some((v) => typeof v === 'number' || (typeof v === 'string' && /\d/.test(v) && readTarget(v).ok));
}

interface Candidate {
  row: number;
  rows: number;
  headers: string[];
  parents: string[];
  read: HeaderRead;
  score: number;
}

function judge(read: HeaderRead, raw: readonly unknown[] | undefined, prefer: readonly Role[]): number {
  let score = 0;
  let named = 0;
  for (const c of read.columns) {
    if (c.role !== undefined) {
      score += c.confidence;
      named++;
    } else if (c.kind !== undefined) {
      score += c.confidence * 0.5;
      named++;
    }
  }
  if (named < 2) return -1;
  if (raw) {
    for (const v of raw) {
      if (typeof v === 'number' || (typeof v === 'string' && /\d/.test(v) && readTarget(v).ok)) score -= 1;
      else if (typeof v === 'string' && LABEL_VALUE.test(v.trim()) && !/[:：]\s*$/.test(v)) score -= 1;
    }
  }
  if (prefer.length > 0 && prefer.every((r) => read.roles[r] !== undefined)) score += 100;
  return score;
}

/**
 * The group header over each column of a two-row header, or undefined when the two rows do not
 * read as one header. With merges known, a horizontal merge in the upper row is a group; without,
 * a text in the upper row followed by blanks over texts in the lower row is one.
 */
function twoRows(upper: string[], lower: string[], upperMerged: boolean[]): { headers: string[]; parents: string[] } | undefined {
  const width = Math.max(upper.length, lower.length);
  const headers: string[] = [];
  const parents: string[] = [];
  let groupColumns = 0;
  let standalone = 0;
  let parent = '';
  let parentCol = -2;
  for (let c = 0; c < width; c++) {
    const u = upper[c] ?? '';
    const l = lower[c] ?? '';
    if (upperMerged[c] && u !== '') {
      if (l !== '' && l !== u) {
        headers.push(l);
        parents.push(u);
        groupColumns++;
      } else {
        headers.push(u);
        parents.push('');
      }
      continue;
    }
    if (u !== '' && (l === '' || l === u)) standalone++;
    if (u !== '') {
      parent = u;
      parentCol = c;
      if (l !== '' && l !== u && (lower[c + 1] ?? '') !== '' && (upper[c + 1] ?? '') === '') {
        headers.push(l);
        parents.push(u);
        groupColumns++;
      } else if (l !== '' && l !== u) {
        headers.push(`${u} ${l}`);
        parents.push('');
      } else {
        headers.push(u);
        parents.push('');
      }
      continue;
    }
    if (l !== '') {
      const inGroup = parent !== '' && parentCol >= 0 && (lower[c - 1] ?? '') !== '' && (lower[parentCol] ?? '') !== '' && contiguous(lower, parentCol, c);
      headers.push(l);
      parents.push(inGroup ? parent : '');
      if (inGroup) groupColumns++;
      else parent = '';
      continue;
    }
    parent = '';
    headers.push('');
    parents.push('');
  }
  return groupColumns >= 2 && standalone >= 1 ? { headers, parents } : undefined;
}

function contiguous(lower: string[], from: number, to: number): boolean {
  for (let c = from; c <= to; c++) if ((lower[c] ?? '') === '') return false;
  return true;
}

/**
 * Reads a KPI table from a block of values: finds the header row among the first rows (one row,
 * or two with group headers over them), proposes a role for every column, and finds the data
 * rows below it up to a total row, notes, or two blank rows. Null when no row among the first
 * `searchRows` names at least two columns.
 */
export function readTable(values: readonly (readonly unknown[])[], options: ReadTableOptions = {}): TableRead | null {
  if (!Array.isArray(values)) return null;
  const o = tableOptions(options);
  const { origin, searchRows, maxRows, prefer } = o;
  // Cells past the sheet's last column are not part of the table.
  const width = SHEET_COLUMNS - origin.column + 1;
  const merges = o.merges.map((m) => parseMerge(m, origin)).filter((m): m is MergeArea => m !== undefined);
  const top = Math.min(values.length, searchRows + 1);
  const { grid, merged } = gridOf(values, top, merges, width);
  const firstLetter = letters(origin.column);
  let best: Candidate | undefined;
  const consider = (c: Candidate) => {
    if (c.score < 0) return;
    if (best === undefined || c.score > best.score + 1e-9) best = c;
  };
  for (let r = 0; r < Math.min(searchRows, values.length); r++) {
    const headers = grid[r] ?? [];
    if (headers.every((h) => h === '')) continue;
    const single = readHeader(headers, firstLetter);
    const singleScore = judge(single, clipRow(values[r], width), prefer);
    consider({ row: r, rows: 1, headers, parents: [], read: single, score: singleScore });
    if (r + 1 < top && !isDataLike(clipRow(values[r + 1], width)) && !isDataLike(clipRow(values[r], width))) {
      const pair = twoRows(headers, grid[r + 1] ?? [], merged[r] ?? []);
      if (pair) {
        const read = readHeader(pair.headers, firstLetter, pair.parents);
        const score = judge(read, undefined, prefer);
        if (score > Math.max(singleScore, 0)) consider({ row: r, rows: 2, headers: pair.headers, parents: pair.parents, read, score: score + 0.01 });
      }
    }
  }
  if (best === undefined) return null;
  const head: Candidate = best;
  const notes: TableNote[] = [];
  if (head.rows === 2) notes.push({ code: 'twoRowHeader', row: origin.row + head.row });
  // Above the header: a title and label: value lines.
  let title: string | undefined;
  const labels: { row: number; label: string; value: string }[] = [];
  for (let r = 0; r < head.row; r++) {
    for (const t of grid[r] ?? []) {
      if (t === '') continue;
      const lv = LABEL_VALUE.exec(t);
      if (lv && lv[2]!.trim() !== '') labels.push({ row: origin.row + r, label: lv[1]!.trim(), value: lv[2]!.trim() });
      else if (title === undefined) title = t;
    }
  }
  // The data rows.
  const kpiIndex = head.read.columns.find((c) => c.role === 'kpi')?.index;
  const dataStart = head.row + head.rows;
  let first = dataStart;
  while (first < values.length && rowBlank(values[first])) first++;
  // A row of units under the header ("%", "（万元）", "天") belongs to the header.
  if (first < values.length && isUnitRow(values[first]!, kpiIndex)) {
    notes.push({ code: 'unitRow', row: origin.row + first });
    first++;
    while (first < values.length && rowBlank(values[first])) first++;
  }
  let last = first - 1;
  let blanks = 0;
  for (let i = first; i < values.length && i - first < maxRows; i++) {
    const row = values[i] ?? [];
    if (rowBlank(row)) {
      if (++blanks >= 2) break;
      continue;
    }
    blanks = 0;
    if (isTotal(row, kpiIndex)) {
      notes.push({ code: 'totalRow', row: origin.row + i });
      break;
    }
    if (isNote(row)) {
      notes.push({ code: 'endsAt', row: origin.row + i });
      break;
    }
    last = i;
  }
  if (first >= values.length) first = dataStart;
  for (const role of ROLES) {
    const others = head.read.alternatives[role];
    const chosen = head.read.roles[role];
    if (chosen !== undefined && others !== undefined && others.length > 0) notes.push({ code: 'competing', role, chosen, others });
  }
  if (head.read.missing.length > 0) notes.push({ code: 'missing', roles: head.read.missing });
  return {
    ...head.read,
    headerRow: origin.row + head.row,
    headerRows: head.rows,
    firstRow: origin.row + first,
    lastRow: origin.row + Math.max(last, first - 1),
    ...(title !== undefined ? { title } : {}),
    labels,
    notes,
  };
}

interface TableOptions {
  readonly origin: { readonly row: number; readonly column: number };
  readonly merges: readonly unknown[];
  readonly searchRows: number;
  readonly maxRows: number;
  readonly prefer: readonly Role[];
}

/** A whole number from `min` up, or undefined (NaN, text, objects); Infinity is kept for a limit. */
function limit(v: unknown, min: number, max: number): number | undefined {
  if (typeof v !== 'number' || Number.isNaN(v)) return undefined;
  return Math.min(max, Math.max(min, Math.floor(v)));
}

/** Reads one field of the options, as undefined where reading it fails (a getter that throws). */
function option(from: object, key: string): unknown {
  try {
    return (from as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** The options with each one of the wrong kind replaced by its default. */
function tableOptions(options: unknown): TableOptions {
  const from = typeof options === 'object' && options !== null ? options : {};
  const at = option(from, 'origin');
  let row = 1;
  let column = 1;
  if (typeof at === 'object' && at !== null) {
    const r = option(at, 'row');
    const c = option(at, 'column');
    if (Number.isInteger(r) && (r as number) >= 1 && (r as number) <= SHEET_ROWS) row = r as number;
    if (Number.isInteger(c) && (c as number) >= 1 && (c as number) <= SHEET_COLUMNS) column = c as number;
  }
  const merges = option(from, 'merges');
  const prefer = option(from, 'prefer');
  return {
    origin: { row, column },
    merges: Array.isArray(merges) ? merges : [],
    searchRows: limit(option(from, 'searchRows'), 1, 200) ?? 12,
    maxRows: limit(option(from, 'maxRows'), 1, Infinity) ?? 500,
    prefer: Array.isArray(prefer) ? prefer.filter((r): r is Role => typeof r === 'string' && isRole(r as To)) : [],
  };
}

const UNIT_CELL = /^[(（[]?\s*(%|‰|pp|个百分点|元|万元|亿元|千元|万|天|日|小时|分钟|h|hrs?|hours?|days?|min|个|次|人|人次|家|件|项|台|篇|单|笔|分|¥|\$|€|£|usd|cny|rmb|次\/月|件\/月|个\/月)\s*[)）\]]?$/i;

/** A row of units only (at least one), with nothing under the KPI header. */
function isUnitRow(row: readonly unknown[], kpiIndex: number | undefined): boolean {
  if (kpiIndex !== undefined && cellText(row[kpiIndex]) !== '') return false;
  const texts = row.map(cellText).filter((t) => t !== '');
  return texts.length > 0 && texts.every((t) => UNIT_CELL.test(t.normalize('NFKC')));
}

function rowBlank(row: readonly unknown[] | undefined): boolean {
  return !Array.isArray(row) || row.every((v) => cellText(v) === '');
}

/** A total row: its first words (up to the KPI column) are all 合计 / Total. */
function isTotal(row: readonly unknown[], kpiIndex: number | undefined): boolean {
  const upto = kpiIndex === undefined ? row.length : kpiIndex + 1;
  const words = row.slice(0, Math.max(upto, 1)).map(cellText).filter((t) => t !== '');
  if (words.length > 0 && words.every((t) => TOTAL.test(t.replace(/\s+/g, '')))) return true;
  const firstWord = row.map(cellText).find((t) => t !== '');
  return firstWord !== undefined && TOTAL.test(firstWord.replace(/\s+/g, '')) && kpiIndex === undefined;
}

/** A note under the table: one text cell that starts like a note or is a `label：value` line. */
function isNote(row: readonly unknown[]): boolean {
  const texts = row.map(cellText).filter((t) => t !== '');
  if (texts.length !== 1) return false;
  const t = texts[0]!;
  return NOTE_START.test(t) || (LABEL_VALUE.test(t) && t.length > 0 && !/^\d/.test(t));
}

const ROLE_NAMES: Readonly<Record<Locale, Readonly<Record<Role, string>>>> = {
  en: {
    kpi: 'KPI',
    perspective: 'perspective',
    definition: 'definition',
    source: 'data source',
    direction: 'direction',
    unit: 'unit',
    baseline: 'baseline',
    threshold: 'threshold',
    target: 'target',
    maximum: 'maximum',
    weight: 'weight',
    owner: 'owner',
    period: 'period',
    employee: 'employee',
    department: 'department',
    actual: 'actual',
    comment: 'comment',
  },
  'zh-CN': {
    kpi: '指标',
    perspective: '维度',
    definition: '指标定义',
    source: '数据来源',
    direction: '指标方向',
    unit: '单位',
    baseline: '基线值',
    threshold: '门槛值',
    target: '目标值',
    maximum: '挑战值',
    weight: '权重',
    owner: '责任人',
    period: '考核周期',
    employee: '员工',
    department: '部门',
    actual: '实际值',
    comment: '备注',
  },
};

/** A role's name in the user's language. */
export function roleName(role: Role, lang: Locale): string {
  return (ROLE_NAMES[lang] ?? ROLE_NAMES.en)[role];
}

/** A note about a table, in the user's language. */
export function tableNoteMessage(note: TableNote, lang: Locale): string {
  const zh = lang === 'zh-CN';
  const name = (r: Role) => roleName(r, zh ? 'zh-CN' : 'en');
  switch (note.code) {
    case 'twoRowHeader':
      return zh ? `表头占第 ${note.row}–${note.row + 1} 行（上行为分组标题）。` : `The header spans rows ${note.row}–${note.row + 1} (group headings above).`;
    case 'unitRow':
      return zh ? `第 ${note.row} 行是单位行，算作表头。` : `Row ${note.row} holds units and is read as part of the header.`;
    case 'totalRow':
      return zh ? `第 ${note.row} 行是合计行，未作为指标读取。` : `Row ${note.row} is a total row and is not read as a KPI.`;
    case 'endsAt':
      return zh ? `表格在第 ${note.row} 行的说明文字前结束。` : `The table ends before the notes on row ${note.row}.`;
    case 'competing':
      return zh
        ? `“${name(note.role)}”取 ${note.chosen} 列；${note.others.join('、')} 列也可能是。`
        : `${name(note.role)}: column ${note.chosen} is proposed; column ${note.others.join(', ')} could also be it.`;
    case 'missing':
      return zh ? `未找到这些列：${note.roles.map(name).join('、')}。` : `No column found for: ${note.roles.map(name).join(', ')}.`;
  }
}
