import { defineJob } from './job-spec';
import { BRONZE_DAILY } from './assets';

/** The bundled daily OHLCV files replayed through the data contract into bronze (exactly once per batch). */
export const dailyBars = defineJob({
  name: 'daily-bars',
  description: 'Daily bars: CSV replay of resources/market through the contract into bronze',
  schedule: { market: 'NYSE', at: 'after-close', offsetMinutes: 20 },
  catchup: { enabled: true, maxRuns: 1 },
  assets: { produces: [...BRONZE_DAILY] },
  tasks: [{ id: 'ingest', run: 'market.daily-bars', timeoutMs: 30 * 60_000 }],
});
