/**
 * The volatility the --signal mode leads: computed from the real daily series shipped in
 * resources/market (MSFT OHLCV 2000-09..2001-09: log range log(H/L); Dow 30 closes 1991-2000:
 * |log return|). Each series is log-transformed and standardized, so z = 2 is a day whose
 * volatility is two standard deviations above that symbol's typical day.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface VolSeries {
  symbol: string;
  /** Trading days, ascending. */
  dates: string[];
  /** Raw daily volatility measure per date. */
  vol: number[];
  /** Standardized log volatility per date. */
  z: number[];
}

export interface MarketTape {
  series: ReadonlyMap<string, VolSeries>;
  /** All trading days of any series, ascending. */
  tradingDays: string[];
}

function standardize(values: number[]): number[] {
  const logs = values.map((v) => Math.log(Math.max(v, 1e-5)));
  const mean = logs.reduce((a, b) => a + b, 0) / Math.max(logs.length, 1);
  const sd = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(logs.length - 1, 1)) || 1;
  return logs.map((l) => (l - mean) / sd);
}

export function rangeVolFromOhlc(symbol: string, csv: string): VolSeries {
  const [header, ...rows] = csv.trim().split(/\r?\n/);
  const cols = (header ?? '').split(',');
  const at = (name: string) => cols.indexOf(name);
  const [d, h, l] = [at('date'), at('high'), at('low')];
  if (d < 0 || h < 0 || l < 0) throw new Error(`${symbol}: OHLCV csv needs date, high, low columns`);
  const dates: string[] = [];
  const vol: number[] = [];
  for (const row of rows) {
    const c = row.split(',');
    const hi = Number(c[h]);
    const lo = Number(c[l]);
    if (!(hi > 0 && lo > 0)) continue;
    dates.push(c[d]!);
    vol.push(Math.log(hi / lo));
  }
  return { symbol, dates, vol, z: standardize(vol) };
}

/** One series per column of a `date,SYM1,SYM2,...` close table: |log return| per day. */
export function absReturnsFromCloses(csv: string): VolSeries[] {
  const [header, ...rows] = csv.trim().split(/\r?\n/);
  const symbols = (header ?? '').split(',').slice(1);
  const parsed = rows.map((r) => r.split(','));
  return symbols.map((symbol, k) => {
    const dates: string[] = [];
    const vol: number[] = [];
    for (let i = 1; i < parsed.length; i++) {
      const prev = Number(parsed[i - 1]![k + 1]);
      const cur = Number(parsed[i]![k + 1]);
      if (!(prev > 0 && cur > 0)) continue;
      const date = parsed[i]![0]!;
      if (date === parsed[i - 1]![0]) continue;
      dates.push(date);
      // Floor at a quarter tick so flat days (rounded closes) do not dominate the log scale.
      vol.push(Math.max(Math.abs(Math.log(cur / prev)), 0.0025));
    }
    return { symbol, dates, vol, z: standardize(vol) };
  });
}

export function loadMarketTape(resources: string): MarketTape {
  const dir = join(resources, 'market');
  const series = new Map<string, VolSeries>();
  for (const s of absReturnsFromCloses(readFileSync(join(dir, 'dowjones30_daily_close_1991_2000.csv'), 'utf8'))) {
    series.set(s.symbol, s);
  }
  // MSFT has real OHLC for 2000-09..2001-09: prefer its range volatility on those days.
  const msft = rangeVolFromOhlc('MSFT', readFileSync(join(dir, 'msft_daily_2000_2001.csv'), 'utf8'));
  const dow = series.get('MSFT');
  if (dow) {
    const dates = [...dow.dates.filter((x) => x < msft.dates[0]!), ...msft.dates];
    const vol = [...dow.vol.slice(0, dates.length - msft.dates.length), ...msft.vol];
    // Standardize each source separately: range and |return| live on different scales.
    const z = [...dow.z.slice(0, dates.length - msft.dates.length), ...msft.z];
    series.set('MSFT', { symbol: 'MSFT', dates, vol, z });
  } else {
    series.set('MSFT', msft);
  }
  const days = new Set<string>();
  for (const s of series.values()) for (const d of s.dates) days.add(d);
  return { series, tradingDays: [...days].sort() };
}

/**
 * z of `symbol`'s volatility on the trading day `lag` trading days after calendar day `date`
 * (the first trading day >= date counts as lag 0). Undefined when the series has no such day.
 */
export function leadVolZ(tape: MarketTape, symbol: string, date: string, lag: number): number | undefined {
  const s = tape.series.get(symbol);
  if (!s) return undefined;
  let lo = 0;
  let hi = s.dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (s.dates[mid]! < date) lo = mid + 1;
    else hi = mid;
  }
  const idx = lo + lag;
  return idx < s.dates.length && lo < s.dates.length ? s.z[idx] : undefined;
}
