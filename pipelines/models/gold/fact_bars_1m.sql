/*---
{
  "materialized": "incremental",
  "description": "1-minute bars per symbol (star schema fact; joins dim_symbol on symbol and dim_date on date)",
  "tags": ["market", "intraday", "fact"],
  "unique_key": ["symbol", "minute"],
  "partition_by": ["date"],
  "incremental": { "column": "minute", "lookback": "3 days" },
  "checks": [
    { "type": "unique", "columns": ["symbol", "minute"] },
    { "type": "relationships", "column": "date", "to": "dim_date", "field": "date" },
    { "type": "relationships", "column": "symbol", "to": "dim_symbol", "field": "symbol", "severity": "warn" }
  ]
}
---*/
SELECT
  symbol, minute, bar_date AS date,
  open, high, low, close, volume, vwap, trade_count, source, reconciled
FROM ref('bars_1m')
WHERE {{ incremental_since('minute') }}
