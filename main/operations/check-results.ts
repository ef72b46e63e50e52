/**
 * meta.check_results as the quality pages read it: the latest result of every check and its
 * pass/fail history over runs.
 */
import type { CheckSummary } from '../../api/operations-api';
import type { OpsContext } from './ops-context';

export interface CheckRow {
  checkId: string;
  model: string;
  checkType: string;
  severity: string;
  status: string;
  failures: number;
  message: string;
  sql: string;
  checkedAt: string;
}

const HISTORY = 30;

/** Latest row per check, newest run first. */
export async function latestChecks(ctx: OpsContext): Promise<CheckRow[]> {
  return (await checkSummaries(ctx)).map(({ history: _h, ...row }) => row);
}

export async function checkSummaries(ctx: OpsContext): Promise<CheckSummary[]> {
  return ctx.serial(async () => {
    await ctx.refresh();
    if (!ctx.has('meta.check_results')) return [];
    const rows = await ctx.duck.all(
      `WITH r AS (SELECT *, row_number() OVER (PARTITION BY check_id ORDER BY checked_at DESC, run_id DESC) AS k FROM meta.check_results)
       SELECT check_id, model, check_type, severity, status, failures, message, sql, strftime(checked_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS at, run_id, k
       FROM r WHERE k <= ${HISTORY} ORDER BY check_id, k DESC`,
    );
    const out = new Map<string, CheckSummary>();
    for (const r of rows) {
      const id = String(r.check_id);
      const run = { runId: String(r.run_id), status: String(r.status), failures: Number(r.failures ?? 0), checkedAt: String(r.at) };
      const entry = out.get(id);
      if (entry) entry.history.push(run);
      else out.set(id, { checkId: id, model: '', checkType: '', severity: '', status: '', failures: 0, message: '', sql: '', checkedAt: '', history: [run] });
      if (Number(r.k) === 1) {
        Object.assign(out.get(id)!, {
          model: String(r.model), checkType: String(r.check_type), severity: String(r.severity), status: String(r.status),
          failures: Number(r.failures ?? 0), message: String(r.message ?? ''), sql: String(r.sql ?? ''), checkedAt: String(r.at),
        });
      }
    }
    return [...out.values()];
  });
}
