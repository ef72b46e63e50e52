/**
 * Seeded synthetic daily series for tests and the benchmark: a log-variance AR(1) process with an
 * optional planted signal from the previous day's sentiment,
 *   x_t = mu + phi (x_{t-1} - mu) + gamma s_{t-1} + eta_t,  v_t = exp(x_t + noise),
 *   r_t = sqrt(exp(x_t)) z_t.
 * gamma = 0 is the no-signal control (sentiment is then independent noise).
 */
import type { SeriesInput } from '../forecast-api';

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(rand: () => number): () => number {
  return () => {
    const u = Math.max(rand(), 1e-300);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
}

export interface SyntheticOptions {
  days: number;
  seed: number;
  /** Strength of the planted sentiment -> next-day log-variance effect (0: none). */
  gamma?: number;
  phi?: number;
  /** Daily log-variance mean; exp(-9) ~ 1.2% daily volatility. */
  mu?: number;
  etaSd?: number;
  /** Measurement noise of the variance proxy (log scale). */
  proxyNoise?: number;
  symbol?: string;
}

export function syntheticSeries(o: SyntheticOptions): SeriesInput {
  const rand = mulberry32(o.seed);
  const normal = gaussian(rand);
  const { days } = o;
  const gamma = o.gamma ?? 0;
  const phi = o.phi ?? 0.95;
  const mu = o.mu ?? -9;
  const etaSd = o.etaSd ?? 0.25;
  const proxyNoise = o.proxyNoise ?? 0.3;
  const start = Date.UTC(2010, 0, 4) / 86_400_000;
  const series: SeriesInput = { symbol: o.symbol ?? `SYN${o.seed}`, dates: [], day: [], target: [], returns: [], sentiment: [], mentions: [] };
  let x = mu;
  let sPrev = 0;
  let day = start;
  for (let t = 0; t < days; t++) {
    x = mu + phi * (x - mu) + gamma * sPrev + etaSd * normal();
    const s = normal();
    const d = new Date(day * 86_400_000);
    series.dates.push(d.toISOString().slice(0, 10));
    series.day.push(day);
    series.target.push(Math.exp(x + proxyNoise * normal() - (proxyNoise * proxyNoise) / 2));
    series.returns.push(Math.sqrt(Math.exp(x)) * normal());
    series.sentiment!.push(s);
    series.mentions!.push(Math.floor(20 + 10 * rand()));
    sPrev = s;
    // Weekdays only, like trading days.
    day += d.getUTCDay() === 5 ? 3 : 1;
  }
  return series;
}
