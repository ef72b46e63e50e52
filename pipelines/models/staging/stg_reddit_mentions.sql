/*---
{
  "materialized": "view",
  "description": "Typed ticker mentions found in posts and comments (one row per item version and symbol), with the sentiment scored at ingest",
  "tags": ["reddit"],
  "checks": [
    { "type": "range", "column": "sentiment", "min": -1, "max": 1 },
    { "type": "accepted_values", "column": "label", "values": ["bullish", "bearish", "neutral"], "severity": "warn" }
  ]
}
---*/
SELECT
  CAST(fullname AS VARCHAR) AS fullname,
  CAST(kind AS VARCHAR) AS kind,
  CAST(subreddit AS VARCHAR) AS subreddit,
  upper(CAST(symbol AS VARCHAR)) AS symbol,
  CAST(how_found AS VARCHAR) AS how_found,
  CAST(mention_count AS BIGINT) AS mention_count,
  CAST(sentiment AS DOUBLE) AS sentiment,
  lower(CAST(label AS VARCHAR)) AS label,
  CAST(score AS BIGINT) AS score,
  CAST(created_utc AS TIMESTAMP) AS created_utc,
  CAST(content_hash AS VARCHAR) AS content_hash,
  CAST(fetched_at AS TIMESTAMP) AS fetched_at,
  CAST(batch_id AS VARCHAR) AS batch_id
FROM source('bronze', 'reddit_mentions')
