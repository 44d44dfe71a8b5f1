import { describe, expect, it } from 'vitest';
import { at, broadcast, commonSize, finite, firstError, firstErrorIn } from '../../core/shape.js';
import type { Cell, Matrix } from '../../core/types.js';

const FN = 'TEST';

describe('commonSize', () => {
  it('is 1x1 when every argument is 1x1', () => {
    expect(commonSize(FN, [[[1]], [[2]]])).toEqual({ rows: 1, cols: 1 });
  });
  it('takes the size of the larger ranges, repeating 1x1', () => {
    expect(commonSize(FN, [[[1]], [[1], [2], [3]], [[4]]])).toEqual({ rows: 3, cols: 1 });
    expect(commonSize(FN, [[[1, 2]], [[3, 4]]])).toEqual({ rows: 1, cols: 2 });
  });
  it('different sizes are #VALUE! naming both', () => {
    const three: Matrix = [[1], [2], [3]];
    const four: Matrix = [[1], [2], [3], [4]];
    expect(commonSize(FN, [three, four])).toEqual({
      code: '#VALUE!',
      message: 'TEST: ranges must have the same size (3x1 and 4x1)',
    });
    expect(commonSize(FN, [[[1, 2]], [[1], [2]]])).toMatchObject({ message: 'TEST: ranges must have the same size (1x2 and 2x1)' });
  });
});

describe('at', () => {
  it('repeats a 1x1 range and indexes others', () => {
    expect(at([[7]], 5, 3)).toBe(7);
    expect(
      at(
        [
          [1, 2],
          [3, 4],
        ],
        1,
        0,
      ),
    ).toBe(3);
  });
});

describe('finite', () => {
  it('turns NaN and ±Infinity into #NUM!', () => {
    expect(finite(FN, NaN)).toMatchObject({ code: '#NUM!' });
    expect(finite(FN, Infinity)).toMatchObject({ code: '#NUM!' });
    expect(finite(FN, -Infinity)).toMatchObject({ code: '#NUM!' });
  });
  it('keeps everything else', () => {
    expect(finite(FN, 1.5)).toBe(1.5);
    expect(finite(FN, '')).toBe('');
    expect(finite(FN, true)).toBe(true);
  });
});

describe('broadcast', () => {
  const add = (cells: Cell[]) => (cells as number[]).reduce((a, b) => a + b, 0);
  it('gives one value when every argument is 1x1', () => {
    expect(broadcast(FN, [[[1]], [[2]]], add)).toBe(3);
  });
  it('gives a matrix of the common size', () => {
    expect(broadcast(FN, [[[1], [2]], [[10]]], add)).toEqual([[11], [12]]);
    expect(
      broadcast(
        FN,
        [
          [
            [1, 2],
            [3, 4],
          ],
          [[10]],
        ],
        add,
      ),
    ).toEqual([
      [11, 12],
      [13, 14],
    ]);
  });
  it('keeps an error in its own cell', () => {
    const r = broadcast(FN, [[[1], [0], [2]]], ([x]) => 1 / (x as number));
    expect(r).toEqual([[1], [{ code: '#NUM!', message: expect.any(String) }], [0.5]]);
  });
  it('a size mismatch is one #VALUE!', () => {
    expect(broadcast(FN, [[[1], [2]], [[1], [2], [3]]], add)).toMatchObject({ code: '#VALUE!' });
  });
});

describe('firstError, firstErrorIn', () => {
  const a = { code: '#N/A' as const, message: 'a' };
  const b = { code: '#REF!' as const, message: 'b' };
  it('finds the first error in order', () => {
    expect(firstError([1, null, a, b])).toBe(a);
    expect(firstError([1, 'x', null])).toBeUndefined();
    expect(firstErrorIn([[1, b], [a]])).toBe(b);
    expect(firstErrorIn([[1], [2]])).toBeUndefined();
  });
});
