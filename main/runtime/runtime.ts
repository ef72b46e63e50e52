/**
 * The workstation runtime: one object a host creates over one lake. It owns the run store, the
 * dispatcher (executor behind it), the scheduler, host registration with heartbeats and crash
 * recovery, and the event bus. Hosts: `fde run` (role 'host'), `fde ui` and Electron main
 * (role 'host', or 'viewer' without scheduler and dispatcher), CLI commands (role 'cli': they
 * execute only the runs they create). No Electron import here.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import type { JobSpec } from '../../pipelines/jobs/job-spec';
import type { BackfillPlan, PartitionInfo } from '../../api/jobs-api';
import type { DeltaLake } from '../lake/lake';
import { createLogger, silentSink, type Logger } from '../observability/logger';
import { isoNow, systemClock, type Clock } from './clock';
import { LocalDispatcher, type Dispatcher, type LocalDispatcherOptions } from './dispatcher';
import { BadInputError, classifyError, type ErrorClassifier } from './errors';
import { EventBus } from './event-bus';
import { hostIsDead } from './host-liveness';
import { newRunId } from './executor';
import { LogWriter } from './log-writer';
import { expandRange, partitionStates, planOne, wouldRun, type PlannedRun } from './partitions';
import { automateStale } from './automation';
import { scheduleDue } from './scheduler';
import { Semaphore } from './semaphore';
import { openRunStore } from './store/location';
import type { HostRecord, NewLogLine, RunRecord, RunStore, RunTrigger } from './store/run-store';
import type { PartitionProbes, RateBudget, SourcesProvider, TaskRegistry } from './task-api';

export type RuntimeRole = 'host' | 'cli' | 'viewer';

export interface RuntimeOptions {
  lake: DeltaLake;
  jobs: readonly JobSpec[];
  registry: TaskRegistry;
  probes?: PartitionProbes;
  budget: RateBudget;
  sources: SourcesProvider;
  role: RuntimeRole;
  store?: RunStore;
  /** Host only: run the scheduler (default true for 'host'). */
  scheduler?: boolean;
  /** Host only: service jobs to keep running (e.g. ['alpaca-stream'] when the stream is configured). */
  services?: readonly string[];
  clock?: Clock;
  random?: () => number;
  classify?: ErrorClassifier;
  maxConcurrentRuns?: number;
  maxConcurrentTasks?: number;
  pollMs?: number;
  heartbeatMs?: number;
  schedulerMs?: number;
  /** A host whose heartbeat is older than this is dead (other machines; same-machine hosts are checked by pid). */
  hostTimeoutMs?: number;
  /** Runtime-level log (not per attempt). */
  log?: Logger;
  /** Every attempt log line as it is written (the CLI prints them with --verbose). */
  onLogLine?: (line: NewLogLine) => void;
  /** Team mode: a dispatcher over the team queue instead of the local one (main/runtime/team/). */
  createDispatcher?: (o: LocalDispatcherOptions) => Dispatcher;
}

export class Runtime {
  readonly bus = new EventBus();
  readonly store: RunStore;
  readonly hostId = `${os.hostname()}-${process.pid}-${crypto.randomBytes(3).toString('hex')}`;
  readonly jobs: ReadonlyMap<string, JobSpec>;
  readonly dispatcher: Dispatcher;
  readonly clock: Clock;
  readonly log: Logger;
  private readonly logs: LogWriter;
  private timers: NodeJS.Timeout[] = [];
  private started = false;
  private watchCursor = '';
  private scheduling: Promise<unknown> = Promise.resolve();

  constructor(readonly o: RuntimeOptions) {
    this.clock = o.clock ?? systemClock;
    this.store = o.store ?? openRunStore(o.lake.uri);
    this.jobs = new Map(o.jobs.map((j) => [j.name, j]));
    this.log = o.log ?? createLogger('runtime', silentSink);
    this.logs = new LogWriter(this.store, this.bus, 250, o.onLogLine);
    this.dispatcher = (o.createDispatcher ?? ((d: LocalDispatcherOptions) => new LocalDispatcher(d)))({
      store: this.store,
      jobs: this.jobs,
      clock: this.clock,
      hostId: this.hostId,
      maxConcurrentRuns: o.maxConcurrentRuns ?? 4,
      pollMs: o.pollMs ?? 500,
      deps: {
        store: this.store, lake: o.lake, registry: o.registry, classify: o.classify ?? classifyError, clock: this.clock,
        random: o.random ?? Math.random, budget: o.budget, sources: o.sources, bus: this.bus, logs: this.logs, hostId: this.hostId,
        taskSlots: new Semaphore(o.maxConcurrentTasks ?? Math.max(2, os.cpus().length)),
        publishRun: (id) => this.publishRun(id),
      },
    });
  }

  get role(): RuntimeRole {
    return this.o.role;
  }

  /** Registers this process, recovers runs of dead hosts and (host role) starts dispatching and scheduling. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const now = this.clock.now();
    this.watchCursor = new Date(now).toISOString();
    if (this.o.role !== 'viewer') {
      await this.store.registerHost({ hostId: this.hostId, pid: process.pid, hostname: os.hostname(), role: this.o.role, startedAt: isoNow(this.clock), heartbeatMs: now });
      this.every(this.o.heartbeatMs ?? 2_000, () => this.store.heartbeat(this.hostId, this.clock.now()));
    }
    await this.recover();
    if (this.o.role === 'host') {
      const resumed = await this.store.requeueInterrupted(isoNow(this.clock));
      if (resumed.length) this.log.info('resuming interrupted runs', { runs: resumed.length });
      // A service (the stream) runs only where this host was asked to run it: a stream left over
      // from an earlier host is not resumed by one started without it.
      const wanted = new Set(this.o.services ?? []);
      for (const r of await this.store.listRuns({ states: ['queued'] })) {
        if (this.jobs.get(r.job)?.kind === 'service' && !wanted.has(r.job)) await this.store.requestCancel(r.runId, isoNow(this.clock));
      }
      this.dispatcher.start();
      if (this.o.scheduler !== false) {
        await this.runScheduler();
        this.every(this.o.schedulerMs ?? 15_000, () => this.runScheduler());
      }
      for (const name of this.o.services ?? []) await this.ensureService(name);
    }
    // Every role with a UI watches runs other processes change (a CLI run shows in the app).
    if (this.o.role !== 'cli') this.every(this.o.pollMs ?? 1_000, () => this.watchOthers());
  }

  private every(ms: number, work: () => Promise<unknown>): void {
    let busy = false;
    const t = setInterval(() => {
      if (busy) return;
      busy = true;
      work().catch((e: unknown) => this.log.warn('runtime background step failed', { error: String(e) })).finally(() => (busy = false));
    }, ms);
    t.unref();
    this.timers.push(t);
  }

  /** Runs left running by a dead process become interrupted (a host queues them again). */
  async recover(): Promise<RunRecord[]> {
    const liveness = { selfHostId: this.hostId, nowMs: this.clock.now(), timeoutMs: this.o.hostTimeoutMs ?? 30_000 };
    const isDead = (h: HostRecord): boolean => hostIsDead(h, liveness);
    const recovered = await this.store.recoverRuns(isDead, this.o.role === 'host', isoNow(this.clock));
    for (const r of recovered) {
      this.log.warn('run interrupted by a dead host', { runId: r.runId, job: r.job, host: r.host });
      await this.publishRun(r.runId);
    }
    return recovered;
  }

  /** One scheduler pass (host role, scheduler on): schedule ticks, then declarative automation. */
  private runScheduler(): Promise<unknown> {
    // After a failed pass the chain continues (a rejected promise would skip every later pass).
    this.scheduling = this.scheduling.catch(() => undefined).then(async () => {
      const jobs = [...this.jobs.values()];
      const scheduled = await scheduleDue({
        store: this.store, jobs, clock: this.clock, log: this.log,
        enqueue: (job, plan, tick, trigger) => this.enqueue(job, plan, {}, trigger, null, tick.toISOString()),
      });
      const automated = await this.automate();
      if (scheduled + automated > 0) this.dispatcher.wake();
    });
    return this.scheduling;
  }

  /**
   * Declarative automation: queues every opted-in job that is stale (see automation.ts). Called
   * by whoever runs the schedules: this host's scheduler loop, or the team's elected leader.
   * A failing pass (e.g. an unreadable table) must not stop the schedule: logged, counts as 0.
   */
  automate(): Promise<number> {
    return automateStale({
      store: this.store, jobs: [...this.jobs.values()], clock: this.clock, log: this.log,
      versions: async () => new Map((await this.o.lake.listTables()).map((t) => [t.id, t.version])),
      enqueue: (job, reason) => this.enqueue(job, { partition: '', keys: [''] }, {}, 'automation', null, null, reason),
    }).catch((e: unknown) => {
      this.log.warn('automation pass failed', { error: String(e) });
      return 0;
    });
  }

  private async ensureService(name: string): Promise<void> {
    const job = this.jobs.get(name);
    if (!job || job.kind !== 'service') throw new BadInputError(`'${name}' is not a service job`);
    const active = await this.store.listRuns({ job: name, states: ['queued', 'running'], limit: 1 });
    if (active.length === 0) await this.enqueue(job, { partition: '', keys: [''] }, {}, 'manual', null, null);
    this.dispatcher.wake();
  }

  job(name: string): JobSpec {
    const job = this.jobs.get(name);
    if (!job) throw new BadInputError(`unknown job '${name}' (jobs: ${[...this.jobs.keys()].join(', ')})`);
    return job;
  }

  parseParams(job: JobSpec, params: Record<string, unknown>): Record<string, unknown> {
    if (!job.params) {
      if (Object.keys(params).length) throw new BadInputError(`job '${job.name}' takes no parameters`);
      return {};
    }
    const parsed = job.params.safeParse(params);
    if (!parsed.success) throw new BadInputError(`bad parameters for '${job.name}': ${parsed.error.issues.map((i) => `${i.path.join('.') || 'params'}: ${i.message}`).join('; ')}`);
    return parsed.data as Record<string, unknown>;
  }

  async enqueue(job: JobSpec, plan: PlannedRun, params: Record<string, unknown>, trigger: RunTrigger, backfillId: string | null, tick: string | null, reason: string | null = null): Promise<string> {
    const runId = newRunId(this.clock.now());
    const p = plan.symbols ? { ...params, symbols: plan.symbols } : params;
    await this.store.createRun({ runId, job: job.name, partition: plan.partition, partitionKeys: plan.keys, trigger, backfillId, params: p, scheduleTick: tick, reason }, isoNow(this.clock));
    await this.publishRun(runId);
    return runId;
  }

  /** Queues one run of a job (a host executes it; the CLI then calls execute). */
  async trigger(name: string, partition?: string, params: Record<string, unknown> = {}, symbols?: readonly string[]): Promise<string> {
    const job = this.job(name);
    const parsed = this.parseParams(job, params);
    const runId = await this.enqueue(job, planOne(job, partition, symbols), parsed, 'manual', null, null);
    this.dispatcher.wake();
    return runId;
  }

  async backfill(req: { job: string; from: string; to: string; symbols?: readonly string[]; dryRun: boolean; rerun: 'missing' | 'all'; params?: Record<string, unknown> }): Promise<BackfillPlan> {
    const job = this.job(req.job);
    const params = this.parseParams(job, req.params ?? {});
    const plans = expandRange(job, req.from, req.to, req.symbols);
    const keys = plans.flatMap((p) => p.keys);
    const states = await partitionStates(this.store, this.o.lake, job, keys, this.o.probes ?? {});
    const byKey = new Map(states.map((s) => [s.key, s]));
    const partitions = states.map((s) => ({ ...s, action: wouldRun(s.state, req.rerun) ? ('run' as const) : ('skip' as const) }));
    if (req.dryRun) return { job: job.name, dryRun: true, backfillId: null, partitions, runIds: [] };
    const backfillId = `bf-${newRunId(this.clock.now())}`;
    // Partitions already queued (e.g. by a backfill whose process died before claiming them)
    // are adopted: this backfill executes those runs instead of queueing duplicates.
    const runIds: string[] = [...new Set(states.filter((s) => s.state === 'queued' && s.runId).map((s) => s.runId!))];
    for (const plan of plans) {
      const todo = plan.keys.filter((k) => wouldRun(byKey.get(k)!.state, req.rerun));
      if (todo.length === 0) continue;
      const symbols = plan.symbols ? plan.symbols.filter((s) => todo.includes(`${plan.partition}|${s}`)) : undefined;
      runIds.push(await this.enqueue(job, { partition: plan.partition, keys: todo, ...(symbols ? { symbols } : {}) }, params, 'backfill', backfillId, null));
    }
    this.dispatcher.wake();
    return { job: job.name, dryRun: false, backfillId, partitions, runIds };
  }

  /** CLI: executes these runs in this process (or waits for the host that took them). */
  execute(runIds: readonly string[], onFinished?: (run: RunRecord) => void): Promise<RunRecord[]> {
    return this.dispatcher.drain(runIds, onFinished);
  }

  async cancelRun(runId: string): Promise<boolean> {
    const state = await this.store.requestCancel(runId, isoNow(this.clock));
    if (state === undefined) throw new BadInputError(`no run '${runId}'`);
    const local = this.dispatcher.cancelRun(runId);
    await this.publishRun(runId);
    return local || state === 'cancelled' || state === 'running';
  }

  cancelTask(runId: string, taskId: string): boolean {
    return this.dispatcher.cancelTask(runId, taskId);
  }

  /** Emits the run's summary and its partitions' states. */
  async publishRun(runId: string): Promise<void> {
    if (!this.bus.hasListeners) return;
    const run = await this.store.getRun(runId);
    if (!run) return;
    this.bus.emit('runUpdated', publicRun(run));
    const job = this.jobs.get(run.job);
    if (!job) return;
    const keys = runKeys(run, job);
    const parts = await this.store.listPartitions(job.name, keys);
    const infos: PartitionInfo[] = parts.filter((p) => p.runId === run.runId).map((p) => {
      const [date, symbol] = p.key.split('|');
      return { job: p.job, key: p.key, date: date || null, symbol: symbol ?? null, state: p.state, runId: p.runId, updatedAt: p.updatedAt, note: null };
    });
    if (infos.length) this.bus.emit('partitionUpdated', { job: job.name, partitions: infos });
    if (run.backfillId && ['succeeded', 'failed', 'cancelled', 'interrupted'].includes(run.state)) await this.publishBackfill(run.backfillId, job.name);
  }

  private async publishBackfill(backfillId: string, job: string): Promise<void> {
    const runs = await this.store.listRuns({ backfillId });
    const done = runs.filter((r) => r.state === 'succeeded').length;
    const failed = runs.filter((r) => ['failed', 'cancelled', 'interrupted'].includes(r.state)).length;
    const running = runs.filter((r) => r.state === 'running').length;
    const starts = runs.map((r) => r.startedAt).filter((s): s is string => !!s).sort();
    const secs = starts[0] ? Math.max(0.001, (this.clock.now() - Date.parse(starts[0])) / 1000) : 0;
    const rate = secs > 0 ? (done + failed) / secs : 0;
    const left = runs.length - done - failed;
    this.bus.emit('backfillProgress', { backfillId, job, total: runs.length, done, failed, running, partitionsPerSec: rate, etaSeconds: rate > 0 ? left / rate : null });
  }

  /** Runs changed by other processes since the last look, as runUpdated events. */
  private async watchOthers(): Promise<void> {
    const changed = await this.store.listRuns({ updatedAfter: this.watchCursor, order: 'oldest', limit: 500 });
    const mine = new Set(this.dispatcher.activeRunIds());
    for (const r of changed) {
      if (r.updatedAtRaw > this.watchCursor) this.watchCursor = r.updatedAtRaw;
      if (!mine.has(r.runId)) await this.publishRun(r.runId);
    }
  }

  /** Stops taking work, gives running runs `graceMs`, then interrupts them; closes the store. */
  async stop(graceMs = 10_000): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.scheduling.catch(() => undefined);
    await this.dispatcher.stop(graceMs);
    await this.logs.flush();
    if (this.started && this.o.role !== 'viewer') await this.store.stopHost(this.hostId, isoNow(this.clock)).catch(() => undefined);
    this.bus.close();
    await this.o.sources.close().catch(() => undefined);
    await this.store.close();
  }
}

export function publicRun(r: RunRecord) {
  const { inputVersions: _i, cancelRequested: _c, scheduleTick: _s, updatedAtRaw: _u, ...rest } = r;
  return rest;
}

export function runKeys(run: RunRecord, job: JobSpec): string[] {
  if (job.partitions.kind !== 'symbol-day' || !run.partition) return [run.partition];
  const syms = Array.isArray(run.params.symbols) ? (run.params.symbols as unknown[]).map(String) : job.partitions.defaultSymbols;
  return syms.map((s) => `${run.partition}|${s}`);
}
