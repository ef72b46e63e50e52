/**
 * Lake tables the Reddit source writes (columns documented in docs/reddit.md). Bronze keeps
 * every distinct version of an item (key: fullname + content_hash); silver picks the latest.
 */
import type { TableSpec } from '../../lake/types';

const common = [
  { name: 'content_hash', type: 'string', nullable: false, description: 'hash of text, author, edited and removal state: a new value is a new version' },
  { name: 'raw', type: 'string', nullable: false, description: 'the item `data` object as received (JSON text)' },
  { name: 'source', type: 'string', nullable: false, description: 'API host the item came from' },
  { name: 'fetched_at', type: 'timestamp', nullable: false },
  { name: 'batch_id', type: 'string', nullable: false, description: 'deterministic id of the fetched batch (also the txn appId suffix)' },
] as const satisfies TableSpec['columns'];

export const POSTS_TABLE: TableSpec = {
  layer: 'bronze',
  name: 'reddit_posts',
  description: 'Reddit posts (t3), one row per distinct version',
  columns: [
    { name: 'name', type: 'string', nullable: false, description: 'fullname t3_<id36>' },
    { name: 'id', type: 'string', nullable: false },
    { name: 'subreddit', type: 'string', nullable: false },
    { name: 'author', type: 'string', nullable: false, description: '[deleted] when the author deleted it' },
    { name: 'title', type: 'string', nullable: false },
    { name: 'selftext', type: 'string', nullable: false, description: '[deleted]/[removed] when gone' },
    { name: 'created_utc', type: 'timestamp', nullable: false },
    { name: 'score', type: 'long', nullable: false, description: 'score when fetched (fuzzed by Reddit)' },
    { name: 'upvote_ratio', type: 'double' },
    { name: 'num_comments', type: 'long' },
    { name: 'permalink', type: 'string' },
    { name: 'link_flair_text', type: 'string' },
    { name: 'edited_utc', type: 'timestamp', description: 'last edit time, null when never edited' },
    { name: 'removed', type: 'string', description: 'null, deleted or removed' },
    { name: 'removed_by_category', type: 'string' },
    ...common,
  ],
};

export const COMMENTS_TABLE: TableSpec = {
  layer: 'bronze',
  name: 'reddit_comments',
  description: 'Reddit comments (t1), one row per distinct version',
  columns: [
    { name: 'name', type: 'string', nullable: false, description: 'fullname t1_<id36>' },
    { name: 'id', type: 'string', nullable: false },
    { name: 'subreddit', type: 'string', nullable: false },
    { name: 'author', type: 'string', nullable: false },
    { name: 'body', type: 'string', nullable: false },
    { name: 'created_utc', type: 'timestamp', nullable: false },
    { name: 'score', type: 'long', nullable: false },
    { name: 'link_id', type: 'string', nullable: false, description: 'post fullname' },
    { name: 'parent_id', type: 'string', nullable: false },
    { name: 'permalink', type: 'string' },
    { name: 'edited_utc', type: 'timestamp' },
    { name: 'removed', type: 'string', description: 'null, deleted or removed' },
    ...common,
  ],
};

export const MENTIONS_TABLE: TableSpec = {
  layer: 'bronze',
  name: 'reddit_mentions',
  description: 'Ticker mentions with sentiment, computed at ingest by pipelines/nlp tagPost (one row per item version and symbol)',
  columns: [
    { name: 'fullname', type: 'string', nullable: false, description: 't3_ or t1_ fullname of the post/comment' },
    { name: 'kind', type: 'string', nullable: false, description: 'post or comment' },
    { name: 'link_id', type: 'string', nullable: false, description: 'post fullname (the item itself for posts)' },
    { name: 'subreddit', type: 'string', nullable: false },
    { name: 'symbol', type: 'string', nullable: false },
    { name: 'how_found', type: 'string', nullable: false, description: 'cashtag, symbol, symbol_context, name or alias (first mention)' },
    { name: 'mention_count', type: 'long', nullable: false },
    { name: 'sentiment', type: 'double', nullable: false, description: 'VADER-style compound for this symbol in [-1, 1]' },
    { name: 'label', type: 'string', nullable: false, description: 'bullish, bearish or neutral' },
    { name: 'item_sentiment', type: 'double', nullable: false, description: 'compound of the whole post/comment' },
    { name: 'score', type: 'long', nullable: false, description: 'item score when fetched (for score-weighted means)' },
    { name: 'created_utc', type: 'timestamp', nullable: false },
    { name: 'content_hash', type: 'string', nullable: false },
    { name: 'nlp_version', type: 'string', nullable: false, description: 'lexicon + universe version that scored it' },
    { name: 'fetched_at', type: 'timestamp', nullable: false },
    { name: 'batch_id', type: 'string', nullable: false },
  ],
};

export const GAPS_TABLE: TableSpec = {
  layer: 'meta',
  name: 'reddit_gaps',
  description: 'Time ranges a listing could not reach (the 1000-item cap): backfill them from dumps',
  columns: [
    { name: 'listing', type: 'string', nullable: false, description: 'e.g. r/wallstreetbets/comments' },
    { name: 'gap_from', type: 'timestamp', nullable: false },
    { name: 'gap_to', type: 'timestamp', nullable: false },
    { name: 'items_seen', type: 'long', nullable: false },
    { name: 'detected_at', type: 'timestamp', nullable: false },
    { name: 'batch_id', type: 'string', nullable: false },
  ],
};

export const SYMBOLS_TABLE: TableSpec = {
  layer: 'meta',
  name: 'symbols',
  description: 'The ticker universe used by the NLP tagger (shipped file plus user additions)',
  columns: [
    { name: 'symbol', type: 'string', nullable: false },
    { name: 'name', type: 'string', nullable: false },
    { name: 'sector', type: 'string', nullable: false },
    { name: 'groups', type: 'string', nullable: false, description: 'comma list: s=S&P 500, n=Nasdaq-100, d=Dow 30, h=Dow 30 in 2001, e=ETF, w=popular' },
    { name: 'aliases', type: 'string', nullable: false, description: 'semicolon list of lower-case aliases and nicknames' },
    { name: 'origin', type: 'string', nullable: false, description: 'shipped or user' },
  ],
};
