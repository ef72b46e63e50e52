/**
 * Shared by the research view tests (e2e/*-view.test.ts): one `fde ui` and one Chromium per test
 * file, independent answers from the CLI (`fde sql --json`, `fde explore --json`), and the
 * screenshots of a view in both themes for docs/screenshots/.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { consoleErrors, launchChromium, screenshot, startUi, type RunningUi } from './helpers/browser';
import { sharedDemoLake } from './helpers/demo-lake';
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

/** What the tests of one file read from its session; each field throws until beforeAll opened it. */
export interface OpenView {
  readonly lake: string;
  readonly ui: RunningUi;
  readonly page: Page;
  readonly errors: string[];
}

export interface ViewFileOptions {
  /** `fde ui` flags, e.g. VIEW_ONLY. */
  uiArgs?: readonly string[];
  /** Changes the lake before `fde ui` starts, so the page sees the change from its first load. */
  prepare?: (lake: string) => unknown;
  /** Runs after the browser and `fde ui` are closed, e.g. to remove a private lake. */
  dispose?: (lake: string) => void;
}

/**
 * One `fde ui` and one Chromium page for the test file (or describe block) that calls it:
 * registers the beforeAll that gets the lake and opens the session, and the afterAll that closes
 * it. Call it where the hooks belong, e.g. inside `describe.skipIf(!browserTestsRunnable())`.
 */
export function viewSessionPerFile(lake: () => Promise<string>, options: ViewFileOptions = {}): OpenView {
  let dir = '';
  let session: ViewSession | undefined;
  beforeAll(async () => {
    dir = await lake();
    await options.prepare?.(dir);
    session = await openViewSession(dir, options.uiArgs);
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await session?.close();
    if (dir) options.dispose?.(dir);
  });
  const open = (): ViewSession => {
    if (!session) throw new Error('the view session is not open: its beforeAll failed or has not run');
    return session;
  };
  return {
    get lake() {
      if (!dir) throw new Error('no lake yet: the beforeAll of the view session failed or has not run');
      return dir;
    },
    get ui() {
      return open().ui;
    },
    get page() {
      return open().page;
    },
    get errors() {
      return open().errors;
    },
  };
}

/** The research views only read: a viewer `fde ui` on the shared demo lake. */
export function readOnlyViewSession(): OpenView {
  return viewSessionPerFile(sharedDemoLake, { uiArgs: VIEW_ONLY });
}

/** Goes to a hash route of the running app (no reload: the SPA router follows the hash). */
export async function goRoute(session: Pick<ViewSession, 'page'>, route: string): Promise<void> {
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
