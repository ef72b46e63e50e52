/**
 * Request budgets per source, shared by every task of the process: one token bucket per source,
 * so two backfills running at once together stay inside the API's limit. The limits leave
 * headroom: a bucket of capacity B refilled at r/s lets at most B + 60r requests through in any
 * minute, which is kept at or under the provider's published per-minute limit
 * (Alpaca market data: 200/min on the free plan, docs/alpaca.md; Reddit OAuth: 100/min per
 * client id, i.e. 1000 per 10 minutes, docs/reddit.md). Team mode (issue 21) swaps in a
 * PostgreSQL-shared implementation of the same RateBudget interface.
 */
import type { SourceId } from '../../pipelines/jobs/job-spec';
import type { RateBudget, SourceBudgets } from './task-api';

/**
 * A bucket that admits at most `perMinute` requests in any minute: a tenth of it as burst, the
 * rest refilled evenly (burst + 60 * rate = perMinute).
 */
export function budgetForLimit(perMinute: number): { perSecond: number; burst: number } {
  const burst = Math.max(1, Math.floor(perMinute / 10));
  return { perSecond: (perMinute - burst) / 60, burst };
}

/**
 * Per-minute limits, overridable for paid plans: FDE_ALPACA_REQUESTS_PER_MINUTE (Alpaca's paid
 * data plan allows 10 000) and FDE_REDDIT_REQUESTS_PER_MINUTE.
 */
export function budgetsFromEnv(env: NodeJS.ProcessEnv = process.env): SourceBudgets {
  const limit = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number of requests per minute, got '${raw}'`);
    return n;
  };
  return {
    // 20 + 60 * 3 = 200 requests in any minute by default.
    alpaca: budgetForLimit(limit('FDE_ALPACA_REQUESTS_PER_MINUTE', 200)),
    // 10 + 60 * 1.5 = 100 requests in any minute by default.
    reddit: budgetForLimit(limit('FDE_REDDIT_REQUESTS_PER_MINUTE', 100)),
    // Connections to our own database, not an API quota: only a guard against runaway loops.
    postgres: { perSecond: 50, burst: 50 },
  };
}

export const sourceBudgets: SourceBudgets = budgetsFromEnv();

/** Requests a bucket admits in any window of `ms`: its burst plus what refills meanwhile. */
export function maxRequestsIn(budget: { perSecond: number; burst: number }, ms: number): number {
  return Math.floor(budget.burst + (budget.perSecond * ms) / 1000);
}

interface Bucket {
  tokens: number;
  updatedMs: number;
  /** Waiters in arrival order, so a big request is not starved by small ones. */
  queue: Array<{ tokens: number; resolve: () => void; reject: (e: unknown) => void; signal?: AbortSignal; onAbort?: () => void }>;
  timer?: NodeJS.Timeout;
}

export interface TokenBucketBudget extends RateBudget {
  /** Tokens granted so far per source (for tests and the stats line). */
  granted(source: SourceId): number;
  /** Rejects pending waiters and stops timers (host shutdown). */
  close(): void;
}

export function createTokenBucketBudget(budgets: SourceBudgets = sourceBudgets, now: () => number = Date.now): TokenBucketBudget {
  const buckets = new Map<SourceId, Bucket>();
  const granted = new Map<SourceId, number>();
  const bucketOf = (source: SourceId): Bucket => {
    let b = buckets.get(source);
    if (!b) {
      b = { tokens: budgets[source].burst, updatedMs: now(), queue: [] };
      buckets.set(source, b);
    }
    return b;
  };
  const refill = (source: SourceId, b: Bucket): void => {
    const t = now();
    const { perSecond, burst } = budgets[source];
    b.tokens = Math.min(burst, b.tokens + ((t - b.updatedMs) / 1000) * perSecond);
    b.updatedMs = t;
  };
  const drain = (source: SourceId, b: Bucket): void => {
    refill(source, b);
    while (b.queue.length > 0 && b.tokens >= b.queue[0]!.tokens) {
      const w = b.queue.shift()!;
      b.tokens -= w.tokens;
      if (w.onAbort) w.signal?.removeEventListener('abort', w.onAbort);
      granted.set(source, (granted.get(source) ?? 0) + w.tokens);
      w.resolve();
    }
    if (b.queue.length > 0 && !b.timer) {
      const missing = b.queue[0]!.tokens - b.tokens;
      const waitMs = Math.max(1, Math.ceil((missing / budgets[source].perSecond) * 1000));
      b.timer = setTimeout(() => {
        b.timer = undefined;
        drain(source, b);
      }, waitMs);
    }
  };
  return {
    acquire(source, tokens = 1, signal) {
      const { burst } = budgets[source];
      if (!(tokens > 0) || tokens > burst) return Promise.reject(new RangeError(`a request for ${tokens} tokens of ${source} cannot be met (burst ${burst})`));
      if (signal?.aborted) return Promise.reject(signal.reason);
      const b = bucketOf(source);
      return new Promise<void>((resolve, reject) => {
        const waiter: Bucket['queue'][number] = { tokens, resolve, reject, ...(signal ? { signal } : {}) };
        if (signal) {
          waiter.onAbort = () => {
            const i = b.queue.indexOf(waiter);
            if (i >= 0) b.queue.splice(i, 1);
            reject(signal.reason);
            if (b.queue.length === 0 && b.timer) {
              clearTimeout(b.timer);
              b.timer = undefined;
            }
          };
          signal.addEventListener('abort', waiter.onAbort, { once: true });
        }
        b.queue.push(waiter);
        drain(source, b);
      });
    },
    granted: (source) => granted.get(source) ?? 0,
    close() {
      for (const b of buckets.values()) {
        if (b.timer) clearTimeout(b.timer);
        b.timer = undefined;
        for (const w of b.queue.splice(0)) {
          if (w.onAbort) w.signal?.removeEventListener('abort', w.onAbort);
          w.reject(new Error('the request budget was closed (host stopping)'));
        }
      }
    },
  };
}
