/**
 * Pure judgement of a measured check: failures and history in, status and message out.
 */
import type { BoundCheck, CheckStatus } from './types';

export interface Measurement {
  failures: number;
  observed: number | null;
}

export interface Verdict {
  status: CheckStatus;
  failures: number;
  message: string;
}

/**
 * Row-count anomaly: the current count is compared with the median of recent observations;
 * a relative change beyond max_change fails. With too little history the check passes and says so.
 */
export function evaluateAnomaly(
  current: number,
  history: number[],
  options: { window: number; minHistory: number; maxChange: number },
): { anomalous: boolean; message: string } {
  const recent = history.slice(-options.window);
  if (recent.length < options.minHistory) {
    return { anomalous: false, message: `row count ${current}; ${recent.length} of ${options.minHistory} history points needed` };
  }
  const sorted = [...recent].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  const change = median === 0 ? (current === 0 ? 0 : Infinity) : Math.abs(current - median) / median;
  const pct = Number.isFinite(change) ? `${(change * 100).toFixed(1)}%` : 'from zero';
  const anomalous = change > options.maxChange;
  return {
    anomalous,
    message: `row count ${current} vs recent median ${median} (${pct} change, limit ${(options.maxChange * 100).toFixed(0)}%)`,
  };
}

export function evaluateCheck(bound: BoundCheck, m: Measurement, history: number[]): Verdict {
  const { check } = bound;
  const failedStatus: CheckStatus = check.severity === 'error' ? 'fail' : 'warn';
  if (check.type === 'row_count_anomaly') {
    const a = evaluateAnomaly(m.observed ?? 0, history, {
      window: check.window,
      minHistory: check.min_history,
      maxChange: check.max_change,
    });
    return { status: a.anomalous ? failedStatus : 'pass', failures: a.anomalous ? 1 : 0, message: a.message };
  }
  const ok = m.failures === 0;
  return { status: ok ? 'pass' : failedStatus, failures: m.failures, message: describe(bound, m, ok) };
}

function describe(bound: BoundCheck, m: Measurement, ok: boolean): string {
  const c = bound.check;
  switch (c.type) {
    case 'freshness':
      return m.observed === null
        ? 'no rows: cannot be fresh'
        : `newest row is ${m.observed.toFixed(1)} h old (max ${c.max_age})${ok ? '' : ': stale'}`;
    case 'row_count':
      return `${m.observed ?? 0} rows (min ${c.min})`;
    case 'unique':
      return ok ? `unique on (${c.columns.join(', ')})` : `${m.failures} rows share a (${c.columns.join(', ')}) key`;
    default:
      return ok ? 'ok' : `${m.failures} failing rows`;
  }
}
