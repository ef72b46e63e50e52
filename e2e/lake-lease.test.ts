/**
 * One ingestor per team: a second ingestor waits as a follower and takes over within one lease
 * period after the leader is killed; a leader whose renewal fails gives up at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { readdir, writeFile } from 'node:fs/promises';
import type { ChildProcess } from 'node:child_process';
import { BlobLeaseClient, BlobServiceClient } from '@azure/storage-blob';
import { acquireIngestLease, openLake } from '../main/lake/index';
import { tempDir } from '../main/lake/test-support/temp';
import { spawnTs } from './lake-support';
import { startAzurite, type Azurite } from './lake-azurite';

let root: { dir: string; cleanup: () => Promise<void> };
let azurite: Azurite;
const children: ChildProcess[] = [];
beforeAll(async () => {
  root = await tempDir('fde-lake-lease-');
  azurite = await startAzurite(['lease']);
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await azurite.stop();
  await root.cleanup();
});

/** Resolves with the first stdout JSON line that has the given key. */
function nextLine(child: ChildProcess, key: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const onData = (d: Buffer): void => {
      buf += d.toString();
      for (const line of buf.split('\n')) {
        if (!line.trim()) continue;
        const obj = JSON.parse(line) as Record<string, unknown>;
        if (key in obj) {
          child.stdout?.off('data', onData);
          resolve(obj);
          return;
        }
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before printing ${key}`)));
  });
}

async function leaderFailover(uri: string, durationMs: number, env: NodeJS.ProcessEnv): Promise<void> {
  const a = spawnTs('lake-lease-worker.ts', [uri, String(durationMs)], env);
  children.push(a);
  await nextLine(a, 'leader');
  const b = spawnTs('lake-lease-worker.ts', [uri, String(durationMs)], env);
  children.push(b);
  const bLeads = nextLine(b, 'leader');
  await nextLine(b, 'waiting');
  // B must stay a follower while A is alive.
  const early = await Promise.race([bLeads.then(() => 'leader'), new Promise((r) => setTimeout(() => r('follower'), durationMs / 2))]);
  expect(early).toBe('follower');
  const killedAt = Date.now();
  a.kill('SIGKILL');
  const line = await bLeads;
  // Takeover happens after the death and within about one lease period plus a poll; the bound
  // here is deliberately loose (2 periods) so a loaded CI machine cannot make it flaky.
  expect(Number(line.at)).toBeGreaterThanOrEqual(killedAt);
  expect(Number(line.at) - killedAt).toBeLessThan(2 * durationMs + 5_000);
  b.kill('SIGKILL');
}

describe('ingest lease, local lake', () => {
  it('a follower takes over within one lease period after kill -9 of the leader', async () => {
    await leaderFailover(path.join(root.dir, 'l1'), 3_000, {});
  });

  it('release hands over at once; a newer claim makes the old leader step down', async () => {
    const lake = await openLake(path.join(root.dir, 'l2'));
    const a = await acquireIngestLease(lake, { durationMs: 900 });
    const lost: string[] = [];
    const bPromise = acquireIngestLease(lake, { durationMs: 900, onLost: (r) => lost.push(r) });
    await a.release();
    const b = await bPromise;
    expect(b.isLeader()).toBe(true);
    expect(a.isLeader()).toBe(false);
    // Someone else claims the next generation (as a follower would after a stall): B steps down.
    const dir = path.join(root.dir, 'l2/_locks/ingest');
    const gens = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
    const next = String(Number(gens.at(-1)?.slice(0, 20)) + 1).padStart(20, '0');
    await writeFile(path.join(dir, `${next}.json`), JSON.stringify({ holder: 'intruder', pid: 0, host: 'x', at: Date.now() }));
    expect(await b.ended).toMatch(/another ingestor took over/);
    expect(lost).toHaveLength(1);
    expect(b.isLeader()).toBe(false);
  });
});

describe('ingest lease, Azure (Azurite)', () => {
  it('a follower takes over within one lease period after kill -9 of the leader', async () => {
    await leaderFailover('az://lease/team', 15_000, { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString });
  }, 60_000);

  it('gives up leadership at the first failed renewal', async () => {
    process.env.AZURE_STORAGE_CONNECTION_STRING = azurite.connectionString;
    const lake = await openLake('az://lease/solo');
    const lost: string[] = [];
    const lease = await acquireIngestLease(lake, { durationMs: 15_000, onLost: (r) => lost.push(r) });
    expect(lease.isLeader()).toBe(true);
    // Break the lease from outside: the next renewal (at 5 s) fails.
    const blob = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('lease').getBlockBlobClient('solo/_locks/ingest');
    await new BlobLeaseClient(blob).breakLease(0);
    expect(await lease.ended).toMatch(/lease renewal failed/);
    expect(lost).toHaveLength(1);
    expect(lease.isLeader()).toBe(false);
  }, 30_000);
});
