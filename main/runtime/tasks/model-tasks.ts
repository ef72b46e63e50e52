/**
 * The SQL models (what `fde build` and `fde test` run). A cancel is honoured before the next
 * model starts (the runner's model_start event), never inside a model's commit.
 */
import { buildModels, testModels, type ModelsOptions, type ModelsReport } from '../../models/build';
import type { RunEvent } from '../../../pipelines/runner/index';
import type { TableVersion, TaskContext, TaskImplementation } from '../task-api';
import { producedVersions, tableVersions, throwIfCancelled } from './support';

function selectOf(ctx: TaskContext): string | undefined {
  return typeof ctx.params.select === 'string' ? ctx.params.select : undefined;
}

function onEvent(ctx: TaskContext): (event: RunEvent) => void {
  let done = 0;
  let rows = 0;
  return (event) => {
    if (event.type === 'model_start') throwIfCancelled(ctx);
    if (event.type === 'model_done') {
      done++;
      // Rows written, as the run's rowsWritten counts them: an up-to-date model reports its row count but writes nothing.
      if (event.result.status === 'success') rows += event.result.rows;
      ctx.progress.report({ done, total: event.total, rows, message: `${event.result.model}: ${event.result.status}` });
      if (event.result.status === 'error') ctx.log.error(`model ${event.result.model} failed`, { message: event.result.message });
      else ctx.log.info(`model ${event.result.model}: ${event.result.status}`, { rows: event.result.rows });
    }
    if (event.type === 'check_done' && event.result.status !== 'pass') {
      ctx.log.warn(`check ${event.result.id}: ${event.result.status}`, { severity: event.result.severity, message: event.result.message });
    }
  };
}

function failures(report: ModelsReport): string[] {
  return [
    ...report.models.filter((m) => m.status === 'error' || m.status === 'skipped').map((m) => `${m.model}: ${m.message || m.status}`),
    ...report.checks.filter((c) => c.severity === 'error' && (c.status === 'fail' || c.status === 'error')).map((c) => `check ${c.id}: ${c.message ?? c.status}`),
  ];
}

/** Exact versions the runner committed per model, plus the meta.* artifacts the run appended. */
async function modelVersions(ctx: TaskContext, report: ModelsReport, before: Map<string, number>): Promise<TableVersion[]> {
  const exact = report.models.filter((m) => m.status === 'success' && m.tableVersion !== undefined).map((m) => ({ table: m.relation, version: m.tableVersion! }));
  const artifacts = await producedVersions(ctx.lake, before, ['meta.run_results', 'meta.check_results', 'meta.manifest']);
  return [...exact, ...artifacts.filter((a) => !a.table.endsWith('quarantine'))].sort((a, b) => a.table.localeCompare(b.table));
}

function modelsTask(run: (o: ModelsOptions) => Promise<ModelsReport>, verb: string): TaskImplementation {
  return async (ctx) => {
    const select = selectOf(ctx);
    const before = await tableVersions(ctx.lake);
    const report = await run({ lake: ctx.lake, ...(select ? { select } : {}), fullRefresh: ctx.params.fullRefresh === true, onProgress: onEvent(ctx), onWarning: (m) => ctx.log.warn(m) });
    const failed = failures(report);
    if (failed.length > 0) throw new Error(`${verb} failed (${failed.length}): ${failed.slice(0, 3).join('; ')}${failed.length > 3 ? '; ...' : ''}`);
    return {
      rowsWritten: report.models.reduce((n, m) => n + (m.status === 'success' ? m.rows : 0), 0),
      tableVersions: await modelVersions(ctx, report, before),
      summary: {
        modelsRun: report.runId,
        built: report.models.filter((m) => m.status === 'success').length,
        upToDate: report.models.filter((m) => m.status === 'up_to_date').length,
        checksPassed: report.checks.filter((c) => c.status === 'pass').length,
        checksWarned: report.checks.filter((c) => c.status !== 'pass').length,
        missingSources: report.missingSources,
      },
    };
  };
}

export const modelTasks = {
  'models.build': modelsTask(buildModels, 'the model build'),
  'models.test': modelsTask(testModels, 'the checks'),
} satisfies Record<string, TaskImplementation>;
