/**
 * Delta column types -> PostgreSQL column types for published tables.
 */
import type { ColumnSpec } from '../../lake/types';

export function pgType(type: ColumnSpec['type']): string {
  const dec = /^decimal\((\d+),(\d+)\)$/.exec(type);
  if (dec) return `numeric(${dec[1]},${dec[2]})`;
  switch (type) {
    case 'string':
      return 'text';
    case 'long':
      return 'bigint';
    case 'integer':
      return 'integer';
    case 'short':
    case 'byte':
      return 'smallint';
    case 'double':
      return 'double precision';
    case 'float':
      return 'real';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'timestamp':
      // Lake timestamps are UTC; timestamptz keeps that meaning for every reader's time zone.
      return 'timestamptz';
    case 'binary':
      return 'bytea';
    default:
      return 'text';
  }
}

export function pgIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function pgLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
