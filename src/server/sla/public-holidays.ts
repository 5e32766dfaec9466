import Holidays from 'date-holidays';
import { DateTime } from 'luxon';

export interface DatedName {
  date: string;
  name: string;
}

// Building a Holidays instance parses the country's rule set and each year's list is computed from the rules, so
// both are kept; the year lists (a few hundred bytes each) are dropped wholesale past a bound no real use reaches.
const instances = new Map<string, Holidays>();
const yearLists = new Map<string, readonly DatedName[]>();
const MAX_YEAR_LISTS = 2000;
let catalogue: Holidays | undefined;

function holidaysOf(country: string, region: string | undefined): Holidays {
  const key = `${country}/${region ?? ''}`;
  let instance = instances.get(key);
  if (!instance) {
    instance = region ? new Holidays(country, region) : new Holidays(country);
    instances.set(key, instance);
  }
  return instance;
}

function catalogueOf(): Holidays {
  catalogue ??= new Holidays();
  return catalogue;
}

export function isKnownCountry(country: string): boolean {
  return Object.hasOwn(catalogueOf().getCountries(), country);
}

export function isKnownRegion(country: string, region: string): boolean {
  const states = catalogueOf().getStates(country);
  return states !== undefined && Object.hasOwn(states, region);
}

/**
 * Dates of the public holidays (type 'public' only: never observance, optional, school or bank) that start in
 * `year`, in the country's default language. A holiday lasting several days (Eid in some countries) yields each of
 * its dates, possibly spilling into the next year; a half-day public holiday still yields its whole date.
 */
export function publicHolidays(
  country: string,
  region: string | undefined,
  year: number,
): readonly DatedName[] {
  const key = `${country}/${region ?? ''}/${year}`;
  let dates = yearLists.get(key);
  if (!dates) {
    dates = listPublicHolidays(country, region, year);
    if (yearLists.size >= MAX_YEAR_LISTS) yearLists.clear();
    yearLists.set(key, dates);
  }
  return dates;
}

function listPublicHolidays(country: string, region: string | undefined, year: number): DatedName[] {
  const dates: DatedName[] = [];
  for (const holiday of holidaysOf(country, region).getHolidays(year)) {
    if (holiday.type !== 'public') continue;
    const first = DateTime.fromISO(holiday.date.slice(0, 10), { zone: 'utc' });
    const days = Math.max(1, Math.round((holiday.end.getTime() - holiday.start.getTime()) / 86_400_000));
    for (let i = 0; i < days; i++)
      dates.push({ date: first.plus({ days: i }).toISODate() ?? '', name: holiday.name });
  }
  return dates;
}
