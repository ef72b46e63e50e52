/**
 * What the runtime core imports from the job content: the implementation of every task key the
 * job definitions use, the partition probes, the per-source request budgets and the sources
 * provider (real APIs when configured, else the offline servers).
 */
import type { TaskRegistry } from '../task-api';
import { alpacaTasks } from './alpaca-tasks';
import { redditTasks } from './reddit-tasks';
import { marketTasks } from './market-tasks';
import { modelTasks } from './model-tasks';
import { forecastTasks } from './forecast-tasks';
import { servingTasks } from './serving-tasks';
import { lakeTasks } from './lake-tasks';

export const taskRegistry: TaskRegistry = {
  ...alpacaTasks,
  ...redditTasks,
  ...marketTasks,
  ...modelTasks,
  ...forecastTasks,
  ...servingTasks,
  ...lakeTasks,
};

export { partitionProbes } from './probes';
export { sourceBudgets, createTokenBucketBudget } from '../rate-budget';
export { createSourcesProvider } from '../sources';
