import { Alert, Badge, Button, Center, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError, client, dataOf } from '../../api/client.js';
import { ErrorText } from '../../components/ErrorText.js';
import { LanguageSwitch } from '../../components/LanguageSwitch.js';
import { SEVERITY_COLORS } from '../../features/health/format.js';
import { useFormat } from '../../i18n/format.js';

/**
 * Where the acknowledge link of a partner health escalation email lands, signed in or not. Opening it changes
 * nothing (mail scanners open links too); the button acknowledges, once, and stops the reminders.
 */
export function EscalationLinkPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { token = '' } = useParams();
  const link = useQuery({
    queryKey: ['escalation-link', token],
    queryFn: () => dataOf(client.GET('/api/v1/escalation-links/{token}', { params: { path: { token } } })),
    retry: false,
  });
  const act = useMutation({
    mutationFn: () =>
      dataOf(client.POST('/api/v1/escalation-links/{token}', { params: { path: { token } } })),
    onSettled: () => link.refetch(),
  });
  const refused = act.error instanceof ApiError && act.error.status === 409;
  const escalation = link.data?.escalation;
  return (
    <Center mih="100vh" p="md">
      <Paper withBorder p={{ base: 'md', sm: 'xl' }} w={480} maw="100%">
        <LanguageSwitch />
        <main>
          {link.isLoading && <Loader aria-label={t('common.loading')} />}
          {link.isError ? (
            <Alert color="red" title={t('pageAction.invalidTitle')}>
              {t('pageAction.invalid')}
            </Alert>
          ) : (
            link.data &&
            escalation && (
              <Stack>
                <Title order={2} style={{ overflowWrap: 'anywhere' }}>
                  {t('escalationLink.heading', {
                    number: escalation.number,
                    area: t(`healthArea.${escalation.area.replace(':', '.')}`),
                  })}
                </Title>
                <Group gap="xs">
                  <Text size="sm">{escalation.partnerName}</Text>
                  <Badge color={SEVERITY_COLORS[escalation.severity] ?? 'gray'}>
                    {t(`healthSeverity.${escalation.severity}`)}
                  </Badge>
                  <Badge variant="light">{t(`escalationLink.status.${escalation.status}`)}</Badge>
                </Group>
                {act.isSuccess ? (
                  <Alert color="green" title={t('escalationLink.done')} role="status">
                    {t('escalationLink.doneHint')}
                  </Alert>
                ) : refused || !link.data.usable ? (
                  <Alert color="yellow" title={t('pageAction.unusableTitle')}>
                    {t('escalationLink.unusable', { date: format.dateTime(link.data.expiresAt) })}
                  </Alert>
                ) : (
                  <>
                    <Text>{t('escalationLink.question')}</Text>
                    <Text size="xs" c="dimmed">
                      {t('pageAction.once', { date: format.dateTime(link.data.expiresAt) })}
                    </Text>
                    <Button color="yellow" loading={act.isPending} onClick={() => act.mutate()}>
                      {t('escalationLink.confirm')}
                    </Button>
                    <ErrorText error={act.error} />
                  </>
                )}
              </Stack>
            )
          )}
        </main>
      </Paper>
    </Center>
  );
}
