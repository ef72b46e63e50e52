/**
 * Backfills view: a backfill started from the page (dry-run preview first) through the runtime
 * `fde ui` hosts and the offline Alpaca server; the heat-strip follows pushed partition events
 * until every partition is done, and its states match `fde jobs history --json`.
 */
import { describe, expect, it } from 'vitest';
import { browserTestsRunnable } from './helpers/browser';
import { goRoute, screenshotBothThemes } from './research-view-support';
import { jobsHistory, opsViewSession } from './ops-view-support';

const runnable = browserTestsRunnable();

// The demo holds 2000-12-18..29; these three trading days are missing for MSFT.
const DAYS = ['2000-12-04', '2000-12-05', '2000-12-06'];

describe.skipIf(!runnable)('backfills view', () => {
  const s = opsViewSession();

  it('previews, starts a backfill, watches partitions turn done and agrees with fde jobs history', { timeout: 300_000 }, async () => {
    const { page, lake } = s;
    await goRoute(s, '/backfills');
    await page.getByTestId('bf-job').selectOption('alpaca-backfill');
    await page.getByTestId('bf-from').fill(DAYS[0]!);
    await page.getByTestId('bf-to').fill(DAYS.at(-1)!);
    await page.getByTestId('bf-symbols').fill('MSFT');
    await page.getByTestId('bf-preview').click();
    await expect.poll(() => page.getByTestId('heat-strip').getAttribute('data-partitions'), { timeout: 60_000 }).toBe(String(DAYS.length));
    await expect(page.getByTestId('bf-plan').innerText()).resolves.toMatch(/3 partitions: 3 would run/);
    // The dry run changed nothing: no run exists yet.
    expect(jobsHistory(lake).filter((r) => r.job === 'alpaca-backfill')).toHaveLength(0);

    await page.getByTestId('bf-start').click();
    await page.getByTestId('confirm-yes').click();
    await expect.poll(() => page.getByTestId('bf-counts').getAttribute('data-done'), { timeout: 240_000, interval: 500 }).toBe(String(DAYS.length));

    const states = await page.getByTestId('heat-strip').evaluate((c) => (c as HTMLCanvasElement & { fdeStates?: () => Record<string, string> }).fdeStates?.() ?? {});
    const history = jobsHistory(lake).filter((r) => r.job === 'alpaca-backfill');
    expect(Object.keys(states).sort()).toEqual(DAYS.map((d) => `${d}|MSFT`));
    for (const day of DAYS) {
      const runs = history.filter((r) => r.partition === day);
      expect(runs.length, day).toBeGreaterThan(0);
      expect(runs.some((r) => r.state === 'succeeded'), `${day}: ${runs.map((r) => r.state).join(',')}`).toBe(true);
      expect(states[`${day}|MSFT`]).toBe('done');
    }

    // The runs grid shows them; a run's Gantt and log open from a cell.
    await expect.poll(() => page.getByTestId('run-cell').count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(DAYS.length);
    await page.locator('[data-testid="run-cell"][data-state="succeeded"]').first().click();
    await expect.poll(() => page.getByTestId('task-gantt').getAttribute('data-painted'), { timeout: 60_000 }).not.toBeNull();
    await expect.poll(async () => Number(await page.getByTestId('log-tail').getAttribute('data-lines')), { timeout: 60_000 }).toBeGreaterThan(0);
    await screenshotBothThemes(page, 'backfills', () => page.getByTestId('task-gantt').locator('canvas').first().waitFor());
    expect(s.errors).toEqual([]);
  });

  it('cancels a queued partition run from its panel, then "retry failed and downstream" queues it again', { timeout: 240_000 }, async () => {
    const { page, lake } = s;
    // November 2000: about 21 trading days, more runs than the host runs at once, so the last is still queued.
    await page.getByTestId('bf-job').selectOption('alpaca-backfill');
    await page.getByTestId('bf-from').fill('2000-11-01');
    await page.getByTestId('bf-to').fill('2000-11-30');
    await page.getByTestId('bf-symbols').fill('IBM');
    await page.getByTestId('bf-preview').click();
    await expect.poll(async () => Number(await page.getByTestId('heat-strip').getAttribute('data-partitions')), { timeout: 60_000 }).toBeGreaterThan(15);
    await page.getByTestId('bf-start').click();
    await page.getByTestId('confirm-yes').click();
    await expect.poll(() => page.locator('[data-testid="run-cell"][aria-label*="2000-11-30"]').count(), { timeout: 60_000 }).toBe(1);
    await page.locator('[data-testid="run-cell"][aria-label*="2000-11-30"]').click();
    const panel = page.getByTestId('run-panel');
    await expect.poll(() => panel.getAttribute('data-state'), { timeout: 60_000 }).toBe('queued');
    const runId = (await panel.getAttribute('data-run'))!;
    await page.getByTestId('run-cancel').click();
    await expect.poll(() => panel.getAttribute('data-state'), { timeout: 60_000 }).toBe('cancelled');
    expect(jobsHistory(lake).find((r) => r.runId === runId)?.state).toBe('cancelled');

    await page.getByTestId('run-retry').click();
    // The partition is queued again under a new run, and build-models (it reads the bronze tables) after it.
    await expect.poll(() => jobsHistory(lake).filter((r) => r.job === 'alpaca-backfill' && r.partition === '2000-11-30' && r.runId !== runId).length, { timeout: 60_000 }).toBe(1);
    await expect.poll(() => jobsHistory(lake).filter((r) => r.job === 'build-models' && r.trigger === 'manual').length, { timeout: 60_000 }).toBe(1);
    expect(s.errors).toEqual([]);
  });
});
