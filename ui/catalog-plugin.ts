/**
 * esbuild plugin for the task pane and sidebar bundles: ui/catalog.ts becomes the catalog as a
 * JSON constant, computed from the generators at build time, and ui/function-meta.ts the function
 * reference's metadata, read from the registry at build time.
 */
import type { Plugin } from 'esbuild';
import { buildCatalog } from './catalog-data.js';
import { functionMeta } from './function-meta.js';

export function catalogPlugin(): Plugin {
  return {
    name: 'kpi-catalog',
    setup(b) {
      b.onLoad({ filter: /[\\/]ui[\\/]catalog\.ts$/ }, () => ({
        contents: `export const CATALOG = ${JSON.stringify(buildCatalog())};`,
        loader: 'js',
      }));
      b.onLoad({ filter: /[\\/]ui[\\/]function-meta\.ts$/ }, () => ({
        contents: `export const FUNCTION_META = ${JSON.stringify(functionMeta())};`,
        loader: 'js',
      }));
    },
  };
}
