/**
 * The foundation's vertical slice, end to end: `fde demo` fills a temp lake (twice, to prove it
 * is idempotent), `fde ui` serves it, and Debian's Chromium shows the chart. The screenshot is
 * kept in test-artifacts/ for people to look at.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { repoRoot, runFde, startFde, stopChild } from './helpers/run-fde';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasBrowser = existsSync(CHROMIUM);
if (!hasBrowser && process.env.CI) throw new Error(`CI needs Chromium at ${CHROMIUM} (apt-get install chromium)`);
const hasRenderer = existsSync(join(repoRoot, 'out/renderer/index.html'));
if (!hasRenderer && process.env.CI) throw new Error('CI runs `npm run build` before the tests; out/renderer is missing');

const lake = mkdtempSync(join(tmpdir(), 'fde-e2e-lake-'));
const sqlJson = (query: string) => {
  const result = runFde(['sql', '--lake', lake, '--json', query]);
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
};

afterAll(() => rmSync(lake, { recursive: true, force: true }));

const COUNTS = `SELECT
  (SELECT count(*) FROM bronze.market_daily_bars) AS daily_bars,
  (SELECT count(*) FROM bronze.alpaca_trades) AS trades,
  (SELECT count(*) FROM bronze.alpaca_quotes) AS quotes,
  (SELECT count(*) FROM bronze.alpaca_bars) AS vendor_bars,
  (SELECT count(*) FROM bronze.reddit_posts) AS posts,
  (SELECT count(*) FROM silver.trades) AS silver_trades,
  (SELECT count(*) FROM gold.fact_realized_vol_daily) AS realized_vol,
  (SELECT count(*) FROM gold.mart_sentiment_volatility) AS mart,
  (SELECT count(*) FROM gold.vol_forecasts) AS forecasts`;

const GOLD_TABLES = ['dim_symbol', 'dim_date', 'fact_bars_1m', 'fact_bars_1d', 'fact_realized_vol_daily', 'fact_sentiment_daily', 'mart_sentiment_volatility', 'vol_forecasts'];

describe('fde demo', () => {
  let firstCounts: Record<string, unknown>[] = [];

  it('runs sources, contracts, models and forecasts offline and prints a summary', { timeout: 400_000 }, () => {
    const result = runFde(['demo', '--lake', lake]);
    expect(result.status, result.stderr).toBe(0);
    for (const stepText of ['1/7 daily bars', '2/7 intraday', '3/7 social', '4/7 models', '5/7 forecasts', '6/7 backtests']) {
      expect(result.stderr).toContain(stepText);
    }
    for (const table of ['bronze.market_daily_bars', 'bronze.alpaca_trades', 'bronze.reddit_posts', 'bronze.quarantine', 'silver.bars_1d', 'gold.mart_sentiment_volatility', 'gold.vol_forecasts', 'meta.model_aliases']) {
      expect(result.stdout).toContain(table);
    }
    expect(result.stdout).toMatch(/Quality: \d+ checks passed/);
    expect(result.stdout).toMatch(/Champions .*MSFT h1=\w+ h5=\w+/);
    expect(result.stdout).toMatch(/MSFT\s+2001-09-28\s+\d+\.\d%/);
    expect(result.stdout).toContain(`Lake: ${lake}`);
    firstCounts = sqlJson(COUNTS);
    // 30 Dow stocks x 2529 days of closes + 249 Microsoft OHLCV days, all valid.
    expect(firstCounts[0]).toMatchObject({ daily_bars: String(30 * 2529 + 249) });
    for (const value of Object.values(firstCounts[0]!)) expect(Number(value)).toBeGreaterThan(0);
    const empty = sqlJson(GOLD_TABLES.map((t) => `SELECT '${t}' AS t, count(*) AS n FROM gold.${t}`).join(' UNION ALL ')).filter((r) => r.n === '0');
    expect(empty).toEqual([]);
  });

  it('is idempotent: a second run leaves the same tables and no duplicates', { timeout: 400_000 }, () => {
    const result = runFde(['demo', '--lake', lake]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/already in bronze/);
    expect(sqlJson(COUNTS)).toEqual(firstCounts);
    const dupes = sqlJson(
      `SELECT (SELECT count(*) - count(DISTINCT (symbol, date)) FROM silver.bars_1d) AS bars,
              (SELECT count(*) - count(DISTINCT (symbol, trade_id, exchange)) FROM silver.trades) AS trades,
              (SELECT count(*) - count(DISTINCT (symbol, date, horizon, model)) FROM gold.vol_forecasts) AS forecasts`,
    );
    expect(dupes).toEqual([{ bars: '0', trades: '0', forecasts: '0' }]);
  });

  it('answers SQL over every table by name', () => {
    const rows = sqlJson(`SELECT symbol, close FROM bars_1d WHERE symbol = 'MSFT' AND date = DATE '2000-09-27'`);
    expect(rows).toEqual([{ symbol: 'MSFT', close: 60.625 }]);
  });
});

describe.skipIf(!hasBrowser || !hasRenderer)('fde ui in Chromium', () => {
  let ui: ChildProcess | undefined;
  let url = '';
  let browser: Browser | undefined;

  beforeAll(async () => {
    const started = await startFde(['ui', '--lake', lake, '--port', '0'], /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/);
    ui = started.child;
    url = started.match[1]!;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (ui) await stopChild(ui);
  });

  it('refuses requests and WebSockets without the token', async () => {
    const origin = new URL(url).origin;
    expect((await fetch(`${origin}/`)).status).toBe(401);
    expect((await fetch(`${origin}/?token=wrong`)).status).toBe(401);
    const refused = await new Promise<string>((done) => {
      const ws = new WebSocket(`${origin.replace('http', 'ws')}/api`, { headers: { Origin: origin } });
      ws.on('open', () => done('open'));
      ws.on('error', () => done('refused'));
    });
    expect(refused).toBe('refused');
  });

  it('shows the lake tables and a price/volatility chart with data for a symbol', async () => {
    const page = await browser!.newPage({ viewport: { width: 1400, height: 800 } });
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(url);
    await page.getByTestId('tables').waitFor();
    expect(await page.getByTestId('tables').innerText()).toContain('mart_sentiment_volatility');
    const chart = page.getByTestId('symbol-chart');
    await chart.locator('canvas').first().waitFor();
    expect(await page.getByTestId('symbol-select').inputValue()).toBe('MSFT');
    expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(200);
    await page.getByTestId('symbol-select').selectOption('IBM');
    await expect.poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 20_000 }).toBeGreaterThan(2000);
    // IBM is backtested in the demo, so its chart shows its champion's forecasts.
    expect(await page.getByTestId('next-forecast').innerText()).toMatch(/next day \d{4}-\d{2}-\d{2}: \d+\.\d% \((garch|har|loghar|prophet|ewma)\)/);
    mkdirSync(join(repoRoot, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(repoRoot, 'test-artifacts/ui-overview.png') });
    expect(consoleErrors).toEqual([]);
  });
});
