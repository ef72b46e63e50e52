/*---
{
  "materialized": "table",
  "description": "Reddit submissions, latest fetched version per fullname; a deletion is sticky (never resurrected by an older copy)",
  "tags": ["reddit"],
  "unique_key": ["fullname"],
  "checks": [
    { "type": "unique", "columns": ["fullname"] },
    { "type": "not_null", "column": "created_utc" }
  ]
}
---*/
SELECT
  fullname, subreddit, author, title, selftext, score, num_comments, created_utc, edited_utc, content_hash,
  bool_or(is_deleted) OVER (PARTITION BY fullname) AS is_deleted,
  fetched_at
FROM ref('stg_reddit_posts')
QUALIFY row_number() OVER (PARTITION BY fullname ORDER BY fetched_at DESC, batch_id DESC) = 1
