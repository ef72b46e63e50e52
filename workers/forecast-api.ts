/**
 * What the forecast worker exposes through comlink. Every function is pure (plain data in, plain
 * data out) so the same code runs on the main thread in tests and single-thread baselines.
 */
import { ewmaVariance, squaredReturns, RISKMETRICS_LAMBDA } from './models/ewma';
import { createModel, isModelName } from './models/registry';
import { walkForward, type WalkForwardOptions, type WalkForwardResult } from './models/walk-forward';
import type { DailyData } from './models/types';

export interface EwmaForecastInput {
  symbol: string;
  /** One date per observation (ISO yyyy-mm-dd), same length as returns/variance. */
  dates: string[];
  /** Daily log returns; alternatively give `variance` (a realized-variance proxy per day). */
  returns?: number[];
  variance?: number[];
  /** Decay; defaults to RiskMetrics 0.94. */
  lambda?: number;
}

export interface EwmaForecastOutput {
  symbol: string;
  model: 'ewma';
  lambda: number;
  dates: string[];
  /** Conditional variance of each date, known at the previous close. */
  variance: number[];
  /** sqrt(variance): daily volatility in return units (multiply by sqrt(252) to annualize). */
  volatility: number[];
  /** Forecast for the trading day after the last date. */
  next: { variance: number; volatility: number };
  /** Leading dates whose seed used their own data (see ewmaVariance). */
  warmup: number;
}

export function ewmaForecast(input: EwmaForecastInput): EwmaForecastOutput {
  const { symbol, dates } = input;
  const lambda = input.lambda ?? RISKMETRICS_LAMBDA;
  let x: number[];
  if (input.variance) x = input.variance.map((v, i) => checkVariance(v, i));
  else if (input.returns) x = squaredReturns(input.returns);
  else throw new Error(`ewmaForecast(${symbol}): give returns or variance`);
  if (x.length !== dates.length) {
    throw new Error(`ewmaForecast(${symbol}): ${dates.length} dates but ${x.length} observations`);
  }
  const fit = ewmaVariance(x, lambda);
  return {
    symbol,
    model: 'ewma',
    lambda,
    dates: [...dates],
    variance: fit.variance,
    volatility: fit.variance.map(Math.sqrt),
    next: { variance: fit.next, volatility: Math.sqrt(fit.next) },
    warmup: fit.warmup,
  };
}

function checkVariance(v: number, i: number): number {
  if (!Number.isFinite(v) || v < 0) throw new Error(`variance at index ${i} must be a finite number >= 0`);
  return v;
}

/** A daily series as plain arrays (what crosses the worker boundary). */
export interface SeriesInput {
  symbol: string;
  dates: string[];
  /** Calendar day numbers (days since 1970-01-01). */
  day: number[];
  target: number[];
  returns: number[];
  sentiment?: number[];
  mentions?: number[];
}

export interface BacktestModelInput extends WalkForwardOptions {
  series: SeriesInput;
  model: string;
}

export function toDailyData(series: SeriesInput): DailyData {
  const data: DailyData = {
    day: Float64Array.from(series.day),
    target: Float64Array.from(series.target),
    returns: Float64Array.from(series.returns),
  };
  if (series.sentiment) data.sentiment = Float64Array.from(series.sentiment);
  if (series.mentions) data.mentions = Float64Array.from(series.mentions);
  return data;
}

/** Walk-forward backtest of one model on one symbol, plus the final fit on all data. */
export function backtestModel(input: BacktestModelInput): WalkForwardResult & { symbol: string } {
  if (!isModelName(input.model)) throw new Error(`unknown model "${input.model}"`);
  const result = walkForward(toDailyData(input.series), createModel(input.model), input);
  return { ...result, model: input.model, symbol: input.series.symbol };
}

export const forecastApi = {
  ewmaForecast,
  backtestModel,
};

export type ForecastApi = typeof forecastApi;
