/** Timing helpers shared by the benchmark modules. */
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface BenchRow {
  name: string;
  measured: string;
  target: string;
  pass: boolean;
}

export interface BenchSection {
  title: string;
  rows: BenchRow[];
  notes?: string;
}

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as (() => void) | undefined;

/** A full garbage collection, so one run's garbage is not charged to the next. */
export function gc(): void {
  collect?.();
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

let sink: unknown;

/** Milliseconds one call of `fn` takes, after a full collection. The result is kept alive until the next call. */
export function timeOnce(fn: () => unknown): number {
  sink = undefined;
  gc();
  const t0 = performance.now();
  const r = fn();
  const t1 = performance.now();
  sink = r;
  return t1 - t0;
}

/** The result of the last timed call (keeps it from being optimised away). */
export function lastResult(): unknown {
  return sink;
}

/**
 * Times several functions on the same work, interleaved run by run so that drift of the machine
 * falls on all of them alike; one warm-up call each first. Returns the median of each.
 */
export function compare(fns: Record<string, () => unknown>, runs: number): Record<string, number> {
  const names = Object.keys(fns);
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const n of names) timeOnce(fns[n]!);
  for (let i = 0; i < runs; i++) {
    for (const n of i % 2 ? [...names].reverse() : names) times[n]!.push(timeOnce(fns[n]!));
  }
  return Object.fromEntries(names.map((n) => [n, median(times[n]!)]));
}

export function ms(x: number): string {
  return x >= 100 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`;
}

export function ratio(x: number): string {
  return `${x.toFixed(2)}x`;
}
