import { CloseButton, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CalendarInput } from '../../api/types.js';
import { useSlaFormat, WEEKDAYS, type Weekday } from './format.js';
import { AddRowButton, RowProblem, RowsHeading } from './parts.js';
import { type ErrorOf, problemOfRow, rowLabels } from './rows.js';

type Interval = CalendarInput['weeklyHours'][number];

/**
 * The opening intervals of a week, one row each. Rows have no identity but their position, which is also
 * how the server names a refused one (`weeklyHours.2.end`), so they are keyed by index.
 */
export function WeeklyHoursInput({
  value,
  onChange,
  errorOf,
}: {
  value: Interval[];
  onChange: (value: Interval[]) => void;
  errorOf: ErrorOf;
}) {
  const { t } = useTranslation();
  const format = useSlaFormat();
  const days = WEEKDAYS.map((day) => ({ value: day, label: format.weekday(day) }));
  const change = (index: number, patch: Partial<Interval>) =>
    onChange(value.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  // A new row starts as the last one, on the next day: typing a working week is mostly adding rows.
  const add = () => {
    const last = value.at(-1);
    const day = last ? (WEEKDAYS[(WEEKDAYS.indexOf(last.day) + 1) % 7] ?? 'mon') : 'mon';
    onChange([...value, { day, start: last?.start ?? '09:00', end: last?.end ?? '17:00' }]);
  };
  return (
    <Stack gap="xs">
      <RowsHeading title={t('sla.calendars.weeklyHours')} hint={t('sla.calendars.weeklyHoursHint')} />
      {value.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('sla.calendars.noHours')}
        </Text>
      )}
      {value.map((row, index) => {
        const refused = (field: string) => Boolean(errorOf(`weeklyHours.${index}.${field}`));
        const n = index + 1;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: a row is its position (see above)
          <div key={index}>
            <Group gap="xs" align="center">
              <Select
                w={{ base: '100%', xs: 170 }}
                aria-label={t('sla.calendars.dayOfRow', { row: n })}
                data={days}
                value={row.day}
                allowDeselect={false}
                error={refused('day')}
                onChange={(day) => day && change(index, { day: day as Weekday })}
              />
              <TextInput
                w={80}
                aria-label={t('sla.calendars.startOfRow', { row: n })}
                placeholder="09:00"
                maxLength={5}
                value={row.start}
                error={refused('start')}
                onChange={(e) => change(index, { start: e.currentTarget.value })}
              />
              <Text aria-hidden>–</Text>
              <TextInput
                w={80}
                aria-label={t('sla.calendars.endOfRow', { row: n })}
                placeholder="17:00"
                maxLength={5}
                value={row.end}
                error={refused('end')}
                onChange={(e) => change(index, { end: e.currentTarget.value })}
              />
              <CloseButton
                aria-label={t('sla.calendars.removeHours', { row: n })}
                onClick={() => onChange(value.filter((_, i) => i !== index))}
              />
            </Group>
            <RowProblem message={problemOfRow(errorOf, 'weeklyHours', index, ['day', 'start', 'end'])} />
          </div>
        );
      })}
      <AddRowButton label={t('sla.calendars.addHours')} onClick={add} />
      <RowProblem message={errorOf('weeklyHours')} />
    </Stack>
  );
}

export const weeklyHoursLabels = (count: number, t: TFunction) =>
  rowLabels('weeklyHours', t('sla.calendars.weeklyHours'), count, (row) => ({
    row: t('sla.calendars.hoursOfRow', { row }),
    fields: {
      day: t('sla.calendars.dayOfRow', { row }),
      start: t('sla.calendars.startOfRow', { row }),
      end: t('sla.calendars.endOfRow', { row }),
    },
  }));
