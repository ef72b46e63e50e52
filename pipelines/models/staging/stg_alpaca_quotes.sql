/*---
{
  "materialized": "view",
  "description": "Typed Alpaca quotes from bronze",
  "tags": ["market", "intraday"]
}
---*/
SELECT
  CAST(symbol AS VARCHAR) AS symbol,
  CAST(bid_exchange AS VARCHAR) AS bid_exchange,
  CAST(bid_price AS DOUBLE) AS bid_price,
  CAST(bid_size AS BIGINT) AS bid_size,
  CAST(ask_exchange AS VARCHAR) AS ask_exchange,
  CAST(ask_price AS DOUBLE) AS ask_price,
  CAST(ask_size AS BIGINT) AS ask_size,
  CAST(conditions AS VARCHAR) AS conditions,
  CAST(tape AS VARCHAR) AS tape,
  CAST(ts AS TIMESTAMP) AS ts,
  CAST(received_at AS TIMESTAMP) AS received_at,
  CAST(batch_id AS VARCHAR) AS batch_id
FROM source('bronze', 'alpaca_quotes')
