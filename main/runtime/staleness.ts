/**
 * Asset-style staleness (as Dagster shows it): a job is stale when a table it reads got new
 * versions since its last successful run started, with the reason per table.
 */
import type { JobSpec } from '../../pipelines/jobs/job-spec';
import type { RunRecord } from './store/run-store';

export function staleness(job: JobSpec, lastSuccess: RunRecord | undefined, current: ReadonlyMap<string, number>): { stale: boolean; reasons: string[] } {
  if (job.assets.reads.length === 0 || job.kind === 'service') return { stale: false, reasons: [] };
  if (!lastSuccess) {
    const present = job.assets.reads.filter((t) => current.has(t));
    return present.length ? { stale: true, reasons: ['never succeeded; inputs present: ' + present.join(', ')] } : { stale: false, reasons: [] };
  }
  const reasons: string[] = [];
  for (const table of job.assets.reads) {
    const now = current.get(table);
    if (now === undefined) continue;
    const then = lastSuccess.inputVersions[table];
    if (then === undefined) reasons.push(`upstream table ${table} appeared (v${now})`);
    else if (now > then) reasons.push(`upstream table ${table} changed v${then}->v${now}`);
  }
  return { stale: reasons.length > 0, reasons };
}
