import { describe, expect, it } from 'vitest';
import { Z80, Z90, Z95 } from './distributions';
import { coverage, dmTest, fanChart, lossSummary, type ForecastPoint } from './forecast-eval';

const day = (i: number) => new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10);

describe('forecast lab math', () => {
  it('lake-lognormal reproduces the stored 90% interval and widens it to 95%', () => {
    const f = 1e-4;
    const points: ForecastPoint[] = [{ date: day(1), madeAt: day(0), forecast: f, lower90: 0.3 * f, upper90: 2.5 * f, realized: 2e-4 }];
    const { method, rows } = fanChart(points);
    expect(method).toBe('lake-lognormal');
    const mu = (Math.log(0.3) + Math.log(2.5)) / 2;
    const sigma = (Math.log(2.5) - Math.log(0.3)) / (2 * Z90);
    const vol = (x: number) => Math.sqrt(252 * x);
    expect(rows[0]!.lower80).toBeCloseTo(vol(f * Math.exp(mu - Z80 * sigma)), 14);
    expect(rows[0]!.upper95).toBeCloseTo(vol(f * Math.exp(mu + Z95 * sigma)), 14);
    // The 90% quantiles implied by the fit are the stored ones.
    expect(f * Math.exp(mu + Z90 * sigma)).toBeCloseTo(2.5 * f, 18);
    expect(rows[0]!.lower95!).toBeLessThan(rows[0]!.lower80!);
  });

  it('empirical-lognormal uses only forecasts realized by made_at, and needs 30 of them', () => {
    // Realized is exactly 2x the forecast every day: mu = ln 2, sigma = 0, so the interval is a point.
    const points: ForecastPoint[] = Array.from({ length: 60 }, (_, i) => ({ date: day(i + 1), madeAt: day(i), forecast: 1e-4, lower90: null, upper90: null, realized: 2e-4 }));
    const { method, rows, coverage: cov } = fanChart(points);
    expect(method).toBe('empirical-lognormal');
    // Forecast i (made at day i) sees the forecasts with target date <= day i: i of them.
    expect(rows[29]!.lower80).toBeNull();
    expect(rows[30]!.lower80).toBeCloseTo(Math.sqrt(252 * 2e-4), 12);
    expect(cov.p80.n).toBe(30);
  });

  it('coverage counts realized values inside the band', () => {
    const rows = [
      { date: day(0), forecastVol: 0.2, lower80: 0.1, upper80: 0.3, lower95: 0.05, upper95: 0.4, realizedVol: 0.35 },
      { date: day(1), forecastVol: 0.2, lower80: 0.1, upper80: 0.3, lower95: 0.05, upper95: 0.4, realizedVol: 0.2 },
      { date: day(2), forecastVol: 0.2, lower80: 0.1, upper80: 0.3, lower95: 0.05, upper95: 0.4, realizedVol: null },
    ];
    expect(coverage(rows, 0.8)).toEqual({ level: 0.8, n: 2, inside: 1, share: 0.5 });
    expect(coverage(rows, 0.95)).toEqual({ level: 0.95, n: 2, inside: 2, share: 1 });
  });

  it('losses and DM: a perfect forecast has zero loss and beats a biased one', () => {
    const realized = Array.from({ length: 200 }, (_, i) => 1e-4 * (1 + 0.5 * Math.sin(i)));
    const perfect = lossSummary(realized, realized);
    expect([perfect.qlike, perfect.mse, perfect.mae]).toEqual([0, 0, 0]);
    const biased = lossSummary(realized, realized.map((x) => 1.5 * x));
    const dm = dmTest(perfect.qlikeLosses, biased.qlikeLosses, 1);
    expect(dm.stat!).toBeLessThan(0);
    expect(dm.p!).toBeLessThan(1e-6);
  });
});
