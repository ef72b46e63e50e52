/**
 * `fde login --device-code` (headless hosts): the CLI prints a code, a person enters it at the
 * verification page in a browser (Playwright in Chromium), and the CLI finishes the sign-in by
 * polling; the account's tokens land in a real keyring and `fde whoami` uses them.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './helpers/browser';
import { CLIENT_ID, startAuthority, type Authority } from './signin-authority';
import { fde, keyringRunnable, startKeyring, teamSettingsJson, type Keyring } from './signin-support';

const runnable = keyringRunnable() && existsSync('/usr/bin/chromium');

describe.skipIf(!runnable)('device-code sign-in', () => {
  let authority: Authority;
  let keyring: Keyring;
  let browser: Browser;

  beforeAll(async () => {
    authority = await startAuthority({ tenants: ['tenant-a'] });
    keyring = startKeyring();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    keyring?.stop();
    await authority?.stop();
  });

  it('prints a code, completes at the verification page, keeps the tokens in the keyring', async () => {
    const env = { ...keyring.env, ...authority.env };
    const file = join(keyring.home, 'team.json');
    writeFileSync(file, teamSettingsJson(authority.authority('tenant-a'), 'tenant-a', CLIENT_ID, 'https://fdeteamlake.blob.core.windows.net/'));
    const login = fde(['login', '--device-code', '--settings', file], env);
    const [, uri, code] = await login.waitFor(/open the page (https:\/\/\S+) and enter the code (\S+)/i);
    expect(login.output()).not.toMatch(/Opening the browser/); // no local browser on a headless host

    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    await page.goto(uri as string);
    await page.fill('input[name="user_code"]', code as string);
    await page.click('button[type="submit"]');
    await page.click('button[type="submit"]'); // "Continue" on the confirm page
    await page.fill('input[name="login"]', 'carol');
    await page.fill('input[name="password"]', 'any-password');
    await page.click('button[type="submit"]');
    await page.click('button[type="submit"]'); // consent
    await page.waitForSelector('text=/Sign-in Success|success/i', { timeout: 20_000 });
    await context.close();

    const done = await login.done;
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain('Signed in as carol@tenant-a.example (tenant tenant-a)');
    expect(authority.grants.device_code).toBe(1);

    const who = await fde(['whoami'], env).done;
    expect(who.code, who.stderr).toBe(0);
    expect(who.stdout).toContain('account  carol@tenant-a.example');
    for (const token of authority.issuedTokens) expect(`${done.stdout}${done.stderr}${who.stdout}${who.stderr}`).not.toContain(token);
  }, 90_000);

  it('documents --device-code in fde login --help', async () => {
    const help = await fde(['login', '--help'], {}).done;
    expect(help.stdout).toContain('--device-code');
    expect(help.stdout).toContain('--tenant');
    expect(help.stdout).toContain('--settings');
  }, 30_000);
});
