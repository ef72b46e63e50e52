/**
 * The SQL lab: read-only queries over the lake with `AS OF VERSION` time travel, capped results
 * with typed cells, and a persisted history. Each query gets its own in-memory DuckDB: the lake's
 * views (and any time-travel snapshots) are created, then file access is locked to the lake's
 * folder (enable_external_access = false, allowed_directories, lock_configuration) before the
 * user's SQL runs. It never touches the service's connection, so a slow query blocks no view.
 */
import path from 'node:path';
import { JsonDuckDBValueConverter } from '@duckdb/node-api';
import type { SqlColumn, SqlHistoryEntry, SqlResult, SqlSchema } from '../../api/research-api';
import { openDuck, sqlString, type Duck } from '../duck/duck';
import { viewSqlFor } from '../lake/lake';
import type { LakeTable } from '../lake/table';
import type { LakeLayer } from '../lake/types';
import type { ResearchContext } from './context';
import { appendHistory, readHistory } from './sql-history';
import { TIME_TRAVEL_SCHEMA, checkReadOnly, rewriteTimeTravel, type TimeTravelRef } from './sql-guard';

/** A query still running after this long is interrupted. */
export const QUERY_TIMEOUT_MS = 120_000;

function localLakeRoot(uri: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(uri) && !uri.startsWith('file://')) return undefined;
  return path.resolve(uri.startsWith('file://') ? new URL(uri).pathname : uri);
}

export function columnKind(type: string): SqlColumn['kind'] {
  if (/\[|^(STRUCT|MAP|UNION)\b/.test(type)) return 'other';
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UHUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/.test(type)) return 'number';
  if (type === 'BOOLEAN') return 'boolean';
  if (type === 'DATE') return 'date';
  if (type.startsWith('TIMESTAMP')) return 'timestamp';
  if (/^(VARCHAR|UUID|ENUM|TIME|INTERVAL|BLOB|BIT)/.test(type)) return 'string';
  return 'other';
}

type Cell = SqlResult['rows'][number][number];

/** JSON cell -> contract cell: numbers as numbers where exact, non-finite floats as null. */
export function cell(value: unknown, kind: SqlColumn['kind']): Cell {
  if (value === null || value === undefined) return null;
  if (kind === 'number') {
    if (typeof value === 'number') return Number.isFinite(value) ? value : null;
    if (typeof value === 'string') {
      const x = Number(value);
      if (!Number.isFinite(x)) return null;
      // 64-bit integers beyond 2^53 stay exact strings; decimals become the nearest double.
      return /^-?\d+$/.test(value) && !Number.isSafeInteger(x) ? value : x;
    }
  }
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value;
  if (typeof value === 'object') return value as Record<string, unknown>;
  return String(value);
}

async function prepare(ctx: ResearchContext, refs: TimeTravelRef[]): Promise<Duck> {
  // Bounded, so a runaway query cannot take the workstation's memory.
  const duck = await openDuck({ threads: 2, memoryLimit: '2GB' });
  try {
    await ctx.lake.attach(duck);
    if (refs.length > 0) await duck.run(`CREATE SCHEMA ${TIME_TRAVEL_SCHEMA}`);
    for (const ref of refs) {
      const table = await ctx.lake.openTable(ref.layer as LakeLayer, ref.name);
      if (!table) throw new Error(`no table ${ref.table} in the lake`);
      let sql: string;
      try {
        sql = await viewSqlFor(table as LakeTable, { version: ref.version });
      } catch (error) {
        throw new Error(`${ref.table} has no readable version ${ref.version}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, { cause: error });
      }
      await duck.run(`CREATE VIEW ${TIME_TRAVEL_SCHEMA}.${ref.view} AS ${sql}`);
    }
    const root = localLakeRoot(ctx.lake.uri);
    if (root) await duck.run(`SET allowed_directories = [${sqlString(`${root}${path.sep}`)}]`);
    // Remote lakes read cached copies; the parse gate alone guards them (documented in docs/research.md).
    if (root) await duck.run(`SET enable_external_access = false`);
    await duck.run(`SET lock_configuration = true`);
    return duck;
  } catch (error) {
    duck.close();
    throw error;
  }
}

export async function sqlRun(ctx: ResearchContext, request: { sql: string; maxRows: number }): Promise<SqlResult> {
  const started = performance.now();
  let entry: SqlHistoryEntry | undefined;
  try {
    const { sql, refs } = rewriteTimeTravel(request.sql);
    const duck = await prepare(ctx, refs);
    try {
      await checkReadOnly(duck, sql);
      const timer = setTimeout(() => duck.connection.interrupt(), QUERY_TIMEOUT_MS);
      try {
        const result = await duck.connection.stream(sql);
        const names = result.columnNames();
        const types = result.columnTypes().map((t) => t.toString());
        const columns: SqlColumn[] = names.map((name, i) => ({ name, type: types[i]!, kind: columnKind(types[i]!) }));
        const rows: Cell[][] = [];
        let truncated = false;
        for (;;) {
          const chunk = await result.fetchChunk();
          if (!chunk || chunk.rowCount === 0) break;
          for (const row of chunk.convertRows(JsonDuckDBValueConverter)) {
            if (rows.length === request.maxRows) {
              truncated = true;
              break;
            }
            rows.push(row.map((v, i) => cell(v, columns[i]!.kind)));
          }
          if (truncated) break;
        }
        const elapsedMs = performance.now() - started;
        entry = await appendHistory(ctx.lake.uri, { sql: request.sql, ok: true, rowCount: rows.length, elapsedMs, error: null });
        return { columns, rows, rowCount: rows.length, truncated, elapsedMs, historyId: entry.id, timeTravel: refs.map((r) => ({ table: r.table, version: r.version })) };
      } finally {
        clearTimeout(timer);
      }
    } finally {
      duck.close();
    }
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    if (!entry) await appendHistory(ctx.lake.uri, { sql: request.sql, ok: false, rowCount: null, elapsedMs: performance.now() - started, error: message });
    throw error instanceof Error ? error : new Error(message);
  }
}

export async function sqlHistory(ctx: ResearchContext, request: { limit: number }): Promise<{ entries: SqlHistoryEntry[] }> {
  const all = await readHistory(ctx.lake.uri);
  return { entries: all.slice(-request.limit).reverse() };
}

export async function sqlSchema(ctx: ResearchContext): Promise<SqlSchema> {
  const tables = await ctx.lake.listTables();
  const out: SqlSchema['tables'] = [];
  for (const t of tables) {
    if (!ctx.has(t.id)) continue;
    const [layer, name] = t.id.split('.') as [string, string];
    const cols = await ctx.duck.all<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM "${layer}"."${name}"`);
    out.push({ id: t.id, version: t.version, columns: cols.map((c) => ({ name: c.column_name, type: c.column_type })) });
  }
  return { tables: out };
}
