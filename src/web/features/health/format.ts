import { useTranslation } from 'react-i18next';
import type { HealthRange } from './queries.js';

export const SEVERITY_COLORS: Record<string, string> = {
  critical: 'red',
  high: 'orange',
  medium: 'yellow',
  low: 'gray',
};

/** A success rate (0–1) as a percentage with one decimal: 99.9 % reads differently from 100 %. */
export const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

/** Chart axis labels: times of day up to a day, dates with the hour beyond. */
export function useTimeLabel(range: HealthRange) {
  const { i18n } = useTranslation();
  const format = new Intl.DateTimeFormat(
    i18n.language,
    range === '1h' || range === '24h'
      ? { hour: '2-digit', minute: '2-digit' }
      : { month: 'short', day: 'numeric', hour: '2-digit' },
  );
  return (t: string) => format.format(new Date(t));
}

/** "area" as stored (`action:checkout`, `feed:menu`, `merchants`) to its translation key. */
export const areaKey = (area: string) => `healthArea.${area.replace(':', '.')}`;
