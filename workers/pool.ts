/**
 * A pool of worker_threads, each exposing one comlink API. Tasks wait for an idle worker, so long
 * jobs spread evenly over the cores (comlink alone would pile calls onto one worker).
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { wrap, releaseProxy, type Remote } from 'comlink';
import { nodeEndpoint } from './comlink-node';

export interface WorkerPool<Api> {
  readonly size: number;
  /** Runs `task` on the next idle worker; the worker is busy until the returned promise settles. */
  run<R>(task: (api: Remote<Api>) => Promise<R>): Promise<R>;
  /** Terminates every worker; pending and later tasks reject. */
  close(): Promise<void>;
}

export interface WorkerPoolOptions {
  /** Defaults to os.availableParallelism(). */
  size?: number;
}

interface Slot<Api> {
  worker: Worker;
  api: Remote<Api>;
  /** Rejects once the worker dies, so a task on a dead worker does not wait forever. */
  dead: Promise<never>;
}

/**
 * Spawns a worker for an entry file. Built .js entries run as they are. A .ts entry (tests, the CLI
 * under tsx) needs tsx inside the worker; on Node 20 `execArgv: ['--import', tsx]` does not reach
 * a worker's own entry ("Unknown file extension .ts"), so a tiny eval bootstrap registers tsx's
 * ESM hooks first and then imports the entry.
 */
export function spawnWorker(entry: URL): Worker {
  if (!fileURLToPath(entry).endsWith('.ts')) return new Worker(entry);
  // The ESM build of tsx/esm/api (require.resolve would pick the CJS one, which cannot register
  // ESM hooks when imported). tsx is pinned, so its dist layout is stable.
  const tsxRoot = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const api = pathToFileURL(join(tsxRoot, 'dist/esm/api/index.mjs')).href;
  const bootstrap = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true });
}

export function createWorkerPool<Api>(entry: URL, options: WorkerPoolOptions = {}): WorkerPool<Api> {
  const size = Math.max(1, Math.floor(options.size ?? availableParallelism()));
  const idle: Array<Slot<Api>> = [];
  const waiting: Array<{ resolve: (slot: Slot<Api>) => void; reject: (error: Error) => void }> = [];
  const slots: Array<Slot<Api>> = [];
  let closed = false;

  for (let i = 0; i < size; i++) {
    const worker = spawnWorker(entry);
    const dead = new Promise<never>((_resolve, reject) => {
      worker.once('error', (error) => reject(error instanceof Error ? error : new Error(String(error))));
      worker.once('exit', (code) => reject(new Error(`worker exited with code ${code}`)));
    });
    dead.catch(() => undefined); // observed through run(); avoid unhandled rejections when idle
    const slot: Slot<Api> = { worker, api: wrap<Api>(nodeEndpoint(worker)), dead };
    slots.push(slot);
    idle.push(slot);
  }

  const acquire = (): Promise<Slot<Api>> => {
    if (closed) return Promise.reject(new Error('worker pool is closed'));
    const slot = idle.pop();
    if (slot) return Promise.resolve(slot);
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  };

  const release = (slot: Slot<Api>): void => {
    const next = waiting.shift();
    if (next) next.resolve(slot);
    else idle.push(slot);
  };

  return {
    size,
    async run<R>(task: (api: Remote<Api>) => Promise<R>): Promise<R> {
      const slot = await acquire();
      try {
        return await Promise.race([task(slot.api), slot.dead]);
      } finally {
        release(slot);
      }
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      for (const waiter of waiting.splice(0)) waiter.reject(new Error('worker pool is closed'));
      for (const slot of slots) slot.api[releaseProxy]();
      await Promise.all(slots.map((slot) => slot.worker.terminate()));
    },
  };
}
