import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runForecastBacktest } from './run-backtest';
import { startForecastServer, type ForecastServer } from './server';

const MSFT = new URL('../../resources/market/msft_daily_2000_2001.csv', import.meta.url).pathname;
const TOKEN = 'test-token-0123456789abcdef';

let dir: string;
let server: ForecastServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fde-forecast-serve-'));
  await runForecastBacktest({
    csv: MSFT, timeCol: 'date', priceCol: 'close', openCol: 'open', highCol: 'high', lowCol: 'low',
    horizons: [1, 5], refitEvery: 22, models: ['ewma', 'har'], symbol: 'MSFT', lake: dir, register: true,
  });
  server = await startForecastServer({ lake: dir, port: 0, token: TOKEN });
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const get = async (path: string, token?: string): Promise<{ status: number; body: Record<string, unknown> }> => {
  const res = await fetch(`${server.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('inference API', () => {
  it('binds to 127.0.0.1 and reports health without a token', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await get('/health')).toEqual({ status: 200, body: { status: 'ok', registry: true } });
  });

  it('rejects forecast requests without a valid bearer token', async () => {
    expect((await get('/forecast?symbol=MSFT&horizon=1')).status).toBe(401);
    expect((await get('/forecast?symbol=MSFT&horizon=1', 'wrong-token-0123456789abcd')).status).toBe(401);
  });

  it('returns the champion forecast, its interval and run id', async () => {
    const { status, body } = await get('/forecast?symbol=MSFT&horizon=1', TOKEN);
    expect(status).toBe(200);
    expect(body).toMatchObject({ symbol: 'MSFT', horizon: 1, made_at: '2001-09-27', target_date: '2001-09-28' });
    expect(typeof body.run_id).toBe('string');
    expect(['ewma', 'har']).toContain(body.model);
    const interval = body.interval as { lower_variance: number; upper_variance: number; level: number };
    expect(interval.level).toBe(0.9);
    expect(interval.lower_variance).toBeLessThan(body.variance as number);
    expect(body.annualized_volatility).toBeCloseTo(Math.sqrt(252 * (body.variance as number)), 12);
  });

  it('answers bad input with 400 and a clear message', async () => {
    const missing = await get('/forecast?horizon=1', TOKEN);
    expect(missing.status).toBe(400);
    expect(missing.body.issues).toEqual([{ parameter: 'symbol', message: 'symbol is required' }]);
    const bad = await get('/forecast?symbol=MSFT&horizon=0', TOKEN);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('horizon must be >= 1');
    const weird = await get('/forecast?symbol=DROP%20TABLE&horizon=1', TOKEN);
    expect(weird.status).toBe(400);
  });

  it('404s for an unknown symbol or route', async () => {
    expect((await get('/forecast?symbol=AAPL&horizon=1', TOKEN)).status).toBe(404);
    expect((await get('/nope', TOKEN)).status).toBe(404);
  });

  it('publishes an OpenAPI document', async () => {
    const { status, body } = await get('/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    expect(Object.keys(body.paths as object)).toEqual(['/health', '/forecast']);
  });
});
