import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  businessMinutesBetween,
  elapsedBusinessMinutes,
  nextOpening,
  openIntervals,
} from './business-time.js';
import { type BusinessCalendar, type Calendar, validateCalendar, type Weekday } from './calendar.js';
import { closedDays } from './closed-days.js';
import { activeSpans } from './spans.js';

const MINUTE = 60_000;
const DAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const ZONES = ['Europe/Berlin', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'];
const HOLIDAYS = [
  null,
  { country: 'DE' },
  { country: 'DE', region: 'BY' },
  { country: 'FR' },
  { country: 'FR', region: '57' },
];
const clock = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * Weekly hours on a 15-minute grid (so boundaries fall on 02:00, 02:30, 03:00 of DST nights): intervals laid one
 * after another around the week from a random offset, each 15 min–23:45 long, overnight and Sunday→Monday included.
 */
const weeklyHours = fc
  .record({
    offset: fc.integer({ min: 0, max: 95 }),
    steps: fc.array(fc.tuple(fc.integer({ min: 0, max: 192 }), fc.integer({ min: 1, max: 95 })), {
      minLength: 1,
      maxLength: 12,
    }),
  })
  .map(({ offset, steps }) => {
    const intervals = [];
    let cursor = offset * 15;
    for (const [gap, length] of steps) {
      const start = cursor + gap * 15;
      const end = start + length * 15;
      if (end > offset * 15 + 7 * 1440) break;
      const startInWeek = start % (7 * 1440);
      const startInDay = startInWeek % 1440;
      const endInDay = startInDay + length * 15;
      intervals.push({
        day: DAYS[Math.floor(startInWeek / 1440)] ?? 'mon',
        start: clock(startInDay),
        end: endInDay === 1440 ? '24:00' : clock(endInDay % 1440),
      });
      cursor = end;
    }
    return intervals;
  });

const closures = fc.array(
  fc.integer({ min: 0, max: 729 }).map((day) => ({
    date: DateTime.fromISO('2026-01-01', { zone: 'utc' }).plus({ days: day }).toISODate() ?? '',
    name: 'Closure',
  })),
  { maxLength: 6 },
);

const businessCalendar: fc.Arbitrary<BusinessCalendar> = fc.record({
  timeZone: fc.constantFrom(...ZONES),
  weeklyHours,
  holidays: fc.constantFrom(...HOLIDAYS),
  closures,
});
const calendar: fc.Arbitrary<Calendar> = fc.oneof(
  { arbitrary: businessCalendar, weight: 9 },
  fc.constant(null),
);

// DST nights of 2026–2027 in the five zones, so instants often fall on or near a change.
const CHANGES = [
  '2026-03-29T01:00Z',
  '2026-10-25T01:00Z',
  '2027-03-28T01:00Z',
  '2027-10-31T01:00Z',
  '2026-03-08T07:00Z',
  '2026-11-01T06:00Z',
  '2027-03-14T07:00Z',
  '2027-11-07T06:00Z',
  '2026-04-04T15:00Z',
  '2026-10-03T15:30Z',
].map((iso) => Date.parse(iso) / MINUTE);
const minuteInstant = fc
  .oneof(
    fc.integer({
      min: Date.parse('2026-01-01T00:00Z') / MINUTE,
      max: Date.parse('2027-12-31T00:00Z') / MINUTE,
    }),
    fc.tuple(fc.constantFrom(...CHANGES), fc.integer({ min: -36 * 60, max: 36 * 60 })).map(([c, d]) => c + d),
  )
  .map((minute) => new Date(minute * MINUTE));
const minutes = fc.integer({ min: 0, max: 3000 });

describe('business time properties', () => {
  it('generated calendars are valid', () => {
    fc.assert(
      fc.property(businessCalendar, (c) => {
        expect(validateCalendar(c)).toEqual([]);
      }),
    );
  });

  it('counts back exactly the minutes it added', () => {
    fc.assert(
      fc.property(calendar, minuteInstant, minutes, (c, from, m) => {
        expect(businessMinutesBetween(c, from, addBusinessMinutes(c, from, m))).toBe(m);
      }),
    );
  });

  it('counts back exactly the minutes it added from an instant off the minute', () => {
    const instant = fc.integer({
      min: Date.parse('2026-01-01T00:00Z'),
      max: Date.parse('2027-12-31T00:00Z'),
    });
    fc.assert(
      fc.property(calendar, instant, minutes, (c, from, m) => {
        expect(businessMinutesBetween(c, new Date(from), addBusinessMinutes(c, new Date(from), m))).toBe(m);
      }),
    );
  });

  it('never gets earlier with more minutes, and never earlier than from', () => {
    fc.assert(
      fc.property(calendar, minuteInstant, minutes, minutes, (c, from, a, b) => {
        const [fewer, more] = a <= b ? [a, b] : [b, a];
        const early = addBusinessMinutes(c, from, fewer).getTime();
        expect(early).toBeGreaterThanOrEqual(from.getTime());
        expect(addBusinessMinutes(c, from, more).getTime()).toBeGreaterThanOrEqual(early);
      }),
    );
  });

  it('is due inside or at the end of an open interval', () => {
    fc.assert(
      fc.property(calendar, minuteInstant, fc.integer({ min: 1, max: 3000 }), (c, from, m) => {
        const due = addBusinessMinutes(c, from, m);
        expect(openIntervals(c, new Date(due.getTime() - 1), due)).toHaveLength(1);
      }),
    );
  });

  it('adds up over consecutive ranges', () => {
    const gap = fc.integer({ min: 0, max: 30 * 1440 });
    fc.assert(
      fc.property(calendar, minuteInstant, gap, gap, (c, a, ab, bc) => {
        const b = new Date(a.getTime() + ab * MINUTE);
        const d = new Date(b.getTime() + bc * MINUTE);
        expect(businessMinutesBetween(c, a, b) + businessMinutesBetween(c, b, d)).toBe(
          businessMinutesBetween(c, a, d),
        );
      }),
    );
  });

  it('lists open intervals sorted, apart, inside [from, to), summing to businessMinutesBetween', () => {
    fc.assert(
      fc.property(calendar, minuteInstant, fc.integer({ min: 0, max: 20 * 1440 }), (c, from, length) => {
        const to = new Date(from.getTime() + length * MINUTE);
        const spans = openIntervals(c, from, to);
        let previousEnd = from.getTime() - 1;
        let total = 0;
        for (const { start, end } of spans) {
          expect(start.getTime()).toBeGreaterThan(previousEnd);
          expect(end.getTime()).toBeGreaterThan(start.getTime());
          previousEnd = end.getTime();
          total += end.getTime() - start.getTime();
        }
        expect(previousEnd).toBeLessThanOrEqual(to.getTime());
        expect(total / MINUTE).toBe(businessMinutesBetween(c, from, to));
      }),
    );
  });

  it('opens next at `at` or later with no open time in between, and is open then', () => {
    fc.assert(
      fc.property(calendar, minuteInstant, (c, at) => {
        const opening = nextOpening(c, at);
        expect(opening.getTime()).toBeGreaterThanOrEqual(at.getTime());
        expect(businessMinutesBetween(c, at, opening)).toBe(0);
        expect(openIntervals(c, opening, new Date(opening.getTime() + 1))).toHaveLength(1);
      }),
    );
  });

  it('splits the time between active spans and pauses, the active part never above the total', () => {
    const pause = fc
      .tuple(fc.integer({ min: -2 * 1440, max: 12 * 1440 }), fc.integer({ min: 0, max: 4 * 1440 }))
      .map(([offset, length]) => ({ offset, length }));
    fc.assert(
      fc.property(
        calendar,
        minuteInstant,
        fc.integer({ min: 0, max: 10 * 1440 }),
        fc.array(pause, { maxLength: 4 }),
        (c, from, length, rawPauses) => {
          const to = new Date(from.getTime() + length * MINUTE);
          const pauses = rawPauses.map(({ offset, length: pauseLength }) => ({
            start: new Date(from.getTime() + offset * MINUTE),
            end: new Date(from.getTime() + (offset + pauseLength) * MINUTE),
          }));
          const pausedInside = pauses.map((p) => ({
            start: new Date(Math.max(p.start.getTime(), from.getTime())),
            end: new Date(Math.min(p.end.getTime(), to.getTime())),
          }));
          const total = businessMinutesBetween(c, from, to);
          const active = elapsedBusinessMinutes(c, activeSpans(from, to, pauses));
          expect(active).toBeLessThanOrEqual(total);
          expect(active + elapsedBusinessMinutes(c, pausedInside)).toBe(total);
        },
      ),
    );
  });

  it('counts a minute exactly when the wall clock then reads inside opening hours on an open date', () => {
    fc.assert(
      fc.property(businessCalendar, minuteInstant, (c, at) => {
        const open = businessMinutesBetween(c, at, new Date(at.getTime() + MINUTE));
        expect(open).toBe(isOpenByWallClock(c, at) ? 1 : 0);
      }),
      { numRuns: 500 },
    );
  });

  it('is plain elapsed time for a 24/7 calendar', () => {
    fc.assert(
      fc.property(minuteInstant, minutes, (from, m) => {
        expect(addBusinessMinutes(null, from, m).getTime()).toBe(from.getTime() + m * MINUTE);
        expect(businessMinutesBetween(null, from, new Date(from.getTime() + m * MINUTE))).toBe(m);
      }),
    );
  });
});

/** The rule, read off the wall clock minute by minute: an independent oracle for the interval arithmetic. */
function isOpenByWallClock(c: BusinessCalendar, at: Date): boolean {
  const local = DateTime.fromJSDate(at, { zone: c.timeZone });
  if (closedDays(c, local.year).some((day) => day.date === local.toISODate())) return false;
  const minute = local.hour * 60 + local.minute;
  const today = DAYS[local.weekday - 1];
  const yesterday = DAYS[(local.weekday + 5) % 7];
  const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  return c.weeklyHours.some(({ day, start, end }) => {
    const [from, to] = [toMinutes(start), toMinutes(end)];
    const overnight = to <= from;
    if (day === today) return minute >= from && (overnight || minute < to);
    return day === yesterday && overnight && minute < to;
  });
}
