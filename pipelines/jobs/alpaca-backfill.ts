import { defineJob } from './job-spec';
import { BRONZE_ALPACA, DEFAULT_SYMBOLS } from './assets';

const retry = { attempts: 5, backoffMs: 2_000, maxBackoffMs: 60_000, jitter: 0.5 };

/**
 * Historical trades, quotes and 1-minute bars per trading day. One run per day covers that day's
 * symbols; each (symbol, day) commits once with its txn marker, so a retried, resumed or
 * repeated partition skips what is already in bronze.
 */
export const alpacaBackfill = defineJob({
  name: 'alpaca-backfill',
  description: 'Alpaca REST backfill of trades, quotes and 1-minute bars per symbol and trading day',
  partitions: { kind: 'symbol-day', defaultSymbols: DEFAULT_SYMBOLS },
  concurrency: { maxConcurrentRuns: 4, maxConcurrentTasks: 3 },
  sources: ['alpaca'],
  assets: { produces: [...BRONZE_ALPACA] },
  tasks: [
    { id: 'trades', run: 'alpaca.backfill-trades', retry, timeoutMs: 30 * 60_000 },
    { id: 'quotes', run: 'alpaca.backfill-quotes', retry, timeoutMs: 30 * 60_000 },
    { id: 'bars', run: 'alpaca.backfill-bars', retry, timeoutMs: 30 * 60_000 },
  ],
});
