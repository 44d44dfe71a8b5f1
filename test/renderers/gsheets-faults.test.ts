import { describe, expect, it } from 'vitest';
import { RENDER_ERROR_CODES } from '../../core/templates/render.js';
import type { InsertRequest } from '../../ui/bridge.js';
import { FakeSpreadsheet } from '../fakes/sheets.js';
import { insertInSheetsFake } from './sheets-harness.js';

function seeded(): FakeSpreadsheet {
  const fake = new FakeSpreadsheet();
  fake.seedSheet('My plan', [['KPI', 'Target', 'Weight'], ['Revenue', 100, 0.6], ['NPS', 40, 0.4]]);
  fake.seedName('Existing', 'My plan', 'A1:C3');
  return fake;
}

const PLAN = { sheet: 'My plan', headerRow: 1, firstRow: 2, lastRow: 3, columns: { kpi: 'A', target: 'B', weight: 'C' } };

/**
 * Each service call of an insert fails in turn, through the sidebar's calls (begin, steps, then
 * rollback after a failed call); with a small time budget so the insert spans several calls.
 */
function failEachCall(request: InsertRequest, budgets: readonly number[]): void {
  for (const stepBudgetMs of budgets) {
    const clean = insertInSheetsFake(request, { fake: seeded(), stepBudgetMs });
    expect(clean.error).toBeUndefined();
    const total = clean.run!.serviceCalls;
    expect(total).toBeGreaterThan(20);
    for (let n = 1; n <= total; n++) {
      const fake = seeded();
      const before = fake.snapshot();
      const r = insertInSheetsFake(request, { fake, stepBudgetMs, existing: (f) => f.failAt(n) });
      expect(r.error, `call ${n} of ${total}`).toBeDefined();
      const parsed = JSON.parse(r.error!.message) as { code: string; rollbackFailed?: boolean };
      expect(RENDER_ERROR_CODES, `call ${n}`).toContain(parsed.code);
      expect(parsed.rollbackFailed, `call ${n}`).toBeUndefined();
      expect(fake.snapshot(), `call ${n} of ${total}`).toEqual(before);
    }
  }
}

describe('Sheets insert: a failing service call leaves the spreadsheet as it was', () => {
  it('review reading a plan table', () => {
    failEachCall({ kind: 'review', lang: 'en', period: 'Q', sample: true, rows: 3, plan: PLAN }, [60_000, 0]);
  }, 300_000);

  it('review with its own plan', () => {
    failEachCall({ kind: 'review', lang: 'zh-CN', period: 'Q', sample: true, rows: 3 }, [60_000]);
  }, 300_000);

  it('dashboard', () => {
    failEachCall({ kind: 'dashboard', lang: 'en', period: 'Q', sample: true, rows: 3 }, [0]);
  }, 300_000);
});
