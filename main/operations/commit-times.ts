/**
 * When each table version was committed, from the commitInfo timestamp inside the Delta log
 * (not the log files' modification times, which a copied lake loses). Commits never change,
 * so the times are cached per table folder and version. Remote lakes fall back to the lake's
 * own snapshot-by-time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Lake, LakeLayer } from '../lake/types';

const cache = new Map<string, number>();

function localRoot(uri: string): string | undefined {
  if (uri.startsWith('file://')) return fileURLToPath(uri);
  return /^[a-z][a-z0-9+.-]+:\/\//i.test(uri) ? undefined : uri;
}

function commitTime(logDir: string, version: number): number | undefined {
  const file = path.join(logDir, `${String(version).padStart(20, '0')}.json`);
  const hit = cache.get(file);
  if (hit !== undefined) return hit;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const m = /"commitInfo":\{[^\n]*?"timestamp":(\d+)/.exec(text);
  const ms = m ? Number(m[1]) : fs.statSync(file).mtimeMs;
  cache.set(file, ms);
  return ms;
}

/** Commit time of a table's version (ms), or undefined when unknown. */
export function versionTime(lake: Lake, id: string, version: number): number | undefined {
  const root = localRoot(lake.uri);
  if (!root) return undefined;
  const [layer, name] = id.split('.');
  return commitTime(path.join(root, layer ?? '', name ?? '', '_delta_log'), version);
}

/** The table's version as of `ms` (the newest committed at or before it), or undefined before the first. */
export async function versionAt(lake: Lake, id: string, current: number, ms: number): Promise<number | undefined> {
  const root = localRoot(lake.uri);
  if (!root) {
    const [layer, name] = id.split('.') as [LakeLayer, string];
    const table = await lake.openTable(layer, name);
    return (await table?.snapshot({ timestamp: ms }).catch(() => undefined))?.version;
  }
  for (let v = current; v >= 0; v--) {
    const t = versionTime(lake, id, v);
    if (t !== undefined && t <= ms) return v;
  }
  return undefined;
}
