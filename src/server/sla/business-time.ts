import type { Calendar } from './calendar.js';
import { openTime } from './open-time.js';
import { type Span, unionOf } from './spans.js';

// Business time is counted to the millisecond and reported in minutes, fractional when the instants are not on whole
// minutes. Targets are whole minutes, so callers compare `elapsed >= target`; exact milliseconds keep the arithmetic
// additive (a→b plus b→c is a→c) where rounding each part would not be.
const MINUTE = 60_000;

/** The open time within [from, to), merged where open intervals touch; [from, to) itself for a 24/7 calendar. */
export function openIntervals(calendar: Calendar, from: Date, to: Date): Span[] {
  const [start, end] = [millisOf(from, 'from'), millisOf(to, 'to')];
  if (end <= start) return [];
  if (!calendar) return [{ start: new Date(start), end: new Date(end) }];
  const spans: Span[] = [];
  for (const open of openTime(calendar, start, end)) {
    if (open.start >= end) break;
    const span = { start: new Date(open.start), end: new Date(Math.min(open.end, end)) };
    const last = spans.at(-1);
    if (last && last.end.getTime() === span.start.getTime()) last.end = span.end;
    else spans.push(span);
  }
  return spans;
}

/** Minutes of open time in [from, to); 0 when `to` is not after `from`. */
export function businessMinutesBetween(calendar: Calendar, from: Date, to: Date): number {
  return openMillis(calendar, millisOf(from, 'from'), millisOf(to, 'to')) / MINUTE;
}

/** Minutes of open time within the spans, overlapping spans counted once: the SLA clock's active spans summed. */
export function elapsedBusinessMinutes(calendar: Calendar, spans: readonly Span[]): number {
  let millis = 0;
  for (const span of unionOf(spans))
    millis += openMillis(calendar, millisOf(span.start, 'start'), millisOf(span.end, 'end'));
  return millis / MINUTE;
}

/**
 * The instant at which `minutes` of open time have elapsed after `from`: counting starts at the next opening when
 * `from` is closed, and a target used up exactly at closing time is due at closing time, not at the next opening.
 * Zero minutes give `from` itself. Throws NoOpenHoursError when the calendar never opens again.
 */
export function addBusinessMinutes(calendar: Calendar, from: Date, minutes: number): Date {
  const start = millisOf(from, 'from');
  if (!Number.isFinite(minutes) || minutes < 0)
    throw new RangeError(`minutes must be a finite number ≥ 0, got ${minutes}`);
  let remaining = Math.round(minutes * MINUTE);
  if (!calendar || remaining === 0) return new Date(start + remaining);
  for (const open of openTime(calendar, start)) {
    if (remaining <= open.end - open.start) return new Date(open.start + remaining);
    remaining -= open.end - open.start;
  }
  throw new Error('unreachable: the open-time walk ends only by throwing');
}

/** `at` when the calendar is open then, else the start of its next open interval: when a reminder may be sent. */
export function nextOpening(calendar: Calendar, at: Date): Date {
  const start = millisOf(at, 'at');
  if (!calendar) return new Date(start);
  for (const open of openTime(calendar, start)) return new Date(open.start);
  throw new Error('unreachable: the open-time walk ends only by throwing');
}

function openMillis(calendar: Calendar, from: number, to: number): number {
  if (to <= from) return 0;
  if (!calendar) return to - from;
  let millis = 0;
  for (const open of openTime(calendar, from, to)) {
    if (open.start >= to) break;
    millis += Math.min(open.end, to) - open.start;
  }
  return millis;
}

function millisOf(date: Date, name: string): number {
  const millis = date.getTime();
  if (Number.isNaN(millis)) throw new RangeError(`${name} is not a valid date`);
  return millis;
}
