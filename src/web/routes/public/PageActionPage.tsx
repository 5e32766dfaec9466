import { Alert, Button, Center, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError, client, dataOf } from '../../api/client.js';
import type { PageActionLink } from '../../api/types.js';
import { ErrorText } from '../../components/ErrorText.js';
import { LanguageSwitch } from '../../components/LanguageSwitch.js';
import { PageStatusBadge } from '../../features/pages/PageBadges.js';
import { useFormat } from '../../i18n/format.js';

/** The page the link is about: its number, title and status as they are now. */
function PageLine({ page }: { page: PageActionLink['page'] }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Title order={2} style={{ overflowWrap: 'anywhere' }}>
        {t('pages.heading', { number: page.number, title: page.title })}
      </Title>
      <Group gap="xs">
        <Text size="sm">{t('pageAction.status')}</Text>
        <PageStatusBadge status={page.status} />
      </Group>
    </Stack>
  );
}

/**
 * Where an email's acknowledge or resolve link lands, signed in or not. Opening it changes nothing (mail
 * scanners open links too); the confirm button uses the link, once.
 */
export function PageActionPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { token = '' } = useParams();
  const link = useQuery({
    queryKey: ['page-action', token],
    queryFn: () => dataOf(client.GET('/api/v1/page-actions/{token}', { params: { path: { token } } })),
    retry: false,
  });
  const act = useMutation({
    mutationFn: () => dataOf(client.POST('/api/v1/page-actions/{token}', { params: { path: { token } } })),
    onSettled: () => link.refetch(),
  });
  const refused = act.error instanceof ApiError && act.error.status === 409;
  const action = link.data?.action === 'resolve' ? 'resolve' : 'acknowledge';
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
            link.data && (
              <Stack>
                <PageLine page={link.data.page} />
                {act.isSuccess ? (
                  <Alert color="green" title={t(`pageAction.done.${action}`)} role="status">
                    {t('pageAction.doneHint')}
                  </Alert>
                ) : refused || !link.data.usable ? (
                  <Alert color="yellow" title={t('pageAction.unusableTitle')}>
                    {t('pageAction.unusable', { date: format.dateTime(link.data.expiresAt) })}
                  </Alert>
                ) : (
                  <>
                    <Text>{t(`pageAction.question.${action}`)}</Text>
                    <Text size="xs" c="dimmed">
                      {t('pageAction.once', { date: format.dateTime(link.data.expiresAt) })}
                    </Text>
                    <Button
                      color={action === 'resolve' ? 'green' : 'yellow'}
                      loading={act.isPending}
                      onClick={() => act.mutate()}
                    >
                      {t(`pageAction.confirm.${action}`)}
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
