/**
 * The bundled NYSE trading calendar (1990-2035): which days trade, when they close (16:00 New
 * York, 13:00 on early-close days) and stepping between trading days. Dates are 'YYYY-MM-DD'
 * calendar dates in New York; instants are UTC Dates.
 */
import { nyOffsetHours } from '../market/ny-time';
import { FIRST_YEAR, LAST_YEAR, earlyClosesOf, holidaysOf, weekday, type CalendarDay, type EarlyClose } from './nyse-rules';

export { FIRST_YEAR, LAST_YEAR, easterSunday, type CalendarDay, type EarlyClose } from './nyse-rules';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

interface YearTables {
  holidays: Map<string, string>;
  early: Map<string, EarlyClose>;
}
const years = new Map<number, YearTables>();

function checkDate(date: string): number {
  if (!DATE_RE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`not a calendar date (YYYY-MM-DD): '${date}'`);
  }
  const y = Number(date.slice(0, 4));
  if (y < FIRST_YEAR || y > LAST_YEAR) {
    throw new RangeError(`the bundled NYSE calendar covers ${FIRST_YEAR}-${LAST_YEAR}; ${date} is outside it`);
  }
  return y;
}

function tables(y: number): YearTables {
  let t = years.get(y);
  if (!t) {
    t = {
      holidays: new Map(holidaysOf(y).map((h) => [h.date, h.name])),
      early: new Map(earlyClosesOf(y).map((e) => [e.date, e])),
    };
    years.set(y, t);
  }
  return t;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Full-day closures of a year (weekday holidays as observed and special closures). */
export function nyseHolidays(year: number): CalendarDay[] {
  checkDate(`${String(year).padStart(4, '0')}-01-01`);
  return holidaysOf(year);
}

/** Early closes of a year. */
export function nyseEarlyCloses(year: number): EarlyClose[] {
  checkDate(`${String(year).padStart(4, '0')}-01-01`);
  return earlyClosesOf(year);
}

/** Name of the closure when the date is a weekday holiday or special closure. */
export function holidayName(date: string): string | undefined {
  return tables(checkDate(date)).holidays.get(date);
}

export function isTradingDay(date: string): boolean {
  const y = checkDate(date);
  const dow = weekday(date);
  if (dow === 0 || dow === 6) return false;
  return !tables(y).holidays.has(date);
}

export function isEarlyClose(date: string): boolean {
  return isTradingDay(date) && tables(Number(date.slice(0, 4))).early.has(date);
}

/** Trading days from..to, both inclusive, in order. */
export function tradingDays(from: string, to: string): string[] {
  checkDate(from);
  checkDate(to);
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (isTradingDay(d)) out.push(d);
  return out;
}

/** The first trading day strictly after `date`. */
export function nextTradingDay(date: string): string {
  checkDate(date);
  let d = addDays(date, 1);
  while (!isTradingDay(d)) d = addDays(d, 1);
  return d;
}

/** The last trading day strictly before `date`. */
export function previousTradingDay(date: string): string {
  checkDate(date);
  let d = addDays(date, -1);
  while (!isTradingDay(d)) d = addDays(d, -1);
  return d;
}

/** New York local wall time on a date as a UTC instant (DST from the date's own offset). */
export function nyInstant(date: string, hhmm: string): Date {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return new Date(Date.parse(`${date}T00:00:00Z`) + ((h - nyOffsetHours(date)) * 60 + m) * 60_000);
}

/** The close of a trading day (16:00 New York, or the early close) in UTC; undefined when closed. */
export function closeTime(date: string): Date | undefined {
  if (!isTradingDay(date)) return undefined;
  return nyInstant(date, tables(Number(date.slice(0, 4))).early.get(date)?.close ?? '16:00');
}

/** Like closeTime, for a day that must trade: a closed day is a RangeError. */
export function marketClose(date: string): Date {
  const close = closeTime(date);
  if (!close) throw new RangeError(`${date} is not an NYSE trading day`);
  return close;
}

/** The 09:30 New York open of a trading day in UTC; undefined when closed. */
export function openTime(date: string): Date | undefined {
  if (!isTradingDay(date)) return undefined;
  return nyInstant(date, '09:30');
}
