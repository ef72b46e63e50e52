/**
 * Shared shapes of the pure volatility models. Every array is indexed by trading day; a model sees
 * a prefix view (subarray) ending at the forecast origin, so it cannot read the future.
 */
export interface DailyData {
  /** Calendar day number (days since 1970-01-01) of each trading day: trend and seasonality. */
  day: Float64Array;
  /** Daily variance proxy v_t (realized variance or a range/close-to-close estimator). */
  target: Float64Array;
  /** Daily close-to-close log return r_t. */
  returns: Float64Array;
  /** Daily mean sentiment (NaN when no posts); optional. */
  sentiment?: Float64Array;
  /** Daily post/mention count; optional. */
  mentions?: Float64Array;
}

/**
 * 'prophet-nosent' is the Prophet-style model without sentiment regressors (the control);
 * 'gjr-t' is GJR-GARCH(1,1) with Student-t innovations; 'combo' the equal-weight mean of gjr-t
 * and loghar (combo.ts).
 */
export const MODEL_NAMES = ['ewma', 'garch', 'garch-t', 'gjr-t', 'har', 'loghar', 'prophet', 'prophet-nosent', 'combo'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

/** A model fitted on data up to some day; forecasts the mean daily variance over the next h days. */
export interface FittedModel {
  /** Estimated parameters (what the registry stores as the artifact). */
  params: Record<string, number | number[] | string>;
  /**
   * Direct forecast at `origin` (an index into `data`, data.length must be origin + 1 or more;
   * only indexes <= origin are read) of mean(v[origin+1 .. origin+h]).
   */
  forecast(data: DailyData, origin: number, horizon: number): number;
  /** Model-based 90% interval of the same quantity, when the model has one. */
  interval?(data: DailyData, origin: number, horizon: number): [number, number];
}

export interface VolModel {
  readonly name: string;
  /** Fits on `data` (a prefix: every index is in the past) for the given horizons. */
  fit(data: DailyData, horizons: readonly number[], warmStart?: FittedModel): FittedModel;
}

/** A prefix view of the data: indexes 0..length-1, no copying. */
export function prefix(data: DailyData, length: number): DailyData {
  const view: DailyData = {
    day: data.day.subarray(0, length),
    target: data.target.subarray(0, length),
    returns: data.returns.subarray(0, length),
  };
  if (data.sentiment) view.sentiment = data.sentiment.subarray(0, length);
  if (data.mentions) view.mentions = data.mentions.subarray(0, length);
  return view;
}

/** mean(v[t+1 .. t+h]): the direct h-day target at origin t. */
export function horizonTarget(v: ArrayLike<number>, t: number, h: number): number {
  let s = 0;
  for (let k = 1; k <= h; k++) s += v[t + k]!;
  return s / h;
}

/** Mean of v[t-len+1 .. t]. */
export function trailingMean(v: ArrayLike<number>, t: number, len: number): number {
  let s = 0;
  for (let k = 0; k < len; k++) s += v[t - k]!;
  return s / len;
}
