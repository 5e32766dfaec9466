import { Button, Code, CopyButton, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { ErrorText } from '../../components/ErrorText.js';
import { fieldErrors } from '../../components/FieldErrors.js';
import { QueryState } from '../../components/QueryState.js';
import { useRemoveWebhook, useSaveWebhook, useWebhook } from './queries.js';

function WebhookForm({ current }: { current: { url: string; secret: string } | null }) {
  const { t } = useTranslation();
  const save = useSaveWebhook();
  const remove = useRemoveWebhook();
  const [url, setUrl] = useState(current?.url ?? '');
  const errors = fieldErrors(save.error, { url: t('profile.webhook.url') });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(url);
  };
  return (
    <Stack>
      <form onSubmit={submit}>
        <Group align="end" wrap="wrap">
          <TextInput
            label={t('profile.webhook.url')}
            placeholder="https://"
            type="url"
            required
            style={{ flex: 1, minWidth: 220 }}
            value={url}
            error={errors.errorOf('url')}
            onChange={(e) => {
              if (save.isSuccess) save.reset();
              setUrl(e.currentTarget.value);
            }}
          />
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
          {current && (
            <ConfirmButton
              variant="subtle"
              color="red"
              label={t('profile.webhook.remove')}
              question={t('profile.webhook.removeQuestion')}
              onConfirm={() => remove.mutateAsync(undefined, { onSuccess: () => setUrl('') })}
            />
          )}
        </Group>
      </form>
      {save.isSuccess && (
        <Text size="sm" c="green" role="status">
          {t('common.saved')}
        </Text>
      )}
      <ErrorText error={errors.other ?? remove.error} />
      {current && (
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('profile.webhook.secret')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('profile.webhook.secretHint')}
          </Text>
          <Group gap="xs" wrap="nowrap" align="start">
            <Code data-testid="webhook-secret" style={{ overflowWrap: 'anywhere', whiteSpace: 'normal' }}>
              {current.secret}
            </Code>
            <CopyButton value={current.secret}>
              {({ copied, copy }) => (
                <Button size="compact-xs" variant={copied ? 'filled' : 'light'} onClick={copy}>
                  {copied ? t('services.copied') : t('profile.webhook.copySecret')}
                </Button>
              )}
            </CopyButton>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}

/** The person's own webhook: where the webhook channel posts pages, signed with the secret shown here. */
export function WebhookSection() {
  const { t } = useTranslation();
  const webhook = useWebhook();
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
      <Stack>
        <div>
          <Title order={3}>{t('profile.webhook.title')}</Title>
          <Text size="sm" c="dimmed">
            {t('profile.webhook.explain')}
          </Text>
        </div>
        <QueryState isLoading={webhook.isLoading} error={webhook.error}>
          {webhook.data !== undefined && <WebhookForm current={webhook.data} />}
        </QueryState>
      </Stack>
    </Paper>
  );
}
