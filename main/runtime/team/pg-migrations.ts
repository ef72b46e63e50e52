/**
 * Versioned migrations of the team run store on PostgreSQL. The applied version lives in
 * `fde_schema_version`; migrating runs in one transaction under an advisory lock, so hosts
 * starting together apply each step once. Never edit a released step: append a new one.
 * Columns mirror the SQLite store (store/schema.ts) so the same row converters serve both:
 * times are ISO-8601 text, JSON columns are text.
 */
import type pg from 'pg';

export const PG_MIGRATIONS: readonly string[] = [
  // 1: runs, attempts, partitions, logs, hosts, schedule ticks (as the embedded store)
  `CREATE TABLE runs (
     run_id TEXT PRIMARY KEY, job TEXT NOT NULL, partition_key TEXT NOT NULL, state TEXT NOT NULL,
     trigger TEXT NOT NULL, backfill_id TEXT, params TEXT NOT NULL DEFAULT '{}', attempt INTEGER NOT NULL DEFAULT 1,
     queued_at TEXT NOT NULL, started_at TEXT, ended_at TEXT, updated_at TEXT NOT NULL,
     rows_written BIGINT NOT NULL DEFAULT 0, table_versions TEXT NOT NULL DEFAULT '[]',
     input_versions TEXT NOT NULL DEFAULT '{}', error_class TEXT, error TEXT, host_id TEXT,
     cancel_requested INTEGER NOT NULL DEFAULT 0, schedule_tick TEXT);
   CREATE INDEX runs_job_queued ON runs (job, queued_at);
   CREATE INDEX runs_state ON runs (state);
   CREATE INDEX runs_updated ON runs (updated_at);
   CREATE INDEX runs_backfill ON runs (backfill_id);
   CREATE TABLE task_attempts (
     attempt_id TEXT PRIMARY KEY, run_id TEXT NOT NULL REFERENCES runs (run_id), task_id TEXT NOT NULL,
     attempt INTEGER NOT NULL, state TEXT NOT NULL, started_at TEXT NOT NULL, ended_at TEXT, updated_at TEXT NOT NULL,
     rows_written BIGINT NOT NULL DEFAULT 0, table_versions TEXT NOT NULL DEFAULT '[]',
     error_class TEXT, error TEXT, host_id TEXT);
   CREATE INDEX task_attempts_run ON task_attempts (run_id, task_id, attempt);
   CREATE TABLE partitions (
     job TEXT NOT NULL, partition_key TEXT NOT NULL, state TEXT NOT NULL, run_id TEXT, updated_at TEXT NOT NULL,
     PRIMARY KEY (job, partition_key));
   CREATE TABLE logs (
     seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, run_id TEXT NOT NULL, task_id TEXT, attempt INTEGER,
     time TEXT NOT NULL, level INTEGER NOT NULL, msg TEXT NOT NULL, fields TEXT NOT NULL DEFAULT '{}');
   CREATE INDEX logs_run_seq ON logs (run_id, seq);
   CREATE TABLE hosts (
     host_id TEXT PRIMARY KEY, pid INTEGER NOT NULL, hostname TEXT NOT NULL, role TEXT NOT NULL,
     started_at TEXT NOT NULL, heartbeat_ms BIGINT NOT NULL, stopped_at TEXT);
   CREATE TABLE schedule_ticks (
     job TEXT NOT NULL, tick_at TEXT NOT NULL, run_id TEXT, outcome TEXT NOT NULL, recorded_at TEXT NOT NULL,
     PRIMARY KEY (job, tick_at));`,
  // 2: team mode: the scheduler lease (leader election with a fencing term) and shared rate buckets
  `CREATE TABLE leases (
     name TEXT PRIMARY KEY, holder TEXT, term BIGINT NOT NULL DEFAULT 0,
     expires_at TIMESTAMPTZ NOT NULL DEFAULT 'epoch', acquired_at TIMESTAMPTZ);
   CREATE TABLE rate_buckets (
     source TEXT PRIMARY KEY, tokens DOUBLE PRECISION NOT NULL, per_second DOUBLE PRECISION NOT NULL,
     burst DOUBLE PRECISION NOT NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
     granted BIGINT NOT NULL DEFAULT 0);`,
  // 3: mirror of the embedded store's step 3: why the runtime queued a run by itself (automation)
  `ALTER TABLE runs ADD COLUMN reason TEXT;`,
];

/** Applies the missing steps; returns the schema version. `schema` must already be a safe identifier. */
export async function migratePg(client: pg.PoolClient, schema: string): Promise<number> {
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`fde-migrate:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(`SET LOCAL search_path TO "${schema}"`);
    await client.query(`CREATE TABLE IF NOT EXISTS fde_schema_version (version INTEGER NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM fde_schema_version');
    const current = rows[0]?.v ?? 0;
    if (current > PG_MIGRATIONS.length) {
      throw new Error(`the team run store has schema version ${current}, newer than this build knows (${PG_MIGRATIONS.length}); update the app`);
    }
    for (let v = current; v < PG_MIGRATIONS.length; v++) {
      await client.query(PG_MIGRATIONS[v]!);
      await client.query('INSERT INTO fde_schema_version (version) VALUES ($1)', [v + 1]);
    }
    await client.query('COMMIT');
    return PG_MIGRATIONS.length;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}
