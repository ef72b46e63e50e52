import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { BackfillPlan, JobSummary } from '../../../../api/jobs-api';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorState } from '../../components/states';
import { useApi } from '../../shell/api-context';

export interface BackfillRequest {
  job: string;
  from: string;
  to: string;
  symbols?: string[];
}

/** Job, date range and symbols; a dry-run preview first, the real backfill only after confirming. */
export function BackfillForm({ jobs, onPreview, onStarted }: {
  jobs: JobSummary[];
  onPreview: (plan: BackfillPlan, req: BackfillRequest) => void;
  onStarted: (plan: BackfillPlan) => void;
}) {
  const api = useApi();
  const partitioned = jobs.filter((j) => j.partitioning !== 'none');
  const [job, setJob] = useState(partitioned[0]?.name ?? '');
  const [from, setFrom] = useState('2000-12-04');
  const [to, setTo] = useState('2000-12-15');
  const [symbols, setSymbols] = useState('');
  const [plan, setPlan] = useState<BackfillPlan | null>(null);
  const [confirm, setConfirm] = useState(false);
  const spec = jobs.find((j) => j.name === job);
  const req = (): BackfillRequest => {
    const list = symbols.split(/[\s,]+/).map((s) => s.trim().toUpperCase()).filter(Boolean);
    return { job, from, to, ...(spec?.partitioning === 'symbol-day' && list.length ? { symbols: list } : {}) };
  };
  const preview = useMutation({
    mutationFn: () => api.backfill({ ...req(), dryRun: true }),
    onSuccess: (p) => {
      setPlan(p);
      onPreview(p, req());
    },
  });
  const start = useMutation({
    mutationFn: () => api.backfill({ ...req(), dryRun: false }),
    onSuccess: (p) => {
      setConfirm(false);
      onStarted(p);
    },
  });
  const toRun = plan?.partitions.filter((p) => p.action === 'run').length ?? 0;
  return (
    <div className="panel">
      <h2>Start a backfill</h2>
      <form className="ops-form" onSubmit={(e) => { e.preventDefault(); preview.mutate(); }}>
        <label>
          job
          <select data-testid="bf-job" value={job} onChange={(e) => { setJob(e.target.value); setPlan(null); }}>
            {partitioned.map((j) => (
              <option key={j.name} value={j.name}>{j.name} ({j.partitioning})</option>
            ))}
          </select>
        </label>
        <label>
          from
          <input data-testid="bf-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} required />
        </label>
        <label>
          to
          <input data-testid="bf-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} required />
        </label>
        {spec?.partitioning === 'symbol-day' && (
          <label>
            symbols (default {spec.defaultSymbols.join(', ')})
            <input data-testid="bf-symbols" value={symbols} placeholder={spec.defaultSymbols.join(',')} onChange={(e) => setSymbols(e.target.value)} />
          </label>
        )}
        <button type="submit" data-testid="bf-preview" disabled={!job || preview.isPending}>
          {preview.isPending ? 'Planning…' : 'Preview (dry run)'}
        </button>
        <button type="button" className="primary" data-testid="bf-start" disabled={!plan || toRun === 0} onClick={() => setConfirm(true)}>
          Start backfill…
        </button>
      </form>
      {preview.error && <ErrorState error={preview.error} />}
      {start.error && <ErrorState error={start.error} />}
      {plan && (
        <p data-testid="bf-plan" className="muted">
          {plan.partitions.length} partitions: {toRun} would run, {plan.partitions.length - toRun} skipped (already done or running). Nothing has changed yet.
        </p>
      )}
      <ConfirmDialog
        open={confirm}
        title={`Backfill ${job} ${from} → ${to}?`}
        confirmLabel={`Run ${toRun} partition${toRun === 1 ? '' : 's'}`}
        busy={start.isPending}
        onConfirm={() => start.mutate()}
        onCancel={() => setConfirm(false)}
      >
        <p>
          Queues {toRun} partition run{toRun === 1 ? '' : 's'} of <code>{job}</code> in the runtime; done partitions are skipped. Runs can be cancelled from this page.
        </p>
      </ConfirmDialog>
    </div>
  );
}
