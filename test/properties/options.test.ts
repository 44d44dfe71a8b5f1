/**
 * Template options from scripts, hosts and people: parseTemplateOptions never throws and gives
 * valid options or one message in the requested language; generateTemplate never throws for
 * options it accepted; texts from the user (department, period) are written as values, never as
 * formulas, and formulas quote any user text they hold; no cell is NaN; every sheet name is a
 * valid, free Excel sheet name.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { PRESET_NAMES } from '../../core/templates/options.js';
import { PRESET_KEYS } from '../../core/templates/presets.js';
import {
  TEMPLATE_KINDS,
  generateTemplate,
  parseTemplateContext,
  parseTemplateOptions,
  type TemplateOptions,
  type WorkbookDesc,
} from '../../core/templates/index.js';
import { COUNT, RAW_CONTROL, anyText, anyValue, check, nastyName } from './arbitraries.js';

const CJK = /[\u4e00-\u9fff]/;
const ZH_PRESET_NAMES = PRESET_KEYS.map((k) => PRESET_NAMES[k]['zh-CN']);
/** Wording of zod's own messages, which must never reach a user. */
const ZOD = /Invalid input|Invalid option|expected (string|number|boolean|object|int)|received|Too (big|small)|Unrecognized key|✖|"code":|invalid_type|too_big|too_small/;

const show = (v: unknown): string => {
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : typeof x === 'symbol' ? String(x) : x)) ?? String(v);
  } catch {
    try {
      return String(v);
    } catch {
      return '(unprintable)';
    }
  }
};

const FIELDS = ['kind', 'lang', 'preset', 'period', 'department', 'rows', 'sample', 'plan'] as const;

/** A value for each field: mostly sensible, often hostile. */
const fieldValue: Record<(typeof FIELDS)[number], fc.Arbitrary<unknown>> = {
  kind: fc.oneof(fc.constantFrom(...TEMPLATE_KINDS), fc.constantFrom('Plan', ' plan', 'PLAN', 'plans', '计划'), anyValue),
  lang: fc.oneof(fc.constantFrom('en', 'zh-CN', 'zh', 'ZH_cn', 'en-US', 'zh-TW', 'fr', 'english', '中文', ''), anyValue),
  preset: fc.oneof(fc.constantFrom(...PRESET_KEYS), fc.constantFrom('SALES', ' Sales ', '销售', '销售部', 'R&D', '运营（平衡计分卡）'), anyValue),
  period: fc.oneof(anyText, anyValue),
  department: fc.oneof(anyText, anyValue),
  rows: fc.oneof(fc.integer({ min: -2, max: 6000 }), fc.constantFrom('12', ' 7 ', '1e3', '0x10', '5.5', 12.5, NaN, Infinity, -0), anyValue),
  sample: fc.oneof(fc.boolean(), fc.constantFrom('true', 'false', 1, 0, 'yes'), anyValue),
  plan: fc.oneof(
    fc.record({ sheet: fc.oneof(nastyName, anyValue), kpis: fc.oneof(fc.integer({ min: -1, max: 300 }), anyValue) }, { requiredKeys: [] }),
    fc.record(
      {
        sheet: fc.oneof(nastyName, anyValue),
        headerRow: fc.oneof(fc.integer({ min: 0, max: 30 }), anyValue),
        firstRow: fc.oneof(fc.integer({ min: 0, max: 40 }), anyValue),
        lastRow: fc.oneof(fc.integer({ min: 0, max: 400 }), anyValue),
        columns: fc.oneof(
          fc.dictionary(fc.constantFrom('kpi', 'target', 'weight', 'direction', 'unit', 'bogus', '__proto__'), fc.oneof(fc.constantFrom('A', 'b', ' C ', 'XFD', 'XFE', 'AAAA', '1', ''), anyValue)),
          anyValue,
        ),
      },
      { requiredKeys: [] },
    ),
    anyValue,
  ),
};

/** An options object: any subset of the fields, sometimes with keys that are not options. */
const optionsObject: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    fc.record(fieldValue, { requiredKeys: [] }),
    fc.oneof({ weight: 4, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), anyValue, { maxKeys: 2 }) }),
  )
  .map(([known, extra]) => ({ ...extra, ...known }));

const anyInput: fc.Arbitrary<unknown> = fc.oneof({ weight: 6, arbitrary: optionsObject }, { weight: 1, arbitrary: anyValue });

function requestedLang(input: unknown, fallback: 'en' | 'zh-CN'): 'en' | 'zh-CN' {
  const lang = typeof input === 'object' && input !== null ? (input as { lang?: unknown }).lang : undefined;
  if (typeof lang !== 'string') return fallback;
  if (/^zh(?![a-z0-9])/i.test(lang.trim())) return 'zh-CN';
  if (/^en(?![a-z0-9])/i.test(lang.trim())) return 'en';
  return fallback;
}

function validOptions(o: TemplateOptions): string | undefined {
  if (!(TEMPLATE_KINDS as readonly string[]).includes(o.kind)) return `kind ${show(o.kind)}`;
  if (o.lang !== 'en' && o.lang !== 'zh-CN') return `lang ${show(o.lang)}`;
  if (typeof o.period !== 'string' || o.period.length > 60 || o.period !== o.period.trim()) return `period ${show(o.period)}`;
  if (o.department !== undefined && (typeof o.department !== 'string' || o.department === '' || o.department.length > 60)) return `department ${show(o.department)}`;
  if (o.rows !== undefined && !(Number.isInteger(o.rows) && o.rows >= 1 && o.rows <= 5000)) return `rows ${show(o.rows)}`;
  if (typeof o.sample !== 'boolean') return `sample ${show(o.sample)}`;
  if (o.preset !== undefined && !(PRESET_KEYS as readonly string[]).includes(o.preset)) return `preset ${show(o.preset)}`;
  return undefined;
}

/** What is wrong with a refusal message, if anything. */
function badMessage(message: unknown, input: unknown, lang: 'en' | 'zh-CN'): string | undefined {
  if (typeof message !== 'string' || message.trim() === '') return `no message: ${show(message)}`;
  const echoed = show(input);
  for (const word of ['undefined', '[object Object]', 'NaN', 'Symbol(']) {
    if (message.includes(word) && !echoed.includes(word)) return `"${word}" in "${message}"`;
  }
  if (ZOD.test(message)) return `zod's wording in "${message}"`;
  if (RAW_CONTROL.test(message)) return `a control character in ${JSON.stringify(message)}`;
  if (lang === 'zh-CN' && !CJK.test(message)) return `not Chinese: "${message}"`;
  // English messages name the presets in Chinese too (销售, 研发 ...): those are the only Chinese words allowed.
  const english = ZH_PRESET_NAMES.reduce((m, name) => m.split(name).join(''), message);
  if (lang === 'en' && CJK.test(english) && !CJK.test(echoed)) return `not English: "${message}"`;
  return undefined;
}

const RUNS = { parse: 16000, parseText: 8000, context: 3000, generate: 300, plan: 150 };

afterAll(() => console.log(`options: ${COUNT.cases} generated cases`));

describe('parseTemplateOptions with hostile input', () => {
  it('never throws; gives valid options or one message in the requested language', () => {
    check(RUNS.parse, fc.tuple(anyInput, fc.constantFrom('en' as const, 'zh-CN' as const)), ([input, fallback]) => {
      let r: ReturnType<typeof parseTemplateOptions>;
      try {
        r = parseTemplateOptions(input, fallback);
      } catch (e) {
        throw new Error(`threw ${String(e)} for ${show(input)}`);
      }
      if (r.ok) {
        const bad = validOptions(r.options);
        if (bad) throw new Error(`accepted bad ${bad} from ${show(input)}`);
        return;
      }
      const bad = badMessage(r.message, input, requestedLang(input, fallback));
      if (bad) throw new Error(`${bad} for ${show(input)}`);
    });
  });

  it('reads every hostile text for each text field without throwing', () => {
    const field = fc.constantFrom('kind', 'lang', 'preset', 'period', 'department', 'rows', 'sample');
    check(RUNS.parseText, fc.tuple(field, anyText, fc.constantFrom(...TEMPLATE_KINDS), fc.constantFrom('en' as const, 'zh-CN' as const)), ([name, text, kind, lang]) => {
      const input = { kind, lang, [name]: text };
      const r = parseTemplateOptions(input);
      if (r.ok) {
        const bad = validOptions(r.options);
        if (bad) throw new Error(`accepted bad ${bad} from ${show(input)}`);
        if (name === 'period' && r.options.period !== text.trim()) throw new Error(`period changed: ${show(r.options.period)}`);
        return;
      }
      const bad = badMessage(r.message, input, requestedLang(input, 'en'));
      if (bad) throw new Error(`${bad} for ${show(input)}`);
    });
  });

  it('checks the host context without throwing', () => {
    const ctx = fc.oneof(fc.record({ existingSheets: fc.oneof(fc.array(nastyName), anyValue), existingNames: fc.oneof(fc.array(nastyName), anyValue) }, { requiredKeys: [] }), anyValue);
    check(RUNS.context, fc.tuple(ctx, fc.constantFrom('en' as const, 'zh-CN' as const)), ([input, lang]) => {
      const r = parseTemplateContext(input, lang);
      if (r.ok) {
        for (const list of [r.context.existingSheets, r.context.existingNames]) {
          if (list !== undefined && !(Array.isArray(list) && list.every((s) => typeof s === 'string'))) throw new Error(`accepted ${show(input)}`);
        }
        return;
      }
      const bad = badMessage(r.message, input, lang);
      if (bad) throw new Error(`${bad} for ${show(input)}`);
    });
  });
});

/** A user text with a marker that appears nowhere else in a template. */
const MARK = 'Qz7';
const markedText = fc
  .tuple(fc.constantFrom('', '=', '+', '-', '@', '"', "'", '<script>', '\u202e', '\u0000', '=1+1 ', '"&A1&"', "'!A1"), nastyName, fc.constantFrom('', '"', "'", ')', '<img src=x onerror=alert(1)>', '\u0007'))
  .map(([a, b, c]) => `${a}${MARK}${b.slice(0, 20)}${c}`.slice(0, 60));

const BAD_SHEET = /[[\]:*?/\\]/;

/** Every formula text of a description: cells, validations, conditional formats, names. */
function formulas(desc: WorkbookDesc): string[] {
  const out: string[] = [];
  for (const s of desc.sheets) {
    for (const b of s.blocks) for (const row of b.cells) for (const c of row) if ('f' in c) out.push(c.f);
    for (const v of s.validations) {
      if (v.type === 'custom') out.push(v.formula);
      if (v.type === 'list' && typeof v.source === 'string') out.push(v.source);
    }
    for (const cf of s.conditionalFormats) out.push(cf.formula);
  }
  for (const n of desc.names) out.push(n.ref);
  return out;
}

/**
 * A formula with its string literals ("..." with "" inside) and quoted sheet names ('...' with ''
 * inside) taken out, read left to right as a formula parser does. An unclosed quote keeps the rest.
 */
function unquoted(f: string): string {
  let out = '';
  let i = 0;
  while (i < f.length) {
    const q = f[i]!;
    if (q !== '"' && q !== "'") {
      out += q;
      i++;
      continue;
    }
    let j = i + 1;
    for (;;) {
      const k = f.indexOf(q, j);
      if (k < 0) return out + f.slice(i);
      if (f[k + 1] === q) {
        j = k + 2;
        continue;
      }
      j = k + 1;
      break;
    }
    out += q + q;
    i = j;
  }
  return out;
}

/** What is wrong with a description, if anything. */
function badDescription(desc: WorkbookDesc, existing: readonly string[], userTexts: readonly string[]): string | undefined {
  const seen = new Set(existing.map((s) => s.toLowerCase()));
  for (const s of desc.sheets) {
    const n = s.name;
    if (n.length < 1 || n.length > 31 || BAD_SHEET.test(n) || n.startsWith("'") || n.endsWith("'") || n.toLowerCase() === 'history') return `bad sheet name ${show(n)}`;
    if (seen.has(n.toLowerCase())) return `sheet name taken: ${show(n)}`;
    seen.add(n.toLowerCase());
    for (const b of s.blocks) {
      for (const row of b.cells) {
        for (const c of row) {
          if ('v' in c && typeof c.v === 'number' && !Number.isFinite(c.v)) return `cell ${show(c.v)} on ${s.name}`;
          if ('f' in c && typeof c.f !== 'string') return `formula ${show(c.f)}`;
          if ('f' in c && userTexts.some((t) => t !== '' && c.f.includes(t))) {
            // A formula holding the user's text holds it only as a quoted literal.
            if (unquoted(c.f).includes(MARK)) return `user text in formula ${show(c.f)}`;
          }
        }
      }
    }
  }
  for (const f of formulas(desc)) if (unquoted(f).includes(MARK)) return `user text outside quotes in ${show(f)}`;
  return undefined;
}

describe('generateTemplate with hostile texts and sheet names', () => {
  it('never throws for accepted options; user texts are values; sheet names are valid and free; no cell is NaN', () => {
    const arb = fc.record({
      kind: fc.constantFrom(...TEMPLATE_KINDS),
      lang: fc.constantFrom('en', 'zh-CN'),
      preset: fc.option(fc.constantFrom(...PRESET_KEYS), { nil: undefined }),
      period: markedText,
      department: markedText,
      rows: fc.option(fc.integer({ min: 1, max: 25 }), { nil: undefined }),
      sample: fc.boolean(),
      existing: fc.array(fc.oneof(nastyName, fc.constantFrom('KPI Plan', 'kpi plan', 'KPI Lists', 'KPI计划', 'KPI Review', 'Bonus', 'Dashboard', '360 Ratings', 'Balanced Scorecard', 'Shared KPIs')), { maxLength: 8 }),
    });
    check(RUNS.generate, arb, ({ existing, ...raw }) => {
      const input = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
      const r = parseTemplateOptions(input);
      if (!r.ok) throw new Error(`refused ${show(input)}: ${r.message}`);
      let desc: WorkbookDesc;
      try {
        desc = generateTemplate(r.options, { existingSheets: existing });
      } catch (e) {
        throw new Error(`threw ${String(e)} for ${show(input)} in ${show(existing)}`);
      }
      const bad = badDescription(desc, existing, [r.options.period, r.options.department ?? '']);
      if (bad) throw new Error(`${bad} for ${show(input)} in ${show(existing)}`);
      // The texts reach the sheets as values (the period at least, under every title).
      const values = desc.sheets.flatMap((s) => s.blocks.flatMap((b) => b.cells.flatMap((row) => row.flatMap((c) => ('v' in c && typeof c.v === 'string' ? [c.v] : [])))));
      if (r.options.period !== '' && !values.some((v) => v.includes(r.options.period))) throw new Error(`period not written as a value: ${show(input)}`);
    });
  });

  it('quotes the sheet name of a user’s plan in every formula that reads it', () => {
    const sheet = fc
      .tuple(fc.constantFrom('', "'", "O'", '=', '-', '@', ' ', '!', '"', '[x]'), nastyName, fc.constantFrom('', "'", "''", '!A1', '"', ' '))
      .map(([a, b, c]) => `${a}${MARK}${b}${c}`.slice(0, 31).trim())
      .filter((t) => t.length > 0 && t.includes(MARK));
    const plan = fc.oneof(
      fc.record({ sheet, kpis: fc.integer({ min: 1, max: 12 }) }),
      fc.tuple(sheet, fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 12 }), fc.shuffledSubarray(['B', 'C', 'D', 'E', 'F', 'G'], { minLength: 3, maxLength: 3 })).map(([s, header, n, [kpi, target, weight]]) => ({
        sheet: s,
        headerRow: header,
        firstRow: header + 1,
        lastRow: header + n,
        columns: { kpi, target, weight },
      })),
    );
    const arb = fc.record({ kind: fc.constantFrom('review', 'dashboard'), lang: fc.constantFrom('en', 'zh-CN'), plan, sample: fc.boolean(), rows: fc.integer({ min: 1, max: 8 }) });
    check(RUNS.plan, arb, (input) => {
      const r = parseTemplateOptions(input);
      if (!r.ok) throw new Error(`refused ${show(input)}: ${r.message}`);
      const existing = [input.plan.sheet];
      let desc: WorkbookDesc;
      try {
        desc = generateTemplate(r.options, { existingSheets: existing });
      } catch (e) {
        throw new Error(`threw ${String(e)} for ${show(input)}`);
      }
      const bad = badDescription(desc, existing, []);
      if (bad) throw new Error(`${bad} for ${show(input)}`);
      const quoted = `'${input.plan.sheet.replace(/'/g, "''")}'!`;
      if (!formulas(desc).some((f) => f.includes(quoted))) throw new Error(`no formula reads ${quoted}`);
    });
  });

  it('tells quoted text from formula text the way a formula parser does', () => {
    expect(unquoted(`='a''${MARK}'!A1&"x""${MARK}"`)).not.toContain(MARK);
    expect(unquoted(`="a"&${MARK}`)).toContain(MARK);
    expect(unquoted(`='${MARK}"'!A1&"x"&${MARK}`)).toContain(MARK);
    expect(unquoted(`="${MARK}`)).toContain(MARK);
  });

  it('quotes a text with quotes and brackets as a literal where a formula names it', () => {
    // Hand-picked: a period and department that would break a formula if pasted into one.
    const r = parseTemplateOptions({ kind: 'dashboard', period: `Q"4" ${MARK}'!A1`, department: `=${MARK}"&A1&"` });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const desc = generateTemplate(r.options, { existingSheets: ["KPI Plan'", 'History'] });
    expect(badDescription(desc, ["KPI Plan'", 'History'], [r.options.period, r.options.department!])).toBeUndefined();
  });
});
