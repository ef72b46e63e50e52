/**
 * Where a lake's run store lives. A local lake keeps it beside its tables in
 * <lake>/_runtime/runs.sqlite (it moves and is backed up with the lake; the lake's table scan
 * only reads layer folders, so it is invisible to `fde sql` except as meta.job_runs). An Azure
 * lake cannot host SQLite (no POSIX locks on blobs), so its store stays in the user's local state
 * directory, keyed by the lake URI, until team mode puts it in PostgreSQL (issue 21).
 * FDE_STATE_DIR overrides the state directory.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { SqliteRunStore } from './sqlite-store';
import type { RunStore } from './run-store';

export function isRemoteLake(uri: string): boolean {
  return /^[a-z][a-z0-9+.-]+:\/\//i.test(uri) && !uri.startsWith('file://');
}

export function stateDir(): string {
  if (process.env.FDE_STATE_DIR) return path.resolve(process.env.FDE_STATE_DIR);
  if (process.platform === 'win32') return path.join(process.env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local'), 'fde');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'fde');
  return path.join(process.env.XDG_STATE_HOME ?? path.join(os.homedir(), '.local', 'state'), 'fde');
}

export function runStorePath(lakeUri: string): string {
  if (isRemoteLake(lakeUri)) {
    const key = crypto.createHash('sha256').update(lakeUri.replace(/\/+$/, '')).digest('hex').slice(0, 16);
    return path.join(stateDir(), 'runtime', key, 'runs.sqlite');
  }
  const local = lakeUri.startsWith('file://') ? new URL(lakeUri).pathname : lakeUri;
  return path.join(path.resolve(local), '_runtime', 'runs.sqlite');
}

export function openRunStore(lakeUri: string): RunStore {
  return new SqliteRunStore(runStorePath(lakeUri));
}
