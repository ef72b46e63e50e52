/**
 * The jobs part of the WorkstationApi handlers. A host that runs the runtime passes its API;
 * a service without one (a plain viewer, tests) answers every jobs method with a clear error.
 */
import type { jobsMethods } from '../../api/jobs-api';
import type { WorkstationHandlers } from '../engine/api-dispatch';

export type JobsMethodName = keyof typeof jobsMethods;
export type JobsHandlers = Pick<WorkstationHandlers, JobsMethodName>;

const METHODS: JobsMethodName[] = ['listJobs', 'triggerRun', 'backfill', 'cancelRun', 'cancelTask', 'runHistory', 'jobPartitions', 'runDetail', 'logs'];

export class RuntimeNotHostedError extends Error {
  constructor(method: string) {
    super(`${method}: this host runs no job runtime (start it with \`fde ui\`, \`fde run\` or the app)`);
    this.name = 'RuntimeNotHostedError';
  }
}

export function createJobsHandlers(api?: JobsHandlers): JobsHandlers {
  if (api) return api;
  const missing = {} as Record<JobsMethodName, () => Promise<never>>;
  for (const m of METHODS) missing[m] = () => Promise.reject(new RuntimeNotHostedError(m));
  return missing as unknown as JobsHandlers;
}
