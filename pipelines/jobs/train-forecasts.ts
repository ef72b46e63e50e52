import { z } from 'zod';
import { defineJob } from './job-spec';
import { FORECASTS } from './assets';
import { symbolsParam } from './params';

/**
 * Volatility forecasts in the worker-thread pool: EWMA for every symbol, then walk-forward
 * backtests of every model with a champion per horizon for the chosen symbols.
 */
export const trainForecasts = defineJob({
  name: 'train-forecasts',
  description: 'EWMA forecasts for every symbol and model backtests with champions (worker threads)',
  schedule: { market: 'NYSE', at: 'after-close', offsetMinutes: 90 },
  assets: { reads: ['gold.fact_realized_vol_daily'], produces: [...FORECASTS] },
  params: z.object({ symbols: symbolsParam.optional() }).strict(),
  tasks: [
    { id: 'ewma', run: 'forecast.ewma', timeoutMs: 3_600_000 },
    { id: 'train', run: 'forecast.train', dependsOn: ['ewma'], timeoutMs: 4 * 3_600_000 },
  ],
});
