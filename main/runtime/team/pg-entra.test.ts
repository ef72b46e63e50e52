/**
 * Entra tokens as the team database password, against a real PostgreSQL that checks them: a
 * throwaway cluster whose TCP connections need a password (the machine's shared server trusts
 * everyone, so pg would never ask for one). What PostgreSQL cannot do here is validate an Entra
 * JWT (that is Azure's pgaadauth extension): the test's "token" is the role's password, issued
 * by a TokenCredential that counts its calls. The local OpenID test authority mints only storage
 * tokens, so it cannot stand in for the PostgreSQL scope. Proven here: the token is requested
 * for the PostgreSQL scope once per new connection, PostgreSQL receives it as the password (a
 * wrong one is refused), the whole team setup (run store, queue) opens with it, and a missing
 * sign-in fails with "sign in again" and no token in the message.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AccessToken, TokenCredential } from '@azure/identity';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthSession } from '../../auth/auth-session';
import { parseTeamSettings } from '../../auth/settings';
import { hasHeadlessIdentity } from '../../auth/token-credential';
import { MemoryKeyedStore } from '../../secrets/secret-store';
import { credentialTokenProvider, signedInTokenProvider } from './pg-entra';
import { POSTGRES_ENTRA_SCOPE, resolveTeamConfig, setPostgresTokenProvider, teamFilePath } from './settings';
import { teamRuntimeOptions } from './team-runtime';
import { hasPostgresBinaries, startThrowawayCluster, type ThrowawayCluster } from '../../../e2e/models-pg-support';

const USER = 'alice@contoso.com';
const TOKEN = 'entra-access-token-stand-in-0123456789';

/** Issues `token` for any scope and records each request. */
class CountingCredential implements TokenCredential {
  scopes: string[] = [];
  constructor(private readonly token: string) {}
  async getToken(scopes: string | string[]): Promise<AccessToken> {
    this.scopes.push(...(Array.isArray(scopes) ? scopes : [scopes]));
    return { token: this.token, expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}

let cluster: ThrowawayCluster | undefined;
let port = 0;
const available = hasPostgresBinaries();
if (!available && process.env.CI === 'true') throw new Error('CI needs the PostgreSQL binaries (Debian postgresql)');

type Failure = Error & { hint?: string };
/** The error a promise rejects with (a resolved promise is a failure of the test). */
const failure = (p: Promise<unknown>): Promise<Failure> => p.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as Failure);

const url = () => `postgres://${encodeURIComponent(USER)}@127.0.0.1:${port}/postgres?sslmode=disable`;

beforeAll(async () => {
  if (!available) return;
  // TCP connections need a cleartext password, as Azure's Entra sign-in uses (over TLS there); the socket is trusted, to create the role.
  cluster = await startThrowawayCluster('password');
  if (!cluster) throw new Error('the throwaway PostgreSQL cluster could not be created');
  port = cluster.port;
  const admin = new pg.Client({ host: cluster.socketDir, port, user: cluster.superuser, database: 'postgres' });
  await admin.connect();
  await admin.query(`CREATE ROLE "${USER}" LOGIN PASSWORD '${TOKEN}'`);
  await admin.query(`GRANT CREATE ON DATABASE postgres TO "${USER}"`);
  await admin.end();
}, 60_000);

afterAll(async () => {
  setPostgresTokenProvider(undefined);
  await cluster?.stop();
});

describe.skipIf(!available)('Entra token as the team database password', () => {
  it('asks for the PostgreSQL scope once per new connection; PostgreSQL checks what it gets', async () => {
    const config = (await resolveTeamConfig('/tmp/no-lake', { teamDb: url(), teamAuth: 'entra', env: {} }))!;
    expect(config.location).toMatch(/\(Entra\)$/);
    expect(config.connection.connectionString).toBeUndefined();
    const credential = new CountingCredential(TOKEN);
    setPostgresTokenProvider(credentialTokenProvider(credential));
    const pool = new pg.Pool({ ...config.connection, max: 3 });
    try {
      const clients = await Promise.all([pool.connect(), pool.connect(), pool.connect()]);
      expect(credential.scopes).toEqual([POSTGRES_ENTRA_SCOPE, POSTGRES_ENTRA_SCOPE, POSTGRES_ENTRA_SCOPE]);
      const { rows } = await clients[0]!.query<{ u: string }>('SELECT current_user AS u');
      expect(rows[0]!.u).toBe(USER);
      // Connections the pool reuses sign in no more; a new one (after one was closed) asks again.
      clients[0]!.release();
      clients[1]!.release(true);
      clients[2]!.release();
      const again = await Promise.all([pool.connect(), pool.connect(), pool.connect()]);
      expect(credential.scopes).toHaveLength(4);
      again.forEach((c) => c.release());
    } finally {
      await pool.end();
    }
    // A token PostgreSQL does not accept is refused by the server.
    setPostgresTokenProvider(credentialTokenProvider(new CountingCredential('another-token-0123456789')));
    const refused = new pg.Client(config.connection);
    await expect(refused.connect()).rejects.toThrow(/password authentication failed/);
  });

  it('opens the team store and queue with the token (FDE_TEAM_AUTH=entra)', async () => {
    const credential = new CountingCredential(TOKEN);
    setPostgresTokenProvider(credentialTokenProvider(credential));
    process.env.FDE_TEAM_AUTH = 'entra';
    try {
      const team = await teamRuntimeOptions('/tmp/no-lake', { role: 'cli', registry: {}, teamDb: url() });
      expect(team.store!.location).toMatch(/Entra/);
      expect(await team.store!.listRuns({ limit: 1 })).toEqual([]);
      await team.store!.close();
      expect(credential.scopes.length).toBeGreaterThan(1);
      expect(new Set(credential.scopes)).toEqual(new Set([POSTGRES_ENTRA_SCOPE]));
    } finally {
      // The cluster is this file's own and is removed afterwards: no schema to drop.
      delete process.env.FDE_TEAM_AUTH;
    }
  }, 60_000);

  it('without a signed-in account the connection fails with "sign in again"', async () => {
    const config = (await resolveTeamConfig('/tmp/no-lake', { teamDb: url(), teamAuth: 'entra', env: {} }))!;
    const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fde-pg-entra-config-'));
    try {
      const settings = parseTeamSettings(JSON.stringify({
        tenantId: 'tenant-a', clientId: 'fde-desktop', authority: 'https://127.0.0.1:9/tenant-a',
        lakeUrl: 'abfss://lake@acct.dfs.core.windows.net/team', blobEndpoint: 'https://acct.blob.core.windows.net',
      }));
      const env = { FDE_CONFIG_DIR: configDir };
      // The real MSAL session over an empty token cache: nobody signed in.
      setPostgresTokenProvider(signedInTokenProvider(env, new AuthSession({ settings, env, store: new MemoryKeyedStore() })));
      const error = await failure(new pg.Client(config.connection).connect());
      expect(String(error)).toMatch(/team database needs an Entra sign-in, and no account is signed in/);
      expect(error.hint).toMatch(/sign in again/);
      // No team settings imported at all: says so.
      setPostgresTokenProvider(signedInTokenProvider(env));
      expect(String(await failure(new pg.Client(config.connection).connect()))).toMatch(/no team settings are imported/);
    } finally {
      fs.rmSync(configDir, { recursive: true, force: true });
    }
  });

  // A machine with an Azure identity in its environment would get a real token (which this server refuses).
  it.skipIf(hasHeadlessIdentity())('a headless host without an identity: the DefaultAzureCredential chain fails with a clear message', async () => {
    setPostgresTokenProvider(undefined);
    const config = (await resolveTeamConfig('/tmp/no-lake', { teamDb: url(), teamAuth: 'entra', env: {} }))!;
    const error = await failure(new pg.Client(config.connection).connect());
    expect(error.message).toMatch(/no Entra token for PostgreSQL from this host's identity/);
  }, 60_000);

  it('a failed token request says sign in again and never shows a token', async () => {
    const leaking: TokenCredential = { getToken: async () => { throw new Error('invalid_grant: refresh token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl expired'); } };
    const error = await failure(credentialTokenProvider(leaking)(POSTGRES_ENTRA_SCOPE));
    expect(error.message).toMatch(/no Entra token for the team database/);
    expect(error.message).not.toMatch(/eyJ/);
    expect(error.hint).toMatch(/sign in again/);
  });

  it('refuses a password in the URL with Entra and a bad FDE_TEAM_AUTH', async () => {
    await expect(resolveTeamConfig('/tmp/no-lake', { teamDb: `postgres://alice:pw@127.0.0.1:${port}/postgres`, teamAuth: 'entra', env: {} })).rejects.toThrow(/must not hold a password/);
    await expect(resolveTeamConfig('/tmp/no-lake', { teamDb: url(), env: { FDE_TEAM_AUTH: 'kerberos' } })).rejects.toThrow(/'entra' or 'url'/);
    // Without Entra the URL is used as given.
    expect((await resolveTeamConfig('/tmp/no-lake', { teamDb: url(), env: {} }))!.connection.connectionString).toBe(url());
    expect(teamFilePath('/tmp/no-lake')).toMatch(/team\.json$/);
  });
});
