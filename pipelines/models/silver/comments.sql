/*---
{
  "materialized": "table",
  "description": "Reddit comments, latest fetched version per fullname; deletions are sticky",
  "tags": ["reddit"],
  "unique_key": ["fullname"],
  "checks": [
    { "type": "unique", "columns": ["fullname"] },
    { "type": "not_null", "column": "created_utc" }
  ]
}
---*/
SELECT
  fullname, link_id, subreddit, author, body, score, created_utc, edited_utc, content_hash,
  bool_or(is_deleted) OVER (PARTITION BY fullname) AS is_deleted,
  fetched_at
FROM ref('stg_reddit_comments')
QUALIFY row_number() OVER (PARTITION BY fullname ORDER BY fetched_at DESC, batch_id DESC) = 1
