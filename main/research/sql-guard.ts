/**
 * The SQL lab's read-only gate. A query runs only when DuckDB's own parser
 * (json_serialize_sql, which serializes SELECT statements only) reads it as exactly one SELECT
 * (or SHOW / DESCRIBE / SUMMARIZE, which parse to a SELECT over a SHOW_REF; EXPLAIN is checked on
 * the statement it explains), and that statement reads only lake views and a few harmless table
 * functions: no file paths as tables, no read_csv / read_parquet / query(). Writes (INSERT, COPY,
 * CREATE, ATTACH, SET, PRAGMA, ...) fail the parse step. The query then runs on its own DuckDB
 * instance with file access locked to the lake (see sql-lab.ts): two independent fences.
 */
import type { Duck } from '../duck/duck';
import { sqlString } from '../duck/duck';

export class SqlRefusedError extends Error {
  constructor(reason: string) {
    super(`refused: ${reason}`);
    this.name = 'SqlRefusedError';
  }
}

/** Table functions that read no files and change nothing. */
const ALLOWED_TABLE_FUNCTIONS = new Set([
  'range', 'generate_series', 'unnest', 'duckdb_tables', 'duckdb_views', 'duckdb_columns', 'duckdb_schemas',
  'duckdb_types', 'duckdb_functions', 'duckdb_keywords', 'pragma_table_info', 'summary',
]);
/** Scalar functions that reach outside the query (environment, settings changes). */
const DENIED_FUNCTIONS = new Set(['getenv', 'set_config', 'read_text', 'read_blob']);
const ALLOWED_CATALOGS = new Set(['', 'memory', 'system', 'temp']);
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Time travel: `layer.name AS OF VERSION n` becomes a view of that snapshot. */
const AS_OF = /\b(bronze|silver|gold|meta)\s*\.\s*("?)([A-Za-z_][A-Za-z0-9_]*)\2\s+AS\s+OF\s+VERSION\s+(\d{1,9})\b/gi;
export const TIME_TRAVEL_SCHEMA = '__asof';

export interface TimeTravelRef {
  table: string;
  layer: string;
  name: string;
  version: number;
  view: string;
}

export function rewriteTimeTravel(sql: string): { sql: string; refs: TimeTravelRef[] } {
  const refs = new Map<string, TimeTravelRef>();
  const out = sql.replace(AS_OF, (_m, layer: string, _q: string, name: string, version: string) => {
    const l = layer.toLowerCase();
    const view = `${l}__${name}__v${Number(version)}`;
    refs.set(view, { table: `${l}.${name}`, layer: l, name, version: Number(version), view });
    return `${TIME_TRAVEL_SCHEMA}.${view}`;
  });
  return { sql: out, refs: [...refs.values()] };
}

export type StatementKind = 'select' | 'show' | 'explain';

/** Throws SqlRefusedError unless the SQL is one read-only statement; returns its kind. */
export async function checkReadOnly(duck: Duck, sql: string): Promise<StatementKind> {
  let body = sql.trim().replace(/;\s*$/, '');
  let kind: StatementKind = 'select';
  const explain = /^EXPLAIN\s+(ANALYZE\s+)?/i.exec(body);
  if (explain) {
    body = body.slice(explain[0].length);
    kind = 'explain';
  }
  const rows = await duck.all<{ j: string }>(`SELECT json_serialize_sql(${sqlString(body)}) AS j`);
  const parsed = JSON.parse(rows[0]!.j) as { error?: boolean; error_message?: string; statements?: unknown[] };
  if (parsed.error) {
    const message = parsed.error_message ?? 'unparseable';
    if (/Only SELECT statements/i.test(message)) throw new SqlRefusedError('only one read-only statement (SELECT, WITH, VALUES, SHOW, DESCRIBE, SUMMARIZE, EXPLAIN) may run in the SQL lab');
    throw new SqlRefusedError(`the statement does not parse: ${message}`);
  }
  const statements = parsed.statements ?? [];
  if (statements.length !== 1) throw new SqlRefusedError(`one statement at a time (got ${statements.length})`);
  walk(statements[0]);
  if (kind === 'select' && /^(SHOW|DESCRIBE|DESC|SUMMARIZE)\b/i.test(body)) kind = 'show';
  return kind;
}

function walk(node: unknown): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const n = node as Record<string, unknown>;
  if (n.type === 'TABLE_FUNCTION') {
    const fn = (n.function as { function_name?: string } | undefined)?.function_name?.toLowerCase() ?? '';
    if (!ALLOWED_TABLE_FUNCTIONS.has(fn)) throw new SqlRefusedError(`table function ${fn}() is not allowed (it may read files); query the lake's tables (SHOW ALL TABLES)`);
  }
  if (n.type === 'BASE_TABLE') {
    const name = String(n.table_name ?? '');
    const catalog = String(n.catalog_name ?? '');
    if (!IDENT.test(name)) throw new SqlRefusedError(`'${name}' is not a table name; files cannot be read from the SQL lab`);
    if (!ALLOWED_CATALOGS.has(catalog.toLowerCase())) throw new SqlRefusedError(`catalog ${catalog} is not available`);
  }
  if (n.class === 'FUNCTION' && typeof n.function_name === 'string' && DENIED_FUNCTIONS.has(n.function_name.toLowerCase())) {
    throw new SqlRefusedError(`function ${n.function_name}() is not allowed`);
  }
  for (const value of Object.values(n)) if (value && typeof value === 'object') walk(value);
}
