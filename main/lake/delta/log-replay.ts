/**
 * Snapshot reconstruction: list the log, pick the newest complete checkpoint at or before the
 * wanted version, then replay the JSON commits after it. `_last_checkpoint` is only a hint:
 * listing is authoritative, so a missing, empty or stale hint cannot produce a wrong snapshot.
 */
import type { Store } from '../storage/store';
import type { Action, AddAction, MetaDataAction, ProtocolAction, RemoveAction, TxnAction } from './actions';
import { parseCommit } from './actions';
import { classifyLogFile, LOG_DIR, type LogFile } from './paths';
import { CorruptLogError, LakeError, UnsupportedFeatureError } from '../errors';
import { checkReadable } from './protocol';
import { parseSchemaString, type DeltaStructType } from './schema';
import { readCheckpointActions } from './checkpoint-read';

export interface LogState {
  table: string;
  version: number;
  /** Commit time of `version` (epoch ms). */
  timestamp: number;
  protocol: ProtocolAction;
  metaData: MetaDataAction;
  schema: DeltaStructType;
  files: Map<string, AddAction>;
  tombstones: Map<string, RemoveAction>;
  txns: Map<string, TxnAction>;
  checkpointVersion?: number;
}

export interface LogListing {
  commits: Map<number, Extract<LogFile, { kind: 'commit' }>>;
  checkpoints: Map<number, Array<Extract<LogFile, { kind: 'checkpoint' }>>>;
  latest: number;
  store: Store;
  logPrefix: string;
}

export async function listLog(store: Store, tableKey: string, table: string): Promise<LogListing> {
  const logPrefix = `${tableKey}/${LOG_DIR}`;
  // Names only: a 10,000-commit log must not cost 10,000 stat calls; mtimes are fetched on demand.
  const entries = await store.list(logPrefix, { metadata: false });
  const commits: LogListing['commits'] = new Map();
  const checkpoints: LogListing['checkpoints'] = new Map();
  for (const e of entries) {
    const name = e.path.slice(e.path.lastIndexOf('/') + 1);
    const f = classifyLogFile(name, e.size, e.mtime);
    if (f.kind === 'commit') commits.set(f.version, f);
    else if (f.kind === 'checkpoint') {
      const list = checkpoints.get(f.version) ?? [];
      list.push(f);
      checkpoints.set(f.version, list);
    }
  }
  if (commits.size === 0 && checkpoints.size === 0) {
    const any = (await store.list(tableKey, { recursive: false })).length > 0 || (await store.listDirs(tableKey)).length > 0;
    throw new CorruptLogError(
      any ? `not a Delta table: ${table} has no ${LOG_DIR} commits` : `not a Delta table: ${table} does not exist or is empty`,
      'a Delta table folder holds a _delta_log/ folder with numbered JSON commits',
    );
  }
  let latest = -1;
  for (const v of commits.keys()) latest = Math.max(latest, v);
  for (const [v, parts] of checkpoints) if (isComplete(parts)) latest = Math.max(latest, v);
  return { commits, checkpoints, latest, store, logPrefix };
}

/** Fills in commit mtimes (needed for timestamps) for the given versions, or all. */
export async function ensureMtimes(listing: LogListing, versions?: number[]): Promise<void> {
  const wanted = (versions ?? [...listing.commits.keys()]).map((v) => listing.commits.get(v)).filter((c) => c !== undefined && Number.isNaN(c.mtime));
  for (let i = 0; i < wanted.length; i += 64) {
    await Promise.all(
      wanted.slice(i, i + 64).map(async (c) => {
        if (!c) return;
        const st = await listing.store.stat(`${listing.logPrefix}/${c.name}`);
        c.mtime = st?.mtime ?? 0;
        c.size = st?.size ?? 0;
      }),
    );
  }
}

function isComplete(parts: Array<Extract<LogFile, { kind: 'checkpoint' }>>): boolean {
  const first = parts[0];
  if (!first) return false;
  if (first.parts === 1) return parts.some((p) => p.parts === 1);
  const idx = new Set(parts.filter((p) => p.parts === first.parts).map((p) => p.part));
  return idx.size === first.parts;
}

/** Commit timestamps (file modification times, forced monotonic as Delta does). */
export function commitTimestamps(listing: LogListing): Map<number, number> {
  const versions = [...listing.commits.keys()].sort((a, b) => a - b);
  const out = new Map<number, number>();
  let prev = -Infinity;
  for (const v of versions) {
    const m = listing.commits.get(v)?.mtime ?? 0;
    const ts = Math.max(Number.isNaN(m) ? 0 : m, prev + 1);
    out.set(v, ts);
    prev = ts;
  }
  return out;
}

export async function versionAtTimestamp(listing: LogListing, timestamp: number, table: string): Promise<number> {
  await ensureMtimes(listing);
  const stamps = commitTimestamps(listing);
  let best = -1;
  let earliest = Infinity;
  for (const [v, ts] of stamps) {
    earliest = Math.min(earliest, ts);
    if (ts <= timestamp && v > best) best = v;
  }
  if (best < 0) {
    throw new LakeError(
      `table ${table}: no version at or before ${new Date(timestamp).toISOString()} (earliest commit ${Number.isFinite(earliest) ? new Date(earliest).toISOString() : 'none'})`,
    );
  }
  return best;
}

export interface ReadOptions {
  version?: number;
  timestamp?: number;
  /** Reuse a listing just taken (avoids listing twice). */
  listing?: LogListing;
  /**
   * A state read earlier from this table: when the commits after it are all present, only
   * those are replayed (no checkpoint re-read). Writers appending in a loop rely on this.
   */
  base?: LogState;
}

export async function readLogState(store: Store, tableKey: string, table: string, options: ReadOptions = {}): Promise<LogState> {
  const listing = options.listing ?? (await listLog(store, tableKey, table));
  let target = listing.latest;
  if (options.version !== undefined) {
    if (!Number.isInteger(options.version) || options.version < 0 || options.version > listing.latest) {
      throw new LakeError(`table ${table}: version ${options.version} does not exist (latest is ${listing.latest})`);
    }
    target = options.version;
  } else if (options.timestamp !== undefined) {
    target = await versionAtTimestamp(listing, options.timestamp, table);
  }

  const base = options.base;
  const useBase = base !== undefined && base.version <= target && rangePresent(listing, base.version + 1, target);
  let start: number;
  let state: Omit<LogState, 'schema' | 'protocol' | 'metaData' | 'timestamp'> & {
    protocol?: ProtocolAction;
    metaData?: MetaDataAction;
  };
  if (useBase && base) {
    start = base.version + 1;
    state = {
      table,
      version: target,
      protocol: base.protocol,
      metaData: base.metaData,
      files: new Map(base.files),
      tombstones: new Map(base.tombstones),
      txns: new Map(base.txns),
      checkpointVersion: base.checkpointVersion,
    };
  } else {
    // Newest complete checkpoint at or before target.
    let ckptVersion = -1;
    for (const [v, parts] of listing.checkpoints) if (v <= target && v > ckptVersion && isComplete(parts)) ckptVersion = v;
    start = ckptVersion + 1;
    for (let v = start; v <= target; v++) {
      if (!listing.commits.has(v)) {
        const before = [...listing.commits.keys()].filter((x) => x < v).sort((a, b) => b - a)[0];
        if (v === 0 || before === undefined) {
          throw new CorruptLogError(`table ${table}: log has no commit 0 and no checkpoint to start from (cannot reconstruct version ${target})`);
        }
        throw new CorruptLogError(`table ${table}: versions not contiguous: commit ${v} is missing (found ${before} and later ${nextAfter(listing, v)})`);
      }
    }
    state = { table, version: target, files: new Map(), tombstones: new Map(), txns: new Map() };
    if (ckptVersion >= 0) {
      state.checkpointVersion = ckptVersion;
      const parts = (listing.checkpoints.get(ckptVersion) ?? []).map((p) => `${tableKey}/${LOG_DIR}/${p.name}`);
      const actions = await readCheckpointActions(store, parts, table);
      applyActions(state, actions, table, ckptVersion);
    }
  }

  const versions: number[] = [];
  for (let v = start; v <= target; v++) versions.push(v);
  const texts = await readAllBounded(versions, 32, async (v) => {
    const buf = await store.read(`${tableKey}/${LOG_DIR}/${listing.commits.get(v)?.name}`);
    if (!buf) throw new CorruptLogError(`table ${table}: commit ${v} disappeared while reading`);
    return buf.toString('utf8');
  });
  versions.forEach((v, i) => applyActions(state, parseCommit(texts[i] ?? '', `table ${table} commit ${v}`), table, v));

  if (!state.protocol) throw new CorruptLogError(`table ${table}: corrupt log: no protocol action at version ${target}`);
  if (!state.metaData) throw new CorruptLogError(`table ${table}: corrupt log: no metaData action at version ${target}`);
  checkReadable(table, state.protocol, state.metaData);
  const schema = parseSchemaString(state.metaData.schemaString, table);
  checkReadable(table, state.protocol, state.metaData, schema);
  for (const add of state.files.values()) {
    if (add.deletionVector) throw new UnsupportedFeatureError(table, 'deletionVectors', `file ${add.path} has a deletion vector`);
  }
  const timestamp = await versionTimestamp(listing, target);
  return { ...state, protocol: state.protocol, metaData: state.metaData, schema, timestamp };
}

/** Commit time of one version: its file mtime (monotonic adjustment needs the neighbours, so it is a lower bound). */
async function versionTimestamp(listing: LogListing, version: number): Promise<number> {
  const c = listing.commits.get(version);
  if (c) {
    await ensureMtimes(listing, [version]);
    return c.mtime;
  }
  const ck = listing.checkpoints.get(version)?.[0];
  if (!ck) return 0;
  if (Number.isNaN(ck.mtime)) ck.mtime = (await listing.store.stat(`${listing.logPrefix}/${ck.name}`))?.mtime ?? 0;
  return ck.mtime;
}

function rangePresent(listing: LogListing, from: number, to: number): boolean {
  for (let v = from; v <= to; v++) if (!listing.commits.has(v)) return false;
  return true;
}

function nextAfter(listing: LogListing, v: number): string {
  const after = [...listing.commits.keys()].filter((x) => x > v).sort((a, b) => a - b)[0];
  return after === undefined ? 'none' : String(after);
}

type MutableState = {
  protocol?: ProtocolAction;
  metaData?: MetaDataAction;
  files: Map<string, AddAction>;
  tombstones: Map<string, RemoveAction>;
  txns: Map<string, TxnAction>;
};

export function applyActions(state: MutableState, actions: Action[], table: string, version: number): void {
  for (const a of actions) {
    if (a.protocol) state.protocol = a.protocol;
    else if (a.metaData) state.metaData = a.metaData;
    else if (a.add) {
      state.files.set(a.add.path, a.add);
      state.tombstones.delete(a.add.path);
    } else if (a.remove) {
      state.files.delete(a.remove.path);
      state.tombstones.set(a.remove.path, a.remove);
    } else if (a.txn) state.txns.set(a.txn.appId, a.txn);
    else if (a.checkpointMetadata || a.sidecar) {
      throw new UnsupportedFeatureError(table, 'v2Checkpoint', `found at version ${version}`);
    }
  }
}

async function readAllBounded<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
