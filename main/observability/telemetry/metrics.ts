/**
 * The runtime's metric instruments (names in docs/team.md). They come from the global
 * OpenTelemetry meter: when no provider is started (a desktop without telemetry) every call is a
 * no-op, so the runtime records unconditionally.
 */
import { metrics, type Attributes, type ObservableResult } from '@opentelemetry/api';

const meter = () => metrics.getMeter('fde.runtime');

export interface RuntimeMetrics {
  rowsIngested(source: string, rows: number): void;
  runFinished(job: string, state: string, seconds: number): void;
  taskFinished(job: string, task: string, state: string, seconds: number, errorClass: string | null): void;
  taskRetried(job: string, task: string): void;
  /**
   * A live-stream batch committed: its rows count as ingested for the source, and the lag is the
   * age of the batch's newest event (exchange time) at commit. Without a time only rows count.
   */
  streamCommitted(source: string, rows: number, newestEventTs: string | undefined, committedAtMs: number): void;
  /** Callbacks read at each collection (queue depth, leader). */
  observe(name: 'queue' | 'leader', read: (result: ObservableResult<Attributes>) => Promise<void> | void): void;
}

let cached: RuntimeMetrics | undefined;

/** Instruments are created on first use, after the host started its provider. */
export function runtimeMetrics(): RuntimeMetrics {
  if (cached) return cached;
  const m = meter();
  const rows = m.createCounter('fde_rows_ingested', { description: 'rows committed to the lake by ingest tasks, per source (rate() gives rows/s)', unit: '1' });
  const runs = m.createCounter('fde_runs', { description: 'runs finished on this host, per job and final state' });
  const runSeconds = m.createHistogram('fde_run_duration_seconds', { description: 'wall time of a run on this host', unit: 's' });
  const taskSeconds = m.createHistogram('fde_task_duration_seconds', { description: 'wall time of one task attempt', unit: 's' });
  const failures = m.createCounter('fde_task_failures', { description: 'task attempts that failed, per error class' });
  const retries = m.createCounter('fde_task_retries', { description: 'task attempts that were retries (attempt > 1)' });
  const lag = m.createGauge('fde_stream_lag_seconds', { description: 'age of the newest event the live stream committed', unit: 's' });
  const queue = m.createObservableGauge('fde_queue_depth', { description: 'partition runs waiting in the team queue (created or retry)' });
  const leader = m.createObservableGauge('fde_scheduler_leader', { description: '1 while this host holds the scheduler lease (attribute term)' });
  const observers = { queue, leader };
  cached = {
    rowsIngested: (source, n) => rows.add(n, { source }),
    runFinished: (job, state, s) => {
      runs.add(1, { job, state });
      runSeconds.record(s, { job, state });
    },
    taskFinished: (job, task, state, s, errorClass) => {
      taskSeconds.record(s, { job, task, state });
      if (state === 'failed') failures.add(1, { job, task, error_class: errorClass ?? 'fatal' });
    },
    taskRetried: (job, task) => retries.add(1, { job, task }),
    streamCommitted: (source, n, newest, at) => {
      if (n > 0) rows.add(n, { source });
      const t = newest ? Date.parse(newest) : Number.NaN;
      // Clock skew between the exchange and this host can make a fresh event look from the future.
      if (Number.isFinite(t)) lag.record(Math.max(0, (at - t) / 1000), { source });
    },
    observe: (name, read) => observers[name].addCallback(read),
  };
  return cached;
}

/** Tests start a fresh provider per process; this forgets instruments of an earlier one. */
export function resetRuntimeMetrics(): void {
  cached = undefined;
}
