/**
 * Alpaca historical REST client: trades/quotes/bars for many symbols, limit 10 000 per page,
 * next_page_token pagination, pacing by X-RateLimit-* headers, retries with backoff on 429/5xx.
 * Other errors surface with Alpaca's message (never the keys).
 */
import { FdeError } from '../../engine/errors';

export const ALPACA_DATA_URL = 'https://data.alpaca.markets';

export interface RestClientOptions {
  baseUrl?: string;
  key: string;
  secret: string;
  maxRetries?: number;
  retryBaseMs?: number;
  /**
   * Awaited before every HTTP request, retries included: the runtime's shared per-source request
   * budget (and its cancel check) hooks in here.
   */
  beforeRequest?: () => Promise<void>;
}

/** An HTTP error answer from Alpaca; `status` lets callers tell 429/5xx from bad requests. */
export class AlpacaRestError extends FdeError {
  constructor(
    message: string,
    readonly status: number,
    hint?: string,
    /** For a 429: how long the server asked to wait (Retry-After / X-RateLimit-Reset), capped at a minute. */
    readonly retryAfterMs?: number,
  ) {
    super(message, hint);
    this.name = 'AlpacaRestError';
  }
}

export interface HistoryRequest {
  kind: 'trades' | 'quotes' | 'bars';
  symbols: string[];
  start: string;
  end: string;
  timeframe?: string;
  feed?: string;
  adjustment?: string;
  limit?: number;
}

export class AlpacaRestClient {
  readonly baseUrl: string;
  requests = 0;
  retries = 0;
  private pauseUntilMs = 0;

  constructor(private readonly o: RestClientOptions) {
    this.baseUrl = (o.baseUrl ?? ALPACA_DATA_URL).replace(/\/+$/, '');
  }

  private async getJson(url: string): Promise<Record<string, unknown>> {
    const maxRetries = this.o.maxRetries ?? 5;
    for (let attempt = 0; ; attempt++) {
      const wait = this.pauseUntilMs - Date.now();
      if (wait > 0) await sleep(wait);
      await this.o.beforeRequest?.();
      this.requests++;
      let res: Response;
      try {
        res = await fetch(url, { headers: { 'APCA-API-KEY-ID': this.o.key, 'APCA-API-SECRET-KEY': this.o.secret, Accept: 'application/json' }, redirect: 'error' });
      } catch (e) {
        if (attempt >= maxRetries) throw new FdeError(`Alpaca REST unreachable at ${new URL(url).origin}: ${(e as Error).message}`, 'check --rest-url and that the server is running', { cause: e });
        this.retries++;
        await sleep(this.backoff(attempt));
        continue;
      }
      this.pace(res.headers);
      if (res.ok) return (await res.json()) as Record<string, unknown>;
      const text = await res.text();
      const retryAfter = Number(res.headers.get('retry-after'));
      const resetMs = Number.isFinite(retryAfter) && retryAfter > 1e9 ? retryAfter * 1000 - Date.now() : Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 0;
      if ((res.status === 429 || res.status >= 500) && attempt < maxRetries) {
        this.retries++;
        await sleep(Math.max(this.backoff(attempt), Math.min(resetMs, 60_000)));
        continue;
      }
      let message = text.slice(0, 200);
      try {
        message = String((JSON.parse(text) as { message?: unknown }).message ?? message);
      } catch {
        /* keep the text */
      }
      const hint = res.status === 401 || res.status === 403 ? 'check APCA_API_KEY_ID / APCA_API_SECRET_KEY and your data plan (try --feed iex)' : undefined;
      throw new AlpacaRestError(`Alpaca REST ${res.status}: ${message}`, res.status, hint, res.status === 429 && resetMs > 0 ? Math.min(resetMs, 60_000) : undefined);
    }
  }

  private backoff(attempt: number): number {
    const base = this.o.retryBaseMs ?? 500;
    return Math.min(30_000, base * 2 ** attempt) * (0.5 + Math.random() * 0.5);
  }

  /** When the quota is used up, wait until X-RateLimit-Reset before the next request. */
  private pace(h: Headers): void {
    const remaining = Number(h.get('x-ratelimit-remaining'));
    const reset = Number(h.get('x-ratelimit-reset'));
    if (h.has('x-ratelimit-remaining') && remaining <= 0 && Number.isFinite(reset)) this.pauseUntilMs = Math.max(this.pauseUntilMs, reset * 1000);
  }

  /** All pages of a history request; yields rows per symbol page by page. */
  async *pages(r: HistoryRequest): AsyncGenerator<Map<string, Record<string, unknown>[]>> {
    let token: string | undefined;
    do {
      const p = new URLSearchParams({ symbols: r.symbols.join(','), start: r.start, end: r.end, limit: String(r.limit ?? 10_000) });
      if (r.timeframe) p.set('timeframe', r.timeframe);
      if (r.feed) p.set('feed', r.feed);
      if (r.adjustment) p.set('adjustment', r.adjustment);
      if (token) p.set('page_token', token);
      const body = await this.getJson(`${this.baseUrl}/v2/stocks/${r.kind}?${p}`);
      const data = (body[r.kind] ?? {}) as Record<string, Record<string, unknown>[]> | null;
      yield new Map(Object.entries(data ?? {}));
      const next = body.next_page_token;
      token = typeof next === 'string' && next !== '' ? next : undefined;
    } while (token);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
