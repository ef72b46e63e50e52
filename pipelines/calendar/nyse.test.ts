import { describe, expect, it } from 'vitest';
import {
  closeTime,
  easterSunday,
  holidayName,
  isEarlyClose,
  isTradingDay,
  marketClose,
  nextTradingDay,
  nyseEarlyCloses,
  nyseHolidays,
  openTime,
  previousTradingDay,
  tradingDays,
} from './nyse';

/**
 * NYSE's published lists (NYSE Group holiday and early closings calendars announced 2021-12,
 * 2024-11 and 2025-12), written out by hand; 2025-01-09 is the Carter day of mourning the
 * exchange announced separately.
 */
const PUBLISHED: Record<number, { holidays: string[]; early: string[] }> = {
  2024: {
    holidays: ['2024-01-01', '2024-01-15', '2024-02-19', '2024-03-29', '2024-05-27', '2024-06-19', '2024-07-04', '2024-09-02', '2024-11-28', '2024-12-25'],
    early: ['2024-07-03', '2024-11-29', '2024-12-24'],
  },
  2025: {
    holidays: ['2025-01-01', '2025-01-09', '2025-01-20', '2025-02-17', '2025-04-18', '2025-05-26', '2025-06-19', '2025-07-04', '2025-09-01', '2025-11-27', '2025-12-25'],
    early: ['2025-07-03', '2025-11-28', '2025-12-24'],
  },
  2026: {
    holidays: ['2026-01-01', '2026-01-19', '2026-02-16', '2026-04-03', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07', '2026-11-26', '2026-12-25'],
    early: ['2026-11-27', '2026-12-24'],
  },
};

/** Later years from the same announcements (holidays only; 2028 has no New Year's Day holiday). */
const ANNOUNCED_HOLIDAYS: Record<number, string[]> = {
  2027: ['2027-01-01', '2027-01-18', '2027-02-15', '2027-03-26', '2027-05-31', '2027-06-18', '2027-07-05', '2027-09-06', '2027-11-25', '2027-12-24'],
  2028: ['2028-01-17', '2028-02-21', '2028-04-14', '2028-05-29', '2028-06-19', '2028-07-04', '2028-09-04', '2028-11-23', '2028-12-25'],
};

describe('NYSE calendar against the published lists', () => {
  for (const [year, list] of Object.entries(PUBLISHED)) {
    it(`${year}: holidays and early closes match exactly`, () => {
      expect(nyseHolidays(Number(year)).map((h) => h.date)).toEqual(list.holidays);
      expect(nyseEarlyCloses(Number(year)).map((e) => e.date)).toEqual(list.early);
      for (const d of list.holidays) expect(isTradingDay(d)).toBe(false);
      for (const d of list.early) {
        expect(isTradingDay(d)).toBe(true);
        expect(isEarlyClose(d)).toBe(true);
      }
    });
  }
  for (const [year, holidays] of Object.entries(ANNOUNCED_HOLIDAYS)) {
    it(`${year}: announced holidays match`, () => {
      expect(nyseHolidays(Number(year)).map((h) => h.date)).toEqual(holidays);
    });
  }
  it('2028: the announced July 3 early close', () => {
    expect(isEarlyClose('2028-07-03')).toBe(true);
  });
  it('counts 252 trading days in 2024 and 250 in 2025', () => {
    expect(tradingDays('2024-01-01', '2024-12-31')).toHaveLength(252);
    expect(tradingDays('2025-01-01', '2025-12-31')).toHaveLength(250);
  });
});

describe('NYSE calendar, historic days', () => {
  it('closed 2001-09-11..14 and reopened on Monday 2001-09-17', () => {
    for (const d of ['2001-09-11', '2001-09-12', '2001-09-13', '2001-09-14']) expect(isTradingDay(d)).toBe(false);
    expect(nextTradingDay('2001-09-10')).toBe('2001-09-17');
    expect(holidayName('2001-09-12')).toMatch(/September 11/);
  });
  it('Christmas 2000 closed; the week of 2000-12-11 trades', () => {
    expect(isTradingDay('2000-12-25')).toBe(false);
    expect(tradingDays('2000-12-04', '2000-12-15')).toEqual([
      '2000-12-04', '2000-12-05', '2000-12-06', '2000-12-07', '2000-12-08',
      '2000-12-11', '2000-12-12', '2000-12-13', '2000-12-14', '2000-12-15',
    ]);
  });
  it('days of mourning and storms', () => {
    for (const d of ['1994-04-27', '2004-06-11', '2007-01-02', '2012-10-29', '2012-10-30', '2018-12-05', '2025-01-09']) {
      expect(isTradingDay(d), d).toBe(false);
    }
  });
  it('a Saturday New Year is not observed on the Friday before', () => {
    for (const d of ['1999-12-31', '2004-12-31', '2010-12-31', '2021-12-31']) expect(isTradingDay(d), d).toBe(true);
    expect(isTradingDay('2006-01-02')).toBe(false); // Sunday Jan 1 -> Monday
  });
  it('MLK day only from 1998', () => {
    expect(isTradingDay('1997-01-20')).toBe(true);
    expect(isTradingDay('1998-01-19')).toBe(false);
  });
  it('Juneteenth only from 2022 (observed Monday 2022-06-20)', () => {
    expect(isTradingDay('2021-06-18')).toBe(true);
    expect(isTradingDay('2022-06-20')).toBe(false);
  });
  it('early-close history: July 5 after a Thursday holiday before 2013, July 3 from 2013; 14:00 before 1993', () => {
    expect(isEarlyClose('2002-07-05')).toBe(true);
    expect(isEarlyClose('2002-07-03')).toBe(false);
    expect(isEarlyClose('2013-07-03')).toBe(true);
    expect(isEarlyClose('2019-07-05')).toBe(false);
    expect(isEarlyClose('1999-12-31')).toBe(true);
    expect(closeTime('1992-12-24')!.toISOString()).toBe('1992-12-24T19:00:00.000Z');
    expect(closeTime('1994-12-23')!.toISOString()).toBe('1994-12-23T21:00:00.000Z');
  });
  it('Easter computus', () => {
    expect(easterSunday(2000)).toBe('2000-04-23');
    expect(easterSunday(2019)).toBe('2019-04-21');
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2035)).toBe('2035-03-25');
  });
});

describe('NYSE calendar, times and stepping', () => {
  it('close in UTC follows New York DST, 13:00 on half days', () => {
    expect(closeTime('2024-03-08')!.toISOString()).toBe('2024-03-08T21:00:00.000Z');
    expect(closeTime('2024-03-11')!.toISOString()).toBe('2024-03-11T20:00:00.000Z');
    expect(closeTime('2024-07-03')!.toISOString()).toBe('2024-07-03T17:00:00.000Z');
    expect(closeTime('2024-11-29')!.toISOString()).toBe('2024-11-29T18:00:00.000Z');
    expect(openTime('2000-12-11')!.toISOString()).toBe('2000-12-11T14:30:00.000Z');
    expect(closeTime('2024-07-04')).toBeUndefined();
    expect(closeTime('2024-07-06')).toBeUndefined();
    expect(marketClose('2024-12-24').toISOString()).toBe('2024-12-24T18:00:00.000Z');
    expect(() => marketClose('2024-12-25')).toThrow(/not an NYSE trading day/);
  });
  it('agrees with the tz database (Intl, America/New_York) on every trading day of 1990-2035', () => {
    const fmt = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit' });
    const local = (t: Date): string => {
      const p = Object.fromEntries(fmt.formatToParts(t).map((x) => [x.type, x.value]));
      return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
    };
    let checked = 0;
    for (const d of tradingDays('1990-01-01', '2035-12-31')) {
      const expected = `${d} ${isEarlyClose(d) ? (d < '1993' ? '14:00' : '13:00') : '16:00'}`;
      const got = local(closeTime(d)!);
      if (got !== expected) expect(got, d).toBe(expected);
      checked++;
    }
    expect(checked).toBeGreaterThan(11_000);
  });
  it('steps over weekends and holidays', () => {
    expect(nextTradingDay('2024-12-24')).toBe('2024-12-26');
    expect(previousTradingDay('2024-12-26')).toBe('2024-12-24');
    expect(nextTradingDay('2026-07-02')).toBe('2026-07-06');
    expect(previousTradingDay('2025-01-10')).toBe('2025-01-08');
  });
  it('rejects malformed and out-of-range dates', () => {
    expect(() => isTradingDay('2024-02-30')).toThrow(/calendar date/);
    expect(() => isTradingDay('1989-12-29')).toThrow(/1990-2035/);
    expect(() => tradingDays('2035-12-01', '2036-01-10')).toThrow(/1990-2035/);
  });
});
