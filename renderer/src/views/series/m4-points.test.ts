import { describe, expect, it } from 'vitest';
import { m4Points } from './m4-points';

describe('m4Points', () => {
  it('orders each bucket by x and drops repeated points', () => {
    const bucket = (i: number, firstX: number, first: number, minX: number, min: number, maxX: number, max: number, lastX: number, last: number) => ({ bucket: i, count: 4, firstX, first, minX, min, maxX, max, lastX, last });
    const points = m4Points({
      totalPoints: 7,
      xMin: 0,
      xMax: 6,
      elapsedMs: 1,
      buckets: [bucket(0, 0, 5, 2, 1, 1, 9, 3, 4), bucket(1, 4, 3, 4, 3, 5, 8, 6, 7)],
    });
    expect(points).toEqual([
      [0, 5],
      [1, 9],
      [2, 1],
      [3, 4],
      [4, 3],
      [5, 8],
      [6, 7],
    ]);
  });
});
