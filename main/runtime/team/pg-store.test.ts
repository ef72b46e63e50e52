import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_MIGRATIONS } from './pg-migrations';
import { PgRunStore, FencedOutError, type QueuedRun } from './pg-store';
import { teamTestDb, type TeamTestDb } from './team-test-support';

let db: TeamTestDb;
let store: PgRunStore;
const at = () => new Date().toISOString();
const limits = { maxRunningPerJob: () => 2 };

beforeAll(async () => {
  db = await teamTestDb('store');
  store = await PgRunStore.open({ pool: db.pool, schema: db.schema, location: 'test', ownsPool: false });
}, 60_000);
afterAll(async () => {
  await store?.close();
  await db?.drop();
});

describe('PgRunStore', () => {
  it('migrates once, records the version, and refuses a schema newer than the build', async () => {
    const again = await PgRunStore.open({ pool: db.pool, schema: db.schema, location: 'test', ownsPool: false });
    const { rows } = await db.pool.query(`SELECT version FROM "${db.schema}".fde_schema_version ORDER BY version`);
    expect(rows.map((r: { version: number }) => r.version)).toEqual(PG_MIGRATIONS.map((_, i) => i + 1));
    await db.pool.query(`INSERT INTO "${db.schema}".fde_schema_version (version) VALUES (999)`);
    await expect(PgRunStore.open({ pool: db.pool, schema: db.schema, location: 'test', ownsPool: false })).rejects.toThrow(/newer than this build/);
    await db.pool.query(`DELETE FROM "${db.schema}".fde_schema_version WHERE version = 999`);
    await again.close();
  });

  it('creates runs with their partitions and sends one outbox job in the same transaction', async () => {
    const sent: QueuedRun[] = [];
    store.outbox = async (tx, runs) => {
      await tx.executeSql('SELECT 1', []);
      sent.push(...runs);
    };
    const run = await store.createRun({ runId: 'r1', job: 'j', partition: '2026-01-02', partitionKeys: ['2026-01-02|A', '2026-01-02|B'], trigger: 'backfill', backfillId: 'b1', params: { symbols: ['A', 'B'] } }, at());
    expect(run.state).toBe('queued');
    expect(run.params).toEqual({ symbols: ['A', 'B'] });
    expect(run.reason).toBeNull();
    expect(sent).toEqual([{ runId: 'r1', job: 'j', attempt: 1 }]);
    const automated = await store.createRun({ runId: 'r-auto', job: 'j', partition: '', partitionKeys: [''], trigger: 'automation', params: {}, reason: 'upstream table bronze.t changed v1->v2' }, at());
    expect(automated.reason).toBe('upstream table bronze.t changed v1->v2');
    const parts = await store.listPartitions('j', ['2026-01-02|A', '2026-01-02|B', 'missing']);
    expect(parts.map((p) => [p.key, p.state])).toEqual([['2026-01-02|A', 'queued'], ['2026-01-02|B', 'queued']]);
    // A failing outbox rolls the run back: no run without its queue job.
    store.outbox = async () => {
      throw new Error('queue down');
    };
    await expect(store.createRun({ runId: 'r-rolled', job: 'j', partition: 'x', partitionKeys: ['x'], trigger: 'manual', params: {} }, at())).rejects.toThrow('queue down');
    expect(await store.getRun('r-rolled')).toBeUndefined();
    store.outbox = undefined;
  });

  it('claims concurrently without taking a run twice or passing the per-job limit', async () => {
    for (let i = 0; i < 30; i++) await store.createRun({ runId: `c${i}`, job: 'claim', partition: `p${i}`, partitionKeys: [`p${i}`], trigger: 'manual', params: {} }, at());
    const claimedBy = new Map<string, string>();
    // Eight hosts at once; each finishes what it claims, so the limit of 2 frees up again.
    await Promise.all(Array.from({ length: 8 }, async (_, h) => {
      for (;;) {
        const r = await store.claimNext(`h${h}`, { maxRunningPerJob: () => 2, jobs: ['claim'] }, at());
        if (!r) {
          const left = await store.listRuns({ job: 'claim', state: 'queued', limit: 1 });
          if (left.length === 0) return;
          await new Promise((res) => setTimeout(res, 5));
          continue;
        }
        const running = await store.listRuns({ job: 'claim', state: 'running' });
        expect(running.length).toBeLessThanOrEqual(2);
        expect(claimedBy.has(r.runId)).toBe(false);
        claimedBy.set(r.runId, `h${h}`);
        await store.finishRun(r.runId, { state: 'succeeded', rowsWritten: 1 }, 'done', at());
      }
    }));
    expect(claimedBy.size).toBe(30);
    expect((await store.listRuns({ job: 'claim', state: 'succeeded' })).length).toBe(30);
  }, 60_000);

  it('recovers a dead host\'s runs: requeued with attempt + 1, attempts interrupted, a new outbox job', async () => {
    await store.registerHost({ hostId: 'dead', pid: 1, hostname: 'elsewhere', role: 'host', startedAt: at(), heartbeatMs: 0 });
    await store.registerHost({ hostId: 'alive', pid: 2, hostname: 'elsewhere', role: 'host', startedAt: at(), heartbeatMs: Date.now() });
    await store.createRun({ runId: 'rec1', job: 'rec', partition: 'd', partitionKeys: ['d'], trigger: 'manual', params: {} }, at());
    await store.createRun({ runId: 'rec2', job: 'rec', partition: 'e', partitionKeys: ['e'], trigger: 'manual', params: {} }, at());
    await store.claimRun('rec1', 'dead', limits, at());
    await store.claimRun('rec2', 'alive', limits, at());
    await store.startAttempt({ attemptId: 'rec1.t.1', runId: 'rec1', taskId: 't', attempt: 1, hostId: 'dead' }, at());
    const sent: QueuedRun[] = [];
    store.outbox = async (_tx, runs) => void sent.push(...runs);
    const found = await store.recoverRuns((h) => Date.now() - h.heartbeatMs > 10_000, true, at());
    store.outbox = undefined;
    expect(found.map((r) => r.runId)).toContain('rec1');
    expect(found.map((r) => r.runId)).not.toContain('rec2');
    expect(sent).toContainEqual({ runId: 'rec1', job: 'rec', attempt: 2 });
    const r = await store.getRun('rec1');
    expect([r?.state, r?.attempt, r?.host]).toEqual(['queued', 2, null]);
    expect((await store.listAttempts('rec1'))[0]?.state).toBe('interrupted');
    expect((await store.getRun('rec2'))?.state).toBe('running');
  });

  it('fences a run\'s outcome by its claim: a superseded host cannot overwrite it', async () => {
    await store.createRun({ runId: 'f1', job: 'fence', partition: 'd', partitionKeys: ['d'], trigger: 'manual', params: {} }, at());
    await store.claimRun('f1', 'old', limits, at());
    // `old` is presumed dead: requeued (attempt 2) and claimed by `new`.
    await store.recoverRuns((h) => h.hostId === 'old', true, at());
    const taken = await store.claimRun('f1', 'new', limits, at());
    expect(taken?.attempt).toBe(2);
    expect(await store.finishRunFenced('f1', { hostId: 'old', attempt: 1 }, { state: 'failed', error: 'late' }, 'failed', at())).toBe(false);
    expect((await store.getRun('f1'))?.state).toBe('running');
    expect(await store.finishRunFenced('f1', { hostId: 'new', attempt: 2 }, { state: 'succeeded', rowsWritten: 3 }, 'done', at())).toBe(true);
    const r = await store.getRun('f1');
    expect([r?.state, r?.rowsWritten, r?.host]).toEqual(['succeeded', 3, 'new']);
    expect(await store.finishRunFenced('f1', { hostId: 'new', attempt: 2 }, { state: 'failed' }, 'failed', at())).toBe(false);
  });

  it('refuses scheduler writes without a current lease term (fencing)', async () => {
    store.fence = { name: 'scheduler', term: 7 };
    await expect(store.recordTicks([{ job: 'j', tickAt: at(), runId: null, outcome: 'skipped' }], at())).rejects.toBeInstanceOf(FencedOutError);
    await expect(store.createRun({ runId: 's1', job: 'j', partition: '', partitionKeys: [''], trigger: 'schedule', params: {}, scheduleTick: at() }, at())).rejects.toBeInstanceOf(FencedOutError);
    expect(await store.getRun('s1')).toBeUndefined();
    await db.pool.query(`INSERT INTO "${db.schema}".leases (name, holder, term, expires_at) VALUES ('scheduler', 'me', 7, now() + interval '1 minute')`);
    await store.recordTicks([{ job: 'j', tickAt: '2026-01-01T00:00:00.000Z', runId: null, outcome: 'skipped' }], at());
    expect(await store.lastTick('j')).toBe('2026-01-01T00:00:00.000Z');
    store.fence = undefined;
    await db.pool.query(`DELETE FROM "${db.schema}".leases`);
  });
});
