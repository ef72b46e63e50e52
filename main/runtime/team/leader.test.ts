import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeaderElection } from './leader';
import { FencedOutError, PgRunStore } from './pg-store';
import { teamTestDb, type TeamTestDb } from './team-test-support';

let db: TeamTestDb;
let store: PgRunStore;
let other: PgRunStore;
const at = () => new Date().toISOString();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  db = await teamTestDb('leader');
  store = await PgRunStore.open({ pool: db.pool, schema: db.schema, location: 'test', ownsPool: false });
  other = await PgRunStore.open({ pool: db.pool, schema: db.schema, location: 'test', ownsPool: false });
}, 60_000);
afterAll(async () => {
  await db?.drop();
});

describe('LeaderElection', () => {
  it('elects exactly one of several candidates and raises the term on each takeover', async () => {
    const stores = [store, other];
    const elections = stores.map((s, i) => new LeaderElection({ store: s, candidate: `c${i}`, ttlMs: 600 }));
    await Promise.all(elections.map((e) => e.step()));
    expect(elections.filter((e) => e.isLeader)).toHaveLength(1);
    const first = elections.find((e) => e.isLeader)!;
    const second = elections.find((e) => !e.isLeader)!;
    const term1 = first.term;
    expect((await second.holder())?.term).toBe(term1);
    // The leader stops renewing (as if killed): the lease expires and the other takes it with a new term.
    await sleep(700);
    await second.step();
    expect(second.isLeader).toBe(true);
    expect(second.term).toBe(term1 + 1);
    // The old leader's renewal now fails; it steps down.
    await first.step();
    expect(first.isLeader).toBe(false);
    await Promise.all(elections.map((e) => e.stop()));
  });

  it('fences a deposed leader: its scheduler writes are refused once another term holds the lease', async () => {
    const a = new LeaderElection({ store, candidate: 'a', ttlMs: 500 });
    const b = new LeaderElection({ store: other, candidate: 'b', ttlMs: 500 });
    await a.step();
    await b.step();
    expect(a.isLeader).toBe(true);
    await store.recordTicks([{ job: 'fenced', tickAt: '2026-02-01T00:00:00.000Z', runId: null, outcome: 'skipped' }], at());
    await sleep(600);
    await b.step();
    expect(b.isLeader).toBe(true);
    // `a` has not noticed yet (no step since): its store still carries the old term, and the write is refused.
    expect(store.fence?.term).toBe(a.term);
    await expect(store.recordTicks([{ job: 'fenced', tickAt: '2026-02-02T00:00:00.000Z', runId: null, outcome: 'skipped' }], at())).rejects.toBeInstanceOf(FencedOutError);
    await other.recordTicks([{ job: 'fenced', tickAt: '2026-02-03T00:00:00.000Z', runId: null, outcome: 'skipped' }], at());
    expect(await store.lastTick('fenced')).toBe('2026-02-03T00:00:00.000Z');
    await a.stop();
    await b.stop();
  });

  it('hands the lease over at once when the leader stops', async () => {
    const a = new LeaderElection({ store, candidate: 'x', ttlMs: 60_000 });
    const b = new LeaderElection({ store: other, candidate: 'y', ttlMs: 60_000 });
    await a.step();
    await b.step();
    expect([a.isLeader, b.isLeader]).toEqual([true, false]);
    await a.stop();
    await b.step();
    expect(b.isLeader).toBe(true);
    await b.stop();
  });
});
