import {
  Alert,
  Anchor,
  Button,
  Center,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api/client.js';
import { ErrorText } from '../components/ErrorText.js';
import { fieldErrors } from '../components/FieldErrors.js';
import { LanguageSwitch } from '../components/LanguageSwitch.js';
import { useLogin } from '../features/auth/session.js';

export function LoginPage() {
  const { t } = useTranslation();
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ email, password });
  };

  const error = login.error instanceof ApiError ? login.error : null;
  const message =
    error?.status === 429
      ? t('login.throttled', { minutes: Math.ceil((error.retryAfterSeconds ?? 60) / 60) })
      : error?.status === 401
        ? t('login.wrongCredentials')
        : null;
  const errors = fieldErrors(message ? null : login.error, {
    email: t('login.email'),
    password: t('login.password'),
  });

  return (
    <Center mih="100vh">
      <Paper withBorder shadow="sm" p="xl" w={380}>
        <LanguageSwitch />
        <form onSubmit={submit}>
          <Stack>
            <Title order={2}>{t('login.title')}</Title>
            <Text size="sm" c="dimmed">
              {t('app.tagline')}
            </Text>
            {message && <Alert color="red">{message}</Alert>}
            <ErrorText error={errors.other} />
            <TextInput
              label={t('login.email')}
              type="email"
              required
              value={email}
              error={errors.errorOf('email')}
              onChange={(e) => setEmail(e.currentTarget.value)}
              autoComplete="username"
            />
            <PasswordInput
              label={t('login.password')}
              visibilityToggleButtonProps={{ 'aria-label': t('login.togglePassword') }}
              required
              value={password}
              error={errors.errorOf('password')}
              onChange={(e) => setPassword(e.currentTarget.value)}
              autoComplete="current-password"
            />
            <Button type="submit" loading={login.isPending}>
              {t('login.submit')}
            </Button>
            <Text size="sm" ta="center">
              {t('login.notPartner')}{' '}
              <Anchor component={Link} to="/interest">
                {t('login.registerInterest')}
              </Anchor>
            </Text>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
