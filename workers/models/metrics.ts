/**
 * Forecast losses and the Diebold-Mariano test (pure).
 * QLIKE (Patton 2011) y/f - ln(y/f) - 1 is robust to noise in the variance proxy and is the
 * primary metric. A zero proxy (an unchanged close) would make it infinite, so y is floored at
 * 1e-3 x the median positive proxy of the evaluation sample; the same floor is used for every
 * model, so comparisons stay fair.
 */
export function qlikeFloor(actual: readonly number[]): number {
  const pos = actual.filter((y) => y > 0).sort((a, b) => a - b);
  if (pos.length === 0) return 1e-12;
  return 1e-3 * pos[Math.floor(pos.length / 2)]!;
}

export function qlikeLoss(y: number, f: number, floor: number): number {
  const ratio = Math.max(y, floor) / f;
  return ratio - Math.log(ratio) - 1;
}

export interface Losses {
  qlike: number[];
  se: number[];
  aeVol: number[];
}

export function losses(actual: readonly number[], forecast: readonly number[], floor: number): Losses {
  if (actual.length !== forecast.length) throw new Error('actual and forecast lengths differ');
  const out: Losses = { qlike: [], se: [], aeVol: [] };
  for (let i = 0; i < actual.length; i++) {
    const y = actual[i]!;
    const f = forecast[i]!;
    out.qlike.push(qlikeLoss(y, f, floor));
    out.se.push((y - f) ** 2);
    out.aeVol.push(Math.abs(Math.sqrt(Math.max(y, 0)) - Math.sqrt(f)));
  }
  return out;
}

export const mean = (x: readonly number[]): number => x.reduce((a, b) => a + b, 0) / x.length;

/** Standard normal CDF (erf via Abramowitz-Stegun 7.1.26, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

export interface DmResult {
  stat: number;
  p: number;
}

/**
 * Diebold-Mariano test on loss differentials d = L_model - L_baseline (negative stat: the model
 * is better). The long-run variance is Newey-West (Bartlett) with max(h - 1, floor(n^(1/3)))
 * lags, since h-step forecasts overlap. p is two-sided from the normal distribution.
 */
export function dieboldMariano(lossA: readonly number[], lossB: readonly number[], horizon: number): DmResult {
  const n = lossA.length;
  if (n !== lossB.length) throw new Error('loss series lengths differ');
  if (n < 3) return { stat: 0, p: 1 };
  const d = lossA.map((a, i) => a - lossB[i]!);
  const dbar = mean(d);
  const lags = Math.min(n - 1, Math.max(horizon - 1, Math.floor(Math.cbrt(n))));
  let lrv = 0;
  for (let i = 0; i < n; i++) lrv += (d[i]! - dbar) ** 2;
  for (let k = 1; k <= lags; k++) {
    let c = 0;
    for (let i = k; i < n; i++) c += (d[i]! - dbar) * (d[i - k]! - dbar);
    lrv += 2 * (1 - k / (lags + 1)) * c;
  }
  lrv /= n;
  if (!(lrv > 0)) return { stat: 0, p: 1 };
  const stat = dbar / Math.sqrt(lrv / n);
  return { stat, p: 2 * (1 - normalCdf(Math.abs(stat))) };
}

/** Empirical quantile (linear interpolation, type 7 as in R). */
export function quantile(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}
