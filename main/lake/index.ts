/**
 * The lake: Delta Lake tables on a local folder or Azure Blob storage.
 * `openLake('./lake')`, `openLake('az://container/prefix')`; see docs/lake.md.
 */
import path from 'node:path';
import { LocalStore } from './storage/local-store';
import { DeltaLake } from './lake';
import { LakeTable } from './table';
import type { Store } from './storage/store';
import { LakeError } from './errors';

export * from './types';
export { LakeError, UnsupportedFeatureError, CorruptLogError, ConcurrentModificationError, SchemaError } from './errors';
export { LakeTable } from './table';
export { closeLakeDuck } from './internal-duck';
export { acquireIngestLease, type IngestLease, type IngestLeaseOptions } from './lease';
export { history, vacuum, checkpoint, type HistoryEntry, type VacuumOptions, type VacuumResult } from './maintenance';

export interface OpenLakeOptions {
  /** Commits between checkpoints (default 10; a table's delta.checkpointInterval wins). */
  checkpointInterval?: number;
}

export async function openLake(uri: string, options: OpenLakeOptions = {}): Promise<DeltaLake> {
  const store = await openStore(uri);
  return new DeltaLake(uri, store, options);
}

/** Opens any Delta table folder directly (CLI: conformance tables, tables outside a lake). */
export async function openTablePath(uri: string, options: OpenLakeOptions = {}): Promise<LakeTable> {
  const store = await openStore(uri);
  return new LakeTable(store, '', uri, options);
}

export async function openStore(uri: string): Promise<Store> {
  if (/^(az|abfss?|https?):\/\//i.test(uri)) {
    const { openAzureStore } = await import('./storage/azure-uri');
    return openAzureStore(uri);
  }
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(uri) && !uri.startsWith('file://')) {
    throw new LakeError(`unsupported lake URI '${uri}'`, 'use a local folder, file://, az://container/prefix or abfss://container@account.dfs.core.windows.net/path');
  }
  const local = uri.startsWith('file://') ? new URL(uri).pathname : uri;
  return new LocalStore(path.resolve(local));
}
