/**
 * The local dispatcher: takes queued runs from the run store and executes them in this process,
 * within the global run limit (the store's claim enforces the per-job limit and one run per
 * partition across every process). Team mode replaces it with a PostgreSQL job queue behind the
 * same Dispatcher interface; the executor does not change.
 */
import type { JobSpec } from '../../pipelines/jobs/job-spec';
import type { RunState } from '../../api/jobs-api';
import { ActiveRuns, TERMINAL_STATES } from './active-runs';
import { isoNow, type Clock } from './clock';
import { executeRun, type ExecutorDeps, type RunControl } from './executor';
import type { RunRecord, RunStore } from './store/run-store';

export interface Dispatcher {
  /** Host mode: keep taking queued runs of known jobs until stop(). */
  start(): void;
  /** Executes these runs here as they become claimable; resolves when every one is finished (here or by another host). */
  drain(runIds: readonly string[], onFinished?: (run: RunRecord) => void): Promise<RunRecord[]>;
  /** Something was queued: look now instead of at the next poll. */
  wake(): void;
  cancelRun(runId: string): boolean;
  cancelTask(runId: string, taskId: string): boolean;
  activeRunIds(): string[];
  /** Stops taking work; running runs get `graceMs` to finish, then are aborted as shutdown (interrupted, resumable). */
  stop(graceMs: number): Promise<void>;
}

export interface LocalDispatcherOptions {
  store: RunStore;
  jobs: ReadonlyMap<string, JobSpec>;
  deps: ExecutorDeps;
  clock: Clock;
  hostId: string;
  maxConcurrentRuns: number;
  pollMs?: number;
}

export class LocalDispatcher implements Dispatcher {
  private readonly active = new ActiveRuns();
  private stopped = false;
  private looping = false;
  private wakeUp: (() => void) | undefined;
  private readonly pollMs: number;

  constructor(private readonly o: LocalDispatcherOptions) {
    this.pollMs = o.pollMs ?? 500;
  }

  private limits(runIds?: readonly string[]) {
    return {
      maxRunningPerJob: (job: string) => this.o.jobs.get(job)?.concurrency.maxConcurrentRuns ?? 1,
      jobs: [...this.o.jobs.keys()],
      ...(runIds ? { runIds } : {}),
    };
  }

  start(): void {
    if (this.looping) return;
    this.looping = true;
    void this.loop();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      await this.fill();
      await this.checkCancels();
      await this.pause();
    }
  }

  private async fill(runIds?: readonly string[]): Promise<void> {
    while (!this.stopped && this.active.size < this.o.maxConcurrentRuns) {
      const run = await this.o.store.claimNext(this.o.hostId, this.limits(runIds), isoNow(this.o.clock));
      if (!run) return;
      this.launch(run);
    }
  }

  private launch(run: RunRecord): void {
    const job = this.o.jobs.get(run.job);
    const control: RunControl = { run: new AbortController(), tasks: new Map() };
    const done = (async (): Promise<RunState> => {
      await this.o.deps.publishRun(run.runId);
      if (!job) {
        await this.o.store.finishRun(run.runId, { state: 'failed', errorClass: 'fatal', error: `unknown job '${run.job}'` }, 'failed', isoNow(this.o.clock));
        return 'failed';
      }
      try {
        return await executeRun(run, job, this.o.deps, control);
      } catch (e) {
        // A store or lake failure outside any task: record it so the run does not stay running.
        const error = e instanceof Error ? e.message : String(e);
        await this.o.store.finishRun(run.runId, { state: 'failed', errorClass: 'fatal', error }, 'failed', isoNow(this.o.clock)).catch(() => undefined);
        await this.o.deps.publishRun(run.runId).catch(() => undefined);
        return 'failed';
      }
    })();
    this.active.add(run.runId, control, done);
    void done.finally(() => {
      this.active.delete(run.runId);
      this.wake();
    });
  }

  async drain(runIds: readonly string[], onFinished?: (run: RunRecord) => void): Promise<RunRecord[]> {
    const left = new Set(runIds);
    const finished: RunRecord[] = [];
    while (left.size > 0) {
      if (!this.stopped) await this.fill([...left]);
      await this.checkCancels();
      // One query for every run of the set not executing here (finished, or taken by another host).
      const idle = [...left].filter((id) => !this.active.has(id));
      const ended = this.o.store.finishedRuns
        ? await this.o.store.finishedRuns(idle)
        : (await Promise.all(idle.map((id) => this.o.store.getRun(id)))).filter((r): r is RunRecord => !!r);
      for (const run of ended) {
        if (!TERMINAL_STATES.has(run.state) || !left.delete(run.runId)) continue;
        finished.push(run);
        onFinished?.(run);
      }
      if (this.stopped && [...left].every((id) => !this.active.has(id))) break;
      if (left.size > 0) await this.pause();
    }
    return finished;
  }

  private async checkCancels(): Promise<void> {
    if (this.active.size === 0) return;
    const requested = await this.o.store.cancelRequested(this.active.ids());
    for (const id of requested) this.active.cancelRun(id);
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.pollMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  wake(): void {
    const w = this.wakeUp;
    this.wakeUp = undefined;
    w?.();
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
    this.wake();
    const grace = new AbortController();
    await this.active.settle(this.o.clock.sleep(graceMs, grace.signal).catch(() => undefined));
    grace.abort();
  }
}
