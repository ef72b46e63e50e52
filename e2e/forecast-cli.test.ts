import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FDE = join(ROOT, 'bin/fde.mjs');

function fde(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [FDE, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

let dir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fde-forecast-e2e-'));
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  await rm(dir, { recursive: true, force: true });
});

describe('fde forecast / models / serve (CLI)', () => {
  it('backtest --csv --json prints exactly the documented shape', async () => {
    const r = await fde([
      'forecast', 'backtest', '--csv', 'resources/market/msft_daily_2000_2001.csv', '--time-col', 'date', '--price-col', 'close',
      '--open-col', 'open', '--high-col', 'high', '--low-col', 'low', '--target', 'parkinson', '--models', 'ewma,garch,har,loghar,prophet', '--json',
      '--lake', dir, '--register',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['target', 'n_obs', 'models', 'champion']);
    expect(out.target).toBe('parkinson');
    expect(out.n_obs).toBe(248);
    const models = out.models as Array<Record<string, unknown>>;
    expect(models).toHaveLength(10);
    for (const m of models) {
      expect(Object.keys(m)).toEqual(['name', 'horizon', 'n', 'qlike', 'mse', 'mae_vol', 'dm_vs_har']);
      expect(Object.keys(m.dm_vs_har as object)).toEqual(['stat', 'p']);
    }
    expect(new Set(models.map((m) => m.name))).toEqual(new Set(['ewma', 'garch', 'har', 'loghar', 'prophet']));
    expect(Object.keys(out.champion as object)).toEqual(['1', '5']);
  });

  it('close-only CSV defaults to c2c; bad flags exit 2 with a message', async () => {
    const ok = await fde(['forecast', 'backtest', '--csv', 'resources/market/dowjones30_daily_close_1991_2000.csv', '--time-col', 'date', '--price-col', 'KO', '--models', 'har,ewma', '--horizons', '1', '--oos-start', '1999-01-04', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ target: 'c2c', champion: { '1': expect.any(String) } });
    const bad = await fde(['forecast', 'backtest', '--csv', 'resources/market/msft_daily_2000_2001.csv', '--time-col', 'date', '--price-col', 'close', '--models', 'arima', '--json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown model(s): arima');
    const missing = await fde(['forecast', 'backtest', '--csv', 'resources/market/msft_daily_2000_2001.csv', '--time-col', 'day', '--price-col', 'close']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('column "day"');
  });

  it('models ls / show read the registry', async () => {
    const ls = await fde(['models', 'ls', '--lake', dir, '--json']);
    expect(ls.code).toBe(0);
    const runs = ls.stdout.trim().split('\n').map((l) => JSON.parse(l) as { run_id: string; champion: boolean });
    expect(runs).toHaveLength(10);
    expect(runs.filter((r) => r.champion)).toHaveLength(2);
    const show = await fde(['models', 'show', runs[0]!.run_id, '--lake', dir]);
    expect(show.code).toBe(0);
    expect(JSON.parse(show.stdout)).toMatchObject({ run_id: runs[0]!.run_id, symbol: 'msft_daily_2000_2001' });
  });

  it('serve prints a token and answers /forecast', async () => {
    const env = { ...process.env };
    delete env.FDE_API_TOKEN;
    const child = spawn(process.execPath, [FDE, 'serve', '--lake', dir, '--port', '0'], { cwd: ROOT, env });
    children.push(child);
    const banner = await new Promise<string>((resolve, reject) => {
      let text = '';
      child.stdout.on('data', (d: Buffer) => {
        text += d.toString();
        if (/token: \S+\n/.test(text)) resolve(text);
      });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('close', () => reject(new Error(`serve exited: ${text} ${err}`)));
    });
    const url = /serving forecasts on (\S+)/.exec(banner)![1]!;
    const token = /token: (\S+)/.exec(banner)![1]!;
    const res = await fetch(`${url}/forecast?symbol=msft_daily_2000_2001&horizon=5`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ horizon: 5, made_at: '2001-09-27' });
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('close', resolve));
  });
});
