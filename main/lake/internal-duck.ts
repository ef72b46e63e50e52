/**
 * One small in-process DuckDB used by the lake itself (reading and writing checkpoints, file
 * schemas). Queries are serialized: one connection, one query at a time.
 */
import { openDuck, type Duck } from '../duck/duck';

let duckPromise: Promise<Duck> | undefined;
let queue: Promise<unknown> = Promise.resolve();

export async function withLakeDuck<T>(fn: (duck: Duck) => Promise<T>): Promise<T> {
  duckPromise ??= openDuck({ threads: 2 });
  const duck = await duckPromise;
  const run = queue.then(() => fn(duck));
  queue = run.catch(() => undefined);
  return run;
}

/** Closes the shared instance (tests and CLI exit); a later call reopens it. */
export async function closeLakeDuck(): Promise<void> {
  const pending = duckPromise;
  duckPromise = undefined;
  if (!pending) return;
  await queue.catch(() => undefined);
  (await pending).close();
}
