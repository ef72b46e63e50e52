/**
 * The runtime's contract (jobs, runs, partitions, backfills, logs): requests, responses and the
 * run/task/partition events the engine pushes, as zod schemas.
 */
export const jobsMethods = {} as const;

export const jobsEvents = {} as const;
