/**
 * From price points to the model input (SeriesInput): daily target, returns, calendar day
 * numbers, and the default target and out-of-sample start rules.
 */
import { buildDailySeries, type PricePoint } from '../../pipelines/volatility/daily-series';
import type { Target } from '../../pipelines/volatility/estimators';
import type { SeriesInput } from '../../workers/forecast-api';
import { MIN_TRAIN } from '../../workers/models/walk-forward';
import { FdeError } from '../engine/errors';

export type Freq = '1d' | '30min' | '5min';

export interface SeriesOptions {
  symbol: string;
  target?: Target;
  freq?: Freq;
}

export interface BuiltSeries {
  series: SeriesInput;
  /** 'variance' is the lake's best-available column (rv, else yz, else c2c). */
  target: Target | 'variance';
  intraday: boolean;
  dropped: Array<{ date: string; reason: string }>;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}/;

export function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / 86_400_000);
}

/** Intraday when asked (30min/5min) or, without --freq, when some calendar day has 2+ points. */
export function isIntraday(points: readonly PricePoint[], freq?: Freq): boolean {
  if (freq) return freq !== '1d';
  const seen = new Set<string>();
  for (const p of points) {
    const d = p.time.slice(0, 10);
    if (seen.has(d)) return true;
    seen.add(d);
  }
  return false;
}

/** rv for intraday input; Parkinson when daily bars have high/low; close-to-close otherwise. */
export function defaultTarget(points: readonly PricePoint[], intraday: boolean): Target {
  if (intraday) return 'rv';
  const first = points[0];
  return first && first.high !== undefined && first.low !== undefined ? 'parkinson' : 'c2c';
}

export function buildSeries(points: readonly PricePoint[], options: SeriesOptions): BuiltSeries {
  if (points.length === 0) throw new FdeError('the input has no price rows');
  const bad = points.find((p) => !DATE_RE.test(p.time) || Number.isNaN(Date.parse(p.time.slice(0, 10))));
  if (bad) {
    throw new FdeError(`time value "${bad.time}" is not a date or timestamp`, 'use a column with ISO dates (yyyy-mm-dd) or timestamps');
  }
  const intraday = isIntraday(points, options.freq);
  const target = options.target ?? defaultTarget(points, intraday);
  const needsRange = target !== 'c2c' && target !== 'rv';
  if (needsRange && !intraday && points.some((p) => p.high === undefined || p.low === undefined || p.open === undefined)) {
    throw new FdeError(`target ${target} needs open, high and low prices`, 'pass --open-col, --high-col and --low-col, or use --target c2c');
  }
  const { rows, dropped } = buildDailySeries(points, target, intraday);
  const series: SeriesInput = {
    symbol: options.symbol,
    dates: rows.map((r) => r.date),
    day: rows.map((r) => dayNumber(r.date)),
    target: rows.map((r) => r.target),
    returns: rows.map((r) => r.ret),
  };
  return { series, target, intraday, dropped };
}

/** Index of the first out-of-sample target day: --oos-start DATE, or half the sample. */
export function resolveOosStart(dates: readonly string[], oosStart?: string): number {
  const n = dates.length;
  if (oosStart === undefined) return Math.max(MIN_TRAIN, Math.floor(n / 2));
  if (!DATE_RE.test(oosStart)) throw new FdeError(`--oos-start "${oosStart}" is not a date (yyyy-mm-dd)`);
  const idx = dates.findIndex((d) => d >= oosStart);
  if (idx < 0) throw new FdeError(`--oos-start ${oosStart} is after the last day (${dates[n - 1]})`);
  if (idx < MIN_TRAIN) {
    throw new FdeError(`--oos-start ${oosStart} leaves ${idx} training days`, `choose a later date; the models need at least ${MIN_TRAIN} days`);
  }
  return idx;
}
