/**
 * The model layer against a real local lake (Delta tables): idempotent rebuilds, exactly-once
 * bronze, late-arriving trades, artifacts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuck } from '../main/duck/duck';
import { openLake, type Lake } from '../main/lake/index';
import { buildModels } from '../main/models/build';
import { contentHash } from '../main/models/content-hash';
import { tradesValuesSql } from '../main/models/fixtures';
import { seedLakeFromFixtures } from '../main/models/lake-fixtures';

const GOLD = ['dim_symbol', 'dim_date', 'fact_bars_1m', 'fact_bars_1d', 'fact_realized_vol_daily', 'fact_sentiment_daily', 'mart_sentiment_volatility'];

async function versions(lake: Lake): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of await lake.listTables()) if (t.layer === 'silver' || t.layer === 'gold') out[t.id] = t.version;
  return out;
}

async function goldHashes(lake: Lake): Promise<Record<string, string>> {
  const duck = await openDuck({ threads: 2 });
  try {
    await lake.attach(duck);
    const out: Record<string, string> = {};
    for (const g of GOLD) out[g] = await contentHash(duck, `gold.${g}`);
    return out;
  } finally {
    duck.close();
  }
}

describe('models on a local lake', () => {
  let dir: string;
  let lake: Lake;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fde-models-lake-'));
    lake = await openLake(dir);
    await seedLakeFromFixtures(lake);
  });
  afterAll(async () => {
    await lake?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('builds, then rebuilds to identical gold without new versions; re-ingesting the same bronze changes nothing', async () => {
    const r1 = await buildModels({ lake, threads: 2 });
    expect(r1.ok).toBe(true);
    const h1 = await goldHashes(lake);
    for (const g of GOLD) expect(h1[g], g).not.toMatch(/^0:/);
    const v1 = await versions(lake);

    const r2 = await buildModels({ lake, threads: 2 });
    expect(r2.ok).toBe(true);
    expect(r2.models.filter((m) => m.materialized !== 'view').every((m) => m.status === 'up_to_date')).toBe(true);
    expect(await versions(lake)).toEqual(v1);
    expect(await goldHashes(lake)).toEqual(h1);

    // The same bronze batch again: its txn marker makes the append a no-op, so nothing downstream moves.
    await seedLakeFromFixtures(lake, 1);
    const r3 = await buildModels({ lake, threads: 2 });
    expect(r3.models.filter((m) => m.materialized !== 'view').every((m) => m.status === 'up_to_date')).toBe(true);
    expect(await versions(lake)).toEqual(v1);
    expect(await goldHashes(lake)).toEqual(h1);
  });

  it('a new bronze batch that only repeats known trades creates no new versions downstream', async () => {
    const before = await versions(lake);
    const duck = await openDuck({ threads: 1 });
    await (await lake.openTable('bronze', 'alpaca_trades'))?.append(
      { duck, sql: tradesValuesSql([{ symbol: 'AAPL', trade_id: 3, exchange: 'P', price: 99.5, size: 30, ts: '2024-03-04 14:30:30', received_at: '2024-03-04 18:00:00', batch_id: 'replay' }]) },
      { txn: { appId: 'replay-test', version: 1 } },
    );
    duck.close();
    const r = await buildModels({ lake, threads: 2 });
    expect(r.ok).toBe(true);
    expect(r.models.find((m) => m.model === 'trades')?.message).toMatch(/no change/);
    expect(await versions(lake)).toEqual(before);
  });

  it('late-arriving trades update the right bars through the incremental merge', async () => {
    const before = await versions(lake);
    const duck = await openDuck({ threads: 1 });
    const trades = await lake.openTable('bronze', 'alpaca_trades');
    await trades?.append(
      { duck, sql: tradesValuesSql([{ symbol: 'AAPL', trade_id: 11, exchange: 'V', price: 110, size: 100, ts: '2024-03-04 14:30:45', received_at: '2024-03-04 16:00:00', batch_id: 'late' }]) },
      { txn: { appId: 'late-test', version: 1 } },
    );
    duck.close();
    const r = await buildModels({ lake, threads: 2 });
    expect(r.ok).toBe(true);
    const status = Object.fromEntries(r.models.map((m) => [m.model, m.status]));
    expect(status.trades).toBe('success');
    expect(status.fact_bars_1m).toBe('success');
    expect(status.fact_sentiment_daily).toBe('up_to_date');
    const after = await versions(lake);
    expect(after['gold.fact_bars_1m']).toBe((before['gold.fact_bars_1m'] ?? 0) + 1);
    expect(after['gold.fact_sentiment_daily']).toBe(before['gold.fact_sentiment_daily']);
    // dim_symbol re-read its inputs but the snapshot had no changes: no new version.
    expect(after['gold.dim_symbol']).toBe(before['gold.dim_symbol']);

    const q = await openDuck({ threads: 1 });
    await lake.attach(q);
    const bars = await q.all<{ m: string; high: number; volume: bigint }>(`SELECT strftime(minute, '%H:%M') AS m, high, volume FROM gold.fact_bars_1m ORDER BY minute`);
    expect(bars).toEqual([
      { m: '14:30', high: 110, volume: 200n },
      { m: '14:31', high: 102.5, volume: 30n },
      { m: '14:35', high: 104, volume: 4n },
    ]);
    // Artifacts: run history, check history and the manifest (lineage).
    const runs = await q.all<{ n: bigint }>(`SELECT count(DISTINCT run_id) AS n FROM meta.run_results`);
    expect(Number(runs[0]?.n)).toBe(5);
    const checks = await q.all<{ n: bigint }>(`SELECT count(*) AS n FROM meta.check_results WHERE check_id = 'trades.row_count_anomaly'`);
    expect(Number(checks[0]?.n)).toBe(5);
    const lineage = await q.all<{ depends_on: string }>(`SELECT depends_on FROM meta.manifest WHERE id = 'gold.fact_bars_1m'`);
    expect(JSON.parse(lineage[0]?.depends_on ?? '[]')).toEqual(['silver.bars_1m']);
    q.close();
  });
});
