/**
 * Spark StructType JSON (the Delta `schemaString`) and its mapping to DuckDB types and to the
 * contract's ColumnSpec.
 */
import type { ColumnSpec, DeltaPrimitiveType } from '../types';
import { SchemaError, UnsupportedFeatureError } from '../errors';

export type DeltaDataType = string | DeltaStructType | DeltaArrayType | DeltaMapType;
export interface DeltaStructField {
  name: string;
  type: DeltaDataType;
  nullable: boolean;
  metadata: Record<string, unknown>;
}
export interface DeltaStructType {
  type: 'struct';
  fields: DeltaStructField[];
}
export interface DeltaArrayType {
  type: 'array';
  elementType: DeltaDataType;
  containsNull: boolean;
}
export interface DeltaMapType {
  type: 'map';
  keyType: DeltaDataType;
  valueType: DeltaDataType;
  valueContainsNull: boolean;
}

const PRIMITIVE_TO_DUCK: Record<string, string> = {
  string: 'VARCHAR',
  long: 'BIGINT',
  integer: 'INTEGER',
  short: 'SMALLINT',
  byte: 'TINYINT',
  double: 'DOUBLE',
  float: 'FLOAT',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMPTZ',
  timestamp_ntz: 'TIMESTAMP',
  binary: 'BLOB',
};

const DECIMAL_RE = /^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$/;

export function parseSchemaString(schemaString: string, table: string): DeltaStructType {
  let parsed: unknown;
  try {
    parsed = JSON.parse(schemaString);
  } catch {
    throw new SchemaError(`table ${table}: metaData.schemaString is not valid JSON`);
  }
  const root = parsed as DeltaStructType;
  if (!root || root.type !== 'struct' || !Array.isArray(root.fields)) {
    throw new SchemaError(`table ${table}: metaData.schemaString is not a Spark struct type`);
  }
  return root;
}

export function isPrimitive(type: DeltaDataType): type is string {
  return typeof type === 'string';
}

/** DuckDB SQL type for a Delta type. */
export function duckType(type: DeltaDataType, table = '?'): string {
  if (typeof type === 'string') {
    const direct = PRIMITIVE_TO_DUCK[type];
    if (direct) return direct;
    const dec = DECIMAL_RE.exec(type);
    if (dec) return `DECIMAL(${dec[1]},${dec[2]})`;
    throw new UnsupportedFeatureError(table, `type ${type}`);
  }
  switch (type.type) {
    case 'struct':
      return `STRUCT(${type.fields.map((f) => `${quoteIdent(f.name)} ${duckType(f.type, table)}`).join(', ')})`;
    case 'array':
      return `${duckType(type.elementType, table)}[]`;
    case 'map':
      return `MAP(${duckType(type.keyType, table)}, ${duckType(type.valueType, table)})`;
    default:
      throw new UnsupportedFeatureError(table, `type ${JSON.stringify(type)}`);
  }
}

/** Walks every (nested) type, for feature detection such as timestamp_ntz. */
export function someType(type: DeltaDataType, pred: (t: string) => boolean): boolean {
  if (typeof type === 'string') return pred(type);
  if (type.type === 'struct') return type.fields.some((f) => someType(f.type, pred));
  if (type.type === 'array') return someType(type.elementType, pred);
  return someType(type.keyType, pred) || someType(type.valueType, pred);
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

const CONTRACT_PRIMITIVES = new Set(['string', 'long', 'integer', 'short', 'byte', 'double', 'float', 'boolean', 'date', 'timestamp', 'binary']);

export function isContractType(type: string): type is DeltaPrimitiveType {
  return CONTRACT_PRIMITIVES.has(type) || DECIMAL_RE.test(type);
}

/** ColumnSpec list of the top-level columns with contract (primitive) types. */
export function toColumnSpecs(schema: DeltaStructType): ColumnSpec[] {
  const out: ColumnSpec[] = [];
  for (const field of schema.fields) {
    if (typeof field.type !== 'string' || !isContractType(field.type)) continue;
    const spec: ColumnSpec = { name: field.name, type: field.type, nullable: field.nullable };
    const comment = field.metadata?.comment;
    if (typeof comment === 'string') spec.description = comment;
    out.push(spec);
  }
  return out;
}

export function fromColumnSpecs(columns: ColumnSpec[], table: string): DeltaStructType {
  const seen = new Set<string>();
  const fields = columns.map((c): DeltaStructField => {
    const key = c.name.toLowerCase();
    if (/[ ,;{}()\n\t=]/.test(c.name) || c.name === '') {
      throw new SchemaError(`table ${table}: invalid column name '${c.name}' (Delta without column mapping forbids spaces and any of ,;{}()=)`);
    }
    if (seen.has(key)) throw new SchemaError(`table ${table}: duplicate column '${c.name}' (Delta column names are case-insensitive)`);
    seen.add(key);
    if (!isContractType(c.type)) throw new SchemaError(`table ${table}: column '${c.name}' has unsupported type '${c.type}'`);
    const dec = DECIMAL_RE.exec(c.type);
    if (dec && (Number(dec[1]) < 1 || Number(dec[1]) > 38 || Number(dec[2]) > Number(dec[1]))) {
      throw new SchemaError(`table ${table}: column '${c.name}' has invalid ${c.type} (precision 1..38, scale <= precision)`);
    }
    return {
      name: c.name,
      type: c.type.replace(/\s+/g, ''),
      nullable: c.nullable ?? true,
      metadata: c.description ? { comment: c.description } : {},
    };
  });
  return { type: 'struct', fields };
}

export function sameType(a: DeltaDataType, b: DeltaDataType): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
