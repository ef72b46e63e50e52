/**
 * The team run store: the RunStore interface on PostgreSQL (the team's Azure Database for
 * PostgreSQL; tests use the machine's server), typed with Kysely against the same tables as the
 * embedded store. Every multi-row change is one transaction. Claims take a per-job advisory
 * transaction lock first, so two hosts claiming runs of one job at once cannot both pass the
 * job's running-count check or start one partition twice.
 *
 * Queue outbox: every time a run becomes `queued` (created, or requeued after a dead host), the
 * `outbox` hook (set by the team dispatcher) adds its queue job inside the same transaction, so
 * a run is never queued without a job nor a job sent for a run that was rolled back.
 */
import { CompiledQuery, Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import type pg from 'pg';
import type { LogLine, PartitionState, RunState, TaskAttempt } from '../../../api/jobs-api';
import type {
  AttemptPatch, ClaimLimits, HostRecord, LogQuery, NewLogLine, NewRun, PartitionRecord, RunFilter, RunPatch, RunRecord, RunStore,
} from '../store/run-store';
import { CLAIM_WINDOW, claimWindowQuery, filterRuns, jsonSafe, runColumns, toAttempt, toHost, toLogLine, toRun } from '../store/rows';
import type { HostsTable, LogsTable, RunsTable, RuntimeDatabase, TaskAttemptsTable } from '../store/schema';
import { migratePg } from './pg-migrations';

type Db = Kysely<RuntimeDatabase> | Transaction<RuntimeDatabase>;

/** Runs SQL in the caller's transaction (the shape pg-boss accepts as `db`). */
export interface SqlExecutor {
  executeSql(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
}
export interface QueuedRun {
  runId: string;
  job: string;
  attempt: number;
}
export type QueueOutbox = (tx: SqlExecutor, runs: readonly QueuedRun[]) => Promise<void>;

/** Thrown by a scheduler write whose fencing term is no longer the lease's (a deposed leader). */
export class FencedOutError extends Error {
  constructor(term: number) {
    super(`scheduler write refused: term ${term} no longer holds the scheduler lease`);
    this.name = 'FencedOutError';
  }
}

const SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/;

export function checkSchemaName(schema: string): string {
  if (!SCHEMA.test(schema)) throw new Error(`team schema '${schema}' must be a lower-case SQL identifier`);
  return schema;
}

const n = (v: unknown): number => Number(v);
const runRow = (r: RunsTable): RunRecord => toRun({ ...r, rows_written: n(r.rows_written), attempt: n(r.attempt), cancel_requested: n(r.cancel_requested) });
const attemptRow = (r: TaskAttemptsTable): TaskAttempt => toAttempt({ ...r, rows_written: n(r.rows_written), attempt: n(r.attempt) });
const hostRow = (r: HostsTable): HostRecord => toHost({ ...r, heartbeat_ms: n(r.heartbeat_ms), pid: n(r.pid) });
const logRow = (r: LogsTable): LogLine => toLogLine({ ...r, seq: n(r.seq), level: n(r.level), attempt: r.attempt === null ? null : n(r.attempt) });

export function executorOf(tx: Db): SqlExecutor {
  return { executeSql: async (text, values) => ({ rows: (await tx.executeQuery(CompiledQuery.raw(text, values))).rows as unknown[] }) };
}

export interface PgRunStoreOptions {
  pool: pg.Pool;
  schema: string;
  /** Shown in messages (never the connection string: it may hold a password). */
  location: string;
  /** close() ends the pool (default true). */
  ownsPool?: boolean;
}

export class PgRunStore implements RunStore {
  readonly location: string;
  readonly schema: string;
  readonly db: Kysely<RuntimeDatabase>;
  readonly pool: pg.Pool;
  private readonly ownsPool: boolean;
  outbox: QueueOutbox | undefined;
  /** The scheduler lease's term while this host leads; checked by scheduler writes. */
  fence: { name: string; term: number } | undefined;

  private constructor(o: PgRunStoreOptions) {
    this.location = o.location;
    this.schema = checkSchemaName(o.schema);
    this.pool = o.pool;
    this.ownsPool = o.ownsPool ?? true;
    this.db = new Kysely<RuntimeDatabase>({ dialect: new PostgresDialect({ pool: o.pool }) }).withSchema(this.schema);
  }

  static async open(o: PgRunStoreOptions): Promise<PgRunStore> {
    const client = await o.pool.connect();
    try {
      await migratePg(client, checkSchemaName(o.schema));
    } finally {
      client.release();
    }
    return new PgRunStore(o);
  }

  private tx<T>(work: (tx: Transaction<RuntimeDatabase>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(work);
  }

  private async queued(tx: Db, runs: QueuedRun[]): Promise<void> {
    if (runs.length && this.outbox) await this.outbox(executorOf(tx), runs);
  }

  /** Inside a scheduler write: the lease must still be ours with our term (row lock until commit). */
  private async checkFence(tx: Db): Promise<void> {
    if (!this.fence) return;
    const { name, term } = this.fence;
    const row = await sql<{ term: string }>`SELECT term FROM ${sql.table(`${this.schema}.leases`)} WHERE name = ${name} AND term = ${term} AND expires_at > clock_timestamp() FOR SHARE`.execute(tx);
    if (row.rows.length === 0) throw new FencedOutError(term);
  }

  async registerHost(h: Omit<HostRecord, 'stoppedAt'>): Promise<void> {
    await this.db.insertInto('hosts').values({
      host_id: h.hostId, pid: h.pid, hostname: h.hostname, role: h.role, started_at: h.startedAt, heartbeat_ms: h.heartbeatMs, stopped_at: null,
    }).execute();
  }

  async heartbeat(hostId: string, nowMs: number): Promise<void> {
    await this.db.updateTable('hosts').set({ heartbeat_ms: nowMs }).where('host_id', '=', hostId).execute();
  }

  async stopHost(hostId: string, at: string): Promise<void> {
    await this.db.updateTable('hosts').set({ stopped_at: at }).where('host_id', '=', hostId).execute();
  }

  async listHosts(): Promise<HostRecord[]> {
    return (await this.db.selectFrom('hosts').selectAll().orderBy('started_at', 'desc').limit(200).execute()).map(hostRow);
  }

  async recoverRuns(isDead: (host: HostRecord) => boolean, requeue: boolean, at: string): Promise<RunRecord[]> {
    return this.tx(async (tx) => {
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`fde-recover:${this.schema}`}))`.execute(tx);
      const running = (await tx.selectFrom('runs').selectAll().where('state', '=', 'running').forUpdate().execute()).map(runRow);
      if (running.length === 0) return [];
      const hosts = new Map((await tx.selectFrom('hosts').selectAll().execute()).map((h) => [h.host_id, hostRow(h)]));
      const orphaned = running.filter((r) => {
        const host = r.host ? hosts.get(r.host) : undefined;
        return !host || host.stoppedAt !== null || isDead(host);
      });
      const requeued: QueuedRun[] = [];
      for (const run of orphaned) {
        const why = `interrupted: host ${run.host ?? '?'} stopped while the run was running`;
        await tx.updateTable('task_attempts').set({ state: 'interrupted', ended_at: at, updated_at: at, error_class: 'retryable', error: why })
          .where('run_id', '=', run.runId).where('state', '=', 'running').execute();
        if (requeue) {
          await tx.updateTable('runs')
            .set({ state: 'queued', attempt: run.attempt + 1, host_id: null, started_at: null, updated_at: at, error_class: 'retryable', error: why })
            .where('run_id', '=', run.runId).execute();
          await this.setPartitionsOfRun(tx, run.runId, run.job, 'queued', at);
          requeued.push({ runId: run.runId, job: run.job, attempt: run.attempt + 1 });
        } else {
          await tx.updateTable('runs').set({ state: 'interrupted', ended_at: at, updated_at: at, error_class: 'retryable', error: why })
            .where('run_id', '=', run.runId).execute();
          await this.setPartitionsOfRun(tx, run.runId, run.job, 'failed', at);
        }
      }
      await this.queued(tx, requeued);
      return orphaned;
    });
  }

  private async setPartitionsOfRun(tx: Db, runId: string, job: string, state: PartitionState, at: string): Promise<void> {
    await tx.updateTable('partitions').set({ state, updated_at: at }).where('job', '=', job).where('run_id', '=', runId).execute();
  }

  async requeueInterrupted(at: string): Promise<string[]> {
    return this.tx(async (tx) => {
      const rows = await tx.selectFrom('runs').select(['run_id', 'job', 'attempt']).where('state', '=', 'interrupted')
        .where(({ exists, selectFrom }) =>
          exists(selectFrom('partitions').select('partitions.job').whereRef('partitions.run_id', '=', 'runs.run_id').whereRef('partitions.job', '=', 'runs.job')),
        ).forUpdate().skipLocked().execute();
      for (const r of rows) {
        await tx.updateTable('runs').set({ state: 'queued', attempt: n(r.attempt) + 1, host_id: null, started_at: null, ended_at: null, updated_at: at }).where('run_id', '=', r.run_id).execute();
        await this.setPartitionsOfRun(tx, r.run_id, r.job, 'queued', at);
      }
      await this.queued(tx, rows.map((r) => ({ runId: r.run_id, job: r.job, attempt: n(r.attempt) + 1 })));
      return rows.map((r) => r.run_id);
    });
  }

  async createRun(run: NewRun, at: string): Promise<RunRecord> {
    return this.tx(async (tx) => {
      // A scheduled run is a scheduler write: only the current leader's term may make it.
      if (run.scheduleTick) await this.checkFence(tx);
      await tx.insertInto('runs').values({
        run_id: run.runId, job: run.job, partition_key: run.partition, state: 'queued', trigger: run.trigger,
        backfill_id: run.backfillId ?? null, params: JSON.stringify(run.params), attempt: 1, queued_at: at, started_at: null,
        ended_at: null, updated_at: at, rows_written: 0, table_versions: '[]', input_versions: '{}', error_class: null, error: null,
        host_id: null, cancel_requested: 0, schedule_tick: run.scheduleTick ?? null, reason: run.reason ?? null,
      }).execute();
      for (const key of run.partitionKeys) {
        await tx.insertInto('partitions')
          .values({ job: run.job, partition_key: key, state: 'queued', run_id: run.runId, updated_at: at })
          .onConflict((oc) => oc.columns(['job', 'partition_key']).doUpdateSet({ state: 'queued', run_id: run.runId, updated_at: at }))
          .execute();
      }
      await this.queued(tx, [{ runId: run.runId, job: run.job, attempt: 1 }]);
      return runRow(await tx.selectFrom('runs').selectAll().where('run_id', '=', run.runId).executeTakeFirstOrThrow());
    });
  }

  async claimRun(runId: string, hostId: string, limits: ClaimLimits, at: string): Promise<RunRecord | undefined> {
    return this.tx((tx) => this.claimLocked(tx, runId, hostId, limits, at));
  }

  async claimNext(hostId: string, limits: ClaimLimits, at: string): Promise<RunRecord | undefined> {
    const full = new Set<string>();
    // A window of runs of jobs at their limit is looked past (see claimWindowQuery).
    for (;;) {
      const query = claimWindowQuery(this.db, limits, full, (ids) => (ids.length ? [...ids] : ['']));
      const fullBefore = full.size;
      const window = await query.execute();
      for (const { run_id } of window) {
        const claimed = await this.tx((tx) => this.claimLocked(tx, run_id, hostId, limits, at, full));
        if (claimed) return claimed;
      }
      if (window.length < CLAIM_WINDOW || full.size === fullBefore) return undefined;
    }
  }

  private async claimLocked(tx: Transaction<RuntimeDatabase>, runId: string, hostId: string, limits: ClaimLimits, at: string, fullJobs?: Set<string>): Promise<RunRecord | undefined> {
    const peek = await tx.selectFrom('runs').select(['job']).where('run_id', '=', runId).executeTakeFirst();
    if (!peek || fullJobs?.has(peek.job)) return undefined;
    // One claim of this job at a time across every host: the count and busy checks below hold.
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`fde-claim:${this.schema}:${peek.job}`}))`.execute(tx);
    const row = await tx.selectFrom('runs').selectAll().where('run_id', '=', runId).forUpdate().executeTakeFirst();
    if (!row || row.state !== 'queued') return undefined;
    const running = await tx.selectFrom('runs').select((eb) => eb.fn.countAll<string>().as('n')).where('job', '=', row.job).where('state', '=', 'running').executeTakeFirst();
    if (n(running?.n ?? 0) >= limits.maxRunningPerJob(row.job)) {
      fullJobs?.add(row.job);
      return undefined;
    }
    const busy = await tx.selectFrom('runs').select('run_id').where('job', '=', row.job).where('partition_key', '=', row.partition_key)
      .where('state', '=', 'running').where('run_id', '!=', runId).executeTakeFirst();
    if (busy) return undefined;
    await tx.updateTable('runs').set({ state: 'running', host_id: hostId, started_at: at, updated_at: at, ended_at: null }).where('run_id', '=', runId).execute();
    await this.setPartitionsOfRun(tx, runId, row.job, 'running', at);
    return runRow(await tx.selectFrom('runs').selectAll().where('run_id', '=', runId).executeTakeFirstOrThrow());
  }

  async updateRun(runId: string, patch: RunPatch, at: string): Promise<void> {
    await this.db.updateTable('runs').set({ ...runColumns(patch), updated_at: at }).where('run_id', '=', runId).execute();
  }

  async finishRun(runId: string, patch: RunPatch & { state: RunState }, partitionState: PartitionState, at: string): Promise<void> {
    await this.tx(async (tx) => {
      const row = await tx.selectFrom('runs').select(['job']).where('run_id', '=', runId).forUpdate().executeTakeFirst();
      if (!row) return;
      await tx.updateTable('runs').set({ ...runColumns(patch), ended_at: patch.endedAt ?? at, updated_at: at }).where('run_id', '=', runId).execute();
      await this.setPartitionsOfRun(tx, runId, row.job, partitionState, at);
    });
  }

  /**
   * finishRun for the host that claimed the run: applies only while the run is still `running` on
   * `owner.hostId` with `owner.attempt` (the claim's fencing token). A host presumed dead whose run
   * was requeued and taken by another cannot overwrite that host's outcome. Returns whether it applied.
   */
  async finishRunFenced(runId: string, owner: { hostId: string; attempt: number }, patch: RunPatch & { state: RunState }, partitionState: PartitionState, at: string): Promise<boolean> {
    return this.tx(async (tx) => {
      const row = await tx.selectFrom('runs').select(['job', 'host_id', 'attempt', 'state']).where('run_id', '=', runId).forUpdate().executeTakeFirst();
      if (!row || row.state !== 'running' || row.host_id !== owner.hostId || n(row.attempt) !== owner.attempt) return false;
      await tx.updateTable('runs').set({ ...runColumns(patch), ended_at: patch.endedAt ?? at, updated_at: at }).where('run_id', '=', runId).execute();
      await this.setPartitionsOfRun(tx, runId, row.job, partitionState, at);
      return true;
    });
  }

  async requestCancel(runId: string, at: string): Promise<RunState | undefined> {
    return this.tx(async (tx) => {
      const row = await tx.selectFrom('runs').select(['state', 'job']).where('run_id', '=', runId).forUpdate().executeTakeFirst();
      if (!row) return undefined;
      if (row.state === 'queued') {
        await tx.updateTable('runs').set({ state: 'cancelled', cancel_requested: 1, ended_at: at, updated_at: at, error_class: 'cancelled', error: 'cancelled before it started' })
          .where('run_id', '=', runId).execute();
        await this.setPartitionsOfRun(tx, runId, row.job, 'cancelled', at);
        return 'cancelled';
      }
      if (row.state === 'running') await tx.updateTable('runs').set({ cancel_requested: 1, updated_at: at }).where('run_id', '=', runId).execute();
      return row.state as RunState;
    });
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    const row = await this.db.selectFrom('runs').selectAll().where('run_id', '=', runId).executeTakeFirst();
    return row ? runRow(row) : undefined;
  }

  async finishedRuns(runIds: readonly string[]): Promise<RunRecord[]> {
    if (runIds.length === 0) return [];
    const rows = await this.db.selectFrom('runs').selectAll()
      .where('run_id', '=', sql<string>`ANY(${[...runIds]}::text[])`)
      .where('state', 'in', ['succeeded', 'failed', 'cancelled', 'interrupted']).execute();
    return rows.map(runRow);
  }

  async listRuns(f: RunFilter): Promise<RunRecord[]> {
    const before = f.before ? await this.db.selectFrom('runs').select(['queued_at']).where('run_id', '=', f.before).executeTakeFirst() : undefined;
    return (await filterRuns(this.db.selectFrom('runs').selectAll(), f, before?.queued_at).execute()).map(runRow);
  }

  async cancelRequested(runIds: readonly string[]): Promise<Set<string>> {
    if (runIds.length === 0) return new Set();
    const rows = await this.db.selectFrom('runs').select('run_id').where('run_id', 'in', [...runIds]).where('cancel_requested', '=', 1).execute();
    return new Set(rows.map((r) => r.run_id));
  }

  async lastSuccessfulRun(job: string): Promise<RunRecord | undefined> {
    const row = await this.db.selectFrom('runs').selectAll().where('job', '=', job).where('state', '=', 'succeeded').orderBy('ended_at', 'desc').limit(1).executeTakeFirst();
    return row ? runRow(row) : undefined;
  }

  async startAttempt(a: { attemptId: string; runId: string; taskId: string; attempt: number; hostId: string }, at: string): Promise<void> {
    await this.db.insertInto('task_attempts').values({
      attempt_id: a.attemptId, run_id: a.runId, task_id: a.taskId, attempt: a.attempt, state: 'running', started_at: at, ended_at: null,
      updated_at: at, rows_written: 0, table_versions: '[]', error_class: null, error: null, host_id: a.hostId,
    }).execute();
  }

  async finishAttempt(attemptId: string, p: AttemptPatch, at: string): Promise<void> {
    await this.db.updateTable('task_attempts').set({
      state: p.state, ended_at: p.endedAt ?? at, updated_at: at, rows_written: p.rowsWritten ?? 0,
      table_versions: JSON.stringify(p.tableVersions ?? []), error_class: p.errorClass ?? null, error: p.error ?? null,
    }).where('attempt_id', '=', attemptId).execute();
  }

  async listAttempts(runId?: string): Promise<TaskAttempt[]> {
    let query = this.db.selectFrom('task_attempts').selectAll();
    if (runId) query = query.where('run_id', '=', runId);
    return (await query.orderBy('started_at').orderBy('attempt').execute()).map(attemptRow);
  }

  async listPartitions(job: string, keys?: readonly string[]): Promise<PartitionRecord[]> {
    let query = this.db.selectFrom('partitions').selectAll().where('job', '=', job);
    if (keys) {
      if (keys.length === 0) return [];
      // One array parameter rather than thousands of binds.
      query = query.where('partition_key', '=', sql<string>`ANY(${[...keys]}::text[])`);
    }
    return (await query.orderBy('partition_key').execute()).map((r) => ({
      job: r.job, key: r.partition_key, state: r.state as PartitionState, runId: r.run_id, updatedAt: r.updated_at,
    }));
  }

  async appendLogs(lines: readonly NewLogLine[]): Promise<LogLine[]> {
    if (lines.length === 0) return [];
    const rows = await this.db.insertInto('logs').values(lines.map((l) => ({
      run_id: l.runId, task_id: l.taskId, attempt: l.attempt, time: l.time, level: l.level, msg: l.msg, fields: JSON.stringify(l.fields, jsonSafe),
    })) as never).returningAll().execute();
    return rows.map(logRow).sort((a, b) => a.seq - b.seq);
  }

  async readLogs(query: LogQuery): Promise<LogLine[]> {
    let q = this.db.selectFrom('logs').selectAll().where('run_id', '=', query.runId).where('seq', '>', query.after).where('level', '>=', query.minLevel);
    if (query.taskId) q = q.where('task_id', '=', query.taskId);
    return (await q.orderBy('seq').limit(query.limit).execute()).map(logRow);
  }

  async lastTick(job: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('schedule_ticks').select('tick_at').where('job', '=', job).orderBy('tick_at', 'desc').limit(1).executeTakeFirst();
    return row?.tick_at;
  }

  async recordTicks(ticks: ReadonlyArray<{ job: string; tickAt: string; runId: string | null; outcome: 'queued' | 'skipped' }>, at: string): Promise<void> {
    await this.tx(async (tx) => {
      await this.checkFence(tx);
      for (const t of ticks) {
        await tx.insertInto('schedule_ticks').values({ job: t.job, tick_at: t.tickAt, run_id: t.runId, outcome: t.outcome, recorded_at: at })
          .onConflict((oc) => oc.columns(['job', 'tick_at']).doNothing()).execute();
      }
    });
  }

  /** Steps to run before the pool closes (leader step-down, queue stop), newest first. */
  readonly beforeClose: Array<() => Promise<void>> = [];
  private closed = false;

  /** Runs the beforeClose steps, then ends the pool when the store owns it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const step of [...this.beforeClose].reverse()) await step().catch(() => undefined);
    if (this.ownsPool) await this.pool.end().catch(() => undefined);
  }
}

