/**
 * A PostgreSQL for tests: the server on 127.0.0.1:5432 when one answers (trust auth, database
 * `test`, user postgres or root), else a throwaway cluster from Debian's binaries, else none —
 * the caller skips loudly, except in CI (CI=true) where a missing PostgreSQL is a failure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface TestPostgres {
  url: string;
  origin: 'local-server' | 'throwaway-cluster';
  stop(): Promise<void>;
}

async function tryUrl(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export const PG_BIN = '/usr/lib/postgresql/15/bin';

export const hasPostgresBinaries = (): boolean => existsSync(path.join(PG_BIN, 'initdb'));

export interface ThrowawayCluster {
  port: number;
  /** Unix socket directory: the superuser connects here (local connections are trusted). */
  socketDir: string;
  superuser: string;
  stop(): Promise<void>;
}

/**
 * A new PostgreSQL cluster from Debian's binaries on a free 127.0.0.1 port. TCP connections are
 * trusted, or need a password with `hostAuth: 'password'`; the Unix socket is always trusted.
 * Undefined without the binaries.
 */
export async function startThrowawayCluster(hostAuth: 'trust' | 'password' = 'trust'): Promise<ThrowawayCluster | undefined> {
  if (!hasPostgresBinaries()) return undefined;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fde-pg-'));
  const data = path.join(dir, 'data');
  // initdb refuses to run as root: run the cluster as the Debian `postgres` user then.
  const asRoot = process.getuid?.() === 0;
  const superuser = asRoot ? 'postgres' : os.userInfo().username;
  const run = (bin: string, args: string[]) =>
    asRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', path.join(PG_BIN, bin), ...args], { encoding: 'utf8' })
      : spawnSync(path.join(PG_BIN, bin), args, { encoding: 'utf8' });
  if (asRoot) {
    const own = spawnSync('chown', ['postgres', dir]);
    if (own.status !== 0) {
      await rm(dir, { recursive: true, force: true });
      return undefined;
    }
  }
  const port = await freePort();
  const init = run('initdb', ['-D', data, '--auth-local=trust', `--auth-host=${hostAuth}`, '-U', superuser, '--no-sync']);
  const start = init.status === 0 ? run('pg_ctl', ['-D', data, '-w', '-l', path.join(dir, 'log'), '-o', `-p ${port} -k ${dir} -h 127.0.0.1 -F`, 'start']) : init;
  if (start.status !== 0) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`throwaway PostgreSQL failed to start: ${start.stderr || start.stdout}`);
  }
  return {
    port,
    socketDir: dir,
    superuser,
    async stop() {
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function startTestPostgres(): Promise<TestPostgres | undefined> {
  // FDE_TEST_PG_CLUSTER=1 skips the shared server (to exercise the throwaway-cluster path).
  for (const user of process.env.FDE_TEST_PG_CLUSTER === '1' ? [] : ['postgres', 'root']) {
    const url = `postgres://${user}@127.0.0.1:5432/test`;
    if (await tryUrl(url)) return { url, origin: 'local-server', stop: async () => {} };
  }
  const cluster = await startThrowawayCluster();
  if (!cluster) return undefined;
  const url = `postgres://${cluster.superuser}@127.0.0.1:${cluster.port}/postgres`;
  for (let i = 0; i < 100 && !(await tryUrl(url)); i++) await new Promise((r) => setTimeout(r, 100));
  return { url, origin: 'throwaway-cluster', stop: () => cluster.stop() };
}

/** Fails in CI, warns loudly elsewhere. Returns true when the test should be skipped. */
export function skipWithoutPostgres(found: TestPostgres | undefined): boolean {
  if (found) return false;
  const msg = 'PostgreSQL not available (no server on 127.0.0.1:5432 and no /usr/lib/postgresql/15/bin): SKIPPING PostgreSQL publish tests';
  if (process.env.CI === 'true') throw new Error(`${msg} — not allowed in CI`);
  process.stderr.write(`\n*** ${msg} ***\n\n`);
  return true;
}
