/**
 * The team lake on Azurite with OAuth on (HTTPS, `--oauth basic`): every storage call carries the
 * signed-in account's bearer token and Azurite checks it (lifetime, issuer, audience). Covers a
 * lake write + read under the ingest lease, a token expiring in the middle of a backfill together
 * with a lost connection during a refresh (nothing lost or duplicated), clock skew, a token for
 * the wrong audience, a principal without write access (a real 403 from Azurite), and a grep of
 * outputs and lake files for every token issued.
 *
 * Azurite's basic OAuth does not verify signatures, tenants or roles (docs/auth.md), so "an account
 * without access" is tested through the closest real paths: a rejected audience and a read-only
 * principal's write probe.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './helpers/browser';
import { repoRoot } from './helpers/run-fde';
import { CLIENT_ID, startAuthority, type Authority } from './signin-authority';
import { browserLogin, keyringRunnable, lakeWorker, startKeyring, startOAuthAzurite, teamSettingsJson, type Keyring, type OAuthAzurite } from './signin-support';

// Azurite's fixed, publicly documented development account key (not a secret).
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const runnable = keyringRunnable() && existsSync('/usr/bin/chromium');
const TTL = 4;

const worker = lakeWorker;

describe.skipIf(!runnable)('team lake on Azurite with OAuth as the signed-in account', () => {
  let authority: Authority;
  let keyring: Keyring;
  let browser: Browser;
  let azurite: OAuthAzurite;
  let endpoint: string;
  let env: Record<string, string>;
  let cache: string;
  const outputs: string[] = [];

  beforeAll(async () => {
    authority = await startAuthority({ tenants: ['tenant-a', 'tenant-b'], accessTokenTtl: TTL });
    keyring = startKeyring();
    browser = await launchChromium();
    azurite = await startOAuthAzurite(authority.tls.certFile, authority.tls.keyFile);
    endpoint = azurite.endpoint;
    cache = mkdtempSync(join(tmpdir(), 'fde-signin-cache-'));
    env = { ...keyring.env, ...authority.env, FDE_LAKE_CACHE: cache };
    const file = join(keyring.home, 'team.json');
    writeFileSync(file, teamSettingsJson(authority.authority('tenant-a'), 'tenant-a', CLIENT_ID, `${endpoint}/`));
    const login = await browserLogin(browser, env, ['--settings', file], 'dana');
    expect(login.code, login.stderr).toBe(0);
    outputs.push(login.stdout, login.stderr);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    azurite?.stop();
    keyring?.stop();
    await authority?.stop();
    if (cache) rmSync(cache, { recursive: true, force: true });
  });

  it('writes and reads the lake under the ingest lease with bearer tokens', async () => {
    const r = await worker(['write-read-lease', endpoint], env);
    outputs.push(r.text);
    expect(r.code, r.text).toBe(0);
    expect(r.lines.at(-1)).toMatchObject({ source: 'signed-in', committed: true, rows: 5 });
  }, 90_000);

  it('a token expiring mid-backfill and a lost connection during its refresh: refreshed, nothing lost or duplicated', async () => {
    const refreshes = authority.grants.refresh_token ?? 0;
    authority.dropTokenRequests(1);
    const r = await worker(['backfill', endpoint, '4', String(TTL * 400)], env);
    outputs.push(r.text);
    expect(r.code, r.text).toBe(0);
    expect(r.lines.filter((l) => l.committed === true)).toHaveLength(4);
    expect(r.lines.at(-1)).toMatchObject({ done: true, rows: 400, batches: 4, unique: 400 });
    expect(authority.dropped).toBe(1); // a refresh lost its connection and was retried
    expect(authority.grants.refresh_token ?? 0).toBeGreaterThanOrEqual(refreshes + 2);
    // Running it again commits nothing new (txn versions): exactly once.
    const again = await worker(['backfill', endpoint, '4', '0'], env);
    outputs.push(again.text);
    expect(again.lines.filter((l) => l.committed === true)).toHaveLength(0);
    expect(again.lines.at(-1)).toMatchObject({ rows: 400, unique: 400 });
  }, 120_000);

  it('clock skew beyond the leeway: a clear "fix the clock" error', async () => {
    authority.skewClock(600);
    const r = await worker(['read', endpoint], env);
    authority.skewClock(undefined);
    outputs.push(r.text);
    expect(r.code).toBe(3);
    expect(r.lines.at(-1)?.error).toMatch(/not valid yet/);
    expect(r.lines.at(-1)?.hint).toMatch(/clock/);
  }, 60_000);

  it('a token for another audience is rejected by storage with a clear message', async () => {
    authority.setAudience('https://management.azure.com');
    const r = await worker(['read', endpoint], env);
    authority.setAudience(undefined);
    outputs.push(r.text);
    expect(r.code).toBe(3);
    expect(r.lines.at(-1)?.error).toMatch(/Invalid token audience/);
    expect(r.lines.at(-1)?.hint).toMatch(/tenantId|storageScope/);
  }, 60_000);

  it('a principal that may read but not write gets the role to ask for', async () => {
    const r = await worker(['write-probe-readonly-sas', endpoint, DEV_KEY], env);
    outputs.push(r.text);
    expect(r.lines.at(-1)).toMatchObject({ read: true, write: false });
    const problem = r.lines.at(-1)?.problem as { message: string; hint: string };
    expect(problem.message).toMatch(/no data role/);
    expect(problem.hint).toMatch(/Storage Blob Data Contributor/);
  }, 60_000);

  it('an account from another tenant is refused before any storage call', async () => {
    const login = await browserLogin(browser, env, ['--tenant', 'tenant-b'], 'frank');
    expect(login.code, login.stderr).toBe(0);
    outputs.push(login.stdout, login.stderr);
    const r = await worker(['read', endpoint], env);
    outputs.push(r.text);
    expect(r.code).toBe(3);
    expect(r.lines.at(-1)?.error).toBe('you are signed in to tenant tenant-b, but the team lake belongs to tenant tenant-a');
    expect(r.lines.at(-1)?.hint).toMatch(/fde login --tenant tenant-a/);
  }, 90_000);

  it('no token in any output, log line, error or lake file', async () => {
    expect(authority.issuedTokens.length).toBeGreaterThan(3);
    const files: string[] = [];
    const walk = (d: string) => readdirSync(d).forEach((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : files.push(join(d, n))));
    walk(cache);
    const dump = spawnSync(process.execPath, ['--import', 'tsx', '-e', `
      const { BlobServiceClient, StorageSharedKeyCredential } = await import('@azure/storage-blob');
      const c = new BlobServiceClient('${endpoint}', new StorageSharedKeyCredential('devstoreaccount1', '${DEV_KEY}')).getContainerClient('lake');
      for await (const b of c.listBlobsFlat()) process.stdout.write(b.name + '\\n' + (await c.getBlobClient(b.name).downloadToBuffer()).toString('latin1') + '\\n');
    `], { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', ...authority.env }, encoding: 'latin1', maxBuffer: 64 << 20 });
    expect(dump.stdout).toContain('_delta_log/');
    const haystacks = [...outputs, dump.stdout, ...files.map((f) => readFileSync(f, 'latin1'))];
    for (const token of authority.issuedTokens) {
      const signature = token.split('.')[2] as string;
      for (const h of haystacks) {
        expect(h.includes(token)).toBe(false);
        expect(h.includes(signature)).toBe(false);
      }
    }
  }, 60_000);
});
