/**
 * Live polling: runs incremental backfills on a schedule (overlapping windows: each run starts
 * at the newest stored item minus the overlap; dedupe by fullname + content hash makes the
 * overlap free). Stops when the signal aborts; a failed run is reported and retried next tick.
 */
import { backfillReddit, type BackfillOptions, type BackfillReport } from './backfill';

export interface PollOptions extends BackfillOptions {
  intervalMs: number;
  signal: AbortSignal;
  onRun?: (report: BackfillReport) => void;
  onError?: (error: unknown) => void;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

export async function pollReddit(options: PollOptions): Promise<number> {
  let runs = 0;
  while (!options.signal.aborted) {
    try {
      const report = await backfillReddit({ ...options, incremental: true });
      runs++;
      options.onRun?.(report);
    } catch (error) {
      options.onError?.(error);
    }
    await sleep(options.intervalMs, options.signal);
  }
  return runs;
}
