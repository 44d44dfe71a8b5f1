/**
 * No page renders text as HTML: our own code (ui/, the task pane and sidebar entries and all they
 * import outside node_modules) never uses innerHTML, outerHTML, insertAdjacentHTML,
 * dangerouslySetInnerHTML or document.write; in the built pages those words come only from
 * Preact's own code. esbuild's metafile tells which source files each page bundles.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { catalogPlugin } from '../../ui/catalog-plugin.js';
import { DIST, ROOT } from '../hosts/hosts.js';

const SINKS = ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'dangerouslySetInnerHTML', 'document.write', 'createContextualFragment', 'srcdoc'];
const ENTRIES = { taskpane: 'excel-addin/taskpane.ts', sidebar: 'gsheets-addon/sidebar.ts' } as const;

const count = (text: string, word: string): number => text.split(word).length - 1;

function sinksIn(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const w of SINKS) {
    const n = count(text, w);
    if (n > 0) out[w] = n;
  }
  return out;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** A page's bundle as the build makes it (JSX through Preact, the catalog plugin), with its metafile. */
async function pageBundle(entry: string, options: { external?: string[]; minify?: boolean } = {}): Promise<{ text: string; metafile: Metafile }> {
  const r = await build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    write: false,
    metafile: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2017',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    plugins: [catalogPlugin()],
    logLevel: 'silent',
    legalComments: 'none',
    ...(options.external ? { external: options.external } : {}),
    ...(options.minify ? { minify: true } : {}),
  });
  return { text: r.outputFiles[0]!.text, metafile: r.metafile };
}

describe('pages never render text as HTML', () => {
  it('ui/ sources use no HTML sink', () => {
    const found: string[] = [];
    for (const file of filesUnder(join(ROOT, 'ui')).filter((f) => /\.(ts|tsx)$/.test(f))) {
      const s = sinksIn(readFileSync(file, 'utf8'));
      if (Object.keys(s).length > 0) found.push(`${relative(ROOT, file)}: ${JSON.stringify(s)}`);
    }
    expect(found).toEqual([]);
  });

  it.each(Object.entries(ENTRIES))('%s: every source file it bundles outside Preact uses no HTML sink', async (_name, entry) => {
    const { metafile } = await pageBundle(entry);
    const inputs = Object.keys(metafile.inputs);
    const libraries = inputs.filter((p) => p.includes('node_modules'));
    // The only library in a page is Preact.
    expect(libraries.filter((p) => !p.split(/[\\/]/).includes('preact'))).toEqual([]);
    const found: string[] = [];
    let ours = 0;
    for (const p of inputs.filter((x) => !x.includes('node_modules'))) {
      const file = join(ROOT, p.replace(/^[^:]*:/, ''));
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        continue; // a virtual module (the catalog): checked in the bundle below
      }
      ours++;
      const s = sinksIn(text);
      if (Object.keys(s).length > 0) found.push(`${p.split(sep).join('/')}: ${JSON.stringify(s)}`);
    }
    expect(ours).toBeGreaterThan(5);
    expect(found).toEqual([]);
  });

  it.each(Object.entries(ENTRIES))('%s: the page built without Preact holds no HTML sink', async (_name, entry) => {
    const { text } = await pageBundle(entry, { external: ['preact', 'preact/*'] });
    expect(text.length).toBeGreaterThan(10_000);
    expect(sinksIn(text)).toEqual({});
  });

  it('the built pages hold HTML sinks only as often as Preact alone does', async () => {
    // Preact's own code names innerHTML and dangerouslySetInnerHTML (its escape hatch, unused by us).
    const preactOnly = await build({
      stdin: { contents: "export * from 'preact'; export * from 'preact/hooks'; export * from 'preact/jsx-runtime';", resolveDir: ROOT, loader: 'ts' },
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'es2017',
      minify: true,
      logLevel: 'silent',
      legalComments: 'none',
    });
    const library = sinksIn(preactOnly.outputFiles[0]!.text);
    expect(library.dangerouslySetInnerHTML).toBeGreaterThan(0);
    for (const file of [join(DIST, 'excel/taskpane.js'), join(DIST, 'gsheets/Sidebar.html')]) {
      const built = sinksIn(readFileSync(file, 'utf8'));
      for (const [word, n] of Object.entries(built)) {
        expect(n, `${relative(ROOT, file)}: ${word}`).toBeLessThanOrEqual(library[word] ?? 0);
      }
    }
  });
});
