/**
 * The run store's tables, as Kysely types (the SQLite migrations in migrations.ts create them;
 * a PostgreSQL store fills the same shape). Times are ISO-8601 UTC text so they sort and read
 * well in `fde sql`; heartbeats are epoch milliseconds because they are compared arithmetically.
 * JSON columns hold text.
 */
export interface RunsTable {
  run_id: string;
  job: string;
  partition_key: string;
  state: string;
  trigger: string;
  backfill_id: string | null;
  params: string;
  attempt: number;
  queued_at: string;
  started_at: string | null;
  ended_at: string | null;
  updated_at: string;
  rows_written: number;
  table_versions: string;
  /** Versions of the job's read assets when the run started (asset staleness). */
  input_versions: string;
  error_class: string | null;
  error: string | null;
  host_id: string | null;
  cancel_requested: number;
  /** Schedule tick this run was made for (ISO), if any. */
  schedule_tick: string | null;
  /** Why the runtime queued the run by itself (automation's staleness reason); null otherwise. */
  reason: string | null;
}

export interface TaskAttemptsTable {
  attempt_id: string;
  run_id: string;
  task_id: string;
  attempt: number;
  state: string;
  started_at: string;
  ended_at: string | null;
  updated_at: string;
  rows_written: number;
  table_versions: string;
  error_class: string | null;
  error: string | null;
  host_id: string | null;
}

export interface PartitionsTable {
  job: string;
  partition_key: string;
  state: string;
  run_id: string | null;
  updated_at: string;
}

export interface LogsTable {
  seq: number;
  run_id: string;
  task_id: string | null;
  attempt: number | null;
  time: string;
  level: number;
  msg: string;
  fields: string;
}

export interface HostsTable {
  host_id: string;
  pid: number;
  hostname: string;
  role: string;
  started_at: string;
  heartbeat_ms: number;
  stopped_at: string | null;
}

export interface ScheduleTicksTable {
  job: string;
  tick_at: string;
  run_id: string | null;
  /** 'queued' (a run was made) or 'skipped' (beyond the catchup bound). */
  outcome: string;
  recorded_at: string;
}

export interface RuntimeDatabase {
  runs: RunsTable;
  task_attempts: TaskAttemptsTable;
  partitions: PartitionsTable;
  logs: LogsTable;
  hosts: HostsTable;
  schedule_ticks: ScheduleTicksTable;
}
