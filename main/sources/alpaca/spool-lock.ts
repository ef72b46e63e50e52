/**
 * A local lock on a spool folder (O_EXCL lock file, owner pid inside, stale when that pid is
 * gone): two processes must never replay or append the same spool. The lake-wide "one live
 * ingestor" rule is the team ingest lease (main/lake acquireIngestLease), taken separately.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FdeError } from '../../engine/errors';

export interface SpoolLock {
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function lockSpool(spoolDir: string, name: string): Promise<SpoolLock> {
  const file = path.join(spoolDir, `${name.replace(/[^A-Za-z0-9._-]/g, '_')}.lock`);
  await fs.mkdir(spoolDir, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await fs.open(file, 'wx');
      await handle.writeFile(JSON.stringify({ pid: process.pid, since: new Date().toISOString() }));
      await handle.close();
      return { release: () => fs.rm(file, { force: true }) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = JSON.parse(await fs.readFile(file, 'utf8').catch(() => '{}')) as { pid?: number };
      if (owner.pid && owner.pid !== process.pid && alive(owner.pid)) {
        throw new FdeError(`another ingestor (pid ${owner.pid}) holds the spool ${name}`, 'stop it first, or use a different --spool folder');
      }
      await fs.rm(file, { force: true }); // stale lease from a crashed ingestor
    }
  }
  throw new FdeError(`could not lock the spool ${name}`);
}
