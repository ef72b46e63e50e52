import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { harModel, logHarModel } from './har';
import type { DailyData } from './types';

interface HarCase {
  variance: number[];
  fits: Array<{ horizon: number; coefficients: number[]; n: number }>;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/har-reference.json', import.meta.url), 'utf8')) as {
  parkinson_msft: HarCase & { open: number[]; high: number[]; low: number[] };
  c2c_aa: HarCase;
};

const asData = (v: number[]): DailyData => ({
  day: Float64Array.from(v, (_, i) => i),
  target: Float64Array.from(v),
  returns: Float64Array.from(v, (x) => -Math.sqrt(x)),
});

describe('HAR-RV OLS against R lm()', () => {
  for (const label of ['parkinson_msft', 'c2c_aa'] as const) {
    const c = fixture[label];
    it(`${label}: coefficients within 1% for h = 1 and 5`, () => {
      const fitted = harModel.fit(asData(c.variance), [1, 5]);
      for (const ref of c.fits) {
        const ours = fitted.params[`h${ref.horizon}`] as number[];
        expect(ours).toHaveLength(4);
        ours.forEach((b, j) => {
          const expected = ref.coefficients[j]!;
          expect(Math.abs(b - expected) / Math.abs(expected)).toBeLessThan(0.01);
        });
      }
    });
  }

  it('forecast uses only data up to the origin', () => {
    const v = fixture.c2c_aa.variance.slice(0, 400);
    const data = asData(v);
    const fitted = harModel.fit(data, [1]);
    const before = fitted.forecast(data, 300, 1);
    const changed = asData(v.map((x, i) => (i > 300 ? x * 50 : x)));
    expect(fitted.forecast(changed, 300, 1)).toBe(before);
  });

  it('log-HAR with leverage fits and returns positive forecasts', () => {
    const data = asData(fixture.c2c_aa.variance);
    const fitted = logHarModel.fit(data, [1, 5]);
    expect((fitted.params.h1 as number[]).length).toBe(7);
    const f = fitted.forecast(data, 1000, 5);
    expect(f).toBeGreaterThan(0);
    expect(Number.isFinite(f)).toBe(true);
  });
});
