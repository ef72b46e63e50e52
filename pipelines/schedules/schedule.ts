/**
 * When a scheduled job is due. Two kinds (ScheduleSpec in pipelines/jobs/job-spec.ts):
 * - cron with an IANA time zone, evaluated by croner (DST gaps fire once at the first valid
 *   minute after the gap, an ambiguous fall-back time fires once, on its first occurrence);
 * - market schedules on the bundled NYSE calendar: N minutes after the close (16:00 New York,
 *   13:00 on half days) or before the 09:30 open, on trading days only.
 * All instants are UTC Dates. Ticks are strictly after `after`, so feeding a tick back in
 * yields the following one.
 */
import { Cron } from 'croner';
import { closeTime, FIRST_YEAR, isTradingDay, LAST_YEAR, openTime } from '../calendar/nyse';
import type { ScheduleSpec } from '../jobs/job-spec';

export type Schedule = ScheduleSpec;

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** A bad schedule in a job definition (unknown time zone, malformed cron pattern). */
export class ScheduleError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ScheduleError';
  }
}

const crons = new Map<string, Cron>();

function cronOf(pattern: string, timezone: string): Cron {
  const key = `${timezone}\u0000${pattern}`;
  let cron = crons.get(key);
  if (!cron) {
    if (!isTimeZone(timezone)) throw new ScheduleError(`unknown time zone '${timezone}' (use an IANA name such as America/New_York)`);
    try {
      cron = new Cron(pattern, { timezone, paused: true });
    } catch (e) {
      throw new ScheduleError(`bad cron pattern '${pattern}': ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    crons.set(key, cron);
  }
  return cron;
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Throws a ScheduleError when the schedule cannot be evaluated (checked when jobs load). */
export function validateSchedule(schedule: Schedule): void {
  if ('cron' in schedule) cronOf(schedule.cron, schedule.timezone);
}

/** A readable form for listings: "cron 0 * * * * (America/New_York)", "NYSE close + 30 min". */
export function describeSchedule(schedule: Schedule): string {
  if ('cron' in schedule) return `cron ${schedule.cron} (${schedule.timezone})`;
  return schedule.at === 'after-close'
    ? `NYSE trading days, close + ${schedule.offsetMinutes} min`
    : `NYSE trading days, open - ${schedule.offsetMinutes} min`;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** Calendar date (YYYY-MM-DD; en-CA formats that way) of an instant in a time zone. */
function dateIn(timeZone: string, t: number): string {
  let fmt = dateFormats.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, fmt);
  }
  return fmt.format(new Date(t));
}

const nyDate = (t: number): string => dateIn('America/New_York', t);
const addDay = (date: string): string => new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

function marketTickOn(schedule: Extract<Schedule, { market: 'NYSE' }>, date: string): number | undefined {
  if (!isTradingDay(date)) return undefined;
  return schedule.at === 'after-close'
    ? closeTime(date)!.getTime() + schedule.offsetMinutes * MINUTE_MS
    : openTime(date)!.getTime() - schedule.offsetMinutes * MINUTE_MS;
}

function inCalendar(date: string): boolean {
  const y = Number(date.slice(0, 4));
  return y >= FIRST_YEAR && y <= LAST_YEAR;
}

/** The first tick strictly after `after`; undefined past the calendar's last year (market schedules). */
export function nextTick(schedule: Schedule, after: Date): Date | undefined {
  if ('cron' in schedule) return cronOf(schedule.cron, schedule.timezone).nextRun(after) ?? undefined;
  const t = after.getTime();
  // The offset (at most 10 h) can move a tick across midnight, so start a day early.
  let date = nyDate(t - DAY_MS);
  if (!inCalendar(date)) date = `${FIRST_YEAR}-01-01`;
  for (; inCalendar(date); date = addDay(date)) {
    const tick = marketTickOn(schedule, date);
    if (tick !== undefined && tick > t) return new Date(tick);
  }
  return undefined;
}

/** Ticks in (after, until], ascending; at most `limit`, the most recent ones (see catchupTicks). */
export function ticksBetween(schedule: Schedule, after: Date, until: Date, limit: number): Date[] {
  return catchupTicks(schedule, after, until, limit).ticks;
}

export interface CatchupTicks {
  /** Ticks in (from, to], oldest first; at most `max` of them, the most recent ones. */
  ticks: Date[];
  /** Older ticks in the window left out by the bound (catchup never runs them). */
  skipped: number;
}

/**
 * Ticks missed between `from` (exclusive, e.g. the last tick that ran) and `to` (inclusive, now),
 * for catchup. Bounded: keeps the latest `max`, counts the rest, and stops counting after
 * `scanLimit` ticks so a minutely cron over years of downtime stays cheap.
 */
export function catchupTicks(schedule: Schedule, from: Date, to: Date, max: number, scanLimit = 100_000): CatchupTicks {
  if (!Number.isInteger(max) || max < 0) throw new ScheduleError(`max must be a whole number >= 0, got ${max}`);
  const ticks: Date[] = [];
  let skipped = 0;
  let scanned = 0;
  let at = nextTick(schedule, from);
  while (at && at.getTime() <= to.getTime() && scanned < scanLimit) {
    ticks.push(at);
    if (ticks.length > max) {
      ticks.shift();
      skipped++;
    }
    scanned++;
    at = nextTick(schedule, at);
  }
  return { ticks, skipped };
}

/**
 * The partition date a tick belongs to: for market schedules the trading day whose close (or
 * open) it follows; for cron the calendar date of the tick in the schedule's time zone.
 */
export function tickDate(schedule: Schedule, tick: Date): string {
  if ('cron' in schedule) {
    validateSchedule(schedule);
    return dateIn(schedule.timezone, tick.getTime());
  }
  const shifted = schedule.at === 'after-close' ? tick.getTime() - schedule.offsetMinutes * MINUTE_MS : tick.getTime() + schedule.offsetMinutes * MINUTE_MS;
  return nyDate(shifted);
}
