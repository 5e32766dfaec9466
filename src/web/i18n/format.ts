import { useTranslation } from 'react-i18next';

/** Dates and numbers in the user's chosen language (de: 23.11.2026, fr: 23/11/2026, en: Nov 23, 2026). */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.language;
  return {
    date: (value: string | Date) =>
      new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(value)),
    dateTime: (value: string | Date) =>
      new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value)),
    number: (value: number) => new Intl.NumberFormat(locale).format(value),
  };
}
