import type { DailyData, FittedModel, VolModel } from './types';

/**
 * EWMA (RiskMetrics) conditional variance. Pure: arrays in, arrays out.
 *
 * sigma2[t] is the variance of day t known at the close of day t-1:
 *   sigma2[t] = lambda * sigma2[t-1] + (1 - lambda) * x[t-1]
 * where x is a squared return (or a realized-variance proxy for that day). The seed is the mean of
 * the first `warmup` observations, so the first `warmup` outputs use those days (documented
 * warm-up); backtests seed from the training window only.
 */
export const RISKMETRICS_LAMBDA = 0.94;

export interface EwmaResult {
  /** sigma2[t]: one-step-ahead conditional variance for each input day. */
  variance: number[];
  /** Forecast for the day after the last input. */
  next: number;
  /** Number of leading days whose seed used data of those same days. */
  warmup: number;
}

/** x: per-day variance proxies (squared returns or realized variances). */
export function ewmaVariance(x: readonly number[], lambda = RISKMETRICS_LAMBDA, warmup = 22): EwmaResult {
  if (!(lambda > 0 && lambda < 1)) throw new Error(`EWMA lambda must be in (0, 1), got ${lambda}`);
  const n = x.length;
  if (n === 0) throw new Error('EWMA needs at least one observation');
  const w = Math.max(1, Math.min(warmup, n));
  let seed = 0;
  for (let i = 0; i < w; i++) seed += x[i]!;
  seed /= w;
  const variance = new Array<number>(n);
  let s = seed;
  for (let t = 0; t < n; t++) {
    variance[t] = s;
    s = lambda * s + (1 - lambda) * x[t]!;
  }
  return { variance, next: s, warmup: w };
}

/** Squares a return series, rejecting non-finite values with the offending index. */
export function squaredReturns(returns: readonly number[]): number[] {
  return returns.map((r, i) => {
    if (!Number.isFinite(r)) throw new Error(`return at index ${i} is not a finite number`);
    return r * r;
  });
}

/**
 * Walk-forward EWMA on the daily variance proxy: no estimation (RiskMetrics lambda), seeded with
 * the mean of the first 22 training days; the forecast is flat over the horizon.
 */
export const ewmaModel: VolModel = {
  name: 'ewma',
  fit(data: DailyData): FittedModel {
    const seedLen = Math.min(22, data.target.length);
    let seed = 0;
    for (let i = 0; i < seedLen; i++) seed += data.target[i]!;
    seed /= seedLen;
    let next = 0;
    let s = seed;
    return {
      params: { lambda: RISKMETRICS_LAMBDA, seed },
      forecast(view, origin) {
        if (origin + 1 < next) {
          next = 0;
          s = seed;
        }
        while (next <= origin) {
          s = RISKMETRICS_LAMBDA * s + (1 - RISKMETRICS_LAMBDA) * view.target[next]!;
          next++;
        }
        return s;
      },
    };
  },
};
