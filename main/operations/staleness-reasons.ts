/**
 * Why a model is stale, as dbt and Dagster users expect to read it: an input table got a commit
 * after the model's last build, a check on it failed, or its SQL (or a view it reads through)
 * changed. It recomputes the model runner's fingerprint (main/models/executor.ts: FNV of the
 * SQL hash, the views' hashes and the input versions) with the input versions as of the build,
 * so a changed SQL is told apart from a changed input.
 */
import type { StaleReason } from '../../api/operations-api';
import { fnv, type Model, type Project } from '../../pipelines/runner/index';
import type { TableInfo } from '../lake/types';
import type { CheckRow } from './check-results';
import type { OpsContext } from './ops-context';
import { versionAt } from './commit-times';

export interface BuildRecord {
  fingerprint: string;
  finishedMs: number;
}

/** Lake tables a model reads, looking through views (as the executor does), and the views' SQL. */
export function inputsOf(project: Project, model: Model, tables = new Set<string>(), views: string[] = []): { tables: Set<string>; views: string[] } {
  for (const s of model.sources) tables.add(`${s.layer}.${s.table}`);
  for (const d of model.dependsOn) {
    const parent = project.models.get(d);
    if (!parent) continue;
    if (parent.config.materialized === 'view') {
      views.push(`${parent.name}:${parent.sqlHash}`);
      inputsOf(project, parent, tables, views);
    } else tables.add(parent.relation);
  }
  return { tables, views };
}

export function fingerprintOf(model: Model, views: string[], versions: Map<string, string>): string {
  const list = [...versions.keys()].sort().map((id) => `${id}@${versions.get(id)}`);
  return fnv(JSON.stringify({ sql: model.sqlHash, views: [...new Set(views)].sort(), versions: list }));
}

export async function modelStaleness(
  ctx: OpsContext,
  project: Project,
  model: Model,
  build: BuildRecord | undefined,
  tables: Map<string, TableInfo>,
  checks: CheckRow[],
): Promise<StaleReason[]> {
  const reasons: StaleReason[] = [];
  for (const c of checks) {
    if ((c.status === 'fail' || c.status === 'error') && c.severity === 'error') reasons.push({ kind: 'check', detail: `check ${c.checkId} failed (${c.failures} rows)` });
  }
  if (!build || model.config.materialized === 'view') return reasons;
  const { tables: inputs, views } = inputsOf(project, model);
  const atBuild = new Map<string, string>();
  for (const id of [...inputs].sort()) {
    const now = tables.get(id);
    if (!now) {
      atBuild.set(id, 'missing');
      continue;
    }
    const then = await versionAt(ctx.lake, id, now.version, build.finishedMs);
    atBuild.set(id, then !== undefined ? String(then) : 'none');
    if (then !== undefined && now.version > then) reasons.push({ kind: 'upstream', detail: `${id} changed: v${now.version} now, v${then} at the last build` });
    if (then === undefined) reasons.push({ kind: 'upstream', detail: `${id} appeared after the last build` });
  }
  if (fingerprintOf(model, views, atBuild) !== build.fingerprint) {
    // Inputs as they were and still a different fingerprint: the model's (or a view's) SQL changed.
    reasons.push({ kind: 'sql', detail: `${model.file} changed since the last build` });
  }
  return reasons;
}
