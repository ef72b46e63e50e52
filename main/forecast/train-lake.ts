/**
 * Trains, backtests and registers every (or the given) symbol of a lake's gold tables in one
 * worker pool: what `fde forecast train` and the demo call. Symbols with too little history are
 * skipped with a reason instead of failing the batch.
 */
import { openDuck } from '../duck/duck';
import { openLake } from '../lake/index';
import { createForecastPool, type ForecastPool } from '../../workers/forecast-pool';
import { MIN_TRAIN } from '../../workers/models/walk-forward';
import { DEFAULT_MODELS, runBacktests } from './backtest';
import { lakeUri, loadLakeSeries } from './lake-input';
import { registerBacktest } from './registry';
import { resolveOosStart } from './series';

export interface TrainLakeOptions {
  symbols?: string[];
  models?: string[];
  horizons?: number[];
  refitEvery?: number;
  /** Reuse a pool (the demo's); otherwise one is created and closed here. */
  pool?: ForecastPool;
  onSymbol?: (symbol: string, done: number, total: number) => void;
}

export interface TrainedSymbol {
  symbol: string;
  status: 'registered' | 'skipped';
  reason?: string;
  champion?: Record<string, string>;
  runs?: number;
}

export async function listLakeSymbols(lakeDir: string): Promise<string[]> {
  const lake = await openLake(lakeUri(lakeDir));
  const duck = await openDuck({ threads: 1 });
  try {
    const ids = await lake.attach(duck);
    if (!ids.includes('gold.fact_realized_vol_daily')) return [];
    const rows = await duck.all<{ symbol: string }>('SELECT DISTINCT symbol FROM gold.fact_realized_vol_daily ORDER BY symbol');
    return rows.map((r) => r.symbol);
  } finally {
    duck.close();
    await lake.close();
  }
}

export async function trainFromLake(lakeDir: string, options: TrainLakeOptions = {}): Promise<TrainedSymbol[]> {
  const models = options.models ?? DEFAULT_MODELS;
  const horizons = options.horizons ?? [1, 5];
  const refitEvery = options.refitEvery ?? 22;
  const symbols = options.symbols ?? (await listLakeSymbols(lakeDir));
  const pool = options.pool ?? createForecastPool();
  const out: TrainedSymbol[] = [];
  try {
    // Load every symbol first, then backtest them together so the pool stays busy.
    const loaded = [];
    for (const symbol of symbols) {
      const built = await loadLakeSeries(lakeDir, symbol);
      const n = built.series.dates.length;
      if (n < 2 * MIN_TRAIN) {
        out.push({ symbol, status: 'skipped', reason: `${n} days of history; need ${2 * MIN_TRAIN}` });
        continue;
      }
      loaded.push(built);
    }
    const backtests = await runBacktests(loaded.map((b) => b.series), {
      models, horizons, refitEvery, pool, oosStart: (s) => resolveOosStart(s.dates),
    });
    for (const [i, b] of backtests.entries()) {
      const reg = await registerBacktest(lakeDir, loaded[i]!, b, { models, horizons, refitEvery });
      out.push({ symbol: b.symbol, status: 'registered', champion: b.evaluation.champion, runs: reg.runs });
      options.onSymbol?.(b.symbol, i + 1, backtests.length);
    }
    return out;
  } finally {
    if (!options.pool) await pool.close();
  }
}
