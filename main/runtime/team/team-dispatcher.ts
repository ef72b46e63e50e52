/**
 * The team dispatcher: the Dispatcher interface over the pg-boss queue. Any number of hosts run
 * it; each takes partition runs from the queue (`concurrency` at a time), claims the run in the
 * run store (the claim refuses a run that is not queued, a job over its team-wide running limit
 * or a partition already running elsewhere), executes it with the ordinary executor, and
 * completes the job. Hosts that only queue work (a CLI backfill) wait on the run store.
 *
 * A dead worker: every host heartbeats in the run store; each dispatcher periodically recovers
 * runs left `running` by a host whose heartbeat is older than the timeout (or, on the same
 * machine, whose pid is gone). Recovery requeues the run (attempt + 1) and, through the store's
 * outbox, sends a new job in the same transaction; completed tasks of the run are kept and the
 * engine's per-partition txn markers make re-executing a task commit nothing twice.
 */
import { SpanKind, SpanStatusCode, context, type Tracer } from '@opentelemetry/api';
import type PgBoss from 'pg-boss';
import type { JobSpec } from '../../../pipelines/jobs/job-spec';
import type { RunState } from '../../../api/jobs-api';
import { isoNow, type Clock } from '../clock';
import { ActiveRuns, TERMINAL_STATES } from '../active-runs';
import type { Dispatcher } from '../dispatcher';
import { executeRun, type ExecutorDeps, type RunControl } from '../executor';
import { hostIsDead } from '../host-liveness';
import type { HostRecord, RunRecord } from '../store/run-store';
import type { Logger } from '../../observability/logger';
import { runtimeMetrics } from '../../observability/telemetry/metrics';
import { contextFromCarrier, hasTraceParent, runTraceContext } from '../../observability/telemetry/propagation';
import type { PgRunStore } from './pg-store';
import { RUN_QUEUE, type RunJobData, type TeamQueue } from './queue';

export interface TeamDispatcherOptions {
  store: PgRunStore;
  queue: TeamQueue;
  jobs: ReadonlyMap<string, JobSpec>;
  deps: ExecutorDeps;
  clock: Clock;
  hostId: string;
  /** Runs executed at once by this host; 0 = this host only queues (CLI, viewer). */
  concurrency: number;
  /** A host whose heartbeat is older than this is dead. */
  hostTimeoutMs: number;
  pollMs?: number;
  log: Logger;
  tracer: Tracer;
}

export class TeamDispatcher implements Dispatcher {
  private readonly active = new ActiveRuns();
  private readonly workerIds: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private started = false;

  constructor(private readonly o: TeamDispatcherOptions) {}

  private limits() {
    return { maxRunningPerJob: (job: string) => this.o.jobs.get(job)?.concurrency.maxConcurrentRuns ?? 1, jobs: [...this.o.jobs.keys()] };
  }

  start(): void {
    if (this.started || this.o.concurrency < 1) return;
    this.started = true;
    void this.startWorkers().catch((e: unknown) => this.o.log.error('queue workers failed to start', { error: String(e) }));
    this.timer = setInterval(() => void this.housekeeping().catch((e: unknown) => this.o.log.warn('team housekeeping failed', { error: String(e) })), this.o.pollMs ?? 1_000);
    this.timer.unref();
  }

  private async startWorkers(): Promise<void> {
    // pg-boss runs one handler at a time per work() call: `concurrency` calls, one job each.
    for (let i = 0; i < this.o.concurrency; i++) {
      const slot: { id?: string } = {};
      slot.id = await this.o.queue.boss.work<RunJobData>(RUN_QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async (jobs) => {
        try {
          await this.handle(jobs);
        } finally {
          // pg-boss waits a polling interval after each job; with work left, fetch again at once.
          if (slot.id && !this.stopped) this.o.queue.boss.notifyWorker(slot.id);
        }
      });
      this.workerIds.push(slot.id);
    }
  }

  /** Cancels asked for through the store and runs of dead hosts. */
  private async housekeeping(): Promise<void> {
    if (this.active.size) for (const id of await this.o.store.cancelRequested(this.active.ids())) this.active.cancelRun(id);
    await this.recoverDead();
    // Runs interrupted by a stopping host or marked so by a CLI's recovery go back to the queue.
    await this.o.store.requeueInterrupted(isoNow(this.o.clock));
  }

  isDead = (h: HostRecord): boolean => hostIsDead(h, { selfHostId: this.o.hostId, nowMs: this.o.clock.now(), timeoutMs: this.o.hostTimeoutMs });

  private async recoverDead(): Promise<RunRecord[]> {
    const found = await this.o.store.recoverRuns(this.isDead, true, isoNow(this.o.clock));
    for (const r of found) {
      this.o.log.warn('requeued a run of a dead host', { runId: r.runId, job: r.job, partition: r.partition, host: r.host });
      await this.o.deps.publishRun(r.runId).catch(() => undefined);
    }
    return found;
  }

  private async handle(jobs: PgBoss.Job<RunJobData>[]): Promise<void> {
    for (const job of jobs) {
      const parent = hasTraceParent(job.data.trace) ? contextFromCarrier(job.data.trace) : runTraceContext(job.data.runId);
      await context.with(parent, () => this.handleOne(job.data));
    }
  }

  private async handleOne(data: RunJobData): Promise<void> {
    if (this.stopped) throw new Error('host stopping');
    let run = await this.o.store.getRun(data.runId);
    if (!run || TERMINAL_STATES.has(run.state)) return;
    if (run.state === 'running') {
      // Its host is alive: the job is a duplicate (expiry retry or recovery resend). Else recover now.
      if (!run.host) return;
      await this.recoverDead();
      run = await this.o.store.getRun(data.runId);
      if (!run || run.state !== 'queued') return;
    }
    const claimed = await this.o.store.claimRun(run.runId, this.o.hostId, this.limits(), isoNow(this.o.clock));
    if (!claimed) {
      const now = await this.o.store.getRun(run.runId);
      // Queued still, but its job is at its team-wide limit or its partition runs elsewhere: later.
      if (now?.state === 'queued') await this.o.queue.later(data, 1);
      return;
    }
    await this.execute(claimed);
  }

  private async execute(run: RunRecord): Promise<void> {
    const spec = this.o.jobs.get(run.job);
    const control: RunControl = { run: new AbortController(), tasks: new Map() };
    const startedMs = Date.now();
    // The executor writes the run's outcome through a view that fences it by the claim (host, attempt).
    let superseded = false;
    const view = Object.create(this.o.store) as PgRunStore;
    view.finishRun = async (runId, patch, partitionState, at) => {
      if (runId !== run.runId) return this.o.store.finishRun(runId, patch, partitionState, at);
      const applied = await this.o.store.finishRunFenced(runId, { hostId: this.o.hostId, attempt: run.attempt }, patch, partitionState, at);
      if (!applied) {
        superseded = true;
        this.o.log.warn('run outcome not recorded: another host took the run over', { runId, attempt: run.attempt, state: patch.state });
      }
    };
    const deps: ExecutorDeps = { ...this.o.deps, store: view };
    const done = this.o.tracer.startActiveSpan(`run ${run.job}`, {
      kind: SpanKind.CONSUMER,
      attributes: { 'fde.run_id': run.runId, 'fde.job': run.job, 'fde.partition': run.partition, 'fde.attempt': run.attempt, 'fde.host': this.o.hostId },
    }, async (span): Promise<RunState> => {
      try {
        await this.o.deps.publishRun(run.runId);
        if (!spec) {
          await this.o.store.finishRun(run.runId, { state: 'failed', errorClass: 'fatal', error: `unknown job '${run.job}'` }, 'failed', isoNow(this.o.clock));
          return 'failed';
        }
        const state = await executeRun(run, spec, deps, control);
        span.setAttribute('fde.state', state);
        if (state !== 'succeeded') span.setStatus({ code: SpanStatusCode.ERROR, message: state });
        return state;
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        span.recordException(e instanceof Error ? e : new Error(error));
        span.setStatus({ code: SpanStatusCode.ERROR, message: error });
        await view.finishRun(run.runId, { state: 'failed', errorClass: 'fatal', error }, 'failed', isoNow(this.o.clock)).catch(() => undefined);
        await this.o.deps.publishRun(run.runId).catch(() => undefined);
        return 'failed';
      } finally {
        span.end();
      }
    });
    this.active.add(run.runId, control, done);
    try {
      const state = await done;
      runtimeMetrics().runFinished(run.job, superseded ? 'superseded' : state, (Date.now() - startedMs) / 1000);
      // A run interrupted by this host's shutdown goes back to the queue for another host.
      if (state === 'interrupted' && !superseded) await this.o.store.requeueInterrupted(isoNow(this.o.clock)).catch(() => undefined);
    } finally {
      this.active.delete(run.runId);
    }
  }

  async drain(runIds: readonly string[], onFinished?: (run: RunRecord) => void): Promise<RunRecord[]> {
    const left = new Set(runIds);
    const finished: RunRecord[] = [];
    const pollMs = this.o.pollMs ?? 1_000;
    while (left.size > 0) {
      // A host that only queues still recovers dead workers' runs, so a waiting CLI never hangs on them.
      if (this.o.concurrency < 1) await this.recoverDead().catch(() => []);
      const runs = await this.o.store.finishedRuns([...left]);
      const byId = new Map(runs.map((r) => [r.runId, r]));
      for (const id of [...left]) {
        const r = byId.get(id);
        if (r && !this.active.has(id)) {
          left.delete(id);
          finished.push(r);
          onFinished?.(r);
        }
      }
      if (this.stopped) break;
      if (left.size > 0) await this.o.clock.sleep(pollMs);
    }
    return finished;
  }

  wake(): void {
    // Jobs were sent with the runs' own transaction (the store's outbox); idle local workers look now.
    if (!this.stopped) for (const id of this.workerIds) this.o.queue.boss.notifyWorker(id);
  }

  cancelRun(runId: string): boolean {
    return this.active.cancelRun(runId);
  }

  cancelTask(runId: string, taskId: string): boolean {
    return this.active.cancelTask(runId, taskId);
  }

  activeRunIds(): string[] {
    return this.active.ids();
  }

  async stop(graceMs: number): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    for (const id of this.workerIds.splice(0)) await this.o.queue.boss.offWork({ id }).catch(() => undefined);
    await this.active.settle(new Promise((r) => setTimeout(r, graceMs).unref()));
    // Let finishing handlers requeue interrupted runs before the store closes.
    await new Promise((r) => setTimeout(r, 50));
  }
}
