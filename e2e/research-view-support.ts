/**
 * Shared by the research view tests (e2e/*-view.test.ts): one `fde ui` and one Chromium per test
 * file, independent answers from the CLI (`fde sql --json`, `fde explore --json`), and the
 * screenshots of a view in both themes for docs/screenshots/.
 */
import { expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { consoleErrors, launchChromium, screenshot, startUi, type RunningUi } from './helpers/browser';
import { runFde } from './helpers/run-fde';

/** Waiting for `fde demo` on a 2-core CI machine, then the UI server. */
export const SETUP_TIMEOUT_MS = 16 * 60_000;

export interface ViewSession {
  ui: RunningUi;
  browser: Browser;
  page: Page;
  errors: string[];
  close(): Promise<void>;
}

/**
 * `fde ui` flags for a test that only reads: a viewer runs no schedules and executes no runs, so
 * the shared demo lake (and its run store) stays exactly as `fde demo` left it.
 */
export const VIEW_ONLY = ['--no-scheduler'] as const;

export async function openViewSession(lake: string, uiArgs: readonly string[] = []): Promise<ViewSession> {
  const ui = await startUi(lake, uiArgs);
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const errors = consoleErrors(page);
  // The first visit carries the token; it becomes a cookie, so later hash routes need no token.
  await page.goto(ui.url);
  await page.getByTestId('status-lake').waitFor();
  return {
    ui,
    browser,
    page,
    errors,
    close: async () => {
      await browser.close();
      await ui.stop();
    },
  };
}

/** Goes to a hash route of the running app (no reload: the SPA router follows the hash). */
export async function goRoute(session: ViewSession, route: string): Promise<void> {
  await session.page.evaluate((hash) => {
    window.location.hash = hash;
  }, `#${route}`);
}

/** NDJSON rows of `fde sql --json`. */
export function sqlJson(lake: string, query: string): Record<string, unknown>[] {
  const result = runFde(['sql', '--lake', lake, '--json', query]);
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The exact value behind a number the page shows (components/num.tsx puts it in data-value). */
export async function shownValue(page: Page, testId: string): Promise<number> {
  const raw = await page.getByTestId(testId).getAttribute('data-value');
  expect(raw, `data-value of ${testId}`).not.toBeNull();
  expect(raw, `data-value of ${testId}`).not.toBe('');
  return Number(raw);
}

/** Relative closeness for numbers that went engine -> JSON -> page vs engine -> JSON -> CLI. */
export function expectClose(actual: number | null, expected: number | null, rel = 1e-12, what = ''): void {
  if (expected === null) return void expect(actual, what).toBeNull();
  expect(actual, what).not.toBeNull();
  const tolerance = Math.max(Math.abs(expected) * rel, 1e-300);
  expect(Math.abs(actual! - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
}

async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  const current = await page.evaluate(() => document.documentElement.dataset.theme);
  if (current !== theme) await page.getByTestId('theme-toggle').click();
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
}

/**
 * docs/screenshots/<view>-light.png and -dark.png. `ready` waits for what must be drawn after the
 * theme switch (charts re-create themselves in the new palette).
 */
export async function screenshotBothThemes(page: Page, view: string, ready: () => Promise<void>): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    await ready();
    // Let ECharts finish its first frame after re-init.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    await screenshot(page, `${view}-${theme}`);
  }
  await setTheme(page, 'light');
}
