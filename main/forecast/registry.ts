/**
 * The model registry in the lake (what MLflow does for the seed system):
 * - meta.model_runs: one row per (symbol, model, horizon) of a backtest batch with parameters,
 *   metrics, input table versions, code version and the fitted artifact (final fit, JSON);
 * - meta.model_aliases: the `champion` alias per symbol and horizon;
 * - gold.vol_forecasts: the out-of-sample forecasts and the final next-h-days forecast.
 * Run ids are deterministic, so registering the same backtest twice adds nothing; aliases and
 * the symbol's forecast rows are replaced (overwrite of the rows of that symbol).
 */
import { createHash } from 'node:crypto';
import { openDuck, sqlString, type Duck } from '../duck/duck';
import { loadRows } from '../duck/bulk-load';
import { openLake } from '../lake/index';
import type { Lake } from '../lake/types';
import type { SymbolBacktest } from './backtest';
import { codeVersion } from './code-version';
import { lakeUri } from './lake-input';
import type { BuiltSeries } from './series';
import { MODEL_ALIASES, MODEL_RUNS, VOL_FORECASTS } from './tables';

export const TRADING_DAYS = 252;

export interface RegisterConfig {
  models: string[];
  horizons: number[];
  refitEvery: number;
}

export interface RegisterResult {
  runs: number;
  batchId: string;
  runIds: string[];
}

const json = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));

/** The h-th weekday after an ISO date (exchange holidays are not modelled). */
export function addWeekdays(isoDate: string, h: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  for (let k = 0; k < h; k++) {
    do d.setUTCDate(d.getUTCDate() + 1);
    while (d.getUTCDay() === 0 || d.getUTCDay() === 6);
  }
  return d.toISOString().slice(0, 10);
}

export async function registerBacktest(
  lakeDir: string,
  built: BuiltSeries & { inputs?: Record<string, unknown> },
  backtest: SymbolBacktest,
  config: RegisterConfig,
): Promise<RegisterResult> {
  const lake = await openLake(lakeUri(lakeDir));
  const duck = await openDuck({ threads: 1 });
  try {
    return await writeRegistry(lake, duck, built, backtest, config);
  } finally {
    duck.close();
    await lake.close();
  }
}

async function writeRegistry(
  lake: Lake,
  duck: Duck,
  built: BuiltSeries & { inputs?: Record<string, unknown> },
  backtest: SymbolBacktest,
  config: RegisterConfig,
): Promise<RegisterResult> {
  const { series } = built;
  const symbol = series.symbol;
  const n = series.dates.length;
  const madeAt = series.dates[n - 1]!;
  const code = codeVersion();
  const inputs = built.inputs ?? {};
  const params = { refit_every: config.refitEvery, oos_start: series.dates[backtest.oosStart], n_obs: n, horizons: config.horizons };
  const createdAt = new Date().toISOString();
  const runRows: Array<Record<string, unknown>> = [];
  const forecastRows: Array<Record<string, unknown>> = [];
  const runIdOf = new Map<string, string>();
  for (const score of backtest.evaluation.scores) {
    const result = backtest.results.find((r) => r.model === score.name)!;
    const h = score.horizon;
    const runId = createHash('sha256')
      .update(json({ symbol, model: score.name, h, target: built.target, params, inputs, code, last: madeAt, n }))
      .digest('hex')
      .slice(0, 16);
    runIdOf.set(`${score.name}:${h}`, runId);
    const next = result.final.next.find((x) => x.horizon === h)!;
    const interval = next.interval ?? [next.forecast * score.ratio_q05, next.forecast * score.ratio_q95];
    runRows.push({
      run_id: runId,
      symbol,
      model: score.name,
      horizon: h,
      target: built.target,
      params_json: json(params),
      metrics_json: json({ n: score.n, qlike: score.qlike, mse: score.mse, mae_vol: score.mae_vol, dm_vs_har: score.dm_vs_har, ratio_q05: score.ratio_q05, ratio_q95: score.ratio_q95 }),
      artifact_json: json({ model: score.name, params: result.final.params, refits: result.refits }),
      inputs_json: json(inputs),
      code_version: code,
      qlike: score.qlike,
      dm_stat: score.dm_vs_har.stat,
      made_at: madeAt,
      forecast_variance: next.forecast,
      lower_variance: interval[0],
      upper_variance: interval[1],
    });
    const hf = result.horizons.find((x) => x.horizon === h)!;
    const vol = (v: number): number => Math.sqrt(TRADING_DAYS * v);
    hf.origins.forEach((origin, i) => {
      const f = hf.forecast[i]!;
      forecastRows.push({
        symbol, date: series.dates[origin + h], made_at: series.dates[origin], horizon: h, model: score.name, run_id: runId,
        forecast_variance: f, forecast_vol: vol(f), lower_vol: vol(f * score.ratio_q05), upper_vol: vol(f * score.ratio_q95),
      });
    });
    forecastRows.push({
      symbol, date: addWeekdays(madeAt, h), made_at: madeAt, horizon: h, model: score.name, run_id: runId,
      forecast_variance: next.forecast, forecast_vol: vol(next.forecast), lower_vol: vol(interval[0]), upper_vol: vol(interval[1]),
    });
  }
  const batchId = createHash('sha256').update([...runIdOf.values()].join(',')).digest('hex').slice(0, 16);

  const runs = await lake.ensureTable(MODEL_RUNS);
  const aliases = await lake.ensureTable(MODEL_ALIASES);
  const forecasts = await lake.ensureTable(VOL_FORECASTS);
  await lake.attach(duck);

  // Runs: append only the ids not registered yet (re-registering is a no-op).
  const existing = new Set(
    (await duck.all<{ run_id: string }>(`SELECT run_id FROM meta.model_runs WHERE symbol = ${sqlString(symbol)}`)).map((r) => r.run_id),
  );
  const fresh = runRows.filter((r) => !existing.has(String(r.run_id)));
  if (fresh.length > 0) {
    const t = await loadRows(duck, 'fc_runs', [
      ...['run_id', 'symbol', 'model', 'target', 'params_json', 'metrics_json', 'artifact_json', 'inputs_json', 'code_version', 'made_at'].map((name) => ({ name, type: 'VARCHAR' as const })),
      { name: 'horizon', type: 'BIGINT' },
      ...['qlike', 'dm_stat', 'forecast_variance', 'lower_variance', 'upper_variance'].map((name) => ({ name, type: 'DOUBLE' as const })),
    ], fresh);
    await runs.append(
      {
        duck,
        sql: `SELECT run_id, ${sqlString(batchId)} AS batch_id, CAST(${sqlString(createdAt)} AS TIMESTAMP) AS created_at, symbol, model,
                     CAST(horizon AS INTEGER) AS horizon, target, params_json, metrics_json, artifact_json, inputs_json, code_version,
                     qlike, dm_stat, CAST(made_at AS DATE) AS made_at, forecast_variance, lower_variance, upper_variance FROM ${t}`,
      },
      { info: { job: 'forecast-backtest', batch_id: batchId, symbol } },
    );
  }

  // Champion alias per horizon: replace this symbol's rows, keep the others.
  const aliasRows = Object.entries(backtest.evaluation.champion).map(([h, model]) => ({
    symbol, horizon: Number(h), alias: 'champion', model, run_id: runIdOf.get(`${model}:${h}`) ?? '',
  }));
  const at = await loadRows(duck, 'fc_aliases', [
    { name: 'symbol', type: 'VARCHAR' }, { name: 'horizon', type: 'BIGINT' }, { name: 'alias', type: 'VARCHAR' },
    { name: 'model', type: 'VARCHAR' }, { name: 'run_id', type: 'VARCHAR' },
  ], aliasRows);
  await aliases.overwrite(
    {
      duck,
      sql: `SELECT symbol, horizon, alias, run_id, model, updated_at FROM meta.model_aliases WHERE symbol <> ${sqlString(symbol)}
            UNION ALL
            SELECT symbol, CAST(horizon AS INTEGER), alias, run_id, model, CAST(${sqlString(createdAt)} AS TIMESTAMP) FROM ${at}`,
    },
    { partitions: 'all', info: { job: 'forecast-backtest', batch_id: batchId } },
  );

  // Forecasts: replace this symbol's rows in the partitions of the models that ran.
  const models = [...new Set(runRows.map((r) => String(r.model)))];
  const ft = await loadRows(duck, 'fc_forecasts', [
    { name: 'symbol', type: 'VARCHAR' }, { name: 'date', type: 'VARCHAR' }, { name: 'made_at', type: 'VARCHAR' },
    { name: 'horizon', type: 'BIGINT' }, { name: 'model', type: 'VARCHAR' }, { name: 'run_id', type: 'VARCHAR' },
    { name: 'forecast_variance', type: 'DOUBLE' }, { name: 'forecast_vol', type: 'DOUBLE' }, { name: 'lower_vol', type: 'DOUBLE' }, { name: 'upper_vol', type: 'DOUBLE' },
  ], forecastRows);
  const modelList = models.map(sqlString).join(', ');
  await forecasts.overwrite(
    {
      duck,
      sql: `SELECT symbol, date, made_at, horizon, model, run_id, forecast_variance, forecast_vol, lower_vol, upper_vol
            FROM gold.vol_forecasts WHERE model IN (${modelList}) AND symbol <> ${sqlString(symbol)}
            UNION ALL
            SELECT symbol, CAST(date AS DATE), CAST(made_at AS DATE), CAST(horizon AS INTEGER), model, run_id,
                   forecast_variance, forecast_vol, lower_vol, upper_vol FROM ${ft}`,
    },
    { partitions: models.map((model) => ({ model })), info: { job: 'forecast-backtest', batch_id: batchId, symbol } },
  );
  for (const t of ['fc_runs', 'fc_aliases', 'fc_forecasts']) await duck.run(`DROP TABLE IF EXISTS ${t}`);
  return { runs: fresh.length, batchId, runIds: [...runIdOf.values()] };
}
