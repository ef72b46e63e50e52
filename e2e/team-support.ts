/**
 * Helpers of the team e2e tests: a fresh schema on the test PostgreSQL and a temporary folder,
 * both removed after the file, `fde` children with the team environment, a counting HTTP proxy in
 * front of the offline Alpaca server (timestamps of every request the server sees), Prometheus
 * text parsing and the lake's txn markers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll } from 'vitest';
import { fdeBin, repoRoot } from './helpers/run-fde';
import { startTestPostgres, type TestPostgres } from './models-pg-support';

export interface TeamTestFile {
  /** A temporary folder for the file's lakes and files. */
  dir: string;
  /** The team schema (and its `_queue` schema) of this file, unique per process. */
  schema: string;
  /** Run after the file, last pushed first (children before the pools they use); failures are ignored. */
  cleanups: Array<() => Promise<unknown>>;
  /** Starts the test PostgreSQL; it fails the test when there is none. */
  postgres(): Promise<TestPostgres>;
}

/**
 * The setup every team test file shares: registers the afterAll that runs the cleanups, drops the
 * file's schemas, stops PostgreSQL and removes the folder. `name` tells the files apart in
 * /tmp and in the database.
 */
export function teamTestFile(name: string): TeamTestFile {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `fde-team-${name}-`));
  const schema = `fde_e2e_${name}_${process.pid}`;
  const cleanups: Array<() => Promise<unknown>> = [];
  let server: TestPostgres | undefined;
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    if (server) {
      const pool = new pg.Pool({ connectionString: server.url });
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; DROP SCHEMA IF EXISTS "${schema}_queue" CASCADE`).catch(() => undefined);
      await pool.end();
      await server.stop();
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir,
    schema,
    cleanups,
    postgres: async () => {
      server = await startTestPostgres();
      if (!server) throw new Error('no PostgreSQL for the team tests');
      return server;
    },
  };
}

export interface FdeChild {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<number | null>;
  /** Resolves with the first match of `re` on stdout. */
  waitFor: (re: RegExp, timeoutMs?: number) => Promise<RegExpMatchArray>;
}

export function spawnFde(args: readonly string[], env: NodeJS.ProcessEnv): FdeChild {
  const child = spawn(process.execPath, [fdeBin, ...args], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters: Array<() => void> = [];
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    for (const w of [...waiters]) w();
  });
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child, out: () => out, err: () => err, exited,
    waitFor: (re, timeoutMs = 60_000) => new Promise((resolve, reject) => {
      const check = () => {
        const m = out.match(re);
        if (!m) return;
        waiters.splice(waiters.indexOf(check), 1);
        clearTimeout(timer);
        resolve(m);
      };
      const timer = setTimeout(() => reject(new Error(`fde ${args.join(' ')}: no ${re} after ${timeoutMs} ms\n${out}\n${err.slice(-3000)}`)), timeoutMs);
      waiters.push(check);
      check();
      void exited.then((code) => {
        clearTimeout(timer);
        if (!out.match(re)) reject(new Error(`fde ${args.join(' ')} exited ${code} before ${re}\n${out}\n${err.slice(-3000)}`));
      });
    }),
  };
}

export async function stop(c: FdeChild, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (c.child.exitCode !== null || c.child.signalCode !== null) return;
  c.child.kill(signal);
  const t = setTimeout(() => c.child.kill('SIGKILL'), 15_000);
  await c.exited;
  clearTimeout(t);
}

/** A proxy that records the time of every request it forwards to `target`. */
export async function countingProxy(target: string): Promise<{ url: string; times: number[]; close: () => Promise<void> }> {
  const t = new URL(target);
  const times: number[] = [];
  const server = http.createServer((req, res) => {
    if (/^\/v2\/stocks\//.test(req.url ?? '')) times.push(Date.now());
    const up = http.request({ host: t.hostname, port: t.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, times, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Most requests in any window of `ms`. */
export function maxInWindow(times: readonly number[], ms: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= ms) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

/** Prometheus text -> samples (name, labels, value). */
export function parseProm(text: string): Array<{ name: string; labels: Record<string, string>; value: number }> {
  const out: Array<{ name: string; labels: Record<string, string>; value: number }> = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

export function promValue(text: string, name: string, match: Record<string, string> = {}): number {
  return parseProm(text).filter((s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v)).reduce((n, s) => n + s.value, 0);
}

/** How many commits of a table's Delta log carry each txn marker (appId@version). */
export function txnCommits(lake: string, table: string): Map<string, number> {
  const dir = path.join(lake, 'bronze', table, '_delta_log');
  const counts = new Map<string, number>();
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) {
      if (!line.includes('"txn"')) continue;
      const txn = (JSON.parse(line) as { txn?: { appId: string; version: number } }).txn;
      if (txn) counts.set(`${txn.appId}@${txn.version}`, (counts.get(`${txn.appId}@${txn.version}`) ?? 0) + 1);
    }
  }
  return counts;
}
