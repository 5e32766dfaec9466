import { describe, expect, it } from 'vitest';
import {
  type BusinessCalendar,
  DEFAULT_BUSINESS_CALENDAR,
  validateCalendar,
  type WeeklyInterval,
} from './calendar.js';

const calendar = (overrides: Partial<BusinessCalendar> = {}): BusinessCalendar => ({
  ...DEFAULT_BUSINESS_CALENDAR,
  ...overrides,
});
const hours = (...intervals: [WeeklyInterval['day'], string, string][]) =>
  intervals.map(([day, start, end]) => ({ day, start, end }));

describe('validateCalendar', () => {
  it('accepts the default calendar', () => {
    expect(validateCalendar(DEFAULT_BUSINESS_CALENDAR)).toEqual([]);
  });

  it('accepts several intervals a day, 24:00, an overnight interval and the week wrap when nothing overlaps', () => {
    const weeklyHours = hours(
      ['mon', '00:00', '08:00'],
      ['mon', '09:00', '12:00'],
      ['mon', '13:00', '24:00'],
      ['fri', '22:00', '06:00'],
      ['sat', '06:00', '12:00'],
      ['sun', '20:00', '00:00'],
    );
    expect(validateCalendar(calendar({ weeklyHours, holidays: null }))).toEqual([]);
  });

  it.each(['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC'])(
    'accepts zone %s',
    (zone) => {
      expect(validateCalendar(calendar({ timeZone: zone }))).toEqual([]);
    },
  );

  it.each(['Mars/Olympus', 'Europe/Berln', '', 'CEST+1'])('refuses zone %j', (zone) => {
    expect(validateCalendar(calendar({ timeZone: zone }))).toEqual([
      { field: 'timeZone', message: 'is not an IANA time zone' },
    ]);
  });

  it('needs at least one opening interval', () => {
    expect(validateCalendar(calendar({ weeklyHours: [] }))).toEqual([
      { field: 'weeklyHours', message: 'needs at least one opening interval' },
    ]);
  });

  it.each([
    ['9:00', '17:00', 'start'],
    ['24:00', '17:00', 'start'],
    ['09:60', '17:00', 'start'],
    ['09:00', '24:01', 'end'],
    ['09:00', '25:00', 'end'],
    ['09:00', '1700', 'end'],
    ['09:00', ' 17:00', 'end'],
  ])('refuses %s–%s naming the %s', (start, end, bad) => {
    const problems = validateCalendar(calendar({ weeklyHours: [{ day: 'tue', start, end }] }));
    expect(problems.map((problem) => problem.field)).toEqual([`weeklyHours.0.${bad}`]);
  });

  it('refuses an empty interval and an unknown day', () => {
    const weeklyHours = [
      { day: 'mon', start: '09:00', end: '17:00' },
      { day: 'wed', start: '10:00', end: '10:00' },
      { day: 'monday', start: '09:00', end: '17:00' },
    ] as WeeklyInterval[];
    expect(validateCalendar(calendar({ weeklyHours }))).toEqual([
      { field: 'weeklyHours.1.end', message: 'must differ from start (the interval would be empty)' },
      { field: 'weeklyHours.2.day', message: 'must be one of mon, tue, wed, thu, fri, sat, sun' },
    ]);
  });

  it.each([
    ['the same day', hours(['mon', '09:00', '12:00'], ['mon', '11:59', '14:00'])],
    ['one inside another', hours(['mon', '09:00', '17:00'], ['mon', '10:00', '11:00'])],
    ['an overnight spill', hours(['fri', '22:00', '06:00'], ['sat', '05:30', '09:00'])],
    ['the week wrap', hours(['sun', '22:00', '02:00'], ['mon', '01:00', '09:00'])],
    ['the week wrap, listed first', hours(['mon', '00:00', '09:00'], ['sun', '23:00', '00:30'])],
  ])('refuses overlapping intervals: %s', (_, weeklyHours) => {
    expect(validateCalendar(calendar({ weeklyHours }))).toEqual([
      { field: 'weeklyHours.1', message: 'overlaps weeklyHours.0' },
    ]);
  });

  it('lets intervals touch', () => {
    const weeklyHours = hours(
      ['sun', '22:00', '02:00'],
      ['mon', '02:00', '09:00'],
      ['mon', '09:00', '24:00'],
    );
    expect(validateCalendar(calendar({ weeklyHours }))).toEqual([]);
  });

  it('says what a start or an end must look like', () => {
    const weeklyHours = hours(['tue', '9:00', '17:00'], ['wed', '09:00', '24:30']);
    expect(validateCalendar(calendar({ weeklyHours }))).toEqual([
      { field: 'weeklyHours.0.start', message: 'must be a time HH:MM from 00:00 to 23:59' },
      { field: 'weeklyHours.1.end', message: 'must be a time HH:MM from 00:00 to 24:00' },
    ]);
  });

  it('lets intervals touch when the later one is listed first', () => {
    const weeklyHours = hours(
      ['mon', '12:00', '17:00'],
      ['mon', '09:00', '12:00'],
      ['sun', '20:00', '09:00'],
    );
    expect(validateCalendar(calendar({ weeklyHours }))).toEqual([]);
  });

  it.each([
    [{ country: 'DE', region: 'BY' }, []],
    [{ country: 'FR', region: '57' }, []],
    [{ country: 'FR', region: '67' }, []],
    [
      { country: 'XX' },
      [{ field: 'holidays.country', message: 'is not a country known for public holidays' }],
    ],
    [
      { country: 'de' },
      [{ field: 'holidays.country', message: 'is not a country known for public holidays' }],
    ],
    [
      { country: 'FR', region: 'BY' },
      [{ field: 'holidays.region', message: 'is not a region of FR known for public holidays' }],
    ],
    [
      { country: 'IS', region: 'X' },
      [{ field: 'holidays.region', message: 'is not a region of IS known for public holidays' }],
    ],
  ])('checks holidays %j', (holidays, problems) => {
    expect(validateCalendar(calendar({ holidays }))).toEqual(problems);
  });

  it('checks closure dates and names', () => {
    const closures = [
      { date: '2027-12-24', name: 'Team day' },
      { date: '2027-02-29', name: 'Not a day' },
      { date: '2027-1-05', name: 'Short' },
      { date: '2028-02-29', name: '  ' },
    ];
    expect(validateCalendar(calendar({ closures }))).toEqual([
      { field: 'closures.1.date', message: 'must be a calendar date YYYY-MM-DD' },
      { field: 'closures.2.date', message: 'must be a calendar date YYYY-MM-DD' },
      { field: 'closures.3.name', message: 'must not be blank' },
    ]);
  });
});
