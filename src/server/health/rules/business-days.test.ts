import { describe, expect, it } from 'vitest';
import { type Calendar, DEFAULT_BUSINESS_CALENDAR } from '../../sla/calendar.js';
import { completedBusinessDays } from './business-days.js';

const days = (from: string, to: string, calendar: Calendar = DEFAULT_BUSINESS_CALENDAR) =>
  completedBusinessDays(calendar, new Date(from), new Date(to));

describe('completedBusinessDays on weekdays 09:00–17:00 Berlin with German holidays', () => {
  it.each([
    ['Mon 10:00 → Thu 16:59', '2027-03-01T09:00:00Z', '2027-03-04T15:59:00Z', 2],
    ['Mon 10:00 → Thu 17:00', '2027-03-01T09:00:00Z', '2027-03-04T16:00:00Z', 3],
    ['Mon 08:00 (before opening) → Wed 17:00', '2027-03-01T07:00:00Z', '2027-03-03T16:00:00Z', 3],
    ['Fri 10:00 → Wed 17:00, over a weekend', '2027-03-05T09:00:00Z', '2027-03-10T16:00:00Z', 3],
    ['Thu before Easter 10:00 → Thu after, 16:59', '2027-03-25T09:00:00Z', '2027-04-01T14:59:00Z', 2],
    ['Thu before Easter 10:00 → Thu after, 17:00 CEST', '2027-03-25T09:00:00Z', '2027-04-01T15:00:00Z', 3],
    ['to before from', '2027-03-04T09:00:00Z', '2027-03-01T09:00:00Z', 0],
  ])('%s: %s → %s = %d', (_, from, to, expected) => {
    expect(days(from, to)).toBe(expected);
  });

  it('counts whole UTC days on a calendar open around the clock', () => {
    expect(days('2027-03-01T10:00:00Z', '2027-03-04T23:59:00Z', null)).toBe(2);
    expect(days('2027-03-01T10:00:00Z', '2027-03-05T00:00:00Z', null)).toBe(3);
  });
});
