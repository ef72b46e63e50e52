/**
 * The runtime's contract (jobs, runs, partitions, backfills, logs): requests, responses and the
 * run/task/partition events the engine pushes, as zod schemas.
 */
import { z } from 'zod';
import { IsoDate, Symbol } from './common';

const JobName = z.string().min(1).max(64).regex(/^[a-z][a-z0-9-]*$/);
const RunId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
const TaskId = z.string().min(1).max(64);
/** '' (unpartitioned), 'YYYY-MM-DD' or 'YYYY-MM-DD|SYMBOL'. */
const PartitionKey = z.string().max(40).regex(/^(|\d{4}-\d{2}-\d{2}(\|[A-Z][A-Z0-9.\-/]*)?)$/);
const Time = z.string(); // ISO 8601 timestamp

export const RunState = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted']);
export type RunState = z.infer<typeof RunState>;
export const TaskState = z.enum(['pending', 'running', 'retrying', 'succeeded', 'failed', 'cancelled', 'skipped', 'interrupted']);
export type TaskState = z.infer<typeof TaskState>;
export const PartitionState = z.enum(['done', 'missing', 'failed', 'running', 'queued', 'cancelled']);
export type PartitionState = z.infer<typeof PartitionState>;
export const ErrorClass = z.enum(['retryable', 'bad_input', 'cancelled', 'fatal']);
export const LogLevel = z.enum(['debug', 'info', 'warn', 'error']);
export const RunTrigger = z.enum(['manual', 'schedule', 'catchup', 'backfill', 'recovery', 'automation']);

export const TableVersion = z.object({ table: z.string(), version: z.number().int() });

export const JobSummary = z.object({
  name: z.string(),
  description: z.string(),
  kind: z.enum(['batch', 'service']),
  partitioning: z.enum(['none', 'trading-day', 'symbol-day']),
  defaultSymbols: z.array(z.string()),
  /** Human text: "cron 0 18 * * 1-5 America/New_York" or "NYSE after-close +30m". */
  schedule: z.string().nullable(),
  nextTick: Time.nullable(),
  sources: z.array(z.string()),
  reads: z.array(z.string()),
  produces: z.array(z.string()),
  tasks: z.array(z.object({ id: z.string(), run: z.string(), dependsOn: z.array(z.string()) })),
  lastRun: z.object({ runId: RunId, state: RunState, endedAt: Time.nullable() }).nullable(),
  /** Asset-style staleness: an input table got new versions since the last successful run. */
  stale: z.object({ stale: z.boolean(), reasons: z.array(z.string()) }),
  /** Declarative automation: a host queues a run when the job is stale (at most once per interval). */
  automation: z.object({ onUpstreamChange: z.boolean(), minIntervalMinutes: z.number().int() }).optional(),
});
export type JobSummary = z.infer<typeof JobSummary>;

export const RunSummary = z.object({
  runId: RunId,
  job: z.string(),
  partition: z.string(),
  state: RunState,
  trigger: RunTrigger,
  /** Backfill this run belongs to, if any. */
  backfillId: z.string().nullable(),
  params: z.record(z.string(), z.unknown()),
  attempt: z.number().int(),
  queuedAt: Time,
  startedAt: Time.nullable(),
  endedAt: Time.nullable(),
  rowsWritten: z.number().int(),
  tableVersions: z.array(TableVersion),
  errorClass: ErrorClass.nullable(),
  error: z.string().nullable(),
  host: z.string().nullable(),
  /** Why the run was queued when the runtime queued it by itself (automation: the staleness reason). */
  reason: z.string().nullable().optional(),
});
export type RunSummary = z.infer<typeof RunSummary>;

export const TaskAttempt = z.object({
  attemptId: z.string(),
  runId: RunId,
  taskId: TaskId,
  attempt: z.number().int(),
  state: TaskState,
  startedAt: Time,
  endedAt: Time.nullable(),
  rowsWritten: z.number().int(),
  tableVersions: z.array(TableVersion),
  errorClass: ErrorClass.nullable(),
  error: z.string().nullable(),
});
export type TaskAttempt = z.infer<typeof TaskAttempt>;

export const RunDetail = z.object({
  run: RunSummary,
  tasks: z.array(
    z.object({
      taskId: TaskId,
      dependsOn: z.array(z.string()),
      state: TaskState,
      attempts: z.array(TaskAttempt),
    }),
  ),
});
export type RunDetail = z.infer<typeof RunDetail>;

export const PartitionInfo = z.object({
  job: z.string(),
  key: PartitionKey,
  date: IsoDate.nullable(),
  symbol: z.string().nullable(),
  state: PartitionState,
  runId: RunId.nullable(),
  updatedAt: Time.nullable(),
  /** Why 'done' when no run did it: e.g. "lake checkpoint" (data already in the lake). */
  note: z.string().nullable(),
});
export type PartitionInfo = z.infer<typeof PartitionInfo>;

export const BackfillPlan = z.object({
  job: z.string(),
  dryRun: z.boolean(),
  backfillId: z.string().nullable(),
  partitions: z.array(PartitionInfo.extend({ action: z.enum(['run', 'skip']) })),
  /** Runs queued (empty on a dry run). */
  runIds: z.array(RunId),
});
export type BackfillPlan = z.infer<typeof BackfillPlan>;

export const LogLine = z.object({
  /** Monotonic cursor across the run's lines; pass the last one as `after` to tail. */
  seq: z.number().int(),
  runId: RunId,
  taskId: z.string().nullable(),
  attempt: z.number().int().nullable(),
  time: Time,
  level: LogLevel,
  msg: z.string(),
  fields: z.record(z.string(), z.unknown()),
});
export type LogLine = z.infer<typeof LogLine>;

export const jobsMethods = {
  listJobs: { request: z.object({}).strict(), response: z.array(JobSummary) },
  triggerRun: {
    request: z
      .object({
        job: JobName,
        partition: PartitionKey.optional(),
        params: z.record(z.string(), z.unknown()).default({}),
      })
      .strict(),
    response: z.object({ runId: RunId }),
  },
  backfill: {
    request: z
      .object({
        job: JobName,
        from: IsoDate,
        to: IsoDate,
        symbols: z.array(Symbol).max(500).optional(),
        dryRun: z.boolean().default(false),
        /** Which partitions to (re)run: missing ones (and failed/cancelled), or all. */
        rerun: z.enum(['missing', 'all']).default('missing'),
        params: z.record(z.string(), z.unknown()).default({}),
      })
      .strict(),
    response: BackfillPlan,
  },
  cancelRun: { request: z.object({ runId: RunId }).strict(), response: z.object({ cancelled: z.boolean() }) },
  cancelTask: {
    request: z.object({ runId: RunId, taskId: TaskId }).strict(),
    response: z.object({ cancelled: z.boolean() }),
  },
  runHistory: {
    request: z
      .object({
        job: JobName.optional(),
        state: RunState.optional(),
        limit: z.number().int().min(1).max(10_000).default(200),
        /** Runs queued before this run id's queue time (paging). */
        before: RunId.optional(),
      })
      .strict(),
    response: z.array(RunSummary),
  },
  jobPartitions: {
    request: z.object({ job: JobName, from: IsoDate.optional(), to: IsoDate.optional() }).strict(),
    response: z.array(PartitionInfo),
  },
  runDetail: { request: z.object({ runId: RunId }).strict(), response: RunDetail },
  logs: {
    request: z
      .object({
        runId: RunId,
        taskId: TaskId.optional(),
        level: LogLevel.default('info'),
        after: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(5_000).default(500),
      })
      .strict(),
    response: z.object({ lines: z.array(LogLine), cursor: z.number().int(), runFinished: z.boolean() }),
  },
} as const;

/** Pushed events; the runtime coalesces them (at most ~10 per second per run, progress last-wins). */
export const jobsEvents = {
  runUpdated: RunSummary,
  taskUpdated: z.object({
    runId: RunId,
    job: z.string(),
    taskId: TaskId,
    attempt: z.number().int(),
    state: TaskState,
    progress: z
      .object({ done: z.number(), total: z.number().nullable(), rows: z.number(), rowsPerSec: z.number(), message: z.string().nullable() })
      .nullable(),
    errorClass: ErrorClass.nullable(),
    error: z.string().nullable(),
  }),
  partitionUpdated: z.object({ job: z.string(), partitions: z.array(PartitionInfo) }),
  logAppended: z.object({ runId: RunId, lines: z.array(LogLine) }),
  /** Backfill progress: partitions done/total, rate and ETA (the CLI draws it as a bar). */
  backfillProgress: z.object({
    backfillId: z.string(),
    job: z.string(),
    total: z.number().int(),
    done: z.number().int(),
    failed: z.number().int(),
    running: z.number().int(),
    partitionsPerSec: z.number(),
    etaSeconds: z.number().nullable(),
  }),
} as const;
