import { describe, expect, it } from 'vitest';
import { contentBox, onlySheetVisible } from '../../cli/snapshot.js';
import { featureWorkbook } from './fixtures.js';

function ppm(width: number, height: number, dark: readonly [number, number][]): Buffer {
  const header = Buffer.from(`P6\n# made in a test\n${width} ${height}\n255\n`, 'ascii');
  const body = Buffer.alloc(width * height * 3, 255);
  for (const [x, y] of dark) body.fill(0, (y * width + x) * 3, (y * width + x) * 3 + 3);
  return Buffer.concat([header, body]);
}

describe('contentBox', () => {
  it('finds the box around the non-white pixels, with a margin inside the page', () => {
    expect(contentBox(ppm(20, 10, [[5, 3], [9, 6]]), 2)).toEqual({ x: 3, y: 1, width: 9, height: 8 });
    expect(contentBox(ppm(20, 10, [[0, 0], [19, 9]]), 4)).toEqual({ x: 0, y: 0, width: 20, height: 10 });
  });
  it('is null for a blank page', () => {
    expect(contentBox(ppm(4, 4, []), 1)).toBeNull();
  });
});

describe('onlySheetVisible', () => {
  it('hides every other sheet and keeps names and content', () => {
    const desc = featureWorkbook();
    const one = onlySheetVisible(desc, 1);
    expect(one.sheets.map((s) => s.hidden)).toEqual([true, false]);
    expect(one.names).toEqual(desc.names);
    expect(one.sheets[0]?.blocks).toBe(desc.sheets[0]?.blocks);
  });
});
