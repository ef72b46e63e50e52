import { describe, expect, it } from 'vitest';
import { dieboldMariano, losses, normalCdf, qlikeLoss, quantile } from './metrics';
import { gaussian, mulberry32 } from './synthetic';

describe('forecast metrics', () => {
  it('QLIKE is zero for a perfect forecast and penalizes under-prediction more', () => {
    expect(qlikeLoss(2, 2, 1e-9)).toBe(0);
    expect(qlikeLoss(2, 1, 1e-9)).toBeGreaterThan(qlikeLoss(2, 4, 1e-9));
    const l = losses([4], [1], 1e-9);
    expect(l.se[0]).toBe(9);
    expect(l.aeVol[0]).toBe(1);
  });

  it('normal CDF and quantiles', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
  });

  it('Diebold-Mariano: equal losses are not significant, a shifted loss is', () => {
    const n = gaussian(mulberry32(1));
    const base = Array.from({ length: 500 }, () => 1 + n());
    const same = base.map((x) => x + 0.05 * n());
    const better = base.map((x) => x - 0.5 + 0.2 * n());
    expect(Math.abs(dieboldMariano(same, base, 1).stat)).toBeLessThan(2);
    const dm = dieboldMariano(better, base, 1);
    expect(dm.stat).toBeLessThan(-10);
    expect(dm.p).toBeLessThan(1e-6);
  });

  it('Diebold-Mariano HAC widens the band for autocorrelated differentials', () => {
    const n = gaussian(mulberry32(2));
    let e = 0;
    const d = Array.from({ length: 400 }, () => (e = 0.9 * e + n()));
    const zeros = d.map(() => 0);
    const iidStat = Math.abs(d.reduce((a, b) => a + b, 0) / d.length) / Math.sqrt(d.reduce((a, b) => a + b * b, 0) / d.length / d.length);
    expect(Math.abs(dieboldMariano(d, zeros, 5).stat)).toBeLessThan(iidStat);
  });
});
