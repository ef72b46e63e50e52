/**
 * Browsing a team storage account and checking access before connecting a lake to it. Accounts
 * with a hierarchical namespace (ADLS Gen2) are browsed through the Data Lake (dfs) API, which
 * lists real directories and reads POSIX ACLs; flat accounts through the Blob API. The lake
 * itself always writes through the Blob API (leases, conditional puts), as delta-rs does.
 */
import { randomUUID } from 'node:crypto';
import { BlobServiceClient, type StoragePipelineOptions } from '@azure/storage-blob';
import { DataLakeServiceClient } from '@azure/storage-file-datalake';
import type { TokenCredential } from '@azure/identity';
import type { AnonymousCredential } from '@azure/storage-blob';
import { translateStorageError } from './auth-errors';

const RETRY = { retryOptions: { maxTries: 3, tryTimeoutInMs: 30_000, retryDelayInMs: 200, maxRetryDelayInMs: 2_000 } } as const;
const PIPELINE: StoragePipelineOptions = RETRY;

export interface AccountEndpoints {
  blob: string;
  dfs: string;
  credential: TokenCredential | AnonymousCredential;
}

export interface AccessReport {
  read: boolean;
  write: boolean;
  hierarchicalNamespace: boolean;
  /** The ACL of the folder when the dfs API could read it (HNS accounts). */
  acl?: string;
  /** What to do when read or write is missing (a role to ask for, a network rule). */
  problem?: { message: string; hint?: string };
}

const blobService = (e: AccountEndpoints) => new BlobServiceClient(e.blob.replace(/\/+$/, ''), e.credential, PIPELINE);
const dfsService = (e: AccountEndpoints) => new DataLakeServiceClient(e.dfs.replace(/\/+$/, ''), e.credential, RETRY);

/** Whether the account has a hierarchical namespace (the account info call; false when not reported). */
export async function hasHierarchicalNamespace(e: AccountEndpoints): Promise<boolean> {
  try {
    const info = await blobService(e).getAccountInfo();
    return info.isHierarchicalNamespaceEnabled === true;
  } catch (error) {
    throw translateStorageError(error, e.blob);
  }
}

export async function listContainers(e: AccountEndpoints): Promise<string[]> {
  try {
    const out: string[] = [];
    for await (const c of blobService(e).listContainers()) out.push(c.name);
    return out;
  } catch (error) {
    throw translateStorageError(error, e.blob);
  }
}

/** Immediate sub-folders of `prefix` in a container: dfs directories on HNS accounts, blob prefixes otherwise. */
export async function listFolders(e: AccountEndpoints, container: string, prefix: string, hns: boolean): Promise<string[]> {
  const clean = prefix.replace(/^\/+|\/+$/g, '');
  try {
    if (hns) {
      const fs = dfsService(e).getFileSystemClient(container);
      const out: string[] = [];
      for await (const p of fs.listPaths({ path: clean || undefined, recursive: false })) {
        if (p.isDirectory && p.name) out.push(p.name.slice(clean ? clean.length + 1 : 0));
      }
      return out;
    }
    const c = blobService(e).getContainerClient(container);
    const out: string[] = [];
    for await (const item of c.listBlobsByHierarchy('/', { prefix: clean ? `${clean}/` : '' })) {
      if (item.kind === 'prefix') out.push(item.name.slice(clean ? clean.length + 1 : 0).replace(/\/$/, ''));
    }
    return out;
  } catch (error) {
    throw translateStorageError(error, `${container}/${clean}`);
  }
}

/**
 * Read probe: list one entry under the folder. Write probe: create a uniquely named blob with
 * If-None-Match: * (the same conditional put the lake commits with) and delete it again.
 * On HNS accounts the folder's ACL is read through the dfs API as well.
 */
export async function checkAccess(e: AccountEndpoints, container: string, prefix: string, hns: boolean): Promise<AccessReport> {
  const clean = prefix.replace(/^\/+|\/+$/g, '');
  const where = `${container}/${clean}`;
  const report: AccessReport = { read: false, write: false, hierarchicalNamespace: hns };
  const c = blobService(e).getContainerClient(container);
  try {
    await c.listBlobsFlat({ prefix: clean ? `${clean}/` : '' }).byPage({ maxPageSize: 1 }).next();
    report.read = true;
  } catch (error) {
    const t = translateStorageError(error, where);
    report.problem = { message: t.message, hint: (t as { hint?: string }).hint };
    return report;
  }
  const probe = c.getBlockBlobClient(`${clean ? `${clean}/` : ''}_fde_access_probe/${randomUUID()}`);
  try {
    await probe.upload('probe', 5, { conditions: { ifNoneMatch: '*' } });
    report.write = true;
    await probe.delete().catch(() => undefined);
  } catch (error) {
    const t = translateStorageError(error, where);
    report.problem = { message: t.message, hint: (t as { hint?: string }).hint };
  }
  if (hns) {
    try {
      const dir = dfsService(e).getFileSystemClient(container).getDirectoryClient(clean || '/');
      const acl = await dir.getAccessControl();
      report.acl = acl.acl.map((a) => `${a.defaultScope ? 'default:' : ''}${a.accessControlType}:${a.entityId}:${a.permissions.read ? 'r' : '-'}${a.permissions.write ? 'w' : '-'}${a.permissions.execute ? 'x' : '-'}`).join(',');
    } catch {
      // Reading ACLs needs ownership or "Storage Blob Data Owner"; access itself was probed above.
    }
  }
  return report;
}
