import type { RunSummary } from '../../../../api/jobs-api';
import { fmtTime } from '../../lib/format';

const PER_JOB = 40;

/** Jobs down, their runs across in queue order (oldest left), like Airflow's grid; a cell selects a run. */
export function RunsGrid({ runs, selected, onSelect }: { runs: RunSummary[]; selected: string | null; onSelect: (runId: string) => void }) {
  const jobs = [...new Set(runs.map((r) => r.job))].sort();
  return (
    <div className="runs-grid" data-testid="runs-grid" role="grid" aria-label="runs by job over time">
      {jobs.map((job) => {
        const mine = runs.filter((r) => r.job === job).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt)).slice(-PER_JOB);
        return [
          <div key={`${job}-name`} role="rowheader">{job}</div>,
          <div key={`${job}-cells`} className="cells" role="row">
            {mine.map((r) => (
              <button
                key={r.runId}
                type="button"
                className={`cell st-${r.state}${r.runId === selected ? ' selected' : ''}`}
                title={`${r.job} ${r.partition || '(unpartitioned)'}: ${r.state}, queued ${fmtTime(r.queuedAt)}`}
                aria-label={`${r.job} ${r.partition} ${r.state}`}
                data-testid="run-cell"
                data-state={r.state}
                onClick={() => onSelect(r.runId)}
              />
            ))}
          </div>,
        ];
      })}
    </div>
  );
}
