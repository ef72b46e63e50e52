/**
 * The Data Lake (dfs) path's request logic against a scripted dfs responder. Azurite has no dfs
 * endpoint, so this checks what the SDK sends (paths, query parameters) and how the answers are
 * read (directory listing, hierarchical namespace flag, ACL header), not a real service; see
 * docs/auth.md. The Blob path is tested on Azurite (e2e/signin-*.test.ts).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AnonymousCredential } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAccess, hasHierarchicalNamespace, listFolders, type AccountEndpoints } from './lake-access';

const seen: string[] = [];
let server: http.Server;
let e: AccountEndpoints;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const q = url.searchParams;
    seen.push(`${req.method} ${url.pathname} ${[...q.keys()].sort().map((k) => `${k}=${q.get(k)}`).join('&')}`);
    const common = { 'x-ms-request-id': 'r1', 'x-ms-version': '2025-01-05' };
    if (q.get('restype') === 'account' && q.get('comp') === 'properties') {
      res.writeHead(200, { ...common, 'x-ms-sku-name': 'Standard_LRS', 'x-ms-account-kind': 'StorageV2', 'x-ms-is-hns-enabled': 'true' }).end();
    } else if (q.get('resource') === 'filesystem') {
      const body = { paths: [{ name: 'team/bronze', isDirectory: 'true', contentLength: '0' }, { name: 'team/silver', isDirectory: 'true' }, { name: 'team/readme.txt', contentLength: '10' }] };
      res.writeHead(200, { ...common, 'content-type': 'application/json' }).end(JSON.stringify(body));
    } else if (q.get('comp') === 'list') {
      res.writeHead(200, { ...common, 'content-type': 'application/xml' }).end('<?xml version="1.0" encoding="utf-8"?><EnumerationResults ContainerName="lake"><Blobs></Blobs><NextMarker/></EnumerationResults>');
    } else if (req.method === 'PUT') {
      res.writeHead(201, { ...common, etag: '"0x1"', 'last-modified': new Date().toUTCString() }).end();
    } else if (req.method === 'DELETE') {
      res.writeHead(202, common).end();
    } else if (req.method === 'HEAD' && q.get('action') === 'getAccessControl') {
      res.writeHead(200, { ...common, 'x-ms-owner': '$superuser', 'x-ms-group': '$superuser', 'x-ms-permissions': 'rwxr-x---', 'x-ms-acl': 'user::rwx,group::r-x,other::---,user:9f0c:r-x' }).end();
    } else {
      res.writeHead(404, { ...common, 'x-ms-error-code': 'ResourceNotFound' }).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/acct`;
  e = { blob: base, dfs: base, credential: new AnonymousCredential() };
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('dfs path (scripted responder)', () => {
  it('reads the hierarchical namespace flag from the account info', async () => {
    expect(await hasHierarchicalNamespace(e)).toBe(true);
    expect(seen.at(-1)).toMatch(/^GET \/acct\/ comp=properties&restype=account/);
  });

  it('lists directories one level down through the filesystem listing', async () => {
    expect(await listFolders(e, 'lake', 'team', true)).toEqual(['bronze', 'silver']);
    expect(seen.at(-1)).toMatch(/^GET \/acct\/lake .*directory=team.*recursive=false.*resource=filesystem/);
  });

  it('probes read and write through the Blob API and reads the ACL through dfs', async () => {
    const report = await checkAccess(e, 'lake', 'team', true);
    expect(report).toMatchObject({ read: true, write: true, hierarchicalNamespace: true });
    expect(report.acl).toBe('user::rwx,group::r-x,other::---,user:9f0c:r-x');
    const put = seen.find((s) => s.startsWith('PUT '));
    expect(put).toMatch(/^PUT \/acct\/lake\/team\/_fde_access_probe\/[0-9a-f-]{36} /);
    expect(seen.some((s) => s.startsWith('DELETE /acct/lake/team/_fde_access_probe/'))).toBe(true);
    expect(seen.at(-1)).toMatch(/^HEAD \/acct\/lake\/team action=getAccessControl/);
  });
});
