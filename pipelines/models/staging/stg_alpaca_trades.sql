/*---
{
  "materialized": "view",
  "description": "Typed Alpaca trades from bronze: one row per received trade message (duplicates kept)",
  "tags": ["market", "intraday"],
  "columns": { "ts": "trade time (UTC)", "received_at": "when the engine received it" },
  "checks": [
    { "type": "not_null", "column": "symbol" },
    { "type": "range", "column": "price", "min": 0, "inclusive": false, "severity": "warn" }
  ]
}
---*/
SELECT
  CAST(symbol AS VARCHAR) AS symbol,
  CAST(trade_id AS BIGINT) AS trade_id,
  CAST(exchange AS VARCHAR) AS exchange,
  CAST(price AS DOUBLE) AS price,
  CAST(size AS BIGINT) AS size,
  CAST(conditions AS VARCHAR) AS conditions,
  CAST(tape AS VARCHAR) AS tape,
  CAST(ts AS TIMESTAMP) AS ts,
  CAST(received_at AS TIMESTAMP) AS received_at,
  CAST(batch_id AS VARCHAR) AS batch_id
FROM source('bronze', 'alpaca_trades')
