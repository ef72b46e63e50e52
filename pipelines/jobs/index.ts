/** Every job the workstation runtime knows, validated with the JobSpec schema as each file loads. */
import type { JobSpec } from './job-spec';
import { validateSchedule } from '../schedules/index';
import { alpacaStream } from './alpaca-stream';
import { alpacaBackfill } from './alpaca-backfill';
import { redditBackfill } from './reddit-backfill';
import { dailyBars } from './daily-bars';
import { buildModels } from './build-models';
import { checks } from './checks';
import { trainForecasts } from './train-forecasts';
import { publish } from './publish';
import { compact } from './compact';

export const jobs: readonly JobSpec[] = [alpacaStream, alpacaBackfill, redditBackfill, dailyBars, buildModels, checks, trainForecasts, publish, compact];

// Loading fails loudly on a schedule croner or the calendar cannot evaluate.
for (const job of jobs) if (job.schedule) validateSchedule(job.schedule);

export function jobByName(name: string): JobSpec | undefined {
  return jobs.find((j) => j.name === name);
}

export * from './job-spec';
