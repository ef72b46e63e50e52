/**
 * The engine's model executor: runs the runner's steps on DuckDB and stores results through a
 * TableStore (the lake in the engine). A model whose inputs (SQL, upstream views, input table
 * versions) are unchanged since its last successful build is reported up_to_date and not
 * rewritten, so rebuilding with the same bronze creates no new table versions downstream.
 */
import { sqlIdent, sqlString, type Duck } from '../duck/duck';
import type { ColumnSpec, LakeLayer } from '../lake/types';
import { fnv, renderTemplate, type Executor, type MaterializeOutcome, type Model, type Project } from '../../pipelines/runner/index';
import { compileCheck } from '../../pipelines/quality/compile';
import { evaluateCheck } from '../../pipelines/quality/evaluate';
import type { BoundCheck, CheckResult } from '../../pipelines/quality/types';
import { buildSnapshot, countRows, describe, incrementalCutoff, mergeIncremental, sameContent, writeScratch } from './materialize';
import type { TableStore } from './table-store';

export interface ModelState {
  fingerprint: string;
  tableVersion: number | null;
  rows: number;
}

export interface ExecutorOptions {
  duck: Duck;
  store: TableStore;
  project: Project;
  runId: string;
  /** The run's clock: snapshot validity and freshness are measured against it. */
  runAt: Date;
  fullRefresh?: boolean;
  /** Last successful state per model (from meta.run_results). */
  state?: Map<string, ModelState>;
  /** Previous observed values per check id (from meta.check_results). */
  history?: Map<string, number[]>;
  onWarning?: (message: string) => void;
}

export interface ModelExecutor extends Executor {
  /** Fingerprints and columns of the models built in this run. */
  readonly built: Map<string, { fingerprint: string; columns: ColumnSpec[] }>;
  /** Re-registers lake tables and stands in empty relations for declared but missing sources. */
  refresh(): Promise<void>;
  readonly missingSources: Set<string>;
}

export function createExecutor(o: ExecutorOptions): ModelExecutor {
  const { duck, store, project } = o;
  const runAtSql = o.runAt.toISOString().replace('T', ' ').replace('Z', '');
  const built = new Map<string, { fingerprint: string; columns: ColumnSpec[] }>();
  const missingSources = new Set<string>();
  const relationOf = (name: string) => project.models.get(name)?.relation ?? name;

  async function refresh(): Promise<void> {
    await store.refresh();
    for (const id of await standInMissingSources(duck, project)) {
      if (!missingSources.has(id)) {
        missingSources.add(id);
        o.onWarning?.(`source ${id} is not in the lake yet: models read it as empty`);
      }
    }
  }

  /** Lake tables a model reads, looking through views; plus the SQL of those views. */
  function inputsOf(model: Model, tables: Set<string>, views: string[]): void {
    for (const s of model.sources) tables.add(`${s.layer}.${s.table}`);
    for (const d of model.dependsOn) {
      const parent = project.models.get(d) as Model;
      if (parent.config.materialized === 'view') {
        views.push(`${parent.name}:${parent.sqlHash}`);
        inputsOf(parent, tables, views);
      } else tables.add(parent.relation);
    }
  }

  async function fingerprint(model: Model): Promise<string> {
    const tables = new Set<string>();
    const views: string[] = [];
    inputsOf(model, tables, views);
    const versions: string[] = [];
    for (const id of [...tables].sort()) {
      const [layer, name] = id.split('.') as [LakeLayer, string];
      const v = missingSources.has(id) ? 'missing' : String((await store.version(layer, name)) ?? 'none');
      versions.push(`${id}@${v}`);
    }
    return fnv(JSON.stringify({ sql: model.sqlHash, views: [...new Set(views)].sort(), versions }));
  }

  async function materializeTable(model: Model, fp: string, before: number | undefined): Promise<MaterializeOutcome> {
    const layer = model.layer as LakeLayer;
    const scratch = store.scratchRelation(layer, model.name);
    const ctx = { duck, store, runId: o.runId, before };
    const mat = model.config.materialized;
    const full = o.fullRefresh || before === undefined;
    const render = (cutoff?: string) => renderTemplate(model.body, { relationOf, self: model.relation, ...(cutoff ? { cutoff } : {}) });

    if (mat === 'snapshot') {
      const src = store.scratchRelation(layer, `${model.name}__src`);
      await duck.run(`CREATE OR REPLACE TABLE ${src} AS ${render()}`);
      const changes = await buildSnapshot(model, src, full ? undefined : model.relation, scratch, runAtSql, duck);
      await duck.run(`DROP TABLE IF EXISTS ${src}`);
      if (changes === 0 && !full) return unchanged(model, fp, before, 'no changes in the snapshot source');
      const rows = await countRows(duck, scratch);
      const out = await writeScratch(model, scratch, 'all', ctx);
      built.set(model.name, { fingerprint: fp, columns: out.columns });
      return { status: 'success', rows, tableVersion: out.version, message: `${changes} rows opened or closed` };
    }
    if (mat === 'incremental' && !full) {
      const inc = model.config.incremental as { column: string; lookback: string };
      const cutoff = await incrementalCutoff(duck, model.relation, inc.column, inc.lookback);
      if (cutoff !== undefined) {
        const delta = store.scratchRelation(layer, `${model.name}__delta`);
        await duck.run(`CREATE OR REPLACE TABLE ${delta} AS ${render(cutoff)}`);
        const shape = async (rel: string) => (await describe(duck, rel)).map((c) => c.name).sort().join(',');
        if ((await shape(delta)) !== (await shape(model.relation))) {
          // The model's columns changed since the table was built: merge is impossible, rebuild.
          await duck.run(`DROP TABLE IF EXISTS ${delta}`);
          await duck.run(`CREATE OR REPLACE TABLE ${scratch} AS ${render()}`);
          const all = await countRows(duck, scratch);
          const out = await writeScratch(model, scratch, 'all', ctx);
          built.set(model.name, { fingerprint: fp, columns: out.columns });
          return { status: 'success', rows: all, tableVersion: out.version, message: 'columns changed: full rebuild' };
        }
        const rows = await countRows(duck, delta);
        const partitions = await mergeIncremental(model, model.relation, delta, scratch, cutoff, duck, store.kind === 'lake');
        await duck.run(`DROP TABLE IF EXISTS ${delta}`);
        if (partitions === undefined) return unchanged(model, fp, before, `${rows} rows since ${cutoff}: no change`);
        const out = await writeScratch(model, scratch, partitions, ctx);
        built.set(model.name, { fingerprint: fp, columns: out.columns });
        const where = partitions === 'all' ? 'whole table' : `${partitions.length} partitions`;
        return { status: 'success', rows, tableVersion: out.version, message: `merged ${rows} rows since ${cutoff} (${where})` };
      }
    }
    await duck.run(`CREATE OR REPLACE TABLE ${scratch} AS ${render()}`);
    const rows = await countRows(duck, scratch);
    if (store.kind === 'lake' && before !== undefined && !o.fullRefresh) {
      const cols = (await describe(duck, scratch)).map((c) => c.name);
      if (await sameContent(duck, scratch, model.relation, cols)) {
        await duck.run(`DROP TABLE IF EXISTS ${scratch}`);
        return { ...unchanged(model, fp, before, 'content unchanged: not rewritten'), rows };
      }
    }
    const out = await writeScratch(model, scratch, 'all', ctx);
    built.set(model.name, { fingerprint: fp, columns: out.columns });
    return { status: 'success', rows, tableVersion: out.version, message: mat === 'incremental' ? 'full build' : '' };
  }

  function unchanged(model: Model, fp: string, before: number | undefined, message: string): MaterializeOutcome {
    built.set(model.name, { fingerprint: fp, columns: [] });
    const out: MaterializeOutcome = { status: 'success', rows: 0, message };
    if (before !== undefined) out.tableVersion = before;
    return out;
  }

  return {
    built,
    missingSources,
    refresh,
    async materialize(model) {
      if (model.config.materialized === 'view') {
        await duck.run(`CREATE SCHEMA IF NOT EXISTS ${model.layer}`);
        await duck.run(`CREATE OR REPLACE VIEW ${model.relation} AS ${renderTemplate(model.body, { relationOf, self: model.relation })}`);
        return { status: 'success', rows: 0, message: 'view' };
      }
      if (model.layer === 'staging') throw new Error('staging models must be views (the lake has no staging layer)');
      const fp = await fingerprint(model);
      const before = await store.version(model.layer as LakeLayer, model.name);
      const prev = o.state?.get(model.name);
      // Only lake tables have versions for every input; DuckDB-only stores always rebuild.
      if (store.kind === 'lake' && !o.fullRefresh && prev && before !== undefined && prev.fingerprint === fp && prev.tableVersion === before) {
        built.set(model.name, { fingerprint: fp, columns: [] });
        return { status: 'up_to_date', rows: prev.rows, tableVersion: before, message: 'inputs unchanged since the last build' };
      }
      const out = await materializeTable(model, fp, before);
      if (out.tableVersion !== before) await refresh();
      return out;
    },
    async check(model, bound) {
      return runCheck(duck, project, model, bound, runAtSql, o.history?.get(bound.id) ?? []);
    },
  };
}

export async function runCheck(duck: Duck, project: Project, model: Model, bound: BoundCheck, runAtSql: string, history: number[]): Promise<CheckResult> {
  const sql = compileCheck(bound.check, {
    relation: model.relation,
    resolve: (m) => project.models.get(m)?.relation ?? m,
    nowSql: `TIMESTAMP ${sqlString(runAtSql)}`,
  });
  const base = { id: bound.id, model: model.name, type: bound.check.type, severity: bound.check.severity, sql };
  const t0 = performance.now();
  try {
    const rows = await duck.all<{ failures: bigint; observed: number | null }>(sql);
    const m = { failures: Number(rows[0]?.failures ?? 0), observed: rows[0]?.observed ?? null };
    const v = evaluateCheck(bound, m, history);
    return { ...base, status: v.status, failures: v.failures, observed: m.observed, message: v.message, durationMs: performance.now() - t0 };
  } catch (error) {
    const msg = error instanceof Error ? error.message.split('\n', 1)[0] ?? '' : String(error);
    return { ...base, status: 'error', failures: 0, observed: null, message: `check query failed: ${msg}`, durationMs: performance.now() - t0 };
  }
}

export { describe as describeRelation };

async function exists(duck: Duck, relation: string): Promise<boolean> {
  const [schema, name] = relation.split('.') as [string, string];
  const rows = await duck.all(
    `SELECT 1 FROM duckdb_views() WHERE schema_name = $1 AND view_name = $2 UNION ALL SELECT 1 FROM duckdb_tables() WHERE schema_name = $1 AND table_name = $2`,
    [schema, name],
  );
  return rows.length > 0;
}

/** Creates an empty, typed view for every declared source that does not exist; returns their ids. */
export async function standInMissingSources(duck: Duck, project: Project): Promise<string[]> {
  const missing: string[] = [];
  for (const decl of project.sources.values()) {
    if (await exists(duck, decl.id)) {
      // A stand-in from an earlier refresh is still missing data; a real table/view replaced it otherwise.
      const v = await duck.all(`SELECT 1 FROM duckdb_views() WHERE schema_name || '.' || view_name = $1 AND sql LIKE '%fde-stand-in%'`, [decl.id]);
      if (v.length > 0) missing.push(decl.id);
      continue;
    }
    const [layer] = decl.id.split('.');
    const cols = Object.entries(decl.columns).map(([c, t]) => `CAST(NULL AS ${t}) AS ${sqlIdent(c)}`);
    await duck.run(`CREATE SCHEMA IF NOT EXISTS ${layer}`);
    await duck.run(`CREATE OR REPLACE VIEW ${decl.id} AS SELECT ${cols.join(', ') || 'NULL AS none'} WHERE 'fde-stand-in' <> ''  AND false`);
    missing.push(decl.id);
  }
  return missing;
}
