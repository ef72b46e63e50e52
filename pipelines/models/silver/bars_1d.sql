/*---
{
  "materialized": "table",
  "description": "One daily bar per symbol and date, conformed from vendor daily bars, daily feeds and intraday bars. Precedence: complete OHLC first, then vendor 1Day > daily feed > aggregated 1-minute bars",
  "tags": ["market", "daily"],
  "unique_key": ["symbol", "date"],
  "columns": {
    "source": "alpaca_1d | <daily feed source> | intraday",
    "n_sources": "how many sources had a bar for this day",
    "trade_count": "trades in the day (intraday and vendor bars only)"
  },
  "checks": [
    { "type": "unique", "columns": ["symbol", "date"] },
    { "type": "not_null", "column": "close" },
    { "type": "range", "column": "close", "min": 0, "inclusive": false },
    { "type": "expression", "name": "ohlc_consistent", "expression": "high IS NULL OR (high >= low AND high >= close AND low <= close)", "severity": "warn" },
    { "type": "row_count", "min": 1, "severity": "warn" },
    { "type": "row_count_anomaly", "severity": "warn" }
  ]
}
---*/
WITH intraday AS (
  SELECT
    symbol, bar_date AS date,
    arg_min(open, minute) AS open,
    max(high) AS high, min(low) AS low,
    arg_max(close, minute) AS close,
    sum(volume) AS volume,
    sum(vwap * volume) / nullif(sum(volume), 0) AS vwap,
    sum(trade_count) AS trade_count,
    'intraday' AS source, 3 AS priority
  FROM ref('bars_1m')
  GROUP BY ALL
),
vendor AS (
  SELECT symbol, CAST(ts AS DATE) AS date, open, high, low, close, volume, vwap, trade_count, 'alpaca_1d' AS source, 1 AS priority
  FROM ref('stg_alpaca_bars')
  WHERE timeframe IN ('1Day', '1D', '1day')
  QUALIFY row_number() OVER (PARTITION BY symbol, CAST(ts AS DATE) ORDER BY received_at DESC, batch_id DESC) = 1
),
feed AS (
  SELECT symbol, date, open, high, low, close, volume, CAST(NULL AS DOUBLE) AS vwap, CAST(NULL AS BIGINT) AS trade_count, source, 2 AS priority
  FROM ref('stg_market_daily_bars')
  WHERE close IS NOT NULL
  QUALIFY row_number() OVER (
    PARTITION BY symbol, date
    ORDER BY (high IS NOT NULL AND low IS NOT NULL) DESC, ingested_at DESC, batch_id DESC) = 1
),
candidates AS (
  SELECT * FROM vendor UNION ALL BY NAME SELECT * FROM feed UNION ALL BY NAME SELECT * FROM intraday
)
SELECT
  symbol, date, open, high, low, close,
  CAST(volume AS BIGINT) AS volume, vwap, CAST(trade_count AS BIGINT) AS trade_count, source,
  CAST(count(*) OVER (PARTITION BY symbol, date) AS INTEGER) AS n_sources
FROM candidates
QUALIFY row_number() OVER (
  PARTITION BY symbol, date
  ORDER BY (open IS NOT NULL AND high IS NOT NULL AND low IS NOT NULL) DESC, priority) = 1
