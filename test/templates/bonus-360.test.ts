/**
 * What a user sees on the bonus and 360 sheets when rows are wrong: the check always answers in
 * words, bad rows are left out and named, the other rows keep the values they would have without
 * them. Every scenario is recalculated in HyperFormula and in LibreOffice Calc (both languages; one
 * workbook per language holds every scenario, so LibreOffice converts two files in one run).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recalcXlsx } from '../../cli/libreoffice.js';
import { writeXlsx } from '../../cli/xlsx.js';
import { SCORE360, WEIGHTED_SHARE } from '../../core/index.js';
import { colNumber, parseCell } from '../../core/templates/a1.js';
import { MONEY_WIDTH, bonusSheet, type BonusData } from '../../core/templates/bonus.js';
import { WorkbookBuilder } from '../../core/templates/builder.js';
import { feedback360Sheets, type RatingLine } from '../../core/templates/feedback360.js';
import type { SheetDesc, WorkbookDesc } from '../../core/templates/index.js';
import type { Locale } from '../../core/types.js';
import { check360, checkBonus, Checker, type Book, type EngineValue } from './check.js';
import { LANGS } from './cases.js';
import { hfBook } from './engines.js';

type Row = [name: string | null, department: string | null, base: number | string | null, grade: string | null];

const bonusData = (pool: number | string | null, rows: Row[]): BonusData => ({
  pool,
  decimals: 2,
  names: rows.map((r) => r[0]),
  departments: rows.map((r) => r[1]),
  bases: rows.map((r) => r[2]),
  grades: rows.map((r) => r[3]),
});

const ANN: Row = ['Ann', 'Sales', 5000, 'A'];
const DI: Row = ['Di', 'Ops', 6000, 'B'];

/** Bonus scenarios, one sheet each, in this order. */
const BONUS: Record<string, BonusData> = {
  // Ann and Di are right; the others are each wrong in one way (rows 11, 12, 13 and 15).
  badRows: bonusData(10000, [ANN, ['Bo', 'Sales', 'abc', 'B'], ['Cy', 'Ops', 4000, 'Z'], [null, 'Ops', 3000, 'B'], DI, ['Ed', 'Ops', 2000, null]]),
  // The same pool over Ann and Di alone: what the valid rows must show in badRows.
  validOnly: bonusData(10000, [ANN, DI]),
  oneBadGrade: bonusData(10000, [ANN, ['Cy', 'Ops', 4000, 'Z'], DI]),
  noName: bonusData(10000, [ANN, DI, [null, 'Ops', 3000, 'B']]),
  negativePool: bonusData(-1000, [ANN, DI]),
  noPool: bonusData(null, [ANN, DI]),
  // MATCH reads ? as a wildcard in LibreOffice: the grade must still be unknown there.
  wildcard: bonusData(10000, [ANN, ['Cy', 'Ops', 4000, '?'], DI]),
  billion: bonusData(1_000_000_000, [['Ann', 'Sales', 999_999_999.99, 'B'], ['Di', 'Ops', 0.01, 'D']]),
};

const line = (ratee: string | null, group: string | null, rating: number | string | null): RatingLine => ({ ratee, group, rating, comment: null });

/** 360 scenarios, a ratings and a summary sheet each; ratings start on sheet row 5. */
const FEEDBACK: Record<string, { ratees: string[]; lines: RatingLine[] }> = {
  mixed: {
    ratees: ['Ann', 'Bo'],
    lines: [
      line('Ann', 'manager', 4), // 5
      line('Ann', 'peer', 5), // 6
      line('Anne', 'peer', 3), // 7 unknown ratee
      line('Ann', 'boss', 1), // 8 unknown group
      line('Ann', 'peer', 6), // 9 outside 1–5
      line('Bo', 'manager', 0), // 10 outside 1–5
      line('Bo', 'peer', 4.5), // 11 counted: the scale takes decimals
      line('Bo', 'peer', 'abc'), // 12 not a number
      line(null, 'peer', 3), // 13 no ratee
      line('Bo', null, 2), // 14 no group
      line('Bo', 'customer', 3), // 15
      line('Bo', 'manager', null), // 16 not rated yet: not left out
    ],
  },
  // The mixed scenario without the lines that are left out: Ann's and Bo's figures must be these.
  clean: {
    ratees: ['Ann', 'Bo'],
    lines: [line('Ann', 'manager', 4), line('Ann', 'peer', 5), line('Bo', 'peer', 4.5), line('Bo', 'customer', 3), line('Bo', 'manager', null)],
  },
  // MATCH reads * and ? as wildcards in LibreOffice: these must still be unknown there.
  wildcards: { ratees: ['Ann'], lines: [line('Ann', 'manager', 4), line('A*', 'peer', 1), line('Ann', 'p?er', 1)] },
  // A name typed with a trailing space is not the summary's name: the status shows it as typed.
  spaces: { ratees: ['Ann'], lines: [line('Ann ', 'peer', 4), line('Ann', ' Peer ', 4)] },
  oneOfEach: {
    ratees: ['Ann'],
    lines: [line('Ann', 'manager', 4), line('Ann', 'peer', 4), line('Ann', 'peer', 5), line('Ann', 'peer', 3), line('Bob', 'peer', 2), line('Ann', 'boss', 5), line('Ann', 'customer', 4.5), line('Ann', 'customer', 6)],
  },
};

interface Built {
  readonly desc: WorkbookDesc;
  readonly bonus: Record<string, string>;
  readonly feedback: Record<string, { ratings: string; summary: string }>;
}

function build(lang: Locale): Built {
  const wb = new WorkbookBuilder(lang);
  const bonus: Record<string, string> = {};
  for (const [key, data] of Object.entries(BONUS)) bonus[key] = bonusSheet(wb, { period: '', employees: data.names.length, data }).sheet;
  const feedback: Record<string, { ratings: string; summary: string }> = {};
  for (const [key, f] of Object.entries(FEEDBACK)) {
    const r = feedback360Sheets(wb, {
      period: '',
      ratees: f.ratees.length,
      lines: f.lines.length,
      data: { ratees: f.ratees, lines: f.lines, minRaters: 1, weights: [0, 0.3, 0.25, 0.2, 0.25] },
    });
    feedback[key] = { ratings: r.ratingsSheet, summary: r.summarySheet };
  }
  return { desc: wb.build(), bonus, feedback };
}

const BUILT = new Map(LANGS.map((lang) => [lang, build(lang)]));


const plain = (v: EngineValue | undefined): EngineValue => (v === undefined || v === '' ? null : v);

function reader(book: Book, sheet: string) {
  const values = book.get(sheet)!;
  return (address: string): EngineValue => {
    const { row, col } = parseCell(address);
    return plain(values[row - 1]?.[col - 1]);
  };
}

/** The parity checker over one scenario's sheets (the workbook holds several of each kind). */
function checkOnly(desc: WorkbookDesc, book: Book, names: string[], run: (ch: Checker) => void): Checker {
  const sheets = desc.sheets.filter((s) => names.includes(s.name));
  const ch = new Checker({ sheets, names: desc.names }, book);
  run(ch);
  return ch;
}

const T: Record<Locale, Record<string, string>> = {
  en: {
    badRows: '✗ 4 rows in error (rows 11, 12, …): the split is not final',
    oneBadGrade: "✗ row 11: grade 'Z' is not in the bands",
    noName: '✗ row 12: a base and a grade but no name',
    negativePool: '✗ the pool is negative',
    noPool: '✗ no bonus pool yet',
    ok: '✓ Shares add up to the pool',
    counted: '✓ counted',
    provisional: 'counted; not final (see Check)',
    baseText: "✗ base 'abc' is not a number",
    gradeZ: "✗ grade 'Z' is not in the bands",
    noNameRow: '✗ a base and a grade but no name',
    noGrade: '✗ no grade',
    mixed:
      '✗ 7 rows left out: 2 unknown ratees (rows 7, 13), 2 unknown groups (rows 8, 14), 3 ratings outside 1–5 (rows 9, 10, …)',
    oneOfEach: '✗ 3 rows left out: 1 unknown ratee (row 9), 1 unknown group (row 10), 1 rating outside 1–5 (row 12)',
    clean: '✓ No rating left out',
    unknownRatee: "✗ ratee 'Anne' is not on the summary",
    unknownGroup: "✗ rater group 'boss' is unknown",
    outside6: '✗ rating 6 is outside 1–5',
    outside0: '✗ rating 0 is outside 1–5',
    ratingText: "✗ rating 'abc' is not a number",
    noRatee: '✗ no ratee',
    noGroup: '✗ no rater group',
    spacedRatee: "✗ ratee 'Ann ' is not on the summary",
    wildcard: "✗ row 11: grade '?' is not in the bands",
    wildcards: '✗ 2 rows left out: 1 unknown ratee (row 6), 1 unknown group (row 7)',
  },
  'zh-CN': {
    badRows: '✗ 4行有误（第11、12行等）：分配尚未定稿',
    oneBadGrade: '✗ 第11行：等级“Z”不在等级标准中',
    noName: '✗ 第12行：有基数和等级但未填姓名',
    negativePool: '✗ 奖金池为负数',
    noPool: '✗ 尚未填写奖金池',
    ok: '✓ 分配合计等于奖金池',
    counted: '✓ 已计入',
    provisional: '已计入；尚未定稿（见核对）',
    baseText: '✗ 基数“abc”不是数字',
    gradeZ: '✗ 等级“Z”不在等级标准中',
    noNameRow: '✗ 有基数和等级但未填姓名',
    noGrade: '✗ 未填等级',
    mixed: '✗ 剔除7条：未知被评价人2条（第7、13行）；未知评价人类别2条（第8、14行）；评分超出1–5共3条（第9、10行等）',
    oneOfEach: '✗ 剔除3条：未知被评价人1条（第9行）；未知评价人类别1条（第10行）；评分超出1–5共1条（第12行）',
    clean: '✓ 所有评分均已计入',
    unknownRatee: '✗ 被评价人“Anne”不在汇总表中',
    unknownGroup: '✗ 评价人类别“boss”无法识别',
    outside6: '✗ 评分 6 不在 1–5 之间',
    outside0: '✗ 评分 0 不在 1–5 之间',
    ratingText: '✗ 评分“abc”不是数字',
    noRatee: '✗ 未填被评价人',
    noGroup: '✗ 未填评价人类别',
    spacedRatee: '✗ 被评价人“Ann ”不在汇总表中',
    wildcard: '✗ 第11行：等级“?”不在等级标准中',
    wildcards: '✗ 剔除2条：未知被评价人1条（第6行）；未知评价人类别1条（第7行）',
  },
};

/** Bonus columns: F/G hold allocated and difference, C7 the check; employee rows start on row 10. */
const col = (desc: WorkbookDesc, sheet: string, key: string): string => {
  const s = desc.sheets.find((x) => x.name === sheet)!;
  return s.tables!.find((t) => t.key === 'employees' || t.key === 'ratings' || t.key === 'summary')!.columns[key]!;
};

function scenarios(engine: string, books: () => Map<Locale, Book>): void {
  for (const lang of LANGS) {
    describe(`${engine}, ${lang}`, () => {
      const b = BUILT.get(lang)!;
      const t = T[lang];
      const at = (sheet: string) => reader(books().get(lang)!, sheet);
      const bonusCell = (key: string, role: string) => {
        const s = b.desc.sheets.find((x) => x.name === b.bonus[key])!;
        return at(s.name)(s.cells![role]!);
      };
      const bonusColumn = (key: string, field: string, n: number) => {
        const sheet = b.bonus[key]!;
        const letters = col(b.desc, sheet, field);
        return Array.from({ length: n }, (_, i) => at(sheet)(`${letters}${10 + i}`));
      };

      it('bonus: every sheet agrees with the core over the rows counted', () => {
        for (const name of Object.values(b.bonus)) {
          const ch = checkOnly(b.desc, books().get(lang)!, [name], checkBonus);
          expect(ch.mismatches, name).toEqual([]);
        }
      });

      it('bonus: bad rows get no share and say why; the check names them; the other rows keep their shares', () => {
        expect(bonusCell('badRows', 'check')).toBe(t.badRows);
        expect(bonusColumn('badRows', 'status', 6)).toEqual([t.provisional, t.baseText, t.gradeZ, t.noNameRow, t.provisional, t.noGrade]);
        expect(bonusColumn('badRows', 'share', 6)).toEqual([5000, null, null, null, 5000, null]);
        expect(bonusColumn('badRows', 'coefficient', 6)).toEqual([1.2, 1, null, 1, 1, null]);
        expect(bonusColumn('validOnly', 'share', 2)).toEqual([5000, 5000]);
        expect(WEIGHTED_SHARE(10000, [[5000], [6000]], [[1.2], [1]], 2)).toEqual([[5000], [5000]]);
        expect(bonusCell('badRows', 'allocated')).toBe(10000);
        expect(bonusCell('badRows', 'difference')).toBe(0);
        expect(bonusCell('validOnly', 'check')).toBe(t.ok);
        expect(bonusColumn('validOnly', 'status', 2)).toEqual([t.counted, t.counted]);
      });

      it('bonus: one unknown grade, a row without a name, a negative pool, no pool', () => {
        expect(bonusCell('oneBadGrade', 'check')).toBe(t.oneBadGrade);
        expect(bonusColumn('oneBadGrade', 'share', 3)).toEqual([5000, null, 5000]);
        expect(bonusCell('noName', 'check')).toBe(t.noName);
        expect(bonusColumn('noName', 'share', 3)).toEqual([5000, 5000, null]);
        expect(bonusColumn('noName', 'status', 3)).toEqual([t.provisional, t.provisional, t.noNameRow]);
        expect(bonusCell('negativePool', 'check')).toBe(t.negativePool);
        expect(bonusColumn('negativePool', 'share', 2)).toEqual([-500, -500]);
        expect(bonusColumn('negativePool', 'status', 2)).toEqual([t.provisional, t.provisional]);
        expect(bonusCell('noPool', 'check')).toBe(t.noPool);
        expect(bonusCell('noPool', 'allocated')).toBe(null);
      });

      it('bonus: a grade that MATCH would read as a wildcard is unknown', () => {
        expect(bonusCell('wildcard', 'check')).toBe(t.wildcard);
        expect(bonusColumn('wildcard', 'share', 3)).toEqual([5000, null, 5000]);
      });

      it('bonus: a billion splits to the cent', () => {
        expect(bonusCell('billion', 'check')).toBe(t.ok);
        const shares = bonusColumn('billion', 'share', 2) as number[];
        expect(Math.round(shares[0]! * 100) + Math.round(shares[1]! * 100)).toBe(100_000_000_000);
        expect(bonusCell('billion', 'allocated')).toBe(1_000_000_000);
      });

      it('360: lines left out are listed on the summary, flagged on the ratings sheet and never averaged in', () => {
        const f = b.feedback.mixed!;
        const summary = b.desc.sheets.find((s) => s.name === f.summary)!;
        expect(at(f.summary)(summary.cells!.leftOut!)).toBe(t.mixed);
        const status = col(b.desc, f.ratings, 'status');
        expect(Array.from({ length: 12 }, (_, i) => at(f.ratings)(`${status}${5 + i}`))).toEqual([
          null, null, t.unknownRatee, t.unknownGroup, t.outside6, t.outside0, null, t.ratingText, t.noRatee, t.noGroup, null, null,
        ]);
        const clean = b.feedback.clean!;
        expect(at(clean.summary)(summary.cells!.leftOut!)).toBe(t.clean);
        // Ann's and Bo's figures are those of the lines that count, and equal the clean sheet's.
        const fields = ['count', 'self', 'manager', 'peer', 'report', 'customer', 'score'];
        const figures = (sheet: string, r: number) => fields.map((k) => at(sheet)(`${col(b.desc, sheet, k)}${r}`));
        for (const r of [6, 7]) expect(figures(f.summary, r)).toEqual(figures(clean.summary, r));
        const weights = [['manager', 0.3], ['peer', 0.25], ['report', 0.2], ['customer', 0.25]];
        expect(figures(f.summary, 6).slice(0, 6)).toEqual([2, null, 4, 5, null, null]);
        expect(figures(f.summary, 6)[6]).toBeCloseTo(SCORE360([[4], [5]], [['manager'], ['peer']], weights, 1) as number, 9);
        expect(figures(f.summary, 7).slice(0, 6)).toEqual([2, null, null, 4.5, null, 3]);
        expect(figures(f.summary, 7)[6]).toBeCloseTo(SCORE360([[4.5], [3]], [['peer'], ['customer']], weights, 1) as number, 9);
        const leftOut = col(b.desc, f.summary, 'leftOut');
        expect([at(f.summary)(`${leftOut}6`), at(f.summary)(`${leftOut}7`)]).toEqual([2, 3]);
        for (const pair of Object.values(b.feedback)) {
          const ch = checkOnly(b.desc, books().get(lang)!, [pair.ratings, pair.summary], check360);
          expect(ch.mismatches, pair.summary).toEqual([]);
        }
      });

      it('360: one line of each kind', () => {
        const f = b.feedback.oneOfEach!;
        const summary = b.desc.sheets.find((s) => s.name === f.summary)!;
        expect(at(f.summary)(summary.cells!.leftOut!)).toBe(t.oneOfEach);
      });

      it('360: a ratee or group that MATCH would read as a wildcard is left out', () => {
        const f = b.feedback.wildcards!;
        const summary = b.desc.sheets.find((s) => s.name === f.summary)!;
        expect(at(f.summary)(summary.cells!.leftOut!)).toBe(t.wildcards);
        expect(at(f.summary)(`${col(b.desc, f.summary, 'score')}6`)).toBe(4);
      });

      it('360: a ratee typed with a space is shown as typed; a group word with spaces and capitals still counts', () => {
        const f = b.feedback.spaces!;
        const status = col(b.desc, f.ratings, 'status');
        expect([at(f.ratings)(`${status}5`), at(f.ratings)(`${status}6`)]).toEqual([t.spacedRatee, null]);
        expect(at(f.summary)(`${col(b.desc, f.summary, 'count')}6`)).toBe(1);
      });
    });
  }
}

describe('bonus and 360 sheets in HyperFormula', () => {
  const books = new Map<Locale, Book>();
  for (const lang of LANGS) books.set(lang, hfBook(BUILT.get(lang)!.desc));
  scenarios('HyperFormula', () => books);
});

describe('bonus and 360 sheets in LibreOffice Calc', () => {
  let dir = '';
  const books = new Map<Locale, Book>();
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kpi-bonus360-'));
    const paths = LANGS.map((lang) => join(dir, `${lang}.xlsx`));
    for (const [i, lang] of LANGS.entries()) await writeXlsx(BUILT.get(lang)!.desc, paths[i]!);
    const out = await recalcXlsx(paths);
    LANGS.forEach((lang, i) => books.set(lang, out.get(paths[i]!)!));
  }, 300_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  scenarios('LibreOffice', () => books);
});

describe('bonus sheet looks', () => {
  it('shades provisional shares, rows in error and a check that is not ✓', () => {
    const b = BUILT.get('en')!;
    const s = b.desc.sheets.find((x) => x.name === b.bonus.badRows)!;
    const t = s.tables!.find((x) => x.key === 'employees')!;
    const styleOf = (letters: string) => s.conditionalFormats.filter((c) => c.range.startsWith(`${letters}${t.firstRow}:`)).map((c) => c.style);
    expect(styleOf(t.columns.share!)).toEqual(['warn']);
    expect(styleOf(t.columns.status!)).toEqual(['bad']);
    expect(s.conditionalFormats.some((c) => c.range.startsWith(s.cells!.check!) && c.style === 'bad')).toBe(true);
  });
});

describe('bonus money columns', () => {
  it('are wide enough for -1,000,000,000.00 in both languages', () => {
    const shown = '-1,000,000,000.00';
    expect(MONEY_WIDTH).toBeGreaterThanOrEqual(shown.length + 2);
    for (const lang of LANGS) {
      const b = BUILT.get(lang)!;
      const s: SheetDesc = b.desc.sheets.find((x) => x.name === b.bonus.billion)!;
      const widthAt = (address: string) => s.columns[colNumber(/[A-Z]+/.exec(address)![0]) - 1]!.width;
      const t = s.tables!.find((x) => x.key === 'employees')!;
      for (const a of [s.cells!.pool!, s.cells!.allocated!, s.cells!.difference!, `${t.columns.base}10`, `${t.columns.share}10`]) {
        expect(widthAt(a), `${lang} ${a}`).toBeGreaterThanOrEqual(MONEY_WIDTH);
      }
    }
  });
});
