import { describe, expect, it } from 'vitest';
import { nextOpening } from './business-time.js';
import type { BusinessCalendar } from './calendar.js';
import { NoOpenHoursError, SEARCH_HORIZON_DAYS } from './open-time.js';

const DAY = 86_400_000;
const isoDate = (millis: number) => new Date(millis).toISOString().slice(0, 10);

/** Open on Mondays 09:00–10:00 UTC only, with every Monday from 11 January 2027 closed for `weeks` weeks. */
function mondaysClosedFor(weeks: number): BusinessCalendar {
  const first = Date.parse('2027-01-11T00:00:00Z');
  return {
    timeZone: 'UTC',
    weeklyHours: [{ day: 'mon', start: '09:00', end: '10:00' }],
    holidays: null,
    closures: Array.from({ length: weeks }, (_, i) => ({
      date: isoDate(first + i * 7 * DAY),
      name: 'Closed',
    })),
  };
}

describe('the open-time search horizon', () => {
  // The walk starts the day before `from` (Tuesday 5 January 2027) and gives up after 1098 dates in a row closed.
  const from = new Date('2027-01-06T12:00:00Z');

  it('searches 1098 dates ahead', () => {
    expect(SEARCH_HORIZON_DAYS).toBe(1098);
  });

  it('finds an opening after exactly 1098 closed dates', () => {
    // 156 Mondays closed: the first open one is 2030-01-07, 1098 days after 5 January 2027.
    expect(nextOpening(mondaysClosedFor(156), from).toISOString()).toBe('2030-01-07T09:00:00.000Z');
  });

  it('gives up when a 1099th date would be needed, naming the error and the instant', () => {
    let thrown: unknown;
    try {
      nextOpening(mondaysClosedFor(157), from);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(NoOpenHoursError);
    expect((thrown as Error).name).toBe('NoOpenHoursError');
    expect((thrown as Error).message).toBe(
      'business calendar has no open hours within 1098 days after 2027-01-06T12:00:00.000Z',
    );
  });
});
