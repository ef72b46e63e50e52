/**
 * Bars from the tape: intraday (1-59 Min, 1-23 Hour, aligned to the UTC clock like Alpaca's
 * minute bars) and calendar (1 Day stamped at New York midnight, 1 Week from Monday, 1-12 Month).
 * Every print counts toward the bar (the synthetic tape has no late or out-of-sequence prints).
 */
import { addDays, nyMidnightEpochSec } from './ny-time';
import { formatRfc3339 } from './rfc3339';
import type { Tape } from './tape';

export interface Bar {
  t: string;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
  n: number;
  vw: number;
}

export type Timeframe =
  | { unit: 'Min' | 'Hour'; amount: number; seconds: number }
  | { unit: 'Day' | 'Week' | 'Month'; amount: number };

/** Parses Alpaca timeframes: [1-59]Min|T, [1-23]Hour|H, 1Day|D, 1Week|W, [1,2,3,4,6,12]Month|M. */
export function parseTimeframe(text: string): Timeframe | undefined {
  const m = /^(\d{1,2})(Min|T|Hour|H|Day|D|Week|W|Month|M)$/.exec(text);
  if (!m) return undefined;
  const amount = Number(m[1]);
  const unit = m[2]!;
  if (unit === 'Min' || unit === 'T') return amount >= 1 && amount <= 59 ? { unit: 'Min', amount, seconds: amount * 60 } : undefined;
  if (unit === 'Hour' || unit === 'H') return amount >= 1 && amount <= 23 ? { unit: 'Hour', amount, seconds: amount * 3600 } : undefined;
  if (unit === 'Day' || unit === 'D') return amount === 1 ? { unit: 'Day', amount } : undefined;
  if (unit === 'Week' || unit === 'W') return amount === 1 ? { unit: 'Week', amount } : undefined;
  return [1, 2, 3, 4, 6, 12].includes(amount) ? { unit: 'Month', amount } : undefined;
}

export function formatTimeframe(tf: Timeframe): string {
  return `${tf.amount}${tf.unit}`;
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** Intraday bars of one tape; each bar carries its start as epoch seconds too (for range filters). */
export function intradayBars(tape: Tape, bucketSeconds: number): Array<Bar & { sec: number }> {
  const { rel, price, size } = tape.trades;
  const out: Array<Bar & { sec: number }> = [];
  let cur: (Bar & { sec: number; pv: number }) | undefined;
  for (let i = 0; i < rel.length; i++) {
    const sec = tape.openSec + Math.floor(rel[i]! / 1e9);
    const start = Math.floor(sec / bucketSeconds) * bucketSeconds;
    const p = price[i]!;
    const s = size[i]!;
    if (!cur || cur.sec !== start) {
      if (cur) out.push(finish(cur));
      cur = { t: formatRfc3339(start, 0), sec: start, o: p, h: p, l: p, c: p, v: 0, n: 0, vw: 0, pv: 0 };
    }
    if (p > cur.h) cur.h = p;
    if (p < cur.l) cur.l = p;
    cur.c = p;
    cur.v += s;
    cur.n += 1;
    cur.pv += p * s;
  }
  if (cur) out.push(finish(cur));
  return out;
}

function finish(b: Bar & { sec: number; pv: number }): Bar & { sec: number } {
  const { pv, ...bar } = b;
  return { ...bar, vw: bar.v > 0 ? round6(pv / bar.v) : 0 };
}

/** The day's bar computed from the tape (equals the real daily O/H/L/C and volume). */
export function dailyBarOfTape(tape: Tape): Bar & { sec: number } {
  const [bar] = intradayBars(tape, 86_400 * 4);
  const sec = nyMidnightEpochSec(tape.date);
  if (!bar) throw new Error(`empty tape for ${tape.symbol} ${tape.date}`);
  return { ...bar, t: formatRfc3339(sec, 0), sec };
}

/** Groups daily bars into weeks (Monday) or months (first day, `amount` months). */
export function calendarBars(daily: Array<Bar & { date: string }>, tf: Timeframe): Array<Bar & { sec: number; date: string }> {
  const keyOf = (date: string): string => {
    if (tf.unit === 'Week') {
      const dow = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
      return addDays(date, -dow);
    }
    if (tf.unit === 'Month') {
      const y = Number(date.slice(0, 4));
      const m = Number(date.slice(5, 7)) - 1;
      const m0 = m - (m % tf.amount);
      return `${y}-${String(m0 + 1).padStart(2, '0')}-01`;
    }
    return date;
  };
  const out: Array<Bar & { sec: number; date: string; pv: number }> = [];
  for (const d of daily) {
    const key = keyOf(d.date);
    const last = out.at(-1);
    if (last && last.date === key) {
      last.h = Math.max(last.h, d.h);
      last.l = Math.min(last.l, d.l);
      last.c = d.c;
      last.v += d.v;
      last.n += d.n;
      last.pv += d.vw * d.v;
    } else {
      const sec = nyMidnightEpochSec(key);
      out.push({ ...d, date: key, sec, t: formatRfc3339(sec, 0), pv: d.vw * d.v });
    }
  }
  return out.map(({ pv, ...b }) => ({ ...b, vw: b.v > 0 ? round6(pv / b.v) : 0 }));
}
