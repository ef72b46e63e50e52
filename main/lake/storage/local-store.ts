import { promises as fs } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Store, StoreEntry } from './store';

/**
 * A lake on a local (or mounted) filesystem. putIfAbsent = write a temp file, fsync, then
 * hard-link it to the final name: link() fails with EEXIST when another writer won, and the
 * final name only ever appears with complete content (kill -9 leaves at most a temp file).
 */
export class LocalStore implements Store {
  readonly isLocal = true;
  constructor(readonly root: string) {}

  private abs(key: string): string {
    return path.join(this.root, ...key.split('/'));
  }

  async read(key: string): Promise<Buffer | undefined> {
    try {
      return await fs.readFile(this.abs(key));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async list(prefix: string, options: { recursive?: boolean; metadata?: boolean } = {}): Promise<StoreEntry[]> {
    const out: StoreEntry[] = [];
    const walk = async (rel: string): Promise<void> => {
      let entries;
      try {
        entries = await fs.readdir(this.abs(rel), { withFileTypes: true });
      } catch (error) {
        if (isNotFound(error) || isNotDir(error)) return;
        throw error;
      }
      for (const entry of entries) {
        const key = rel === '' ? entry.name : `${rel}/${entry.name}`;
        if (entry.isDirectory()) {
          if (options.recursive) await walk(key);
        } else if (entry.isFile() && options.metadata === false) {
          out.push({ path: key, size: -1, mtime: Number.NaN });
        } else if (entry.isFile()) {
          const st = await fs.stat(this.abs(key)).catch(() => undefined);
          if (st) out.push({ path: key, size: st.size, mtime: st.mtimeMs });
        }
      }
    };
    await walk(prefix.replace(/\/$/, ''));
    return out;
  }

  async listDirs(prefix: string): Promise<string[]> {
    try {
      const entries = await fs.readdir(this.abs(prefix.replace(/\/$/, '')), { withFileTypes: true });
      return entries.filter((e) => e.isDirectory()).map((e) => e.name);
    } catch (error) {
      if (isNotFound(error) || isNotDir(error)) return [];
      throw error;
    }
  }

  async putIfAbsent(key: string, data: Buffer | string): Promise<boolean> {
    const target = this.abs(key);
    const tmp = await this.writeTemp(target, data);
    try {
      await fs.link(tmp, target);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }

  async put(key: string, data: Buffer | string): Promise<void> {
    const target = this.abs(key);
    const tmp = await this.writeTemp(target, data);
    await fs.rename(tmp, target);
  }

  async putFile(key: string, localFile: string, options: { move?: boolean } = {}): Promise<void> {
    const target = this.abs(key);
    await fs.mkdir(path.dirname(target), { recursive: true });
    if (options.move) await fs.rename(localFile, target);
    else await fs.copyFile(localFile, target);
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.abs(key), { force: true });
  }

  async stat(key: string): Promise<StoreEntry | undefined> {
    try {
      const st = await fs.stat(this.abs(key));
      return st.isFile() ? { path: key, size: st.size, mtime: st.mtimeMs } : undefined;
    } catch (error) {
      if (isNotFound(error) || isNotDir(error)) return undefined;
      throw error;
    }
  }

  async localPath(key: string): Promise<string> {
    return this.abs(key);
  }

  private sweptScratch = false;

  async scratchDir(): Promise<string> {
    // Under the lake root so staged Parquet files can be renamed into place (same filesystem).
    if (!this.sweptScratch) {
      this.sweptScratch = true;
      await this.sweepScratch();
    }
    const dir = path.join(this.root, '_tmp', randomUUID());
    await fs.mkdir(dir, { recursive: true });
    return dir;
  }

  /** Staging folders left by killed writers: anything a day old is certainly abandoned. */
  private async sweepScratch(): Promise<void> {
    const base = path.join(this.root, '_tmp');
    const entries = await fs.readdir(base).catch(() => [] as string[]);
    const cutoff = Date.now() - 24 * 3600 * 1000;
    for (const name of entries) {
      const st = await fs.stat(path.join(base, name)).catch(() => undefined);
      if (st && st.mtimeMs < cutoff) await fs.rm(path.join(base, name), { recursive: true, force: true }).catch(() => undefined);
    }
  }

  /** Writes data to a hidden temp file beside target (fsynced: the link must never expose a torn file). */
  private async writeTemp(target: string, data: Buffer | string): Promise<string> {
    const dir = path.dirname(target);
    await fs.mkdir(dir, { recursive: true });
    const tmp = path.join(dir, `.${path.basename(target)}.${randomUUID()}.tmp`);
    const handle = await fs.open(tmp, 'wx');
    try {
      await handle.writeFile(data);
      if (process.env.FDE_LAKE_NO_FSYNC !== '1') await handle.sync();
    } finally {
      await handle.close();
    }
    return tmp;
  }
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}
function isNotDir(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOTDIR';
}
