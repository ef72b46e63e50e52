/**
 * Versioned migrations of the embedded run store. Each entry moves the schema one version up;
 * the applied version lives in SQLite's `user_version`, and migrating runs inside one
 * BEGIN IMMEDIATE transaction so two processes opening a new store at once apply it once.
 * Never edit a released step: add a new one.
 */
import type Database from 'better-sqlite3';

export const MIGRATIONS: readonly string[] = [
  // 1: runs, attempts, partitions, logs, hosts, schedule ticks
  `CREATE TABLE runs (
     run_id TEXT PRIMARY KEY, job TEXT NOT NULL, partition_key TEXT NOT NULL, state TEXT NOT NULL,
     trigger TEXT NOT NULL, backfill_id TEXT, params TEXT NOT NULL DEFAULT '{}', attempt INTEGER NOT NULL DEFAULT 1,
     queued_at TEXT NOT NULL, started_at TEXT, ended_at TEXT, updated_at TEXT NOT NULL,
     rows_written INTEGER NOT NULL DEFAULT 0, table_versions TEXT NOT NULL DEFAULT '[]',
     input_versions TEXT NOT NULL DEFAULT '{}', error_class TEXT, error TEXT, host_id TEXT,
     cancel_requested INTEGER NOT NULL DEFAULT 0, schedule_tick TEXT);
   CREATE INDEX runs_job_queued ON runs (job, queued_at);
   CREATE INDEX runs_state ON runs (state);
   CREATE INDEX runs_updated ON runs (updated_at);
   CREATE TABLE task_attempts (
     attempt_id TEXT PRIMARY KEY, run_id TEXT NOT NULL REFERENCES runs (run_id), task_id TEXT NOT NULL,
     attempt INTEGER NOT NULL, state TEXT NOT NULL, started_at TEXT NOT NULL, ended_at TEXT, updated_at TEXT NOT NULL,
     rows_written INTEGER NOT NULL DEFAULT 0, table_versions TEXT NOT NULL DEFAULT '[]',
     error_class TEXT, error TEXT, host_id TEXT);
   CREATE INDEX task_attempts_run ON task_attempts (run_id, task_id, attempt);
   CREATE TABLE partitions (
     job TEXT NOT NULL, partition_key TEXT NOT NULL, state TEXT NOT NULL, run_id TEXT, updated_at TEXT NOT NULL,
     PRIMARY KEY (job, partition_key));
   CREATE TABLE logs (
     seq INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL, task_id TEXT, attempt INTEGER,
     time TEXT NOT NULL, level INTEGER NOT NULL, msg TEXT NOT NULL, fields TEXT NOT NULL DEFAULT '{}');
   CREATE INDEX logs_run_seq ON logs (run_id, seq);
   CREATE TABLE hosts (
     host_id TEXT PRIMARY KEY, pid INTEGER NOT NULL, hostname TEXT NOT NULL, role TEXT NOT NULL,
     started_at TEXT NOT NULL, heartbeat_ms INTEGER NOT NULL, stopped_at TEXT);
   CREATE TABLE schedule_ticks (
     job TEXT NOT NULL, tick_at TEXT NOT NULL, run_id TEXT, outcome TEXT NOT NULL, recorded_at TEXT NOT NULL,
     PRIMARY KEY (job, tick_at));`,
  // 2: indexes for the claim path (running runs per job, partitions of a run)
  `CREATE INDEX runs_job_state ON runs (job, state, partition_key);
   CREATE INDEX partitions_run ON partitions (job, run_id);`,
  // 3: why the runtime queued a run by itself (automation: the staleness reason)
  `ALTER TABLE runs ADD COLUMN reason TEXT;`,
];

export function migrate(db: Database.Database): number {
  const step = db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > MIGRATIONS.length) {
      throw new Error(`the run store has schema version ${current}, newer than this build knows (${MIGRATIONS.length}); update the app`);
    }
    for (let v = current; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
    return MIGRATIONS.length;
  });
  return step.immediate();
}
