/** Table maintenance: history, checkpoint, vacuum. */
import type { LakeTable } from './table';
import type { CommitInfo } from './delta/actions';
import { parseCommit } from './delta/actions';
import { commitTimestamps, ensureMtimes, listLog } from './delta/log-replay';
import { commitFile, fromLogPath, LOG_DIR } from './delta/paths';
import { writeCheckpoint } from './delta/checkpoint-write';
import { LakeError } from './errors';

export interface HistoryEntry {
  version: number;
  timestamp: number;
  operation?: string;
  operationParameters?: Record<string, unknown>;
  operationMetrics?: Record<string, string>;
  readVersion?: number;
  isBlindAppend?: boolean;
  engineInfo?: string;
  txn?: Array<{ appId: string; version: number }>;
}

/** Newest first; versions whose JSON commit was cleaned up are skipped. */
export async function history(table: LakeTable, limit = Infinity): Promise<HistoryEntry[]> {
  const listing = await listLog(table.store, table.tableKey, table.id);
  const versions = [...listing.commits.keys()].sort((a, b) => b - a).slice(0, limit);
  await ensureMtimes(listing, versions);
  const stamps = commitTimestamps(listing);
  const out: HistoryEntry[] = [];
  for (const v of versions) {
    const buf = await table.store.read(`${table.tableKey}/${commitFile(v)}`);
    if (!buf) continue;
    const actions = parseCommit(buf.toString('utf8'), `table ${table.id} commit ${v}`);
    const info: CommitInfo = actions.find((a) => a.commitInfo)?.commitInfo ?? {};
    const txn = actions.filter((a) => a.txn).map((a) => ({ appId: a.txn?.appId ?? '', version: a.txn?.version ?? 0 }));
    const e: HistoryEntry = { version: v, timestamp: info.timestamp ?? stamps.get(v) ?? 0 };
    if (info.operation) e.operation = info.operation;
    if (info.operationParameters) e.operationParameters = info.operationParameters;
    if (info.operationMetrics) e.operationMetrics = info.operationMetrics;
    if (info.readVersion !== undefined) e.readVersion = info.readVersion;
    if (info.isBlindAppend !== undefined) e.isBlindAppend = info.isBlindAppend;
    if (info.engineInfo) e.engineInfo = info.engineInfo;
    if (txn.length) e.txn = txn;
    out.push(e);
  }
  return out;
}

export async function checkpoint(table: LakeTable, version?: number): Promise<{ version: number; rows: number; sizeInBytes: number }> {
  return writeCheckpoint(table, version);
}

export const DEFAULT_RETENTION_MS = 7 * 24 * 3600 * 1000;

export interface VacuumOptions {
  /** Keep files removed (or unreferenced) more recently than this; default 7 days. */
  retentionMs?: number;
  /** Default true: only report what would be deleted. */
  dryRun?: boolean;
  /** Allow a retention below 7 days (time travel and concurrent readers may break). */
  force?: boolean;
  now?: number;
}

export interface VacuumResult {
  dryRun: boolean;
  retentionMs: number;
  files: Array<{ path: string; size: number }>;
  bytes: number;
}

/**
 * Deletes data files that the current snapshot does not reference and that are older than the
 * retention period (removal time from the tombstone when known, else the file's mtime).
 * Hidden and underscore folders (_delta_log, _tmp, _locks) are never touched.
 */
export async function vacuum(table: LakeTable, options: VacuumOptions = {}): Promise<VacuumResult> {
  const retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
  const dryRun = options.dryRun ?? true;
  if (retentionMs < DEFAULT_RETENTION_MS && !options.force) {
    throw new LakeError(
      `table ${table.id}: vacuum retention ${Math.round(retentionMs / 3600000)}h is below the 168h safety minimum`,
      'pass force (CLI: --force) if no reader or writer needs older versions',
    );
  }
  const now = options.now ?? Date.now();
  const state = await table.state();
  const live = new Set([...state.files.values()].map((a) => fromLogPath(a.path, table.id)));
  const removedAt = new Map<string, number>();
  for (const r of state.tombstones.values()) removedAt.set(fromLogPath(r.path, table.id), r.deletionTimestamp ?? 0);
  const prefix = table.tableKey === '' ? '' : `${table.tableKey}/`;
  const all = await table.store.list(table.tableKey, { recursive: true });
  const files: VacuumResult['files'] = [];
  for (const e of all) {
    const rel = e.path.replace(/^\/+/, '').slice(prefix.replace(/^\/+/, '').length);
    if (rel.split('/').some((seg) => seg.startsWith('_') || seg.startsWith('.')) || rel.startsWith(LOG_DIR)) continue;
    if (live.has(rel)) continue;
    const since = removedAt.get(rel) ?? e.mtime;
    if (since > now - retentionMs) continue;
    files.push({ path: rel, size: e.size });
  }
  if (!dryRun) {
    for (const f of files) await table.store.delete(`${prefix}${f.path}`);
  }
  return { dryRun, retentionMs, files, bytes: files.reduce((s, f) => s + f.size, 0) };
}
