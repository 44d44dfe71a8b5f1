import { afterEach, describe, expect, it } from 'vitest';
import { KPISCORE, NPS, WEIGHTED_SHARE } from '../../core/index.js';
import { setHostAdapter } from '../../core/host.js';
import type { KpiError } from '../../core/types.js';

afterEach(() => setHostAdapter({}));

describe('host adapter', () => {
  it('converts host cells inside the core pass: objects and text that starts with "#"', () => {
    const seen: unknown[] = [];
    setHostAdapter({
      input: (v) => {
        seen.push(v);
        if (v instanceof Date) return 100;
        if (typeof v === 'string') return { code: '#N/A', message: v };
        return v;
      },
    });
    expect(KPISCORE(new Date(0), 100)).toBe(1);
    expect(KPISCORE([[120], ['#N/A lookup'], [80]], 100)).toEqual([[1.2], [{ code: '#N/A', message: '#N/A lookup' }], [0.8]]);
    expect(NPS([[10], [new Date(0)]])).toEqual({ code: '#NUM!', message: 'NPS: answer 100 is not a whole number from 0 to 10' });
    expect(seen).toHaveLength(3);
  });

  it('leaves plain numbers and text alone', () => {
    let calls = 0;
    setHostAdapter({ input: (v) => (calls++, v) });
    expect(KPISCORE([[120], [' 85% ']], 100)).toEqual([[1.2], [0.0085]]);
    expect(calls).toBe(0);
  });

  it('gives errors inside range results in the host form, single errors as they are', () => {
    setHostAdapter({ errorCell: (e: KpiError) => `${e.code} ${e.message}` });
    expect(KPISCORE([[120], [1]], [[100], [0]])).toEqual([[1.2], ['#DIV/0! KPISCORE: target is 0: give a baseline']]);
    expect(KPISCORE(1, 0)).toEqual({ code: '#DIV/0!', message: 'KPISCORE: target is 0: give a baseline' });
    expect(WEIGHTED_SHARE(100, [[1], [-1]])).toMatchObject({ code: '#NUM!' });
  });

  it('is off without a host: the core API hands error objects back', () => {
    expect(KPISCORE([[1], [1]], [[0], [1]])).toEqual([[{ code: '#DIV/0!', message: 'KPISCORE: target is 0: give a baseline' }], [1]]);
  });
});
