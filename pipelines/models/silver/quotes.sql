/*---
{
  "materialized": "incremental",
  "description": "Quotes deduplicated (identical re-deliveries collapse to one row)",
  "tags": ["market", "intraday"],
  "unique_key": ["symbol", "ts", "quote_key"],
  "partition_by": ["quote_date"],
  "incremental": { "column": "ts", "lookback": "1 day" },
  "columns": { "quote_key": "hash of exchanges, prices and sizes: a quote's identity within its timestamp", "spread": "ask - bid" },
  "checks": [
    { "type": "unique", "columns": ["symbol", "ts", "quote_key"] },
    { "type": "expression", "name": "ask_ge_bid", "expression": "ask_price = 0 OR bid_price = 0 OR ask_price >= bid_price", "severity": "warn" }
  ]
}
---*/
SELECT
  symbol, ts, CAST(ts AS DATE) AS quote_date,
  md5(concat_ws('|', bid_exchange, bid_price, bid_size, ask_exchange, ask_price, ask_size)) AS quote_key,
  bid_exchange, bid_price, bid_size, ask_exchange, ask_price, ask_size,
  ask_price - bid_price AS spread,
  conditions, tape, received_at
FROM ref('stg_alpaca_quotes')
WHERE {{ incremental_since('ts') }}
QUALIFY row_number() OVER (
  PARTITION BY symbol, ts, bid_exchange, bid_price, bid_size, ask_exchange, ask_price, ask_size
  ORDER BY received_at, batch_id) = 1
