import '@mantine/dates/styles.css';
import { DatesProvider, DateTimePicker } from '@mantine/dates';
import dayjs from 'dayjs';
import 'dayjs/locale/de';
import 'dayjs/locale/fr';
import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** The zone the browser counts in; the field reads and writes wall-clock times there and says so. */
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
/** What the picker holds: a wall-clock time without zone. */
const PICKER_FORMAT = 'YYYY-MM-DD HH:mm:ss';

/**
 * A date and time picked from a calendar, shown in the UI language's format (de 05.01.2026, 08:30; fr 5 janv.
 * 2026, 08:30) on a 24-hour clock, with the time zone named under it. `value` and `onChange` carry ISO 8601
 * with the zone's offset (2026-01-05T08:30:00+01:00), or '' when empty.
 */
export function DateTimeField({
  label,
  description,
  value,
  onChange,
  required,
  clearable,
  error,
}: {
  label: string;
  description?: string;
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
  clearable?: boolean;
  error?: string;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  // The field's button and the calendar popup share one id, and the popup is named by the field's label.
  const id = useId();
  const display = useMemo(
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' }),
    [locale],
  );
  return (
    // No red weekends and no greyed days of other months: neither reads at 4.5:1.
    <DatesProvider settings={{ locale, weekendDays: [] }}>
      <DateTimePicker
        id={id}
        popoverProps={{ id, attributes: { dropdown: { 'aria-labelledby': `${id}-label` } } }}
        hideOutsideDates
        label={label}
        description={[description, t('dateTime.timesIn', { zone })].filter(Boolean).join(' ')}
        required={required}
        clearable={clearable}
        error={error}
        value={value ? dayjs(value).format(PICKER_FORMAT) : null}
        onChange={(picked) => onChange(picked ? dayjs(picked).format() : '')}
        valueFormat={(picked) => display.format(dayjs(picked).toDate())}
        clearButtonProps={{ 'aria-label': t('dateTime.clear') }}
        submitButtonProps={{ 'aria-label': t('dateTime.done') }}
        timePickerProps={{ hoursInputLabel: t('dateTime.hours'), minutesInputLabel: t('dateTime.minutes') }}
        ariaLabels={{
          previousMonth: t('dateTime.previousMonth'),
          nextMonth: t('dateTime.nextMonth'),
          previousYear: t('dateTime.previousYear'),
          nextYear: t('dateTime.nextYear'),
          previousDecade: t('dateTime.previousDecade'),
          nextDecade: t('dateTime.nextDecade'),
        }}
      />
    </DatesProvider>
  );
}
