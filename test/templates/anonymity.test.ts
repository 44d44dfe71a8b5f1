/**
 * 360 anonymity against arithmetic: no figure on the 360 summary may tell a reader anything about
 * the ratings of a group below its minimum number of raters. The test is indistinguishability:
 * from random ratings (random ratees, group sizes straddling the minimum, a random min_raters
 * setting, random weights, lines that are left out), a second workbook differs only in the ratings
 * of the hidden groups (same number of ratings, other values), and every cell of the summary sheet,
 * shown or hidden helper, must be identical in both. With one more or one fewer rating in a hidden
 * group (still below its minimum), only the ratee's number of ratings may change (and the 360 score
 * between blank and "not enough raters" when that number is 0 on one side). The 360 score is what the
 * review's collaboration column takes, and so what reaches the review's totals and the dashboard:
 * the core's SCORE360 over the counted lines must be identical as well. Every workbook is recalculated
 * in HyperFormula; some, in one run, in LibreOffice Calc; the summary must agree with the core.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recalcXlsx } from '../../cli/libreoffice.js';
import { writeXlsx } from '../../cli/xlsx.js';
import { SCORE360 } from '../../core/index.js';
import { GROUPS_360 } from '../../core/options.js';
import { col } from '../../core/templates/a1.js';
import { WorkbookBuilder } from '../../core/templates/builder.js';
import { feedback360Sheets, type RatingLine } from '../../core/templates/feedback360.js';
import type { NumberInput } from '../../core/templates/plan.js';
import { seeded } from '../../core/templates/random.js';
import type { TableLayout, WorkbookDesc } from '../../core/templates/types.js';
import type { Locale } from '../../core/types.js';
import { check360, Checker, type Book, type EngineValue } from './check.js';
import { LANGS } from './cases.js';
import { hfBook } from './engines.js';

const GROUPS = Object.keys(GROUPS_360) as (keyof typeof GROUPS_360)[];
const NAMES: Record<Locale, string[]> = { en: ['Ann', 'Bo', 'Cy'], 'zh-CN': ['张伟', '李娜', '王芳'] };

interface Line {
  readonly ratee: string | null;
  readonly group: string | null;
  readonly rating: NumberInput;
  /** The ratee's index on the summary, or -1. */
  readonly who: number;
  /** The group's index in GROUPS, or -1. */
  readonly g: number;
}

interface Scenario {
  readonly lang: Locale;
  readonly names: readonly string[];
  readonly min: NumberInput;
  readonly weights: readonly NumberInput[];
  /** In table order; a line with no ratee, group and rating is blank. */
  readonly lines: readonly Line[];
}

const BLANK: Line = { ratee: null, group: null, rating: null, who: -1, g: -1 };

function ratingValue(x: NumberInput): number | null {
  if (typeof x === 'number') return x;
  if (typeof x === 'string' && x.trim() !== '' && Number.isFinite(Number(x))) return Number(x);
  return null;
}

/** A line that counts: a ratee on the summary, a known group, a rating from 1 to 5. */
function counted(l: Line): boolean {
  const x = ratingValue(l.rating);
  return l.who >= 0 && l.g >= 0 && x !== null && x >= 1 && x <= 5;
}

/** Ratings a group needs to be shown: manager and self 1; the others min_raters (blank 3); none is enough when the setting is not a whole number ≥ 1. */
function need(g: number, min: NumberInput): number {
  if (GROUPS[g] === 'self' || GROUPS[g] === 'manager') return 1;
  if (min === null || (typeof min === 'string' && min.trim() === '')) return 3;
  const m = ratingValue(min);
  return m !== null && Number.isInteger(m) && m >= 1 ? m : Infinity;
}

function countOf(s: Scenario, who: number, g: number): number {
  return s.lines.filter((l) => l.who === who && l.g === g && counted(l)).length;
}

/** Groups below their minimum, as [ratee, group, ratings counted]. */
function hiddenGroups(s: Scenario): [number, number, number][] {
  const out: [number, number, number][] = [];
  s.names.forEach((_, who) =>
    GROUPS.forEach((_g, g) => {
      const n = countOf(s, who, g);
      if (n < need(g, s.min)) out.push([who, g, n]);
    }),
  );
  return out;
}

const RATING = fc.oneof(
  fc.integer({ min: 1, max: 5 }),
  fc.integer({ min: 2, max: 10 }).map((x) => x / 2),
  fc.integer({ min: 1, max: 5 }).map(String),
);
const WEIGHT = fc.constantFrom<NumberInput>(0, 0.1, 0.2, 0.25, 0.3, 0.3, null);
const NOISE = fc.record({
  kind: fc.constantFrom('ratee', 'group', 'rating', 'notYet'),
  who: fc.nat(2),
  g: fc.nat(4),
  bad: fc.constantFrom<NumberInput>(6, 0, 'abc', 5.5, -1),
});

const RAW = fc.record({
  ratees: fc.integer({ min: 1, max: 3 }),
  min: fc.constantFrom<NumberInput>(2, 3, 3, 3, 4, 4, 1, null, '3', 0, 1.5),
  weights: fc.array(WEIGHT, { minLength: 5, maxLength: 5 }),
  // Per ratee and group, the ratings: self and manager up to 2, the others up to 5.
  ratings: fc.array(
    fc.tuple(
      fc.array(RATING, { maxLength: 2 }),
      fc.array(RATING, { maxLength: 2 }),
      fc.array(RATING, { maxLength: 5 }),
      fc.array(RATING, { maxLength: 5 }),
      fc.array(RATING, { maxLength: 5 }),
    ),
    { minLength: 3, maxLength: 3 },
  ),
  noise: fc.array(NOISE, { maxLength: 3 }),
  // Now and then one weight typed as text, a number typed as text, or below 0 (past validation).
  spoil: fc.tuple(fc.constantFrom<NumberInput | undefined>(undefined, undefined, undefined, undefined, undefined, undefined, '0.2', -0.1, 'abc'), fc.nat(4)),
  order: fc.integer(),
  fresh: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 40, maxLength: 40 }),
  pick: fc.nat(),
});
type Raw = typeof RAW extends fc.Arbitrary<infer T> ? T : never;

function scenarioOf(lang: Locale, raw: Raw): Scenario {
  const rng = seeded(raw.order);
  const names = NAMES[lang].slice(0, raw.ratees);
  const word = (g: number) => {
    const words = GROUPS_360[GROUPS[g]!];
    const w = rng.pick(words);
    return rng.chance(0.2) ? ` ${w.toUpperCase()} ` : w;
  };
  const lines: Line[] = [];
  names.forEach((name, who) =>
    raw.ratings[who]!.forEach((xs, g) => {
      for (const rating of xs) lines.push({ ratee: name, group: word(g), rating, who, g });
    }),
  );
  for (const n of raw.noise) {
    const who = n.who % names.length;
    const g = n.g % GROUPS.length;
    if (n.kind === 'ratee') lines.push({ ratee: `${names[who]}x`, group: word(g), rating: 3, who: -1, g });
    else if (n.kind === 'group') lines.push({ ratee: names[who]!, group: 'boss', rating: 3, who, g: -1 });
    else if (n.kind === 'rating') lines.push({ ratee: names[who]!, group: word(g), rating: n.bad, who, g });
    else lines.push({ ratee: names[who]!, group: word(g), rating: null, who, g });
  }
  for (let i = lines.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [lines[i], lines[j]] = [lines[j]!, lines[i]!];
  }
  // A spare blank line at the end, where one more rating can be typed.
  lines.push(BLANK);
  const weights = raw.weights.map((w, i) => (i === raw.spoil[1] && raw.spoil[0] !== undefined ? raw.spoil[0] : w));
  return { lang, names, min: raw.min, weights, lines };
}

/** Another rating from 1 to 5 than x (the attack changes every hidden rating). */
function another(x: NumberInput, step: number): NumberInput {
  const v = ratingValue(x)!;
  const y = ((Math.round(v) - 1 + step) % 5) + 1;
  return y === v ? (y % 5) + 1 : y;
}

/** The ratings of every hidden group changed, their number kept; null when no hidden group has a rating. */
function otherHiddenRatings(s: Scenario, raw: Raw): Scenario | null {
  const hidden = hiddenGroups(s).filter(([, , n]) => n > 0);
  if (hidden.length === 0) return null;
  const isHidden = (l: Line) => counted(l) && hidden.some(([who, g]) => l.who === who && l.g === g);
  let k = 0;
  return { ...s, lines: s.lines.map((l) => (isHidden(l) ? { ...l, rating: another(l.rating, raw.fresh[k++ % raw.fresh.length]!) } : l)) };
}

/** One more rating in a hidden group that stays below its minimum (typed on the spare line). */
function oneMore(s: Scenario, raw: Raw): { s: Scenario; who: number } | null {
  const room = hiddenGroups(s).filter(([, g, n]) => n + 1 < need(g, s.min));
  if (room.length === 0) return null;
  const [who, g] = room[raw.pick % room.length]!;
  const lines = [...s.lines];
  const words = GROUPS_360[GROUPS[g]!];
  lines[lines.length - 1] = { ratee: s.names[who]!, group: words[raw.pick % words.length]!, rating: raw.fresh[0]!, who, g };
  return { s: { ...s, lines }, who };
}

/** One fewer rating in a hidden group (its line cleared, so no other line moves). */
function oneFewer(s: Scenario, raw: Raw): { s: Scenario; who: number } | null {
  const some = hiddenGroups(s).filter(([, , n]) => n > 0);
  if (some.length === 0) return null;
  const [who, g] = some[raw.pick % some.length]!;
  const at = s.lines.findIndex((l) => l.who === who && l.g === g && counted(l));
  const lines = s.lines.map((l, i) => (i === at ? BLANK : l));
  return { s: { ...s, lines }, who };
}

function ratingLines(s: Scenario): RatingLine[] {
  return s.lines.map((l) => ({ ratee: l.ratee, group: l.group, rating: l.rating, comment: null }));
}

/** Adds a scenario's ratings and summary sheets to a workbook; returns the summary's name and table. */
function addScenario(wb: WorkbookBuilder, s: Scenario): { ratings: string; summary: string; table: TableLayout } {
  const r = feedback360Sheets(wb, {
    period: '',
    ratees: s.names.length,
    lines: s.lines.length,
    data: { ratees: s.names, lines: ratingLines(s), minRaters: s.min, weights: s.weights },
  });
  return { ratings: r.ratingsSheet, summary: r.summarySheet, table: r.summary };
}


const sameValue = (a: EngineValue | undefined, b: EngineValue | undefined): boolean => {
  const x = a === undefined || a === '' ? null : a;
  const y = b === undefined || b === '' ? null : b;
  if (typeof x === 'object' && x !== null && typeof y === 'object' && y !== null) return x.error === y.error;
  return Object.is(x, y);
};

/** Addresses of the cells that differ between two computed sheets. */
function differing(a: EngineValue[][], b: EngineValue[][]): string[] {
  const out: string[] = [];
  for (let r = 0; r < Math.max(a.length, b.length); r++) {
    const width = Math.max(a[r]?.length ?? 0, b[r]?.length ?? 0);
    for (let c = 0; c < width; c++) if (!sameValue(a[r]?.[c], b[r]?.[c])) out.push(`${col(c + 1)}${r + 1}`);
  }
  return out;
}

/** The cells that one more or one fewer hidden rating may change: the ratee's count, and the score between blank and #N/A when a count is 0. */
function mayChange(t: TableLayout, who: number, a: EngineValue[][], b: EngineValue[][]): string[] {
  const row = t.firstRow + who;
  const countAt = (v: EngineValue[][]) => v[row - 1]?.[colNumberOf(t.columns.count!) - 1];
  const allowed = [`${t.columns.count}${row}`];
  if (countAt(a) === 0 || countAt(b) === 0) allowed.push(`${t.columns.score}${row}`);
  return allowed;
}

function colNumberOf(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}

/** SCORE360 of the core over each ratee's counted lines: the figure the review's collaboration column takes. */
function coreScores(s: Scenario): unknown[] {
  const table = GROUPS.map((g, i) => [g, s.weights[i] ?? null]);
  return s.names.map((_, who) => {
    const mine = s.lines.filter((l) => l.who === who && counted(l));
    return SCORE360(mine.map((l) => [l.rating]), mine.map((l) => [l.group]), table, s.min);
  });
}

/** Parity with the core over the sheets of one scenario. */
function parity(desc: WorkbookDesc, book: Book, sheets: readonly string[]): Checker {
  const ch = new Checker({ sheets: desc.sheets.filter((x) => sheets.includes(x.name)), names: desc.names }, book);
  check360(ch);
  return ch;
}

interface Case {
  readonly lang: Locale;
  readonly a: Scenario;
  readonly b: Scenario | null;
  readonly plus: { s: Scenario; who: number } | null;
  readonly minus: { s: Scenario; who: number } | null;
}

function cases(lang: Locale, runs: number, seed: number): Case[] {
  return fc.sample(RAW, { seed, numRuns: runs }).map((raw) => {
    const a = scenarioOf(lang, raw);
    return { lang, a, b: otherHiddenRatings(a, raw), plus: oneMore(a, raw), minus: oneFewer(a, raw) };
  });
}

const VARIANTS = ['a', 'b', 'plus', 'minus'] as const;
type Variant = (typeof VARIANTS)[number];
const variantOf = (c: Case, v: Variant): Scenario => (v === 'a' ? c.a : v === 'b' ? (c.b ?? c.a) : v === 'plus' ? (c.plus?.s ?? c.a) : (c.minus?.s ?? c.a));

interface Built {
  readonly desc: WorkbookDesc;
  readonly sheets: readonly { ratings: string; summary: string; table: TableLayout }[];
}

/** One workbook per variant, holding every case's ratings and summary sheets (cases without that attack repeat workbook a). */
function buildVariants(lang: Locale, cs: readonly Case[]): Record<Variant, Built> {
  const out = {} as Record<Variant, Built>;
  for (const v of VARIANTS) {
    const wb = new WorkbookBuilder(lang);
    const sheets = cs.map((c) => addScenario(wb, variantOf(c, v)));
    out[v] = { desc: wb.build(), sheets };
  }
  return out;
}

/**
 * Every case of a batch: the summary agrees with the core in each variant; other ratings in the hidden
 * groups (b) change no cell of the summary; one more or one fewer hidden rating changes only the ratee's
 * count (and the score between blank and #N/A when a count is 0); the core's scores, which the review takes, likewise.
 */
function assertBatch(cs: readonly Case[], built: Record<Variant, Built>, books: Record<Variant, Book>): void {
  cs.forEach((c, i) => {
    const sa = built.a.sheets[i]!;
    const a = books.a.get(sa.summary)!;
    const scoresA = coreScores(c.a);
    for (const v of ['b', 'plus', 'minus', 'a'] as const) {
      const sv = built[v].sheets[i]!;
      const b = books[v].get(sv.summary)!;
      const moved = v === 'plus' ? c.plus : v === 'minus' ? c.minus : null;
      const allowed = moved ? mayChange(sa.table, moved.who, a, b) : [];
      const what = `case ${i} ${v}: ${JSON.stringify({ min: c.a.min, weights: c.a.weights, a: c.a.lines, v: variantOf(c, v).lines })}`;
      expect(differing(a, b).filter((x) => !allowed.includes(x)), what).toEqual([]);
      const scores = coreScores(variantOf(c, v));
      scoresA.forEach((x, who) => {
        if (!moved || who !== moved.who || typeof x === 'number') expect(scores[who], what).toEqual(x);
      });
      expect(parity(built[v].desc, books[v], [sv.ratings, sv.summary]).mismatches, what).toEqual([]);
    }
  });
}

const RUNS = 60;
const BATCH = 10;

describe('360 anonymity in HyperFormula: hidden groups cannot be told apart', () => {
  for (const [n, lang] of LANGS.entries()) {
    it(`${lang}: hidden ratings change no figure on the summary; one rating more or fewer there changes only the count`, () => {
      const cs = cases(lang, RUNS, 360_001 + n);
      // Enough of the cases attack something.
      expect(cs.filter((c) => c.b).length).toBeGreaterThan(RUNS / 2);
      expect(cs.filter((c) => c.plus).length).toBeGreaterThan(RUNS / 4);
      expect(cs.filter((c) => c.minus).length).toBeGreaterThan(RUNS / 2);
      expect(cs.filter((c) => c.b && need(2, c.a.min) === Infinity).length).toBeGreaterThan(0);
      for (let k = 0; k < cs.length; k += BATCH) {
        const batch = cs.slice(k, k + BATCH);
        const built = buildVariants(lang, batch);
        const books = {} as Record<Variant, Book>;
        for (const v of VARIANTS) books[v] = hfBook(built[v].desc);
        assertBatch(batch, built, books);
      }
    });
  }
});

/** LibreOffice: a few cases per language, each variant one workbook holding every case; one conversion for all. */
const LO_CASES = 6;

describe('360 anonymity in LibreOffice Calc', () => {
  let dir = '';
  const picked = new Map<Locale, Case[]>();
  const built = new Map<Locale, Record<Variant, Built>>();
  const books = new Map<Locale, Record<Variant, Book>>();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kpi-anonymity-'));
    const paths: string[] = [];
    for (const [n, lang] of LANGS.entries()) {
      // Two with a minimum that is not a whole number from 1 up (pasted past validation), the others valid.
      const all = cases(lang, 80, 360_201 + n).filter((c) => c.b && (c.plus || c.minus));
      const badMin = (c: Case) => need(2, c.a.min) === Infinity;
      const cs = [...all.filter(badMin).slice(0, 2), ...all.filter((c) => !badMin(c)).slice(0, LO_CASES - 2)];
      picked.set(lang, cs);
      const b = buildVariants(lang, cs);
      built.set(lang, b);
      for (const v of VARIANTS) {
        const path = join(dir, `${lang}-${v}.xlsx`);
        await writeXlsx(b[v].desc, path);
        paths.push(path);
      }
    }
    const out = await recalcXlsx(paths);
    for (const lang of LANGS) {
      const r = {} as Record<Variant, Book>;
      for (const v of VARIANTS) r[v] = out.get(join(dir, `${lang}-${v}.xlsx`))!;
      books.set(lang, r);
    }
  }, 300_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  for (const lang of LANGS) {
    it(`${lang}: the summary agrees with the core, and hidden ratings change no figure`, () => {
      const cs = picked.get(lang)!;
      expect(cs.length).toBe(LO_CASES);
      assertBatch(cs, built.get(lang)!, books.get(lang)!);
    });
  }
});
