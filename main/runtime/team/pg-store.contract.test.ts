import { afterAll, beforeAll } from 'vitest';
import { describeRunStoreContract } from '../store/run-store-contract';
import { PgRunStore } from './pg-store';
import { teamTestDb, type TeamTestDb } from './team-test-support';

let db: TeamTestDb;
let n = 0;
beforeAll(async () => {
  db = await teamTestDb('contract');
}, 60_000);
afterAll(async () => {
  await db?.drop();
});

// A fresh schema per test on the file's pool: every test starts from an empty store.
describeRunStoreContract('PgRunStore', async () => {
  const schema = `${db.schema}_${n++}`;
  const store = await PgRunStore.open({ pool: db.pool, schema, location: 'test', ownsPool: false });
  return {
    store,
    dispose: async () => {
      await store.close();
      await db.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    },
  };
});
