/**
 * Azure lake URIs:
 *   az://<container>/<prefix>      account from AZURE_STORAGE_CONNECTION_STRING, or
 *                                  AZURE_STORAGE_ACCOUNT + AZURE_STORAGE_SAS_TOKEN, or
 *                                  AZURE_STORAGE_ACCOUNT + an Entra token (DefaultAzureCredential)
 *   abfss://<container>@<account>.dfs.core.windows.net/<prefix>   (Blob endpoint of that account)
 *   https://<account>.blob.core.windows.net/<container>/<prefix>[?<sas>]
 * Secrets come only from the environment (or the OS keychain through it), never from the URI
 * text that is logged.
 */
import { defaultSecretStore } from '../../secrets/keychain-store';
import { SECRET_NAMES } from '../../secrets/secret-store';
import { BlobServiceClient, type StoragePipelineOptions } from '@azure/storage-blob';
import type { Store } from './store';
import { AzureBlobStore } from './azure-store';
import { LakeError } from '../errors';
import { loadTeamSettings } from '../../auth/settings';
import { isLayerTemplate, LayeredStore, layerUri } from './layered-store';
import { LAKE_LAYERS, type LakeLayer } from '../types';

const PIPELINE: StoragePipelineOptions = {
  // Transient errors (5xx, throttling, resets) are retried with backoff; a slow request times out.
  retryOptions: { maxTries: 5, tryTimeoutInMs: 60_000, retryDelayInMs: 200, maxRetryDelayInMs: 5_000 },
};

export interface ParsedAzureUri {
  container: string;
  prefix: string;
  account?: string;
  endpoint?: string;
  sas?: string;
}

export function parseAzureUri(uri: string): ParsedAzureUri {
  const u = new URL(uri);
  const clean = (p: string): string => decodeURIComponent(p).replace(/^\/+|\/+$/g, '');
  if (u.protocol === 'az:') {
    if (!u.hostname) throw new LakeError(`invalid Azure lake URI '${uri}'`, 'use az://<container>/<prefix>');
    return { container: u.hostname, prefix: clean(u.pathname) };
  }
  if (u.protocol === 'abfss:' || u.protocol === 'abfs:') {
    const m = /^([^.]+)\.dfs\.(.+)$/.exec(u.hostname);
    if (!u.username || !m) throw new LakeError(`invalid ADLS URI '${uri}'`, 'use abfss://<container>@<account>.dfs.core.windows.net/<path>');
    return { container: u.username, account: m[1], endpoint: `https://${m[1]}.blob.${m[2]}`, prefix: clean(u.pathname) };
  }
  // https://account.blob.core.windows.net/container/prefix (or an emulator URL: http://host:port/account/container/prefix)
  const parts = clean(u.pathname).split('/');
  const isEmulator = !u.hostname.includes('.blob.');
  const account = isEmulator ? parts.shift() : u.hostname.split('.')[0];
  const container = parts.shift();
  if (!container || !account) throw new LakeError(`invalid Azure blob URL '${uri.split('?')[0]}'`);
  const endpoint = isEmulator ? `${u.protocol}//${u.host}/${account}` : `${u.protocol}//${u.host}`;
  return { container, prefix: parts.join('/'), account, endpoint, sas: u.search ? u.search.slice(1) : undefined };
}

export async function openAzureStore(uri: string): Promise<Store> {
  if (isLayerTemplate(uri)) return openLayeredAzureStore(uri);
  const parsed = parseAzureUri(uri);
  const service = await serviceClient(parsed);
  const container = service.getContainerClient(parsed.container);
  const display = uri.split('?')[0] as string;
  return new AzureBlobStore(container, parsed.prefix, display);
}

/**
 * `{layer}` in the container (Terraform's per-layer containers): one service client (one
 * credential) and a container store per layer, all in the same account and under the same prefix.
 */
async function openLayeredAzureStore(template: string): Promise<Store> {
  const parsed = Object.fromEntries(LAKE_LAYERS.map((l) => [l, parseAzureUri(layerUri(template, l))])) as Record<LakeLayer, ParsedAzureUri>;
  const ref = parsed.meta;
  for (const l of LAKE_LAYERS) {
    const p = parsed[l];
    if (!p.container.includes(l) || p.prefix !== ref.prefix || p.account !== ref.account || p.endpoint !== ref.endpoint) {
      throw new LakeError(`'{layer}' must stand for the container in '${template.split('?')[0]}'`, 'use abfss://{layer}@<account>.dfs.core.windows.net/<path> or az://{layer}/<path>');
    }
  }
  const service = await serviceClient(ref);
  const stores = Object.fromEntries(
    LAKE_LAYERS.map((l) => [l, new AzureBlobStore(service.getContainerClient(parsed[l].container), parsed[l].prefix, layerUri(template, l).split('?')[0] as string)]),
  ) as Record<LakeLayer, AzureBlobStore>;
  return new LayeredStore(template.split('?')[0] as string, stores);
}

async function serviceClient(parsed: ParsedAzureUri): Promise<BlobServiceClient> {
  const env = process.env;
  let p = parsed;
  // Environment first, then the OS keychain (`fde secrets set azure.storage_connection_string`).
  const secrets = defaultSecretStore();
  const conn = await secrets.get(SECRET_NAMES.azureStorageConnectionString);
  if (p.sas && p.endpoint) return new BlobServiceClient(`${p.endpoint}?${p.sas}`, undefined, PIPELINE);
  if (conn) {
    const connAccount = /AccountName=([^;]+)/i.exec(conn)?.[1];
    if (!p.account || !connAccount || connAccount === p.account) return BlobServiceClient.fromConnectionString(conn, PIPELINE);
  }
  // az://container/prefix on a team lake: the account's endpoint comes from the team settings.
  const team = !p.account && !p.endpoint && !env.AZURE_STORAGE_ACCOUNT ? await loadTeamSettings(env) : undefined;
  if (team) p = { ...p, endpoint: team.blobEndpoint.replace(/\/+$/, ''), account: accountOfEndpoint(team.blobEndpoint) };
  const account = p.account ?? env.AZURE_STORAGE_ACCOUNT;
  if (!account) {
    throw new LakeError(
      'no Azure storage account for the lake',
      'set AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_ACCOUNT with AZURE_STORAGE_SAS_TOKEN or an Entra login (az login / managed identity)',
    );
  }
  const endpoint = p.endpoint ?? `https://${account}.blob.core.windows.net`;
  const sas = await secrets.get(SECRET_NAMES.azureStorageSas);
  if (sas) return new BlobServiceClient(`${endpoint}?${sas.replace(/^\?/, '')}`, undefined, PIPELINE);
  // No connection string or SAS: the signed-in account (`fde login`), else DefaultAzureCredential.
  const { storageCredential } = await import('../../auth/token-credential');
  return new BlobServiceClient(endpoint, (await storageCredential(env)).credential, PIPELINE);
}

/** https://<account>.blob.<suffix>/ or an emulator's https://host:port/<account>. */
function accountOfEndpoint(endpoint: string): string | undefined {
  const u = new URL(endpoint);
  return u.hostname.includes('.blob.') ? u.hostname.split('.')[0] : u.pathname.split('/').filter(Boolean)[0];
}
