/**
 * `npm run bench:team`: prints JSON.
 *  1. The 250-partition backfill of bench:runtime (alpaca-backfill, 50 NYSE trading days x 5
 *     symbols, offline Alpaca server) split by 1, 2 and 4 `fde run --worker --concurrency 1`
 *     processes on one team PostgreSQL: partitions/s from the first run queued to the last run
 *     finished (run store times), and the scaling ratio against one worker.
 *  2. Queue overhead per task: 200 runs of a no-op one-task job through the team path (PostgreSQL
 *     run store, pg-boss job, claim, execute) vs the local path (SQLite store, local dispatcher)
 *     in one process with 4 runs at a time; the difference per task is what team mode adds.
 * Needs PostgreSQL (127.0.0.1:5432 or a throwaway cluster, as the tests). BENCH_TEAM_WORKERS=1,2
 * picks the worker counts; BENCH_TEAM_SKIP_BACKFILL=1 runs only part 2.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openLake } from '../main/lake/index';
import { defineJob } from '../pipelines/jobs/job-spec';
import { tradingDays } from '../pipelines/calendar';
import { Runtime } from '../main/runtime/runtime';
import type { SourcesProvider, TaskImplementation } from '../main/runtime/task-api';
import { openTeam } from '../main/runtime/team/team-runtime';
import { PgRunStore } from '../main/runtime/team/pg-store';
import { startTestPostgres } from '../e2e/models-pg-support';

const repo = path.resolve(import.meta.dirname, '..');
const fdeBin = path.join(repo, 'bin/fde.mjs');
const DAYS = tradingDays('2000-10-02', '2000-12-29').slice(0, 50);
const SYMBOLS = 'MSFT,INTC,IBM,GE,KO';

function start(args: string[], env: NodeJS.ProcessEnv, ready: RegExp, timeoutMs = 120_000): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  const child = spawn(process.execPath, [fdeBin, ...args], { cwd: repo, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`fde ${args.join(' ')} not ready after ${timeoutMs} ms\n${out}\n${err.slice(-3000)}`));
    }, timeoutMs);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.match(ready);
      if (m) {
        clearTimeout(timer);
        resolve({ child, match: m });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-20_000)));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`fde ${args.join(' ')} exited ${code}: ${out}\n${err.slice(-3000)}`));
    });
  });
}

function fde(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [fdeBin, ...args], { cwd: repo, env: { ...process.env, ...env }, maxBuffer: 64 << 20, timeout: 3_600_000 }, (e, stdout, stderr) =>
      e ? reject(new Error(`${e.message}\n${stderr.slice(-2000)}`)) : resolve(stdout));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(t);
}

async function backfillWith(workers: number, url: string, restUrl: string, dir: string): Promise<Record<string, number>> {
  const schema = `fde_bench_team_${workers}_${process.pid}`;
  const lake = path.join(dir, `lake-${workers}`);
  const env = { FDE_TEAM_DB: url, FDE_TEAM_SCHEMA: schema, FDE_ALPACA_URL: restUrl, APCA_API_KEY_ID: '', APCA_API_SECRET_KEY: '' };
  // One after another: each host's first start creates the schema and the queue.
  const hosts: Array<{ child: ChildProcess }> = [];
  for (let i = 0; i < workers; i++) hosts.push(await start(['run', '--worker', '--concurrency', '1', '--lake', lake, '--grace', '5'], env, /team mode: worker/));
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    const out = await fde(['jobs', 'backfill', 'alpaca-backfill', '--from', DAYS[0]!, '--to', DAYS.at(-1)!, '--symbols', SYMBOLS, '--lake', lake, '--json'], env);
    const plan = JSON.parse(out) as { runs: Array<{ state: string }>; partitions?: unknown[] };
    const store = await PgRunStore.open({ pool, schema, location: 'bench', ownsPool: false });
    const runs = await store.listRuns({ job: 'alpaca-backfill', limit: 10_000 });
    const parts = await store.listPartitions('alpaca-backfill');
    const t0 = Math.min(...runs.map((r) => Date.parse(r.queuedAt)));
    const t1 = Math.max(...runs.map((r) => Date.parse(r.endedAt ?? r.queuedAt)));
    const hostsUsed = new Set(runs.map((r) => r.host)).size;
    if (plan.runs.some((r) => r.state !== 'succeeded')) throw new Error(`backfill with ${workers} workers did not succeed`);
    return { workers, partitions: parts.filter((p) => p.state === 'done').length, runs: runs.length, hostsUsed, seconds: (t1 - t0) / 1000, partitionsPerSec: parts.length / ((t1 - t0) / 1000) };
  } finally {
    // Hosts first: dropping the schema under running hosts would wait on their locks.
    await Promise.all(hosts.map((h) => stopChild(h.child)));
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; DROP SCHEMA IF EXISTS "${schema}_queue" CASCADE`).catch(() => undefined);
    await pool.end();
    fs.rmSync(lake, { recursive: true, force: true });
  }
}

const noop: TaskImplementation = async () => ({ rowsWritten: 0, tableVersions: [] });
const noSources: SourcesProvider = {
  alpaca: () => Promise.reject(new Error('unused')), reddit: () => Promise.reject(new Error('unused')),
  postgres: () => Promise.reject(new Error('unused')), close: async () => {},
};

async function timeRuns(rt: Runtime, days: readonly string[]): Promise<number> {
  await rt.start();
  const t0 = process.hrtime.bigint();
  const plan = await rt.backfill({ job: 'bench-noop', from: days[0]!, to: days.at(-1)!, dryRun: false, rerun: 'all' });
  const done = await rt.execute(plan.runIds);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (done.length !== days.length || done.some((r) => r.state !== 'succeeded')) throw new Error('no-op runs failed');
  await rt.stop(1_000);
  return ms / days.length;
}

async function queueOverhead(url: string, dir: string): Promise<Record<string, number>> {
  const job = defineJob({ name: 'bench-noop', description: 'one no-op task per trading day', partitions: { kind: 'trading-day' }, concurrency: { maxConcurrentRuns: 4, maxConcurrentTasks: 1 }, tasks: [{ id: 'noop', run: 'bench.noop' }] });
  const days = tradingDays('2001-01-02', '2001-12-31').slice(0, 200);
  const registry = { 'bench.noop': noop };
  const base = { jobs: [job], registry, budget: { acquire: async () => {} }, sources: noSources, pollMs: 20, maxConcurrentRuns: 4 };
  const localMs = await timeRuns(new Runtime({ ...base, lake: await openLake(path.join(dir, 'local-lake')), role: 'cli' }), days);
  const schema = `fde_bench_queue_${process.pid}`;
  const team = await openTeam(
    { connection: { connectionString: url }, schema, location: 'bench', budgets: { alpaca: { perSecond: 1, burst: 1 }, reddit: { perSecond: 1, burst: 1 }, postgres: { perSecond: 1, burst: 1 } }, hostTimeoutMs: 30_000, leaseMs: 15_000, expireInSeconds: 600, maintenanceIntervalSeconds: 30 },
    { role: 'host', registry, concurrency: 4 },
  );
  const teamMs = await timeRuns(new Runtime({ ...base, ...team, lake: await openLake(path.join(dir, 'team-lake')), role: 'host' }), days);
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  await pool.query(`DROP SCHEMA "${schema}" CASCADE; DROP SCHEMA "${schema}_queue" CASCADE`);
  await pool.end();
  return { runs: days.length, localMsPerTask: localMs, teamMsPerTask: teamMs, queueOverheadMsPerTask: teamMs - localMs };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fde-bench-team-'));
const server = await startTestPostgres();
if (!server) throw new Error('bench:team needs PostgreSQL');
const result: Record<string, unknown> = { cpus: os.cpus().length, node: process.version };
try {
  result.queue = await queueOverhead(server.url, dir);
  process.stderr.write(`queue overhead: ${JSON.stringify(result.queue)}\n`);
  if (process.env.BENCH_TEAM_SKIP_BACKFILL !== '1') {
    const counts = (process.env.BENCH_TEAM_WORKERS ?? '1,2,4').split(',').map(Number);
    const alpaca = await start(['alpaca-server', '--port', '0', '--seed', '42'], {}, /"restUrl":"([^"]+)"/);
    try {
      const rows: Array<Record<string, number>> = [];
      for (const n of counts) {
        rows.push(await backfillWith(n, server.url, alpaca.match[1]!, dir));
        process.stderr.write(`${JSON.stringify(rows.at(-1))}\n`);
      }
      const one = rows.find((r) => r.workers === 1)?.partitionsPerSec;
      result.backfill250 = rows.map((r) => ({ ...r, scalingVsOne: one ? r.partitionsPerSec! / one : null }));
    } finally {
      await stopChild(alpaca.child);
    }
  }
} finally {
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
