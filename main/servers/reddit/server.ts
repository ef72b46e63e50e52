/**
 * The offline Reddit-compatible server (`fde reddit-server`, startRedditServer()). One host
 * serves both the token endpoint and the oauth API; it follows the spec's fake-server
 * checklist: JSON only, never redirects, token + bearer checks, listings with after/before,
 * limit clamped to [1,100], the 1000-item cap, X-Ratelimit-* headers and 429 past the budget.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadUniverse, resourcesDir } from '../../../pipelines/nlp/resources';
import { AuthState, RateLimiter } from './auth';
import { generateSite, type GenItem, type Site } from './generator';
import { loadMarketTape } from './market-signal';
import { commentTree, listing, thing, visible, type Thing } from './views';

export interface RedditServerOptions {
  port?: number;
  host?: string;
  seed?: number;
  signal?: boolean;
  strength?: number;
  lag?: number;
  /** Simulated date range (UTC days); defaults to the MSFT daily file's range. */
  from?: string;
  to?: string;
  subreddits?: string[];
  postsPerDay?: number;
  commentsPerPost?: number;
  /** Simulated "now" (epoch seconds); defaults to two days after `to`. */
  now?: number;
  /** Requests per window per client id (default 1000 per 600 s, as on reddit.com). */
  budget?: number;
  windowSeconds?: number;
  tokenTtlSeconds?: number;
  clients?: Record<string, string>;
  /** Chaos: delay every API response by this many ms (slow-network tests). */
  latencyMs?: number;
}

export interface RedditServer {
  baseUrl: string;
  port: number;
  site: Site;
  /** Moves the simulated clock (edits, deletions and new items appear as it passes them). */
  setNow(epochSeconds: number): void;
  now(): number;
  /** The next API responses use these statuses (500/502/503/504/429) instead of answering. */
  injectFaults(statuses: number[]): void;
  expireTokens(): void;
  requestCount(): number;
  close(): Promise<void>;
}

export const DEFAULT_SUBREDDITS = ['wallstreetbets', 'stocks', 'investing', 'StockMarket', 'options'];
export const LISTING_CAP = 1000;

const escapeHtml = (_k: string, v: unknown) =>
  typeof v === 'string' ? v.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;') : v;

export async function startRedditServer(options: RedditServerOptions = {}): Promise<RedditServer> {
  const resources = resourcesDir();
  const tape = loadMarketTape(resources);
  const msft = tape.series.get('MSFT')!;
  const from = options.from ?? '2000-09-27';
  const to = options.to ?? msft.dates[msft.dates.length - 1]!;
  const subreddits = options.subreddits ?? DEFAULT_SUBREDDITS;
  const site = generateSite(
    {
      seed: options.seed ?? 1,
      signal: options.signal ?? false,
      strength: options.strength,
      lag: options.lag,
      from,
      to,
      subreddits,
      postsPerDay: options.postsPerDay,
      commentsPerPost: options.commentsPerPost,
    },
    loadUniverse(),
    tape,
  );
  let now = options.now ?? Date.parse(`${to}T00:00:00Z`) / 1000 + 2 * 86400;
  const auth = new AuthState({ clients: options.clients, tokenTtlSeconds: options.tokenTtlSeconds ?? 86400 });
  const limiter = new RateLimiter({ budget: options.budget ?? 1000, windowSeconds: options.windowSeconds ?? 600 });
  const faults: number[] = [];
  let requests = 0;
  const subKeys = new Map(subreddits.map((s) => [s.toLowerCase(), s]));
  const newestFirst = (items: GenItem[]) => [...items].reverse();
  const postsBySub = new Map<string, GenItem[]>();
  const commentsBySub = new Map<string, GenItem[]>();
  for (const s of subKeys.keys()) {
    postsBySub.set(s, newestFirst(site.posts.filter((p) => p.subreddit.toLowerCase() === s)));
    commentsBySub.set(s, newestFirst(site.comments.filter((c) => c.subreddit.toLowerCase() === s)));
  }

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, raw = true) {
    const text = JSON.stringify(body, raw ? undefined : escapeHtml);
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
    res.end(text);
  }

  function listingFor(kind: 'new' | 'comments', subs: string[], q: URLSearchParams): Thing | undefined {
    const pools: GenItem[][] = [];
    for (const s of subs) {
      const pool = (kind === 'new' ? postsBySub : commentsBySub).get(s.toLowerCase());
      if (!pool) return undefined;
      pools.push(pool);
    }
    const merged = pools.length === 1 ? pools[0]! : pools.flat().sort((a, b) => b.created - a.created || (a.id < b.id ? 1 : -1));
    const capped: GenItem[] = [];
    for (const item of merged) {
      if (!visible(item, now)) continue;
      capped.push(item);
      if (capped.length >= LISTING_CAP) break;
    }
    const rawLimit = Number.parseInt(q.get('limit') ?? '', 10);
    const limit = Number.isFinite(rawLimit) ? Math.min(100, Math.max(1, rawLimit)) : 25;
    const prefix = kind === 'new' ? 't3_' : 't1_';
    const indexOf = (name: string) => (name.startsWith(prefix) ? capped.findIndex((i) => i.id === name.slice(3)) : -1);
    let start = 0;
    let end: number;
    const after = q.get('after');
    const before = q.get('before');
    if (after) {
      const idx = indexOf(after);
      if (idx < 0) return listing([], null, null, 0);
      start = idx + 1;
      end = Math.min(capped.length, start + limit);
    } else if (before) {
      const idx = indexOf(before);
      if (idx < 0) return listing([], null, null, 0);
      start = Math.max(0, idx - limit);
      end = idx;
    } else {
      end = Math.min(capped.length, limit);
    }
    const page = capped.slice(start, end);
    const children = page.map((i) => thing(i, site, now));
    const nextAfter = end < capped.length && page.length > 0 ? `${prefix}${page[page.length - 1]!.id}` : null;
    const nextBefore = start > 0 && page.length > 0 ? `${prefix}${page[0]!.id}` : null;
    return listing(children, nextAfter, nextBefore, children.length);
  }

  function info(names: string[]): Thing {
    const children: Thing[] = [];
    for (const name of names.slice(0, 100)) {
      const m = /^(t1|t3)_([0-9a-z]+)$/.exec(name.trim());
      const item = m ? site.byId.get(m[2]!) : undefined;
      if (!item || item.kind !== m![1] || item.created > now) continue;
      children.push(thing(item, site, now));
    }
    return listing(children, null, null, children.length);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    requests++;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/\/+$/, '').replace(/\.json$/, '') || '/';
    const q = url.searchParams;
    const raw = q.get('raw_json') === '1';
    if (path === '/api/v1/access_token') {
      if (req.method !== 'POST') return send(res, 405, { message: 'Method Not Allowed', error: 405 });
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const reply = auth.issue(req.headers.authorization, new URLSearchParams(Buffer.concat(chunks).toString('utf8')), Date.now());
      return send(res, reply.status, reply.body, reply.status === 401 ? reply.headers : {});
    }
    const clientId = auth.check(req.headers.authorization, Date.now());
    if (!clientId) {
      return send(res, 401, { message: 'Unauthorized', error: 401 }, {
        'www-authenticate': 'Bearer realm="reddit", error="invalid_token"',
      });
    }
    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
    const fault = faults.shift();
    if (fault === 429) return send(res, 429, { message: 'Too Many Requests', error: 429 }, { 'retry-after': '1' });
    if (fault !== undefined) return send(res, fault, { message: 'Server Error', error: fault });
    const rate = limiter.take(clientId, Date.now());
    if (!rate.allowed) {
      res.writeHead(429, { 'content-type': 'text/html; charset=UTF-8', ...rate.headers });
      return void res.end('<html><body>Too Many Requests</body></html>');
    }
    const ok = (body: unknown) => send(res, 200, body, rate.headers, raw);
    const notFound = () => send(res, 404, { message: 'Not Found', error: 404 }, rate.headers);
    let m: RegExpExecArray | null;
    if ((m = /^\/r\/([A-Za-z0-9_+]+)\/(new|comments)$/.exec(path))) {
      const result = listingFor(m[2] as 'new' | 'comments', m[1]!.split('+').filter(Boolean), q);
      return result ? ok(result) : notFound();
    }
    if ((m = /^(?:\/r\/[A-Za-z0-9_]+)?\/comments\/([0-9a-z]+)(?:\/[^/]*(?:\/[^/]*)?)?$/.exec(path))) {
      const post = site.byId.get(m[1]!);
      if (!post || post.kind !== 't3' || post.created > now) return notFound();
      const head = listing([thing(post, site, now)], null, null, 1);
      return ok([head, commentTree(post, site, now)]);
    }
    if (path === '/api/info') return ok(info((q.get('id') ?? '').split(',').filter(Boolean)));
    if ((m = /^\/by_id\/([a-z0-9_,]+)$/.exec(path))) {
      const result = info(m[1]!.split(',').filter((n) => n.startsWith('t3_')));
      return (result.data.children as Thing[]).length > 0 ? ok(result) : notFound();
    }
    return notFound();
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { message: String(error), error: 500 });
      else res.destroy();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://${host}:${port}`,
    port,
    site,
    setNow: (t) => {
      now = t;
    },
    now: () => now,
    injectFaults: (statuses) => faults.push(...statuses),
    expireTokens: () => auth.expireAll(),
    requestCount: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
