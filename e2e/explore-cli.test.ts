/**
 * `fde explore` on the demo lake: the JSON has exactly the shape, and its numbers equal an
 * independent computation on the same rows pulled with `fde sql --json` (the pure functions, plus
 * hand-written CCF and normal-equation OLS as a second opinion).
 */
import { Matrix, inverse } from 'ml-matrix';
import { beforeAll, describe, expect, it } from 'vitest';
import { exploreStats, type MartRow } from '../pipelines/research/explore-stats';
import { grangerSsrF } from '../pipelines/research/granger';
import { sharedDemoLake } from './helpers/demo-lake';
import { runFde } from './helpers/run-fde';

let lake: string;
beforeAll(async () => {
  lake = await sharedDemoLake();
}, 900_000);

function sqlRows(query: string): Array<Record<string, unknown>> {
  const r = runFde(['sql', '--lake', lake, '--json', query]);
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

function explore(args: string[]): Record<string, unknown> {
  const r = runFde(['explore', '--lake', lake, '--json', ...args]);
  expect(r.status, r.stderr).toBe(0);
  const lines = r.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

const close = (a: number, b: number, rel: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(Math.abs(b), 1e-300));

describe('fde explore', () => {
  it('prints the issue-18 JSON for MSFT, equal to an independent computation on fde sql rows', () => {
    const out = explore(['--symbol', 'MSFT']);
    expect(Object.keys(out)).toEqual(['symbol', 'n', 'ccf', 'band', 'ols', 'granger']);
    const ols = out.ols as Record<string, unknown>;
    expect(Object.keys(ols)).toEqual(['n', 'r2', 'hac_lags', 'coef', 'se', 't', 'p']);
    for (const k of ['coef', 'se', 't', 'p']) expect(Object.keys(ols[k] as object)).toEqual(['const', 'sentiment', 'log_mentions', 'log_variance']);
    const granger = out.granger as Record<string, Record<string, unknown>>;
    expect(Object.keys(granger)).toEqual(['sentiment_to_volatility', 'volatility_to_sentiment']);
    expect(Object.keys(granger.sentiment_to_volatility!)).toEqual(['lag', 'F', 'p', 'df_num', 'df_den']);

    const rows: MartRow[] = sqlRows(
      `SELECT variance, next_variance, sentiment_lag1, mentions_lag1 FROM gold.mart_sentiment_volatility
       WHERE symbol = 'MSFT' AND variance > 0 AND next_variance > 0 ORDER BY date`,
    ).map((r) => ({ variance: Number(r.variance), next_variance: Number(r.next_variance), sentiment_lag1: r.sentiment_lag1 === null ? null : Number(r.sentiment_lag1), mentions_lag1: Number(r.mentions_lag1) }));
    expect(out.n).toBe(rows.length);
    // Same rows, same pure functions: identical numbers.
    expect(out).toEqual(JSON.parse(JSON.stringify(exploreStats('MSFT', rows))));

    // Second opinion, written out here: CCF by its formula, OLS by the normal equations.
    const n = rows.length;
    const s = rows.map((r) => r.sentiment_lag1 ?? 0);
    const v = rows.map((r) => Math.log(r.variance));
    const y = rows.map((r) => Math.log(r.next_variance));
    const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
    const ms = mean(s);
    const mv = mean(v);
    const sds = Math.sqrt(mean(s.map((x) => (x - ms) ** 2)));
    const sdv = Math.sqrt(mean(v.map((x) => (x - mv) ** 2)));
    for (const { lag, r } of out.ccf as Array<{ lag: number; r: number }>) {
      let sum = 0;
      for (let t = 0; t < n; t++) if (t + lag >= 0 && t + lag < n) sum += (s[t]! - ms) * (v[t + lag]! - mv);
      close(r, sum / (n * sds * sdv), 1e-9);
    }
    close(out.band as number, 1.96 / Math.sqrt(n), 1e-12);
    const X = new Matrix(rows.map((r, i) => [1, s[i]!, Math.log1p(r.mentions_lag1), v[i]!]));
    const beta = inverse(X.transpose().mmul(X)).mmul(X.transpose()).mmul(Matrix.columnVector(y)).getColumn(0);
    const coef = ols.coef as Record<string, number>;
    ['const', 'sentiment', 'log_mentions', 'log_variance'].forEach((k, i) => close(coef[k]!, beta[i]!, 1e-7));
    expect(ols.hac_lags).toBe(Math.floor(4 * (n / 100) ** (2 / 9)));
    // The Granger F at the reported lag, recomputed.
    const g = granger.sentiment_to_volatility as { lag: number; F: number };
    close(g.F, grangerSsrF(v, s, g.lag).F, 1e-12);
  });

  it('honours --from/--to and prints a readable text report', () => {
    const out = explore(['--symbol', 'MSFT', '--from', '2000-09-27', '--to', '2001-09-27']);
    const [{ n }] = sqlRows(
      `SELECT count(*) AS n FROM gold.mart_sentiment_volatility
       WHERE symbol = 'MSFT' AND variance > 0 AND next_variance > 0 AND date BETWEEN '2000-09-27' AND '2001-09-27'`,
    ) as [{ n: string }];
    expect(out.n).toBe(Number(n));
    const text = runFde(['explore', '--lake', lake, '--symbol', 'MSFT', '--from', '2000-09-27', '--to', '2001-09-27']);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/Newey-West SEs, \d+ lags/);
    expect(text.stdout).toMatch(/sentiment -> volatility: lag \d+, F\(\d+, \d+\)/);
  });

  it('refuses bad input with exit 2 and unknown symbols with exit 1', () => {
    expect(runFde(['explore', '--lake', lake, '--symbol', 'MSFT', '--from', '2001-13-01']).status).toBe(2);
    const unknown = runFde(['explore', '--lake', lake, '--symbol', 'ZZZZ']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/no rows for ZZZZ/);
  });
});
