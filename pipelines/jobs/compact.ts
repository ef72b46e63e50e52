import { z } from 'zod';
import { defineJob } from './job-spec';
import { intParam } from './params';

/** Weekly lake upkeep: a checkpoint of every table, then vacuum of unreferenced files past retention. */
export const compact = defineJob({
  name: 'compact',
  description: 'Checkpoint and vacuum every lake table (retention 7 days unless set)',
  schedule: { cron: '0 3 * * 0', timezone: 'America/New_York' },
  params: z.object({ retentionHours: intParam(168).optional() }).strict(),
  tasks: [{ id: 'maintain', run: 'lake.compact', retry: { attempts: 2, backoffMs: 10_000, maxBackoffMs: 60_000, jitter: 0.5 } }],
});
