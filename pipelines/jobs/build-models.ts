import { z } from 'zod';
import { defineJob } from './job-spec';
import { BRONZE_ALPACA, BRONZE_DAILY, BRONZE_REDDIT, GOLD_MODELS, SILVER } from './assets';
import { flagParam } from './params';

/**
 * staging -> silver -> gold. Reads bronze, so a new bronze version (a backfilled day, a stream
 * commit) makes it stale; `select` narrows the build with the model selector syntax and
 * `fullRefresh` rebuilds incremental models and snapshots from scratch (`fde build --full-refresh`).
 */
export const buildModels = defineJob({
  name: 'build-models',
  description: 'SQL models staging -> silver -> gold with their quality checks (params select: model selector, fullRefresh: rebuild from scratch)',
  schedule: { market: 'NYSE', at: 'after-close', offsetMinutes: 45 },
  catchup: { enabled: true, maxRuns: 1 },
  // New bronze versions (a backfilled day, a stream commit) rebuild the models, at most every 15 min.
  automation: { onUpstreamChange: true, minIntervalMinutes: 15 },
  assets: { reads: [...BRONZE_DAILY, ...BRONZE_ALPACA, ...BRONZE_REDDIT], produces: [...SILVER, ...GOLD_MODELS] },
  params: z.object({ select: z.string().min(1).optional(), fullRefresh: flagParam.optional() }).strict(),
  tasks: [{ id: 'build', run: 'models.build', retry: { attempts: 2, backoffMs: 5_000, maxBackoffMs: 60_000, jitter: 0.5 }, timeoutMs: 2 * 3_600_000 }],
});
