import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '..');
const fde = `node ${join(repo, 'bin/fde.mjs')}`;
const hasKeyring = spawnSync('sh', ['-c', 'command -v dbus-run-session && command -v gnome-keyring-daemon']).status === 0;
if (!hasKeyring && process.env.CI) throw new Error('CI needs dbus and gnome-keyring (apt-get install dbus gnome-keyring)');

describe.skipIf(!hasKeyring)('secrets in a real OS keychain (gnome-keyring over a private D-Bus)', () => {
  const home = mkdtempSync(join(tmpdir(), 'fde-keyring-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('stores, reports and deletes a secret without ever printing it', () => {
    const runtime = join(home, 'run');
    mkdirSync(runtime);
    chmodSync(runtime, 0o700);
    const script = [
      'printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1',
      `printf s3cr3t-value | ${fde} secrets set alpaca.key_id`,
      `${fde} secrets status`,
      `APCA_API_KEY_ID=from-env ${fde} secrets status`,
      `${fde} secrets delete alpaca.key_id`,
      `${fde} secrets status`,
    ].join(' && ');
    const out = execFileSync('dbus-run-session', ['--', 'sh', '-c', script], {
      env: { PATH: process.env.PATH, HOME: home, XDG_RUNTIME_DIR: runtime },
      encoding: 'utf8',
    });
    const statuses = [...out.matchAll(/^alpaca\.key_id {2,}(.*)$/gm)].map((m) => m[1]);
    expect(out).toContain('saved alpaca.key_id in the OS keychain');
    expect(statuses).toEqual(['keychain', 'env APCA_API_KEY_ID', 'not set']);
    expect(out).toContain('deleted alpaca.key_id');
    expect(out).not.toContain('s3cr3t-value');
    expect(out).not.toContain('from-env');
  });
});
