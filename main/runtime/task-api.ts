/**
 * The contract between the runtime (scheduler, executor, run store) and the task
 * implementations that do the work by calling engine functions (main/runtime/tasks/).
 * A job definition (pipelines/jobs/) names an implementation by key; the TaskRegistry maps the
 * key to a TaskImplementation. The runtime owns retries, timeouts, cancellation, concurrency and
 * bookkeeping; an implementation only does one attempt of its work and reports what it wrote.
 */
import type { DeltaLake } from '../lake/lake';
import type { Logger } from '../observability/logger';
import type { JobSpec, SourceId } from '../../pipelines/jobs/job-spec';

/** The partition an attempt works on: none, a trading day, or a trading day and symbols. */
export interface TaskPartition {
  /** '' when the job is unpartitioned; '2024-03-01' or '2024-03-01|MSFT' otherwise. */
  key: string;
  date?: string;
  symbols?: string[];
}

/** Progress of one attempt; the runtime turns it into taskUpdated events (rate-limited). */
export interface TaskProgress {
  /** Units of work done / total (any unit: symbols, models, pages). total may be unknown. */
  report(update: { done?: number; total?: number; rows?: number; message?: string }): void;
}

/** Endpoints and credentials of the external sources. Real ones when configured, else the offline servers. */
export interface AlpacaEndpoint {
  restUrl: string;
  /** Market-data stream URL (wss:// for real Alpaca, ws://127.0.0.1 for the offline server). */
  streamUrl: string;
  keyId: string;
  secretKey: string;
  offline: boolean;
}
export interface RedditEndpoint {
  baseUrl: string;
  /** OAuth token URL (the offline server serves one too). */
  authUrl: string;
  clientId: string;
  clientSecret: string;
  userAgent: string;
  offline: boolean;
}
export interface PostgresEndpoint {
  connectionString: string;
}

/**
 * Resolves sources lazily: the first call for a source starts its offline server when no real
 * credentials are configured. One provider per runtime process; the runtime closes it on stop.
 * Implemented by main/runtime/tasks/sources-provider.ts.
 */
export interface SourcesProvider {
  alpaca(signal?: AbortSignal): Promise<AlpacaEndpoint>;
  reddit(signal?: AbortSignal): Promise<RedditEndpoint>;
  postgres(signal?: AbortSignal): Promise<PostgresEndpoint>;
  close(): Promise<void>;
}

/**
 * A shared request budget per source (token bucket in the runtime process; a PostgreSQL-backed
 * one in team mode). Tasks call acquire before each request; it resolves when a token is free,
 * rejects with the signal's reason when aborted.
 */
export interface RateBudget {
  acquire(source: SourceId, tokens?: number, signal?: AbortSignal): Promise<void>;
}

export interface TaskContext {
  runId: string;
  /** Id of this attempt (unique across runs). */
  attemptId: string;
  /** 1 for the first attempt. */
  attempt: number;
  job: JobSpec;
  taskId: string;
  lake: DeltaLake;
  partition: TaskPartition;
  /** Run parameters, parsed with the job's params schema (e.g. { select: 'gold.*' }). */
  params: Readonly<Record<string, unknown>>;
  /** Fires on cancel, timeout or host shutdown; `signal.reason` says which. Check it between units of work. */
  signal: AbortSignal;
  /** Lines go to the attempt's JSON-lines log (level filter and tail in the API). */
  log: Logger;
  progress: TaskProgress;
  sources: SourcesProvider;
  budget: RateBudget;
  /** Outputs of upstream tasks of the same run, by task id (for chaining, e.g. table versions). */
  upstream: Readonly<Record<string, TaskResult>>;
}

export interface TableVersion {
  /** 'silver.trades' */
  table: string;
  version: number;
}

export interface TaskResult {
  rowsWritten: number;
  /** Table versions this attempt committed (drives asset staleness and lineage). */
  tableVersions: TableVersion[];
  /** Small JSON-safe summary shown in run detail. */
  summary?: Record<string, unknown>;
}

/**
 * One attempt of a task. Must be idempotent per partition (the engine's batch ids and
 * checkpoints make a retry, resume or second run leave the lake as one run would), must honour
 * ctx.signal, and must throw (not return) on failure so the runtime can classify the error.
 */
export type TaskImplementation = (ctx: TaskContext) => Promise<TaskResult>;

/** Implementation key (TaskSpec.run) -> implementation. Filled in main/runtime/tasks/index.ts. */
export type TaskRegistry = Readonly<Record<string, TaskImplementation>>;

export const emptyResult = (): TaskResult => ({ rowsWritten: 0, tableVersions: [] });

/**
 * Tells which partitions the lake already holds, independent of the run store (e.g. the Alpaca
 * backfill's symbol-day checkpoints), so a dry run on a lake filled by other means is truthful.
 * Returns the keys that are done; keys it cannot judge are left out.
 */
export type PartitionProbe = (lake: DeltaLake, job: JobSpec, keys: readonly string[]) => Promise<Set<string>>;

/** Job name -> probe. Filled in main/runtime/tasks/index.ts next to the registry. */
export type PartitionProbes = Readonly<Record<string, PartitionProbe>>;

/** Per-source token-bucket settings (requests per second and burst). */
export type SourceBudgets = Readonly<Record<SourceId, { perSecond: number; burst: number }>>;
