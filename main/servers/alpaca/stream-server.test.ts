import { Packr, Unpackr } from 'msgpackr';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlpacaServer, type AlpacaServer } from './server';

let server: AlpacaServer;
let keyed: AlpacaServer;
beforeAll(async () => {
  server = await startAlpacaServer({ seed: 1, speed: 600, symbols: ['MSFT', 'IBM'], authTimeoutMs: 300, symbolLimit: 3 });
  keyed = await startAlpacaServer({ seed: 1, symbols: ['MSFT'], keys: { good: 'secret' } });
});
afterAll(async () => {
  await server.close();
  await keyed.close();
});

/** A raw protocol client that collects every decoded message. */
function open(url: string, msgpack = false): Promise<{ ws: WebSocket; msgs: Array<Record<string, unknown>>; next: (pred?: (m: Record<string, unknown>) => boolean) => Promise<Record<string, unknown>>; binary: boolean[] }> {
  const unpackr = new Unpackr({ mapsAsObjects: true });
  const ws = new WebSocket(url, { headers: msgpack ? { 'Content-Type': 'application/msgpack' } : {} });
  const msgs: Array<Record<string, unknown>> = [];
  const binary: boolean[] = [];
  let cursor = 0;
  ws.on('message', (d: Buffer, isBinary) => {
    binary.push(isBinary);
    const arr = (isBinary ? unpackr.unpack(d) : JSON.parse(String(d))) as Array<Record<string, unknown>>;
    msgs.push(...arr);
  });
  const next = async (pred: (m: Record<string, unknown>) => boolean = () => true): Promise<Record<string, unknown>> => {
    const end = Date.now() + 5000;
    for (;;) {
      while (cursor < msgs.length) {
        const m = msgs[cursor++]!;
        if (pred(m)) return m;
      }
      if (Date.now() > end) throw new Error('no message');
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return new Promise((resolve) => ws.on('open', () => resolve({ ws, msgs, next, binary })));
}
const send = (ws: WebSocket, m: unknown): void => ws.send(JSON.stringify(m));

describe('offline Alpaca stream protocol', () => {
  it('greets, authenticates, subscribes with a full snapshot and streams data', async () => {
    const c = await open(server.streamUrl);
    expect(await c.next()).toEqual({ T: 'success', msg: 'connected' });
    send(c.ws, { action: 'subscribe', trades: ['MSFT'] });
    expect(await c.next()).toEqual({ T: 'error', code: 401, msg: 'not authenticated' });
    send(c.ws, { action: 'auth', key: 'k', secret: 's' });
    expect(await c.next()).toEqual({ T: 'success', msg: 'authenticated' });
    send(c.ws, { action: 'auth', key: 'k', secret: 's' });
    expect(await c.next()).toEqual({ T: 'error', code: 403, msg: 'already authenticated' });
    send(c.ws, { action: 'subscribe', trades: ['MSFT'], bars: ['*'] });
    const snap = await c.next((m) => m.T === 'subscription');
    expect(snap).toMatchObject({ trades: ['MSFT'], bars: ['*'], quotes: [], corrections: ['MSFT'], cancelErrors: ['MSFT'] });
    const trade = await c.next((m) => m.T === 't');
    expect(Object.keys(trade)[0]).toBe('T');
    expect(trade).toMatchObject({ S: 'MSFT', z: 'C' });
    expect(String(trade.t)).toMatch(/^2000-10-02T\d\d:\d\d:\d\d(\.\d{1,9})?Z$/);
    send(c.ws, { action: 'unsubscribe', trades: ['MSFT'] });
    expect(await c.next((m) => m.T === 'subscription')).toMatchObject({ trades: [], corrections: [] });
    send(c.ws, { action: 'subscribe', orderbooks: ['MSFT'] });
    expect(await c.next((m) => m.T === 'error')).toEqual({ T: 'error', code: 410, msg: 'invalid subscribe action for this feed' });
    send(c.ws, { action: 'subscribe', trades: ['bad symbol!'] });
    expect(await c.next((m) => m.T === 'error')).toMatchObject({ code: 400, msg: 'invalid syntax' });
    c.ws.send('{not json');
    expect(await c.next((m) => m.T === 'error')).toMatchObject({ code: 400 });
    send(c.ws, { action: 'subscribe', quotes: ['A', 'B', 'C', 'D'] });
    expect(await c.next((m) => m.T === 'error')).toEqual({ T: 'error', code: 405, msg: 'symbol limit exceeded' });
    // a second session on the same key and endpoint is refused
    const d = await open(server.streamUrl);
    send(d.ws, { action: 'auth', key: 'k', secret: 's' });
    expect(await d.next((m) => m.T === 'error')).toEqual({ T: 'error', code: 406, msg: 'connection limit exceeded' });
    c.ws.close();
    d.ws.close();
  });

  it('speaks msgpack when asked: binary frames from the first message, ext -1 timestamps, fragmented input', async () => {
    const c = await open(`${server.url}/v2/sip`, true);
    expect(await c.next()).toEqual({ T: 'success', msg: 'connected' });
    expect(c.binary[0]).toBe(true);
    const packr = new Packr({ useRecords: false });
    c.ws.send(packr.pack({ action: 'auth', key: 'm', secret: 's' }));
    await c.next((m) => m.msg === 'authenticated');
    // python-websockets sends the subscribe fragmented: FIN=0 + continuation + empty FIN=1
    const body = packr.pack({ trades: ['IBM'], action: 'subscribe' });
    c.ws.send(body.subarray(0, 5), { binary: true, fin: false });
    c.ws.send(body.subarray(5), { binary: true, fin: false });
    c.ws.send(Buffer.alloc(0), { binary: true, fin: true });
    await c.next((m) => m.T === 'subscription');
    const trade = await c.next((m) => m.T === 't');
    expect(trade.t).toBeInstanceOf(Date); // a generic msgpack reader sees the timestamp extension
    expect(Number.isInteger(trade.s)).toBe(true);
    c.ws.close();
  });

  it('times out unauthenticated sockets with 404 and rejects bad keys with 402', async () => {
    const c = await open(server.streamUrl);
    expect(await c.next((m) => m.T === 'error')).toEqual({ T: 'error', code: 404, msg: 'auth timeout' });
    const k = await open(keyed.streamUrl);
    send(k.ws, { action: 'auth', key: 'good', secret: 'wrong' });
    expect(await k.next((m) => m.T === 'error')).toEqual({ T: 'error', code: 402, msg: 'auth failed' });
    const ok = await open(keyed.streamUrl);
    send(ok.ws, { action: 'auth', key: 'good', secret: 'secret' });
    expect(await ok.next((m) => m.T !== 'success' || m.msg !== 'connected')).toEqual({ T: 'success', msg: 'authenticated' });
    ok.ws.close();
  });
});
