/** One Delta table: snapshots, appends, overwrites (DeltaTable contract) plus maintenance. */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { Store } from './storage/store';
import type { CommitResult, DataFile, DeltaTable, OverwriteOptions, Snapshot, WriteInput, WriteOptions } from './types';
import type { Action, AddAction, RemoveAction } from './delta/actions';
import { readLogState, type LogState } from './delta/log-replay';
import { checkWritable, isAppendOnly } from './delta/protocol';
import { commit, type PreparedCommit } from './delta/commit';
import { fromLogPath, partitionDir, toLogPath } from './delta/paths';
import { toColumnSpecs, type DeltaStructType } from './delta/schema';
import { stageExistingParquet, stageParquet, type StagePlan, type StageResult } from './write/parquet-writer';
import type { Duck } from '../duck/duck';
import { LakeError } from './errors';
import { maybeCheckpoint } from './delta/checkpoint-write';

export interface LakeTableOptions {
  /** Commits between checkpoints when the table does not set delta.checkpointInterval. */
  checkpointInterval?: number;
}

export class LakeTable implements DeltaTable {
  constructor(
    readonly store: Store,
    /** Store key of the table root (no trailing slash). */
    readonly tableKey: string,
    readonly id: string,
    readonly options: LakeTableOptions = {},
  ) {}

  /** The raw log state (no data file downloads). */
  /** Latest state seen by this instance: the next read only replays newer commits. */
  private latest?: LogState;

  async state(at?: { version?: number; timestamp?: number }): Promise<LogState> {
    if (at && (at.version !== undefined || at.timestamp !== undefined)) {
      return readLogState(this.store, this.tableKey, this.id, { ...at, base: this.latest });
    }
    const state = await readLogState(this.store, this.tableKey, this.id, { base: this.latest });
    this.latest = state;
    return state;
  }

  async snapshot(at?: { version?: number; timestamp?: number }): Promise<Snapshot> {
    return this.toSnapshot(await this.state(at));
  }

  async toSnapshot(state: LogState): Promise<Snapshot> {
    const files: DataFile[] = [];
    let numRecords = 0;
    for (const add of state.files.values()) {
      const key = `${this.tableKey}/${fromLogPath(add.path, this.id)}`;
      const stats = parseStats(add.stats);
      const file: DataFile = {
        localPath: await this.store.localPath(key, { size: add.size }),
        path: add.path,
        size: add.size,
        partitionValues: add.partitionValues ?? {},
      };
      if (stats) {
        file.stats = stats;
        if (typeof stats.numRecords === 'number') {
          file.numRecords = stats.numRecords;
          numRecords += stats.numRecords;
        }
      }
      files.push(file);
    }
    const appTxns: Record<string, number> = {};
    for (const [appId, t] of state.txns) appTxns[appId] = t.version;
    return {
      version: state.version,
      timestamp: state.timestamp,
      columns: toColumnSpecs(state.schema),
      partitionBy: [...state.metaData.partitionColumns],
      files,
      appTxns,
      numRecords,
    };
  }

  append(input: WriteInput, options: WriteOptions = {}): Promise<CommitResult> {
    return this.write('append', (plan) => stageParquet(input, plan), options);
  }

  appendFiles(localFiles: string[], duck: Duck, options: WriteOptions = {}): Promise<CommitResult> {
    return this.write('append', (plan) => stageExistingParquet(duck, localFiles, plan), options);
  }

  overwrite(input: WriteInput, options: OverwriteOptions = {}): Promise<CommitResult> {
    return this.write('overwrite', (plan) => stageParquet(input, plan), options);
  }

  private async write(mode: 'append' | 'overwrite', stage: (plan: StagePlan) => Promise<StageResult>, options: OverwriteOptions): Promise<CommitResult> {
    const state = await this.state();
    checkWritable(this.id, state.protocol, state.metaData);
    if (mode === 'overwrite' && isAppendOnly(state.metaData)) {
      throw new LakeError(`table ${this.id} is append-only (delta.appendOnly=true): overwrite is not allowed`);
    }
    if (options.txn) validateTxn(options.txn, this.id);
    const applied = options.txn ? state.txns.get(options.txn.appId) : undefined;
    if (options.txn && applied && applied.version >= options.txn.version) {
      return { version: state.version, committed: false, addedFiles: 0, addedRows: 0 };
    }
    const partitionBy = state.metaData.partitionColumns;
    const stagingDir = await this.store.scratchDir();
    const placed: string[] = [];
    try {
      const staged = await stage({ schema: state.schema, partitionBy, table: this.id, stagingDir });
      const adds: AddAction[] = [];
      let bytes = 0;
      for (const f of staged.files) {
        const dir = partitionBy.length ? `${partitionDir(partitionBy, f.partitionValues)}/` : '';
        const rel = `${dir}part-00000-${randomUUID()}-c000.snappy.parquet`;
        const key = `${this.tableKey}/${rel}`;
        await this.store.putFile(key, f.localFile, { move: !f.keep });
        placed.push(key);
        bytes += f.size;
        adds.push({ path: toLogPath(rel), partitionValues: f.partitionValues, size: f.size, modificationTime: Date.now(), dataChange: true, stats: f.stats.json });
      }
      const prepared = this.prepare(mode, state, adds, options, { rows: staged.rows, bytes });
      if (!prepared) return { version: state.version, committed: true, addedFiles: 0, addedRows: 0 };
      const outcome = await commit(this.store, prepared);
      if (!outcome.committed) {
        await Promise.all(placed.map((k) => this.store.delete(k).catch(() => undefined)));
        return { version: outcome.version, committed: false, addedFiles: 0, addedRows: 0 };
      }
      placed.length = 0;
      await maybeCheckpoint(this, outcome.version, state);
      return { version: outcome.version, committed: true, addedFiles: adds.length, addedRows: staged.rows };
    } catch (error) {
      // Files not referenced by a commit are invisible anyway; removing them saves vacuum work.
      await Promise.all(placed.map((k) => this.store.delete(k).catch(() => undefined)));
      throw error;
    } finally {
      await fs.rm(stagingDir, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  private prepare(
    mode: 'append' | 'overwrite',
    state: LogState,
    adds: AddAction[],
    options: OverwriteOptions,
    metrics: { rows: number; bytes: number },
  ): PreparedCommit | undefined {
    const actions: Action[] = [];
    if (options.txn) actions.push({ txn: { appId: options.txn.appId, version: options.txn.version, lastUpdated: Date.now() } });
    const partitionBy = state.metaData.partitionColumns;
    let overwrites: PreparedCommit['overwrites'];
    const removes = new Set<string>();
    if (mode === 'overwrite') {
      overwrites = overwritePredicate(options.partitions ?? 'dynamic', partitionBy, adds, this.id);
      const now = Date.now();
      for (const f of state.files.values()) {
        if (!overwrites(f)) continue;
        removes.add(f.path);
        const remove: RemoveAction = {
          path: f.path,
          deletionTimestamp: now,
          dataChange: true,
          extendedFileMetadata: true,
          partitionValues: f.partitionValues,
          size: f.size,
        };
        actions.push({ remove });
      }
    }
    for (const add of adds) actions.push({ add });
    if (actions.length === 0) return undefined;
    const info = options.info ?? {};
    return {
      table: this.id,
      tableKey: this.tableKey,
      readVersion: state.version,
      actions,
      operation: 'WRITE',
      operationParameters: { mode: mode === 'append' ? 'Append' : 'Overwrite', partitionBy: JSON.stringify(partitionBy), ...info },
      operationMetrics: {
        numFiles: String(adds.length),
        numOutputRows: String(metrics.rows),
        numOutputBytes: String(metrics.bytes),
        ...(mode === 'overwrite' ? { numRemovedFiles: String(removes.size) } : {}),
      },
      isBlindAppend: mode === 'append',
      txn: options.txn,
      overwrites,
      removes: mode === 'overwrite' ? removes : undefined,
      dependsOnColumns: new Map(state.schema.fields.map((f) => [f.name, JSON.stringify(f.type)])),
    };
  }

  /** Current schema (for schema evolution in ensureTable). */
  async schema(): Promise<{ schema: DeltaStructType; state: LogState }> {
    const state = await this.state();
    return { schema: state.schema, state };
  }
}

function overwritePredicate(
  partitions: NonNullable<OverwriteOptions['partitions']>,
  partitionBy: string[],
  adds: AddAction[],
  table: string,
): (f: { partitionValues?: Record<string, string | null> | null }) => boolean {
  if (partitions === 'all' || partitionBy.length === 0) return () => true;
  const keyOf = (pv: Record<string, string | null> | null | undefined): string => JSON.stringify(partitionBy.map((p) => pv?.[p] ?? null));
  if (partitions === 'dynamic') {
    const touched = new Set(adds.map((a) => keyOf(a.partitionValues)));
    return (f) => touched.has(keyOf(f.partitionValues));
  }
  for (const p of partitions) {
    const bad = Object.keys(p).filter((k) => !partitionBy.includes(k));
    if (bad.length) throw new LakeError(`table ${table}: overwrite predicate uses non-partition column(s) ${bad.join(', ')}`);
  }
  const matches = (pv: Record<string, string | null> | null | undefined): boolean =>
    partitions.some((p) => Object.entries(p).every(([k, v]) => (pv?.[k] ?? null) === v));
  const outside = adds.find((a) => !matches(a.partitionValues));
  if (outside) {
    throw new LakeError(`table ${table}: overwrite data has partition ${JSON.stringify(outside.partitionValues)} outside the partitions being replaced`);
  }
  return (f) => matches(f.partitionValues);
}

function validateTxn(txn: { appId: string; version: number }, table: string): void {
  if (!txn.appId || !Number.isSafeInteger(txn.version) || txn.version < 0) {
    throw new LakeError(`table ${table}: invalid txn marker ${JSON.stringify(txn)} (appId non-empty, version a non-negative integer)`);
  }
}

export function parseStats(text: string | null | undefined): DataFile['stats'] | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as DataFile['stats'];
  } catch {
    return undefined;
  }
}
