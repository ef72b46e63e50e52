import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { describeRunStoreContract } from './run-store-contract';
import { SqliteRunStore } from './sqlite-store';

// A file per test (WAL mode, as hosts use it), not :memory:.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fde-store-contract-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;

describeRunStoreContract('SqliteRunStore', async () => {
  const store = new SqliteRunStore(path.join(dir, `runs-${n++}.sqlite`));
  return { store, dispose: () => store.close() };
});
