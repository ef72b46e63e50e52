import type { Duck } from '../../duck/duck';
import type { Lake, TableSpec } from '../../lake/types';

/**
 * The demo's daily path: bronze daily bars -> silver (typed, deduplicated) -> gold (close,
 * log return, realized volatility). Each step is one SQL statement materialized as a whole-table
 * overwrite, so re-running yields the same tables.
 */
export interface DailyTransform {
  spec: TableSpec;
  sql: string;
}

export const SILVER_DAILY_BARS: DailyTransform = {
  spec: {
    layer: 'silver',
    name: 'daily_bars',
    description: 'One bar per symbol and trading day; OHLC sources win over close-only ones, then the latest ingest',
    columns: [
      { name: 'symbol', type: 'string', nullable: false },
      { name: 'date', type: 'date', nullable: false },
      { name: 'open', type: 'double' },
      { name: 'high', type: 'double' },
      { name: 'low', type: 'double' },
      { name: 'close', type: 'double', nullable: false },
      { name: 'volume', type: 'long' },
      { name: 'source', type: 'string', nullable: false },
    ],
  },
  sql: `
    SELECT symbol, date, open, high, low, close, volume, source
    FROM bronze.market_daily_bars
    QUALIFY row_number() OVER (
      PARTITION BY symbol, date
      ORDER BY (high IS NOT NULL AND low IS NOT NULL) DESC, ingested_at DESC, batch_id DESC
    ) = 1`,
};

/** Trading days per year, for annualizing daily volatility. */
export const TRADING_DAYS = 252;
export const REALIZED_VOL_WINDOW = 21;

export const GOLD_DAILY_VOLATILITY: DailyTransform = {
  spec: {
    layer: 'gold',
    name: 'daily_volatility',
    description: 'Per symbol and day: close, log return and annualized realized-volatility estimates',
    columns: [
      { name: 'symbol', type: 'string', nullable: false },
      { name: 'date', type: 'date', nullable: false },
      { name: 'close', type: 'double', nullable: false },
      { name: 'log_return', type: 'double', description: 'ln(close / previous close); null on the first day' },
      { name: 'realized_vol', type: 'double', description: `annualized close-to-close volatility over the last ${REALIZED_VOL_WINDOW} returns` },
      { name: 'parkinson_vol', type: 'double', description: 'annualized Parkinson range volatility of the day (needs high/low)' },
    ],
  },
  sql: `
    WITH returns AS (
      SELECT symbol, date, close, high, low,
             ln(close / lag(close) OVER (PARTITION BY symbol ORDER BY date)) AS log_return
      FROM silver.daily_bars
    )
    SELECT symbol, date, close, log_return,
           CASE WHEN count(log_return) OVER w >= ${REALIZED_VOL_WINDOW}
                THEN sqrt(${TRADING_DAYS}) * stddev_samp(log_return) OVER w END AS realized_vol,
           CASE WHEN high > 0 AND low > 0
                THEN sqrt(${TRADING_DAYS} * pow(ln(high / low), 2) / (4 * ln(2))) END AS parkinson_vol
    FROM returns
    WINDOW w AS (PARTITION BY symbol ORDER BY date ROWS BETWEEN ${REALIZED_VOL_WINDOW - 1} PRECEDING AND CURRENT ROW)`,
};

export const DAILY_TRANSFORMS: readonly DailyTransform[] = [SILVER_DAILY_BARS, GOLD_DAILY_VOLATILITY];

/** Materializes each transform in order; views are re-attached so each step sees the last. */
export async function runDailyTransforms(lake: Lake, duck: Duck, onStep?: (id: string) => void): Promise<void> {
  for (const transform of DAILY_TRANSFORMS) {
    await lake.attach(duck);
    const table = await lake.ensureTable(transform.spec);
    onStep?.(table.id);
    await table.overwrite({ duck, sql: transform.sql }, { partitions: 'all', info: { job: 'demo', model: table.id } });
  }
  await lake.attach(duck);
}
