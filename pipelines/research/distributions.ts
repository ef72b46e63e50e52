/**
 * Distribution tails the research statistics need, from @stdlib (ports of Boost/Cephes with
 * ~1e-15 relative accuracy even deep in the tails, where 1 - cdf would lose every digit).
 */
import betainc from '@stdlib/math-base-special-betainc';
import erfc from '@stdlib/math-base-special-erfc';
import tQuantileStdlib from '@stdlib/stats-base-dists-t-quantile';

/** Two-sided p-value of a standard normal statistic: 2 (1 - Phi(|z|)) = erfc(|z| / sqrt 2). */
export function normalTwoSidedP(z: number): number {
  return Number.isFinite(z) ? erfc(Math.abs(z) / Math.SQRT2) : Number.isNaN(z) ? Number.NaN : 0;
}

/**
 * Upper tail P(F > f) of the F(d1, d2) distribution: the regularized incomplete beta
 * I_x(d2/2, d1/2) at x = d2 / (d2 + d1 f), as scipy.stats.f.sf computes it.
 */
export function fSurvival(f: number, d1: number, d2: number): number {
  if (Number.isNaN(f) || !(d1 > 0) || !(d2 > 0)) return Number.NaN;
  if (f <= 0) return 1;
  if (!Number.isFinite(f)) return 0;
  return betainc(d2 / (d2 + d1 * f), d2 / 2, d1 / 2);
}

/** Quantile of Student's t with df degrees of freedom. */
export function tQuantile(p: number, df: number): number {
  return tQuantileStdlib(p, df);
}

/** Standard normal quantiles used for the forecast intervals (two-sided 80%, 90%, 95%). */
export const Z80 = 1.2815515655446004;
export const Z90 = 1.6448536269514722;
export const Z95 = 1.959963984540054;
