import type { Locale } from '../types.js';
import type { NumberInput } from './plan.js';
import { PRESET_DATA, pick, type PresetKey, type PresetKpi } from './presets.js';
import { roundTo, seedOf, seeded, type Rng } from './random.js';
import type { ReviewData } from './review.js';
import { SAMPLE_COMMENTS, sampleName } from './samples.js';

/** A realistic actual for a KPI: around its target, better or worse with the employee's form. */
export function sampleActual(k: PresetKpi, form: number, rng: Rng): number {
  const noise = 0.4 * k.spread * rng.normal() + 0.15 * form + (k.bias ?? 0);
  // Better means above the target for "higher", below it for the others.
  const sign = k.direction === 'higher' ? 1 : k.direction === 'exact' ? (rng.chance(0.5) ? 1 : -1) : -1;
  const factor = k.direction === 'exact' ? 1 + Math.abs(noise) * sign * 0.5 : 1 + sign * noise;
  let x = k.target * factor;
  if (k.unit[0] === '%') x = Math.min(Math.max(x, 0), Math.max(1, k.maximum ?? 1));
  if (k.unit[0] === 'points') x = Math.min(x, 100);
  x = Math.max(x, k.direction === 'lower_ratio' ? k.target * 0.5 : 0);
  const r = roundTo(x, k.decimals);
  return r === 0 && k.direction === 'lower_ratio' ? 10 ** -k.decimals : r;
}

/** How well the first sample employees do (in standard deviations), so every grade shows up. */
const FORMS = [1.8, 0.4, -0.6, 1.0, -1.6, 0.1, 2.4, -1.0, 0.6, -2.9, 1.3, -0.2];

/** Sample review rows: names, teams, actuals (the last employee's half blank, as in a review being filled), comments, 360 scores. */
export function sampleReview(preset: PresetKey, lang: Locale, employees: number): ReviewData {
  const p = PRESET_DATA[preset];
  const rng = seeded(seedOf(`review:${preset}`));
  const names: string[] = [];
  const departments: string[] = [];
  const actuals: NumberInput[][] = [];
  const comments: (string | null)[][] = [];
  const collab: NumberInput[] = [];
  for (let e = 0; e < employees; e++) {
    names.push(sampleName(lang, e));
    departments.push(pick(p.teams[e % p.teams.length]!, lang));
    const form = FORMS[e] ?? rng.normal();
    // The last employee of a longer list is still being reviewed: the second half is blank.
    const partial = employees >= 6 && e === employees - 1;
    actuals.push(p.kpis.map((k, j) => (partial && j >= Math.ceil(p.kpis.length / 2) ? null : sampleActual(k, form, rng))));
    comments.push(p.kpis.map((_, j) => (j === 0 && rng.chance(0.7) ? rng.pick(SAMPLE_COMMENTS[lang]) : null)));
    // Every sample employee has a 360 score: with a collaboration weight above 0, one without it has no grade yet.
    collab.push(roundTo(Math.min(5, Math.max(1, 3.3 + 1.5 * rng.next() + 0.2 * form)), 1));
  }
  return { names, departments, actuals, comments, collab, settings: { collabWeight: 0.1 } };
}
