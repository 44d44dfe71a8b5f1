/**
 * Generators of hostile input for the property tests: the values users, hosts and scripts can
 * hand to KPI Kit where input enters (function arguments, template options, sheet names, table
 * cells, command-line arguments). Every property that uses them is seeded, so a failure repeats.
 */
import fc from 'fast-check';

/** One seed for every property: a failure prints its path and replays with the same seed. */
export const SEED = 4242;

/** Parameters for `fc.assert`: the shared seed and a number of runs. */
export const runs = (numRuns: number): { seed: number; numRuns: number } => ({ seed: SEED, numRuns });

/** Every property records its runs here, so the test files can report the total. */
export const COUNT = { cases: 0 };

/** `fc.assert` of one property with the shared seed, counting the cases it generates. */
export function check<T>(numRuns: number, arbitrary: fc.Arbitrary<T>, predicate: (value: T) => boolean | void): void {
  fc.assert(
    fc.property(arbitrary, (value) => {
      COUNT.cases++;
      return predicate(value);
    }),
    runs(numRuns),
  );
}

const LONG = 'x'.repeat(5000);
const LONG_ZH = '指标'.repeat(2000);

/** Control characters C0 and DEL, one of each. */
export const CONTROL_CHARS: readonly string[] = [...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)), '\u007f'];

/** Characters a message must not show raw: C0 controls but the line break, DEL, C1 controls, bidi and zero-width marks. */
export const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

/** Bidirectional overrides and isolates, zero-width characters, the BOM. */
export const BIDI_CHARS: readonly string[] = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200b', '\u200e', '\u200f', '\ufeff'];

/** Texts written to do harm or to look like something else: formulas, markup, control characters. */
export const HOSTILE_TEXTS: readonly string[] = [
  '=1+1',
  '=HYPERLINK("http://x","y")',
  '=cmd|\' /C calc\'!A0',
  '+1',
  '-1',
  '@SUM(A1:A9)',
  '=',
  '+',
  '-',
  '@',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  "'",
  "''",
  "O'Brien",
  '"',
  '""',
  '\u0000',
  '\u0007bell',
  'tab\there',
  'line\nbreak',
  'cr\rlf',
  '\u007f',
  '\u202eevil\u202c',
  '\u202dLTR',
  'History',
  'history',
  'Sheet1',
  '[x]',
  'a:b',
  'a*b',
  'a?b',
  'a/b',
  'a\\b',
  '[]:*?/\\',
  "'quoted'",
  '   ',
  '',
  '\u3000',
  'x'.repeat(31),
  'x'.repeat(32),
  '销售部'.repeat(11),
  '😀'.repeat(16),
  'a😀'.repeat(11),
  '\ud83d',
  'undefined',
  'null',
  'NaN',
  '[object Object]',
  '__proto__',
  'constructor',
  'toString',
  '#N/A',
  '#REF!',
  'Err:502',
  LONG,
  LONG_ZH,
];

/** Texts that look like numbers to people and sometimes to programs. */
export const NUMBER_TEXTS: readonly string[] = [
  '85',
  ' 85 ',
  '８５',
  '85％',
  '８５％',
  '85%',
  '1,000',
  '1.000,5',
  '1e2',
  '1E308',
  '1e309',
  '-0',
  '0x10',
  '0b11',
  '.5',
  '5.',
  '١٢٣',
  '𝟗𝟓',
  '¥85',
  '$1,200',
  '1.2k',
  '12万',
  '≥95%',
  '90%~99%',
  'Infinity',
  '-Infinity',
  'NaN',
  'TRUE',
  'false',
  '1/0',
];

/** Numbers at the edges of doubles. */
export const EDGE_NUMBERS: readonly number[] = [
  NaN,
  Infinity,
  -Infinity,
  -0,
  0,
  1,
  -1,
  1e308,
  -1e308,
  Number.MAX_VALUE,
  5e-324,
  -5e-324,
  2.2250738585072014e-308,
  Number.MAX_SAFE_INTEGER,
  2 ** 53 + 2,
  0.1 + 0.2,
  100.005,
  1e-300,
];

/** Words the functions read as options (directions, modes, blanks, groups). */
export const OPTION_WORDS: readonly string[] = [
  'higher',
  'lower',
  'LOWER',
  'lower_ratio',
  'exact',
  '越低越好',
  '反向',
  '适度',
  'linear',
  'step',
  '阶梯',
  'skip',
  'zero',
  '按零计',
  'manager',
  'peer',
  'peers',
  'self',
  'report',
  'customer',
  '上级',
  '同事',
];

export const anyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_TEXTS, ...NUMBER_TEXTS, ...OPTION_WORDS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...CONTROL_CHARS, ...BIDI_CHARS, 'a', '1', '%', '销', '=', '[', "'"), maxLength: 40 }) },
);

export const anyNumber: fc.Arbitrary<number> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...EDGE_NUMBERS) },
  { weight: 2, arbitrary: fc.double() },
  { weight: 2, arbitrary: fc.double({ min: -3, max: 3, noNaN: true }) },
  { weight: 2, arbitrary: fc.integer({ min: -20, max: 200 }) },
);

/** An error cell in the core's form. */
export const coreError = fc.record({
  code: fc.constantFrom('#N/A', '#DIV/0!', '#VALUE!', '#NUM!', '#REF!'),
  message: fc.constantFrom('lookup found nothing', 'x', '#N/A'),
});

/**
 * A cell value both hosts can hand in and the core can be given alike: numbers (edges too),
 * texts (no text that Sheets would read as an error), booleans, blanks, core error cells.
 */
export const sharedCell: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: anyNumber },
  { weight: 3, arbitrary: anyText.filter((s) => !s.startsWith('#')) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
  { weight: 1, arbitrary: coreError },
);

/** Cells as real sheets mostly hold them (so that results are numbers often enough to compare arithmetic). */
export const plainCell: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: -2, max: 3, noNaN: true }) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 150 }) },
  { weight: 2, arbitrary: fc.constantFrom(...NUMBER_TEXTS, ...OPTION_WORDS) },
  { weight: 1, arbitrary: fc.constant(null) },
);

/** Mostly plain cells, one in four hostile. */
export const mixedCell: fc.Arbitrary<unknown> = fc.oneof({ weight: 3, arbitrary: plainCell }, { weight: 1, arbitrary: sharedCell });

/** Things no spreadsheet cell holds, handed in anyway: dates, objects, symbols, functions, big integers. */
export const wildCell: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    new Date(2026, 0, 1),
    new Date(NaN),
    {},
    { code: 42 },
    { code: '#BOGUS!', message: 7 },
    { code: '#N/A' },
    Object.create(null) as object,
    [],
    [[]],
    [[[1]]],
    Symbol('cell'),
    10n,
    () => 1,
  ),
  fc.object({ maxDepth: 1, maxKeys: 3 }),
  fc.date(),
  anyText.filter((s) => s.startsWith('#')),
);

/** A range as the core takes it: a column (1-D), a 2-D block (ragged too), or empty. */
export function rangeOf(cell: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.array(cell, { minLength: 1, maxLength: 6 }) },
    { weight: 2, arbitrary: fc.array(fc.array(cell, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 }) },
    { weight: 1, arbitrary: fc.array(fc.array(cell, { maxLength: 3 }), { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.constantFrom([], [[]], [[], []]) },
  );
}

/** One argument: a cell or a range of cells. */
export function argOf(cell: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 3, arbitrary: cell }, { weight: 2, arbitrary: rangeOf(cell) });
}

/** Argument lists for a function with `n` parameters: sometimes fewer, sometimes omitted in the middle. */
export function argsOf(n: number, arg: fc.Arbitrary<unknown>): fc.Arbitrary<unknown[]> {
  return fc.array(arg, { minLength: 0, maxLength: n });
}

/** Any value a script could pass as an option: for fields that must be text, numbers, booleans and so on. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: anyText },
  { weight: 2, arbitrary: anyNumber },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, [], {}, [1], { a: 1 }, new Date(0), Symbol('x'), 1n, Object.create(null)) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 2, maxKeys: 3 }) },
);

/** Text that holds some control character, bidi character, markup or formula sign somewhere. */
export const nastyName: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_TEXTS),
  fc
    .tuple(
      fc.constantFrom('', '=', '+', '-', '@', "'", ' ', '<script>', ...CONTROL_CHARS, ...BIDI_CHARS),
      fc.string({ maxLength: 40 }),
      fc.constantFrom('', "'", ' ', '[]', ':*?/\\', '\u0000', '\u202e', '<img src=x onerror=alert(1)>', 'x'.repeat(40)),
    )
    .map(([a, b, c]) => a + b + c),
  fc.string({ unit: fc.constantFrom(...CONTROL_CHARS, ...BIDI_CHARS, '[', ']', ':', '*', '?', '/', '\\', "'", 'a', '销', '😀', ' '), maxLength: 45 }),
);
