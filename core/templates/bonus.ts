import type { Locale } from '../types.js';
import { abs, absRange, addr, col, colNumber, onSheet, range } from './a1.js';
import {
  columnsFrom,
  f,
  formulaTemplate,
  helperColumn,
  lastColumnOf,
  perRow,
  placeBelow,
  placeBeside,
  tableRows,
  v,
  type ColumnDef,
  type SheetBuilder,
  type TableRows,
  type WorkbookBuilder,
} from './builder.js';
import { bandsTable, type BandsRefs } from './common.js';
import { ERR, numberOr, numberOrBlank, roundUnits, share, showRef, str } from './formulas.js';
import { LABELS, label, type LabelKey } from './labels.js';
import type { NumberInput } from './plan.js';
import { PRESET_DATA, pick, type PresetKey } from './presets.js';
import { seedOf, seeded } from './random.js';
import { sampleName } from './samples.js';
import type { CellSpec, TableLayout } from './types.js';

export interface BonusData {
  readonly pool: NumberInput;
  readonly decimals: NumberInput;
  readonly names: readonly (string | null)[];
  readonly departments: readonly (string | null)[];
  readonly bases: readonly NumberInput[];
  readonly grades: readonly (string | null)[];
}

/** The review a bonus sheet reads its employees, departments, grades and coefficients from. */
export interface BonusReviewLink {
  readonly sheet: string;
  /** The review's per-employee table (employee, department, grade, coefficient, status columns). */
  readonly roster: TableLayout;
  /** The workbook name of the review's bands table. */
  readonly bandsName: string;
}

export interface BonusInput {
  readonly period: string;
  /** Employee rows; with a review, the review's employee rows (one bonus row each, in order). */
  readonly employees: number;
  readonly data?: BonusData;
  /**
   * A review in the same workbook: employee, department, grade and coefficient are formulas on
   * the review's rows (one source of truth: the review's bands and grades decide the money), and
   * an employee without a final grade gets no share. Without it the grades are typed and the
   * sheet has its own bands.
   */
  readonly review?: BonusReviewLink;
}

export interface BonusResult {
  readonly sheet: string;
  readonly employees: TableLayout;
  /** The sheet's own bands; null when it reads the review's. */
  readonly bands: BandsRefs | null;
}

/** Sample bonus rows: salaries and grades of a team, a pool about 1.5 monthly salaries each. */
export function sampleBonus(preset: PresetKey, lang: Locale, employees: number, grades?: readonly (string | null)[]): BonusData {
  const p = PRESET_DATA[preset];
  const rng = seeded(seedOf(`bonus:${preset}`));
  const spread = ['S', 'A', 'A', 'B', 'B', 'B', 'B', 'C', 'C', 'D'];
  const bases: number[] = [];
  for (let i = 0; i < employees; i++) {
    bases.push(100 * Math.round((lang === 'en' ? rng.between(5200, 11800) : rng.between(12000, 38000)) / 100));
  }
  const pool = Math.round(bases.reduce((a, b) => a + b, 0) * 1.6 / 1000) * 1000;
  return {
    pool,
    decimals: 2,
    names: Array.from({ length: employees }, (_, i) => sampleName(lang, i)),
    departments: Array.from({ length: employees }, (_, i) => pick(p.teams[i % p.teams.length]!, lang)),
    bases,
    grades: Array.from({ length: employees }, (_, i) => grades?.[i] ?? spread[(i * 7 + 3) % spread.length]!),
  };
}

/** Rows 1–3: title, period and note. */
const HEADING_LAST_ROW = 3;
/** Rows of the pool, the decimals and the check, below the heading after an empty row. */
const POOL_ROW = placeBelow(HEADING_LAST_ROW, 1);
const DECIMALS_ROW = POOL_ROW + 1;
const CHECK_ROW = DECIMALS_ROW + 1;
const HEADER_ROW = placeBelow(CHECK_ROW, 1);

/** The employee table's columns: what people see, then hidden helpers. */
const EMPLOYEE_COLUMNS = columnsFrom(1, [
  'no', 'employee', 'department', 'base', 'grade', 'coefficient', 'share', 'shareOfPool', 'status',
  'baseNum', 'gradeRow', 'code', 'reason', 'part', 'quota', 'floor', 'remainder', 'rank', 'units', 'shareNum', 'bad', 'run',
] as const);
type EmployeeColumns = typeof EMPLOYEE_COLUMNS;

/**
 * A label as a formula: its text pieces as string constants joined with `&` to the formula
 * expressions given for its {places}.
 */
export function labelFormula(lang: Locale, key: LabelKey, params: Record<string, string> = {}): string {
  const text = LABELS[lang][key];
  const parts: string[] = [];
  let last = 0;
  for (const m of text.matchAll(/\{(\w+)\}/g)) {
    const expr = params[m[1]!];
    if (expr === undefined) continue;
    if (m.index > last) parts.push(str(text.slice(last, m.index)));
    parts.push(`(${expr})`);
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push(str(text.slice(last)));
  return parts.length === 0 ? '""' : parts.join('&');
}

/** "row 12", "rows 12, 15" or "rows 12, 15, …" (第12行, 第12、15行, 第12、15行等) for `n` rows whose first two are `a` and `b`. */
export function rowsFormula(lang: Locale, n: string, a: string, b: string): string {
  return `IF(${n}=1,${labelFormula(lang, 'rows.one', { a })},IF(${n}=2,${labelFormula(lang, 'rows.two', { a, b })},${labelFormula(lang, 'rows.more', { a, b })}))`;
}

/** True where a cell holds * ? or ~, which MATCH reads as wildcards in LibreOffice and not in other engines. */
export function hasWildcard(x: string): string {
  return `OR(ISNUMBER(FIND("*",${x})),ISNUMBER(FIND("?",${x})),ISNUMBER(FIND("~",${x})))`;
}

/**
 * Row codes of the bonus sheet: 0 an empty row; 1–8 a row in error, left out of the split (base
 * not a number, negative base, unknown grade, grade without a numeric coefficient, negative
 * coefficient, no base, no grade, no name); 9 a row that is counted.
 */
export const BONUS_ROW = {
  empty: 0, baseText: 1, baseNegative: 2, gradeUnknown: 3, noCoefficient: 4, coefficientNegative: 5, noBase: 6, noGrade: 7, noName: 8, counted: 9,
  /** Read from a review: the employee's review is not complete, so there is no final grade yet. */
  notFinal: 10,
} as const;

/**
 * Codes of the bonus check cell: 0 ✓; 1 decimals out of range; 2 no pool; 3 pool not a number;
 * 4 negative pool; 5 rows in error; 6 no complete row; 7 bases × coefficients add up to 0;
 * 8 the shares do not add up to the pool.
 */
export const BONUS_CHECK = { ok: 0, decimals: 1, noPool: 2, poolText: 3, poolNegative: 4, rows: 5, noRows: 6, zeroParts: 7, sum: 8, notFinal: 9 } as const;

/**
 * Cells of the settings area (rows POOL_ROW..CHECK_ROW): the inputs, totals and check people see,
 * and, in the hidden columns beside them, the numbers the formulas use (absolute references).
 */
interface Summary {
  readonly poolInput: string;
  readonly decimalsInput: string;
  readonly check: string;
  readonly allocated: string;
  readonly difference: string;
  readonly pool: string;
  readonly decimals: string;
  readonly sumParts: string;
  readonly units: string;
  readonly left: string;
  readonly nBad: string;
  readonly nCounted: string;
  readonly nNotFinal: string;
  readonly checkCode: string;
  readonly row1: string;
  readonly row2: string;
  readonly decBad: string;
}

/** What the steps of one bonus sheet share. */
interface Bonus {
  readonly s: SheetBuilder;
  readonly lang: Locale;
  readonly input: BonusInput;
  readonly cols: EmployeeColumns;
  readonly rows: TableRows;
  readonly sum: Summary;
  readonly bands: BandsRefs | null;
  /** "$M$10:$M$19": a column's employee rows. */
  readonly columnRange: (x: number) => string;
  readonly L: (key: LabelKey, params?: Record<string, string>) => string;
}

/**
 * Bonus allocation: per employee base × coefficient (looked up from the grade in the bands), the
 * pool split by largest remainder to the cent (WEIGHTED_SHARE with decimals) over the rows that
 * are complete and valid, a status in words per row, and a check that always answers: ✓ when the
 * shares add up to the pool and no row is in error, else ✗ with the reason. A row in error (text
 * or negative base, unknown grade, no base, no grade, no name) gets no share and is named in the
 * check; the other rows show their share, marked as not final until every row is right.
 */
export function bonusSheet(wb: WorkbookBuilder, input: BonusInput): BonusResult {
  const lang = wb.lang;
  const s = wb.sheet('bonus', label(lang, 'sheet.bonus'));
  const link = input.review;
  const cols = EMPLOYEE_COLUMNS;
  const rows = tableRows(HEADER_ROW, link ? link.roster.lastRow - link.roster.firstRow + 1 : Math.max(1, input.employees));
  const lastVisible = cols.status;
  s.title(1, lastVisible, 1, label(lang, 'title.bonus'));
  s.line(1, lastVisible, 2, input.period ? label(lang, 'subtitle.period', { period: input.period }) : '', 'subtitle');
  s.line(1, lastVisible, HEADING_LAST_ROW, link ? label(lang, 'note.bonusLinked', { review: link.sheet, bands: link.bandsName }) : label(lang, 'note.bonus'), 'note');
  // The sheet's own bands (without a review) sit right of the hidden columns, after a narrow spacer.
  const bandsAt = placeBeside(lastColumnOf(cols), 1);
  const bands = link ? null : bandsTable(s, lang, bandsAt, HEADER_ROW - 1);
  s.width(placeBeside(lastColumnOf(cols)), 2);
  const b: Bonus = {
    s, lang, input, cols, rows, bands,
    sum: summaryOf(cols),
    columnRange: (x) => absRange(x, rows.firstRow, x, rows.lastRow),
    L: (key, params = {}) => labelFormula(lang, key, params),
  };
  writeSettings(b);
  writeSettingsHelpers(b);
  styleSettings(b);
  const t = s.table({ key: 'employees', at: cols.no, headerRow: HEADER_ROW, rows: rows.lastRow - HEADER_ROW, columns: employeeColumns(b) });
  checkEmployees(b, bandsAt);
  s.freeze(HEADER_ROW, cols.employee);
  s.focus(b.sum.poolInput);
  return { sheet: s.name, employees: t.layout, bands };
}

function summaryOf(cols: EmployeeColumns): Summary {
  // The helpers fill a block of the first four hidden columns, one row per settings row.
  const [h1, h2, h3, h4] = [cols.baseNum, cols.gradeRow, cols.code, cols.reason];
  const input = cols.department;
  return {
    poolInput: addr(input, POOL_ROW),
    decimalsInput: addr(input, DECIMALS_ROW),
    check: addr(input, CHECK_ROW),
    allocated: addr(cols.share, POOL_ROW),
    difference: addr(cols.share, DECIMALS_ROW),
    pool: abs(h1, POOL_ROW),
    decimals: abs(h1, DECIMALS_ROW),
    sumParts: abs(h1, CHECK_ROW),
    units: abs(h2, POOL_ROW),
    left: abs(h2, DECIMALS_ROW),
    nBad: abs(h2, CHECK_ROW),
    nCounted: abs(h3, POOL_ROW),
    checkCode: abs(h3, DECIMALS_ROW),
    row1: abs(h3, CHECK_ROW),
    row2: abs(h4, POOL_ROW),
    decBad: abs(h4, DECIMALS_ROW),
    nNotFinal: abs(h4, CHECK_ROW),
  };
}

/** The check's words: ✓, or ✗ with the first reason that applies (BONUS_CHECK's codes). */
function checkText(b: Bonus): string {
  const { lang, sum, L } = b;
  const C = BONUS_CHECK;
  const code = sum.checkCode;
  const firstRow = b.rows.firstRow;
  const rowsMessage =
    `IF(${sum.nBad}=1,${L('bonus.check.oneRow', { row: sum.row1, reason: `INDEX(${b.columnRange(b.cols.reason)},${sum.row1}-${firstRow - 1})` })},` +
    `${L('bonus.check.rows', { n: sum.nBad, rows: rowsFormula(lang, sum.nBad, sum.row1, sum.row2) })})`;
  return (
    `IF(${code}=${C.ok},${str(label(lang, 'label.poolOk'))},IF(${code}=${C.decimals},${L('bonus.check.decimals')},` +
    `IF(${code}=${C.noPool},${L('bonus.check.noPool')},IF(${code}=${C.poolText},${L('bonus.check.poolText')},` +
    `IF(${code}=${C.poolNegative},${L('bonus.check.poolNegative')},IF(${code}=${C.rows},${rowsMessage},` +
    `IF(${code}=${C.noRows},${L('bonus.check.noRows')},IF(${code}=${C.zeroParts},${L('bonus.check.zeroParts')},` +
    `IF(${code}=${C.notFinal},IF(${sum.nNotFinal}=1,${L('bonus.check.notFinalOne')},${L('bonus.check.notFinal', { n: sum.nNotFinal })}),` +
    `${str(label(lang, 'label.poolBad'))})))))))))`
  );
}

/** Pool and decimals (typed), the check; beside them the allocated total and its difference from the pool. */
function writeSettings(b: Bonus): void {
  const { lang, sum, cols } = b;
  const { pool, decimals, units, allocated } = sum;
  const data = b.input.data;
  const gap = [v(null), v(null)];
  const difference = `IF(${allocated}="","",IFERROR(${roundUnits(`(${allocated}-IF(${pool}<0,-1,1)*${units}/10^${decimals})`, decimals)}/10^${decimals},""))`;
  b.s.put(cols.employee, POOL_ROW, [
    [v(label(lang, 'label.pool')), v(data?.pool ?? null), ...gap, v(label(lang, 'label.allocated')), f(`IF(COUNT(${b.columnRange(cols.share)})=0,"",SUM(${b.columnRange(cols.shareNum)}))`)],
    [v(label(lang, 'label.decimals')), v(data?.decimals ?? 2), ...gap, v(label(lang, 'label.difference')), f(difference)],
    [v(label(lang, 'label.check')), f(checkText(b)), ...gap, v(null), v(null)],
  ]);
}

/** The hidden numbers behind the settings: pool and decimals as numbers, units to split, counts, the check's code. */
function writeSettingsHelpers(b: Bonus): void {
  const { sum, cols, columnRange } = b;
  const { pool, decimals, units, nBad, decBad, nNotFinal, nCounted, sumParts } = sum;
  const C = BONUS_CHECK;
  const firstRow = b.rows.firstRow;
  const checkCode =
    `IF(${decBad}=1,${C.decimals},IF(ISERROR(${pool}),${C.poolText},IF(${pool}="",${C.noPool},IF(${pool}<0,${C.poolNegative},` +
    `IF(${nBad}>0,${C.rows},IF(${nNotFinal}>0,${C.notFinal},IF(${nCounted}=0,${C.noRows},IF(${sumParts}=0,${C.zeroParts},IF(${sum.difference}=0,${C.ok},${C.sum})))))))))`;
  b.s.put(cols.baseNum, POOL_ROW, [
    [f(numberOrBlank(sum.poolInput)), f(`IF(${pool}="","",${share.units(pool, decimals)})`), f(`COUNT(${columnRange(cols.part)})`), f(`IF(${nBad}>=2,MATCH(2,${columnRange(cols.run)},0)+${firstRow - 1},"")`)],
    [
      f(numberOr(sum.decimalsInput, '2')),
      f(`IF(${units}="","",${units}-SUM(${columnRange(cols.floor)}))`),
      f(checkCode),
      f(`IF(ISERROR(${decimals}),1,IF(OR(${decimals}<0,${decimals}>10,${decimals}<>INT(${decimals})),1,0))`),
    ],
    [
      f(`SUM(${columnRange(cols.part)})`),
      f(`SUM(${columnRange(cols.bad)})`),
      f(`IF(${nBad}>=1,MATCH(1,${columnRange(cols.run)},0)+${firstRow - 1},"")`),
      f(`COUNTIF(${columnRange(cols.code)},${BONUS_ROW.notFinal})`),
    ],
  ]);
}

function styleSettings(b: Bonus): void {
  const { s, lang, sum, cols } = b;
  const [labels, inputs] = [cols.employee, cols.department];
  const checkLine = range(inputs, CHECK_ROW, cols.status, CHECK_ROW);
  const totals = range(cols.share, POOL_ROW, cols.share, DECIMALS_ROW);
  s.merge(checkLine);
  s.style(range(labels, POOL_ROW, labels, CHECK_ROW), 'formula');
  s.style(range(inputs, POOL_ROW, inputs, DECIMALS_ROW), 'input');
  s.style(range(cols.coefficient, POOL_ROW, cols.coefficient, DECIMALS_ROW), 'formula');
  s.style(totals, 'total');
  s.style(checkLine, 'total');
  s.format(sum.poolInput, '#,##0.00');
  s.format(sum.decimalsInput, '0');
  s.format(totals, '#,##0.00');
  s.conditional(checkLine, `${sum.checkCode}<>0`, 'bad');
  s.conditional(sum.difference, `AND(${sum.difference}<>"",${sum.difference}<>0)`, 'bad');
  s.validate({ range: sum.poolInput, type: 'decimal', allowBlank: true, message: label(lang, 'msg.pool') });
  const d = sum.decimalsInput;
  s.validate({ range: d, type: 'custom', formula: `=AND(ISNUMBER(${d}),${d}=INT(${d}),${d}>=0,${d}<=10)`, allowBlank: false, message: label(lang, 'msg.decimals') });
  s.cell('pool', sum.poolInput);
  s.cell('decimals', sum.decimalsInput);
  s.cell('allocated', sum.allocated);
  s.cell('difference', sum.difference);
  s.cell('check', sum.check);
}

/** A cell of the review's employee row for bonus row r (same order). */
function onReview(link: BonusReviewLink, field: string, r: number): string {
  return onSheet(link.sheet, abs(colNumber(link.roster.columns[field]!), link.roster.firstRow + r - (HEADER_ROW + 1)));
}

/** The row's code (BONUS_ROW) from what is typed or read, and the grade's row in the bands. */
function rowCodeFormulas(b: Bonus): { gradeRow: (r: number) => CellSpec; coefficient: (r: number) => CellSpec; code: (r: number) => CellSpec } {
  const { cols, bands } = b;
  const link = b.input.review;
  const R = BONUS_ROW;
  const at = (x: number) => `${col(x)}{r}`;
  const grade = at(cols.grade);
  // MATCH reads * ? ~ as wildcards in LibreOffice: a grade with them is unknown, not the first grade that fits.
  // Read from a review, the grade is the review's (from its bands) and the coefficient is the
  // review's own cell: gradeRow only says whether there is a grade (1) or not ("").
  const gradeRow = link
    ? perRow(`IF(LEN(TRIM(${grade}))=0,"",1)`)
    : perRow(`IF(LEN(TRIM(${grade}))=0,"",IF(${hasWildcard(grade)},0,IFERROR(MATCH(TRIM(${grade}),${bands!.grades},0),0)))`);
  const [row, coef, base] = [at(cols.gradeRow), at(cols.coefficient), at(cols.baseNum)];
  const pickCoef = `INDEX(${bands?.coefficients ?? ''},${row})`;
  const coefficient = link
    ? (r: number): CellSpec => f(showRef(onReview(link, 'coefficient', r)))
    : perRow(`IF(${row}="","",IF(${row}=0,"",IF(${pickCoef}="","",${pickCoef})))`);
  const blank = (x: number) => `LEN(TRIM(${at(x)}))=0`;
  const code = perRow(
    `IF(AND(${blank(cols.employee)},${blank(cols.base)},${blank(cols.grade)}),${R.empty},` +
      `IF(ISERROR(${base}),${R.baseText},IF(IF(ISNUMBER(${base}),${base},0)<0,${R.baseNegative},` +
      `IF(IF(ISNUMBER(${row}),${row},1)=0,${R.gradeUnknown},` +
      `IF(AND(ISNUMBER(${row}),NOT(ISNUMBER(${coef}))),${R.noCoefficient},` +
      `IF(IF(ISNUMBER(${coef}),${coef},0)<0,${R.coefficientNegative},` +
      `IF(${blank(cols.base)},${R.noBase},IF(${blank(cols.grade)},${link ? R.notFinal : R.noGrade},IF(${blank(cols.employee)},${R.noName},${R.counted})))))))))`,
  );
  return { gradeRow, coefficient, code };
}

/** A row's reason in words and its status (counted, provisional, or in error with the reason). */
function rowTextFormulas(b: Bonus): { reason: (r: number) => CellSpec; status: (r: number) => CellSpec } {
  const { cols, L } = b;
  const link = b.input.review;
  const R = BONUS_ROW;
  const k = `${col(cols.code)}{r}`;
  // The review's status, quoted: the row's own words say why there is no grade yet.
  const reviewStatus = link ? onSheet(link.sheet, `$${link.roster.columns.status!}{q}`) : '""';
  const grade = `TRIM(${col(cols.grade)}{r})`;
  const reasonT = formulaTemplate(
    `IF(${k}=${R.baseText},${L('bonus.row.baseText', { x: `TRIM(${col(cols.base)}{r})` })},IF(${k}=${R.baseNegative},${L('bonus.row.baseNegative')},` +
      `IF(${k}=${R.gradeUnknown},${L('bonus.row.gradeUnknown', { x: grade })},IF(${k}=${R.noCoefficient},${L('bonus.row.noCoefficient', { x: grade })},` +
      `IF(${k}=${R.coefficientNegative},${L('bonus.row.coefficientNegative', { x: grade })},IF(${k}=${R.noBase},${L('bonus.row.noBase')},` +
      `IF(${k}=${R.noGrade},${L('bonus.row.noGrade')},IF(${k}=${R.noName},${L('bonus.row.noName')},` +
      `IF(${k}=${R.notFinal},${L('bonus.row.notFinal', { status: reviewStatus })},"")))))))))`,
    ['r', 'q'],
  );
  const reason = (r: number): CellSpec => reasonT(r, link ? link.roster.firstRow + r - b.rows.firstRow : 0);
  const status = perRow(
    `IF(${k}=${R.empty},"",IF(${k}=${R.counted},IF(${b.sum.checkCode}=0,${L('bonus.row.counted')},${L('bonus.row.provisional')}),` +
      `${L('bonus.row.bad', { reason: `${col(cols.reason)}{r}` })}))`,
  );
  return { reason, status };
}

/** The split: each counted row's part, its quota of the units, floor, remainder, rank, units and share. */
function splitFormulas(b: Bonus): Record<'part' | 'quota' | 'floor' | 'remainder' | 'rank' | 'units' | 'share' | 'ofPool' | 'bad' | 'run', (r: number) => CellSpec> {
  const { cols, sum, columnRange } = b;
  const { pool, decimals, sumParts } = sum;
  const R = BONUS_ROW;
  const at = (x: number) => `${col(x)}{r}`;
  const k = at(cols.code);
  const badDecimals = `OR(${decimals}<0,${decimals}>10,${decimals}<>INT(${decimals}))`;
  const firstRow = b.rows.firstRow;
  return {
    part: perRow(`IF(${k}=${R.counted},${at(cols.baseNum)}*${at(cols.coefficient)},"")`),
    quota: perRow(share.quota(sum.units, at(cols.part), sumParts)),
    floor: perRow(share.floor(at(cols.quota))),
    remainder: perRow(share.remainder(at(cols.quota), at(cols.floor))),
    rank: (r) => f(share.rank(addr(cols.remainder, r), columnRange(cols.remainder), `${abs(cols.remainder, HEADER_ROW)}:${addr(cols.remainder, r - 1)}`)),
    units: perRow(share.units_i(at(cols.floor), at(cols.rank), sum.left)),
    share: perRow(
      `IF(${at(cols.part)}="","",IF(${pool}="","",IF(ISERROR(${sumParts}),${sumParts},` +
        `IF(${badDecimals},${ERR.num},IF(${sumParts}=0,${ERR.div0},${share.value(at(cols.units), pool, decimals)})))))`,
    ),
    ofPool: perRow(`IF(AND(ISNUMBER(${at(cols.share)}),ISNUMBER(${pool})),IF(${pool}=0,"",${at(cols.share)}/${pool}),"")`),
    bad: perRow(`IF(AND(${k}>=${R.baseText},${k}<=${R.noName}),1,0)`),
    run: (r) => f(r === firstRow ? addr(cols.bad, r) : `${addr(cols.run, r - 1)}+${addr(cols.bad, r)}`),
  };
}

/** The employee table: typed or read from the review, then the split; money columns fit -1,000,000,000.00. */
function employeeColumns(b: Bonus): ColumnDef[] {
  const { lang, cols } = b;
  const { data, review: link } = b.input;
  const { gradeRow, coefficient, code } = rowCodeFormulas(b);
  const { reason, status } = rowTextFormulas(b);
  const x = splitFormulas(b);
  const hidden = (key: string, make: (r: number) => CellSpec): ColumnDef => helperColumn(key, (_i, r) => make(r));
  const typedOrRead = (key: 'employee' | 'department' | 'grade', header: LabelKey, width: number, typed: (i: number) => string | null): ColumnDef =>
    link
      ? { key, header: label(lang, header), width, style: 'formula', cell: (_i, r) => f(showRef(onReview(link, key, r))) }
      : { key, header: label(lang, header), width, style: 'input', cell: (i) => v(typed(i)) };
  return [
    { key: 'no', header: label(lang, 'col.no'), width: 6, style: 'formula', cell: (i) => v(i + 1) },
    typedOrRead('employee', 'col.employee', 16, (i) => data?.names[i] ?? null),
    typedOrRead('department', 'col.department', MONEY_WIDTH, (i) => data?.departments[i] ?? null),
    { key: 'base', header: label(lang, 'col.base'), width: MONEY_WIDTH, style: 'input', numFmt: '#,##0.00', cell: (i) => v(data?.bases[i] ?? null) },
    typedOrRead('grade', 'col.grade', 8, (i) => data?.grades[i] ?? null),
    { key: 'coefficient', header: label(lang, 'col.coefficient'), width: 12, style: 'formula', numFmt: '0.00', cell: (_i, r) => coefficient(r) },
    { key: 'share', header: label(lang, 'col.bonus'), width: MONEY_WIDTH, style: 'formula', numFmt: '#,##0.00', cell: (_i, r) => x.share(r) },
    { key: 'shareOfPool', header: label(lang, 'col.shareOfPool'), width: 10, style: 'formula', numFmt: '0.0%', cell: (_i, r) => x.ofPool(r) },
    { key: 'status', header: label(lang, 'bonus.col.status'), width: 36, style: 'formula', cell: (_i, r) => status(r) },
    hidden('baseNum', perRow(numberOrBlank(`${col(cols.base)}{r}`))),
    hidden('gradeRow', gradeRow),
    hidden('code', code),
    hidden('reason', reason),
    ...(['part', 'quota', 'floor', 'remainder', 'rank', 'units'] as const).map((key) => hidden(key, x[key])),
    hidden('shareNum', perRow(`IF(ISNUMBER(${col(cols.share)}{r}),${col(cols.share)}{r},0)`)),
    hidden('bad', x.bad),
    hidden('run', x.run),
  ];
}

/** Highlights and validation of the employee rows; the grade list and bands cell without a review. */
function checkEmployees(b: Bonus, bandsAt: number): void {
  const { s, lang, cols, rows, bands } = b;
  const column = (x: number) => range(x, rows.firstRow, x, rows.lastRow);
  s.conditional(column(cols.status), `${addr(cols.bad, rows.firstRow)}=1`, 'bad');
  // While the check is not ✓, the shares shown are provisional: they are shaded as a warning.
  s.conditional(column(cols.share), `AND(ISNUMBER(${addr(cols.share, rows.firstRow)}),${b.sum.checkCode}<>0)`, 'warn');
  s.validate({ range: column(cols.base), type: 'decimal', min: 0, allowBlank: true, message: label(lang, 'msg.base') });
  if (bands) {
    s.validate({ range: column(cols.grade), type: 'list', source: `=${bands.grades}`, allowBlank: true, message: label(lang, 'msg.grade') });
    s.cell('bands', range(bandsAt, bands.firstRow, bandsAt + 2, bands.lastRow));
  }
}

/** Width in characters of the money columns: -1,000,000,000.00 (17 characters) in bold, with a margin. */
export const MONEY_WIDTH = 20;
