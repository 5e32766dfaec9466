import { describe, expect, it } from 'vitest';
import { minutesOf, parseClock, weekRangesOf, windowsByWeekday } from './weekly-hours.js';

describe('parseClock', () => {
  it('reads HH:MM from 00:00 to 23:59, and 24:00, as minutes since midnight', () => {
    expect(['00:00', '09:30', '23:59', '24:00'].map(parseClock)).toEqual([0, 570, 1439, 1440]);
  });

  it('is null for anything else', () => {
    expect(['9:30', '24:01', '23:60', '25:00', '0930', ' 09:30', '09:30 '].map(parseClock)).toEqual(
      Array(7).fill(null),
    );
  });
});

describe('minutesOf and weekRangesOf', () => {
  it('runs an interval whose end is not after its start into the next day', () => {
    expect(minutesOf({ day: 'fri', start: '22:00', end: '06:00' })).toEqual({ start: 1320, end: 1800 });
    expect(minutesOf({ day: 'fri', start: '09:00', end: '24:00' })).toEqual({ start: 540, end: 1440 });
    expect(minutesOf({ day: 'fri', start: '24:00', end: '06:00' })).toBeNull();
    expect(minutesOf({ day: 'fri', start: '09:00', end: '09:00' })).toBeNull();
  });

  it('cannot open an interval whose start or end is not a clock time', () => {
    expect(minutesOf({ day: 'fri', start: '9am', end: '17:00' })).toBeNull();
    expect(minutesOf({ day: 'fri', start: '09:00', end: '5pm' })).toBeNull();
    expect(minutesOf({ day: 'fri', start: 'noon', end: 'late' })).toBeNull();
  });

  it('places an interval on the week from Monday 00:00, cutting one that wraps past Sunday midnight', () => {
    expect(weekRangesOf({ day: 'tue', start: '09:00', end: '17:00' })).toEqual([{ start: 1980, end: 2460 }]);
    expect(weekRangesOf({ day: 'sun', start: '20:00', end: '24:00' })).toEqual([{ start: 9840, end: 10080 }]);
    expect(weekRangesOf({ day: 'sun', start: '22:00', end: '02:00' })).toEqual([
      { start: 9960, end: 10080 },
      { start: 0, end: 120 },
    ]);
    expect(weekRangesOf({ day: 'someday' as 'mon', start: '09:00', end: '17:00' })).toEqual([]);
  });
});

describe('windowsByWeekday', () => {
  it('passes over an interval on no weekday or with a time that is not a clock time, and runs one to 24:00 no further', () => {
    const byDay = windowsByWeekday([
      { day: 'someday' as 'mon', start: '22:00', end: '06:00' },
      { day: 'tue', start: '9am', end: '17:00' },
      { day: 'wed', start: '09:00', end: '24:00' },
    ]);
    expect(byDay).toEqual([[], [], [{ start: 540, end: 1440 }], [], [], [], []]);
  });

  it('splits an overnight interval at midnight, Sunday night into Monday, each day sorted', () => {
    const byDay = windowsByWeekday([
      { day: 'mon', start: '13:00', end: '17:00' },
      { day: 'sun', start: '22:00', end: '06:00' },
      { day: 'mon', start: '09:00', end: '12:00' },
      { day: 'wed', start: '09:00', end: '09:00' },
    ]);
    expect(byDay).toEqual([
      [
        { start: 0, end: 360 },
        { start: 540, end: 720 },
        { start: 780, end: 1020 },
      ],
      [],
      [],
      [],
      [],
      [],
      [{ start: 1320, end: 1440 }],
    ]);
  });

  it('sorts windows with the same start by their end', () => {
    const byDay = windowsByWeekday([
      { day: 'thu', start: '09:00', end: '12:00' },
      { day: 'thu', start: '09:00', end: '10:00' },
    ]);
    expect(byDay[3]).toEqual([
      { start: 540, end: 600 },
      { start: 540, end: 720 },
    ]);
  });
});
