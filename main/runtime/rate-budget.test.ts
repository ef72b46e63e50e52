import { afterEach, describe, expect, it, vi } from 'vitest';
import { budgetsFromEnv, createTokenBucketBudget, maxRequestsIn, sourceBudgets } from './rate-budget';
import type { SourceBudgets } from './task-api';

const tight: SourceBudgets = { alpaca: { perSecond: 10, burst: 5 }, reddit: { perSecond: 2, burst: 2 }, postgres: { perSecond: 100, burst: 100 } };

afterEach(() => {
  vi.useRealTimers();
});

/** Largest number of grants inside any window of `ms`. */
function peakIn(times: number[], ms: number): number {
  let peak = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= ms) j++;
    peak = Math.max(peak, i - j + 1);
  }
  return peak;
}

describe('token-bucket request budget', () => {
  it('the shipped budgets stay inside Alpaca 200/min and Reddit 100/min in any minute', () => {
    expect(maxRequestsIn(sourceBudgets.alpaca, 60_000)).toBeLessThanOrEqual(200);
    expect(maxRequestsIn(sourceBudgets.reddit, 60_000)).toBeLessThanOrEqual(100);
    expect(budgetsFromEnv({}).alpaca).toEqual({ perSecond: 3, burst: 20 });
    expect(budgetsFromEnv({}).reddit).toEqual({ perSecond: 1.5, burst: 10 });
  });
  it('paid plans raise the limit through the environment, still inside it in any minute', () => {
    const paid = budgetsFromEnv({ FDE_ALPACA_REQUESTS_PER_MINUTE: '10000' });
    expect(maxRequestsIn(paid.alpaca, 60_000)).toBe(10_000);
    expect(paid.alpaca.burst).toBe(1000);
    expect(() => budgetsFromEnv({ FDE_REDDIT_REQUESTS_PER_MINUTE: 'lots' })).toThrow(/whole number/);
  });

  it('two concurrent consumers share one bucket: together they never exceed burst + rate', async () => {
    vi.useFakeTimers();
    const budget = createTokenBucketBudget(tight);
    const times: number[] = [];
    const consumer = async (n: number): Promise<void> => {
      for (let i = 0; i < n; i++) {
        await budget.acquire('alpaca');
        times.push(Date.now());
      }
    };
    const t0 = Date.now();
    const both = Promise.all([consumer(50), consumer(50)]);
    await vi.runAllTimersAsync();
    await both;
    expect(times).toHaveLength(100);
    expect(budget.granted('alpaca')).toBe(100);
    expect(peakIn(times, 1000)).toBeLessThanOrEqual(maxRequestsIn(tight.alpaca, 1000));
    // 5 at once, the other 95 at 10/s.
    expect(times[times.length - 1]! - t0).toBeGreaterThanOrEqual(9_400);
    // Sources are independent: reddit's bucket is still full.
    await budget.acquire('reddit', 2);
    budget.close();
  });

  it('an aborted waiter leaves the queue with the signal reason; close rejects the rest', async () => {
    vi.useFakeTimers();
    const budget = createTokenBucketBudget(tight);
    await budget.acquire('reddit', 2);
    const controller = new AbortController();
    const waiting = budget.acquire('reddit', 1, controller.signal);
    controller.abort(new Error('cancelled by user'));
    await expect(waiting).rejects.toThrow('cancelled by user');
    const pending = budget.acquire('reddit', 2);
    budget.close();
    await expect(pending).rejects.toThrow(/closed/);
    await expect(budget.acquire('reddit', 3)).rejects.toThrow(/cannot be met/);
  });
});
