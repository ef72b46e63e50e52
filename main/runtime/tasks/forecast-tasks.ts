/**
 * Forecasts in the worker-thread pool: EWMA for every symbol (one overwrite of its partition),
 * then walk-forward backtests with champions, a few symbols at a time so a cancel lands between
 * registrations.
 */
import { openDuck } from '../../duck/duck';
import { listLakeSymbols, trainFromLake, type TrainedSymbol } from '../../forecast/train-lake';
import { runEwmaForecasts } from '../../jobs/demo/ewma-forecast-step';
import { createForecastPool } from '../../../workers/forecast-pool';
import type { TaskImplementation } from '../task-api';
import { producedVersions, tableVersions, throwIfCancelled } from './support';

const CHUNK = 4;

const ewma: TaskImplementation = async (ctx) => {
  throwIfCancelled(ctx);
  const duck = await openDuck({ threads: 2 });
  try {
    const before = await tableVersions(ctx.lake);
    const out = await runEwmaForecasts(ctx.lake, duck);
    ctx.progress.report({ done: out.symbols, total: out.symbols, rows: out.rows });
    return { rowsWritten: out.rows, tableVersions: await producedVersions(ctx.lake, before), summary: { symbols: out.symbols, forecastRun: out.runId } };
  } finally {
    duck.close();
  }
};

const train: TaskImplementation = async (ctx) => {
  const symbols = Array.isArray(ctx.params.symbols) ? ctx.params.symbols.map(String) : await listLakeSymbols(ctx.lake.uri);
  const before = await tableVersions(ctx.lake);
  const pool = createForecastPool();
  const trained: TrainedSymbol[] = [];
  try {
    for (let i = 0; i < symbols.length; i += CHUNK) {
      throwIfCancelled(ctx);
      const chunk = symbols.slice(i, i + CHUNK);
      trained.push(...(await trainFromLake(ctx.lake.uri, { symbols: chunk, pool })));
      ctx.progress.report({ done: Math.min(i + CHUNK, symbols.length), total: symbols.length, message: chunk.join(',') });
    }
  } finally {
    await pool.close();
  }
  for (const t of trained) if (t.status === 'skipped') ctx.log.info(`skipped ${t.symbol}`, { reason: t.reason });
  const registered = trained.filter((t) => t.status === 'registered');
  return {
    rowsWritten: registered.reduce((n, t) => n + (t.runs ?? 0), 0),
    tableVersions: await producedVersions(ctx.lake, before),
    summary: { registered: registered.length, skipped: trained.length - registered.length, champions: Object.fromEntries(registered.map((t) => [t.symbol, t.champion ?? {}])) },
  };
};

export const forecastTasks = { 'forecast.ewma': ewma, 'forecast.train': train } satisfies Record<string, TaskImplementation>;
