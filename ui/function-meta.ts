/**
 * The function reference's data: the registry's metadata (names, descriptions, parameters,
 * examples) without the implementations. In tests this module reads it from the registry;
 * `npm run build` replaces this module with the computed constant (catalog-plugin.ts), so the task
 * pane and the sidebar do not carry the scoring code, which the custom functions' own bundle holds.
 */
import { FUNCTIONS } from '../core/index.js';
import type { FunctionMeta } from '../core/registry.js';

/** Every function's metadata, in the registry's order, as plain data. */
export function functionMeta(): FunctionMeta[] {
  return FUNCTIONS.map(({ impl: _impl, ...meta }) => meta);
}

export const FUNCTION_META: readonly FunctionMeta[] = functionMeta();
