import { DateTime, IANAZone } from 'luxon';
import { isKnownCountry, isKnownRegion } from './public-holidays.js';
import { parseClock, WEEKDAYS, weekRangesOf } from './weekly-hours.js';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** Open from `start` to `end` local time; `end` may be 24:00, or earlier than `start` to run into the next day. */
export interface WeeklyInterval {
  day: Weekday;
  start: string;
  end: string;
}

/** date-holidays codes: `region` is what date-holidays calls a state (DE/BY, FR/57 for Moselle). */
export interface HolidayRegion {
  country: string;
  region?: string;
}

export interface Closure {
  date: string;
  name: string;
}

export interface BusinessCalendar {
  timeZone: string;
  weeklyHours: readonly WeeklyInterval[];
  holidays: HolidayRegion | null;
  closures: readonly Closure[];
}

/** Null stands for open around the clock: business time is plain elapsed time. */
export type Calendar = BusinessCalendar | null;

export interface CalendarProblem {
  field: string;
  message: string;
}

/** Partner support hours when a partner sets none: weekdays 09:00–17:00 in Berlin, German public holidays. */
export const DEFAULT_BUSINESS_CALENDAR: BusinessCalendar = {
  timeZone: 'Europe/Berlin',
  weeklyHours: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({
    day,
    start: '09:00',
    end: '17:00',
  })),
  holidays: { country: 'DE' },
  closures: [],
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Every problem that would make the calendar meaningless, each naming its field; empty when valid. */
export function validateCalendar(calendar: BusinessCalendar): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });

  if (!IANAZone.isValidZone(calendar.timeZone)) problem('timeZone', 'is not an IANA time zone');

  if (calendar.weeklyHours.length === 0) problem('weeklyHours', 'needs at least one opening interval');
  calendar.weeklyHours.forEach((interval, index) => {
    const field = `weeklyHours.${index}`;
    if (!WEEKDAYS.includes(interval.day))
      problem(`${field}.day`, 'must be one of mon, tue, wed, thu, fri, sat, sun');
    const start = parseClock(interval.start);
    const end = parseClock(interval.end);
    if (start === null || start === 24 * 60)
      problem(`${field}.start`, 'must be a time HH:MM from 00:00 to 23:59');
    if (end === null) problem(`${field}.end`, 'must be a time HH:MM from 00:00 to 24:00');
    else if (start === end) problem(`${field}.end`, 'must differ from start (the interval would be empty)');
  });
  problems.push(...overlaps(calendar.weeklyHours));

  if (calendar.holidays) {
    const { country, region } = calendar.holidays;
    if (!isKnownCountry(country)) problem('holidays.country', 'is not a country known for public holidays');
    else if (region !== undefined && !isKnownRegion(country, region)) {
      problem('holidays.region', `is not a region of ${country} known for public holidays`);
    }
  }

  calendar.closures.forEach((closure, index) => {
    if (!ISO_DATE.test(closure.date) || !DateTime.fromISO(closure.date).isValid) {
      problem(`closures.${index}.date`, 'must be a calendar date YYYY-MM-DD');
    }
    if (closure.name.trim() === '') problem(`closures.${index}.name`, 'must not be blank');
  });
  return problems;
}

/** Intervals sharing open time on the week circle, overnight spills and the Sunday → Monday wrap included. */
function overlaps(weeklyHours: readonly WeeklyInterval[]): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  const ranges = weeklyHours.map(weekRangesOf);
  ranges.forEach((mine, index) => {
    const earlier = ranges.findIndex(
      (theirs, other) =>
        other < index && theirs.some((a) => mine.some((b) => a.start < b.end && b.start < a.end)),
    );
    if (earlier >= 0)
      problems.push({ field: `weeklyHours.${index}`, message: `overlaps weeklyHours.${earlier}` });
  });
  return problems;
}
