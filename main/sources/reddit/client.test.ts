import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedditServer, type RedditServer } from '../../servers/reddit/server';
import { RedditApiError, RedditClient, type RedditClientOptions } from './client';

let server: RedditServer;
const waits: Array<[number, string]> = [];

function client(extra: Partial<RedditClientOptions> = {}, base = server.baseUrl): RedditClient {
  return new RedditClient({
    clientId: 'app', clientSecret: 'secret', baseUrl: base, userAgent: 'test:fde:0.1 (by /u/fde)',
    sleep: async () => undefined, onWait: (ms, why) => waits.push([ms, why]), ...extra,
  });
}

beforeAll(async () => {
  server = await startRedditServer({ seed: 2, from: '2001-08-01', to: '2001-09-27', budget: 100_000, tokenTtlSeconds: 3600 });
});
afterAll(async () => {
  await server.close();
});

describe('RedditClient', () => {
  it('lists with limit=100 and pages with after', async () => {
    const c = client();
    const first = await c.listing(['stocks'], 'new');
    expect(first.data.children).toHaveLength(100);
    const second = await c.listing(['stocks'], 'new', { after: first.data.after! });
    expect(second.data.children[0]!.data.name).not.toBe(first.data.children[99]!.data.name);
    expect(c.rate?.remaining).toBeGreaterThan(0);
  });

  it('uses the installed-client grant without a secret', async () => {
    const c = client({ clientSecret: undefined });
    expect((await c.listing(['stocks'], 'new', { limit: 5 })).data.children).toHaveLength(5);
  });

  it('refreshes an expired token once and retries', async () => {
    const c = client();
    await c.listing(['stocks'], 'new', { limit: 1 });
    server.expireTokens();
    expect((await c.listing(['stocks'], 'new', { limit: 2 })).data.children).toHaveLength(2);
  });

  it('renews the token before it expires', async () => {
    let now = Date.now();
    const c = client({ now: () => now });
    await c.listing(['stocks'], 'new', { limit: 1 });
    const before = server.requestCount();
    now += 3500 * 1000; // past 90% of the 3600 s lifetime
    await c.listing(['stocks'], 'new', { limit: 1 });
    expect(server.requestCount() - before).toBe(2); // token + listing, no 401 round trip
  });

  it('retries 5xx with backoff and honours Retry-After on 429', async () => {
    const c = client();
    waits.length = 0;
    server.injectFaults([503, 502, 429]);
    expect((await c.listing(['stocks'], 'new', { limit: 3 })).data.children).toHaveLength(3);
    expect(waits.map((w) => w[1])).toEqual(['HTTP 503', 'HTTP 502', '429 too many requests']);
    expect(waits[2]![0]).toBe(1000);
  });

  it('gives up after the attempts and fails clearly on 403 and 404', async () => {
    const c = client({ maxAttempts: 2 });
    server.injectFaults([500, 500]);
    await expect(c.listing(['stocks'], 'new')).rejects.toThrow(/500 .* after 2 attempts/);
    server.injectFaults([403]);
    const err = await c.listing(['stocks'], 'new').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RedditApiError);
    expect((err as RedditApiError).status).toBe(403);
    expect((err as RedditApiError).hint).toMatch(/private|scope/);
    await expect(c.listing(['nosuchsub'], 'new')).rejects.toMatchObject({ status: 404 });
  });

  it('fails clearly when the credentials are refused', async () => {
    const strict = await startRedditServer({ seed: 2, from: '2001-09-01', to: '2001-09-05', clients: { app: 'right' } });
    try {
      await expect(client({ clientSecret: 'wrong' }, strict.baseUrl).listing(['stocks'], 'new')).rejects.toMatchObject({ status: 401 });
    } finally {
      await strict.close();
    }
  });

  it('waits for the window reset when the budget is used up', async () => {
    const tight = await startRedditServer({ seed: 2, from: '2001-09-01', to: '2001-09-05', budget: 1, windowSeconds: 600 });
    try {
      waits.length = 0;
      const c = client({ maxAttempts: 1 }, tight.baseUrl);
      await c.listing(['stocks'], 'new', { limit: 1 });
      expect(c.rate?.remaining).toBe(0);
      await c.listing(['stocks'], 'new', { limit: 1 }).catch(() => undefined);
      expect(waits[0]![1]).toBe('rate limit pacing');
      expect(waits[0]![0]).toBeGreaterThanOrEqual(900);
    } finally {
      await tight.close();
    }
  });

  it('flattens comment trees and re-fetches by fullname in chunks of 100', async () => {
    const c = client();
    const post = server.site.posts.find((p) => p.commentIds.length >= 3)!;
    const tree = await c.comments(post.id);
    expect(tree.post?.data.name).toBe(`t3_${post.id}`);
    expect(tree.comments.map((x) => x.data.id).sort()).toEqual([...post.commentIds].sort());
    const names = server.site.comments.slice(0, 150).map((x) => `t1_${x.id}`);
    const before = server.requestCount();
    expect((await c.info(names)).length).toBe(150);
    expect(server.requestCount() - before).toBe(2);
  });

  it('refuses a short User-Agent', () => {
    expect(() => new RedditClient({ clientId: 'x', userAgent: 'bot' })).toThrow(/User-Agent/);
  });
});
