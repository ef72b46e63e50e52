import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareTs } from '../../sources/alpaca/dedup';
import { startAlpacaServer, type AlpacaServer } from './server';

let server: AlpacaServer;
beforeAll(async () => {
  server = await startAlpacaServer({ seed: 2, symbols: ['MSFT', 'IBM', 'KO'], restRateLimit: 1000 });
});
afterAll(async () => server.close());

const H = { 'APCA-API-KEY-ID': 'k', 'APCA-API-SECRET-KEY': 's' };
const get = async (path: string, headers: Record<string, string> = H): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> => {
  const res = await fetch(`${server.restUrl}${path}`, { headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
};

describe('offline Alpaca REST', () => {
  it('pages trades sorted by symbol then time; the pages add up to the one-page answer', async () => {
    const q = 'symbols=MSFT,IBM&start=2000-10-02T13:30:00Z&end=2000-10-02T14:00:00Z';
    const all = await get(`/v2/stocks/trades?${q}&limit=10000`);
    expect(all.body.next_page_token).toBeNull();
    const whole = all.body.trades as Record<string, Array<{ t: string; i: number }>>;
    expect(Object.keys(whole)).toEqual(['IBM', 'MSFT']);
    const paged: Record<string, Array<{ t: string; i: number }>> = {};
    let token: string | null = null;
    let pages = 0;
    do {
      const r = await get(`/v2/stocks/trades?${q}&limit=97${token ? `&page_token=${token}` : ''}`);
      expect(r.status).toBe(200);
      for (const [s, rows] of Object.entries(r.body.trades as typeof whole)) (paged[s] ??= []).push(...rows);
      token = r.body.next_page_token as string | null;
      pages++;
    } while (token);
    expect(pages).toBeGreaterThan(3);
    expect(paged).toEqual(whole);
    for (const rows of Object.values(whole)) for (let i = 1; i < rows.length; i++) expect(compareTs(rows[i]!.t, rows[i - 1]!.t)).toBeGreaterThan(0);
  });

  it('serves bars for every timeframe and the single-symbol form', async () => {
    const day = await get('/v2/stocks/MSFT/bars?timeframe=1Day&start=2000-10-02&end=2000-10-31');
    expect(day.body.symbol).toBe('MSFT');
    const bars = day.body.bars as Array<{ t: string; o: number; c: number }>;
    expect(bars.length).toBe(22);
    expect(bars[0]).toMatchObject({ t: '2000-10-02T04:00:00Z', o: 60.5, c: 59.125 });
    const month = await get('/v2/stocks/bars?symbols=MSFT&timeframe=1Month&start=2000-10-01&end=2001-03-31');
    expect((month.body.bars as Record<string, unknown[]>).MSFT).toHaveLength(6);
    const hour = await get('/v2/stocks/bars?symbols=IBM&timeframe=1Hour&start=2000-10-02&end=2000-10-02');
    expect((hour.body.bars as Record<string, unknown[]>).IBM!.length).toBe(7); // session 13:30-20:00Z (EDT): hours 13..19
    const quotes = await get('/v2/stocks/quotes?symbols=KO&start=2000-10-02T14:00:00Z&end=2000-10-02T14:01:00Z');
    const q = (quotes.body.quotes as Record<string, Array<{ ap: number; bp: number }>>).KO!;
    expect(q.length).toBeGreaterThan(0);
    for (const x of q) expect(x.ap).toBeGreaterThan(x.bp);
    const none = await get('/v2/stocks/bars?symbols=ZZZZ&timeframe=1Min&start=2000-10-02&end=2000-10-02');
    expect(none.body).toEqual({ bars: {}, next_page_token: null });
  });

  it('answers errors with code and message, and sends rate-limit headers', async () => {
    const noKey = await get('/v2/stocks/trades?symbols=MSFT', {});
    expect(noKey.status).toBe(401);
    expect(noKey.body).toEqual({ code: 40110000, message: 'request is not authorized' });
    const badLimit = await get('/v2/stocks/trades?symbols=MSFT&limit=10001');
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.message).toMatch(/limit/);
    expect((await get('/v2/stocks/bars?symbols=MSFT&timeframe=7Month')).status).toBe(400);
    expect((await get('/v2/stocks/bars?symbols=MSFT')).body.message).toBe('missing timeframe');
    const ok = await get('/v2/stocks/trades?symbols=MSFT&start=2000-10-02&end=2000-10-02&limit=1');
    expect(Number(ok.headers.get('x-ratelimit-limit'))).toBe(1000);
    expect(Number(ok.headers.get('x-ratelimit-remaining'))).toBeLessThan(1000);
    expect(Number(ok.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
  });
});

describe('offline Alpaca REST fault injection', () => {
  it('every n-th data request fails with the listed statuses in turn; the client sees them as AlpacaRestError with status', async () => {
    const { AlpacaRestClient, AlpacaRestError } = await import('../../sources/alpaca/rest-client');
    const faulty = await startAlpacaServer({ seed: 2, symbols: ['MSFT'], faults: { restFailEvery: 2, restFailStatuses: [429, 503] } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await fetch(`${faulty.restUrl}/v2/stocks/MSFT/bars?timeframe=1Day&start=2000-10-02&end=2000-10-06`, { headers: H });
        statuses.push(res.status);
        if (res.status === 429) expect(res.headers.get('retry-after')).toBe('1');
        await res.body?.cancel();
      }
      expect(statuses).toEqual([200, 429, 200, 503]);
      expect(faulty.stats().restInjectedFailures).toBe(2);
      let hooks = 0;
      const client = new AlpacaRestClient({ baseUrl: faulty.restUrl, key: 'k', secret: 's', maxRetries: 0, beforeRequest: async () => void hooks++ });
      const pages = async (): Promise<number> => {
        let n = 0;
        for await (const _ of client.pages({ kind: 'bars', symbols: ['MSFT'], start: '2000-10-02', end: '2000-10-06', timeframe: '1Day' })) n++;
        return n;
      };
      expect(await pages()).toBe(1); // request 5 passes
      const failure = await pages().catch((e: unknown) => e); // request 6 fails with 429
      expect(failure).toBeInstanceOf(AlpacaRestError);
      expect((failure as InstanceType<typeof AlpacaRestError>).status).toBe(429);
      expect((failure as InstanceType<typeof AlpacaRestError>).retryAfterMs).toBe(1000);
      expect(hooks).toBe(2);
      // Six data requests so far: "the first 8 fail" hits requests 7 and 8, then answers again.
      faulty.setFaults({ restFailEvery: 0, restFailFirst: 8, restFailStatuses: [504] });
      expect(((await pages().catch((e: unknown) => e)) as { status: number }).status).toBe(504);
      expect(((await pages().catch((e: unknown) => e)) as { status: number }).status).toBe(504);
      expect(await pages()).toBe(1);
      faulty.setFaults({ restFailFirst: 0, restFailRate: 1, restFailStatuses: [502] });
      const bad = await fetch(`${faulty.restUrl}/v2/stocks/MSFT/bars?timeframe=1Day&start=2000-10-02&end=2000-10-06`, { headers: H });
      expect(bad.status).toBe(502);
      expect(((await bad.json()) as { message: string }).message).toMatch(/injected/);
    } finally {
      await faulty.close();
    }
  });
});
