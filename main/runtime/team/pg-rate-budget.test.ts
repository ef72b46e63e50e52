import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgRateBudget } from './pg-rate-budget';
import { PgRunStore } from './pg-store';
import { teamTestDb, type TeamTestDb } from './team-test-support';
import { sourceBudgets } from '../rate-budget';

let db: TeamTestDb;
let store: PgRunStore;

beforeAll(async () => {
  db = await teamTestDb('budget');
  store = await PgRunStore.open({ pool: db.pool, schema: db.schema, location: 'test', ownsPool: false });
}, 60_000);
afterAll(async () => {
  await db?.drop();
});

describe('PostgreSQL-shared request budget', () => {
  it('three hosts drawing from one bucket together get burst + rate * time, not three times it', async () => {
    const budgets = { ...sourceBudgets, alpaca: { perSecond: 10, burst: 5 } };
    const hosts = await Promise.all([1, 2, 3].map(() => createPgRateBudget(store, budgets)));
    const times: number[] = [];
    const t0 = Date.now();
    await Promise.all(hosts.map(async (h) => {
      for (let i = 0; i < 10; i++) {
        await h.acquire('alpaca');
        times.push(Date.now() - t0);
      }
    }));
    // 30 tokens: 5 at once, 25 refilled at 10/s, so the last needs at least ~2.5 s of refill.
    times.sort((a, b) => a - b);
    expect(times[29]!).toBeGreaterThanOrEqual(2_300);
    // In any 1-second window no more than burst + rate = 15 were granted.
    for (const start of times) expect(times.filter((t) => t >= start && t < start + 1_000).length).toBeLessThanOrEqual(15);
    const { rows } = await db.pool.query(`SELECT granted FROM "${db.schema}".rate_buckets WHERE source = 'alpaca'`);
    expect(Number(rows[0].granted)).toBe(30);
    expect(hosts.reduce((n, h) => n + h.granted('alpaca'), 0)).toBe(30);
    for (const h of hosts) h.close();
  }, 30_000);

  it('rejects a request larger than the burst and honours abort', async () => {
    const b = await createPgRateBudget(store, { ...sourceBudgets, reddit: { perSecond: 0.1, burst: 1 } });
    await expect(b.acquire('reddit', 2)).rejects.toThrow(/cannot be met/);
    await b.acquire('reddit');
    const ctl = new AbortController();
    const waiting = b.acquire('reddit', 1, ctl.signal);
    ctl.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    b.close();
  });
});
