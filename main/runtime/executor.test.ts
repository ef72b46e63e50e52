import { afterEach, describe, expect, it } from 'vitest';
import { BadInputError, RetryableError } from './errors';
import { FakeClock, job, tempLake, testRuntime } from './test-support';
import type { Runtime } from './runtime';
import type { TaskContext, TaskRegistry } from './task-api';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(jobs: Parameters<typeof testRuntime>[1], registry: TaskRegistry, clock = new FakeClock()) {
  const t = await tempLake();
  const rt = testRuntime(t.lake, jobs, registry, { clock });
  await rt.start();
  cleanups.push(t.cleanup, () => rt.stop(0));
  return { rt, clock, dir: t.dir };
}

async function runOnce(rt: Runtime, name: string, partition?: string) {
  const id = await rt.trigger(name, partition);
  const [run] = await rt.execute([id]);
  return { run: run!, attempts: await rt.store.listAttempts(id) };
}

const ok = (rows = 1) => async () => ({ rowsWritten: rows, tableVersions: [] });

describe('executor', () => {
  it('runs tasks in dependency order and sums their rows', async () => {
    const order: string[] = [];
    const registry: TaskRegistry = {
      'a.x': async (ctx) => (order.push(ctx.taskId), { rowsWritten: 2, tableVersions: [{ table: 'silver.x', version: 3 }] }),
    };
    const j = job({ tasks: [{ id: 'c', run: 'a.x', dependsOn: ['b'] }, { id: 'b', run: 'a.x', dependsOn: ['a'] }, { id: 'a', run: 'a.x' }] });
    const { rt } = await setup([j], registry);
    const { run } = await runOnce(rt, 'test-job');
    expect(run.state).toBe('succeeded');
    expect(order).toEqual(['a', 'b', 'c']);
    expect(run.rowsWritten).toBe(6);
    expect(run.tableVersions).toHaveLength(3);
  });

  it('retries retryable errors with exponential backoff and jitter, then succeeds', async () => {
    let calls = 0;
    const registry: TaskRegistry = {
      flaky: async () => {
        calls++;
        if (calls < 4) throw Object.assign(new Error('HTTP 503'), { status: 503 });
        return { rowsWritten: 5, tableVersions: [] };
      },
    };
    const j = job({ tasks: [{ id: 't', run: 'flaky', retry: { attempts: 5, backoffMs: 1000, maxBackoffMs: 3000, jitter: 0.5 } }] });
    const { rt, clock } = await setup([j], registry);
    const { run, attempts } = await runOnce(rt, 'test-job');
    expect(run.state).toBe('succeeded');
    expect(attempts.map((a) => a.state)).toEqual(['failed', 'failed', 'failed', 'succeeded']);
    expect(attempts.map((a) => a.errorClass)).toEqual(['retryable', 'retryable', 'retryable', null]);
    // random() = 0.5 with jitter 0.5: 75% of 1000, 2000, then the 3000 cap.
    expect(clock.sleeps).toEqual([750, 1500, 2250]);
  });

  it('does not retry bad input and stops after the attempt budget on retryable errors', async () => {
    const registry: TaskRegistry = {
      bad: async () => {
        throw new BadInputError('unknown symbol ZZZZ');
      },
      down: async () => {
        throw new RetryableError('429 too many requests');
      },
    };
    const j1 = job({ name: 'bad-job', tasks: [{ id: 't', run: 'bad', retry: { attempts: 5 } }] });
    const j2 = job({ name: 'down-job', tasks: [{ id: 't', run: 'down', retry: { attempts: 3, backoffMs: 10 } }, { id: 'after', run: 'down', dependsOn: ['t'] }] });
    const { rt } = await setup([j1, j2], registry);
    const bad = await runOnce(rt, 'bad-job');
    expect(bad.run.state).toBe('failed');
    expect(bad.run.errorClass).toBe('bad_input');
    expect(bad.attempts).toHaveLength(1);
    const down = await runOnce(rt, 'down-job');
    expect(down.run.state).toBe('failed');
    expect(down.attempts.filter((a) => a.taskId === 't')).toHaveLength(3);
    // The downstream task never ran.
    expect(down.attempts.filter((a) => a.taskId === 'after')).toHaveLength(0);
    const detailState = (await rt.store.listPartitions('down-job')).map((p) => p.state);
    expect(detailState).toEqual(['failed']);
  });

  it('times out an attempt through its signal and retries it', async () => {
    let calls = 0;
    const registry: TaskRegistry = {
      slow: (ctx: TaskContext) => {
        calls++;
        if (calls > 1) return Promise.resolve({ rowsWritten: 1, tableVersions: [] });
        return new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
      },
    };
    const j = job({ tasks: [{ id: 't', run: 'slow', timeoutMs: 60_000, retry: { attempts: 2, backoffMs: 5 } }] });
    const { rt } = await setup([j], registry);
    const { run, attempts } = await runOnce(rt, 'test-job');
    expect(run.state).toBe('succeeded');
    expect(attempts[0]!.error).toMatch(/timed out/);
    expect(attempts[0]!.errorClass).toBe('retryable');
  });

  it('cancels a running run cleanly: partition cancelled and re-runnable', async () => {
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    let calls = 0;
    const registry: TaskRegistry = {
      wait: (ctx) => {
        calls++;
        if (calls > 1) return ok(7)();
        started();
        return new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
      },
    };
    const j = job({ partitions: { kind: 'trading-day' }, tasks: [{ id: 't', run: 'wait' }, { id: 'next', run: 'wait', dependsOn: ['t'] }] });
    const { rt } = await setup([j], registry);
    const id = await rt.trigger('test-job', '2026-03-02');
    const done = rt.execute([id]);
    await running;
    expect(await rt.cancelRun(id)).toBe(true);
    const [run] = await done;
    expect(run!.state).toBe('cancelled');
    expect((await rt.store.listPartitions('test-job'))[0]!.state).toBe('cancelled');
    const again = await runOnce(rt, 'test-job', '2026-03-02');
    expect(again.run.state).toBe('succeeded');
    expect((await rt.store.listPartitions('test-job'))[0]!.state).toBe('done');
  });

  it('cancels one task: its downstream is skipped, the run is cancelled', async () => {
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const registry: TaskRegistry = {
      wait: (ctx) => {
        started();
        return new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
      },
      fine: ok(),
    };
    const j = job({ tasks: [{ id: 'w', run: 'wait' }, { id: 'other', run: 'fine' }, { id: 'down', run: 'fine', dependsOn: ['w'] }] });
    const { rt } = await setup([j], registry);
    const id = await rt.trigger('test-job');
    const done = rt.execute([id]);
    await running;
    expect(rt.cancelTask(id, 'w')).toBe(true);
    const [run] = await done;
    expect(run!.state).toBe('cancelled');
    const attempts = await rt.store.listAttempts(id);
    expect(attempts.find((a) => a.taskId === 'other')?.state).toBe('succeeded');
    expect(attempts.find((a) => a.taskId === 'down')).toBeUndefined();
  });

  it('fails a task whose implementation key is not registered, with a clear error', async () => {
    const j = job({ tasks: [{ id: 't', run: 'nope' }] });
    const { rt } = await setup([j], {});
    const { run } = await runOnce(rt, 'test-job');
    expect(run.state).toBe('failed');
    expect(run.error).toMatch(/no task implementation registered for 'nope'/);
  });

  it('validates run parameters with the job schema', async () => {
    const { z } = await import('zod');
    const j = job({ params: z.object({ select: z.string().min(1) }).strict(), tasks: [{ id: 't', run: 'p' }] });
    let seen: unknown;
    const { rt } = await setup([j], { p: async (ctx) => ((seen = ctx.params), { rowsWritten: 0, tableVersions: [] }) });
    await expect(rt.trigger('test-job', undefined, { select: 1 })).rejects.toThrow(/bad parameters/);
    const id = await rt.trigger('test-job', undefined, { select: 'gold.*' });
    await rt.execute([id]);
    expect(seen).toEqual({ select: 'gold.*' });
  });

  it('writes attempt logs with a level filter and a cursor', async () => {
    const j = job({ tasks: [{ id: 't', run: 'log' }] });
    const { rt } = await setup([j], {
      log: async (ctx) => {
        ctx.log.debug('detail', { n: 1 });
        ctx.log.info('fetched', { rows: 10 });
        ctx.log.warn('slow source', { token: 'abc' });
        return { rowsWritten: 10, tableVersions: [] };
      },
    });
    const { run } = await runOnce(rt, 'test-job');
    const warn = await rt.store.readLogs({ runId: run.runId, minLevel: 30, after: 0, limit: 100 });
    expect(warn.map((l) => l.msg)).toEqual(['slow source']);
    expect(warn[0]!.fields.token).toBe('[redacted]');
    const all = await rt.store.readLogs({ runId: run.runId, minLevel: 10, after: 0, limit: 100 });
    expect(all.map((l) => l.msg)).toContain('detail');
    const tail = await rt.store.readLogs({ runId: run.runId, minLevel: 10, after: all[1]!.seq, limit: 100 });
    expect(tail).toEqual(all.slice(2));
  });
});
