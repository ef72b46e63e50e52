/**
 * `fde login` (authorization code + PKCE through the browser, MSAL's loopback redirect) against
 * the local authority, driven by Playwright in Chromium; the token cache lives in a real keyring
 * (gnome-keyring on a private D-Bus) and survives a restart of the keyring and of the app; silent
 * refresh after expiry; a revoked refresh token gives a clean "sign in again".
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './helpers/browser';
import { CLIENT_ID, startAuthority, type Authority } from './signin-authority';
import { browserLogin as signIn, fde, keyringRunnable, startKeyring, teamSettingsJson, type Keyring } from './signin-support';
import { existsSync } from 'node:fs';

const runnable = keyringRunnable() && existsSync('/usr/bin/chromium');

describe.skipIf(!runnable)('browser sign-in (PKCE, loopback) with the token cache in a real keyring', () => {
  let authority: Authority;
  let keyring: Keyring;
  let browser: Browser;
  let env: Record<string, string>;
  const tenant = 'tenant-a';

  beforeAll(async () => {
    // Access tokens live 2 s, so every later command must refresh silently.
    authority = await startAuthority({ tenants: [tenant, 'tenant-b'], accessTokenTtl: 2 });
    keyring = startKeyring();
    browser = await launchChromium();
    env = { ...keyring.env, ...authority.env };
    const file = join(keyring.home, 'fde-team.json');
    writeFileSync(file, teamSettingsJson(authority.authority(tenant), tenant, CLIENT_ID, 'https://fdeteamlake.blob.core.windows.net/'));
    env.SETTINGS_FILE = file;
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    keyring?.stop();
    await authority?.stop();
  });

  const browserLogin = async (args: string[], user: string) => {
    const r = await signIn(browser, env, args, user);
    expect(r.page).toContain('Signed in');
    return r;
  };

  it('signs in through the browser, survives a keyring restart, refreshes silently, signs out', async () => {
    const first = await browserLogin(['--settings', env.SETTINGS_FILE as string], 'alice');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`Signed in as alice@${tenant}.example (tenant ${tenant})`);

    keyring.restart();
    Object.assign(env, keyring.env); // the new bus address
    await new Promise((r) => setTimeout(r, 2_500)); // the 2 s access token has expired by now
    const refreshesBefore = authority.grants.refresh_token ?? 0;
    const who = await fde(['whoami', '--json'], env).done;
    expect(who.code, who.stderr).toBe(0);
    expect(JSON.parse(who.stdout)).toMatchObject({ account: `alice@${tenant}.example`, tenantId: tenant });
    expect(authority.grants.refresh_token ?? 0).toBeGreaterThan(refreshesBefore);

    // A second account in another tenant lives beside the first.
    const second = await browserLogin(['--tenant', 'tenant-b'], 'bob');
    expect(second.stdout).toContain('Signed in as bob@tenant-b.example (tenant tenant-b)');
    const out = await fde(['logout', '--account', 'bob@tenant-b.example'], env).done;
    expect(out.stdout).toContain('signed out bob@tenant-b.example');
    // bob's tokens were in the keychain beside alice's (logout found them); alice's remain.
    const left = await fde(['whoami'], env).done;
    expect(left.stdout).toContain('account  alice@tenant-a.example');
    expect(left.stdout).not.toContain('bob@');

    for (const token of authority.issuedTokens) {
      for (const text of [first.stdout, first.stderr, who.stdout, who.stderr, out.stdout, left.stdout]) expect(text).not.toContain(token);
    }
  }, 120_000);

  it('a revoked refresh token leads to a clean "sign in again"', async () => {
    authority.revokeRefreshTokens();
    await new Promise((r) => setTimeout(r, 2_100));
    const who = await fde(['whoami'], env).done;
    expect(who.code).toBe(1);
    expect(who.stderr).toMatch(/sign-in expired or was revoked/);
    expect(who.stderr).toMatch(/hint: sign in again/);
    expect(who.stderr).not.toMatch(/at .*\.(m?js|ts):\d+/); // no stack trace
  }, 60_000);

  it('an unknown tenant fails with a message that names the setting to check', async () => {
    const r = await fde(['login', '--device-code', '--tenant', 'no-such-tenant'], env).done;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/does not know this tenant/);
    expect(r.stderr).toMatch(/tenantId\/authority/);
  }, 60_000);
});
