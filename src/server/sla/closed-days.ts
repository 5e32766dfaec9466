import type { BusinessCalendar } from './calendar.js';
import { type DatedName, publicHolidays } from './public-holidays.js';

/**
 * The local dates of `year` on which the calendar is closed all day: its public holidays and its closures, sorted,
 * one entry per date (names of coinciding days joined with " / ").
 */
export function closedDays(
  calendar: Pick<BusinessCalendar, 'holidays' | 'closures'>,
  year: number,
): DatedName[] {
  const days: DatedName[] = [];
  const { holidays } = calendar;
  if (holidays) {
    // A holiday of several days starting late in the previous year can reach into this one.
    days.push(...publicHolidays(holidays.country, holidays.region, year - 1));
    days.push(...publicHolidays(holidays.country, holidays.region, year));
  }
  days.push(...calendar.closures);

  const namesByDate = new Map<string, string[]>();
  for (const { date, name } of days) {
    if (!date.startsWith(`${year}-`)) continue;
    const names = namesByDate.get(date) ?? [];
    if (!names.includes(name)) names.push(name);
    namesByDate.set(date, names);
  }
  return [...namesByDate]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([date, names]) => ({ date, name: names.join(' / ') }));
}
