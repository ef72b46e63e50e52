/** Helpers of the runtime e2e tests: read a lake's run store and table counts, spawn `fde`. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteRunStore } from '../main/runtime/store/sqlite-store';
import { runStorePath } from '../main/runtime/store/location';
import type { RunRecord } from '../main/runtime/store/run-store';
import { openLake } from '../main/lake/index';
import { fdeBin, repoRoot, runFde } from './helpers/run-fde';

export function emptyLake(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fde-rt-e2e-')), 'lake');
}

export async function withStore<T>(lake: string, work: (s: SqliteRunStore) => Promise<T>): Promise<T> {
  const store = new SqliteRunStore(runStorePath(lake));
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

export const runs = (lake: string): Promise<RunRecord[]> => withStore(lake, (s) => s.listRuns({ limit: 10_000 }));

export async function tableVersions(lake: string): Promise<Record<string, number>> {
  const l = await openLake(lake);
  return Object.fromEntries((await l.listTables()).map((t) => [t.id, t.version]));
}

/** Exact row counts per table through `fde sql` (what a user would check). */
export function rowCounts(lake: string, tables: readonly string[]): Record<string, number> {
  const sql = tables.map((t) => `SELECT '${t}' AS t, count(*) AS n FROM ${t}`).join(' UNION ALL ');
  const r = runFde(['sql', '--lake', lake, '--json', sql]);
  if (r.status !== 0) throw new Error(`fde sql failed: ${r.stderr}`);
  return Object.fromEntries(r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { t: string; n: string }).map((o) => [o.t, Number(o.n)]));
}

export function spawnFde(args: readonly string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [fdeBin, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000, pollMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

export const ALPACA_TABLES = ['bronze.alpaca_trades', 'bronze.alpaca_quotes', 'bronze.alpaca_bars'] as const;
