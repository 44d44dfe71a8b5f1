import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CustomFunctionsJson } from '../../scripts/generate.js';
import { DIST, ROOT, loadCore } from '../hosts/hosts.js';

type Core = Awaited<ReturnType<typeof loadCore>>;
let core: Core;

const files = {
  en: join(DIST, 'excel/functions.json'),
  'zh-CN': join(DIST, 'excel/functions.zh-CN.json'),
} as const;

function read(locale: keyof typeof files): CustomFunctionsJson {
  return JSON.parse(readFileSync(files[locale], 'utf8')) as CustomFunctionsJson;
}

beforeAll(async () => {
  core = await loadCore();
});

describe.each(['en', 'zh-CN'] as const)('dist/excel/functions%s.json', (locale) => {
  it('lists every registry function, every parameter typed any', () => {
    const meta = read(locale);
    expect(meta.allowErrorForDataTypeAny).toBe(true);
    expect(meta.functions.map((f) => f.id)).toEqual(core.FUNCTIONS.map((f) => f.name));
    for (const def of core.FUNCTIONS) {
      const f = meta.functions.find((x) => x.id === def.name)!;
      expect(f.name).toBe(def.name);
      expect(f.description.length).toBeGreaterThan(0);
      expect(f.result).toEqual({ type: 'any', dimensionality: def.returns === 'range' ? 'matrix' : 'scalar' });
      expect(f.parameters).toHaveLength(def.params.length);
      def.params.forEach((p, i) => {
        const q = f.parameters[i]!;
        expect(q.type).toBe('any');
        expect(q.dimensionality).toBe('matrix');
        expect(q.optional ?? false).toBe(p.optional ?? false);
        expect(q.name).toBe(locale === 'en' ? p.name : p.title['zh-CN']);
        expect(q.description.length).toBeGreaterThan(0);
        expect(q.description.length).toBeLessThanOrEqual(128);
      });
      const firstOptional = def.params.findIndex((p) => p.optional);
      if (firstOptional >= 0) expect(def.params.slice(firstOptional).every((p) => p.optional), def.name).toBe(true);
    }
  });

  it('is in its language', () => {
    const meta = read(locale);
    const kpiscore = meta.functions.find((f) => f.id === 'KPISCORE')!;
    const def = core.FUNCTIONS.find((f) => f.name === 'KPISCORE')!;
    expect(kpiscore.description).toBe(def.description[locale]);
    expect(/[\u4e00-\u9fff]/.test(kpiscore.description)).toBe(locale === 'zh-CN');
  });
});

describe('Excel task pane', () => {
  it('loads office.js, then functions.js, then the task pane script', () => {
    const html = readFileSync(join(DIST, 'excel/taskpane.html'), 'utf8');
    const office = html.indexOf('https://appsforoffice.microsoft.com/lib/1/hosted/office.js');
    const functions = html.indexOf('src="functions.js"');
    const pane = html.indexOf('src="taskpane.js"');
    expect(office).toBeGreaterThan(0);
    expect(functions).toBeGreaterThan(office);
    expect(pane).toBeGreaterThan(functions);
    expect(html).toContain('id="app"');
    expect(readFileSync(join(DIST, 'excel/taskpane.js'), 'utf8')).toContain('Excel.run');
  });

  it('shares one reference module with the Sheets sidebar', () => {
    for (const entry of ['excel-addin/taskpane.ts', 'gsheets-addon/sidebar.ts']) {
      expect(readFileSync(join(ROOT, entry), 'utf8')).toContain("from '../ui/reference.js'");
    }
  });
});
