/**
 * One ingestor per team: a lease on `_locks/<name>` in the lake.
 *  - Azure: a blob lease (15-60 s) on the blob `_locks/<name>`, renewed at a third of its
 *    duration; the first failed renewal ends leadership (onLost) — never keep writing on hope.
 *  - Local (or any other store): numbered claim files `_locks/<name>/<generation>.json` created
 *    put-if-absent, plus a heartbeat file. A follower claims the next generation once the
 *    leader's heartbeat is older than the lease duration; put-if-absent makes that takeover
 *    race-free, and a leader that sees a newer generation steps down.
 * acquireIngestLease() waits (as a follower) until it is the leader.
 */
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { BlobLeaseClient } from '@azure/storage-blob';
import type { IngestLease, IngestLeaseOptions, Lake } from './types';

export type { IngestLease, IngestLeaseOptions };
import type { Store } from './storage/store';
import { AzureBlobStore, status } from './storage/azure-store';
import { LayeredStore } from './storage/layered-store';
import { DeltaLake } from './lake';
import { LakeError } from './errors';

const MIN_MS = 15_000;
const MAX_MS = 60_000;

export async function acquireIngestLease(lake: Lake, options: IngestLeaseOptions = {}): Promise<IngestLease> {
  if (!(lake instanceof DeltaLake)) throw new LakeError('acquireIngestLease needs a lake opened with openLake()');
  const durationMs = options.durationMs ?? MIN_MS;
  const name = options.name ?? 'ingest';
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new LakeError(`invalid lease name '${name}'`);
  const holder = options.holder ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  // One container per layer: the lock blob lives in the container that holds the lake's own files.
  const lockStore = lake.store instanceof LayeredStore ? lake.store.route(`_locks/${name}`).store : lake.store;
  if (lockStore instanceof AzureBlobStore) {
    if (durationMs < MIN_MS || durationMs > MAX_MS) throw new LakeError(`lease duration ${durationMs} ms is outside Azure's 15-60 s`);
    return azureLease(lockStore, name, holder, durationMs, options);
  }
  return fileLease(lake.store, name, holder, durationMs, options);
}

function leaderState(onLost?: (reason: string) => void): {
  isLeader: () => boolean;
  end: (reason: string, notify: boolean) => void;
  ended: Promise<string>;
} {
  let leader = true;
  let resolveEnded: (r: string) => void = () => undefined;
  const ended = new Promise<string>((r) => (resolveEnded = r));
  return {
    isLeader: () => leader,
    ended,
    end(reason, notify) {
      if (!leader) return;
      leader = false;
      resolveEnded(reason);
      if (notify) onLost?.(reason);
    },
  };
}

/** The caller's handle: release stops renewing, steps down, then frees the lease (best effort). */
function leaseHandle(name: string, holder: string, state: ReturnType<typeof leaderState>, timer: NodeJS.Timeout, free: () => Promise<void>): IngestLease {
  return {
    name,
    holder,
    isLeader: state.isLeader,
    ended: state.ended,
    async release() {
      clearInterval(timer);
      if (!state.isLeader()) return;
      state.end('released', false);
      await free().catch(() => undefined);
    },
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new LakeError('waiting for the ingest lease was aborted'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(new LakeError('waiting for the ingest lease was aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

// ---------------------------------------------------------------- Azure blob lease

async function azureLease(store: AzureBlobStore, name: string, holder: string, durationMs: number, options: IngestLeaseOptions): Promise<IngestLease> {
  const blob = store.container.getBlockBlobClient(store.name(`_locks/${name}`));
  try {
    await blob.upload('', 0, { conditions: { ifNoneMatch: '*' } });
  } catch (error) {
    const s = status(error);
    if (s !== 409 && s !== 412) throw error;
  }
  const seconds = Math.round(durationMs / 1000);
  const leaseClient = new BlobLeaseClient(blob, randomUUID());
  for (;;) {
    try {
      await leaseClient.acquireLease(seconds, { abortSignal: options.signal });
      break;
    } catch (error) {
      if (status(error) !== 409) throw error;
    }
    await sleep(Math.min(durationMs / 6, 5_000), options.signal);
  }
  const state = leaderState(options.onLost);
  const timer = setInterval(() => {
    leaseClient.renewLease().catch((error: unknown) => {
      clearInterval(timer);
      state.end(`lease renewal failed: ${(error as Error).message.split('\n')[0]}`, true);
    });
  }, durationMs / 3);
  timer.unref();
  return leaseHandle(name, holder, state, timer, async () => {
    await leaseClient.releaseLease();
  });
}

// ---------------------------------------------------------------- local claim files

interface Claim {
  holder: string;
  pid: number;
  host: string;
  at: number;
  released?: boolean;
}

async function fileLease(store: Store, name: string, holder: string, durationMs: number, options: IngestLeaseOptions): Promise<IngestLease> {
  const dir = `_locks/${name}`;
  const claimKey = (g: number): string => `${dir}/${String(g).padStart(20, '0')}.json`;
  const beatKey = (g: number): string => `${dir}/${String(g).padStart(20, '0')}.heartbeat`;
  const latestGeneration = async (): Promise<number> => {
    let max = 0;
    for (const e of await store.list(dir)) {
      const m = /(\d{20})\.json$/.exec(e.path);
      if (m) max = Math.max(max, Number(m[1]));
    }
    return max;
  };
  const lastBeat = async (g: number): Promise<Claim | undefined> => {
    const texts = await Promise.all([store.read(beatKey(g)), store.read(claimKey(g))]);
    const claims = texts.filter((t): t is Buffer => t !== undefined).map((t) => JSON.parse(t.toString('utf8')) as Claim);
    return claims.sort((a, b) => b.at - a.at)[0];
  };
  const me = (): Claim => ({ holder, pid: process.pid, host: os.hostname(), at: Date.now() });

  let generation = 0;
  for (;;) {
    const g = await latestGeneration();
    const beat = g > 0 ? await lastBeat(g) : undefined;
    const free = g === 0 || !beat || beat.released === true || Date.now() - beat.at > durationMs;
    if (free && (await store.putIfAbsent(claimKey(g + 1), JSON.stringify(me())))) {
      generation = g + 1;
      break;
    }
    await sleep(Math.min(durationMs / 6, 2_000), options.signal);
  }
  // Old generations are history only.
  for (const e of await store.list(dir)) {
    const m = /(\d{20})\.(json|heartbeat)$/.exec(e.path);
    if (m && Number(m[1]) < generation - 1) await store.delete(e.path).catch(() => undefined);
  }

  const state = leaderState(options.onLost);
  let lastOk = Date.now();
  const renew = async (): Promise<void> => {
    try {
      if (Date.now() - lastOk > durationMs) throw new Error('heartbeat overdue (process stalled longer than the lease)');
      if ((await latestGeneration()) !== generation) throw new Error('another ingestor took over the lease');
      await store.put(beatKey(generation), JSON.stringify(me()));
      lastOk = Date.now();
    } catch (error) {
      clearInterval(timer);
      state.end(`lease renewal failed: ${(error as Error).message}`, true);
    }
  };
  const timer = setInterval(() => void renew(), durationMs / 3);
  timer.unref();
  return leaseHandle(name, holder, state, timer, async () => {
    await store.put(beatKey(generation), JSON.stringify({ ...me(), released: true }));
  });
}
