/**
 * Team mode end to end: three `fde run --worker` processes on one PostgreSQL split an Alpaca
 * backfill (12 trading days x 2 symbols = 24 partitions) through the offline server; one worker
 * is killed with SIGKILL while it holds a run with a finished task. Its run is requeued after the
 * host check and finished by another worker. Then: every partition done once, each symbol-day's
 * txn marker committed exactly once per table, row counts equal a single-host (local mode) run of
 * the same backfill, the offline server never saw more requests in any window than the shared
 * budget allows, a Prometheus scrape of each worker agrees with the run store, and the killed
 * run's trace holds spans of both hosts.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { fdeBin, repoRoot } from './helpers/run-fde';
import { countingProxy, maxInWindow, promValue, spawnFde, stop, teamTestFile, txnCommits, type FdeChild } from './team-support';
import { PgRunStore } from '../main/runtime/team/pg-store';
import { runTraceContext } from '../main/observability/telemetry/propagation';
import { trace } from '@opentelemetry/api';

const { dir, schema, cleanups, postgres } = teamTestFile('workers');
const teamLake = path.join(dir, 'team-lake');
const soloLake = path.join(dir, 'solo-lake');
const RANGE = ['--from', '2000-12-04', '--to', '2000-12-19', '--symbols', 'MSFT,INTC'];
const BUDGET = { perSecond: 2, burst: 6 };
function fde(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [fdeBin, ...args], { cwd: repoRoot, env: { ...process.env, ...env }, maxBuffer: 64 << 20, timeout: 420_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`fde ${args.join(' ')} failed: ${error.message}\n${stdout}\n${stderr.slice(-4000)}`));
      else resolve(stdout);
    });
  });
}

async function counts(lake: string, env: NodeJS.ProcessEnv): Promise<Record<string, number>> {
  const sql = ['alpaca_trades', 'alpaca_quotes', 'alpaca_bars'].map((t) => `SELECT '${t}' AS t, count(*) AS n FROM bronze.${t}`).join(' UNION ALL ');
  const out = await fde(['sql', '--lake', lake, '--json', sql], env);
  return Object.fromEntries(out.trim().split('\n').map((l) => JSON.parse(l) as { t: string; n: string }).map((o) => [o.t, Number(o.n)]));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('three team workers share a backfill', () => {
  // Paced by the request budget, with a single-host backfill running beside it: minutes under load.
  it('survive a SIGKILL, commit every partition once, stay inside one request budget and report agreeing metrics', async () => {
    const server = await postgres();
    const alpaca = spawnFde(['alpaca-server', '--port', '0', '--seed', '42'], {});
    cleanups.push(() => stop(alpaca));
    const restUrl = (await alpaca.waitFor(/"restUrl":"([^"]+)"/))[1]!;
    const proxy = await countingProxy(restUrl);
    cleanups.push(() => proxy.close());

    const base = { APCA_API_KEY_ID: '', APCA_API_SECRET_KEY: '', FDE_ALPACA_URL: proxy.url };
    const team = {
      ...base, FDE_TEAM_DB: server.url, FDE_TEAM_SCHEMA: schema, FDE_BUDGET_OFFLINE: '1',
      FDE_TEAM_ALPACA_BUDGET: `${BUDGET.perSecond}/${BUDGET.burst}`, FDE_TEAM_HOST_TIMEOUT_MS: '15000',
    };
    const workers: FdeChild[] = [0, 1, 2].map((i) => {
      const w = spawnFde(['run', '--worker', '--concurrency', '2', '--lake', teamLake, '--metrics-port', '0', '--grace', '5'], { ...team, FDE_TRACE_FILE: path.join(dir, `spans-${i}.jsonl`) });
      cleanups.push(() => stop(w, 'SIGKILL'));
      return w;
    });
    const info = await Promise.all(workers.map(async (w) => ({
      hostId: (await w.waitFor(/fde host (\S+) on/))[1]!,
      metrics: (await w.waitFor(/metrics (http:\S+)/))[1]!,
    })));
    await Promise.all(workers.map((w) => w.waitFor(/team mode: worker/)));

    const pool = new pg.Pool({ connectionString: server.url, max: 2 });
    cleanups.push(() => pool.end());
    const store = await PgRunStore.open({ pool, schema, location: 'test', ownsPool: false });
    const backfill = fde(['jobs', 'backfill', 'alpaca-backfill', ...RANGE, '--lake', teamLake, '--json'], team);
    // The single-host reference (local mode, straight to the server) runs meanwhile.
    const solo = fde(['jobs', 'backfill', 'alpaca-backfill', ...RANGE, '--lake', soloLake, '--json'], { ...base, FDE_ALPACA_URL: restUrl });

    // Kill worker 0 once it holds a running run of which one task already succeeded.
    const victim = info[0]!.hostId;
    let killedRun: string | undefined;
    let scrapedMidway = '';
    for (let i = 0; i < 600 && !killedRun; i++) {
      const running = (await store.listRuns({ state: 'running' })).filter((r) => r.host === victim);
      for (const r of running) {
        if ((await store.listAttempts(r.runId)).some((a) => a.state === 'succeeded')) killedRun = r.runId;
      }
      if (!killedRun) await sleep(100);
    }
    expect(killedRun, 'worker 0 never held a half-done run').toBeDefined();
    workers[0]!.child.kill('SIGKILL');
    await workers[0]!.exited;
    scrapedMidway = await (await fetch(info[1]!.metrics)).text();
    const queuedMidway = (await store.listRuns({ state: 'queued' })).length;

    const diagnose = async (e: unknown): Promise<never> => {
      const states = (await store.listRuns({ limit: 100 })).map((r) => `${r.runId} ${r.state} ${r.host} #${r.attempt}`).join('\n');
      const jobs = await pool.query(`SELECT state, data->>'runId' AS run, retry_count, start_after FROM "${schema}_queue".job ORDER BY created_on`).catch(() => ({ rows: [] }));
      const logs = workers.map((w, i) => `--- worker ${i}\n${w.err().split('\n').filter((l) => !l.includes('"run ')).slice(-15).join('\n')}`).join('\n');
      throw new Error(`${String(e)}\nruns:\n${states}\njobs:\n${JSON.stringify(jobs.rows)}\n${logs}`);
    };
    const plan = JSON.parse(await backfill.catch(diagnose)) as { runs: Array<{ runId: string; partition: string; state: string; host: string }> };
    expect(plan.runs).toHaveLength(12);
    expect(plan.runs.every((r) => r.state === 'succeeded')).toBe(true);

    // The killed run was requeued (attempt 2) and finished by a surviving worker.
    const resumed = (await store.getRun(killedRun!))!;
    expect(resumed.state).toBe('succeeded');
    expect(resumed.attempt).toBe(2);
    expect([info[1]!.hostId, info[2]!.hostId]).toContain(resumed.host);
    const attempts = await store.listAttempts(killedRun!);
    expect(attempts.some((a) => a.state === 'interrupted' || (a.state === 'succeeded' && a.attemptId.endsWith('.1')))).toBe(true);
    // Each task succeeded exactly once for the run (the finished one was not redone).
    const succeededTasks = attempts.filter((a) => a.state === 'succeeded').map((a) => a.taskId).sort();
    expect(succeededTasks).toEqual(['bars', 'quotes', 'trades']);

    // Every partition done; work spread over more than one worker.
    const parts = await store.listPartitions('alpaca-backfill');
    expect(parts).toHaveLength(24);
    expect(parts.every((p) => p.state === 'done')).toBe(true);
    const hosts = new Set((await store.listRuns({ job: 'alpaca-backfill' })).map((r) => r.host));
    expect(hosts.size).toBeGreaterThanOrEqual(2);

    // Metrics agree with the run store, per surviving worker.
    const queuedLeft = (await store.listRuns({ state: 'queued' })).length;
    expect(queuedLeft).toBe(0);
    for (const w of info.slice(1)) {
      const text = await (await fetch(w.metrics)).text();
      const storeRuns = (await store.listRuns({ job: 'alpaca-backfill', state: 'succeeded' })).filter((r) => r.host === w.hostId).length;
      expect(promValue(text, 'fde_runs_total', { job: 'alpaca-backfill', state: 'succeeded' })).toBe(storeRuns);
      // No live worker was taken for dead: nothing it ran was superseded.
      expect(promValue(text, 'fde_runs_total', { state: 'superseded' })).toBe(0);
      const { rows } = await pool.query(`SELECT COALESCE(SUM(rows_written), 0)::bigint AS n FROM "${schema}".task_attempts WHERE host_id = $1 AND state = 'succeeded'`, [w.hostId]);
      expect(promValue(text, 'fde_rows_ingested_total', { source: 'alpaca' })).toBe(Number(rows[0].n));
      expect(promValue(text, 'fde_queue_depth')).toBe(0);
      const taskCount = promValue(text, 'fde_task_duration_seconds_count', { job: 'alpaca-backfill', state: 'succeeded' });
      const { rows: t } = await pool.query(`SELECT count(*)::int AS n FROM "${schema}".task_attempts WHERE host_id = $1 AND state = 'succeeded'`, [w.hostId]);
      expect(taskCount).toBe(t[0].n);
    }
    // Mid-backfill the queue gauge showed waiting runs, as the store did.
    expect(queuedMidway).toBeGreaterThan(0);
    expect(promValue(scrapedMidway, 'fde_queue_depth')).toBeGreaterThan(0);

    // The budget held at the server: never more in any window than burst + rate * window.
    expect(proxy.times.length).toBeGreaterThan(BUDGET.burst + BUDGET.perSecond * 10);
    for (const secs of [10, 30, 60]) {
      expect(maxInWindow(proxy.times, secs * 1000), `${secs} s window`).toBeLessThanOrEqual(BUDGET.burst + BUDGET.perSecond * secs);
    }

    // The killed run's trace: one trace id derived from the run, spans from both hosts.
    await Promise.all(workers.slice(1).map((w) => stop(w)));
    const spans = [0, 1, 2].flatMap((i) => {
      const f = path.join(dir, `spans-${i}.jsonl`);
      return fs.existsSync(f) ? fs.readFileSync(f, 'utf8').trim().split('\n').filter(Boolean).map((l) => ({ ...(JSON.parse(l) as { traceId: string; name: string; attributes: Record<string, unknown> }), file: i })) : [];
    });
    const traceId = trace.getSpanContext(runTraceContext(killedRun!))!.traceId;
    const ofRun = spans.filter((s) => s.traceId === traceId);
    expect(new Set(ofRun.map((s) => s.file)).size).toBe(2);
    expect(ofRun.some((s) => s.name === 'run alpaca-backfill' && s.file !== 0)).toBe(true);
    expect(ofRun.filter((s) => s.name.startsWith('task ')).length).toBeGreaterThanOrEqual(3);

    // Exactly once in the lake, and the same rows as one host doing the whole backfill alone.
    for (const table of ['alpaca_trades', 'alpaca_quotes', 'alpaca_bars']) {
      const txns = txnCommits(teamLake, table);
      expect(txns.size, table).toBe(24);
      expect([...txns.values()].every((n) => n === 1), `${table}: a symbol-day committed twice`).toBe(true);
    }
    await solo;
    const [teamCounts, soloCounts] = await Promise.all([counts(teamLake, base), counts(soloLake, base)]);
    expect(teamCounts.alpaca_trades).toBeGreaterThan(0);
    expect(teamCounts).toEqual(soloCounts);
    await store.close();
  }, 480_000);
});
