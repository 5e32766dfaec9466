import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  businessMinutesBetween,
  elapsedBusinessMinutes,
  nextOpening,
  openIntervals,
} from './business-time.js';
import { type BusinessCalendar, DEFAULT_BUSINESS_CALENDAR } from './calendar.js';
import { NoOpenHoursError } from './open-time.js';
import { activeSpans } from './spans.js';

const at = (iso: string) => new Date(iso);
const utc = (spans: { start: Date; end: Date }[]) =>
  spans.map((span) => [span.start.toISOString(), span.end.toISOString()]);
const germany = DEFAULT_BUSINESS_CALENDAR;
const neverOpen: BusinessCalendar = { ...germany, weeklyHours: [] };

describe('addBusinessMinutes', () => {
  it('counts from the next opening when started outside open hours', () => {
    expect(addBusinessMinutes(germany, at('2026-06-15T07:00:00+02:00'), 30).toISOString()).toBe(
      '2026-06-15T07:30:00.000Z',
    );
  });

  it('is due at closing time when the minutes end exactly then, not at the next opening', () => {
    expect(addBusinessMinutes(germany, at('2026-06-15T16:00:00+02:00'), 60).toISOString()).toBe(
      '2026-06-15T15:00:00.000Z',
    );
    expect(addBusinessMinutes(germany, at('2026-06-15T16:00:00+02:00'), 61).toISOString()).toBe(
      '2026-06-16T07:01:00.000Z',
    );
  });

  it('gives `from` itself for 0 minutes, even when closed', () => {
    expect(addBusinessMinutes(germany, at('2026-06-13T12:00:00Z'), 0).toISOString()).toBe(
      '2026-06-13T12:00:00.000Z',
    );
  });

  it('spans weeks: 3 business days (1440 minutes) from Monday 12:00 end Thursday 12:00', () => {
    expect(addBusinessMinutes(germany, at('2026-06-15T12:00:00+02:00'), 1440).toISOString()).toBe(
      '2026-06-18T10:00:00.000Z',
    );
    expect(addBusinessMinutes(germany, at('2026-06-15T12:00:00+02:00'), 2400 + 1440).toISOString()).toBe(
      '2026-06-25T10:00:00.000Z',
    );
  });

  it('refuses negative or non-finite minutes and invalid dates', () => {
    expect(() => addBusinessMinutes(germany, at('2026-06-15T12:00:00Z'), -1)).toThrow(RangeError);
    expect(() => addBusinessMinutes(germany, at('2026-06-15T12:00:00Z'), Number.NaN)).toThrow(RangeError);
    expect(() => addBusinessMinutes(germany, new Date(Number.NaN), 5)).toThrow('from is not a valid date');
    expect(() =>
      addBusinessMinutes({ ...germany, timeZone: 'Mars/Base' }, at('2026-06-15T12:00:00Z'), 5),
    ).toThrow('unknown time zone Mars/Base');
  });

  it('gives up with a clear error after 3 years when the calendar never opens', () => {
    expect(() => addBusinessMinutes(neverOpen, at('2026-06-15T12:00:00Z'), 5)).toThrow(NoOpenHoursError);
    expect(() => nextOpening(neverOpen, at('2026-06-15T12:00:00Z'))).toThrow(
      'business calendar has no open hours within 1098 days after 2026-06-15T12:00:00.000Z',
    );
  });
});

describe('businessMinutesBetween and openIntervals', () => {
  it('counts only open time in [from, to)', () => {
    expect(
      businessMinutesBetween(germany, at('2026-06-12T16:00:00+02:00'), at('2026-06-15T10:30:00+02:00')),
    ).toBe(150);
    expect(
      businessMinutesBetween(germany, at('2026-06-15T10:30:00+02:00'), at('2026-06-12T16:00:00+02:00')),
    ).toBe(0);
  });

  it('reports fractions of a minute for instants off the minute', () => {
    expect(
      businessMinutesBetween(germany, at('2026-06-15T09:00:30+02:00'), at('2026-06-15T09:01:00+02:00')),
    ).toBe(0.5);
  });

  it('is 0 for a calendar that never opens, without searching years ahead', () => {
    expect(businessMinutesBetween(neverOpen, at('2026-06-01T00:00:00Z'), at('2026-07-01T00:00:00Z'))).toBe(0);
    expect(openIntervals(neverOpen, at('2026-06-01T00:00:00Z'), at('2026-07-01T00:00:00Z'))).toEqual([]);
  });

  it('clips to [from, to) and merges intervals touching at midnight or between adjacent windows', () => {
    const calendar: BusinessCalendar = {
      ...germany,
      weeklyHours: [
        { day: 'mon', start: '08:00', end: '12:00' },
        { day: 'mon', start: '12:00', end: '24:00' },
        { day: 'tue', start: '00:00', end: '06:00' },
        { day: 'tue', start: '10:00', end: '11:00' },
      ],
    };
    expect(
      utc(openIntervals(calendar, at('2026-06-15T09:00:00+02:00'), at('2026-06-16T10:30:00+02:00'))),
    ).toEqual([
      ['2026-06-15T07:00:00.000Z', '2026-06-16T04:00:00.000Z'],
      ['2026-06-16T08:00:00.000Z', '2026-06-16T08:30:00.000Z'],
    ]);
  });

  it('wraps an overnight interval from Sunday into Monday', () => {
    const calendar: BusinessCalendar = {
      ...germany,
      weeklyHours: [{ day: 'sun', start: '20:00', end: '04:00' }],
    };
    expect(utc(openIntervals(calendar, at('2026-06-14T00:00:00Z'), at('2026-06-16T00:00:00Z')))).toEqual([
      ['2026-06-14T18:00:00.000Z', '2026-06-15T02:00:00.000Z'],
    ]);
  });
});

describe('nextOpening', () => {
  it('is `at` itself while open, the next opening otherwise (closing time is closed)', () => {
    expect(nextOpening(germany, at('2026-06-15T12:00:00+02:00')).toISOString()).toBe(
      '2026-06-15T10:00:00.000Z',
    );
    expect(nextOpening(germany, at('2026-06-15T09:00:00+02:00')).toISOString()).toBe(
      '2026-06-15T07:00:00.000Z',
    );
    expect(nextOpening(germany, at('2026-06-15T17:00:00+02:00')).toISOString()).toBe(
      '2026-06-16T07:00:00.000Z',
    );
    expect(nextOpening(germany, at('2026-06-16T00:30:00+02:00')).toISOString()).toBe(
      '2026-06-16T07:00:00.000Z',
    );
  });
});

describe('pauses', () => {
  it('counts a clock paused across midnight and a weekend only while it ran', () => {
    const from = at('2026-06-11T15:00:00+02:00');
    const to = at('2026-06-16T11:00:00+02:00');
    const pause = { start: at('2026-06-12T16:00:00+02:00'), end: at('2026-06-15T10:00:00+02:00') };
    expect(businessMinutesBetween(germany, from, to)).toBe(1200);
    expect(elapsedBusinessMinutes(germany, activeSpans(from, to, [pause]))).toBe(1080);
    expect(elapsedBusinessMinutes(germany, [pause])).toBe(120);
  });

  it('counts overlapping spans once', () => {
    const spans = [
      { start: at('2026-06-15T09:00:00+02:00'), end: at('2026-06-15T11:00:00+02:00') },
      { start: at('2026-06-15T10:00:00+02:00'), end: at('2026-06-15T12:00:00+02:00') },
    ];
    expect(elapsedBusinessMinutes(germany, spans)).toBe(180);
  });
});

describe('a 24/7 calendar (null)', () => {
  it('is plain elapsed time, daylight-saving nights included', () => {
    const from = at('2026-03-29T00:00:00Z');
    const to = at('2026-03-30T00:00:00Z');
    expect(businessMinutesBetween(null, from, to)).toBe(1440);
    expect(utc(openIntervals(null, from, to))).toEqual([
      ['2026-03-29T00:00:00.000Z', '2026-03-30T00:00:00.000Z'],
    ]);
    expect(addBusinessMinutes(null, from, 90).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(nextOpening(null, at('2026-12-25T03:00:00Z')).toISOString()).toBe('2026-12-25T03:00:00.000Z');
    expect(
      elapsedBusinessMinutes(null, activeSpans(from, to, [{ start: at('2026-03-29T12:00:00Z'), end: null }])),
    ).toBe(720);
  });
});

describe('argument checks and empty ranges', () => {
  const monday = at('2026-06-15T12:00:00Z');

  it('names the argument that is not a valid date, and the minutes it refuses', () => {
    const invalid = new Date(Number.NaN);
    expect(() => openIntervals(germany, invalid, monday)).toThrow('from is not a valid date');
    expect(() => openIntervals(germany, monday, invalid)).toThrow('to is not a valid date');
    expect(() => nextOpening(germany, invalid)).toThrow('at is not a valid date');
    expect(() => businessMinutesBetween(null, invalid, monday)).toThrow('from is not a valid date');
    expect(() => businessMinutesBetween(null, monday, invalid)).toThrow('to is not a valid date');
    expect(() => addBusinessMinutes(germany, monday, -1)).toThrow(
      'minutes must be a finite number ≥ 0, got -1',
    );
  });

  it('has no open intervals in an empty or reversed range, with or without a calendar', () => {
    const later = at('2026-06-15T13:00:00Z');
    for (const calendar of [germany, null]) {
      expect(openIntervals(calendar, monday, monday)).toEqual([]);
      expect(openIntervals(calendar, later, monday)).toEqual([]);
      expect(businessMinutesBetween(calendar, later, monday)).toBe(0);
    }
  });

  it('has none in a range that ends as the calendar opens, and a minute of it when it ends a minute later', () => {
    expect(openIntervals(germany, at('2026-06-15T08:00:00+02:00'), at('2026-06-15T09:00:00+02:00'))).toEqual(
      [],
    );
    expect(
      utc(openIntervals(germany, at('2026-06-15T08:00:00+02:00'), at('2026-06-15T09:01:00+02:00'))),
    ).toEqual([['2026-06-15T07:00:00.000Z', '2026-06-15T07:01:00.000Z']]);
  });
});
