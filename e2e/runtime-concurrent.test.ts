/**
 * The CLI and a running host on one lake at once: `fde run` serves while `fde jobs backfill`
 * writes and `fde jobs history` reads; the run store takes both, no run executes twice and the
 * lake has no duplicate rows.
 */
import { describe, expect, it } from 'vitest';
import { runFde } from './helpers/run-fde';
import { emptyLake, runs, spawnFde, waitFor, withStore } from './runtime-support';

describe('a host and the CLI on one lake', () => {
  it('backfills through the CLI while fde run hosts the lake, history reads throughout', async () => {
    const lake = emptyLake();
    // The host creates the lake's run store first, as the app would.
    const host = spawnFde(['run', '--lake', lake, '--no-scheduler', '--grace', '5']);
    await waitFor('the host to be up', async () => (host.output().includes('Ctrl-C stops') ? true : undefined), 120_000);

    const backfill = spawnFde(['jobs', 'backfill', 'alpaca-backfill', '--from', '2000-12-18', '--to', '2000-12-22', '--symbols', 'MSFT,INTC', '--lake', lake]);
    let reads = 0;
    let backfillDone = false;
    void backfill.exited.then(() => (backfillDone = true));
    while (!backfillDone) {
      const h = runFde(['jobs', 'history', '--json', '--lake', lake]);
      expect(h.status, h.stderr).toBe(0);
      expect(Array.isArray(JSON.parse(h.stdout))).toBe(true);
      reads++;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await backfill.exited, backfill.output()).toBe(0);
    expect(reads).toBeGreaterThan(0);

    // A manual run queued by the CLI while the host runs executes once.
    const run = runFde(['jobs', 'run', 'compact', '--lake', lake]);
    expect(run.status, run.stderr).toBe(0);

    host.child.kill('SIGINT');
    expect(await host.exited).toBe(0);

    const all = await runs(lake);
    expect(all.filter((r) => r.job === 'alpaca-backfill')).toHaveLength(5);
    expect(all.every((r) => r.state === 'succeeded')).toBe(true);
    const attempts = await withStore(lake, (s) => s.listAttempts());
    const perTask = new Map<string, number>();
    for (const a of attempts) perTask.set(`${a.runId}/${a.taskId}`, (perTask.get(`${a.runId}/${a.taskId}`) ?? 0) + 1);
    expect([...perTask.values()].every((n) => n === 1)).toBe(true);
    const dup = runFde(['sql', '--lake', lake, '--json', 'SELECT count(*) - count(DISTINCT (symbol, trade_id, ts_ns)) AS d FROM bronze.alpaca_trades']);
    expect(Number((JSON.parse(dup.stdout.trim()) as { d: string }).d)).toBe(0);
  }, 400_000);
});
