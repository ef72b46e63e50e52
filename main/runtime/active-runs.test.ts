import { describe, expect, it } from 'vitest';
import type { RunState } from '../../api/jobs-api';
import { ActiveRuns } from './active-runs';
import type { TaskAbort } from './errors';
import type { RunControl } from './executor';

/** A run that ends when its run signal aborts, with the abort's kind as its state. */
function abortableRun(): { control: RunControl; done: Promise<RunState> } {
  const control: RunControl = { run: new AbortController(), tasks: new Map() };
  const done = new Promise<RunState>((resolve) =>
    control.run.signal.addEventListener('abort', () => resolve((control.run.signal.reason as TaskAbort).why === 'shutdown' ? 'interrupted' : 'cancelled')),
  );
  return { control, done };
}

describe('ActiveRuns', () => {
  it('cancels a run and a task by id, and only those it holds', async () => {
    const runs = new ActiveRuns();
    const a = abortableRun();
    const task = new AbortController();
    a.control.tasks.set('build', task);
    runs.add('r1', a.control, a.done);
    expect(runs.cancelTask('r1', 'build')).toBe(true);
    expect((task.signal.reason as TaskAbort).why).toBe('cancelled');
    expect(runs.cancelTask('r1', 'other')).toBe(false);
    expect(runs.cancelRun('r2')).toBe(false);
    expect(runs.cancelRun('r1')).toBe(true);
    await expect(a.done).resolves.toBe('cancelled');
    expect(runs.ids()).toEqual(['r1']);
    runs.delete('r1');
    expect(runs.size).toBe(0);
  });

  it('lets runs finish within the grace period and aborts the rest as a shutdown', async () => {
    const runs = new ActiveRuns();
    const quick = { control: { run: new AbortController(), tasks: new Map() } as RunControl, done: Promise.resolve<RunState>('succeeded') };
    const slow = abortableRun();
    runs.add('quick', quick.control, quick.done);
    runs.add('slow', slow.control, slow.done);
    // As the dispatchers do: a finished run leaves the set.
    for (const [id, r] of [['quick', quick], ['slow', slow]] as const) void r.done.then(() => runs.delete(id));
    let graceOver: () => void = () => undefined;
    const settled = runs.settle(new Promise<void>((r) => (graceOver = r)));
    await new Promise((r) => setTimeout(r, 10));
    expect(slow.control.run.signal.aborted).toBe(false);
    graceOver();
    await settled;
    expect(quick.control.run.signal.aborted).toBe(false);
    await expect(slow.done).resolves.toBe('interrupted');
  });
});
