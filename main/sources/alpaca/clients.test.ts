import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlpacaServer, type AlpacaServer } from '../../servers/alpaca/server';
import { AlpacaRestClient } from './rest-client';
import { StreamClient, type StreamEvent } from './stream-client';

let server: AlpacaServer;
beforeAll(async () => {
  server = await startAlpacaServer({ seed: 4, speed: 300, symbols: ['MSFT'], keys: { good: 'secret' } });
});
afterAll(async () => server.close());

function client(key: string, secret: string, events: StreamEvent[], onData: () => void = () => undefined): StreamClient {
  return new StreamClient({ url: server.streamUrl, key, secret, subscriptions: { trades: ['MSFT'] }, initialBackoffMs: 20, maxBackoffMs: 100, onData, onUndecodable: () => undefined, onEvent: (e) => events.push(e) });
}

describe('stream client', () => {
  it('treats 402 as fatal: one error, no retry loop', async () => {
    const events: StreamEvent[] = [];
    const c = client('good', 'wrong', events);
    c.start();
    await expect(c.done).rejects.toThrow('402 auth failed');
    await new Promise((r) => setTimeout(r, 300));
    expect(events.filter((e) => e.type === 'connecting')).toHaveLength(1);
  });

  it('waits out 406 connection limit and gets in once the other session ends', async () => {
    const e1: StreamEvent[] = [];
    let got = 0;
    const first = client('good', 'secret', e1, () => got++);
    first.start();
    while (!e1.some((e) => e.type === 'subscribed')) await new Promise((r) => setTimeout(r, 20));
    const e2: StreamEvent[] = [];
    const second = client('good', 'secret', e2);
    second.start();
    while (!e2.some((e) => e.type === 'error' && e.code === 406)) await new Promise((r) => setTimeout(r, 20));
    first.stop();
    while (!e2.some((e) => e.type === 'subscribed')) await new Promise((r) => setTimeout(r, 20));
    expect(e2.filter((e) => e.type === 'connecting').length).toBeGreaterThan(1);
    second.stop();
    expect(got).toBeGreaterThanOrEqual(0);
  });
});

describe('REST client', () => {
  let flaky: Server;
  let calls = 0;
  beforeAll(async () => {
    // An upstream that rate-limits, then fails, then answers in two pages.
    flaky = createServer((req, res) => {
      calls++;
      const url = new URL(req.url ?? '/', 'http://x');
      if (calls === 1) return res.writeHead(429, { 'Retry-After': '0', 'Content-Type': 'application/json' }).end('{"code":42910000,"message":"rate limit exceeded"}');
      if (calls === 2) return res.writeHead(503).end('unavailable');
      const page = url.searchParams.get('page_token') ? 2 : 1;
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-RateLimit-Limit': '200', 'X-RateLimit-Remaining': page === 1 ? '0' : '199', 'X-RateLimit-Reset': String(Math.ceil(Date.now() / 1000)) });
      res.end(JSON.stringify({ trades: { MSFT: [{ t: '2000-10-02T13:30:00Z', x: 'Q', p: 60, s: 100, i: page, z: 'C' }] }, next_page_token: page === 1 ? 'p2' : null }));
    });
    await new Promise<void>((r) => flaky.listen(0, '127.0.0.1', () => r()));
  });
  afterAll(() => flaky.close());

  it('retries 429 and 5xx, follows next_page_token and paces on X-RateLimit-Remaining', async () => {
    const port = (flaky.address() as AddressInfo).port;
    const rest = new AlpacaRestClient({ baseUrl: `http://127.0.0.1:${port}`, key: 'k', secret: 's', retryBaseMs: 10 });
    const ids: unknown[] = [];
    for await (const page of rest.pages({ kind: 'trades', symbols: ['MSFT'], start: '2000-10-02', end: '2000-10-02' })) ids.push(...(page.get('MSFT') ?? []).map((r) => r.i));
    expect(ids).toEqual([1, 2]);
    expect(rest.retries).toBe(2);
  });

  it('surfaces other errors with the server message and never the keys', async () => {
    const rest = new AlpacaRestClient({ baseUrl: server.restUrl, key: 'good', secret: 'not-the-secret', maxRetries: 0 });
    const pages = rest.pages({ kind: 'bars', symbols: ['MSFT'], start: '2000-10-02', end: '2000-10-02', timeframe: '1Min' });
    await expect(pages.next()).rejects.toThrow(/Alpaca REST 403: forbidden/);
    await expect(rest.pages({ kind: 'bars', symbols: ['MSFT'], start: '2000-10-02', end: '2000-10-02', timeframe: '1Min' }).next()).rejects.not.toThrow(/not-the-secret/);
  });
});
