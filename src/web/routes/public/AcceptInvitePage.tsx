import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import type { Locale } from '../../../shared/locales.js';
import { client, dataOf, setCsrfToken } from '../../api/client.js';
import { ErrorText } from '../../components/ErrorText.js';
import { fieldErrors } from '../../components/FieldErrors.js';
import { LanguageSwitch } from '../../components/LanguageSwitch.js';
import { useFormat } from '../../i18n/format.js';

/** Where an invitation link lands: choose a name and password, and you are signed in. */
export function AcceptInvitePage() {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { token = '' } = useParams();
  const preview = useQuery({
    queryKey: ['invite', token],
    queryFn: () => dataOf(client.GET('/api/v1/invites/{token}', { params: { path: { token } } })),
    retry: false,
  });
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const accept = useMutation({
    mutationFn: () =>
      dataOf(
        client.POST('/api/v1/invites/{token}/accept', {
          params: { path: { token } },
          body: { name, password, locale: i18n.language as Locale },
        }),
      ),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      queryClient.setQueryData(['session'], session);
      navigate('/');
    },
  });
  const mismatch = repeat.length > 0 && repeat !== password;
  const errors = fieldErrors(accept.error, { name: t('invite.name'), password: t('invite.password') });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!mismatch) accept.mutate();
  };
  return (
    <Center mih="100vh" p="md">
      <Paper withBorder p="xl" w={420}>
        <LanguageSwitch />
        {preview.isError ? (
          <Alert color="red" title={t('invite.invalidTitle')}>
            {t('invite.invalid')}
          </Alert>
        ) : (
          preview.data && (
            <form onSubmit={submit}>
              <Stack>
                <Title order={2}>{t('invite.title', { partner: preview.data.partnerName })}</Title>
                <Text size="sm">
                  {t('invite.as', { email: preview.data.email, role: t(`roles.${preview.data.role}`) })}
                </Text>
                <Text size="xs" c="dimmed">
                  {t('invite.expires', { date: format.dateTime(preview.data.expiresAt) })}
                </Text>
                <TextInput
                  label={t('invite.name')}
                  required
                  value={name}
                  error={errors.errorOf('name')}
                  onChange={(e) => setName(e.currentTarget.value)}
                />
                <PasswordInput
                  label={t('invite.password')}
                  description={t('invite.passwordRule')}
                  required
                  minLength={12}
                  value={password}
                  error={errors.errorOf('password')}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                  visibilityToggleButtonProps={{ 'aria-label': t('login.togglePassword') }}
                />
                <PasswordInput
                  label={t('invite.repeat')}
                  required
                  value={repeat}
                  error={mismatch ? t('invite.mismatch') : undefined}
                  onChange={(e) => setRepeat(e.currentTarget.value)}
                  visibilityToggleButtonProps={{ 'aria-label': t('login.togglePassword') }}
                />
                <Button type="submit" loading={accept.isPending}>
                  {t('invite.submit')}
                </Button>
                <ErrorText error={errors.other} />
              </Stack>
            </form>
          )
        )}
      </Paper>
    </Center>
  );
}
