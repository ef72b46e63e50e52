import { describe, expect, it } from 'vitest';
import { crossCorrelation } from './ccf';
import { exploreStats } from './explore-stats';
import { varAic } from './granger';
import { neweyWestLags, olsHac } from './ols-hac';
import { fSurvival, normalTwoSidedP } from './distributions';
import { loadMsftFixture, loadReference } from './fixtures/load-fixture';

/** |a - b| <= tol * max(|b|, tiny): relative, with an absolute floor for values at zero. */
function close(actual: number | null, expected: number, tol: number, floor = 1e-300): void {
  expect(actual).not.toBeNull();
  const err = Math.abs(actual! - expected);
  if (err > tol * Math.max(Math.abs(expected), floor)) {
    throw new Error(`expected ${expected}, got ${actual} (relative error ${err / Math.abs(expected)} > ${tol})`);
  }
}

const rows = loadMsftFixture();
const keys = ['const', 'sentiment', 'log_mentions', 'log_variance'] as const;

describe.each(loadReference())('explore statistics vs statsmodels ($name)', (ref) => {
  const sample = rows.filter((r) => r.date >= ref.from && r.date <= ref.to);
  const stats = exploreStats('MSFT', sample);

  it('uses the same rows and lag rules', () => {
    expect(stats.n).toBe(ref.n);
    expect(stats.ols.hac_lags).toBe(ref.ols.hac_lags);
    expect(neweyWestLags(ref.n)).toBe(ref.ols.hac_lags);
    // statsmodels' HAC p-values are normal (use_t False); ours are too.
    expect(ref.ols.use_t).toBe(false);
    close(stats.band, ref.band, 1e-12);
  });

  it('matches the CCF to 1e-9 relative', () => {
    expect(stats.ccf.map((c) => c.lag)).toEqual(ref.ccf.map((c) => c.lag));
    stats.ccf.forEach((c, i) => close(c.r, ref.ccf[i]!.r, 1e-9));
  });

  it('matches OLS coefficients (1e-9), HAC SEs, t and p (1e-6), R^2', () => {
    for (const k of keys) {
      close(stats.ols.coef[k], ref.ols.coef[k]!, 1e-9);
      close(stats.ols.se[k], ref.ols.se[k]!, 1e-6);
      close(stats.ols.t[k], ref.ols.t[k]!, 1e-6);
      if (ref.ols.p[k] === 0) expect(stats.ols.p[k]).toBeLessThan(1e-300);
      else close(stats.ols.p[k], ref.ols.p[k]!, 1e-6);
    }
    close(stats.ols.r2, ref.ols.r2, 1e-9);
  });

  it('selects the VAR lag by AIC like select_order and matches the Granger ssr F tests (1e-6)', () => {
    const v = sample.map((r) => Math.log(r.variance));
    const s = sample.map((r) => r.sentiment_lag1 ?? 0);
    varAic(s, v, 10).forEach((a, i) => close(a, ref.var_aic[i + 1]!, 1e-9));
    for (const way of ['sentiment_to_volatility', 'volatility_to_sentiment'] as const) {
      const got = stats.granger[way];
      const want = ref.granger[way];
      expect([got.lag, got.df_num, got.df_den]).toEqual([want.lag, want.df_num, want.df_den]);
      close(got.F, want.F, 1e-6);
      close(got.p, want.p, 1e-6);
    }
  });
});

describe('building blocks', () => {
  it('ccf of a series with itself is 1 at lag 0 and symmetric', () => {
    const x = [1, 3, 2, 5, 4, 6, 8, 7];
    const r = crossCorrelation(x, x, 3);
    close(r[3]!.r, 1, 1e-15);
    close(r[2]!.r, r[4]!.r, 1e-15);
  });

  it('HAC with zero lags is the White (HC0) sandwich; a perfect fit has R^2 = 1', () => {
    const rows = [[1, 0], [1, 1], [1, 2], [1, 3], [1, 4]];
    const y = [1, 3.1, 4.9, 7.2, 8.8];
    const fit = olsHac(rows, y, 0);
    close(fit.coef[1]!, 1.97, 1e-12);
    // Simple regression HC0: Var(b) = sum (x - mean x)^2 e^2 / (sum (x - mean x)^2)^2.
    const e = y.map((yi, i) => yi - fit.coef[0]! - fit.coef[1]! * i);
    const hc0 = Math.sqrt(e.reduce((a, ei, i) => a + (i - 2) ** 2 * ei ** 2, 0) / 10 ** 2);
    close(fit.se[1]!, hc0, 1e-10);
    expect(olsHac(rows, [1, 3, 5, 7, 9], 0).r2).toBeCloseTo(1, 12);
  });

  it('distribution tails stay accurate far out', () => {
    close(normalTwoSidedP(1.959963984540054), 0.05, 1e-12);
    close(normalTwoSidedP(10), 1.523970604832105e-23, 1e-9);
    // F(1, d) with F = t^2 is the two-sided t test: known value scipy.stats.f.sf(4, 1, 10).
    close(fSurvival(4, 1, 10), 0.07338803477074986, 1e-9);
  });

  it('refuses collinear designs and too short samples', () => {
    const flat = rows.slice(0, 200).map((r) => ({ ...r, sentiment_lag1: null }));
    expect(() => exploreStats('MSFT', flat)).toThrow(/collinear/);
    expect(() => exploreStats('MSFT', rows.slice(0, 10))).toThrow(/at least/);
  });
});
