/**
 * Publishes gold lake tables to PostgreSQL (what Azure Postgres serving does for the seed
 * system). Per table, only when its Delta version changed since the last publish:
 *   1. DuckDB exports the snapshot to a temporary CSV file;
 *   2. one PG transaction: advisory lock, COPY into a fresh staging table, drop the old table,
 *      rename the staging table into place, index the key, record the version in _fde_publish.
 * Readers keep seeing the old table until COMMIT and the new one after it, never a partial one.
 * Columns are derived from the Delta schema each time, so schema changes migrate themselves.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openDuck, sqlIdent, sqlString, type Duck } from '../../duck/duck';
import type { ColumnSpec, Lake, LakeLayer } from '../../lake/types';
import { pgIdent, pgLiteral, pgType } from './pg-types';

export interface PublishOptions {
  lake: Lake;
  /** postgres://user@host:port/db (credentials only from the URL or PG* environment variables). */
  url: string;
  /** Target schema; defaults to the layer name ("gold"). */
  schema?: string;
  layer?: LakeLayer;
  /** Only these table names (default: every table of the layer). */
  tables?: string[];
  /** Publish even when the version is unchanged. */
  force?: boolean;
  onTable?: (result: PublishedTable) => void;
}

export interface PublishedTable {
  table: string;
  lakeTable: string;
  version: number;
  status: 'published' | 'unchanged';
  rows: number;
  durationMs: number;
}

const STATE_TABLE = '_fde_publish';

export async function publishPostgres(o: PublishOptions): Promise<PublishedTable[]> {
  const layer = o.layer ?? 'gold';
  const schema = o.schema ?? layer;
  const client = new pg.Client({ connectionString: o.url, application_name: 'fde-publish' });
  await client.connect();
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'fde-publish-'));
  let duck: Duck | undefined;
  try {
    await ensureSchema(client, schema);
    const infos = (await o.lake.listTables()).filter((t) => t.layer === layer && (!o.tables || o.tables.includes(t.name)));
    if (o.tables) {
      const missing = o.tables.filter((t) => !infos.some((i) => i.name === t));
      if (missing.length > 0) throw new Error(`not in the lake's ${layer} layer: ${missing.join(', ')}`);
    }
    const published = await publishedVersions(client, schema);
    const keys = await manifestKeys(o.lake, layer);
    const results: PublishedTable[] = [];
    for (const info of infos.sort((a, b) => a.name.localeCompare(b.name))) {
      const t0 = performance.now();
      const table = await o.lake.openTable(layer, info.name);
      if (!table) continue;
      const snap = await table.snapshot();
      const prev = published.get(info.name);
      if (!o.force && prev === snap.version && (await tableExists(client, schema, info.name))) {
        const r: PublishedTable = { table: `${schema}.${info.name}`, lakeTable: info.id, version: snap.version, status: 'unchanged', rows: snap.numRecords, durationMs: performance.now() - t0 };
        results.push(r);
        o.onTable?.(r);
        continue;
      }
      if (!duck) {
        duck = await openDuck({ threads: 2 });
        await duck.run("SET TimeZone = 'UTC'");
        await o.lake.attach(duck);
      }
      const csv = path.join(tmp, `${info.name}.csv`);
      const cols = snap.columns;
      await exportCsv(duck, `${layer}.${sqlIdent(info.name)}`, cols, csv);
      const rows = await loadTable(client, schema, info.name, info.id, snap.version, cols, csv, keys.get(info.name) ?? []);
      const r: PublishedTable = { table: `${schema}.${info.name}`, lakeTable: info.id, version: snap.version, status: 'published', rows, durationMs: performance.now() - t0 };
      results.push(r);
      o.onTable?.(r);
    }
    return results;
  } finally {
    duck?.close();
    await client.end().catch(() => undefined);
    await rm(tmp, { recursive: true, force: true });
  }
}

async function ensureSchema(client: pg.Client, schema: string): Promise<void> {
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${pgIdent(schema)}`);
  await client.query(`CREATE TABLE IF NOT EXISTS ${pgIdent(schema)}.${STATE_TABLE} (
    table_name text PRIMARY KEY,
    lake_table text NOT NULL,
    delta_version bigint NOT NULL,
    row_count bigint NOT NULL,
    columns jsonb NOT NULL,
    published_at timestamptz NOT NULL DEFAULT now())`);
}

async function publishedVersions(client: pg.Client, schema: string): Promise<Map<string, number>> {
  const res = await client.query<{ table_name: string; delta_version: string }>(`SELECT table_name, delta_version FROM ${pgIdent(schema)}.${STATE_TABLE}`);
  return new Map(res.rows.map((r) => [r.table_name, Number(r.delta_version)]));
}

async function tableExists(client: pg.Client, schema: string, name: string): Promise<boolean> {
  const res = await client.query('SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2', [schema, name]);
  return (res.rowCount ?? 0) > 0;
}

/** Unique keys from the model manifest (indexed in PG for the typical "by symbol and date" reads). */
async function manifestKeys(lake: Lake, layer: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const table = await lake.openTable('meta', 'manifest');
  if (!table) return out;
  const duck = await openDuck({ threads: 1 });
  try {
    await lake.attach(duck);
    const rows = await duck.all<{ id: string; unique_key: string | null }>(`SELECT id, unique_key FROM meta.manifest WHERE layer = ${sqlString(layer)}`);
    for (const r of rows) {
      const keys = r.unique_key ? (JSON.parse(r.unique_key) as string[]) : [];
      if (keys.length > 0) out.set(r.id.split('.')[1] ?? r.id, keys);
    }
  } finally {
    duck.close();
  }
  return out;
}

async function exportCsv(duck: Duck, relation: string, cols: ColumnSpec[], file: string): Promise<void> {
  // Timestamps are written with an explicit UTC offset so timestamptz reads them exactly.
  const select = cols
    .map((c) => (c.type === 'timestamp' ? `strftime(${sqlIdent(c.name)}, '%Y-%m-%d %H:%M:%S.%f+00') AS ${sqlIdent(c.name)}` : sqlIdent(c.name)))
    .join(', ');
  await duck.run(`COPY (SELECT ${select} FROM ${relation}) TO ${sqlString(file)} (FORMAT csv, HEADER false)`);
}

async function loadTable(
  client: pg.Client,
  schema: string,
  name: string,
  lakeId: string,
  version: number,
  cols: ColumnSpec[],
  csv: string,
  keys: string[],
): Promise<number> {
  const s = pgIdent(schema);
  const stage = `__fde_new_${name}`;
  await client.query('BEGIN');
  try {
    // One publisher per table at a time; others wait, then find the work done or redo it whole.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`fde-publish:${schema}.${name}`]);
    await client.query(`DROP TABLE IF EXISTS ${s}.${pgIdent(stage)}`);
    await client.query(`CREATE TABLE ${s}.${pgIdent(stage)} (${cols.map((c) => `${pgIdent(c.name)} ${pgType(c.type)}`).join(', ')})`);
    const copy = client.query(copyFrom(`COPY ${s}.${pgIdent(stage)} FROM STDIN WITH (FORMAT csv)`));
    await pipeline(createReadStream(csv), copy);
    const rows = copy.rowCount ?? 0;
    await client.query(`DROP TABLE IF EXISTS ${s}.${pgIdent(name)}`);
    await client.query(`ALTER TABLE ${s}.${pgIdent(stage)} RENAME TO ${pgIdent(name)}`);
    const keyCols = keys.filter((k) => cols.some((c) => c.name === k));
    if (keyCols.length > 0) {
      await client.query(`CREATE INDEX ${pgIdent(`${name}_key_idx`.slice(0, 63))} ON ${s}.${pgIdent(name)} (${keyCols.map(pgIdent).join(', ')})`);
    }
    for (const c of cols) {
      if (c.description) await client.query(`COMMENT ON COLUMN ${s}.${pgIdent(name)}.${pgIdent(c.name)} IS ${pgLiteral(c.description)}`);
    }
    await client.query(`COMMENT ON TABLE ${s}.${pgIdent(name)} IS ${pgLiteral(`published from lake table ${lakeId} version ${version}`)}`);
    await client.query(
      `INSERT INTO ${s}.${STATE_TABLE} (table_name, lake_table, delta_version, row_count, columns, published_at)
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (table_name) DO UPDATE SET lake_table = EXCLUDED.lake_table, delta_version = EXCLUDED.delta_version,
         row_count = EXCLUDED.row_count, columns = EXCLUDED.columns, published_at = EXCLUDED.published_at`,
      [name, lakeId, version, rows, JSON.stringify(cols)],
    );
    await client.query('COMMIT');
    return rows;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
