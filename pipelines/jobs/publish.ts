import { z } from 'zod';
import { defineJob } from './job-spec';
import { GOLD_MODELS } from './assets';
import { flagParam, listParam } from './params';

/** Gold tables to PostgreSQL for dashboards (only changed versions are copied). Needs FDE_POSTGRES_URL or the secret. */
export const publish = defineJob({
  name: 'publish',
  description: 'Publish the gold layer to PostgreSQL (changed table versions only)',
  sources: ['postgres'],
  assets: { reads: [...GOLD_MODELS, 'gold.vol_forecasts'] },
  params: z.object({ tables: listParam(z.string().regex(/^[a-z0-9_]+$/, 'gold table names (fact_bars_1d)')).optional(), force: flagParam.optional() }).strict(),
  tasks: [{ id: 'publish', run: 'serving.publish', retry: { attempts: 4, backoffMs: 5_000, maxBackoffMs: 60_000, jitter: 0.5 } }],
});
