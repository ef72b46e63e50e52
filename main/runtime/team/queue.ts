/**
 * The team's task queue: pg-boss (a maintained PostgreSQL job queue; SKIP LOCKED fetch,
 * retries, expiry) in its own schema next to the run store. One job per queued partition run,
 * written by the run store's outbox in the run's own transaction. A job carries the run id, the
 * run's attempt and the W3C trace context of whoever queued it.
 *
 * Expiry is the queue's backstop for a worker that dies with a job active (pg-boss fails the job
 * after `expireInSeconds` and retries it on another worker); the run store's host heartbeats
 * are the fast path (team-dispatcher.ts recovers a dead host's runs, which queues new jobs).
 */
import PgBoss from 'pg-boss';
import type { SqlExecutor, QueuedRun } from './pg-store';
import { currentTraceCarrier, type TraceCarrier } from '../../observability/telemetry/propagation';

export const RUN_QUEUE = 'fde-partition-runs';

export interface RunJobData {
  runId: string;
  job: string;
  attempt: number;
  trace: TraceCarrier;
}

export interface TeamQueueOptions {
  connection: PgBoss.DatabaseOptions;
  /** pg-boss's schema (tables of the queue), e.g. `<runStoreSchema>_queue`. */
  schema: string;
  /** A job active longer than this is failed and retried elsewhere (seconds). */
  expireInSeconds?: number;
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** How often the queue's maintenance looks for expired jobs (seconds). */
  maintenanceIntervalSeconds?: number;
  /** Only send jobs (a CLI): no maintenance, no workers. */
  sendOnly?: boolean;
}

export class TeamQueue {
  readonly boss: PgBoss;
  private started = false;

  constructor(private readonly o: TeamQueueOptions) {
    this.boss = new PgBoss({
      ...o.connection,
      schema: o.schema,
      max: 4,
      application_name: 'fde-queue',
      supervise: !o.sendOnly,
      schedule: false,
      maintenanceIntervalSeconds: o.maintenanceIntervalSeconds ?? 30,
    });
    this.boss.on('error', () => undefined);
  }

  async start(): Promise<void> {
    if (this.started) return;
    await this.boss.start();
    const queue = {
      name: RUN_QUEUE,
      policy: 'standard' as const,
      retryLimit: this.o.retryLimit ?? 5,
      retryDelay: this.o.retryDelaySeconds ?? 2,
      expireInSeconds: this.o.expireInSeconds ?? 15 * 60,
    };
    if (await this.boss.getQueue(RUN_QUEUE)) await this.boss.updateQueue(RUN_QUEUE, queue);
    else await this.boss.createQueue(RUN_QUEUE, queue).catch(async (e: unknown) => {
      // Another host created it between the look and the create.
      if (!(await this.boss.getQueue(RUN_QUEUE))) throw e;
    });
    this.started = true;
  }

  /** The outbox: sends one job per queued run through the caller's transaction. */
  outbox = async (tx: SqlExecutor, runs: readonly QueuedRun[]): Promise<void> => {
    const trace = currentTraceCarrier();
    for (const r of runs) {
      const data: RunJobData = { runId: r.runId, job: r.job, attempt: r.attempt, trace };
      await this.boss.send(RUN_QUEUE, data, { db: tx as PgBoss.Db });
    }
  };

  /** Sends a job again later (the run could not be claimed yet: its job is at its limit). */
  async later(data: RunJobData, seconds: number): Promise<void> {
    await this.boss.send(RUN_QUEUE, data, { startAfter: seconds });
  }

  /** Jobs waiting (created or retry). */
  depth(): Promise<number> {
    return this.boss.getQueueSize(RUN_QUEUE);
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: false, wait: true, close: true, timeout: 5_000 }).catch(() => undefined);
  }
}
