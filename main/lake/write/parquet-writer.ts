/**
 * Writes the rows of a DuckDB query as Delta data files: one DuckDB COPY (PARTITION_BY for
 * partitioned tables; partition columns are not stored in the files, per the Delta spec),
 * then per-file stats from the Parquet footers (no second scan of the data).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Duck } from '../../duck/duck';
import type { WriteInput } from '../types';
import { SchemaError, LakeError } from '../errors';
import { duckType, quoteIdent, type DeltaStructField, type DeltaStructType } from '../delta/schema';
import { deltaPartitionValue, HIVE_NULL } from '../delta/paths';
import { computeStats, type FileStats } from './stats';

export interface StagedFile {
  /** Absolute local path of the written Parquet file. */
  localFile: string;
  /** The caller's own file (appendFiles): copied into the table, never moved. */
  keep?: boolean;
  size: number;
  partitionValues: Record<string, string | null>;
  stats: FileStats;
}

export interface StageResult {
  files: StagedFile[];
  stagingDir: string;
  rows: number;
}

/** Columns of the query, matched to the table schema (case-insensitive, like Delta). */
async function planSelect(duck: Duck, sql: string, schema: DeltaStructType, partitionBy: string[], table: string): Promise<string> {
  let described: Array<{ column_name: string; column_type: string }>;
  try {
    described = await duck.all(`DESCRIBE SELECT * FROM (${sql}) AS __fde_q`);
  } catch (error) {
    throw new LakeError(`table ${table}: the write query failed: ${(error as Error).message.split('\n')[0]}`);
  }
  const byLower = new Map(described.map((d) => [d.column_name.toLowerCase(), d]));
  const known = new Set(schema.fields.map((f) => f.name.toLowerCase()));
  const extra = described.filter((d) => !known.has(d.column_name.toLowerCase())).map((d) => d.column_name);
  if (extra.length) {
    throw new SchemaError(
      `table ${table}: the query has column(s) not in the table schema: ${extra.join(', ')}`,
      'add them to the TableSpec (ensureTable adds nullable columns) or drop them from the query',
    );
  }
  const ordered: DeltaStructField[] = [
    ...schema.fields.filter((f) => !partitionBy.includes(f.name)),
    ...partitionBy.map((p) => schema.fields.find((f) => f.name === p) as DeltaStructField),
  ];
  return ordered
    .map((f) => {
      const target = duckType(f.type, table);
      const src = byLower.get(f.name.toLowerCase());
      if (!src) {
        if (!f.nullable) throw new SchemaError(`table ${table}: the query lacks non-nullable column '${f.name}'`);
        return `CAST(NULL AS ${target}) AS ${quoteIdent(f.name)}`;
      }
      const ref = `__fde_q.${quoteIdent(src.column_name)}`;
      // A naive TIMESTAMP is taken as UTC (not the session time zone) when it becomes a Delta timestamp.
      if (f.type === 'timestamp' && src.column_type === 'TIMESTAMP') return `timezone('UTC', ${ref}) AS ${quoteIdent(f.name)}`;
      return src.column_type === target ? `${ref} AS ${quoteIdent(f.name)}` : `CAST(${ref} AS ${target}) AS ${quoteIdent(f.name)}`;
    })
    .join(', ');
}

/** Where and for which table a write stages its files. */
export interface StagePlan {
  schema: DeltaStructType;
  partitionBy: string[];
  table: string;
  stagingDir: string;
}

export async function stageParquet(input: WriteInput, opts: StagePlan): Promise<StageResult> {
  const { duck, sql } = input;
  const { schema, partitionBy, table, stagingDir } = opts;
  const select = await planSelect(duck, sql, schema, partitionBy, table);
  const source = `SELECT ${select} FROM (${sql}) AS __fde_q`;
  const outDir = path.join(stagingDir, 'data');
  try {
    if (partitionBy.length === 0) {
      await fs.mkdir(outDir, { recursive: true });
      const file = path.join(outDir, `part-00000-${randomUUID()}-c000.snappy.parquet`);
      await duck.run(`COPY (${source}) TO ${sqlText(file)} (FORMAT parquet, COMPRESSION snappy)`);
    } else {
      await duck.run(
        `COPY (${source}) TO ${sqlText(outDir)} (FORMAT parquet, COMPRESSION snappy, PARTITION_BY (${partitionBy.map(quoteIdent).join(', ')}), FILENAME_PATTERN 'part-{uuid}', OVERWRITE_OR_IGNORE)`,
      );
    }
  } catch (error) {
    throw new LakeError(`table ${table}: writing Parquet failed: ${(error as Error).message.split('\n')[0]}`);
  }
  const written = await listParquet(outDir);
  if (written.length === 0) return { files: [], stagingDir, rows: 0 };
  const statsFields = schema.fields.filter((f) => !partitionBy.includes(f.name));
  const stats = await computeStats(duck, written, statsFields, table);
  const files: StagedFile[] = [];
  let rows = 0;
  for (const file of written) {
    const st = stats.get(file);
    if (!st || st.numRecords === 0) continue;
    checkNotNull(st, statsFields, table);
    const size = (await fs.stat(file)).size;
    files.push({ localFile: file, size, partitionValues: partitionValuesOf(outDir, file, partitionBy, schema), stats: st });
    rows += st.numRecords;
  }
  for (const p of partitionBy) {
    const field = schema.fields.find((f) => f.name === p);
    if (field && !field.nullable && files.some((f) => f.partitionValues[p] === null)) {
      throw new SchemaError(`table ${table}: partition column '${p}' is not nullable but the data has nulls`);
    }
  }
  return { files, stagingDir, rows };
}

function checkNotNull(st: FileStats, fields: DeltaStructField[], table: string): void {
  for (const f of fields) {
    if (!f.nullable && (st.nullCount[f.name] ?? 0) > 0) {
      throw new SchemaError(`table ${table}: column '${f.name}' is not nullable but the data has ${st.nullCount[f.name]} null(s)`);
    }
  }
}

/**
 * Stages Parquet files written outside DuckDB (the ingest's columnar batches): each file must
 * have exactly the table's columns with the table's DuckDB types, in any order. Stats come from
 * the footers like for DuckDB-written files; reading them also proves DuckDB can read the file.
 */
export async function stageExistingParquet(duck: Duck, localFiles: string[], opts: StagePlan): Promise<StageResult> {
  const { schema, partitionBy, table, stagingDir } = opts;
  if (partitionBy.length > 0) throw new LakeError(`table ${table}: appending ready-made Parquet files needs an unpartitioned table`);
  // DESCRIBE spells TIMESTAMPTZ out in full.
  const spelled = (t: string): string => (t === 'TIMESTAMPTZ' ? 'TIMESTAMP WITH TIME ZONE' : t);
  const expected = new Map(schema.fields.map((f) => [f.name.toLowerCase(), spelled(duckType(f.type, table))]));
  for (const file of localFiles) {
    let described: Array<{ column_name: string; column_type: string }>;
    try {
      described = await duck.all(`DESCRIBE SELECT * FROM read_parquet(${sqlText(file)})`);
    } catch (error) {
      throw new LakeError(`table ${table}: cannot read ${path.basename(file)} as Parquet: ${(error as Error).message.split('\n')[0]}`);
    }
    const wrong = described.filter((d) => expected.get(d.column_name.toLowerCase()) !== d.column_type).map((d) => `${d.column_name} ${d.column_type}`);
    const missing = [...expected.keys()].filter((name) => !described.some((d) => d.column_name.toLowerCase() === name));
    if (wrong.length || missing.length) {
      throw new SchemaError(
        `table ${table}: ${path.basename(file)} does not match the table schema` +
          (wrong.length ? `; unknown or mistyped column(s): ${wrong.join(', ')}` : '') +
          (missing.length ? `; missing column(s): ${missing.join(', ')}` : ''),
      );
    }
  }
  const stats = await computeStats(duck, localFiles, schema.fields, table);
  const files: StagedFile[] = [];
  let rows = 0;
  for (const file of localFiles) {
    const st = stats.get(file);
    if (!st || st.numRecords === 0) continue;
    checkNotNull(st, schema.fields, table);
    files.push({ localFile: file, keep: true, size: (await fs.stat(file)).size, partitionValues: {}, stats: st });
    rows += st.numRecords;
  }
  return { files, stagingDir, rows };
}

/** Partition values from DuckDB's hive directories (`col=value`, URL-escaped; NULL = HIVE default). */
function partitionValuesOf(root: string, file: string, partitionBy: string[], schema: DeltaStructType): Record<string, string | null> {
  const rel = path.relative(root, path.dirname(file)).split(path.sep);
  const out: Record<string, string | null> = {};
  partitionBy.forEach((col, i) => {
    const seg = rel[i] ?? '';
    const eq = seg.indexOf('=');
    const raw = decodeURIComponent(seg.slice(eq + 1));
    const type = schema.fields.find((f) => f.name === col)?.type;
    out[col] = raw === HIVE_NULL ? null : deltaPartitionValue(raw, typeof type === 'string' ? type : 'string');
  });
  return out;
}

async function listParquet(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.name.endsWith('.parquet')) out.push(p);
    }
  };
  await walk(dir);
  return out.sort();
}

function sqlText(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
