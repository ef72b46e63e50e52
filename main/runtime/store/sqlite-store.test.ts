import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { SqliteRunStore } from './sqlite-store';
import { runStorePath } from './location';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fde-store-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const worker = path.join(import.meta.dirname, 'store-test-worker.ts');

/**
 * The worker in one process (node with tsx's loader, not the tsx CLI, which runs the script in a
 * child of its own): a SIGKILL must hit the writer itself, not a wrapper that leaves it running.
 */
function child(args: string[]) {
  return spawn(process.execPath, ['--import', 'tsx', worker, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
}

/** A worker's stdout up to its exit, and a promise of its first line ("ready"). */
function output(p: ReturnType<typeof child>): { ready: Promise<void>; done: Promise<string> } {
  let out = '';
  let err = '';
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const done = new Promise<string>((resolve, reject) => {
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) onReady();
    });
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`worker exited ${code}: ${err}`))));
  });
  return { ready, done };
}

const at = () => new Date().toISOString();

describe('SqliteRunStore', () => {
  it('lives in <lake>/_runtime for local lakes and in the state dir for Azure lakes', () => {
    expect(runStorePath('/data/lake')).toBe('/data/lake/_runtime/runs.sqlite');
    const az = runStorePath('az://container/prefix');
    expect(az).toMatch(/fde[/\\]runtime[/\\][0-9a-f]{16}[/\\]runs\.sqlite$/);
    expect(runStorePath('az://container/prefix/')).toBe(az);
  });

  it('four processes claiming one queue never take the same run twice', async () => {
    const file = path.join(dir, 'claim.sqlite');
    const store = new SqliteRunStore(file);
    for (let i = 0; i < 200; i++) {
      await store.createRun({ runId: `r${i}`, job: 'j', partition: `2026-01-${String((i % 28) + 1).padStart(2, '0')}-${i}`, partitionKeys: [`k${i}`], trigger: 'manual', params: {} }, at());
    }
    const workers = ['a', 'b', 'c', 'd'].map((tag) => {
      const p = child([file, 'claim', tag]);
      return { p, ...output(p) };
    });
    await Promise.all(workers.map((w) => w.ready));
    for (const w of workers) w.p.stdin.end('go\n');
    const outs = await Promise.all(workers.map((w) => w.done));
    // Each output is "ready" then the JSON list of the ids that worker claimed.
    const claimed = outs.flatMap((o) => JSON.parse(o.trim().split('\n').at(-1)!) as string[]);
    expect(claimed).toHaveLength(200);
    expect(new Set(claimed).size).toBe(200);
    const runs = await store.listRuns({ limit: 1000 });
    expect(runs.every((r) => r.state === 'succeeded')).toBe(true);
    expect(new Set(runs.map((r) => r.host)).size).toBeGreaterThan(1);
    await store.close();
  }, 60_000);

  it('survives SIGKILL mid-write: the file is intact and every run has all of its partitions', async () => {
    const file = path.join(dir, 'kill.sqlite');
    new SqliteRunStore(file).close();
    const p = child([file, 'churn', 'k']);
    await new Promise<void>((resolve) => p.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()));
    await new Promise((r) => setTimeout(r, 150));
    p.kill('SIGKILL');
    await new Promise((r) => p.on('exit', r));
    const db = new Database(file, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const runs = db.prepare(`SELECT count(*) AS n FROM runs WHERE job = 'churn'`).get() as { n: number };
    const parts = db.prepare(`SELECT count(*) AS n FROM partitions WHERE job = 'churn'`).get() as { n: number };
    db.close();
    expect(runs.n).toBeGreaterThan(5);
    // createRun is one transaction: no run without its 20 partition rows.
    expect(parts.n).toBe(runs.n * 20);
  }, 60_000);

  it('refuses a store written by a newer schema', () => {
    const file = path.join(dir, 'newer.sqlite');
    new SqliteRunStore(file).close();
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    expect(() => new SqliteRunStore(file)).toThrow(/newer than this build/);
  });
});
