import type { KpiError } from './types.js';

/**
 * How a host binding's cell values differ from the core's, so that the core converts them in
 * the one pass it makes over a range anyway (a column of a million cells is not walked twice).
 * Set once by the binding when it loads; the core API without a binding leaves both unset.
 */
export interface HostAdapter {
  /** A cell the core does not read as it is (an object, or text that starts with "#"): its core value. */
  readonly input?: ((v: unknown) => unknown) | undefined;
  /** An error cell inside a range result, in the host's form. */
  readonly errorCell?: ((e: KpiError) => unknown) | undefined;
}

export const HOST: { input?: HostAdapter['input']; errorCell?: HostAdapter['errorCell'] } = {};

export function setHostAdapter(adapter: HostAdapter): void {
  HOST.input = adapter.input;
  HOST.errorCell = adapter.errorCell;
}
