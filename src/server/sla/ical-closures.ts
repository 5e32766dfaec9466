import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import type { Closure } from './calendar.js';

export interface IcsWindow {
  /** Recurring events are expanded over the whole years `fromYear` to `toYear`. */
  fromYear: number;
  toYear: number;
  /** More dates than this and the file is refused rather than read to the end. */
  maxDates: number;
}

export type IcsClosures = { closures: Closure[] } | { problem: string };

type IcalTime = InstanceType<typeof ICAL.Time>;
type IcalEvent = InstanceType<typeof ICAL.Event>;

const NAME_LENGTH = 200;
const UNNAMED = 'Closed';
// ical.js steps through every occurrence from the first (some 30 µs each), so a daily rule from 1900 would hold
// the request for seconds; a file gets this many steps in all, plenty for yearly and weekly closures.
const MAX_STEPS = 20_000;

class TooManyDates extends Error {}
class TooManySteps extends Error {}

/**
 * The closure dates an iCalendar file describes: every date an all-day event covers (its end date exclusive, as
 * RFC 5545 has it), recurring events expanded over the window, a moved occurrence on its new date and an
 * excluded one left out. Timed events are not closures and are passed over. One entry per date, the first
 * event's name kept, sorted; `problem` when the text is not an iCalendar file.
 */
export function closuresFromIcs(ics: string, window: IcsWindow): IcsClosures {
  let calendars: InstanceType<typeof ICAL.Component>[];
  try {
    calendars = calendarsOf(ICAL.parse(ics));
  } catch (error) {
    return { problem: `is not an iCalendar file (${(error as Error).message})` };
  }
  if (calendars.length === 0) return { problem: 'is not an iCalendar file (no VCALENDAR)' };

  const byDate = new Map<string, string>();
  const steps = { left: MAX_STEPS };
  const add = (date: string, name: string) => {
    if (byDate.has(date)) return;
    if (byDate.size >= window.maxDates) throw new TooManyDates();
    byDate.set(date, name);
  };
  try {
    for (const calendar of calendars) {
      const vevents = calendar.getAllSubcomponents('vevent');
      const recurringUids = new Set(
        vevents.filter((v) => v.hasProperty('rrule') || v.hasProperty('rdate')).map(uidOf),
      );
      const exceptionsOf = (uid: string) =>
        vevents.filter((v) => v.hasProperty('recurrence-id') && uidOf(v) === uid);
      for (const vevent of vevents) {
        const uid = uidOf(vevent);
        // A moved or renamed occurrence is read through its series (getOccurrenceDetails), not on its own.
        if (vevent.hasProperty('recurrence-id') && recurringUids.has(uid)) continue;
        // Given explicitly: left to itself, ICAL.Event relates every exception in the file, whatever its UID.
        const event = new ICAL.Event(vevent, { exceptions: recurringUids.has(uid) ? exceptionsOf(uid) : [] });
        if (!event.startDate?.isDate) continue;
        if (event.isRecurring()) addOccurrences(event, window, steps, add);
        else addDays(event.startDate, event.endDate, nameOf(event), add);
      }
    }
  } catch (error) {
    if (error instanceof TooManyDates)
      return { problem: `names more than ${window.maxDates} closure dates; import a shorter range` };
    if (error instanceof TooManySteps)
      return {
        problem: `recurs more than ${MAX_STEPS} times up to ${window.toYear}; import a shorter range`,
      };
    return { problem: `has an event that cannot be read (${(error as Error).message})` };
  }
  const closures = [...byDate]
    .map(([date, name]) => ({ date, name }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { closures };
}

/** ICAL.parse answers one jCal component, several, or (for blank text) none. */
function calendarsOf(jcal: unknown): InstanceType<typeof ICAL.Component>[] {
  const parts = Array.isArray(jcal) && Array.isArray(jcal[0]) ? jcal : [jcal];
  return parts
    .filter((part): part is unknown[] => Array.isArray(part) && part.length > 0)
    .map((part) => new ICAL.Component(part))
    .filter((component) => component.name === 'vcalendar');
}

const uidOf = (vevent: InstanceType<typeof ICAL.Component>) => String(vevent.getFirstPropertyValue('uid'));

function addOccurrences(
  event: IcalEvent,
  window: IcsWindow,
  steps: { left: number },
  add: (date: string, name: string) => void,
) {
  const iterator = event.iterator();
  for (;;) {
    if (steps.left-- <= 0) throw new TooManySteps();
    const next = iterator.next();
    if (!next || next.year > window.toYear) return;
    // Occurrences before the window are only stepped over; their details are the costly part.
    if (next.year < window.fromYear) continue;
    const occurrence = event.getOccurrenceDetails(next);
    const { year } = occurrence.startDate;
    if (year < window.fromYear || year > window.toYear || !occurrence.startDate.isDate) continue;
    addDays(occurrence.startDate, occurrence.endDate, nameOf(occurrence.item), add);
  }
}

/** Each date from `start` up to `end` (exclusive), at least the first. */
function addDays(start: IcalTime, end: IcalTime, name: string, add: (date: string, name: string) => void) {
  const first = dateOf(start);
  const last = dateOf(end);
  let day = first;
  do {
    add(day.toISODate() as string, name);
    day = day.plus({ days: 1 });
  } while (day < last);
}

function dateOf(time: IcalTime): DateTime {
  const date = DateTime.fromObject({ year: time.year, month: time.month, day: time.day }, { zone: 'utc' });
  if (!date.isValid) throw new Error(`${time.toString()} is not a date`);
  return date;
}

function nameOf(event: IcalEvent): string {
  // Closure names are one line of text: folded lines, tabs and control characters become single spaces.
  const summary = String(event.summary ?? '')
    .replace(/[\s\p{Cc}]+/gu, ' ')
    .trim();
  return summary === '' ? UNNAMED : summary.slice(0, NAME_LENGTH);
}
