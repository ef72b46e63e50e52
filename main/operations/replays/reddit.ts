/**
 * Replays Reddit posts and comments (`reddit.post.v1`, `reddit.comment.v1`) through the ingest's
 * own writer (RedditBronzeWriter: contract, row mapping, content hash, ticker and sentiment
 * tagging into reddit_mentions), opened on the lake itself, so versions bronze already holds
 * (same fullname and content_hash) are skipped as at ingest. The writer commits under the
 * retry's batch id and txn marker instead of its own.
 */
import { sqlString } from '../../duck/duck';
import type { TableSpec } from '../../lake/types';
import { RedditBronzeWriter, type RedditThing } from '../../sources/reddit/bronze-writer';
import { syncSymbols } from '../../sources/reddit/symbols-table';
import { COMMENTS_TABLE, POSTS_TABLE } from '../../sources/reddit/tables';
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
      // The writer takes one host and one fetch time per batch: group by both, in a fixed order,
      // and give each group the next version of the retry's marker (a resumed retry rebuilds the
      // same groups, so a group that committed is refused by the Delta log and the rest land).
      const groups = new Map<string, { host: string; at: number; things: RedditThing[] }>();
      for (const { record, row } of items) {
        const host = await hostOf(ctx, record);
        const k = `${record.receivedMs}\n${host}`;
        const g = groups.get(k) ?? { host, at: record.receivedMs, things: [] };
        g.things.push({ kind, data: row });
        groups.set(k, g);
      }
      const marker = retryMarker(retryId);
      let version = marker.version;
      for (const k of [...groups.keys()].sort()) {
        const g = groups.get(k)!;
        const writer = await RedditBronzeWriter.open(lake, duck, model, g.host);
        const as = { batchId: retryBatchId(retryId), txn: { appId: marker.appId, version: version++ }, info: { source: 'quarantine-retry', contract } };
        const r = await writer.writeBatch(g.things, new Date(g.at), as);
        if (r.quarantined > 0) throw new Error(`the Reddit writer refused a replayed ${contract} item`);
      }
    },
  };
}

export const redditReplays = (): Record<string, Replay> => ({
  [POST_CONTRACT_ID]: redditReplay(POST_CONTRACT_ID, 't3', POSTS_TABLE),
  [COMMENT_CONTRACT_ID]: redditReplay(COMMENT_CONTRACT_ID, 't1', COMMENTS_TABLE),
});
