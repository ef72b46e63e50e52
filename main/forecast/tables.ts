/** Lake table specs of the forecast registry (meta) and forecasts (gold). */
import type { TableSpec } from '../lake/types';

export const MODEL_RUNS: TableSpec = {
  layer: 'meta',
  name: 'model_runs',
  description: 'Forecast model runs: one per symbol, model and horizon of a backtest batch (the MLflow-style registry)',
  columns: [
    { name: 'run_id', type: 'string', nullable: false, description: 'deterministic: hash of symbol, model, horizon, config, inputs and code version' },
    { name: 'batch_id', type: 'string', nullable: false, description: 'runs registered together (one backtest command)' },
    { name: 'created_at', type: 'timestamp', nullable: false },
    { name: 'symbol', type: 'string', nullable: false },
    { name: 'model', type: 'string', nullable: false },
    { name: 'horizon', type: 'integer', nullable: false },
    { name: 'target', type: 'string', nullable: false, description: 'variance proxy: rv, parkinson, gk, rs, yz, c2c or variance' },
    { name: 'params_json', type: 'string', description: 'run configuration: refit_every, oos_start, n_obs, horizons' },
    { name: 'metrics_json', type: 'string', description: 'qlike, mse, mae_vol, n, dm_vs_har {stat, p}, ratio quantiles' },
    { name: 'artifact_json', type: 'string', description: 'the fitted model (final fit on all data): parameters as JSON' },
    { name: 'inputs_json', type: 'string', description: 'input tables and versions (or the CSV path and its sha256)' },
    { name: 'code_version', type: 'string', description: 'package version + hash of the model sources' },
    { name: 'qlike', type: 'double' },
    { name: 'dm_stat', type: 'double' },
    { name: 'made_at', type: 'date', description: 'last day of data of the final fit' },
    { name: 'forecast_variance', type: 'double', description: 'final fit: mean daily variance over the next h days' },
    { name: 'lower_variance', type: 'double', description: '90% interval, lower' },
    { name: 'upper_variance', type: 'double', description: '90% interval, upper' },
  ],
};

export const MODEL_ALIASES: TableSpec = {
  layer: 'meta',
  name: 'model_aliases',
  description: 'Aliases (champion) per symbol and horizon pointing at a run',
  columns: [
    { name: 'symbol', type: 'string', nullable: false },
    { name: 'horizon', type: 'integer', nullable: false },
    { name: 'alias', type: 'string', nullable: false },
    { name: 'run_id', type: 'string', nullable: false },
    { name: 'model', type: 'string', nullable: false },
    { name: 'updated_at', type: 'timestamp', nullable: false },
  ],
};

/** Same spec as the demo's EWMA step (main/jobs/demo/ewma-forecast-step.ts), kept in sync. */
export const VOL_FORECASTS: TableSpec = {
  layer: 'gold',
  name: 'vol_forecasts',
  description: 'Volatility forecasts per symbol, target date, horizon and model run',
  partitionBy: ['model'],
  columns: [
    { name: 'symbol', type: 'string', nullable: false },
    { name: 'date', type: 'date', nullable: false, description: 'the day the forecast is for' },
    { name: 'made_at', type: 'date', nullable: false, description: 'last day of data the forecast used' },
    { name: 'horizon', type: 'integer', nullable: false, description: 'trading days ahead' },
    { name: 'model', type: 'string', nullable: false },
    { name: 'run_id', type: 'string', nullable: false },
    { name: 'forecast_variance', type: 'double', nullable: false, description: 'daily variance of log returns' },
    { name: 'forecast_vol', type: 'double', nullable: false, description: 'annualized volatility' },
    { name: 'lower_vol', type: 'double' },
    { name: 'upper_vol', type: 'double' },
  ],
};
