import { Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { User } from '../../api/types.js';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { ErrorText } from '../../components/ErrorText.js';
import { QueryState } from '../../components/QueryState.js';
import { FeedUrl } from '../../features/oncall/FeedUrl.js';
import { LayersTable } from '../../features/oncall/LayersTable.js';
import { OverrideDialog } from '../../features/oncall/OverrideDialog.js';
import { OverridesList } from '../../features/oncall/OverridesList.js';
import { canEditOncall, usePeople } from '../../features/oncall/people.js';
import { useDeleteSchedule, useSchedule } from '../../features/oncall/queries.js';
import { ScheduleEditor } from '../../features/oncall/ScheduleEditor.js';
import { ScheduleTimeline } from '../../features/oncall/ScheduleTimeline.js';
import type { Schedule } from '../../features/oncall/types.js';

function ScheduleView({ schedule, user }: { schedule: Schedule; user: User }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const people = usePeople();
  const remove = useDeleteSchedule();
  const [editing, setEditing] = useState(false);
  const writer = canEditOncall(user);
  return (
    <Stack>
      <Group justify="space-between" align="start">
        <div>
          <Anchor component={Link} to="/schedules" size="sm">
            {t('schedules.back')}
          </Anchor>
          <Title order={2}>{schedule.name}</Title>
          <Text size="sm" c="dimmed">
            {t('schedules.inZone', { zone: schedule.timeZone })}
          </Text>
        </div>
        {writer && (
          <Group gap="xs">
            <Button variant="light" onClick={() => setEditing((open) => !open)}>
              {t('schedules.editButton')}
            </Button>
            <ConfirmButton
              variant="subtle"
              color="red"
              label={t('schedules.delete')}
              question={t('schedules.deleteQuestion', { name: schedule.name })}
              onConfirm={() =>
                remove.mutateAsync(schedule.id).then(() => navigate('/schedules', { replace: true }))
              }
            >
              <ErrorText error={remove.error} />
            </ConfirmButton>
          </Group>
        )}
      </Group>
      {editing && (
        <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
          <ScheduleEditor
            schedule={schedule}
            people={people.options}
            onSaved={() => setEditing(false)}
            onCancel={() => setEditing(false)}
          />
        </Paper>
      )}
      <ErrorText error={people.error} />
      <ScheduleTimeline schedule={schedule} nameOf={people.nameOf} />
      <Group justify="space-between">
        <Title order={3}>{t('schedules.overrides.title')}</Title>
        {writer && <OverrideDialog scheduleId={schedule.id} people={people.options} />}
      </Group>
      <OverridesList schedule={schedule} nameOf={people.nameOf} canEdit={writer} />
      <Title order={3}>{t('schedules.layers')}</Title>
      <LayersTable schedule={schedule} nameOf={people.nameOf} />
      <FeedUrl url={schedule.icalUrl} />
    </Stack>
  );
}

/** One schedule: its two-week timeline, overrides, layers and calendar feed. */
export function SchedulePage({ user }: { user: User }) {
  const { scheduleId = '' } = useParams();
  const schedule = useSchedule(scheduleId);
  return (
    <QueryState isLoading={schedule.isLoading} error={schedule.error}>
      {schedule.data && <ScheduleView schedule={schedule.data} user={user} />}
    </QueryState>
  );
}
