/**
 * The offline server's market: the real daily series from resources/market (MSFT OHLCV exactly,
 * Dow 30 closes with synthesized O/H/L/V), optional synthetic load-test symbols, and the
 * deterministic intraday tapes behind every REST answer and the live stream.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  dailyBarOfTape,
  generateTape,
  parseCloseTable,
  parseOhlcvCsv,
  synthesizeOhlc,
  type Bar,
  type DailyBar,
  type Tape,
} from '../../../pipelines/market/index';

export interface MarketStoreOptions {
  seed: number;
  /** Adds SYN0001..SYNnnnn: scaled copies of the Dow series, for load tests. */
  syntheticSymbols?: number;
  /** Prints per symbol and day (sizes are scaled so the volume still matches). */
  maxTradesPerDay?: number;
  /** Restrict the universe (default: every real symbol plus the synthetic ones). */
  symbols?: string[];
  resourcesDir?: string;
}

export const DEFAULT_RESOURCES_DIR = fileURLToPath(new URL('../../../resources/market/', import.meta.url));

export class MarketStore {
  readonly seed: number;
  readonly symbols: string[];
  /** Every date on which at least one symbol traded, ascending. */
  readonly tradingDates: string[];
  private readonly series = new Map<string, DailyBar[]>();
  private readonly byDate = new Map<string, Map<string, DailyBar>>();
  private readonly tapes = new Map<string, Tape>();
  private readonly summaries = new Map<string, Bar & { sec: number; date: string }>();
  private readonly maxTrades: number;

  constructor(options: MarketStoreOptions) {
    this.seed = options.seed;
    this.maxTrades = options.maxTradesPerDay ?? 8000;
    const dir = options.resourcesDir ?? DEFAULT_RESOURCES_DIR;
    const closes = parseCloseTable(readFileSync(`${dir}/dowjones30_daily_close_1991_2000.csv`, 'utf8'));
    for (const [sym, rows] of closes) if (sym !== 'MSFT') this.series.set(sym, synthesizeOhlc(sym, rows, options.seed));
    // MSFT comes only from its real OHLCV file (the Dow table is split-adjusted differently).
    this.series.set('MSFT', parseOhlcvCsv(readFileSync(`${dir}/msft_daily_2000_2001.csv`, 'utf8')));
    const dowSymbols = [...closes.keys()].filter((s) => s !== 'MSFT');
    for (let k = 1; k <= (options.syntheticSymbols ?? 0); k++) {
      const base = dowSymbols[(k - 1) % dowSymbols.length]!;
      const factor = 1 + ((k * 7) % 13) / 10;
      const rows = (closes.get(base) ?? []).map((r) => ({ date: r.date, close: Math.round(r.close * factor * 100) / 100 }));
      const sym = `SYN${String(k).padStart(4, '0')}`;
      this.series.set(sym, synthesizeOhlc(sym, rows, options.seed));
    }
    const wanted = options.symbols?.length ? new Set(options.symbols) : undefined;
    for (const sym of [...this.series.keys()]) if (wanted && !wanted.has(sym)) this.series.delete(sym);
    this.symbols = [...this.series.keys()].sort();
    for (const [sym, bars] of this.series) {
      for (const bar of bars) {
        let m = this.byDate.get(bar.date);
        if (!m) this.byDate.set(bar.date, (m = new Map()));
        m.set(sym, bar);
      }
    }
    this.tradingDates = [...this.byDate.keys()].sort();
  }

  has(symbol: string): boolean {
    return this.series.has(symbol);
  }

  dailySeries(symbol: string): DailyBar[] {
    return this.series.get(symbol) ?? [];
  }

  barOn(symbol: string, date: string): DailyBar | undefined {
    return this.byDate.get(date)?.get(symbol);
  }

  symbolsOn(date: string): string[] {
    return [...(this.byDate.get(date)?.keys() ?? [])].sort();
  }

  /** The tape of one symbol-day (cached; a few hundred tapes stay in memory). */
  tape(symbol: string, date: string): Tape | undefined {
    const key = `${symbol}|${date}`;
    const hit = this.tapes.get(key);
    if (hit) {
      this.tapes.delete(key);
      this.tapes.set(key, hit);
      return hit;
    }
    const bar = this.barOn(symbol, date);
    if (!bar) return undefined;
    const tape = generateTape(symbol, bar, { seed: this.seed, maxTrades: this.maxTrades });
    this.tapes.set(key, tape);
    if (this.tapes.size > 1024) this.tapes.delete(this.tapes.keys().next().value as string);
    return tape;
  }

  /** The day's bar as computed from its tape (n and vw included), cached for calendar bars. */
  daySummary(symbol: string, date: string): (Bar & { sec: number; date: string }) | undefined {
    const key = `${symbol}|${date}`;
    let s = this.summaries.get(key);
    if (!s) {
      const tape = this.tape(symbol, date);
      if (!tape) return undefined;
      s = { ...dailyBarOfTape(tape), date };
      this.summaries.set(key, s);
    }
    return s;
  }

  /** Index of the first trading date >= date (tradingDates.length when none). */
  dateIndexFrom(date: string): number {
    let lo = 0;
    let hi = this.tradingDates.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.tradingDates[mid]! < date) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
