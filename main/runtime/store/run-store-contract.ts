/**
 * The behaviour every RunStore must show, as one vitest suite that each store's test file runs
 * against its own store (SQLite in store/, PostgreSQL in team/). Everything here goes through
 * the interface in-process; multi-process claims, kills and store-only methods stay in the
 * stores' own tests. Each test gets a fresh, empty store from `open`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PartitionState } from '../../../api/jobs-api';
import type { ClaimLimits, NewRun, RunStore } from './run-store';

export interface OpenedStore {
  store: RunStore;
  dispose(): Promise<void>;
}

/** Fixed, well-spaced times so ordering by queued_at / updated_at / ended_at is deterministic. */
const T0 = Date.UTC(2026, 0, 1);
const t = (s: number): string => new Date(T0 + s * 1000).toISOString();

const open10: ClaimLimits = { maxRunningPerJob: () => 10 };

function newRun(runId: string, o: Partial<NewRun> = {}): NewRun {
  const partition = o.partition ?? '2026-01-02';
  return { runId, job: 'j', partition, partitionKeys: [partition], trigger: 'manual', params: {}, ...o };
}

export function describeRunStoreContract(name: string, open: () => Promise<OpenedStore>): void {
  describe(`RunStore contract: ${name}`, () => {
    let opened: OpenedStore;
    let store: RunStore;
    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });
    afterEach(async () => {
      await opened?.dispose();
    });

    const ids = (runs: ReadonlyArray<{ runId: string }>) => runs.map((r) => r.runId);
    const partitionStates = async (job: string, keys?: readonly string[]) =>
      (await store.listPartitions(job, keys)).map((p) => [p.key, p.state, p.runId] as [string, PartitionState, string | null]);

    describe('runs and partitions', () => {
      it('creates a queued run with its fields and reads it back', async () => {
        const run = await store.createRun(
          newRun('r1', { partitionKeys: ['2026-01-02|A', '2026-01-02|B'], trigger: 'backfill', backfillId: 'b1', params: { symbols: ['A', 'B'], n: 2 }, scheduleTick: t(0), reason: 'stale' }),
          t(1),
        );
        expect(run).toEqual({
          runId: 'r1', job: 'j', partition: '2026-01-02', state: 'queued', trigger: 'backfill', backfillId: 'b1',
          params: { symbols: ['A', 'B'], n: 2 }, attempt: 1, queuedAt: t(1), startedAt: null, endedAt: null, rowsWritten: 0,
          tableVersions: [], errorClass: null, error: null, host: null, inputVersions: {}, cancelRequested: false,
          scheduleTick: t(0), updatedAtRaw: t(1), reason: 'stale',
        });
        expect(await store.getRun('r1')).toEqual(run);
        const plain = await store.createRun(newRun('r2', { partition: '', partitionKeys: [''] }), t(2));
        expect([plain.backfillId, plain.scheduleTick, plain.reason]).toEqual([null, null, null]);
        expect(await store.getRun('missing')).toBeUndefined();
      });

      it('refuses a second run with an existing id', async () => {
        await store.createRun(newRun('r1'), t(1));
        await expect(store.createRun(newRun('r1', { job: 'other' }), t(2))).rejects.toThrow();
        expect((await store.getRun('r1'))?.job).toBe('j');
      });

      it('records the partitions a run covers, queued and owned by it; listPartitions filters by job and keys', async () => {
        await store.createRun(newRun('r1', { partitionKeys: ['2026-01-02|B', '2026-01-02|A'] }), t(1));
        await store.createRun(newRun('o1', { job: 'other', partitionKeys: ['2026-01-02|A'] }), t(2));
        expect(await partitionStates('j')).toEqual([['2026-01-02|A', 'queued', 'r1'], ['2026-01-02|B', 'queued', 'r1']]);
        expect(await partitionStates('j', ['2026-01-02|B', 'missing'])).toEqual([['2026-01-02|B', 'queued', 'r1']]);
        expect(await store.listPartitions('j', [])).toEqual([]);
        expect(await store.listPartitions('nobody')).toEqual([]);
        const [p] = await store.listPartitions('other');
        expect(p).toEqual({ job: 'other', key: '2026-01-02|A', state: 'queued', runId: 'o1', updatedAt: t(2) });
      });

      it('hands a partition to the latest run; the older run no longer changes its state', async () => {
        await store.createRun(newRun('old'), t(1));
        await store.claimRun('old', 'h', open10, t(2));
        await store.finishRun('old', { state: 'failed' }, 'failed', t(3));
        await store.createRun(newRun('new'), t(4));
        expect(await partitionStates('j')).toEqual([['2026-01-02', 'queued', 'new']]);
        await store.finishRun('old', { state: 'succeeded' }, 'done', t(5));
        expect(await partitionStates('j')).toEqual([['2026-01-02', 'queued', 'new']]);
      });

      it('updateRun changes only the patched fields and the update time', async () => {
        await store.createRun(newRun('r1'), t(1));
        await store.updateRun('r1', { rowsWritten: 5, tableVersions: [{ table: 'silver.t', version: 3 }], inputVersions: { 'bronze.t': 7 } }, t(2));
        let r = await store.getRun('r1');
        expect([r?.state, r?.rowsWritten, r?.tableVersions, r?.inputVersions, r?.updatedAtRaw, r?.queuedAt]).toEqual([
          'queued', 5, [{ table: 'silver.t', version: 3 }], { 'bronze.t': 7 }, t(2), t(1),
        ]);
        await store.updateRun('r1', { state: 'running', startedAt: t(3), errorClass: 'retryable', error: 'slow' }, t(3));
        await store.updateRun('r1', { errorClass: null, error: null }, t(4));
        r = await store.getRun('r1');
        expect([r?.state, r?.startedAt, r?.errorClass, r?.error, r?.rowsWritten]).toEqual(['running', t(3), null, null, 5]);
        // updateRun is not finishRun: partitions keep their state.
        expect(await partitionStates('j')).toEqual([['2026-01-02', 'queued', 'r1']]);
      });

      it('finishRun sets the final state and the run\'s partitions together', async () => {
        await store.createRun(newRun('r1', { partitionKeys: ['2026-01-02|A', '2026-01-02|B'] }), t(1));
        await store.claimRun('r1', 'h', open10, t(2));
        await store.finishRun('r1', { state: 'succeeded', rowsWritten: 9, tableVersions: [{ table: 'gold.t', version: 1 }] }, 'done', t(3));
        const r = await store.getRun('r1');
        expect([r?.state, r?.endedAt, r?.updatedAtRaw, r?.rowsWritten, r?.tableVersions, r?.host]).toEqual([
          'succeeded', t(3), t(3), 9, [{ table: 'gold.t', version: 1 }], 'h',
        ]);
        expect((await store.listPartitions('j')).map((p) => [p.state, p.updatedAt])).toEqual([['done', t(3)], ['done', t(3)]]);
        await store.createRun(newRun('r2', { partition: '2026-01-03' }), t(4));
        await store.finishRun('r2', { state: 'failed', endedAt: t(10), errorClass: 'fatal', error: 'boom' }, 'failed', t(5));
        const r2 = await store.getRun('r2');
        expect([r2?.state, r2?.endedAt, r2?.errorClass, r2?.error]).toEqual(['failed', t(10), 'fatal', 'boom']);
        expect(await partitionStates('j', ['2026-01-03'])).toEqual([['2026-01-03', 'failed', 'r2']]);
        await expect(store.finishRun('missing', { state: 'failed' }, 'failed', t(6))).resolves.toBeUndefined();
        expect(await store.getRun('missing')).toBeUndefined();
      });
    });

    describe('claims', () => {
      it('claimRun moves a queued run to running on the host, once', async () => {
        await store.createRun(newRun('r1', { partitionKeys: ['2026-01-02|A', '2026-01-02|B'] }), t(1));
        const claimed = await store.claimRun('r1', 'h1', open10, t(2));
        expect([claimed?.state, claimed?.host, claimed?.startedAt, claimed?.updatedAtRaw, claimed?.attempt]).toEqual(['running', 'h1', t(2), t(2), 1]);
        expect(await store.getRun('r1')).toEqual(claimed);
        expect((await store.listPartitions('j')).map((p) => p.state)).toEqual(['running', 'running']);
        expect(await store.claimRun('r1', 'h2', open10, t(3))).toBeUndefined();
        expect((await store.getRun('r1'))?.host).toBe('h1');
        expect(await store.claimRun('missing', 'h1', open10, t(3))).toBeUndefined();
      });

      it('claimRun refuses runs that are not queued', async () => {
        await store.createRun(newRun('done', { partition: '2026-01-02' }), t(1));
        await store.finishRun('done', { state: 'succeeded' }, 'done', t(2));
        await store.createRun(newRun('gone', { partition: '2026-01-03' }), t(3));
        await store.requestCancel('gone', t(4));
        expect(await store.claimRun('done', 'h', open10, t(5))).toBeUndefined();
        expect(await store.claimRun('gone', 'h', open10, t(5))).toBeUndefined();
        expect((await store.getRun('gone'))?.state).toBe('cancelled');
      });

      it('claimRun honours the per-job limit across hosts and one running run per partition', async () => {
        for (const [i, id] of ['a', 'b', 'c'].entries()) await store.createRun(newRun(id, { partition: `2026-01-0${i + 1}` }), t(i));
        await store.createRun(newRun('x', { job: 'k', partition: '2026-01-01' }), t(5));
        await store.createRun(newRun('a2', { partition: '2026-01-01' }), t(6));
        const two: ClaimLimits = { maxRunningPerJob: (job) => (job === 'j' ? 2 : 1) };
        expect((await store.claimRun('a', 'h1', two, t(10)))?.state).toBe('running');
        // Another run of a running partition waits, whatever the host.
        expect(await store.claimRun('a2', 'h2', two, t(11))).toBeUndefined();
        expect((await store.claimRun('b', 'h2', two, t(11)))?.state).toBe('running');
        expect(await store.claimRun('c', 'h3', two, t(12))).toBeUndefined();
        // The limit is per job, and one job's partition is not another's.
        expect((await store.claimRun('x', 'h3', two, t(12)))?.state).toBe('running');
        await store.finishRun('a', { state: 'succeeded' }, 'done', t(13));
        expect((await store.claimRun('a2', 'h2', two, t(14)))?.state).toBe('running');
        expect(await store.claimRun('c', 'h3', two, t(15))).toBeUndefined();
        expect((await store.getRun('c'))?.state).toBe('queued');
      });

      it('claimNext takes the oldest claimable run, skipping busy partitions and full jobs', async () => {
        const limits: ClaimLimits = { maxRunningPerJob: (job) => (job === 'j' ? 2 : 5) };
        await store.createRun(newRun('a', { partition: '2026-01-02' }), t(1));
        await store.createRun(newRun('b', { partition: '2026-01-02' }), t(2));
        // Same queued time: the run id breaks the tie.
        await store.createRun(newRun('d', { partition: '2026-01-06' }), t(3));
        await store.createRun(newRun('c', { partition: '2026-01-05' }), t(3));
        await store.createRun(newRun('e', { partition: '2026-01-07' }), t(4));
        await store.createRun(newRun('k1', { job: 'k', partition: '2026-01-02' }), t(5));
        expect((await store.claimNext('h', limits, t(10)))?.runId).toBe('a');
        // b is the partition of running a: c goes first.
        expect((await store.claimNext('h', limits, t(11)))?.runId).toBe('c');
        // j is full (2 running): the next claimable run is the other job's.
        const k1 = await store.claimNext('h2', limits, t(12));
        expect([k1?.runId, k1?.state, k1?.host]).toEqual(['k1', 'running', 'h2']);
        expect(await store.claimNext('h', limits, t(13))).toBeUndefined();
        await store.finishRun('a', { state: 'succeeded' }, 'done', t(14));
        expect((await store.claimNext('h', limits, t(15)))?.runId).toBe('b');
        await store.finishRun('b', { state: 'succeeded' }, 'done', t(16));
        await store.finishRun('c', { state: 'succeeded' }, 'done', t(16));
        expect((await store.claimNext('h', limits, t(17)))?.runId).toBe('d');
        expect((await store.claimNext('h', limits, t(18)))?.runId).toBe('e');
        expect(await store.claimNext('h', limits, t(19))).toBeUndefined();
      });

      it('claimNext reaches a claimable run queued behind many runs waiting on a busy partition', async () => {
        await store.createRun(newRun('busy', { partition: '2026-01-02' }), t(0));
        await store.claimRun('busy', 'h', open10, t(1));
        for (let i = 0; i < 60; i++) await store.createRun(newRun(`wait${String(i).padStart(2, '0')}`, { partition: '2026-01-02' }), t(2 + i));
        await store.createRun(newRun('free', { partition: '2026-01-03' }), t(100));
        expect((await store.claimNext('h', open10, t(101)))?.runId).toBe('free');
      });

      it('claimNext reaches another job\'s run queued behind many runs of a job at its limit', async () => {
        const one: ClaimLimits = { maxRunningPerJob: () => 1 };
        for (let i = 0; i < 60; i++) await store.createRun(newRun(`a${String(i).padStart(2, '0')}`, { job: 'a', partition: `2026-02-${String(i % 28 + 1).padStart(2, '0')}`, partitionKeys: [`k${i}`] }), t(i));
        await store.createRun(newRun('b', { job: 'b' }), t(100));
        expect((await store.claimNext('h', one, t(101)))?.runId).toBe('a00');
        expect((await store.claimNext('h', one, t(102)))?.runId).toBe('b');
        expect(await store.claimNext('h', one, t(103))).toBeUndefined();
      });

      it('claimNext only takes runs of the given jobs and ids', async () => {
        await store.createRun(newRun('j1', { partition: '2026-01-01' }), t(1));
        await store.createRun(newRun('k1', { job: 'k', partition: '2026-01-01' }), t(2));
        await store.createRun(newRun('k2', { job: 'k', partition: '2026-01-02' }), t(3));
        await store.createRun(newRun('m1', { job: 'm', partition: '2026-01-01' }), t(4));
        expect(await store.claimNext('h', { ...open10, jobs: [] }, t(10))).toBeUndefined();
        expect(await store.claimNext('h', { ...open10, runIds: [] }, t(10))).toBeUndefined();
        expect((await store.claimNext('h', { ...open10, jobs: ['k', 'm'] }, t(10)))?.runId).toBe('k1');
        expect((await store.claimNext('h', { ...open10, runIds: ['m1', 'j1'] }, t(11)))?.runId).toBe('j1');
        expect((await store.claimNext('h', { ...open10, jobs: ['k'], runIds: ['m1'] }, t(12)))).toBeUndefined();
        expect((await store.claimNext('h', { ...open10, jobs: ['k', 'm'], runIds: ['m1', 'k2'] }, t(12)))?.runId).toBe('k2');
        expect((await store.claimNext('h', { ...open10, jobs: ['k'] }, t(13)))).toBeUndefined();
        expect((await store.claimNext('h', open10, t(14)))?.runId).toBe('m1');
        expect(await store.claimNext('h', open10, t(15))).toBeUndefined();
      });
    });

    describe('cancellation', () => {
      it('cancels a queued run at once, flags a running one and leaves a finished one', async () => {
        await store.createRun(newRun('q', { partition: '2026-01-01' }), t(1));
        await store.createRun(newRun('r', { partition: '2026-01-02' }), t(2));
        await store.createRun(newRun('f', { partition: '2026-01-03' }), t(3));
        await store.claimRun('r', 'h', open10, t(4));
        await store.finishRun('f', { state: 'succeeded' }, 'done', t(4));
        expect(await store.requestCancel('q', t(5))).toBe('cancelled');
        const q = await store.getRun('q');
        expect([q?.state, q?.cancelRequested, q?.endedAt, q?.errorClass, q?.updatedAtRaw]).toEqual(['cancelled', true, t(5), 'cancelled', t(5)]);
        expect(await partitionStates('j', ['2026-01-01'])).toEqual([['2026-01-01', 'cancelled', 'q']]);
        expect(await store.requestCancel('r', t(6))).toBe('running');
        const r = await store.getRun('r');
        expect([r?.state, r?.cancelRequested, r?.endedAt, r?.updatedAtRaw]).toEqual(['running', true, null, t(6)]);
        expect(await partitionStates('j', ['2026-01-02'])).toEqual([['2026-01-02', 'running', 'r']]);
        expect(await store.requestCancel('f', t(7))).toBe('succeeded');
        expect((await store.getRun('f'))?.cancelRequested).toBe(false);
        expect(await store.requestCancel('missing', t(7))).toBeUndefined();
        expect([...(await store.cancelRequested(['q', 'r', 'f', 'missing']))].sort()).toEqual(['q', 'r']);
        expect(await store.cancelRequested(['f'])).toEqual(new Set());
        expect(await store.cancelRequested([])).toEqual(new Set());
      });
    });

    describe('reading runs', () => {
      /** Five runs over two jobs and two backfills, queued at t(1)..t(5), some updated later. */
      async function seed(): Promise<void> {
        await store.createRun(newRun('r1', { partition: '2026-01-01', backfillId: 'b1', trigger: 'backfill' }), t(1));
        await store.createRun(newRun('r2', { partition: '2026-01-02', backfillId: 'b1', trigger: 'backfill' }), t(2));
        await store.createRun(newRun('r3', { job: 'k', partition: '2026-01-01', backfillId: 'b2', trigger: 'backfill' }), t(3));
        await store.createRun(newRun('r4', { partition: '2026-01-03' }), t(4));
        await store.createRun(newRun('r5', { job: 'k', partition: '2026-01-02' }), t(5));
        await store.claimRun('r2', 'h', open10, t(20));
        await store.finishRun('r1', { state: 'succeeded' }, 'done', t(10));
        await store.finishRun('r3', { state: 'failed' }, 'failed', t(30));
      }

      it('listRuns filters by job, state, states and backfill, newest queued first by default', async () => {
        await seed();
        expect(ids(await store.listRuns({}))).toEqual(['r5', 'r4', 'r3', 'r2', 'r1']);
        expect(ids(await store.listRuns({ job: 'j' }))).toEqual(['r4', 'r2', 'r1']);
        expect(ids(await store.listRuns({ state: 'queued' }))).toEqual(['r5', 'r4']);
        expect(ids(await store.listRuns({ states: ['succeeded', 'failed'] }))).toEqual(['r3', 'r1']);
        expect(await store.listRuns({ states: [] })).toEqual([]);
        expect(ids(await store.listRuns({ backfillId: 'b1' }))).toEqual(['r2', 'r1']);
        expect(ids(await store.listRuns({ job: 'k', states: ['queued', 'failed'], backfillId: 'b2' }))).toEqual(['r3']);
        expect(await store.listRuns({ job: 'nobody' })).toEqual([]);
      });

      it('listRuns orders, limits and pages with before', async () => {
        await seed();
        expect(ids(await store.listRuns({ order: 'oldest' }))).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
        expect(ids(await store.listRuns({ limit: 2 }))).toEqual(['r5', 'r4']);
        expect(ids(await store.listRuns({ limit: 2, before: 'r4' }))).toEqual(['r3', 'r2']);
        expect(ids(await store.listRuns({ limit: 2, before: 'r2' }))).toEqual(['r1']);
        expect(ids(await store.listRuns({ job: 'j', before: 'r4' }))).toEqual(['r2', 'r1']);
        expect(ids(await store.listRuns({ order: 'oldest', limit: 2 }))).toEqual(['r1', 'r2']);
        // Runs queued at the same time come in run id order (descending for newest).
        await store.createRun(newRun('s2', { partition: '2026-02-01' }), t(50));
        await store.createRun(newRun('s1', { partition: '2026-02-02' }), t(50));
        expect(ids(await store.listRuns({ limit: 2 }))).toEqual(['s2', 's1']);
        expect(ids(await store.listRuns({ order: 'oldest', states: ['queued'] }))).toEqual(['r4', 'r5', 's1', 's2']);
      });

      it('listRuns with updatedAfter is a change feed ordered by update time', async () => {
        await seed();
        // Updated after t(5): r1 (t10), r2 (t20), r3 (t30).
        expect(ids(await store.listRuns({ updatedAfter: t(5), order: 'oldest' }))).toEqual(['r1', 'r2', 'r3']);
        expect(ids(await store.listRuns({ updatedAfter: t(5) }))).toEqual(['r3', 'r2', 'r1']);
        expect(ids(await store.listRuns({ updatedAfter: t(10), order: 'oldest' }))).toEqual(['r2', 'r3']);
        expect(ids(await store.listRuns({ updatedAfter: t(4), order: 'oldest', limit: 2, job: 'j' }))).toEqual(['r1', 'r2']);
        expect(await store.listRuns({ updatedAfter: t(30) })).toEqual([]);
        await store.updateRun('r4', { rowsWritten: 1 }, t(40));
        expect(ids(await store.listRuns({ updatedAfter: t(30) }))).toEqual(['r4']);
      });

      it('finishedRuns returns the runs among the ids that reached a final state', async () => {
        if (!store.finishedRuns) return;
        await seed();
        await store.createRun(newRun('c', { partition: '2026-03-01' }), t(40));
        await store.requestCancel('c', t(41));
        const done = await store.finishedRuns(['r1', 'r2', 'r3', 'r4', 'c', 'missing']);
        expect(ids(done).sort()).toEqual(['c', 'r1', 'r3']);
        expect(done.find((r) => r.runId === 'r3')?.state).toBe('failed');
        expect(await store.finishedRuns([])).toEqual([]);
      });

      it('lastSuccessfulRun is the job\'s succeeded run that ended last', async () => {
        expect(await store.lastSuccessfulRun('j')).toBeUndefined();
        await store.createRun(newRun('a', { partition: '2026-01-01' }), t(1));
        await store.createRun(newRun('b', { partition: '2026-01-02' }), t(2));
        await store.createRun(newRun('c', { partition: '2026-01-03' }), t(3));
        await store.createRun(newRun('k', { job: 'k', partition: '2026-01-03' }), t(4));
        await store.finishRun('b', { state: 'succeeded' }, 'done', t(10));
        await store.finishRun('a', { state: 'succeeded' }, 'done', t(20));
        await store.finishRun('c', { state: 'failed' }, 'failed', t(30));
        await store.finishRun('k', { state: 'succeeded' }, 'done', t(40));
        const last = await store.lastSuccessfulRun('j');
        expect([last?.runId, last?.endedAt]).toEqual(['a', t(20)]);
        expect(await store.lastSuccessfulRun('nobody')).toBeUndefined();
      });
    });

    describe('task attempts', () => {
      it('starts, finishes and lists attempts per run in start order', async () => {
        await store.createRun(newRun('r1'), t(1));
        await store.createRun(newRun('r2', { partition: '2026-01-03' }), t(1));
        await store.startAttempt({ attemptId: 'r1.t.2', runId: 'r1', taskId: 't', attempt: 2, hostId: 'h' }, t(5));
        await store.startAttempt({ attemptId: 'r1.u.1', runId: 'r1', taskId: 'u', attempt: 1, hostId: 'h' }, t(5));
        await store.startAttempt({ attemptId: 'r1.t.1', runId: 'r1', taskId: 't', attempt: 1, hostId: 'h' }, t(2));
        await store.startAttempt({ attemptId: 'r2.t.1', runId: 'r2', taskId: 't', attempt: 1, hostId: 'h' }, t(3));
        await store.finishAttempt('r1.t.1', { state: 'failed', errorClass: 'retryable', error: 'timeout' }, t(4));
        await store.finishAttempt('r1.t.2', { state: 'succeeded', rowsWritten: 12, tableVersions: [{ table: 'silver.t', version: 4 }], endedAt: t(9) }, t(8));
        const attempts = await store.listAttempts('r1');
        expect(attempts.map((a) => a.attemptId)).toEqual(['r1.t.1', 'r1.u.1', 'r1.t.2']);
        expect(attempts[0]).toEqual({
          attemptId: 'r1.t.1', runId: 'r1', taskId: 't', attempt: 1, state: 'failed', startedAt: t(2), endedAt: t(4),
          rowsWritten: 0, tableVersions: [], errorClass: 'retryable', error: 'timeout',
        });
        expect(attempts[1]).toMatchObject({ state: 'running', endedAt: null, rowsWritten: 0, errorClass: null, error: null });
        expect(attempts[2]).toMatchObject({ state: 'succeeded', endedAt: t(9), rowsWritten: 12, tableVersions: [{ table: 'silver.t', version: 4 }] });
        expect((await store.listAttempts()).map((a) => a.attemptId)).toEqual(['r1.t.1', 'r2.t.1', 'r1.u.1', 'r1.t.2']);
        expect(await store.listAttempts('missing')).toEqual([]);
      });
    });

    describe('logs', () => {
      it('appends lines with increasing sequence numbers and reads them by cursor, level, task and limit', async () => {
        expect(await store.appendLogs([])).toEqual([]);
        const line = (runId: string, taskId: string | null, level: number, msg: string, fields: Record<string, unknown> = {}) =>
          ({ runId, taskId, attempt: taskId ? 1 : null, time: t(level), level, msg, fields });
        const first = await store.appendLogs([line('r1', 't', 20, 'one', { n: 1n, s: 'x' }), line('r1', null, 10, 'two'), line('r2', 't', 40, 'other')]);
        const second = await store.appendLogs([line('r1', 'u', 40, 'three'), line('r1', 't', 30, 'four')]);
        const seqs = [...first, ...second].map((l) => l.seq);
        expect(seqs.every((s) => typeof s === 'number')).toBe(true);
        expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
        expect(new Set(seqs).size).toBe(5);
        expect(first[0]).toEqual({ seq: seqs[0], runId: 'r1', taskId: 't', attempt: 1, time: t(20), level: 'info', msg: 'one', fields: { n: '1', s: 'x' } });
        expect(first[1]).toMatchObject({ taskId: null, attempt: null, level: 'debug' });

        const all = await store.readLogs({ runId: 'r1', minLevel: 0, after: 0, limit: 100 });
        expect(all.map((l) => [l.msg, l.level])).toEqual([['one', 'info'], ['two', 'debug'], ['three', 'error'], ['four', 'warn']]);
        expect(all[0]).toEqual(first[0]);
        expect((await store.readLogs({ runId: 'r1', minLevel: 30, after: 0, limit: 100 })).map((l) => l.msg)).toEqual(['three', 'four']);
        expect((await store.readLogs({ runId: 'r1', minLevel: 0, after: first[1]!.seq, limit: 100 })).map((l) => l.msg)).toEqual(['three', 'four']);
        expect((await store.readLogs({ runId: 'r1', minLevel: 0, after: 0, limit: 2 })).map((l) => l.msg)).toEqual(['one', 'two']);
        expect((await store.readLogs({ runId: 'r1', taskId: 't', minLevel: 0, after: 0, limit: 100 })).map((l) => l.msg)).toEqual(['one', 'four']);
        expect(await store.readLogs({ runId: 'r1', minLevel: 0, after: second[1]!.seq, limit: 100 })).toEqual([]);
        expect(await store.readLogs({ runId: 'missing', minLevel: 0, after: 0, limit: 100 })).toEqual([]);
      });
    });

    describe('hosts and recovery', () => {
      it('registers hosts, records heartbeats and stops, newest started first', async () => {
        expect(await store.listHosts()).toEqual([]);
        await store.registerHost({ hostId: 'h1', pid: 11, hostname: 'box', role: 'host', startedAt: t(1), heartbeatMs: 1000 });
        await store.registerHost({ hostId: 'h2', pid: 22, hostname: 'box2', role: 'cli', startedAt: t(2), heartbeatMs: 2000 });
        await store.heartbeat('h1', 1_767_225_600_123);
        await store.stopHost('h2', t(3));
        expect(await store.listHosts()).toEqual([
          { hostId: 'h2', pid: 22, hostname: 'box2', role: 'cli', startedAt: t(2), heartbeatMs: 2000, stoppedAt: t(3) },
          { hostId: 'h1', pid: 11, hostname: 'box', role: 'host', startedAt: t(1), heartbeatMs: 1_767_225_600_123, stoppedAt: null },
        ]);
        await store.heartbeat('missing', 5);
        expect(await store.listHosts()).toHaveLength(2);
      });

      /** Running runs on a dead host, a stopped host, an unknown host and a live host; one queued run. */
      async function runningOnHosts(): Promise<void> {
        await store.registerHost({ hostId: 'dead', pid: 1, hostname: 'x', role: 'host', startedAt: t(0), heartbeatMs: 0 });
        await store.registerHost({ hostId: 'stopped', pid: 2, hostname: 'x', role: 'host', startedAt: t(0), heartbeatMs: 9_000 });
        await store.registerHost({ hostId: 'live', pid: 3, hostname: 'x', role: 'host', startedAt: t(0), heartbeatMs: 9_000 });
        await store.stopHost('stopped', t(1));
        for (const [i, [id, host]] of ([['rd', 'dead'], ['rs', 'stopped'], ['ru', 'ghost'], ['rl', 'live']] as const).entries()) {
          await store.createRun(newRun(id, { partition: `2026-01-0${i + 1}`, partitionKeys: [`2026-01-0${i + 1}|A`, `2026-01-0${i + 1}|B`] }), t(2));
          await store.claimRun(id, host, open10, t(3));
          await store.startAttempt({ attemptId: `${id}.t.1`, runId: id, taskId: 't', attempt: 1, hostId: host }, t(3));
        }
        await store.finishAttempt('rd.t.1', { state: 'failed' }, t(4));
        await store.startAttempt({ attemptId: 'rd.t.2', runId: 'rd', taskId: 't', attempt: 2, hostId: 'dead' }, t(4));
        await store.createRun(newRun('rq', { partition: '2026-01-09' }), t(5));
      }
      const isDead = (h: { heartbeatMs: number }) => h.heartbeatMs < 5_000;

      it('recoverRuns without requeue interrupts the runs of dead, stopped and unknown hosts', async () => {
        await runningOnHosts();
        const found = await store.recoverRuns(isDead, false, t(10));
        expect(ids(found).sort()).toEqual(['rd', 'rs', 'ru']);
        // The runs as they were found.
        expect(found.every((r) => r.state === 'running' && r.attempt === 1)).toBe(true);
        expect(found.find((r) => r.runId === 'rs')?.host).toBe('stopped');
        for (const id of ['rd', 'rs', 'ru']) {
          const r = await store.getRun(id);
          expect([r?.state, r?.endedAt, r?.errorClass, r?.attempt, r?.updatedAtRaw]).toEqual(['interrupted', t(10), 'retryable', 1, t(10)]);
          expect(r?.error).toBeTruthy();
        }
        expect((await store.getRun('rl'))?.state).toBe('running');
        expect((await store.getRun('rq'))?.state).toBe('queued');
        expect((await store.listAttempts('rd')).map((a) => [a.attemptId, a.state])).toEqual([['rd.t.1', 'failed'], ['rd.t.2', 'interrupted']]);
        expect((await store.listAttempts('rd'))[1]).toMatchObject({ endedAt: t(10), errorClass: 'retryable' });
        expect((await store.listAttempts('rl'))[0]?.state).toBe('running');
        expect((await store.listPartitions('j')).map((p) => [p.key, p.state])).toEqual([
          ['2026-01-01|A', 'failed'], ['2026-01-01|B', 'failed'], ['2026-01-02|A', 'failed'], ['2026-01-02|B', 'failed'],
          ['2026-01-03|A', 'failed'], ['2026-01-03|B', 'failed'], ['2026-01-04|A', 'running'], ['2026-01-04|B', 'running'],
          ['2026-01-09', 'queued'],
        ]);
        // Nothing left to recover.
        expect(await store.recoverRuns(isDead, false, t(11))).toEqual([]);
      });

      it('recoverRuns with requeue queues the runs again with the next attempt', async () => {
        await runningOnHosts();
        const found = await store.recoverRuns(isDead, true, t(10));
        expect(ids(found).sort()).toEqual(['rd', 'rs', 'ru']);
        for (const id of ['rd', 'rs', 'ru']) {
          const r = await store.getRun(id);
          expect([r?.state, r?.attempt, r?.host, r?.startedAt, r?.errorClass, r?.updatedAtRaw]).toEqual(['queued', 2, null, null, 'retryable', t(10)]);
        }
        expect((await store.listAttempts('rd')).map((a) => a.state)).toEqual(['failed', 'interrupted']);
        expect((await store.listPartitions('j', ['2026-01-01|A', '2026-01-01|B', '2026-01-04|A'])).map((p) => p.state)).toEqual(['queued', 'queued', 'running']);
        // A live host picks them up again.
        const again = await store.claimRun('rd', 'live', open10, t(11));
        expect([again?.state, again?.attempt, again?.host]).toEqual(['running', 2, 'live']);
        expect(await store.recoverRuns(() => false, true, t(12))).toEqual([]);
      });

      it('requeueInterrupted queues the interrupted runs that still own their partitions', async () => {
        await runningOnHosts();
        await store.recoverRuns(isDead, false, t(10));
        // A later run of rs's partition supersedes it.
        await store.createRun(newRun('rs2', { partition: '2026-01-02', partitionKeys: ['2026-01-02|A', '2026-01-02|B'], trigger: 'backfill' }), t(11));
        expect((await store.requeueInterrupted(t(12))).sort()).toEqual(['rd', 'ru']);
        for (const id of ['rd', 'ru']) {
          const r = await store.getRun(id);
          expect([r?.state, r?.attempt, r?.host, r?.startedAt, r?.endedAt, r?.updatedAtRaw]).toEqual(['queued', 2, null, null, null, t(12)]);
        }
        expect((await store.getRun('rs'))?.state).toBe('interrupted');
        expect((await store.listPartitions('j', ['2026-01-01|A', '2026-01-02|A'])).map((p) => [p.state, p.runId])).toEqual([['queued', 'rd'], ['queued', 'rs2']]);
        expect(await store.requeueInterrupted(t(13))).toEqual([]);
      });
    });

    describe('schedule ticks', () => {
      it('records ticks once per job and time and reports the latest', async () => {
        expect(await store.lastTick('j')).toBeUndefined();
        await store.createRun(newRun('r1', { trigger: 'schedule', scheduleTick: t(60) }), t(61));
        await store.recordTicks([
          { job: 'j', tickAt: t(60), runId: 'r1', outcome: 'queued' },
          { job: 'j', tickAt: t(0), runId: null, outcome: 'skipped' },
          { job: 'k', tickAt: t(120), runId: null, outcome: 'skipped' },
        ], t(61));
        expect(await store.lastTick('j')).toBe(t(60));
        expect(await store.lastTick('k')).toBe(t(120));
        // A tick already recorded is ignored, not an error.
        await store.recordTicks([{ job: 'j', tickAt: t(60), runId: null, outcome: 'skipped' }, { job: 'j', tickAt: t(180), runId: null, outcome: 'skipped' }], t(181));
        expect(await store.lastTick('j')).toBe(t(180));
        await store.recordTicks([], t(182));
        expect(await store.lastTick('nobody')).toBeUndefined();
      });
    });
  });
}
