import { DateTime } from 'luxon';
import { businessMinutesBetween } from '../../sla/business-time.js';
import type { Calendar } from '../../sla/calendar.js';

/**
 * The business days of the calendar that passed wholly between `from` and `to`: local dates with open time, all
 * of it after `from` and before `to`. "Fixed within 3 business days" of an error seen Monday 10:00 on a weekday
 * 09:00–17:00 calendar is then due by Thursday 17:00, and one seen Monday 08:00 by Wednesday 17:00; holidays and
 * weekends count for nothing. Open around the clock (a null calendar), the days are UTC dates.
 */
export function completedBusinessDays(calendar: Calendar, from: Date, to: Date): number {
  const zone = calendar?.timeZone ?? 'UTC';
  let days = 0;
  for (let day = DateTime.fromJSDate(from, { zone }).startOf('day'); day.toMillis() < to.getTime(); ) {
    const next = day.plus({ days: 1 });
    const [start, end] = [day.toJSDate(), next.toJSDate()];
    const open = businessMinutesBetween(calendar, start, end);
    const inside = businessMinutesBetween(
      calendar,
      new Date(Math.max(start.getTime(), from.getTime())),
      new Date(Math.min(end.getTime(), to.getTime())),
    );
    if (open > 0 && inside === open) days++;
    day = next;
  }
  return days;
}
