/**
 * Reading the values users type into their own KPI tables: targets, weights and other numbers as
 * real files write them ("10%", "≥95%", "不低于95%", "90%~99%", "￥1,200万", "8天", "TBD", "#N/A").
 *
 * Every read gives either a number (with the direction, unit or band the text states) or the
 * reason it cannot be read; nothing is guessed silently. `readMessage` words a reason in English
 * or Chinese. Pure functions: they never throw, whatever the cell holds.
 */
import type { Locale } from '../types.js';

/** Why a cell gives no number. */
export type ReadProblem =
  /** Nothing in the cell. */
  | 'blank'
  /** A stand-in for a value still to come: `___%`, `TBD`, `/`, `-`, `待定`. */
  | 'placeholder'
  /** A spreadsheet error value: `#N/A`, `#DIV/0!`, `Err:502`. */
  | 'error'
  /** TRUE or FALSE. */
  | 'boolean'
  /** Text that holds no number, or more than one thing. */
  | 'text'
  /** A range such as `90%~99%` where one number was asked for. */
  | 'band'
  /** A bound such as `≥95%` where a plain number was asked for (a weight). */
  | 'bound'
  /** A weight below zero. */
  | 'negative'
  /** A weight above 100%, or a number too large to compute with (`infinite`). */
  | 'tooLarge';

export type ReadDirection = 'higher' | 'lower';

/** A number read from a cell. */
export interface ValueRead {
  readonly ok: true;
  /** The number: percentages as fractions (10% → 0.1), scales applied (1.2k → 1200, 12万 → 120000). */
  readonly value: number;
  /** Written with a percent sign (or ‰, 个百分点, pp). */
  readonly percent?: true;
  /** A unit written after the number: 天, days, 元, 个, h ... (the percent sign is not a unit). */
  readonly unit?: string;
  /** A currency sign or code written before the number, as one sign: ¥, $, €, £. */
  readonly currency?: string;
  /** The direction the text states: `≥`, 不低于, 以上, at least → higher; `≤`, `<`, 不超过, 以内 → lower. */
  readonly direction?: ReadDirection;
  /** A range `a~b` / `a-b` / `a至b`: the first number is the threshold, the second the target. */
  readonly band?: { readonly threshold: number; readonly target: number };
}

/** A cell that gives no number, and why. */
export interface ReadFailure {
  readonly ok: false;
  readonly problem: ReadProblem;
  /** The cell as text (for messages). */
  readonly text: string;
  /** The error code for `error`: `#N/A`, `#DIV/0!`, `Err:502`. */
  readonly code?: string;
  /**
   * Set with `tooLarge` when the number is beyond what can be computed with (past about 1.8e308,
   * such as 300 nines followed by 亿 or bn), rather than a weight above 100%.
   */
  readonly infinite?: true;
}

export type Read = ValueRead | ReadFailure;

const PLACEHOLDER =
  /^(?:[_＿\s]+%?|%|[xX?？*＊.。…·]+%?|tbd|tbc|tba|n\/?a|na|none|nil|null|待定|待补充|待填写?|待确认|待议|暂无|暂定|无|空|另定|另行确定|不适用|未定|[\/\\\-–—－~～]+)$/i;
const ERROR_TEXT = /^(#(?:N\/A|VALUE!|DIV\/0!|REF!|NAME\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA|ERROR!|BLOCKED!|CONNECT!|FIELD!|BUSY!|UNKNOWN!)|Err:\d{3})/i;

const CURRENCY_SIGNS: Readonly<Record<string, string>> = {
  '¥': '¥',
  '￥': '¥',
  rmb: '¥',
  cny: '¥',
  人民币: '¥',
  $: '$',
  usd: '$',
  us$: '$',
  '€': '€',
  eur: '€',
  '£': '£',
  gbp: '£',
};

/**
 * Scale words after a number; upper-case M is a million, lower-case m is left as a unit (metres,
 * minutes); w is 万 as Chinese business writing uses it (10w = 100,000).
 */
const SCALES: readonly (readonly [RegExp, number])[] = [
  [/^(?:千万)/, 1e7],
  [/^(?:百万)/, 1e6],
  [/^(?:亿)/, 1e8],
  [/^(?:万)/, 1e4],
  [/^(?:千)(?!克|米|瓦|字)/, 1e3],
  [/^(?:bn)(?![a-z])/i, 1e9],
  [/^(?:mn|mm)(?![a-z])/i, 1e6],
  [/^k(?![a-z])/i, 1e3],
  [/^w(?![a-z])/i, 1e4],
  [/^M(?![a-zA-Z])/, 1e6],
  [/^B(?![a-zA-Z])/, 1e9],
];

/** Words that state a direction before the number. */
const HIGHER_BEFORE = /^(?:>=|=>|≥|≧|⩾|>|≮|不低于|不少于|不小于|不得低于|不应低于|大于等于|大于或等于|大于|高于|多于|超过|至少|最低|最少|at\s*least|no\s*less\s*than|not\s*less\s*than|more\s*than|greater\s*than|above|over|min(?:imum)?\.?:?)\s*/i;
const LOWER_BEFORE = /^(?:<=|=<|≤|≦|⩽|<|≯|不高于|不超过|不多于|不大于|不得高于|不得超过|不应超过|小于等于|小于或等于|小于|低于|少于|至多|最多|最高|控制在|at\s*most|no\s*more\s*than|not\s*more\s*than|less\s*than|fewer\s*than|below|under|within|up\s*to|max(?:imum)?\.?:?)\s*/i;
/** Words that state a direction after the number. */
const HIGHER_AFTER = /\s*(?:及以上|或以上|以上|\+|or\s*more|or\s*above|or\s*higher|and\s*above)$/i;
const LOWER_AFTER = /\s*(?:及以下|或以下|以下|以内|之内|内|or\s*less|or\s*below|or\s*lower|and\s*below)$/i;
/** Words before a target that state no direction. */
const NEUTRAL_BEFORE = /^(?:达到|达成|完成|实现|目标[:：]?|target[:：]?|=)\s*/i;

const NUMBER = String.raw`[+\-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+\-−]?\.\d+`;
const BAND_SEP = String.raw`\s*(?:~|〜|–|—|-|至|到|to|－)\s*`;
const NUMBER_START = new RegExp(`^(${NUMBER})`);
const BAND = new RegExp(`^(.*?\\d[^~〜–—\\-至到－]*?)${BAND_SEP}((?:[+\\-−]?)[¥￥$€£]?\\d.*)$`, 'i');

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object' && typeof (v as { code?: unknown }).code === 'string') return (v as { code: string }).code;
  try {
    return String(v);
  } catch {
    return '';
  }
}

function fail(problem: ReadProblem, text: string, code?: string): ReadFailure {
  return code === undefined ? { ok: false, problem, text } : { ok: false, problem, text, code };
}

/** A number too large to compute with. */
function tooBig(text: string): ReadFailure {
  return { ok: false, problem: 'tooLarge', text, infinite: true };
}

/** A read whose numbers are all finite; else the refusal of a number too large to compute with. */
function finite(r: Read, text: string): Read {
  if (!r.ok) return r;
  if (!Number.isFinite(r.value)) return tooBig(text);
  if (r.band && !(Number.isFinite(r.band.threshold) && Number.isFinite(r.band.target))) return tooBig(text);
  return r;
}

/** Full-width forms to plain ones, spaces squeezed; text kept otherwise. */
function normal(s: string): string {
  return s.normalize('NFKC').replace(/[\s\u3000]+/g, ' ').trim();
}

/** The checks every read shares: blank, placeholder, error value, boolean. Undefined when none applies. */
function screen(v: unknown): ReadFailure | undefined {
  if (v === null || v === undefined) return fail('blank', '');
  if (typeof v === 'boolean') return fail('boolean', v ? 'TRUE' : 'FALSE');
  if (typeof v === 'number') return Number.isFinite(v) ? undefined : fail('text', String(v));
  if (typeof v === 'object') {
    const code = (v as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('#')) return fail('error', code, code);
    if (v instanceof Date) return fail('text', cellText(v));
  }
  const raw = cellText(v);
  const t = normal(raw);
  if (t === '') return fail('blank', raw);
  const err = ERROR_TEXT.exec(t);
  if (err) return fail('error', t, err[1]!.toUpperCase().replace(/^ERR/, 'Err'));
  if (/^(true|false)$/i.test(t)) return fail('boolean', t.toUpperCase());
  if (PLACEHOLDER.test(t)) return fail('placeholder', t);
  return undefined;
}

interface Piece {
  value: number;
  percent?: true;
  unit?: string;
  currency?: string;
}

/** One number with an optional currency before it and a scale, percent sign or unit after it. */
function piece(s: string): Piece | undefined {
  let t = s.trim();
  let currency: string | undefined;
  const cur = /^(rmb|cny|usd|us\$|eur|gbp|人民币|[¥￥$€£])\s*/i.exec(t);
  if (cur) {
    currency = CURRENCY_SIGNS[cur[1]!.toLowerCase()] ?? CURRENCY_SIGNS[cur[1]!];
    t = t.slice(cur[0].length);
  }
  const num = NUMBER_START.exec(t);
  if (!num) return undefined;
  // Digits past what a number holds (or scaled past it) read as Infinity: the readers refuse those as too large.
  let value = Number(num[1]!.replace(/,/g, '').replace('−', '-'));
  t = t.slice(num[0].length).trim();
  for (const [re, factor] of SCALES) {
    const m = re.exec(t);
    if (m) {
      value *= factor;
      t = t.slice(m[0].length).trim();
      break;
    }
  }
  const out: Piece = { value };
  if (currency !== undefined) out.currency = currency;
  const pct = /^(%|‰|个百分点|百分点|pp|pct|percent|per\s*cent)(?![a-z])/i.exec(t);
  if (pct) {
    out.value = pct[1] === '‰' ? value / 1000 : value / 100;
    out.percent = true;
    t = t.slice(pct[0].length).trim();
    if (/^(pp|个百分点|百分点)$/i.test(pct[1]!)) out.unit = 'pp';
  }
  if (t !== '') {
    // A unit: letters or CJK characters (元, 天, days, 次/月), no digits.
    if (!/^[\p{L}/·.$¥€£°]{1,12}$/u.test(t) || /\d/.test(t)) return undefined;
    const cur2 = CURRENCY_SIGNS[t.toLowerCase()];
    if (cur2 !== undefined && currency === undefined) out.currency = cur2;
    else out.unit = t;
  }
  out.value = tidy(out.value);
  return out;
}

/** Removes binary noise from scaled values: 0.1 stays 0.1 after /100, 1.2k is 1200 exactly. */
function tidy(x: number): number {
  if (x === 0) return 0;
  const r = Number(x.toPrecision(15));
  return Number.isFinite(r) ? r : x;
}

function fromPiece(p: Piece, extra: Partial<ValueRead> = {}): ValueRead {
  return {
    ok: true,
    value: p.value,
    ...(p.percent ? { percent: true as const } : {}),
    ...(p.unit !== undefined ? { unit: p.unit } : {}),
    ...(p.currency !== undefined ? { currency: p.currency } : {}),
    ...extra,
  };
}

interface Parsed {
  pieces: Piece[];
  direction?: ReadDirection;
}

/** A value, a bound (`≥95%`) or a band (`90%~99%`) in text; undefined when it is none of these. */
function parseText(t: string): Parsed | undefined {
  // "≥95%(含)": the bound is inclusive, which reads the same.
  let s = t.replace(/\s*[(\[]\s*(含|包含|inclusive|incl\.?)\s*[)\]]\s*$/i, '');
  let direction: ReadDirection | undefined;
  s = s.replace(NEUTRAL_BEFORE, '');
  const hb = HIGHER_BEFORE.exec(s);
  const lb = hb ? null : LOWER_BEFORE.exec(s);
  if (hb) {
    direction = 'higher';
    s = s.slice(hb[0].length);
  } else if (lb) {
    direction = 'lower';
    s = s.slice(lb[0].length);
  }
  const ha = HIGHER_AFTER.exec(s);
  const la = ha ? null : LOWER_AFTER.exec(s);
  const after: ReadDirection | undefined = ha ? 'higher' : la ? 'lower' : undefined;
  if (after !== undefined) {
    if (direction !== undefined && direction !== after) return undefined;
    direction = after;
    s = s.slice(0, (ha ?? la)!.index);
  }
  s = s.trim();
  const one = piece(s);
  if (one) return direction === undefined ? { pieces: [one] } : { pieces: [one], direction };
  if (direction !== undefined) return undefined;
  // A band: two numbers joined by ~, -, 至, 到 or "to"; a unit on one side belongs to both.
  const m = BAND.exec(s);
  if (!m) return undefined;
  // "2026-03" is a month, not a band.
  if (/^0\d/.test(m[2]!)) return undefined;
  const a = piece(m[1]!);
  const b = piece(m[2]!);
  if (!a || !b) return undefined;
  const unitA = a.percent || a.unit !== undefined;
  const unitB = b.percent || b.unit !== undefined;
  if (unitB && !unitA) share(b, a);
  else if (unitA && !unitB) share(a, b);
  else if ((a.percent ?? false) !== (b.percent ?? false) || a.unit !== b.unit) return undefined;
  if (a.currency === undefined && b.currency !== undefined) a.currency = b.currency;
  if (b.currency === undefined && a.currency !== undefined) b.currency = a.currency;
  return { pieces: [a, b] };
}

/** Gives `to` the percent sign or unit written only on `from`. */
function share(from: Piece, to: Piece): void {
  if (from.percent) {
    to.value = tidy(to.value / 100);
    to.percent = true;
  }
  if (from.unit !== undefined) to.unit = from.unit;
}

/**
 * A plain number: `1200`, `1,200`, `10%` (0.1), `1.2k`, `￥1,200万` (12,000,000, currency ¥),
 * `8天` (8, unit 天), full-width `１２３`. A bound (`≥95%`) or a band (`90%~99%`) is not a plain
 * number: read those with `readTarget`.
 */
export function readNumber(v: unknown): Read {
  const bad = screen(v);
  if (bad) return bad;
  if (typeof v === 'number') return { ok: true, value: v };
  const raw = cellText(v);
  const p = parseText(normal(raw));
  if (!p) return fail('text', raw.trim());
  if (p.pieces.length > 1) return fail('band', raw.trim());
  if (p.direction !== undefined) return fail('bound', raw.trim());
  return finite(fromPiece(p.pieces[0]!), raw.trim());
}

/**
 * A target as plans write it: a number (`95%`, `1,200万`), a bound that also states the
 * direction (`≥100%`, `不低于95%`, `95%以上` → higher; `≤0.5%`, `<2%`, `不超过3天`, `2%以内` →
 * lower), or a band (`90%~99%`, `95-99%`, `90%至99%`): then `value` is the target (the second
 * number) and `band` holds the threshold (the first). Numbers are taken as written: a band read
 * downward (`5%~2%`) is left for the scoring to treat as lower-is-better.
 */
export function readTarget(v: unknown): Read {
  const bad = screen(v);
  if (bad) return bad;
  if (typeof v === 'number') return { ok: true, value: v };
  const raw = cellText(v);
  const p = parseText(normal(raw));
  if (!p) return fail('text', raw.trim());
  if (p.pieces.length === 2) {
    const [a, b] = p.pieces as [Piece, Piece];
    return finite(fromPiece(b, { band: { threshold: a.value, target: b.value } }), raw.trim());
  }
  return finite(fromPiece(p.pieces[0]!, p.direction !== undefined ? { direction: p.direction } : {}), raw.trim());
}

/**
 * One weight as written: `10%` → 0.1, `0.1` → 0.1, `10` → 10 (a plain number is kept as written:
 * whether 10 means 10% is decided for the whole column by `readWeights`). Negative weights, and
 * percentages above 100%, are refused.
 */
export function readWeight(v: unknown): Read {
  const r = readNumber(v);
  if (!r.ok) return r;
  if (r.value < 0) return fail('negative', cellText(v).trim());
  if (r.percent && r.value > 1 + 1e-9) return fail('tooLarge', cellText(v).trim());
  return r;
}

/** How a column of weights is written. */
export type WeightScale =
  /** As fractions or percent signs: 0.3, 30% (sum 1). */
  | 'fraction'
  /** As percentage points without the sign: 30, 20 (sum 100). */
  | 'points';

export interface WeightsRead {
  /** Each cell's read, values as fractions of 1 (30 in a column of points reads 0.3). */
  readonly reads: readonly Read[];
  /** The weights as fractions, null where a cell gives none. */
  readonly weights: readonly (number | null)[];
  readonly scale: WeightScale;
  /** The sum of the weights read, as a fraction (1 is 100%). */
  readonly total: number;
  /** The weights add up to 100% (within half a percentage point). */
  readonly complete: boolean;
}

/** How far from 100% a total may be and still count as 100% (33.3 + 33.3 + 33.3 = 99.9). */
export const WEIGHT_TOLERANCE = 0.005;

/**
 * A column of weights, read as one: plain numbers are percentage points when they add up to about
 * 100 with the percentages, or when any of them is above 1 (30, 20, 50); otherwise they are
 * fractions (0.3, 0.2, 0.5). Percent signs are read as written either way. Points above 100 are
 * refused as too large.
 */
export function readWeights(column: readonly unknown[]): WeightsRead {
  const first = column.map(readWeight);
  let pct = 0;
  let plain = 0;
  let plainAboveOne = false;
  for (const r of first) {
    if (!r.ok) continue;
    if (r.percent) pct += r.value;
    else {
      plain += r.value;
      if (r.value > 1) plainAboveOne = true;
    }
  }
  const asFractions = pct + plain;
  const asPoints = pct + plain / 100;
  const points = plain > 0 && (plainAboveOne || (Math.abs(asPoints - 1) <= WEIGHT_TOLERANCE && Math.abs(asFractions - 1) > WEIGHT_TOLERANCE));
  const reads: Read[] = first.map((r, i) => {
    if (!r.ok || r.percent || !points) return r;
    if (r.value > 100) return fail('tooLarge', cellText(column[i]).trim());
    return { ...r, value: tidy(r.value / 100) };
  });
  const weights = reads.map((r) => (r.ok ? r.value : null));
  const total = tidy(weights.reduce<number>((s, w) => s + (w ?? 0), 0));
  return { reads, weights, scale: points ? 'points' : 'fraction', total, complete: Math.abs(total - 1) <= WEIGHT_TOLERANCE };
}

/** What a direction cell says. */
export type DirectionRead = { readonly ok: true; readonly direction: 'higher' | 'lower' | 'lower_ratio' | 'exact' } | ReadFailure;

const DIRECTION_WORDS: readonly (readonly [RegExp, 'higher' | 'lower' | 'lower_ratio' | 'exact'])[] = [
  [/^(lower[_ ]?ratio|反向比值|inverse ratio)$/i, 'lower_ratio'],
  [/^(exact|目标值最佳|越接近目标越好|越接近越好|适度|适中|区间|on target|closest (to target )?is best|target is best)$/i, 'exact'],
  [/^(higher|high|up|increase|maximi[sz]e|1|\+1?|正向|正|越高越好|越大越好|越多越好|高|增长|提升|↑|⬆|▲|higher is better|more is better|bigger is better|the higher the better)$/i, 'higher'],
  [/^(lower|low|down|decrease|minimi[sz]e|-1|负向|反向|负|逆向|越低越好|越小越好|越少越好|低|降低|下降|↓|⬇|▼|lower is better|less is better|smaller is better|the lower the better)$/i, 'lower'],
];

/** A direction cell: 越高越好 / 正向 / higher / ↑ / 1, 越低越好 / 反向 / lower / ↓ / -1, 反向比值, 目标值最佳. */
export function readDirection(v: unknown): DirectionRead {
  if (typeof v === 'number') {
    if (v === 1) return { ok: true, direction: 'higher' };
    if (v === -1) return { ok: true, direction: 'lower' };
    return fail('text', String(v));
  }
  const raw = cellText(v);
  const t = normal(raw).replace(/[。.!！]$/, '');
  if (t === '') return fail('blank', raw);
  const err = ERROR_TEXT.exec(t);
  if (err) return fail('error', t, err[1]!);
  for (const [re, d] of DIRECTION_WORDS) if (re.test(t)) return { ok: true, direction: d };
  if (/^[\/\\\-–—]+$|^(tbd|待定|n\/?a)$/i.test(t)) return fail('placeholder', t);
  return fail('text', t);
}

/**
 * Characters that would hide, break or reorder a message's text: C0 and C1 controls, DEL, line and
 * paragraph separators, zero-width and bidirectional marks, the BOM, and half characters (lone
 * surrogates). The same set the template options' messages escape.
 */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Text from a user's cell as a message may show it: every invisible or reordering character
 * written as its escape (`\u202e`, `\n`), everything else as it is. Never throws.
 */
export function visibleText(text: string): string {
  if (typeof text !== 'string') return '';
  return text.replace(INVISIBLE, (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const quoteEn = (s: string) => `"${visibleText(s)}"`;
const quoteZh = (s: string) => `“${visibleText(s)}”`;

/** Each reason a read fails, worded in each language. */
export const READ_MESSAGES: Readonly<Record<Locale, (f: ReadFailure) => string>> = {
  en: (f) => {
    switch (f.problem) {
      case 'blank':
        return 'The cell is blank.';
      case 'placeholder':
        return `${quoteEn(f.text)} is a placeholder: the value is still to be filled in.`;
      case 'error':
        return `The cell shows the error ${visibleText(f.code ?? f.text)}: fix the formula or the data it reads.`;
      case 'boolean':
        return `${visibleText(f.text)} is not a number.`;
      case 'text':
        return `${quoteEn(f.text)} is not a number KPI Kit can read: write one number, such as 95%, 1200 or ≥95%.`;
      case 'band':
        return `${quoteEn(f.text)} is a range; one number is needed here.`;
      case 'bound':
        return `${quoteEn(f.text)} is a bound (at least / at most); one plain number is needed here.`;
      case 'negative':
        return `The weight ${quoteEn(f.text)} is below zero.`;
      case 'tooLarge':
        return f.infinite ? `${quoteEn(f.text)} is too large a number to compute with.` : `The weight ${quoteEn(f.text)} is more than 100%.`;
    }
  },
  'zh-CN': (f) => {
    switch (f.problem) {
      case 'blank':
        return '单元格为空。';
      case 'placeholder':
        return `${quoteZh(f.text)}是占位内容，数值尚未填写。`;
      case 'error':
        return `单元格显示错误 ${visibleText(f.code ?? f.text)}：请修正公式或其引用的数据。`;
      case 'boolean':
        return `${visibleText(f.text)} 不是数值。`;
      case 'text':
        return `${quoteZh(f.text)}不是可读取的数值：请填写一个数，如 95%、1200 或 ≥95%。`;
      case 'band':
        return `${quoteZh(f.text)}是一个区间，此处只需一个数值。`;
      case 'bound':
        return `${quoteZh(f.text)}是上下限（不低于 / 不高于），此处只需一个数值。`;
      case 'negative':
        return `权重${quoteZh(f.text)}小于零。`;
      case 'tooLarge':
        return f.infinite ? `${quoteZh(f.text)}数值过大，无法计算。` : `权重${quoteZh(f.text)}超过 100%。`;
    }
  },
};

/** Why a cell gives no number, in the user's language. */
export function readMessage(f: ReadFailure, lang: Locale): string {
  return (READ_MESSAGES[lang] ?? READ_MESSAGES.en)(f);
}
