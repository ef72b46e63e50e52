import { describe, expect, it } from 'vitest';
import { DailyBarV1, contractReason } from './daily-bar';

const good = { symbol: 'MSFT', date: '2000-09-27', open: '63.4375', high: '63.5625', low: '59.8125', close: '60.625', volume: '53077800', source: 'csv' };

describe('DailyBarV1', () => {
  it('coerces CSV text into a typed bar', () => {
    expect(DailyBarV1.parse(good)).toEqual({ ...good, open: 63.4375, high: 63.5625, low: 59.8125, close: 60.625, volume: 53077800 });
  });

  it('accepts close-only bars', () => {
    const bar = DailyBarV1.parse({ symbol: 'AA', date: '1991-01-02', close: '5.92', source: 'csv', open: '', high: '', low: '', volume: '' });
    expect(bar).toMatchObject({ open: null, high: null, low: null, volume: null, close: 5.92 });
  });

  it('treats absent cells like empty ones', () => {
    expect(DailyBarV1.parse({ symbol: 'AA', date: '1991-01-02', close: '5.92', source: 'csv' })).toMatchObject({ open: null, volume: null });
  });

  it.each([
    [{ ...good, close: '-1' }, /close/],
    [{ ...good, close: 'NA' }, /close/],
    [{ ...good, date: '2000-02-30' }, /date/],
    [{ ...good, symbol: 'msft' }, /symbol/],
    [{ ...good, high: '50' }, /high is below low/],
    [{ ...good, close: '70' }, /outside the high-low range/],
    [{ ...good, volume: '1.5' }, /volume/],
  ])('rejects %o with a reason naming the field', (input, reason) => {
    const result = DailyBarV1.safeParse(input);
    expect(result.success).toBe(false);
    if (!result.success) expect(contractReason(result.error)).toMatch(reason);
  });
});
