/**
 * The run store: runs, task attempts, partition states, logs, hosts and schedule ticks. The
 * embedded implementation is SQLite (sqlite-store.ts); team mode fills the same interface on
 * PostgreSQL. Every method is async so a networked store fits; every state change that must be
 * atomic (claiming a run, recovering a dead host's runs) is one method, one transaction.
 */
import type { LogLine, RunState, RunSummary, TaskAttempt, TaskState, PartitionState } from '../../../api/jobs-api';

export type ErrorClassName = 'retryable' | 'bad_input' | 'cancelled' | 'fatal';
export type RunTrigger = RunSummary['trigger'];

export interface RunRecord extends RunSummary {
  /** Read-asset versions when the run started ({ 'silver.trades': 7 }). */
  inputVersions: Record<string, number>;
  cancelRequested: boolean;
  scheduleTick: string | null;
  /** Last change (ISO), the cursor of the change feed. */
  updatedAtRaw: string;
  reason: string | null;
}

export interface NewRun {
  runId: string;
  job: string;
  partition: string;
  /** Partition-state keys the run covers (symbol-day: one per symbol); defaults to [partition]. */
  partitionKeys: string[];
  trigger: RunTrigger;
  backfillId?: string | null;
  params: Record<string, unknown>;
  scheduleTick?: string | null;
  /** Why the runtime queued it by itself (automation: the staleness reason). */
  reason?: string | null;
}

export interface RunPatch {
  state?: RunState;
  startedAt?: string | null;
  endedAt?: string | null;
  rowsWritten?: number;
  tableVersions?: Array<{ table: string; version: number }>;
  inputVersions?: Record<string, number>;
  errorClass?: ErrorClassName | null;
  error?: string | null;
}

export interface AttemptPatch {
  state: TaskState;
  endedAt?: string | null;
  rowsWritten?: number;
  tableVersions?: Array<{ table: string; version: number }>;
  errorClass?: ErrorClassName | null;
  error?: string | null;
}

export interface PartitionRecord {
  job: string;
  key: string;
  state: PartitionState;
  runId: string | null;
  updatedAt: string;
}

export interface HostRecord {
  hostId: string;
  pid: number;
  hostname: string;
  role: string;
  startedAt: string;
  heartbeatMs: number;
  stoppedAt: string | null;
}

export interface RunFilter {
  job?: string;
  state?: RunState;
  states?: RunState[];
  backfillId?: string;
  limit?: number;
  /** Runs queued before this run (paging, newest first). */
  before?: string;
  /** Runs updated after this ISO time (change feed for hosts watching other processes). */
  updatedAfter?: string;
  order?: 'newest' | 'oldest';
}

export interface ClaimLimits {
  /** Per job: most runs of it running at once across every host. */
  maxRunningPerJob: (job: string) => number;
  /** Only claim runs of these jobs (a host knows its jobs). */
  jobs?: readonly string[];
  /** Only claim these runs (a CLI backfill works through its own runs). */
  runIds?: readonly string[];
}

export interface LogQuery {
  runId: string;
  taskId?: string;
  minLevel: number;
  after: number;
  limit: number;
}

export interface NewLogLine {
  runId: string;
  taskId: string | null;
  attempt: number | null;
  time: string;
  level: number;
  msg: string;
  fields: Record<string, unknown>;
}

export interface RunStore {
  /** Where it lives (a path or a connection description) for messages and docs. */
  readonly location: string;

  registerHost(host: Omit<HostRecord, 'stoppedAt'>): Promise<void>;
  heartbeat(hostId: string, nowMs: number): Promise<void>;
  stopHost(hostId: string, at: string): Promise<void>;
  listHosts(): Promise<HostRecord[]>;
  /**
   * In one transaction: every run `running` on a host that `isDead` says is gone becomes
   * `interrupted` with its running attempts; with `requeue` the run is queued again (attempt + 1,
   * its partitions `queued`) so a host resumes it, else its partitions become `failed` (a later
   * backfill re-runs them). Returns the runs as they were found.
   */
  recoverRuns(isDead: (host: HostRecord) => boolean, requeue: boolean, at: string): Promise<RunRecord[]>;

  /**
   * Queues again the `interrupted` runs (attempt + 1) that are still their partitions' latest
   * run (a later backfill that re-ran the partition supersedes them). Returns the run ids.
   */
  requeueInterrupted(at: string): Promise<string[]>;

  createRun(run: NewRun, at: string): Promise<RunRecord>;
  /**
   * Atomically moves a queued run to running on this host when the job's running count allows
   * and none of its partitions is running in another run. undefined when it cannot be claimed.
   */
  claimRun(runId: string, hostId: string, limits: ClaimLimits, at: string): Promise<RunRecord | undefined>;
  /** Claims the oldest claimable queued run (the local dispatcher's queue). */
  claimNext(hostId: string, limits: ClaimLimits, at: string): Promise<RunRecord | undefined>;
  updateRun(runId: string, patch: RunPatch, at: string): Promise<void>;
  /** Sets the run's final state and its partitions' states together. */
  finishRun(runId: string, patch: RunPatch & { state: RunState }, partitionState: PartitionState, at: string): Promise<void>;
  /** Queued runs are cancelled at once; running ones get a flag their host acts on. Returns the state after. */
  requestCancel(runId: string, at: string): Promise<RunState | undefined>;
  getRun(runId: string): Promise<RunRecord | undefined>;
  /** The runs among `runIds` that reached a final state (optional: the dispatcher falls back to getRun). */
  finishedRuns?(runIds: readonly string[]): Promise<RunRecord[]>;
  listRuns(filter: RunFilter): Promise<RunRecord[]>;
  /** Ids among `runIds` whose cancel was requested. */
  cancelRequested(runIds: readonly string[]): Promise<Set<string>>;
  lastSuccessfulRun(job: string): Promise<RunRecord | undefined>;

  startAttempt(a: { attemptId: string; runId: string; taskId: string; attempt: number; hostId: string }, at: string): Promise<void>;
  finishAttempt(attemptId: string, patch: AttemptPatch, at: string): Promise<void>;
  listAttempts(runId?: string): Promise<TaskAttempt[]>;

  listPartitions(job: string, keys?: readonly string[]): Promise<PartitionRecord[]>;

  /** Appends and returns the lines with their sequence numbers (the tail cursor). */
  appendLogs(lines: readonly NewLogLine[]): Promise<LogLine[]>;
  readLogs(query: LogQuery): Promise<LogLine[]>;

  lastTick(job: string): Promise<string | undefined>;
  recordTicks(ticks: ReadonlyArray<{ job: string; tickAt: string; runId: string | null; outcome: 'queued' | 'skipped' }>, at: string): Promise<void>;

  close(): Promise<void>;
}
