import type { Locale } from '../types.js';
import { abs, absRange, addr, col, range } from './a1.js';
import { f, perRow, v, type ColumnDef, helperColumn, type WorkbookBuilder } from './builder.js';
import { bandsTable, type BandsRefs } from './common.js';
import { ERR, numberOr, numberOrBlank, roundUnits, share, str } from './formulas.js';
import { label } from './labels.js';
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

export interface BonusInput {
  readonly period: string;
  readonly employees: number;
  readonly data?: BonusData;
}

export interface BonusResult {
  readonly sheet: string;
  readonly employees: TableLayout;
  readonly bands: BandsRefs;
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
 * Bonus allocation: per employee base × coefficient (looked up from the grade in the bands), the
 * pool split by largest remainder to the cent (WEIGHTED_SHARE with decimals), and a check that the
 * shares add up to the pool.
 */
export function bonusSheet(wb: WorkbookBuilder, input: BonusInput): BonusResult {
  const lang = wb.lang;
  const s = wb.sheet('bonus', label(lang, 'sheet.bonus'));
  const n = Math.max(1, input.employees);
  const data = input.data;
  const B = {
    no: 1, employee: 2, department: 3, base: 4, grade: 5, coefficient: 6, share: 7, shareOfPool: 8,
    baseNum: 9, part: 10, negative: 11, quota: 12, floor: 13, remainder: 14, rank: 15, units: 16, shareNum: 17,
  } as const;
  const bandsAt = B.shareNum + 2;
  const c = (x: number, row = '{r}') => `${col(x)}${row}`;
  const first = HEADER_ROW + 1;
  const last = HEADER_ROW + n;

  s.title(1, B.shareOfPool, 1, label(lang, 'title.bonus'));
  s.line(1, B.shareOfPool, 2, input.period ? label(lang, 'subtitle.period', { period: input.period }) : '', 'subtitle');
  s.line(1, B.shareOfPool, 3, label(lang, 'note.bonus'), 'note');
  const bands = bandsTable(s, lang, bandsAt, HEADER_ROW - 1);
  s.width(B.shareNum + 1, 2);

  // Settings and checks (rows 5–7); their helpers sit in the hidden columns.
  const pool = abs(B.baseNum, 5);
  const decimals = abs(B.baseNum, 6);
  const sumParts = abs(B.baseNum, 7);
  const units = abs(B.part, 5);
  const left = abs(B.part, 6);
  const negatives = abs(B.part, 7);
  const colRange = (x: number) => absRange(x, first, x, last);
  const allocated = addr(6, 5);
  s.put(2, 5, [
    [v(label(lang, 'label.pool')), v(data?.pool ?? null), v(null), v(label(lang, 'label.allocated')), f(`IF(COUNT(${colRange(B.share)})=0,"",SUM(${colRange(B.share)}))`)],
    [
      v(label(lang, 'label.decimals')),
      v(data?.decimals ?? 2),
      v(null),
      v(label(lang, 'label.difference')),
      f(`IF(${allocated}="","",${roundUnits(`(${allocated}-IF(${pool}<0,-1,1)*${units}/10^${decimals})`, decimals)}/10^${decimals})`),
    ],
    [
      v(label(lang, 'label.check')),
      f(`IF(${allocated}="","",IF(${addr(6, 6)}=0,${str(label(lang, 'label.poolOk'))},${str(label(lang, 'label.poolBad'))}))`),
      v(null),
      v(null),
      v(null),
    ],
  ]);
  s.put(B.baseNum, 5, [
    [f(numberOrBlank(addr(3, 5))), f(`IF(${pool}="","",${share.units(pool, decimals)})`)],
    [f(numberOr(addr(3, 6), '2')), f(`IF(${units}="","",${units}-SUM(${colRange(B.floor)}))`)],
    [f(`SUM(${colRange(B.part)})`), f(`SUM(${colRange(B.negative)})`)],
  ]);
  s.merge(range(3, 7, 6, 7));
  s.style(range(2, 5, 2, 7), 'formula');
  s.style(range(3, 5, 3, 6), 'input');
  s.style(range(5, 5, 5, 6), 'formula');
  s.style(range(6, 5, 6, 6), 'total');
  s.style(range(3, 7, 6, 7), 'total');
  s.format(range(3, 5, 3, 5), '#,##0.00');
  s.format(range(3, 6, 3, 6), '0');
  s.format(range(6, 5, 6, 6), '#,##0.00');
  s.conditional(range(3, 7, 6, 7), `AND(${addr(6, 6)}<>"",${addr(6, 6)}<>0)`, 'bad');
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
  s.cell('difference', addr(6, 6));
  s.cell('check', addr(3, 7));

  // Employee rows.
  const gradeCell = c(B.grade);
  const lookup = `INDEX(${bands.coefficients},MATCH(TRIM(${gradeCell}),${bands.grades},0))`;
  const coefficient = perRow(`IF(LEN(TRIM(${gradeCell}))=0,"",IF(${lookup}="","",${lookup}))`);
  const baseNum = perRow(numberOrBlank(c(B.base)));
  const part = perRow(share.part(c(B.baseNum), c(B.coefficient)));
  const negative = perRow(share.negative(c(B.baseNum), c(B.coefficient)));
  const quota = perRow(share.quota(units, c(B.part), sumParts));
  const floor = perRow(share.floor(c(B.quota)));
  const remainder = perRow(share.remainder(c(B.quota), c(B.floor)));
  const rankT = (r: number): CellSpec =>
    f(share.rank(addr(B.remainder, r), colRange(B.remainder), `${abs(B.remainder, HEADER_ROW)}:${addr(B.remainder, r - 1)}`));
  const unitsI = perRow(share.units_i(c(B.floor), c(B.rank), left));
  const badDecimals = `OR(${decimals}<0,${decimals}>10,${decimals}<>INT(${decimals}))`;
  const shareF = perRow(
    `IF(${c(B.part)}="","",IF(${pool}="","",IF(ISERROR(${sumParts}),${sumParts},IF(${negatives}>0,${ERR.num},` +
      `IF(${badDecimals},${ERR.num},IF(${sumParts}=0,${ERR.div0},${share.value(c(B.units), pool, decimals)}))))))`,
  );
  const ofPool = perRow(`IF(AND(ISNUMBER(${c(B.share)}),ISNUMBER(${pool})),IF(${pool}=0,"",${c(B.share)}/${pool}),"")`);
  const hidden = (key: string, make: (r: number) => CellSpec): ColumnDef => helperColumn(key, (_i, r) => make(r));
  const columns: ColumnDef[] = [
    { key: 'no', header: label(lang, 'col.no'), width: 6, style: 'formula', cell: (i) => v(i + 1) },
    { key: 'employee', header: label(lang, 'col.employee'), width: 16, style: 'input', cell: (i) => v(data?.names[i] ?? null) },
    { key: 'department', header: label(lang, 'col.department'), width: 14, style: 'input', cell: (i) => v(data?.departments[i] ?? null) },
    { key: 'base', header: label(lang, 'col.base'), width: 14, style: 'input', numFmt: '#,##0.00', cell: (i) => v(data?.bases[i] ?? null) },
    { key: 'grade', header: label(lang, 'col.grade'), width: 8, style: 'input', cell: (i) => v(data?.grades[i] ?? null) },
    { key: 'coefficient', header: label(lang, 'col.coefficient'), width: 10, style: 'formula', numFmt: '0.00', cell: (_i, r) => coefficient(r) },
    { key: 'share', header: label(lang, 'col.bonus'), width: 14, style: 'formula', numFmt: '#,##0.00', cell: (_i, r) => shareF(r) },
    { key: 'shareOfPool', header: label(lang, 'col.shareOfPool'), width: 10, style: 'formula', numFmt: '0.0%', cell: (_i, r) => ofPool(r) },
    hidden('baseNum', baseNum),
    hidden('part', part),
    hidden('negative', negative),
    hidden('quota', quota),
    hidden('floor', floor),
    hidden('remainder', remainder),
    hidden('rank', rankT),
    hidden('units', unitsI),
    hidden('shareNum', perRow(`IF(ISNUMBER(${c(B.share)}),${c(B.share)},0)`)),
  ];
  const t = s.table({ key: 'employees', at: 1, headerRow: HEADER_ROW, rows: n, columns });
  s.validate({ range: range(B.base, first, B.base, last), type: 'decimal', min: 0, allowBlank: true, message: label(lang, 'msg.base') });
  s.validate({ range: range(B.grade, first, B.grade, last), type: 'list', source: `=${bands.grades}`, allowBlank: true, message: label(lang, 'msg.grade') });
  s.cell('bands', range(bandsAt, bands.firstRow, bandsAt + 2, bands.lastRow));
  s.freeze(HEADER_ROW, B.employee);
  s.focus(addr(3, 5));
  return { sheet: s.name, employees: t.layout, bands };
}
