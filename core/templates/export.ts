/**
 * Actuals from a system export: a sheet where users paste an export as it comes from their HR,
 * CRM or finance system, either long (one row per employee, KPI and value, often with a date) or
 * wide (one row per employee, one column per KPI). The export is read like a user's KPI table
 * (`readTable` finds the header and proposes roles); once the user confirms the mapping, the
 * review's actual for a row comes from the export by native formulas (SUMIFS on the employee and
 * the KPI, and on the dates between the review's period start and end when the export has dates)
 * unless the manager typed one.
 *
 * The user's export sheet is never changed. What the review cannot use is never dropped silently:
 * at generation `unmatchedRows` lists export rows whose employee or KPI matches no review row, and
 * the generated "Export check" sheet says per export row ✓ or ✗ and why, live, with a count at its
 * top. Pure functions: they never throw on user data.
 */
import type { Locale, Localized } from '../types.js';
import { abs, col, colNumber, onSheet, range } from './a1.js';
import { f, helperColumn, v, type ColumnDef, type WorkbookBuilder } from './builder.js';
import { showRef, str, textFormula } from './formulas.js';
import { headerWords, readHeader, readTable, type MergeArea, type Role, type TableNote, type TableRead } from './read-table.js';
import { readNumber, visibleText } from './read-values.js';
import type { TableLayout } from './types.js';
import type { ActualSource } from './review.js';

/** The confirmed reading of a system export (the shape of ui/bridge.ts ExportRequest). */
export interface ExportRequest {
  readonly sheet: string;
  readonly mapping: {
    readonly headerRow: number;
    readonly firstRow: number;
    readonly lastRow: number;
    /** Roles → column letters: employee, and kpi + actual (long), optional period (dates). */
    readonly columns: Partial<Record<Role, string>>;
    /** Wide exports: KPI name → column letters. */
    readonly kpiColumns?: Readonly<Record<string, string>>;
  };
}

export type { ActualSource } from './review.js';

/** The roles an export's columns can take. */
export const EXPORT_ROLES = ['employee', 'kpi', 'actual', 'period'] as const;
export type ExportRole = (typeof EXPORT_ROLES)[number];

/** Why an export cell gives the review nothing (or not what it seems). */
export type ExportProblemCode =
  /** A row with values but no employee. */
  | 'noEmployee'
  /** A long export's row with a value but no KPI. */
  | 'noKpi'
  /** A long export's row with no value. */
  | 'noValue'
  /** A number typed as text (`1,200`, `85%`, `１２００`): SUMIFS does not add text. */
  | 'textNumber'
  /** Text that is no number (`n/a`, `TBD`, `#N/A`). */
  | 'notNumber'
  /** A date typed as text: the date bounds cannot compare it. */
  | 'textDate'
  /** Spaces before or after a name: the review's matching does not trim the export's cells. */
  | 'spaces'
  /** `*`, `?` or `~` in a name: matching reads them as wildcards. */
  | 'wildcard';

export interface ExportProblem {
  /** The cell on the export sheet ("C7"). */
  readonly cell: string;
  readonly row: number;
  /** The role of the cell, or the KPI name of a wide export's column. */
  readonly field: string;
  /** The cell as text (invisible characters escaped). */
  readonly text: string;
  readonly code: ExportProblemCode;
  readonly message: Localized;
}

/** An export as read from a sheet's values, for the user to confirm. */
export interface ExportProposal {
  readonly sheet: string;
  readonly shape: 'long' | 'wide';
  readonly headerRow: number;
  readonly headerRows: number;
  readonly firstRow: number;
  readonly lastRow: number;
  /** The columns, left to right: header as written, up to two values (as displayed), the role proposed. */
  readonly columns: readonly { readonly letter: string; readonly header: string; readonly samples: readonly string[]; readonly role?: ExportRole; readonly kpi?: string }[];
  /** Roles → column letters. */
  readonly roles: Partial<Record<ExportRole, string>>;
  /** Wide: KPI name → column letters (the plan's KPI name where a header matches one). */
  readonly kpiColumns: Readonly<Record<string, string>>;
  /** Roles the export needs and no column was found for. */
  readonly missing: readonly ExportRole[];
  readonly problems: readonly ExportProblem[];
  readonly notes: readonly TableNote[];
  /** The proposal as a request, ready to pass on once the user confirms it. */
  readonly request: ExportRequest;
}

export interface ReadExportOptions {
  /** The export sheet's name (for the request). */
  readonly sheet?: string;
  /** The plan's KPI names: a wide export's KPI columns are the headers that match them. */
  readonly kpis?: readonly string[];
  readonly origin?: { readonly row: number; readonly column: number };
  readonly merges?: readonly (MergeArea | string)[];
}

type Words = Readonly<Record<string, string>>;

/** The words of exports, in each language. */
const WORDS: Readonly<Record<Locale, Words>> = {
  en: {
    sheet: 'Export check',
    title: 'Export check: {sheet}',
    note: 'One line per row of the export sheet "{sheet}" (never changed). ✗ rows give the review nothing: fix them in the export, or type the actual in the review.',
    allOk: '✓ every row of the export is counted ({m} rows)',
    someBad: '✗ {n} of {m} rows of the export are not counted',
    below: '✗ {n} filled rows below row {row} of the export are not read: the review reads rows {first} to {row}. Make the review again from the export to count them.',
    'col.row': 'Export row',
    'col.employee': 'Employee',
    'col.kpi': 'KPI',
    'col.value': 'Value',
    'col.date': 'Date',
    'col.check': 'Check',
    'col.column': 'Column',
    ok: '✓',
    noEmployee: '✗ no employee',
    noKpi: '✗ no KPI',
    noValue: '✗ no value',
    unknownEmployee: '✗ no such employee in the review',
    unknownKpi: '✗ no such KPI in the plan',
    spaces: '✗ spaces around the name: not counted',
    wildcard: '✗ * ? ~ or a leading = < > in the name: the sheet cannot match it reliably',
    textNumber: '✗ number typed as text: not counted',
    textDate: '✗ date typed as text: not counted',
    noDate: '✗ no date while the review has a period: not counted',
    outside: '✗ outside the review\'s period: not counted',
    textInExport: 'text in the export',
    kpis: 'KPI columns',
    'p.noEmployee': 'Row {row} has values but no employee.',
    'p.noKpi': 'Row {row} has a value but no KPI.',
    'p.noValue': 'Row {row} has no value.',
    'p.textNumber': '{cell}: "{text}" is a number typed as text; the sheet\'s formulas do not add it. Type it as a number in the export.',
    'p.notNumber': '{cell}: "{text}" is not a number.',
    'p.textDate': '{cell}: "{text}" is a date typed as text; the period\'s dates cannot compare it.',
    'p.spaces': '{cell}: "{text}" has spaces around it; the review matches names without them.',
    'p.wildcard': '{cell}: "{text}" holds * ? or ~, or starts with = < >, which the sheet\'s matching reads as wildcards or comparisons.',
    'u.employee': 'Row {row}: no such employee in the review ("{employee}").',
    'u.kpi': 'Row {row}: no such KPI in the plan ("{kpi}").',
    'u.column': 'Column {column}: no such KPI in the plan ("{kpi}").',
    bad: 'The export cannot feed the review: {what}.',
    'bad.sheet': 'no export sheet is named',
    'bad.rows': 'its rows are not set',
    'bad.employee': 'no column holds the employee',
    'bad.kpi': 'no column holds the KPI',
    'bad.actual': 'no column holds the value',
    'bad.kpiColumns': 'a KPI column is not a column of the sheet',
    'bad.period': 'the date column is not a column of the sheet',
  },
  'zh-CN': {
    sheet: '导出核对',
    title: '导出核对：{sheet}',
    note: '每行对应导出表“{sheet}”的一行（导出表不会被改动）。✗ 行不计入考核表：请在导出表中修正，或在考核表中直接填写实际值。',
    allOk: '✓ 导出表各行均已计入（共 {m} 行）',
    someBad: '✗ 导出表 {m} 行中有 {n} 行未计入',
    below: '✗ 导出表第 {row} 行以下有 {n} 行数据未被读取：考核表只读取第 {first} 至 {row} 行。请根据导出表重新生成考核表以计入这些行。',
    'col.row': '导出行号',
    'col.employee': '员工',
    'col.kpi': '指标',
    'col.value': '数值',
    'col.date': '日期',
    'col.check': '核对',
    'col.column': '列',
    ok: '✓',
    noEmployee: '✗ 缺少员工',
    noKpi: '✗ 缺少指标',
    noValue: '✗ 缺少数值',
    unknownEmployee: '✗ 考核表中无此员工',
    unknownKpi: '✗ 计划中无此指标',
    spaces: '✗ 名称前后有空格：未计入',
    wildcard: '✗ 名称含 * ? ~ 或以 = < > 开头：表格无法可靠匹配',
    textNumber: '✗ 数值为文本：未计入',
    textDate: '✗ 日期为文本：未计入',
    noDate: '✗ 考核表已设期间，此行无日期：未计入',
    outside: '✗ 不在考核期间内：未计入',
    textInExport: '导出中为文本',
    kpis: '指标列',
    'p.noEmployee': '第 {row} 行有数值但缺少员工。',
    'p.noKpi': '第 {row} 行有数值但缺少指标。',
    'p.noValue': '第 {row} 行缺少数值。',
    'p.textNumber': '{cell}：“{text}”是以文本形式输入的数值，表格公式不会计入。请在导出表中改为数值。',
    'p.notNumber': '{cell}：“{text}”不是数值。',
    'p.textDate': '{cell}：“{text}”是以文本形式输入的日期，无法按考核期日期比较。',
    'p.spaces': '{cell}：“{text}”前后有空格，考核表按去掉空格的名称匹配。',
    'p.wildcard': '{cell}：“{text}”含有 * ? ~ 或以 = < > 开头，表格匹配时会当作通配符或比较符。',
    'u.employee': '第 {row} 行：考核表中无此员工（“{employee}”）。',
    'u.kpi': '第 {row} 行：计划中无此指标（“{kpi}”）。',
    'u.column': '{column} 列：计划中无此指标（“{kpi}”）。',
    bad: '导出表无法用于考核表：{what}。',
    'bad.sheet': '未指定导出工作表',
    'bad.rows': '未设定数据行',
    'bad.employee': '没有员工列',
    'bad.kpi': '没有指标列',
    'bad.actual': '没有数值列',
    'bad.kpiColumns': '某个指标列不是工作表中的列',
    'bad.period': '日期列不是工作表中的列',
  },
};

/** A word of exports in a language, with `{name}` places filled in. */
export function exportText(lang: Locale, key: string, params: Readonly<Record<string, string | number>> = {}): string {
  const t = (WORDS[lang] ?? WORDS.en)[key] ?? WORDS.en[key] ?? key;
  return t.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

const both = (key: string, params: Readonly<Record<string, string | number>> = {}): Localized => ({
  en: exportText('en', key, params),
  'zh-CN': exportText('zh-CN', key, params),
});

/** Column letters of a 1-based column number; never throws. */
function letters(n: number): string {
  return col(Math.max(1, Math.min(16384, Math.floor(n))));
}

function safeColNumber(s: string | undefined): number {
  if (typeof s !== 'string' || !/^[A-Za-z]{1,3}$/.test(s.trim())) return NaN;
  const n = colNumber(s.trim());
  return n >= 1 && n <= 16384 ? n : NaN;
}

function cellText(x: unknown): string {
  if (x === null || x === undefined) return '';
  if (typeof x === 'string') return x;
  if (typeof x === 'number' || typeof x === 'boolean') return String(x);
  if (x instanceof Date) return Number.isNaN(x.getTime()) ? '' : x.toISOString().slice(0, 10);
  const code = (x as { code?: unknown }).code;
  return typeof code === 'string' ? code : '';
}

/** A name as the sheet's matching compares it: trimmed, case-insensitive. */
export function matchKey(s: unknown): string {
  return cellText(s).trim().toLowerCase();
}

/** A KPI name or header made comparable loosely: full-width folded, brackets and units dropped. */
function looseKey(s: unknown): string {
  return headerWords(cellText(s).normalize('NFKC').replace(/[(（[【][^)）\]】]*[)）\]】]/g, ' ')).replace(/\s+/g, '');
}

const WILDCARD = /[*?~]|^\s*[=<>]/;

/** The roles of a header read, narrowed to the export's roles; `actual` also from value / amount / 金额 headers. */
const VALUE_HEADER = /^(value|values|amount|amounts|qty|quantity|数值|金额|数量|数额|值|发生额|完成额|实际完成|完成值|实际值|实际)$/;
/** Exports name the person in words a plan does not: a sales rep, an agent, 业务员, 人员. */
const EMPLOYEE_HEADER = /^(emp|rep|reps|sales\s*reps?|sales\s*person|salesperson|person|people|agent|assignee|user|user\s*name|人员|人员姓名|业务员|销售员|销售代表|职员|员工|经办人|人名)$/;
const DATE_HEADER = /日期|时间|月份|\bdate\b|\bmonth\b|\bday\b|\bperiod\b|期间|\bposted\b|\bas\s*of\b/;

function exportRoles(read: TableRead | ReturnType<typeof readHeader>): Partial<Record<ExportRole, string>> {
  const out: Partial<Record<ExportRole, string>> = {};
  for (const r of EXPORT_ROLES) if (read.roles[r] !== undefined) out[r] = read.roles[r];
  const taken = new Set(Object.values(out));
  if (out.employee === undefined) {
    // A rep or agent column, else the owner (a CRM's record owner is the person the value counts for).
    const c = read.columns.find((x) => !taken.has(x.letter) && EMPLOYEE_HEADER.test(headerWords(x.header)));
    const letters = c?.letter ?? read.roles.owner;
    if (letters !== undefined) {
      out.employee = letters;
      taken.add(letters);
    }
  }
  if (out.actual === undefined) {
    const c = read.columns.find((x) => !taken.has(x.letter) && VALUE_HEADER.test(headerWords(x.header).replace(/\s+/g, '')));
    if (c) {
      out.actual = c.letter;
      taken.add(c.letter);
    }
  }
  if (out.period === undefined) {
    const c = read.columns.find((x) => !taken.has(x.letter) && x.role === undefined && DATE_HEADER.test(headerWords(x.header)));
    if (c) out.period = c.letter;
  }
  return out;
}

function isDateLike(x: unknown): boolean {
  return x instanceof Date || (typeof x === 'number' && Number.isFinite(x));
}

/** The cells of an export's rows the review cannot use under a mapping (see ExportProblemCode). */
function problemsOf(
  values: readonly (readonly unknown[])[],
  display: readonly (readonly unknown[])[] | null | undefined,
  origin: { readonly row: number; readonly column: number },
  m: { readonly firstRow: number; readonly lastRow: number; readonly columns: Partial<Record<Role, string>>; readonly kpiColumns?: Readonly<Record<string, string>> },
): ExportProblem[] {
  const problems: ExportProblem[] = [];
  if (!Array.isArray(values)) return problems;
  const at = (row: number, c: string): unknown => values[row - origin.row]?.[safeColNumber(c) - origin.column];
  const shown = (row: number, c: string): string => {
    const d = Array.isArray(display) ? display[row - origin.row]?.[safeColNumber(c) - origin.column] : undefined;
    return cellText(d !== undefined && d !== null && d !== '' ? d : at(row, c));
  };
  const problem = (row: number, c: string, field: string, code: ExportProblemCode, text: string) => {
    const cell = `${c}${row}`;
    const txt = visibleText(text);
    problems.push({ cell, row, field, text: txt, code, message: both(`p.${code}`, { row, cell, text: txt }) });
  };
  const wide = m.kpiColumns !== undefined && Object.keys(m.kpiColumns).length > 0;
  const cols = m.columns;
  const valueCells: [string, string][] = wide ? Object.entries(m.kpiColumns!) : cols.actual !== undefined ? [['actual', cols.actual]] : [];
  const last = Math.min(m.lastRow, origin.row + values.length - 1);
  for (let r = Math.max(m.firstRow, origin.row); r <= last; r++) {
    const row = values[r - origin.row];
    if (!Array.isArray(row) || row.every((x) => cellText(x).trim() === '')) continue;
    const anyValue = valueCells.some(([, c]) => cellText(at(r, c)).trim() !== '');
    for (const role of wide ? (['employee'] as const) : (['employee', 'kpi'] as const)) {
      const c = cols[role];
      if (c === undefined) continue;
      const x = cellText(at(r, c));
      if (x.trim() === '') {
        if (anyValue) problem(r, c, role, role === 'employee' ? 'noEmployee' : 'noKpi', '');
      } else if (x.trim() !== x && typeof at(r, c) === 'string') problem(r, c, role, 'spaces', x);
      else if (WILDCARD.test(x)) problem(r, c, role, 'wildcard', x);
    }
    for (const [field, c] of valueCells) {
      const x = at(r, c);
      if (cellText(x).trim() === '') {
        if (!wide) problem(r, c, field, 'noValue', '');
        continue;
      }
      if (typeof x === 'number') continue;
      problem(r, c, field, readNumber(x).ok ? 'textNumber' : 'notNumber', shown(r, c));
    }
    if (cols.period !== undefined) {
      const x = at(r, cols.period);
      if (cellText(x).trim() !== '' && !isDateLike(x)) problem(r, cols.period, 'period', 'textDate', shown(r, cols.period));
    }
  }
  return problems;
}

/**
 * The cells of a confirmed export the review cannot use: a number or date typed as text, text that
 * is no number, a row without employee, KPI or value, spaces around a name, wildcards in a name.
 * `values` are the export sheet's values from A1 (or from `origin`). Never throws.
 */
export function exportProblems(
  request: ExportRequest,
  values: readonly (readonly unknown[])[],
  display?: readonly (readonly unknown[])[] | null,
  origin: { readonly row: number; readonly column: number } = { row: 1, column: 1 },
): ExportProblem[] {
  if (exportRequestProblem(request) !== null) return [];
  return problemsOf(values, display, origin, request.mapping);
}

/**
 * Reads a system export from a block of values (strings, numbers, Date objects, booleans, null;
 * error values as '#N/A' text): finds its header like `readTable` does, decides long or wide,
 * proposes the columns for employee, KPI, value and date (long) or the KPI columns (wide: the
 * headers that match the plan's KPI names, or, without names, the columns of numbers), and lists
 * every cell the review could not use. `display` holds the cells as the host shows them (dates as
 * text), for samples; it is optional. Null when no header is found.
 */
export function readExport(values: readonly (readonly unknown[])[], display?: readonly (readonly unknown[])[] | null, options: ReadExportOptions = {}): ExportProposal | null {
  if (!Array.isArray(values)) return null;
  const o = typeof options === 'object' && options !== null ? options : {};
  const origin = o.origin ?? { row: 1, column: 1 };
  const planKpis = Array.isArray(o.kpis) ? o.kpis.filter((k): k is string => typeof k === 'string' && k.trim() !== '') : [];
  const planByKey = new Map(planKpis.map((k) => [looseKey(k), k.trim()]));
  let table = readTable(values, { origin, merges: o.merges ?? [], prefer: ['employee', 'kpi', 'actual'], searchRows: 20, maxRows: 100000 });
  // A wide export's header may name one role only (姓名 | 销售额 | 新客户数): find the row naming the plan's KPIs.
  if (table === null || (table.roles.kpi === undefined && planKpis.length > 0)) {
    for (let r = 0; r < Math.min(20, values.length); r++) {
      const row = values[r];
      if (!Array.isArray(row)) continue;
      const hits = row.filter((x) => planByKey.has(looseKey(x))).length;
      const head = readHeader(row, letters(origin.column));
      const person = exportRoles(head).employee;
      if (person === undefined) continue;
      if (hits === 0) {
        // Without the plan's names: a header of texts over a row that holds numbers (Name | Revenue | NPS).
        const texts = row.filter((x) => typeof x === 'string' && x.trim() !== '' && !readNumber(x).ok).length;
        const below = values.slice(r + 1, r + 4).find((x) => Array.isArray(x) && x.some((v) => typeof v === 'number'));
        if (planKpis.length > 0 || texts < 2 || below === undefined || texts < row.filter((x) => cellText(x).trim() !== '').length) continue;
      }
      const sub = readTable(values.slice(r), { origin: { row: origin.row + r, column: origin.column }, prefer: ['employee'], searchRows: 1, maxRows: 100000 });
      if (sub !== null) table = sub;
      else {
        // Data from the next row on, past a row of units (万元, %, 个: no name and no number).
        const personAt = safeColNumber(person) - origin.column;
        let first = r + 1;
        const notes: TableNote[] = [];
        const unitRow = (x: readonly unknown[] | undefined) =>
          Array.isArray(x) && cellText(x[personAt]).trim() === '' && x.some((v) => cellText(v).trim() !== '') && !x.some((v) => typeof v === 'number' || (typeof v === 'string' && readNumber(v).ok));
        if (unitRow(values[first])) {
          notes.push({ code: 'unitRow', row: origin.row + first });
          first++;
        }
        let last = first - 1;
        for (let i = first; i < values.length; i++) {
          const x = values[i];
          if (!Array.isArray(x) || x.every((v) => cellText(v).trim() === '')) {
            if (i + 1 < values.length && Array.isArray(values[i + 1]) && values[i + 1]!.some((v: unknown) => cellText(v).trim() !== '')) continue;
            break;
          }
          if (/^(合计|总计|小计|total|totals|sum|subtotal|grand total)[:：]?$/i.test(cellText(x.find((v) => cellText(v).trim() !== '')).trim())) {
            notes.push({ code: 'totalRow', row: origin.row + i });
            break;
          }
          last = i;
        }
        table = { ...head, headerRow: origin.row + r, headerRows: 1, firstRow: origin.row + first, lastRow: origin.row + last, labels: [], notes };
      }
      break;
    }
  }
  if (table === null) return null;
  const t: TableRead = table;
  const roles = exportRoles(t);
  const at = (row: number, c: string): unknown => values[row - origin.row]?.[safeColNumber(c) - origin.column];
  const shown = (row: number, c: string): string => {
    const d = Array.isArray(display) ? display[row - origin.row]?.[safeColNumber(c) - origin.column] : undefined;
    return cellText(d !== undefined && d !== null && d !== '' ? d : at(row, c));
  };
  // Wide: KPI columns are the headers that match the plan's KPI names; without names, columns of numbers.
  const kpiColumns: Record<string, string> = {};
  const skip = new Set(Object.values(roles));
  const wideFromNames = roles.kpi === undefined && planKpis.length > 0;
  for (const c of t.columns) {
    if (skip.has(c.letter) || c.header.trim() === '') continue;
    const name = planByKey.get(looseKey(c.header));
    if (name !== undefined && roles.kpi === undefined) kpiColumns[name] ??= c.letter;
  }
  let shape: 'long' | 'wide' = roles.kpi !== undefined ? 'long' : 'wide';
  if (shape === 'wide' && !wideFromNames) {
    // Without plan names: every column of numbers that is not another role is a KPI.
    for (const c of t.columns) {
      if (skip.has(c.letter) || c.header.trim() === '' || c.kind !== undefined || (c.role !== undefined && c.role !== 'actual' && c.role !== 'target')) continue;
      let numbers = 0;
      let filled = 0;
      for (let r = t.firstRow; r <= t.lastRow; r++) {
        const x = at(r, c.letter);
        if (cellText(x).trim() === '') continue;
        filled++;
        if (readNumber(x).ok) numbers++;
      }
      if (filled > 0 && numbers * 2 >= filled) kpiColumns[c.header.trim()] ??= c.letter;
    }
    if (roles.actual !== undefined && Object.values(kpiColumns).includes(roles.actual)) delete roles.actual;
  }
  if (shape === 'wide' && Object.keys(kpiColumns).length === 0 && roles.actual !== undefined) shape = 'long';
  const missing: ExportRole[] =
    shape === 'long'
      ? (['employee', 'kpi', 'actual'] as const).filter((r) => roles[r] === undefined)
      : [...(roles.employee === undefined ? (['employee'] as const) : []), ...(Object.keys(kpiColumns).length === 0 ? (['kpi', 'actual'] as const) : [])];
  if (shape === 'wide') delete roles.kpi;
  const problems = problemsOf(values, display, origin, {
    firstRow: t.firstRow,
    lastRow: t.lastRow,
    columns: roles,
    ...(shape === 'wide' ? { kpiColumns } : {}),
  });
  const columns = t.columns.map((c) => {
    const role = (Object.entries(roles) as [ExportRole, string][]).find(([, l]) => l === c.letter)?.[0];
    const kpi = Object.entries(kpiColumns).find(([, l]) => l === c.letter)?.[0];
    const samples: string[] = [];
    for (let r = t.firstRow; r <= t.lastRow && samples.length < 2; r++) {
      const s = shown(r, c.letter).trim();
      if (s !== '') samples.push(visibleText(s));
    }
    return { letter: c.letter, header: c.header, samples, ...(role ? { role } : {}), ...(kpi !== undefined ? { kpi } : {}) };
  });
  const sheet = typeof o.sheet === 'string' ? o.sheet : '';
  const request: ExportRequest = {
    sheet,
    mapping: {
      headerRow: t.headerRow,
      firstRow: t.firstRow,
      lastRow: t.lastRow,
      columns: { ...roles },
      ...(shape === 'wide' ? { kpiColumns: { ...kpiColumns } } : {}),
    },
  };
  return {
    sheet,
    shape,
    headerRow: t.headerRow,
    headerRows: t.headerRows,
    firstRow: t.firstRow,
    lastRow: t.lastRow,
    columns,
    roles,
    kpiColumns,
    missing,
    problems,
    notes: t.notes.filter((n) => n.code !== 'missing' && (n.code !== 'competing' || (EXPORT_ROLES as readonly string[]).includes(n.role))),
    request,
  };
}

/** Whether a request can feed a review: the columns it needs are there and are columns of a sheet. */
export function exportRequestProblem(request: ExportRequest): string | null {
  const m = request?.mapping;
  if (typeof request?.sheet !== 'string' || request.sheet === '') return 'sheet';
  if (!m || !Number.isInteger(m.firstRow) || m.firstRow < 1 || !Number.isInteger(m.lastRow)) return 'rows';
  const cols = m.columns ?? {};
  if (!Number.isFinite(safeColNumber(cols.employee))) return 'employee';
  const wide = m.kpiColumns !== undefined && Object.keys(m.kpiColumns).length > 0;
  if (wide) {
    for (const c of Object.values(m.kpiColumns!)) if (!Number.isFinite(safeColNumber(c))) return 'kpiColumns';
  } else {
    if (!Number.isFinite(safeColNumber(cols.kpi))) return 'kpi';
    if (!Number.isFinite(safeColNumber(cols.actual))) return 'actual';
  }
  if (cols.period !== undefined && !Number.isFinite(safeColNumber(cols.period))) return 'period';
  return null;
}

/** Fewest spare lines past the export's last row that the check and the review read, for rows pasted later. */
export const EXPORT_CHECK_SPARE = 200;

/**
 * The export rows the review and its check read: from the first row read to the last plus a
 * margin (half as many rows again, at least EXPORT_CHECK_SPARE), within the sheet's grid where the
 * host has a fixed one (Google Sheets). Filled rows below are named on the export check, never
 * dropped silently.
 */
export function exportReadRows(request: ExportRequest, sheetRows?: number): { readonly first: number; readonly last: number } {
  const m = request.mapping;
  const spare = Math.max(EXPORT_CHECK_SPARE, Math.ceil((m.lastRow - m.firstRow + 1) / 2));
  const gridEnd = Number.isSafeInteger(sheetRows) && sheetRows! >= m.firstRow ? sheetRows! : 1048576;
  return { first: m.firstRow, last: Math.max(m.firstRow, Math.min(m.lastRow + spare, gridEnd, 1048576 - CHECK_HEADER)) };
}

/** The last sheet row the review's formulas read of an export. */
export function exportLastRow(request: ExportRequest, sheetRows?: number): number {
  return exportReadRows(request, sheetRows).last;
}

/**
 * How many cells of a range hold x, trimmed and in any case, compared as text: no wildcards and
 * no operators (a name that starts with "=" or "<" is still a name), the same in every engine.
 */
function exactCount(rng: string, x: string): string {
  return `SUMPRODUCT(--(TRIM(${rng})=TRIM(${x})))`;
}

/**
 * Whether no cell of a range holds x as exactCount compares: MATCH finds the common case cheaply
 * (trimmed x among the cells as typed; what it finds is compared again, as MATCH reads wildcards);
 * only a row it misses pays for the trimmed comparison of every cell.
 */
function missing(rng: string, x: string): string {
  const found = `IFERROR(TRIM(INDEX(${rng},MATCH(TRIM(${x}),${rng},0)))=TRIM(${x}),1=0)`;
  return `IF(${found},1=0,${exactCount(rng, x)}=0)`;
}

/** The header row of the export check's table (its lines start below). */
const CHECK_HEADER = 4;
/** The export check's row (in its hidden key column) that counts the export's text values. */
const TEXTS_ROW = 2;
/** Between an export row's employee and KPI in its key: a character names do not hold. */
const SEP = '¦';

/**
 * The export check's columns, left to right: row, employee, [KPI, value], [date], check, then
 * hidden helpers: used, bad, the row's key (employee¦KPI, or employee¦ for a wide export; blank
 * outside the review's period) and per value column the key where the value is filled, the key
 * where it is not a number, and the number (0 for anything else).
 */
function checkKeys(request: ExportRequest): string[] {
  const m = request.mapping;
  const wide = m.kpiColumns !== undefined && Object.keys(m.kpiColumns).length > 0;
  const per = (x: string) => [`filled${x}`, `text${x}`, `sum${x}`];
  const values = wide ? Object.keys(m.kpiColumns!).flatMap((_, i) => per(String(i + 1))) : per('');
  return ['row', 'employee', ...(wide ? [] : ['kpi', 'value']), ...(m.columns.period !== undefined ? ['date'] : []), 'check', 'used', 'bad', 'key', ...values];
}

/**
 * The source of a review's actuals. Per export row the export check sheet keeps its key
 * (employee¦KPI; blank outside the review's period) where its value is filled and where it is not
 * a number, and its number within the period (0 otherwise; see checkKeys). A review row looks its
 * own employee¦KPI up among those keys: "" where the export has no value for it (within the period
 * when it has dates), the words "text in the export" where one of its values is text (SUMIFS would
 * skip it silently), else the sum of its numbers by the export's own employee and KPI cells (the
 * engines index typed cells, not formulas). Blank period start or end: no bound on that side; with
 * a bound set, rows without a date do not count. The export check sheet is made here (before the
 * review, so that the review can name its ranges); exportCheckSheet fills it.
 */
export interface ExportSource extends ActualSource {
  /** The period cells the review passed to `value` (absolute, on the review sheet), once it has. */
  readonly period: () => { readonly start: string | null; readonly end: string | null };
}

export function exportSource(wb: WorkbookBuilder, request: ExportRequest, sheetRows?: number): ExportSource {
  const m = request.mapping;
  const rows = exportReadRows(request, sheetRows);
  const check = wb.sheetOf('exportCheck') ?? wb.sheet('exportCheck', exportText(wb.lang, 'sheet'));
  const keys = checkKeys(request);
  const last = CHECK_HEADER + rows.last - rows.first + 1;
  const onCheck = (base: string, key: string): string => {
    const c = 1 + keys.indexOf(key);
    return wb.name(base, check.name, c, CHECK_HEADER + 1, c, last);
  };
  const onExport = (base: string, letters: string): string => {
    const c = safeColNumber(letters);
    return wb.name(base, request.sheet, c, rows.first, c, rows.last);
  };
  const employees = onExport('KPI_ExportEmployee', m.columns.employee!);
  const dated = m.columns.period !== undefined && Number.isFinite(safeColNumber(m.columns.period));
  const text = str(exportText(wb.lang, 'textInExport'));
  const names = (x: string) => ({ filled: onCheck(`KPI_ExportFilled${x}`, `filled${x}`), text: onCheck(`KPI_ExportText${x}`, `text${x}`), sum: onCheck(`KPI_ExportValue${x}`, `sum${x}`) });
  // How many values of the export are text: while none is, no row looks for one.
  const keyColumn = 1 + keys.indexOf('key');
  const texts = wb.name('KPI_ExportTexts', check.name, keyColumn, TEXTS_ROW, keyColumn, TEXTS_ROW);
  /** "" without a filled value, the words with a text among them, else the sum of the numbers. */
  const body = (n: { filled: string; text: string; sum: string }, key: string, criteria: string): string =>
    `IF(ISNUMBER(MATCH(${key},${n.filled},0)),IF(IF(${texts}>0,ISNUMBER(MATCH(${key},${n.text},0)),1=0),${text},SUMIFS(${n.sum},${criteria})),"")`;
  const byEmployee = (e: string) => `${employees},"="&TRIM(${e})`;
  let period: { start: string | null; end: string | null } = { start: null, end: null };
  const remember = (start: string | null, end: string | null) => {
    if (dated) period = { start, end };
  };
  const blank = (e: string, k: string) => `OR(LEN(TRIM(${e}))=0,LEN(TRIM(${k}))=0)`;
  const wide = m.kpiColumns !== undefined && Object.keys(m.kpiColumns).length > 0;
  if (!wide) {
    const n = names('');
    const kpis = onExport('KPI_ExportKpi', m.columns.kpi!);
    return {
      sheet: request.sheet,
      dated,
      period: () => period,
      value: (e, k, start, end) => {
        remember(start, end);
        return `IF(${blank(e, k)},"",${body(n, `TRIM(${e})&${str(SEP)}&TRIM(${k})`, `${byEmployee(e)},${kpis},"="&TRIM(${k})`)})`;
      },
    };
  }
  const columns = Object.keys(m.kpiColumns!).map((name, i) => ({ name: name.trim(), n: names(String(i + 1)) }));
  return {
    sheet: request.sheet,
    dated,
    period: () => period,
    value: (e, k, start, end) => {
      remember(start, end);
      const key = `TRIM(${e})&${str(SEP)}`;
      let out = '""';
      for (const x of [...columns].reverse()) out = `IF(TRIM(${k})=${str(x.name)},${body(x.n, key, byEmployee(e))},${out})`;
      return `IF(${blank(e, k)},"",${out})`;
    },
  };
}

/** An export row whose employee or KPI matches no review row (or a wide export's KPI column that matches no KPI). */
export interface UnmatchedRow {
  /** Sheet row; for a wide export's KPI column, its header row. */
  readonly row: number;
  readonly employee: string;
  readonly kpi: string;
  /** Column letters of a wide export's KPI column. */
  readonly column?: string;
  readonly reason: 'employee' | 'kpi';
  readonly message: Localized;
}

/**
 * The export rows the review would not find, at generation: employees not among `employees`
 * (skipped when no roster is given: a review whose names are still to be typed) and KPIs not among
 * `kpis` (skipped when not given). Names compare trimmed and in any case, as the sheet does.
 */
export function unmatchedRows(
  request: ExportRequest,
  values: readonly (readonly unknown[])[],
  review: { readonly employees?: readonly string[]; readonly kpis?: readonly string[] },
  origin: { readonly row: number; readonly column: number } = { row: 1, column: 1 },
): UnmatchedRow[] {
  const out: UnmatchedRow[] = [];
  if (!Array.isArray(values) || exportRequestProblem(request) !== null) return out;
  const m = request.mapping;
  const emps = review.employees && review.employees.some((e) => matchKey(e) !== '') ? new Set(review.employees.map(matchKey)) : undefined;
  const kpis = review.kpis && review.kpis.length > 0 ? new Set(review.kpis.map(matchKey)) : undefined;
  const at = (row: number, c: string): unknown => values[row - origin.row]?.[safeColNumber(c) - origin.column];
  const wide = m.kpiColumns !== undefined && Object.keys(m.kpiColumns).length > 0;
  if (wide && kpis) {
    for (const [name, c] of Object.entries(m.kpiColumns!)) {
      if (!kpis.has(matchKey(name))) {
        const kpi = visibleText(name);
        out.push({ row: m.headerRow, employee: '', kpi, column: c, reason: 'kpi', message: both('u.column', { column: c, kpi }) });
      }
    }
  }
  for (let r = m.firstRow; r <= Math.min(m.lastRow, m.firstRow + 1000000); r++) {
    const e = cellText(at(r, m.columns.employee!));
    const k = wide ? '' : cellText(at(r, m.columns.kpi!));
    if (e.trim() === '' && k.trim() === '') continue;
    const employee = visibleText(e.trim());
    const kpi = visibleText(k.trim());
    if (emps && e.trim() !== '' && !emps.has(matchKey(e))) out.push({ row: r, employee, kpi, reason: 'employee', message: both('u.employee', { row: r, employee }) });
    else if (!wide && kpis && k.trim() !== '' && !kpis.has(matchKey(k))) out.push({ row: r, employee, kpi, reason: 'kpi', message: both('u.kpi', { row: r, kpi }) });
  }
  return out;
}

/** The distinct employees of an export, in order of first appearance (trimmed). */
export function exportEmployees(request: ExportRequest, values: readonly (readonly unknown[])[], origin: { readonly row: number; readonly column: number } = { row: 1, column: 1 }): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  if (!Array.isArray(values) || exportRequestProblem(request) !== null) return out;
  const m = request.mapping;
  const c = safeColNumber(m.columns.employee) - origin.column;
  for (let r = m.firstRow; r <= m.lastRow; r++) {
    const e = cellText(values[r - origin.row]?.[c]).trim();
    if (e === '' || seen.has(e.toLowerCase())) continue;
    seen.add(e.toLowerCase());
    out.push(e);
  }
  return out;
}

/** Where the review keeps its employees, and the plan its KPI names, for the export check. */
export interface ExportCheckReview {
  readonly sheet: string;
  readonly roster: TableLayout;
  /** The plan's KPI names: an absolute range with its sheet ("'KPI Plan'!$C$5:$C$12"). */
  readonly kpis: string;
  /** The review's period start and end cells (absolute, on the review sheet), when the export has dates. */
  readonly period?: { readonly start: string | null; readonly end: string | null };
}

/** The KPI names of a plan the review reads, as an absolute range with the sheet, for the export check. */
export function planKpiRange(plan: { readonly sheet: string; readonly firstRow: number; readonly lastRow: number; readonly columns: { readonly kpi?: string } }): string {
  const c = plan.columns.kpi ?? 'A';
  return onSheet(plan.sheet, `$${c}$${plan.firstRow}:$${c}$${Math.max(plan.firstRow, plan.lastRow)}`);
}

/** A system export as generators take it: the confirmed request, and its values when the caller has read them. */
export interface ExportActuals {
  readonly request: ExportRequest;
  /** The export sheet's values from A1 (or from `origin`): the review's roster starts with its employees. */
  readonly values?: readonly (readonly unknown[])[];
  readonly origin?: { readonly row: number; readonly column: number };
  /**
   * The export sheet's last row where the host has a fixed grid (Google Sheets: getMaxRows()):
   * the export check's spare lines stop there, as references past a grid's edge are refused.
   */
  readonly sheetRows?: number;
}

/** The request and values of either form generators accept. */
export function exportActualsOf(x: ExportRequest | ExportActuals | undefined): ExportActuals | undefined {
  if (x === undefined || x === null || typeof x !== 'object') return undefined;
  return 'request' in x ? x : { request: x };
}

/** Why a generator refuses an export request, in the user's language (null when it is usable). */
export function exportRequestMessage(request: ExportRequest, lang: Locale): string | null {
  const p = exportRequestProblem(request);
  if (p === null) return null;
  return exportText(lang, 'bad', { what: exportText(lang, `bad.${p}`) });
}

/**
 * The "Export check" sheet: per export row ✓, or ✗ and why the review does not count it (no such
 * employee in the review, no such KPI in the plan, no value, a number or date typed as text,
 * spaces around a name), and at its top how many rows are not counted, or how many filled rows lie
 * below the rows the review reads. Live formulas: a name typed into the review's roster later
 * turns its rows ✓. A wide export also gets its KPI columns checked against the plan. Its hidden
 * columns give the review its sums (see exportSource, which makes the sheet). The export sheet
 * itself is read, never changed.
 */
export function exportCheckSheet(wb: WorkbookBuilder, request: ExportRequest, review: ExportCheckReview, sheetRows?: number): { sheet: string; count: string } {
  const lang = wb.lang;
  const w = (key: string, params: Readonly<Record<string, string | number>> = {}) => exportText(lang, key, params);
  const s = wb.sheetOf('exportCheck') ?? wb.sheet('exportCheck', w('sheet'));
  const m = request.mapping;
  const wide = m.kpiColumns !== undefined && Object.keys(m.kpiColumns).length > 0;
  const dated = m.columns.period !== undefined;
  const read = exportReadRows(request, sheetRows);
  const rows = read.last - read.first + 1;
  const HEADER = CHECK_HEADER;
  const ex = (letters: string, r: number) => onSheet(request.sheet, `${letters}${r}`);
  const rosterRange = onSheet(review.sheet, `$${review.roster.columns.employee}$${review.roster.firstRow}:$${review.roster.columns.employee}$${review.roster.lastRow}`);
  const kpiRange = review.kpis;
  const exportRow = (i: number) => m.firstRow + i;
  const kpiLetters = wide ? Object.values(m.kpiColumns!) : [];
  const cells = (i: number) => ({
    e: ex(m.columns.employee!, exportRow(i)),
    k: wide ? '' : ex(m.columns.kpi!, exportRow(i)),
    val: wide ? '' : ex(m.columns.actual!, exportRow(i)),
    d: dated ? ex(m.columns.period!, exportRow(i)) : '',
  });
  const word = (key: string) => str(w(key));
  const start = dated && review.period?.start ? onSheet(review.sheet, review.period.start) : null;
  const end = dated && review.period?.end ? onSheet(review.sheet, review.period.end) : null;
  /** With the review's period set: a row without a date, or dated outside the period, is not counted. */
  const periodSteps = (d: string): [string, string][] => {
    if (start === null && end === null) return [];
    const set = `OR(${[start, end].filter((x): x is string => x !== null).map((x) => `LEN(${x})>0`).join(',')})`;
    const outside = [
      ...(start !== null ? [`AND(LEN(${start})>0,${d}<${start})`] : []),
      ...(end !== null ? [`AND(LEN(${end})>0,${d}>${end})`] : []),
    ];
    return [
      [`AND(${set},LEN(TRIM(${d}))=0)`, word('noDate')],
      [`OR(${outside.join(',')})`, word('outside')],
    ];
  };
  const check = (i: number): string => {
    const { e, k, val, d } = cells(i);
    const blankOf = (x: string) => `LEN(TRIM(${x}))=0`;
    const values = wide ? kpiLetters.map((c) => ex(c, exportRow(i))) : [val];
    const allBlank = `AND(${[e, ...(wide ? [] : [k]), ...values].map(blankOf).join(',')})`;
    const textValue = `OR(${values.map((x) => `AND(LEN(TRIM(${x}))>0,NOT(ISNUMBER(${x})))`).join(',')})`;
    const steps: [string, string][] = [
      [blankOf(e), word('noEmployee')],
      ...(wide ? [] : ([[blankOf(k), word('noKpi')]] as [string, string][])),
      [missing(rosterRange, e), word('unknownEmployee')],
      ...(wide ? [] : ([[missing(kpiRange, k), word('unknownKpi')]] as [string, string][])),
      [`OR(${[e, ...(wide ? [] : [k])].map((x) => `LEN(TRIM(${x}))<>LEN(${x})`).join(',')})`, word('spaces')],
      [
        `OR(${[e, ...(wide ? [] : [k])]
          .flatMap((x) => [...['*', '?', '~'].map((ch) => `ISNUMBER(FIND("${ch}",${x}))`), ...['=', '<', '>'].map((ch) => `IFERROR(FIND("${ch}",TRIM(${x})),0)=1`)])
          .join(',')})`,
        word('wildcard'),
      ],
      ...(wide ? [] : ([[blankOf(val), word('noValue')]] as [string, string][])),
      [textValue, word('textNumber')],
      ...(dated ? ([[`AND(LEN(TRIM(${d}))>0,NOT(ISNUMBER(${d})))`, word('textDate')]] as [string, string][]) : []),
      ...periodSteps(d),
    ];
    let out = word('ok');
    for (const [test, says] of [...steps].reverse()) out = `IF(${test},${says},${out})`;
    return `IF(${allBlank},"",${out})`;
  };
  /** The row's key as the review's rows make theirs (employee¦KPI, or employee¦ for a wide export); blank outside the period. */
  const keyOf = (i: number): string => {
    const { e, k, d } = cells(i);
    const joined = wide ? `${e}&${str(SEP)}` : `${e}&${str(SEP)}&${k}`;
    const within = [
      ...(start !== null ? [`OR(LEN(${start})=0,AND(ISNUMBER(${d}),${d}>=${start}))`] : []),
      ...(end !== null ? [`OR(LEN(${end})=0,AND(ISNUMBER(${d}),${d}<=${end}))`] : []),
    ];
    return within.length === 0 ? `IFERROR(${joined},"")` : `IFERROR(IF(AND(${within.join(',')}),${joined},""),"")`;
  };
  /** Per value column: the row's key where the value is filled, where it is not a number (errors too), and the number within the period. */
  const valueHelpers = (x: string, value: (i: number) => string): ColumnDef[] => [
    helperColumn(`filled${x}`, (i, r) => f(`IFERROR(IF(LEN(${value(i)})=0,"",${keyAt(r)}),${keyAt(r)})`)),
    helperColumn(`text${x}`, (i, r) => f(`IFERROR(IF(OR(LEN(${value(i)})=0,ISNUMBER(${value(i)})),"",${keyAt(r)}),${keyAt(r)})`)),
    helperColumn(`sum${x}`, (i, r) => f(`IF(ISNUMBER(${value(i)}),IF(LEN(${keyAt(r)})>0,${value(i)},0),0)`)),
  ];
  const perValue: ColumnDef[] = wide
    ? kpiLetters.flatMap((c, j) => valueHelpers(String(j + 1), (i) => ex(c, exportRow(i))))
    : valueHelpers('', (i) => cells(i).val);
  const defs: ColumnDef[] = [
    { key: 'row', header: w('col.row'), width: 9, style: 'formula', cell: (i) => v(exportRow(i)) },
    { key: 'employee', header: w('col.employee'), width: 16, style: 'formula', cell: (i) => f(showRef(cells(i).e)) },
    { key: 'kpi', header: w('col.kpi'), width: 24, style: 'formula', cell: (i: number) => f(showRef(cells(i).k)) },
    { key: 'value', header: w('col.value'), width: 12, style: 'formula', cell: (i: number) => f(showRef(cells(i).val)) },
    { key: 'date', header: w('col.date'), width: 12, style: 'formula', numFmt: 'yyyy-mm-dd', cell: (i: number) => f(showRef(cells(i).d)) },
    { key: 'check', header: w('col.check'), width: 40, style: 'formula', cell: (i) => f(check(i)) },
    helperColumn('used', (_i, r) => f(`IF(LEN(${addrOf(r)})=0,0,1)`)),
    helperColumn('bad', (_i, r) => f(`IF(LEN(${addrOf(r)})=0,0,IF(${addrOf(r)}=${word('ok')},0,1))`)),
    helperColumn('key', (i) => f(keyOf(i))),
    ...perValue,
  ];
  // The columns in the order exportSource named them by.
  const columns = checkKeys(request).map((key) => defs.find((d) => d.key === key)!);
  const checkCol = 1 + columns.findIndex((c) => c.key === 'check');
  function addrOf(r: number): string {
    return `${col(checkCol)}${r}`;
  }
  function keyAt(r: number): string {
    return `${col(1 + columns.findIndex((c) => c.key === 'key'))}${r}`;
  }
  const last = 1 + columns.length - 1;
  s.title(1, Math.max(checkCol, 3), 1, w('title', { sheet: request.sheet }));
  s.line(1, Math.max(checkCol, 3), 3, w('note', { sheet: request.sheet }), 'note');
  const tbl = s.table({ key: 'exportRows', at: 1, headerRow: HEADER, rows, columns });
  const n = `SUM(${tbl.colRange('bad')})`;
  const total = `SUM(${tbl.colRange('used')})`;
  const below = belowRead(wb, request, read);
  const belowText = textFormula(w('below', { row: read.last, first: read.first }), { n: below });
  s.row(1, 2, [f(`IF(${below}>0,${belowText},IF(${n}=0,${textFormula(w('allOk'), { m: total })},${textFormula(w('someBad'), { n, m: total })}))`)]);
  s.merge(range(1, 2, Math.max(checkCol, 3), 2));
  s.style(range(1, 2, Math.max(checkCol, 3), 2), 'total');
  s.conditional(range(1, 2, Math.max(checkCol, 3), 2), `OR(${n}>0,${below}>0)`, 'bad');
  s.conditional(range(checkCol, tbl.firstRow, checkCol, tbl.lastRow), `IFERROR(FIND("✗",${addrOf(tbl.firstRow)}),0)=1`, 'bad');
  s.cell('count', `A2`);
  const textRanges = columns.filter((c) => c.key.startsWith('text')).map((c) => tbl.colRange(c.key));
  s.row(tbl.c('key'), TEXTS_ROW, [f(textRanges.map((r) => `SUMPRODUCT(--(LEN(${r})>0))`).join('+'))]);
  if (wide) {
    const at = last + 2;
    const names = Object.entries(m.kpiColumns!);
    s.line(at, at + 2, HEADER - 1, w('kpis'), 'subtitle');
    s.table({
      key: 'kpiColumns',
      at,
      headerRow: HEADER,
      rows: names.length,
      columns: [
        { key: 'kpi', header: w('col.kpi'), width: 24, style: 'formula', cell: (i) => v(names[i]![0]) },
        { key: 'column', header: w('col.column'), width: 8, style: 'formula', cell: (i) => v(names[i]![1]) },
        { key: 'check', header: w('col.check'), width: 28, style: 'formula', cell: (_i, r) => f(`IF(${exactCount(kpiRange, `${col(at)}${r}`)}=0,${word('unknownKpi')},${word('ok')})`) },
      ],
    });
  }
  s.freeze(HEADER, 0);
  return { sheet: s.name, count: abs(1, 2) };
}

/** How many filled cells the export's employee column has below the rows the review reads (a formula). */
function belowRead(wb: WorkbookBuilder, request: ExportRequest, read: { readonly first: number; readonly last: number }): string {
  const c = col(safeColNumber(request.mapping.columns.employee));
  const named = wb.nameBases()['KPI_ExportEmployee'];
  const within = named ?? onSheet(request.sheet, `$${c}$${read.first}:$${c}$${read.last}`);
  const above = read.first > 1 ? `-COUNTIF(${onSheet(request.sheet, `$${c}$1:$${c}$${read.first - 1}`)},"<>")` : '';
  return `(COUNTIF(${onSheet(request.sheet, `$${c}:$${c}`)},"<>")-COUNTIF(${within},"<>")${above})`;
}

/** The sheet's export ranges, for messages: "Export!A2:D40". */
export function exportRangeText(request: ExportRequest): string {
  const m = request.mapping;
  const cs = [...Object.values(m.columns), ...Object.values(m.kpiColumns ?? {})].map(safeColNumber).filter(Number.isFinite);
  if (cs.length === 0) return request.sheet;
  return `${request.sheet}!${range(Math.min(...cs), m.headerRow, Math.max(...cs), m.lastRow)}`;
}

