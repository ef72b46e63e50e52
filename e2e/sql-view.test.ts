/**
 * The SQL lab in Chromium against `fde ui` on the demo lake: the grid shows what `fde sql --json`
 * returns for the same query, a write is refused by the engine (the page shows the refusal and
 * the SQL), AS OF VERSION reads an older table version (checked against `fde table history`),
 * 100k rows scroll in a virtual grid, a result charts, and queries land in the history.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserTestsRunnable } from './helpers/browser';
import { runFde } from './helpers/run-fde';
import { goRoute, readOnlyViewSession, screenshotBothThemes, shownValue, sqlJson } from './research-view-support';

async function runInEditor(page: Page, sql: string): Promise<void> {
  const editor = page.getByTestId('sql-editor');
  await editor.fill(sql);
  await editor.press('Control+Enter');
}

/** The grid's rendered rows as text, in row order (only the rows in view are in the DOM). */
async function gridRows(page: Page): Promise<string[][]> {
  const rows = await page.getByTestId('grid-row').evaluateAll((els) =>
    els.map((el) => ({ index: Number(el.getAttribute('data-index')), cells: Array.from(el.querySelectorAll('[role=gridcell]')).map((c) => (c as HTMLElement).innerText) })),
  );
  return rows.sort((a, b) => a.index - b.index).map((r) => r.cells);
}

describe.skipIf(!browserTestsRunnable())('SQL lab view', () => {
  const session = readOnlyViewSession();

  it('shows in its grid exactly what fde sql returns', { timeout: 90_000 }, async () => {
    const { page, lake } = session;
    await goRoute(session, '/sql');
    const query = `SELECT symbol, date, variance, sentiment_lag1, mentions_lag1 FROM gold.mart_sentiment_volatility WHERE symbol = 'MSFT' ORDER BY date LIMIT 40`;
    await runInEditor(page, query);
    await expect.poll(() => shownValue(page, 'sql-row-count'), { timeout: 60_000 }).toBe(40);
    const expected = sqlJson(lake, query).map((row) => Object.values(row).map((v) => (v === null ? 'NULL' : String(v))));
    const shown = await gridRows(page);
    expect(shown.length).toBeGreaterThan(10);
    expect(shown).toEqual(expected.slice(0, shown.length));
    expect(await page.getByTestId('grid-column').allInnerTexts()).toEqual(['symbol', 'date', 'variance', 'sentiment_lag1', 'mentions_lag1']);
    // The query is in the URL: a bookmark reruns it.
    expect(decodeURIComponent(new URL(page.url()).hash)).toContain('gold.mart_sentiment_volatility');
  });

  it('shows the engine refusing a write, with the SQL', { timeout: 60_000 }, async () => {
    const { page, lake } = session;
    const write = 'DELETE FROM gold.dim_symbol';
    await runInEditor(page, write);
    await page.getByTestId('state-error').waitFor({ timeout: 30_000 });
    expect((await page.getByTestId('error-message').innerText()).length).toBeGreaterThan(5);
    expect(await page.getByTestId('error-sql').innerText()).toBe(write);
    const [rows] = sqlJson(lake, 'SELECT count(*) AS n FROM gold.dim_symbol');
    expect(Number(rows!.n)).toBeGreaterThan(0);
  });

  it('reads an older table version with AS OF VERSION', { timeout: 60_000 }, async () => {
    const { page, lake } = session;
    const history = runFde(['table', 'history', 'meta.model_runs', '--lake', lake, '--json']);
    expect(history.status, history.stderr).toBe(0);
    const commits = history.stdout.trim().split('\n').map((l) => JSON.parse(l) as { version: number; operationMetrics?: { numOutputRows?: string } });
    const rowsAt1 = commits.filter((c) => c.version <= 1).reduce((sum, c) => sum + Number(c.operationMetrics?.numOutputRows ?? 0), 0);
    expect(rowsAt1).toBeGreaterThan(0);
    await runInEditor(page, 'SELECT count(*) AS n FROM meta.model_runs AS OF VERSION 1');
    await expect.poll(async () => (await gridRows(page))[0]?.[0], { timeout: 30_000 }).toBe(String(rowsAt1));
    expect(await page.getByTestId('sql-summary').innerText()).toContain('meta.model_runs at version 1');
  });

  it('scrolls 100k rows in a virtual grid, charts a result and keeps a history', { timeout: 120_000 }, async () => {
    const { page, lake } = session;
    await page.getByTestId('sql-max-rows').selectOption('100000');
    await runInEditor(page, 'SELECT i, i * 2 AS twice FROM range(100000) t(i)');
    await expect.poll(() => shownValue(page, 'sql-row-count'), { timeout: 60_000 }).toBe(100_000);
    const grid = page.getByTestId('result-grid');
    expect(Number(await grid.getAttribute('data-rows'))).toBe(100_000);
    expect(await page.getByTestId('grid-row').count()).toBeLessThan(100);
    await grid.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect.poll(async () => (await gridRows(page)).at(-1), { timeout: 10_000 }).toEqual(['99999', '199998']);

    await runInEditor(page, `SELECT date, sqrt(252 * variance) AS vol FROM gold.fact_realized_vol_daily WHERE symbol = 'MSFT' ORDER BY date`);
    await expect.poll(() => page.getByTestId('sql-summary').innerText(), { timeout: 60_000 }).toContain('rows');
    await page.getByTestId('tab-chart').click();
    await page.getByTestId('result-chart').locator('canvas').first().waitFor();
    const [msft] = sqlJson(lake, `SELECT count(*) AS n FROM gold.fact_realized_vol_daily WHERE symbol = 'MSFT'`);
    expect(Number(await page.getByTestId('result-chart').getAttribute('data-points'))).toBe(Number(msft!.n));

    const entries = page.getByTestId('history-entry');
    await expect.poll(() => entries.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(5);
    expect(await entries.first().innerText()).toContain('fact_realized_vol_daily');
    expect(await page.locator('[data-testid=history-entry][data-ok=false]').count()).toBeGreaterThanOrEqual(1);

    await screenshotBothThemes(page, 'sql', async () => {
      await page.getByTestId('result-chart').locator('canvas').first().waitFor();
    });
    // The refused write logs nothing to the console: failures show on the page.
    expect(session.errors).toEqual([]);
  });
});
