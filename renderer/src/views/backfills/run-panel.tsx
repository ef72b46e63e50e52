import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { JobSummary, RunSummary } from '../../../../api/jobs-api';
import { ErrorState, Loading } from '../../components/states';
import { useEvent } from '../../components/use-event';
import { fmtInt, fmtTime } from '../../lib/format';
import { useApi } from '../../shell/api-context';
import { LogTail } from './log-tail';
import { TaskGantt } from './task-gantt';

const ACTIVE = new Set(['queued', 'running']);

/** Downstream jobs: those reading a table this job produces (as the runtime's asset graph links them). */
function downstreamOf(job: string, jobs: JobSummary[]): JobSummary[] {
  const produces = new Set(jobs.find((j) => j.name === job)?.produces ?? []);
  return jobs.filter((j) => j.name !== job && j.kind === 'batch' && j.reads.some((r) => produces.has(r)));
}

/** The selected run: state, task Gantt, live log, cancel, and "retry failed and downstream". */
export function RunPanel({ runId, jobs }: { runId: string; jobs: JobSummary[] }) {
  const api = useApi();
  const client = useQueryClient();
  const detail = useQuery({ queryKey: ['runDetail', runId], queryFn: () => api.runDetail({ runId }) });
  const refresh = () => void client.invalidateQueries({ queryKey: ['runDetail', runId] });
  useEvent('taskUpdated', (e) => e.runId === runId && refresh());
  useEvent('runUpdated', (e) => e.runId === runId && refresh());
  const cancel = useMutation({ mutationFn: () => api.cancelRun({ runId }), onSuccess: refresh });
  const retry = useMutation({
    mutationFn: async (run: RunSummary) => {
      const ids: string[] = [];
      const date = run.partition.split('|')[0] ?? '';
      const rerun = async (job: string, params: Record<string, unknown>) => {
        const spec = jobs.find((j) => j.name === job);
        if (spec && spec.partitioning !== 'none' && date) {
          const symbols = spec.partitioning === 'symbol-day' && Array.isArray(run.params.symbols) && job === run.job ? (run.params.symbols as string[]) : undefined;
          ids.push(...(await api.backfill({ job, from: date, to: date, ...(symbols ? { symbols } : {}), rerun: job === run.job ? 'missing' : 'all' })).runIds);
        } else ids.push((await api.triggerRun({ job, params })).runId);
      };
      await rerun(run.job, run.job === 'build-models' || run.job === 'checks' ? run.params : {});
      for (const d of downstreamOf(run.job, jobs)) await rerun(d.name, {});
      return ids;
    },
  });
  if (detail.isPending) return <Loading what="the run" />;
  if (detail.error) return <ErrorState error={detail.error} retry={refresh} />;
  const { run } = detail.data;
  const failed = run.state === 'failed' || run.state === 'cancelled' || run.state === 'interrupted';
  const downstream = downstreamOf(run.job, jobs).map((j) => j.name);
  return (
    <div className="panel" data-testid="run-panel" data-run={run.runId} data-state={run.state}>
      <div className="view-head">
        <h2>
          {run.job} {run.partition && <code>{run.partition}</code>} <span className={`state-pill st-${run.state}`}>{run.state}</span>
        </h2>
        <button type="button" data-testid="run-cancel" disabled={!ACTIVE.has(run.state) || cancel.isPending} onClick={() => cancel.mutate()}>
          Cancel
        </button>
        <button type="button" data-testid="run-retry" disabled={!failed || retry.isPending} onClick={() => retry.mutate(run)} title={`re-runs this partition, then ${downstream.join(', ') || 'no downstream jobs'}`}>
          Retry failed and downstream
        </button>
      </div>
      {(cancel.error ?? retry.error) && <ErrorState error={(cancel.error ?? retry.error)!} />}
      {retry.data && <p className="muted">Queued {retry.data.length} run(s).</p>}
      <p className="muted">
        {run.trigger} · attempt {run.attempt} · queued {fmtTime(run.queuedAt)} · ended {fmtTime(run.endedAt)} · {fmtInt(run.rowsWritten)} rows
        {run.error && <span className="error"> · {run.errorClass}: {run.error}</span>}
      </p>
      <TaskGantt detail={detail.data} />
      <LogTail runId={run.runId} />
    </div>
  );
}
