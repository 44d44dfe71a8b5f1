/**
 * esbuild plugin for the task pane and sidebar bundles: ui/catalog.ts becomes the catalog as a
 * JSON constant, computed from the generators at build time.
 */
import type { Plugin } from 'esbuild';
import { buildCatalog } from './catalog-data.js';

export function catalogPlugin(): Plugin {
  return {
    name: 'kpi-catalog',
    setup(b) {
      b.onLoad({ filter: /[\\/]ui[\\/]catalog\.ts$/ }, () => ({
        contents: `export const CATALOG = ${JSON.stringify(buildCatalog())};`,
        loader: 'js',
      }));
    },
  };
}
