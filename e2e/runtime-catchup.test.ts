/**
 * Catchup: a host started after downtime runs the schedule ticks it missed, bounded per job
 * (daily-bars keeps 1), and records them so a restart does not run them again.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { copyOfDemoLake } from './helpers/demo-lake';
import { runs, spawnFde, waitFor, withStore } from './runtime-support';
import { jobByName } from '../pipelines/jobs/index';
import { catchupTicks } from '../pipelines/schedules/index';

let lake = '';
beforeAll(async () => {
  lake = await copyOfDemoLake();
}, 20 * 60_000);

describe('catchup after downtime', () => {
  it('fde run queues the missed daily-bars tick once, runs it, and does not repeat it after a restart', async () => {
    const job = jobByName('daily-bars')!;
    const lastSeen = new Date(Date.now() - 10 * 86_400_000);
    await withStore(lake, (s) => s.recordTicks([{ job: 'daily-bars', tickAt: lastSeen.toISOString(), runId: null, outcome: 'queued' }], new Date().toISOString()));
    const missed = catchupTicks(job.schedule!, lastSeen, new Date(), job.catchup.maxRuns);
    expect(missed.skipped).toBeGreaterThan(0);

    const host = spawnFde(['run', '--lake', lake, '--grace', '5']);
    const run = await waitFor('the catchup run to finish', async () => {
      const r = (await runs(lake)).find((x) => x.job === 'daily-bars');
      return r && !['queued', 'running'].includes(r.state) ? r : undefined;
    }, 240_000);
    expect(run.state).toBe('succeeded');
    host.child.kill('SIGINT');
    expect(await host.exited).toBe(0);
    expect(host.output()).toMatch(/host stopped/);

    const all = await runs(lake);
    // Bounded: one run (maxRuns 1) for the latest missed tick, not one per missed trading day.
    expect(all.filter((r) => r.job === 'daily-bars')).toHaveLength(1);
    expect(run.partition).toBe('');
    const ticks = await withStore(lake, async (s) => s.lastTick('daily-bars'));
    expect(ticks).toBe(missed.ticks.at(-1)!.toISOString());
    // Every other scheduled job started fresh: no backlog runs.
    expect(all.every((r) => r.job === 'daily-bars')).toBe(true);

    const again = spawnFde(['run', '--lake', lake, '--grace', '5']);
    await waitFor('the host to be up', async () => (again.output().includes('Ctrl-C stops') ? true : undefined), 120_000);
    await new Promise((r) => setTimeout(r, 3_000));
    again.child.kill('SIGINT');
    expect(await again.exited).toBe(0);
    expect((await runs(lake)).filter((r) => r.job === 'daily-bars')).toHaveLength(1);
  }, 600_000);
});
