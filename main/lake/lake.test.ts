import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { openDuck, type Duck } from '../duck/duck';
import { openLake } from './index';
import { tempDir } from './test-support/temp';

let duck: Duck;
let root: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  duck = await openDuck({ threads: 2 });
  root = await tempDir();
});
afterAll(async () => {
  duck.close();
  await root.cleanup();
});

const tradesSpec = {
  layer: 'bronze' as const,
  name: 'trades',
  columns: [
    { name: 'symbol', type: 'string' as const, nullable: false },
    { name: 'ts', type: 'timestamp' as const },
    { name: 'price', type: 'decimal(18,4)' as const },
    { name: 'size', type: 'long' as const },
    { name: 'day', type: 'date' as const },
  ],
  partitionBy: ['day'],
};

describe('local lake', () => {
  it('creates a table with protocol and Spark schema', async () => {
    const lake = await openLake(path.join(root.dir, 'l1'));
    const t = await lake.ensureTable(tradesSpec);
    const snap = await t.snapshot();
    expect(snap.version).toBe(0);
    expect(snap.files).toEqual([]);
    expect(snap.partitionBy).toEqual(['day']);
    expect(snap.columns.map((c) => c.name)).toEqual(['symbol', 'ts', 'price', 'size', 'day']);
    const commit0 = await readFile(path.join(root.dir, 'l1/bronze/trades/_delta_log/00000000000000000000.json'), 'utf8');
    const lines = commit0.trim().split('\n').map((l) => JSON.parse(l) as Record<string, Record<string, unknown>>);
    expect(lines.find((l) => l.protocol)?.protocol).toEqual({ minReaderVersion: 1, minWriterVersion: 2 });
    const meta = lines.find((l) => l.metaData)?.metaData as { schemaString: string; partitionColumns: string[] };
    expect(JSON.parse(meta.schemaString).fields[2]).toEqual({ name: 'price', type: 'decimal(18,4)', nullable: true, metadata: {} });
    // ensureTable again is a no-op
    await lake.ensureTable(tradesSpec);
    expect((await t.snapshot()).version).toBe(0);
  });

  it('appends partitioned data with stats, partition columns only in the log', async () => {
    const lake = await openLake(path.join(root.dir, 'l2'));
    const t = await lake.ensureTable(tradesSpec);
    const res = await t.append({
      duck,
      sql: `SELECT 'S' || (i % 3) AS symbol, TIMESTAMPTZ '2024-01-01 00:00:00+00' + INTERVAL (i) MINUTE AS ts,
              (i * 1.5)::DECIMAL(18,4) AS price, i::BIGINT * 1000000000000 AS size, DATE '2024-01-01' + (i % 2)::INT AS day
            FROM range(100) r(i)`,
    });
    expect(res).toMatchObject({ committed: true, version: 1, addedFiles: 2, addedRows: 100 });
    const snap = await t.snapshot();
    expect(snap.numRecords).toBe(100);
    expect(snap.files.map((f) => f.partitionValues.day).sort()).toEqual(['2024-01-01', '2024-01-02']);
    const f = snap.files.find((x) => x.partitionValues.day === '2024-01-01');
    expect(f?.stats?.nullCount).toMatchObject({ symbol: 0, ts: 0 });
    expect(f?.stats?.minValues).toMatchObject({ symbol: 'S0', price: 0, ts: '2024-01-01T00:00:00.000Z' });
    expect(f?.stats?.maxValues).toMatchObject({ symbol: 'S2', price: 147 });
    const cols = await duck.all<{ name: string }>(`SELECT name FROM parquet_schema('${f?.localPath}')`);
    expect(cols.map((c) => c.name)).not.toContain('day');
    expect(f?.path).toMatch(/^day=2024-01-01\/part-00000-[0-9a-f-]+-c000\.snappy\.parquet$/);
  });

  it('attaches views with partition values from the log and exact types', async () => {
    const lake = await openLake(path.join(root.dir, 'l2'));
    const ids = await lake.attach(duck);
    expect(ids).toEqual(['bronze.trades']);
    const rows = await duck.json(`SELECT day, count(*) AS n, sum(size) AS s, max(price) AS p FROM bronze.trades GROUP BY day ORDER BY day`);
    expect(rows.rows).toEqual([
      { day: '2024-01-01', n: '50', s: String(2450n * 1000000000000n), p: '147.0000' },
      { day: '2024-01-02', n: '50', s: String(2500n * 1000000000000n), p: '148.5000' },
    ]);
    const bare = await duck.all<{ n: bigint }>(`SELECT count(*) AS n FROM trades`);
    expect(bare[0]?.n).toBe(100n);
  });

  it('empty tables expose typed columns', async () => {
    const lake = await openLake(path.join(root.dir, 'l3'));
    await lake.ensureTable({ layer: 'meta', name: 'runs', columns: [{ name: 'id', type: 'long' }, { name: 'at', type: 'timestamp' }] });
    await lake.attach(duck);
    const d = await duck.all<{ column_name: string; column_type: string }>(`DESCRIBE meta.runs`);
    expect(d.map((r) => [r.column_name, r.column_type])).toEqual([
      ['id', 'BIGINT'],
      ['at', 'TIMESTAMP WITH TIME ZONE'],
    ]);
    expect(await duck.all(`SELECT * FROM meta.runs`)).toEqual([]);
  });

  it('overwrite replaces only the partitions in the new data (dynamic) or all', async () => {
    const lake = await openLake(path.join(root.dir, 'l4'));
    const t = await lake.ensureTable({ layer: 'silver', name: 'p', columns: [{ name: 'k', type: 'string' }, { name: 'v', type: 'integer' }], partitionBy: ['k'] });
    await t.append({ duck, sql: `SELECT * FROM (VALUES ('a', 1), ('b', 2), (NULL, 3)) t(k, v)` });
    await t.overwrite({ duck, sql: `SELECT 'a' AS k, 10 AS v` });
    await lake.attach(duck);
    expect(await duck.all(`SELECT k, v FROM silver.p ORDER BY v`)).toEqual([
      { k: 'b', v: 2 },
      { k: null, v: 3 },
      { k: 'a', v: 10 },
    ]);
    const r = await t.overwrite({ duck, sql: `SELECT 'c' AS k, 7 AS v` }, { partitions: 'all' });
    expect(r.version).toBe(3);
    await lake.attach(duck);
    expect(await duck.all(`SELECT k, v FROM silver.p`)).toEqual([{ k: 'c', v: 7 }]);
    const log = await readdir(path.join(root.dir, 'l4/silver/p/_delta_log'));
    expect(log.filter((n) => n.endsWith('.json'))).toHaveLength(4);
  });

  it('txn markers apply a batch exactly once', async () => {
    const lake = await openLake(path.join(root.dir, 'l5'));
    const t = await lake.ensureTable({ layer: 'bronze', name: 'b', columns: [{ name: 'x', type: 'integer' }] });
    const a = await t.append({ duck, sql: 'SELECT 1 AS x' }, { txn: { appId: 'ing', version: 1 } });
    const b = await t.append({ duck, sql: 'SELECT 1 AS x' }, { txn: { appId: 'ing', version: 1 } });
    const c = await t.append({ duck, sql: 'SELECT 2 AS x' }, { txn: { appId: 'ing', version: 2 } });
    expect([a.committed, b.committed, c.committed]).toEqual([true, false, true]);
    const snap = await t.snapshot();
    expect(snap.appTxns).toEqual({ ing: 2 });
    expect(snap.numRecords).toBe(2);
  });

  it('refuses rows that break the schema and names the table', async () => {
    const lake = await openLake(path.join(root.dir, 'l6'));
    const t = await lake.ensureTable(tradesSpec);
    await expect(t.append({ duck, sql: `SELECT NULL::VARCHAR AS symbol, DATE '2024-01-01' AS day` })).rejects.toThrow(/bronze.trades: column 'symbol' is not nullable/);
    await expect(t.append({ duck, sql: `SELECT 'x' AS symbol, 1 AS bogus, DATE '2024-01-01' AS day` })).rejects.toThrow(/not in the table schema: bogus/);
    expect((await t.snapshot()).version).toBe(0);
  });

  it('evolves the schema with new nullable columns and refuses incompatible changes', async () => {
    const lake = await openLake(path.join(root.dir, 'l7'));
    const t = await lake.ensureTable({ layer: 'gold', name: 'g', columns: [{ name: 'a', type: 'integer' }] });
    await t.append({ duck, sql: 'SELECT 1 AS a' });
    await lake.ensureTable({ layer: 'gold', name: 'g', columns: [{ name: 'a', type: 'integer' }, { name: 'b', type: 'string' }] });
    await t.append({ duck, sql: `SELECT 2 AS a, 'two' AS b` });
    await lake.attach(duck);
    expect(await duck.all('SELECT a, b FROM gold.g ORDER BY a')).toEqual([{ a: 1, b: null }, { a: 2, b: 'two' }]);
    await expect(lake.ensureTable({ layer: 'gold', name: 'g', columns: [{ name: 'a', type: 'long' }, { name: 'b', type: 'string' }] })).rejects.toThrow(/column 'a' is "integer" in the table but "long"/);
    await expect(lake.ensureTable({ layer: 'gold', name: 'g', columns: [{ name: 'a', type: 'integer' }, { name: 'b', type: 'string' }, { name: 'c', type: 'string', nullable: false }] })).rejects.toThrow(/must be nullable/);
    await expect(lake.ensureTable({ layer: 'gold', name: 'g', columns: [{ name: 'b', type: 'string' }] })).rejects.toThrow(/drops column/);
  });

  it('lists tables', async () => {
    const lake = await openLake(path.join(root.dir, 'l2'));
    const tables = await lake.listTables();
    expect(tables).toEqual([{ id: 'bronze.trades', layer: 'bronze', name: 'trades', version: 1, numFiles: 2, numRecords: 100 }]);
  });

  it('round-trips timestamp and awkward string partition values (ISO UTC in the log, escaped paths)', async () => {
    const lake = await openLake(path.join(root.dir, 'l8'));
    const t = await lake.ensureTable({ layer: 'bronze', name: 'odd', columns: [{ name: 'at', type: 'timestamp' }, { name: 's', type: 'string' }, { name: 'v', type: 'integer' }], partitionBy: ['at', 's'] });
    await t.append({ duck, sql: `SELECT * FROM (VALUES (TIMESTAMPTZ '2024-03-01 12:34:56.789012+00', 'a/b=c %20 d', 1), (TIMESTAMPTZ '1969-12-31 23:59:59+00', 'NULL', 2), (NULL, NULL, 3)) x("at", s, v)` });
    const snap = await t.snapshot();
    const pv = snap.files.map((f) => f.partitionValues);
    expect(pv).toHaveLength(3);
    expect(pv).toEqual(expect.arrayContaining([
      { at: '1969-12-31T23:59:59.000000Z', s: 'NULL' },
      { at: '2024-03-01T12:34:56.789012Z', s: 'a/b=c %20 d' },
      { at: null, s: null },
    ]));
    const odd = snap.files.find((f) => f.partitionValues.s === 'a/b=c %20 d');
    expect(odd?.path).toMatch(/^at=2024-03-01T12%253A34%253A56.789012Z\/s=a%252Fb%253Dc%20%252520%20d\/part-/);
    await lake.attach(duck);
    const rows = await duck.json(`SELECT CAST("at" AS VARCHAR) AS "at", s, v FROM bronze.odd ORDER BY v`);
    await duck.run(`SET TimeZone = 'UTC'`);
    const utc = await duck.json(`SELECT strftime("at", '%Y-%m-%d %H:%M:%S.%f') AS "at", s, v FROM bronze.odd ORDER BY v`);
    expect(utc.rows).toEqual([
      { at: '2024-03-01 12:34:56.789012', s: 'a/b=c %20 d', v: 1 },
      { at: '1969-12-31 23:59:59.000000', s: 'NULL', v: 2 },
      { at: null, s: null, v: 3 },
    ]);
    expect(rows.rows).toHaveLength(3);
  });

  it('drops a bare alias once the name becomes ambiguous across layers', async () => {
    const lake = await openLake(path.join(root.dir, 'l9'));
    await lake.ensureTable({ layer: 'bronze', name: 'dup', columns: [{ name: 'a', type: 'integer' }] });
    await lake.attach(duck);
    expect(await duck.all('SELECT * FROM dup')).toEqual([]);
    await lake.ensureTable({ layer: 'silver', name: 'dup', columns: [{ name: 'b', type: 'integer' }] });
    expect(await lake.attach(duck)).toEqual(['bronze.dup', 'silver.dup']);
    await expect(duck.all('SELECT * FROM dup')).rejects.toThrow(/dup/);
    expect(await duck.all('SELECT * FROM silver.dup')).toEqual([]);
  });
});
