import { describe, expect, it, vi } from 'vitest';
import { OperationsBus } from './operations-bus';
import { sampleQuery } from './failing-rows';

describe('operations bus', () => {
  it('coalesces a burst into at most one event per gap, the last payload winning', () => {
    vi.useFakeTimers();
    try {
      const bus = new OperationsBus(() => Date.now());
      const seen: number[] = [];
      bus.subscribe((name, p) => {
        if (name === 'streamTicks') seen.push((p as { trades: unknown[] }).trades.length);
      });
      for (let i = 1; i <= 1000; i++) bus.publish('streamTicks', { bars: [], trades: new Array(i % 50).fill({ symbol: 'A', ts: '', price: 1, size: 1 }) });
      expect(seen).toEqual([1]);
      vi.advanceTimersByTime(250);
      expect(seen).toEqual([1, 1000 % 50]);
      vi.advanceTimersByTime(1000);
      expect(seen).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('failing-row queries from stored check SQL', () => {
  it('turns a count over a WHERE into the rows, and a duplicate count into the duplicated keys', () => {
    expect(sampleQuery('SELECT count(*)::BIGINT AS failures, NULL::DOUBLE AS observed FROM silver.bars_1d WHERE "close" IS NULL', 5)).toEqual({
      sql: 'SELECT * FROM silver.bars_1d WHERE "close" IS NULL LIMIT 5',
      rows: true,
    });
    const unique = sampleQuery('SELECT coalesce(sum(n), 0)::BIGINT AS failures, count(*)::DOUBLE AS observed FROM (SELECT count(*) AS n FROM silver.quotes GROUP BY "symbol", "ts" HAVING count(*) > 1)', 3);
    expect(unique.sql).toBe('SELECT "symbol", "ts", count(*) AS n FROM silver.quotes GROUP BY "symbol", "ts" HAVING count(*) > 1 ORDER BY n DESC LIMIT 3');
    const agg = 'SELECT (CASE WHEN count(*) < 1 THEN 1 ELSE 0 END)::BIGINT AS failures, count(*)::DOUBLE AS observed FROM silver.bars_1d';
    expect(sampleQuery(agg, 5)).toEqual({ sql: agg, rows: false });
    expect(() => sampleQuery("SELECT 1; COPY (SELECT 1) TO '/tmp/x'", 5)).toThrow(/single SELECT/);
    expect(() => sampleQuery("ATTACH '/tmp/x.db'", 5)).toThrow(/single SELECT/);
  });
});
