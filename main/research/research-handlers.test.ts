/**
 * The research handlers on a small synthetic lake, through dispatch (so request validation is
 * the real one): SQL lab refusals and time travel, registry promote/demote, explorer and
 * decimation numbers against direct computations.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exploreStats } from '../../pipelines/research/explore-stats';
import { openDuck, type Duck } from '../duck/duck';
import { ApiRequestError, dispatch } from '../engine/api-dispatch';
import { createWorkstationService, type WorkstationService } from '../engine/workstation-service';
import { MODEL_ALIASES, MODEL_RUNS, VOL_FORECASTS } from '../forecast/tables';
import { openLake } from '../lake/index';
import type { Lake, TableSpec } from '../lake/types';
import { historyPath } from './sql-history';

const MART: TableSpec = {
  layer: 'gold',
  name: 'mart_sentiment_volatility',
  columns: [
    { name: 'symbol', type: 'string' }, { name: 'date', type: 'date' }, { name: 'variance', type: 'double' },
    { name: 'next_date', type: 'date' }, { name: 'next_variance', type: 'double' },
    { name: 'sentiment_lag1', type: 'double' }, { name: 'mentions_lag1', type: 'long' },
  ],
};
const FACT: TableSpec = {
  layer: 'gold',
  name: 'fact_realized_vol_daily',
  columns: [{ name: 'symbol', type: 'string' }, { name: 'date', type: 'date' }, { name: 'variance', type: 'double' }],
};

const root = mkdtempSync(join(tmpdir(), 'fde-research-'));
const lakeDir = join(root, 'lake');
let lake: Lake;
let duck: Duck;
let service: WorkstationService;
const call = (method: string, params: unknown) => dispatch(service.handlers, method, params);

beforeAll(async () => {
  process.env.FDE_STATE_DIR = join(root, 'state');
  lake = await openLake(lakeDir);
  duck = await openDuck({ threads: 1 });
  // 400 weekdays of a deterministic AR(1) log variance with sentiment that leads it a little.
  const days = `SELECT i, DATE '2020-01-01' + CAST(i AS INTEGER) AS date,
                       exp(-9 + 0.8 * sin(i / 9.0) + 0.3 * cos(i * 1.7)) AS variance,
                       CASE WHEN i % 3 = 0 THEN NULL ELSE 0.4 * sin(i / 5.0 + 1) END AS sentiment,
                       CAST((i * 7) % 5 AS BIGINT) AS mentions
                FROM range(400) t(i)`;
  await (await lake.ensureTable(MART)).append({
    duck,
    sql: `WITH d AS (${days}) SELECT 'TEST' AS symbol, date, variance, lead(date) OVER (ORDER BY i) AS next_date,
          lead(variance) OVER (ORDER BY i) AS next_variance, sentiment AS sentiment_lag1, mentions AS mentions_lag1 FROM d`,
  });
  await (await lake.ensureTable(FACT)).append({ duck, sql: `WITH d AS (${days}) SELECT 'TEST' AS symbol, date, variance FROM d` });
  await (await lake.ensureTable(MODEL_RUNS)).append({
    duck,
    sql: `SELECT 'run' || m AS run_id, 'b1' AS batch_id, TIMESTAMP '2024-01-01 00:00:00' AS created_at, 'TEST' AS symbol, m AS model,
                 1 AS horizon, 'variance' AS target, '{}' AS params_json, '{"qlike": 1.5}' AS metrics_json, '{}' AS artifact_json, '{}' AS inputs_json,
                 'v1' AS code_version, 1.5 AS qlike, 0.0 AS dm_stat, DATE '2021-01-01' AS made_at, 1e-4 AS forecast_variance,
                 5e-5 AS lower_variance, 2e-4 AS upper_variance
          FROM (VALUES ('a'), ('b')) t(m)`,
  });
  await (await lake.ensureTable(MODEL_ALIASES)).append({
    duck,
    sql: `SELECT 'TEST' AS symbol, 1 AS horizon, 'champion' AS alias, 'runa' AS run_id, 'a' AS model, TIMESTAMP '2024-01-01 00:00:00' AS updated_at`,
  });
  await (await lake.ensureTable(VOL_FORECASTS)).append({
    duck,
    sql: `WITH d AS (${days}) SELECT 'TEST' AS symbol, date + 1 AS date, date AS made_at, 1 AS horizon, m AS model, 'run' || m AS run_id,
                 variance * k AS forecast_variance, sqrt(252 * variance * k) AS forecast_vol, NULL::DOUBLE AS lower_vol, NULL::DOUBLE AS upper_vol
          FROM d, (VALUES ('a', 1.0), ('b', 1.3)) t(m, k) WHERE i < 399`,
  });
  service = await createWorkstationService(lake);
});

afterAll(async () => {
  await service.close();
  duck.close();
  await lake.close();
  delete process.env.FDE_STATE_DIR;
  rmSync(root, { recursive: true, force: true });
});

describe('SQL lab', () => {
  const refused: Array<[string, RegExp]> = [
    ["INSERT INTO gold.fact_realized_vol_daily SELECT * FROM gold.fact_realized_vol_daily", /refused: only one read-only statement/],
    ["CREATE TABLE t AS SELECT 1", /refused/],
    [`COPY (SELECT 1) TO '${join(lakeDir, 'x.csv')}'`, /refused/],
    [`ATTACH '${join(root, 'x.db')}'`, /refused/],
    ['SET threads = 1', /refused/],
    ["PRAGMA version", /refused/],
    ['SELECT 1; SELECT 2', /refused: one statement at a time/],
    ["SELECT * FROM read_csv('/etc/passwd')", /refused: table function read_csv/],
    ["SELECT * FROM read_parquet('/tmp/*.parquet')", /refused: table function read_parquet/],
    ["SELECT * FROM '/etc/passwd'", /refused: '\/etc\/passwd' is not a table name/],
    ["SELECT * FROM query('SELECT 1')", /refused: table function query/],
    ["SELECT getenv('HOME')", /refused|getenv/],
    ['EXPLAIN COPY (SELECT 1) TO \'/tmp/x.csv\'', /refused/],
  ];
  it.each(refused)('refuses %s', async (sql, message) => {
    await expect(call('sqlRun', { sql })).rejects.toThrow(message);
    expect(existsSync(join(lakeDir, 'x.csv'))).toBe(false);
  });

  it('runs reads with typed cells, truncation and time travel, and keeps a history', async () => {
    const r = (await call('sqlRun', { sql: "SELECT count(*) AS n, 1.5::DECIMAL(4,1) AS d, DATE '2020-01-02' AS day, 'x' AS s FROM gold.mart_sentiment_volatility" })) as {
      columns: Array<{ kind: string }>; rows: unknown[][]; truncated: boolean;
    };
    expect(r.rows).toEqual([[400, 1.5, '2020-01-02', 'x']]);
    expect(r.columns.map((c) => c.kind)).toEqual(['number', 'number', 'date', 'string']);
    const capped = (await call('sqlRun', { sql: 'SELECT * FROM range(50)', maxRows: 10 })) as { rowCount: number; truncated: boolean };
    expect([capped.rowCount, capped.truncated]).toEqual([10, true]);
    const v0 = (await call('sqlRun', { sql: 'SELECT count(*) FROM gold.mart_sentiment_volatility AS OF VERSION 0 AS m0' })) as { rows: unknown[][]; timeTravel: unknown };
    expect(v0.rows).toEqual([[0]]);
    expect(v0.timeTravel).toEqual([{ table: 'gold.mart_sentiment_volatility', version: 0 }]);
    await expect(call('sqlRun', { sql: 'SELECT * FROM gold.mart_sentiment_volatility AS OF VERSION 42' })).rejects.toThrow(/no readable version 42/);
    await expect(call('sqlRun', { sql: 'SELECT * FROM range(10)', maxRows: 100_001 })).rejects.toThrow(ApiRequestError);
    const history = (await call('sqlHistory', { limit: 3 })) as { entries: Array<{ sql: string; ok: boolean; error: string | null }> };
    expect(history.entries[0]!.sql).toMatch(/AS OF VERSION 42/);
    expect(history.entries[0]!.ok).toBe(false);
    expect(history.entries[1]!.ok).toBe(true);
    expect(existsSync(historyPath(lake.uri))).toBe(true);
  });
});

describe('registry', () => {
  it('needs confirm: true, promotes and demotes with who and when', async () => {
    await expect(call('registrySetAlias', { action: 'promote', runId: 'runb' })).rejects.toThrow(ApiRequestError);
    await expect(call('registrySetAlias', { action: 'promote', runId: 'runb', confirm: false })).rejects.toThrow(ApiRequestError);
    await expect(call('registrySetAlias', { action: 'promote', runId: 'nope', confirm: true })).rejects.toThrow(/no run nope/);
    await expect(call('registrySetAlias', { action: 'demote', runId: 'runb', confirm: true })).rejects.toThrow(/not the champion/);
    const promoted = (await call('registrySetAlias', { action: 'promote', runId: 'runb', confirm: true })) as { event: { previousRunId: string; user: string }; aliases: Array<{ runId: string }> };
    expect(promoted.event.previousRunId).toBe('runa');
    expect(promoted.event.user.length).toBeGreaterThan(0);
    expect(promoted.aliases.map((a) => a.runId)).toEqual(['runb']);
    // What `fde serve` reads: the lake's alias table itself.
    await lake.attach(duck);
    expect((await duck.all(`SELECT run_id FROM meta.model_aliases`)).map((r) => r.run_id)).toEqual(['runb']);
    await call('registrySetAlias', { action: 'demote', runId: 'runb', confirm: true });
    const state = (await call('registryState', {})) as { aliases: unknown[]; events: Array<{ action: string }> };
    expect(state.aliases).toEqual([]);
    expect(state.events.map((e) => e.action)).toEqual(['demote', 'promote']);
  });
});

describe('lake freshness', () => {
  it('names the newest commit and the newest market date', async () => {
    const r = (await call('lakeFreshness', {})) as { latestCommitAt: string; latestTable: string; dataDate: string };
    expect(r.dataDate).toBe('2021-02-03');
    // The registry tests wrote last: the alias event log is the newest table version.
    expect(r.latestTable).toBe('meta.model_alias_events');
    expect(Math.abs(Date.now() - Date.parse(r.latestCommitAt))).toBeLessThan(10 * 60_000);
  });
});

describe('explorer, decimation, forecast lab', () => {
  it('explore returns the rows and the statistics of those rows', async () => {
    const r = (await call('explore', { symbol: 'TEST' })) as { rows: Array<{ variance: number; next_variance: number; sentiment_lag1: number | null; mentions_lag1: number }>; stats: unknown };
    expect(r.rows).toHaveLength(399);
    expect(r.stats).toEqual(JSON.parse(JSON.stringify(exploreStats('TEST', r.rows))));
    await expect(call('explore', { symbol: 'test' })).rejects.toThrow(ApiRequestError);
    const short = (await call('explore', { symbol: 'TEST', from: '2020-01-01', to: '2020-01-10' })) as { stats: unknown; reason: string };
    expect(short.stats).toBeNull();
    expect(short.reason).toMatch(/at least/);
  });

  it('decimates to min/max per bucket equal to a direct computation', async () => {
    const r = (await call('decimateSeries', { table: 'gold.fact_realized_vol_daily', timeColumn: 'date', valueColumn: 'variance', filter: { column: 'symbol', value: 'TEST' }, width: 40 })) as {
      totalPoints: number; buckets: Array<{ count: number; min: number; max: number }>;
    };
    expect(r.totalPoints).toBe(400);
    expect(r.buckets.reduce((a, b) => a + b.count, 0)).toBe(400);
    const all = (await duck.all(`SELECT variance FROM gold.fact_realized_vol_daily`)).map((x) => Number(x.variance));
    expect(Math.max(...r.buckets.map((b) => b.max))).toBe(Math.max(...all));
    expect(Math.min(...r.buckets.map((b) => b.min))).toBe(Math.min(...all));
    await expect(call('decimateSeries', { table: 'gold.fact_realized_vol_daily', timeColumn: 'date', valueColumn: 'nope', width: 40 })).rejects.toThrow(/no column nope/);
    await expect(call('decimateSeries', { table: 'gold.x; DROP', timeColumn: 'date', valueColumn: 'variance', width: 40 })).rejects.toThrow(ApiRequestError);
  });

  it('scores models on common dates with DM against the champion; coverage counts realized values inside', async () => {
    await call('registrySetAlias', { action: 'promote', runId: 'runa', confirm: true });
    const scores = (await call('forecastScores', { symbol: 'TEST', horizon: 1 })) as { champion: { model: string }; scores: Array<{ model: string; n: number; dmStat: number | null; dmP: number | null; qlike: number }> };
    expect(scores.champion.model).toBe('a');
    expect(scores.scores.map((s) => s.model)).toEqual(['a', 'b']);
    // Model a forecasts yesterday's variance, b the same 30% higher; both on the same 399 realized days.
    expect(scores.scores.map((s) => s.n)).toEqual([399, 399]);
    expect(scores.scores[0]!.dmP).toBeNull();
    expect(scores.scores[1]!.dmP).toBeGreaterThanOrEqual(0);
    expect(scores.scores[1]!.dmP).toBeLessThanOrEqual(1);
    const fan = (await call('forecastFan', { symbol: 'TEST', runId: 'runb' })) as { intervalMethod: string; points: Array<{ realizedVol: number | null; lower80: number | null; upper80: number | null }>; coverage: { p80: { n: number; inside: number } } };
    expect(fan.intervalMethod).toBe('empirical-lognormal');
    const counted = fan.points.filter((p) => p.realizedVol !== null && p.lower80 !== null);
    expect(fan.coverage.p80.n).toBe(counted.length);
    expect(fan.coverage.p80.inside).toBe(counted.filter((p) => p.realizedVol! >= p.lower80! && p.realizedVol! <= p.upper80!).length);
  });
});
