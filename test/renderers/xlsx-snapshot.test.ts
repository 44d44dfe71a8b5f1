import { describe, expect, it } from 'vitest';
import { generateDemoWorkbook, generateTemplate, TEMPLATE_KINDS } from '../../core/templates/index.js';
import { LOCALES } from '../../core/types.js';
import { diffSnapshots, expectedSnapshot } from './snapshot-diff.js';
import { xlsxSnapshot } from './xlsx-snapshot.js';

describe('the .xlsx file holds what the description says', () => {
  for (const lang of LOCALES) {
    for (const kind of TEMPLATE_KINDS) {
      for (const sample of [true, false]) {
        it(`${kind} ${lang}${sample ? ' with sample data' : ''}`, async () => {
          const desc = generateTemplate({ kind, lang, period: '2026 Q4', sample });
          const got = await xlsxSnapshot(desc);
          expect(diffSnapshots(expectedSnapshot(desc), got, { charts: false })).toEqual([]);
          expect(got.sheets.map((s) => s.name)).toEqual(desc.sheets.map((s) => s.name));
        });
      }
    }
    it(`demo workbook ${lang}`, async () => {
      const desc = generateDemoWorkbook(lang);
      expect(diffSnapshots(expectedSnapshot(desc), await xlsxSnapshot(desc), { charts: false })).toEqual([]);
    });
  }
});
