import { Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BusinessCalendar } from '../../api/types.js';
import { DataTable } from '../../components/DataTable.js';
import { ErrorText } from '../../components/ErrorText.js';
import { QueryState } from '../../components/QueryState.js';
import { CalendarEditor } from './CalendarEditor.js';
import { ClosedDaysPreview } from './ClosedDaysPreview.js';
import { useSlaFormat } from './format.js';
import { RowActions } from './parts.js';
import { useCalendars, useDeleteCalendar } from './queries.js';

function WeeklyHoursSummary({ calendar }: { calendar: BusinessCalendar }) {
  const { t } = useTranslation();
  const format = useSlaFormat();
  if (calendar.weeklyHours.length === 0) return <>{t('sla.calendars.noHours')}</>;
  return (
    <Stack gap={0}>
      {calendar.weeklyHours.map((interval) => (
        <Text key={`${interval.day}-${interval.start}`} size="sm" style={{ whiteSpace: 'nowrap' }}>
          {format.weekday(interval.day)} {interval.start}–{interval.end}
        </Text>
      ))}
    </Stack>
  );
}

/** Business calendars: the list, and below it the one being edited with its closed days. */
export function CalendarsSection() {
  const { t } = useTranslation();
  const calendars = useCalendars();
  const remove = useDeleteCalendar();
  // 'new', a calendar's id, or nothing open.
  const [editing, setEditing] = useState<string | null>(null);
  const current = calendars.data?.find((calendar) => calendar.id === editing) ?? null;
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('sla.calendars.explain')}
      </Text>
      <QueryState isLoading={calendars.isLoading} error={calendars.error}>
        <DataTable
          columns={[
            t('sla.calendars.name'),
            t('sla.calendars.timeZone'),
            t('sla.calendars.weeklyHours'),
            t('sla.calendars.holidays'),
            t('sla.calendars.closures'),
            '',
          ]}
          rows={calendars.data}
          empty={t('sla.calendars.none')}
          row={(calendar) => (
            <Table.Tr key={calendar.id}>
              <Table.Td>{calendar.name}</Table.Td>
              <Table.Td>{calendar.timeZone}</Table.Td>
              <Table.Td>
                <WeeklyHoursSummary calendar={calendar} />
              </Table.Td>
              <Table.Td>
                {calendar.holidays
                  ? [calendar.holidays.country, calendar.holidays.region].filter(Boolean).join('-')
                  : t('sla.calendars.noHolidays')}
              </Table.Td>
              <Table.Td>{calendar.closures.length}</Table.Td>
              <Table.Td>
                <RowActions
                  editLabel={t('sla.calendars.editNamed', { name: calendar.name })}
                  deleteQuestion={t('sla.calendars.deleteQuestion', { name: calendar.name })}
                  onEdit={() => setEditing(calendar.id)}
                  onDelete={() =>
                    remove.mutate(calendar.id, {
                      onSuccess: () => setEditing((open) => (open === calendar.id ? null : open)),
                    })
                  }
                />
              </Table.Td>
            </Table.Tr>
          )}
        />
      </QueryState>
      <ErrorText error={remove.error} />
      {editing === null && (
        <Group>
          <Button onClick={() => setEditing('new')}>{t('sla.calendars.add')}</Button>
        </Group>
      )}
      {(editing === 'new' || current) && (
        <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
          <CalendarEditor
            key={editing}
            calendar={current}
            onSaved={(saved) => setEditing(saved.id)}
            onCancel={() => setEditing(null)}
          />
        </Paper>
      )}
      {current && (
        <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
          <Stack gap="xs">
            <Title order={4}>{t('sla.preview.title', { name: current.name })}</Title>
            <ClosedDaysPreview calendarId={current.id} />
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
