/**
 * SQL for a DuckDB view over one table snapshot: read_parquet over the live files, partition
 * values joined in from the log (never parsed from directory names), older files that lack
 * newer columns padded with NULLs, and typed empty results for tables without files.
 */
import { withLakeDuck } from './internal-duck';
import { duckType, quoteIdent, type DeltaStructField } from './delta/schema';
import { partitionValueSql } from './delta/paths';

export interface ViewFile {
  localPath: string;
  partitionValues: Record<string, string | null>;
}

interface FileSchema {
  signature: string;
}

/** Parquet schemas are immutable per file: cache them for the life of the process. */
const schemaCache = new Map<string, FileSchema>();
const duckTypesCache = new Map<string, Map<string, string>>();

async function fileSchemas(paths: string[]): Promise<Map<string, FileSchema>> {
  const missing = paths.filter((p) => !schemaCache.has(p));
  if (missing.length > 0) {
    await withLakeDuck(async (duck) => {
      for (let i = 0; i < missing.length; i += 500) {
        const chunk = missing.slice(i, i + 500);
        const rows = await duck.all<{ file_name: string; name: string; type: string | null; num_children: bigint | number | null; logical_type: string | null; converted_type: string | null }>(
          `SELECT file_name, name, type, num_children, logical_type, converted_type FROM parquet_schema([${chunk.map(sqlText).join(', ')}])`,
        );
        const sig = new Map<string, string[]>();
        for (const r of rows) {
          const list = sig.get(r.file_name) ?? [];
          list.push(`${r.name}|${r.type}|${r.num_children}|${r.logical_type}|${r.converted_type}`);
          sig.set(r.file_name, list);
        }
        for (const p of chunk) schemaCache.set(p, { signature: (sig.get(p) ?? []).slice(1).join(';') });
      }
    });
  }
  const out = new Map<string, FileSchema>();
  for (const p of paths) out.set(p, schemaCache.get(p) as FileSchema);
  return out;
}

/** DuckDB's own column types for one representative file of a schema group (lower-cased names). */
async function groupTypes(signature: string, file: string): Promise<Map<string, string>> {
  const cached = duckTypesCache.get(signature);
  if (cached) return cached;
  const types = await withLakeDuck(async (duck) => {
    const rows = await duck.all<{ column_name: string; column_type: string }>(
      `DESCRIBE SELECT * FROM read_parquet(${sqlText(file)}, hive_partitioning = false)`,
    );
    return new Map(rows.map((r) => [r.column_name.toLowerCase(), `${r.column_name}\u0000${r.column_type}`]));
  });
  duckTypesCache.set(signature, types);
  return types;
}

export async function buildViewSql(table: string, fields: DeltaStructField[], partitionBy: string[], files: ViewFile[]): Promise<string> {
  const typed = fields.map((f) => ({ field: f, duck: duckType(f.type, table), isPart: partitionBy.includes(f.name) }));
  if (files.length === 0) {
    return `SELECT ${typed.map((t) => `CAST(NULL AS ${t.duck}) AS ${quoteIdent(t.field.name)}`).join(', ')} LIMIT 0`;
  }
  const schemas = await fileSchemas(files.map((f) => f.localPath));
  const groups = new Map<string, ViewFile[]>();
  for (const f of files) {
    const sig = schemas.get(f.localPath)?.signature ?? '';
    const list = groups.get(sig) ?? [];
    list.push(f);
    groups.set(sig, list);
  }
  const selects: string[] = [];
  for (const [sig, group] of groups) {
    const types = await groupTypes(sig, (group[0] as ViewFile).localPath);
    const exprs = typed.map(({ field, duck, isPart }, i) => {
      const alias = quoteIdent(field.name);
      if (isPart) return `m.${quoteIdent(`__p${i}`)} AS ${alias}`;
      const found = types.get(field.name.toLowerCase());
      if (!found) return `CAST(NULL AS ${duck}) AS ${alias}`;
      const [physName, physType] = found.split('\u0000') as [string, string];
      const ref = `d.${quoteIdent(physName)}`;
      if (physType === duck) return `${ref} AS ${alias}`;
      // INT96 / non-UTC-adjusted timestamps: Spark wrote UTC instants, not session-local times.
      if (field.type === 'timestamp' && physType === 'TIMESTAMP') return `timezone('UTC', ${ref}) AS ${alias}`;
      return `CAST(${ref} AS ${duck}) AS ${alias}`;
    });
    const list = `[${group.map((f) => sqlText(f.localPath)).join(', ')}]`;
    if (partitionBy.length === 0) {
      selects.push(`SELECT ${exprs.join(', ')} FROM read_parquet(${list}, hive_partitioning = false) AS d`);
    } else {
      const partCols = typed.map((t, i) => ({ ...t, i })).filter((t) => t.isPart);
      const values = group
        .map((f) => `(${[sqlText(f.localPath), ...partCols.map((p) => partitionValueSql(f.partitionValues[p.field.name], String(p.field.type), p.duck))].join(', ')})`)
        .join(', ');
      const mCols = ['__fde_path', ...partCols.map((p) => quoteIdent(`__p${p.i}`))].join(', ');
      selects.push(
        `SELECT ${exprs.join(', ')} FROM read_parquet(${list}, hive_partitioning = false, filename = '__fde_file') AS d JOIN (VALUES ${values}) AS m(${mCols}) ON d.__fde_file = m.__fde_path`,
      );
    }
  }
  return selects.join('\nUNION ALL\n');
}

function sqlText(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
