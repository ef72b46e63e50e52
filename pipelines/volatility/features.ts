/**
 * Forecasting features per trading day t, from data up to and including t only (so a row is the
 * same whether computed on a prefix or on the full series):
 * - rv_d, rv_w, rv_m: the variance proxy v_t and its 5- and 22-day trailing means (HAR lags 1/5/22)
 * - neg_r, neg_r_w, neg_r_m: min(r_t, 0) and its 5- and 22-day trailing means (leverage terms)
 * - sentiment_lag[k-1]: sentiment of day t-k+1 for k = 1..5 (lag k of the target day t+1);
 *   NaN where missing
 * - mentions: mention count of day t (0 where missing)
 * Windows without enough history are NaN. Running sums keep it O(n).
 */
export const HAR_WINDOWS = { week: 5, month: 22 } as const;
export const SENTIMENT_LAGS = 5;

export interface FeatureInput {
  target: ArrayLike<number>;
  returns: ArrayLike<number>;
  sentiment?: ArrayLike<number>;
  mentions?: ArrayLike<number>;
}

export interface VolFeatures {
  rv_d: Float64Array;
  rv_w: Float64Array;
  rv_m: Float64Array;
  neg_r: Float64Array;
  neg_r_w: Float64Array;
  neg_r_m: Float64Array;
  sentiment_lag: Float64Array[];
  mentions: Float64Array;
}

/** Trailing mean over `len` values ending at each index (NaN before a full window). */
export function trailingMeans(x: ArrayLike<number>, len: number, n = x.length): Float64Array {
  const out = new Float64Array(n).fill(Number.NaN);
  let sum = 0;
  for (let t = 0; t < n; t++) {
    sum += x[t]!;
    if (t >= len) sum -= x[t - len]!;
    if (t >= len - 1) out[t] = sum / len;
  }
  return out;
}

export function volatilityFeatures(input: FeatureInput, n = input.target.length): VolFeatures {
  const rv_d = Float64Array.from({ length: n }, (_, t) => input.target[t]!);
  const neg_r = Float64Array.from({ length: n }, (_, t) => Math.min(input.returns[t]!, 0));
  const sentiment_lag = Array.from({ length: SENTIMENT_LAGS }, (_, k) =>
    Float64Array.from({ length: n }, (_, t) => {
      const v = t - k >= 0 && input.sentiment ? input.sentiment[t - k]! : Number.NaN;
      return Number.isFinite(v) ? v : Number.NaN;
    }),
  );
  const mentions = Float64Array.from({ length: n }, (_, t) => {
    const m = input.mentions ? input.mentions[t]! : 0;
    return Number.isFinite(m) ? m : 0;
  });
  return {
    rv_d,
    rv_w: trailingMeans(rv_d, HAR_WINDOWS.week, n),
    rv_m: trailingMeans(rv_d, HAR_WINDOWS.month, n),
    neg_r,
    neg_r_w: trailingMeans(neg_r, HAR_WINDOWS.week, n),
    neg_r_m: trailingMeans(neg_r, HAR_WINDOWS.month, n),
    sentiment_lag,
    mentions,
  };
}
