/**
 * Partitions of a job and backfill planning: a date range (and symbols) expands into trading
 * days from the NYSE calendar, one run per day (a symbol-day job's run carries the day's
 * symbols; states are kept per date|symbol). A partition's state comes from the run store, and
 * where the store knows nothing, from the lake itself through the job's probe (e.g. the Alpaca
 * backfill's symbol-day checkpoints), so a dry run is truthful on a lake filled by `fde demo`.
 */
import type { PartitionInfo, PartitionState } from '../../api/jobs-api';
import { tradingDays } from '../../pipelines/calendar';
import { partitionKey, parsePartitionKey, type JobSpec } from '../../pipelines/jobs/job-spec';
import type { DeltaLake } from '../lake/lake';
import { BadInputError } from './errors';
import type { RunStore } from './store/run-store';
import type { PartitionProbes } from './task-api';

export interface PlannedRun {
  /** The run's partition: a date ('' for unpartitioned jobs). */
  partition: string;
  /** State keys it covers (symbol-day: date|SYMBOL each). */
  keys: string[];
  symbols?: string[];
}

/** Max partitions one backfill may expand to (a typo'd year should not queue 100k runs). */
export const MAX_BACKFILL_KEYS = 50_000;

export function expandRange(job: JobSpec, from: string, to: string, symbols?: readonly string[]): PlannedRun[] {
  if (job.partitions.kind === 'none') throw new BadInputError(`job '${job.name}' is not partitioned: run it with \`fde jobs run ${job.name}\``);
  if (from > to) throw new BadInputError(`--from ${from} is after --to ${to}`);
  const days = tradingDays(from, to);
  if (job.partitions.kind === 'trading-day') {
    if (symbols?.length) throw new BadInputError(`job '${job.name}' is partitioned by trading day; it takes no symbols`);
    return days.map((d) => ({ partition: d, keys: [d] }));
  }
  const syms = symbols?.length ? [...new Set(symbols)] : job.partitions.defaultSymbols;
  if (days.length * syms.length > MAX_BACKFILL_KEYS) {
    throw new BadInputError(`the backfill covers ${days.length * syms.length} partitions, more than ${MAX_BACKFILL_KEYS}; split the range`);
  }
  return days.map((d) => ({ partition: d, keys: syms.map((s) => partitionKey({ date: d, symbol: s })), symbols: syms }));
}

/** Validates a partition given on the command line / API for this job and plans its run. */
export function planOne(job: JobSpec, partition: string | undefined, symbols?: readonly string[]): PlannedRun {
  if (job.partitions.kind === 'none') {
    if (partition) throw new BadInputError(`job '${job.name}' is not partitioned; drop --partition`);
    return { partition: '', keys: [''] };
  }
  if (!partition) throw new BadInputError(`job '${job.name}' is partitioned by ${job.partitions.kind}: give --partition YYYY-MM-DD`);
  const { date, symbol } = parsePartitionKey(partition);
  if (!date) throw new BadInputError(`bad partition '${partition}'`);
  const plan = expandRange(job, date, date, symbol ? [symbol] : symbols);
  if (plan.length === 0) throw new BadInputError(`${date} is not an NYSE trading day`);
  return plan[0]!;
}

export async function partitionStates(
  store: RunStore, lake: DeltaLake, job: JobSpec, keys: readonly string[], probes: PartitionProbes,
): Promise<PartitionInfo[]> {
  const known = new Map((await store.listPartitions(job.name, keys)).map((p) => [p.key, p]));
  const probe = probes[job.name];
  const inLake = probe ? await probe(lake, job, keys) : new Set<string>();
  return keys.map((key) => {
    const rec = known.get(key);
    const { date, symbol } = key ? parsePartitionKey(key) : {};
    let state: PartitionState = rec ? rec.state : 'missing';
    let note: string | null = null;
    if (inLake.has(key) && state !== 'running' && state !== 'queued' && state !== 'done') {
      state = 'done';
      note = 'already in the lake (checkpoint)';
    }
    return { job: job.name, key, date: date ?? null, symbol: symbol ?? null, state, runId: rec?.runId ?? null, updatedAt: rec?.updatedAt ?? null, note };
  });
}

/** Whether a backfill runs a partition in this state. */
export function wouldRun(state: PartitionState, rerun: 'missing' | 'all'): boolean {
  if (state === 'running' || state === 'queued') return false;
  return rerun === 'all' || state !== 'done';
}
