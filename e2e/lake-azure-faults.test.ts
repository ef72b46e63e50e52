/**
 * Azure backend under faults, through a loopback HTTP proxy in front of Azurite:
 *  - a commit upload that succeeds on the server but whose response is lost (connection reset):
 *    the SDK retries, gets 412, and the commit recognises its own txnId;
 *  - transient 503s on reads and writes are retried.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { openDuck, type Duck } from '../main/duck/duck';
import { closeLakeDuck, openLake } from '../main/lake/index';
import { tempDir } from '../main/lake/test-support/temp';
import { startAzurite, type Azurite } from './lake-azurite';

let azurite: Azurite;
let proxy: http.Server;
let duck: Duck;
let cache: { dir: string; cleanup: () => Promise<void> };
const faults = { dropCommitResponses: 0, fail503: 0, seen: [] as string[] };
const saved = { conn: process.env.AZURE_STORAGE_CONNECTION_STRING, cache: process.env.FDE_LAKE_CACHE };

beforeAll(async () => {
  azurite = await startAzurite(['faults']);
  cache = await tempDir('fde-lake-cache-');
  proxy = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const isCommitPut = req.method === 'PUT' && /_delta_log\/\d{20}\.json/.test(req.url ?? '') && req.headers['if-none-match'] === '*';
      if (faults.fail503 > 0 && !req.url?.includes('comp=list')) {
        faults.fail503--;
        faults.seen.push(`503 ${req.method} ${req.url}`);
        res.writeHead(503, { 'x-ms-error-code': 'ServerBusy' }).end();
        return;
      }
      const upstream = http.request(
        { host: '127.0.0.1', port: azurite.port, method: req.method, path: req.url, headers: req.headers },
        (up) => {
          if (isCommitPut && faults.dropCommitResponses > 0 && up.statusCode === 201) {
            // The server stored the commit; the client never hears about it.
            faults.dropCommitResponses--;
            faults.seen.push(`dropped ${req.url}`);
            up.resume();
            req.socket.destroy();
            return;
          }
          res.writeHead(up.statusCode ?? 500, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  const port = (proxy.address() as AddressInfo).port;
  process.env.AZURE_STORAGE_CONNECTION_STRING = azurite.connectionString.replace(`127.0.0.1:${azurite.port}`, `127.0.0.1:${port}`);
  process.env.FDE_LAKE_CACHE = cache.dir;
  duck = await openDuck({ threads: 2 });
});
afterAll(async () => {
  duck.close();
  await closeLakeDuck();
  await new Promise((r) => proxy.close(r));
  await azurite.stop();
  await cache.cleanup();
  process.env.AZURE_STORAGE_CONNECTION_STRING = saved.conn;
  process.env.FDE_LAKE_CACHE = saved.cache;
  if (saved.conn === undefined) delete process.env.AZURE_STORAGE_CONNECTION_STRING;
  if (saved.cache === undefined) delete process.env.FDE_LAKE_CACHE;
});

describe('Azure faults', () => {
  it('a commit whose response was lost is recognised as our own (no duplicate, no error)', async () => {
    const lake = await openLake('az://faults/own');
    const t = await lake.ensureTable({ layer: 'bronze', name: 'x', columns: [{ name: 'v', type: 'long' }] });
    faults.dropCommitResponses = 1;
    const r = await t.append({ duck, sql: 'SELECT 42::BIGINT AS v' }, { txn: { appId: 'a', version: 1 } });
    expect(faults.seen.some((s) => s.startsWith('dropped') && s.includes('00000000000000000001.json'))).toBe(true);
    expect(r).toMatchObject({ committed: true, version: 1, addedRows: 1 });
    const state = await t.state();
    expect(state.version).toBe(1);
    expect(state.files.size).toBe(1);
  }, 60_000);

  it('retries transient 503s on writes and reads', async () => {
    const lake = await openLake('az://faults/busy');
    const t = await lake.ensureTable({ layer: 'bronze', name: 'y', columns: [{ name: 'v', type: 'long' }] });
    faults.seen.length = 0;
    faults.fail503 = 3;
    const r = await t.append({ duck, sql: 'SELECT range AS v FROM range(5)' });
    expect(r).toMatchObject({ committed: true, version: 1, addedRows: 5 });
    expect(faults.seen.filter((s) => s.startsWith('503'))).toHaveLength(3);
    faults.fail503 = 2;
    expect((await t.snapshot()).numRecords).toBe(5);
  }, 60_000);
});
