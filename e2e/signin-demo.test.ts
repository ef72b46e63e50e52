/**
 * `fde demo` into the team lake laid out as Terraform provisions it (one container per layer:
 * bronze, silver, gold, meta), on Azurite with OAuth on (HTTPS, `--oauth basic`), as the
 * signed-in account: every storage call carries the account's bearer token. Then
 * `fde sql --lake <team lake>` must count the same rows per table as a local demo lake, and the
 * Connect view's handlers connect to the settings' lakeUrl (a template), not to one container.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './helpers/browser';
import { sharedDemoLake } from './helpers/demo-lake';
import { repoRoot, runFde } from './helpers/run-fde';
import { CLIENT_ID, startAuthority, type Authority } from './signin-authority';
import { browserLogin, fde, keyringRunnable, startKeyring, startOAuthAzurite, type Keyring, type OAuthAzurite } from './signin-support';

// Azurite's fixed, publicly documented development account key (not a secret): used only to
// create the containers, as Terraform would, and to list them for the layout check.
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const LAYERS = ['bronze', 'silver', 'gold', 'meta'];
const TEAM_LAKE = 'az://{layer}/team';
const runnable = keyringRunnable() && existsSync('/usr/bin/chromium');

/** Runs a snippet with the storage SDK and the dev key (trusting the test CA). */
function withDevKey(endpoint: string, env: Record<string, string>, body: string): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', `
    const { BlobServiceClient, StorageSharedKeyCredential } = await import('@azure/storage-blob');
    const service = new BlobServiceClient('${endpoint}', new StorageSharedKeyCredential('devstoreaccount1', '${DEV_KEY}'));
    ${body}
  `], { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

/** `fde sql --json` row counts of the given tables in one query. */
function counts(lake: string, ids: string[], env?: Record<string, string>): Promise<Record<string, number>> {
  const sql = ids.map((id) => `SELECT '${id}' AS t, count(*) AS n FROM ${id}`).join(' UNION ALL ');
  const run = env ? fde(['sql', '--json', '--lake', lake, sql], env).done : Promise.resolve(runFde(['sql', '--json', '--lake', lake, sql])).then((r) => ({ code: r.status, stdout: r.stdout, stderr: r.stderr }));
  return run.then((r) => {
    if (r.code !== 0) throw new Error(`fde sql on ${lake} failed: ${r.stderr}`);
    const rows = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { t: string; n: string | number });
    return Object.fromEntries(rows.map((row) => [row.t, Number(row.n)]));
  });
}

describe.skipIf(!runnable)('fde demo into the team lake (one container per layer) on Azurite as the signed-in account', () => {
  let authority: Authority;
  let keyring: Keyring;
  let browser: Browser;
  let azurite: OAuthAzurite;
  let env: Record<string, string>;
  let work: string;
  let localLake: string;

  beforeAll(async () => {
    // First, before the authority starts in this process: when this file builds the shared demo
    // lake, its builder blocks the process (spawnSync), and a blocked authority answers no token
    // request (the team demo would fail with "authority does not know this tenant").
    localLake = await sharedDemoLake();
    authority = await startAuthority({ tenants: ['tenant-a'] });
    keyring = startKeyring();
    browser = await launchChromium();
    azurite = await startOAuthAzurite(authority.tls.certFile, authority.tls.keyFile);
    work = mkdtempSync(join(tmpdir(), 'fde-signin-demo-'));
    env = { ...keyring.env, ...authority.env, FDE_LAKE_CACHE: join(work, 'cache'), FDE_STATE_DIR: join(work, 'state') };
    withDevKey(azurite.endpoint, authority.env, `for (const c of ${JSON.stringify(LAYERS)}) await service.getContainerClient(c).create();`);
    const file = join(keyring.home, 'team.json');
    writeFileSync(file, JSON.stringify({
      tenantId: 'tenant-a',
      clientId: CLIENT_ID,
      authority: authority.authority('tenant-a'),
      lakeUrl: TEAM_LAKE,
      layers: Object.fromEntries(LAYERS.map((l) => [l, TEAM_LAKE.replace('{layer}', l)])),
      blobEndpoint: `${azurite.endpoint}/`,
      storageScope: 'https://storage.azure.com/.default',
    }));
    const login = await browserLogin(browser, env, ['--settings', file], 'dana');
    expect(login.code, login.stderr).toBe(0);
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    azurite?.stop();
    keyring?.stop();
    await authority?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('runs the full demo into the per-layer containers; fde sql counts the same rows as a local demo', async () => {
    const started = Date.now();
    const demo = await fde(['demo', '--json', '--lake', TEAM_LAKE], env).done;
    const seconds = (Date.now() - started) / 1000;
    expect(demo.code, demo.stderr.slice(-4000)).toBe(0);
    process.stderr.write(`fde demo into the team lake on Azurite (OAuth): ${seconds.toFixed(0)} s\n`);
    const summary = JSON.parse(demo.stdout) as { lake: string; tables: Array<{ id: string; layer: string; numRecords: number }> };
    expect(summary.lake).toBe(TEAM_LAKE);
    const ids = summary.tables.map((t) => t.id);
    for (const layer of LAYERS) expect(ids.some((id) => id.startsWith(`${layer}.`)), layer).toBe(true);
    // Every storage call was authorized by a token the authority issued to the signed-in account;
    // none of them shows in the demo's output.
    expect(authority.issuedTokens.length).toBeGreaterThan(0);
    for (const token of authority.issuedTokens) expect(`${demo.stdout}${demo.stderr}`.includes(token.split('.')[2] as string)).toBe(false);

    // The layout Terraform provisions: each table's files in its own layer's container.
    const layout = JSON.parse(withDevKey(azurite.endpoint, authority.env, `
      const out = {};
      for (const c of ${JSON.stringify(LAYERS)}) {
        const tops = new Set();
        for await (const b of service.getContainerClient(c).listBlobsFlat({ prefix: 'team/' })) tops.add(b.name.split('/')[1]);
        out[c] = [...tops].sort();
      }
      process.stdout.write(JSON.stringify(out));
    `)) as Record<string, string[]>;
    for (const t of summary.tables) expect(layout[t.layer], t.id).toContain(t.id.split('.')[1]);
    for (const layer of LAYERS) for (const other of LAYERS) expect(layout[layer]).not.toContain(other);

    // One after the other: the local run blocks this process (spawnSync), where the authority lives.
    const local = await counts(localLake, ids);
    const team = await counts(TEAM_LAKE, ids, env);
    expect(Object.keys(team).sort()).toEqual([...ids].sort());
    expect(team).toEqual(local);
    expect(Object.values(team).reduce((a, b) => a + b, 0)).toBeGreaterThan(100_000);
  }, 600_000);

  it('the Connect view connects to the team lake template, checking every layer container', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'e2e/signin-demo-worker.ts')], { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    await new Promise((r) => child.once('close', r));
    const lines = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { switched?: string; error?: string; lake?: { kind: string } });
    expect(lines, err).toHaveLength(3);
    expect(lines[0]).toMatchObject({ switched: TEAM_LAKE, lake: { kind: 'team' } });
    // Picking one of the layer containers means the whole team lake.
    expect(lines[1]).toMatchObject({ switched: TEAM_LAKE });
    // Any other container is still a single-container lake (here: one that does not exist).
    expect(lines[2]?.switched).toBeUndefined();
    expect(lines[2]?.error).toBeTruthy();
  }, 90_000);
});
