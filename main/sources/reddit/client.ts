/**
 * Reddit API client (spec sections 1, 2 and 4): app-only OAuth (client_credentials, or the
 * installed-client grant when there is no secret), token refresh before expiry, a descriptive
 * User-Agent, raw_json=1 on every call, prawcore-style pacing from X-Ratelimit-* headers,
 * retries on 5xx/408/timeouts, Retry-After on 429, and clear failures on 401/403.
 */
import { FdeError } from '../../engine/errors';
import { listingSchema, tokenResponseSchema, type Listing } from '../../../pipelines/contracts/reddit/schemas';

export const REDDIT_AUTH_URL = 'https://www.reddit.com';
export const REDDIT_OAUTH_URL = 'https://oauth.reddit.com';
export const DEFAULT_USER_AGENT = 'desktop:fintech-data-engine:0.1.0 (by /u/fde-dev)';
const RETRY_STATUSES = new Set([408, 500, 502, 503, 504, 520, 522]);

export interface RedditClientOptions {
  clientId: string;
  /** Omit (or '') for installed apps: the installed-client grant is used. */
  clientSecret?: string;
  userAgent?: string;
  /** API host (default https://oauth.reddit.com); the offline server serves both. */
  baseUrl?: string;
  /** Token host (default https://www.reddit.com, or baseUrl when only that is given). */
  authUrl?: string;
  deviceId?: string;
  timeoutMs?: number;
  maxAttempts?: number;
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  onWait?: (ms: number, why: string) => void;
  /**
   * Awaited before every HTTP request (token and API calls, retries included): the runtime's
   * shared per-source request budget and its cancel check hook in here.
   */
  beforeRequest?: () => Promise<void>;
}

export interface RateState {
  used: number;
  remaining: number;
  resetSeconds: number;
}

export class RedditApiError extends FdeError {
  constructor(
    message: string,
    readonly status: number,
    hint?: string,
  ) {
    super(message, hint);
    this.name = 'RedditApiError';
  }
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class RedditClient {
  private token: { value: string; refreshAt: number } | undefined;
  private nextRequestAt = 0;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  readonly baseUrl: string;
  readonly authUrl: string;
  readonly userAgent: string;
  rate: RateState | undefined;
  requests = 0;

  constructor(private readonly options: RedditClientOptions) {
    if (!options.clientId) throw new FdeError('Reddit client id is missing', 'set REDDIT_CLIENT_ID or run `fde secrets set reddit.client_id`');
    this.baseUrl = (options.baseUrl ?? REDDIT_OAUTH_URL).replace(/\/+$/, '');
    this.authUrl = (options.authUrl ?? options.baseUrl ?? REDDIT_AUTH_URL).replace(/\/+$/, '');
    this.userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    if (this.userAgent.length < 7) throw new FdeError('User-Agent is too short', 'use "<platform>:<app id>:<version> (by /u/<name>)"');
    this.sleep = options.sleep ?? realSleep;
    this.now = options.now ?? Date.now;
  }

  private async fetchToken(): Promise<void> {
    const secret = this.options.clientSecret ?? '';
    const form = new URLSearchParams();
    if (secret) form.set('grant_type', 'client_credentials');
    else {
      form.set('grant_type', 'https://oauth.reddit.com/grants/installed_client');
      form.set('device_id', this.options.deviceId ?? 'DO_NOT_TRACK_THIS_DEVICE');
    }
    const started = this.now();
    await this.options.beforeRequest?.();
    const res = await this.fetchWithTimeout(`${this.authUrl}/api/v1/access_token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${this.options.clientId}:${secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': this.userAgent,
      },
      body: form.toString(),
    });
    if (res.status === 401) {
      throw new RedditApiError('Reddit rejected the client credentials (401)', 401, 'check REDDIT_CLIENT_ID / REDDIT_CLIENT_SECRET (or the keychain entries)');
    }
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (typeof body.error === 'string' || res.status !== 200) {
      throw new RedditApiError(`Reddit token request failed: ${String(body.error ?? res.status)}`, res.status, 'installed apps have no secret; script/web apps need one');
    }
    const token = tokenResponseSchema.parse(body);
    // Renew at 90% of the lifetime (at least a minute early) so no call races the expiry.
    const ttl = token.expires_in * 1000;
    this.token = { value: token.access_token, refreshAt: started + Math.min(ttl * 0.9, ttl - 60_000) };
  }

  private async fetchWithTimeout(url: string, init: RequestInit): Promise<Response> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs ?? 16_000);
    try {
      return await fetch(url, { ...init, redirect: 'manual', signal: controller.signal });
    } finally {
      clearTimeout(timer);
    }
  }

  /** prawcore pacing: spread the remaining budget over the rest of the window, <= 10 s per wait. */
  private pace(headers: Headers): void {
    const used = Number(headers.get('x-ratelimit-used'));
    const remaining = Number(headers.get('x-ratelimit-remaining'));
    const reset = Number(headers.get('x-ratelimit-reset'));
    if (!headers.has('x-ratelimit-remaining') || !Number.isFinite(remaining) || !Number.isFinite(reset)) return;
    this.rate = { used, remaining, resetSeconds: reset };
    const now = this.now();
    if (remaining <= 0) {
      this.nextRequestAt = now + Math.max(1, reset) * 1000;
      return;
    }
    const window = 600;
    const total = remaining + used;
    const wait = Math.min(reset, Math.max(reset - (window - (window / total) * used), 0), 10);
    this.nextRequestAt = now + wait * 1000;
  }

  /** GET an API path (e.g. "/r/stocks/new") and return parsed JSON. */
  async get(path: string, params: Record<string, string | number | undefined> = {}): Promise<unknown> {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, String(v));
    url.searchParams.set('raw_json', '1');
    const maxAttempts = this.options.maxAttempts ?? 4;
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      if (!this.token || this.now() >= this.token.refreshAt) await this.fetchToken();
      const wait = this.nextRequestAt - this.now();
      if (wait > 0) {
        this.options.onWait?.(wait, 'rate limit pacing');
        await this.sleep(wait);
      }
      await this.options.beforeRequest?.();
      let res: Response;
      try {
        this.requests++;
        res = await this.fetchWithTimeout(url.toString(), {
          headers: { authorization: `bearer ${this.token!.value}`, 'user-agent': this.userAgent },
        });
      } catch (error) {
        if (attempt >= maxAttempts) throw new RedditApiError(`Reddit request failed: ${(error as Error).message}`, 0, 'check the network or --base-url');
        await this.backoff(attempt, 'network error');
        continue;
      }
      this.pace(res.headers);
      if (res.status === 200) return res.json();
      await res.body?.cancel().catch(() => undefined);
      if (res.status === 401 && !refreshed) {
        // An expired or revoked token: fetch a new one once (prawcore does the same).
        refreshed = true;
        this.token = undefined;
        continue;
      }
      if (res.status === 401) throw new RedditApiError(`Reddit refused the token for ${path} (401)`, 401, 'check the app credentials and that the app is not suspended');
      if (res.status === 403) throw new RedditApiError(`Reddit forbids ${path} (403)`, 403, 'the subreddit may be private or banned, or the token lacks the read scope');
      if (res.status === 404) throw new RedditApiError(`Reddit has no ${path} (404)`, 404, 'check the subreddit name or id');
      if (res.status >= 300 && res.status < 400) throw new RedditApiError(`Reddit redirected ${path} (${res.status})`, res.status, 'an unknown subreddit redirects to search');
      if (attempt >= maxAttempts) throw new RedditApiError(`Reddit answered ${res.status} for ${path} after ${attempt} attempts`, res.status);
      if (res.status === 429) {
        const retryAfter = Number(res.headers.get('retry-after'));
        const ms = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : ((this.rate?.resetSeconds ?? 0) + 1) * 1000;
        this.options.onWait?.(ms, '429 too many requests');
        await this.sleep(Math.min(ms, 600_000));
        continue;
      }
      if (RETRY_STATUSES.has(res.status)) {
        await this.backoff(attempt, `HTTP ${res.status}`);
        continue;
      }
      throw new RedditApiError(`Reddit answered ${res.status} for ${path}`, res.status);
    }
  }

  private async backoff(attempt: number, why: string): Promise<void> {
    // Jittered 0-2 s, 2-4 s, 4-8 s ... like prawcore.
    const base = attempt === 1 ? 0 : 2 ** attempt * 500;
    const ms = base + Math.random() * Math.max(2000, base);
    this.options.onWait?.(ms, why);
    await this.sleep(ms);
  }

  async listing(subreddits: string[], kind: 'new' | 'comments', page: { after?: string; before?: string; limit?: number } = {}): Promise<Listing> {
    const body = await this.get(`/r/${subreddits.join('+')}/${kind}`, { limit: page.limit ?? 100, after: page.after, before: page.before });
    return listingSchema.parse(body);
  }

  /** Re-fetch items by fullname (t1_/t3_), 100 per call. */
  async info(fullnames: string[]): Promise<Listing['data']['children']> {
    const out: Listing['data']['children'] = [];
    for (let i = 0; i < fullnames.length; i += 100) {
      const body = await this.get('/api/info', { id: fullnames.slice(i, i + 100).join(',') });
      out.push(...listingSchema.parse(body).data.children);
    }
    return out;
  }

  /** A post and its comments, flattened in tree order (no `more` expansion). */
  async comments(postId: string): Promise<{ post: Listing['data']['children'][number] | undefined; comments: Listing['data']['children'] }> {
    const body = await this.get(`/comments/${postId}`, { limit: 500, sort: 'new' });
    if (!Array.isArray(body) || body.length < 2) throw new RedditApiError(`unexpected /comments/${postId} shape`, 200);
    const head = listingSchema.parse(body[0]);
    const tree = listingSchema.parse(body[1]);
    const comments: Listing['data']['children'] = [];
    const walk = (children: Listing['data']['children']) => {
      for (const child of children) {
        if (child.kind !== 't1') continue;
        comments.push(child);
        const replies = child.data.replies;
        if (replies && typeof replies === 'object') {
          const parsed = listingSchema.safeParse(replies);
          if (parsed.success) walk(parsed.data.data.children);
        }
      }
    };
    walk(tree.data.children);
    return { post: head.data.children[0], comments };
  }
}
