/**
 * Delta file statistics (numRecords, minValues, maxValues, nullCount) from Parquet footers
 * via DuckDB's parquet_metadata: reading footers is cheap, a second scan of the data is not.
 */
import type { Duck } from '../../duck/duck';
import { duckType, type DeltaStructField } from '../delta/schema';
import { toIsoUtcMicros } from '../delta/paths';

export interface FileStats {
  numRecords: number;
  minValues: Record<string, string>;
  maxValues: Record<string, string>;
  nullCount: Record<string, number>;
  /** The Delta `stats` JSON text (numbers kept exact). */
  json: string;
}

/** Types whose min/max Delta records (Spark skips boolean and binary). */
function statsKind(type: unknown): 'number' | 'string' | 'date' | 'timestamp' | undefined {
  if (typeof type !== 'string') return undefined;
  if (['long', 'integer', 'short', 'byte', 'double', 'float'].includes(type) || type.startsWith('decimal')) return 'number';
  if (type === 'string') return 'string';
  if (type === 'date') return 'date';
  if (type === 'timestamp') return 'timestamp';
  return undefined;
}

const MAX_STRING_STAT = 32;

export async function computeStats(duck: Duck, files: string[], fields: DeltaStructField[], table: string): Promise<Map<string, FileStats>> {
  const list = `[${files.map((f) => `'${f.replaceAll("'", "''")}'`).join(', ')}]`;
  const result = new Map<string, FileStats>();
  const acc = new Map<string, { numRecords: number; minValues: Record<string, string>; maxValues: Record<string, string>; nullCount: Record<string, number>; minJson: string[]; maxJson: string[]; nullJson: string[] }>();
  const primitive = fields.filter((f) => typeof f.type === 'string');
  const first = primitive[0];
  if (!first) return result;
  // Row counts: the row groups of any one top-level column (every file has all of them).
  const parts = [
    `SELECT file_name, '' AS col, NULL AS mn, NULL AS mx, sum(row_group_num_rows) AS nulls FROM __fde_meta WHERE path_in_schema = ${sqlText(first.name)} GROUP BY file_name`,
    ...primitive.map((f) => {
      const kind = statsKind(f.type);
      const t = duckType(f.type, table);
      const allHave = `count(*) = count(stats_min_value) + count(*) FILTER (WHERE stats_null_count = row_group_num_rows AND stats_min_value IS NULL)`;
      const minExpr = kind ? `CASE WHEN ${allHave} THEN CAST(min(TRY_CAST(stats_min_value AS ${t})) AS VARCHAR) END` : 'NULL';
      const maxExpr = kind ? `CASE WHEN ${allHave} THEN CAST(max(TRY_CAST(stats_max_value AS ${t})) AS VARCHAR) END` : 'NULL';
      return `SELECT file_name, ${sqlText(f.name)} AS col, ${minExpr} AS mn, ${maxExpr} AS mx,
        CASE WHEN count(stats_null_count) = count(*) THEN sum(stats_null_count) END AS nulls
        FROM __fde_meta WHERE path_in_schema = ${sqlText(f.name)} GROUP BY file_name`;
    }),
  ];
  // Footers are read once (materialized CTE), then aggregated per column with its own type.
  const rows = await duck.all<{ file_name: string; col: string; mn: string | null; mx: string | null; nulls: bigint | number | null }>(
    `WITH __fde_meta AS MATERIALIZED (SELECT file_name, path_in_schema, stats_min_value, stats_max_value, stats_null_count, row_group_num_rows FROM parquet_metadata(${list}))
     ${parts.join(' UNION ALL ')}`,
  );
  for (const r of rows) {
    if (r.col === '' && !acc.has(r.file_name)) {
      acc.set(r.file_name, { numRecords: Number(r.nulls ?? 0), minValues: {}, maxValues: {}, nullCount: {}, minJson: [], maxJson: [], nullJson: [] });
    }
  }
  const kinds = new Map(primitive.map((f) => [f.name, statsKind(f.type)]));
  for (const r of rows) {
    const a = acc.get(r.file_name);
    if (!a || r.col === '') continue;
    const kind = kinds.get(r.col);
    const key = JSON.stringify(r.col);
    if (r.nulls !== null) {
      a.nullCount[r.col] = Number(r.nulls);
      a.nullJson.push(`${key}:${String(r.nulls)}`);
    }
    if (kind && r.mn !== null && r.mx !== null) {
      const mn = formatStat(r.mn, kind, 'min');
      const mx = formatStat(r.mx, kind, 'max');
      if (mn !== undefined) {
        a.minValues[r.col] = r.mn;
        a.minJson.push(`${key}:${mn}`);
      }
      if (mx !== undefined) {
        a.maxValues[r.col] = r.mx;
        a.maxJson.push(`${key}:${mx}`);
      }
    }
  }
  for (const [file, a] of acc) {
    const numRecords = a.numRecords;
    const json = `{"numRecords":${numRecords},"minValues":{${a.minJson.join(',')}},"maxValues":{${a.maxJson.join(',')}},"nullCount":{${a.nullJson.join(',')}}}`;
    result.set(file, { numRecords, minValues: a.minValues, maxValues: a.maxValues, nullCount: a.nullCount, json });
  }
  return result;
}

/** One stat value as JSON text. Numbers stay exact text; timestamps are truncated to ms like Spark. */
function formatStat(text: string, kind: 'number' | 'string' | 'date' | 'timestamp', which: 'min' | 'max'): string | undefined {
  switch (kind) {
    case 'number':
      if (!/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(text)) return undefined; // NaN / inf: no stat
      return text;
    case 'string':
      // Delta allows a truncated prefix as the min; a truncated max would be wrong, so skip it.
      if ([...text].length <= MAX_STRING_STAT) return JSON.stringify(text);
      return which === 'min' ? JSON.stringify([...text].slice(0, MAX_STRING_STAT).join('')) : undefined;
    case 'date':
      return JSON.stringify(text);
    case 'timestamp':
      return JSON.stringify(`${toIsoUtcMicros(text).slice(0, 23)}Z`);
  }
}

function sqlText(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
