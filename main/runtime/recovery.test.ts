import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { job, tempLake, testRuntime } from './test-support';
import type { TaskRegistry } from './task-api';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('crash recovery', () => {
  it('a host resumes a run left running by a dead process, keeping the tasks that succeeded', async () => {
    const t = await tempLake();
    cleanups.push(t.cleanup);
    const calls: string[] = [];
    const registry: TaskRegistry = { step: async (ctx) => (calls.push(ctx.taskId), { rowsWritten: 1, tableVersions: [] }) };
    const j = job({ partitions: { kind: 'trading-day' }, tasks: [{ id: 'a', run: 'step' }, { id: 'b', run: 'step', dependsOn: ['a'] }] });

    // The state a process killed with -9 leaves: run running on it, task a done, task b mid-attempt.
    const dead = testRuntime(t.lake, [j], registry);
    const runId = await dead.trigger('test-job', '2026-03-02');
    await dead.store.registerHost({ hostId: 'gone', pid: 2 ** 22 + 12345, hostname: os.hostname(), role: 'cli', startedAt: new Date().toISOString(), heartbeatMs: Date.now() });
    await dead.store.claimRun(runId, 'gone', { maxRunningPerJob: () => 1 }, new Date().toISOString());
    await dead.store.startAttempt({ attemptId: `${runId}.a.1`, runId, taskId: 'a', attempt: 1, hostId: 'gone' }, new Date().toISOString());
    await dead.store.finishAttempt(`${runId}.a.1`, { state: 'succeeded', rowsWritten: 5 }, new Date().toISOString());
    await dead.store.startAttempt({ attemptId: `${runId}.b.1`, runId, taskId: 'b', attempt: 1, hostId: 'gone' }, new Date().toISOString());
    await dead.store.close();

    // A viewer (e.g. `fde jobs history`) marks it interrupted but does not run it.
    const viewer = testRuntime(t.lake, [j], registry, { role: 'viewer' });
    await viewer.start();
    expect((await viewer.store.getRun(runId))?.state).toBe('interrupted');
    expect((await viewer.store.listPartitions('test-job'))[0]?.state).toBe('failed');
    await viewer.stop(0);

    // A host queues it again and resumes it: only task b runs.
    const host = testRuntime(t.lake, [j], registry, { role: 'host', scheduler: false });
    await host.start();
    cleanups.push(() => host.stop(0));
    const [run] = await host.execute([runId]);
    expect(run?.state).toBe('succeeded');
    expect(run?.attempt).toBe(2);
    expect(calls).toEqual(['b']);
    expect(run?.rowsWritten).toBe(6);
    const attempts = await host.store.listAttempts(runId);
    expect(attempts.map((a) => `${a.taskId}#${a.attempt}:${a.state}`)).toEqual(['a#1:succeeded', 'b#1:interrupted', 'b#2:succeeded']);
    expect((await host.store.listPartitions('test-job'))[0]?.state).toBe('done');
  });
});

describe('services on host start', () => {
  it('a host started without the stream does not resume a stream run left queued', async () => {
    const t = await tempLake();
    cleanups.push(t.cleanup);
    const svc = job({ name: 'stream', kind: 'service', tasks: [{ id: 's', run: 'wait' }] });
    const registry: TaskRegistry = { wait: (ctx) => new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason))) };
    const before = testRuntime(t.lake, [svc], registry);
    const runId = await before.trigger('stream');
    await before.store.close();
    const host = testRuntime(t.lake, [svc], registry, { role: 'host', scheduler: false });
    await host.start();
    cleanups.push(() => host.stop(0));
    expect((await host.store.getRun(runId))?.state).toBe('cancelled');
  });
});
