/** Helpers for the lake e2e tests: spawning TypeScript children and checking table invariants. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const E2E_DIR = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(E2E_DIR, '..');

export function spawnTs(script: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(E2E_DIR, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function waitExit(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

/** Every commit file in a local table log parses as whole JSON lines; returns the versions. */
export async function commitVersions(tableDir: string): Promise<number[]> {
  const names = (await readdir(path.join(tableDir, '_delta_log'))).filter((n) => /^\d{20}\.json$/.test(n));
  for (const n of names) {
    const text = await readFile(path.join(tableDir, '_delta_log', n), 'utf8');
    if (!text.endsWith('\n')) throw new Error(`commit ${n} is truncated`);
    for (const line of text.trim().split('\n')) JSON.parse(line);
  }
  return names.map((n) => Number(n.slice(0, 20))).sort((a, b) => a - b);
}
