/**
 * Forecast lab math: 80%/95% intervals for a run's forecasts, their empirical coverage, and the
 * loss table with Diebold-Mariano tests (losses and DM from workers/models/metrics.ts, the same
 * functions the backtest scores with).
 *
 * Intervals assume ln(realized variance) given the forecast is normal (realized variance
 * lognormal around the forecast):
 * - 'lake-lognormal': the run stored a 90% interval (gold.vol_forecasts lower_vol/upper_vol, the
 *   5% and 95% quantiles of realized/forecast over the backtest); mu and sigma of the log are fitted
 *   to those two quantiles: mu = (ln lo + ln hi)/2, sigma = (ln hi - ln lo)/(2 z_0.95);
 * - 'empirical-lognormal': no stored interval; mu and sigma are the mean and sd of
 *   ln(realized / forecast) over the run's last 250 earlier forecasts that were realized by the
 *   forecast's made_at (no look-ahead), at least 30; before that there is no interval.
 * Then the level-L interval is exp(mu +- z_L sigma), z_0.80 = 1.2816, z_0.95 = 1.9600.
 */
import { dieboldMariano, losses, mean, qlikeFloor } from '../../workers/models/metrics';
import { Z80, Z90, Z95 } from './distributions';

export const TRADING_DAYS = 252;
export const EMPIRICAL_WINDOW = 250;
export const EMPIRICAL_MIN = 30;

export interface ForecastPoint {
  date: string;
  madeAt: string;
  /** Daily variance forecast. */
  forecast: number;
  /** Stored 90% interval in daily variance (null when the run has none). */
  lower90: number | null;
  upper90: number | null;
  /** Realized mean daily variance over the target days (null when not yet realized). */
  realized: number | null;
}

export interface FanRow {
  date: string;
  forecastVol: number;
  lower80: number | null;
  upper80: number | null;
  lower95: number | null;
  upper95: number | null;
  realizedVol: number | null;
}

export interface CoverageResult {
  level: number;
  n: number;
  inside: number;
  share: number | null;
}

export type IntervalMethod = 'lake-lognormal' | 'empirical-lognormal';

const annualize = (variance: number): number => Math.sqrt(TRADING_DAYS * variance);

/** Points sorted by date. The method is the lake's when every point carries a stored interval. */
export function fanChart(points: readonly ForecastPoint[]): { method: IntervalMethod; rows: FanRow[]; coverage: { p80: CoverageResult; p95: CoverageResult } } {
  const stored = points.length > 0 && points.every((p) => p.lower90 !== null && p.upper90 !== null && p.lower90 > 0 && p.upper90 > 0);
  const logParams = stored ? points.map(lakeLogParams) : empiricalLogParams(points);
  const rows = points.map((p, i) => {
    const lp = logParams[i];
    const band = (z: number): [number | null, number | null] =>
      lp ? [annualize(p.forecast * Math.exp(lp.mu - z * lp.sigma)), annualize(p.forecast * Math.exp(lp.mu + z * lp.sigma))] : [null, null];
    const [lower80, upper80] = band(Z80);
    const [lower95, upper95] = band(Z95);
    return { date: p.date, forecastVol: annualize(p.forecast), lower80, upper80, lower95, upper95, realizedVol: p.realized === null ? null : annualize(p.realized) };
  });
  return { method: stored ? 'lake-lognormal' : 'empirical-lognormal', rows, coverage: { p80: coverage(rows, 0.8), p95: coverage(rows, 0.95) } };
}

/** mu, sigma of ln(realized/forecast) implied by the stored 5%/95% quantiles. */
function lakeLogParams(p: ForecastPoint): { mu: number; sigma: number } {
  const lo = Math.log(p.lower90! / p.forecast);
  const hi = Math.log(p.upper90! / p.forecast);
  return { mu: (lo + hi) / 2, sigma: (hi - lo) / (2 * Z90) };
}

function empiricalLogParams(points: readonly ForecastPoint[]): Array<{ mu: number; sigma: number } | undefined> {
  // Realized log ratios ordered by the date they became known (their target date).
  const known = points
    .filter((p) => p.realized !== null && p.realized > 0)
    .map((p) => ({ date: p.date, x: Math.log(p.realized! / p.forecast) }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  let next = 0;
  const window: number[] = [];
  const order = points.map((p, i) => ({ p, i })).sort((a, b) => (a.p.madeAt < b.p.madeAt ? -1 : a.p.madeAt > b.p.madeAt ? 1 : 0));
  const out = new Array<{ mu: number; sigma: number } | undefined>(points.length);
  for (const { p, i } of order) {
    while (next < known.length && known[next]!.date <= p.madeAt) {
      window.push(known[next]!.x);
      if (window.length > EMPIRICAL_WINDOW) window.shift();
      next++;
    }
    if (window.length < EMPIRICAL_MIN) continue;
    const mu = mean(window);
    const sigma = Math.sqrt(window.reduce((a, x) => a + (x - mu) ** 2, 0) / (window.length - 1));
    out[i] = { mu, sigma };
  }
  return out;
}

/** Share of realized values inside [lower, upper] among points that have both. */
export function coverage(rows: readonly FanRow[], level: 0.8 | 0.95): CoverageResult {
  let n = 0;
  let inside = 0;
  for (const r of rows) {
    const lo = level === 0.8 ? r.lower80 : r.lower95;
    const hi = level === 0.8 ? r.upper80 : r.upper95;
    if (r.realizedVol === null || lo === null || hi === null) continue;
    n++;
    if (r.realizedVol >= lo && r.realizedVol <= hi) inside++;
  }
  return { level, n, inside, share: n > 0 ? inside / n : null };
}

export interface LossSummary {
  n: number;
  qlike: number | null;
  mse: number | null;
  /** Mean absolute error of annualized volatility. */
  mae: number | null;
}

/** Mean QLIKE / MSE / MAE of one forecast series against the realized values (same length). */
export function lossSummary(realized: readonly number[], forecast: readonly number[], floor = qlikeFloor(realized)): LossSummary & { qlikeLosses: number[] } {
  if (realized.length === 0) return { n: 0, qlike: null, mse: null, mae: null, qlikeLosses: [] };
  const l = losses(realized, forecast, floor);
  return { n: realized.length, qlike: mean(l.qlike), mse: mean(l.se), mae: mean(l.aeVol) * Math.sqrt(TRADING_DAYS), qlikeLosses: l.qlike };
}

/** DM on QLIKE losses (negative: a better than b). */
export function dmTest(lossA: readonly number[], lossB: readonly number[], horizon: number): { stat: number | null; p: number | null } {
  if (lossA.length < 3) return { stat: null, p: null };
  const r = dieboldMariano(lossA, lossB, horizon);
  return { stat: r.stat, p: r.p };
}
