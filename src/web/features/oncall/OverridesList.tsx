import { Stack, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { DataTable } from '../../components/DataTable.js';
import { ErrorText } from '../../components/ErrorText.js';
import { useZoneFormat } from './format.js';
import { useRemoveOverride } from './queries.js';
import type { Override, Schedule } from './types.js';

/** The overrides still to come or running now, in the schedule's zone; on-call writers may remove each. */
export function OverridesList({
  schedule,
  nameOf,
  canEdit,
}: {
  schedule: Schedule;
  nameOf: (id: string) => string;
  canEdit: boolean;
}) {
  const { t } = useTranslation();
  const format = useZoneFormat(schedule.timeZone);
  const remove = useRemoveOverride(schedule.id);
  return (
    <Stack gap="xs">
      <DataTable<Override>
        minWidth={520}
        columns={[
          t('schedules.overrides.who'),
          t('schedules.overrides.start'),
          t('schedules.overrides.end'),
          ...(canEdit ? [''] : []),
        ]}
        rows={schedule.overrides}
        empty={t('schedules.overrides.none')}
        row={(override) => (
          <Table.Tr key={override.id}>
            <Table.Td>{nameOf(override.userId)}</Table.Td>
            <Table.Td>{format.dateTime(override.start)}</Table.Td>
            <Table.Td>{format.dateTime(override.end)}</Table.Td>
            {canEdit && (
              <Table.Td>
                <ConfirmButton
                  size="xs"
                  variant="subtle"
                  color="red"
                  label={t('schedules.overrides.remove')}
                  question={t('schedules.overrides.removeQuestion', {
                    name: nameOf(override.userId),
                    when: format.range(override.start, override.end),
                  })}
                  onConfirm={() => remove.mutateAsync(override.id)}
                />
              </Table.Td>
            )}
          </Table.Tr>
        )}
      />
      <ErrorText error={remove.error} />
    </Stack>
  );
}
