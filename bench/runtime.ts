/**
 * `npm run bench:runtime`: prints JSON.
 *  1. Scheduler overhead per task: the same task function called in a plain loop vs executed as
 *     runs of a 5-task chain through the runtime (run store on disk, claims, attempts, logs,
 *     events), so the difference is what the runtime adds per task. Target < 5 ms a task.
 *  2. A 250-partition backfill end to end: alpaca-backfill over 50 NYSE trading days x 5 symbols
 *     against the offline Alpaca server the runtime starts, in partitions/s.
 * BENCH_RUNTIME_SKIP_BACKFILL=1 runs only part 1.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openLake } from '../main/lake/index';
import { defineJob } from '../pipelines/jobs/job-spec';
import { Runtime } from '../main/runtime/runtime';
import { openRuntime } from '../main/runtime/default-runtime';
import { tradingDays } from '../pipelines/calendar';
import { createTokenBucketBudget } from '../main/runtime/rate-budget';
import type { SourcesProvider, TaskImplementation } from '../main/runtime/task-api';

const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;
const cpuMs = (c0: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(c0);
  return (d.user + d.system) / 1000;
};

/** A real, small unit of work: realized volatility of 2,000 synthetic log returns. */
const work: TaskImplementation = async () => {
  let x = 1;
  let sum = 0;
  for (let i = 0; i < 2_000; i++) {
    x = (x * 48271) % 2147483647;
    const r = (x / 2147483647 - 0.5) * 0.02;
    sum += r * r;
  }
  return { rowsWritten: Math.round(Math.sqrt(sum * 252) * 1000), tableVersions: [] };
};

const noSources: SourcesProvider = {
  alpaca: () => Promise.reject(new Error('unused')),
  reddit: () => Promise.reject(new Error('unused')),
  postgres: () => Promise.reject(new Error('unused')),
  close: async () => {},
};

async function overhead(dir: string): Promise<Record<string, unknown>> {
  const runs = 100;
  const chain = 5;
  const tasks = runs * chain;
  const loops: number[] = [];
  const loopCpu: number[] = [];
  for (let rep = 0; rep < 3; rep++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < tasks; i++) await work({} as never);
    loops.push(ms(t0));
    loopCpu.push(cpuMs(c0));
  }
  const loopMs = Math.min(...loops);
  const lake = await openLake(path.join(dir, 'overhead-lake'));
  const job = defineJob({
    name: 'bench-chain',
    description: 'five chained tasks',
    concurrency: { maxConcurrentRuns: 4, maxConcurrentTasks: 1 },
    tasks: Array.from({ length: chain }, (_, i) => ({ id: `t${i}`, run: 'bench.work', ...(i ? { dependsOn: [`t${i - 1}`] } : {}) })),
  });
  const rt = new Runtime({ lake, jobs: [job], registry: { 'bench.work': work }, budget: { acquire: async () => {} }, sources: noSources, role: 'cli', pollMs: 5 });
  await rt.start();
  const ids: string[] = [];
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) ids.push(await rt.trigger('bench-chain'));
  const finished = await rt.execute(ids);
  const runtimeMs = ms(t0);
  const runtimeCpu = cpuMs(c0);
  await rt.stop(0);
  if (finished.some((r) => r.state !== 'succeeded')) throw new Error('a benchmark run failed');
  const perTask = (runtimeMs - loopMs) / tasks;
  // CPU time is the steadier figure on a shared machine: wall time includes waiting for a core.
  const cpuPerTask = (runtimeCpu - Math.min(...loopCpu)) / tasks;
  return {
    tasks, plainLoopMs: +loopMs.toFixed(1), runtimeMs: +runtimeMs.toFixed(1), overheadPerTaskMs: +perTask.toFixed(3),
    overheadCpuPerTaskMs: +cpuPerTask.toFixed(3), targetMs: 5, ratio: +(runtimeMs / loopMs).toFixed(1),
  };
}

async function backfill(dir: string): Promise<Record<string, unknown>> {
  const days = tradingDays('2000-10-02', '2000-12-29').slice(0, 50);
  const symbols = ['MSFT', 'INTC', 'IBM', 'GE', 'KO'];
  const { runtime } = await openRuntime(path.join(dir, 'backfill-lake'), 'cli', { budget: createTokenBucketBudget(), maxConcurrentRuns: 4 });
  await runtime.start();
  const t0 = process.hrtime.bigint();
  const plan = await runtime.backfill({ job: 'alpaca-backfill', from: days[0]!, to: days.at(-1)!, symbols, dryRun: false, rerun: 'missing' });
  const finished = await runtime.execute(plan.runIds);
  const totalMs = ms(t0);
  await runtime.stop(0);
  const partitions = plan.partitions.length;
  return {
    partitions, runs: plan.runIds.length, succeeded: finished.filter((r) => r.state === 'succeeded').length,
    rows: finished.reduce((n, r) => n + r.rowsWritten, 0), seconds: +(totalMs / 1000).toFixed(1), partitionsPerSec: +(partitions / (totalMs / 1000)).toFixed(2),
  };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fde-bench-runtime-'));
  try {
    const result: Record<string, unknown> = { loadAverage: os.loadavg().map((l) => +l.toFixed(1)), overhead: await overhead(dir) };
    if (process.env.BENCH_RUNTIME_SKIP_BACKFILL !== '1') result.backfill250 = await backfill(dir);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
void main();
