/** Small helpers every task implementation shares: cancel checks, request gates, produced table versions. */
import type { SourceId } from '../../../pipelines/jobs/job-spec';
import type { DeltaLake } from '../../lake/lake';
import { BadInputError, TaskAbort } from '../errors';
import type { TableVersion, TaskContext } from '../task-api';

/** Throws the signal's reason (a TaskAbort from the runtime) when the attempt was cancelled. */
export function throwIfCancelled(ctx: Pick<TaskContext, 'signal'>): void {
  if (!ctx.signal.aborted) return;
  throw ctx.signal.reason instanceof Error ? ctx.signal.reason : new TaskAbort('cancelled');
}

/**
 * Awaited before each HTTP request: stop when cancelled, then take a token from the shared
 * budget of the source. Offline servers are local and rate-limit themselves, so they skip the
 * budget that models the real APIs' limits.
 */
export function requestGate(ctx: Pick<TaskContext, 'signal' | 'budget'>, source: SourceId, offline: boolean): () => Promise<void> {
  return async () => {
    throwIfCancelled(ctx);
    // FDE_BUDGET_OFFLINE=1 holds the offline servers to the budget too (team tests measure it there).
    if (!offline || process.env.FDE_BUDGET_OFFLINE === '1') await ctx.budget.acquire(source, 1, ctx.signal);
  };
}

/** Latest version of every table (id -> version). */
export async function tableVersions(lake: DeltaLake): Promise<Map<string, number>> {
  return new Map((await lake.listTables()).map((t) => [t.id, t.version]));
}

/**
 * Versions of the tables this attempt changed: those in `tables` (the job's produced assets,
 * plus quarantine tables) whose version moved since `before`. A concurrent writer to the same
 * tables would be attributed too; the lineage shown is "at or after", never "missed".
 */
export async function producedVersions(lake: DeltaLake, before: Map<string, number>, tables?: readonly string[]): Promise<TableVersion[]> {
  const after = await tableVersions(lake);
  const out: TableVersion[] = [];
  for (const [table, version] of after) {
    if (tables && !tables.includes(table) && !table.endsWith('quarantine')) continue;
    if ((before.get(table) ?? -1) < version) out.push({ table, version });
  }
  return out.sort((a, b) => a.table.localeCompare(b.table));
}

/** The partition's trading day, required by day-partitioned tasks. */
export function partitionDate(ctx: Pick<TaskContext, 'partition' | 'job'>): string {
  const date = ctx.partition.date;
  if (!date) throw new BadInputError(`job ${ctx.job.name} needs a partition (a trading day, e.g. --partition 2000-12-11)`);
  return date;
}

/** Symbols of a symbol-day partition: the run's, else the job's defaults. */
export function partitionSymbols(ctx: Pick<TaskContext, 'partition' | 'job'>): string[] {
  if (ctx.partition.symbols && ctx.partition.symbols.length > 0) return [...ctx.partition.symbols];
  const p = ctx.job.partitions;
  if (p.kind === 'symbol-day') return [...p.defaultSymbols];
  throw new BadInputError(`job ${ctx.job.name} has no symbols for partition '${ctx.partition.key}'`);
}
