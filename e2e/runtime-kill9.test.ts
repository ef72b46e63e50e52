/**
 * kill -9 of the process running a backfill and of one building models, then resume: the lake
 * ends with the same rows as an uninterrupted run, and the killed runs show as interrupted.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { copyOfDemoLake } from './helpers/demo-lake';
import { runFde } from './helpers/run-fde';
import Database from 'better-sqlite3';
import { runStorePath } from '../main/runtime/store/location';
import { ALPACA_TABLES, emptyLake, rowCounts, runs, spawnFde, tableVersions, waitFor } from './runtime-support';

const RANGE = ['--from', '2000-12-18', '--to', '2000-12-22', '--symbols', 'MSFT,INTC'];
const FULL = ['--param', 'fullRefresh=true'];
const GOLD = ['gold.fact_bars_1d', 'gold.fact_realized_vol_daily', 'gold.fact_sentiment_daily', 'gold.mart_sentiment_volatility'];

let demo: string[] = [];
beforeAll(async () => {
  demo = [await copyOfDemoLake(), await copyOfDemoLake()];
}, 20 * 60_000);

describe('kill -9 and resume', () => {
  it('a backfill killed mid-way and re-run leaves the rows of an uninterrupted run', async () => {
    const clean = emptyLake();
    const once = runFde(['jobs', 'backfill', 'alpaca-backfill', ...RANGE, '--lake', clean]);
    expect(once.status, once.stderr).toBe(0);
    const expected = rowCounts(clean, ALPACA_TABLES);
    expect(expected['bronze.alpaca_trades']).toBeGreaterThan(0);

    const lake = emptyLake();
    const first = spawnFde(['jobs', 'backfill', 'alpaca-backfill', ...RANGE, '--lake', lake]);
    // Kill once some partition committed and others are still in flight.
    await waitFor('a finished and a running run', async () => {
      const rs = await runs(lake);
      return rs.some((r) => r.state === 'succeeded') && rs.some((r) => r.state === 'running') ? true : undefined;
    });
    first.child.kill('SIGKILL');
    await first.exited;

    const again = runFde(['jobs', 'backfill', 'alpaca-backfill', ...RANGE, '--lake', lake]);
    expect(again.status, again.stderr + again.stdout).toBe(0);
    expect(rowCounts(lake, ALPACA_TABLES)).toEqual(expected);
    const states = (await runs(lake)).map((r) => r.state);
    expect(states).toContain('interrupted');
    // Every partition done, none twice.
    const dry = runFde(['jobs', 'backfill', 'alpaca-backfill', ...RANGE, '--dry-run', '--json', '--lake', lake]);
    const plan = JSON.parse(dry.stdout) as { partitions: Array<{ state: string }> };
    expect(plan.partitions.map((p) => p.state)).toEqual(Array(10).fill('done'));
  }, 600_000);

  it('a model build killed mid-way and re-run leaves the rows of an uninterrupted build', async () => {
    const clean = demo[0]!;
    // A full refresh, so the demo lake's up-to-date models are all rebuilt and the kill lands in real work.
    expect(runFde(['jobs', 'run', 'build-models', ...FULL, '--lake', clean]).status).toBe(0);
    const expected = rowCounts(clean, GOLD);

    const lake = demo[1]!;
    const before = await tableVersions(lake);
    const first = spawnFde(['jobs', 'run', 'build-models', ...FULL, '--lake', lake]);
    await waitFor('a model committed to the lake', async () => {
      const now = await tableVersions(lake);
      return Object.keys(before).some((t) => /^(silver|gold)\./.test(t) && (now[t] ?? 0) > before[t]!) ? true : undefined;
    }, 120_000, 10);
    // Take the run store's write lock before the kill: from here the build can go on writing the
    // lake but can no longer record its run as finished, so the kill lands mid-run however fast
    // this machine is (the rest of the build takes seconds; the lock takes milliseconds).
    const lock = new Database(runStorePath(lake));
    try {
      lock.exec('BEGIN IMMEDIATE');
      const state = lock.prepare('SELECT state FROM runs').pluck().all();
      expect(state, 'the build had already finished when the first model committed').toEqual(['running']);
      first.child.kill('SIGKILL');
      await first.exited;
    } finally {
      if (lock.inTransaction) lock.exec('ROLLBACK');
      lock.close();
    }

    const again = runFde(['jobs', 'run', 'build-models', '--lake', lake]);
    expect(again.status, again.stderr).toBe(0);
    expect(rowCounts(lake, GOLD)).toEqual(expected);
    const history = await runs(lake);
    expect(history.map((r) => r.state).sort()).toEqual(['interrupted', 'succeeded']);
  }, 600_000);
});
