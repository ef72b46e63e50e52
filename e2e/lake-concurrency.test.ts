/**
 * Multi-process guarantees of the local lake: 4 writers appending at once lose nothing and
 * duplicate nothing; kill -9 at random points leaves only whole commits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { openDuck, type Duck } from '../main/duck/duck';
import { openLake } from '../main/lake/index';
import { tempDir } from '../main/lake/test-support/temp';
import { commitVersions, spawnTs, waitExit } from './lake-support';

let duck: Duck;
let root: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  duck = await openDuck({ threads: 2 });
  root = await tempDir('fde-lake-e2e-');
});
afterAll(async () => {
  duck.close();
  await root.cleanup();
});

async function batchCounts(lakeDir: string): Promise<Array<{ worker: string; batch: bigint; n: bigint }>> {
  const lake = await openLake(lakeDir);
  await lake.attach(duck);
  return duck.all(`SELECT worker, batch, count(*) AS n FROM bronze.conc GROUP BY ALL ORDER BY worker, batch`);
}

describe('local lake, several processes', () => {
  it('4 processes append concurrently: every batch exactly once, versions contiguous', async () => {
    const lakeDir = path.join(root.dir, 'four');
    const batches = 8;
    const runs = await Promise.all(['w0', 'w1', 'w2', 'w3'].map((w) => waitExit(spawnTs('lake-append-worker.ts', [lakeDir, w, String(batches)]))));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const versions = await commitVersions(path.join(lakeDir, 'bronze/conc'));
    expect(versions).toEqual(Array.from({ length: 4 * batches + 1 }, (_, i) => i));
    const counts = await batchCounts(lakeDir);
    expect(counts).toHaveLength(4 * batches);
    expect(counts.every((c) => c.n === 10n)).toBe(true);
    // Re-running a batch with the same txn adds nothing.
    const again = await waitExit(spawnTs('lake-append-worker.ts', [lakeDir, 'w2', String(batches)]));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { committed: boolean }).committed)).toEqual(Array(batches).fill(false));
    expect(await commitVersions(path.join(lakeDir, 'bronze/conc'))).toHaveLength(4 * batches + 1);
    const snap = await (await openLake(lakeDir)).table('bronze', 'conc').snapshot();
    expect(snap.appTxns).toEqual({ w0: batches - 1, w1: batches - 1, w2: batches - 1, w3: batches - 1 });
  }, 120_000);

  it('kill -9 at random points: the table always opens with whole commits and no duplicates', async () => {
    const lakeDir = path.join(root.dir, 'kill');
    const tableDir = path.join(lakeDir, 'bronze/conc');
    for (let round = 0; round < 6; round++) {
      const children = ['k0', 'k1'].map((w) => spawnTs('lake-append-worker.ts', [lakeDir, w, 'forever']));
      const exits = children.map((c) => waitExit(c));
      try {
        // Wait until both are in the commit loop (first batch printed), then kill at a random moment.
        const started = Promise.all(children.map((c) => new Promise((r) => {
          c.stdout?.once('data', r);
          c.once('exit', r);
        })));
        let timer: NodeJS.Timeout | undefined;
        const stuck = new Promise<'stuck'>((r) => (timer = setTimeout(() => r('stuck'), 60_000)));
        const outcome = await Promise.race([started, stuck]);
        clearTimeout(timer);
        if (outcome === 'stuck') {
          for (const c of children) c.kill('SIGKILL');
          const out = await Promise.all(exits);
          throw new Error(`round ${round}: a worker printed nothing for 60 s: ${out.map((o) => o.stderr.slice(-2000)).join(' | ')}`);
        }
        await new Promise((r) => setTimeout(r, Math.random() * 700));
      } finally {
        for (const c of children) c.kill('SIGKILL');
      }
      const results = await Promise.all(exits);
      for (const r of results) expect(r.signal, `worker ended early: ${r.stderr}`).toBe('SIGKILL');
      const versions = await commitVersions(tableDir);
      expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => i));
      const lake = await openLake(lakeDir);
      const snap = await lake.table('bronze', 'conc').snapshot();
      expect(snap.version).toBe(versions.length - 1);
      const counts = await batchCounts(lakeDir);
      // Restarted workers replay from batch 0: txn markers keep every batch at exactly 10 rows.
      expect(counts.filter((c) => c.n !== 10n)).toEqual([]);
      for (const w of ['k0', 'k1']) {
        const mine = counts.filter((c) => c.worker === w).map((c) => Number(c.batch));
        expect(mine).toEqual(Array.from({ length: mine.length }, (_, i) => i));
      }
    }
  }, 240_000);
});
