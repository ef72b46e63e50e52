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
import { createSourcesProvider, createTokenBucketBudget, partitionProbes, sourceBudgets, taskRegistry } from './tasks/index';

export interface OpenRuntimeOptions extends Partial<Omit<RuntimeOptions, 'lake' | 'role'>> {
  log?: Logger;
}

export function resolveLakeUri(lake: string): string {
  return lake.includes('://') ? lake : path.resolve(lake);
}

export async function openRuntime(lakeArg: string, role: RuntimeRole, options: OpenRuntimeOptions = {}): Promise<{ runtime: Runtime; lake: DeltaLake }> {
  const lake = await openLake(resolveLakeUri(lakeArg));
  const log = options.log ?? createLogger('runtime', silentSink);
  const runtime = new Runtime({
    lake,
    jobs,
    registry: taskRegistry,
    probes: partitionProbes,
    budget: createTokenBucketBudget(sourceBudgets),
    sources: createSourcesProvider(lake, log.child('sources')),
    role,
    ...options,
    log,
  });
  return { runtime, lake };
}
