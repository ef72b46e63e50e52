/**
 * Turns time-stamped prices (daily bars or intraday prices) into the daily series the models use:
 * one row per calendar day with the variance target, the close-to-close log return and, for
 * intraday input, realized variance (sum of squared intraday log returns of the day).
 */
import {
  closeToClose,
  garmanKlass,
  invalidBar,
  parkinson,
  realizedVariance,
  rogersSatchell,
  yangZhang,
  type Target,
} from './estimators';

export interface PricePoint {
  /** ISO timestamp or date (yyyy-mm-dd...); the calendar day is its first 10 characters (UTC). */
  time: string;
  close: number;
  open?: number;
  high?: number;
  low?: number;
}

export interface DailyRow {
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  /** ln(close / previous close). */
  ret: number;
  target: number;
}

export interface DailySeriesResult {
  rows: DailyRow[];
  /** Days dropped (first day: no previous close; invalid bars) with why. */
  dropped: Array<{ date: string; reason: string }>;
}

/**
 * Groups points by calendar day. For 'rv' the day's intraday closes give realized variance; the
 * range targets need open/high/low (for intraday input they are the day's first/max/min/last).
 */
export function buildDailySeries(points: readonly PricePoint[], target: Target, intraday: boolean): DailySeriesResult {
  const days = new Map<string, PricePoint[]>();
  for (const p of points) {
    const date = p.time.slice(0, 10);
    const list = days.get(date);
    if (list) list.push(p);
    else days.set(date, [p]);
  }
  const dates = [...days.keys()].sort();
  const rows: DailyRow[] = [];
  const dropped: DailySeriesResult['dropped'] = [];
  let prevClose = Number.NaN;
  for (const date of dates) {
    const pts = days.get(date)!.slice().sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
    const closes = pts.map((p) => p.close);
    const first = pts[0]!;
    const last = pts[pts.length - 1]!;
    const bar = intraday
      ? {
          open: first.open ?? first.close,
          high: Math.max(...pts.map((p) => p.high ?? p.close)),
          low: Math.min(...pts.map((p) => p.low ?? p.close)),
          close: last.close,
        }
      : { open: last.open ?? Number.NaN, high: last.high ?? Number.NaN, low: last.low ?? Number.NaN, close: last.close };
    const needsRange = target !== 'c2c' && target !== 'rv';
    const reason = !(last.close > 0) ? 'close must be > 0' : needsRange ? invalidBar(bar) : undefined;
    if (reason) {
      dropped.push({ date, reason });
      continue;
    }
    if (!Number.isFinite(prevClose)) {
      prevClose = bar.close;
      dropped.push({ date, reason: 'first day has no previous close' });
      continue;
    }
    const value = dailyTarget(target, bar, prevClose, closes);
    rows.push({ date, ...bar, ret: Math.log(bar.close / prevClose), target: value });
    prevClose = bar.close;
  }
  return { rows, dropped };
}

function dailyTarget(target: Target, bar: DailyRow | Omit<DailyRow, 'date' | 'ret' | 'target'>, prevClose: number, closes: number[]): number {
  switch (target) {
    case 'rv':
      // With one price a day there are no intraday returns: fall back to close-to-close.
      return closes.length > 1 ? realizedVariance(closes) : closeToClose(bar.close, prevClose);
    case 'parkinson':
      return parkinson(bar);
    case 'gk':
      return Math.max(garmanKlass(bar), 0);
    case 'rs':
      return Math.max(rogersSatchell(bar), 0);
    case 'yz':
      return yangZhang(bar, prevClose);
    case 'c2c':
      return closeToClose(bar.close, prevClose);
  }
}
