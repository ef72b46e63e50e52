/**
 * The run store as DuckDB views for `fde sql`: meta.job_runs and meta.task_runs. DuckDB's sqlite
 * extension cannot be installed offline, so the rows are copied into temporary tables (the
 * Appender, fast for hundreds of thousands of rows) and the meta views select from them with
 * proper types. A lake without a run store gets the same views, empty.
 */
import fs from 'node:fs';
import type { Duck } from '../duck/duck';
import { loadRows, type LoadColumn } from '../duck/bulk-load';
import { runStorePath } from './store/location';
import { SqliteRunStore } from './store/sqlite-store';
import type { RunRecord } from './store/run-store';
import type { TaskAttempt } from '../../api/jobs-api';

const V = 'VARCHAR' as const;
const B = 'BIGINT' as const;
const RUN_COLUMNS: LoadColumn[] = [
  { name: 'run_id', type: V }, { name: 'job', type: V }, { name: 'partition', type: V }, { name: 'state', type: V },
  { name: 'trigger', type: V }, { name: 'backfill_id', type: V }, { name: 'attempt', type: B }, { name: 'queued_at', type: V },
  { name: 'started_at', type: V }, { name: 'ended_at', type: V }, { name: 'rows_written', type: B }, { name: 'table_versions', type: V },
  { name: 'error_class', type: V }, { name: 'error', type: V }, { name: 'host', type: V }, { name: 'params', type: V },
  { name: 'reason', type: V },
];
const TASK_COLUMNS: LoadColumn[] = [
  { name: 'attempt_id', type: V }, { name: 'run_id', type: V }, { name: 'job', type: V }, { name: 'partition', type: V }, { name: 'task_id', type: V },
  { name: 'attempt', type: B }, { name: 'state', type: V }, { name: 'started_at', type: V }, { name: 'ended_at', type: V },
  { name: 'rows_written', type: B }, { name: 'table_versions', type: V }, { name: 'error_class', type: V }, { name: 'error', type: V },
];
const TIMES = new Set(['queued_at', 'started_at', 'ended_at']);

function selectList(columns: LoadColumn[]): string {
  return columns.map((c) => (TIMES.has(c.name) ? `CAST(${c.name} AS TIMESTAMPTZ) AS ${c.name}` : c.name)).join(', ');
}

/** Creates meta.job_runs and meta.task_runs in `duck` from the lake's run store. */
export async function attachRunMeta(lakeUri: string, duck: Duck): Promise<{ runs: number; attempts: number }> {
  const file = runStorePath(lakeUri);
  let runs: RunRecord[] = [];
  let attempts: TaskAttempt[] = [];
  if (fs.existsSync(file)) {
    const store = new SqliteRunStore(file);
    try {
      runs = await store.listRuns({ order: 'oldest' });
      attempts = await store.listAttempts();
    } finally {
      await store.close();
    }
  }
  const byRun = new Map(runs.map((r) => [r.runId, r]));
  await duck.run('CREATE SCHEMA IF NOT EXISTS meta');
  await loadRows(duck, 'fde_job_runs', RUN_COLUMNS, runs.map((r) => ({
    run_id: r.runId, job: r.job, partition: r.partition, state: r.state, trigger: r.trigger, backfill_id: r.backfillId, attempt: r.attempt,
    queued_at: r.queuedAt, started_at: r.startedAt, ended_at: r.endedAt, rows_written: r.rowsWritten, table_versions: JSON.stringify(r.tableVersions),
    error_class: r.errorClass, error: r.error, host: r.host, params: JSON.stringify(r.params), reason: r.reason,
  })));
  await loadRows(duck, 'fde_task_runs', TASK_COLUMNS, attempts.map((a) => ({
    attempt_id: a.attemptId, run_id: a.runId, job: byRun.get(a.runId)?.job ?? null, partition: byRun.get(a.runId)?.partition ?? null, task_id: a.taskId,
    attempt: a.attempt, state: a.state, started_at: a.startedAt, ended_at: a.endedAt, rows_written: a.rowsWritten,
    table_versions: JSON.stringify(a.tableVersions), error_class: a.errorClass, error: a.error,
  })));
  await duck.run(`CREATE OR REPLACE VIEW meta.job_runs AS SELECT ${selectList(RUN_COLUMNS)} FROM temp.main.fde_job_runs`);
  await duck.run(`CREATE OR REPLACE VIEW meta.task_runs AS SELECT ${selectList(TASK_COLUMNS)} FROM temp.main.fde_task_runs`);
  return { runs: runs.length, attempts: attempts.length };
}
