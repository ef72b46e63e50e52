/**
 * The model registry in Chromium against `fde ui` on a private copy of the demo lake: promoting a
 * version asks first (Cancel changes nothing), then moves the champion in meta.model_aliases as
 * `fde sql` sees it, and the change is listed with who and when; demoting removes the alias.
 */
import { userInfo } from 'node:os';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserTestsRunnable } from './helpers/browser';
import { copyOfDemoLake } from './helpers/demo-lake';
import { goRoute, screenshotBothThemes, sqlJson, viewSessionPerFile, VIEW_ONLY } from './research-view-support';

const championOf = (lake: string, symbol: string, horizon: number) =>
  sqlJson(lake, `SELECT run_id, model FROM meta.model_aliases WHERE symbol = '${symbol}' AND horizon = ${horizon} AND alias = 'champion'`);

describe.skipIf(!browserTestsRunnable())('model registry view', () => {
  // A private copy, since promoting writes meta.model_aliases; removed when the file is done.
  const session = viewSessionPerFile(copyOfDemoLake, { uiArgs: VIEW_ONLY, dispose: (lake) => rmSync(dirname(lake), { recursive: true, force: true }) });

  it('lists versions and the champion per horizon as meta tables hold them', { timeout: 120_000 }, async () => {
    const { page, lake } = session;
    await goRoute(session, '/registry?symbol=MSFT');
    await page.getByTestId('champions').waitFor({ timeout: 60_000 });
    const [before] = championOf(lake, 'MSFT', 1);
    expect(await page.getByTestId('champion-MSFT-h1').getAttribute('data-run')).toBe(before!.run_id);
    const runs = sqlJson(lake, `SELECT run_id FROM meta.model_runs WHERE symbol = 'MSFT' ORDER BY run_id`);
    const shown = await page.getByTestId('versions').locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')!.replace('version-', '')).sort());
    expect(shown).toEqual(runs.map((r) => String(r.run_id)));
    await screenshotBothThemes(page, 'registry', async () => {
      await page.getByTestId('champions').waitFor();
    });
  });

  it('promotes after confirmation (cancel changes nothing) and demotes, recording who and when', { timeout: 240_000 }, async () => {
    const { page, lake } = session;
    const [before] = championOf(lake, 'MSFT', 1);
    const [candidate] = sqlJson(lake, `SELECT run_id, model FROM meta.model_runs WHERE symbol = 'MSFT' AND horizon = 1 AND run_id <> '${before!.run_id}' ORDER BY model LIMIT 1`);
    const runId = String(candidate!.run_id);

    await page.getByTestId(`promote-${runId}`).click();
    await expect.poll(() => page.getByTestId('confirm-dialog').isVisible()).toBe(true);
    expect(await page.getByTestId('confirm-text').innerText()).toContain(runId);
    await page.getByTestId('confirm-no').click();
    await expect.poll(() => page.getByTestId('confirm-dialog').isVisible()).toBe(false);
    expect(championOf(lake, 'MSFT', 1)).toEqual([before]);

    await page.getByTestId(`promote-${runId}`).click();
    await page.getByTestId('confirm-yes').click();
    await expect.poll(() => page.getByTestId('champion-MSFT-h1').getAttribute('data-run'), { timeout: 30_000 }).toBe(runId);
    // fde sql sees the new champion at horizon 1; horizon 5 keeps its own.
    const after = sqlJson(lake, `SELECT horizon, run_id, model FROM meta.model_aliases WHERE symbol = 'MSFT' AND alias = 'champion' ORDER BY horizon`);
    expect(after.map((r) => r.horizon)).toEqual([1, 5]);
    expect(after[0]).toEqual({ horizon: 1, run_id: runId, model: candidate!.model });
    const event = page.getByTestId('alias-event').first();
    expect(await event.innerText()).toContain(`promote ${candidate!.model}`);
    expect(await event.getByTestId('alias-event-user').innerText()).toBe(userInfo().username);

    await page.getByTestId(`demote-${runId}`).click();
    await page.getByTestId('confirm-yes').click();
    await expect.poll(() => page.getByTestId('champion-MSFT-h1').count(), { timeout: 30_000 }).toBe(0);
    expect(championOf(lake, 'MSFT', 1)).toEqual([]);
    expect(await page.getByTestId('alias-event').first().innerText()).toContain(`demote ${candidate!.model}`);
    expect(session.errors).toEqual([]);
  });
});
