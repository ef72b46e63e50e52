/**
 * The sentiment-vs-volatility statistics of one symbol (issue 18), as the plain object
 * `fde explore --json` prints and the explorer view shows. Input: the mart rows already filtered
 * (variance > 0, next_variance > 0) and ordered by date.
 */
import { ccfBand, crossCorrelation } from './ccf';
import { grangerSsrF, selectLagByAic, type GrangerResult } from './granger';
import { olsHac } from './ols-hac';

export interface MartRow {
  variance: number;
  next_variance: number;
  sentiment_lag1: number | null;
  mentions_lag1: number;
}

export interface ExploreVariables {
  /** ln(variance) */
  v: number[];
  /** ln(next_variance) */
  y: number[];
  /** coalesce(sentiment_lag1, 0) */
  s: number[];
  /** mentions_lag1 */
  m: number[];
}

type Coefs = { const: number | null; sentiment: number | null; log_mentions: number | null; log_variance: number | null };

export interface ExploreStatsObject {
  symbol: string;
  n: number;
  ccf: Array<{ lag: number; r: number | null }>;
  band: number;
  ols: { n: number; r2: number | null; hac_lags: number; coef: Coefs; se: Coefs; t: Coefs; p: Coefs };
  granger: {
    sentiment_to_volatility: { lag: number; F: number | null; p: number | null; df_num: number; df_den: number };
    volatility_to_sentiment: { lag: number; F: number | null; p: number | null; df_num: number; df_den: number };
  };
}

export const CCF_MAX_LAG = 10;
export const GRANGER_MAX_LAG = 10;
/** Below this the regression and the lag search are not meaningful (and VAR(10) barely estimable). */
export const MIN_ROWS = 40;

export function exploreVariables(rows: readonly MartRow[]): ExploreVariables {
  return {
    v: rows.map((r) => Math.log(r.variance)),
    y: rows.map((r) => Math.log(r.next_variance)),
    s: rows.map((r) => r.sentiment_lag1 ?? 0),
    m: rows.map((r) => r.mentions_lag1),
  };
}

/** NaN/Infinity become null: JSON has no such numbers, and the views show "n/a". */
const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function exploreStats(symbol: string, rows: readonly MartRow[]): ExploreStatsObject {
  const n = rows.length;
  if (n < MIN_ROWS) throw new Error(`${symbol}: ${n} usable rows; the statistics need at least ${MIN_ROWS}`);
  const { v, y, s, m } = exploreVariables(rows);
  const ccf = crossCorrelation(s, v, CCF_MAX_LAG).map((c) => ({ lag: c.lag, r: finite(c.r) }));
  const design = rows.map((_, i) => [1, s[i]!, Math.log1p(m[i]!), v[i]!]);
  const fit = olsHac(design, y);
  const coefs = (x: number[]): Coefs => ({ const: finite(x[0]!), sentiment: finite(x[1]!), log_mentions: finite(x[2]!), log_variance: finite(x[3]!) });
  const { lag } = selectLagByAic(s, v, GRANGER_MAX_LAG);
  const clean = (g: GrangerResult) => ({ lag: g.lag, F: finite(g.F), p: finite(g.p), df_num: g.df_num, df_den: g.df_den });
  return {
    symbol,
    n,
    ccf,
    band: ccfBand(n),
    ols: { n: fit.n, r2: finite(fit.r2), hac_lags: fit.hacLags, coef: coefs(fit.coef), se: coefs(fit.se), t: coefs(fit.t), p: coefs(fit.p) },
    granger: {
      sentiment_to_volatility: clean(grangerSsrF(v, s, lag)),
      volatility_to_sentiment: clean(grangerSsrF(s, v, lag)),
    },
  };
}
