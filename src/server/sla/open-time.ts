import { DateTime, IANAZone } from 'luxon';
import type { BusinessCalendar } from './calendar.js';
import { closedDays } from './closed-days.js';
import {
  type Interval,
  instantsReading,
  MOST_AHEAD_OF_UTC,
  offsetStretches,
  rememberedOffsets,
} from './wall-clock.js';
import { windowsByWeekday } from './weekly-hours.js';

/** How many consecutive local dates a search may cross without any open time before giving up. */
export const SEARCH_HORIZON_DAYS = 3 * 366;

export class NoOpenHoursError extends Error {
  constructor(after: number) {
    super(
      `business calendar has no open hours within ${SEARCH_HORIZON_DAYS} days after ${new Date(after).toISOString()}`,
    );
    this.name = 'NoOpenHoursError';
  }
}

/**
 * The calendar's open time from `from` on, in order, as disjoint intervals (touching at midnight or between
 * adjacent windows). Without `until` the walk is unbounded and throws NoOpenHoursError once SEARCH_HORIZON_DAYS dates
 * in a row had no open time; with it the walk stops after the last date that can reach before `until`.
 *
 * A closed date (public holiday or closure) closes its local calendar date entirely, midnight to midnight. An
 * overnight interval belongs to the dates it covers: the part of Friday 22:00–06:00 after midnight is closed when the
 * Saturday is a holiday, and the Friday part is closed when the Friday is one.
 */
export function* openTime(calendar: BusinessCalendar, from: number, until = Number.POSITIVE_INFINITY) {
  if (!IANAZone.isValidZone(calendar.timeZone))
    throw new RangeError(`unknown time zone ${calendar.timeZone}`);
  const zone = IANAZone.create(calendar.timeZone);
  const offsetAt = rememberedOffsets(zone);
  const windows = windowsByWeekday(calendar.weeklyHours);
  const isClosed = closedDateLookup(calendar);

  // Local dates as UTC DateTimes carrying the wall clock; start a day early in case `from` sits in a fall-back hour.
  let date = DateTime.fromMillis(from, { zone })
    .setZone('utc', { keepLocalTime: true })
    .startOf('day')
    .minus({ days: 1 });
  let openedUpTo = from;
  let datesWithoutOpenTime = 0;
  while (date.toMillis() - MOST_AHEAD_OF_UTC < until) {
    const spans: Interval[] = [];
    const dateWindows = windows[date.weekday - 1] ?? [];
    if (dateWindows.length > 0 && !isClosed(date.toISODate() ?? '')) {
      const stretches = offsetStretches(offsetAt, date, date.plus({ days: 1 }));
      for (const window of dateWindows) {
        const [opens, closes] = [date.plus({ minutes: window.start }), date.plus({ minutes: window.end })];
        spans.push(...instantsReading(stretches, opens, closes));
      }
    }
    datesWithoutOpenTime++;
    for (const span of spans.sort((a, b) => a.start - b.start)) {
      const start = Math.max(span.start, openedUpTo);
      if (span.end <= start) continue;
      datesWithoutOpenTime = 0;
      openedUpTo = span.end;
      yield { start, end: span.end } satisfies Interval;
    }
    if (datesWithoutOpenTime > SEARCH_HORIZON_DAYS) throw new NoOpenHoursError(from);
    date = date.plus({ days: 1 });
  }
}

/** Closed dates are computed per year on demand and kept for the walk. */
function closedDateLookup(calendar: BusinessCalendar): (isoDate: string) => boolean {
  const byYear = new Map<number, Set<string>>();
  return (isoDate) => {
    const year = Number(isoDate.slice(0, 4));
    let dates = byYear.get(year);
    if (!dates) {
      dates = new Set(closedDays(calendar, year).map((day) => day.date));
      byYear.set(year, dates);
    }
    return dates.has(isoDate);
  };
}
