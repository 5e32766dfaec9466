import { useTranslation } from 'react-i18next';
import type { ReportRow } from '../../api/types.js';
import type { ReportGroup } from './period.js';

/** How a report row's group reads: a translated category, a partner's name, or a month ("March 2026"). */
export function useGroupLabel(groupBy: ReportGroup): (row: ReportRow) => string {
  const { t, i18n } = useTranslation();
  const month = new Intl.DateTimeFormat(i18n.language, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  return (row) => {
    if (groupBy === 'category') return t(`caseCategories.${row.key}`, { defaultValue: row.label });
    if (groupBy === 'month') {
      const [year, monthNumber] = row.key.split('-').map(Number);
      return year && monthNumber ? month.format(Date.UTC(year, monthNumber - 1, 1)) : row.label;
    }
    return row.label;
  };
}
