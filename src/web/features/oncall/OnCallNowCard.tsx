import { Anchor, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorText } from '../../components/ErrorText.js';
import { QueryState } from '../../components/QueryState.js';
import { useOnCallNow, useSchedules } from './queries.js';
import type { Schedule } from './types.js';

function OnCallNow({ schedule }: { schedule: Schedule }) {
  const { t } = useTranslation();
  const onCall = useOnCallNow(schedule.id);
  const people = onCall.data?.users ?? [];
  return (
    <Group justify="space-between" gap="xs" data-testid={`oncall-now-${schedule.name}`}>
      <Anchor component={Link} to={`/schedules/${schedule.id}`}>
        {schedule.name}
      </Anchor>
      {onCall.isLoading ? (
        <Loader size="xs" aria-label={t('common.loading')} />
      ) : onCall.error ? (
        <ErrorText error={onCall.error} />
      ) : (
        <Text size="sm" fw={people.length ? 600 : undefined} c={people.length ? undefined : 'dimmed'}>
          {people.length ? people.map((person) => person.name).join(', ') : t('onCallNow.nobody')}
        </Text>
      )}
    </Group>
  );
}

/** The staff home's answer to "who do I call?": each schedule with whoever is on call right now. */
export function OnCallNowCard() {
  const { t } = useTranslation();
  const schedules = useSchedules();
  return (
    <Card withBorder>
      <Title order={3} size="h4" mb="xs">
        {t('onCallNow.title')}
      </Title>
      <QueryState isLoading={schedules.isLoading} error={schedules.error}>
        {schedules.data?.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('onCallNow.noSchedules')}{' '}
            {/* Underlined: inside a sentence, colour alone would not set the link apart. */}
            <Anchor component={Link} to="/schedules" underline="always">
              {t('onCallNow.toSchedules')}
            </Anchor>
          </Text>
        ) : (
          <Stack gap="xs">
            {schedules.data?.map((schedule) => (
              <OnCallNow key={schedule.id} schedule={schedule} />
            ))}
          </Stack>
        )}
      </QueryState>
    </Card>
  );
}
