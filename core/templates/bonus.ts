import type { Locale } from '../types.js';
import { abs, absRange, addr, col, colNumber, onSheet, range } from './a1.js';
import { f, formulaTemplate, perRow, v, type ColumnDef, helperColumn, type WorkbookBuilder } from './builder.js';
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

const HEADER_ROW = 9;

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
  const n = link ? link.roster.lastRow - link.roster.firstRow + 1 : Math.max(1, input.employees);
  const data = input.data;
  /** A cell of the review's employee row for bonus row r (same order). */
  const onReview = (field: string, r: number) =>
    onSheet(link!.sheet, abs(colNumber(link!.roster.columns[field]!), link!.roster.firstRow + r - (HEADER_ROW + 1)));
  const B = {
    no: 1, employee: 2, department: 3, base: 4, grade: 5, coefficient: 6, share: 7, shareOfPool: 8, status: 9,
    baseNum: 10, gradeRow: 11, code: 12, reason: 13, part: 14, quota: 15, floor: 16, remainder: 17, rank: 18, units: 19, shareNum: 20,
    bad: 21, run: 22,
  } as const;
  const bandsAt = B.run + 2;
  const c = (x: number, row = '{r}') => `${col(x)}${row}`;
  const first = HEADER_ROW + 1;
  const last = HEADER_ROW + n;
  const L = (key: LabelKey, params: Record<string, string> = {}) => labelFormula(lang, key, params);

  s.title(1, B.status, 1, label(lang, 'title.bonus'));
  s.line(1, B.status, 2, input.period ? label(lang, 'subtitle.period', { period: input.period }) : '', 'subtitle');
  s.line(1, B.status, 3, link ? label(lang, 'note.bonusLinked', { review: link.sheet, bands: link.bandsName }) : label(lang, 'note.bonus'), 'note');
  const bands = link ? null : bandsTable(s, lang, bandsAt, HEADER_ROW - 1);
  s.width(B.run + 1, 2);

  // Settings and checks (rows 5–7); their helpers sit in the hidden columns.
  const pool = abs(B.baseNum, 5);
  const decimals = abs(B.baseNum, 6);
  const sumParts = abs(B.baseNum, 7);
  const units = abs(B.gradeRow, 5);
  const left = abs(B.gradeRow, 6);
  const nBad = abs(B.gradeRow, 7);
  const nCounted = abs(B.code, 5);
  const nNotFinal = abs(B.reason, 7);
  const checkCode = abs(B.code, 6);
  const row1 = abs(B.code, 7);
  const row2 = abs(B.reason, 5);
  const decBad = abs(B.reason, 6);
  const colRange = (x: number) => absRange(x, first, x, last);
  const allocated = addr(B.share, 5);
  const difference = addr(B.share, 6);
  const checkCell = addr(3, 7);
  const C = BONUS_CHECK;
  const rowsMessage =
    `IF(${nBad}=1,${L('bonus.check.oneRow', { row: row1, reason: `INDEX(${colRange(B.reason)},${row1}-${first - 1})` })},` +
    `${L('bonus.check.rows', { n: nBad, rows: rowsFormula(lang, nBad, row1, row2) })})`;
  const checkText =
    `IF(${checkCode}=${C.ok},${str(label(lang, 'label.poolOk'))},IF(${checkCode}=${C.decimals},${L('bonus.check.decimals')},` +
    `IF(${checkCode}=${C.noPool},${L('bonus.check.noPool')},IF(${checkCode}=${C.poolText},${L('bonus.check.poolText')},` +
    `IF(${checkCode}=${C.poolNegative},${L('bonus.check.poolNegative')},IF(${checkCode}=${C.rows},${rowsMessage},` +
    `IF(${checkCode}=${C.noRows},${L('bonus.check.noRows')},IF(${checkCode}=${C.zeroParts},${L('bonus.check.zeroParts')},` +
    `IF(${checkCode}=${C.notFinal},IF(${nNotFinal}=1,${L('bonus.check.notFinalOne')},${L('bonus.check.notFinal', { n: nNotFinal })}),` +
    `${str(label(lang, 'label.poolBad'))})))))))))`;
  s.put(2, 5, [
    [v(label(lang, 'label.pool')), v(data?.pool ?? null), v(null), v(null), v(label(lang, 'label.allocated')), f(`IF(COUNT(${colRange(B.share)})=0,"",SUM(${colRange(B.shareNum)}))`)],
    [
      v(label(lang, 'label.decimals')),
      v(data?.decimals ?? 2),
      v(null),
      v(null),
      v(label(lang, 'label.difference')),
      f(`IF(${allocated}="","",IFERROR(${roundUnits(`(${allocated}-IF(${pool}<0,-1,1)*${units}/10^${decimals})`, decimals)}/10^${decimals},""))`),
    ],
    [v(label(lang, 'label.check')), f(checkText), v(null), v(null), v(null), v(null)],
  ]);
  s.put(B.baseNum, 5, [
    [f(numberOrBlank(addr(3, 5))), f(`IF(${pool}="","",${share.units(pool, decimals)})`), f(`COUNT(${colRange(B.part)})`), f(`IF(${nBad}>=2,MATCH(2,${colRange(B.run)},0)+${first - 1},"")`)],
    [
      f(numberOr(addr(3, 6), '2')),
      f(`IF(${units}="","",${units}-SUM(${colRange(B.floor)}))`),
      f(
        `IF(${decBad}=1,${C.decimals},IF(ISERROR(${pool}),${C.poolText},IF(${pool}="",${C.noPool},IF(${pool}<0,${C.poolNegative},` +
          `IF(${nBad}>0,${C.rows},IF(${nNotFinal}>0,${C.notFinal},IF(${nCounted}=0,${C.noRows},IF(${sumParts}=0,${C.zeroParts},IF(${difference}=0,${C.ok},${C.sum})))))))))`,
      ),
      f(`IF(ISERROR(${decimals}),1,IF(OR(${decimals}<0,${decimals}>10,${decimals}<>INT(${decimals})),1,0))`),
    ],
    [
      f(`SUM(${colRange(B.part)})`),
      f(`SUM(${colRange(B.bad)})`),
      f(`IF(${nBad}>=1,MATCH(1,${colRange(B.run)},0)+${first - 1},"")`),
      f(`COUNTIF(${colRange(B.code)},${BONUS_ROW.notFinal})`),
    ],
  ]);
  s.merge(range(3, 7, B.status, 7));
  s.style(range(2, 5, 2, 7), 'formula');
  s.style(range(3, 5, 3, 6), 'input');
  s.style(range(B.coefficient, 5, B.coefficient, 6), 'formula');
  s.style(range(B.share, 5, B.share, 6), 'total');
  s.style(range(3, 7, B.status, 7), 'total');
  s.format(range(3, 5, 3, 5), '#,##0.00');
  s.format(range(3, 6, 3, 6), '0');
  s.format(range(B.share, 5, B.share, 6), '#,##0.00');
  s.conditional(range(3, 7, B.status, 7), `${checkCode}<>0`, 'bad');
  s.conditional(range(B.share, 6, B.share, 6), `AND(${difference}<>"",${difference}<>0)`, 'bad');
  s.validate({ range: addr(3, 5), type: 'decimal', allowBlank: true, message: label(lang, 'msg.pool') });
  s.validate({
    range: addr(3, 6),
    type: 'custom',
    formula: `=AND(ISNUMBER(${addr(3, 6)}),${addr(3, 6)}=INT(${addr(3, 6)}),${addr(3, 6)}>=0,${addr(3, 6)}<=10)`,
    allowBlank: false,
    message: label(lang, 'msg.decimals'),
  });
  s.cell('pool', addr(3, 5));
  s.cell('decimals', addr(3, 6));
  s.cell('allocated', allocated);
  s.cell('difference', difference);
  s.cell('check', checkCell);

  // Employee rows.
  const R = BONUS_ROW;
  const gradeCell = c(B.grade);
  // MATCH reads * ? ~ as wildcards in LibreOffice: a grade with them is unknown, not the first grade that fits.
  // Read from a review, the grade is the review's (from its bands) and the coefficient is the
  // review's own cell: gradeRow only says whether there is a grade (1) or not ("").
  const gradeRow = link
    ? perRow(`IF(LEN(TRIM(${gradeCell}))=0,"",1)`)
    : perRow(`IF(LEN(TRIM(${gradeCell}))=0,"",IF(${hasWildcard(gradeCell)},0,IFERROR(MATCH(TRIM(${gradeCell}),${bands!.grades},0),0)))`);
  const pickCoef = `INDEX(${bands?.coefficients ?? ''},${c(B.gradeRow)})`;
  const coefficient = link
    ? (r: number): CellSpec => f(showRef(onReview('coefficient', r)))
    : perRow(`IF(${c(B.gradeRow)}="","",IF(${c(B.gradeRow)}=0,"",IF(${pickCoef}="","",${pickCoef})))`);
  const baseNum = perRow(numberOrBlank(c(B.base)));
  const blank = (x: number) => `LEN(TRIM(${c(x)}))=0`;
  const code = perRow(
    `IF(AND(${blank(B.employee)},${blank(B.base)},${blank(B.grade)}),${R.empty},` +
      `IF(ISERROR(${c(B.baseNum)}),${R.baseText},IF(IF(ISNUMBER(${c(B.baseNum)}),${c(B.baseNum)},0)<0,${R.baseNegative},` +
      `IF(IF(ISNUMBER(${c(B.gradeRow)}),${c(B.gradeRow)},1)=0,${R.gradeUnknown},` +
      `IF(AND(ISNUMBER(${c(B.gradeRow)}),NOT(ISNUMBER(${c(B.coefficient)}))),${R.noCoefficient},` +
      `IF(IF(ISNUMBER(${c(B.coefficient)}),${c(B.coefficient)},0)<0,${R.coefficientNegative},` +
      `IF(${blank(B.base)},${R.noBase},IF(${blank(B.grade)},${link ? R.notFinal : R.noGrade},IF(${blank(B.employee)},${R.noName},${R.counted})))))))))`,
  );
  const k = c(B.code);
  // The review's status, quoted: the row's own words say why there is no grade yet.
  const reviewStatus = link ? onSheet(link.sheet, `$${link.roster.columns.status!}{q}`) : '""';
  const grade = `TRIM(${gradeCell})`;
  const reasonT = formulaTemplate(
    `IF(${k}=${R.baseText},${L('bonus.row.baseText', { x: `TRIM(${c(B.base)})` })},IF(${k}=${R.baseNegative},${L('bonus.row.baseNegative')},` +
      `IF(${k}=${R.gradeUnknown},${L('bonus.row.gradeUnknown', { x: grade })},IF(${k}=${R.noCoefficient},${L('bonus.row.noCoefficient', { x: grade })},` +
      `IF(${k}=${R.coefficientNegative},${L('bonus.row.coefficientNegative', { x: grade })},IF(${k}=${R.noBase},${L('bonus.row.noBase')},` +
      `IF(${k}=${R.noGrade},${L('bonus.row.noGrade')},IF(${k}=${R.noName},${L('bonus.row.noName')},` +
      `IF(${k}=${R.notFinal},${L('bonus.row.notFinal', { status: reviewStatus })},"")))))))))`,
    ['r', 'q'],
  );
  const reason = (r: number): CellSpec => reasonT(r, link ? link.roster.firstRow + r - first : 0);
  const status = perRow(
    `IF(${k}=${R.empty},"",IF(${k}=${R.counted},IF(${checkCode}=0,${L('bonus.row.counted')},${L('bonus.row.provisional')}),` +
      `${L('bonus.row.bad', { reason: c(B.reason) })}))`,
  );
  const part = perRow(`IF(${k}=${R.counted},${c(B.baseNum)}*${c(B.coefficient)},"")`);
  const quota = perRow(share.quota(units, c(B.part), sumParts));
  const floor = perRow(share.floor(c(B.quota)));
  const remainder = perRow(share.remainder(c(B.quota), c(B.floor)));
  const rankT = (r: number): CellSpec =>
    f(share.rank(addr(B.remainder, r), colRange(B.remainder), `${abs(B.remainder, HEADER_ROW)}:${addr(B.remainder, r - 1)}`));
  const unitsI = perRow(share.units_i(c(B.floor), c(B.rank), left));
  const badDecimals = `OR(${decimals}<0,${decimals}>10,${decimals}<>INT(${decimals}))`;
  const shareF = perRow(
    `IF(${c(B.part)}="","",IF(${pool}="","",IF(ISERROR(${sumParts}),${sumParts},` +
      `IF(${badDecimals},${ERR.num},IF(${sumParts}=0,${ERR.div0},${share.value(c(B.units), pool, decimals)})))))`,
  );
  const ofPool = perRow(`IF(AND(ISNUMBER(${c(B.share)}),ISNUMBER(${pool})),IF(${pool}=0,"",${c(B.share)}/${pool}),"")`);
  const bad = perRow(`IF(AND(${k}>=${R.baseText},${k}<=${R.noName}),1,0)`);
  const run = (r: number): CellSpec => f(r === first ? addr(B.bad, r) : `${addr(B.run, r - 1)}+${addr(B.bad, r)}`);
  const hidden = (key: string, make: (r: number) => CellSpec): ColumnDef => helperColumn(key, (_i, r) => make(r));
  // Money columns are wide enough for -1,000,000,000.00 (the .xlsx width is in characters).
  const columns: ColumnDef[] = [
    { key: 'no', header: label(lang, 'col.no'), width: 6, style: 'formula', cell: (i) => v(i + 1) },
    link
      ? { key: 'employee', header: label(lang, 'col.employee'), width: 16, style: 'formula', cell: (_i, r) => f(showRef(onReview('employee', r))) }
      : { key: 'employee', header: label(lang, 'col.employee'), width: 16, style: 'input', cell: (i) => v(data?.names[i] ?? null) },
    link
      ? { key: 'department', header: label(lang, 'col.department'), width: MONEY_WIDTH, style: 'formula', cell: (_i, r) => f(showRef(onReview('department', r))) }
      : { key: 'department', header: label(lang, 'col.department'), width: MONEY_WIDTH, style: 'input', cell: (i) => v(data?.departments[i] ?? null) },
    { key: 'base', header: label(lang, 'col.base'), width: MONEY_WIDTH, style: 'input', numFmt: '#,##0.00', cell: (i) => v(data?.bases[i] ?? null) },
    link
      ? { key: 'grade', header: label(lang, 'col.grade'), width: 8, style: 'formula', cell: (_i, r) => f(showRef(onReview('grade', r))) }
      : { key: 'grade', header: label(lang, 'col.grade'), width: 8, style: 'input', cell: (i) => v(data?.grades[i] ?? null) },
    { key: 'coefficient', header: label(lang, 'col.coefficient'), width: 12, style: 'formula', numFmt: '0.00', cell: (_i, r) => coefficient(r) },
    { key: 'share', header: label(lang, 'col.bonus'), width: MONEY_WIDTH, style: 'formula', numFmt: '#,##0.00', cell: (_i, r) => shareF(r) },
    { key: 'shareOfPool', header: label(lang, 'col.shareOfPool'), width: 10, style: 'formula', numFmt: '0.0%', cell: (_i, r) => ofPool(r) },
    { key: 'status', header: label(lang, 'bonus.col.status'), width: 36, style: 'formula', cell: (_i, r) => status(r) },
    hidden('baseNum', baseNum),
    hidden('gradeRow', gradeRow),
    hidden('code', code),
    hidden('reason', reason),
    hidden('part', part),
    hidden('quota', quota),
    hidden('floor', floor),
    hidden('remainder', remainder),
    hidden('rank', rankT),
    hidden('units', unitsI),
    hidden('shareNum', perRow(`IF(ISNUMBER(${c(B.share)}),${c(B.share)},0)`)),
    hidden('bad', bad),
    hidden('run', run),
  ];
  const t = s.table({ key: 'employees', at: 1, headerRow: HEADER_ROW, rows: n, columns });
  s.conditional(range(B.status, first, B.status, last), `${addr(B.bad, first)}=1`, 'bad');
  // While the check is not ✓, the shares shown are provisional: they are shaded as a warning.
  s.conditional(range(B.share, first, B.share, last), `AND(ISNUMBER(${addr(B.share, first)}),${checkCode}<>0)`, 'warn');
  s.validate({ range: range(B.base, first, B.base, last), type: 'decimal', min: 0, allowBlank: true, message: label(lang, 'msg.base') });
  if (bands) {
    s.validate({ range: range(B.grade, first, B.grade, last), type: 'list', source: `=${bands.grades}`, allowBlank: true, message: label(lang, 'msg.grade') });
    s.cell('bands', range(bandsAt, bands.firstRow, bandsAt + 2, bands.lastRow));
  }
  s.freeze(HEADER_ROW, B.employee);
  s.focus(addr(3, 5));
  return { sheet: s.name, employees: t.layout, bands };
}

/** Width in characters of the money columns: -1,000,000,000.00 (17 characters) in bold, with a margin. */
export const MONEY_WIDTH = 20;
