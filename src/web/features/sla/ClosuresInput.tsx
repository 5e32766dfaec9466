import { CloseButton, Group, ScrollArea, Stack, Text, TextInput } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CalendarInput } from '../../api/types.js';
import { AddRowButton, RowProblem, RowsHeading } from './parts.js';
import { type ErrorOf, problemOfRow, rowLabels } from './rows.js';

type Closure = CalendarInput['closures'][number];

/** One-off closed days (date and name), one row each; keyed by position like the weekly hours. */
export function ClosuresInput({
  value,
  onChange,
  errorOf,
}: {
  value: Closure[];
  onChange: (value: Closure[]) => void;
  errorOf: ErrorOf;
}) {
  const { t } = useTranslation();
  const change = (index: number, patch: Partial<Closure>) =>
    onChange(value.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <Stack gap="xs">
      <RowsHeading title={t('sla.calendars.closures')} hint={t('sla.calendars.closuresHint')} />
      {value.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('sla.calendars.noClosures')}
        </Text>
      ) : (
        // An imported calendar brings dozens of days: they scroll in their own box.
        <ScrollArea.Autosize mah={360} type="auto" offsetScrollbars>
          <Stack gap="xs">
            {value.map((row, index) => {
              const refused = (field: string) => Boolean(errorOf(`closures.${index}.${field}`));
              const n = index + 1;
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: a row is its position, as the server names it
                <div key={index}>
                  <Group gap="xs" align="center">
                    <TextInput
                      type="date"
                      w={170}
                      aria-label={t('sla.calendars.dateOfRow', { row: n })}
                      value={row.date}
                      error={refused('date')}
                      onChange={(e) => change(index, { date: e.currentTarget.value })}
                    />
                    <TextInput
                      style={{ flex: 1, minWidth: 150 }}
                      aria-label={t('sla.calendars.nameOfRow', { row: n })}
                      placeholder={t('sla.calendars.closureExample')}
                      value={row.name}
                      error={refused('name')}
                      onChange={(e) => change(index, { name: e.currentTarget.value })}
                    />
                    <CloseButton
                      aria-label={t('sla.calendars.removeClosure', { row: n })}
                      onClick={() => onChange(value.filter((_, i) => i !== index))}
                    />
                  </Group>
                  <RowProblem message={problemOfRow(errorOf, 'closures', index, ['date', 'name'])} />
                </div>
              );
            })}
          </Stack>
        </ScrollArea.Autosize>
      )}
      <AddRowButton
        label={t('sla.calendars.addClosure')}
        onClick={() => onChange([...value, { date: '', name: '' }])}
      />
      <RowProblem message={errorOf('closures')} />
    </Stack>
  );
}

export const closureLabels = (count: number, t: TFunction) =>
  rowLabels('closures', t('sla.calendars.closures'), count, (row) => ({
    row: t('sla.calendars.closureOfRow', { row }),
    fields: {
      date: t('sla.calendars.dateOfRow', { row }),
      name: t('sla.calendars.nameOfRow', { row }),
    },
  }));
