import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../core/index.js';
import { DIST } from './harness.js';

const PANE_LIMIT = 120 * 1024;

describe('pane bundles', () => {
  it.each(['excel/taskpane.js', 'gsheets/Sidebar.html'])('%s is under 120 KB', (file) => {
    expect(statSync(join(DIST, file)).size).toBeLessThan(PANE_LIMIT);
  });

  it('keeps validation and generators out of the pages: Excel loads templates.js when needed', () => {
    for (const file of ['excel/taskpane.js', 'gsheets/Sidebar.html']) {
      const text = readFileSync(join(DIST, file), 'utf8');
      expect(text, file).not.toMatch(/\bzod\b|ZodError|\$ZodType/);
      expect(text, file).not.toContain('Unknown preset');
    }
    const engine = readFileSync(join(DIST, 'excel/templates.js'), 'utf8');
    expect(engine).toContain('KPIKitTemplates');
    expect(engine).toContain('Unknown preset');
    expect(readFileSync(join(DIST, 'excel/taskpane.js'), 'utf8')).toContain('templates.js');
  });

  it('keeps the scoring code out of the pages: the function reference is the registry’s metadata as data', () => {
    for (const file of ['excel/taskpane.js', 'gsheets/Sidebar.html']) {
      const text = readFileSync(join(DIST, file), 'utf8');
      // The functions' own messages and the reference's words for KPISCORE's baseline.
      expect(text, file).not.toContain('lower_ratio takes no baseline');
      expect(text, file).toContain(FUNCTIONS[0]!.params.at(-1)!.description.en);
    }
    expect(readFileSync(join(DIST, 'excel/functions.js'), 'utf8')).toContain('lower_ratio takes no baseline');
  });

  it('reads nothing of the Excel global but Excel.run (all the browser tests’ office.js stub gives)', () => {
    for (const file of ['excel/taskpane.js', 'excel/templates.js']) {
      const used = new Set(readFileSync(join(DIST, file), 'utf8').match(/\bExcel\.[A-Za-z_$]+/g) ?? []);
      expect([...used].filter((u) => u !== 'Excel.run'), file).toEqual([]);
    }
  });
});
