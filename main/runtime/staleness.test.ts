import { describe, expect, it } from 'vitest';
import { staleness } from './staleness';
import { job } from './test-support';
import type { RunRecord } from './store/run-store';

const j = job({ assets: { reads: ['silver.trades', 'silver.quotes'], produces: ['gold.x'] }, tasks: [{ id: 't', run: 'x' }] });
const last = { inputVersions: { 'silver.trades': 5, 'silver.quotes': 2 } } as unknown as RunRecord;

describe('asset staleness', () => {
  it('names each input table that moved since the last successful run', () => {
    expect(staleness(j, last, new Map([['silver.trades', 7], ['silver.quotes', 2]]))).toEqual({ stale: true, reasons: ['upstream table silver.trades changed v5->v7'] });
    expect(staleness(j, last, new Map([['silver.trades', 5], ['silver.quotes', 2]]))).toEqual({ stale: false, reasons: [] });
  });

  it('is stale when it never succeeded and its inputs exist; not when they do not', () => {
    expect(staleness(j, undefined, new Map([['silver.trades', 1]])).stale).toBe(true);
    expect(staleness(j, undefined, new Map()).stale).toBe(false);
  });
});
