/**
 * Reads the lake's run store (SQLite, WAL: safe next to a running host) for the lineage and
 * stream pages. A lake without a store has no runs.
 */
import fs from 'node:fs';
import { runStorePath } from '../runtime/store/location';
import { SqliteRunStore } from '../runtime/store/sqlite-store';
import type { RunFilter, RunRecord } from '../runtime/store/run-store';

export async function readRuns(lakeUri: string, filter: RunFilter): Promise<RunRecord[]> {
  const file = runStorePath(lakeUri);
  if (!fs.existsSync(file)) return [];
  const store = new SqliteRunStore(file, { readonly: true });
  try {
    return await store.listRuns(filter);
  } finally {
    await store.close();
  }
}
