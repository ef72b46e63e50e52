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
  (SELECT count(*) FROM silver.daily_bars) AS silver, (SELECT count(*) FROM gold.daily_volatility) AS gold,
  (SELECT count(*) FROM gold.vol_forecasts) AS forecasts`;

async function killDemoAfter(ms: number): Promise<void> {
  const child = spawn(process.execPath, [fdeBin, 'demo', '--lake', lake], { cwd: repoRoot, stdio: 'ignore' });
  const exited = new Promise((done) => child.once('exit', done));
  await new Promise((done) => setTimeout(done, ms));
  child.kill('SIGKILL');
  await exited;
}

describe('fde demo under kill -9', () => {
  it('never leaves partial tables or duplicates, and a re-run completes them', async () => {
    // Kill points spread over start-up, ingest, transforms and forecasting.
    for (const ms of [700, 1100, 1500, 1900, 2400]) {
      await killDemoAfter(ms);
      const tables = runFde(['sql', '--lake', lake, '--json', 'SELECT count(*) AS n FROM (SHOW ALL TABLES)']);
      expect(tables.status, tables.stderr).toBe(0);
      const bronze = runFde(['sql', '--lake', lake, '--json', `SELECT count(*) AS rows FROM (SHOW ALL TABLES) WHERE name = 'market_daily_bars'`]);
      expect(bronze.status, bronze.stderr).toBe(0);
    }
    const final = runFde(['demo', '--lake', lake]);
    expect(final.status, final.stderr).toBe(0);
    const counts = runFde(['sql', '--lake', lake, '--json', COUNTS]);
    expect(counts.status, counts.stderr).toBe(0);
    expect(JSON.parse(counts.stdout)).toEqual({ bronze: '76119', bronze_dupes: '0', silver: '76052', gold: '76052', forecasts: '76022' });
  });
});
