/**
 * Where a lake's team run store is, and how to sign in to it. Team mode is on when one of these
 * names a PostgreSQL server (first wins):
 *   1. `--team-db URL` or FDE_TEAM_DB (a postgres:// URL; CI, tests and scripts); with
 *      `--team-auth entra` (or FDE_TEAM_AUTH=entra) the URL names no password and an Entra token
 *      is the password,
 *   2. FDE_TEAM_PG_HOST (+ FDE_TEAM_PG_DATABASE, FDE_TEAM_PG_USER): the Kubernetes deployment,
 *      from the Terraform app_settings output; signs in with Entra (workload identity),
 *   3. the lake's team file, `<lake>/_runtime/team.json` (remote lakes: the state directory),
 *      which names host, database, user and the sign-in: `entra` or `connection-string`
 *      (then the URL comes from the keychain secret `postgres.url`). The file never holds a
 *      password: the schema refuses one.
 * Otherwise the lake stays in local mode (the embedded SQLite store).
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type pg from 'pg';
import { redact } from '../../auth/auth-errors';
import { defaultSecretStore } from '../../secrets/keychain-store';
import { runStorePath } from '../store/location';
import type { SourceBudgets } from '../task-api';
import { sourceBudgets } from '../rate-budget';
import { checkSchemaName } from './pg-store';

/** The scope of an Entra access token for Azure Database for PostgreSQL (the token is the password). */
export const POSTGRES_ENTRA_SCOPE = 'https://ossrdbms-aad.database.windows.net/.default';

/** Gives an Entra access token for a scope; the desktop's sign-in (main/auth) registers one. */
export type PgTokenProvider = (scope: string) => Promise<string>;
let registeredProvider: PgTokenProvider | undefined;

/** Desktop sign-in hands its token provider here; headless hosts fall back to their managed identity. */
export function setPostgresTokenProvider(provider: PgTokenProvider | undefined): void {
  registeredProvider = provider;
}

async function managedIdentityToken(scope: string): Promise<string> {
  const { DefaultAzureCredential } = await import('@azure/identity');
  const token = await new DefaultAzureCredential().getToken(scope).catch((e: unknown) => {
    // The chain's message lists each credential it tried; it carries no token, but redact anyway.
    throw new Error(`no Entra token for PostgreSQL from this host's identity (workload/managed identity, environment, Azure CLI): ${redact(e instanceof Error ? e.message : String(e)).split('\n')[0]}`, { cause: e });
  });
  if (!token) throw new Error('no Entra token for PostgreSQL: sign in, or run with a managed/workload identity');
  return token.token;
}

const TeamFile = z.object({
  postgres: z.object({
    host: z.string().min(1).max(255),
    port: z.number().int().min(1).max(65535).default(5432),
    database: z.string().min(1).max(63),
    user: z.string().min(1).max(128).optional(),
    ssl: z.boolean().default(true),
    auth: z.enum(['entra', 'connection-string']),
  }).strict(),
  schema: z.string().optional(),
}).strict();

export interface TeamConfig {
  connection: pg.PoolConfig & { password?: string | (() => Promise<string>) };
  schema: string;
  /** For messages: server and database, never credentials. */
  location: string;
  budgets: SourceBudgets;
  hostTimeoutMs: number;
  leaseMs: number;
  expireInSeconds: number;
  maintenanceIntervalSeconds: number;
}

function intEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got '${v}'`);
  return n;
}

/** FDE_TEAM_ALPACA_BUDGET=perSecond/burst (e.g. 2/10) narrows the shared Alpaca budget. */
function budgetsFrom(env: NodeJS.ProcessEnv): SourceBudgets {
  const v = env.FDE_TEAM_ALPACA_BUDGET;
  if (!v) return sourceBudgets;
  const m = /^(\d+(?:\.\d+)?)\/(\d+)$/.exec(v);
  if (!m) throw new Error(`FDE_TEAM_ALPACA_BUDGET is perSecond/burst (e.g. 3/20), got '${v}'`);
  return { ...sourceBudgets, alpaca: { perSecond: Number(m[1]), burst: Number(m[2]) } };
}

function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `postgresql://${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'postgresql (connection string)';
  }
}

export function teamFilePath(lakeUri: string): string {
  return path.join(path.dirname(runStorePath(lakeUri)), 'team.json');
}

/** How a team database URL signs in: as the URL says (password, pgpass, trust) or with an Entra token. */
export type TeamAuth = 'url' | 'entra';

export function parseTeamAuth(v: string | undefined): TeamAuth | undefined {
  if (v === undefined || v === '') return undefined;
  if (v !== 'url' && v !== 'entra') throw new Error(`the team database sign-in is 'entra' or 'url', got '${v}'`);
  return v;
}

/** A postgres:// URL without a password -> pg settings whose password is the Entra token callback. */
function entraConnection(url: string, password: () => Promise<string>): TeamConfig['connection'] {
  const u = new URL(url);
  if (u.password) throw new Error('with Entra sign-in (--team-auth entra) the team database URL must not hold a password');
  if (!u.username) throw new Error('with Entra sign-in the team database URL names the Entra user (postgres://alice%40contoso.com@host/db)');
  const sslmode = u.searchParams.get('sslmode');
  return {
    host: u.hostname, port: Number(u.port || 5432), database: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres',
    user: decodeURIComponent(u.username), password,
    // Azure requires TLS; only an explicit sslmode=disable (a local test server) turns it off.
    ...(sslmode === 'disable' ? {} : { ssl: { rejectUnauthorized: true } }),
  };
}

export async function resolveTeamConfig(lakeUri: string, o: { teamDb?: string; teamAuth?: TeamAuth; env?: NodeJS.ProcessEnv } = {}): Promise<TeamConfig | undefined> {
  const env = o.env ?? process.env;
  const common = {
    budgets: budgetsFrom(env),
    hostTimeoutMs: intEnv(env, 'FDE_TEAM_HOST_TIMEOUT_MS', 30_000),
    leaseMs: intEnv(env, 'FDE_TEAM_LEASE_MS', 15_000),
    expireInSeconds: intEnv(env, 'FDE_TEAM_JOB_EXPIRE_S', 15 * 60),
    maintenanceIntervalSeconds: intEnv(env, 'FDE_TEAM_MAINTENANCE_S', 30),
  };
  const schemaOf = (s?: string) => checkSchemaName(env.FDE_TEAM_SCHEMA || s || 'fde');
  const url = o.teamDb ?? env.FDE_TEAM_DB;
  // Looked up per call: a desktop registers its sign-in after the settings were resolved.
  const entra = async () => (registeredProvider ?? managedIdentityToken)(POSTGRES_ENTRA_SCOPE);
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) throw new Error('the team database is a postgres:// URL');
    if ((o.teamAuth ?? parseTeamAuth(env.FDE_TEAM_AUTH)) === 'entra') {
      return { connection: entraConnection(url, entra), schema: schemaOf(), location: `${describeUrl(url)} (Entra)`, ...common };
    }
    return { connection: { connectionString: url }, schema: schemaOf(), location: describeUrl(url), ...common };
  }
  if (env.FDE_TEAM_PG_HOST) {
    const host = env.FDE_TEAM_PG_HOST;
    const database = env.FDE_TEAM_PG_DATABASE || 'fde';
    return {
      connection: { host, port: 5432, database, user: env.FDE_TEAM_PG_USER, password: entra, ssl: { rejectUnauthorized: true } },
      schema: schemaOf(), location: `postgresql://${host}:5432/${database} (Entra)`, ...common,
    };
  }
  const file = teamFilePath(lakeUri);
  if (!fs.existsSync(file)) return undefined;
  let parsed: z.infer<typeof TeamFile>;
  try {
    parsed = TeamFile.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (e) {
    throw new Error(`bad team settings in ${file}: ${e instanceof z.ZodError ? e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : String(e)}`);
  }
  const p = parsed.postgres;
  const location = `postgresql://${p.host}:${p.port}/${p.database}`;
  if (p.auth === 'connection-string') {
    const secret = await defaultSecretStore().get('postgres.url');
    if (!secret) throw new Error(`team mode needs the keychain secret postgres.url (fde secrets set postgres.url) for ${location}`);
    return { connection: { connectionString: secret }, schema: schemaOf(parsed.schema), location, ...common };
  }
  return {
    connection: { host: p.host, port: p.port, database: p.database, user: p.user, password: entra, ...(p.ssl ? { ssl: { rejectUnauthorized: true } } : {}) },
    schema: schemaOf(parsed.schema), location: `${location} (Entra)`, ...common,
  };
}
