import type { Weekday, WeeklyInterval } from './calendar.js';

export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
export const MINUTES_PER_DAY = 24 * 60;
export const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

/** Wall-clock minutes [start, end) counted from a local midnight. */
export interface MinuteRange {
  start: number;
  end: number;
}

const CLOCK = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;

/** 'HH:MM' (00:00–23:59, or 24:00 for an end) as minutes since midnight; null when not a clock time. */
export function parseClock(value: string): number | null {
  const match = CLOCK.exec(value);
  if (!match) return null;
  if (value === '24:00') return MINUTES_PER_DAY;
  return Number(match[1]) * 60 + Number(match[2]);
}

/**
 * The interval in minutes from the midnight starting its own day; an end not after the start means the next day
 * (22:00–06:00 → 1320–1800). Null when it cannot open: unparsable, starting at 24:00, or empty (start == end).
 */
export function minutesOf(interval: WeeklyInterval): MinuteRange | null {
  const start = parseClock(interval.start);
  const end = parseClock(interval.end);
  if (start === null || end === null || start === MINUTES_PER_DAY || start === end) return null;
  return { start, end: end > start ? end : end + MINUTES_PER_DAY };
}

/** The interval on the week circle, Monday 00:00 = 0; an interval wrapping past Sunday midnight is cut in two. */
export function weekRangesOf(interval: WeeklyInterval): MinuteRange[] {
  const minutes = minutesOf(interval);
  const day = WEEKDAYS.indexOf(interval.day);
  if (!minutes || day < 0) return [];
  const start = day * MINUTES_PER_DAY + minutes.start;
  const end = day * MINUTES_PER_DAY + minutes.end;
  if (end <= MINUTES_PER_WEEK) return [{ start, end }];
  return [
    { start, end: MINUTES_PER_WEEK },
    { start: 0, end: end - MINUTES_PER_WEEK },
  ];
}

/**
 * Open wall-clock ranges of each local date, indexed by Luxon weekday − 1 (0 = Monday), sorted by start. An
 * overnight interval is split at midnight: its tail belongs to the next date, so a closed date closes it too.
 */
export function windowsByWeekday(weeklyHours: readonly WeeklyInterval[]): MinuteRange[][] {
  const byDay: MinuteRange[][] = WEEKDAYS.map(() => []);
  for (const interval of weeklyHours) {
    const minutes = minutesOf(interval);
    const day = WEEKDAYS.indexOf(interval.day);
    if (!minutes || day < 0) continue;
    byDay[day]?.push({ start: minutes.start, end: Math.min(minutes.end, MINUTES_PER_DAY) });
    if (minutes.end > MINUTES_PER_DAY)
      byDay[(day + 1) % 7]?.push({ start: 0, end: minutes.end - MINUTES_PER_DAY });
  }
  for (const windows of byDay) windows.sort((a, b) => a.start - b.start || a.end - b.end);
  return byDay;
}
