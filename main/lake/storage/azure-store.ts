/**
 * A lake in Azure Blob storage (also ADLS Gen2 accounts, through their Blob endpoint, as
 * delta-rs does). putIfAbsent = upload with `If-None-Match: *`: 409/412 mean "exists". The SDK
 * retries transient failures; a retried create that finds its own earlier upload reports
 * "exists", and the commit logic recognises its own commit by txnId.
 * Data files are immutable, so the local read cache trusts a cached copy whose size matches
 * the log (and checks the ETag otherwise).
 */
import { promises as fs } from 'node:fs';
import { createHash, randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { ContainerClient } from '@azure/storage-blob';
import { RestError } from '@azure/storage-blob';
import type { Store, StoreEntry } from './store';

export class AzureBlobStore implements Store {
  readonly isLocal = false;
  private readonly cacheRoot: string;

  constructor(
    readonly container: ContainerClient,
    /** Key prefix inside the container ('' or 'a/b', no trailing slash). */
    readonly prefix: string,
    readonly root: string,
  ) {
    const id = createHash('sha256').update(`${container.url}|${prefix}`).digest('hex').slice(0, 16);
    this.cacheRoot = path.join(process.env.FDE_LAKE_CACHE ?? path.join(os.tmpdir(), 'fde-lake-cache'), id);
  }

  /** Full blob name of a store key. */
  name(key: string): string {
    const k = key.replace(/^\/+/, '');
    return this.prefix ? (k ? `${this.prefix}/${k}` : this.prefix) : k;
  }

  private rel(name: string): string {
    return this.prefix ? name.slice(this.prefix.length + 1) : name;
  }

  async read(key: string): Promise<Buffer | undefined> {
    try {
      // One round trip (downloadToBuffer would ask for the properties first).
      const res = await this.container.getBlockBlobClient(this.name(key)).download(0);
      const chunks: Buffer[] = [];
      for await (const chunk of res.readableStreamBody ?? []) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
      return Buffer.concat(chunks);
    } catch (error) {
      if (status(error) === 404) return undefined;
      throw error;
    }
  }

  async list(prefix: string, options: { recursive?: boolean; metadata?: boolean } = {}): Promise<StoreEntry[]> {
    const p = this.name(prefix.replace(/\/$/, ''));
    const full = p === '' ? '' : `${p}/`;
    const out: StoreEntry[] = [];
    if (options.recursive) {
      for await (const b of this.container.listBlobsFlat({ prefix: full })) {
        out.push({ path: this.rel(b.name), size: b.properties.contentLength ?? 0, mtime: b.properties.lastModified.getTime() });
      }
    } else {
      for await (const item of this.container.listBlobsByHierarchy('/', { prefix: full })) {
        if (item.kind === 'blob') {
          out.push({ path: this.rel(item.name), size: item.properties.contentLength ?? 0, mtime: item.properties.lastModified.getTime() });
        }
      }
    }
    return out;
  }

  async listDirs(prefix: string): Promise<string[]> {
    const p = this.name(prefix.replace(/\/$/, ''));
    const full = p === '' ? '' : `${p}/`;
    const out: string[] = [];
    for await (const item of this.container.listBlobsByHierarchy('/', { prefix: full })) {
      if (item.kind === 'prefix') out.push(item.name.slice(full.length).replace(/\/$/, ''));
    }
    return out;
  }

  async putIfAbsent(key: string, data: Buffer | string): Promise<boolean> {
    const body = typeof data === 'string' ? Buffer.from(data) : data;
    try {
      await this.container.getBlockBlobClient(this.name(key)).upload(body, body.length, { conditions: { ifNoneMatch: '*' } });
      return true;
    } catch (error) {
      const s = status(error);
      if (s === 409 || s === 412) return false;
      throw error;
    }
  }

  async put(key: string, data: Buffer | string): Promise<void> {
    const body = typeof data === 'string' ? Buffer.from(data) : data;
    await this.container.getBlockBlobClient(this.name(key)).upload(body, body.length);
  }

  async putFile(key: string, localFile: string, options: { move?: boolean } = {}): Promise<void> {
    await this.container.getBlockBlobClient(this.name(key)).uploadFile(localFile, { concurrency: 4 });
    if (options.move) await fs.rm(localFile, { force: true });
  }

  async delete(key: string): Promise<void> {
    await this.container.getBlockBlobClient(this.name(key)).deleteIfExists();
  }

  async stat(key: string): Promise<StoreEntry | undefined> {
    try {
      const p = await this.container.getBlockBlobClient(this.name(key)).getProperties();
      return { path: key, size: p.contentLength ?? 0, mtime: p.lastModified?.getTime() ?? 0 };
    } catch (error) {
      if (status(error) === 404) return undefined;
      throw error;
    }
  }

  async localPath(key: string, expected: { size?: number } = {}): Promise<string> {
    const file = path.join(this.cacheRoot, ...key.replace(/^\/+/, '').split('/'));
    const sidecar = `${file}.fde-etag`;
    const blob = this.container.getBlockBlobClient(this.name(key));
    const cached = await fs.stat(file).catch(() => undefined);
    if (cached) {
      if (expected.size !== undefined && cached.size === expected.size) return file;
      if (expected.size === undefined) {
        const etag = await fs.readFile(sidecar, 'utf8').catch(() => undefined);
        const props = await blob.getProperties().catch(() => undefined);
        if (props && etag === props.etag && props.contentLength === cached.size) return file;
      }
    }
    await fs.mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${randomUUID()}.part`;
    try {
      const props = await blob.downloadToFile(tmp);
      const got = (await fs.stat(tmp)).size;
      if (expected.size !== undefined && got !== expected.size) {
        throw new Error(`downloaded ${this.root}/${key} has ${got} bytes, the Delta log says ${expected.size}`);
      }
      await fs.writeFile(sidecar, props.etag ?? '');
      await fs.rename(tmp, file);
    } finally {
      await fs.rm(tmp, { force: true });
    }
    return file;
  }

  async scratchDir(): Promise<string> {
    // Beside the read cache (FDE_LAKE_CACHE), so one setting places all local lake scratch.
    const dir = path.join(path.dirname(this.cacheRoot), 'scratch', randomUUID());
    await fs.mkdir(dir, { recursive: true });
    return dir;
  }
}

export function status(error: unknown): number | undefined {
  return error instanceof RestError ? error.statusCode : (error as { statusCode?: number }).statusCode;
}
