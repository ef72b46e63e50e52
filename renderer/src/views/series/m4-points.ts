import type { DecimateResult } from '../../../../api/research-api';

/**
 * The engine's M4 buckets as a polyline: each bucket's first, min, max and last point in x
 * order (duplicates dropped). Drawing these is pixel-identical to drawing every raw point at a
 * width of one bucket per pixel; nothing is computed beyond ordering what the engine sent.
 */
export function m4Points(result: DecimateResult): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const b of result.buckets) {
    const pts: Array<[number, number]> = [
      [b.firstX, b.first],
      [b.minX, b.min],
      [b.maxX, b.max],
      [b.lastX, b.last],
    ];
    pts.sort((p, q) => p[0] - q[0]);
    for (const p of pts) {
      const prev = out[out.length - 1];
      if (!prev || prev[0] !== p[0] || prev[1] !== p[1]) out.push(p);
    }
  }
  return out;
}
