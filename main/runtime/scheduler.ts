/**
 * The scheduler: for each scheduled job, the ticks since its last recorded tick (cron through
 * croner, or the NYSE calendar) become queued runs. After downtime, catchup runs the missed ticks
 * up to the job's bound (the most recent ones); a job without catchup runs only the latest.
 * The first time a job is seen there is no backlog: its schedule starts now.
 */
import { catchupTicks, tickDate } from '../../pipelines/schedules';
import type { JobSpec } from '../../pipelines/jobs/job-spec';
import type { Logger } from '../observability/logger';
import type { Clock } from './clock';
import type { PlannedRun } from './partitions';
import { expandRange } from './partitions';
import type { RunStore } from './store/run-store';

export interface SchedulerDeps {
  store: RunStore;
  jobs: readonly JobSpec[];
  clock: Clock;
  log: Logger;
  /** Queues one run (returns its id). */
  enqueue: (job: JobSpec, plan: PlannedRun, tick: Date, trigger: 'schedule' | 'catchup') => Promise<string>;
}

/** One pass: queues the runs due up to now. Returns how many were queued. */
export async function scheduleDue(d: SchedulerDeps): Promise<number> {
  const now = new Date(d.clock.now());
  let queued = 0;
  for (const job of d.jobs) {
    if (!job.schedule || job.kind === 'service') continue;
    const last = await d.store.lastTick(job.name);
    if (!last) {
      // Baseline: nothing is owed for the time before the job was first scheduled.
      await d.store.recordTicks([{ job: job.name, tickAt: now.toISOString(), runId: null, outcome: 'skipped' }], now.toISOString());
      continue;
    }
    const max = job.catchup.enabled ? Math.max(1, job.catchup.maxRuns) : 1;
    const { ticks, skipped } = catchupTicks(job.schedule, new Date(last), now, max);
    if (ticks.length === 0) continue;
    if (skipped > 0 || (!job.catchup.enabled && ticks.length > 0)) {
      d.log.info('missed schedule ticks not run (catchup bound)', { job: job.name, skipped });
    }
    const records: Array<{ job: string; tickAt: string; runId: string | null; outcome: 'queued' | 'skipped' }> = [];
    for (const [i, tick] of ticks.entries()) {
      const plan = planForTick(job, tick);
      // The latest tick is the schedule's own run; older ones are the backlog caught up.
      const trigger = i === ticks.length - 1 ? 'schedule' : 'catchup';
      const runId = plan ? await d.enqueue(job, plan, tick, trigger) : null;
      records.push({ job: job.name, tickAt: tick.toISOString(), runId, outcome: runId ? 'queued' : 'skipped' });
      if (runId) queued++;
    }
    await d.store.recordTicks(records, now.toISOString());
  }
  return queued;
}

function planForTick(job: JobSpec, tick: Date): PlannedRun | undefined {
  if (!job.schedule) return undefined;
  if (job.partitions.kind === 'none') return { partition: '', keys: [''] };
  const date = tickDate(job.schedule, tick);
  return expandRange(job, date, date)[0];
}
