/**
 * A date-range backfill through the runtime (`fde jobs backfill`, offline servers started by the
 * runtime) leaves bronze exactly as the direct `fde backfill alpaca` of the same range does, and
 * the dry run then shows every partition done (from the run store and the lake's checkpoints).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { fdeBin, repoRoot, startFde, stopChild } from './helpers/run-fde';

const dir = mkdtempSync(path.join(tmpdir(), 'fde-runtime-backfill-'));
const viaRuntime = path.join(dir, 'runtime-lake');
const direct = path.join(dir, 'direct-lake');
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  rmSync(dir, { recursive: true, force: true });
});

// No keys: the runtime must start the offline servers itself, as on a fresh machine.
const NO_KEYS = { APCA_API_KEY_ID: '', APCA_API_SECRET_KEY: '', FDE_ALPACA_URL: '' };
const RANGE = ['--from', '2000-12-07', '--to', '2000-12-12', '--symbols', 'MSFT,INTC'];
const TABLES = ['alpaca_trades', 'alpaca_quotes', 'alpaca_bars'];

/** Runs `fde` as a child process without blocking, so independent commands overlap (each pays the tsx start-up). */
function fde(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [fdeBin, ...args], { cwd: repoRoot, env: { ...process.env, ...NO_KEYS }, maxBuffer: 64 << 20, timeout: 200_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`fde ${args.join(' ')} failed: ${error.message}\n${stdout}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** Row count, symbols and time span of each bronze table: equal when both lakes hold the same rows. */
async function fingerprint(lake: string): Promise<Array<Record<string, unknown>>> {
  const sql = TABLES.map(
    (t) => `SELECT '${t}' AS t, count(*) AS n, count(DISTINCT symbol) AS symbols, CAST(min(ts) AS VARCHAR) AS lo, CAST(max(ts) AS VARCHAR) AS hi FROM bronze.${t}`,
  ).join(' UNION ALL ');
  const out = await fde(['sql', '--lake', lake, '--json', `${sql} ORDER BY t`]);
  return out.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('fde jobs backfill alpaca-backfill over a date range', () => {
  it('equals a direct fde backfill alpaca of the same range; the dry run then shows every partition done', async () => {
    const server = await startFde(['alpaca-server', '--port', '0', '--seed', '42'], /"restUrl":"([^"]+)"/);
    cleanups.push(() => stopChild(server.child));
    const restUrl = server.match[1]!;
    const [runtimeOut] = await Promise.all([
      fde(['jobs', 'backfill', 'alpaca-backfill', ...RANGE, '--lake', viaRuntime, '--json']),
      ...['trades', 'quotes', 'bars'].map((what) =>
        fde(['backfill', 'alpaca', '--what', what, '--timeframe', '1Min', '--symbols', 'MSFT,INTC', '--start', '2000-12-07', '--end', '2000-12-12', '--lake', direct, '--rest-url', restUrl]),
      ),
    ]);
    const plan = JSON.parse(runtimeOut) as { runs: Array<{ partition: string; state: string; rowsWritten: number }> };
    // Trading days only: the weekend of 2000-12-09/10 is not a partition.
    expect(plan.runs.map((r) => r.partition).sort()).toEqual(['2000-12-07', '2000-12-08', '2000-12-11', '2000-12-12']);
    expect(plan.runs.every((r) => r.state === 'succeeded' && r.rowsWritten > 0)).toBe(true);

    const [historyOut, a, b, dryOut] = await Promise.all([
      fde(['jobs', 'history', '--json', '--lake', viaRuntime]),
      fingerprint(viaRuntime),
      fingerprint(direct),
      fde(['jobs', 'backfill', 'alpaca-backfill', ...RANGE, '--lake', viaRuntime, '--dry-run', '--json']),
    ]);
    const history = JSON.parse(historyOut) as Array<{ job: string; state: string; partition: string }>;
    expect(history.filter((r) => r.job === 'alpaca-backfill').map((r) => r.state)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    expect(a.map((r) => r.t)).toEqual(['alpaca_bars', 'alpaca_quotes', 'alpaca_trades']);
    for (const row of a) {
      expect(Number(row.n), String(row.t)).toBeGreaterThan(0);
      expect(row.symbols, String(row.t)).toBe('2');
    }
    expect(a).toEqual(b);
    const dry = JSON.parse(dryOut) as { partitions: Array<{ key: string; state: string; action: string }> };
    expect(dry.partitions).toHaveLength(8);
    expect(dry.partitions.every((p) => p.state === 'done' && p.action === 'skip')).toBe(true);
  }, 240_000);
});
