/**
 * Replays Reddit posts and comments (`reddit.post.v1`, `reddit.comment.v1`) through the ingest's
 * own writer: RedditBronzeWriter.writeBatch (contract, row mapping, content hash, ticker and
 * sentiment tagging into reddit_mentions) writes into a scratch lake, and its rows are appended
 * to the real tables under the retry's txn marker. Versions bronze already holds (same fullname
 * and content_hash) are skipped, as the writer skips them at ingest.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDuck, sqlString } from '../../duck/duck';
import { openLake } from '../../lake/index';
import type { TableSpec } from '../../lake/types';
import { RedditBronzeWriter, type RedditThing } from '../../sources/reddit/bronze-writer';
import { syncSymbols } from '../../sources/reddit/symbols-table';
import { COMMENTS_TABLE, MENTIONS_TABLE, POSTS_TABLE } from '../../sources/reddit/tables';
import { defaultNlpModel, loadNlpModel } from '../../../pipelines/nlp/resources';
import { COMMENT_CONTRACT_ID, POST_CONTRACT_ID, validateComment, validatePost } from '../../../pipelines/contracts/reddit/schemas';
import { isObject, retryBatchId, retryMarker, type QuarantinedRecord, type Replay, type ReplayContext } from './replay';

const idOf = (spec: TableSpec) => `${spec.layer}.${spec.name}`;

/**
 * The API host the item's batch came from (the writer's `source` column); the quarantine row only
 * says 'reddit', so it is read from the batch's valid items, when it had any.
 */
async function hostOf(ctx: ReplayContext, rec: QuarantinedRecord): Promise<string> {
  for (const spec of [POSTS_TABLE, COMMENTS_TABLE]) {
    if (!ctx.has(idOf(spec))) continue;
    const [row] = await ctx.duck.all(`SELECT source FROM ${idOf(spec)} WHERE batch_id = ${sqlString(rec.batchId)} LIMIT 1`);
    if (row) return String(row.source);
  }
  return rec.source;
}

function redditReplay(contract: string, kind: 't3' | 't1', target: TableSpec): Replay {
  const check = kind === 't3' ? validatePost : validateComment;
  return {
    target,
    validate(raw) {
      const v = check(raw);
      // The writer stores the item as received (its `raw` column), so the row is the payload itself.
      return v.ok && isObject(raw) ? { ok: true, row: raw } : { ok: false, reason: v.ok ? '(root): item must be an object' : v.reason };
    },
    async append(ctx, items) {
      const { lake, duck, retryId } = ctx;
      // The tagger's universe as the ingest builds it: shipped symbols plus the user's.
      const extra = await syncSymbols(lake, duck);
      const model = extra.length > 0 ? loadNlpModel({ extraSymbols: extra }) : defaultNlpModel();
      const dir = await mkdtemp(path.join(tmpdir(), 'fde-qretry-reddit-'));
      const scratch = await openLake(path.join(dir, 'lake'));
      // Its own connection: the writer attaches the scratch lake, which must not replace the real lake's views.
      const scratchDuck = await openDuck();
      try {
        // The writer takes one host and one fetch time per batch: group by both.
        const groups = new Map<string, { host: string; at: number; things: RedditThing[] }>();
        for (const { record, row } of items) {
          const host = await hostOf(ctx, record);
          const k = `${host}\n${record.receivedMs}`;
          const g = groups.get(k) ?? { host, at: record.receivedMs, things: [] };
          g.things.push({ kind, data: row });
          groups.set(k, g);
        }
        for (const g of groups.values()) {
          const writer = await RedditBronzeWriter.open(scratch, scratchDuck, model, g.host);
          const r = await writer.writeBatch(g.things, new Date(g.at));
          if (r.quarantined > 0) throw new Error(`the Reddit writer refused a replayed ${contract} item`);
        }
        const options = { txn: retryMarker(retryId), info: { source: 'quarantine-retry', contract } };
        // Mentions before their items, as the writer commits them.
        for (const [spec, key] of [[MENTIONS_TABLE, 'fullname'], [target, 'name']] as const) {
          const staged = await scratch.openTable(spec.layer, spec.name);
          const files = staged ? (await staged.snapshot()).files.map((f) => sqlString(f.localPath)) : [];
          if (files.length === 0) continue;
          const id = idOf(spec);
          const fresh = ctx.has(id) ? `WHERE ${key} || ':' || content_hash NOT IN (SELECT ${key} || ':' || content_hash FROM ${id})` : '';
          const table = await lake.ensureTable(spec);
          await table.append({ duck, sql: `SELECT * REPLACE (${sqlString(retryBatchId(retryId))} AS batch_id) FROM read_parquet([${files.join(', ')}]) ${fresh}` }, options);
        }
      } finally {
        scratchDuck.close();
        await scratch.close();
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

export const redditReplays = (): Record<string, Replay> => ({
  [POST_CONTRACT_ID]: redditReplay(POST_CONTRACT_ID, 't3', POSTS_TABLE),
  [COMMENT_CONTRACT_ID]: redditReplay(COMMENT_CONTRACT_ID, 't1', COMMENTS_TABLE),
});
