/**
 * The jobs methods of the WorkstationApi over a Runtime: what `fde ui`, Electron main and the
 * CLI's JSON output all answer from. Requests arrive validated by api/jobs-api.ts.
 */
import type { JobSummary, RunDetail } from '../../api/jobs-api';
import { describeSchedule, nextTick } from '../../pipelines/schedules';
import { BadInputError } from './errors';
import type { JobsHandlers } from './jobs-handlers';
import { publicRun, type Runtime } from './runtime';
import { staleness } from './staleness';
import { LEVEL_NUMBERS } from './store/rows';
import { tradingDays } from '../../pipelines/calendar';
import { partitionStates } from './partitions';
import { parsePartitionKey } from '../../pipelines/jobs/job-spec';

export async function listJobs(rt: Runtime): Promise<JobSummary[]> {
  const tables = await rt.o.lake.listTables();
  const versions = new Map(tables.map((t) => [t.id, t.version]));
  const now = new Date(rt.clock.now());
  const out: JobSummary[] = [];
  for (const job of rt.jobs.values()) {
    const [last] = await rt.store.listRuns({ job: job.name, limit: 1 });
    const lastOk = await rt.store.lastSuccessfulRun(job.name);
    const next = job.schedule ? nextTick(job.schedule, now) : undefined;
    out.push({
      name: job.name,
      description: job.description,
      kind: job.kind,
      partitioning: job.partitions.kind,
      defaultSymbols: job.partitions.kind === 'symbol-day' ? job.partitions.defaultSymbols : [],
      schedule: job.schedule ? describeSchedule(job.schedule) : null,
      nextTick: next ? next.toISOString() : null,
      sources: job.sources,
      reads: job.assets.reads,
      produces: job.assets.produces,
      tasks: job.tasks.map((t) => ({ id: t.id, run: t.run, dependsOn: t.dependsOn })),
      lastRun: last ? { runId: last.runId, state: last.state, endedAt: last.endedAt } : null,
      stale: staleness(job, lastOk, versions),
      automation: job.automation,
    });
  }
  return out;
}

export async function runDetail(rt: Runtime, runId: string): Promise<RunDetail> {
  const run = await rt.store.getRun(runId);
  if (!run) throw new BadInputError(`no run '${runId}'`);
  const attempts = await rt.store.listAttempts(runId);
  const job = rt.jobs.get(run.job);
  const taskIds = job ? job.tasks.map((t) => t.id) : [...new Set(attempts.map((a) => a.taskId))];
  return {
    run: publicRun(run),
    tasks: taskIds.map((taskId) => {
      const mine = attempts.filter((a) => a.taskId === taskId);
      const last = mine.at(-1);
      return { taskId, dependsOn: job?.tasks.find((t) => t.id === taskId)?.dependsOn ?? [], state: last?.state ?? 'pending', attempts: mine };
    }),
  };
}

export function runtimeHandlers(rt: Runtime): JobsHandlers {
  return {
    listJobs: () => listJobs(rt),
    triggerRun: async (r) => ({ runId: await rt.trigger(r.job, r.partition, r.params) }),
    backfill: (r) => rt.backfill({ job: r.job, from: r.from, to: r.to, symbols: r.symbols, dryRun: r.dryRun, rerun: r.rerun, params: r.params }),
    cancelRun: async (r) => ({ cancelled: await rt.cancelRun(r.runId) }),
    cancelTask: async (r) => ({ cancelled: rt.cancelTask(r.runId, r.taskId) }),
    runHistory: async (r) => (await rt.store.listRuns({ job: r.job, state: r.state, limit: r.limit, before: r.before })).map(publicRun),
    jobPartitions: async (r) => {
      const job = rt.job(r.job);
      if (job.partitions.kind === 'none') {
        return partitionStates(rt.store, rt.o.lake, job, [''], rt.o.probes ?? {});
      }
      if (r.from && r.to) {
        const days = tradingDays(r.from, r.to);
        const keys = job.partitions.kind === 'symbol-day' ? days.flatMap((d) => (job.partitions.kind === 'symbol-day' ? job.partitions.defaultSymbols : []).map((s) => `${d}|${s}`)) : days;
        return partitionStates(rt.store, rt.o.lake, job, keys, rt.o.probes ?? {});
      }
      // Without a range: every partition the store knows.
      const known = await rt.store.listPartitions(job.name);
      return known.map((p) => {
        const { date, symbol } = p.key ? parsePartitionKey(p.key) : {};
        return { job: p.job, key: p.key, date: date ?? null, symbol: symbol ?? null, state: p.state, runId: p.runId, updatedAt: p.updatedAt, note: null };
      });
    },
    runDetail: (r) => runDetail(rt, r.runId),
    logs: async (r) => {
      const lines = await rt.store.readLogs({ runId: r.runId, taskId: r.taskId, minLevel: LEVEL_NUMBERS[r.level], after: r.after, limit: r.limit });
      const run = await rt.store.getRun(r.runId);
      if (!run) throw new BadInputError(`no run '${r.runId}'`);
      return { lines, cursor: lines.at(-1)?.seq ?? r.after, runFinished: !['queued', 'running'].includes(run.state) };
    },
  };
}
