/*---
{
  "materialized": "view",
  "description": "Trade corrections from the stream's event table (type c): the original trade (symbol, orig_trade_id, exchange) is replaced by the corrected values",
  "tags": ["market", "intraday"]
}
---*/
SELECT
  CAST(symbol AS VARCHAR) AS symbol,
  CAST(payload ->> 'x' AS VARCHAR) AS exchange,
  CAST(payload ->> 'oi' AS BIGINT) AS orig_trade_id,
  CAST(payload ->> 'ci' AS BIGINT) AS corr_trade_id,
  CAST(payload ->> 'cp' AS DOUBLE) AS corr_price,
  CAST(payload ->> 'cs' AS BIGINT) AS corr_size,
  array_to_string(CAST(json_extract(payload, '$.cc') AS VARCHAR[]), ',') AS corr_conditions,
  CAST(ts AS TIMESTAMP) AS ts,
  CAST(received_at AS TIMESTAMP) AS received_at
FROM source('bronze', 'alpaca_events')
WHERE event_type = 'c'
