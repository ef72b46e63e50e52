import { afterEach, describe, expect, it } from 'vitest';
import { automateStale } from './automation';
import { FakeClock, job, tempLake, testRuntime } from './test-support';
import { isoNow } from './clock';
import { createLogger, silentSink } from '../observability/logger';
import type { JobSpec } from '../../pipelines/jobs/job-spec';
import type { Runtime, RuntimeOptions } from './runtime';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const auto = job({
  name: 'models',
  assets: { reads: ['bronze.trades'], produces: ['gold.facts'] },
  automation: { onUpstreamChange: true, minIntervalMinutes: 10 },
  tasks: [{ id: 't', run: 'noop' }],
});
const manual = job({ name: 'manual-only', assets: { reads: ['bronze.trades'], produces: ['gold.other'] }, tasks: [{ id: 't', run: 'noop' }] });
const noop = { noop: async () => ({ rowsWritten: 0, tableVersions: [] }) };
const loader = job({ name: 'loader', partitions: { kind: 'trading-day' }, assets: { produces: ['bronze.trades'] }, tasks: [{ id: 't', run: 'noop' }] });
const stream = job({ name: 'stream', kind: 'service', assets: { produces: ['bronze.trades'] }, tasks: [{ id: 't', run: 'noop' }] });

async function setup(jobs: JobSpec[] = [auto]) {
  const t = await tempLake();
  const clock = new FakeClock(Date.parse('2026-03-02T15:00:00Z'));
  const rt = testRuntime(t.lake, jobs, noop, { clock });
  cleanups.push(t.cleanup, () => rt.stop(0));
  const versions = new Map<string, number>();
  const pass = () =>
    automateStale({
      store: rt.store, jobs, clock, log: createLogger('t', silentSink), versions: async () => versions,
      enqueue: (j, reason) => rt.enqueue(j, { partition: '', keys: [''] }, {}, 'automation', null, null, reason),
    });
  return { rt, clock, versions, pass };
}

/** Records a finished run of `name` that read `inputs` (what the executor stores at run start). */
async function finished(rt: Runtime, clock: FakeClock, name: string, state: 'succeeded' | 'failed', inputs: Record<string, number>) {
  const runId = await rt.enqueue(rt.job(name), { partition: '', keys: [''] }, {}, 'manual', null, null);
  const at = isoNow(clock);
  await rt.store.claimRun(runId, rt.hostId, { maxRunningPerJob: () => 1 }, at);
  await rt.store.updateRun(runId, { inputVersions: inputs, startedAt: at }, at);
  await rt.store.finishRun(runId, { state, endedAt: at }, state === 'succeeded' ? 'done' : 'failed', at);
  return runId;
}

const autoRuns = async (rt: Runtime) => (await rt.store.listRuns({})).filter((r) => r.trigger === 'automation');

describe('declarative automation', () => {
  it('queues a stale job once, with the staleness reason on the run', async () => {
    const { rt, clock, versions, pass } = await setup();
    versions.set('bronze.trades', 1).set('gold.facts', 3);
    await finished(rt, clock, 'models', 'succeeded', { 'bronze.trades': 1 });
    expect(await pass()).toBe(0); // fresh
    versions.set('bronze.trades', 2);
    expect(await pass()).toBe(1);
    expect(await pass()).toBe(0); // already queued
    const runs = await autoRuns(rt);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ job: 'models', state: 'queued', reason: 'upstream table bronze.trades changed v1->v2' });
  });

  it('does not queue again while its run is running', async () => {
    const { rt, clock, versions, pass } = await setup();
    versions.set('bronze.trades', 2).set('gold.facts', 3);
    await finished(rt, clock, 'models', 'succeeded', { 'bronze.trades': 1 });
    expect(await pass()).toBe(1);
    const [run] = await autoRuns(rt);
    expect(await rt.store.claimRun(run!.runId, rt.hostId, { maxRunningPerJob: () => 1 }, isoNow(clock))).toBeDefined();
    clock.ms += 60 * 60_000; // past the interval: only the running run holds it back
    expect(await pass()).toBe(0);
    expect(await autoRuns(rt)).toHaveLength(1);
  });

  it('queues at most once per minIntervalMinutes while the job stays stale', async () => {
    const { rt, clock, versions, pass } = await setup();
    versions.set('bronze.trades', 2).set('gold.facts', 3);
    await finished(rt, clock, 'models', 'succeeded', { 'bronze.trades': 1 });
    expect(await pass()).toBe(1);
    // The automation run fails: the job is still stale, but the interval holds the next run back.
    const [first] = await autoRuns(rt);
    await rt.store.finishRun(first!.runId, { state: 'failed', endedAt: isoNow(clock), error: 'boom' }, 'failed', isoNow(clock));
    clock.ms += 9 * 60_000;
    expect(await pass()).toBe(0);
    clock.ms += 2 * 60_000;
    expect(await pass()).toBe(1);
    expect(await autoRuns(rt)).toHaveLength(2);
  });

  it('waits while a batch job producing one of its inputs is queued or running; a running service does not hold it back', async () => {
    const { rt, clock, versions, pass } = await setup([auto, loader, stream]);
    versions.set('bronze.trades', 2).set('gold.facts', 3);
    await finished(rt, clock, 'models', 'succeeded', { 'bronze.trades': 1 });
    const streamRun = await rt.enqueue(stream, { partition: '', keys: [''] }, {}, 'manual', null, null);
    await rt.store.claimRun(streamRun, rt.hostId, { maxRunningPerJob: () => 1 }, isoNow(clock));
    const load = await rt.enqueue(loader, { partition: '2026-03-02', keys: ['2026-03-02'] }, {}, 'backfill', null, null);
    expect(await pass()).toBe(0);
    await rt.store.finishRun(load, { state: 'succeeded', endedAt: isoNow(clock) }, 'done', isoNow(clock));
    expect(await pass()).toBe(1);
  });

  it('is off by default: a job without the flag is never queued, however stale', async () => {
    const { rt, clock, versions, pass } = await setup([manual]);
    versions.set('bronze.trades', 9);
    await finished(rt, clock, 'manual-only', 'succeeded', { 'bronze.trades': 1 });
    expect(manual.automation.onUpstreamChange).toBe(false);
    expect(await pass()).toBe(0);
    expect(await autoRuns(rt)).toHaveLength(0);
  });

  it('without a successful run: queues when its outputs are missing, not when they exist (no baseline)', async () => {
    const { rt, versions, pass } = await setup();
    versions.set('bronze.trades', 1).set('gold.facts', 3);
    expect(await pass()).toBe(0);
    versions.delete('gold.facts');
    expect(await pass()).toBe(1);
    expect((await autoRuns(rt))[0]!.reason).toContain('bronze.trades');
  });

  it('rejects automation on a partitioned or service job', () => {
    expect(() => job({ partitions: { kind: 'trading-day' }, assets: { reads: ['bronze.trades'] }, automation: { onUpstreamChange: true }, tasks: [{ id: 't', run: 'x' }] })).toThrow(/automation/);
  });
});

describe('automation in the runtime', () => {
  async function runtimeOver(extra: Partial<RuntimeOptions>) {
    const t = await tempLake();
    // A real lake table the job reads; its output does not exist yet, so the job is due.
    await t.lake.ensureTable({ layer: 'bronze', name: 'trades', columns: [{ name: 'x', type: 'integer' }] });
    const rt = testRuntime(t.lake, [auto], noop, { clock: new FakeClock(), schedulerMs: 3_600_000, ...extra });
    cleanups.push(t.cleanup, () => rt.stop(0));
    await rt.start();
    return rt;
  }

  it('a host with the scheduler on queues the stale job at start (trigger automation, reason)', async () => {
    const rt = await runtimeOver({ role: 'host' });
    const runs = await autoRuns(rt);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.reason).toMatch(/bronze\.trades/);
  });

  it('viewers, CLI runtimes and a host without the scheduler never queue', async () => {
    for (const extra of [{ role: 'viewer' as const }, { role: 'cli' as const }, { role: 'host' as const, scheduler: false }]) {
      const rt = await runtimeOver(extra);
      expect(await rt.store.listRuns({})).toHaveLength(0);
    }
  });
});
