/**
 * Test support for the sign-in tests: a real OS keyring (gnome-keyring over a private D-Bus
 * session bus, with its own HOME, so nothing touches the developer's keyring) that can be
 * restarted over the same on-disk keyring, and `fde` children with output matching.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { fdeBin, repoRoot } from './helpers/run-fde';

export const keyringRunnable = (): boolean => {
  const ok = spawnSync('sh', ['-c', 'command -v dbus-daemon && command -v gnome-keyring-daemon'], { stdio: 'ignore' }).status === 0;
  if (!ok && process.env.CI) throw new Error('CI needs dbus and gnome-keyring (apt-get install dbus gnome-keyring)');
  return ok;
};

export interface Keyring {
  home: string;
  /** HOME, XDG_RUNTIME_DIR, DBUS_SESSION_BUS_ADDRESS for children. */
  env: Record<string, string>;
  /** Stops the bus and the keyring daemon and starts them again over the same keyring file. */
  restart(): void;
  stop(): void;
}

export function startKeyring(): Keyring {
  const home = mkdtempSync(join(tmpdir(), 'fde-signin-home-'));
  const runtime = join(home, 'run');
  mkdirSync(runtime);
  chmodSync(runtime, 0o700);
  let pids: number[] = [];
  const env: Record<string, string> = { HOME: home, XDG_RUNTIME_DIR: runtime, XDG_CONFIG_HOME: join(home, '.config') };
  const start = () => {
    const out = execFileSync('dbus-daemon', ['--session', '--fork', '--print-address=1', '--print-pid=1'], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
    const [address, busPid] = out.trim().split('\n');
    env.DBUS_SESSION_BUS_ADDRESS = address as string;
    pids = [Number(busPid)];
    // It daemonizes; the password on stdin unlocks (and on first start creates) the login keyring.
    execFileSync('gnome-keyring-daemon', ['--unlock', '--components=secrets', '--daemonize'], { env: { PATH: process.env.PATH ?? '', ...env }, input: 'pw', stdio: ['pipe', 'ignore', 'ignore'] });
    const busEnv = { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' as const };
    const ask = (method: string) => spawnSync('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', `org.freedesktop.DBus.${method}`, 'string:org.freedesktop.secrets'], busEnv).stdout;
    // Ready when the daemon owns the Secret Service name on this bus; its pid comes from the bus.
    for (let i = 0; i < 100 && !ask('NameHasOwner').includes('boolean true'); i++) spawnSync('sleep', ['0.1']);
    const krPid = /uint32 (\d+)/.exec(ask('GetConnectionUnixProcessID'))?.[1];
    if (krPid) pids.push(Number(krPid));
  };
  const stop = () => {
    for (const pid of pids.reverse()) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    }
    pids = [];
  };
  start();
  return {
    home,
    env,
    restart: () => {
      stop();
      for (let i = 0; i < 50 && existsSync(join(runtime, 'keyring', 'control')); i++) spawnSync('sleep', ['0.1']);
      start();
    },
    stop: () => {
      stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export interface FdeChild {
  child: ChildProcess;
  output(): string;
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** Starts `fde args` with only the given environment (plus PATH), capturing both streams. */
export function fde(args: readonly string[], env: Record<string, string>): FdeChild {
  const child = spawn(process.execPath, [fdeBin, ...args], { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', BROWSER: 'true', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: Array<() => void> = [];
  const poke = () => waiters.splice(0).forEach((w) => w());
  child.stdout!.on('data', (c: Buffer) => ((stdout += c.toString()), poke()));
  child.stderr!.on('data', (c: Buffer) => ((stderr += c.toString()), poke()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.once('close', (code) => (poke(), resolve({ code, stdout, stderr }))));
  const output = () => `${stdout}${stderr}`;
  const waitFor = (re: RegExp, timeoutMs = 30_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re} in:\n${output()}`)), timeoutMs);
      const check = () => {
        const m = output().match(re);
        if (m) {
          clearTimeout(timer);
          resolve(m);
        } else if (child.exitCode !== null) {
          clearTimeout(timer);
          reject(new Error(`fde ${args.join(' ')} exited (${child.exitCode}) before ${re}:\n${output()}`));
        } else waiters.push(check);
      };
      check();
    });
  return { child, output, waitFor, done };
}

/** Team settings as the Terraform output would give them, pointing at the test authority. */
export function teamSettingsJson(authority: string, tenant: string, clientId: string, blobEndpoint: string): string {
  return JSON.stringify({
    tenantId: tenant,
    clientId,
    authority,
    lakeUrl: `${blobEndpoint.replace(/\/$/, '')}/lake/team`,
    blobEndpoint,
    postgresHost: 'psql-fde-test.postgres.database.azure.com',
    postgresDatabase: 'fde',
    storageScope: 'https://storage.azure.com/.default',
  });
}

/** `fde login ...args` with the browser step done by Playwright as `user`; resolves when fde exits. */
export async function browserLogin(browser: Browser, env: Record<string, string>, args: string[], user: string) {
  const login = fde(['login', ...args], env);
  const [, url] = await login.waitFor(/(https:\/\/127\.0\.0\.1:\d+\/\S+\/auth\?\S+)/);
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await page.goto(url as string);
  // Loaded here so bench/keyring.ts can use this file without starting oidc-provider.
  const { completeBrowserSignIn } = await import('./signin-authority');
  await completeBrowserSignIn(page, user);
  await page.waitForURL(/^http:\/\/localhost:\d+/, { timeout: 20_000 });
  const body = (await page.textContent('body')) ?? '';
  await context.close();
  return { ...(await login.done), page: body };
}

export interface OAuthAzurite {
  /** https://127.0.0.1:P/devstoreaccount1 */
  endpoint: string;
  stop(): void;
}

/** Azurite's blob service over HTTPS with basic OAuth: it checks every bearer token it gets. */
export async function startOAuthAzurite(certFile: string, keyFile: string): Promise<OAuthAzurite> {
  const port = await new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    });
  });
  const child = spawn(
    join(repoRoot, 'node_modules/.bin/azurite-blob'),
    ['--blobHost', '127.0.0.1', '--blobPort', String(port), '--inMemoryPersistence', '--disableTelemetry', '--skipApiVersionCheck', '--loose', '--silent', '--oauth', 'basic', '--cert', certFile, '--key', keyFile],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((r) => {
      const sock = net.connect(port, '127.0.0.1');
      sock.once('connect', () => (sock.destroy(), r(true))).once('error', () => r(false));
    });
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { endpoint: `https://127.0.0.1:${port}/devstoreaccount1`, stop: () => void child.kill('SIGTERM') };
}

/** Runs e2e/signin-lake-worker.ts (the product's lake path as the signed-in account). */
export function lakeWorker(args: string[], env: Record<string, string>): Promise<{ code: number | null; lines: Array<Record<string, unknown>>; text: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'e2e/signin-lake-worker.ts'), ...args], { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve) =>
    child.once('close', (code) => resolve({ code, text: `${out}${err}`, lines: out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>) })),
  );
}
