/**
 * Retries through the runtime against the offline Alpaca server's REST fault injection: injected
 * 429 and 503 answers fail attempts that the runtime retries with backoff until every partition
 * is done (attempts and error classes in meta.task_runs, no duplicated rows); an injected 400 is
 * bad input and fails at once, with one attempt per task.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fdeBin, repoRoot, startFde, stopChild } from './helpers/run-fde';

const dir = mkdtempSync(path.join(tmpdir(), 'fde-runtime-retry-'));
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  rmSync(dir, { recursive: true, force: true });
});

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function fde(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
  return new Promise((resolve) => {
    execFile(process.execPath, [fdeBin, ...args], { cwd: repoRoot, env: { ...process.env, APCA_API_KEY_ID: '', APCA_API_SECRET_KEY: '', ...env }, maxBuffer: 64 << 20, timeout: 200_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

async function ok(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const r = await fde(args, env);
  if (r.code !== 0) throw new Error(`fde ${args.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

const jsonLines = (out: string): Array<Record<string, string | null>> =>
  out.trim() === '' ? [] : out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, string | null>);

async function server(flags: string[]): Promise<string> {
  const s = await startFde(['alpaca-server', '--port', '0', '--seed', '42', ...flags], /"restUrl":"([^"]+)"/);
  cleanups.push(() => stopChild(s.child));
  return s.match[1]!;
}

describe('runtime retries on injected REST failures', () => {
  it('429 and 503 are retried with backoff until every partition is done; a 400 is not retried', async () => {
    // The first four data requests fail (429, 503, 429, 503); all later ones are answered.
    const [flaky, broken] = await Promise.all([server(['--rest-fail-first', '4', '--rest-fail-statuses', '429,503']), server(['--rest-fail-every', '1', '--rest-fail-statuses', '400'])]);
    const lake = path.join(dir, 'lake');
    const badLake = path.join(dir, 'bad-lake');
    const [backfill, badRun] = await Promise.all([
      fde(['jobs', 'backfill', 'alpaca-backfill', '--from', '2000-12-11', '--to', '2000-12-12', '--symbols', 'MSFT', '--lake', lake, '--json'], { FDE_ALPACA_URL: flaky }),
      fde(['jobs', 'run', 'alpaca-backfill', '--partition', '2000-12-13', '--symbols', 'MSFT', '--lake', badLake], { FDE_ALPACA_URL: broken }),
    ]);
    expect(backfill.code, backfill.stderr).toBe(0);
    const plan = JSON.parse(backfill.stdout) as { runs: Array<{ partition: string; state: string }> };
    expect(plan.runs.map((r) => `${r.partition} ${r.state}`).sort()).toEqual(['2000-12-11 succeeded', '2000-12-12 succeeded']);

    const [history, attemptsOut, dupOut, stats] = await Promise.all([
      ok(['jobs', 'history', '--json', '--lake', lake]),
      ok(['sql', '--lake', lake, '--json', 'SELECT partition, task_id, CAST(attempt AS INTEGER) AS attempt, state, error_class, error, epoch_ms(CAST(started_at AS TIMESTAMP)) AS started, epoch_ms(CAST(ended_at AS TIMESTAMP)) AS ended FROM meta.task_runs ORDER BY partition, task_id, attempt']),
      ok(['sql', '--lake', lake, '--json', 'SELECT count(*) - count(DISTINCT (symbol, trade_id)) AS dup, count(*) AS n FROM bronze.alpaca_trades']),
      fetch(`${flaky}/_fde/stats`).then((r) => r.json() as Promise<{ restInjectedFailures: number }>),
    ]);
    expect((JSON.parse(history) as Array<{ job: string; state: string }>).map((r) => `${r.job} ${r.state}`)).toEqual(['alpaca-backfill succeeded', 'alpaca-backfill succeeded']);
    const attempts = jsonLines(attemptsOut);
    const failed = attempts.filter((a) => a.state === 'failed');
    // Four injected failures, four failed attempts, each classed retryable, both statuses seen.
    expect(stats.restInjectedFailures).toBe(4);
    expect(failed).toHaveLength(4);
    expect(failed.every((a) => a.error_class === 'retryable')).toBe(true);
    expect(failed.some((a) => /429/.test(a.error ?? ''))).toBe(true);
    expect(failed.some((a) => /503/.test(a.error ?? ''))).toBe(true);
    // Every task of both partitions ends with a succeeded attempt, the retried ones after attempt 1.
    const last = new Map<string, Record<string, string | null>>();
    for (const a of attempts) last.set(`${a.partition}/${a.task_id}`, a);
    expect(last.size).toBe(6);
    expect([...last.values()].every((a) => a.state === 'succeeded')).toBe(true);
    expect(Math.max(...attempts.map((a) => Number(a.attempt)))).toBeGreaterThan(1);
    // Backoff: a retry starts no sooner than the policy's smallest delay (2 s with 50% jitter) after the failure.
    for (const f of failed) {
      const next = attempts.find((a) => a.partition === f.partition && a.task_id === f.task_id && Number(a.attempt) === Number(f.attempt) + 1);
      expect(next, `${f.partition}/${f.task_id} retried`).toBeDefined();
      expect(Number(next!.started) - Number(f.ended)).toBeGreaterThanOrEqual(1_000);
    }
    const [dup] = jsonLines(dupOut);
    expect(Number(dup!.n)).toBeGreaterThan(0);
    expect(dup!.dup).toBe('0');

    // Bad input: the run fails, every task after exactly one attempt.
    expect(badRun.code).not.toBe(0);
    const bad = jsonLines(await ok(['sql', '--lake', badLake, '--json', 'SELECT task_id, CAST(attempt AS INTEGER) AS attempt, state, error_class FROM meta.task_runs ORDER BY task_id']));
    expect(bad.map((a) => `${a.task_id} ${a.attempt} ${a.state} ${a.error_class}`)).toEqual(['bars 1 failed bad_input', 'quotes 1 failed bad_input', 'trades 1 failed bad_input']);
  }, 180_000);
});
