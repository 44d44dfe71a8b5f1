/** A small seeded generator (mulberry32), so sample data is the same on every run. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Whole number from lo to hi, both included. */
  int(lo: number, hi: number): number;
  /** Uniform in [lo, hi). */
  between(lo: number, hi: number): number;
  /** One item of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** Roughly normal, mean 0, standard deviation 1 (sum of uniforms). */
  normal(): number;
  /** True with probability p. */
  chance(p: number): boolean;
}

export function seeded(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    between: (lo, hi) => lo + next() * (hi - lo),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    normal: () => {
      let s = 0;
      for (let i = 0; i < 6; i++) s += next();
      return (s - 3) / Math.SQRT1_2;
    },
    chance: (p) => next() < p,
  };
}

/** A seed from a text, so each preset and template has its own stable sample. */
export function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** x rounded to `d` decimals for sample values (plain JavaScript rounding is fine for data). */
export function roundTo(x: number, d: number): number {
  const f = 10 ** d;
  return Math.round(x * f) / f;
}
