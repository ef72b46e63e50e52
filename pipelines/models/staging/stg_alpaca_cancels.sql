/*---
{
  "materialized": "view",
  "description": "Trade cancels/errors from the stream's event table (type x); action C = cancel, E = error (both remove the trade)",
  "tags": ["market", "intraday"]
}
---*/
SELECT
  CAST(symbol AS VARCHAR) AS symbol,
  CAST(payload ->> 'i' AS BIGINT) AS trade_id,
  CAST(payload ->> 'x' AS VARCHAR) AS exchange,
  CAST(payload ->> 'a' AS VARCHAR) AS action,
  CAST(ts AS TIMESTAMP) AS ts,
  CAST(received_at AS TIMESTAMP) AS received_at
FROM source('bronze', 'alpaca_events')
WHERE event_type = 'x'
