/**
 * Maps DuckDB result types to the lake's Delta primitive types, with the cast that makes a
 * column writable when DuckDB's type has no Delta twin (HUGEINT from sum(), lists, TIMESTAMPTZ...).
 */
import type { DeltaPrimitiveType } from '../lake/types';

export interface ColumnMapping {
  type: DeltaPrimitiveType;
  /** SQL expression turning the column into the Delta type, given the quoted column name. */
  cast?: (col: string) => string;
}

export function mapDuckType(duckType: string): ColumnMapping {
  const t = duckType.toUpperCase().trim();
  const dec = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(t);
  if (dec) return { type: `decimal(${Number(dec[1])},${Number(dec[2])})` };
  switch (t) {
    case 'VARCHAR':
      return { type: 'string' };
    case 'BIGINT':
      return { type: 'long' };
    case 'INTEGER':
      return { type: 'integer' };
    case 'SMALLINT':
      return { type: 'short' };
    case 'TINYINT':
      return { type: 'byte' };
    case 'DOUBLE':
      return { type: 'double' };
    case 'FLOAT':
      return { type: 'float' };
    case 'BOOLEAN':
      return { type: 'boolean' };
    case 'DATE':
      return { type: 'date' };
    case 'TIMESTAMP':
      return { type: 'timestamp' };
    case 'BLOB':
      return { type: 'binary' };
    case 'UTINYINT':
    case 'USMALLINT':
      return { type: 'integer', cast: (c) => `CAST(${c} AS INTEGER)` };
    case 'UINTEGER':
    case 'UBIGINT':
    case 'HUGEINT':
    case 'UHUGEINT':
      return { type: 'long', cast: (c) => `CAST(${c} AS BIGINT)` };
    case 'TIMESTAMP WITH TIME ZONE':
    case 'TIMESTAMP_NS':
    case 'TIMESTAMP_MS':
    case 'TIMESTAMP_S':
      // Sessions run with TimeZone=UTC, so this keeps the UTC wall clock.
      return { type: 'timestamp', cast: (c) => `CAST(${c} AS TIMESTAMP)` };
    case '"NULL"':
    case 'NULL':
      return { type: 'string', cast: (c) => `CAST(${c} AS VARCHAR)` };
    default:
      // Lists, structs, maps, intervals, UUIDs, times: kept as their JSON/text form.
      if (t.endsWith('[]') || t.startsWith('STRUCT') || t.startsWith('MAP')) return { type: 'string', cast: (c) => `CAST(to_json(${c}) AS VARCHAR)` };
      return { type: 'string', cast: (c) => `CAST(${c} AS VARCHAR)` };
  }
}
