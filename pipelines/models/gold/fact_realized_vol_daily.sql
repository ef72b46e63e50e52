/*---
{
  "materialized": "table",
  "description": "Daily realized variance per symbol: from 5-minute returns when intraday bars exist, and range-based estimators from daily OHLC (all values are daily variances, not annualized)",
  "tags": ["market", "daily", "fact", "volatility"],
  "unique_key": ["symbol", "date"],
  "columns": {
    "rv": "sum of squared 5-minute log returns within the day (null without intraday bars)",
    "n_intraday": "number of 5-minute returns behind rv (0 without intraday bars)",
    "parkinson": "ln(H/L)^2 / (4 ln 2)",
    "gk": "Garman-Klass: 0.5 ln(H/L)^2 - (2 ln 2 - 1) ln(C/O)^2",
    "rs": "Rogers-Satchell: ln(H/C) ln(H/O) + ln(L/C) ln(L/O)",
    "yz": "Yang-Zhang daily term: ln(O/C_prev)^2 + k ln(C/O)^2 + (1 - k) rs with k = 0.34 / (1.34 + (n+1)/(n-1)), n = 22",
    "c2c": "close-to-close: log_return^2",
    "variance": "best available: rv, else yz, else c2c",
    "variance_source": "rv | yz | c2c"
  },
  "checks": [
    { "type": "unique", "columns": ["symbol", "date"] },
    { "type": "range", "column": "rv", "min": 0 },
    { "type": "range", "column": "parkinson", "min": 0 },
    { "type": "range", "column": "c2c", "min": 0 },
    { "type": "relationships", "column": "date", "to": "dim_date", "field": "date" },
    { "type": "row_count", "min": 1 }
  ]
}
---*/
WITH d AS (
  SELECT symbol, date, open, high, low, close,
         lag(close) OVER (PARTITION BY symbol ORDER BY date) AS prev_close
  FROM ref('bars_1d')
),
five AS (
  SELECT symbol, bar_date AS date, time_bucket(INTERVAL 5 MINUTE, minute) AS bucket,
         arg_max(close, minute) AS close
  FROM ref('bars_1m')
  GROUP BY ALL
),
rets AS (
  SELECT symbol, date, ln(close / lag(close) OVER (PARTITION BY symbol, date ORDER BY bucket)) AS r
  FROM five
),
intraday AS (
  SELECT symbol, date, sum(r * r) AS rv, CAST(count(r) AS INTEGER) AS n_intraday
  FROM rets WHERE r IS NOT NULL
  GROUP BY ALL
),
est AS (
  SELECT
    d.symbol, d.date, d.close,
    ln(d.close / d.prev_close) AS log_return,
    i.rv,
    coalesce(i.n_intraday, 0) AS n_intraday,
    d.open > 0 AND d.high > 0 AND d.low > 0 AND d.close > 0 AS has_ohlc,
    d.open, d.high, d.low, d.prev_close
  FROM d LEFT JOIN intraday i ON i.symbol = d.symbol AND i.date = d.date
),
ranges AS (
  SELECT *,
    CASE WHEN has_ohlc THEN pow(ln(high / low), 2) / (4 * ln(2)) END AS parkinson,
    CASE WHEN has_ohlc THEN 0.5 * pow(ln(high / low), 2) - (2 * ln(2) - 1) * pow(ln(close / open), 2) END AS gk,
    CASE WHEN has_ohlc THEN ln(high / close) * ln(high / open) + ln(low / close) * ln(low / open) END AS rs,
    pow(log_return, 2) AS c2c
  FROM est
),
yz AS (
  SELECT *,
    CASE WHEN has_ohlc AND prev_close > 0
         THEN pow(ln(open / prev_close), 2) + (0.34 / (1.34 + 23.0 / 21.0)) * pow(ln(close / open), 2)
              + (1 - 0.34 / (1.34 + 23.0 / 21.0)) * rs END AS yz
  FROM ranges
)
SELECT
  symbol, date, rv, parkinson, gk, rs, yz, c2c, n_intraday, close, log_return,
  coalesce(rv, yz, c2c) AS variance,
  CASE WHEN rv IS NOT NULL THEN 'rv' WHEN yz IS NOT NULL THEN 'yz' WHEN c2c IS NOT NULL THEN 'c2c' END AS variance_source
FROM yz
