import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedditServer, type RedditServer } from '../../servers/reddit/server';
import { tempDir } from '../../lake/test-support/temp';
import { pollReddit } from './poll';
import type { BackfillReport } from './backfill';
import { openDuck } from '../../duck/duck';
import { openLake } from '../../lake/index';

let server: RedditServer;
let root: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  server = await startRedditServer({ seed: 8, from: '2001-09-01', to: '2001-09-27', subreddits: ['stocks'], budget: 100_000, now: Date.parse('2001-09-20T00:00:00Z') / 1000 });
  root = await tempDir('fde-reddit-poll-');
});
afterAll(async () => {
  await server.close();
  await root.cleanup();
});

describe('pollReddit', () => {
  it('polls incrementally with overlapping windows and stores new items once', async () => {
    const controller = new AbortController();
    const reports: BackfillReport[] = [];
    await pollReddit({
      baseUrl: server.baseUrl, lake: `${root.dir}/lake`, subreddits: ['stocks'], since: '2001-09-01', intervalMs: 10,
      signal: controller.signal,
      onRun: (r) => {
        reports.push(r);
        // The simulated clock moves a day per poll; stop after three polls.
        server.setNow(server.now() + 86400);
        if (reports.length === 3) controller.abort();
      },
      onError: (e) => {
        controller.abort();
        throw e;
      },
    });
    expect(reports).toHaveLength(3);
    expect(reports[0]!.posts).toBeGreaterThan(0);
    // Later polls start at the newest stored item minus the overlap, and see only the new day.
    expect(Date.parse(reports[1]!.since)).toBeGreaterThan(Date.parse('2001-09-19T00:00:00Z'));
    expect(reports[1]!.duplicates).toBeGreaterThan(0);
    // Every post visible at any poll time is stored, exactly once.
    const t0 = Date.parse('2001-09-20T00:00:00Z') / 1000;
    const expected = new Set<string>();
    for (const t of [t0, t0 + 86400, t0 + 2 * 86400]) {
      for (const p of server.site.posts) if (p.created <= t && !(p.gone && p.goneAt! <= t)) expected.add(`t3_${p.id}`);
    }
    const duck = await openDuck({ threads: 1 });
    const lake = await openLake(`${root.dir}/lake`);
    await lake.attach(duck);
    const rows = await duck.all<{ name: string; n: bigint }>('SELECT name, count(*) AS n FROM bronze.reddit_posts GROUP BY name');
    duck.close();
    await lake.close();
    expect(new Set(rows.map((r) => r.name))).toEqual(expected);
    expect(rows.filter((r) => r.n > 1n).length).toBeLessThan(rows.length); // only edited/deleted versions repeat
  });
});
