import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../core/index.js';
import { FUNCTION_META, functionMeta } from '../../ui/function-meta.js';
import { exampleText, searchText, signature } from '../../ui/text.js';

/** What the build puts in the pages (catalog-plugin.ts): the metadata through JSON. */
const built = JSON.parse(JSON.stringify(functionMeta())) as typeof FUNCTION_META;

describe('function reference metadata', () => {
  it('is every function of the registry, in its order, without its implementation', () => {
    expect(FUNCTION_META.map((f) => f.name)).toEqual(FUNCTIONS.map((f) => f.name));
    for (const f of built) expect(f).not.toHaveProperty('impl');
  });

  it.each(FUNCTIONS.map((f, i) => [f.name, i] as const))('%s reads the same in the pages as from the registry', (_name, i) => {
    const fn = FUNCTIONS[i]!;
    const page = built[i]!;
    for (const locale of ['en', 'zh-CN'] as const) expect(signature(page, locale, 'KPI.')).toBe(signature(fn, locale, 'KPI.'));
    expect(searchText(page)).toBe(searchText(fn));
    expect(page.examples.map((ex) => exampleText(page, ex, 'KPI.'))).toEqual(fn.examples.map((ex) => exampleText(fn, ex, 'KPI.')));
    expect(page.returns).toBe(fn.returns);
    expect(page.params.map((p) => [p.kind, p.optional ?? false])).toEqual(fn.params.map((p) => [p.kind, p.optional ?? false]));
  });
});
