/**
 * kill -9 of `fde demo` at several points of its run: the lake must always open, hold only whole
 * commits, and a final run must reach exactly the tables of an uninterrupted run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fdeBin, repoRoot, runFde } from './helpers/run-fde';

const lake = mkdtempSync(join(tmpdir(), 'fde-kill-lake-'));
afterAll(() => rmSync(lake, { recursive: true, force: true }));

const COUNTS = `SELECT (SELECT count(*) FROM bronze.market_daily_bars) AS bronze,
  (SELECT count(*) - count(DISTINCT (symbol, date, source)) FROM bronze.market_daily_bars) AS bronze_dupes,
  (SELECT count(*) FROM bronze.alpaca_trades) AS trades,
  (SELECT count(*) - count(DISTINCT (symbol, trade_id, exchange)) FROM bronze.alpaca_trades) AS trade_dupes,
  (SELECT count(*) FROM bronze.reddit_posts) AS posts,
  (SELECT count(*) FROM silver.bars_1d) AS silver, (SELECT count(*) FROM gold.fact_realized_vol_daily) AS gold,
  (SELECT count(*) FROM gold.vol_forecasts) AS forecasts`;

/** What an uninterrupted run of the demo produces (deterministic seeds and real data). */
const CLEAN_RUN = { bronze: '76119', bronze_dupes: '0', trades: '219634', trade_dupes: '0', posts: '2596', silver: '76052', gold: '76052', forecasts: '107056' };

async function killDemoAfter(ms: number): Promise<void> {
  const child = spawn(process.execPath, [fdeBin, 'demo', '--lake', lake], { cwd: repoRoot, stdio: 'ignore' });
  const exited = new Promise((done) => child.once('exit', done));
  await new Promise((done) => setTimeout(done, ms));
  child.kill('SIGKILL');
  await exited;
}

describe('fde demo under kill -9', () => {
  it('never leaves partial tables or duplicates, and a re-run completes them', { timeout: 600_000 }, async () => {
    // Kill points spread over daily ingest, intraday backfill, social backfill, models and forecasts.
    for (const ms of [1_500, 4_000, 9_000, 16_000, 26_000]) {
      await killDemoAfter(ms);
      const tables = runFde(['sql', '--lake', lake, '--json', 'SELECT count(*) AS n FROM (SHOW ALL TABLES)']);
      expect(tables.status, tables.stderr).toBe(0);
    }
    const final = runFde(['demo', '--lake', lake]);
    expect(final.status, final.stderr).toBe(0);
    const counts = runFde(['sql', '--lake', lake, '--json', COUNTS]);
    expect(counts.status, counts.stderr).toBe(0);
    expect(JSON.parse(counts.stdout)).toEqual(CLEAN_RUN);
  });
});
