import { afterEach, describe, expect, it } from 'vitest';
import { dispatch, type WorkstationHandlers } from '../engine/api-dispatch';
import { runtimeHandlers } from './runtime-api';
import { job, tempLake, testRuntime } from './test-support';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('jobs API over a runtime', () => {
  it('answers every jobs method inside the contract (responses validated by dispatch)', async () => {
    const t = await tempLake();
    const j = job({
      name: 'daily',
      partitions: { kind: 'symbol-day', defaultSymbols: ['MSFT', 'INTC'] },
      schedule: { market: 'NYSE', at: 'after-close', offsetMinutes: 30 },
      tasks: [{ id: 'a', run: 'ok' }, { id: 'b', run: 'ok', dependsOn: ['a'] }],
    });
    const rt = testRuntime(t.lake, [j], { ok: async (ctx) => (ctx.log.info('working'), { rowsWritten: 3, tableVersions: [] }) });
    await rt.start();
    cleanups.push(t.cleanup, () => rt.stop(0));
    const handlers = runtimeHandlers(rt) as unknown as WorkstationHandlers;
    const call = (method: string, params: unknown) => dispatch(handlers, method, params) as Promise<Record<string, unknown> & unknown[]>;

    const jobs = await call('listJobs', {});
    expect(jobs).toMatchObject([{ name: 'daily', partitioning: 'symbol-day', schedule: expect.stringContaining('NYSE') }]);

    const dry = (await call('backfill', { job: 'daily', from: '2024-07-03', to: '2024-07-05', dryRun: true })) as unknown as { partitions: Array<{ key: string; state: string }>; runIds: string[] };
    // July 4th is closed: two trading days x two symbols.
    expect(dry.partitions.map((p) => p.key)).toEqual(['2024-07-03|MSFT', '2024-07-03|INTC', '2024-07-05|MSFT', '2024-07-05|INTC']);
    expect(dry.runIds).toEqual([]);

    const plan = (await call('backfill', { job: 'daily', from: '2024-07-03', to: '2024-07-05', symbols: ['MSFT'] })) as unknown as { runIds: string[] };
    expect(plan.runIds).toHaveLength(2);
    await rt.execute(plan.runIds);

    const history = (await call('runHistory', { job: 'daily' })) as unknown as Array<{ state: string; rowsWritten: number }>;
    expect(history.map((r) => [r.state, r.rowsWritten])).toEqual([['succeeded', 6], ['succeeded', 6]]);
    const detail = (await call('runDetail', { runId: plan.runIds[0] })) as unknown as { tasks: Array<{ taskId: string; state: string; attempts: unknown[] }> };
    expect(detail.tasks.map((x) => [x.taskId, x.state, x.attempts.length])).toEqual([['a', 'succeeded', 1], ['b', 'succeeded', 1]]);
    const parts = (await call('jobPartitions', { job: 'daily', from: '2024-07-03', to: '2024-07-05' })) as unknown as Array<{ key: string; state: string }>;
    expect(parts.map((p) => `${p.key}:${p.state}`)).toEqual(['2024-07-03|MSFT:done', '2024-07-03|INTC:missing', '2024-07-05|MSFT:done', '2024-07-05|INTC:missing']);
    const logs = (await call('logs', { runId: plan.runIds[0], level: 'info' })) as unknown as { lines: Array<{ msg: string }>; runFinished: boolean; cursor: number };
    expect(logs.lines.filter((l) => l.msg === 'working')).toHaveLength(2);
    expect(logs.runFinished).toBe(true);
    const tail = (await call('logs', { runId: plan.runIds[0], after: logs.cursor })) as unknown as { lines: unknown[] };
    expect(tail.lines).toEqual([]);

    const queued = (await call('triggerRun', { job: 'daily', partition: '2024-07-08' })) as unknown as { runId: string };
    expect(await call('cancelRun', { runId: queued.runId })).toEqual({ cancelled: true });
    expect((await rt.store.getRun(queued.runId))?.state).toBe('cancelled');
    await expect(call('triggerRun', { job: 'daily', partition: '2024-07-06' })).rejects.toThrow(/not an NYSE trading day/);
    await expect(call('backfill', { job: 'nope', from: '2024-07-03', to: '2024-07-05' })).rejects.toThrow(/unknown job 'nope'/);
  });
});
