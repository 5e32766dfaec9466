import { invalid } from './errors.js';

/**
 * The one parser for instants on the wire. RFC 3339 as JSON Schema's `date-time` format reads it accepts
 * things `new Date` turns into NaN or silently moves (second 60, 30 February), so the schema format and the
 * services both go through here.
 */
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

/** Days in a month (1–12) of a year: what `new Date` rolls a later day over from. */
export function daysInMonth(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}

export function parseInstant(text: string): Date | null {
  const match = RFC3339.exec(text);
  if (!match) return null;
  // V8 itself refuses month 13, day 32, minute or second 60 and offsets past 23:59 (the tests pin each one), but
  // rolls 30 February over to 2 March and hour 24 over to the next day: those two are refused here.
  const [year, month, day, hour] = match.slice(1, 5).map(Number) as [number, number, number, number];
  if (day > daysInMonth(year, month) || hour > 23) return null;
  const instant = new Date(text);
  return Number.isNaN(instant.getTime()) ? null : instant;
}

export const isInstant = (text: string) => parseInstant(text) !== null;

/** For services handed text the schema already checked: a bad instant still fails as a 400 naming the field. */
export function toInstant(field: string, text: string): Date {
  const instant = parseInstant(text);
  if (!instant) throw invalid(field, 'is not an RFC 3339 date-time with a time zone');
  return instant;
}
