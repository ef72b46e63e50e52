import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WorkstationHandlers } from '../engine/api-dispatch';
import type { WorkstationService } from '../engine/workstation-service';
import type { EventName } from '../../api/workstation-api';
import { createResearchHandlers } from '../research/research-handlers';
import { createJobsHandlers } from '../runtime/jobs-handlers';
import { createOperationsHandlers } from '../operations/operations-handlers';
import { createConnectHandlers } from '../auth/connect-handlers';
import { startBridge, resolveStatic, type Bridge } from './bridge-server';
import { cookieValue, isAllowedOrigin, tokenMatches } from './http-security';

const root = mkdtempSync(join(tmpdir(), 'fde-bridge-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<html></html>');
writeFileSync(join(root, 'assets/app.js'), 'console.log(1)');
writeFileSync(join(tmpdir(), 'fde-bridge-secret.txt'), 'secret');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const handlers: WorkstationHandlers = {
  getLakeStatus: async () => ({ uri: '/lake', tables: 2, totalRecords: 10 }),
  listTables: async () => [],
  listSymbols: async () => [],
  getSymbolSeries: async (r) => ({ symbol: r.symbol, points: [], totalDays: 0, model: null, nextForecast: null }),
  ...createJobsHandlers(),
  ...createOperationsHandlers(),
  ...createConnectHandlers(),
  ...createResearchHandlers(),
};
const service: WorkstationService = { handlers, poll: async () => ({ tables: [{ id: 'gold.x', version: 3 }] }), close: async () => {} };

let bridge: Bridge | undefined;
afterEach(async () => bridge?.close());

function openSocket(b: Bridge, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${b.port}/api`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function nextMessage(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>)));
}

describe('static path resolution', () => {
  it('serves files inside the root and refuses escapes', () => {
    expect(resolveStatic(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveStatic(root, '/assets/app.js')).toBe(join(root, 'assets/app.js'));
    expect(resolveStatic(root, '/../fde-bridge-secret.txt')).toBeUndefined();
    expect(resolveStatic(root, '/%2e%2e/fde-bridge-secret.txt')).toBeUndefined();
    expect(resolveStatic(root, '/assets/%00x')).toBeUndefined();
    expect(resolveStatic(root, '/%E0%A4%A')).toBeUndefined();
    expect(resolveStatic(root, '/assets')).toBeUndefined();
  });
});

describe('token and origin checks', () => {
  it('compares tokens exactly and reads cookies', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abc', 'abd')).toBe(false);
    expect(tokenMatches('abc', 'abcd')).toBe(false);
    expect(tokenMatches('abc', undefined)).toBe(false);
    expect(cookieValue('a=1; fde_token=xyz; b=2', 'fde_token')).toBe('xyz');
    expect(isAllowedOrigin('http://127.0.0.1:8080', 8080)).toBe(true);
    expect(isAllowedOrigin('http://evil.example', 8080)).toBe(false);
    expect(isAllowedOrigin(undefined, 8080)).toBe(false);
  });
});

describe('browser bridge', () => {
  it('requires the token, then a cookie, and sends security headers', async () => {
    bridge = await startBridge({ service, staticDir: root, token: 'tok-123' });
    const base = `http://127.0.0.1:${bridge.port}`;
    expect((await fetch(`${base}/`)).status).toBe(401);
    const first = await fetch(`${base}/?token=tok-123`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(first.headers.get('x-content-type-options')).toBe('nosniff');
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict/);
    const asset = await fetch(`${base}/assets/app.js`, { headers: { cookie: 'fde_token=tok-123' } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect((await fetch(`${base}/assets/app.js`)).status).toBe(401);
    expect((await fetch(`${base}/?token=tok-123`, { method: 'POST' })).status).toBe(405);
  });

  it('carries validated API calls and pushes events over the WebSocket', async () => {
    bridge = await startBridge({ service, staticDir: root, token: 'tok-456', pollMs: 50 });
    const origin = `http://127.0.0.1:${bridge.port}`;
    await expect(openSocket(bridge, { Origin: origin })).rejects.toThrow();
    await expect(openSocket(bridge, { Origin: 'http://evil.example', Cookie: 'fde_token=tok-456' })).rejects.toThrow();
    const ws = await openSocket(bridge, { Origin: origin, Cookie: 'fde_token=tok-456' });
    const event = await nextMessage(ws);
    expect(event).toEqual({ event: 'lakeChanged', payload: { tables: [{ id: 'gold.x', version: 3 }] } });
    const replies: Record<string, unknown>[] = [];
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as Record<string, unknown>;
      if ('id' in message) replies.push(message);
    });
    ws.send(JSON.stringify({ id: 1, method: 'getLakeStatus', params: {} }));
    ws.send(JSON.stringify({ id: 2, method: 'getSymbolSeries', params: { symbol: 'bad symbol!' } }));
    ws.send(JSON.stringify({ id: 3, method: 'deleteEverything', params: {} }));
    await expect.poll(() => replies.length).toBe(3);
    const byId = Object.fromEntries(replies.map((r) => [r.id, r]));
    expect(byId[1]).toEqual({ id: 1, ok: true, result: { uri: '/lake', tables: 2, totalRecords: 10 } });
    expect(byId[2]).toMatchObject({ ok: false, error: expect.stringContaining('invalid getSymbolSeries request') });
    expect(byId[3]).toMatchObject({ ok: false, error: expect.stringContaining('unknown method') });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('not json');
    expect(await closed).toBe(1007);
  });
});

describe('pushed runtime events', () => {
  it('forwards valid events to every authorized client and drops ones outside the contract', async () => {
    const listeners = new Set<(event: EventName, payload: unknown) => void>();
    const pushing: WorkstationService = { ...service, subscribe: (l) => (listeners.add(l), () => listeners.delete(l)) };
    bridge = await startBridge({ service: pushing, staticDir: root, token: 'tok-ev', pollMs: 60_000 });
    const origin = `http://127.0.0.1:${bridge.port}`;
    const ws = await openSocket(bridge, { Origin: origin, Cookie: 'fde_token=tok-ev' });
    const got = nextMessage(ws);
    for (const l of listeners) l('partitionUpdated', { job: 'j', partitions: 'not an array' });
    const partition = { job: 'alpaca-backfill', key: '2024-03-01|MSFT', date: '2024-03-01', symbol: 'MSFT', state: 'done', runId: 'r1', updatedAt: null, note: null };
    for (const l of listeners) l('partitionUpdated', { job: 'alpaca-backfill', partitions: [partition] });
    expect(await got).toEqual({ event: 'partitionUpdated', payload: { job: 'alpaca-backfill', partitions: [partition] } });
    ws.close();
    await bridge.close();
    bridge = undefined;
    expect(listeners.size).toBe(0);
  });
});
