/**
 * The lineage page's graph: the model project's lineage (pipelines/runner/lineage.ts, the same
 * data as `fde lineage --json`) extended with the feeds (sources), the jobs' bronze tables,
 * the forecasts and the PostgreSQL tables `publish` writes; each node with its lake row count,
 * last run from the run store, state, freshness, check status and why it is stale.
 */
import type { LineageGraph, LineageNode } from '../../api/operations-api';
import { jobs } from '../../pipelines/jobs/index';
import type { JobSpec } from '../../pipelines/jobs/job-spec';
import { lineage, type Project } from '../../pipelines/runner/index';
import type { TableInfo } from '../lake/types';
import type { RunRecord } from '../runtime/store/run-store';
import { latestChecks, type CheckRow } from './check-results';
import type { OpsContext } from './ops-context';
import { readRuns } from './run-store-read';
import { versionTime } from './commit-times';
import { modelStaleness, type BuildRecord } from './staleness-reasons';

const FORECAST_TABLES = new Set(['gold.vol_forecasts', 'meta.model_runs', 'meta.model_aliases']);

interface Draft {
  id: string;
  kind: LineageNode['kind'];
  layer: string;
  label: string;
  materialized: string | null;
}

/** Nodes and edges only (no lake reads): what the layout benchmark and the graph share. */
export function graphShape(project: Project, jobList: readonly JobSpec[] = jobs): { nodes: Draft[]; edges: Array<{ from: string; to: string }> } {
  const base = lineage(project);
  const nodes = new Map<string, Draft>();
  const edges = new Map<string, { from: string; to: string }>();
  const edge = (from: string, to: string) => edges.set(`${from}>${to}`, { from, to });
  for (const n of base.nodes) {
    const bronze = n.kind === 'source';
    nodes.set(n.id, { id: n.id, kind: bronze ? 'bronze' : 'model', layer: n.layer, label: n.id, materialized: n.materialized ?? null });
  }
  for (const e of base.edges) edge(e.from, e.to);
  for (const job of jobList) {
    // A job that fills bronze from files it ships (daily-bars) is its own feed.
    const bronze = job.assets.produces.some((p) => p.startsWith('bronze.'));
    const feeds = job.sources.length ? job.sources.filter((x) => x !== 'postgres') : bronze ? [job.name] : [];
    for (const source of feeds) {
      const id = `source.${source}`;
      nodes.set(id, { id, kind: 'source', layer: 'source', label: source, materialized: null });
      for (const p of job.assets.produces) if (p.startsWith('bronze.')) edge(id, p);
    }
    for (const p of job.assets.produces) {
      if (!nodes.has(p) && p.startsWith('bronze.')) nodes.set(p, { id: p, kind: 'bronze', layer: 'bronze', label: p, materialized: 'table' });
      if (FORECAST_TABLES.has(p)) {
        nodes.set(p, { id: p, kind: 'forecast', layer: 'forecasts', label: p, materialized: 'table' });
        for (const r of job.assets.reads) edge(r, p);
      }
    }
    if (job.sources.includes('postgres')) {
      for (const r of job.assets.reads) {
        const id = `pg.${r.split('.')[1]}`;
        nodes.set(id, { id, kind: 'published', layer: 'published', label: `postgres ${r}`, materialized: 'postgres' });
        edge(r, id);
      }
    }
  }
  const known = [...edges.values()].filter((e) => nodes.has(e.from) && nodes.has(e.to));
  return { nodes: [...nodes.values()], edges: known };
}

/** Which job produces each asset (model tables: build-models; pg.*: publish). */
function producers(jobList: readonly JobSpec[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const j of jobList) {
    const assets = [...j.assets.produces, ...(j.sources.includes('postgres') ? j.assets.reads.map((r) => `pg.${r.split('.')[1]}`) : [])];
    for (const a of assets) out.set(a, [...(out.get(a) ?? []), j.name]);
  }
  return out;
}

export async function lineageGraph(ctx: OpsContext, project: Project): Promise<LineageGraph> {
  const shape = graphShape(project);
  const tables = new Map((await ctx.lake.listTables()).map((t) => [t.id, t]));
  const updated = await commitTimes(ctx, tables);
  const runs = await readRuns(ctx.lake.uri, { limit: 2_000 });
  const byAsset = producers(jobs);
  const checks = await latestChecks(ctx);
  const builds = await latestBuilds(ctx);
  const nodes: LineageNode[] = [];
  for (const d of shape.nodes) {
    const table = tables.get(d.id);
    const model = d.kind === 'model' ? project.models.get(d.id.split('.')[1] ?? '') : undefined;
    const jobNames = byAsset.get(d.id) ?? (model ? ['build-models'] : []);
    const lastRun = lastRunOf(d.id, jobNames, runs);
    const running = runs.some((r) => jobNames.includes(r.job) && (r.state === 'running' || r.state === 'queued') && coversNode(r, model?.name));
    const mine = model ? checks.filter((c) => c.model === model.name) : [];
    const stale = model ? await modelStaleness(ctx, project, model, builds.get(model.name), tables, mine) : jobStaleness(d, jobNames, runs, tables);
    nodes.push({
      id: d.id,
      kind: d.kind,
      layer: d.layer,
      label: d.label,
      materialized: d.materialized,
      rows: table ? table.numRecords : null,
      version: table ? table.version : null,
      updatedAt: updated.get(d.id) ?? null,
      lastRun: lastRun ? { runId: lastRun.runId, job: lastRun.job, state: lastRun.state, endedAt: lastRun.endedAt } : null,
      state: running ? 'running' : nodeState(d, table, lastRun),
      checks: checkStatus(mine),
      stale,
    });
  }
  return { nodes, edges: shape.edges };
}

/**
 * Forecast and published tables: stale when a table their job reads has a newer version than
 * at that job's last successful run (the versions the run store recorded when it started).
 */
function jobStaleness(d: Draft, jobNames: string[], runs: RunRecord[], tables: Map<string, TableInfo>): LineageNode['stale'] {
  if (d.kind !== 'forecast' && d.kind !== 'published') return [];
  const out: LineageNode['stale'] = [];
  for (const name of jobNames) {
    const job = jobs.find((j) => j.name === name);
    const ok = runs.find((r) => r.job === name && r.state === 'succeeded');
    if (!job || !ok) continue;
    for (const t of job.assets.reads) {
      const now = tables.get(t)?.version;
      const then = ok.inputVersions[t];
      if (now !== undefined && then !== undefined && now > then) out.push({ kind: 'upstream', detail: `${t} changed: v${now} now, v${then} at ${name}'s last run` });
    }
  }
  return out;
}

function coversNode(run: RunRecord, model: string | undefined): boolean {
  const select = typeof run.params.select === 'string' ? run.params.select : '';
  if (!model || !select) return true;
  // A selector names the model, a "+model"/"model+" around it, or a tag/layer: a plain name
  // that is neither this model nor a graph operator of it leaves the node alone.
  return select.split(/[\s,]+/).some((s) => s.replaceAll('+', '') === model || s.includes(':') || s.startsWith('+'));
}

function lastRunOf(id: string, jobNames: string[], runs: RunRecord[]): RunRecord | undefined {
  // Newest first: the run that committed a version of this table, else the producing job's last run.
  return runs.find((r) => r.tableVersions.some((t) => t.table === id)) ?? runs.find((r) => jobNames.includes(r.job) && r.state !== 'queued');
}

function nodeState(d: Draft, table: TableInfo | undefined, lastRun: RunRecord | undefined): LineageNode['state'] {
  if (d.kind === 'source' || d.kind === 'published') return lastRun?.state === 'failed' ? 'failed' : 'external';
  if (lastRun?.state === 'failed') return 'failed';
  if (d.materialized === 'view') return 'view';
  return table ? 'built' : 'not built';
}

function checkStatus(rows: CheckRow[]): LineageNode['checks'] {
  const failing = (r: CheckRow) => r.status === 'fail' || r.status === 'error';
  const fail = rows.filter((r) => failing(r) && r.severity === 'error').length;
  const warn = rows.filter((r) => (failing(r) && r.severity !== 'error') || r.status === 'warn').length;
  const pass = rows.length - fail - warn;
  return { status: rows.length === 0 ? 'none' : fail ? 'fail' : warn ? 'warn' : 'pass', pass, warn, fail };
}

async function commitTimes(ctx: OpsContext, tables: Map<string, TableInfo>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  await Promise.all(
    [...tables.values()].map(async (t) => {
      let ms = versionTime(ctx.lake, t.id, t.version);
      if (ms === undefined) {
        const table = await ctx.lake.openTable(t.layer, t.name);
        ms = (await table?.snapshot().catch(() => undefined))?.timestamp;
      }
      if (ms !== undefined) out.set(t.id, new Date(ms).toISOString());
    }),
  );
  return out;
}

/** The last successful build of each model from meta.run_results: its fingerprint and time. */
async function latestBuilds(ctx: OpsContext): Promise<Map<string, BuildRecord>> {
  return ctx.serial(async () => {
    await ctx.refresh();
    if (!ctx.has('meta.run_results')) return new Map();
    const rows = await ctx.duck.all(
      `SELECT model, fingerprint, epoch_ms(finished_at) AS at FROM meta.run_results
       WHERE status IN ('success', 'up_to_date') AND fingerprint IS NOT NULL
       QUALIFY row_number() OVER (PARTITION BY model ORDER BY finished_at DESC) = 1`,
    );
    return new Map(rows.map((r) => [String(r.model), { fingerprint: String(r.fingerprint), finishedMs: Number(r.at) }]));
  });
}
