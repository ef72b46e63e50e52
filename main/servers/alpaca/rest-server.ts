/**
 * HTTP side of the offline server: the Market Data REST subset (/v2/stocks/{bars,trades,quotes}
 * and the single-symbol forms), key auth, X-RateLimit-* headers with a per-key minute window,
 * Alpaca-style error bodies ({code, message}), and a /_fde control surface for tests.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRng, parseTimeframe, type Rng } from '../../../pipelines/market/index';
import { NO_FAULTS, type FaultConfig } from './faults';
import type { MarketStore } from './market-store';
import { parseBound, queryPage, type RestKind } from './rest-query';

export interface RestOptions {
  store: MarketStore;
  keys?: Map<string, string>;
  /** Requests per minute per key. */
  rateLimit: number;
  /** Shared with the stream side (setFaults changes both); only the rest* fields apply here. */
  faults?: FaultConfig;
  seed?: number;
}

const FEEDS = new Set(['sip', 'iex', 'otc', 'boats', 'delayed_sip']);
const ADJUSTMENTS = new Set(['raw', 'split', 'dividend', 'spin-off', 'all']);

export class RestServer {
  private window = { startSec: 0, counts: new Map<string, number>() };
  requests = 0;
  /** Data requests answered with an injected failure. */
  injectedFailures = 0;
  private dataRequests = 0;
  private readonly rng: Rng;

  constructor(private readonly opts: RestOptions) {
    this.rng = createRng((opts.seed ?? 42) ^ 0x5eed);
  }

  /** The status to fail this authorized data request with, if fault injection picks it. */
  private injectedStatus(): number | undefined {
    const f = this.opts.faults ?? NO_FAULTS;
    const n = ++this.dataRequests;
    const pick = n <= f.restFailFirst || (f.restFailEvery > 0 && n % f.restFailEvery === 0) || (f.restFailRate > 0 && this.rng.next() < f.restFailRate);
    if (!pick) return undefined;
    const statuses = f.restFailStatuses.length > 0 ? f.restFailStatuses : NO_FAULTS.restFailStatuses;
    return statuses[this.injectedFailures++ % statuses.length];
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8', 'Content-Length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }

  private error(res: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
    this.send(res, status, { code, message }, headers);
  }

  /** Returns false when the path is not a REST route. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
    const m = /^\/v2\/stocks\/(?:([^/]+)\/)?(bars|trades|quotes)$/.exec(url.pathname);
    if (!m) return false;
    this.requests++;
    if (req.method !== 'GET') {
      this.error(res, 405, 40510000, 'method not allowed');
      return true;
    }
    const key = header(req, 'apca-api-key-id') ?? basicKey(req);
    const secret = header(req, 'apca-api-secret-key');
    if (!key) {
      this.error(res, 401, 40110000, 'request is not authorized');
      return true;
    }
    if (this.opts.keys && secret !== undefined && this.opts.keys.get(key) !== secret) {
      this.error(res, 403, 40310000, 'forbidden');
      return true;
    }
    const limits = this.rateHeaders(key);
    if (limits.exceeded) {
      this.error(res, 429, 42910000, 'rate limit exceeded', { ...limits.headers, 'Retry-After': limits.headers['X-RateLimit-Reset']! });
      return true;
    }
    const injected = this.injectedStatus();
    if (injected !== undefined) {
      // Alpaca-style bodies; a 429 also says when to come back, as the real API does.
      const headers: Record<string, string> = injected === 429 ? { ...limits.headers, 'Retry-After': '1' } : {};
      this.error(res, injected, injected * 100_000, injected === 429 ? 'rate limit exceeded (injected)' : `injected failure ${injected}`, headers);
      return true;
    }
    const pathSymbol = m[1] ? decodeURIComponent(m[1]) : undefined;
    const kind = m[2] as RestKind;
    const p = url.searchParams;
    const symbols = pathSymbol ? [pathSymbol] : (p.get('symbols') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const bad = (message: string): true => {
      this.error(res, 400, 40010001, message, limits.headers);
      return true;
    };
    if (symbols.length === 0) return bad('missing symbols');
    const tfText = p.get('timeframe');
    const timeframe = tfText ? parseTimeframe(tfText) : undefined;
    if (kind === 'bars' && !timeframe) return bad(tfText ? `invalid timeframe: ${tfText}` : 'missing timeframe');
    const limitText = p.get('limit');
    const limit = limitText === null ? 1000 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) return bad('invalid limit: must be between 1 and 10000');
    const feed = p.get('feed');
    if (feed !== null && !FEEDS.has(feed)) return bad(`invalid feed: ${feed}`);
    const adj = p.get('adjustment');
    if (adj !== null && !adj.split(',').every((a) => ADJUSTMENTS.has(a))) return bad(`invalid adjustment: ${adj}`);
    if ((p.get('sort') ?? 'asc') !== 'asc') return bad('the offline server supports sort=asc only');
    const todayStart = `${new Date().toISOString().slice(0, 10)}T00:00:00Z`;
    const start = parseBound(p.get('start') ?? todayStart, false);
    const end = parseBound(p.get('end') ?? new Date().toISOString(), true);
    if (!start) return bad('invalid start: use RFC 3339 or YYYY-MM-DD');
    if (!end) return bad('invalid end: use RFC 3339 or YYYY-MM-DD');
    const page = queryPage(this.opts.store, { kind, symbols, start, end, limit, pageToken: p.get('page_token') ?? undefined, timeframe });
    if (pathSymbol) {
      this.send(res, 200, { [kind]: page.items.get(pathSymbol) ?? [], symbol: pathSymbol, next_page_token: page.nextPageToken }, limits.headers);
    } else {
      this.send(res, 200, { [kind]: Object.fromEntries(page.items), next_page_token: page.nextPageToken }, limits.headers);
    }
    return true;
  }

  private rateHeaders(key: string): { exceeded: boolean; headers: Record<string, string> } {
    const nowSec = Math.floor(Date.now() / 1000);
    const minute = nowSec - (nowSec % 60);
    if (this.window.startSec !== minute) this.window = { startSec: minute, counts: new Map() };
    const used = (this.window.counts.get(key) ?? 0) + 1;
    this.window.counts.set(key, used);
    const limit = this.opts.rateLimit;
    return {
      exceeded: used > limit,
      headers: {
        'X-RateLimit-Limit': String(limit),
        'X-RateLimit-Remaining': String(Math.max(0, limit - used)),
        'X-RateLimit-Reset': String(minute + 60),
      },
    };
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function basicKey(req: IncomingMessage): string | undefined {
  const auth = header(req, 'authorization');
  if (!auth) return undefined;
  if (auth.startsWith('Bearer ')) return auth.slice(7) || undefined;
  if (!auth.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(auth.slice(6), 'base64').toString('utf8');
  return decoded.split(':')[0] || undefined;
}
