/**
 * One container per layer (Terraform's lake module) on Azurite: the `{layer}` template routes
 * each table to its layer's container and the lake's own files (leases) to meta, while a plain
 * single-container URI keeps `<root>/<layer>/<name>`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobServiceClient } from '@azure/storage-blob';
import { openDuck, type Duck } from '../../duck/duck';
import { acquireIngestLease, openLake } from '../index';
import { tempDir } from '../test-support/temp';
import { startAzurite, type Azurite } from '../../../e2e/lake-azurite';
import { isLayerTemplate, LayeredStore, layerUri } from './layered-store';

const LAYERS = ['bronze', 'silver', 'gold', 'meta'];
let azurite: Azurite;
let service: BlobServiceClient;
let duck: Duck;
let cache: { dir: string; cleanup: () => Promise<void> };
const saved = { conn: process.env.AZURE_STORAGE_CONNECTION_STRING, cache: process.env.FDE_LAKE_CACHE };

beforeAll(async () => {
  azurite = await startAzurite(LAYERS);
  service = BlobServiceClient.fromConnectionString(azurite.connectionString);
  cache = await tempDir('fde-layered-cache-');
  process.env.AZURE_STORAGE_CONNECTION_STRING = azurite.connectionString;
  process.env.FDE_LAKE_CACHE = cache.dir;
  duck = await openDuck({ threads: 1 });
}, 60_000);

afterAll(async () => {
  duck?.close();
  await azurite?.stop();
  await cache?.cleanup();
  for (const [k, v] of [['AZURE_STORAGE_CONNECTION_STRING', saved.conn], ['FDE_LAKE_CACHE', saved.cache]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

async function blobs(container: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for await (const b of service.getContainerClient(container).listBlobsFlat({ prefix })) out.push(b.name);
  return out.sort();
}

const spec = (layer: 'bronze' | 'silver' | 'gold' | 'meta', name: string) => ({
  layer,
  name,
  columns: [
    { name: 'id', type: 'long' as const, nullable: false },
    { name: 'v', type: 'double' as const },
  ],
});

describe('layer template', () => {
  it('recognises {layer} (also percent-encoded) and fills it per layer', () => {
    expect(isLayerTemplate('abfss://{layer}@acct.dfs.core.windows.net/')).toBe(true);
    expect(isLayerTemplate('abfss://%7Blayer%7D@acct.dfs.core.windows.net/')).toBe(true);
    expect(isLayerTemplate('az://lake/team')).toBe(false);
    expect(layerUri('abfss://{layer}@acct.dfs.core.windows.net/x', 'gold')).toBe('abfss://gold@acct.dfs.core.windows.net/x');
    expect(layerUri('https://acct.blob.core.windows.net/%7Blayer%7D', 'meta')).toBe('https://acct.blob.core.windows.net/meta');
  });

  it('refuses {layer} anywhere but the container', async () => {
    await expect(openLake('az://lake/{layer}')).rejects.toThrow(/must stand for the container/);
  });
});

describe('lake with one container per layer (Azurite)', () => {
  it('writes each table into its layer container and reads them all back', async () => {
    const lake = await openLake('az://{layer}/team');
    expect(lake.store).toBeInstanceOf(LayeredStore);
    for (const [layer, name, n] of [['bronze', 'raw', 3], ['silver', 'clean', 2], ['gold', 'mart', 1], ['meta', 'runs', 4]] as const) {
      const t = await lake.ensureTable(spec(layer, name));
      await t.append({ duck, sql: `SELECT i::BIGINT AS id, i * 0.5 AS v FROM range(${n}) r(i)` });
    }
    expect(await blobs('bronze')).toContain('team/raw/_delta_log/00000000000000000001.json');
    expect((await blobs('bronze')).every((b) => b.startsWith('team/raw/'))).toBe(true);
    expect((await blobs('gold')).every((b) => b.startsWith('team/mart/'))).toBe(true);
    expect((await blobs('meta')).every((b) => b.startsWith('team/runs/'))).toBe(true);
    expect(await blobs('silver', 'team/bronze')).toEqual([]);

    // A fresh handle finds the tables by listing each container.
    const again = await openLake('az://{layer}/team');
    const tables = await again.listTables();
    expect(tables.map((t) => [t.id, t.numRecords])).toEqual([['bronze.raw', 3], ['silver.clean', 2], ['gold.mart', 1], ['meta.runs', 4]]);
    await again.attach(duck);
    const rows = await duck.all<{ n: bigint }>('SELECT (SELECT count(*) FROM bronze.raw) + (SELECT count(*) FROM meta.runs) AS n');
    expect(Number(rows[0]?.n)).toBe(7);
  }, 60_000);

  it('keeps the lake\'s own files (ingest lease) in the meta container, apart from the meta tables', async () => {
    const lake = await openLake('az://{layer}/team');
    const lease = await acquireIngestLease(lake, { durationMs: 15_000 });
    try {
      expect(await blobs('meta', 'team/_locks/')).toEqual(['team/_locks/ingest']);
      // The lease blob is the lake's, not a meta table: the table scan does not see it.
      expect((await lake.listTables()).map((t) => t.id)).not.toContain('meta._locks');
      expect(await lake.store.listDirs('meta')).toEqual(['runs']);
      expect(await lake.store.listDirs('')).toEqual(['bronze', 'silver', 'gold', 'meta', '_locks']);
    } finally {
      await lease.release();
    }
    await expect(lake.ensureTable(spec('meta', '_hidden'))).rejects.toThrow(/lake's own folders/);
  }, 60_000);

  it('keeps a plain single-container URI exactly as before: <root>/<layer>/<name>', async () => {
    const lake = await openLake('az://bronze/single');
    expect(lake.store).not.toBeInstanceOf(LayeredStore);
    const t = await lake.ensureTable(spec('gold', 'mart'));
    await t.append({ duck, sql: 'SELECT 1::BIGINT AS id, 1.0::DOUBLE AS v' });
    expect(await blobs('bronze', 'single/')).toContain('single/gold/mart/_delta_log/00000000000000000001.json');
    expect(await blobs('gold', 'single')).toEqual([]);
    expect((await lake.listTables()).map((t) => t.id)).toEqual(['gold.mart']);
  }, 60_000);
});
