/** Row -> record conversions (JSON columns parsed, flags as booleans) and query shapes both run stores share. */
import type { LogLine, RunState, TaskAttempt, TaskState } from '../../../api/jobs-api';
import type { Kysely, RawBuilder, Selectable, SelectQueryBuilder } from 'kysely';
import type { ClaimLimits, HostRecord, RunFilter, RunPatch, RunRecord, RunTrigger, ErrorClassName } from './run-store';
import type { HostsTable, LogsTable, RunsTable, RuntimeDatabase, TaskAttemptsTable } from './schema';

export const LEVEL_NAMES = ['debug', 'info', 'warn', 'error'] as const;
export type LevelName = (typeof LEVEL_NAMES)[number];
export const LEVEL_NUMBERS: Record<LevelName, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function parse<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function toRun(r: RunsTable): RunRecord {
  return {
    runId: r.run_id,
    job: r.job,
    partition: r.partition_key,
    state: r.state as RunState,
    trigger: r.trigger as RunTrigger,
    backfillId: r.backfill_id,
    params: parse(r.params, {}),
    attempt: r.attempt,
    queuedAt: r.queued_at,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    rowsWritten: r.rows_written,
    tableVersions: parse(r.table_versions, []),
    errorClass: r.error_class as ErrorClassName | null,
    error: r.error,
    host: r.host_id,
    inputVersions: parse(r.input_versions, {}),
    cancelRequested: r.cancel_requested === 1,
    scheduleTick: r.schedule_tick,
    updatedAtRaw: r.updated_at,
    // A store migrated before step 3 (or a row read without the column) has no reason.
    reason: r.reason ?? null,
  };
}

export function toAttempt(r: TaskAttemptsTable): TaskAttempt {
  return {
    attemptId: r.attempt_id,
    runId: r.run_id,
    taskId: r.task_id,
    attempt: r.attempt,
    state: r.state as TaskState,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    rowsWritten: r.rows_written,
    tableVersions: parse(r.table_versions, []),
    errorClass: r.error_class as ErrorClassName | null,
    error: r.error,
  };
}

export function toHost(r: HostsTable): HostRecord {
  return { hostId: r.host_id, pid: r.pid, hostname: r.hostname, role: r.role, startedAt: r.started_at, heartbeatMs: r.heartbeat_ms, stoppedAt: r.stopped_at };
}

export function levelName(level: number): LevelName {
  if (level >= 40) return 'error';
  if (level >= 30) return 'warn';
  if (level >= 20) return 'info';
  return 'debug';
}

export function toLogLine(r: LogsTable): LogLine {
  return {
    seq: r.seq,
    runId: r.run_id,
    taskId: r.task_id,
    attempt: r.attempt,
    time: r.time,
    level: levelName(r.level),
    msg: r.msg,
    fields: parse(r.fields, {}),
  };
}

/** The run columns a patch sets (both stores write runs alike). */
export function runColumns(p: RunPatch) {
  return {
    ...(p.state !== undefined ? { state: p.state } : {}),
    ...(p.startedAt !== undefined ? { started_at: p.startedAt } : {}),
    ...(p.endedAt !== undefined ? { ended_at: p.endedAt } : {}),
    ...(p.rowsWritten !== undefined ? { rows_written: p.rowsWritten } : {}),
    ...(p.tableVersions !== undefined ? { table_versions: JSON.stringify(p.tableVersions) } : {}),
    ...(p.inputVersions !== undefined ? { input_versions: JSON.stringify(p.inputVersions) } : {}),
    ...(p.errorClass !== undefined ? { error_class: p.errorClass } : {}),
    ...(p.error !== undefined ? { error: p.error } : {}),
  };
}

/** JSON.stringify replacer: 64-bit integers from DuckDB as exact strings. */
export function jsonSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/**
 * The runs query of listRuns, shared by the SQLite and PostgreSQL stores. `beforeQueuedAt` is
 * the queued_at of the filter's `before` run (each store looks it up its own way).
 */
export function filterRuns(
  query: SelectQueryBuilder<RuntimeDatabase, 'runs', Selectable<RunsTable>>,
  f: RunFilter,
  beforeQueuedAt: string | undefined,
): SelectQueryBuilder<RuntimeDatabase, 'runs', Selectable<RunsTable>> {
  let q = query;
  if (f.job) q = q.where('job', '=', f.job);
  if (f.state) q = q.where('state', '=', f.state);
  if (f.states) q = q.where('state', 'in', f.states.length ? f.states : ['']);
  if (f.backfillId) q = q.where('backfill_id', '=', f.backfillId);
  if (f.updatedAfter) q = q.where('updated_at', '>', f.updatedAfter);
  if (beforeQueuedAt !== undefined) q = q.where('queued_at', '<', beforeQueuedAt);
  const dir = f.order === 'oldest' ? 'asc' : 'desc';
  q = q.orderBy(f.updatedAfter ? 'updated_at' : 'queued_at', dir).orderBy('run_id', dir);
  return f.limit ? q.limit(f.limit) : q;
}

/** Queued runs claimNext looks at per query. */
export const CLAIM_WINDOW = 50;

/**
 * The next window of queued runs claimNext tries, oldest first, shared by both stores. Runs whose
 * partition is running elsewhere are left out in SQL, so a long line of them cannot fill the window
 * and hide a claimable run; so are jobs already found at their running limit (`fullJobs`), so a
 * long backfill of one job does not hide another job's run. `runIdsIn` is each dialect's way to
 * bind a long id list.
 */
export function claimWindowQuery(
  db: Kysely<RuntimeDatabase>,
  limits: ClaimLimits,
  fullJobs: ReadonlySet<string>,
  runIdsIn: (ids: readonly string[]) => string[] | RawBuilder<string>,
) {
  let query = db.selectFrom('runs as q').select('q.run_id').where('q.state', '=', 'queued')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('runs as r').select('r.run_id').whereRef('r.job', '=', 'q.job').whereRef('r.partition_key', '=', 'q.partition_key').where('r.state', '=', 'running'))),
    )
    .orderBy('q.queued_at').orderBy('q.run_id').limit(CLAIM_WINDOW);
  if (limits.jobs) query = query.where('q.job', 'in', limits.jobs.length ? [...limits.jobs] : ['']);
  if (limits.runIds) query = query.where('q.run_id', 'in', runIdsIn(limits.runIds));
  if (fullJobs.size) query = query.where('q.job', 'not in', [...fullJobs]);
  return query;
}
