import { createHash } from 'node:crypto';
import type { Duck } from '../../duck/duck';
import { loadRows } from '../../duck/bulk-load';
import type { Lake } from '../../lake/types';
import { createForecastPool } from '../../../workers/forecast-pool';
import { VOL_FORECASTS } from '../../forecast/tables';

/** Trading days per year, for annualizing daily volatility. */
export const TRADING_DAYS = 252;
const SOURCE_TABLE = 'gold.fact_realized_vol_daily';

interface SeriesRow {
  symbol: string;
  date: string;
  log_return: number;
}

/**
 * Fits EWMA (RiskMetrics, lambda 0.94) per symbol in the worker pool and replaces the model's
 * partition of gold.vol_forecasts: one-step-ahead forecasts for every day plus the next day.
 */
export async function runEwmaForecasts(lake: Lake, duck: Duck): Promise<{ symbols: number; rows: number; runId: string }> {
  await lake.attach(duck);
  const source = await lake.openTable('gold', 'fact_realized_vol_daily');
  if (!source) throw new Error(`${SOURCE_TABLE} does not exist yet; build the models first`);
  const sourceVersion = (await source.snapshot()).version;
  const rows = await duck.all<Record<string, unknown>>(
    `SELECT symbol, strftime(date, '%Y-%m-%d') AS date, log_return FROM ${SOURCE_TABLE}
     WHERE log_return IS NOT NULL ORDER BY symbol, date`,
  );
  const bySymbol = new Map<string, SeriesRow[]>();
  for (const row of rows as unknown as SeriesRow[]) {
    const list = bySymbol.get(row.symbol) ?? [];
    list.push(row);
    bySymbol.set(row.symbol, list);
  }
  // Same model, same input version -> same run id, so a re-run rewrites identical rows.
  const runId = `ewma-${createHash('sha256').update(`ewma:0.94:${SOURCE_TABLE}@${sourceVersion}`).digest('hex').slice(0, 12)}`;
  const pool = createForecastPool();
  const out: Array<Record<string, unknown>> = [];
  try {
    const fits = await Promise.all(
      [...bySymbol.entries()].map(([symbol, series]) =>
        pool.ewmaForecast({ symbol, dates: series.map((r) => r.date), returns: series.map((r) => r.log_return) }),
      ),
    );
    for (const fit of fits) {
      for (let t = 1; t < fit.dates.length; t++) {
        out.push(forecastRow(fit.symbol, fit.dates[t]!, fit.dates[t - 1]!, fit.variance[t]!, runId));
      }
      const last = fit.dates[fit.dates.length - 1]!;
      out.push(forecastRow(fit.symbol, nextWeekday(last), last, fit.next.variance, runId));
    }
  } finally {
    await pool.close();
  }
  const table = await lake.ensureTable(VOL_FORECASTS);
  const temp = await loadRows(
    duck,
    'ewma_forecasts',
    [
      { name: 'symbol', type: 'VARCHAR' },
      { name: 'date', type: 'VARCHAR' },
      { name: 'made_at', type: 'VARCHAR' },
      { name: 'run_id', type: 'VARCHAR' },
      { name: 'forecast_variance', type: 'DOUBLE' },
    ],
    out,
  );
  await table.overwrite(
    {
      duck,
      sql: `SELECT symbol, CAST(date AS DATE) AS date, CAST(made_at AS DATE) AS made_at, CAST(1 AS INTEGER) AS horizon,
                   'ewma' AS model, run_id, forecast_variance, sqrt(${TRADING_DAYS} * forecast_variance) AS forecast_vol,
                   CAST(NULL AS DOUBLE) AS lower_vol, CAST(NULL AS DOUBLE) AS upper_vol
            FROM ${temp}`,
    },
    { partitions: [{ model: 'ewma' }], info: { job: 'demo', model: 'ewma', run_id: runId } },
  );
  await duck.run(`DROP TABLE IF EXISTS ${temp}`);
  return { symbols: bySymbol.size, rows: out.length, runId };
}

function forecastRow(symbol: string, date: string, madeAt: string, variance: number, runId: string): Record<string, unknown> {
  return { symbol, date, made_at: madeAt, run_id: runId, forecast_variance: variance };
}

/** The next Monday-Friday date after an ISO date (exchange holidays are not modelled). */
export function nextWeekday(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  do d.setUTCDate(d.getUTCDate() + 1);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6);
  return d.toISOString().slice(0, 10);
}
