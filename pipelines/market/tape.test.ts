import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dailyBarOfTape, intradayBars, parseTimeframe, calendarBars } from './bars';
import { parseCloseTable, parseOhlcvCsv, synthesizeOhlc } from './daily-series';
import { nyOffsetHours, sessionOpenEpochSec } from './ny-time';
import { formatRfc3339, parseRfc3339 } from './rfc3339';
import { generateTape, SESSION_NS } from './tape';

const root = new URL('../../resources/market/', import.meta.url);
const msft = parseOhlcvCsv(readFileSync(new URL('msft_daily_2000_2001.csv', root), 'utf8'));
const dow = parseCloseTable(readFileSync(new URL('dowjones30_daily_close_1991_2000.csv', root), 'utf8'));

describe('synthetic intraday tape', () => {
  it('reproduces the real MSFT open/high/low/close and volume exactly on every day', () => {
    for (const bar of msft) {
      const tape = generateTape('MSFT', bar, { seed: 7, maxTrades: 1500 });
      const d = dailyBarOfTape(tape);
      expect([d.o, d.h, d.l, d.c, d.v]).toEqual([bar.open, bar.high, bar.low, bar.close, bar.volume]);
    }
  });

  it('keeps the real close of close-only series and a consistent synthesized range', () => {
    const ibm = dow.get('IBM')!;
    const bars = synthesizeOhlc('IBM', ibm, 3);
    bars.slice(0, 300).forEach((bar, k) => {
      expect(bar.close).toBe(ibm[k]!.close);
      expect(bar.high).toBeGreaterThanOrEqual(Math.max(bar.open, bar.close));
      expect(bar.low).toBeLessThanOrEqual(Math.min(bar.open, bar.close));
      const d = dailyBarOfTape(generateTape('IBM', bar, { seed: 3, maxTrades: 800 }));
      expect([d.o, d.h, d.l, d.c, d.v]).toEqual([bar.open, bar.high, bar.low, bar.close, bar.volume]);
    });
  });

  it('is deterministic per seed and differs across seeds', () => {
    const bar = msft[10]!;
    const a = generateTape('MSFT', bar, { seed: 1 });
    const b = generateTape('MSFT', bar, { seed: 1 });
    const c = generateTape('MSFT', bar, { seed: 2 });
    expect(Array.from(a.trades.price)).toEqual(Array.from(b.trades.price));
    expect(Array.from(a.quotes.bp)).toEqual(Array.from(b.quotes.bp));
    expect(Array.from(a.trades.price)).not.toEqual(Array.from(c.trades.price));
  });

  it('has U-shaped intensity, increasing times inside the session and quotes around trades', () => {
    const tape = generateTape('MSFT', msft[20]!, { seed: 5, maxTrades: 8000 });
    const { rel } = tape.trades;
    for (let i = 1; i < rel.length; i++) expect(rel[i]!).toBeGreaterThan(rel[i - 1]!);
    expect(rel[rel.length - 1]!).toBeLessThan(SESSION_NS);
    const third = SESSION_NS / 13; // first/middle/last half hour
    const count = (lo: number, hi: number): number => Array.from(rel).filter((t) => t >= lo && t < hi).length;
    const open = count(0, third);
    const mid = count(6 * third, 7 * third);
    const close = count(12 * third, 13 * third);
    expect(open).toBeGreaterThan(mid * 1.5);
    expect(close).toBeGreaterThan(mid * 1.5);
    const q = tape.quotes;
    expect(q.rel.length).toBeGreaterThanOrEqual(rel.length * 0.9);
    for (let i = 0; i < q.rel.length; i++) expect(q.ap[i]!).toBeGreaterThan(q.bp[i]!);
    const sizes = Array.from(tape.trades.size);
    expect(sizes.filter((s) => s % 100 === 0).length / sizes.length).toBeGreaterThan(0.6);
  });

  it('builds minute, hour, week and month bars consistent with the day', () => {
    const tape = generateTape('MSFT', msft[30]!, { seed: 9, maxTrades: 3000 });
    const minutes = intradayBars(tape, 60);
    expect(minutes.length).toBeGreaterThan(300);
    expect(minutes.reduce((s, b) => s + b.v, 0)).toBe(msft[30]!.volume);
    expect(Math.max(...minutes.map((b) => b.h))).toBe(msft[30]!.high);
    expect(parseTimeframe('15Min')).toEqual({ unit: 'Min', amount: 15, seconds: 900 });
    expect(parseTimeframe('60Min')).toBeUndefined();
    expect(parseTimeframe('5Month')).toBeUndefined();
    const days = msft.slice(0, 25).map((bar) => ({ ...dailyBarOfTape(generateTape('MSFT', bar, { seed: 1, maxTrades: 400 })), date: bar.date }));
    const weeks = calendarBars(days, parseTimeframe('1Week')!);
    expect(weeks.reduce((s, w) => s + w.v, 0)).toBe(days.reduce((s, d) => s + d.v, 0));
    expect(calendarBars(days, parseTimeframe('1Month')!)[0]!.t).toBe('2000-09-01T04:00:00Z');
  });
});

describe('New York time and RFC 3339', () => {
  it('applies the 1987-2006 daylight saving rule', () => {
    expect(nyOffsetHours('2000-04-01')).toBe(-5);
    expect(nyOffsetHours('2000-04-03')).toBe(-4);
    expect(nyOffsetHours('2000-10-28')).toBe(-4);
    expect(nyOffsetHours('2000-10-30')).toBe(-5);
    expect(new Date(sessionOpenEpochSec('2000-12-01') * 1000).toISOString()).toBe('2000-12-01T14:30:00.000Z');
  });
  it('formats and parses nanoseconds exactly', () => {
    expect(formatRfc3339(1614009105, 335689322)).toBe('2021-02-22T15:51:45.335689322Z');
    expect(formatRfc3339(1614009104, 208000000)).toBe('2021-02-22T15:51:44.208Z');
    expect(parseRfc3339('2022-02-01T14:30:00.000000123+00:00')).toEqual({ sec: 1643725800, nsec: 123 });
    expect(parseRfc3339('2022-02-01')).toEqual({ sec: 1643673600, nsec: 0 });
    expect(parseRfc3339('nope')).toBeUndefined();
  });
});
