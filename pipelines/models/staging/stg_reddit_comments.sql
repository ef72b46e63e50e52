/*---
{
  "materialized": "view",
  "description": "Typed Reddit comments, every fetched version",
  "tags": ["reddit"],
  "columns": { "is_deleted": "true when the author deleted it or a moderator removed it" }
}
---*/
SELECT
  CAST(name AS VARCHAR) AS fullname,
  CAST(link_id AS VARCHAR) AS link_id,
  CAST(subreddit AS VARCHAR) AS subreddit,
  CAST(author AS VARCHAR) AS author,
  CAST(body AS VARCHAR) AS body,
  CAST(score AS BIGINT) AS score,
  CAST(created_utc AS TIMESTAMP) AS created_utc,
  CAST(edited_utc AS TIMESTAMP) AS edited_utc,
  removed IS NOT NULL AS is_deleted,
  CAST(content_hash AS VARCHAR) AS content_hash,
  CAST(fetched_at AS TIMESTAMP) AS fetched_at,
  CAST(batch_id AS VARCHAR) AS batch_id
FROM source('bronze', 'reddit_comments')
