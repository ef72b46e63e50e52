/**
 * The Reddit commands as a user runs them: `fde reddit-server` in one process, `fde backfill
 * reddit` against it in another, then `fde sql` over the lake and `fde nlp tag` on NDJSON.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { runFde, startFde, stopChild } from './helpers/run-fde';
import { tempDir } from '../main/lake/test-support/temp';

let server: ChildProcess;
let baseUrl: string;
let root: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  root = await tempDir('fde-reddit-cli-');
  const started = await startFde(['reddit-server', '--port', '0', '--seed', '7', '--signal', '--from', '2001-08-01'], /listening on (http:\/\/127\.0\.0\.1:\d+)/);
  server = started.child;
  baseUrl = started.match[1]!;
});
afterAll(async () => {
  if (server) await stopChild(server);
  await root.cleanup();
});

describe('fde reddit commands', () => {
  it('backfills from the offline server into a lake that fde sql can read', async () => {
    const lake = `${root.dir}/lake`;
    const env = { REDDIT_CLIENT_ID: '', REDDIT_CLIENT_SECRET: '' };
    const run = runFde(['backfill', 'reddit', '--subreddits', 'wallstreetbets,stocks', '--since', '2001-09-01', '--lake', lake, '--base-url', baseUrl], { env });
    expect(run.stderr).not.toMatch(/^error:/m);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as { posts: number; comments: number; mentions: number; gaps: unknown[] };
    expect(report.posts).toBeGreaterThan(20);
    expect(report.mentions).toBeGreaterThan(20);
    const sql = runFde(['sql', '--lake', lake, '--json', 'SELECT count(*) AS n FROM bronze.reddit_posts']);
    expect(sql.status).toBe(0);
    expect(sql.stdout).toContain(String(report.posts));
  });

  it('exits 2 on bad backfill arguments', () => {
    expect(runFde(['backfill', 'reddit', '--subreddits', 'stocks', '--since', 'yesterday-ish', '--lake', root.dir]).status).toBe(2);
  });

  it('tags NDJSON and reports bad lines with their line number', () => {
    const input = `${root.dir}/posts.jsonl`;
    writeFileSync(
      input,
      [
        JSON.stringify({ id: 'a', title: '$GME to the moon 🚀🚀', body: '' }),
        'this is not json',
        JSON.stringify({ id: 'b', title: 'Puts on AAPL', body: 'Apple is overvalued, this will drop.' }),
        JSON.stringify({ title: 'no id' }),
        JSON.stringify({ id: 'c', title: '', body: 'IT is what it is' }),
      ].join('\n'),
    );
    const r = runFde(['nlp', 'tag', '--input', input]);
    expect(r.status).toBe(0);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; tickers: string[]; sentiment: number; label: string });
    expect(out.map((o) => [o.id, o.tickers, o.label])).toEqual([
      ['a', ['GME'], 'bullish'],
      ['b', ['AAPL'], 'bearish'],
      ['c', [], 'neutral'],
    ]);
    expect(r.stderr).toContain('line 2: invalid JSON');
    expect(r.stderr).toContain('line 4: "id" must be a string or number');
  });
});
