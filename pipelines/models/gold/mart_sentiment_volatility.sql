/*---
{
  "materialized": "table",
  "description": "Per symbol and trading day: today's variance, the next trading day's variance (the forecasting target) and the sentiment of the 5 calendar days before that next day",
  "tags": ["mart", "sentiment", "volatility"],
  "unique_key": ["symbol", "date"],
  "columns": {
    "variance": "fact_realized_vol_daily.variance on date",
    "next_date": "the symbol's next trading day",
    "next_variance": "variance on next_date (null on the last day)",
    "sentiment_lag1": "mean sentiment on next_date - 1 day (lag k: next_date - k days); null when no mentions",
    "mentions_lag1": "mention count on next_date - 1 day (lag k likewise); 0 when none"
  },
  "checks": [
    { "type": "unique", "columns": ["symbol", "date"] },
    { "type": "expression", "name": "next_after_date", "expression": "next_date IS NULL OR next_date > date" },
    { "type": "row_count", "min": 1 }
  ]
}
---*/
WITH v AS (
  SELECT symbol, date, variance, variance_source, log_return,
         lead(date) OVER w AS next_date,
         lead(variance) OVER w AS next_variance
  FROM ref('fact_realized_vol_daily')
  WINDOW w AS (PARTITION BY symbol ORDER BY date)
),
s AS (SELECT symbol, date, mean_sentiment, mention_count FROM ref('fact_sentiment_daily'))
SELECT
  v.symbol, v.date, v.variance, v.variance_source, v.log_return, v.next_date, v.next_variance,
  s1.mean_sentiment AS sentiment_lag1,
  s2.mean_sentiment AS sentiment_lag2,
  s3.mean_sentiment AS sentiment_lag3,
  s4.mean_sentiment AS sentiment_lag4,
  s5.mean_sentiment AS sentiment_lag5,
  coalesce(s1.mention_count, 0) AS mentions_lag1,
  coalesce(s2.mention_count, 0) AS mentions_lag2,
  coalesce(s3.mention_count, 0) AS mentions_lag3,
  coalesce(s4.mention_count, 0) AS mentions_lag4,
  coalesce(s5.mention_count, 0) AS mentions_lag5
FROM v
LEFT JOIN s s1 ON s1.symbol = v.symbol AND s1.date = CAST(coalesce(v.next_date, v.date + 1) - 1 AS DATE)
LEFT JOIN s s2 ON s2.symbol = v.symbol AND s2.date = CAST(coalesce(v.next_date, v.date + 1) - 2 AS DATE)
LEFT JOIN s s3 ON s3.symbol = v.symbol AND s3.date = CAST(coalesce(v.next_date, v.date + 1) - 3 AS DATE)
LEFT JOIN s s4 ON s4.symbol = v.symbol AND s4.date = CAST(coalesce(v.next_date, v.date + 1) - 4 AS DATE)
LEFT JOIN s s5 ON s5.symbol = v.symbol AND s5.date = CAST(coalesce(v.next_date, v.date + 1) - 5 AS DATE)
