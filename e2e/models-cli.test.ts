/**
 * `fde build`, `fde test` and `fde lineage` on a seeded local lake (in-process CLI, plus one run
 * of the real bin/fde.mjs).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuck } from '../main/duck/duck';
import { openLake, type Lake } from '../main/lake/index';
import { runCli } from '../main/cli/run-cli';
import { tradesValuesSql } from '../main/models/fixtures';
import { seedLakeFromFixtures } from '../main/models/lake-fixtures';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const o = process.stdout.write.bind(process.stdout);
  const e = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((c: string) => (out.push(String(c)), true)) as typeof process.stdout.write;
  process.stderr.write = ((c: string) => (err.push(String(c)), true)) as typeof process.stderr.write;
  try {
    const code = await runCli(args);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}

describe('fde build / test / lineage', () => {
  let dir: string;
  let lake: Lake;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fde-models-cli-'));
    lake = await openLake(dir);
    await seedLakeFromFixtures(lake);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('builds with a selection, then everything, and prints a summary', async () => {
    const sel = await cli(['build', '--lake', dir, '--select', '+bars_1m']);
    expect(sel.code).toBe(0);
    expect(sel.out).toMatch(/silver\.bars_1m/);
    expect(sel.out).not.toMatch(/gold\./);
    const all = await cli(['build', '--lake', dir, '--json']);
    expect(all.code).toBe(0);
    const report = JSON.parse(all.out) as { ok: boolean; models: Array<{ relation: string; status: string }> };
    expect(report.ok).toBe(true);
    expect(report.models.find((m) => m.relation === 'silver.bars_1m')?.status).toBe('up_to_date');
    expect(report.models.find((m) => m.relation === 'gold.mart_sentiment_volatility')?.status).toBe('success');
    expect(all.err).toMatch(/warning: source bronze\.alpaca_quotes is not in the lake yet/);
  });

  it('test prints check results; an error-level failure exits 1 and names the check', async () => {
    const ok = await cli(['test', '--lake', dir]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/pass trades\.unique_symbol_trade_id_exchange/);
    const duck = await openDuck({ threads: 1 });
    await (await lake.openTable('bronze', 'alpaca_trades'))?.append(
      { duck, sql: tradesValuesSql([{ symbol: 'AAPL', trade_id: 77, exchange: 'V', price: -1, size: 1, ts: '2024-03-04 14:50:00' }]) },
      { txn: { appId: 'cli-bad', version: 1 } },
    );
    duck.close();
    const build = await cli(['build', '--lake', dir]);
    expect(build.code).toBe(1);
    expect(build.err).toMatch(/error: build failed: check trades\.range_price: 1 failing rows/);
    expect(build.out).toMatch(/SKIP gold\.fact_bars_1m .*skipped: check trades\.range_price on trades failed/);
    const test = await cli(['test', '--lake', dir, '--select', 'trades']);
    expect(test.code).toBe(1);
    expect(test.out).toMatch(/FAIL trades\.range_price/);
  });

  it('lineage --json lists sources, models and edges; bad selectors are usage errors', async () => {
    const r = await cli(['lineage', '--lake', dir, '--json']);
    expect(r.code).toBe(0);
    const g = JSON.parse(r.out) as { nodes: Array<{ id: string; kind: string; version: number | null }>; edges: Array<{ from: string; to: string }> };
    expect(g.nodes.find((n) => n.id === 'bronze.alpaca_trades')?.kind).toBe('source');
    expect(g.nodes.find((n) => n.id === 'gold.dim_symbol')?.version).toBeGreaterThanOrEqual(1);
    expect(g.edges).toContainEqual({ from: 'silver.bars_1m', to: 'gold.fact_bars_1m' });
    expect(g.edges).toContainEqual({ from: 'bronze.alpaca_trades', to: 'staging.stg_alpaca_trades' });
    const bad = await cli(['build', '--lake', dir, '--select', 'no_such_model']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/no model named "no_such_model"/);
  });

  it('the installed bin runs `fde lineage`', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['bin/fde.mjs', 'lineage', '--lake', dir], { cwd: path.resolve(import.meta.dirname, '..') });
    expect(stdout).toMatch(/gold\.mart_sentiment_volatility\s+table\s+v\d+, \d+ rows/);
  });
});
