import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDuck, type Duck } from '../duck/duck';
import { buildModels } from './build';
import { contentHash } from './content-hash';
import { insertTrades, seedDemoBronze } from './fixtures';
import { loadProject } from '../../pipelines/runner/index';

const GOLD = ['dim_symbol', 'dim_date', 'fact_bars_1m', 'fact_bars_1d', 'fact_realized_vol_daily', 'fact_sentiment_daily', 'mart_sentiment_volatility'];

async function hashes(duck: Duck, relations: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const r of relations) out[r] = await contentHash(duck, r);
  return out;
}

// Each test builds the whole project two or three times: minutes on a loaded 2-core machine.
describe('models on DuckDB tables (no lake)', { timeout: 240_000 }, () => {
  let duck: Duck;
  beforeEach(async () => {
    duck = await openDuck({ threads: 2 });
    await seedDemoBronze(duck);
  });
  afterEach(() => duck.close());

  it('builds every gold table non-empty and all checks pass', async () => {
    const r = await buildModels({ duck, now: new Date('2024-03-05T00:00:00Z') });
    expect(r.models.filter((m) => m.status === 'error' || m.status === 'skipped')).toEqual([]);
    expect(r.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.message}`)).toEqual([]);
    for (const t of GOLD) {
      const n = await duck.all<{ n: bigint }>(`SELECT count(*) AS n FROM gold.${t}`);
      expect(Number(n[0]?.n), t).toBeGreaterThan(0);
    }
    expect(r.ok).toBe(true);
  });

  it('bars from a known tick set match hand-computed OHLCV/VWAP exactly', async () => {
    await buildModels({ duck, select: '+bars_1m' });
    const bars = await duck.all<Record<string, unknown>>(
      `SELECT strftime(minute, '%H:%M') AS m, open, high, low, close, volume, vwap, trade_count FROM silver.bars_1m ORDER BY minute`,
    );
    expect(bars).toEqual([
      // trades 1-4 (trade 2 delivered twice counts once)
      { m: '14:30', open: 100, high: 101, low: 99.5, close: 100.5, volume: 100n, vwap: (1000 + 2020 + 2985 + 4020) / 100, trade_count: 4n },
      // trades 5-7; trade 6 was corrected from 103 to 102.5; trade 10 (price 500) was cancelled
      { m: '14:31', open: 102, high: 102.5, low: 101.5, close: 101.5, volume: 30n, vwap: (510 + 1537.5 + 1015) / 30, trade_count: 3n },
      // trades 8 and 9 share a timestamp: the lower trade id opens
      { m: '14:35', open: 104, high: 104, low: 98, close: 98, volume: 4n, vwap: (104 + 294) / 4, trade_count: 2n },
    ]);
    const silver = await duck.all<{ n: bigint; d: bigint; c: bigint }>(
      'SELECT count(*) AS n, count(DISTINCT (symbol, trade_id, exchange)) AS d, count(*) FILTER (WHERE corrected) AS c FROM silver.trades',
    );
    expect(silver[0]).toEqual({ n: 9n, d: 9n, c: 1n });
  });

  it('sentiment and volatility facts match hand computation', async () => {
    await buildModels({ duck });
    const sent = await duck.all<Record<string, unknown>>(
      `SELECT symbol, strftime(date, '%Y-%m-%d') AS date, mean_sentiment, weighted_sentiment, mention_count, bullish_share FROM gold.fact_sentiment_daily ORDER BY date, symbol`,
    );
    expect(sent).toEqual([
      // t3_a's latest version (h2) mentions only AAPL: the MSFT mention of h1 was edited out.
      { symbol: 'AAPL', date: '2024-03-02', mean_sentiment: 0.8, weighted_sentiment: 0.8, mention_count: 1n, bullish_share: 1 },
      { symbol: 'AAPL', date: '2024-03-03', mean_sentiment: 0.1, weighted_sentiment: 0.1, mention_count: 1n, bullish_share: 0 },
      // t3_c was deleted: its bullish MSFT mention does not count.
      { symbol: 'MSFT', date: '2024-03-03', mean_sentiment: -0.6, weighted_sentiment: -0.6, mention_count: 1n, bullish_share: 0 },
    ]);
    const vol = await duck.all<Record<string, number | null>>(
      `SELECT parkinson, gk, rs, yz, c2c, rv, n_intraday, variance_source FROM gold.fact_realized_vol_daily WHERE symbol = 'MSFT' ORDER BY date LIMIT 2`,
    );
    const hl = Math.log(405 / 395);
    expect(vol[0]?.parkinson).toBeCloseTo((hl * hl) / (4 * Math.log(2)), 12);
    expect(vol[0]?.gk).toBeCloseTo(0.5 * hl * hl - (2 * Math.log(2) - 1) * Math.log(401 / 400) ** 2, 12);
    expect(vol[0]?.c2c).toBeNull();
    const rs1 = Math.log(406 / 403) * Math.log(406 / 401) + Math.log(396 / 403) * Math.log(396 / 401);
    const k = 0.34 / (1.34 + 23 / 21);
    expect(vol[1]?.rs).toBeCloseTo(rs1, 12);
    expect(vol[1]?.yz).toBeCloseTo(Math.log(401 / 401) ** 2 + k * Math.log(403 / 401) ** 2 + (1 - k) * rs1, 12);
    expect(vol[1]?.c2c).toBeCloseTo(Math.log(403 / 401) ** 2, 14);
    expect(vol[1]).toMatchObject({ rv: null, n_intraday: 0, variance_source: 'yz' });
    // AAPL on the tick day: 5-minute closes 101.5 (14:30 bucket) and 98 (14:35 bucket).
    const aapl = await duck.all<Record<string, unknown>>(`SELECT rv, n_intraday, variance_source FROM gold.fact_realized_vol_daily WHERE symbol = 'AAPL' AND date = DATE '2024-03-04'`);
    expect(aapl[0]).toEqual({ rv: Math.log(98 / 101.5) ** 2, n_intraday: 1, variance_source: 'rv' });
    const mart = await duck.all<Record<string, unknown>>(
      `SELECT strftime(next_date, '%Y-%m-%d') AS next_date, sentiment_lag1, sentiment_lag2, mentions_lag1 FROM gold.mart_sentiment_volatility WHERE symbol = 'AAPL' AND date = DATE '2024-03-03'`,
    );
    expect(mart[0]).toEqual({ next_date: '2024-03-04', sentiment_lag1: 0.1, sentiment_lag2: 0.8, mentions_lag1: 1n });
  });

  it('building twice gives identical gold tables and no duplicates', async () => {
    await buildModels({ duck, now: new Date('2024-03-05T00:00:00Z') });
    const first = await hashes(duck, GOLD.map((g) => `gold.${g}`));
    const r2 = await buildModels({ duck, now: new Date('2024-03-06T00:00:00Z') });
    expect(r2.ok).toBe(true);
    expect(await hashes(duck, GOLD.map((g) => `gold.${g}`))).toEqual(first);
    const dups = await duck.all<{ n: bigint }>('SELECT count(*) AS n FROM (SELECT symbol, minute FROM gold.fact_bars_1m GROUP BY ALL HAVING count(*) > 1)');
    expect(dups[0]?.n).toBe(0n);
  });

  it('late-arriving trades update the right bars, and the merge equals a full rebuild', async () => {
    await buildModels({ duck });
    const before = await duck.all<{ m: string; high: number; volume: bigint }>(`SELECT strftime(minute, '%H:%M') AS m, high, volume FROM gold.fact_bars_1m ORDER BY minute`);
    await insertTrades(duck, [
      { symbol: 'AAPL', trade_id: 11, exchange: 'V', price: 110, size: 100, ts: '2024-03-04 14:30:45', received_at: '2024-03-04 16:00:00', batch_id: 'late' },
      { symbol: 'AAPL', trade_id: 12, exchange: 'V', price: 97, size: 50, ts: '2024-03-04 14:33:05', received_at: '2024-03-04 16:00:00', batch_id: 'late' },
    ]);
    const r = await buildModels({ duck });
    expect(r.models.find((m) => m.model === 'bars_1m')?.message).toMatch(/^merged/);
    const after = await duck.all<{ m: string; high: number; volume: bigint; close: number }>(
      `SELECT strftime(minute, '%H:%M') AS m, high, volume, close FROM gold.fact_bars_1m ORDER BY minute`,
    );
    expect(before.map((b) => b.m)).toEqual(['14:30', '14:31', '14:35']);
    expect(after).toEqual([
      { m: '14:30', high: 110, volume: 200n, close: 100.5 },
      { m: '14:31', high: 102.5, volume: 30n, close: 101.5 },
      { m: '14:33', high: 97, volume: 50n, close: 97 },
      { m: '14:35', high: 104, volume: 4n, close: 98 },
    ]);
    const incremental = await hashes(duck, ['silver.trades', 'silver.bars_1m', 'gold.fact_bars_1m']);
    await buildModels({ duck, fullRefresh: true });
    expect(await hashes(duck, ['silver.trades', 'silver.bars_1m', 'gold.fact_bars_1m'])).toEqual(incremental);
  });

  it('SCD2: a rename yields two dim_symbol rows with correct validity; a removal closes the row', async () => {
    await duck.run(`INSERT INTO meta.symbols VALUES ('ZZZ', 'Zed Corp', 'Utilities', '', '', 'user')`);
    await buildModels({ duck, select: '+dim_symbol', now: new Date('2024-03-05T10:00:00Z') });
    await duck.run(`UPDATE meta.symbols SET name = 'Apple' WHERE symbol = 'AAPL'`);
    await duck.run(`DELETE FROM meta.symbols WHERE symbol = 'ZZZ'`);
    const r = await buildModels({ duck, select: '+dim_symbol', now: new Date('2024-03-07T10:00:00Z') });
    expect(r.checks.filter((c) => c.model === 'dim_symbol' && c.status !== 'pass')).toEqual([]);
    const rows = await duck.all<Record<string, unknown>>(
      `SELECT symbol, name, strftime(valid_from, '%Y-%m-%d %H:%M') AS valid_from, strftime(valid_to, '%Y-%m-%d %H:%M') AS valid_to, is_current
       FROM gold.dim_symbol WHERE symbol IN ('AAPL', 'ZZZ') ORDER BY symbol, valid_from`,
    );
    expect(rows).toEqual([
      { symbol: 'AAPL', name: 'Apple Inc.', valid_from: '1900-01-01 00:00', valid_to: '2024-03-07 10:00', is_current: false },
      { symbol: 'AAPL', name: 'Apple', valid_from: '2024-03-07 10:00', valid_to: null, is_current: true },
      { symbol: 'ZZZ', name: 'Zed Corp', valid_from: '1900-01-01 00:00', valid_to: '2024-03-07 10:00', is_current: false },
    ]);
    // A third build without changes keeps the snapshot as it is.
    const before = await contentHash(duck, 'gold.dim_symbol');
    await buildModels({ duck, select: '+dim_symbol', now: new Date('2024-03-08T10:00:00Z') });
    expect(await contentHash(duck, 'gold.dim_symbol')).toBe(before);
  });

  it('a failing error-level check stops the models that depend on it, and the run says why', async () => {
    await insertTrades(duck, [{ symbol: 'AAPL', trade_id: 99, exchange: 'V', price: -5, size: 1, ts: '2024-03-04 14:40:00' }]);
    const r = await buildModels({ duck });
    expect(r.ok).toBe(false);
    const failed = r.checks.find((c) => c.id === 'trades.range_price');
    expect(failed).toMatchObject({ status: 'fail', severity: 'error', failures: 1 });
    for (const name of ['bars_1m', 'bars_1d', 'fact_bars_1m', 'fact_realized_vol_daily', 'mart_sentiment_volatility', 'dim_symbol']) {
      const m = r.models.find((x) => x.model === name);
      expect(m?.status, name).toBe('skipped');
      expect(m?.message, name).toBe('skipped: check trades.range_price on trades failed: 1 failing rows');
    }
    // Independent branches still ran.
    expect(r.models.find((m) => m.model === 'fact_sentiment_daily')?.status).toBe('success');
    // The warn-level staging check reported without blocking.
    expect(r.checks.find((c) => c.id === 'stg_alpaca_trades.range_price')?.status).toBe('warn');
  });

  it('an incremental model whose columns changed is rebuilt instead of merged', async () => {
    const sources = { path: 'sources.json', text: JSON.stringify({ sources: { 'bronze.alpaca_trades': { columns: { symbol: 'VARCHAR' } } } }) };
    const model = (extra: string) => ({
      path: 'silver/t.sql',
      text: `/*---\n{"materialized": "incremental", "unique_key": ["trade_id"], "incremental": {"column": "ts", "lookback": "1 day"}}\n---*/\nSELECT trade_id, ts${extra} FROM source('bronze', 'alpaca_trades') WHERE {{ incremental_since('ts') }}`,
    });
    const r1 = await buildModels({ duck, project: loadProject([model('')], sources) });
    expect(r1.models[0]).toMatchObject({ status: 'success', rows: 12 });
    const r2 = await buildModels({ duck, project: loadProject([model('')], sources) });
    expect(r2.models[0]?.message).toMatch(/^merged 12 rows since/);
    const r3 = await buildModels({ duck, project: loadProject([model(', price')], sources) });
    expect(r3.models[0]).toMatchObject({ status: 'success', rows: 12, message: 'columns changed: full rebuild' });
    const cols = await duck.all<{ column_name: string }>('DESCRIBE silver.t');
    expect(cols.map((c) => c.column_name)).toEqual(['trade_id', 'ts', 'price']);
  });
});
