import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot, startFde, stopChild } from './run-fde';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Throws in CI when the browser or the built renderer is missing; elsewhere says whether to skip. */
export function browserTestsRunnable(): boolean {
  const hasBrowser = existsSync(CHROMIUM);
  const hasRenderer = existsSync(join(repoRoot, 'out/renderer/index.html'));
  if (process.env.CI && !hasBrowser) throw new Error(`CI needs Chromium at ${CHROMIUM} (apt-get install chromium)`);
  if (process.env.CI && !hasRenderer) throw new Error('CI runs `npm run build` before the tests; out/renderer is missing');
  return hasBrowser && hasRenderer;
}

/** Debian's Chromium, headless, with the flags this closed network needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

export interface RunningUi {
  child: ChildProcess;
  /** The tokenized URL `fde ui` printed. */
  url: string;
  /** The same origin with a hash route, e.g. route('/sentiment?symbol=MSFT'). */
  route(path: string): string;
  stop(): Promise<void>;
}

/** Starts `fde ui` on the lake with any extra flags and waits for its URL. */
export async function startUi(lake: string, extraArgs: readonly string[] = []): Promise<RunningUi> {
  const { child, match } = await startFde(['ui', '--lake', lake, '--port', '0', ...extraArgs], /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/, 120_000);
  const url = match[1]!;
  return { child, url, route: (path) => `${url}#${path}`, stop: () => stopChild(child) };
}

/** Saves a screenshot under docs/screenshots/ (kept in the repo for people to look at). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join(repoRoot, 'docs/screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`) });
}

/** Collects console errors of a page, for tests that assert a clean console. */
export function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}
