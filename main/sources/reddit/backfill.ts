/**
 * backfillReddit: pages /r/{sub}/new and /r/{sub}/comments back to `since`, optionally fetches
 * each post's comment tree, re-fetches recently stored items through /api/info (edits and
 * deletions), and writes everything to bronze exactly once. A listing that stops at Reddit's
 * 1000-item cap before reaching `since` is reported (and stored in meta.reddit_gaps) as a gap.
 * With `incremental`, `since` moves up to the newest stored item minus an overlap window.
 */
import { openDuck, type Duck } from '../../duck/duck';
import { openLake } from '../../lake/index';
import type { Lake } from '../../lake/types';
import { loadRows } from '../../duck/bulk-load';
import { defaultNlpModel, loadNlpModel } from '../../../pipelines/nlp/resources';
import type { NlpModel } from '../../../pipelines/nlp/tag';
import { RedditClient, type RedditClientOptions } from './client';
import { RedditBronzeWriter, type RedditThing } from './bronze-writer';
import { resolveCredentials } from './credentials';
import { GAPS_TABLE } from './tables';
import { syncSymbols } from './symbols-table';

export const LISTING_CAP = 1000;

export interface BackfillProgress {
  phase: 'listing' | 'comment-trees' | 'refresh' | 'done';
  listing?: string;
  pages: number;
  items: number;
  written: number;
}

export interface Gap {
  listing: string;
  from: string;
  to: string;
  itemsSeen: number;
}

export interface BackfillOptions {
  /** Offline server or API base URL; real Reddit when omitted. */
  baseUrl?: string;
  lake: string | Lake;
  subreddits: string[];
  since: Date | string;
  until?: Date | string;
  /** One combined a+b+c listing instead of one per subreddit. */
  combined?: boolean;
  commentTrees?: boolean;
  incremental?: boolean;
  overlapSeconds?: number;
  refreshHours?: number;
  batchSize?: number;
  client?: Partial<RedditClientOptions>;
  duck?: Duck;
  onProgress?: (p: BackfillProgress) => void;
}

export interface BackfillReport {
  since: string;
  until: string;
  posts: number;
  comments: number;
  mentions: number;
  quarantined: number;
  duplicates: number;
  refreshed: number;
  requests: number;
  batches: number;
  gaps: Gap[];
}

const toEpoch = (d: Date | string) => Math.floor((typeof d === 'string' ? Date.parse(d.length === 10 ? `${d}T00:00:00Z` : d) : d.getTime()) / 1000);

export async function backfillReddit(options: BackfillOptions): Promise<BackfillReport> {
  let since = toEpoch(options.since);
  const until = options.until ? toEpoch(options.until) + (typeof options.until === 'string' && options.until.length === 10 ? 86399 : 0) : Infinity;
  if (!Number.isFinite(since)) throw new Error(`invalid since: ${String(options.since)}`);
  const creds = await resolveCredentials(options.baseUrl);
  const client = new RedditClient({ ...creds, baseUrl: options.baseUrl, ...options.client });
  const lake = typeof options.lake === 'string' ? await openLake(options.lake) : options.lake;
  const duck = options.duck ?? (await openDuck({ threads: 2 }));
  try {
    const extra = await syncSymbols(lake, duck);
    const model: NlpModel = extra.length > 0 ? loadNlpModel({ extraSymbols: extra }) : defaultNlpModel();
    const source = new URL(client.baseUrl).host;
    const writer = await RedditBronzeWriter.open(lake, duck, model, source);
    const refreshHours = options.refreshHours ?? 48;
    const stored = await writer.storedSince(0);
    const newestStored = stored.reduce((m, s) => Math.max(m, s.created), 0);
    if (options.incremental && newestStored > 0) since = Math.max(since, newestStored - (options.overlapSeconds ?? 3600));
    const report: BackfillReport = {
      since: new Date(since * 1000).toISOString(), until: Number.isFinite(until) ? new Date(until * 1000).toISOString() : 'now',
      posts: 0, comments: 0, mentions: 0, quarantined: 0, duplicates: 0, refreshed: 0, requests: 0, batches: 0, gaps: [],
    };
    let buffer: RedditThing[] = [];
    const progress = { phase: 'listing' as BackfillProgress['phase'], listing: '', pages: 0, items: 0, written: 0 };
    const flush = async () => {
      if (buffer.length === 0) return;
      const r = await writer.writeBatch(buffer);
      buffer = [];
      report.posts += r.posts;
      report.comments += r.comments;
      report.mentions += r.mentions;
      report.quarantined += r.quarantined;
      report.duplicates += r.duplicates;
      report.batches++;
      progress.written = report.posts + report.comments;
      options.onProgress?.({ ...progress });
    };
    const add = async (thing: RedditThing) => {
      buffer.push(thing);
      if (buffer.length >= (options.batchSize ?? 500)) await flush();
    };
    const fetched = new Set<string>();
    const postIds: string[] = [];
    const groups = options.combined ? [options.subreddits] : options.subreddits.map((s) => [s]);
    for (const kind of ['new', 'comments'] as const) {
      for (const subs of groups) {
        progress.listing = `r/${subs.join('+')}/${kind}`;
        let after: string | undefined;
        let seen = 0;
        let oldest = Infinity;
        let reachedSince = false;
        for (;;) {
          const page = await client.listing(subs, kind, { after, limit: 100 });
          progress.pages++;
          const children = page.data.children;
          seen += children.length;
          for (const child of children) {
            const created = Number(child.data.created_utc);
            if (Number.isFinite(created)) oldest = Math.min(oldest, created);
            if (created < since) {
              reachedSince = true;
              continue;
            }
            if (created > until) continue;
            const name = String(child.data.name ?? '');
            fetched.add(name);
            if (child.kind === 't3') postIds.push(String(child.data.id));
            progress.items++;
            await add(child);
          }
          options.onProgress?.({ ...progress });
          if (reachedSince || !page.data.after || children.length === 0) break;
          after = page.data.after;
        }
        // With comment trees the posts' comments are fetched per post, so a capped comments
        // listing loses nothing as long as the posts listing reached `since`.
        const covered = kind === 'comments' && options.commentTrees && !report.gaps.some((g) => g.listing === `r/${subs.join('+')}/new`);
        if (!reachedSince && !covered && seen >= LISTING_CAP && oldest > since) {
          report.gaps.push({ listing: progress.listing, from: new Date(since * 1000).toISOString(), to: new Date(oldest * 1000).toISOString(), itemsSeen: seen });
        }
      }
    }
    if (options.commentTrees) {
      progress.phase = 'comment-trees';
      for (const id of postIds) {
        progress.listing = `comments/${id}`;
        const tree = await client.comments(id);
        for (const c of tree.comments) {
          const name = String(c.data.name ?? '');
          if (fetched.has(name)) continue;
          fetched.add(name);
          progress.items++;
          await add(c);
        }
      }
    }
    // Edits and deletions: items that were still young (< refreshHours) when the previous run
    // saw them are re-fetched through /api/info, unless this run's listings returned them.
    // Deleted items drop out of listings, so this is the only way to see them go.
    progress.phase = 'refresh';
    const stale = stored.filter((s) => s.created >= newestStored - refreshHours * 3600 && !fetched.has(s.fullname)).map((s) => s.fullname);
    if (stale.length > 0) {
      for (const thing of await client.info(stale)) {
        report.refreshed++;
        await add(thing);
      }
    }
    await flush();
    if (report.gaps.length > 0) await writeGaps(lake, duck, report.gaps);
    report.requests = client.requests;
    options.onProgress?.({ ...progress, phase: 'done' });
    return report;
  } finally {
    if (!options.duck) duck.close();
    if (typeof options.lake === 'string') await lake.close();
  }
}

async function writeGaps(lake: Lake, duck: Duck, gaps: Gap[]): Promise<void> {
  const table = await lake.ensureTable(GAPS_TABLE);
  const detected = new Date().toISOString();
  const batchId = `gaps-${detected}`;
  const temp = await loadRows(
    duck,
    'reddit_gaps_batch',
    [
      { name: 'listing', type: 'VARCHAR' }, { name: 'gap_from', type: 'VARCHAR' }, { name: 'gap_to', type: 'VARCHAR' },
      { name: 'items_seen', type: 'BIGINT' }, { name: 'detected_at', type: 'VARCHAR' }, { name: 'batch_id', type: 'VARCHAR' },
    ],
    gaps.map((g) => ({ listing: g.listing, gap_from: g.from, gap_to: g.to, items_seen: g.itemsSeen, detected_at: detected, batch_id: batchId })),
  );
  await table.append({
    duck,
    sql: `SELECT listing, CAST(gap_from AS TIMESTAMP) AS gap_from, CAST(gap_to AS TIMESTAMP) AS gap_to, items_seen,
            CAST(detected_at AS TIMESTAMP) AS detected_at, batch_id FROM ${temp}`,
  });
  await duck.run(`DROP TABLE IF EXISTS ${temp}`);
}
