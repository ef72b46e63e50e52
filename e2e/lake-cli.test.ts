/** `fde table ...` end to end through the real binary. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { openDuck } from '../main/duck/duck';
import { closeLakeDuck, openLake } from '../main/lake/index';
import { tempDir } from '../main/lake/test-support/temp';
import { ROOT } from './lake-support';

function fde(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/fde.mjs'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

let root: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  root = await tempDir('fde-lake-cli-');
  const duck = await openDuck({ threads: 2 });
  const lake = await openLake(path.join(root.dir, 'lake'));
  const t = await lake.ensureTable({ layer: 'gold', name: 'exact', columns: [{ name: 'id', type: 'long' }, { name: 'amount', type: 'decimal(38,18)' }] });
  await t.append({ duck, sql: `SELECT 9223372036854775807::BIGINT AS id, '12345678901234567890.123456789012345678'::DECIMAL(38,18) AS amount` });
  await t.append({ duck, sql: `SELECT (-9223372036854775808)::BIGINT AS id, NULL AS amount` });
  const vac = await lake.ensureTable({ layer: 'silver', name: 'vac', columns: [{ name: 'v', type: 'integer' }] });
  await vac.append({ duck, sql: 'SELECT 1 AS v' });
  await vac.overwrite({ duck, sql: 'SELECT 2 AS v' });
  duck.close();
  await closeLakeDuck();
});
afterAll(async () => root.cleanup());

describe('fde table', { timeout: 120_000 }, () => {
  it('ls lists the lake tables', async () => {
    const r = await fde(['table', 'ls', '--lake', path.join(root.dir, 'lake'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.id)).toEqual(['silver.vac', 'gold.exact']);
    expect(lines[1]).toMatchObject({ id: 'gold.exact', version: 2, numFiles: 2, numRecords: 2 });
  });

  it('scan --json prints NDJSON with exact 64-bit integers and decimals; --version time-travels', async () => {
    const table = path.join(root.dir, 'lake/gold/exact');
    const r = await fde(['table', 'scan', table, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.sort((a, b) => String(a.id).localeCompare(String(b.id)))).toEqual([
      { id: '-9223372036854775808', amount: null },
      { id: '9223372036854775807', amount: '12345678901234567890.123456789012345678' },
    ]);
    const v1 = await fde(['table', 'scan', table, '--json', '--version', '1']);
    expect(v1.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('history, checkpoint and vacuum (dry run by default)', async () => {
    const table = path.join(root.dir, 'lake/gold/exact');
    const h = await fde(['table', 'history', 'gold.exact', '--lake', path.join(root.dir, 'lake'), '--json']);
    expect(h.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { operation: string }).operation)).toEqual(['WRITE', 'WRITE', 'CREATE TABLE']);
    const c = await fde(['table', 'checkpoint', table]);
    expect(c.stdout).toMatch(/checkpoint written at version 2/);
    const v = await fde(['table', 'vacuum', table]);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toMatch(/dry run: 0 file\(s\)/);
    const bad = await fde(['table', 'vacuum', table, '--retain', '1h']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/below the 168h safety minimum/);
    const real = await fde(['table', 'vacuum', 'silver.vac', '--lake', path.join(root.dir, 'lake'), '--retain', '0h', '--force', '--no-dry-run']);
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout).toMatch(/^deleted part-00000-.*\.parquet\n1 file\(s\)/);
  });

  it('refuses unsupported tables with a clear one-line error', async () => {
    const r = await fde(['table', 'scan', path.join(ROOT, 'main/lake/test-fixtures/table-with-columnmapping-mode-name/delta')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: table .* uses unsupported Delta feature 'columnMapping'/);
  });
});
