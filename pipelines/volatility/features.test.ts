import { describe, expect, it } from 'vitest';
import { trailingMeans, volatilityFeatures } from './features';

describe('volatility features', () => {
  const target = Array.from({ length: 30 }, (_, i) => (i + 1) / 1000);
  const returns = Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? -0.01 * i : 0.02));
  const sentiment = Array.from({ length: 30 }, (_, i) => (i === 3 ? Number.NaN : i / 10));

  it('HAR lags 1/5/22 and negative-return terms', () => {
    const f = volatilityFeatures({ target, returns, sentiment, mentions: target.map(() => 7) });
    expect(f.rv_d[29]).toBe(0.03);
    expect(f.rv_w[29]).toBeCloseTo((0.026 + 0.027 + 0.028 + 0.029 + 0.03) / 5, 15);
    expect(f.rv_m[20]).toBeNaN();
    expect(f.rv_m[21]).toBeCloseTo(target.slice(0, 22).reduce((a, b) => a + b, 0) / 22, 15);
    expect(f.neg_r[28]).toBeCloseTo(-0.28, 15);
    expect(f.neg_r[29]).toBe(0);
    expect(f.neg_r_w[4]).toBeCloseTo((0 - 0.02 - 0.04) / 5, 15);
    expect(f.mentions[10]).toBe(7);
  });

  it('sentiment lags 1..5 look back from the origin and keep gaps as NaN', () => {
    const f = volatilityFeatures({ target, returns, sentiment });
    expect(f.sentiment_lag).toHaveLength(5);
    expect(f.sentiment_lag[0]![10]).toBeCloseTo(1.0, 15);
    expect(f.sentiment_lag[4]![10]).toBeCloseTo(0.6, 15);
    expect(f.sentiment_lag[1]![4]).toBeNaN(); // day 3 is missing
    expect(f.sentiment_lag[4]![2]).toBeNaN(); // before the series
    expect(f.mentions[0]).toBe(0);
  });

  it('a row depends only on the past: prefix and full series agree', () => {
    const full = volatilityFeatures({ target, returns });
    const prefix = volatilityFeatures({ target: target.slice(0, 25), returns: returns.slice(0, 25) });
    expect(Array.from(prefix.rv_m)).toEqual(Array.from(full.rv_m.subarray(0, 25)));
    expect(Array.from(trailingMeans([1, 2, 3], 2))).toEqual([Number.NaN, 1.5, 2.5]);
  });
});
