import { describe, expect, it } from 'vitest';
import { nameKey } from '../../core/templates/names.js';
import { nameKey as paneKey } from '../../ui/roster.js';

describe('nameKey', () => {
  it('knows a person under a name typed or pasted another way', () => {
    const same: [string, string][] = [
      ['Emma Johnson', '  emma   JOHNSON '],
      ['Emma Johnson', 'Emma\u00a0Johnson'],
      ['张伟', '张伟\u3000'],
      ['张伟', '\u200b张\u200d伟\ufeff'],
      ['José', 'Jose\u0301'],
    ];
    for (const [a, b] of same) expect(nameKey(b), JSON.stringify(b)).toBe(nameKey(a));
    expect(nameKey('Emma Johnson')).not.toBe(nameKey('Emma Johnston'));
    expect(nameKey('张伟')).not.toBe(nameKey('张玮'));
  });

  it('is the one the task pane and the sidebar flag repeated names with', () => {
    expect(paneKey).toBe(nameKey);
  });
});
