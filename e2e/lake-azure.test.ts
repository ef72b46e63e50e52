/** The lake on Azure Blob storage (Azurite): writes, reads, checkpoints, 4 concurrent processes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { readdir, stat, writeFile } from 'node:fs/promises';
import { BlobServiceClient, ContainerSASPermissions, StorageSharedKeyCredential, generateBlobSASQueryParameters } from '@azure/storage-blob';
import { openDuck, type Duck } from '../main/duck/duck';
import { closeLakeDuck, openLake, openTablePath } from '../main/lake/index';
import { viewSqlFor } from '../main/lake/lake';
import { parseAzureUri } from '../main/lake/storage/azure-uri';
import { tempDir } from '../main/lake/test-support/temp';
import { ROOT, spawnTs, waitExit } from './lake-support';
import { startAzurite, type Azurite } from './lake-azurite';

let azurite: Azurite;
let duck: Duck;
let cache: { dir: string; cleanup: () => Promise<void> };
const saved = { conn: process.env.AZURE_STORAGE_CONNECTION_STRING, cache: process.env.FDE_LAKE_CACHE };
beforeAll(async () => {
  azurite = await startAzurite(['lake']);
  cache = await tempDir('fde-lake-cache-');
  process.env.AZURE_STORAGE_CONNECTION_STRING = azurite.connectionString;
  process.env.FDE_LAKE_CACHE = cache.dir;
  duck = await openDuck({ threads: 2 });
});
afterAll(async () => {
  duck.close();
  await closeLakeDuck();
  await azurite.stop();
  await cache.cleanup();
  process.env.AZURE_STORAGE_CONNECTION_STRING = saved.conn;
  process.env.FDE_LAKE_CACHE = saved.cache;
  if (saved.conn === undefined) delete process.env.AZURE_STORAGE_CONNECTION_STRING;
  if (saved.cache === undefined) delete process.env.FDE_LAKE_CACHE;
});

describe('Azure lake URIs', () => {
  it('parses az://, abfss:// and https:// forms', () => {
    expect(parseAzureUri('az://lake/team/a')).toEqual({ container: 'lake', prefix: 'team/a' });
    expect(parseAzureUri('abfss://data@acct.dfs.core.windows.net/lake')).toMatchObject({ container: 'data', account: 'acct', endpoint: 'https://acct.blob.core.windows.net', prefix: 'lake' });
    expect(parseAzureUri('https://acct.blob.core.windows.net/data/lake?sv=1&sig=x')).toMatchObject({ container: 'data', account: 'acct', prefix: 'lake', sas: 'sv=1&sig=x' });
  });
});

describe('lake on Azurite', () => {
  it('writes, checkpoints, time-travels and attaches like the local lake', async () => {
    const lake = await openLake('az://lake/t1');
    const t = await lake.ensureTable({ layer: 'silver', name: 'bars', columns: [{ name: 'sym', type: 'string' }, { name: 'px', type: 'decimal(12,4)' }, { name: 'n', type: 'long' }], partitionBy: ['sym'] });
    for (let i = 0; i < 11; i++) {
      await t.append({ duck, sql: `SELECT CASE WHEN range % 2 = 0 THEN 'AAPL' ELSE 'MSFT' END AS sym, (range / 7)::DECIMAL(12,4) AS px, ${i}::BIGINT * 9007199254740993 AS n FROM range(3)` }, { txn: { appId: 'bars', version: i } });
    }
    expect((await t.append({ duck, sql: `SELECT 'X' AS sym, 1 AS px, 1 AS n` }, { txn: { appId: 'bars', version: 4 } })).committed).toBe(false);
    // A fresh handle (a handle caches its state) must start from the checkpoint written at 10.
    const state = await (await openTablePath('az://lake/t1/silver/bars')).state();
    expect(state.version).toBe(11);
    expect(state.checkpointVersion).toBe(10);
    await lake.attach(duck);
    const r = await duck.json(`SELECT sym, count(*) AS c, max(n) AS n FROM silver.bars GROUP BY sym ORDER BY sym`);
    expect(r.rows).toEqual([
      { sym: 'AAPL', c: '22', n: String(10n * 9007199254740993n) },
      { sym: 'MSFT', c: '11', n: String(10n * 9007199254740993n) },
    ]);
    expect((await t.snapshot({ version: 3 })).numRecords).toBe(9);
  });

  it('works with a SAS URL (no account key in the process)', async () => {
    const key = /AccountKey=([^;]+)/.exec(azurite.connectionString)?.[1] ?? '';
    const sas = generateBlobSASQueryParameters(
      { containerName: 'lake', permissions: ContainerSASPermissions.parse('racwdl'), expiresOn: new Date(Date.now() + 3600_000) },
      new StorageSharedKeyCredential('devstoreaccount1', key),
    ).toString();
    const uri = `http://127.0.0.1:${azurite.port}/devstoreaccount1/lake/sas?${sas}`;
    const conn = process.env.AZURE_STORAGE_CONNECTION_STRING;
    delete process.env.AZURE_STORAGE_CONNECTION_STRING;
    try {
      const lake = await openLake(uri);
      const t = await lake.ensureTable({ layer: 'meta', name: 'runs', columns: [{ name: 'id', type: 'long' }] });
      await t.append({ duck, sql: 'SELECT 7::BIGINT AS id' });
      expect((await lake.listTables()).map((x) => [x.id, x.numRecords])).toEqual([['meta.runs', 1]]);
      expect(lake.store.root).not.toContain('sig=');
    } finally {
      process.env.AZURE_STORAGE_CONNECTION_STRING = conn;
    }
  });

  it('reads a Spark-written conformance table uploaded to blob storage', async () => {
    const src = path.join(ROOT, 'main/lake/test-fixtures/basic-with-inserts-deletes-checkpoint/delta');
    const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('lake');
    const walk = async (dir: string, rel: string): Promise<void> => {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) await walk(p, `${rel}${e.name}/`);
        else await container.getBlockBlobClient(`conf/t/${rel}${e.name}`).uploadFile(p);
      }
    };
    await walk(src, '');
    const table = await openTablePath('az://lake/conf/t');
    const rows = await duck.all<{ n: bigint }>(`SELECT count(*) AS n FROM (${await viewSqlFor(table)})`);
    expect(rows[0]?.n).toBe(41n);
  });

  it('serves data files from a local cache checked by size (re-downloads a damaged copy)', async () => {
    const lake = await openLake('az://lake/t1');
    const table = lake.table('silver', 'bars');
    const snap = await table.snapshot();
    const file = snap.files[0];
    if (!file) throw new Error('no files');
    expect(file.localPath.startsWith(cache.dir)).toBe(true);
    const key = `silver/bars/${decodeURIComponent(file.path)}`;
    expect(await lake.store.localPath(key, { size: file.size })).toBe(file.localPath);
    await writeFile(file.localPath, 'garbage');
    const again = await lake.store.localPath(key, { size: file.size });
    expect((await stat(again)).size).toBe(file.size);
    // Without a known size the ETag decides.
    expect(await lake.store.localPath(key)).toBe(again);
  });

  it('4 processes append concurrently: every batch exactly once, versions contiguous', async () => {
    const uri = 'az://lake/conc';
    const batches = 5;
    const env = { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, FDE_LAKE_CACHE: cache.dir };
    const runs = await Promise.all(['a0', 'a1', 'a2', 'a3'].map((w) => waitExit(spawnTs('lake-append-worker.ts', [uri, w, String(batches)], env))));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const lake = await openLake(uri);
    const table = lake.table('bronze', 'conc');
    const state = await table.state();
    expect(state.version).toBe(4 * batches);
    const logNames = (await lake.store.list('bronze/conc/_delta_log')).map((e) => e.path).filter((p) => p.endsWith('.json'));
    expect(logNames).toHaveLength(4 * batches + 1);
    await lake.attach(duck);
    const counts = await duck.all<{ n: bigint }>(`SELECT worker, batch, count(*) AS n FROM bronze.conc GROUP BY ALL`);
    expect(counts).toHaveLength(4 * batches);
    expect(counts.every((c) => c.n === 10n)).toBe(true);
    const again = await waitExit(spawnTs('lake-append-worker.ts', [uri, 'a1', String(batches)], env));
    expect(again.stdout.includes('"committed":true')).toBe(false);
    expect((await table.state()).version).toBe(4 * batches);
  }, 120_000);
});
