/**
 * `publish postgres` against a real PostgreSQL: a unique schema per run, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuck } from '../main/duck/duck';
import { openLake, type Lake } from '../main/lake/index';
import { buildModels } from '../main/models/build';
import { tradesValuesSql } from '../main/models/fixtures';
import { seedLakeFromFixtures } from '../main/models/lake-fixtures';
import { publishPostgres } from '../main/serving/postgres/publish';
import { runCli } from '../main/cli/run-cli';
import { skipWithoutPostgres, startTestPostgres, type TestPostgres } from './models-pg-support';

const server = await startTestPostgres();
const skip = skipWithoutPostgres(server);

describe.skipIf(skip)('publish gold to PostgreSQL', () => {
  const schema = `fde_test_${randomBytes(4).toString('hex')}`;
  let dir: string;
  let lake: Lake;
  let client: pg.Client;
  const pgs = server as TestPostgres;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fde-models-pg-'));
    lake = await openLake(dir);
    await seedLakeFromFixtures(lake);
    const r = await buildModels({ lake, threads: 2 });
    expect(r.ok).toBe(true);
    client = new pg.Client({ connectionString: pgs.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await client?.end();
    await pgs.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('publishes every gold table with the same rows, then only what changed', async () => {
    const first = await publishPostgres({ lake, url: pgs.url, schema });
    expect(first.length).toBe(7);
    expect(first.every((t) => t.status === 'published')).toBe(true);
    for (const t of first) {
      const res = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${t.table}`);
      expect(Number(res.rows[0]?.n), t.table).toBe(t.rows);
      expect(t.rows, t.table).toBeGreaterThan(0);
    }
    const bar = await client.query(`SELECT open, high, low, close, volume::int AS volume, vwap, to_char(minute AT TIME ZONE 'UTC', 'HH24:MI') AS m FROM ${schema}.fact_bars_1m ORDER BY minute LIMIT 1`);
    expect(bar.rows[0]).toEqual({ open: 100, high: 101, low: 99.5, close: 100.5, volume: 100, vwap: 100.25, m: '14:30' });

    // Idempotent: nothing changed, nothing re-published (state table tracks the Delta version).
    const again = await publishPostgres({ lake, url: pgs.url, schema });
    expect(again.every((t) => t.status === 'unchanged')).toBe(true);

    // A late trade changes the intraday facts only.
    const duck = await openDuck({ threads: 1 });
    await (await lake.openTable('bronze', 'alpaca_trades'))?.append(
      { duck, sql: tradesValuesSql([{ symbol: 'AAPL', trade_id: 50, exchange: 'V', price: 120, size: 10, ts: '2024-03-04 14:31:10', batch_id: 'late' }]) },
      { txn: { appId: 'pg-late', version: 1 } },
    );
    duck.close();
    expect((await buildModels({ lake, threads: 2 })).ok).toBe(true);
    const third = await publishPostgres({ lake, url: pgs.url, schema });
    const changed = third.filter((t) => t.status === 'published').map((t) => t.table.split('.')[1]).sort();
    expect(changed).toContain('fact_bars_1m');
    expect(changed).not.toContain('fact_sentiment_daily');
    expect(changed).not.toContain('dim_symbol');
    const high = await client.query(`SELECT high FROM ${schema}.fact_bars_1m WHERE to_char(minute AT TIME ZONE 'UTC', 'HH24:MI') = '14:31'`);
    expect(high.rows[0]).toEqual({ high: 120 });
    const state = await client.query(`SELECT count(*)::int AS n FROM ${schema}._fde_publish`);
    expect(state.rows[0]).toEqual({ n: 7 });
  });

  it('a reader never sees a half-loaded table: it reads the old or the new version', async () => {
    const reader = new pg.Client({ connectionString: pgs.url });
    await reader.connect();
    try {
      const before = await reader.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.fact_bars_1d`);
      // Hold a read lock in a transaction: the publisher's swap must wait for it, not break it.
      await reader.query('BEGIN');
      const inTx = await reader.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.fact_bars_1d`);
      const publishing = publishPostgres({ lake, url: pgs.url, schema, tables: ['fact_bars_1d'], force: true });
      await new Promise((r) => setTimeout(r, 300));
      const during = await reader.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.fact_bars_1d`);
      await reader.query('COMMIT');
      const [res] = await publishing;
      expect(res?.status).toBe('published');
      const after = await reader.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.fact_bars_1d`);
      expect(inTx.rows[0]?.n).toBe(before.rows[0]?.n);
      expect(during.rows[0]?.n).toBe(before.rows[0]?.n);
      expect(after.rows[0]?.n).toBe(res?.rows);
    } finally {
      await reader.end();
    }
  });

  it('the CLI publishes and reports unchanged tables on a re-run', async () => {
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => {
      out.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      const code = await runCli(['publish', 'postgres', '--url', pgs.url, '--lake', dir, '--schema', schema, '--json']);
      expect(code).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    const doc = JSON.parse(out.join('')) as { tables: Array<{ status: string }> };
    expect(doc.tables.length).toBe(7);
    expect(doc.tables.every((t) => t.status === 'unchanged')).toBe(true);
  });
});
