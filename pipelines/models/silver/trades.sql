/*---
{
  "materialized": "incremental",
  "description": "Trades deduplicated by (symbol, trade_id, exchange) with corrections applied and cancelled/errored trades removed",
  "tags": ["market", "intraday"],
  "unique_key": ["symbol", "trade_id", "exchange"],
  "partition_by": ["trade_date"],
  "incremental": { "column": "ts", "lookback": "3 days" },
  "columns": {
    "trade_date": "UTC calendar date of ts (equals the New York session date for regular hours)",
    "corrected": "true when a correction replaced the original price/size",
    "received_at": "first time the engine received this trade"
  },
  "checks": [
    { "type": "unique", "columns": ["symbol", "trade_id", "exchange"] },
    { "type": "not_null", "column": "ts" },
    { "type": "range", "column": "price", "min": 0, "inclusive": false },
    { "type": "range", "column": "size", "min": 0, "severity": "warn" },
    { "type": "row_count_anomaly", "severity": "warn" }
  ]
}
---*/
WITH raw AS (
  SELECT symbol, trade_id, exchange, price, size, conditions, tape, ts, received_at, batch_id
  FROM ref('stg_alpaca_trades')
  WHERE {{ incremental_since('ts') }}
),
-- Stream, gap repair and backfill deliver the same trade more than once: keep the first received.
-- Only keys that occur more than once go through the window (a hash aggregate finds them); the
-- rest pass straight through, which is several times cheaper than windowing every trade.
dup_keys AS (
  SELECT symbol, trade_id, exchange FROM raw GROUP BY ALL HAVING count(*) > 1
),
dedup AS (
  SELECT * FROM raw ANTI JOIN dup_keys USING (symbol, trade_id, exchange)
  UNION ALL
  SELECT * FROM (SELECT r.* FROM raw r SEMI JOIN dup_keys USING (symbol, trade_id, exchange))
  QUALIFY row_number() OVER (PARTITION BY symbol, trade_id, exchange ORDER BY received_at, batch_id) = 1
),
corr AS (
  SELECT symbol, exchange, orig_trade_id, corr_trade_id, corr_price, corr_size, corr_conditions
  FROM ref('stg_alpaca_corrections')
  QUALIFY row_number() OVER (PARTITION BY symbol, orig_trade_id, exchange ORDER BY ts DESC, received_at DESC) = 1
),
cancels AS (
  SELECT DISTINCT symbol, trade_id, exchange FROM ref('stg_alpaca_cancels')
)
SELECT
  d.symbol, d.trade_id, d.exchange,
  coalesce(c.corr_price, d.price) AS price,
  coalesce(c.corr_size, d.size) AS size,
  coalesce(c.corr_conditions, d.conditions) AS conditions,
  d.tape, d.ts,
  CAST(d.ts AS DATE) AS trade_date,
  c.orig_trade_id IS NOT NULL AS corrected,
  d.received_at, d.batch_id
FROM dedup d
LEFT JOIN corr c ON c.symbol = d.symbol AND c.orig_trade_id = d.trade_id AND c.exchange = d.exchange
ANTI JOIN cancels x ON x.symbol = d.symbol AND x.trade_id = d.trade_id AND x.exchange = d.exchange
