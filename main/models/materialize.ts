/**
 * The SQL of each materialization, run on the executor's DuckDB connection. Every strategy
 * builds the model's complete new content (or the new content of the affected partitions) in a
 * scratch table and hands it to the table store in one write, so a crash never leaves half a model.
 */
import { sqlIdent, sqlString, type Duck } from '../duck/duck';
import type { ColumnSpec, LakeLayer } from '../lake/types';
import type { Model } from '../../pipelines/runner/index';
import { mapDuckType } from './delta-types';
import type { PartitionSel, TableStore } from './table-store';

export interface WriteContext {
  duck: Duck;
  store: TableStore;
  runId: string;
  /** Version of the target before this step (undefined when it does not exist). */
  before: number | undefined;
}

export interface WriteOutcome {
  version: number;
  columns: ColumnSpec[];
}

const q = sqlIdent;

export async function describe(duck: Duck, relation: string): Promise<Array<{ name: string; type: string }>> {
  const rows = await duck.all<{ column_name: string; column_type: string }>(`DESCRIBE ${relation}`);
  return rows.map((r) => ({ name: r.column_name, type: r.column_type }));
}

export async function countRows(duck: Duck, relation: string): Promise<number> {
  const rows = await duck.all<{ n: bigint }>(`SELECT count(*) AS n FROM ${relation}`);
  return Number(rows[0]?.n ?? 0);
}

/** Writes a scratch table as the model's new content (whole table or the given partitions). */
export async function writeScratch(model: Model, scratch: string, partitions: PartitionSel, ctx: WriteContext): Promise<WriteOutcome> {
  const cols = await describe(ctx.duck, scratch);
  const columns: ColumnSpec[] = [];
  const select: string[] = [];
  let adoptable = true;
  for (const c of cols) {
    const m = mapDuckType(c.type);
    const spec: ColumnSpec = { name: c.name, type: m.type, nullable: true };
    const doc = model.config.columns[c.name];
    if (doc) spec.description = doc;
    columns.push(spec);
    if (m.cast) adoptable = false;
    select.push(m.cast ? `${m.cast(q(c.name))} AS ${q(c.name)}` : q(c.name));
  }
  const out = await ctx.store.write({
    layer: model.layer as LakeLayer,
    name: model.name,
    description: model.config.description,
    columns,
    partitionBy: model.config.partition_by,
    sql: `SELECT ${select.join(', ')} FROM ${scratch}`,
    scratch,
    adoptable,
    partitions,
    txn: { appId: `fde-models/${model.relation}`, version: (ctx.before ?? -1) + 1 },
    info: { job: 'models', model: model.relation, run_id: ctx.runId, materialized: model.config.materialized },
  });
  await ctx.duck.run(`DROP TABLE IF EXISTS ${scratch}`);
  return { version: out.version, columns };
}

/**
 * True when two relations hold the same multiset of rows over the given columns (count plus an
 * order-independent sum of row hashes). Used to skip writes that would not change a table, so
 * an unchanged model gets no new Delta version and nothing downstream is rebuilt or re-published.
 */
export async function sameContent(duck: Duck, a: string, b: string, columns: string[]): Promise<boolean> {
  const cols = columns.map(q).join(', ');
  const fp = (rel: string) => `SELECT count(*) AS n, coalesce(sum(CAST(hash(${cols}) AS HUGEINT)), 0) AS h FROM ${rel}`;
  try {
    const rows = await duck.all<{ n: bigint; h: bigint }>(`SELECT x.n = y.n AND x.h = y.h AS same FROM (${fp(a)}) x, (${fp(b)}) y`);
    return (rows[0] as { same?: boolean } | undefined)?.same === true;
  } catch {
    return false; // e.g. a column missing on one side: treat as changed
  }
}

/** Join condition on the unique key that treats NULL keys as equal. */
function keyOn(keys: string[], a: string, b: string): string {
  return keys.map((k) => `${a}.${q(k)} IS NOT DISTINCT FROM ${b}.${q(k)}`).join(' AND ');
}

/** The incremental cutoff as a typed SQL literal, or undefined when the target is empty. */
export async function incrementalCutoff(duck: Duck, target: string, column: string, lookback: string): Promise<string | undefined> {
  const expr = `max(${q(column)}) - INTERVAL ${sqlString(lookback)}`;
  const rows = await duck.all<{ v: string | null; t: string }>(`SELECT CAST(${expr} AS VARCHAR) AS v, typeof(${expr}) AS t FROM ${target}`);
  const row = rows[0];
  if (!row || row.v === null) return undefined;
  return `CAST(${sqlString(row.v)} AS ${row.t})`;
}

/**
 * Merge: target rows inside the re-processing window or sharing a key with a new row are
 * replaced by the new rows; with partition_by only the touched partitions are rewritten.
 * Returns undefined when nothing changes (no new rows and nothing in the window, or — with
 * checkUnchanged — the rewritten partitions would hold exactly the rows they hold now).
 */
export async function mergeIncremental(
  model: Model,
  target: string,
  delta: string,
  scratch: string,
  cutoff: string,
  duck: Duck,
  checkUnchanged: boolean,
): Promise<PartitionSel | undefined> {
  const keys = model.config.unique_key;
  const col = q(model.config.incremental?.column ?? '');
  const parts = model.config.partition_by;
  const survivors = `SELECT t.* FROM ${target} t ANTI JOIN ${delta} n ON ${keyOn(keys, 't', 'n')} WHERE NOT coalesce(t.${col} >= ${cutoff}, false)`;
  if (parts.length === 0) {
    const changed = await countRows(duck, delta);
    const inWindow = (await duck.all<{ n: bigint }>(`SELECT count(*) AS n FROM ${target} WHERE ${col} >= ${cutoff}`))[0]?.n ?? 0n;
    if (changed === 0 && Number(inWindow) === 0) return undefined;
    await duck.run(`CREATE OR REPLACE TABLE ${scratch} AS ${survivors} UNION ALL BY NAME SELECT * FROM ${delta}`);
    if (checkUnchanged && (await sameContent(duck, scratch, target, (await describe(duck, scratch)).map((c) => c.name)))) return undefined;
    return 'all';
  }
  const pcols = parts.map(q).join(', ');
  const tp = parts.map((p) => `t.${q(p)}`).join(', ');
  await duck.run(`CREATE OR REPLACE TEMP TABLE fde_affected AS
    SELECT DISTINCT ${pcols} FROM (
      SELECT ${pcols} FROM ${delta}
      UNION ALL SELECT ${tp} FROM ${target} t WHERE t.${col} >= ${cutoff}
      UNION ALL SELECT ${tp} FROM ${target} t SEMI JOIN ${delta} n ON ${keyOn(keys, 't', 'n')})`);
  const rows = await duck.all<Record<string, string | null>>(
    `SELECT ${parts.map((p) => `CAST(${q(p)} AS VARCHAR) AS ${q(p)}`).join(', ')} FROM fde_affected ORDER BY ALL`,
  );
  let changed = rows.length > 0;
  if (changed) {
    await duck.run(`CREATE OR REPLACE TABLE ${scratch} AS
      SELECT s.* FROM (${survivors}) s SEMI JOIN fde_affected a ON ${keyOn(parts, 's', 'a')}
      UNION ALL BY NAME SELECT * FROM ${delta}`);
    if (checkUnchanged) {
      const cols = (await describe(duck, scratch)).map((c) => c.name);
      const old = `(SELECT t.* FROM ${target} t SEMI JOIN fde_affected a ON ${keyOn(parts, 't', 'a')})`;
      changed = !(await sameContent(duck, scratch, old, cols));
    }
  }
  await duck.run('DROP TABLE IF EXISTS fde_affected');
  return changed ? rows : undefined;
}

/**
 * SCD Type 2: compares the source's current rows with the snapshot's current rows on the
 * check columns. Changed keys close the old row (valid_to = run time, is_current = false) and
 * open a new one; keys gone from the source are closed (hard deletes); unchanged keys stay.
 * Returns the number of opened plus closed rows (0 = nothing to write).
 */
export async function buildSnapshot(
  model: Model,
  source: string,
  target: string | undefined,
  scratch: string,
  runAt: string,
  duck: Duck,
): Promise<number> {
  const keys = model.config.unique_key;
  const checkCols = model.config.snapshot?.check_cols ?? [];
  const hash = (alias: string) => `md5(concat_ws('|', ${checkCols.map((c) => `coalesce(CAST(${alias}.${q(c)} AS VARCHAR), '\\N')`).join(', ')}))`;
  const first = model.config.snapshot?.initial_valid_from;
  const now = `TIMESTAMP ${sqlString(runAt)}`;
  if (target === undefined) {
    const from = first ? `TIMESTAMP ${sqlString(first)}` : now;
    await duck.run(`CREATE OR REPLACE TABLE ${scratch} AS
      SELECT s.*, ${from} AS valid_from, CAST(NULL AS TIMESTAMP) AS valid_to, true AS is_current FROM ${source} s`);
    return countRows(duck, scratch);
  }
  const changes = `
    WITH cur AS (SELECT *, true AS fde_present FROM ${target} WHERE is_current),
    src AS (SELECT *, true AS fde_present FROM ${source}),
    closed AS (
      SELECT c.* EXCLUDE (valid_to, is_current, fde_present), ${now} AS valid_to, false AS is_current
      FROM cur c LEFT JOIN src s ON ${keyOn(keys, 'c', 's')}
      WHERE s.fde_present IS NULL OR ${hash('c')} <> ${hash('s')}),
    opened AS (
      SELECT s.* EXCLUDE (fde_present), ${now} AS valid_from, CAST(NULL AS TIMESTAMP) AS valid_to, true AS is_current
      FROM src s LEFT JOIN cur c ON ${keyOn(keys, 's', 'c')}
      WHERE c.fde_present IS NULL OR ${hash('c')} <> ${hash('s')})
    SELECT 'closed' AS kind, * FROM closed UNION ALL BY NAME SELECT 'opened' AS kind, * FROM opened`;
  await duck.run(`CREATE OR REPLACE TEMP TABLE fde_snapshot_changes AS ${changes}`);
  const n = await countRows(duck, 'fde_snapshot_changes');
  if (n > 0) {
    // Keep history and unchanged current rows, replace closed ones, add opened ones.
    await duck.run(`CREATE OR REPLACE TABLE ${scratch} AS
      SELECT t.* FROM ${target} t
      WHERE NOT t.is_current
         OR NOT EXISTS (SELECT 1 FROM fde_snapshot_changes x WHERE x.kind = 'closed' AND ${keyOn(keys, 't', 'x')})
      UNION ALL BY NAME SELECT * EXCLUDE (kind) FROM fde_snapshot_changes`);
  }
  await duck.run('DROP TABLE IF EXISTS fde_snapshot_changes');
  return n;
}

export { q as quoteIdent };
