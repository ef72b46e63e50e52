/**
 * `npm run bench:keyring`: the two OS keychain backends behind SecretStore, measured in a real
 * keyring (gnome-keyring on a private D-Bus session, its own HOME): module load time and
 * set/get/delete latency of a 3 KB entry (the size of one account's MSAL cache), medians and
 * p95 over ROUNDS operations; the ratio is @napi-rs/keyring against the keytar baseline.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startKeyring } from '../e2e/signin-support';
import { KeytarBackend, NapiKeyringBackend, type KeyringBackend } from '../main/secrets/keyring-backend';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const VALUE = 'x'.repeat(3_000);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] as number;

async function measure(backend: KeyringBackend): Promise<Record<string, number>> {
  const t0 = performance.now();
  await backend.get('fde-bench', 'warm-up'); // loads the native module and opens the bus
  const load = performance.now() - t0;
  const times: Record<'set' | 'get' | 'delete', number[]> = { set: [], get: [], delete: [] };
  for (let i = 0; i < ROUNDS; i++) {
    const key = `entry-${i % 10}`;
    let t = performance.now();
    await backend.set('fde-bench', key, VALUE);
    times.set.push(performance.now() - t);
    t = performance.now();
    const v = await backend.get('fde-bench', key);
    times.get.push(performance.now() - t);
    if (v !== VALUE) throw new Error(`${backend.name} returned a different value`);
    if (i % 10 === 9) {
      t = performance.now();
      await backend.delete('fde-bench', key);
      times.delete.push(performance.now() - t);
    }
  }
  for (let i = 0; i < 10; i++) await backend.delete('fde-bench', `entry-${i}`).catch(() => false);
  return {
    loadMs: load,
    setMedianMs: pct(times.set, 0.5),
    setP95Ms: pct(times.set, 0.95),
    getMedianMs: pct(times.get, 0.5),
    getP95Ms: pct(times.get, 0.95),
    deleteMedianMs: pct(times.delete, 0.5),
  };
}

async function child(): Promise<void> {
  // Alternate the order so neither backend always runs on a cold daemon.
  const napi = await measure(new NapiKeyringBackend());
  const keytar = await measure(new KeytarBackend());
  process.stdout.write(JSON.stringify({ keytar, napi }));
}

function installStory(): string[] {
  const root = path.resolve(import.meta.dirname, '..');
  const keytarBuilt = existsSync(path.join(root, 'node_modules/keytar/build/Release/keytar.node'));
  const napiPrebuilt = existsSync(path.join(root, `node_modules/@napi-rs/keyring-${process.platform}-${process.arch}-gnu`));
  return [
    `keytar 7.9.0: repository archived 2022-12; ${keytarBuilt ? 'compiled here from source (node-gyp, needs libsecret-1-dev and a C++ toolchain)' : 'NOT built (no prebuilt binary reachable)'}`,
    `@napi-rs/keyring 2.1.2: ${napiPrebuilt ? 'prebuilt binary from its per-platform npm package (no compiler, no libsecret headers)' : 'per-platform package missing'}`,
  ];
}

if (process.argv.includes('--child')) {
  await child();
} else {
  const keyring = startKeyring();
  try {
    const r = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--child'], { env: { PATH: process.env.PATH ?? '', ...keyring.env }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    const { keytar, napi } = JSON.parse(r.stdout) as Record<'keytar' | 'napi', Record<string, number>>;
    process.stdout.write(`keyring backends, ${ROUNDS} rounds of set+get (3 KB entries), gnome-keyring on a private D-Bus\n`);
    process.stdout.write(`${'metric'.padEnd(16)}${'keytar'.padStart(10)}${'napi-rs'.padStart(10)}${'ratio'.padStart(8)}\n`);
    for (const k of Object.keys(keytar)) {
      const a = keytar[k] as number;
      const b = napi[k] as number;
      process.stdout.write(`${k.padEnd(16)}${a.toFixed(2).padStart(10)}${b.toFixed(2).padStart(10)}${(b / a).toFixed(2).padStart(8)}\n`);
    }
    for (const line of installStory()) process.stdout.write(`${line}\n`);
  } finally {
    keyring.stop();
  }
}
