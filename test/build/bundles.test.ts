import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MARKERS, withReference } from '../../scripts/gen-docs.js';
import { DIST, ROOT } from '../hosts/hosts.js';

const LIMIT = 60 * 1024;

describe('function bundles', () => {
  it.each(['excel/functions.js', 'gsheets/Code.js'])('%s is minified and under 60 KB', (file) => {
    const path = join(DIST, file);
    expect(statSync(path).size).toBeLessThan(LIMIT);
    const text = readFileSync(path, 'utf8');
    expect(text).not.toMatch(/\bzod\b|ZodError/);
    // Minified: the bundled code is a handful of long lines (the Apps Script stubs come after it).
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeGreaterThan(10000);
  });

  it('functions.js names no DOM global', () => {
    const text = readFileSync(join(DIST, 'excel/functions.js'), 'utf8');
    expect(text).not.toMatch(/\b(document|window|localStorage|navigator)\b/);
  });

  it('dist/core/index.js is an ES module that needs nothing else', async () => {
    const text = readFileSync(join(DIST, 'core/index.js'), 'utf8');
    expect(text).not.toMatch(/^\s*import\s/m);
    expect(text).not.toMatch(/\brequire\(/);
    const mod = (await import(join(DIST, 'core/index.js'))) as Record<string, unknown>;
    for (const name of ['KPISCORE', 'KPIBAND', 'KPICURVE', 'KPIRATING', 'WEIGHTED_SCORE', 'WEIGHTED_SHARE', 'SCORE360', 'NPS', 'setLocale']) {
      expect(typeof mod[name], name).toBe('function');
    }
  });
});

describe('README function reference', () => {
  it('is current with the registry (npm run build rewrites it)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const marked = Object.values(MARKERS).some(([start]) => readme.includes(start));
    if (!marked) return;
    expect(withReference(readme) === readme, 'README.md is stale: run npm run build and commit README.md').toBe(true);
    for (const [start, end] of Object.values(MARKERS)) {
      if (!readme.includes(start)) continue;
      const section = readme.slice(readme.indexOf(start), readme.indexOf(end));
      for (const name of ['KPISCORE', 'KPIBAND', 'KPICURVE', 'KPIRATING', 'WEIGHTED_SCORE', 'WEIGHTED_SHARE', 'SCORE360', 'NPS']) {
        expect(section).toContain(`${name}(`);
      }
    }
  });
});
