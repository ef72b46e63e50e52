import { z } from 'zod';
import { defineJob } from './job-spec';
import { BRONZE_ALPACA, DEFAULT_SYMBOLS } from './assets';
import { listParam } from './params';

/**
 * The live market-data stream into bronze: a service the runtime keeps running and restarts
 * with backoff when it exits or fails. The stream's own spool and gap repair make a restart lose
 * nothing; only hosts configured for streaming start it.
 */
export const alpacaStream = defineJob({
  name: 'alpaca-stream',
  description: 'Alpaca market-data stream (trades, quotes, 1-minute bars) into bronze, supervised',
  kind: 'service',
  sources: ['alpaca'],
  assets: { produces: [...BRONZE_ALPACA] },
  /** Symbols to subscribe to (default: the demo universe); '*' subscribes to every symbol. */
  params: z.object({ symbols: listParam(z.string().regex(/^(\*|[A-Z][A-Z0-9.\-/]*)$/)).default(DEFAULT_SYMBOLS) }).strict(),
  restart: { backoffMs: 2_000, maxBackoffMs: 120_000 },
  tasks: [{ id: 'ingest', run: 'alpaca.stream', retry: { attempts: 1, backoffMs: 0, maxBackoffMs: 0, jitter: 0 }, description: 'stream ingest until stopped' }],
});
