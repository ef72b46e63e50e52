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

describe('fde demo', () => {
  let firstCounts: Record<string, unknown>[] = [];

  it('builds bronze, silver, gold and forecasts offline and prints a summary', () => {
    const result = runFde(['demo', '--lake', lake]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/1\/4 offline market source/);
    for (const table of ['bronze.market_daily_bars', 'silver.daily_bars', 'gold.daily_volatility', 'gold.vol_forecasts']) {
      expect(result.stdout).toContain(table);
    }
    expect(result.stdout).toMatch(/MSFT\s+2001-09-28\s+\d+\.\d%/);
    expect(result.stdout).toContain(`Lake: ${lake}`);
    firstCounts = sqlJson(
      `SELECT (SELECT count(*) FROM bronze.market_daily_bars) AS bronze, (SELECT count(*) FROM silver.daily_bars) AS silver,
              (SELECT count(*) FROM gold.daily_volatility) AS gold, (SELECT count(*) FROM gold.vol_forecasts) AS forecasts`,
    );
    // 30 Dow stocks x 2529 days of closes + 249 MSFT OHLCV days, all valid.
    expect(firstCounts[0]).toMatchObject({ bronze: String(30 * 2529 + 249) });
  });

  it('is idempotent: a second run leaves the same tables and no duplicates', () => {
    const result = runFde(['demo', '--lake', lake]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/already in bronze/);
    const again = sqlJson(
      `SELECT (SELECT count(*) FROM bronze.market_daily_bars) AS bronze, (SELECT count(*) FROM silver.daily_bars) AS silver,
              (SELECT count(*) FROM gold.daily_volatility) AS gold, (SELECT count(*) FROM gold.vol_forecasts) AS forecasts`,
    );
    expect(again).toEqual(firstCounts);
    const dupes = sqlJson(
      `SELECT (SELECT count(*) - count(DISTINCT (symbol, date)) FROM silver.daily_bars) AS silver_dupes,
              (SELECT count(*) - count(DISTINCT (symbol, date, horizon, model)) FROM gold.vol_forecasts) AS forecast_dupes`,
    );
    expect(dupes).toEqual([{ silver_dupes: '0', forecast_dupes: '0' }]);
  });

  it('answers SQL over every table by name', () => {
    const rows = sqlJson(`SELECT symbol, close FROM daily_bars WHERE symbol = 'MSFT' AND date = DATE '2000-09-27'`);
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
    expect(await page.getByTestId('tables').innerText()).toContain('daily_volatility');
    const chart = page.getByTestId('symbol-chart');
    await chart.locator('canvas').first().waitFor();
    expect(await page.getByTestId('symbol-select').inputValue()).toBe('MSFT');
    expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(200);
    await page.getByTestId('symbol-select').selectOption('IBM');
    await expect.poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 20_000 }).toBeGreaterThan(2000);
    expect(await page.getByTestId('next-forecast').innerText()).toMatch(/next day \d{4}-\d{2}-\d{2}: \d+\.\d%/);
    mkdirSync(join(repoRoot, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(repoRoot, 'test-artifacts/ui-overview.png') });
    expect(consoleErrors).toEqual([]);
  });
});
