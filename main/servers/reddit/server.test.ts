import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedditServer, type RedditServer } from './server';
import { generateSite } from './generator';
import { leadVolZ, loadMarketTape } from './market-signal';
import { loadUniverse, resourcesDir } from '../../../pipelines/nlp/resources';

let server: RedditServer;
let token: string;

async function getToken(base: string, body = 'grant_type=client_credentials', user = 'id:secret') {
  const res = await fetch(`${base}/api/v1/access_token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(user).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

async function api(path: string, t = token) {
  const res = await fetch(`${server.baseUrl}${path}`, { headers: { authorization: `bearer ${t}` }, redirect: 'manual' });
  return { status: res.status, headers: res.headers, json: (await res.json().catch(() => undefined)) as { kind: string; data: { after: string | null; before: string | null; dist: number; children: Array<{ kind: string; data: Record<string, unknown> }> } } };
}

beforeAll(async () => {
  server = await startRedditServer({ seed: 5, from: '2001-03-01', to: '2001-09-27', budget: 5 * 1000 });
  token = String((await getToken(server.baseUrl)).body.access_token);
});
afterAll(async () => {
  await server.close();
});

describe('offline Reddit server: auth', () => {
  it('issues tokens for client_credentials and installed_client, refuses bad grants', async () => {
    const ok = await getToken(server.baseUrl);
    expect(ok.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    expect(ok.body).toMatchObject({ token_type: 'bearer', expires_in: 86400, scope: '*' });
    const installed = await getToken(server.baseUrl, 'grant_type=https%3A%2F%2Foauth.reddit.com%2Fgrants%2Finstalled_client&device_id=DO_NOT_TRACK_THIS_DEVICE', 'id:');
    expect(installed.body.access_token).toEqual(expect.any(String));
    expect((await getToken(server.baseUrl, 'grant_type=client_credentials', 'id:')).body).toEqual({ error: 'unauthorized_client' });
    expect((await getToken(server.baseUrl, 'grant_type=nope')).body).toEqual({ error: 'unsupported_grant_type' });
    const noAuth = await fetch(`${server.baseUrl}/api/v1/access_token`, { method: 'POST', body: 'grant_type=client_credentials' });
    expect(noAuth.status).toBe(401);
    expect(noAuth.headers.get('www-authenticate')).toBe('Basic realm="reddit"');
  });

  it('requires a bearer token on API calls (401 with invalid_token)', async () => {
    const r = await api('/r/stocks/new', 'bogus');
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toBe('Bearer realm="reddit", error="invalid_token"');
  });
});

describe('offline Reddit server: listings', () => {
  it('sends rate-limit headers and clamps limit', async () => {
    const r = await api('/r/wallstreetbets/new?limit=1024&raw_json=1');
    expect(r.json.data.children).toHaveLength(100);
    expect(r.json.data.dist).toBe(100);
    expect(Number(r.headers.get('x-ratelimit-used'))).toBeGreaterThan(0);
    expect(r.headers.get('x-ratelimit-remaining')).toMatch(/^\d+\.0$/);
    expect(Number(r.headers.get('x-ratelimit-reset'))).toBeLessThanOrEqual(600);
    expect((await api('/r/wallstreetbets/new?limit=abc')).json.data.children).toHaveLength(25);
    expect((await api('/r/wallstreetbets/new.json/?limit=0')).json.data.children).toHaveLength(1);
  });

  it('pages with after until null, newest first, capped at 1000 items', async () => {
    const names: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const r = await api(`/r/wallstreetbets+stocks+investing/comments?limit=100${after ? `&after=${after}` : ''}`);
      names.push(...r.json.data.children.map((c) => String(c.data.name)));
      after = r.json.data.after;
      pages++;
    } while (after && pages < 20);
    expect(names).toHaveLength(1000);
    expect(new Set(names).size).toBe(1000);
    expect(pages).toBe(10);
  });

  it('returns the items newer than a before cursor', async () => {
    const page = await api('/r/stocks/new?limit=10');
    const anchor = String(page.json.data.children[5]!.data.name);
    const newer = await api(`/r/stocks/new?limit=10&before=${anchor}`);
    expect(newer.json.data.children.map((c) => c.data.name)).toEqual(page.json.data.children.slice(0, 5).map((c) => c.data.name));
    expect((await api('/r/stocks/new?before=t3_zzzzzz')).json.data.children).toEqual([]);
  });

  it('escapes HTML entities only without raw_json=1', async () => {
    const amp = server.site.posts.find((p) => p.title.includes('&') && !p.gone);
    expect(amp).toBeDefined();
    const raw = await api(`/api/info?id=t3_${amp!.id}&raw_json=1`);
    expect(raw.json.data.children[0]!.data.title).toBe(amp!.title);
    const legacy = await api(`/api/info?id=t3_${amp!.id}`);
    expect(legacy.json.data.children[0]!.data.title).toContain('&amp;');
  });

  it('serves a post with its comment tree, and 404s as JSON', async () => {
    const post = server.site.posts.find((p) => p.commentIds.length >= 3 && !p.gone)!;
    const res = await fetch(`${server.baseUrl}/comments/${post.id}/?limit=2048&sort=confidence`, { headers: { authorization: `bearer ${token}` } });
    const body = (await res.json()) as Array<{ data: { children: Array<{ data: Record<string, unknown> }> } }>;
    expect(body).toHaveLength(2);
    expect(body[0]!.data.children[0]!.data.name).toBe(`t3_${post.id}`);
    const top = body[1]!.data.children;
    expect(top.length).toBeGreaterThan(0);
    for (const c of top) expect(c.data).toMatchObject({ parent_id: `t3_${post.id}`, link_id: `t3_${post.id}`, depth: 0 });
    const missing = await api('/r/nosuchsub/new');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ message: 'Not Found', error: 404 });
  });

  it('hides deleted items from listings but shows them with markers in /api/info', async () => {
    const gone = server.site.posts.find((p) => p.gone === 'deleted' && p.goneAt! < server.now())!;
    const info = await api(`/api/info?id=t3_${gone.id}`);
    expect(info.json.data.children[0]!.data).toMatchObject({ author: '[deleted]', selftext: '[deleted]', removed_by_category: 'deleted' });
  });

  it('answers 429 past the budget and injected faults as asked', async () => {
    server.injectFaults([503]);
    expect((await api('/r/stocks/new')).status).toBe(503);
    const small = await startRedditServer({ seed: 5, from: '2001-09-01', to: '2001-09-10', budget: 2 });
    try {
      const t = String((await getToken(small.baseUrl)).body.access_token);
      const call = () => fetch(`${small.baseUrl}/r/stocks/new`, { headers: { authorization: `bearer ${t}` } });
      expect((await call()).status).toBe(200);
      expect((await call()).status).toBe(200);
      const limited = await call();
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await small.close();
    }
  });
});

describe('generator', () => {
  const universe = loadUniverse();
  const tape = loadMarketTape(resourcesDir());
  const opts = { seed: 9, from: '2000-10-01', to: '2001-06-30', subreddits: ['wallstreetbets', 'stocks'] };

  it('is deterministic for a seed and differs across seeds', () => {
    const a = generateSite({ ...opts, signal: false }, universe, tape);
    const b = generateSite({ ...opts, signal: false }, universe, tape);
    const c = generateSite({ ...opts, seed: 10, signal: false }, universe, tape);
    expect(b.posts.map((p) => p.title + p.id)).toEqual(a.posts.map((p) => p.title + p.id));
    expect(c.posts.map((p) => p.title)).not.toEqual(a.posts.map((p) => p.title));
    expect(a.posts.some((p) => p.editAt)).toBe(true);
    expect(a.posts.some((p) => p.gone === 'removed')).toBe(true);
  });

  it('with --signal, bearish tone follows the next trading day volatility; without it, it does not', () => {
    const shareBearishByZ = (signal: boolean) => {
      const site = generateSite({ ...opts, signal, postsPerDay: 12 }, universe, tape);
      const hi: number[] = [];
      const lo: number[] = [];
      for (const p of site.posts) {
        if (p.symbols[0] !== 'MSFT') continue;
        const z = leadVolZ(tape, 'MSFT', new Date(p.created * 1000).toISOString().slice(0, 10), 1);
        if (z === undefined) continue;
        (z > 0.5 ? hi : z < -0.5 ? lo : []).push(p.tone === 'bearish' ? 1 : 0);
      }
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      return mean(hi) - mean(lo);
    };
    expect(shareBearishByZ(true)).toBeGreaterThan(0.15);
    expect(Math.abs(shareBearishByZ(false))).toBeLessThan(0.08);
  });
});
