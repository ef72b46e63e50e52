import { beforeAll, describe, expect, it } from 'vitest';
import { copyOfDemoLake } from './helpers/demo-lake';
import { runFde } from './helpers/run-fde';
import { runs, tableVersions } from './runtime-support';

const JOBS = ['alpaca-stream', 'alpaca-backfill', 'reddit-backfill', 'daily-bars', 'build-models', 'checks', 'train-forecasts', 'publish', 'compact'];

// Building the shared demo lake can take minutes on a busy machine: done before the tests' clocks start.
let lakes: string[] = [];
beforeAll(async () => {
  lakes = [await copyOfDemoLake(), await copyOfDemoLake()];
}, 20 * 60_000);

describe('fde jobs on the demo lake', () => {
  it('lists jobs, runs build-models, shows it in meta.job_runs and history, and dry-runs a backfill without changing anything', async () => {
    const lake = lakes[0]!;

    const ls = runFde(['jobs', 'ls', '--lake', lake]);
    expect(ls.status, ls.stderr).toBe(0);
    for (const job of JOBS) expect(ls.stdout).toContain(job);

    const run = runFde(['jobs', 'run', 'build-models', '--lake', lake]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/build-models: succeeded/);

    const n = runFde(['sql', '--lake', lake, '--json', "select count(*) as n from meta.job_runs where job = 'build-models'"]);
    expect(n.status, n.stderr).toBe(0);
    expect(Number((JSON.parse(n.stdout.trim()) as { n: string }).n)).toBeGreaterThanOrEqual(1);
    const t = runFde(['sql', '--lake', lake, '--json', "select task_id, state from meta.task_runs where job = 'build-models'"]);
    expect(t.stdout.trim().split('\n').map((l) => JSON.parse(l) as { state: string })).toContainEqual(expect.objectContaining({ state: 'succeeded' }));

    const before = await tableVersions(lake);
    const runsBefore = (await runs(lake)).length;
    const dry = runFde(['jobs', 'backfill', 'alpaca-backfill', '--from', '2000-12-04', '--to', '2000-12-15', '--symbols', 'MSFT,INTC', '--dry-run', '--json', '--lake', lake]);
    expect(dry.status, dry.stderr).toBe(0);
    const plan = JSON.parse(dry.stdout) as { partitions: Array<{ key: string; date: string; state: string; action: string }>; runIds: string[] };
    const days = [...new Set(plan.partitions.map((p) => p.date))];
    // The NYSE trading days of the range (no weekend).
    expect(days).toEqual(['2000-12-04', '2000-12-05', '2000-12-06', '2000-12-07', '2000-12-08', '2000-12-11', '2000-12-12', '2000-12-13', '2000-12-14', '2000-12-15']);
    expect(plan.partitions).toHaveLength(20);
    for (const p of plan.partitions) expect(['done', 'missing', 'failed', 'running', 'queued', 'cancelled']).toContain(p.state);
    expect(plan.runIds).toEqual([]);
    const text = runFde(['jobs', 'backfill', 'alpaca-backfill', '--from', '2000-12-04', '--to', '2000-12-15', '--symbols', 'MSFT,INTC', '--dry-run', '--lake', lake]);
    expect(text.stdout).toContain('2000-12-11|MSFT');
    expect(text.stdout).toMatch(/nothing changed/);
    expect(await tableVersions(lake)).toEqual(before);
    expect((await runs(lake)).length).toBe(runsBefore);

    const history = runFde(['jobs', 'history', '--json', '--lake', lake]);
    expect(history.status, history.stderr).toBe(0);
    const list = JSON.parse(history.stdout) as Array<{ job: string; state: string; runId: string }>;
    expect(list).toContainEqual(expect.objectContaining({ job: 'build-models', state: 'succeeded' }));

    const logs = runFde(['jobs', 'logs', list[0]!.runId, '--json', '--lake', lake]);
    expect(logs.status, logs.stderr).toBe(0);
    expect(logs.stdout.trim().split('\n').map((l) => JSON.parse(l) as { msg: string }).map((l) => l.msg)).toContain('run succeeded');
  }, 600_000);

  it('refuses bad input with a clear message', async () => {
    const lake = lakes[1]!;
    const unknown = runFde(['jobs', 'run', 'no-such-job', '--lake', lake]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown job 'no-such-job'.*build-models/);
    const notPartitioned = runFde(['jobs', 'backfill', 'build-models', '--from', '2000-12-04', '--to', '2000-12-05', '--lake', lake]);
    expect(notPartitioned.status).toBe(2);
    expect(notPartitioned.stderr).toMatch(/not partitioned/);
    const badDate = runFde(['jobs', 'backfill', 'alpaca-backfill', '--from', '2000-13-40x', '--to', '2000-12-05', '--lake', lake]);
    expect(badDate.status).toBe(2);
  }, 300_000);
});
