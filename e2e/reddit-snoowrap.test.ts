/**
 * Conformance: the real snoowrap client (npm) drives the offline Reddit server. snoowrap has
 * no base-URL option, so rawRequest is overridden to send its request-promise style options to
 * the local server with fetch (the only shim; URLs, auth, paging and parsing are snoowrap's).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Snoowrap from 'snoowrap';
import { startRedditServer, type RedditServer } from '../main/servers/reddit/server';

interface RpOptions {
  baseUrl?: string;
  uri: string;
  method?: string;
  headers?: Record<string, string>;
  qs?: Record<string, string | number | boolean | undefined>;
  form?: Record<string, string>;
  auth?: { bearer?: string; user?: string; pass?: string };
  transform?: (body: unknown, response: unknown) => unknown;
  resolveWithFullResponse?: boolean;
}

let server: RedditServer;
const seen: string[] = [];

function localRequester(base: string): Snoowrap {
  const r = new Snoowrap({ userAgent: 'test:fde-conformance:0.1 (by /u/fde)', clientId: 'x', clientSecret: 'y', username: 'u', password: 'p' });
  const raw = async (options: RpOptions) => {
    const remote = new URL(options.uri, `${(options.baseUrl ?? '').replace(/\/?$/, '/')}`);
    const url = new URL(remote.pathname, base);
    for (const [k, v] of Object.entries(options.qs ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.auth?.bearer) headers.authorization = `bearer ${options.auth.bearer}`;
    else if (options.auth) headers.authorization = `Basic ${Buffer.from(`${options.auth.user}:${options.auth.pass}`).toString('base64')}`;
    let body: string | undefined;
    if (options.form) {
      body = new URLSearchParams(options.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const method = (options.method ?? 'GET').toUpperCase();
    seen.push(`${method} ${url.pathname}${url.search}`);
    const res = await fetch(url, { method, headers, body, redirect: 'manual' });
    const text = await res.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    const response = {
      statusCode: res.status,
      headers: headerRecord(res.headers),
      body: parsed,
      request: { method, uri: { href: url.toString() } },
    };
    if (res.status >= 400) throw Object.assign(new Error(`${res.status}`), { statusCode: res.status, response });
    if (options.transform) return options.transform(parsed, response);
    return options.resolveWithFullResponse ? response : parsed;
  };
  (r as unknown as { rawRequest: typeof raw }).rawRequest = raw;
  r.config({ requestDelay: 0, continueAfterRatelimitError: false, warnings: false });
  return r;
}

beforeAll(async () => {
  server = await startRedditServer({ seed: 3, from: '2001-06-01', to: '2001-08-31', budget: 10_000 });
});
afterAll(async () => {
  await server.close();
});

describe('snoowrap against the offline Reddit server', () => {
  it('authenticates, lists new posts and pages with after', async () => {
    const r = localRequester(server.baseUrl);
    const first = await r.getSubreddit('wallstreetbets').getNew({ limit: 25 });
    expect(first.length).toBe(25);
    expect(seen.some((s) => s.startsWith('POST /api/v1/access_token'))).toBe(true);
    expect(seen.some((s) => s.includes('/r/wallstreetbets/new') && s.includes('raw_json=1'))).toBe(true);
    const more = await first.fetchMore({ amount: 60 });
    expect(more.length).toBe(85);
    const ids = Array.from(more, (s) => s.name);
    expect(new Set(ids).size).toBe(ids.length); // no duplicates across pages
    const times = Array.from(more, (s) => s.created_utc);
    expect([...times].sort((a, b) => b - a)).toEqual(times); // newest first
    expect(more[0]!.subreddit.display_name.toLowerCase()).toBe('wallstreetbets');
  });

  it('reads a multi-subreddit comments listing and a submission with its comment tree', async () => {
    const r = localRequester(server.baseUrl);
    const comments = await r.getSubreddit('stocks+investing').getNewComments({ limit: 50 });
    expect(comments.length).toBe(50);
    const subs = new Set(Array.from(comments, (c) => c.subreddit.display_name.toLowerCase()));
    expect([...subs].every((s) => s === 'stocks' || s === 'investing')).toBe(true);
    const withComments = server.site.posts.find((p) => p.commentIds.length >= 2 && !p.gone)!;
    const fetchable = r.getSubmission(withComments.id) as unknown as { fetch(): Promise<unknown> };
    const submission = (await fetchable.fetch()) as { title: string; comments: unknown };
    expect(submission.title).toBe(withComments.title);
    const flat: string[] = [];
    const walk = (list: Snoowrap.Comment[]) => {
      for (const c of list) {
        flat.push(c.id);
        walk(c.replies as unknown as Snoowrap.Comment[]);
      }
    };
    walk(submission.comments as unknown as Snoowrap.Comment[]);
    expect(flat.sort()).toEqual([...withComments.commentIds].sort());
  });

  it('re-fetches items by fullname through /api/info', async () => {
    const r = localRequester(server.baseUrl);
    const [a, b] = server.site.posts.slice(-2);
    const items = await r.getContentByIds([`t3_${a!.id}`, `t3_${b!.id}`]);
    expect(Array.from(items, (i) => i.name).sort()).toEqual([`t3_${a!.id}`, `t3_${b!.id}`].sort());
    expect(seen.some((s) => s.startsWith('GET /api/info'))).toBe(true);
  });
});

function headerRecord(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => (out[key] = value));
  return out;
}
