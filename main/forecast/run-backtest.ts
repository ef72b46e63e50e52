/** `fde forecast backtest`: load input (CSV or lake), run the walk-forward in the pool, score. */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createForecastPool } from '../../workers/forecast-pool';
import { FdeError } from '../engine/errors';
import type { Progress } from '../engine/progress';
import { backtestJson, runBacktests, validateModels, type SymbolBacktest } from './backtest';
import { readCsvPoints } from './csv-input';
import { buildSeries, resolveOosStart, type BuiltSeries } from './series';
import type { BacktestFlags } from './options';
import type { RegisterResult } from './registry';

export interface BacktestRun {
  json: unknown;
  backtest: SymbolBacktest;
  built: BuiltSeries & { inputs: Record<string, unknown> };
  target: string;
  nObs: number;
  oosStartDate: string;
  registered?: RegisterResult;
}

export interface RunBacktestOptions extends BacktestFlags {
  symbol: string;
  /** Where the walk-forward reports progress (the CLI passes its bar). */
  progress?: Progress;
}

export async function loadInput(options: RunBacktestOptions): Promise<BuiltSeries & { inputs: Record<string, unknown> }> {
  if (options.csv) {
    const file = resolve(options.csv);
    const { points } = await readCsvPoints(file, {
      time: options.timeCol!,
      price: options.priceCol!,
      ...(options.openCol ? { open: options.openCol } : {}),
      ...(options.highCol ? { high: options.highCol } : {}),
      ...(options.lowCol ? { low: options.lowCol } : {}),
    });
    const built = buildSeries(points, { symbol: options.symbol, ...(options.target ? { target: options.target } : {}), ...(options.freq ? { freq: options.freq } : {}) });
    const sha256 = createHash('sha256').update(await readFile(file)).digest('hex');
    return { ...built, inputs: { csv: file, sha256 } };
  }
  const { loadLakeSeries } = await import('./lake-input');
  return loadLakeSeries(options.lake!, options.symbol, options.target);
}

/** Keeps the days on or after `since` (e.g. the period that has sentiment). */
export function sinceFilter<T extends BuiltSeries>(built: T, since?: string): T {
  if (!since) return built;
  const from = built.series.dates.findIndex((d) => d >= since);
  if (from < 0) throw new FdeError(`--since ${since} is after the last day`);
  const s = built.series;
  const cut = <A>(a: A[] | undefined): A[] | undefined => a?.slice(from);
  const series = { ...s, dates: s.dates.slice(from), day: s.day.slice(from), target: s.target.slice(from), returns: s.returns.slice(from) };
  if (s.sentiment) series.sentiment = cut(s.sentiment)!;
  if (s.mentions) series.mentions = cut(s.mentions)!;
  return { ...built, series };
}

export async function runForecastBacktest(options: RunBacktestOptions): Promise<BacktestRun> {
  const models = validateModels(options.models);
  const built = sinceFilter(await loadInput(options), options.since);
  const { series } = built;
  const oosStart = resolveOosStart(series.dates, options.oosStart);
  if (oosStart + Math.max(...options.horizons) >= series.dates.length) {
    throw new FdeError(`only ${series.dates.length} days: nothing left to forecast out of sample`, 'use a longer series or an earlier --oos-start');
  }
  const pool = createForecastPool();
  const progress = options.progress;
  const total = models.length + (models.includes('har') ? 0 : 1);
  let done = 0;
  progress?.start('backtest', total);
  try {
    const [backtest] = await runBacktests([series], {
      models,
      horizons: options.horizons,
      refitEvery: options.refitEvery,
      oosStart: () => oosStart,
      pool,
      onTaskDone: () => progress?.update(++done),
    });
    progress?.stop();
    const run: BacktestRun = {
      json: backtestJson(built.target, series.dates.length, models, backtest!),
      backtest: backtest!,
      built,
      target: built.target,
      nObs: series.dates.length,
      oosStartDate: series.dates[oosStart]!,
    };
    if (options.register) {
      const { registerBacktest } = await import('./registry');
      run.registered = await registerBacktest(options.lake!, built, backtest!, { models, horizons: options.horizons, refitEvery: options.refitEvery });
    }
    return run;
  } finally {
    await pool.close();
  }
}
