/**
 * The Connect view under `fde ui` (the browser bridge): import the team settings file, sign in
 * through the browser against the local authority (main opens the "system browser", here a
 * BROWSER command that hands the address to Playwright), browse the team account on Azurite
 * (HTTPS, OAuth), check access, connect, and see the overview read the team lake, all without
 * a restart. No token ever crosses the bridge to the renderer.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browserTestsRunnable, launchChromium, screenshot } from './helpers/browser';
import { CLIENT_ID, completeBrowserSignIn, startAuthority, type Authority } from './signin-authority';
import { fde, keyringRunnable, lakeWorker, startKeyring, startOAuthAzurite, teamSettingsJson, type FdeChild, type Keyring, type OAuthAzurite } from './signin-support';

const runnable = keyringRunnable() && browserTestsRunnable() && existsSync('/usr/bin/chromium');

describe.skipIf(!runnable)('Connect view: team lake sign-in from fde ui', () => {
  let authority: Authority;
  let keyring: Keyring;
  let azurite: OAuthAzurite;
  let browser: Browser;
  let ui: FdeChild;
  let work: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    authority = await startAuthority({ tenants: ['tenant-a'] });
    keyring = startKeyring();
    azurite = await startOAuthAzurite(authority.tls.certFile, authority.tls.keyFile);
    browser = await launchChromium();
    work = mkdtempSync(join(tmpdir(), 'fde-connect-'));
    // The "system browser": records the sign-in address for the test to open.
    const opener = join(work, 'open-browser.sh');
    writeFileSync(opener, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${join(work, 'opened.txt')}'\n`);
    chmodSync(opener, 0o755);
    env = { ...keyring.env, ...authority.env, BROWSER: opener, FDE_LAKE_CACHE: join(work, 'cache') };
  }, 60_000);

  afterAll(async () => {
    ui?.child.kill('SIGTERM');
    await ui?.done;
    await browser?.close();
    azurite?.stop();
    keyring?.stop();
    await authority?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function signInPage(): Promise<void> {
    const file = join(work, 'opened.txt');
    for (let i = 0; i < 200 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 100));
    const url = readFileSync(file, 'utf8').trim().split('\n').at(-1) as string;
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    await page.goto(url);
    await completeBrowserSignIn(page, 'erin');
    await page.waitForURL(/^http:\/\/localhost:\d+/, { timeout: 20_000 });
    await context.close();
  }

  it('imports settings, signs in, browses, checks access and switches to the team lake', async () => {
    ui = fde(['ui', '--lake', join(work, 'local-lake'), '--port', '0', '--no-scheduler'], env);
    const [, url] = await ui.waitFor(/(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/, 90_000);
    const page: Page = await browser.newPage();
    const frames: string[] = [];
    page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(String(f.payload))));
    await page.goto(`${url}#/connect`);
    await page.getByTestId('kind-team').check();
    await page.getByTestId('settings-file').setInputFiles({
      name: 'fde-team-dev.json',
      mimeType: 'application/json',
      buffer: Buffer.from(teamSettingsJson(authority.authority('tenant-a'), 'tenant-a', CLIENT_ID, `${azurite.endpoint}/`)),
    });
    await expect.poll(() => page.getByTestId('team-settings').textContent()).toContain('tenant-a');

    await page.getByTestId('sign-in').click();
    await signInPage();
    await expect.poll(() => page.getByTestId('current-account').textContent(), { timeout: 30_000 }).toContain('erin@tenant-a.example (tenant tenant-a)');

    // The team's lake: a table written as the same signed-in account (through the keychain cache).
    const seeded = await lakeWorker(['write-read-lease', azurite.endpoint], env);
    expect(seeded.code, seeded.text).toBe(0);

    await page.getByTestId('refresh-containers').click();
    await page.getByTestId('container-select').selectOption('lake');
    await page.getByTestId('folder-list').getByText('team/').click();
    await expect.poll(() => page.getByTestId('folder-path').textContent()).toContain('team');
    await page.getByTestId('check-access').click();
    await expect.poll(() => page.getByTestId('access-result').textContent(), { timeout: 30_000 }).toContain('read ✓ · write ✓');
    await screenshot(page, 'connect-view');
    await page.getByTestId('connect-team').click();
    await expect.poll(() => page.getByTestId('connected').isVisible(), { timeout: 60_000 }).toBe(true);
    await expect.poll(() => page.getByTestId('current-lake').textContent()).toContain('/devstoreaccount1/lake/team');

    // Without a restart the overview now reads the team lake.
    await page.goto(`${url}#/`);
    await expect.poll(() => page.textContent('body'), { timeout: 30_000 }).toContain('/devstoreaccount1/lake/team');
    await expect.poll(() => page.textContent('body'), { timeout: 30_000 }).toContain('1 tables');

    expect(authority.issuedTokens.length).toBeGreaterThan(0);
    const seen = [...frames, ui.output(), seeded.text].join('\n');
    for (const token of authority.issuedTokens) {
      expect(seen.includes(token)).toBe(false);
      expect(seen.includes(token.split('.')[2] as string)).toBe(false);
    }
    await page.close();
  }, 170_000);
});
