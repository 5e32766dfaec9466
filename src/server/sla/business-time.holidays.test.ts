import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, businessMinutesBetween, nextOpening, openIntervals } from './business-time.js';
import { type BusinessCalendar, DEFAULT_BUSINESS_CALENDAR, type HolidayRegion } from './calendar.js';

const at = (iso: string) => new Date(iso);
const weekdaysIn = (timeZone: string, holidays: HolidayRegion | null): BusinessCalendar => ({
  ...DEFAULT_BUSINESS_CALENDAR,
  timeZone,
  holidays,
});
const germany = weekdaysIn('Europe/Berlin', { country: 'DE' });
const bavaria = weekdaysIn('Europe/Berlin', { country: 'DE', region: 'BY' });
const france = weekdaysIn('Europe/Paris', { country: 'FR' });
const moselle = weekdaysIn('Europe/Paris', { country: 'FR', region: '57' });
const basRhin = weekdaysIn('Europe/Paris', { country: 'FR', region: '67' });

describe('business time on public holidays and weekends', () => {
  it('the issue’s example: 60 minutes from Thursday 16:30 before Easter 2027 are due Tuesday 09:30', () => {
    // Good Friday, a weekend with the spring-forward change, Easter Monday in between.
    const from = at('2027-03-25T16:30:00+01:00');
    expect(from.toISOString()).toBe('2027-03-25T15:30:00.000Z');
    expect(addBusinessMinutes(DEFAULT_BUSINESS_CALENDAR, from, 60).toISOString()).toBe(
      '2027-03-30T07:30:00.000Z',
    );
    expect(businessMinutesBetween(DEFAULT_BUSINESS_CALENDAR, from, at('2027-03-30T09:30:00+02:00'))).toBe(60);
  });

  it('skips Christmas Day and the weekend after it, not Christmas Eve (a bank holiday, not a public one)', () => {
    const from = at('2026-12-24T16:00:00+01:00');
    expect(addBusinessMinutes(germany, from, 120).toISOString()).toBe('2026-12-28T09:00:00.000Z');
    expect(nextOpening(germany, at('2026-12-24T12:00:00+01:00')).toISOString()).toBe(
      '2026-12-24T11:00:00.000Z',
    );
  });

  it.each([
    ['Germany', germany, '2026-04-07T08:00:00.000Z'],
    ['Bavaria', bavaria, '2026-04-07T08:00:00.000Z'],
    ['France', france, '2026-04-03T08:00:00.000Z'],
    ['Moselle', moselle, '2026-04-07T08:00:00.000Z'],
    ['Bas-Rhin', basRhin, '2026-04-07T08:00:00.000Z'],
  ])('Good Friday and Easter Monday 2026 in %s', (_, calendar, due) => {
    expect(addBusinessMinutes(calendar, at('2026-04-02T16:00:00+02:00'), 120).toISOString()).toBe(due);
  });

  it.each([
    ['Germany', germany],
    ['France', france],
  ])('Easter Monday 2027 is closed in %s', (_, calendar) => {
    const easterMonday = openIntervals(
      calendar,
      at('2027-03-29T00:00:00+02:00'),
      at('2027-03-30T00:00:00+02:00'),
    );
    expect(easterMonday).toEqual([]);
    expect(nextOpening(calendar, at('2027-03-29T10:00:00+02:00')).toISOString()).toBe(
      '2027-03-30T07:00:00.000Z',
    );
  });

  it('14 July closes France, not Germany', () => {
    const from = at('2026-07-13T16:00:00+02:00');
    expect(addBusinessMinutes(france, from, 120).toISOString()).toBe('2026-07-15T08:00:00.000Z');
    expect(addBusinessMinutes(germany, from, 120).toISOString()).toBe('2026-07-14T08:00:00.000Z');
  });

  it('6 January closes Bavaria, not Germany as a whole', () => {
    const from = at('2027-01-05T16:00:00+01:00');
    expect(addBusinessMinutes(bavaria, from, 120).toISOString()).toBe('2027-01-07T09:00:00.000Z');
    expect(addBusinessMinutes(germany, from, 120).toISOString()).toBe('2027-01-06T09:00:00.000Z');
  });

  it('closes on a closure date like on a holiday', () => {
    const calendar = { ...germany, closures: [{ date: '2026-06-12', name: 'Team offsite' }] };
    const from = at('2026-06-11T16:00:00+02:00');
    expect(addBusinessMinutes(calendar, from, 120).toISOString()).toBe('2026-06-15T08:00:00.000Z');
    expect(addBusinessMinutes(germany, from, 120).toISOString()).toBe('2026-06-12T08:00:00.000Z');
  });

  it('waits over the weekend', () => {
    expect(addBusinessMinutes(germany, at('2026-06-05T16:30:00+02:00'), 60).toISOString()).toBe(
      '2026-06-08T07:30:00.000Z',
    );
    expect(nextOpening(germany, at('2026-06-06T12:00:00+02:00')).toISOString()).toBe(
      '2026-06-08T07:00:00.000Z',
    );
    expect(
      businessMinutesBetween(germany, at('2026-06-05T17:00:00+02:00'), at('2026-06-08T09:00:00+02:00')),
    ).toBe(0);
  });

  it('closes the whole holiday date: an overnight interval keeps its evening before a holiday, not its morning on it', () => {
    const nights: BusinessCalendar = {
      ...germany,
      weeklyHours: [
        { day: 'thu', start: '22:00', end: '06:00' },
        { day: 'fri', start: '22:00', end: '06:00' },
      ],
    };
    // Good Friday 3 April 2026: Thursday night stops at midnight; Friday night opens at midnight.
    expect(
      openIntervals(nights, at('2026-04-02T00:00:00+02:00'), at('2026-04-05T00:00:00+02:00')).map((span) => [
        span.start.toISOString(),
        span.end.toISOString(),
      ]),
    ).toEqual([
      ['2026-04-02T20:00:00.000Z', '2026-04-02T22:00:00.000Z'],
      ['2026-04-03T22:00:00.000Z', '2026-04-04T04:00:00.000Z'],
    ]);
    expect(
      businessMinutesBetween(nights, at('2026-03-26T00:00:00+01:00'), at('2026-03-28T06:00:00+01:00')),
    ).toBe(960);
  });
});
