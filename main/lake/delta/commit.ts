/**
 * Optimistic concurrency: write `<version>.json` put-if-absent; on conflict read the winning
 * commit(s), decide whether ours still applies on top (blind appends do), and retry at the
 * next version. Also recognises our own commit when an earlier attempt landed but its answer
 * was lost (timed-out upload), via the unique commitInfo.txnId.
 */
import { randomUUID } from 'node:crypto';
import type { Store } from '../storage/store';
import type { Action, AddAction, CommitInfo } from './actions';
import { parseCommit, serializeCommit } from './actions';
import { commitFile } from './paths';
import { ConcurrentModificationError, CorruptLogError, LakeError } from '../errors';
import type { TxnMarker } from '../types';

export const ENGINE_INFO = 'fde-lake/0.1 (Delta writer 2)';

export interface PreparedCommit {
  table: string;
  tableKey: string;
  /** Snapshot version the commit was planned on (-1 when creating the table). */
  readVersion: number;
  actions: Action[];
  operation: string;
  operationParameters: Record<string, unknown>;
  operationMetrics?: Record<string, string>;
  isBlindAppend: boolean;
  txn?: TxnMarker;
  /** Partition value tuples this commit replaces (overwrite); undefined for appends. */
  overwrites?: (add: { partitionValues?: Record<string, string | null> | null }) => boolean;
  /** Paths this commit removes. */
  removes?: Set<string>;
  /** Columns (name -> Delta type JSON) the new data depends on; a concurrent schema change must keep them. */
  dependsOnColumns?: Map<string, string>;
}

export type CommitOutcome =
  | { committed: true; version: number; ownRetry?: boolean }
  | { committed: false; version: number; reason: 'txn-already-applied' | 'table-exists' };

export interface CommitOptions {
  maxAttempts?: number;
}

export async function commit(store: Store, prepared: PreparedCommit, options: CommitOptions = {}): Promise<CommitOutcome> {
  const maxAttempts = options.maxAttempts ?? 200;
  const txnId = randomUUID();
  let attempt = prepared.readVersion + 1;
  for (let tries = 0; tries < maxAttempts; tries++) {
    const info: CommitInfo = {
      timestamp: Date.now(),
      operation: prepared.operation,
      operationParameters: prepared.operationParameters,
      readVersion: prepared.readVersion >= 0 ? prepared.readVersion : undefined,
      isolationLevel: 'Serializable',
      isBlindAppend: prepared.isBlindAppend,
      operationMetrics: prepared.operationMetrics,
      engineInfo: ENGINE_INFO,
      txnId,
    };
    const text = serializeCommit([{ commitInfo: info }, ...prepared.actions]);
    if (await store.putIfAbsent(`${prepared.tableKey}/${commitFile(attempt)}`, text)) {
      return { committed: true, version: attempt };
    }
    const winner = await readCommit(store, prepared, attempt);
    if (winner.find((a) => a.commitInfo)?.commitInfo?.txnId === txnId) {
      return { committed: true, version: attempt, ownRetry: true };
    }
    const verdict = checkConflict(prepared, winner, attempt);
    if (verdict) return { committed: false, version: attempt, reason: verdict };
    attempt++;
    // Contention is between processes on one table: a little jitter avoids lock-step retries.
    if (tries > 3) await new Promise((r) => setTimeout(r, Math.random() * Math.min(100, tries * 5)));
  }
  throw new ConcurrentModificationError(`table ${prepared.table}: gave up after ${maxAttempts} commit attempts (last tried version ${attempt})`);
}

async function readCommit(store: Store, prepared: PreparedCommit, version: number): Promise<Action[]> {
  const buf = await store.read(`${prepared.tableKey}/${commitFile(version)}`);
  if (!buf) throw new CorruptLogError(`table ${prepared.table}: commit ${version} exists but cannot be read`);
  return parseCommit(buf.toString('utf8'), `table ${prepared.table} commit ${version}`);
}

/** Returns a non-conflict reason to stop (nothing to do), throws on a real conflict, or undefined to retry. */
function checkConflict(prepared: PreparedCommit, winner: Action[], version: number): 'txn-already-applied' | 'table-exists' | undefined {
  const t = prepared.table;
  if (prepared.readVersion < 0) return 'table-exists';
  for (const a of winner) {
    if (a.protocol) {
      throw new ConcurrentModificationError(`table ${t}: protocol changed concurrently at version ${version}`);
    }
    if (a.metaData) {
      if (prepared.actions.some((x) => x.metaData)) {
        throw new ConcurrentModificationError(`table ${t}: metadata changed concurrently at version ${version}`);
      }
      checkSchemaStillFits(prepared, a.metaData.schemaString, a.metaData.partitionColumns, version);
    }
    if (a.txn && prepared.txn && a.txn.appId === prepared.txn.appId) {
      if (a.txn.version >= prepared.txn.version) return 'txn-already-applied';
    }
    if (prepared.overwrites && a.add && prepared.overwrites(a.add)) {
      throw new ConcurrentModificationError(
        `table ${t}: concurrent append at version ${version} wrote file ${a.add.path} into a partition this overwrite replaces`,
      );
    }
    if (prepared.removes && a.remove && prepared.removes.has(a.remove.path)) {
      throw new ConcurrentModificationError(`table ${t}: file ${a.remove.path} was already removed by version ${version}`);
    }
  }
  return undefined;
}

function checkSchemaStillFits(prepared: PreparedCommit, schemaString: string, partitionColumns: string[], version: number): void {
  const deps = prepared.dependsOnColumns;
  if (!deps) return;
  let fields: Array<{ name: string; type: unknown }>;
  try {
    fields = (JSON.parse(schemaString) as { fields: Array<{ name: string; type: unknown }> }).fields;
  } catch {
    throw new CorruptLogError(`table ${prepared.table}: invalid schemaString at version ${version}`);
  }
  const now = new Map(fields.map((f) => [f.name, JSON.stringify(f.type)]));
  for (const [name, type] of deps) {
    if (now.get(name) !== type) {
      throw new ConcurrentModificationError(`table ${prepared.table}: column '${name}' changed concurrently at version ${version}`);
    }
  }
  const firstAdd = prepared.actions.find((a) => a.add)?.add as AddAction | undefined;
  if (firstAdd && JSON.stringify(Object.keys(firstAdd.partitionValues).sort()) !== JSON.stringify([...partitionColumns].sort())) {
    throw new LakeError(`table ${prepared.table}: partition columns changed concurrently at version ${version}`);
  }
}
