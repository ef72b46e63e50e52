import { afterAll, describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { createForecastPool } from './forecast-pool';
import { ewmaForecast } from './forecast-api';

describe('forecast worker pool', () => {
  const pool = createForecastPool();
  afterAll(() => pool.close());

  it('is sized to the cores', () => {
    expect(pool.size).toBe(availableParallelism());
  });

  it('runs EWMA in a worker and matches the in-thread result', async () => {
    const returns = Array.from({ length: 300 }, (_, i) => 0.01 * Math.sin(i * 1.7) + 0.002 * Math.cos(i * 0.3));
    const dates = returns.map((_, i) => new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10));
    const input = { symbol: 'TEST', dates, returns };
    const remote = await pool.ewmaForecast(input);
    expect(remote).toEqual(ewmaForecast(input));
    expect(remote.volatility).toHaveLength(300);
    // The recursion by hand for the next-day value.
    const last = remote.variance[299]!;
    expect(remote.next.variance).toBeCloseTo(0.94 * last + 0.06 * returns[299]! ** 2, 15);
  });

  it('spreads concurrent calls and surfaces input errors', async () => {
    const calls = Array.from({ length: 8 }, (_, k) =>
      pool.ewmaForecast({ symbol: `S${k}`, dates: ['2020-01-01', '2020-01-02'], returns: [0.01 * k, 0.02] }),
    );
    const out = await Promise.all(calls);
    expect(out.map((o) => o.symbol)).toEqual(['S0', 'S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7']);
    await expect(pool.ewmaForecast({ symbol: 'BAD', dates: ['2020-01-01'], returns: [Number.NaN] })).rejects.toThrow(
      /not a finite number/,
    );
  });

  it('rejects after close', async () => {
    const small = createForecastPool({ size: 1 });
    await small.close();
    await expect(small.ewmaForecast({ symbol: 'X', dates: ['2020-01-01'], returns: [0.01] })).rejects.toThrow(/closed/);
  });
});
