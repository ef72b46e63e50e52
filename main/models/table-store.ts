/**
 * Where materialized models live. The engine writes through the lake contract (Delta tables,
 * txn markers); the benchmark and fast tests can keep tables inside DuckDB. The executor builds
 * every result in a scratch table first and then hands it to the store.
 */
import { sqlIdent, type Duck } from '../duck/duck';
import type { ColumnSpec, LakeLayer, TxnMarker } from '../lake/types';

export type PartitionSel = 'all' | Array<Record<string, string | null>>;

export interface StoreWrite {
  layer: LakeLayer;
  name: string;
  description: string;
  columns: ColumnSpec[];
  partitionBy: string[];
  /** SELECT producing the rows in Delta-compatible types. */
  sql: string;
  /** Scratch table holding the rows; when `adoptable` (no casts needed) a store may rename it instead of copying. */
  scratch: string;
  adoptable: boolean;
  partitions: PartitionSel;
  txn: TxnMarker;
  info: Record<string, string>;
}

export interface TableStore {
  readonly kind: 'lake' | 'duck';
  /** Current version of layer.name, or undefined when the table does not exist. */
  version(layer: LakeLayer, name: string): Promise<number | undefined>;
  write(w: StoreWrite): Promise<{ version: number; committed: boolean }>;
  /** Makes every table queryable as layer.name on the duck (after writes). */
  refresh(): Promise<void>;
  /** Where the executor builds a model's new rows before writing (schema-qualified, quoted). */
  scratchRelation(layer: LakeLayer, name: string): string;
  append(w: Omit<StoreWrite, 'partitions' | 'scratch' | 'adoptable'>): Promise<void>;
}

/** Tables as plain DuckDB tables `layer.name`: no files, for benchmarks and quick tests. */
export function duckStore(duck: Duck): TableStore {
  const versions = new Map<string, number>();
  return {
    kind: 'duck',
    scratchRelation(layer, name) {
      // Same schema as the target so a full rebuild is adopted by rename, without a copy.
      return `${layer}.${sqlIdent(`__fde_new_${name}`)}`;
    },
    async version(layer, name) {
      const known = versions.get(`${layer}.${name}`);
      if (known !== undefined) return known;
      // A table from an earlier run on the same connection: version 0 of this store.
      const rows = await duck.all('SELECT 1 FROM duckdb_tables() WHERE schema_name = $1 AND table_name = $2', [layer, name]);
      if (rows.length === 0) return undefined;
      versions.set(`${layer}.${name}`, 0);
      return 0;
    },
    async write(w) {
      const id = `${w.layer}.${w.name}`;
      const target = `${w.layer}.${sqlIdent(w.name)}`;
      await duck.run(`CREATE SCHEMA IF NOT EXISTS ${w.layer}`);
      if ((w.partitions === 'all' || !versions.has(id)) && w.adoptable) {
        // Adopt the scratch table: the fastest possible "write" (a rename, no copy).
        await duck.run(`DROP TABLE IF EXISTS ${target}`);
        await duck.run(`ALTER TABLE ${w.scratch} RENAME TO ${sqlIdent(w.name)}`);
      } else if (w.partitions === 'all' || !versions.has(id)) {
        await duck.run(`CREATE OR REPLACE TABLE ${target} AS ${w.sql}`);
      } else if (w.partitions.length > 0) {
        const preds = w.partitions.map((p) => `(${Object.entries(p).map(([k, v]) => (v === null ? `${sqlIdent(k)} IS NULL` : `CAST(${sqlIdent(k)} AS VARCHAR) = '${v.replaceAll("'", "''")}'`)).join(' AND ')})`);
        await duck.run(`DELETE FROM ${target} WHERE ${preds.join(' OR ')}`);
        await duck.run(`INSERT INTO ${target} BY NAME ${w.sql}`);
      }
      const version = (versions.get(id) ?? -1) + 1;
      versions.set(id, version);
      return { version, committed: true };
    },
    async append(w) {
      const id = `${w.layer}.${w.name}`;
      const target = `${w.layer}.${sqlIdent(w.name)}`;
      await duck.run(`CREATE SCHEMA IF NOT EXISTS ${w.layer}`);
      if (!versions.has(id)) await duck.run(`CREATE OR REPLACE TABLE ${target} AS ${w.sql}`);
      else await duck.run(`INSERT INTO ${target} BY NAME ${w.sql}`);
      versions.set(id, (versions.get(id) ?? -1) + 1);
    },
    async refresh() {},
  };
}
