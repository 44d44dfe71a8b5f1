/**
 * Golden hashes of generated sheets: the plan, review, scorecard, bonus, shared KPIs, dashboard,
 * lists, 360 ratings and 360 summary sheets (and the workbook names on them) must stay
 * byte-for-byte what they were. Each sheet is hashed on its own (sha256 of JSON.stringify), so a
 * failure names the sheet that changed.
 *
 * Rewrite the hashes after an intended change of output:
 *   UPDATE_GOLDEN=1 npx vitest run test/templates/golden.test.ts
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  PRESETS,
  TEMPLATE_KINDS,
  generateDemoWorkbook,
  generateTemplate,
  type TemplateContext,
  type WorkbookDesc,
} from '../../core/templates/index.js';
import { LANGS, options } from './cases.js';

const FILE = new URL('./golden/hashes.json', import.meta.url);
/** Sheets these hashes guard. */
const GUARDED = new Set(['plan', 'review', 'scorecard', 'bonus', 'shared', 'dashboard', 'lists', 'ratings', 'summary360']);

const sha = (x: unknown): string => createHash('sha256').update(JSON.stringify(x)).digest('hex');

/** The sheet of a workbook name's reference ("'KPI Plan'!$A$1:$A$9" → "KPI Plan"). */
function sheetOfRef(ref: string): string {
  const at = ref.lastIndexOf('!');
  const name = ref.slice(0, at);
  return name.startsWith("'") ? name.slice(1, -1).replace(/''/g, "'") : name;
}

/** One hash per guarded sheet, and one per guarded sheet's workbook names. */
function hashes(desc: WorkbookDesc): Record<string, string> {
  const out: Record<string, string> = {};
  const keyOf = new Map(desc.sheets.map((s) => [s.name, s.key]));
  for (const s of desc.sheets) if (GUARDED.has(s.key)) out[s.key] = sha(s);
  const names = new Map<string, unknown[]>();
  for (const n of desc.names) {
    const key = keyOf.get(sheetOfRef(n.ref));
    if (key === undefined || !GUARDED.has(key)) continue;
    names.set(key, [...(names.get(key) ?? []), n]);
  }
  for (const [key, list] of names) out[`names:${key}`] = sha(list);
  return out;
}

interface GoldenCase {
  readonly name: string;
  readonly make: () => WorkbookDesc;
}

function cases(): GoldenCase[] {
  const out: GoldenCase[] = [];
  for (const lang of LANGS) {
    out.push({ name: `demo ${lang}`, make: () => generateDemoWorkbook(lang) });
    const taken: TemplateContext = { existingSheets: ['KPI计划', 'KPI Plan', 'Lists', '列表'], existingNames: ['KPI_DirWords', 'KPI_Bands'] };
    out.push({ name: `demo ${lang} names taken`, make: () => generateDemoWorkbook(lang, taken) });
    for (const kind of TEMPLATE_KINDS) {
      for (const sample of [false, true]) {
        for (const rows of [undefined, 1, 3, 37]) {
          const input = { kind, lang, sample, period: '2026 Q4', ...(rows !== undefined ? { rows } : {}) };
          out.push({ name: `${kind} ${lang} sample=${sample} rows=${rows ?? 'default'}`, make: () => generateTemplate(options(input)) });
        }
        const presetKinds = kind === 'plan' || kind === 'scorecard' ? PRESETS : kind === 'shared' ? [] : ['rd'];
        for (const preset of presetKinds) {
          const input = { kind, lang, sample, preset, period: '' };
          out.push({ name: `${kind} ${lang} sample=${sample} preset=${preset}`, make: () => generateTemplate(options(input)) });
        }
      }
    }
    for (const kind of ['review', 'dashboard'] as const) {
      const input = { kind, lang, sample: true, rows: 5, plan: { sheet: 'Targets', kpis: 7 } };
      out.push({ name: `${kind} ${lang} generated plan ref`, make: () => generateTemplate(options(input)) });
      const mapping = { sheet: 'Targets', headerRow: 3, firstRow: 4, lastRow: 30, columns: { kpi: 'B', target: 'D', weight: 'F', direction: 'C' } };
      out.push({ name: `${kind} ${lang} plan mapping`, make: () => generateTemplate(options({ kind, lang, sample: false, plan: mapping })) });
    }
  }
  return out;
}

describe('generated sheets match their golden hashes', () => {
  const all = cases();
  const actual: Record<string, Record<string, string>> = {};
  for (const c of all) actual[c.name] = hashes(c.make());

  if (process.env.UPDATE_GOLDEN === '1') {
    it('rewrites the golden hashes', () => {
      writeFileSync(FILE, `${JSON.stringify(actual, null, 1)}\n`);
      expect(Object.keys(actual).length).toBe(all.length);
    });
    return;
  }

  const golden: Record<string, Record<string, string>> = existsSync(FILE) ? JSON.parse(readFileSync(FILE, 'utf8')) : {};

  it('covers every case', () => {
    expect(Object.keys(golden).sort()).toEqual(Object.keys(actual).sort());
  });

  for (const c of all) {
    it(c.name, () => {
      const want = golden[c.name] ?? {};
      const got = actual[c.name]!;
      const changed = [...new Set([...Object.keys(want), ...Object.keys(got)])].filter((k) => want[k] !== got[k]);
      expect(changed, `sheets changed: ${changed.join(', ')}`).toEqual([]);
    });
  }
});
