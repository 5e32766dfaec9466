import { invalid } from './errors.js';

/**
 * The one parser for instants on the wire. RFC 3339 as JSON Schema's `date-time` format reads it accepts
 * things `new Date` turns into NaN or silently moves (second 60, 30 February), so the schema format and the
 * services both go through here.
 */
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

function daysInMonth(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}

export function parseInstant(text: string): Date | null {
  const match = RFC3339.exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute, second, offsetHour = 0, offsetMinute = 0] = match
    .slice(1)
    .map((part) => (part === undefined ? undefined : Number(part))) as number[];
  if (year === undefined || month === undefined || day === undefined) return null;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if ((hour ?? 0) > 23 || (minute ?? 0) > 59 || (second ?? 0) > 59) return null;
  if (offsetHour > 23 || offsetMinute > 59) return null;
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
