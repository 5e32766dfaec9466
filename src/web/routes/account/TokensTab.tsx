import { Alert, Button, Code, CopyButton, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { DataTable } from '../../components/DataTable.js';
import { ErrorText } from '../../components/ErrorText.js';
import { fieldErrors } from '../../components/FieldErrors.js';
import { QueryState } from '../../components/QueryState.js';
import { useCreateToken, useRevokeToken, useTokens } from '../../features/account/queries.js';
import { useFormat } from '../../i18n/format.js';

export function TokensTab({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const tokens = useTokens(partnerId);
  const create = useCreateToken(partnerId);
  const revoke = useRevokeToken(partnerId);
  const [name, setName] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(name, { onSuccess: () => setName('') });
  };
  const errors = fieldErrors(create.error, { name: t('tokens.name') });
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('tokens.explain')}
      </Text>
      <form onSubmit={submit}>
        <Group align="end">
          <TextInput
            label={t('tokens.name')}
            required
            value={name}
            error={errors.errorOf('name')}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <Button type="submit" loading={create.isPending}>
            {t('tokens.create')}
          </Button>
        </Group>
      </form>
      <ErrorText error={errors.other ?? revoke.error} />
      {create.data?.secret && (
        <Alert color="green" title={t('tokens.shownOnce')}>
          <Code block data-testid="token-secret">
            {create.data.secret}
          </Code>
          <CopyButton value={create.data.secret}>
            {({ copied, copy }) => (
              <Button mt="sm" size="xs" variant={copied ? 'filled' : 'light'} color="green" onClick={copy}>
                {copied ? t('tokens.copied') : t('tokens.copy')}
              </Button>
            )}
          </CopyButton>
        </Alert>
      )}
      <QueryState isLoading={tokens.isLoading} error={tokens.error}>
        <DataTable
          columns={[t('tokens.name'), t('tokens.prefix'), t('tokens.created'), t('tokens.lastUsed'), '']}
          rows={tokens.data}
          empty={t('tokens.none')}
          row={(token) => (
            <Table.Tr key={token.id}>
              <Table.Td>{token.name}</Table.Td>
              <Table.Td>
                <Code>{token.tokenPrefix}…</Code>
              </Table.Td>
              <Table.Td>{format.dateTime(token.createdAt)}</Table.Td>
              <Table.Td>{token.lastUsedAt ? format.dateTime(token.lastUsedAt) : '—'}</Table.Td>
              <Table.Td>
                {token.revokedAt ? (
                  <Text size="sm" c="dimmed">
                    {t('tokens.revoked')}
                  </Text>
                ) : (
                  <ConfirmButton
                    size="xs"
                    color="red"
                    variant="light"
                    label={t('tokens.revoke')}
                    question={t('tokens.revokeQuestion', { name: token.name })}
                    onConfirm={() => revoke.mutate(token.id)}
                  />
                )}
              </Table.Td>
            </Table.Tr>
          )}
        />
      </QueryState>
    </Stack>
  );
}
