import { describe, expect, it } from 'vitest';
import { abnormalLogVariance, eventStudy, findEvents, type EventSeries } from './event-study';

function series(n: number, overrides: (i: number) => Partial<{ variance: number; sentiment: number | null; mentions: number }> = () => ({})): EventSeries {
  const s: EventSeries = { symbol: 'TEST', dates: [], variance: [], sentiment: [], mentions: [] };
  for (let i = 0; i < n; i++) {
    const o = overrides(i);
    s.dates.push(new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10));
    s.variance.push(o.variance ?? 1e-4 * (1 + 0.1 * Math.sin(i)));
    s.sentiment.push(o.sentiment === undefined ? 0.1 * Math.cos(i) : o.sentiment);
    s.mentions.push(o.mentions ?? 2);
  }
  return s;
}

describe('event study', () => {
  it('abnormal log variance is the log minus the mean of the 60 rows before', () => {
    const v = Array.from({ length: 70 }, (_, i) => Math.exp(i));
    const ar = abnormalLogVariance(v);
    expect(Number.isNaN(ar[59]!)).toBe(true);
    // ln v_i = i; mean of i-60..i-1 is i - 30.5.
    expect(ar[60]).toBeCloseTo(30.5, 12);
    expect(ar[69]).toBeCloseTo(30.5, 12);
  });

  it('finds sentiment extremes and mention spikes with the stated triggers', () => {
    const s = series(120, (i) => (i === 80 ? { sentiment: 5 } : i === 90 ? { mentions: 40 } : {}));
    const events = findEvents(s, { sentimentZ: 2, mentionSpike: 3, pre: 5, post: 10 });
    expect(events.map((e) => [e.index, e.trigger])).toEqual([[80, 'sentiment'], [90, 'mentions']]);
    expect(events[1]!.mentionRatio).toBeCloseTo(20, 12);
    expect(findEvents(s, { sentimentZ: 0, mentionSpike: 3, pre: 5, post: 10 }).map((e) => e.index)).toEqual([90]);
  });

  it('recovers a planted variance jump after events, with a CI that excludes zero', () => {
    const eventDays = [100, 140, 180, 220, 260, 300];
    const s = series(400, (i) => {
      const after = eventDays.some((d) => i > d && i <= d + 3);
      return { sentiment: eventDays.includes(i) ? 3 : 0.01 * Math.cos(i), variance: 1e-4 * (1 + 0.05 * Math.sin(i)) * (after ? Math.E : 1) };
    });
    const out = eventStudy([s], { sentimentZ: 2, mentionSpike: 0, pre: 5, post: 10 });
    expect(out.events).toHaveLength(6);
    expect(out.events[0]!.date > out.events[5]!.date).toBe(true);
    const day1 = out.days.find((d) => d.day === 1)!;
    expect(day1.n).toBe(6);
    expect(day1.mean!).toBeGreaterThan(0.9);
    expect(day1.lower!).toBeGreaterThan(0);
    const dayMinus2 = out.days.find((d) => d.day === -2)!;
    expect(Math.abs(dayMinus2.mean!)).toBeLessThan(0.2);
  });

  it('skips events without 60 rows of history and keeps the date range', () => {
    const s = series(200, (i) => (i === 30 || i === 150 ? { sentiment: 9 } : {}));
    expect(eventStudy([s], { sentimentZ: 2, mentionSpike: 0, pre: 5, post: 10 }).events.map((e) => e.date)).toEqual([s.dates[150]]);
    expect(eventStudy([s], { sentimentZ: 2, mentionSpike: 0, pre: 5, post: 10, to: s.dates[100] }).events).toHaveLength(0);
  });
});
