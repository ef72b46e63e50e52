/**
 * Forecast benchmark: walk-forward backtests of 30 symbols x ~2,500 days x 5 models (EWMA,
 * GARCH, HAR, log-HAR, Prophet-style; horizons 1 and 5; refit every 22 days; out-of-sample from
 * the middle) on the real Dow Jones 30 daily closes 1991-2000 in resources/market, once through
 * the worker pool and once on one thread, in the same run. Prints one JSON document.
 *   npm run bench:forecast
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { createForecastPool } from '../workers/forecast-pool';
import type { SeriesInput } from '../workers/forecast-api';
import { runBacktests, type SymbolBacktest } from '../main/forecast/backtest';
import { buildSeries } from '../main/forecast/series';

const MODELS = ['ewma', 'garch', 'har', 'loghar', 'prophet'];
const HORIZONS = [1, 5];
const REFIT_EVERY = 22;

function loadDow30(): SeriesInput[] {
  const text = readFileSync(new URL('../resources/market/dowjones30_daily_close_1991_2000.csv', import.meta.url), 'utf8');
  const [header, ...lines] = text.trim().split('\n');
  const symbols = header!.split(',').slice(1);
  const rows = lines.map((l) => l.split(','));
  return symbols.map((symbol, j) => {
    const points = rows.map((r) => ({ time: r[0]!, close: Number(r[j + 1]) }));
    return buildSeries(points, { symbol, target: 'c2c' }).series;
  });
}

/** Wall time plus this process's CPU time (all threads): cpu / wall shows how many cores worked. */
async function timed<T>(fn: () => Promise<T>): Promise<{ seconds: number; cpuSeconds: number; value: T }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const value = await fn();
  const c = process.cpuUsage(c0);
  return { seconds: (performance.now() - t0) / 1000, cpuSeconds: (c.user + c.system) / 1e6, value };
}

const checksum = (runs: SymbolBacktest[]): number =>
  runs.reduce((acc, r) => acc + r.evaluation.scores.reduce((a, s) => a + s.qlike, 0), 0);

const series = loadDow30();
const options = { models: MODELS, horizons: HORIZONS, refitEvery: REFIT_EVERY, oosStart: (s: SeriesInput) => Math.floor(s.dates.length / 2) };
// The machine is shared (other jobs come and go), so pool and single thread alternate over three
// rounds of 10 symbols and each sees a similar share of the background load.
const ROUNDS = 3;
const pool = createForecastPool();
const pooledRuns: SymbolBacktest[] = [];
const singleRuns: SymbolBacktest[] = [];
const pooled = { seconds: 0, cpuSeconds: 0 };
const single = { seconds: 0, cpuSeconds: 0 };
try {
  for (let round = 0; round < ROUNDS; round++) {
    const chunk = series.slice((round * series.length) / ROUNDS, ((round + 1) * series.length) / ROUNDS);
    const runPool = async (): Promise<void> => {
      const r = await timed(() => runBacktests(chunk, { ...options, pool }));
      pooled.seconds += r.seconds;
      pooled.cpuSeconds += r.cpuSeconds;
      pooledRuns.push(...r.value);
    };
    const runSingle = async (): Promise<void> => {
      const r = await timed(() => runBacktests(chunk, options));
      single.seconds += r.seconds;
      single.cpuSeconds += r.cpuSeconds;
      singleRuns.push(...r.value);
    };
    if (round % 2 === 0) {
      await runPool();
      await runSingle();
    } else {
      await runSingle();
      await runPool();
    }
  }
} finally {
  await pool.close();
}
const speedup = single.seconds / pooled.seconds;
const result = {
  benchmark: 'forecast walk-forward',
  data: 'resources/market/dowjones30_daily_close_1991_2000.csv (real), target c2c',
  symbols: series.length,
  days: series[0]!.dates.length,
  models: MODELS,
  horizons: HORIZONS,
  refit_every: REFIT_EVERY,
  tasks: series.length * MODELS.length,
  cores: availableParallelism(),
  pool_size: pool.size,
  pool_seconds: Number(pooled.seconds.toFixed(2)),
  single_thread_seconds: Number(single.seconds.toFixed(2)),
  speedup_vs_single_thread: Number(speedup.toFixed(2)),
  pool_cpu_per_wall: Number((pooled.cpuSeconds / pooled.seconds).toFixed(2)),
  single_cpu_per_wall: Number((single.cpuSeconds / single.seconds).toFixed(2)),
  load_average_1m_at_end: Number(loadavg()[0]!.toFixed(2)),
  same_results: Math.abs(checksum(pooledRuns) - checksum(singleRuns)) < 1e-9,
  target_under_60s: pooled.seconds < 60,
  target_speedup_1_7x: speedup >= 1.7,
  champions_h1: Object.fromEntries(pooledRuns.map((r) => [r.symbol, r.evaluation.champion['1']])),
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
