/*---
{
  "materialized": "table",
  "description": "Daily bars per symbol with the log return (star schema fact)",
  "tags": ["market", "daily", "fact"],
  "unique_key": ["symbol", "date"],
  "columns": { "log_return": "ln(close / previous close of the symbol); null on its first day" },
  "checks": [
    { "type": "unique", "columns": ["symbol", "date"] },
    { "type": "relationships", "column": "date", "to": "dim_date", "field": "date" },
    { "type": "relationships", "column": "symbol", "to": "dim_symbol", "field": "symbol", "severity": "warn" },
    { "type": "row_count", "min": 1 },
    { "type": "freshness", "column": "date", "max_age": "0 days", "relative_to": "SELECT max(date) FROM silver.bars_1d", "severity": "warn" }
  ]
}
---*/
SELECT
  symbol, date, open, high, low, close, volume, vwap, trade_count, source,
  ln(close / lag(close) OVER (PARTITION BY symbol ORDER BY date)) AS log_return
FROM ref('bars_1d')
