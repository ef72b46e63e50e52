/**
 * The real daily series the offline market replays. OHLCV files are used exactly; close-only
 * tables get a deterministic, plausible open/high/low/volume synthesized around each real close
 * (the close itself is never changed). Pure: callers pass the CSV text.
 */
import { rngFor } from './rng';

export interface DailyBar {
  date: string; // YYYY-MM-DD (New York trading day)
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  /** True when open/high/low/volume were synthesized around a real close. */
  synthetic: boolean;
}

function rows(text: string): string[][] {
  return text
    .trim()
    .split(/\r?\n/)
    .map((line) => line.split(',').map((cell) => cell.trim()));
}

function isWeekday(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day !== 0 && day !== 6;
}

/** Parses `date,open,high,low,close,volume` (header required). */
export function parseOhlcvCsv(text: string): DailyBar[] {
  const [header, ...body] = rows(text);
  const idx = (name: string): number => {
    const i = header?.findIndex((h) => h.toLowerCase() === name) ?? -1;
    if (i < 0) throw new Error(`OHLCV csv lacks a "${name}" column`);
    return i;
  };
  const [d, o, h, l, c, v] = ['date', 'open', 'high', 'low', 'close', 'volume'].map(idx) as number[];
  const out: DailyBar[] = [];
  for (const r of body) {
    const bar: DailyBar = {
      date: r[d!] ?? '',
      open: Number(r[o!]),
      high: Number(r[h!]),
      low: Number(r[l!]),
      close: Number(r[c!]),
      volume: Math.round(Number(r[v!])),
      synthetic: false,
    };
    if (!/^\d{4}-\d{2}-\d{2}$/.test(bar.date) || !isWeekday(bar.date)) continue;
    if (![bar.open, bar.high, bar.low, bar.close].every((x) => Number.isFinite(x) && x > 0)) continue;
    out.push(bar);
  }
  return out;
}

/** Parses a `date,SYM1,SYM2,...` close table into per-symbol close series. */
export function parseCloseTable(text: string): Map<string, Array<{ date: string; close: number }>> {
  const [header, ...body] = rows(text);
  if (!header || header[0]?.toLowerCase() !== 'date') throw new Error('close table must start with a date column');
  const out = new Map<string, Array<{ date: string; close: number }>>();
  for (const sym of header.slice(1)) out.set(sym, []);
  for (const r of body) {
    const date = r[0] ?? '';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !isWeekday(date)) continue;
    header.slice(1).forEach((sym, i) => {
      const close = Number(r[i + 1]);
      if (Number.isFinite(close) && close > 0) out.get(sym)?.push({ date, close });
    });
  }
  return out;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * Synthesizes open/high/low/volume around real closes. Open = previous close moved by a small
 * overnight gap; high/low extend beyond max/min(open, close) by a half-normal fraction of a
 * daily volatility estimated from the recent real closes; volume is a per-symbol base scaled by
 * the day's absolute move. Prices are rounded to cents (these closes are split-adjusted cents).
 */
export function synthesizeOhlc(symbol: string, closes: Array<{ date: string; close: number }>, seed: number): DailyBar[] {
  const out: DailyBar[] = [];
  const baseRng = rngFor(seed, symbol, 'base-volume');
  const baseVolume = 1_000_000 + Math.floor(baseRng.next() * 9_000_000);
  let vol = 0.015;
  for (let k = 0; k < closes.length; k++) {
    const { date, close } = closes[k]!;
    const prev = k > 0 ? closes[k - 1]!.close : close;
    const ret = Math.log(close / prev);
    vol = Math.min(0.08, Math.max(0.005, 0.94 * vol + 0.06 * Math.abs(ret) * 1.25));
    const rng = rngFor(seed, symbol, date, 'ohlc');
    let open = round2(prev * Math.exp(rng.normal() * vol * 0.3));
    if (open <= 0) open = close;
    const high = round2(Math.max(open, close) * Math.exp(Math.abs(rng.normal()) * vol * 0.5));
    let low = round2(Math.min(open, close) * Math.exp(-Math.abs(rng.normal()) * vol * 0.5));
    if (low <= 0) low = Math.min(open, close);
    const volume = Math.round(baseVolume * Math.exp(rng.normal() * 0.3) * (1 + 8 * Math.abs(ret)));
    out.push({
      date,
      open,
      high: Math.max(high, open, close),
      low: Math.min(low, open, close),
      close,
      volume,
      synthetic: true,
    });
  }
  return out;
}

/** Symbols listed on Nasdaq in this data (UTP tape C); the rest are NYSE (CTA tape A). */
export const NASDAQ_SYMBOLS = new Set(['MSFT', 'INTC']);
