import { Anchor, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { User } from '../../api/types.js';
import { DataTable } from '../../components/DataTable.js';
import { QueryState } from '../../components/QueryState.js';
import { canEditOncall, usePeople } from '../../features/oncall/people.js';
import { useSchedules } from '../../features/oncall/queries.js';
import { ScheduleEditor } from '../../features/oncall/ScheduleEditor.js';
import type { Schedule } from '../../features/oncall/types.js';

/** On-call schedules: who covers when, layer by layer; a new one is made here and opens when saved. */
export function SchedulesPage({ user }: { user: User }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const schedules = useSchedules();
  const people = usePeople();
  const [creating, setCreating] = useState(false);
  return (
    <Stack>
      <Title order={2}>{t('schedules.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('schedules.explain')}
      </Text>
      <QueryState isLoading={schedules.isLoading || people.isLoading} error={schedules.error ?? people.error}>
        <DataTable<Schedule>
          minWidth={520}
          columns={[t('schedules.name'), t('schedules.timeZone'), t('schedules.layers')]}
          rows={schedules.data}
          empty={t('schedules.none')}
          row={(schedule) => (
            <Table.Tr key={schedule.id}>
              <Table.Td>
                <Anchor component={Link} to={`/schedules/${schedule.id}`}>
                  {schedule.name}
                </Anchor>
              </Table.Td>
              <Table.Td>{schedule.timeZone}</Table.Td>
              <Table.Td>{schedule.layers.map((layer) => layer.name).join(', ') || '—'}</Table.Td>
            </Table.Tr>
          )}
        />
      </QueryState>
      {canEditOncall(user) && !creating && (
        <Group>
          <Button onClick={() => setCreating(true)}>{t('schedules.new')}</Button>
        </Group>
      )}
      {creating && (
        <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
          <ScheduleEditor
            schedule={null}
            people={people.options}
            onSaved={(saved) => navigate(`/schedules/${saved.id}`)}
            onCancel={() => setCreating(false)}
          />
        </Paper>
      )}
    </Stack>
  );
}
