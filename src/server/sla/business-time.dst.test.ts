import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, businessMinutesBetween, openIntervals } from './business-time.js';
import type { BusinessCalendar, WeeklyInterval } from './calendar.js';

const calendarIn = (timeZone: string, ...weeklyHours: WeeklyInterval[]): BusinessCalendar => ({
  timeZone,
  weeklyHours,
  holidays: null,
  closures: [],
});
const utc = (spans: { start: Date; end: Date }[]) =>
  spans.map((span) => [span.start.toISOString(), span.end.toISOString()]);
const at = (iso: string) => new Date(iso);

// Saturday night 22:00–06:00 into the changing Sunday, then Sunday 09:00–17:00.
const weekendShifts = (zone: string) =>
  calendarIn(
    zone,
    { day: 'sat', start: '22:00', end: '06:00' },
    { day: 'sun', start: '09:00', end: '17:00' },
  );

describe('business time across daylight-saving changes', () => {
  it.each([
    // zone, Saturday, Monday, overnight shift in UTC and its minutes, Sunday day shift in UTC, due after the night + 1 h
    [
      'Europe/Berlin',
      '2026-03-28',
      '2026-03-30',
      '2026-03-28T21:00',
      '2026-03-29T04:00',
      420,
      '2026-03-29T07:00',
      '2026-03-29T15:00',
      '2026-03-29T08:00',
    ],
    [
      'Europe/Berlin',
      '2026-10-24',
      '2026-10-26',
      '2026-10-24T20:00',
      '2026-10-25T05:00',
      540,
      '2026-10-25T08:00',
      '2026-10-25T16:00',
      '2026-10-25T09:00',
    ],
    [
      'Europe/Berlin',
      '2027-03-27',
      '2027-03-29',
      '2027-03-27T21:00',
      '2027-03-28T04:00',
      420,
      '2027-03-28T07:00',
      '2027-03-28T15:00',
      '2027-03-28T08:00',
    ],
    [
      'Europe/Berlin',
      '2027-10-30',
      '2027-11-01',
      '2027-10-30T20:00',
      '2027-10-31T05:00',
      540,
      '2027-10-31T08:00',
      '2027-10-31T16:00',
      '2027-10-31T09:00',
    ],
    [
      'Europe/Paris',
      '2026-03-28',
      '2026-03-30',
      '2026-03-28T21:00',
      '2026-03-29T04:00',
      420,
      '2026-03-29T07:00',
      '2026-03-29T15:00',
      '2026-03-29T08:00',
    ],
    [
      'Europe/Paris',
      '2026-10-24',
      '2026-10-26',
      '2026-10-24T20:00',
      '2026-10-25T05:00',
      540,
      '2026-10-25T08:00',
      '2026-10-25T16:00',
      '2026-10-25T09:00',
    ],
    [
      'Europe/Paris',
      '2027-03-27',
      '2027-03-29',
      '2027-03-27T21:00',
      '2027-03-28T04:00',
      420,
      '2027-03-28T07:00',
      '2027-03-28T15:00',
      '2027-03-28T08:00',
    ],
    [
      'Europe/Paris',
      '2027-10-30',
      '2027-11-01',
      '2027-10-30T20:00',
      '2027-10-31T05:00',
      540,
      '2027-10-31T08:00',
      '2027-10-31T16:00',
      '2027-10-31T09:00',
    ],
    [
      'America/New_York',
      '2026-03-07',
      '2026-03-09',
      '2026-03-08T03:00',
      '2026-03-08T10:00',
      420,
      '2026-03-08T13:00',
      '2026-03-08T21:00',
      '2026-03-08T14:00',
    ],
    [
      'America/New_York',
      '2026-10-31',
      '2026-11-02',
      '2026-11-01T02:00',
      '2026-11-01T11:00',
      540,
      '2026-11-01T14:00',
      '2026-11-01T22:00',
      '2026-11-01T15:00',
    ],
    [
      'America/New_York',
      '2027-03-13',
      '2027-03-15',
      '2027-03-14T03:00',
      '2027-03-14T10:00',
      420,
      '2027-03-14T13:00',
      '2027-03-14T21:00',
      '2027-03-14T14:00',
    ],
    [
      'America/New_York',
      '2027-11-06',
      '2027-11-08',
      '2027-11-07T02:00',
      '2027-11-07T11:00',
      540,
      '2027-11-07T14:00',
      '2027-11-07T22:00',
      '2027-11-07T15:00',
    ],
  ])(
    '%s, weekend of %s: the night shift lasts its wall-clock hours ± the change, the day shift 8 h',
    (zone, saturday, monday, nightStart, nightEnd, nightMinutes, dayStart, dayEnd, due) => {
      const calendar = weekendShifts(zone);
      const [from, to] = [at(`${saturday}T00:00Z`), at(`${monday}T00:00Z`)];
      expect(utc(openIntervals(calendar, from, to))).toEqual([
        [`${nightStart}:00.000Z`, `${nightEnd}:00.000Z`],
        [`${dayStart}:00.000Z`, `${dayEnd}:00.000Z`],
      ]);
      expect(businessMinutesBetween(calendar, at(`${nightStart}Z`), at(`${nightEnd}Z`))).toBe(nightMinutes);
      expect(businessMinutesBetween(calendar, from, to)).toBe(nightMinutes + 480);
      expect(addBusinessMinutes(calendar, from, nightMinutes + 60).toISOString()).toBe(`${due}:00.000Z`);
    },
  );

  it('never counts the skipped hour: 01:00–04:00 on the spring-forward Sunday is 2 h, 02:00–02:30 is nothing', () => {
    const calendar = calendarIn('Europe/Berlin', { day: 'sun', start: '01:00', end: '04:00' });
    expect(utc(openIntervals(calendar, at('2026-03-29T00:00Z'), at('2026-03-30T00:00Z')))).toEqual([
      ['2026-03-29T00:00:00.000Z', '2026-03-29T02:00:00.000Z'],
    ]);
    const skippedOnly = calendarIn('Europe/Berlin', { day: 'sun', start: '02:00', end: '02:30' });
    expect(businessMinutesBetween(skippedOnly, at('2026-03-29T00:00Z'), at('2026-03-30T00:00Z'))).toBe(0);
    expect(businessMinutesBetween(skippedOnly, at('2026-03-22T00:00Z'), at('2026-03-23T00:00Z'))).toBe(30);
  });

  it('starts an interval whose opening time is skipped at the jump itself (02:30–04:00 → 03:00–04:00 CEST)', () => {
    const calendar = calendarIn('Europe/Berlin', { day: 'sun', start: '02:30', end: '04:00' });
    expect(utc(openIntervals(calendar, at('2026-03-29T00:00Z'), at('2026-03-30T00:00Z')))).toEqual([
      ['2026-03-29T01:00:00.000Z', '2026-03-29T02:00:00.000Z'],
    ]);
  });

  it('counts the repeated hour twice when inside opening hours, a boundary inside it cutting the interval in two', () => {
    const calendar = calendarIn('Europe/Berlin', { day: 'sun', start: '02:30', end: '04:00' });
    // 02:30–03:00 CEST, then (after 03:00 CEST became 02:00 CET) 02:30–04:00 CET.
    expect(utc(openIntervals(calendar, at('2026-10-25T00:00Z'), at('2026-10-26T00:00Z')))).toEqual([
      ['2026-10-25T00:30:00.000Z', '2026-10-25T01:00:00.000Z'],
      ['2026-10-25T01:30:00.000Z', '2026-10-25T03:00:00.000Z'],
    ]);
    const newYork = calendarIn('America/New_York', { day: 'sun', start: '01:30', end: '03:00' });
    expect(businessMinutesBetween(newYork, at('2026-11-01T00:00Z'), at('2026-11-02T00:00Z'))).toBe(120);
  });

  it('follows Lord Howe’s 30-minute change', () => {
    const calendar = calendarIn('Australia/Lord_Howe', { day: 'sun', start: '01:00', end: '04:00' });
    // 4 Oct 2026: 02:00 +10:30 → 02:30 +11:00. 5 Apr 2026: 02:00 +11:00 → 01:30 +10:30.
    expect(utc(openIntervals(calendar, at('2026-10-03T00:00Z'), at('2026-10-04T00:00Z')))).toEqual([
      ['2026-10-03T14:30:00.000Z', '2026-10-03T17:00:00.000Z'],
    ]);
    expect(utc(openIntervals(calendar, at('2026-04-04T00:00Z'), at('2026-04-05T00:00Z')))).toEqual([
      ['2026-04-04T14:00:00.000Z', '2026-04-04T17:30:00.000Z'],
    ]);
  });

  it('keeps Kolkata’s half-hour offset all year', () => {
    const calendar = calendarIn('Asia/Kolkata', { day: 'mon', start: '09:00', end: '17:00' });
    expect(utc(openIntervals(calendar, at('2026-03-30T00:00Z'), at('2026-03-31T00:00Z')))).toEqual([
      ['2026-03-30T03:30:00.000Z', '2026-03-30T11:30:00.000Z'],
    ]);
    expect(utc(openIntervals(calendar, at('2026-11-02T00:00Z'), at('2026-11-03T00:00Z')))).toEqual([
      ['2026-11-02T03:30:00.000Z', '2026-11-02T11:30:00.000Z'],
    ]);
  });
});
