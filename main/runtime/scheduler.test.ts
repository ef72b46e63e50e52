import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock, job, tempLake, testRuntime } from './test-support';
import { scheduleDue } from './scheduler';
import { createLogger, silentSink } from '../observability/logger';
import type { Runtime } from './runtime';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(catchup: { enabled: boolean; maxRuns: number }) {
  const t = await tempLake();
  const clock = new FakeClock(Date.parse('2024-07-08T12:00:00Z')); // a Monday
  const j = job({
    name: 'daily',
    partitions: { kind: 'trading-day' },
    schedule: { market: 'NYSE', at: 'after-close', offsetMinutes: 30 },
    catchup,
    tasks: [{ id: 't', run: 'noop' }],
  });
  const rt = testRuntime(t.lake, [j], { noop: async () => ({ rowsWritten: 0, tableVersions: [] }) }, { clock });
  cleanups.push(t.cleanup, () => rt.stop(0));
  const pass = () => scheduleDue({ store: rt.store, jobs: [j], clock, log: createLogger('t', silentSink), enqueue: (jb, plan, tick, trigger) => rt.enqueue(jb, plan, {}, trigger, null, tick.toISOString()) });
  return { rt, clock, pass };
}

const partitions = async (rt: Runtime) => (await rt.store.listRuns({})).map((r) => `${r.partition}:${r.trigger}`).sort();

describe('scheduler', () => {
  it('starts a new job without backlog, then queues each tick once', async () => {
    const { rt, clock, pass } = await setup({ enabled: true, maxRuns: 3 });
    expect(await pass()).toBe(0);
    clock.ms = Date.parse('2024-07-08T21:00:00Z'); // 17:00 New York: 30 min after the close
    expect(await pass()).toBe(1);
    expect(await pass()).toBe(0);
    expect(await partitions(rt)).toEqual(['2024-07-08:schedule']);
  });

  it('catches up missed trading days after downtime, bounded to the most recent maxRuns', async () => {
    const { rt, clock, pass } = await setup({ enabled: true, maxRuns: 3 });
    await pass();
    // Down from Monday noon to the next Monday noon: Mon..Fri closes were missed (5), 3 run.
    clock.ms = Date.parse('2024-07-15T12:00:00Z');
    expect(await pass()).toBe(3);
    expect(await partitions(rt)).toEqual(['2024-07-10:catchup', '2024-07-11:catchup', '2024-07-12:schedule']);
  });

  it('without catchup runs only the latest missed tick; holidays have no tick', async () => {
    const { rt, clock, pass } = await setup({ enabled: false, maxRuns: 5 });
    clock.ms = Date.parse('2024-07-01T12:00:00Z');
    await pass();
    clock.ms = Date.parse('2024-07-05T23:00:00Z'); // July 4th closed, July 3rd a half day
    expect(await pass()).toBe(1);
    expect(await partitions(rt)).toEqual(['2024-07-05:schedule']);
  });
});
