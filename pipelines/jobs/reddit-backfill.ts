import { z } from 'zod';
import { defineJob } from './job-spec';
import { listParam } from './params';
import { BRONZE_REDDIT } from './assets';

/**
 * Posts, comments and ticker mentions of the configured subreddits for one day. Hourly, so the
 * current day fills in as it goes; re-running a day adds only what is new (ids de-duplicate).
 */
export const redditBackfill = defineJob({
  name: 'reddit-backfill',
  description: 'Reddit posts, comment trees and ticker mentions per day',
  partitions: { kind: 'trading-day' },
  schedule: { cron: '15 * * * *', timezone: 'America/New_York' },
  catchup: { enabled: true, maxRuns: 3 },
  concurrency: { maxConcurrentRuns: 2, maxConcurrentTasks: 1 },
  /** Subreddits to read (default: the demo's wallstreetbets, stocks, investing). */
  params: z.object({ subreddits: listParam(z.string().regex(/^[A-Za-z0-9_]{2,21}$/, 'subreddit names without r/')).optional() }).strict(),
  sources: ['reddit'],
  assets: { produces: [...BRONZE_REDDIT] },
  tasks: [{ id: 'fetch', run: 'reddit.backfill-day', retry: { attempts: 5, backoffMs: 5_000, maxBackoffMs: 120_000, jitter: 0.5 }, timeoutMs: 60 * 60_000 }],
});
