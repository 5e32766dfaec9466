import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** Instants as the schedule's own zone reads them, in the user's language, on a 24-hour clock. */
export function useZoneFormat(zone: string) {
  const { i18n } = useTranslation();
  const locale = i18n.language;
  return useMemo(() => {
    const day = new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', timeZone: zone });
    const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: zone });
    const dateTime = new Intl.DateTimeFormat(locale, {
      dateStyle: 'medium',
      timeStyle: 'short',
      hourCycle: 'h23',
      timeZone: zone,
    });
    return {
      /** "Mon 5" above a day's column. */
      day: (at: Date) => day.format(at),
      date: (at: Date) => date.format(at),
      dateTime: (at: Date | string) => dateTime.format(new Date(at)),
      /** "5 Jan 2026, 09:00 – 12 Jan 2026, 09:00", shortened where both ends share a day. */
      range: (start: Date | string, end: Date | string) =>
        dateTime.formatRange(new Date(start), new Date(end)),
    };
  }, [locale, zone]);
}
