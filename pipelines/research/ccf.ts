/**
 * Cross-correlation of sentiment s and log variance v at lags k = -K..K (issue 18):
 * r_k = sum_t (s_t - mean s)(v_{t+k} - mean v) / (n sd_s sd_v), with means and population sds
 * over all n points and the sum over the t where both s_t and v_{t+k} exist. Positive k: today's
 * sentiment against later volatility. The band +-1.96/sqrt(n) is the white-noise 95% region.
 */
export interface CcfPoint {
  lag: number;
  /** NaN when either series is constant. */
  r: number;
}

export function crossCorrelation(s: readonly number[], v: readonly number[], maxLag = 10): CcfPoint[] {
  const n = s.length;
  if (n !== v.length) throw new Error('ccf: series lengths differ');
  if (n === 0) throw new Error('ccf: empty series');
  const ms = mean(s);
  const mv = mean(v);
  let ss = 0;
  let sv = 0;
  for (let t = 0; t < n; t++) {
    ss += (s[t]! - ms) ** 2;
    sv += (v[t]! - mv) ** 2;
  }
  const denom = n * Math.sqrt(ss / n) * Math.sqrt(sv / n);
  const out: CcfPoint[] = [];
  for (let k = -maxLag; k <= maxLag; k++) {
    let sum = 0;
    for (let t = Math.max(0, -k); t < Math.min(n, n - k); t++) sum += (s[t]! - ms) * (v[t + k]! - mv);
    out.push({ lag: k, r: denom > 0 ? sum / denom : Number.NaN });
  }
  return out;
}

export function ccfBand(n: number): number {
  return 1.96 / Math.sqrt(n);
}

export function mean(x: readonly number[]): number {
  let sum = 0;
  for (const value of x) sum += value;
  return sum / x.length;
}
