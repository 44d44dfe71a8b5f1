/** Timing helpers shared by the benchmark modules. */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { GCProfiler, getHeapStatistics, setFlagsFromString } from 'node:v8';
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

export interface MemoryUse {
  /** Milliseconds of the call. */
  ms: number;
  /** Most bytes in use above the starting point at any moment of the call (JS heap and array buffers). */
  peak: number;
  /** Bytes still in use once the call's garbage is collected: the result. */
  retained: number;
}

/** Heap in use and memory outside it held by JS objects (array buffers), in bytes. */
function inUse(h: { usedHeapSize: number; externalMemory: number }): number {
  return h.usedHeapSize + h.externalMemory;
}

/**
 * One call of `fn` with its memory: after a full collection, the V8 GC profiler records the heap
 * before every collection during the call. Memory in use only grows between collections, so
 * the peak is the largest of those and of the heap at the end of the call.
 */
export function memoryOnce(fn: () => unknown): MemoryUse {
  sink = undefined;
  gc();
  gc();
  const start = getHeapStatistics();
  const base = start.used_heap_size + start.external_memory;
  const profiler = new GCProfiler();
  profiler.start();
  const t0 = performance.now();
  const r = fn();
  const t1 = performance.now();
  const end = getHeapStatistics();
  const stats = profiler.stop() as { statistics: { beforeGC: { heapStatistics: { usedHeapSize: number; externalMemory: number } } }[] };
  let peak = end.used_heap_size + end.external_memory;
  for (const s of stats.statistics) peak = Math.max(peak, inUse(s.beforeGC.heapStatistics));
  sink = r;
  gc();
  const after = getHeapStatistics();
  return { ms: t1 - t0, peak: peak - base, retained: after.used_heap_size + after.external_memory - base };
}

export function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MB`;
}

export function ms(x: number): string {
  return x >= 100 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`;
}

export function ratio(x: number): string {
  return `${x.toFixed(2)}x`;
}

/** Processor seconds of the finished child processes this process waited for (Linux; 0 elsewhere). */
export function childrenCpu(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    // Fields 16 and 17 of stat (cutime, cstime), in clock ticks of 1/100 s.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return 0;
  }
}
