import { describe, expect, it } from 'vitest';
import { retryDelay } from './backoff';
import { RetryPolicy } from '../../pipelines/jobs/job-spec';

const policy = RetryPolicy.parse({ attempts: 10, backoffMs: 1000, maxBackoffMs: 20_000, jitter: 0.3 });

describe('retryDelay', () => {
  it('doubles per attempt up to the cap and stays within the jitter band', () => {
    for (let next = 2; next <= 10; next++) {
      const base = Math.min(20_000, 1000 * 2 ** (next - 2));
      for (const r of [0, 0.25, 0.5, 0.999]) {
        const d = retryDelay(policy, next, () => r);
        expect(d).toBeGreaterThanOrEqual(Math.floor(base * 0.7));
        expect(d).toBeLessThanOrEqual(base);
      }
    }
    expect(retryDelay(policy, 2, () => 1)).toBe(1000);
    expect(retryDelay(policy, 2, () => 0)).toBe(700);
    expect(retryDelay(policy, 30, () => 1)).toBe(20_000);
  });

  it('spreads concurrent retries (jitter) and honours Retry-After up to the cap', () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelay(policy, 4)));
    expect(delays.size).toBeGreaterThan(10);
    expect(retryDelay(policy, 2, () => 0.5, 15_000)).toBe(15_000);
    expect(retryDelay(policy, 2, () => 0.5, 90_000)).toBe(20_000);
    expect(retryDelay({ ...policy, jitter: 0 }, 3, Math.random)).toBe(2000);
  });
});
