import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, rm, utimes, writeFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { openDuck, type Duck } from '../duck/duck';
import { openLake, openTablePath, type LakeTable } from './index';
import { history, vacuum } from './maintenance';
import { writeCheckpoint } from './delta/checkpoint-write';
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

const spec = {
  layer: 'silver' as const,
  name: 'events',
  columns: [
    { name: 'id', type: 'long' as const },
    { name: 'kind', type: 'string' as const },
  ],
  partitionBy: ['kind'],
};

describe('checkpoints', () => {
  it('writes a checkpoint every 10 commits that DuckDB and this reader accept', async () => {
    const lake = await openLake(path.join(root.dir, 'c1'));
    const t = await lake.ensureTable(spec);
    for (let i = 0; i < 23; i++) {
      await t.append({ duck, sql: `SELECT ${i}::BIGINT AS id, 'k${i % 3}' AS kind` }, { txn: { appId: 'app', version: i } });
    }
    await t.overwrite({ duck, sql: `SELECT 100::BIGINT AS id, 'k0' AS kind` });
    const logDir = path.join(root.dir, 'c1/silver/events/_delta_log');
    const names = await readdir(logDir);
    expect(names.filter((n) => n.includes('checkpoint')).sort()).toEqual([
      '00000000000000000010.checkpoint.parquet',
      '00000000000000000020.checkpoint.parquet',
      '_last_checkpoint',
    ]);
    expect(JSON.parse(await readFile(path.join(logDir, '_last_checkpoint'), 'utf8'))).toMatchObject({ version: 20, numOfAddFiles: 20 });

    // DuckDB's parquet reader with the checkpoint schema.
    const ck = path.join(logDir, '00000000000000000020.checkpoint.parquet');
    const desc = await duck.all<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM read_parquet('${ck}')`);
    expect(desc.map((d) => d.column_name)).toEqual(['protocol', 'metaData', 'txn', 'add', 'remove']);
    expect(desc.find((d) => d.column_name === 'add')?.column_type).toContain('partitionValues MAP(VARCHAR, VARCHAR)');
    const counts = await duck.all<{ adds: bigint; txns: bigint; p: number }>(
      `SELECT count(add) AS adds, count(txn) AS txns, max(protocol.minWriterVersion) AS p FROM read_parquet('${ck}')`,
    );
    expect(counts[0]).toEqual({ adds: 20n, txns: 1n, p: 2 });
    const pv = await duck.all<{ k: string }>(`SELECT add.partitionValues['kind'] AS k FROM read_parquet('${ck}') WHERE add IS NOT NULL LIMIT 1`);
    expect(pv[0]?.k).toMatch(/^k[012]$/);

    // Same state from checkpoint+JSON as from JSON only.
    const withCkpt = await t.snapshot();
    expect(withCkpt.version).toBe(24);
    const full = await (await openTablePath(path.join(root.dir, 'c1/silver/events'))).state();
    expect(full.checkpointVersion).toBe(20);
    for (const n of names.filter((x) => x.includes('checkpoint'))) await rm(path.join(logDir, n));
    const replayed = await (await openTablePath(path.join(root.dir, 'c1/silver/events'))).snapshot();
    expect(replayed.files.map((f) => f.path).sort()).toEqual(withCkpt.files.map((f) => f.path).sort());
    expect(replayed.appTxns).toEqual({ app: 22 });
    expect(withCkpt.appTxns).toEqual({ app: 22 });
    expect(withCkpt.numRecords).toBe(replayed.numRecords);
  });

  it('ignores an empty or stale _last_checkpoint and finds the newest checkpoint by listing', async () => {
    const lake = await openLake(path.join(root.dir, 'c2'));
    const t = await lake.ensureTable(spec);
    for (let i = 0; i < 12; i++) await t.append({ duck, sql: `SELECT ${i}::BIGINT AS id, 'a' AS kind` });
    const logDir = path.join(root.dir, 'c2/silver/events/_delta_log');
    // Fresh handles: a table handle caches its state and would not re-read the checkpoint.
    const fresh = (): Promise<LakeTable> => openTablePath(path.join(root.dir, 'c2/silver/events'));
    await writeFile(path.join(logDir, '_last_checkpoint'), '');
    expect((await (await fresh()).state()).checkpointVersion).toBe(10);
    await writeFile(path.join(logDir, '_last_checkpoint'), JSON.stringify({ version: 3, size: 4 }));
    const s = await (await fresh()).state();
    expect(s.checkpointVersion).toBe(10);
    expect(s.version).toBe(12);
    // A manual checkpoint at the latest version.
    const lt = await lake.openTable('silver', 'events');
    if (!lt) throw new Error('missing');
    expect(await writeCheckpoint(lt)).toMatchObject({ version: 12 });
    expect((await (await fresh()).state()).checkpointVersion).toBe(12);
  });
});

describe('cached table state', () => {
  it('a handle replays only newer commits, including ones from other writers', async () => {
    const dir = path.join(root.dir, 'cache');
    const mine = await (await openLake(dir)).ensureTable(spec);
    for (let i = 0; i < 11; i++) await mine.append({ duck, sql: `SELECT ${i}::BIGINT AS id, 'a' AS kind` });
    const before = await mine.state();
    expect(before.version).toBe(11);
    const other = await (await openLake(dir)).ensureTable(spec);
    await other.append({ duck, sql: `SELECT 99::BIGINT AS id, 'b' AS kind` });
    await other.overwrite({ duck, sql: `SELECT 100::BIGINT AS id, 'a' AS kind` });
    const after = await mine.snapshot();
    expect(after.version).toBe(13);
    expect(after.numRecords).toBe(2);
    const fresh = await (await openTablePath(path.join(dir, 'silver/events'))).snapshot();
    expect(after.files.map((f) => f.path).sort()).toEqual(fresh.files.map((f) => f.path).sort());
    // The cached base is never mutated by later reads.
    expect(before.files.size).toBe(11);
  });
});

describe('multi-part checkpoints', () => {
  it('reads a complete multi-part checkpoint and ignores an incomplete one', async () => {
    const lake = await openLake(path.join(root.dir, 'mp'));
    const t = await lake.ensureTable(spec);
    for (let i = 0; i < 12; i++) await t.append({ duck, sql: `SELECT ${i}::BIGINT AS id, 'k${i % 2}' AS kind` }, { txn: { appId: 'm', version: i } });
    const logDir = path.join(root.dir, 'mp/silver/events/_delta_log');
    const single = path.join(logDir, '00000000000000000010.checkpoint.parquet');
    const part = (i: number): string => path.join(logDir, `00000000000000000010.checkpoint.000000000${i}.0000000002.parquet`);
    // Split the classic checkpoint into two parts, as Spark does for large tables.
    await duck.run(`COPY (SELECT * FROM read_parquet('${single}') WHERE add IS NULL OR add.path < 'kind=k1') TO '${part(1)}' (FORMAT parquet)`);
    await duck.run(`COPY (SELECT * FROM read_parquet('${single}') WHERE add IS NOT NULL AND add.path >= 'kind=k1') TO '${part(2)}' (FORMAT parquet)`);
    const expected = await t.snapshot();
    await rm(single);
    await rm(path.join(logDir, '_last_checkpoint'));
    // Hide commits 0..10 so only the checkpoint can produce the state.
    for (let v = 0; v <= 10; v++) await rm(path.join(logDir, `${String(v).padStart(20, '0')}.json`));
    const fresh = await openTablePath(path.join(root.dir, 'mp/silver/events'));
    const s = await fresh.state();
    expect(s.checkpointVersion).toBe(10);
    const got = await fresh.snapshot();
    expect(got.files.map((f) => f.path).sort()).toEqual(expected.files.map((f) => f.path).sort());
    expect(got.appTxns).toEqual({ m: 11 });
    await rm(part(2));
    await expect((await openTablePath(path.join(root.dir, 'mp/silver/events'))).state()).rejects.toThrow(/log has no commit 0 and no checkpoint to start from/);
  });
});

describe('time travel and history', () => {
  it('reads by version and by timestamp', async () => {
    const lake = await openLake(path.join(root.dir, 't1'));
    const t = await lake.ensureTable(spec);
    for (let i = 0; i < 3; i++) await t.append({ duck, sql: `SELECT ${i}::BIGINT AS id, 'a' AS kind` });
    const logDir = path.join(root.dir, 't1/silver/events/_delta_log');
    const base = Date.UTC(2024, 0, 1);
    for (let v = 0; v <= 3; v++) {
      const f = path.join(logDir, `${String(v).padStart(20, '0')}.json`);
      await utimes(f, new Date(base + v * 60_000), new Date(base + v * 60_000));
    }
    expect((await t.snapshot({ version: 1 })).numRecords).toBe(1);
    expect((await t.snapshot({ timestamp: base + 2 * 60_000 + 30_000 })).version).toBe(2);
    expect((await t.snapshot({ timestamp: base + 2 * 60_000 })).version).toBe(2);
    await expect(t.snapshot({ timestamp: base - 1 })).rejects.toThrow(/no version at or before 2023-12-31T23:59:59.999Z/);
    const h = await history(lake.table('silver', 'events'));
    expect(h.map((e) => [e.version, e.operation])).toEqual([
      [3, 'WRITE'],
      [2, 'WRITE'],
      [1, 'WRITE'],
      [0, 'CREATE TABLE'],
    ]);
    expect(h[0]).toMatchObject({ readVersion: 2, isBlindAppend: true, operationMetrics: { numFiles: '1', numOutputRows: '1' } });
  });
});

describe('vacuum', () => {
  it('dry-runs by default, keeps recent files, deletes old unreferenced ones', async () => {
    const lake = await openLake(path.join(root.dir, 'v1'));
    const t = await lake.ensureTable(spec);
    await t.append({ duck, sql: `SELECT 1::BIGINT AS id, 'a' AS kind` });
    await t.overwrite({ duck, sql: `SELECT 2::BIGINT AS id, 'a' AS kind` });
    const table = lake.table('silver', 'events');
    expect((await vacuum(table)).files).toEqual([]);
    await expect(vacuum(table, { retentionMs: 3600_000 })).rejects.toThrow(/below the 168h safety minimum/);
    const later = Date.now() + 8 * 24 * 3600_000;
    const dry = await vacuum(table, { now: later });
    expect(dry.dryRun).toBe(true);
    expect(dry.files).toHaveLength(1);
    const victim = path.join(root.dir, 'v1/silver/events', dry.files[0]?.path ?? '');
    expect((await stat(victim)).isFile()).toBe(true);
    const real = await vacuum(table, { now: later, dryRun: false });
    expect(real.files).toHaveLength(1);
    await expect(stat(victim)).rejects.toThrow();
    await lake.attach(duck);
    expect(await duck.all('SELECT id FROM silver.events')).toEqual([{ id: 2n }]);
  });
});
