/**
 * The forecast lab in Chromium against `fde ui` on the demo lake: the coverage it shows for the
 * 80% and 95% intervals equals the share of realized values inside the interval counted by an
 * independent `fde sql` query, the champion it marks is the one in meta.model_aliases, and a
 * second run compares side by side.
 */
import { describe, expect, it } from 'vitest';
import { browserTestsRunnable } from './helpers/browser';
import { goRoute, readOnlyViewSession, screenshotBothThemes, sqlJson } from './research-view-support';

/** Standard normal quantiles: 95th (the lake's 90% interval edges), 90th and 97.5th. */
const Z90 = 1.6448536269514722;
const Z80 = 1.2815515655446004;
const Z95 = 1.959963984540054;

/**
 * Coverage of one run, horizon 1, by SQL alone: realized vol of the target day from
 * gold.fact_realized_vol_daily, the 80%/95% bounds from the stored 90% interval under a
 * log-normal (docs in api/research-api.ts FanChart.intervalMethod).
 */
function coverageBySql(lake: string, runId: string) {
  const [row] = sqlJson(
    lake,
    `WITH f AS (SELECT symbol, date, made_at, ln(lower_vol) AS lo, ln(upper_vol) AS hi FROM gold.vol_forecasts WHERE run_id = '${runId}' AND horizon = 1),
          p AS (SELECT (lo + hi) / 2 AS mu, (hi - lo) / (2 * ${Z90}) AS sigma, date, symbol, made_at FROM f),
          r AS (SELECT p.*, sqrt(252 * avg(v.variance)) AS realized
                FROM p JOIN gold.fact_realized_vol_daily v ON v.symbol = p.symbol AND v.date > p.made_at AND v.date <= p.date
                WHERE v.variance IS NOT NULL GROUP BY ALL)
     SELECT count(*) AS n,
            count(*) FILTER (WHERE realized BETWEEN exp(mu - ${Z80} * sigma) AND exp(mu + ${Z80} * sigma)) AS inside80,
            count(*) FILTER (WHERE realized BETWEEN exp(mu - ${Z95} * sigma) AND exp(mu + ${Z95} * sigma)) AS inside95
     FROM r`,
  );
  return { n: Number(row!.n), inside80: Number(row!.inside80), inside95: Number(row!.inside95) };
}

describe.skipIf(!browserTestsRunnable())('forecast lab view', () => {
  const session = readOnlyViewSession();

  it('shows coverage equal to the SQL share of realized values inside each interval', { timeout: 120_000 }, async () => {
    const { page, lake } = session;
    await goRoute(session, '/forecast?symbol=MSFT&h=1');
    await page.getByTestId('fan-chart').locator('canvas').first().waitFor({ timeout: 60_000 });
    await page.getByTestId('scores-table').waitFor();

    // Opens on the champion of MSFT h1 (meta.model_aliases), and marks it in the scores.
    const [champion] = sqlJson(lake, `SELECT run_id, model FROM meta.model_aliases WHERE symbol = 'MSFT' AND horizon = 1 AND alias = 'champion'`);
    expect(await page.getByTestId('forecast-run').inputValue()).toBe(champion!.run_id);
    expect(await page.getByTestId('scores-table').locator('tr.selected td').first().innerText()).toContain(String(champion!.model));

    const sql = coverageBySql(lake, String(champion!.run_id));
    expect(sql.n).toBeGreaterThan(100);
    for (const [level, inside] of [['80', sql.inside80], ['95', sql.inside95]] as const) {
      const kpi = page.getByTestId(`coverage-${level}`);
      expect(Number(await kpi.getAttribute('data-n')), `n at ${level}%`).toBe(sql.n);
      expect(Number(await kpi.getAttribute('data-inside')), `inside at ${level}%`).toBe(inside);
      expect(Number(await kpi.getAttribute('data-value'))).toBeCloseTo(inside / sql.n, 12);
    }
    // The fan chart draws every forecast of the run.
    const [count] = sqlJson(lake, `SELECT count(*) AS n FROM gold.vol_forecasts WHERE run_id = '${champion!.run_id}'`);
    expect(Number(await page.getByTestId('fan-chart').getAttribute('data-points'))).toBe(Number(count!.n));
  });

  it('compares two runs side by side, each with its own SQL-checked coverage', { timeout: 120_000 }, async () => {
    const { page, lake } = session;
    const [other] = sqlJson(lake, `SELECT run_id FROM meta.model_runs WHERE symbol = 'MSFT' AND horizon = 1 AND model = 'garch'`);
    await page.getByTestId('forecast-compare').selectOption(String(other!.run_id));
    await page.getByTestId('compare').waitFor({ timeout: 60_000 });
    await page.getByTestId('b-fan-chart').locator('canvas').first().waitFor();
    const sql = coverageBySql(lake, String(other!.run_id));
    expect(Number(await page.getByTestId('b-coverage-80').getAttribute('data-inside'))).toBe(sql.inside80);
    expect(Number(await page.getByTestId('b-coverage-95').getAttribute('data-inside'))).toBe(sql.inside95);
    expect(Number(await page.getByTestId('b-coverage-95').getAttribute('data-n'))).toBe(sql.n);
    const dmP = Number(await page.getByTestId('compare-dm-p').getAttribute('data-value'));
    expect(dmP).toBeGreaterThanOrEqual(0);
    expect(dmP).toBeLessThanOrEqual(1);
    expect(new URL(page.url()).hash).toContain(`compare=${other!.run_id}`);

    await screenshotBothThemes(page, 'forecast', async () => {
      await page.getByTestId('fan-chart').locator('canvas').first().waitFor();
    });
    expect(session.errors).toEqual([]);
  });
});
