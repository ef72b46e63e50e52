/**
 * Executes one claimed run: its tasks in DAG order (up to the job's maxConcurrentTasks and the
 * global task slots), each attempt under an AbortSignal that fires on cancel, timeout or host
 * shutdown, retried with exponential backoff and jitter when the error is classed retryable.
 * A resumed run (after a crash) keeps the tasks that already succeeded. Idempotence of the work
 * itself is the tasks' (engine batch ids and checkpoints); the executor only never runs a task
 * twice at once and records every attempt.
 */
import crypto from 'node:crypto';
import type { JobSpec, TaskSpec } from '../../pipelines/jobs/job-spec';
import { parsePartitionKey } from '../../pipelines/jobs/job-spec';
import type { RunState, TaskState, PartitionState } from '../../api/jobs-api';
import type { DeltaLake } from '../lake/lake';
import { retryDelay } from './backoff';
import { isoNow, type Clock } from './clock';
import { TaskAbort, errorMessage, type ErrorClass, type ErrorClassifier } from './errors';
import type { EventBus } from './event-bus';
import type { LogWriter } from './log-writer';
import type { Semaphore } from './semaphore';
import type { RunRecord, RunStore } from './store/run-store';
import type { RateBudget, SourcesProvider, TaskRegistry, TaskResult, TaskPartition } from './task-api';

export interface ExecutorDeps {
  store: RunStore;
  lake: DeltaLake;
  registry: TaskRegistry;
  classify: ErrorClassifier;
  clock: Clock;
  random: () => number;
  budget: RateBudget;
  sources: SourcesProvider;
  bus: EventBus;
  logs: LogWriter;
  hostId: string;
  taskSlots: Semaphore;
  /** Publishes a run's current summary (runUpdated + partitionUpdated). */
  publishRun: (runId: string) => Promise<void>;
}

export interface RunControl {
  /** Aborting with TaskAbort('cancelled' | 'shutdown') stops the whole run. */
  run: AbortController;
  /** Per task: aborting cancels that task only. */
  tasks: Map<string, AbortController>;
}

interface TaskOutcome {
  state: TaskState;
  result?: TaskResult;
  errorClass?: ErrorClass;
  error?: string;
}

export async function executeRun(run: RunRecord, job: JobSpec, deps: ExecutorDeps, control: RunControl): Promise<RunState> {
  const { store, clock } = deps;
  const runLog = deps.logs.logger({ runId: run.runId, taskId: null, attempt: null, component: `run.${job.name}` });
  const previous = await store.listAttempts(run.runId);
  const outcomes = new Map<string, TaskOutcome>();
  const attemptsSoFar = new Map<string, number>();
  for (const a of previous) {
    attemptsSoFar.set(a.taskId, Math.max(attemptsSoFar.get(a.taskId) ?? 0, a.attempt));
    if (a.state === 'succeeded') outcomes.set(a.taskId, { state: 'succeeded', result: { rowsWritten: a.rowsWritten, tableVersions: a.tableVersions } });
  }
  if (job.assets.reads.length) await store.updateRun(run.runId, { inputVersions: await readVersions(deps.lake, job.assets.reads) }, isoNow(clock));
  runLog.info(run.attempt > 1 ? 'run resumed' : 'run started', { partition: run.partition, attempt: run.attempt, resumedTasks: outcomes.size });

  const partition = toPartition(run, job);
  const pending = new Set(job.tasks.filter((t) => !outcomes.has(t.id)).map((t) => t.id));
  const running = new Map<string, Promise<void>>();
  const byId = new Map(job.tasks.map((t) => [t.id, t]));

  while (pending.size > 0 || running.size > 0) {
    for (const id of [...pending]) {
      const spec = byId.get(id)!;
      const deps_ = spec.dependsOn.map((d) => outcomes.get(d));
      if (deps_.some((o) => o && o.state !== 'succeeded')) {
        pending.delete(id);
        outcomes.set(id, { state: control.run.signal.aborted ? 'cancelled' : 'skipped' });
        emitTask(deps, run, job, id, 0, outcomes.get(id)!);
        continue;
      }
      if (control.run.signal.aborted) {
        pending.delete(id);
        outcomes.set(id, { state: 'cancelled' });
        continue;
      }
      if (deps_.every((o) => o?.state === 'succeeded') && running.size < job.concurrency.maxConcurrentTasks) {
        pending.delete(id);
        const upstream = Object.fromEntries(spec.dependsOn.map((d) => [d, outcomes.get(d)!.result!]));
        const work = runTask(spec, run, job, partition, upstream, deps, control, attemptsSoFar.get(id) ?? 0).then((o) => {
          outcomes.set(id, o);
          running.delete(id);
        });
        running.set(id, work);
      }
    }
    if (running.size === 0 && pending.size > 0) {
      // Nothing can start: every remaining task waits on one that will never succeed.
      for (const id of pending) outcomes.set(id, { state: 'skipped' });
      pending.clear();
      break;
    }
    if (running.size > 0) await Promise.race(running.values());
  }

  const states = [...outcomes.values()];
  const reason = control.run.signal.reason as unknown;
  const shutdown = reason instanceof TaskAbort && reason.why === 'shutdown';
  let state: RunState;
  let partitionState: PartitionState;
  if (states.every((o) => o.state === 'succeeded')) [state, partitionState] = ['succeeded', 'done'];
  else if (shutdown || states.some((o) => o.state === 'interrupted')) [state, partitionState] = ['interrupted', 'failed'];
  else if (states.some((o) => o.state === 'cancelled')) [state, partitionState] = ['cancelled', 'cancelled'];
  else [state, partitionState] = ['failed', 'failed'];
  const failed = states.find((o) => o.state === 'failed' || o.state === 'cancelled' || o.state === 'interrupted');
  const rowsWritten = states.reduce((n, o) => n + (o.result?.rowsWritten ?? 0), 0);
  const tableVersions = states.flatMap((o) => o.result?.tableVersions ?? []);
  await store.finishRun(
    run.runId,
    { state, rowsWritten, tableVersions, errorClass: state === 'succeeded' ? null : (failed?.errorClass ?? (state === 'cancelled' ? 'cancelled' : null)), error: state === 'succeeded' ? null : (failed?.error ?? null) },
    partitionState,
    isoNow(clock),
  );
  runLog[state === 'succeeded' ? 'info' : 'warn'](`run ${state}`, { rowsWritten, error: failed?.error });
  await deps.logs.flush();
  await deps.publishRun(run.runId);
  return state;
}

async function runTask(
  spec: TaskSpec, run: RunRecord, job: JobSpec, partition: TaskPartition, upstream: Record<string, TaskResult>,
  deps: ExecutorDeps, control: RunControl, priorAttempts: number,
): Promise<TaskOutcome> {
  const impl = deps.registry[spec.run];
  if (!impl) return finishWithoutAttempt(deps, run, job, spec.id, 'fatal', `no task implementation registered for '${spec.run}'`);
  const taskCtl = new AbortController();
  control.tasks.set(spec.id, taskCtl);
  const service = job.kind === 'service';
  const maxAttempts = service ? Number.POSITIVE_INFINITY : spec.retry.attempts;
  try {
    for (let n = 1; ; n++) {
      const attempt = priorAttempts + n;
      const outcome = await runAttempt(impl, spec, run, job, partition, upstream, deps, control, taskCtl, attempt);
      if (outcome.state === 'succeeded' && !service) return outcome;
      if (outcome.state === 'cancelled' || outcome.state === 'interrupted') return outcome;
      if (outcome.errorClass === 'bad_input' || (outcome.errorClass !== 'retryable' && !service)) return outcome;
      if (n >= maxAttempts) return outcome;
      // Services restart with their own backoff after any exit; batch tasks retry retryable errors.
      const policy = service && job.restart ? { ...spec.retry, backoffMs: job.restart.backoffMs, maxBackoffMs: job.restart.maxBackoffMs } : spec.retry;
      const delay = retryDelay(policy, Math.min(n + 1, 30), deps.random, outcome.retryAfterMs);
      emitTask(deps, run, job, spec.id, attempt, { state: 'retrying', errorClass: outcome.errorClass, error: outcome.error });
      try {
        await deps.clock.sleep(delay, AbortSignal.any([control.run.signal, taskCtl.signal]));
      } catch {
        const o: TaskOutcome = { ...outcome, state: abortState(control, taskCtl) };
        emitTask(deps, run, job, spec.id, attempt, o);
        return o;
      }
    }
  } finally {
    control.tasks.delete(spec.id);
  }
}

async function runAttempt(
  impl: NonNullable<TaskRegistry[string]>, spec: TaskSpec, run: RunRecord, job: JobSpec, partition: TaskPartition,
  upstream: Record<string, TaskResult>, deps: ExecutorDeps, control: RunControl, taskCtl: AbortController, attempt: number,
): Promise<TaskOutcome & { retryAfterMs?: number }> {
  const attemptId = `${run.runId}.${spec.id}.${attempt}`;
  const timeoutCtl = new AbortController();
  const signal = AbortSignal.any([control.run.signal, taskCtl.signal, timeoutCtl.signal]);
  const log = deps.logs.logger({ runId: run.runId, taskId: spec.id, attempt, component: `${job.name}.${spec.id}` });
  try {
    await deps.taskSlots.acquire(signal);
  } catch {
    return { state: abortState(control, taskCtl) };
  }
  const startedMs = deps.clock.now();
  await deps.store.startAttempt({ attemptId, runId: run.runId, taskId: spec.id, attempt, hostId: deps.hostId }, isoNow(deps.clock));
  emitTask(deps, run, job, spec.id, attempt, { state: 'running' });
  const stopTimer = new AbortController();
  if (spec.timeoutMs) {
    deps.clock.sleep(spec.timeoutMs, stopTimer.signal).then(
      () => timeoutCtl.abort(new TaskAbort('timeout', `attempt timed out after ${spec.timeoutMs} ms`)),
      () => undefined,
    );
  }
  const progress = { done: 0, total: null as number | null, rows: 0, message: null as string | null };
  let outcome: TaskOutcome & { retryAfterMs?: number };
  try {
    const result = await impl({
      runId: run.runId, attemptId, attempt, job, taskId: spec.id, lake: deps.lake, partition, params: run.params, signal, log,
      sources: deps.sources, budget: deps.budget, upstream,
      progress: {
        report: (u) => {
          if (u.done !== undefined) progress.done = u.done;
          if (u.total !== undefined) progress.total = u.total;
          if (u.rows !== undefined) progress.rows = u.rows;
          if (u.message !== undefined) progress.message = u.message;
          const secs = Math.max(0.001, (deps.clock.now() - startedMs) / 1000);
          deps.bus.emitThrottled(attemptId, 'taskUpdated', {
            runId: run.runId, job: job.name, taskId: spec.id, attempt, state: 'running',
            progress: { ...progress, rowsPerSec: progress.rows / secs }, errorClass: null, error: null,
          });
        },
      },
    });
    // A task that ignored its signal and finished anyway still counts as done: its work committed.
    outcome = { state: 'succeeded', result };
    log.info('attempt succeeded', { rowsWritten: result.rowsWritten, tableVersions: result.tableVersions });
  } catch (e) {
    const aborted = signal.aborted ? (signal.reason as unknown) : undefined;
    const cls: ErrorClass = aborted instanceof TaskAbort ? (aborted.why === 'timeout' ? 'retryable' : 'cancelled') : deps.classify(e);
    const state: TaskState = aborted instanceof TaskAbort && aborted.why === 'shutdown' ? 'interrupted' : cls === 'cancelled' ? 'cancelled' : 'failed';
    const message = aborted instanceof TaskAbort ? aborted.message : errorMessage(e);
    outcome = { state, errorClass: cls, error: message, retryAfterMs: retryAfter(e) };
    log[state === 'failed' ? 'error' : 'warn'](`attempt ${state}`, { errorClass: cls, error: message });
  } finally {
    stopTimer.abort();
    deps.taskSlots.release();
    deps.bus.settle(attemptId);
  }
  await deps.store.finishAttempt(
    attemptId,
    { state: outcome.state, rowsWritten: outcome.result?.rowsWritten ?? 0, tableVersions: outcome.result?.tableVersions ?? [], errorClass: outcome.errorClass ?? null, error: outcome.error ?? null },
    isoNow(deps.clock),
  );
  emitTask(deps, run, job, spec.id, attempt, outcome, progress);
  return outcome;
}

function abortState(control: RunControl, taskCtl: AbortController): TaskState {
  const r = (control.run.signal.reason ?? taskCtl.signal.reason) as unknown;
  return r instanceof TaskAbort && r.why === 'shutdown' ? 'interrupted' : 'cancelled';
}

async function finishWithoutAttempt(deps: ExecutorDeps, run: RunRecord, job: JobSpec, taskId: string, cls: ErrorClass, error: string): Promise<TaskOutcome> {
  const attemptId = `${run.runId}.${taskId}.0`;
  await deps.store.startAttempt({ attemptId, runId: run.runId, taskId, attempt: 0, hostId: deps.hostId }, isoNow(deps.clock));
  await deps.store.finishAttempt(attemptId, { state: 'failed', errorClass: cls, error }, isoNow(deps.clock));
  const o: TaskOutcome = { state: 'failed', errorClass: cls, error };
  emitTask(deps, run, job, taskId, 0, o);
  return o;
}

function emitTask(
  deps: ExecutorDeps, run: RunRecord, job: JobSpec, taskId: string, attempt: number, o: TaskOutcome,
  progress?: { done: number; total: number | null; rows: number; message: string | null },
): void {
  deps.bus.emit('taskUpdated', {
    runId: run.runId, job: job.name, taskId, attempt, state: o.state,
    progress: progress ? { ...progress, rowsPerSec: 0 } : null,
    errorClass: o.errorClass ?? null, error: o.error ?? null,
  });
}

function retryAfter(e: unknown): number | undefined {
  const v = e && typeof e === 'object' ? (e as { retryAfterMs?: unknown }).retryAfterMs : undefined;
  return typeof v === 'number' ? v : undefined;
}

export function toPartition(run: RunRecord, job: JobSpec): TaskPartition {
  if (!run.partition) return { key: '' };
  const { date, symbol } = parsePartitionKey(run.partition);
  const fromParams = Array.isArray(run.params.symbols) ? (run.params.symbols as unknown[]).map(String) : undefined;
  const symbols = symbol ? [symbol] : job.partitions.kind === 'symbol-day' ? (fromParams ?? job.partitions.defaultSymbols) : undefined;
  return { key: run.partition, ...(date ? { date } : {}), ...(symbols ? { symbols } : {}) };
}

export async function readVersions(lake: DeltaLake, tables: readonly string[]): Promise<Record<string, number>> {
  if (tables.length === 0) return {};
  const all = await lake.listTables();
  const out: Record<string, number> = {};
  for (const t of all) if (tables.includes(t.id)) out[t.id] = t.version;
  return out;
}

export const newRunId = (now: number): string =>
  `${new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '').replace('T', 't')}-${crypto.randomBytes(4).toString('hex')}`;
