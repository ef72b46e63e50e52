/**
 * Conformance: the official Alpaca SDK (@alpacahq/alpaca-trade-api v4) against the offline
 * server. Its msgpack stream receives trades, quotes and bars (nanosecond timestamps intact),
 * and its historical bars call pages through a multi-page range.
 */
import { MarketDataClient, TimeFrameUnit, marketData, streaming, timeFrame } from '@alpacahq/alpaca-trade-api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startAlpacaServer, type AlpacaServer } from '../main/servers/alpaca/server';

let server: AlpacaServer;
beforeAll(async () => {
  server = await startAlpacaServer({ seed: 3, speed: 120, symbols: ['MSFT', 'IBM', 'KO'] });
});
afterAll(async () => server.close());

it('streams trades, quotes and bars over msgpack to the official SDK', async () => {
  const stream = new streaming.StockDataStream({ url: server.streamUrl, credentials: { keyId: 'sdk-key', secret: 'sdk-secret' }, reconnect: false });
  const trades: Array<{ symbol: string; price: number; size: number; timestampRaw?: string; conditions: string[] }> = [];
  const quotes: Array<{ symbol: string }> = [];
  const bars: Array<{ symbol: string; open: number; tradeCount?: number }> = [];
  const errors: string[] = [];
  stream.on('trade', (t: (typeof trades)[number]) => trades.push(t));
  stream.on('quote', (q: (typeof quotes)[number]) => quotes.push(q));
  stream.on('bar', (b: (typeof bars)[number]) => bars.push(b));
  stream.onError((e: string) => errors.push(e));
  stream.subscribeForTrades(['MSFT', 'IBM']);
  stream.subscribeForQuotes(['KO']);
  stream.subscribeForBars(['*']);
  stream.connect();
  try {
    expect(await stream.waitForAuthentication(10_000)).toBe(true);
    const deadline = Date.now() + 20_000;
    while ((trades.length < 20 || quotes.length < 5 || bars.length < 3) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  } finally {
    stream.disconnect();
  }
  expect(errors).toEqual([]);
  expect(trades.length).toBeGreaterThanOrEqual(20);
  expect(quotes.length).toBeGreaterThanOrEqual(5);
  expect(bars.length).toBeGreaterThanOrEqual(3);
  expect(new Set(trades.map((t) => t.symbol))).toEqual(new Set(['MSFT', 'IBM']));
  expect(new Set(quotes.map((q) => q.symbol))).toEqual(new Set(['KO']));
  for (const t of trades) {
    expect(t.price).toBeGreaterThan(0);
    expect(Number.isInteger(t.size)).toBe(true);
    expect(t.timestampRaw).toMatch(/^2000-10-02T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/);
  }
  // Nanoseconds survive: the SDK's raw timestamps match the REST history for the same trades.
  const sample = trades.filter((t) => t.symbol === 'MSFT').slice(0, 5);
  const api = new marketData.StockApi(new marketData.Configuration({ basePath: server.restUrl, keyId: 'sdk-key', secret: 'sdk-secret' }));
  const page = await api.stockTrades({ symbols: 'MSFT', start: new Date(sample[0]!.timestampRaw!.slice(0, 19) + 'Z'), end: new Date(Date.parse(sample.at(-1)!.timestampRaw!.slice(0, 19) + 'Z') + 1000), limit: 10_000 });
  const restRaw = new Set((page.trades?.MSFT ?? []).map((t) => `${String(t.i)}`));
  for (const t of sample) expect(restRaw.has(String((t as unknown as { id: number }).id))).toBe(true);
});

it('pages the SDK historical bars call through a multi-page range', async () => {
  const api = new marketData.StockApi(new marketData.Configuration({ basePath: server.restUrl, keyId: 'sdk-key', secret: 'sdk-secret' }));
  const collected = new Map<string, number>();
  let pageToken: string | undefined;
  let pages = 0;
  do {
    const res = await api.stockBars({ symbols: 'MSFT,IBM', timeframe: '1Min', start: new Date('2000-10-02T00:00:00Z'), end: new Date('2000-10-06T23:59:59Z'), limit: 1000, pageToken });
    for (const [sym, list] of Object.entries(res.bars ?? {})) collected.set(sym, (collected.get(sym) ?? 0) + list.length);
    pageToken = res.nextPageToken ?? undefined;
    pages++;
  } while (pageToken);
  expect(pages).toBeGreaterThan(2);
  // The SDK's own paginating call (getStockBars follows next_page_token itself); its public
  // fetchApi option points it at the offline server instead of data.alpaca.markets.
  const requests: string[] = [];
  const sdk = new MarketDataClient({
    keyId: 'sdk-key',
    secret: 'sdk-secret',
    rateLimit: false,
    fetchApi: (url, init) => {
      const local = String(url).replace('https://data.alpaca.markets', server.restUrl);
      requests.push(local);
      return fetch(local, init);
    },
  });
  const bySymbol = await sdk.getStockBars({ symbols: ['MSFT', 'IBM'], timeframe: timeFrame(1, TimeFrameUnit.Minute), start: new Date('2000-10-02T00:00:00Z'), end: new Date('2000-10-06T23:59:59Z'), limit: 1000 });
  expect(requests.filter((u) => u.includes('/v2/stocks/bars')).length).toBeGreaterThan(2);
  expect(requests.some((u) => u.includes('page_token='))).toBe(true);
  expect(bySymbol.MSFT?.length).toBe(collected.get('MSFT'));
  expect(bySymbol.IBM?.length).toBe(collected.get('IBM'));
  // 5 sessions x 390 minutes, every minute has prints in this tape
  expect(collected.get('IBM')).toBeGreaterThan(5 * 380);
  expect(collected.get('MSFT')).toBeGreaterThan(5 * 380);
  // the day's bar through the SDK reproduces the real MSFT 2000-10-02 OHLCV
  const client = new marketData.StockApi(new marketData.Configuration({ basePath: server.restUrl, keyId: 'sdk-key', secret: 'sdk-secret' }));
  const daily = await client.stockBars({ symbols: 'MSFT', timeframe: '1Day', start: new Date('2000-10-02T00:00:00Z'), end: new Date('2000-10-02T23:00:00Z') });
  const bar = daily.bars?.MSFT?.[0];
  expect([bar?.o, bar?.h, bar?.l, bar?.c, bar?.v].map(Number)).toEqual([60.5, 60.8125, 58.25, 59.125, 29281200]);
});
