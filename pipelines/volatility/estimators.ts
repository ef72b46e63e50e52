/**
 * Daily variance estimators (pure). Inputs are prices; outputs are variances of daily log
 * returns (not annualized).
 * - rv: realized variance, the sum of squared intraday log returns of one day
 * - parkinson (1980): ln(H/L)^2 / (4 ln 2)
 * - gk, Garman-Klass (1980): 0.5 ln(H/L)^2 - (2 ln 2 - 1) ln(C/O)^2
 * - rs, Rogers-Satchell (1991): ln(H/C) ln(H/O) + ln(L/C) ln(L/O)
 * - yz, Yang-Zhang (2000), daily form: ln(O_t/C_{t-1})^2 + k ln(C/O)^2 + (1 - k) RS with
 *   k = 0.34 / (1.34 + (n + 1) / (n - 1)) for the n = 22 day window the estimator is usually
 *   averaged over (the daily terms keep its overnight + open-to-close + RS structure)
 * - c2c: squared close-to-close log return
 */
export const TARGETS = ['rv', 'parkinson', 'gk', 'rs', 'yz', 'c2c'] as const;
export type Target = (typeof TARGETS)[number];

export interface Ohlc {
  open: number;
  high: number;
  low: number;
  close: number;
}

const LN2 = Math.log(2);
const YZ_WINDOW = 22;
export const YZ_K = 0.34 / (1.34 + (YZ_WINDOW + 1) / (YZ_WINDOW - 1));

export function parkinson(b: Ohlc): number {
  return Math.log(b.high / b.low) ** 2 / (4 * LN2);
}

export function garmanKlass(b: Ohlc): number {
  return 0.5 * Math.log(b.high / b.low) ** 2 - (2 * LN2 - 1) * Math.log(b.close / b.open) ** 2;
}

export function rogersSatchell(b: Ohlc): number {
  return Math.log(b.high / b.close) * Math.log(b.high / b.open) + Math.log(b.low / b.close) * Math.log(b.low / b.open);
}

/** prevClose: the previous day's close (overnight jump); NaN for the first day gives NaN. */
export function yangZhang(b: Ohlc, prevClose: number): number {
  const overnight = Math.log(b.open / prevClose) ** 2;
  const openClose = Math.log(b.close / b.open) ** 2;
  return overnight + YZ_K * openClose + (1 - YZ_K) * rogersSatchell(b);
}

export function closeToClose(close: number, prevClose: number): number {
  return Math.log(close / prevClose) ** 2;
}

/** Sum of squared log returns between consecutive intraday prices of one day. */
export function realizedVariance(prices: readonly number[]): number {
  let s = 0;
  for (let i = 1; i < prices.length; i++) s += Math.log(prices[i]! / prices[i - 1]!) ** 2;
  return s;
}

/** Checks a bar; returns a reason when it cannot feed the estimators. */
export function invalidBar(b: Ohlc): string | undefined {
  const vals = [b.open, b.high, b.low, b.close];
  if (!vals.every((x) => Number.isFinite(x) && x > 0)) return 'prices must be finite and > 0';
  if (b.high < Math.max(b.open, b.close, b.low) || b.low > Math.min(b.open, b.close)) return 'high/low do not bracket open/close';
  return undefined;
}
