import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuck, type Duck } from '../duck/duck';
import { openLake } from '../lake/index';
import type { Lake } from '../lake/types';
import { runForecastBacktest } from './run-backtest';
import { attachRegistry, championForecast, getRun, listRuns } from './registry-read';
import { syntheticSeries } from '../../workers/models/synthetic';
import { loadRows } from '../duck/bulk-load';
import { trainFromLake } from './train-lake';

const MSFT = new URL('../../resources/market/msft_daily_2000_2001.csv', import.meta.url).pathname;
const csvFlags = {
  csv: MSFT, timeCol: 'date', priceCol: 'close', openCol: 'open', highCol: 'high', lowCol: 'low',
  horizons: [1, 5], refitEvery: 22, models: ['ewma', 'har', 'loghar'], symbol: 'MSFT',
};

let dir: string;
let duck: Duck;
let lake: Lake;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fde-forecast-registry-'));
  duck = await openDuck({ threads: 1 });
});
afterAll(async () => {
  duck.close();
  await lake?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('forecast registry in the lake', () => {
  it('registers runs, champion aliases and forecasts; re-registering adds nothing', async () => {
    const first = await runForecastBacktest({ ...csvFlags, lake: dir, register: true });
    expect(first.registered?.runs).toBe(6);
    const again = await runForecastBacktest({ ...csvFlags, lake: dir, register: true });
    expect(again.registered?.runs).toBe(0);
    expect(again.registered?.runIds).toEqual(first.registered?.runIds);

    lake = await openLake(dir);
    expect(await attachRegistry(lake, duck)).toBe(true);
    const runs = await listRuns(duck, { symbol: 'MSFT' });
    expect(runs).toHaveLength(6);
    expect(runs.filter((r) => r.champion)).toHaveLength(2);
    const aliases = await duck.all<{ n: bigint }>(`SELECT count(*) AS n FROM meta.model_aliases`);
    expect(Number(aliases[0]!.n)).toBe(2);
    // Forecast rows: out-of-sample days + the final forecast, once per model and horizon.
    const rows = await duck.all<{ model: string; horizon: number; n: bigint }>(
      `SELECT model, horizon, count(*) AS n FROM gold.vol_forecasts WHERE symbol = 'MSFT' GROUP BY ALL ORDER BY ALL`,
    );
    expect(rows).toHaveLength(6);
    const h1 = first.backtest.evaluation.scores.find((s) => s.name === 'har' && s.horizon === 1)!;
    expect(Number(rows.find((r) => r.model === 'har' && r.horizon === 1)!.n)).toBe(h1.n + 1);
  });

  it('shows a run with parameters, metrics, inputs, code version and artifact', async () => {
    const [run] = await listRuns(duck, { symbol: 'MSFT', model: 'har' });
    const full = await getRun(duck, run!.run_id);
    expect(full).toBeDefined();
    expect(full!.params).toMatchObject({ refit_every: 22, horizons: [1, 5] });
    expect(full!.metrics).toHaveProperty('qlike');
    expect(full!.inputs).toMatchObject({ csv: MSFT });
    expect(String(full!.code_version)).toMatch(/^0\.1\.0\+[0-9a-f]{12}$/);
    expect((full!.artifact as { params: Record<string, unknown> }).params).toHaveProperty(`h${run!.horizon}`);
    expect(await getRun(duck, 'nope')).toBeUndefined();
  });

  it('serves the champion forecast with an interval around it', async () => {
    const f = await championForecast(duck, 'MSFT', 5);
    expect(f).toBeDefined();
    expect(f!.made_at).toBe('2001-09-27');
    expect(f!.interval.lower_variance).toBeLessThan(f!.variance);
    expect(f!.interval.upper_variance).toBeGreaterThan(f!.variance);
    expect(await championForecast(duck, 'NOPE', 1)).toBeUndefined();
  });

  it('backtests from gold tables with sentiment features', async () => {
    const s = syntheticSeries({ days: 300, seed: 5, gamma: 0.2, symbol: 'SYN' });
    const l = await openLake(dir);
    try {
      const vol = await l.ensureTable({
        layer: 'gold', name: 'fact_realized_vol_daily',
        columns: [
          { name: 'symbol', type: 'string' }, { name: 'date', type: 'date' }, { name: 'log_return', type: 'double' },
          { name: 'rv', type: 'double' }, { name: 'yz', type: 'double' }, { name: 'c2c', type: 'double' }, { name: 'variance', type: 'double' },
        ],
      });
      const sent = await l.ensureTable({
        layer: 'gold', name: 'fact_sentiment_daily',
        columns: [{ name: 'symbol', type: 'string' }, { name: 'date', type: 'date' }, { name: 'mean_sentiment', type: 'double' }, { name: 'mention_count', type: 'long' }],
      });
      const rows = s.dates.map((date, i) => ({ date, r: s.returns[i], v: s.target[i], sent: s.sentiment![i], m: s.mentions![i] }));
      const t = await loadRows(duck, 'syn_rows', [
        { name: 'date', type: 'VARCHAR' }, { name: 'r', type: 'DOUBLE' }, { name: 'v', type: 'DOUBLE' }, { name: 'sent', type: 'DOUBLE' }, { name: 'm', type: 'BIGINT' },
      ], rows);
      await vol.append({ duck, sql: `SELECT 'SYN' AS symbol, CAST(date AS DATE) AS date, r AS log_return, v AS rv, v AS yz, r * r AS c2c, v AS variance FROM ${t}` });
      // Sentiment only on some days: the rest must be treated as missing, not as zero rows.
      await sent.append({ duck, sql: `SELECT 'SYN' AS symbol, CAST(date AS DATE) AS date, sent AS mean_sentiment, m AS mention_count FROM ${t} WHERE (hash(date) % 10) <> 0` });
    } finally {
      await l.close();
    }
    const out = await runForecastBacktest({ lake: dir, symbol: 'SYN', horizons: [1], refitEvery: 22, models: ['har', 'prophet'], register: true });
    expect(out.target).toBe('variance');
    expect(out.nObs).toBe(300);
    expect(out.built.inputs).toHaveProperty(['gold.fact_realized_vol_daily']);
    expect(out.built.inputs).toHaveProperty(['gold.fact_sentiment_daily']);
    const prophet = out.backtest.results.find((r) => r.model === 'prophet')!;
    expect(prophet.final.params.useSentiment).toBe('true');
    expect((prophet.final.params.h1_theta as number[]).length).toBeGreaterThan(20);
  });

  it('trains every symbol of the lake and sets its champion alias', async () => {
    const trained = await trainFromLake(dir, { models: ['ewma', 'har'], horizons: [1] });
    // The HAR h=1 run has the same symbol, config, inputs and code as the previous test's: one new run (ewma).
    expect(trained).toEqual([{ symbol: 'SYN', status: 'registered', champion: { '1': expect.any(String) }, runs: 1 }]);
    const l = await openLake(dir);
    try {
      await l.attach(duck);
      const aliases = await duck.all<{ symbol: string; horizon: number }>(`SELECT symbol, horizon FROM meta.model_aliases ORDER BY ALL`);
      // MSFT's aliases from the CSV runs are kept; SYN now has its h=1 champion.
      expect(aliases.map((a) => `${a.symbol}:${a.horizon}`)).toEqual(['MSFT:1', 'MSFT:5', 'SYN:1']);
    } finally {
      await l.close();
    }
  });
});
