/**
 * The lake contract every writer and reader in the project uses. Implementations live beside
 * this file (Delta Lake protocol, reader 1 / writer 2; local folder and Azure Blob backends).
 *
 * Layout: a lake is a folder (or container prefix) holding one Delta table per
 * `<layer>/<name>/` where layer is one of LAKE_LAYERS. A table's identity is "layer.name"
 * (for example "bronze.alpaca_trades"); in DuckDB it is visible as the view layer.name and,
 * when the name is unique across layers, also as the bare name.
 */
import type { Duck } from '../duck/duck';

export const LAKE_LAYERS = ['bronze', 'silver', 'gold', 'meta'] as const;
export type LakeLayer = (typeof LAKE_LAYERS)[number];

/** Delta primitive types (Spark StructType names). */
export type DeltaPrimitiveType =
  | 'string'
  | 'long'
  | 'integer'
  | 'short'
  | 'byte'
  | 'double'
  | 'float'
  | 'boolean'
  | 'date'
  | 'timestamp'
  | 'binary'
  | `decimal(${number},${number})`;

export interface ColumnSpec {
  name: string;
  type: DeltaPrimitiveType;
  /** Defaults to true. */
  nullable?: boolean;
  /** Column documentation (kept in the Delta schema's field metadata as "comment"). */
  description?: string;
}

export interface TableSpec {
  layer: LakeLayer;
  name: string;
  columns: ColumnSpec[];
  partitionBy?: string[];
  description?: string;
}

/** Exactly-once marker: a commit carrying (appId, version) is applied at most once per table. */
export interface TxnMarker {
  appId: string;
  version: number;
}

export interface CommitResult {
  /** Table version after the call. */
  version: number;
  /** False when the txn marker showed the batch had already been committed (nothing written). */
  committed: boolean;
  addedFiles: number;
  addedRows: number;
}

/**
 * What to write: a DuckDB SELECT (run on the given connection) whose columns match the table
 * schema by name. The lake writes it as Parquet (split by partition columns), then commits.
 */
export interface WriteInput {
  duck: Duck;
  sql: string;
}

export interface WriteOptions {
  txn?: TxnMarker;
  /** Free-form commitInfo.operationParameters additions (for lineage: job, run id, source). */
  info?: Record<string, string>;
}

export interface OverwriteOptions extends WriteOptions {
  /**
   * Which partitions to replace: 'all' replaces the whole table (remove every file);
   * otherwise a predicate over partition values (each object is one partition, all keys equal).
   * Defaults to the partitions present in the new data (dynamic partition overwrite).
   */
  partitions?: 'all' | 'dynamic' | Array<Record<string, string | null>>;
}

export interface DataFile {
  /** Path DuckDB can read: a local absolute path (Azure files are cached locally first). */
  localPath: string;
  /** Path relative to the table root, as in the Delta log. */
  path: string;
  size: number;
  partitionValues: Record<string, string | null>;
  numRecords?: number;
  /** Parsed Delta stats: minValues/maxValues/nullCount keyed by column. */
  stats?: { numRecords?: number; minValues?: Record<string, unknown>; maxValues?: Record<string, unknown>; nullCount?: Record<string, unknown> };
}

export interface Snapshot {
  version: number;
  timestamp: number;
  columns: ColumnSpec[];
  partitionBy: string[];
  files: DataFile[];
  /** Latest txn version per appId. */
  appTxns: Record<string, number>;
  numRecords: number;
}

export interface TableInfo {
  id: string; // "layer.name"
  layer: LakeLayer;
  name: string;
  version: number;
  numFiles: number;
  numRecords: number;
  description?: string;
}

export interface DeltaTable {
  readonly id: string;
  snapshot(at?: { version?: number; timestamp?: number }): Promise<Snapshot>;
  append(input: WriteInput, options?: WriteOptions): Promise<CommitResult>;
  /**
   * Appends Parquet files written outside DuckDB (unpartitioned tables only). Each file must hold
   * exactly the table's columns with its types; files are copied in, the caller keeps its own.
   */
  appendFiles(localFiles: string[], duck: Duck, options?: WriteOptions): Promise<CommitResult>;
  overwrite(input: WriteInput, options?: OverwriteOptions): Promise<CommitResult>;
}

export interface Lake {
  /** Local folder path or a URL such as az://container/prefix. */
  readonly uri: string;
  listTables(): Promise<TableInfo[]>;
  /** Opens an existing table; undefined when it does not exist. */
  openTable(layer: LakeLayer, name: string): Promise<DeltaTable | undefined>;
  /** Creates the table when missing; adds new nullable columns when the spec gained some. */
  ensureTable(spec: TableSpec): Promise<DeltaTable>;
  /**
   * Creates (or replaces) DuckDB views for every table's latest snapshot: layer.name and, when
   * unambiguous, the bare name. Returns the ids of the registered tables.
   */
  attach(duck: Duck): Promise<string[]>;
  close(): Promise<void>;
}

/** Options of acquireIngestLease(lake, options) (main/lake/index.ts): one live ingestor per lake. */
export interface IngestLeaseOptions {
  /** Lock name under _locks/ (default "ingest"). */
  name?: string;
  /** Lease duration in ms; Azure allows 15-60 s (default 15 s). Renewed at a third of it. */
  durationMs?: number;
  /** Called once when leadership is lost (failed renewal, takeover): stop writing at once. */
  onLost?: (reason: string) => void;
  /** Aborting stops waiting as a follower (acquire rejects). */
  signal?: AbortSignal;
  /** Free text stored with a local claim (e.g. "alpaca-stream on host X"). */
  holder?: string;
}

export interface IngestLease {
  readonly name: string;
  readonly holder: string;
  /** True until the lease is lost or released. */
  isLeader(): boolean;
  /** Resolves with the reason when leadership ends ('released' after release()). */
  readonly ended: Promise<string>;
  release(): Promise<void>;
}
