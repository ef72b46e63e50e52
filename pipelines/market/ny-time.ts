/**
 * New York market time without a tz database: the data covers 1990-2001, when US daylight
 * saving ran from the first Sunday of April to the last Sunday of October (rules of 1987-2006).
 * Later dates use the 2007+ rule (second Sunday of March to first Sunday of November).
 */

export const SESSION_SECONDS = 6.5 * 3600;
const DAY_MS = 86_400_000;

/** Day of month of the n-th (1-based) Sunday of a month, or the last one when n = -1. */
function sunday(year: number, month0: number, n: number): number {
  if (n > 0) {
    const first = new Date(Date.UTC(year, month0, 1)).getUTCDay();
    return 1 + ((7 - first) % 7) + (n - 1) * 7;
  }
  const lastDay = new Date(Date.UTC(year, month0 + 1, 0));
  return lastDay.getUTCDate() - lastDay.getUTCDay();
}

/** UTC offset of New York in hours on a calendar date (-4 in summer, -5 in winter). */
export function nyOffsetHours(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  let start: [number, number];
  let end: [number, number];
  if (y < 2007) {
    start = [3, sunday(y, 3, 1)];
    end = [9, sunday(y, 9, -1)];
  } else {
    start = [2, sunday(y, 2, 2)];
    end = [10, sunday(y, 10, 1)];
  }
  const md = (m - 1) * 100 + d;
  const inDst = md >= start[0] * 100 + start[1] && md < end[0] * 100 + end[1];
  return inDst ? -4 : -5;
}

/** Epoch seconds of 09:30 New York on a date. */
export function sessionOpenEpochSec(date: string): number {
  const midnightUtcMs = Date.parse(`${date}T00:00:00Z`);
  return (midnightUtcMs + (9.5 - nyOffsetHours(date)) * 3_600_000) / 1000;
}

/** Epoch seconds of midnight New York on a date (Alpaca stamps daily bars there). */
export function nyMidnightEpochSec(date: string): number {
  return (Date.parse(`${date}T00:00:00Z`) - nyOffsetHours(date) * 3_600_000) / 1000;
}

/** Calendar date (YYYY-MM-DD) in New York of an epoch-seconds instant. */
export function nyDateOf(epochSec: number): string {
  const utcDate = new Date(epochSec * 1000).toISOString().slice(0, 10);
  const shifted = new Date(epochSec * 1000 + nyOffsetHours(utcDate) * 3_600_000);
  return shifted.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
