/*---
{
  "materialized": "view",
  "description": "Typed daily bars from daily feeds (real series in resources/market)",
  "tags": ["market", "daily"],
  "checks": [
    { "type": "not_null", "column": "close" },
    { "type": "expression", "name": "high_ge_low", "expression": "high IS NULL OR low IS NULL OR high >= low", "severity": "warn" }
  ]
}
---*/
SELECT
  CAST(symbol AS VARCHAR) AS symbol,
  CAST(date AS DATE) AS date,
  CAST(open AS DOUBLE) AS open,
  CAST(high AS DOUBLE) AS high,
  CAST(low AS DOUBLE) AS low,
  CAST(close AS DOUBLE) AS close,
  CAST(volume AS BIGINT) AS volume,
  CAST(source AS VARCHAR) AS source,
  CAST(batch_id AS VARCHAR) AS batch_id,
  CAST(ingested_at AS TIMESTAMP) AS ingested_at
FROM source('bronze', 'market_daily_bars')
