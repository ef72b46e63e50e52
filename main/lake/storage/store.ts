/**
 * The storage seam of the lake: everything the Delta log and writers need from a backend.
 * Paths are '/'-separated keys relative to the store root (no leading slash). Implementations:
 * LocalStore (a folder) and AzureBlobStore (a container prefix on the Blob endpoint).
 */
export interface StoreEntry {
  /** Key relative to the listed prefix's store root. */
  path: string;
  size: number;
  /** Last modification, epoch milliseconds. */
  mtime: number;
}

export interface Store {
  /** Human-readable root (path or URL), for messages. */
  readonly root: string;
  /** Whole object, or undefined when missing. */
  read(path: string): Promise<Buffer | undefined>;
  /**
   * Objects directly or recursively under prefix ('' = all); order is unspecified.
   * With metadata: false a backend may skip per-object size/mtime lookups (size -1, mtime NaN).
   */
  list(prefix: string, options?: { recursive?: boolean; metadata?: boolean }): Promise<StoreEntry[]>;
  /** Immediate "sub-folders" of prefix (names only, no slash). */
  listDirs(prefix: string): Promise<string[]>;
  /**
   * Atomically creates path with data unless it exists. Returns false when it already existed
   * (the commit-conflict signal). Never leaves a partially written object visible.
   */
  putIfAbsent(path: string, data: Buffer | string): Promise<boolean>;
  /** Atomic create-or-replace. */
  put(path: string, data: Buffer | string): Promise<void>;
  /** Uploads (or moves, for local) a local file to path; the source may be consumed. */
  putFile(path: string, localFile: string, options?: { move?: boolean }): Promise<void>;
  delete(path: string): Promise<void>;
  stat(path: string): Promise<StoreEntry | undefined>;
  /**
   * A local file path DuckDB can read for path: the file itself for LocalStore, a verified
   * cached copy for remote stores.
   */
  localPath(path: string, expected?: { size?: number }): Promise<string>;
  /** A local scratch folder for staging writes (same filesystem as the store when local). */
  scratchDir(): Promise<string>;
  /** True when localPath is the store file itself (no download needed). */
  readonly isLocal: boolean;
}

export function joinKey(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('/').replace(/\/+/g, '/');
}
