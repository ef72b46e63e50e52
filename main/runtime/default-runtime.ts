/**
 * The runtime as the CLI and the hosts create it: the project's jobs (pipelines/jobs), the task
 * implementations, partition probes, per-source budgets and sources provider (main/runtime/tasks),
 * over one lake.
 */
import path from 'node:path';
import { jobs } from '../../pipelines/jobs/index';
import { openLake } from '../lake/index';
import type { DeltaLake } from '../lake/lake';
import { createLogger, silentSink, type Logger } from '../observability/logger';
import { Runtime, type RuntimeOptions, type RuntimeRole } from './runtime';
import { teamRuntimeOptions } from './team/team-runtime';
import { createSourcesProvider, createTokenBucketBudget, partitionProbes, sourceBudgets, taskRegistry } from './tasks/index';

export interface OpenRuntimeOptions extends Partial<Omit<RuntimeOptions, 'lake' | 'role'>> {
  log?: Logger;
  /** Team mode (main/runtime/team): runs this host executes at once, and the team database URL when given as a flag. */
  team?: { concurrency?: number; teamDb?: string; teamAuth?: 'url' | 'entra' };
}

export function resolveLakeUri(lake: string): string {
  return lake.includes('://') ? lake : path.resolve(lake);
}

export async function openRuntime(lakeArg: string, role: RuntimeRole, options: OpenRuntimeOptions = {}): Promise<{ runtime: Runtime; lake: DeltaLake }> {
  const lake = await openLake(resolveLakeUri(lakeArg));
  const log = options.log ?? createLogger('runtime', silentSink);
  const { team: teamRequest, ...rest } = options;
  // {} in local mode; in team mode the PostgreSQL store, queue dispatcher and shared budget.
  const team = await teamRuntimeOptions(lake.uri, { role, registry: taskRegistry, log: log.child('team'), ...teamRequest });
  const runtime = new Runtime({
    lake,
    jobs,
    registry: taskRegistry,
    probes: partitionProbes,
    budget: createTokenBucketBudget(sourceBudgets),
    sources: createSourcesProvider(lake, log.child('sources')),
    role,
    ...rest,
    ...team,
    log,
  });
  return { runtime, lake };
}
