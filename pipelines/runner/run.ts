/**
 * Executes a selection of models in DAG order through an injected executor (DuckDB + lake in the
 * engine, an in-memory fake in unit tests). `build` runs each model and then its checks; a model
 * error or a failed error-level check skips every descendant, and the skip says why.
 */
import { descendants } from './dag';
import type { Model, Project } from './project';
import { selectModels } from './select';
import type { BoundCheck, CheckResult } from '../quality/types';

export type RunCommand = 'run' | 'test' | 'build';
export type ModelStatus = 'success' | 'up_to_date' | 'error' | 'skipped';

export interface MaterializeOutcome {
  status: 'success' | 'up_to_date';
  rows: number;
  message?: string;
  /** Lake table version after the step (undefined for views). */
  tableVersion?: number;
}

export interface Executor {
  materialize(model: Model): Promise<MaterializeOutcome>;
  check(model: Model, bound: BoundCheck): Promise<CheckResult>;
}

export interface ModelResult {
  model: string;
  relation: string;
  materialized: string;
  status: ModelStatus;
  rows: number;
  durationMs: number;
  message: string;
  tableVersion?: number;
}

export type RunEvent =
  | { type: 'model_start'; model: string; index: number; total: number }
  | { type: 'model_done'; result: ModelResult; index: number; total: number }
  | { type: 'check_done'; result: CheckResult };

export interface RunOptions {
  command: RunCommand;
  select?: string | string[];
  onEvent?: (event: RunEvent) => void;
  /** Injected for tests; defaults to performance.now(). */
  now?: () => number;
}

export interface RunOutcome {
  command: RunCommand;
  selected: string[];
  models: ModelResult[];
  checks: CheckResult[];
  /** False when a model errored or an error-level check failed. */
  ok: boolean;
}

export async function runProject(project: Project, executor: Executor, options: RunOptions): Promise<RunOutcome> {
  const clock = options.now ?? (() => performance.now());
  const selected = selectModels(project, options.select);
  const blocked = new Map<string, string>();
  const models: ModelResult[] = [];
  const checks: CheckResult[] = [];
  const emit = options.onEvent ?? (() => {});
  const block = (name: string, reason: string) => {
    for (const d of descendants(project.children, name)) if (!blocked.has(d)) blocked.set(d, reason);
  };
  for (const [index, name] of selected.entries()) {
    const model = project.models.get(name) as Model;
    const base = { model: name, relation: model.relation, materialized: model.config.materialized };
    emit({ type: 'model_start', model: name, index, total: selected.length });
    const reason = blocked.get(name);
    if (reason !== undefined) {
      const result: ModelResult = { ...base, status: 'skipped', rows: 0, durationMs: 0, message: `skipped: ${reason}` };
      models.push(result);
      emit({ type: 'model_done', result, index, total: selected.length });
      continue;
    }
    if (options.command !== 'test') {
      const t0 = clock();
      let result: ModelResult;
      try {
        const out = await executor.materialize(model);
        result = { ...base, status: out.status, rows: out.rows, durationMs: clock() - t0, message: out.message ?? '' };
        if (out.tableVersion !== undefined) result.tableVersion = out.tableVersion;
      } catch (error) {
        const msg = error instanceof Error ? error.message : String(error);
        result = { ...base, status: 'error', rows: 0, durationMs: clock() - t0, message: `${model.file}: ${msg}` };
        block(name, `upstream model ${name} failed: ${firstLine(msg)}`);
      }
      models.push(result);
      emit({ type: 'model_done', result, index, total: selected.length });
      if (result.status === 'error') continue;
    }
    if (options.command === 'run') continue;
    for (const bound of model.checks) {
      const result = await executor.check(model, bound);
      checks.push(result);
      emit({ type: 'check_done', result });
      if (result.severity === 'error' && (result.status === 'fail' || result.status === 'error')) {
        block(name, `check ${result.id} on ${name} failed: ${result.message}`);
      }
    }
  }
  const ok =
    models.every((m) => m.status !== 'error' && m.status !== 'skipped') &&
    checks.every((c) => c.severity !== 'error' || (c.status !== 'fail' && c.status !== 'error'));
  return { command: options.command, selected, models, checks, ok };
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? text;
}
