import { useTranslation } from 'react-i18next';
import type { BusinessCalendar } from '../../api/types.js';

export type Weekday = BusinessCalendar['weeklyHours'][number]['day'];
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Durations, calendar days and weekdays in the user's language. */
export function useSlaFormat() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  // A calendar day is no instant: read and written in UTC so no zone moves it to the day before.
  const dayFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const weekdayFormat = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
  return {
    /** 90 → "1 h 30 min"; minutes are rounded, since the reports answer tenths. */
    duration(minutes: number): string {
      const whole = Math.round(minutes);
      const hours = Math.floor(whole / 60);
      const rest = whole % 60;
      if (hours === 0) return t('sla.duration.minutes', { minutes: rest });
      if (rest === 0) return t('sla.duration.hours', { hours });
      return t('sla.duration.hoursMinutes', { hours, minutes: rest });
    },
    /** "2026-12-24" → "24 Dec 2026" (en-GB), "24.12.2026" (de). */
    day: (date: string) => dayFormat.format(new Date(`${date}T00:00:00Z`)),
    /** 1 January 2024 was a Monday. */
    weekday: (day: Weekday) => weekdayFormat.format(Date.UTC(2024, 0, 1 + WEEKDAYS.indexOf(day))),
  };
}
