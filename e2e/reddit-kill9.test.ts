/**
 * kill -9 of `fde backfill reddit` in the middle of a run, then the same command again: bronze
 * ends with every visible post and comment exactly once and no partial files are referenced
 * (Delta commits are atomic; txn markers and the fullname+content_hash check skip what landed).
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDuck } from '../main/duck/duck';
import { openLake } from '../main/lake/index';
import { tempDir } from '../main/lake/test-support/temp';
import { startRedditServer, type RedditServer } from '../main/servers/reddit/server';
import { visible } from '../main/servers/reddit/views';
import { fdeBin, repoRoot } from './helpers/run-fde';

const SUBS = ['wallstreetbets', 'stocks', 'investing'];
let server: RedditServer;
let root: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  server = await startRedditServer({ seed: 21, from: '2001-05-01', to: '2001-09-27', subreddits: SUBS, budget: 100_000, latencyMs: 60 });
  root = await tempDir('fde-reddit-kill9-');
});
afterAll(async () => {
  await server.close();
  await root.cleanup();
});

const commits = (lake: string, table: string): number => {
  try {
    return readdirSync(path.join(lake, 'bronze', table, '_delta_log')).filter((f) => f.endsWith('.json')).length;
  } catch {
    return 0;
  }
};

it('survives kill -9 mid-backfill without duplicates or losses', async () => {
  const lake = `${root.dir}/lake`;
  const args = ['backfill', 'reddit', '--subreddits', SUBS.join(','), '--since', '2001-05-01', '--lake', lake, '--base-url', server.baseUrl];
  const env = { ...process.env, REDDIT_CLIENT_ID: '', REDDIT_CLIENT_SECRET: '' };
  const child = spawn(process.execPath, [fdeBin, ...args], { cwd: repoRoot, env, stdio: 'ignore' });
  let exited = false;
  child.once('exit', () => (exited = true));
  // Wait for the first data commit of posts (version 0 is the table creation), then kill.
  const deadline = Date.now() + 90_000;
  while (commits(lake, 'reddit_posts') < 2 && !exited && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  expect(exited).toBe(false);
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  const partial = commits(lake, 'reddit_posts');
  expect(partial).toBeGreaterThanOrEqual(2);

  // Async spawn: the server lives in this process, so a blocking spawnSync would starve it.
  const again = spawn(process.execPath, [fdeBin, ...args], { cwd: repoRoot, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  again.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((r) => again.once('exit', r));
  expect(code, stderr).toBe(0);

  const now = server.now();
  const since = Date.parse('2001-05-01T00:00:00Z') / 1000;
  const posts = server.site.posts.filter((p) => p.created >= since && visible(p, now)).length;
  // The comments listing of each subreddit stops at its newest 1000 items (reported as a gap).
  let comments = 0;
  for (const sub of SUBS) {
    const newest = server.site.comments.filter((c) => c.subreddit === sub && visible(c, now)).sort((a, b) => b.created - a.created).slice(0, 1000);
    comments += newest.filter((c) => c.created >= since).length;
  }
  const duck = await openDuck({ threads: 1 });
  const l = await openLake(lake);
  await l.attach(duck);
  const [row] = await duck.all<{ p: bigint; dp: bigint; c: bigint; dc: bigint; m: bigint; dm: bigint }>(
    `SELECT (SELECT count(*) FROM bronze.reddit_posts) p, (SELECT count(DISTINCT name) FROM bronze.reddit_posts) dp,
            (SELECT count(*) FROM bronze.reddit_comments) c, (SELECT count(DISTINCT name) FROM bronze.reddit_comments) dc,
            (SELECT count(*) FROM bronze.reddit_mentions) m, (SELECT count(DISTINCT fullname || symbol) FROM bronze.reddit_mentions) dm`,
  );
  duck.close();
  await l.close();
  expect(Number(row!.p)).toBe(posts);
  expect(Number(row!.dp)).toBe(posts);
  expect(Number(row!.c)).toBe(comments);
  expect(Number(row!.dc)).toBe(comments);
  expect(Number(row!.m)).toBe(Number(row!.dm));
});
