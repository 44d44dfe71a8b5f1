import { describe, expect, it } from 'vitest';
import * as core from '../../core/index.js';
import { FUNCTIONS, LOCALES, exampleFormula, exampleResult, formulaArg } from '../../core/index.js';
import { MESSAGES } from '../../core/messages.js';
import { paramTitle } from '../../core/registry.js';
import { expectResult, type Expected } from './helpers.js';

/** The signatures of the contract, optional arguments marked with "?". */
const SIGNATURES: Record<string, string[]> = {
  KPISCORE: ['actual', 'target', 'direction?', 'cap?', 'floor?', 'baseline?'],
  KPIBAND: ['actual', 'threshold', 'target', 'maximum', 'pay_threshold?', 'pay_target?', 'pay_maximum?'],
  KPICURVE: ['actual', 'curve', 'mode?'],
  KPIRATING: ['score', 'bands?', 'column?'],
  WEIGHTED_SCORE: ['scores', 'weights', 'blanks?'],
  WEIGHTED_SHARE: ['total', 'weights', 'factors?', 'decimals?'],
  SCORE360: ['ratings', 'groups', 'group_weights?', 'min_raters?'],
  NPS: ['responses'],
};

const TABLES = new Set(['bands', 'curve', 'group_weights']);
const SETTINGS = new Set(['blanks', 'total', 'decimals', 'min_raters']);

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('registry: the functions', () => {
  it('lists the eight functions of the contract in order, with unique names', () => {
    expect(FUNCTIONS.map((f) => f.name)).toEqual(Object.keys(SIGNATURES));
    expect(new Set(FUNCTIONS.map((f) => f.name)).size).toBe(FUNCTIONS.length);
  });
  it.each(FUNCTIONS.map((f) => [f.name, f] as const))('%s is exported under its sheet name', (name, f) => {
    expect((core as Record<string, unknown>)[name]).toBe(f.impl);
  });
  it.each(FUNCTIONS.map((f) => [f.name, f] as const))('%s has the parameters of the contract', (name, f) => {
    expect(f.params.map((p) => p.name + (p.optional ? '?' : ''))).toEqual(SIGNATURES[name]);
    expect(new Set(f.params.map((p) => p.name)).size).toBe(f.params.length);
  });
  it.each(FUNCTIONS.map((f) => [f.name, f] as const))('%s: optional parameters come after required ones', (_, f) => {
    const firstOptional = f.params.findIndex((p) => p.optional);
    if (firstOptional >= 0) expect(f.params.slice(firstOptional).every((p) => p.optional)).toBe(true);
  });
  it.each(FUNCTIONS.map((f) => [f.name, f] as const))('%s: tables and settings are marked as such', (_, f) => {
    for (const p of f.params) {
      if (TABLES.has(p.name)) expect(p.kind, p.name).toBe('table');
      else if (SETTINGS.has(p.name)) expect(p.kind, p.name).toBe('setting');
      else if (f.name !== 'NPS') expect(p.kind, p.name).toBe('perRow');
    }
  });
  it('functions that return one number say so', () => {
    for (const name of ['WEIGHTED_SCORE', 'NPS']) {
      expect(FUNCTIONS.find((f) => f.name === name)!.returns).toBe('value');
    }
    for (const name of ['KPISCORE', 'KPIBAND', 'KPICURVE', 'KPIRATING', 'WEIGHTED_SHARE']) {
      expect(FUNCTIONS.find((f) => f.name === name)!.returns).toBe('range');
    }
  });
  it.each(FUNCTIONS.map((f) => [f.name, f] as const))('%s has texts in every language', (_, f) => {
    for (const locale of LOCALES) {
      expect(f.description[locale]?.trim(), `${f.name} description ${locale}`).toBeTruthy();
      for (const p of f.params) {
        expect(p.title[locale]?.trim(), `${f.name}.${p.name} title ${locale}`).toBeTruthy();
        expect(p.description[locale]?.trim(), `${f.name}.${p.name} description ${locale}`).toBeTruthy();
      }
    }
  });
  it.each(FUNCTIONS.map((f) => [f.name, f] as const))('%s texts fit Excel\'s 128-character limit', (_, f) => {
    for (const locale of LOCALES) {
      expect(f.description[locale].length, `${f.name} description ${locale}`).toBeLessThanOrEqual(128);
      for (const p of f.params) {
        expect(p.description[locale].length, `${f.name}.${p.name} ${locale}`).toBeLessThanOrEqual(128);
      }
    }
  });
  it.each(FUNCTIONS.map((f) => [f.name, f] as const))('%s registers its parameter titles for messages', (_, f) => {
    for (const p of f.params) expect(paramTitle(f.name, p.name)).toEqual(p.title);
  });
});

describe('registry: examples', () => {
  it('every function has examples', () => {
    for (const f of FUNCTIONS) expect(f.examples.length, f.name).toBeGreaterThan(0);
  });
  const examples = FUNCTIONS.flatMap((f) => f.examples.map((ex) => [exampleFormula(f.name, ex), f, ex] as const));
  it.each(examples)('%s gives its stated result', (_, f, ex) => {
    expectResult(f.impl(...ex.args), ex.result as Expected);
  });
});

describe('registry: messages', () => {
  const keys = Object.keys(MESSAGES.en) as (keyof typeof MESSAGES.en)[];
  it('every locale has the same keys', () => {
    for (const locale of LOCALES) expect(Object.keys(MESSAGES[locale]).sort()).toEqual([...keys].sort());
  });
  it.each(keys)('%s has text in every language with the same placeholders', (key) => {
    for (const locale of LOCALES) {
      expect(MESSAGES[locale][key]?.trim(), `${key} ${locale}`).toBeTruthy();
      expect(placeholders(MESSAGES[locale][key]), `${key} ${locale}`).toEqual(placeholders(MESSAGES.en[key]));
    }
  });
  it('every message names the function', () => {
    for (const locale of LOCALES) for (const key of keys) expect(MESSAGES[locale][key]).toContain('{fn}');
  });
});

describe('registry: formulas shown to users', () => {
  it('writes arguments as a user types them', () => {
    expect(formulaArg(undefined)).toBe('');
    expect(formulaArg(null)).toBe('');
    expect(formulaArg(1.5)).toBe('1.5');
    expect(formulaArg('lower')).toBe('"lower"');
    expect(formulaArg('say "hi"')).toBe('"say ""hi"""');
    expect(formulaArg(true)).toBe('TRUE');
    expect(formulaArg([1, 2, 3])).toBe('{1;2;3}');
    expect(
      formulaArg([
        [0.6, 0],
        [1, 1],
      ]),
    ).toBe('{0.6,0;1,1}');
  });
  it('writes an example call, without trailing blank arguments', () => {
    const ex = { args: [42, 45, undefined, undefined, undefined, 32], result: 10 / 13 };
    expect(exampleFormula('KPISCORE', ex)).toBe('=KPISCORE(42, 45, , , , 32)');
    expect(exampleFormula('KPISCORE', ex, 'KPI.')).toBe('=KPI.KPISCORE(42, 45, , , , 32)');
    expect(exampleFormula('KPISCORE', { args: [130, 100, undefined, 1.2, undefined], result: 1.2 })).toBe(
      '=KPISCORE(130, 100, , 1.2)',
    );
  });
  it('writes an example result as a user sees it', () => {
    expect(exampleResult(10 / 13)).toBe('0.769230769231');
    expect(exampleResult(1.2)).toBe('1.2');
    expect(exampleResult('A')).toBe('A');
    expect(exampleResult('')).toBe('""');
    expect(exampleResult([[33.34], [33.33]])).toBe('{33.34;33.33}');
  });
});
