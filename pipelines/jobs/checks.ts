import { z } from 'zod';
import { defineJob } from './job-spec';
import { GOLD_MODELS, SILVER } from './assets';

/** The declared data-quality checks (what `fde test` runs); an error-level failure fails the run. */
export const checks = defineJob({
  name: 'checks',
  description: 'Data-quality checks of the silver and gold models (param select: model selector)',
  schedule: { market: 'NYSE', at: 'after-close', offsetMinutes: 75 },
  // Re-check after build-models changed silver/gold tables.
  automation: { onUpstreamChange: true, minIntervalMinutes: 15 },
  assets: { reads: [...SILVER, ...GOLD_MODELS], produces: ['meta.check_results'] },
  params: z.object({ select: z.string().min(1).optional() }).strict(),
  tasks: [{ id: 'test', run: 'models.test', retry: { attempts: 1, backoffMs: 0, maxBackoffMs: 0, jitter: 0 } }],
});
