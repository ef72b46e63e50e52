/**
 * The runs a dispatcher is executing in this process, with their abort controls: what both the
 * local and the team dispatcher need to cancel a run or a task and to stop within a grace period.
 */
import type { RunState } from '../../api/jobs-api';
import { TaskAbort } from './errors';
import type { RunControl } from './executor';

export const TERMINAL_STATES: ReadonlySet<RunState> = new Set<RunState>(['succeeded', 'failed', 'cancelled', 'interrupted']);

export class ActiveRuns {
  private readonly runs = new Map<string, { control: RunControl; done: Promise<RunState> }>();

  add(runId: string, control: RunControl, done: Promise<RunState>): void {
    this.runs.set(runId, { control, done });
  }

  delete(runId: string): void {
    this.runs.delete(runId);
  }

  has(runId: string): boolean {
    return this.runs.has(runId);
  }

  get size(): number {
    return this.runs.size;
  }

  ids(): string[] {
    return [...this.runs.keys()];
  }

  cancelRun(runId: string): boolean {
    const a = this.runs.get(runId);
    if (!a) return false;
    if (!a.control.run.signal.aborted) a.control.run.abort(new TaskAbort('cancelled', 'run cancelled'));
    return true;
  }

  cancelTask(runId: string, taskId: string): boolean {
    const t = this.runs.get(runId)?.control.tasks.get(taskId);
    if (!t) return false;
    t.abort(new TaskAbort('cancelled', `task ${taskId} cancelled`));
    return true;
  }

  /**
   * Waits for every run to finish; those still running once `grace` resolves are aborted as a
   * shutdown (interrupted, resumable) and awaited.
   */
  async settle(grace: Promise<unknown>): Promise<void> {
    const all = () => Promise.all([...this.runs.values()].map((a) => a.done));
    const inTime = await Promise.race([all().then(() => true), grace.then(() => false)]);
    if (inTime) return;
    for (const a of this.runs.values()) a.control.run.abort(new TaskAbort('shutdown', 'host shutting down'));
    await all();
  }
}
