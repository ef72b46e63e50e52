/**
 * Retry delays: exponential (backoffMs * 2^(n-1)) capped at maxBackoffMs, with jitter drawn from
 * [delay * (1 - jitter), delay] so concurrent retries of one outage spread out instead of
 * hammering the source together. A server's Retry-After wins when it asks for longer.
 */
import type { RetryPolicy } from '../../pipelines/jobs/job-spec';

/** Delay before attempt `next` (2 = the first retry). */
export function retryDelay(policy: RetryPolicy, next: number, random: () => number = Math.random, retryAfterMs?: number): number {
  const exp = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** Math.max(0, next - 2));
  const low = exp * (1 - policy.jitter);
  const delay = Math.round(low + (exp - low) * random());
  return retryAfterMs !== undefined ? Math.max(delay, Math.min(retryAfterMs, policy.maxBackoffMs)) : delay;
}
