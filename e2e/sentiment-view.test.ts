/**
 * The sentiment vs volatility explorer in Chromium against `fde ui` on the demo lake: it opens on
 * the symbol and range with the most sentiment data, and every statistic it shows equals what
 * `fde explore --json` prints for the same selection; the chart and the CSV hold the same rows as
 * an independent `fde sql` count.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ExploreStats } from '../api/research-api';
import { browserTestsRunnable } from './helpers/browser';
import { runFde } from './helpers/run-fde';
import { expectClose, goRoute, readOnlyViewSession, screenshotBothThemes, shownValue, sqlJson } from './research-view-support';

describe.skipIf(!browserTestsRunnable())('sentiment vs volatility view', () => {
  const session = readOnlyViewSession();

  it('opens on the symbol and range with the most sentiment days and matches fde explore', { timeout: 120_000 }, async () => {
    const { page, lake } = session;
    await goRoute(session, '/sentiment');
    await page.getByTestId('ols-table').waitFor({ timeout: 60_000 });

    // The default selection is in the URL (bookmarkable) and is the independent SQL answer.
    const params = new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '');
    const [best] = sqlJson(
      lake,
      `SELECT symbol, strftime(min(date), '%Y-%m-%d') AS first, strftime(max(date), '%Y-%m-%d') AS last, count(*) AS days
       FROM gold.mart_sentiment_volatility WHERE mentions_lag1 > 0 GROUP BY symbol ORDER BY days DESC, symbol LIMIT 1`,
    );
    expect({ symbol: params.get('symbol'), from: params.get('from'), to: params.get('to') }).toEqual({ symbol: best!.symbol, from: best!.first, to: best!.last });
    expect(await page.getByTestId('explorer-symbol').inputValue()).toBe(best!.symbol);

    const cli = runFde(['explore', '--lake', lake, '--symbol', String(best!.symbol), '--from', String(best!.first), '--to', String(best!.last), '--json']);
    expect(cli.status, cli.stderr).toBe(0);
    const stats = JSON.parse(cli.stdout) as ExploreStats;

    // n: the rows of the mart in range with positive variances, counted by SQL.
    const [count] = sqlJson(
      lake,
      `SELECT count(*) AS n FROM gold.mart_sentiment_volatility
       WHERE symbol = '${best!.symbol}' AND date BETWEEN DATE '${best!.first}' AND DATE '${best!.last}' AND variance > 0 AND next_variance > 0`,
    );
    expect(stats.n).toBe(Number(count!.n));
    expect(await shownValue(page, 'explorer-n')).toBe(stats.n);
    expect(Number(await page.getByTestId('sentiment-chart').getAttribute('data-points'))).toBe(stats.n);
    expect(Number(await page.getByTestId('scatter-chart').getAttribute('data-points'))).toBe(stats.n);

    // CCF and its band, lag by lag.
    expect(stats.ccf.map((c) => c.lag)).toEqual(Array.from({ length: 21 }, (_, i) => i - 10));
    for (const { lag, r } of stats.ccf) expectClose(await shownValue(page, `ccf-${lag}`), r, 1e-12, `r_${lag}`);
    expectClose(await shownValue(page, 'ccf-band'), stats.band, 1e-12, 'band');

    // Regression with Newey-West errors.
    for (const key of ['const', 'sentiment', 'log_mentions', 'log_variance'] as const) {
      for (const part of ['coef', 'se', 't', 'p'] as const) expectClose(await shownValue(page, `ols-${part}-${key}`), stats.ols[part][key], 1e-12, `${part} ${key}`);
    }
    expectClose(await shownValue(page, 'ols-r2'), stats.ols.r2, 1e-12, 'R2');
    expect(await shownValue(page, 'ols-n')).toBe(stats.ols.n);
    expect(await shownValue(page, 'ols-hac-lags')).toBe(stats.ols.hac_lags);

    // Granger both ways.
    for (const [id, test] of [['s2v', stats.granger.sentiment_to_volatility], ['v2s', stats.granger.volatility_to_sentiment]] as const) {
      expect(await shownValue(page, `granger-${id}-lag`)).toBe(test.lag);
      expectClose(await shownValue(page, `granger-${id}-F`), test.F, 1e-12, `${id} F`);
      expectClose(await shownValue(page, `granger-${id}-p`), test.p, 1e-12, `${id} p`);
      expect(await shownValue(page, `granger-${id}-df-num`)).toBe(test.df_num);
      expect(await shownValue(page, `granger-${id}-df-den`)).toBe(test.df_den);
    }
  });

  it('exports the chart as PNG and the rows as CSV', { timeout: 60_000 }, async () => {
    const { page } = session;
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const text = readFileSync((await csv.path())!, 'utf8');
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe('date,next_date,variance,next_variance,sentiment_lag1,mentions_lag1,v,y,s,log_mentions');
    expect(lines.length - 1).toBe(await shownValue(page, 'explorer-n'));
    expect(csv.suggestedFilename()).toMatch(/^sentiment-[A-Z]+-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);

    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
    const bytes = readFileSync((await png.path())!);
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(bytes.length).toBeGreaterThan(10_000);
  });

  it('follows a bookmarked selection and keeps the console clean', { timeout: 90_000 }, async () => {
    const { page, lake } = session;
    await goRoute(session, '/sentiment?symbol=MSFT&from=2001-01-02&to=2001-06-29');
    await expect.poll(() => page.getByTestId('explorer-from').inputValue(), { timeout: 30_000 }).toBe('2001-01-02');
    await page.getByTestId('ols-table').waitFor();
    const cli = runFde(['explore', '--lake', lake, '--symbol', 'MSFT', '--from', '2001-01-02', '--to', '2001-06-29', '--json']);
    expect(cli.status, cli.stderr).toBe(0);
    const stats = JSON.parse(cli.stdout) as ExploreStats;
    await expect.poll(() => shownValue(page, 'explorer-n'), { timeout: 30_000 }).toBe(stats.n);
    expectClose(await shownValue(page, 'ccf-0'), stats.ccf.find((c) => c.lag === 0)!.r, 1e-12, 'r_0');
    expectClose(await shownValue(page, 'granger-s2v-F'), stats.granger.sentiment_to_volatility.F, 1e-12, 'F');

    await goRoute(session, '/sentiment');
    await page.getByTestId('ols-table').waitFor();
    await screenshotBothThemes(page, 'sentiment', async () => {
      await page.getByTestId('sentiment-chart').locator('canvas').first().waitFor();
    });
    expect(session.errors).toEqual([]);
  });
});
