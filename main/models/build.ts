/**
 * The programmatic entry of the model layer (used by the CLI, the demo and the scheduler):
 *   buildModels({ lake, select, onProgress })  run + test in DAG order (dbt build)
 *   runModels(...)                              materialize only
 *   testModels(...)                             checks only
 * Each call opens its own DuckDB (or uses the one given), attaches the lake, runs the runner
 * and appends run artifacts to meta tables.
 */
import { randomBytes } from 'node:crypto';
import { openDuck, type Duck } from '../duck/duck';
import type { ColumnSpec, Lake } from '../lake/types';
import { runProject, type Project, type RunCommand, type RunEvent, type RunOutcome } from '../../pipelines/runner/index';
import { appendRows, CHECK_RESULTS, checkRows, loadHistory, loadState, modelRows, RUN_RESULTS, writeManifest } from './artifacts';
import { createExecutor, describeRelation } from './executor';
import { mapDuckType } from './delta-types';
import { lakeStore, SCRATCH_SCHEMA } from './lake-store';
import { readProject } from './project-files';
import { duckStore, type TableStore } from './table-store';

export interface ModelsOptions {
  /** The lake to read sources from and write models to. Without it, tables live in the DuckDB only. */
  lake?: Lake;
  /** Reuse a DuckDB connection (kept open); otherwise one is opened and closed. */
  duck?: Duck;
  select?: string | string[];
  fullRefresh?: boolean;
  /** Model project folder; defaults to pipelines/models. */
  modelsDir?: string;
  project?: Project;
  /** The run's clock (snapshot validity, freshness); defaults to now. */
  now?: Date;
  threads?: number;
  onProgress?: (event: RunEvent) => void;
  onWarning?: (message: string) => void;
  /** Skip writing meta.* artifacts (benchmarks). */
  artifacts?: boolean;
}

export interface ModelsReport extends RunOutcome {
  runId: string;
  missingSources: string[];
  durationMs: number;
  manifestWritten: boolean;
}

export async function buildModels(options: ModelsOptions): Promise<ModelsReport> {
  return execute('build', options);
}
export async function runModels(options: ModelsOptions): Promise<ModelsReport> {
  return execute('run', options);
}
export async function testModels(options: ModelsOptions): Promise<ModelsReport> {
  return execute('test', options);
}

export async function prepareDuck(duck: Duck): Promise<void> {
  // Timestamps are UTC wall clock everywhere in the models.
  await duck.run("SET TimeZone = 'UTC'");
  for (const schema of ['bronze', 'silver', 'gold', 'meta', 'staging', SCRATCH_SCHEMA]) await duck.run(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
}

async function execute(command: RunCommand, o: ModelsOptions): Promise<ModelsReport> {
  const t0 = performance.now();
  const project = o.project ?? (await readProject(o.modelsDir));
  const duck = o.duck ?? (await openDuck(o.threads !== undefined ? { threads: o.threads } : {}));
  const now = o.now ?? new Date();
  const runId = `${now.toISOString().replace(/[-:.]/g, '')}-${randomBytes(3).toString('hex')}`;
  try {
    await prepareDuck(duck);
    const store: TableStore = o.lake ? lakeStore(o.lake, duck) : duckStore(duck);
    const writeArtifacts = o.artifacts !== false;
    const executor = createExecutor({
      duck,
      store,
      project,
      runId,
      runAt: now,
      fullRefresh: o.fullRefresh ?? false,
      state: writeArtifacts ? await loadStateAfter(store, duck) : new Map(),
      history: writeArtifacts ? await loadHistory(duck) : new Map(),
      ...(o.onWarning ? { onWarning: o.onWarning } : {}),
    });
    await executor.refresh();
    // Views are cheap and every command needs them (test reads them, a partial selection builds
    // on unselected ones); a broken view is reported by the run itself when it is selected.
    for (const name of project.order) {
      const model = project.models.get(name);
      if (model?.config.materialized === 'view') await executor.materialize(model).catch(() => undefined);
    }
    const outcome = await runProject(project, executor, { command, ...(o.select !== undefined ? { select: o.select } : {}), ...(o.onProgress ? { onEvent: o.onProgress } : {}) });
    let manifestWritten = false;
    if (writeArtifacts) {
      const stamp = Date.now();
      if (command !== 'test') await appendRows(store, RUN_RESULTS, modelRows(runId, command, outcome.models, executor.built, now), stamp, runId);
      if (outcome.checks.length > 0) await appendRows(store, CHECK_RESULTS, checkRows(runId, outcome.checks, now), stamp, runId);
      await store.refresh();
      manifestWritten = await writeManifest(duck, store, project, await modelColumns(duck, project), now, runId);
    }
    return { ...outcome, runId, missingSources: [...executor.missingSources].sort(), durationMs: performance.now() - t0, manifestWritten };
  } finally {
    if (!o.duck) duck.close();
  }
}

async function loadStateAfter(store: TableStore, duck: Duck) {
  await store.refresh();
  return loadState(duck);
}

/** Actual columns of every model relation that exists (for the manifest). */
async function modelColumns(duck: Duck, project: Project): Promise<Map<string, ColumnSpec[]>> {
  const out = new Map<string, ColumnSpec[]>();
  for (const model of project.models.values()) {
    try {
      const cols = await describeRelation(duck, model.relation);
      out.set(
        model.name,
        cols.map((c) => {
          const spec: ColumnSpec = { name: c.name, type: mapDuckType(c.type).type };
          const doc = model.config.columns[c.name];
          if (doc) spec.description = doc;
          return spec;
        }),
      );
    } catch {
      // not built yet
    }
  }
  return out;
}
