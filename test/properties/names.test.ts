/**
 * Names and texts from the user's workbook: sheet names already taken (freeSheetName must give a
 * valid, free Excel sheet name whatever they are), and the headers and values of users' own
 * tables (readTable, readHeader, readNumber, readTarget, readWeight, readWeights, readDirection
 * never throw, give finite numbers, and word their messages without raw control characters).
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { freeName, freeSheetName } from '../../core/templates/builder.js';
import { readHeader, readTable, tableNoteMessage, type TableRead } from '../../core/templates/read-table.js';
import {
  readDirection,
  readMessage,
  readNumber,
  readTarget,
  readWeight,
  readWeights,
  type Read,
  type ReadFailure,
} from '../../core/templates/read-values.js';
import { COUNT, RAW_CONTROL, anyNumber, anyText, anyValue, check, coreError, nastyName, runs } from './arbitraries.js';

const BAD_SHEET = /[[\]:*?/\\]/;
const C0 = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const RUNS = { sheet: 20000, sheetFull: 3000, name: 3000, read: 6000, weights: 2000, header: 3000, table: 2500, tableOptions: 600 };

afterAll(() => console.log(`names: ${COUNT.cases} generated cases`));

/** What is wrong with a sheet name, if anything. */
function badSheetName(name: unknown): string | undefined {
  if (typeof name !== 'string') return 'not text';
  if (name.length < 1 || name.length > 31) return `length ${name.length}`;
  if (BAD_SHEET.test(name)) return 'one of []:*?/\\';
  if (name.startsWith("'") || name.endsWith("'")) return 'begins or ends with an apostrophe';
  if (name.toLowerCase() === 'history') return 'History is reserved';
  if (C0.test(name)) return 'a control character';
  if (LONE_SURROGATE.test(name)) return 'half a character (a lone surrogate)';
  if (name !== name.trim()) return 'spaces at an end';
  return undefined;
}

describe('freeSheetName with hostile names', () => {
  it('gives a valid Excel sheet name that is not taken', () => {
    check(RUNS.sheet, fc.tuple(nastyName, fc.array(nastyName, { maxLength: 6 })), ([base, existing]) => {
      const taken = new Set(existing.map((s) => s.toLowerCase()));
      const name = freeSheetName(base, taken);
      const bad = badSheetName(name);
      if (bad) throw new Error(`${bad}: ${JSON.stringify(name)} from ${JSON.stringify(base)}`);
      if (taken.has(name.toLowerCase())) throw new Error(`taken: ${JSON.stringify(name)}`);
    });
  });

  it('finds a free name when the name and its numbered forms are all taken', () => {
    const base = fc.oneof(nastyName, fc.constantFrom('KPI Plan', 'x'.repeat(40), 'History', "abc'", 'a😀'.repeat(20)));
    check(RUNS.sheetFull, fc.tuple(base, fc.integer({ min: 0, max: 12 })), ([b, count]) => {
      const taken = new Set<string>();
      for (let i = 0; i <= count; i++) taken.add(freeSheetName(b, taken).toLowerCase());
      if (taken.size !== count + 1) throw new Error(`repeated a name for ${JSON.stringify(b)}`);
      for (const n of taken) {
        const bad = badSheetName(n);
        if (bad) throw new Error(`${bad}: ${JSON.stringify(n)} from ${JSON.stringify(b)}`);
      }
    });
  });

  it('names History otherwise, as Excel reserves it', () => {
    expect(freeSheetName('History', new Set())).not.toMatch(/^history$/i);
    expect(freeSheetName(' HISTORY ', new Set())).not.toMatch(/^history$/i);
  });

  it('gives workbook names that are not taken', () => {
    const base = fc.constantFrom('KPI_Directions', 'KPI_Bands', 'Bands', 'x');
    check(RUNS.name, fc.tuple(base, fc.array(fc.oneof(base, base.map((b) => `${b}_2`), nastyName), { maxLength: 6 })), ([b, existing]) => {
      const taken = new Set(existing.map((s) => s.toLowerCase()));
      const name = freeName(b, taken);
      if (taken.has(name.toLowerCase()) || !name.startsWith(b)) throw new Error(`${JSON.stringify(name)} for ${JSON.stringify(b)}`);
    });
  });
});

/** A cell of a user's table: numbers, texts as files write them, errors, blanks, anything. */
const tableCell: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: anyText },
  { weight: 2, arbitrary: anyNumber },
  { weight: 2, arbitrary: fc.constantFrom('KPI', '指标名称', 'Target', '目标值', 'Weight', '权重', '合计', 'Total', '备注：', 'Note', '部门：销售部', 'Period: 2026 Q1', '90%~99%', '≥95%', '不低于95%', '￥1,200万', 'TBD', '___%') },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, true, false) },
  { weight: 1, arbitrary: coreError },
  { weight: 1, arbitrary: anyValue },
);

const show = (v: unknown): string => {
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : typeof x === 'symbol' ? String(x) : typeof x === 'number' && !Number.isFinite(x) ? String(x) : x)) ?? String(v);
  } catch {
    return '(unprintable)';
  }
};

/** What is wrong with a read, if anything: a number must be finite; a failure must word itself cleanly. */
function badRead(r: Read): string | undefined {
  if (r.ok) {
    if (!Number.isFinite(r.value)) return `value ${r.value}`;
    if (r.band && !(Number.isFinite(r.band.threshold) && Number.isFinite(r.band.target))) return `band ${show(r.band)}`;
    return undefined;
  }
  return badFailure(r);
}

function badFailure(f: ReadFailure): string | undefined {
  for (const lang of ['en', 'zh-CN'] as const) {
    const m = readMessage(f, lang);
    if (typeof m !== 'string' || m === '') return `no ${lang} message`;
    if (RAW_CONTROL.test(m)) return `raw control character in ${JSON.stringify(m)}`;
  }
  return undefined;
}

/** Calls `f` and names what went wrong: a throw or a bad read. */
function readProblem(name: string, f: (v: unknown) => Read, v: unknown, onlyNumbers: boolean): string | undefined {
  let r: Read;
  try {
    r = f(v);
  } catch (e) {
    return `${name} threw ${String(e)} for ${show(v)}`;
  }
  if (onlyNumbers) return r.ok && !Number.isFinite(r.value) ? `${name}(${show(v)}) gave ${r.value}` : undefined;
  const bad = badRead(r);
  return bad ? `${name}(${show(v)}): ${bad}` : undefined;
}

const READERS: readonly [string, (v: unknown) => Read][] = [
  ['readNumber', readNumber],
  ['readTarget', readTarget],
  ['readWeight', readWeight],
];

describe('reading values users type', () => {
  it('readNumber, readTarget, readWeight and readDirection never throw', () => {
    check(RUNS.read, tableCell, (v) => {
      for (const [name, f] of READERS) {
        try {
          f(v);
        } catch (e) {
          throw new Error(`${name} threw ${String(e)} for ${show(v)}`);
        }
      }
      const d = readDirection(v);
      if (!d.ok && typeof readMessage(d, 'en') !== 'string') throw new Error(`readDirection(${show(v)})`);
    });
  });

  it('reads no number as infinite (a 305-digit number with "bn" after it is Infinity)', () => {
    // read-values.ts: the scale (k, 万, bn ...) is applied after the check for a finite number.
    fc.assert(
      fc.property(fc.oneof(tableCell, fc.constantFrom(`${'9'.repeat(305)}bn`, `${'9'.repeat(300)}亿`, `≥${'9'.repeat(305)}bn`)), (v) => {
        for (const [name, f] of READERS) {
          const bad = readProblem(name, f, v, true);
          if (bad) throw new Error(bad);
        }
      }),
      runs(RUNS.read),
    );
  });

  it('words its messages without raw control characters (the cell text is quoted as it is)', () => {
    // read-values.ts: READ_MESSAGES quote `text` raw, so "\u0007x" or a bidi override reaches the message.
    fc.assert(
      fc.property(tableCell, (v) => {
        for (const [name, f] of READERS) {
          const bad = readProblem(name, f, v, false);
          if (bad) throw new Error(bad);
        }
        const d = readDirection(v);
        if (!d.ok) {
          const bad = badFailure(d);
          if (bad) throw new Error(`readDirection(${show(v)}): ${bad}`);
        }
      }),
      runs(RUNS.read),
    );
  });

  it('readWeights never throws and gives finite weights and totals', () => {
    check(RUNS.weights, fc.array(tableCell, { maxLength: 12 }), (column) => {
      const w = readWeights(column);
      if (w.weights.length !== column.length) throw new Error(`length for ${show(column)}`);
      for (const x of w.weights) if (x !== null && !Number.isFinite(x)) throw new Error(`weight ${x} for ${show(column)}`);
      if (!Number.isFinite(w.total)) throw new Error(`total ${w.total} for ${show(column)}`);
    });
  });
});

/** What is wrong with a table read, if anything. */
function badTable(t: TableRead | null, rows: number): string | undefined {
  if (t === null) return undefined;
  for (const n of [t.headerRow, t.firstRow, t.lastRow, t.headerRows]) if (!Number.isInteger(n)) return `row ${n}`;
  if (t.headerRow < 1 || t.headerRows < 1 || t.headerRows > 2) return `header at ${t.headerRow} over ${t.headerRows}`;
  if (t.lastRow - t.headerRow > rows) return `last row ${t.lastRow} for a header on ${t.headerRow}`;
  for (const c of t.columns) {
    if (!/^[A-Z]{1,4}$/.test(c.letter)) return `column letters ${c.letter}`;
    if (!(c.confidence >= 0 && c.confidence <= 1)) return `confidence ${c.confidence}`;
  }
  for (const note of t.notes) {
    for (const lang of ['en', 'zh-CN'] as const) {
      const m = tableNoteMessage(note, lang);
      if (typeof m !== 'string' || m === '' || RAW_CONTROL.test(m) || /undefined|NaN|\[object/.test(m)) return `note ${JSON.stringify(m)}`;
    }
  }
  return undefined;
}

const tableValues = fc.array(fc.array(tableCell, { maxLength: 8 }), { maxLength: 14 });

describe('reading users’ tables', () => {
  it('readHeader never throws, for any headers, first column and group headers', () => {
    const first = fc.oneof(fc.constantFrom('A', 'b', 'XFA', 'xfd', '', '1', 'A1', '$C', ' B '), anyText.filter((t) => !/^[A-Za-z]{4,}$/.test(t) && !(/^[A-Za-z]{3}$/.test(t) && t.toUpperCase() > 'XFD')));
    check(RUNS.header, fc.tuple(fc.array(tableCell, { maxLength: 10 }), first, fc.array(tableCell, { maxLength: 10 })), ([headers, firstColumn, parents]) => {
      const r = readHeader(headers, firstColumn, parents);
      for (const c of r.columns) if (!/^[A-Z]{1,3}$/.test(c.letter)) throw new Error(`letters ${c.letter} for ${show(firstColumn)}`);
      if (r.columns.length !== headers.length) throw new Error('a column lost');
    });
  });

  it('readHeader gives no column beyond XFD for a first column beyond the sheet ("ZZZ" gives ZZZ, AAAA; "undefined" gives UNDEFINED)', () => {
    // read-table.ts: lettersToNumber takes letters of any length; a first column past XFD (16384) is kept.
    const inSheet = (l: string) => l.length < 3 || (l.length === 3 && l <= 'XFD');
    for (const first of ['ZZZ', 'undefined']) {
      const r = readHeader(['KPI', 'Target'], first);
      expect(r.columns.map((c) => c.letter).every(inSheet)).toBe(true);
    }
    // The same through readTable's origin.
    const t = readTable([['KPI', 'Target', 'Weight']], { origin: { row: 1, column: 3818111784786264 } });
    expect(t?.columns.map((c) => c.letter).every(inSheet)).toBe(true);
  });

  it('readTable skips a merge entry that is null instead of throwing', () => {
    // read-table.ts: parseMerge reads m.row of every entry that is not text: null throws a TypeError.
    expect(() => readTable([['KPI', 'Target', 'Weight']], { merges: [null as never] })).not.toThrow();
  });

  it('readTable takes options of the wrong type (a limit that is an object, prefer as text) as the defaults instead of throwing', () => {
    // read-table.ts: Math.min(options.searchRows ?? 12, 200) converts an object without a primitive value
    // (TypeError); prefer.every is called on whatever prefer is.
    expect(() => readTable([['KPI', 'Target', 'Weight']], { searchRows: Object.create(null) as never })).not.toThrow();
    expect(() => readTable([['KPI', 'Target']], { prefer: 'kpi' as never })).not.toThrow();
  });

  it('readTable never throws and words its notes cleanly', () => {
    check(RUNS.table, tableValues, (values) => {
      let t: TableRead | null;
      try {
        t = readTable(values, { prefer: ['kpi', 'target', 'weight'] });
      } catch (e) {
        throw new Error(`threw ${String(e)} for ${show(values)}`);
      }
      const bad = badTable(t, values.length);
      if (bad) throw new Error(`${bad} for ${show(values)}`);
    });
  });

  it('readTable takes hostile options (origins, merges, limits) without throwing', () => {
    const options = fc.record(
      {
        // Origins and merges on the sheet (no column past XFD); a merge as wide as the sheet is left
        // out for its cost: readTable spreads it over all 16384 columns (about 1 s a row).
        origin: fc.oneof(fc.record({ row: anyNumber, column: fc.oneof(fc.integer({ min: -1, max: 16384 }), fc.constantFrom(NaN, Infinity, 1.5)) }), anyValue),
        merges: fc.oneof(
          fc.constant(undefined),
          fc.array(
            fc.oneof(
              fc.constantFrom('C3:E3', 'A1', 'ZZZZ1:A1', '', ':', 'A0:B2', '$A$1:$B$2', 'B2:A1', 'Sheet1!B1:D1', 'A1:A1048576', 'XFD1', 'XFD1:XFC1'),
              anyText.filter((t) => !/:\$?[a-z]{2,}\$?\d/i.test(t)),
              // Merged areas within a sheet's 16384 columns (areas beyond it are no host's).
              fc.record({ row: fc.oneof(anyNumber, fc.integer({ min: -1, max: 20 })), column: fc.integer({ min: -2, max: 16384 }), rows: fc.oneof(anyNumber, fc.integer({ min: 0, max: 30 })), columns: fc.integer({ min: -1, max: 40 }) }),
            ),
            { maxLength: 4 },
          ),
        ),
        searchRows: fc.oneof(anyNumber, fc.constantFrom(undefined, '12', null)),
        maxRows: fc.oneof(anyNumber, fc.constantFrom(undefined, '5', null)),
        prefer: fc.oneof(fc.constantFrom(['kpi', 'target', 'weight'], ['bogus'], [], undefined), fc.array(anyText, { maxLength: 3 })),
      },
      { requiredKeys: [] },
    );
    check(RUNS.tableOptions, fc.tuple(tableValues, options), ([values, opts]) => {
      let t: TableRead | null;
      try {
        t = readTable(values, opts as never);
      } catch (e) {
        throw new Error(`threw ${String(e)} for ${show(values)} with ${show(opts)}`);
      }
      const bad = badTable(t, values.length);
      if (bad) throw new Error(`${bad} for ${show(values)} with ${show(opts)}`);
    });
  });
});
