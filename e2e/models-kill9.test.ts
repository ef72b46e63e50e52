/**
 * kill -9 in the middle of `fde build`: the re-run completes, and the lake ends up with exactly
 * the gold content of a clean build (no partial models, no duplicates).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDuck } from '../main/duck/duck';
import { openLake, type Lake } from '../main/lake/index';
import { buildModels } from '../main/models/build';
import { contentHash } from '../main/models/content-hash';
import { seedLakeFromFixtures } from '../main/models/lake-fixtures';

const GOLD = ['dim_symbol', 'dim_date', 'fact_bars_1m', 'fact_bars_1d', 'fact_realized_vol_daily', 'fact_sentiment_daily', 'mart_sentiment_volatility'];
const root = path.resolve(import.meta.dirname, '..');
const dirs: string[] = [];

async function seeded(): Promise<{ dir: string; lake: Lake }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fde-models-kill-'));
  dirs.push(dir);
  const lake = await openLake(dir);
  await seedLakeFromFixtures(lake);
  return { dir, lake };
}

async function goldHashes(lake: Lake): Promise<Record<string, string>> {
  const duck = await openDuck({ threads: 1 });
  try {
    await lake.attach(duck);
    const out: Record<string, string> = {};
    for (const g of GOLD) out[g] = await contentHash(duck, `gold.${g}`);
    out.trades = await contentHash(duck, 'silver.trades');
    return out;
  } finally {
    duck.close();
  }
}

afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('fde build killed with SIGKILL', () => {
  it('re-runs to the same content as a clean build', async () => {
    const clean = await seeded();
    expect((await buildModels({ lake: clean.lake, threads: 2 })).ok).toBe(true);
    const expected = await goldHashes(clean.lake);

    const crashed = await seeded();
    const child = spawn(process.execPath, ['bin/fde.mjs', 'build', '--lake', crashed.dir], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    // Kill once the run is past its first silver models (or after a few seconds, whichever first).
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 4000);
      child.stderr.on('data', (chunk: Buffer) => {
        if (/models: 50%/.test(chunk.toString())) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    child.kill('SIGKILL');
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));

    const rerun = await buildModels({ lake: crashed.lake, threads: 2 });
    expect(rerun.ok).toBe(true);
    expect(await goldHashes(crashed.lake)).toEqual(expected);
    const again = await buildModels({ lake: crashed.lake, threads: 2 });
    expect(again.models.filter((m) => m.materialized !== 'view').every((m) => m.status === 'up_to_date')).toBe(true);
  });
});
