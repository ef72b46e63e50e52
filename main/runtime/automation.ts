/**
 * Declarative automation, like Dagster's "eager" auto-materialize: a job that opts in
 * (`automation.onUpstreamChange`) is queued by the host's scheduler loop when it is stale (a table
 * it reads got new versions since its last successful run), with the staleness reason on the run.
 * Guards: at most one automation run per `minIntervalMinutes`, never while a run of the job is
 * queued or running, and not while a batch job producing one of its inputs is queued or running
 * (Dagster's eager waits for in-progress parents too: a 250-day backfill makes one build after
 * it, not one per interval during it; a service such as the stream never finishes, so it does not
 * hold automation back). Only the host with the scheduler on calls this; viewers and CLI commands never.
 *
 * A job that never succeeded in this run store has no recorded input versions to compare with.
 * It is automated only when none of the tables it produces exist yet (missing outputs, as Dagster
 * materializes missing assets); when they exist (built by `fde demo` or `fde build` outside the
 * runtime) the first run is left to the user or the schedule, which then sets the baseline.
 */
import type { JobSpec } from '../../pipelines/jobs/job-spec';
import type { Logger } from '../observability/logger';
import type { Clock } from './clock';
import { staleness } from './staleness';
import type { RunStore } from './store/run-store';

export interface AutomationDeps {
  store: RunStore;
  jobs: readonly JobSpec[];
  clock: Clock;
  log: Logger;
  /** Current version of every lake table (`layer.name` -> version). */
  versions: () => Promise<ReadonlyMap<string, number>>;
  /** Queues one whole-job run with trigger 'automation' and the reason (returns its id). */
  enqueue: (job: JobSpec, reason: string) => Promise<string>;
}

/** Recent runs scanned for the job's last automation run (the interval guard). */
const RECENT_RUNS = 200;

/** One pass: queues a run of each opted-in job that is stale and allowed now. Returns how many. */
export async function automateStale(d: AutomationDeps): Promise<number> {
  // JobSpec allows onUpstreamChange only on unpartitioned batch jobs that read assets.
  const auto = d.jobs.filter((j) => j.automation.onUpstreamChange);
  if (auto.length === 0) return 0;
  const versions = await d.versions();
  const now = d.clock.now();
  let queued = 0;
  for (const job of auto) {
    const reason = await dueReason(d, job, versions, now, upstreamOf(job, d.jobs));
    if (!reason) continue;
    const runId = await d.enqueue(job, reason);
    d.log.info('automation queued a stale job', { job: job.name, runId, reason });
    queued++;
  }
  return queued;
}

/** Batch jobs that produce a table this job reads. */
function upstreamOf(job: JobSpec, jobs: readonly JobSpec[]): JobSpec[] {
  const reads = new Set(job.assets.reads);
  return jobs.filter((j) => j.name !== job.name && j.kind === 'batch' && j.assets.produces.some((t) => reads.has(t)));
}

/** The staleness reason when the job should be queued now, else undefined. */
async function dueReason(d: AutomationDeps, job: JobSpec, versions: ReadonlyMap<string, number>, now: number, upstream: readonly JobSpec[]): Promise<string | undefined> {
  const lastOk = await d.store.lastSuccessfulRun(job.name);
  if (!lastOk && job.assets.produces.some((t) => versions.has(t))) return undefined;
  const { stale, reasons } = staleness(job, lastOk, versions);
  if (!stale) return undefined;
  const active = await d.store.listRuns({ job: job.name, states: ['queued', 'running'], limit: 1 });
  if (active.length > 0) return undefined;
  for (const up of upstream) {
    if ((await d.store.listRuns({ job: up.name, states: ['queued', 'running'], limit: 1 })).length > 0) return undefined;
  }
  const recent = await d.store.listRuns({ job: job.name, limit: RECENT_RUNS });
  const lastAuto = recent.find((r) => r.trigger === 'automation');
  if (lastAuto && now - Date.parse(lastAuto.queuedAt) < job.automation.minIntervalMinutes * 60_000) return undefined;
  return reasons.join('; ');
}
