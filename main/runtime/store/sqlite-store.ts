/**
 * The embedded run store: SQLite through better-sqlite3 (v12; v13 crashes on Node 20) in WAL
 * mode, so a host scheduling, `fde jobs run` writing and `fde jobs history` reading can share
 * one file. Queries are built with Kysely (typed against schema.ts) and executed synchronously
 * by better-sqlite3, which lets every multi-statement change run as one BEGIN IMMEDIATE
 * transaction: the write lock is taken up front, so two processes never deadlock on a lock
 * upgrade, and busy_timeout makes the other one wait instead of failing. A kill -9 leaves either
 * the whole transaction or none of it (WAL + synchronous=NORMAL is durable against process death).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  sql,
  type Compilable,
} from 'kysely';
import type { LogLine, RunState, TaskAttempt, PartitionState } from '../../../api/jobs-api';
import { migrate } from './migrations';
import type { RuntimeDatabase } from './schema';
import type {
  AttemptPatch, ClaimLimits, HostRecord, LogQuery, NewLogLine, NewRun, PartitionRecord, RunFilter, RunPatch, RunRecord, RunStore,
} from './run-store';
import { CLAIM_WINDOW, claimWindowQuery, filterRuns, jsonSafe, runColumns, toAttempt, toHost, toLogLine, toRun, LEVEL_NAMES } from './rows';

/** A Kysely that only compiles queries; better-sqlite3 runs them. */
function queryBuilder(): Kysely<RuntimeDatabase> {
  return new Kysely<RuntimeDatabase>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  });
}

const ACTIVE: RunState[] = ['queued', 'running'];

export class SqliteRunStore implements RunStore {
  readonly location: string;
  private readonly db: Database.Database;
  private readonly q = queryBuilder();

  constructor(file: string, options: { busyTimeoutMs?: number; readonly?: boolean } = {}) {
    this.location = file;
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    migrate(this.db);
    this.txFn = this.db.transaction((work: () => unknown) => work());
  }

  private txFn: Database.Transaction<(work: () => unknown) => unknown>;

  /** Prepared statements by SQL text: the store runs a small fixed set of query shapes. */
  private readonly statements = new Map<string, Database.Statement>();

  private prepare(sqlText: string): Database.Statement {
    let st = this.statements.get(sqlText);
    if (!st) {
      st = this.db.prepare(sqlText);
      if (this.statements.size < 500) this.statements.set(sqlText, st);
    }
    return st;
  }

  private exec(query: Compilable): number {
    const c = query.compile();
    return this.prepare(c.sql).run(...(c.parameters as unknown[])).changes;
  }

  private all<T>(query: Compilable<T>): T[] {
    const c = query.compile();
    return this.prepare(c.sql).all(...(c.parameters as unknown[])) as T[];
  }

  private first<T>(query: Compilable<T>): T | undefined {
    const c = query.compile();
    return this.prepare(c.sql).get(...(c.parameters as unknown[])) as T | undefined;
  }

  private tx<T>(work: () => T): T {
    return this.txFn.immediate(work) as T;
  }

  async registerHost(h: Omit<HostRecord, 'stoppedAt'>): Promise<void> {
    this.exec(
      this.q.insertInto('hosts').values({
        host_id: h.hostId, pid: h.pid, hostname: h.hostname, role: h.role, started_at: h.startedAt, heartbeat_ms: h.heartbeatMs, stopped_at: null,
      }),
    );
  }

  async heartbeat(hostId: string, nowMs: number): Promise<void> {
    this.exec(this.q.updateTable('hosts').set({ heartbeat_ms: nowMs }).where('host_id', '=', hostId));
  }

  async stopHost(hostId: string, at: string): Promise<void> {
    this.exec(this.q.updateTable('hosts').set({ stopped_at: at }).where('host_id', '=', hostId));
  }

  async listHosts(): Promise<HostRecord[]> {
    return this.all(this.q.selectFrom('hosts').selectAll().orderBy('started_at', 'desc').limit(200)).map(toHost);
  }

  async recoverRuns(isDead: (host: HostRecord) => boolean, requeue: boolean, at: string): Promise<RunRecord[]> {
    return this.tx(() => {
      const running = this.all(this.q.selectFrom('runs').selectAll().where('state', '=', 'running')).map(toRun);
      if (running.length === 0) return [];
      const hosts = new Map(this.all(this.q.selectFrom('hosts').selectAll()).map((h) => [h.host_id, toHost(h)]));
      const orphaned = running.filter((r) => {
        const host = r.host ? hosts.get(r.host) : undefined;
        return !host || host.stoppedAt !== null || isDead(host);
      });
      for (const run of orphaned) {
        const why = `interrupted: host ${run.host ?? '?'} stopped while the run was running`;
        this.exec(
          this.q.updateTable('task_attempts').set({ state: 'interrupted', ended_at: at, updated_at: at, error_class: 'retryable', error: why })
            .where('run_id', '=', run.runId).where('state', '=', 'running'),
        );
        if (requeue) {
          this.exec(
            this.q.updateTable('runs')
              .set({ state: 'queued', attempt: run.attempt + 1, host_id: null, started_at: null, updated_at: at, error_class: 'retryable', error: why })
              .where('run_id', '=', run.runId),
          );
          this.setPartitionsOfRun(run.runId, run.job, 'queued', at);
        } else {
          this.exec(
            this.q.updateTable('runs').set({ state: 'interrupted', ended_at: at, updated_at: at, error_class: 'retryable', error: why })
              .where('run_id', '=', run.runId),
          );
          this.setPartitionsOfRun(run.runId, run.job, 'failed', at);
        }
      }
      return orphaned;
    });
  }

  private setPartitionsOfRun(runId: string, job: string, state: PartitionState, at: string): void {
    this.exec(
      this.q.updateTable('partitions').set({ state, updated_at: at }).where('job', '=', job).where('run_id', '=', runId),
    );
  }

  async requeueInterrupted(at: string): Promise<string[]> {
    return this.tx(() => {
      const rows = this.all(
        this.q.selectFrom('runs').select(['run_id', 'job', 'attempt']).where('state', '=', 'interrupted')
          .where(({ exists, selectFrom }) =>
            exists(selectFrom('partitions').select('partitions.job').whereRef('partitions.run_id', '=', 'runs.run_id').whereRef('partitions.job', '=', 'runs.job')),
          ),
      );
      for (const r of rows) {
        this.exec(this.q.updateTable('runs').set({ state: 'queued', attempt: r.attempt + 1, host_id: null, started_at: null, ended_at: null, updated_at: at }).where('run_id', '=', r.run_id));
        this.setPartitionsOfRun(r.run_id, r.job, 'queued', at);
      }
      return rows.map((r) => r.run_id);
    });
  }

  async createRun(run: NewRun, at: string): Promise<RunRecord> {
    return this.tx(() => {
      this.exec(
        this.q.insertInto('runs').values({
          run_id: run.runId, job: run.job, partition_key: run.partition, state: 'queued', trigger: run.trigger,
          backfill_id: run.backfillId ?? null, params: JSON.stringify(run.params), attempt: 1, queued_at: at, started_at: null,
          ended_at: null, updated_at: at, rows_written: 0, table_versions: '[]', input_versions: '{}', error_class: null, error: null,
          host_id: null, cancel_requested: 0, schedule_tick: run.scheduleTick ?? null, reason: run.reason ?? null,
        }),
      );
      for (const key of run.partitionKeys) {
        this.exec(
          this.q.insertInto('partitions')
            .values({ job: run.job, partition_key: key, state: 'queued', run_id: run.runId, updated_at: at })
            .onConflict((oc) => oc.columns(['job', 'partition_key']).doUpdateSet({ state: 'queued', run_id: run.runId, updated_at: at })),
        );
      }
      return toRun(this.first(this.q.selectFrom('runs').selectAll().where('run_id', '=', run.runId))!);
    });
  }

  async claimRun(runId: string, hostId: string, limits: ClaimLimits, at: string): Promise<RunRecord | undefined> {
    return this.tx(() => this.claimLocked(runId, hostId, limits, at));
  }

  async claimNext(hostId: string, limits: ClaimLimits, at: string): Promise<RunRecord | undefined> {
    return this.tx(() => {
      const full = new Set<string>();
      // The per-job limit is checked per claim; a window of runs of jobs at their limit is looked
      // past (see claimWindowQuery).
      for (;;) {
        const query = claimWindowQuery(this.q, limits, full, (ids) => sql<string>`(SELECT value FROM json_each(${JSON.stringify(ids)}))`);
        const fullBefore = full.size;
        const window = this.all(query);
        for (const { run_id } of window) {
          const claimed = this.claimLocked(run_id, hostId, limits, at, full);
          if (claimed) return claimed;
        }
        if (window.length < CLAIM_WINDOW || full.size === fullBefore) return undefined;
      }
    });
  }

  /** Inside a transaction: the checks and the state change of a claim. */
  private claimLocked(runId: string, hostId: string, limits: ClaimLimits, at: string, fullJobs?: Set<string>): RunRecord | undefined {
    const row = this.first(this.q.selectFrom('runs').selectAll().where('run_id', '=', runId));
    if (!row || row.state !== 'queued' || fullJobs?.has(row.job)) return undefined;
    const running = this.first(
      this.q.selectFrom('runs').select((eb) => eb.fn.countAll<number>().as('n')).where('job', '=', row.job).where('state', '=', 'running'),
    );
    if ((running?.n ?? 0) >= limits.maxRunningPerJob(row.job)) {
      fullJobs?.add(row.job);
      return undefined;
    }
    // The same partition must not run twice at once (another run of it, maybe on another host).
    const busy = this.first(
      this.q.selectFrom('runs').select('run_id').where('job', '=', row.job).where('partition_key', '=', row.partition_key)
        .where('state', '=', 'running').where('run_id', '!=', runId),
    );
    if (busy) return undefined;
    this.exec(
      this.q.updateTable('runs').set({ state: 'running', host_id: hostId, started_at: at, updated_at: at, ended_at: null }).where('run_id', '=', runId),
    );
    this.setPartitionsOfRun(runId, row.job, 'running', at);
    return toRun(this.first(this.q.selectFrom('runs').selectAll().where('run_id', '=', runId))!);
  }

  async updateRun(runId: string, patch: RunPatch, at: string): Promise<void> {
    this.exec(this.q.updateTable('runs').set({ ...runColumns(patch), updated_at: at }).where('run_id', '=', runId));
  }

  async finishRun(runId: string, patch: RunPatch & { state: RunState }, partitionState: PartitionState, at: string): Promise<void> {
    this.tx(() => {
      const row = this.first(this.q.selectFrom('runs').select(['job']).where('run_id', '=', runId));
      if (!row) return;
      this.exec(this.q.updateTable('runs').set({ ...runColumns(patch), ended_at: patch.endedAt ?? at, updated_at: at }).where('run_id', '=', runId));
      this.setPartitionsOfRun(runId, row.job, partitionState, at);
    });
  }

  async requestCancel(runId: string, at: string): Promise<RunState | undefined> {
    return this.tx(() => {
      const row = this.first(this.q.selectFrom('runs').select(['state', 'job']).where('run_id', '=', runId));
      if (!row) return undefined;
      if (row.state === 'queued') {
        this.exec(
          this.q.updateTable('runs').set({ state: 'cancelled', cancel_requested: 1, ended_at: at, updated_at: at, error_class: 'cancelled', error: 'cancelled before it started' })
            .where('run_id', '=', runId),
        );
        this.setPartitionsOfRun(runId, row.job, 'cancelled', at);
        return 'cancelled';
      }
      if (row.state === 'running') {
        this.exec(this.q.updateTable('runs').set({ cancel_requested: 1, updated_at: at }).where('run_id', '=', runId));
      }
      return row.state as RunState;
    });
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    const row = this.first(this.q.selectFrom('runs').selectAll().where('run_id', '=', runId));
    return row ? toRun(row) : undefined;
  }

  async finishedRuns(runIds: readonly string[]): Promise<RunRecord[]> {
    if (runIds.length === 0) return [];
    return this.all(
      this.q.selectFrom('runs').selectAll()
        .where('run_id', 'in', sql<string>`(SELECT value FROM json_each(${JSON.stringify(runIds)}))`)
        .where('state', 'in', ['succeeded', 'failed', 'cancelled', 'interrupted']),
    ).map(toRun);
  }

  async listRuns(f: RunFilter): Promise<RunRecord[]> {
    const before = f.before ? this.first(this.q.selectFrom('runs').select(['queued_at']).where('run_id', '=', f.before)) : undefined;
    return this.all(filterRuns(this.q.selectFrom('runs').selectAll(), f, before?.queued_at)).map(toRun);
  }

  async cancelRequested(runIds: readonly string[]): Promise<Set<string>> {
    if (runIds.length === 0) return new Set();
    const rows = this.all(this.q.selectFrom('runs').select('run_id').where('run_id', 'in', [...runIds]).where('cancel_requested', '=', 1));
    return new Set(rows.map((r) => r.run_id));
  }

  async lastSuccessfulRun(job: string): Promise<RunRecord | undefined> {
    const row = this.first(
      this.q.selectFrom('runs').selectAll().where('job', '=', job).where('state', '=', 'succeeded').orderBy('ended_at', 'desc').limit(1),
    );
    return row ? toRun(row) : undefined;
  }

  async startAttempt(a: { attemptId: string; runId: string; taskId: string; attempt: number; hostId: string }, at: string): Promise<void> {
    this.exec(
      this.q.insertInto('task_attempts').values({
        attempt_id: a.attemptId, run_id: a.runId, task_id: a.taskId, attempt: a.attempt, state: 'running', started_at: at, ended_at: null,
        updated_at: at, rows_written: 0, table_versions: '[]', error_class: null, error: null, host_id: a.hostId,
      }),
    );
  }

  async finishAttempt(attemptId: string, p: AttemptPatch, at: string): Promise<void> {
    this.exec(
      this.q.updateTable('task_attempts')
        .set({
          state: p.state, ended_at: p.endedAt ?? at, updated_at: at, rows_written: p.rowsWritten ?? 0,
          table_versions: JSON.stringify(p.tableVersions ?? []), error_class: p.errorClass ?? null, error: p.error ?? null,
        })
        .where('attempt_id', '=', attemptId),
    );
  }

  async listAttempts(runId?: string): Promise<TaskAttempt[]> {
    let query = this.q.selectFrom('task_attempts').selectAll();
    if (runId) query = query.where('run_id', '=', runId);
    return this.all(query.orderBy('started_at').orderBy('attempt')).map(toAttempt);
  }

  async listPartitions(job: string, keys?: readonly string[]): Promise<PartitionRecord[]> {
    let query = this.q.selectFrom('partitions').selectAll().where('job', '=', job);
    if (keys) {
      if (keys.length === 0) return [];
      // Large key lists go through a JSON array (one parameter) rather than thousands of binds.
      query = query.where('partition_key', 'in', sql<string>`(SELECT value FROM json_each(${JSON.stringify(keys)}))`);
    }
    return this.all(query.orderBy('partition_key')).map((r) => ({
      job: r.job, key: r.partition_key, state: r.state as PartitionState, runId: r.run_id, updatedAt: r.updated_at,
    }));
  }

  async appendLogs(lines: readonly NewLogLine[]): Promise<LogLine[]> {
    if (lines.length === 0) return [];
    const insert = this.db.prepare('INSERT INTO logs (run_id, task_id, attempt, time, level, msg, fields) VALUES (?, ?, ?, ?, ?, ?, ?)');
    return this.tx(() =>
      lines.map((l) => {
        const fields = JSON.stringify(l.fields, jsonSafe);
        const seq = Number(insert.run(l.runId, l.taskId, l.attempt, l.time, l.level, l.msg, fields).lastInsertRowid);
        return toLogLine({ seq, run_id: l.runId, task_id: l.taskId, attempt: l.attempt, time: l.time, level: l.level, msg: l.msg, fields });
      }),
    );
  }

  async readLogs(query: LogQuery): Promise<LogLine[]> {
    let q = this.q.selectFrom('logs').selectAll().where('run_id', '=', query.runId).where('seq', '>', query.after).where('level', '>=', query.minLevel);
    if (query.taskId) q = q.where('task_id', '=', query.taskId);
    return this.all(q.orderBy('seq').limit(query.limit)).map(toLogLine);
  }

  async lastTick(job: string): Promise<string | undefined> {
    const row = this.first(this.q.selectFrom('schedule_ticks').select('tick_at').where('job', '=', job).orderBy('tick_at', 'desc').limit(1));
    return row?.tick_at;
  }

  async recordTicks(ticks: ReadonlyArray<{ job: string; tickAt: string; runId: string | null; outcome: 'queued' | 'skipped' }>, at: string): Promise<void> {
    this.tx(() => {
      for (const t of ticks) {
        this.exec(
          this.q.insertInto('schedule_ticks').values({ job: t.job, tick_at: t.tickAt, run_id: t.runId, outcome: t.outcome, recorded_at: at })
            .onConflict((oc) => oc.columns(['job', 'tick_at']).doNothing()),
        );
      }
    });
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

export { ACTIVE as ACTIVE_RUN_STATES, LEVEL_NAMES };

