import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobByName, jobs } from '../../../pipelines/jobs/index';
import { openLake } from '../../lake/index';
import type { DeltaLake } from '../../lake/lake';
import { createLogger, silentSink } from '../../observability/logger';
import { EnvSecretStore } from '../../secrets/secret-store';
import { classifyError, TaskAbort } from '../errors';
import { createTokenBucketBudget } from '../rate-budget';
import { createSourcesProvider } from '../sources';
import type { SourcesProvider, TaskContext, TaskResult } from '../task-api';
import { requestGate } from './support';
import { partitionProbes, taskRegistry } from './index';

let dir: string;
let lake: DeltaLake;
let sources: SourcesProvider;
const budget = createTokenBucketBudget();
const log = createLogger('test', silentSink);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fde-tasks-'));
  lake = await openLake(path.join(dir, 'lake'));
  // No keys in this store: the provider starts the offline servers.
  sources = createSourcesProvider(lake, log, { store: new EnvSecretStore({}), env: {} });
});
afterAll(async () => {
  await sources.close();
  budget.close();
  await lake.close();
  await rm(dir, { recursive: true, force: true });
});

function context(job: string, taskId: string, partition: TaskContext['partition'], signal = new AbortController().signal): TaskContext {
  const spec = jobByName(job)!;
  return {
    runId: 'r1', attemptId: 'a1', attempt: 1, job: spec, taskId, lake, partition, params: {}, signal, log,
    progress: { report: () => {} }, sources, budget, upstream: {},
  };
}

async function runTask(job: string, taskId: string, partition: TaskContext['partition'], signal?: AbortSignal): Promise<TaskResult> {
  const spec = jobByName(job)!;
  const impl = taskRegistry[spec.tasks.find((t) => t.id === taskId)!.run]!;
  return impl(context(job, taskId, partition, signal));
}

describe('task registry', () => {
  it('implements every task key the job definitions use', () => {
    const keys = jobs.flatMap((j) => j.tasks.map((t) => t.run));
    expect(keys.filter((k) => !(k in taskRegistry))).toEqual([]);
    expect(Object.keys(taskRegistry).filter((k) => !keys.includes(k))).toEqual([]);
  });
});

describe('alpaca-backfill tasks through the offline server', () => {
  const day = { key: '2000-12-11|MSFT', date: '2000-12-11', symbols: ['MSFT'] };
  it('commits a symbol-day once: a second run writes nothing; the probe then calls it done', async () => {
    const probe = partitionProbes['alpaca-backfill']!;
    expect([...(await probe(lake, jobByName('alpaca-backfill')!, ['2000-12-11|MSFT']))]).toEqual([]);
    const first: Record<string, TaskResult> = {};
    for (const t of ['trades', 'quotes', 'bars']) first[t] = await runTask('alpaca-backfill', t, day);
    expect(first.trades!.rowsWritten).toBeGreaterThan(100);
    expect(first.bars!.rowsWritten).toBeGreaterThan(300); // a 6.5 h session of 1-minute bars
    expect(first.trades!.tableVersions.map((v) => v.table)).toContain('bronze.alpaca_trades');
    const again = await runTask('alpaca-backfill', 'trades', day);
    expect(again.rowsWritten).toBe(0);
    expect(again.summary).toMatchObject({ skippedUnits: 1, requests: 0 });
    expect(again.tableVersions).toEqual([]);
    const done = await probe(lake, jobByName('alpaca-backfill')!, ['2000-12-11|MSFT', '2000-12-12|MSFT', '2000-12-11|INTC']);
    expect([...done]).toEqual(['2000-12-11|MSFT']);
  });

  it('a cancelled attempt throws the abort reason before any unit and changes no table', async () => {
    const controller = new AbortController();
    controller.abort(new TaskAbort('cancelled'));
    const before = (await lake.listTables()).map((t) => `${t.id}@${t.version}`);
    const error = await runTask('alpaca-backfill', 'trades', { key: '2000-12-12|MSFT', date: '2000-12-12', symbols: ['MSFT'] }, controller.signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskAbort);
    expect(classifyError(error)).toBe('cancelled');
    expect((await lake.listTables()).map((t) => `${t.id}@${t.version}`)).toEqual(before);
  });

  it('a partition without a date is bad input', async () => {
    const error = await runTask('alpaca-backfill', 'trades', { key: '' }).catch((e: unknown) => e);
    expect(classifyError(error)).toBe('bad_input');
    expect(String(error)).toMatch(/needs a partition/);
  });
});

describe('alpaca-stream service task', () => {
  it('streams into bronze until its signal fires, then stops cleanly and returns what it committed', async () => {
    const controller = new AbortController();
    const spec = jobByName('alpaca-stream')!;
    const ctx = { ...context('alpaca-stream', 'ingest', { key: '' }, controller.signal), params: spec.params!.parse({ symbols: 'MSFT,INTC,IBM,GE,KO' }) as Record<string, unknown> };
    let committed = 0;
    ctx.progress = { report: (u) => void (committed = u.rows ?? committed) };
    const running = taskRegistry['alpaca.stream']!(ctx);
    const deadline = Date.now() + 60_000;
    while (committed === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(committed).toBeGreaterThan(0);
    controller.abort(new TaskAbort('shutdown'));
    const result = await running;
    expect(result.rowsWritten).toBeGreaterThanOrEqual(committed);
    expect(result.tableVersions.map((v) => v.table)).toContain('bronze.alpaca_trades');
  }, 90_000);
});

describe('compact', () => {
  it('checkpoints every table and vacuums nothing inside the retention, without new table versions', async () => {
    const before = (await lake.listTables()).map((t) => `${t.id}@${t.version}`);
    const result = await runTask('compact', 'maintain', { key: '' });
    expect(result.summary).toMatchObject({ tables: before.length, filesRemoved: 0, retentionHours: 168 });
    expect((await lake.listTables()).map((t) => `${t.id}@${t.version}`)).toEqual(before);
    const { readdir } = await import('node:fs/promises');
    const log = await readdir(path.join(dir, 'lake', 'bronze', 'alpaca_trades', '_delta_log'));
    expect(log.some((f) => f.endsWith('.checkpoint.parquet'))).toBe(true);
  });
});

describe('sources', () => {
  it('publish without a PostgreSQL URL fails as bad input with a clear message', async () => {
    const error = await sources.postgres().catch((e: unknown) => e);
    expect(classifyError(error)).toBe('bad_input');
    expect(String(error)).toMatch(/FDE_POSTGRES_URL/);
  });
  it('the request gate takes budget tokens only for real APIs', async () => {
    let acquired = 0;
    const ctx = { signal: new AbortController().signal, budget: { acquire: async () => void acquired++ } };
    await requestGate(ctx, 'alpaca', true)();
    expect(acquired).toBe(0);
    await requestGate(ctx, 'alpaca', false)();
    expect(acquired).toBe(1);
  });
});
