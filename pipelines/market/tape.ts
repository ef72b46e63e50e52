/**
 * Intraday tape for one symbol and trading day (09:30-16:00 New York): trades whose prices
 * follow Brownian bridges pinned to the real open, high, low and close (so the day's bar
 * reproduces them exactly), U-shaped trade intensity, realistic sizes, venues and condition
 * flags, and NBBO-style quotes that bracket every trade. Deterministic per (seed, symbol, day).
 *
 * Storage is columnar (typed arrays): a day can hold tens of thousands of prints and the server
 * keeps several days of many symbols in memory.
 */
import type { DailyBar } from './daily-series';
import { NASDAQ_SYMBOLS } from './daily-series';
import { SESSION_SECONDS, sessionOpenEpochSec } from './ny-time';
import { rngFor, type Rng } from './rng';

export const SESSION_NS = SESSION_SECONDS * 1e9;

/** Condition sets; trades reference them by index (cond column). */
export const TRADE_CONDITIONS: readonly (readonly string[])[] = [['@'], ['@', 'F'], ['@', 'I'], ['@', 'O'], ['@', '6'], ['@', 'F', 'I']];
export const QUOTE_CONDITIONS: readonly string[] = ['R'];

export interface TradeColumns {
  /** Nanoseconds after 09:30 New York (exact in a double: < 2^53). */
  rel: Float64Array;
  price: Float64Array;
  size: Float64Array;
  id: Float64Array;
  /** Exchange letter char code. */
  exch: Uint8Array;
  cond: Uint8Array;
}

export interface QuoteColumns {
  rel: Float64Array;
  bp: Float64Array;
  ap: Float64Array;
  bs: Float64Array;
  as: Float64Array;
  bx: Uint8Array;
  ax: Uint8Array;
}

export interface Tape {
  symbol: string;
  date: string;
  /** Epoch seconds at 09:30 New York. */
  openSec: number;
  /** A (NYSE, CTA) or C (Nasdaq, UTP). */
  tape: string;
  tick: number;
  trades: TradeColumns;
  quotes: QuoteColumns;
  daily: DailyBar;
}

export interface TapeOptions {
  seed: number;
  /** Upper bound on prints per day (sizes are scaled so the volume still matches). */
  maxTrades?: number;
  minTrades?: number;
}

const NYSE_VENUES = 'NNNNNNNNNNBCDMPTXZ';
const NASDAQ_VENUES = 'QQQQQQQQTTTBCDMPXZ';
const MEAN_RAW_SIZE = 1900;

function isOnGrid(x: number, tick: number): boolean {
  return Math.abs(x / tick - Math.round(x / tick)) < 1e-9;
}

/** 1/16 before decimalization (when the real prices sit on that grid), cents otherwise. */
export function tickFor(bar: DailyBar): number {
  return [bar.open, bar.high, bar.low, bar.close].every((x) => isOnGrid(x, 1 / 16)) ? 1 / 16 : 0.01;
}

/** Inverse CDF of the U-shaped intraday density f(u) = (1 + k(2u-1)^2) / (1 + k/3), k = 3. */
const U_TABLE = (() => {
  const k = 3;
  const n = 2048;
  const cdf = (u: number): number => (u + (k * ((2 * u - 1) ** 3 + 1)) / 6) / (1 + k / 3);
  const inv = new Float64Array(n + 1);
  let u = 0;
  for (let i = 0; i <= n; i++) {
    const target = i / n;
    while (u < 1 && cdf(u) < target) u += 1 / (64 * n);
    inv[i] = Math.min(1, u);
  }
  return inv;
})();

function uShaped(p: number): number {
  const x = p * (U_TABLE.length - 1);
  const i = Math.min(U_TABLE.length - 2, Math.floor(x));
  const f = x - i;
  return U_TABLE[i]! * (1 - f) + U_TABLE[i + 1]! * f;
}

function tradeTimes(rng: Rng, n: number): Float64Array {
  const gaps = new Float64Array(n + 1);
  let total = 0;
  for (let i = 0; i <= n; i++) total += gaps[i] = rng.exp();
  const rel = new Float64Array(n);
  let acc = 0;
  let prev = -1;
  for (let i = 0; i < n; i++) {
    acc += gaps[i]!;
    let t = Math.floor(uShaped(acc / total) * SESSION_NS);
    if (t <= prev) t = prev + 1 + Math.floor(rng.next() * 1000);
    rel[i] = Math.min(t, SESSION_NS - (n - i));
    prev = rel[i]!;
  }
  return rel;
}

/** Prices: Brownian bridges between anchors (open, high, low, close) clamped to [low, high]. */
function pricePath(rng: Rng, n: number, bar: DailyBar, tick: number): Float64Array {
  const { open, high, low, close } = bar;
  const anchors = new Map<number, number>([[0, open], [n - 1, close]]);
  const pick = (): number => (n > 2 ? 1 + Math.floor(rng.next() * (n - 2)) : 0);
  const place = (price: number): void => {
    if (price === open || price === close) return; // already touched by an endpoint
    let i = pick();
    while (anchors.has(i) && n > 4) i = pick();
    anchors.set(i, price);
  };
  place(high);
  place(low);
  const points = [...anchors.entries()].sort((a, b) => a[0] - b[0]);
  const path = new Float64Array(n);
  const sigma = ((high - low) / Math.sqrt(Math.max(n, 1))) * 0.6;
  for (let s = 0; s + 1 < points.length; s++) {
    const [i0, p0] = points[s]!;
    const [i1, p1] = points[s + 1]!;
    const len = i1 - i0;
    let w = 0;
    const walk = new Float64Array(len + 1);
    for (let j = 1; j <= len; j++) walk[j] = w += rng.normal() * sigma;
    for (let j = 0; j <= len; j++) {
      const frac = len === 0 ? 0 : j / len;
      let x = p0 + (p1 - p0) * frac + (walk[j]! - frac * walk[len]!);
      if (x > high) x = 2 * high - x;
      if (x < low) x = 2 * low - x;
      x = Math.round(x / tick) * tick;
      if (tick === 0.01) x = Math.round(x * 100) / 100;
      path[i0 + j] = Math.min(high, Math.max(low, x));
    }
  }
  for (const [i, p] of points) path[i] = p;
  return path;
}

function rawSize(rng: Rng): number {
  const r = rng.next();
  if (r < 0.7) return 100 * Math.min(50, 1 + Math.floor(rng.exp() * 1.7));
  if (r < 0.85) return rng.int(1, 99);
  if (r < 0.95) return 100 * rng.int(5, 50);
  return 100 * rng.int(100, 500);
}

/** Sizes that sum exactly to the day's volume. */
function sizes(rng: Rng, n: number, volume: number): Float64Array {
  const out = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += out[i] = rawSize(rng);
  const scale = volume > 0 ? volume / sum : 1;
  let total = 0;
  let largest = 0;
  for (let i = 0; i < n; i++) {
    const s = Math.max(1, Math.round(out[i]! * scale));
    out[i] = scale > 1.5 && s >= 100 ? Math.round(s / 100) * 100 || 100 : s;
    total += out[i]!;
    if (out[i]! > out[largest]!) largest = i;
  }
  if (volume > 0) out[largest] = Math.max(1, out[largest]! + (volume - total));
  return out;
}

export function generateTape(symbol: string, bar: DailyBar, options: TapeOptions): Tape {
  const rng = rngFor(options.seed, symbol, bar.date, 'tape');
  const tick = tickFor(bar);
  const maxTrades = options.maxTrades ?? 8000;
  const minTrades = options.minTrades ?? 390;
  const n = Math.max(minTrades, Math.min(maxTrades, Math.round(bar.volume / MEAN_RAW_SIZE)));
  const rel = tradeTimes(rng, n);
  const price = pricePath(rng, n, bar, tick);
  const size = sizes(rng, n, bar.volume);
  const venues = NASDAQ_SYMBOLS.has(symbol) ? NASDAQ_VENUES : NYSE_VENUES;
  const exch = new Uint8Array(n);
  const cond = new Uint8Array(n);
  const id = new Float64Array(n);
  const dayNumber = Math.floor(Date.parse(`${bar.date}T00:00:00Z`) / 86_400_000);
  for (let i = 0; i < n; i++) {
    exch[i] = venues.charCodeAt(Math.floor(rng.next() * venues.length));
    const odd = size[i]! < 100;
    const iso = rng.next() < 0.1;
    cond[i] = i === 0 ? 3 : i === n - 1 ? 4 : odd ? (iso ? 5 : 2) : iso ? 1 : 0;
    id[i] = dayNumber * 100_000 + i + 1;
  }
  exch[0] = exch[n - 1] = venues.charCodeAt(0); // opening and closing prints on the listing venue
  return {
    symbol,
    date: bar.date,
    openSec: sessionOpenEpochSec(bar.date),
    tape: NASDAQ_SYMBOLS.has(symbol) ? 'C' : 'A',
    tick,
    trades: { rel, price, size, id, exch, cond },
    quotes: quotesAround(rng, rel, price, tick, venues),
    daily: bar,
  };
}

/** One quote shortly before every trade (trade at bid, ask or inside) and, half the time, one after. */
function quotesAround(rng: Rng, rel: Float64Array, price: Float64Array, tick: number, venues: string): QuoteColumns {
  const n = rel.length;
  const cap = n * 2;
  const q: QuoteColumns = {
    rel: new Float64Array(cap),
    bp: new Float64Array(cap),
    ap: new Float64Array(cap),
    bs: new Float64Array(cap),
    as: new Float64Array(cap),
    bx: new Uint8Array(cap),
    ax: new Uint8Array(cap),
  };
  const round = (x: number): number => (tick === 0.01 ? Math.round(x * 100) / 100 : Math.round(x / tick) * tick);
  let k = 0;
  let prevRel = -1;
  const push = (t: number, p: number): void => {
    const spread = [1, 1, 1, 2, 2, 3][rng.int(0, 5)]! * tick;
    const side = rng.next();
    let bid = side < 0.45 ? p - spread : side < 0.9 ? p : p - tick;
    let ask = side < 0.45 ? p : side < 0.9 ? p + spread : p + tick;
    bid = Math.max(tick, round(bid));
    ask = round(Math.max(ask, bid + tick));
    q.rel[k] = t;
    q.bp[k] = bid;
    q.ap[k] = ask;
    q.bs[k] = 100 * rng.int(1, 20);
    q.as[k] = 100 * rng.int(1, 20);
    q.bx[k] = venues.charCodeAt(Math.floor(rng.next() * venues.length));
    q.ax[k] = venues.charCodeAt(Math.floor(rng.next() * venues.length));
    k++;
  };
  for (let i = 0; i < n; i++) {
    const t = rel[i]!;
    const before = Math.max(prevRel + 1, t - 1 - Math.floor(rng.next() * 50_000_000));
    if (before < t) push(before, price[i]!);
    const next = i + 1 < n ? rel[i + 1]! : SESSION_NS;
    if (rng.next() < 0.5 && next - t > 2) {
      const after = t + 1 + Math.floor(rng.next() * Math.min(next - t - 2, 20_000_000));
      push(after, price[i]!);
      prevRel = after;
    } else prevRel = t;
  }
  const cut = <T extends Float64Array | Uint8Array>(a: T): T => a.subarray(0, k) as T;
  return { rel: cut(q.rel), bp: cut(q.bp), ap: cut(q.ap), bs: cut(q.bs), as: cut(q.as), bx: cut(q.bx), ax: cut(q.ax) };
}
