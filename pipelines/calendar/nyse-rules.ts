/**
 * The rules of the NYSE trading calendar, year by year: full-day holidays (with their
 * weekend observance), special closures and early closes. Sources: NYSE Rule 7.2 and the
 * NYSE Group holiday calendars published each year (2022-2028 announcements), plus the
 * exchange's historic closings list for the special closures; see docs/runtime.md.
 */

export interface CalendarDay {
  date: string;
  name: string;
}

export interface EarlyClose extends CalendarDay {
  /** Local New York close, 'HH:MM' (13:00 from 1993, 14:00 before). */
  close: string;
}

export const FIRST_YEAR = 1990;
export const LAST_YEAR = 2035;

/** Unscheduled full-day closures within the supported range. */
const SPECIAL_CLOSURES: readonly CalendarDay[] = [
  { date: '1994-04-27', name: 'National Day of Mourning (Richard Nixon)' },
  { date: '2001-09-11', name: 'September 11 attacks' },
  { date: '2001-09-12', name: 'September 11 attacks' },
  { date: '2001-09-13', name: 'September 11 attacks' },
  { date: '2001-09-14', name: 'September 11 attacks' },
  { date: '2004-06-11', name: 'National Day of Mourning (Ronald Reagan)' },
  { date: '2007-01-02', name: 'National Day of Mourning (Gerald Ford)' },
  { date: '2012-10-29', name: 'Hurricane Sandy' },
  { date: '2012-10-30', name: 'Hurricane Sandy' },
  { date: '2018-12-05', name: 'National Day of Mourning (George H. W. Bush)' },
  { date: '2025-01-09', name: 'National Day of Mourning (Jimmy Carter)' },
];

/** Early closes announced one-off rather than by rule. */
const SPECIAL_EARLY_CLOSES: readonly CalendarDay[] = [
  { date: '1997-12-26', name: 'Day after Christmas' },
  { date: '1999-12-31', name: "New Year's Eve 1999" },
  { date: '2003-12-26', name: 'Day after Christmas' },
];

const iso = (y: number, m: number, d: number): string =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** 0 = Sunday ... 6 = Saturday. */
export function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

function nthWeekday(y: number, m: number, dow: number, n: number): string {
  const first = new Date(Date.UTC(y, m - 1, 1)).getUTCDay();
  return iso(y, m, 1 + ((dow - first + 7) % 7) + (n - 1) * 7);
}

function lastWeekday(y: number, m: number, dow: number): string {
  const lastDay = new Date(Date.UTC(y, m, 0));
  return iso(y, m, lastDay.getUTCDate() - ((lastDay.getUTCDay() - dow + 7) % 7));
}

function shift(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Saturday holidays are observed on Friday, Sunday ones on Monday (NYSE Rule 7.2). */
function nearestWorkday(date: string): string {
  const d = weekday(date);
  if (d === 6) return shift(date, -1);
  if (d === 0) return shift(date, 1);
  return date;
}

/** Easter Sunday (Gregorian), by the anonymous Gregorian computus (Meeus/Jones/Butcher). */
export function easterSunday(y: number): string {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(y, month, day);
}

/** Full-day closures of a year, sorted: rule holidays as observed plus special closures. */
export function holidaysOf(y: number): CalendarDay[] {
  const out: CalendarDay[] = [];
  // New Year's Day: Sunday -> Monday; a Saturday Jan 1 is not observed (no Friday Dec 31 closure).
  const jan1 = iso(y, 1, 1);
  if (weekday(jan1) === 0) out.push({ date: shift(jan1, 1), name: "New Year's Day (observed)" });
  else if (weekday(jan1) !== 6) out.push({ date: jan1, name: "New Year's Day" });
  if (y >= 1998) out.push({ date: nthWeekday(y, 1, 1, 3), name: 'Martin Luther King, Jr. Day' });
  out.push({ date: nthWeekday(y, 2, 1, 3), name: "Washington's Birthday" });
  out.push({ date: shift(easterSunday(y), -2), name: 'Good Friday' });
  out.push({ date: lastWeekday(y, 5, 1), name: 'Memorial Day' });
  if (y >= 2022) out.push(observed(iso(y, 6, 19), 'Juneteenth National Independence Day'));
  out.push(observed(iso(y, 7, 4), 'Independence Day'));
  out.push({ date: nthWeekday(y, 9, 1, 1), name: 'Labor Day' });
  out.push({ date: nthWeekday(y, 11, 4, 4), name: 'Thanksgiving Day' });
  out.push(observed(iso(y, 12, 25), 'Christmas Day'));
  for (const s of SPECIAL_CLOSURES) if (s.date.startsWith(`${y}-`)) out.push(s);
  return out.sort((a, b) => a.date.localeCompare(b.date));
}

function observed(date: string, name: string): CalendarDay {
  const at = nearestWorkday(date);
  return { date: at, name: at === date ? name : `${name} (observed)` };
}

/** Early closes of a year (days that are also full closures are left out), sorted. */
export function earlyClosesOf(y: number): EarlyClose[] {
  const close = y >= 1993 ? '13:00' : '14:00';
  const out: EarlyClose[] = [];
  // Independence Day: since 1995, a Mon/Tue/Thu July 3 closes early; a Wednesday July 3 from
  // 2013 on (before 2013 the Friday July 5 after a Thursday holiday closed early instead).
  const jul3 = iso(y, 7, 3);
  const jul3Dow = weekday(jul3);
  if (y >= 1995 && (jul3Dow === 1 || jul3Dow === 2 || jul3Dow === 4 || (jul3Dow === 3 && y >= 2013))) {
    out.push({ date: jul3, name: 'Day before Independence Day', close });
  }
  const jul5 = iso(y, 7, 5);
  if (y >= 1995 && y < 2013 && weekday(jul5) === 5) out.push({ date: jul5, name: 'Day after Independence Day', close });
  if (y >= 1992) out.push({ date: shift(nthWeekday(y, 11, 4, 4), 1), name: 'Day after Thanksgiving', close });
  // Christmas Eve on Mon-Thu; a Friday Dec 24 is the observed Christmas holiday.
  const dec24 = iso(y, 12, 24);
  const dec24Dow = weekday(dec24);
  if (dec24Dow >= 1 && dec24Dow <= 4) out.push({ date: dec24, name: 'Christmas Eve', close });
  for (const s of SPECIAL_EARLY_CLOSES) if (s.date.startsWith(`${y}-`)) out.push({ ...s, close });
  const closed = new Set(holidaysOf(y).map((h) => h.date));
  return out.filter((e) => !closed.has(e.date)).sort((a, b) => a.date.localeCompare(b.date));
}
