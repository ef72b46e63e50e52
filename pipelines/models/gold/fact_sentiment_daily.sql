/*---
{
  "materialized": "table",
  "description": "Daily Reddit sentiment per symbol (UTC days; deleted items excluded)",
  "tags": ["reddit", "fact", "sentiment"],
  "unique_key": ["symbol", "date"],
  "columns": {
    "mean_sentiment": "mean compound sentiment of the day's mentions",
    "weighted_sentiment": "mean weighted by max(score, 0) + 1, so upvoted items count more",
    "mention_count": "mentions (one per item and symbol)",
    "bullish_share": "share of mentions labelled bullish",
    "bearish_share": "share of mentions labelled bearish"
  },
  "checks": [
    { "type": "unique", "columns": ["symbol", "date"] },
    { "type": "range", "column": "mean_sentiment", "min": -1, "max": 1 },
    { "type": "range", "column": "bullish_share", "min": 0, "max": 1 },
    { "type": "relationships", "column": "date", "to": "dim_date", "field": "date" }
  ]
}
---*/
SELECT
  symbol,
  mention_date AS date,
  avg(sentiment) AS mean_sentiment,
  sum(sentiment * (greatest(score, 0) + 1)) / sum(greatest(score, 0) + 1) AS weighted_sentiment,
  CAST(count(*) AS BIGINT) AS mention_count,
  avg(CASE WHEN label = 'bullish' THEN 1.0 ELSE 0.0 END) AS bullish_share,
  avg(CASE WHEN label = 'bearish' THEN 1.0 ELSE 0.0 END) AS bearish_share,
  CAST(count(*) FILTER (WHERE kind = 'post') AS BIGINT) AS post_mentions,
  CAST(count(*) FILTER (WHERE kind = 'comment') AS BIGINT) AS comment_mentions
FROM ref('mentions')
WHERE NOT is_deleted AND mention_date IS NOT NULL AND sentiment IS NOT NULL
GROUP BY symbol, mention_date
