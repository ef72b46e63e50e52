import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { BackfillPlan, RunSummary } from '../../../../api/jobs-api';
import { HeatStrip } from '../../components/heat-strip';
import { STATES, type CellState } from '../../components/heat-strip-model';
import { Empty, ErrorState, Loading } from '../../components/states';
import { useEvent } from '../../components/use-event';
import { useApi } from '../../shell/api-context';
import { BackfillForm } from './backfill-form';
import { RunPanel } from './run-panel';
import { RunsGrid } from './runs-grid';

/** Backfills and runs: start a backfill after a dry run, watch its partitions, runs, tasks and logs live. */
export default function BackfillsView() {
  const api = useApi();
  const jobs = useQuery({ queryKey: ['listJobs'], queryFn: () => api.listJobs({}) });
  const history = useQuery({ queryKey: ['runHistory'], queryFn: () => api.runHistory({ limit: 1_000 }) });
  const [pushed, setPushed] = useState<Map<string, RunSummary>>(new Map());
  const [plan, setPlan] = useState<BackfillPlan | null>(null);
  const [started, setStarted] = useState<string | null>(null);
  const [counts, setCounts] = useState<Record<CellState, number> | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [progress, setProgress] = useState<string>('');

  useEvent('runUpdated', (r) => setPushed((m) => new Map(m).set(r.runId, r)));
  useEvent('backfillProgress', (p) => {
    if (p.backfillId === started) setProgress(`${p.done}/${p.total} runs done, ${p.failed} failed, ${p.running} running${p.etaSeconds !== null ? `, ETA ${Math.round(p.etaSeconds)} s` : ''}`);
  });

  const runs = useMemo(() => {
    const all = new Map((history.data ?? []).map((r) => [r.runId, r]));
    for (const [id, r] of pushed) all.set(id, r);
    return [...all.values()];
  }, [history.data, pushed]);
  const parts = useMemo(() => plan?.partitions.map((p) => ({ key: p.key, state: p.state })) ?? [], [plan]);
  const rows = useMemo(() => {
    if (!plan) return 1;
    const perDay = new Map<string, number>();
    for (const p of plan.partitions) perDay.set(p.date ?? '', (perDay.get(p.date ?? '') ?? 0) + 1);
    return Math.max(1, ...perDay.values());
  }, [plan]);

  if (jobs.isPending) return <Loading what="the jobs" />;
  if (jobs.error) return <ErrorState error={jobs.error} retry={() => void jobs.refetch()} />;
  return (
    <section data-testid="backfills-view">
      <div className="view-head">
        <h1>Backfills and runs</h1>
      </div>
      <BackfillForm
        jobs={jobs.data}
        onPreview={(p) => {
          setPlan(p);
          setStarted(null);
          setProgress('');
        }}
        onStarted={(p) => {
          setPlan(p);
          setStarted(p.backfillId);
          if (p.runIds[0]) setSelected(p.runIds[0]);
        }}
      />
      <div className="panel">
        <h2>Partitions {plan && <small className="muted">{plan.job}{started ? ` · backfill ${started}` : ' · dry run'}</small>}</h2>
        {plan ? (
          <>
            <HeatStrip job={plan.job} parts={parts} rows={rows} onChange={setCounts} onPick={(key) => {
              const run = runs.filter((r) => r.job === plan.job && key.startsWith(r.partition) && r.partition).sort((a, b) => b.queuedAt.localeCompare(a.queuedAt))[0];
              if (run) setSelected(run.runId);
            }} />
            <div className="legend" data-testid="bf-counts" data-done={counts?.done ?? 0} data-total={plan.partitions.length}>
              {STATES.map((s) => (
                <span key={s}>
                  <span className={`swatch st-${s}`} />
                  {s} {counts?.[s] ?? 0}
                </span>
              ))}
              {progress && <span data-testid="bf-progress">{progress}</span>}
            </div>
          </>
        ) : (
          <Empty>
            <p>Preview a backfill to see its partitions: done, missing, failed or running.</p>
          </Empty>
        )}
      </div>
      <div className="grid-2">
        <div className="panel">
          <h2>Runs</h2>
          {history.error ? <ErrorState error={history.error} /> : runs.length ? <RunsGrid runs={runs} selected={selected} onSelect={setSelected} /> : <Empty><p>No runs yet.</p></Empty>}
        </div>
        {selected ? <RunPanel runId={selected} jobs={jobs.data} /> : <div className="panel"><Empty><p>Select a run in the grid to see its tasks and log.</p></Empty></div>}
      </div>
    </section>
  );
}
