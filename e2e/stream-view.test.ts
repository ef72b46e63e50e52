/**
 * Live stream view: the stream started from the page (the runtime starts the offline Alpaca
 * server on the demo lake), then stopped; the committed trade count the page shows equals what
 * bronze.alpaca_trades gained, counted by `fde sql`.
 */
import { describe, expect, it } from 'vitest';
import { browserTestsRunnable } from './helpers/browser';
import { goRoute, screenshotBothThemes, shownValue, sqlJson } from './research-view-support';
import { opsViewSession } from './ops-view-support';

const runnable = browserTestsRunnable();

describe.skipIf(!runnable)('stream view', () => {
  let before = 0;
  const s = opsViewSession((lake) => {
    before = Number(sqlJson(lake, 'SELECT count(*) AS n FROM bronze.alpaca_trades')[0]!.n);
  });

  it('starts and stops the stream from the page; the trade count shown equals the rows committed to bronze', { timeout: 240_000 }, async () => {
    const { page, lake } = s;
    await goRoute(s, '/stream');
    await expect.poll(() => page.getByTestId('stream-state').getAttribute('data-state'), { timeout: 60_000 }).toBe('stopped');
    await page.getByTestId('stream-start').click();
    await expect.poll(() => page.getByTestId('stream-state').getAttribute('data-state'), { timeout: 90_000 }).toBe('connected');
    await expect.poll(() => shownValue(page, 'stream-trades'), { timeout: 90_000 }).toBeGreaterThan(0);
    await expect.poll(async () => Number(await page.getByTestId('stream-bars').getAttribute('data-bars')), { timeout: 60_000 }).toBeGreaterThan(0);
    await screenshotBothThemes(page, 'stream', () => page.getByTestId('stream-bars').locator('canvas').first().waitFor());

    await page.getByTestId('stream-stop').click();
    await expect.poll(() => page.getByTestId('stream-state').getAttribute('data-state'), { timeout: 60_000 }).toBe('stopped');
    const shown = await shownValue(page, 'stream-trades');
    const after = Number(sqlJson(lake, 'SELECT count(*) AS n FROM bronze.alpaca_trades')[0]!.n);
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBe(after - before);
    expect(s.errors).toEqual([]);
  });
});
