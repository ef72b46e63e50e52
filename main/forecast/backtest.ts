/**
 * Backtest orchestration: one worker task per (symbol, model), HAR always included as the
 * baseline, then scoring and champion selection per symbol.
 */
import type { ForecastPool } from '../../workers/forecast-pool';
import type { SeriesInput } from '../../workers/forecast-api';
import { backtestModel } from '../../workers/forecast-api';
import { evaluate, BASELINE, type Evaluation } from '../../workers/models/evaluate';
import { isModelName } from '../../workers/models/registry';
import { MODEL_NAMES } from '../../workers/models/types';
import type { WalkForwardResult } from '../../workers/models/walk-forward';
import { UsageError } from '../engine/errors';

export const DEFAULT_MODELS = ['ewma', 'garch', 'har', 'loghar', 'prophet'];

export interface BacktestOptions {
  models: string[];
  horizons: number[];
  refitEvery: number;
  /** First out-of-sample index per symbol. */
  oosStart: (series: SeriesInput) => number;
  /** Runs tasks in worker threads; without it they run on this thread. */
  pool?: ForecastPool;
  onTaskDone?: () => void;
}

export interface SymbolBacktest {
  symbol: string;
  oosStart: number;
  results: Array<WalkForwardResult & { symbol: string }>;
  evaluation: Evaluation;
}

export function validateModels(models: string[]): string[] {
  const unknown = models.filter((m) => !isModelName(m));
  if (unknown.length > 0) {
    throw new UsageError(`unknown model(s): ${unknown.join(', ')}`, `models: ${MODEL_NAMES.join(', ')}`);
  }
  return [...new Set(models)];
}

export async function runBacktests(all: SeriesInput[], options: BacktestOptions): Promise<SymbolBacktest[]> {
  const models = validateModels(options.models);
  const withBaseline = models.includes(BASELINE) ? models : [...models, BASELINE];
  const jobs = all.map((series) => {
    const oosStart = options.oosStart(series);
    const tasks = withBaseline.map(async (model) => {
      const input = { series, model, horizons: options.horizons, refitEvery: options.refitEvery, oosStart };
      const result = options.pool ? await options.pool.backtestModel(input) : backtestModel(input);
      options.onTaskDone?.();
      return result;
    });
    return { series, oosStart, tasks };
  });
  const out: SymbolBacktest[] = [];
  for (const job of jobs) {
    const results = await Promise.all(job.tasks);
    out.push({ symbol: job.series.symbol, oosStart: job.oosStart, results, evaluation: evaluate(results, options.horizons) });
  }
  return out;
}

/** The documented `fde forecast backtest --json` shape, listing only the requested models. */
export function backtestJson(target: string, nObs: number, models: string[], b: SymbolBacktest): unknown {
  return {
    target,
    n_obs: nObs,
    models: b.evaluation.scores
      .filter((s) => models.includes(s.name))
      .map((s) => ({ name: s.name, horizon: s.horizon, n: s.n, qlike: s.qlike, mse: s.mse, mae_vol: s.mae_vol, dm_vs_har: s.dm_vs_har })),
    champion: b.evaluation.champion,
  };
}
