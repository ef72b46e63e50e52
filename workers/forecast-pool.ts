/**
 * The forecast worker pool: one worker per core running forecast-worker, with typed helpers.
 * Usage:
 *   const pool = createForecastPool();
 *   const out = await pool.ewmaForecast({ symbol, dates, returns });
 *   await pool.close();
 */
import { fileURLToPath } from 'node:url';
import { createWorkerPool, type WorkerPool, type WorkerPoolOptions } from './pool';
import type { BacktestModelInput, EwmaForecastInput, EwmaForecastOutput, ForecastApi } from './forecast-api';
import type { WalkForwardResult } from './models/walk-forward';

export type { BacktestModelInput, EwmaForecastInput, EwmaForecastOutput, SeriesInput } from './forecast-api';

export interface ForecastPool {
  readonly size: number;
  ewmaForecast(input: EwmaForecastInput): Promise<EwmaForecastOutput>;
  /** Walk-forward backtest of one model on one symbol (one task per model x symbol). */
  backtestModel(input: BacktestModelInput): Promise<WalkForwardResult & { symbol: string }>;
  /** Lower-level access for any forecastApi function. */
  readonly workers: WorkerPool<ForecastApi>;
  close(): Promise<void>;
}

/** The worker entry beside this module: .ts under tsx/vitest, .js once built. */
export function forecastWorkerUrl(): URL {
  const ext = fileURLToPath(import.meta.url).endsWith('.ts') ? 'ts' : 'js';
  return new URL(`./forecast-worker.${ext}`, import.meta.url);
}

export function createForecastPool(options: WorkerPoolOptions = {}): ForecastPool {
  const workers = createWorkerPool<ForecastApi>(forecastWorkerUrl(), options);
  return {
    size: workers.size,
    workers,
    ewmaForecast: (input) => workers.run((api) => api.ewmaForecast(input)),
    backtestModel: (input) => workers.run((api) => api.backtestModel(input)),
    close: () => workers.close(),
  };
}
