/**
 * A job definition: a named DAG of tasks with its partitioning, schedule, catchup, concurrency,
 * the sources whose request budgets it shares and the lake assets it reads and produces.
 * Jobs are code (pipelines/jobs/*.ts) and are validated with this schema when the runtime loads
 * them. pipelines/ cannot import main/, so a task names its implementation by a key
 * (`run: 'models.build'`) that the runtime's TaskRegistry (main/runtime/tasks/index.ts) resolves.
 */
import { z } from 'zod';

const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z][a-z0-9-]*$/, 'ids are lower-case kebab-case ("build-models")');
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'dates are YYYY-MM-DD');
const SymbolName = z.string().regex(/^[A-Z][A-Z0-9.\-/]*$/, 'symbols are upper-case');
/** A lake table id as `layer.name` ("silver.trades", "gold.daily_vol"). */
export const AssetId = z.string().regex(/^[a-z_]+\.[a-z0-9_]+$/, 'assets are table ids like "silver.trades"');

export const SourceId = z.enum(['alpaca', 'reddit', 'postgres']);
export type SourceId = z.infer<typeof SourceId>;

export const RetryPolicy = z
  .object({
    /** Total attempts including the first (1 = no retry). */
    attempts: z.number().int().min(1).max(50).default(3),
    /** Delay before the 2nd attempt; doubles each attempt. */
    backoffMs: z.number().int().min(0).default(1_000),
    maxBackoffMs: z.number().int().min(0).default(60_000),
    /** Full jitter: the delay is drawn uniformly from [delay*(1-jitter), delay]. 0 = none. */
    jitter: z.number().min(0).max(1).default(0.5),
  })
  .strict();
export type RetryPolicy = z.infer<typeof RetryPolicy>;

export const TaskSpec = z
  .object({
    id: Id,
    /** Implementation key resolved by the runtime's TaskRegistry ("alpaca.backfill-day"). */
    run: z.string().min(1).max(128).regex(/^[a-z][a-z0-9.-]*$/),
    dependsOn: z.array(Id).default([]),
    retry: RetryPolicy.default({ attempts: 3, backoffMs: 1_000, maxBackoffMs: 60_000, jitter: 0.5 }),
    /** Per-attempt timeout; the attempt's AbortSignal fires when it elapses. */
    timeoutMs: z.number().int().positive().max(7 * 24 * 3_600_000).optional(),
    description: z.string().optional(),
  })
  .strict();
export type TaskSpec = z.infer<typeof TaskSpec>;

export const PartitionSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z.object({ kind: z.literal('trading-day') }).strict(),
  z
    .object({
      kind: z.literal('symbol-day'),
      /** Symbols a run or backfill uses when none are given. */
      defaultSymbols: z.array(SymbolName).min(1),
    })
    .strict(),
]);
export type PartitionSpec = z.infer<typeof PartitionSpec>;

export const ScheduleSpec = z.union([
  z.object({ cron: z.string().min(1), timezone: z.string().min(1).default('America/New_York') }).strict(),
  z
    .object({
      market: z.literal('NYSE'),
      at: z.enum(['after-close', 'before-open']),
      /** Minutes after the (early or regular) close, or before the open. */
      offsetMinutes: z.number().int().min(0).max(600).default(30),
    })
    .strict(),
]);
export type ScheduleSpec = z.infer<typeof ScheduleSpec>;

export const JobSpec = z
  .object({
    name: Id,
    description: z.string().min(1),
    /** batch: runs to completion per partition; service: long-running, supervised, restarted with backoff. */
    kind: z.enum(['batch', 'service']).default('batch'),
    partitions: PartitionSpec.default({ kind: 'none' }),
    schedule: ScheduleSpec.optional(),
    catchup: z
      .object({ enabled: z.boolean().default(false), maxRuns: z.number().int().min(0).max(1_000).default(5) })
      .strict()
      .default({ enabled: false, maxRuns: 5 }),
    concurrency: z
      .object({
        maxConcurrentRuns: z.number().int().min(1).max(256).default(1),
        maxConcurrentTasks: z.number().int().min(1).max(256).default(4),
      })
      .strict()
      .default({ maxConcurrentRuns: 1, maxConcurrentTasks: 4 }),
    /** Sources whose shared request budget the tasks draw from. */
    sources: z.array(SourceId).default([]),
    /** Lake tables read (their new versions make this job stale) and produced. */
    assets: z
      .object({ reads: z.array(AssetId).default([]), produces: z.array(AssetId).default([]) })
      .strict()
      .default({ reads: [], produces: [] }),
    /**
     * Declarative automation (Dagster's "eager" auto-materialize): a host with the scheduler on
     * queues a run (trigger 'automation') when the job is stale, at most once per minIntervalMinutes
     * and never while a run of it is queued or running. Off unless a job asks for it.
     */
    automation: z
      .object({
        onUpstreamChange: z.boolean().default(false),
        minIntervalMinutes: z.number().int().min(1).max(7 * 24 * 60).default(15),
      })
      .strict()
      .default({ onUpstreamChange: false, minIntervalMinutes: 15 }),
    /** Schema of the run parameters (e.g. build-models' `select`); parsed before a run starts. */
    params: z.custom<z.ZodType>((v) => v instanceof z.ZodType, 'params must be a zod schema').optional(),
    /** For service jobs: restart backoff after the task exits or fails. */
    restart: z
      .object({ backoffMs: z.number().int().min(0).default(1_000), maxBackoffMs: z.number().int().min(0).default(60_000) })
      .strict()
      .optional(),
    tasks: z.array(TaskSpec).min(1),
  })
  .strict()
  .superRefine((job, ctx) => {
    const ids = new Set<string>();
    for (const t of job.tasks) {
      if (ids.has(t.id)) ctx.addIssue({ code: 'custom', message: `duplicate task id '${t.id}'`, path: ['tasks'] });
      ids.add(t.id);
    }
    for (const t of job.tasks) {
      for (const d of t.dependsOn) {
        if (!ids.has(d)) ctx.addIssue({ code: 'custom', message: `task '${t.id}' depends on unknown task '${d}'`, path: ['tasks'] });
      }
    }
    const cycle = findCycle(job.tasks);
    if (cycle) ctx.addIssue({ code: 'custom', message: `task dependency cycle: ${cycle.join(' -> ')}`, path: ['tasks'] });
    if (job.automation.onUpstreamChange && (job.kind !== 'batch' || job.partitions.kind !== 'none' || job.assets.reads.length === 0)) {
      // Which partition a changed table makes due is not known, so only whole-job batch runs automate.
      ctx.addIssue({ code: 'custom', message: 'automation.onUpstreamChange needs an unpartitioned batch job that reads assets', path: ['automation'] });
    }
    if (job.kind === 'service' && job.partitions.kind !== 'none') {
      ctx.addIssue({ code: 'custom', message: 'service jobs are not partitioned', path: ['partitions'] });
    }
  });
/** What a job file writes (defaults may be left out). */
export type JobSpecInput = z.input<typeof JobSpec>;
/** A validated job with every default filled. */
export type JobSpec = z.output<typeof JobSpec>;

/** A partition key: '' (unpartitioned), '2024-03-01' (trading day) or '2024-03-01|MSFT' (symbol-day). */
export const PartitionKey = z.string().regex(/^(|\d{4}-\d{2}-\d{2}(\|[A-Z][A-Z0-9.\-/]*)?)$/);

export function partitionKey(p: { date?: string; symbol?: string }): string {
  if (!p.date) return '';
  return p.symbol ? `${p.date}|${p.symbol}` : p.date;
}

export function parsePartitionKey(key: string): { date?: string; symbol?: string } {
  if (key === '') return {};
  const [date, symbol] = key.split('|');
  if (!IsoDate.safeParse(date).success) throw new Error(`bad partition key '${key}'`);
  return symbol ? { date, symbol } : { date };
}

/** Validates a job definition; a bad one throws with every issue listed. */
export function defineJob(input: JobSpecInput): JobSpec {
  const parsed = JobSpec.safeParse(input);
  if (!parsed.success) {
    const name = typeof input === 'object' && input && 'name' in input ? String(input.name) : '?';
    throw new Error(`job '${name}' is invalid: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

function findCycle(tasks: ReadonlyArray<{ id: string; dependsOn: string[] }>): string[] | undefined {
  const deps = new Map(tasks.map((t) => [t.id, t.dependsOn]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const d of deps.get(id) ?? []) {
      const c = visit(d);
      if (c) return c;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const t of tasks) {
    const c = visit(t.id);
    if (c) return c;
  }
  return undefined;
}
