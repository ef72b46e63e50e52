/*---
{
  "materialized": "view",
  "description": "Typed vendor bars (any timeframe) from bronze",
  "tags": ["market"]
}
---*/
SELECT
  CAST(symbol AS VARCHAR) AS symbol,
  CAST(timeframe AS VARCHAR) AS timeframe,
  CAST(ts AS TIMESTAMP) AS ts,
  CAST(open AS DOUBLE) AS open,
  CAST(high AS DOUBLE) AS high,
  CAST(low AS DOUBLE) AS low,
  CAST(close AS DOUBLE) AS close,
  CAST(volume AS BIGINT) AS volume,
  CAST(trade_count AS BIGINT) AS trade_count,
  CAST(vwap AS DOUBLE) AS vwap,
  CAST(received_at AS TIMESTAMP) AS received_at,
  CAST(batch_id AS VARCHAR) AS batch_id
FROM source('bronze', 'alpaca_bars')
