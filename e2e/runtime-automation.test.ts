/**
 * Declarative automation end to end: after a backfill adds bronze versions to a demo lake, a
 * running `fde run` host (scheduler on) queues build-models by itself, trigger 'automation',
 * with the reason naming the changed bronze table; the CLI shows it in history and ls.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { copyOfDemoLake } from './helpers/demo-lake';
import { runFde } from './helpers/run-fde';
import { runs, spawnFde, waitFor } from './runtime-support';
import type { RunRecord } from '../main/runtime/store/run-store';

let lake = '';
beforeAll(async () => {
  lake = await copyOfDemoLake();
}, 900_000);

describe('automation of stale jobs', () => {
  it('a host queues build-models when a backfill changed the bronze tables it reads', async () => {
    // Baseline: one successful build-models run records the input versions (a small selection
    // keeps it quick). The demo built the models outside the runtime, so nothing is recorded yet.
    const base = runFde(['jobs', 'run', 'build-models', '--select', 'dim_date', '--lake', lake]);
    expect(base.status, base.stderr).toBe(0);

    // A day and symbol outside the demo range: new versions of the alpaca bronze tables.
    const bf = runFde(['jobs', 'backfill', 'alpaca-backfill', '--from', '2000-12-11', '--to', '2000-12-11', '--symbols', 'MSFT', '--lake', lake]);
    expect(bf.status, bf.stderr).toBe(0);
    // The CLI itself never automates: no automation run yet.
    expect((await runs(lake)).filter((r) => r.trigger === 'automation')).toHaveLength(0);

    const host = spawnFde(['run', '--lake', lake, '--grace', '5']);
    let auto: RunRecord | undefined;
    try {
      auto = await waitFor('an automation run of build-models', async () => (await runs(lake)).find((r) => r.job === 'build-models' && r.trigger === 'automation'), 120_000);
    } finally {
      host.child.kill('SIGINT');
    }
    expect(await host.exited, host.output()).toBe(0);

    expect(auto.reason).toMatch(/upstream table bronze\.alpaca_trades changed v\d+->v\d+/);
    expect((await runs(lake)).filter((r) => r.job === 'build-models' && r.trigger === 'automation')).toHaveLength(1);

    const history = runFde(['jobs', 'history', '--job', 'build-models', '--lake', lake]);
    expect(history.status, history.stderr).toBe(0);
    expect(history.stdout).toMatch(/automation.*upstream table bronze\.alpaca_trades/);
    const json = JSON.parse(runFde(['jobs', 'history', '--json', '--job', 'build-models', '--lake', lake]).stdout) as Array<{ trigger: string; reason?: string | null }>;
    expect(json.find((r) => r.trigger === 'automation')?.reason).toContain('bronze.alpaca_trades');
  }, 400_000);
});
