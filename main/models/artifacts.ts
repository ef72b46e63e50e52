/**
 * Run artifacts as lake tables for the UI's lineage, run and quality views:
 *   meta.run_results     one row per model per run (status, rows, duration, message, fingerprint)
 *   meta.check_results   one row per check per run (history: anomaly checks read it back)
 *   meta.manifest        models, columns, dependencies (lineage); rewritten when it changes
 * (meta.model_runs belongs to the forecast registry.)
 */
import { sqlString, type Duck } from '../duck/duck';
import type { ColumnSpec, TableSpec } from '../lake/types';
import { fnv, lineage, type ModelResult, type Project } from '../../pipelines/runner/index';
import type { CheckResult } from '../../pipelines/quality/types';
import type { ModelState } from './executor';
import type { TableStore } from './table-store';

export const RUN_RESULTS: TableSpec = {
  layer: 'meta',
  name: 'run_results',
  description: 'Model runner results: one row per model per run',
  columns: cols('run_id:string command:string model:string relation:string materialized:string status:string rows:long duration_ms:double message:string table_version:long fingerprint:string started_at:timestamp finished_at:timestamp'),
};
export const CHECK_RESULTS: TableSpec = {
  layer: 'meta',
  name: 'check_results',
  description: 'Data-quality check results with history: one row per check per run',
  columns: cols('run_id:string check_id:string model:string check_type:string severity:string status:string failures:long observed:double message:string sql:string duration_ms:double checked_at:timestamp'),
};
export const MANIFEST: TableSpec = {
  layer: 'meta',
  name: 'manifest',
  description: 'The model project: one row per model or source with columns and dependencies (lineage)',
  columns: cols('id:string kind:string layer:string materialized:string description:string file:string tags:string columns:string depends_on:string checks:string unique_key:string manifest_hash:string generated_at:timestamp'),
};

function cols(text: string): ColumnSpec[] {
  return text.split(' ').map((p) => {
    const [name, type] = p.split(':') as [string, ColumnSpec['type']];
    return { name, type, nullable: true };
  });
}

/** A VALUES-backed SELECT for a handful of rows (artifacts are tens of rows, not bulk data). */
function valuesSql(spec: TableSpec, rows: Array<Record<string, unknown>>): string {
  const duckType: Record<string, string> = { string: 'VARCHAR', long: 'BIGINT', double: 'DOUBLE', timestamp: 'TIMESTAMP' };
  const lit = (v: unknown, t: string): string => {
    if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return `CAST(NULL AS ${duckType[t]})`;
    if (v instanceof Date) return `TIMESTAMP ${sqlString(v.toISOString().replace('T', ' ').replace('Z', ''))}`;
    return `CAST(${typeof v === 'string' ? sqlString(v) : String(v)} AS ${duckType[t]})`;
  };
  const names = spec.columns.map((c) => c.name);
  const body = rows.map((r) => `(${spec.columns.map((c) => lit(r[c.name], c.type)).join(', ')})`).join(',\n');
  return `SELECT * FROM (VALUES ${body}) AS v(${names.join(', ')})`;
}

export async function appendRows(store: TableStore, spec: TableSpec, rows: Array<Record<string, unknown>>, txnVersion: number, runId: string): Promise<void> {
  if (rows.length === 0) return;
  await store.append({
    layer: spec.layer,
    name: spec.name,
    description: spec.description ?? '',
    columns: spec.columns,
    partitionBy: [],
    sql: valuesSql(spec, rows),
    txn: { appId: `fde-models/${spec.layer}.${spec.name}`, version: txnVersion },
    info: { job: 'models', run_id: runId },
  });
}

export function modelRows(runId: string, command: string, results: ModelResult[], fingerprints: Map<string, { fingerprint: string }>, startedAt: Date): Array<Record<string, unknown>> {
  const finished = new Date();
  return results.map((r) => ({
    run_id: runId,
    command,
    model: r.model,
    relation: r.relation,
    materialized: r.materialized,
    status: r.status,
    rows: r.rows,
    duration_ms: Math.round(r.durationMs * 1000) / 1000,
    message: r.message,
    table_version: r.tableVersion ?? null,
    fingerprint: r.status === 'success' || r.status === 'up_to_date' ? (fingerprints.get(r.model)?.fingerprint ?? null) : null,
    started_at: startedAt,
    finished_at: finished,
  }));
}

export function checkRows(runId: string, results: CheckResult[], at: Date): Array<Record<string, unknown>> {
  return results.map((c) => ({
    run_id: runId,
    check_id: c.id,
    model: c.model,
    check_type: c.type,
    severity: c.severity,
    status: c.status,
    failures: c.failures,
    observed: c.observed,
    message: c.message,
    sql: c.sql,
    duration_ms: Math.round(c.durationMs * 1000) / 1000,
    checked_at: at,
  }));
}

async function relationExists(duck: Duck, schema: string, name: string): Promise<boolean> {
  const rows = await duck.all(
    `SELECT 1 FROM duckdb_views() WHERE schema_name = $1 AND view_name = $2 UNION ALL SELECT 1 FROM duckdb_tables() WHERE schema_name = $1 AND table_name = $2`,
    [schema, name],
  );
  return rows.length > 0;
}

/** The last successful state per model: what decides "up to date". */
export async function loadState(duck: Duck): Promise<Map<string, ModelState>> {
  const out = new Map<string, ModelState>();
  if (!(await relationExists(duck, 'meta', RUN_RESULTS.name))) return out;
  const rows = await duck.all<{ model: string; fingerprint: string; table_version: bigint | null; rows: bigint | null }>(
    `SELECT model, fingerprint, table_version, rows FROM meta.${RUN_RESULTS.name}
     WHERE status IN ('success', 'up_to_date') AND fingerprint IS NOT NULL
     QUALIFY row_number() OVER (PARTITION BY model ORDER BY finished_at DESC, run_id DESC) = 1`,
  );
  for (const r of rows) {
    out.set(r.model, { fingerprint: r.fingerprint, tableVersion: r.table_version === null ? null : Number(r.table_version), rows: Number(r.rows ?? 0) });
  }
  return out;
}

/** Observed values per check id, oldest first (last 50). */
export async function loadHistory(duck: Duck): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  if (!(await relationExists(duck, 'meta', CHECK_RESULTS.name))) return out;
  const rows = await duck.all<{ check_id: string; observed: number }>(
    `SELECT check_id, observed FROM meta.${CHECK_RESULTS.name}
     WHERE observed IS NOT NULL AND status <> 'error'
     QUALIFY row_number() OVER (PARTITION BY check_id ORDER BY checked_at DESC, run_id DESC) <= 50
     ORDER BY check_id, checked_at, run_id`,
  );
  for (const r of rows) out.set(r.check_id, [...(out.get(r.check_id) ?? []), r.observed]);
  return out;
}

export function manifestRows(project: Project, columns: Map<string, ColumnSpec[]>, at: Date): { rows: Array<Record<string, unknown>>; hash: string } {
  const graph = lineage(project);
  const parents = new Map<string, string[]>();
  for (const e of graph.edges) parents.set(e.to, [...(parents.get(e.to) ?? []), e.from]);
  const base = graph.nodes.map((n) => {
    const model = n.kind === 'model' ? project.models.get(n.id.split('.')[1] ?? '') : undefined;
    const actual = model ? columns.get(model.name) : undefined;
    const colDocs = actual && actual.length > 0
      ? actual.map((c) => ({ name: c.name, type: c.type, description: c.description ?? n.columns[c.name] ?? '' }))
      : Object.entries(n.columns).map(([name, d]) => ({ name, type: model ? '' : d, description: model ? d : '' }));
    return {
      id: n.id,
      kind: n.kind,
      layer: n.layer,
      materialized: n.materialized ?? null,
      description: n.description,
      file: n.file ?? null,
      tags: JSON.stringify(n.tags),
      columns: JSON.stringify(colDocs),
      depends_on: JSON.stringify(parents.get(n.id) ?? []),
      checks: JSON.stringify(n.checks),
      unique_key: JSON.stringify(model?.config.unique_key ?? []),
    };
  });
  const hash = fnv(JSON.stringify(base));
  return { rows: base.map((r) => ({ ...r, manifest_hash: hash, generated_at: at })), hash };
}

export async function writeManifest(duck: Duck, store: TableStore, project: Project, columns: Map<string, ColumnSpec[]>, at: Date, runId: string): Promise<boolean> {
  const { rows, hash } = manifestRows(project, columns, at);
  if (await relationExists(duck, 'meta', MANIFEST.name)) {
    const cur = await duck.all<{ h: string | null }>(`SELECT max(manifest_hash) AS h FROM meta.${MANIFEST.name}`);
    if (cur[0]?.h === hash) return false;
  }
  const before = await store.version('meta', MANIFEST.name);
  await store.write({
    layer: 'meta',
    name: MANIFEST.name,
    description: MANIFEST.description ?? '',
    columns: MANIFEST.columns,
    partitionBy: [],
    sql: valuesSql(MANIFEST, rows),
    scratch: '',
    adoptable: false,
    partitions: 'all',
    txn: { appId: `fde-models/meta.${MANIFEST.name}`, version: (before ?? -1) + 1 },
    info: { job: 'models', run_id: runId },
  });
  return true;
}
