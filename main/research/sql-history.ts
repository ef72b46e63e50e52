/**
 * The SQL lab's query history: JSON lines in the user's state directory, one file per lake
 * (keyed by its URI). It stays with the user, not the lake: a shared lake should not carry
 * everyone's scratch queries, and read-only lakes must keep working.
 */
import { createHash, randomUUID } from 'node:crypto';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SqlHistoryEntry } from '../../api/research-api';
import { stateDir } from '../runtime/store/location';

/** Beyond this many entries the file is trimmed to the newest KEEP. */
const MAX_ENTRIES = 2_000;
const KEEP = 1_000;
/** A stored query text is cut at this length (the request allows 100k characters). */
const MAX_SQL_CHARS = 20_000;

export function historyPath(lakeUri: string): string {
  const key = createHash('sha256').update(lakeUri.replace(/\/+$/, '')).digest('hex').slice(0, 16);
  return path.join(stateDir(), 'research', key, 'sql-history.jsonl');
}

export async function readHistory(lakeUri: string): Promise<SqlHistoryEntry[]> {
  let text: string;
  try {
    text = await readFile(historyPath(lakeUri), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries: SqlHistoryEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      entries.push(JSON.parse(line) as SqlHistoryEntry);
    } catch {
      // A line cut by a crash mid-append: skip it, keep the rest.
    }
  }
  return entries;
}

let writes: Promise<unknown> = Promise.resolve();

/** Appends one entry (serialized, so concurrent queries never interleave lines). */
export function appendHistory(lakeUri: string, entry: Omit<SqlHistoryEntry, 'id' | 'at'>): Promise<SqlHistoryEntry> {
  const full: SqlHistoryEntry = { id: randomUUID(), at: new Date().toISOString(), ...entry, sql: entry.sql.slice(0, MAX_SQL_CHARS) };
  const file = historyPath(lakeUri);
  const work = async (): Promise<SqlHistoryEntry> => {
    await mkdir(path.dirname(file), { recursive: true });
    await appendFile(file, `${JSON.stringify(full)}\n`, { mode: 0o600 });
    const all = await readHistory(lakeUri);
    if (all.length > MAX_ENTRIES) await writeFile(file, all.slice(-KEEP).map((e) => JSON.stringify(e)).join('\n') + '\n', { mode: 0o600 });
    return full;
  };
  const next = writes.then(work, work);
  writes = next.catch(() => undefined);
  return next;
}
