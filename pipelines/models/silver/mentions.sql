/*---
{
  "materialized": "table",
  "description": "One row per (item, symbol) for the latest version of each post/comment: ticker mentions with sentiment, score, subreddit and deletion state. A symbol edited out of the latest version is dropped",
  "tags": ["reddit"],
  "unique_key": ["fullname", "symbol"],
  "columns": {
    "kind": "post | comment",
    "sentiment": "compound score in [-1, 1] computed at ingest",
    "score": "Reddit score of the latest version of the item",
    "mention_date": "UTC date of created_utc"
  },
  "checks": [
    { "type": "unique", "columns": ["fullname", "symbol"] },
    { "type": "not_null", "column": "mention_date" },
    { "type": "range", "column": "sentiment", "min": -1, "max": 1 },
    { "type": "accepted_values", "column": "label", "values": ["bullish", "bearish", "neutral"], "severity": "warn" }
  ]
}
---*/
WITH items AS (
  SELECT fullname, 'post' AS kind, subreddit, score, created_utc, is_deleted, content_hash FROM ref('posts')
  UNION ALL
  SELECT fullname, 'comment' AS kind, subreddit, score, created_utc, is_deleted, content_hash FROM ref('comments')
),
m AS (
  SELECT s.*, i.fullname IS NOT NULL AS item_known, i.content_hash AS item_hash
  FROM ref('stg_reddit_mentions') s
  LEFT JOIN items i ON i.fullname = s.fullname
),
-- The mentions of the item's latest version; when the item itself was not fetched, the latest mention row.
latest AS (
  SELECT * FROM m
  WHERE NOT item_known OR content_hash = item_hash
  QUALIFY row_number() OVER (PARTITION BY fullname, symbol ORDER BY fetched_at DESC, batch_id DESC) = 1
)
SELECT
  l.fullname, l.symbol, l.how_found, l.mention_count, l.sentiment, l.label,
  coalesce(i.kind, l.kind) AS kind,
  coalesce(i.subreddit, l.subreddit) AS subreddit,
  coalesce(i.score, l.score, 0) AS score,
  coalesce(l.created_utc, i.created_utc) AS created_utc,
  CAST(coalesce(l.created_utc, i.created_utc) AS DATE) AS mention_date,
  coalesce(i.is_deleted, false) AS is_deleted
FROM latest l
LEFT JOIN items i ON i.fullname = l.fullname
