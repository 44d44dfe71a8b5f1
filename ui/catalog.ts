/**
 * The gallery's data. In tests this module computes it from the generators; `npm run build`
 * replaces this module with the computed constant (catalog-plugin.ts), so bundles stay small.
 */
import { buildCatalog, type Catalog } from './catalog-data.js';

export const CATALOG: Catalog = buildCatalog();
