/**
 * Team settings: the JSON a team admin hands out (Terraform's `app_settings` output, see
 * infra/README.md). Nothing in it is secret; it is saved as a plain file in the config folder.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { FdeError } from '../engine/errors';

export const STORAGE_SCOPE = 'https://storage.azure.com/.default';

const Guidish = z.string().min(1).max(128).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash or underscore');
const HttpsUrl = z.string().max(500).url().refine((u) => u.startsWith('https://'), 'must be an https:// URL');

export const TeamSettings = z
  .object({
    tenantId: Guidish,
    clientId: Guidish,
    /** https://login.microsoftonline.com/<tenant> (or any OpenID authority, with its tenant path). */
    authority: HttpsUrl,
    /** abfss://<container>@<account>.dfs.core.windows.net/<path>, `{layer}` standing for a layer container. */
    lakeUrl: z.string().max(500).regex(/^(abfss?|az|https):\/\//, 'abfss://, az:// or https:// lake URL'),
    layers: z.record(z.string(), z.string().max(500)).optional(),
    /** The account's https Blob endpoint (Blob API, leases, conditional writes). */
    blobEndpoint: HttpsUrl,
    /** The account's dfs endpoint when it differs from blobEndpoint with .blob. -> .dfs. */
    dfsEndpoint: HttpsUrl.optional(),
    postgresHost: z.string().max(255).optional(),
    postgresDatabase: z.string().max(63).optional(),
    storageScope: z.string().max(200).default(STORAGE_SCOPE),
  })
  .strip();
export type TeamSettings = z.output<typeof TeamSettings>;

/** Parses settings text; errors name the field and say what a valid value looks like. */
export function parseTeamSettings(text: string): TeamSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new FdeError('the settings file is not JSON', 'use the file your team admin handed out (terraform output -raw app_settings)');
  }
  const parsed = TeamSettings.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new FdeError(`invalid team settings: ${issues}`, 'ask your team admin for the app_settings file (infra/README.md)');
  }
  return parsed.data;
}

/** Where the app keeps its non-secret configuration (FDE_CONFIG_DIR overrides; tests use it). */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FDE_CONFIG_DIR) return env.FDE_CONFIG_DIR;
  const base = env.XDG_CONFIG_HOME ?? (process.platform === 'win32' ? env.APPDATA : undefined) ?? path.join(os.homedir(), '.config');
  return path.join(base ?? os.homedir(), 'fintech-data-engine');
}

const settingsFile = (env?: NodeJS.ProcessEnv) => path.join(configDir(env), 'team-settings.json');

export async function loadTeamSettings(env?: NodeJS.ProcessEnv): Promise<TeamSettings | undefined> {
  try {
    return parseTeamSettings(await fs.readFile(settingsFile(env), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export async function saveTeamSettings(settings: TeamSettings, env?: NodeJS.ProcessEnv): Promise<void> {
  const file = settingsFile(env);
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
  await fs.rename(tmp, file);
}

/** The tenant's authority: the settings' authority with the tenant swapped when one is given. */
export function authorityFor(settings: TeamSettings, tenant?: string): string {
  const base = settings.authority.replace(/\/+$/, '');
  if (!tenant || tenant === settings.tenantId) return base;
  return base.endsWith(`/${settings.tenantId}`) ? `${base.slice(0, -settings.tenantId.length)}${tenant}` : base;
}

/** The dfs endpoint of the account (Data Lake API) derived from the blob endpoint. */
export function dfsEndpointOf(settings: TeamSettings): string {
  return settings.dfsEndpoint ?? settings.blobEndpoint.replace('.blob.', '.dfs.');
}
