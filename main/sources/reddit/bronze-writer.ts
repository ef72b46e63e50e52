/**
 * Writes fetched Reddit things to bronze exactly once: each batch gets a deterministic id
 * (hash of its items' fullname:content_hash), every table commit carries the txn marker
 * (appId "reddit-<batch id>", version 1), and rows already in a table (same fullname and
 * content_hash, loaded at open) are skipped, so overlapping polls, re-runs and a crash between
 * two table commits never duplicate a row. Invalid items go to bronze.quarantine.
 */
import { createHash } from 'node:crypto';
import type { Duck } from '../../duck/duck';
import { loadRows, type LoadColumn } from '../../duck/bulk-load';
import type { Lake, TableSpec, TxnMarker } from '../../lake/types';
import { writeQuarantine, type QuarantineRecord } from '../../ingest/quarantine';
import {
  COMMENT_CONTRACT_ID, POST_CONTRACT_ID, isGone, validateComment, validatePost,
} from '../../../pipelines/contracts/reddit/schemas';
import { tagPost, type NlpModel } from '../../../pipelines/nlp/tag';
import { COMMENTS_TABLE, MENTIONS_TABLE, POSTS_TABLE } from './tables';

export interface RedditThing {
  kind: string;
  data: Record<string, unknown>;
}

export interface BatchResult {
  batchId: string;
  posts: number;
  comments: number;
  mentions: number;
  quarantined: number;
  duplicates: number;
  committed: boolean;
}

export interface ItemVersion {
  fullname: string;
  created: number;
  subreddit: string;
}

const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();

export function contentHash(parts: unknown[]): string {
  return createHash('sha1').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}

function columnsOf(spec: TableSpec): LoadColumn[] {
  return spec.columns.map((c) => ({
    name: c.name,
    type: c.type === 'long' ? 'BIGINT' : c.type === 'double' ? 'DOUBLE' : c.type === 'boolean' ? 'BOOLEAN' : 'VARCHAR',
  }));
}

function selectFor(spec: TableSpec, temp: string): string {
  const cols = spec.columns.map((c) => (c.type === 'timestamp' ? `CAST("${c.name}" AS TIMESTAMP) AS "${c.name}"` : `"${c.name}"`));
  return `SELECT ${cols.join(', ')} FROM ${temp}`;
}

export class RedditBronzeWriter {
  private constructor(
    private readonly lake: Lake,
    private readonly duck: Duck,
    private readonly model: NlpModel,
    private readonly source: string,
    private readonly seen: Map<string, Set<string>>,
  ) {}

  static async open(lake: Lake, duck: Duck, model: NlpModel, source: string): Promise<RedditBronzeWriter> {
    const seen = new Map<string, Set<string>>();
    const ids = new Set(await lake.attach(duck));
    const load = async (spec: TableSpec, key: string) => {
      const set = new Set<string>();
      const id = `${spec.layer}.${spec.name}`;
      if (ids.has(id)) {
        const rows = await duck.all<{ k: string }>(`SELECT DISTINCT ${key} || ':' || content_hash AS k FROM ${id}`);
        for (const r of rows) set.add(r.k);
      }
      seen.set(spec.name, set);
    };
    await load(POSTS_TABLE, 'name');
    await load(COMMENTS_TABLE, 'name');
    await load(MENTIONS_TABLE, 'fullname');
    for (const spec of [POSTS_TABLE, COMMENTS_TABLE, MENTIONS_TABLE]) await lake.ensureTable(spec);
    return new RedditBronzeWriter(lake, duck, model, source, seen);
  }

  /** Items (fullname, created, subreddit) already stored, for re-fetching recent ones. */
  async storedSince(epochSeconds: number): Promise<ItemVersion[]> {
    await this.lake.attach(this.duck);
    const rows = await this.duck.all<{ name: string; c: number; subreddit: string }>(
      `SELECT name, max(epoch(created_utc)) AS c, any_value(subreddit) AS subreddit FROM (
         SELECT name, created_utc, subreddit FROM bronze.reddit_posts UNION ALL
         SELECT name, created_utc, subreddit FROM bronze.reddit_comments)
       WHERE created_utc >= to_timestamp(${Math.floor(epochSeconds)})::TIMESTAMP GROUP BY name`,
    );
    return rows.map((r) => ({ fullname: r.name, created: Number(r.c), subreddit: r.subreddit }));
  }

  /**
   * `as` writes the batch under a given batch id and txn marker instead of the ones derived from
   * its items: a quarantine retry lands its corrected items under the retry's marker.
   */
  async writeBatch(things: readonly RedditThing[], fetchedAt = new Date(), as?: { batchId: string; txn: TxnMarker; info: Record<string, string> }): Promise<BatchResult> {
    const posts: Record<string, unknown>[] = [];
    const comments: Record<string, unknown>[] = [];
    const mentions: Record<string, unknown>[] = [];
    const quarantine: Omit<QuarantineRecord, 'batchId'>[] = [];
    const keys: string[] = [];
    let duplicates = 0;
    for (const thing of things) {
      const raw = JSON.stringify(thing.data);
      if (thing.kind === 't3') {
        const v = validatePost(thing.data);
        if (!v.ok) {
          quarantine.push({ source: 'reddit', contract: POST_CONTRACT_ID, reason: v.reason, raw, receivedAt: fetchedAt });
          keys.push(`q:${contentHash([raw])}`);
          continue;
        }
        const p = v.value;
        const removed = isGone(p.selftext, p.author);
        const hash = contentHash([p.title, p.selftext, p.author, p.edited ?? false, p.removed_by_category ?? null]);
        keys.push(`${p.name}:${hash}`);
        const row = {
          name: p.name, id: p.id, subreddit: p.subreddit, author: p.author, title: p.title, selftext: p.selftext,
          created_utc: iso(p.created_utc), score: p.score, upvote_ratio: p.upvote_ratio ?? null,
          num_comments: p.num_comments ?? null, permalink: p.permalink ?? null, link_flair_text: p.link_flair_text ?? null,
          edited_utc: typeof p.edited === 'number' ? iso(p.edited) : null, removed,
          removed_by_category: p.removed_by_category ?? null, content_hash: hash, raw, source: this.source,
        };
        if (this.take(POSTS_TABLE.name, `${p.name}:${hash}`)) posts.push(row);
        else duplicates++;
        this.mentionRows(mentions, { fullname: p.name, kind: 'post', link_id: p.name, subreddit: p.subreddit, title: p.title, body: p.selftext, score: p.score, created: p.created_utc, hash });
      } else if (thing.kind === 't1') {
        const v = validateComment(thing.data);
        if (!v.ok) {
          quarantine.push({ source: 'reddit', contract: COMMENT_CONTRACT_ID, reason: v.reason, raw, receivedAt: fetchedAt });
          keys.push(`q:${contentHash([raw])}`);
          continue;
        }
        const c = v.value;
        const removed = isGone(c.body, c.author);
        const hash = contentHash([c.body, c.author, c.edited ?? false]);
        keys.push(`${c.name}:${hash}`);
        const row = {
          name: c.name, id: c.id, subreddit: c.subreddit, author: c.author, body: c.body, created_utc: iso(c.created_utc),
          score: c.score, link_id: c.link_id, parent_id: c.parent_id, permalink: c.permalink ?? null,
          edited_utc: typeof c.edited === 'number' ? iso(c.edited) : null, removed, content_hash: hash, raw, source: this.source,
        };
        if (this.take(COMMENTS_TABLE.name, `${c.name}:${hash}`)) comments.push(row);
        else duplicates++;
        this.mentionRows(mentions, { fullname: c.name, kind: 'comment', link_id: c.link_id, subreddit: c.subreddit, title: '', body: c.body, score: c.score, created: c.created_utc, hash });
      } else {
        // `more` stubs and other kinds are not items; nothing to store.
        continue;
      }
    }
    const batchId = as?.batchId ?? createHash('sha256').update(keys.sort().join('\n')).digest('hex').slice(0, 20);
    const txn = as?.txn ?? { appId: `reddit-${batchId}`, version: 1 };
    const info = as?.info ?? { source: 'reddit', batch: batchId };
    const stamp = { fetched_at: fetchedAt.toISOString(), batch_id: batchId };
    let committed = false;
    // Mentions before their items: if we crash in between, the item is re-fetched and its
    // mentions are skipped by the seen set / txn marker instead of being written twice.
    for (const [spec, rows] of [[MENTIONS_TABLE, mentions], [POSTS_TABLE, posts], [COMMENTS_TABLE, comments]] as const) {
      if (rows.length === 0) continue;
      const table = await this.lake.ensureTable(spec);
      const temp = await loadRows(this.duck, `reddit_${spec.name}_batch`, columnsOf(spec), rows.map((r) => ({ ...r, ...stamp })));
      const result = await table.append({ duck: this.duck, sql: selectFor(spec, temp) }, { txn, info });
      await this.duck.run(`DROP TABLE IF EXISTS ${temp}`);
      committed ||= result.committed;
    }
    if (quarantine.length > 0) {
      const r = await writeQuarantine(this.lake, this.duck, quarantine.map((q) => ({ ...q, batchId })), txn);
      committed ||= r?.committed ?? false;
    }
    return { batchId, posts: posts.length, comments: comments.length, mentions: mentions.length, quarantined: quarantine.length, duplicates, committed };
  }

  private take(table: string, key: string): boolean {
    const set = this.seen.get(table)!;
    if (set.has(key)) return false;
    set.add(key);
    return true;
  }

  private mentionRows(
    out: Record<string, unknown>[],
    item: { fullname: string; kind: string; link_id: string; subreddit: string; title: string; body: string; score: number; created: number; hash: string },
  ): void {
    if (!this.take(MENTIONS_TABLE.name, `${item.fullname}:${item.hash}`)) return;
    const tagged = tagPost({ id: item.fullname, title: item.title, body: item.body }, this.model);
    for (const t of tagged.tickers) {
      out.push({
        fullname: item.fullname, kind: item.kind, link_id: item.link_id, subreddit: item.subreddit, symbol: t.symbol,
        how_found: t.how, mention_count: t.count, sentiment: t.sentiment, label: t.label, item_sentiment: tagged.sentiment,
        score: item.score, created_utc: iso(item.created), content_hash: item.hash, nlp_version: this.model.lexicon.version,
      });
    }
  }
}
