import { describe, expect, it } from 'vitest';
import { catchupTicks, describeSchedule, nextTick, ScheduleError, tickDate, ticksBetween, validateSchedule, type Schedule } from './schedule';

const iso = (d: Date | undefined): string | undefined => d?.toISOString();
const afterClose = (offsetMinutes = 30): Schedule => ({ market: 'NYSE', at: 'after-close', offsetMinutes });

describe('market-calendar schedules', () => {
  it('fires after the close on trading days, 13:00 on half days, skipping holidays', () => {
    const s = afterClose(30);
    const t1 = nextTick(s, new Date('2024-07-02T21:00:00Z'));
    expect(iso(t1)).toBe('2024-07-03T17:30:00.000Z'); // half day: 13:00 EDT + 30
    const t2 = nextTick(s, t1!);
    expect(iso(t2)).toBe('2024-07-05T20:30:00.000Z'); // July 4 closed
    expect(iso(nextTick(s, new Date('2024-11-27T22:00:00Z')))).toBe('2024-11-29T18:30:00.000Z'); // day after Thanksgiving, EST
  });
  it('follows New York DST: 21:30Z before the March switch, 20:30Z after', () => {
    const s = afterClose(30);
    expect(iso(nextTick(s, new Date('2024-03-08T12:00:00Z')))).toBe('2024-03-08T21:30:00.000Z');
    expect(iso(nextTick(s, new Date('2024-03-08T21:30:00Z')))).toBe('2024-03-11T20:30:00.000Z');
    expect(iso(nextTick(s, new Date('2024-11-01T21:00:00Z')))).toBe('2024-11-04T21:30:00.000Z');
  });
  it('a tick exactly at `after` is not returned again', () => {
    const s = afterClose(0);
    expect(iso(nextTick(s, new Date('2024-03-11T20:00:00Z')))).toBe('2024-03-12T20:00:00.000Z');
  });
  it('before-open ticks and offsets that cross midnight keep their trading day', () => {
    const open: Schedule = { market: 'NYSE', at: 'before-open', offsetMinutes: 60 };
    const t = nextTick(open, new Date('2024-12-24T20:00:00Z'));
    expect(iso(t)).toBe('2024-12-26T13:30:00.000Z'); // 08:30 EST
    expect(tickDate(open, t!)).toBe('2024-12-26');
    const late = afterClose(600); // 02:00 the next calendar day
    const l = nextTick(late, new Date('2024-06-14T12:00:00Z'))!;
    expect(iso(l)).toBe('2024-06-15T06:00:00.000Z');
    expect(tickDate(late, l)).toBe('2024-06-14');
  });
  it('catchupTicks lists missed trading-day ticks over the year end (catchup)', () => {
    const { ticks, skipped } = catchupTicks(afterClose(30), new Date('2024-12-20T22:00:00Z'), new Date('2025-01-03T23:00:00Z'), 50);
    expect(ticks.map((t) => tickDate(afterClose(30), t))).toEqual([
      '2024-12-23', '2024-12-24', '2024-12-26', '2024-12-27', '2024-12-30', '2024-12-31', '2025-01-02', '2025-01-03',
    ]);
    expect(skipped).toBe(0);
    expect(iso(ticks[1])).toBe('2024-12-24T18:30:00.000Z'); // Christmas Eve half day
  });
  it('past the bundled calendar there is no next tick', () => {
    expect(nextTick(afterClose(), new Date('2035-12-31T23:00:00Z'))).toBeUndefined();
  });
});

describe('cron schedules with time zones (croner)', () => {
  const ny = (cron: string): Schedule => ({ cron, timezone: 'America/New_York' });
  it('a daily 02:30 in New York: the spring-forward gap fires once at 03:00 EDT', () => {
    const ticks = ticksBetween(ny('30 2 * * *'), new Date('2024-03-09T00:00:00Z'), new Date('2024-03-12T00:00:00Z'), 10);
    expect(ticks.map(iso)).toEqual(['2024-03-09T07:30:00.000Z', '2024-03-10T07:00:00.000Z', '2024-03-11T06:30:00.000Z']);
  });
  it('the ambiguous 01:30 of the fall-back night fires once', () => {
    const ticks = ticksBetween(ny('30 1 * * *'), new Date('2024-11-02T12:00:00Z'), new Date('2024-11-05T00:00:00Z'), 10);
    expect(ticks.map(iso)).toEqual(['2024-11-03T05:30:00.000Z', '2024-11-04T06:30:00.000Z']);
  });
  it('hourly: the fall-back day in New York has 25 ticks, the spring-forward day 23', () => {
    const s = ny('0 * * * *');
    expect(ticksBetween(s, new Date('2024-11-03T03:59:00Z'), new Date('2024-11-04T04:59:00Z'), 100)).toHaveLength(25);
    expect(ticksBetween(s, new Date('2024-03-10T04:59:00Z'), new Date('2024-03-11T03:59:00Z'), 100)).toHaveLength(23);
  });
  it('other zones: Sunday 03:00 UTC weekly', () => {
    const s: Schedule = { cron: '0 3 * * 0', timezone: 'UTC' };
    expect(iso(nextTick(s, new Date('2024-03-06T00:00:00Z')))).toBe('2024-03-10T03:00:00.000Z');
  });
  it('catchupTicks keeps the latest `max` ticks and counts the skipped ones', () => {
    const { ticks, skipped } = catchupTicks(ny('0 * * * *'), new Date('2024-06-01T00:30:00Z'), new Date('2024-06-04T00:30:00Z'), 5);
    expect(ticks.map(iso)).toEqual([
      '2024-06-03T20:00:00.000Z', '2024-06-03T21:00:00.000Z', '2024-06-03T22:00:00.000Z', '2024-06-03T23:00:00.000Z', '2024-06-04T00:00:00.000Z',
    ]);
    expect(skipped).toBe(67);
    expect(ticksBetween(ny('0 * * * *'), new Date('2024-06-01T00:30:00Z'), new Date('2024-06-04T00:30:00Z'), 0)).toEqual([]);
  });
  it('tickDate is the date in the schedule zone', () => {
    expect(tickDate(ny('0 * * * *'), new Date('2024-06-04T02:00:00Z'))).toBe('2024-06-03');
  });
  it('bad patterns and zones are clear errors', () => {
    expect(() => validateSchedule({ cron: '61 * * * *', timezone: 'UTC' })).toThrow(ScheduleError);
    expect(() => validateSchedule({ cron: '0 * * * *', timezone: 'Mars/Base' })).toThrow(/unknown time zone 'Mars\/Base'/);
    expect(() => ticksBetween(ny('0 * * * *'), new Date(0), new Date(1), -1)).toThrow(/max/);
  });
  it('describes schedules for listings', () => {
    expect(describeSchedule(afterClose(45))).toBe('NYSE trading days, close + 45 min');
    expect(describeSchedule(ny('0 * * * *'))).toBe('cron 0 * * * * (America/New_York)');
  });
});
