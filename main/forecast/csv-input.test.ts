import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gaussian, mulberry32 } from '../../workers/models/synthetic';
import { loadInput, runForecastBacktest } from './run-backtest';
import { resolveOosStart } from './series';

let dir: string;
let file: string;
const DAYS = 160;
const BARS = 13; // 30-minute bars of a 6.5-hour session

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fde-forecast-csv-'));
  file = join(dir, 'intraday.csv');
  const n = gaussian(mulberry32(9));
  const lines = ['ts,px'];
  let price = 100;
  const d = new Date(Date.UTC(2024, 0, 2));
  for (let day = 0; day < DAYS; day++) {
    while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
    const vol = 0.003 * (1 + 0.5 * Math.sin(day / 10));
    for (let b = 0; b < BARS; b++) {
      price *= Math.exp(vol * n());
      const t = new Date(d.getTime() + (14 * 60 + 30 + 30 * b) * 60_000);
      lines.push(`${t.toISOString().replace('T', ' ').slice(0, 19)},${price.toFixed(6)}`);
    }
    d.setUTCDate(d.getUTCDate() + 1);
  }
  await writeFile(file, `${lines.join('\n')}\n`);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('CSV input', () => {
  it('intraday prices: daily RV = sum of squared intraday log returns, inferred without --freq', async () => {
    const built = await loadInput({ csv: file, timeCol: 'ts', priceCol: 'px', symbol: 'X', horizons: [1], refitEvery: 22, models: ['har'] });
    expect(built.intraday).toBe(true);
    expect(built.target).toBe('rv');
    expect(built.series.dates).toHaveLength(DAYS - 1);
    expect(built.series.target.every((v) => v > 0)).toBe(true);
    expect(built.inputs).toMatchObject({ csv: file, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('runs the backtest on intraday input', async () => {
    const out = await runForecastBacktest({ csv: file, timeCol: 'ts', priceCol: 'px', freq: '30min', symbol: 'X', horizons: [1, 5], refitEvery: 22, models: ['ewma', 'har', 'loghar'] });
    const json = out.json as { target: string; n_obs: number; models: unknown[] };
    expect(json.target).toBe('rv');
    expect(json.n_obs).toBe(DAYS - 1);
    expect(json.models).toHaveLength(6);
  });

  it('explains bad inputs', async () => {
    await expect(loadInput({ csv: join(dir, 'missing.csv'), timeCol: 'ts', priceCol: 'px', symbol: 'X', horizons: [1], refitEvery: 22, models: [] })).rejects.toThrow(/not found/);
    await expect(loadInput({ csv: file, timeCol: 'ts', priceCol: 'close', symbol: 'X', horizons: [1], refitEvery: 22, models: [] })).rejects.toThrow(/column "close"/);
    expect(() => resolveOosStart(['2024-01-01', '2024-01-02'], '2030-01-01')).toThrow(/after the last day/);
  });
});
