import { IANAZone } from 'luxon';
import { invalid } from '../lib/errors.js';
import { parseInstant } from '../lib/instant.js';
import type { Layer, Restriction, Weekday } from './schedule.js';

const WEEKDAYS: readonly string[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
const CLOCK_OR_MIDNIGHT = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

export interface LayerInput {
  name: string;
  start: string;
  rotation: { type: 'daily' | 'weekly' | 'custom'; hours?: number };
  handoffTime: string;
  users: string[];
  restrictions?: { days: string[]; start: string; end: string }[];
}

/** Checks a schedule's zone and layers and turns them into the renderer's terms; each problem a 400 naming its field. */
export function readLayers(timeZone: string, layers: readonly LayerInput[]): Layer[] {
  if (!IANAZone.isValidZone(timeZone))
    throw invalid('timeZone', 'is not an IANA time zone', 'unknown_time_zone');
  return layers.map((layer, i) => {
    const field = `layers.${i}`;
    const start = parseInstant(layer.start);
    if (!start)
      throw invalid(`${field}.start`, 'is not an RFC 3339 date-time with a time zone', 'invalid_date_time');
    if (!CLOCK.test(layer.handoffTime))
      throw invalid(`${field}.handoffTime`, 'must be a time HH:MM from 00:00 to 23:59', 'invalid_format');
    const { type, hours } = layer.rotation;
    if (
      type === 'custom' &&
      (hours === undefined || !Number.isInteger(hours) || hours < 1 || hours > 24 * 366)
    )
      throw invalid(
        `${field}.rotation.hours`,
        'is required for a custom rotation: whole hours from 1',
        'too_small',
        {
          limit: 1,
        },
      );
    if (type !== 'custom' && hours !== undefined)
      throw invalid(`${field}.rotation.hours`, 'only applies to a custom rotation', 'only_with', {
        other: 'custom',
      });
    if (layer.users.length === 0)
      throw invalid(`${field}.users`, 'needs at least one person', 'too_few', { limit: 1 });
    const restrictions = (layer.restrictions ?? []).map((r, j): Restriction => {
      const rField = `${field}.restrictions.${j}`;
      if (r.days.length === 0 || r.days.some((d) => !WEEKDAYS.includes(d)))
        throw invalid(`${rField}.days`, 'must list days from mon to sun', 'not_allowed', {
          allowed: [...WEEKDAYS],
        });
      if (!CLOCK.test(r.start)) throw invalid(`${rField}.start`, 'must be a time HH:MM', 'invalid_format');
      if (!CLOCK_OR_MIDNIGHT.test(r.end))
        throw invalid(`${rField}.end`, 'must be a time HH:MM or 24:00', 'invalid_format');
      if (r.start === r.end) throw invalid(`${rField}.end`, 'must differ from start', 'invalid');
      return { days: r.days as Weekday[], start: r.start, end: r.end };
    });
    return {
      name: layer.name,
      start,
      rotation: type === 'custom' ? { type, hours: hours as number } : { type },
      handoffTime: layer.handoffTime,
      users: layer.users,
      ...(restrictions.length ? { restrictions } : {}),
    };
  });
}
