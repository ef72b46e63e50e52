/**
 * End to end: the offline Reddit server -> backfillReddit -> a real local lake. Checks that
 * every visible item lands in bronze once, re-runs add nothing, a later incremental run picks
 * up new items plus edits and deletions of recent ones, invalid items go to quarantine exactly
 * once, and a listing that hits the 1000-item cap is reported as a gap.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuck, type Duck } from '../main/duck/duck';
import { openLake } from '../main/lake/index';
import { tempDir } from '../main/lake/test-support/temp';
import { startRedditServer, type RedditServer } from '../main/servers/reddit/server';
import { backfillReddit } from '../main/sources/reddit/backfill';
import { RedditBronzeWriter } from '../main/sources/reddit/bronze-writer';
import { defaultNlpModel } from '../pipelines/nlp/resources';
import { visible } from '../main/servers/reddit/views';

const SUBS = ['wallstreetbets', 'stocks', 'investing'];
const epoch = (iso: string) => Date.parse(iso) / 1000;
let server: RedditServer;
let root: { dir: string; cleanup: () => Promise<void> };
let duck: Duck;

async function query<T extends Record<string, unknown>>(lakeDir: string, sql: string): Promise<T[]> {
  const lake = await openLake(lakeDir);
  await lake.attach(duck);
  const rows = await duck.all<T>(sql);
  await lake.close();
  return rows;
}

beforeAll(async () => {
  server = await startRedditServer({ seed: 11, signal: true, from: '2001-06-01', to: '2001-09-27', subreddits: SUBS, budget: 100_000, now: epoch('2001-09-10T12:00:00Z') });
  root = await tempDir('fde-reddit-');
  duck = await openDuck({ threads: 2 });
});
afterAll(async () => {
  duck.close();
  await server.close();
  await root.cleanup();
});

describe('reddit backfill into the lake', () => {
  const lakeDir = () => `${root.dir}/lake`;

  it('writes every visible post and comment once, with mentions and meta.symbols', async () => {
    const report = await backfillReddit({ baseUrl: server.baseUrl, lake: lakeDir(), subreddits: SUBS, since: '2001-06-01', duck });
    const now = server.now();
    const since = epoch('2001-06-01T00:00:00Z');
    const expectedPosts = server.site.posts.filter((p) => p.created >= since && visible(p, now)).length;
    const expectedComments = server.site.comments.filter((c) => c.created >= since && visible(c, now)).length;
    expect(report.gaps).toEqual([]);
    expect(report.posts).toBe(expectedPosts);
    expect(report.comments).toBe(expectedComments);
    const [counts] = await query<{ p: bigint; c: bigint; m: bigint; s: bigint; dp: bigint }>(
      lakeDir(),
      `SELECT (SELECT count(*) FROM bronze.reddit_posts) p, (SELECT count(*) FROM bronze.reddit_comments) c,
              (SELECT count(*) FROM bronze.reddit_mentions) m, (SELECT count(*) FROM meta.symbols) s,
              (SELECT count(DISTINCT name) FROM bronze.reddit_posts) dp`,
    );
    expect(Number(counts!.p)).toBe(expectedPosts);
    expect(Number(counts!.dp)).toBe(expectedPosts);
    expect(Number(counts!.c)).toBe(expectedComments);
    expect(Number(counts!.m)).toBe(report.mentions);
    expect(Number(counts!.m)).toBeGreaterThan(expectedPosts / 2);
    expect(Number(counts!.s)).toBeGreaterThan(600);
    const hows = await query<{ how_found: string }>(lakeDir(), 'SELECT DISTINCT how_found FROM bronze.reddit_mentions ORDER BY 1');
    expect(hows.map((h) => h.how_found)).toEqual(expect.arrayContaining(['alias', 'cashtag', 'symbol']));
  });

  it('adds nothing when run again (exactly once)', async () => {
    const report = await backfillReddit({ baseUrl: server.baseUrl, lake: lakeDir(), subreddits: SUBS, since: '2001-06-01', duck });
    expect(report).toMatchObject({ posts: 0, comments: 0, mentions: 0 });
    expect(report.duplicates).toBeGreaterThan(0);
  });

  it('picks up new items, edits and deletions on an incremental run', async () => {
    const t1 = server.now();
    const t2 = t1 + 3 * 86400;
    const changed = [...server.site.posts, ...server.site.comments].filter(
      (i) => i.created <= t1 && i.created >= t1 - 40 * 3600 && visible(i, t1) && ((i.editAt ?? 0) > t1 || (i.goneAt ?? 0) > t1) && ((i.editAt ?? Infinity) <= t2 || (i.goneAt ?? Infinity) <= t2),
    );
    expect(changed.length).toBeGreaterThan(0);
    server.setNow(t2);
    const report = await backfillReddit({ baseUrl: server.baseUrl, lake: lakeDir(), subreddits: SUBS, since: '2001-06-01', incremental: true, duck });
    expect(report.posts + report.comments).toBeGreaterThan(changed.length);
    expect(report.refreshed).toBeGreaterThan(0);
    for (const item of changed) {
      const table = item.kind === 't3' ? 'bronze.reddit_posts' : 'bronze.reddit_comments';
      const rows = await query<{ edited_utc: Date | null; removed: string | null }>(
        lakeDir(),
        `SELECT edited_utc, removed FROM ${table} WHERE name = '${item.kind}_${item.id}' ORDER BY fetched_at`,
      );
      expect(rows.length, `${item.kind}_${item.id}`).toBe(2);
      const latest = rows[rows.length - 1]!;
      if (item.gone) expect(latest.removed).toBe(item.gone);
      else expect(latest.edited_utc).not.toBeNull();
    }
  });

  it('quarantines invalid items once, with the reason and raw payload', async () => {
    const lake = await openLake(lakeDir());
    const writer = await RedditBronzeWriter.open(lake, duck, defaultNlpModel(), 'test');
    const bad = [{ kind: 't3', data: { id: 'bad1', name: 't3_bad1', title: 'x', author: 'a', subreddit: 'stocks', created_utc: 'soon', score: 1 } }];
    const first = await writer.writeBatch(bad);
    const again = await writer.writeBatch(bad);
    await lake.close();
    expect(first).toMatchObject({ quarantined: 1, committed: true });
    expect(again.committed).toBe(false);
    const rows = await query<{ source: string; contract: string; reason: string; raw: string }>(lakeDir(), 'SELECT source, contract, reason, raw FROM bronze.quarantine');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ source: 'reddit', contract: 'reddit.post.v1' });
    expect(rows[0]!.reason).toContain('created_utc');
    expect(JSON.parse(rows[0]!.raw)).toMatchObject({ id: 'bad1' });
  });

  it('reports a gap when a listing stops at the 1000-item cap before `since`', async () => {
    const busy = await startRedditServer({ seed: 4, from: '2001-07-01', to: '2001-08-31', subreddits: ['wallstreetbets'], postsPerDay: 20, commentsPerPost: 0, budget: 100_000 });
    try {
      const report = await backfillReddit({ baseUrl: busy.baseUrl, lake: `${root.dir}/gap-lake`, subreddits: ['wallstreetbets'], since: '2001-07-01', duck });
      expect(report.posts).toBe(1000);
      expect(report.gaps).toHaveLength(1);
      expect(report.gaps[0]).toMatchObject({ listing: 'r/wallstreetbets/new', from: '2001-07-01T00:00:00.000Z', itemsSeen: 1000 });
      const gaps = await query<{ listing: string }>(`${root.dir}/gap-lake`, 'SELECT listing FROM meta.reddit_gaps');
      expect(gaps.map((g) => g.listing)).toEqual(['r/wallstreetbets/new']);
    } finally {
      await busy.close();
    }
  });
});
