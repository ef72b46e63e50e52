/**
 * Classic single-file Parquet checkpoints (PROTOCOL.md "Checkpoints") plus `_last_checkpoint`.
 * The file is built by DuckDB from NDJSON with the checkpoint schema, so Spark, delta-rs and
 * DuckDB's parquet reader all accept it. Checkpoints are an optimisation: a failure to write
 * one never fails the commit that triggered it.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { LogState } from './log-replay';
import { readLogState } from './log-replay';
import { checkpointFile, LOG_DIR } from './paths';
import { withLakeDuck } from '../internal-duck';
import type { Store } from '../storage/store';
import { cliLogger } from '../../observability/logger';

const MAP = 'MAP(VARCHAR, VARCHAR)';
export const CHECKPOINT_COLUMNS: Record<string, string> = {
  protocol: 'STRUCT(minReaderVersion INTEGER, minWriterVersion INTEGER, readerFeatures VARCHAR[], writerFeatures VARCHAR[])',
  metaData: `STRUCT(id VARCHAR, name VARCHAR, description VARCHAR, format STRUCT(provider VARCHAR, options ${MAP}), schemaString VARCHAR, partitionColumns VARCHAR[], configuration ${MAP}, createdTime BIGINT)`,
  txn: 'STRUCT(appId VARCHAR, version BIGINT, lastUpdated BIGINT)',
  add: `STRUCT(path VARCHAR, partitionValues ${MAP}, size BIGINT, modificationTime BIGINT, dataChange BOOLEAN, stats VARCHAR, tags ${MAP})`,
  remove: `STRUCT(path VARCHAR, deletionTimestamp BIGINT, dataChange BOOLEAN, extendedFileMetadata BOOLEAN, partitionValues ${MAP}, size BIGINT)`,
};

const DEFAULT_TOMBSTONE_RETENTION_MS = 7 * 24 * 3600 * 1000;

export interface CheckpointTarget {
  store: Store;
  tableKey: string;
  id: string;
  options: { checkpointInterval?: number };
}

export async function maybeCheckpoint(table: CheckpointTarget, version: number, before: LogState): Promise<void> {
  const configured = Number(before.metaData.configuration?.['delta.checkpointInterval']);
  const interval = Number.isInteger(configured) && configured > 0 ? configured : (table.options.checkpointInterval ?? 10);
  if (version === 0 || version % interval !== 0) return;
  try {
    await writeCheckpoint(table, version);
  } catch (error) {
    cliLogger('lake').warn('checkpoint failed (the commit itself succeeded)', { table: table.id, version, error: (error as Error).message });
  }
}

export async function writeCheckpoint(table: CheckpointTarget, version?: number): Promise<{ version: number; rows: number; sizeInBytes: number }> {
  const state = await readLogState(table.store, table.tableKey, table.id, version === undefined ? {} : { version });
  const rows = checkpointRows(state);
  const dir = await table.store.scratchDir();
  try {
    const ndjson = path.join(dir, 'checkpoint.ndjson');
    const out = path.join(dir, 'checkpoint.parquet');
    await fs.writeFile(ndjson, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const columns = `{${Object.entries(CHECKPOINT_COLUMNS).map(([k, t]) => `'${k}': '${t}'`).join(', ')}}`;
    await withLakeDuck((duck) =>
      duck.run(
        `COPY (SELECT ${Object.keys(CHECKPOINT_COLUMNS).map((c) => `"${c}"`).join(', ')} FROM read_json('${ndjson.replaceAll("'", "''")}', format = 'newline_delimited', columns = ${columns}, maximum_object_size = 1073741824)) TO '${out.replaceAll("'", "''")}' (FORMAT parquet, COMPRESSION snappy)`,
      ),
    );
    const sizeInBytes = (await fs.stat(out)).size;
    await table.store.putFile(`${table.tableKey}/${checkpointFile(state.version)}`, out, { move: true });
    const last = { version: state.version, size: rows.length, sizeInBytes, numOfAddFiles: state.files.size };
    await table.store.put(`${table.tableKey}/${LOG_DIR}/_last_checkpoint`, JSON.stringify(last));
    return { version: state.version, rows: rows.length, sizeInBytes };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

function checkpointRows(state: LogState): Array<Record<string, unknown>> {
  const rows: Array<Record<string, unknown>> = [];
  const p = state.protocol;
  rows.push({ protocol: { minReaderVersion: p.minReaderVersion, minWriterVersion: p.minWriterVersion, readerFeatures: p.readerFeatures ?? null, writerFeatures: p.writerFeatures ?? null } });
  const m = state.metaData;
  rows.push({
    metaData: {
      id: m.id,
      name: m.name ?? null,
      description: m.description ?? null,
      format: { provider: m.format?.provider ?? 'parquet', options: m.format?.options ?? {} },
      schemaString: m.schemaString,
      partitionColumns: m.partitionColumns,
      configuration: m.configuration ?? {},
      createdTime: m.createdTime ?? null,
    },
  });
  for (const t of state.txns.values()) rows.push({ txn: { appId: t.appId, version: t.version, lastUpdated: t.lastUpdated ?? null } });
  for (const a of state.files.values()) {
    rows.push({
      add: {
        path: a.path,
        partitionValues: a.partitionValues ?? {},
        size: a.size,
        modificationTime: a.modificationTime,
        dataChange: false,
        stats: a.stats ?? null,
        tags: a.tags ?? null,
      },
    });
  }
  const retention = parseInterval(state.metaData.configuration?.['delta.deletedFileRetentionDuration']) ?? DEFAULT_TOMBSTONE_RETENTION_MS;
  const cutoff = Date.now() - retention;
  for (const r of state.tombstones.values()) {
    if ((r.deletionTimestamp ?? 0) < cutoff) continue;
    rows.push({
      remove: {
        path: r.path,
        deletionTimestamp: r.deletionTimestamp ?? null,
        dataChange: false,
        extendedFileMetadata: r.extendedFileMetadata ?? null,
        partitionValues: r.partitionValues ?? null,
        size: r.size ?? null,
      },
    });
  }
  return rows;
}

/** Spark interval strings such as "interval 7 days" / "interval 168 hours". */
export function parseInterval(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const m = /^\s*(?:interval\s+)?(\d+)\s*(second|minute|hour|day|week)s?\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = { second: 1e3, minute: 6e4, hour: 36e5, day: 864e5, week: 6048e5 }[(m[2] as string).toLowerCase() as 'second'];
  return Number(m[1]) * unit;
}
