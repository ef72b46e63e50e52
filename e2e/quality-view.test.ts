/**
 * Quality center: each check's last status equals meta.check_results, and a quarantined record,
 * made by ingesting a vendor CSV with a bad row through the real daily-bar contract path, is
 * corrected and retried from the page and lands in bronze exactly once.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDuck } from '../main/duck/duck';
import { ingestDailyBars } from '../main/ingest/ingest-daily-bars';
import { openLake } from '../main/lake/index';
import { CsvMarketReplay } from '../main/sources/csv-replay/csv-market-replay';
import { browserTestsRunnable } from './helpers/browser';
import { goRoute, screenshotBothThemes, sqlJson } from './research-view-support';
import { opsViewSession } from './ops-view-support';

const runnable = browserTestsRunnable();

/** A vendor file whose second row has no usable close: the contract quarantines it. */
async function quarantineOneRow(lakeDir: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'fde-vendor-'));
  writeFileSync(join(dir, 'vendor.csv'), 'date,open,high,low,close,volume\n2002-01-02,10,11,9,10.5,100\n2002-01-03,10,11,9,n/a,100\n');
  const l = await openLake(lakeDir);
  const duck = await openDuck();
  try {
    const stats = await ingestDailyBars(l, duck, new CsvMarketReplay(duck, dir, [{ file: 'vendor.csv', layout: { kind: 'ohlcv', symbol: 'QTST' } }]));
    expect(stats).toMatchObject({ accepted: 1, quarantined: 1 });
  } finally {
    duck.close();
    await l.close();
  }
}

describe.skipIf(!runnable)('quality view', () => {
  const s = opsViewSession(quarantineOneRow);

  it("shows every check's last status as meta.check_results has it", { timeout: 120_000 }, async () => {
    const { page, lake } = s;
    await goRoute(s, '/quality');
    const expected = sqlJson(lake, `SELECT check_id, status FROM meta.check_results QUALIFY row_number() OVER (PARTITION BY check_id ORDER BY checked_at DESC, run_id DESC) = 1`);
    await expect.poll(() => page.getByTestId('check-row').count(), { timeout: 60_000 }).toBe(expected.length);
    const shown = new Map(await page.getByTestId('check-row').evaluateAll((els) => els.map((e) => [e.getAttribute('data-check')!, e.getAttribute('data-status')!] as [string, string])));
    for (const r of expected) expect(shown.get(String(r.check_id)), String(r.check_id)).toBe(String(r.status));
    await page.getByTestId('check-row').first().click();
    await page.getByTestId('failing-rows').waitFor();
  });

  it('retries a corrected quarantined record from the page; it lands once', { timeout: 120_000 }, async () => {
    const { page, lake } = s;
    const landed = () => Number(sqlJson(lake, "SELECT count(*) AS n FROM bronze.market_daily_bars WHERE symbol = 'QTST' AND date = DATE '2002-01-03'")[0]!.n);
    expect(landed()).toBe(0);
    const record = page.locator('[data-testid="quarantine-record"]', { hasText: 'QTST' });
    await expect.poll(() => record.count(), { timeout: 60_000 }).toBe(1);
    await screenshotBothThemes(page, 'quality', () => page.getByTestId('checks-table').waitFor());

    // As stored, the payload still fails the contract: nothing lands.
    await record.getByTestId('retry-record').click();
    await expect.poll(() => page.getByTestId('retry-result').getAttribute('data-invalid'), { timeout: 60_000 }).toBe('1');
    expect(landed()).toBe(0);

    await record.getByTestId('fix-record').click();
    const raw = JSON.parse(await page.getByTestId('fix-raw').inputValue()) as Record<string, unknown>;
    await page.getByTestId('fix-raw').fill(JSON.stringify({ ...raw, close: '10.25' }));
    await page.getByTestId('fix-submit').click();
    await expect.poll(() => page.getByTestId('retry-result').getAttribute('data-landed'), { timeout: 60_000 }).toBe('1');
    await expect.poll(() => record.getAttribute('data-landed'), { timeout: 60_000 }).toBe('yes');
    expect(landed()).toBe(1);
    expect(Number(sqlJson(lake, "SELECT count(*) AS n FROM meta.quarantine_retries WHERE state = 'landed'")[0]!.n)).toBe(1);
    // Landed records offer no retry; the reason's group has nothing pending.
    await expect(record.getByTestId('retry-record').count()).resolves.toBe(0);
    expect(landed()).toBe(1);
    expect(s.errors).toEqual([]);
  });
});
