/** Optimistic concurrency: conflicts between writers planned on the same snapshot. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { openDuck, type Duck } from '../duck/duck';
import { openLake } from './index';
import { commit, type PreparedCommit } from './delta/commit';
import { LocalStore } from './storage/local-store';
import { tempDir } from './test-support/temp';
import type { AddAction } from './delta/actions';

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
  layer: 'bronze' as const,
  name: 't',
  columns: [
    { name: 'k', type: 'string' as const },
    { name: 'v', type: 'integer' as const },
  ],
  partitionBy: ['k'],
};

function add(name: string, k: string): AddAction {
  return { path: `k=${k}/${name}.parquet`, partitionValues: { k }, size: 1, modificationTime: 0, dataChange: true };
}

function prepared(base: Partial<PreparedCommit>): PreparedCommit {
  return { table: 'bronze.t', tableKey: 'bronze/t', readVersion: 0, actions: [], operation: 'WRITE', operationParameters: {}, isBlindAppend: true, ...base };
}

describe('commit conflicts', () => {
  it('blind appends planned on the same version both land, in order', async () => {
    const dir = path.join(root.dir, 'a');
    const lake = await openLake(dir);
    await lake.ensureTable(spec);
    const store = new LocalStore(dir);
    const r1 = await commit(store, prepared({ actions: [{ add: add('f1', 'a') }] }));
    const r2 = await commit(store, prepared({ actions: [{ add: add('f2', 'a') }] }));
    expect([r1, r2]).toEqual([{ committed: true, version: 1 }, { committed: true, version: 2 }]);
  });

  it('an overwrite fails when a concurrent commit appended into a replaced partition', async () => {
    const dir = path.join(root.dir, 'b');
    const lake = await openLake(dir);
    await lake.ensureTable(spec);
    const store = new LocalStore(dir);
    await commit(store, prepared({ actions: [{ add: add('other', 'a') }] }));
    const overwrite = prepared({
      isBlindAppend: false,
      actions: [{ add: add('new', 'a') }],
      overwrites: (f) => f.partitionValues?.k === 'a',
      removes: new Set(),
    });
    await expect(commit(store, overwrite)).rejects.toThrow(/bronze.t: concurrent append at version 1 wrote file k=a\/other.parquet/);
    // An append into another partition does not conflict with it.
    const dir2 = path.join(root.dir, 'b2');
    await (await openLake(dir2)).ensureTable(spec);
    const store2 = new LocalStore(dir2);
    await commit(store2, prepared({ tableKey: 'bronze/t', actions: [{ add: add('other', 'b') }] }));
    await expect(commit(store2, { ...overwrite })).resolves.toEqual({ committed: true, version: 2 });
  });

  it('a concurrent remove of the same file is a conflict', async () => {
    const dir = path.join(root.dir, 'c');
    await (await openLake(dir)).ensureTable(spec);
    const store = new LocalStore(dir);
    await commit(store, prepared({ actions: [{ remove: { path: 'k=a/x.parquet', dataChange: true } }] }));
    const mine = prepared({ actions: [{ remove: { path: 'k=a/x.parquet', dataChange: true } }], removes: new Set(['k=a/x.parquet']) });
    await expect(commit(store, mine)).rejects.toThrow(/already removed by version 1/);
  });

  it('a concurrent metadata change that drops a column we write is a conflict', async () => {
    const dir = path.join(root.dir, 'd');
    const lake = await openLake(dir);
    await lake.ensureTable(spec);
    const table = lake.table('bronze', 't');
    const state = await table.state();
    const store = new LocalStore(dir);
    const schema = JSON.parse(state.metaData.schemaString) as { fields: Array<{ name: string; type: string }> };
    const changed = { ...schema, fields: schema.fields.map((f) => (f.name === 'v' ? { ...f, type: 'long' } : f)) };
    await commit(store, prepared({ actions: [{ metaData: { ...state.metaData, schemaString: JSON.stringify(changed) } }] }));
    const mine = prepared({ actions: [{ add: add('f', 'a') }], dependsOnColumns: new Map([['v', '"integer"']]) });
    await expect(commit(store, mine)).rejects.toThrow(/column 'v' changed concurrently at version 1/);
  });

  it('the same txn (appId, version) committed by another writer means "already applied"', async () => {
    const dir = path.join(root.dir, 'e');
    await (await openLake(dir)).ensureTable(spec);
    const store = new LocalStore(dir);
    const txn = { appId: 'ing', version: 5 };
    await commit(store, prepared({ txn, actions: [{ txn }, { add: add('a', 'a') }] }));
    const again = await commit(store, prepared({ txn, actions: [{ txn }, { add: add('b', 'a') }] }));
    expect(again).toEqual({ committed: false, version: 1, reason: 'txn-already-applied' });
  });

  it('recognises its own commit when the first attempt landed but its answer was lost', async () => {
    const dir = path.join(root.dir, 'f');
    await (await openLake(dir)).ensureTable(spec);
    // Fault injection on the real store: the object is written, then the caller is told "exists"
    // (what a retried upload sees after a timed-out first attempt that actually succeeded).
    class LostAnswerStore extends LocalStore {
      lost = 0;
      override async putIfAbsent(key: string, data: Buffer | string): Promise<boolean> {
        const ok = await super.putIfAbsent(key, data);
        if (ok && this.lost === 0) {
          this.lost++;
          return false;
        }
        return ok;
      }
    }
    const store = new LostAnswerStore(dir);
    const r = await commit(store, prepared({ actions: [{ add: add('once', 'a') }] }));
    expect(r).toEqual({ committed: true, version: 1, ownRetry: true });
    const lake = await openLake(dir);
    const s = await lake.table('bronze', 't').state();
    expect(s.version).toBe(1);
    expect([...s.files.keys()]).toEqual(['k=a/once.parquet']);
  });

  it('parallel appends in one process all land with contiguous versions', async () => {
    const dir = path.join(root.dir, 'g');
    const lake = await openLake(dir);
    const t = await lake.ensureTable(spec);
    const ducks = await Promise.all([0, 1, 2, 3].map(() => openDuck({ threads: 1 })));
    try {
      const results = await Promise.all(ducks.map((d, i) => t.append({ duck: d, sql: `SELECT 'p${i}' AS k, ${i} AS v` })));
      expect(results.map((r) => r.version).sort()).toEqual([1, 2, 3, 4]);
      expect((await t.snapshot()).numRecords).toBe(4);
    } finally {
      for (const d of ducks) d.close();
    }
  });
});
