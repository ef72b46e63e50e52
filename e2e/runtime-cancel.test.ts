/**
 * Cancel: `fde jobs cancel RUN` from another process stops that run cleanly (partition
 * cancelled, no half-committed rows, re-runnable), and Ctrl-C of a backfill cancels what is in
 * flight and exits.
 */
import { describe, expect, it } from 'vitest';
import { runFde } from './helpers/run-fde';
import { emptyLake, runs, spawnFde, waitFor } from './runtime-support';

// Five symbols a day: runs last long enough for a cancel to land mid-run.
const RANGE = ['--from', '2000-12-18', '--to', '2000-12-21', '--symbols', 'MSFT,INTC,IBM,GE,KO'];

function duplicateTrades(lake: string): number {
  const r = runFde(['sql', '--lake', lake, '--json', 'SELECT count(*) - count(DISTINCT (symbol, trade_id, ts_ns)) AS d FROM bronze.alpaca_trades']);
  if (r.status !== 0) throw new Error(r.stderr);
  return Number((JSON.parse(r.stdout.trim()) as { d: string }).d);
}

describe('cancel', () => {
  it('cancels one run of a running backfill from another process; the partition re-runs', async () => {
    const lake = emptyLake();
    const bf = spawnFde(['jobs', 'backfill', 'alpaca-backfill', ...RANGE, '--lake', lake]);
    const target = await waitFor('a running run', async () => (await runs(lake)).find((r) => r.state === 'running'));
    const cancel = runFde(['jobs', 'cancel', target.runId, '--lake', lake]);
    expect(cancel.status, cancel.stderr).toBe(0);
    const code = await bf.exited;
    const after = await runs(lake);
    const cancelled = after.find((r) => r.runId === target.runId)!;
    // It may have committed its last piece before the cancel was seen; then it succeeded.
    expect(['cancelled', 'succeeded']).toContain(cancelled.state);
    if (cancelled.state === 'cancelled') {
      expect(code).toBe(1);
      expect(bf.output()).toMatch(/did not succeed/);
      const dry = JSON.parse(runFde(['jobs', 'backfill', 'alpaca-backfill', ...RANGE, '--dry-run', '--json', '--lake', lake]).stdout) as {
        partitions: Array<{ date: string; state: string; action: string; note: string | null }>;
      };
      // Cancelled before all of its pieces committed: re-runnable. Cancelled after the last one
      // committed (the lake's checkpoints say so): done, truthfully.
      const parts = dry.partitions.filter((p) => p.date === target.partition);
      for (const p of parts) {
        if (p.state === 'done') expect(p).toMatchObject({ action: 'skip', note: expect.stringMatching(/already in the lake/) });
        else expect(p).toMatchObject({ state: 'cancelled', action: 'run' });
      }
    }
    expect(after.filter((r) => r.state === 'running')).toEqual([]);
    const rerun = runFde(['jobs', 'backfill', 'alpaca-backfill', ...RANGE, '--lake', lake]);
    expect(rerun.status, rerun.stderr).toBe(0);
    expect(duplicateTrades(lake)).toBe(0);
    const dry = JSON.parse(runFde(['jobs', 'backfill', 'alpaca-backfill', ...RANGE, '--dry-run', '--json', '--lake', lake]).stdout) as { partitions: Array<{ state: string }> };
    expect(dry.partitions.every((p) => p.state === 'done')).toBe(true);
  }, 400_000);

  it('Ctrl-C of a backfill cancels the runs in flight and exits; nothing stays running', async () => {
    const lake = emptyLake();
    const bf = spawnFde(['jobs', 'backfill', 'alpaca-backfill', ...RANGE, '--lake', lake]);
    await waitFor('a running run', async () => ((await runs(lake)).some((r) => r.state === 'running') ? true : undefined));
    bf.child.kill('SIGINT');
    const code = await bf.exited;
    expect(code).not.toBe(0);
    expect(bf.output()).toMatch(/cancelling the backfill/);
    const after = await runs(lake);
    expect(after.filter((r) => r.state === 'running' || r.state === 'queued')).toEqual([]);
    expect(after.some((r) => r.state === 'cancelled')).toBe(true);
    if (after.some((r) => r.state === 'succeeded')) expect(duplicateTrades(lake)).toBe(0);
  }, 300_000);
});
