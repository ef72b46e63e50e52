/**
 * The event study in Chromium against `fde ui` on the demo lake: the number of events it shows
 * equals an independent `fde sql` count with the same thresholds (extreme sentiment |z| or a
 * mention spike against the trailing 20-day mean, with 60 days of history for the abnormal log
 * variance), for the stated defaults and for thresholds typed into the form.
 */
import { describe, expect, it } from 'vitest';
import { browserTestsRunnable } from './helpers/browser';
import { goRoute, readOnlyViewSession, screenshotBothThemes, shownValue, sqlJson } from './research-view-support';

/**
 * Events by SQL: per symbol, the mart's rows with variance > 0 in date order (i = 0, 1, ...);
 * sentiment z over the rows that have sentiment (population sd); a spike needs 20 earlier rows;
 * an event counts when it has the 60 earlier rows its abnormal log variance needs.
 */
function eventCountBySql(lake: string, z: number, spike: number, symbol?: string): number {
  const [row] = sqlJson(
    lake,
    `WITH b AS (
       SELECT symbol, date, sentiment_lag1 AS s, CAST(coalesce(mentions_lag1, 0) AS DOUBLE) AS m,
              row_number() OVER w - 1 AS i,
              avg(CAST(coalesce(mentions_lag1, 0) AS DOUBLE)) OVER (w ROWS BETWEEN 20 PRECEDING AND 1 PRECEDING) AS trail_mean
       FROM gold.mart_sentiment_volatility
       WHERE variance > 0 ${symbol ? `AND symbol = '${symbol}'` : ''}
       WINDOW w AS (PARTITION BY symbol ORDER BY date)),
     st AS (SELECT symbol, avg(s) AS mu, stddev_pop(s) AS sd FROM b WHERE s IS NOT NULL GROUP BY symbol)
     SELECT count(*) AS n FROM b LEFT JOIN st USING (symbol)
     WHERE i >= 60 AND ((sd > 0 AND s IS NOT NULL AND abs((s - mu) / sd) >= ${z})
                        OR (i >= 20 AND m > 0 AND m / greatest(1, trail_mean) >= ${spike}))`,
  );
  return Number(row!.n);
}

describe.skipIf(!browserTestsRunnable())('event study view', () => {
  const session = readOnlyViewSession();

  it('counts the events of the stated defaults as SQL does', { timeout: 90_000 }, async () => {
    const { page, lake } = session;
    await goRoute(session, '/events');
    await page.getByTestId('event-count').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('event-z').inputValue()).toBe('2');
    expect(await page.getByTestId('event-spike').inputValue()).toBe('3');
    const expected = eventCountBySql(lake, 2, 3);
    expect(expected).toBeGreaterThan(0);
    expect(await shownValue(page, 'event-count')).toBe(expected);
    expect(await page.getByTestId('event-list').locator('tbody tr').count()).toBe(Math.min(expected, 5000));
    await page.getByTestId('event-chart').locator('canvas').first().waitFor();
    expect(Number(await page.getByTestId('event-chart').getAttribute('data-points'))).toBe(16);
  });

  it('recounts for thresholds typed into the form, and keeps them in the URL', { timeout: 90_000 }, async () => {
    const { page, lake } = session;
    await page.getByTestId('event-symbol').selectOption('MSFT');
    await page.getByTestId('event-z').fill('1.5');
    await page.getByTestId('event-spike').fill('2.5');
    await page.getByTestId('event-apply').click();
    const expected = eventCountBySql(lake, 1.5, 2.5, 'MSFT');
    expect(expected).toBeGreaterThan(0);
    await expect.poll(() => shownValue(page, 'event-count'), { timeout: 30_000 }).toBe(expected);
    const rows = await page.getByTestId('event-list').locator('tbody tr td:nth-child(2)').allInnerTexts();
    expect(new Set(rows)).toEqual(new Set(['MSFT']));
    expect(new URL(page.url()).hash).toMatch(/symbol=MSFT.*z=1\.5.*spike=2\.5|z=1\.5.*spike=2\.5.*symbol=MSFT/);

    await screenshotBothThemes(page, 'event-study', async () => {
      await page.getByTestId('event-chart').locator('canvas').first().waitFor();
    });
    expect(session.errors).toEqual([]);
  });
});
