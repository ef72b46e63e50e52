import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';

export type SqlParams = DuckDBValue[] | Record<string, DuckDBValue>;
/** A row as plain JS values: BIGINT -> bigint, DECIMAL -> number-ish objects, DATE/TIMESTAMP -> Date. */
export type JsRow = Record<string, unknown>;
/** A row as JSON-safe values: BIGINT and DECIMAL as exact strings, dates as ISO strings. */
export type JsonRow = Record<string, unknown>;

/**
 * One in-process DuckDB database with one connection. Every engine job opens its own;
 * lake tables are attached as views by the lake (see main/lake).
 */
export interface Duck {
  readonly connection: DuckDBConnection;
  run(sql: string, params?: SqlParams): Promise<void>;
  /** Rows with JS values (bigint for BIGINT). */
  all<T extends JsRow = JsRow>(sql: string, params?: SqlParams): Promise<T[]>;
  /** Rows with JSON-safe values (64-bit integers and decimals as exact strings). */
  json(sql: string, params?: SqlParams): Promise<{ columns: string[]; rows: JsonRow[] }>;
  close(): void;
}

export interface OpenDuckOptions {
  /** Database file; in-memory when omitted. */
  path?: string;
  /** Worker threads for DuckDB; defaults to DuckDB's own choice (all cores). */
  threads?: number;
  /** Memory limit such as '4GB'. */
  memoryLimit?: string;
}

export async function openDuck(options: OpenDuckOptions = {}): Promise<Duck> {
  const config: Record<string, string> = {
    // No extension downloads on these machines and none wanted in production: parquet, json and
    // icu are built in.
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  };
  if (options.threads !== undefined) config.threads = String(options.threads);
  if (options.memoryLimit !== undefined) config.memory_limit = options.memoryLimit;
  const instance = await DuckDBInstance.create(options.path ?? ':memory:', config);
  const connection = await instance.connect();
  return {
    connection,
    async run(sql, params) {
      await connection.run(sql, params);
    },
    async all<T extends JsRow>(sql: string, params?: SqlParams) {
      const reader = await connection.runAndReadAll(sql, params);
      return reader.getRowObjectsJS() as T[];
    },
    async json(sql, params) {
      const reader = await connection.runAndReadAll(sql, params);
      return { columns: reader.columnNames(), rows: reader.getRowObjectsJson() as JsonRow[] };
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** Quotes a string literal for SQL text (for paths and names that cannot be bound parameters). */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Quotes an identifier. */
export function sqlIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
